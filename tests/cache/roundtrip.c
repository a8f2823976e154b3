/*
 * roundtrip.c - cache_roundtrip FILE.wasm...: for every module that compiles,
 * serialize it, load the result into another engine and check that
 *   - the loader accepts it (every operand of everything the translator
 *     emits passes the loader's checks),
 *   - serializing the loaded module gives the same bytes (nothing lost),
 *   - running each export (zero arguments, bounded by fuel) behaves the same
 *     in both, for modules without imports.
 * The second engine has interned other types first, so canonical type ids
 * differ between the two and must have been remapped. Each module is done
 * three times: plain, with fuel metering, and with fuel metering and
 * interrupt checks (three different translations). Prints
 * "N passed, N failed"; a module that does not compile is not counted.
 */
#include "common.h"

#include "wasm/runtime.h"
#include "wasm/serialize.h"

enum { PLAIN, FUEL, FUEL_AND_INTERRUPTS, CONFIGS };

static husk_engine *engine_for(int config) {
  husk_config *c = husk_config_new();
  husk_config_consume_fuel(c, config != PLAIN);
  husk_config_interruptible(c, config == FUEL_AND_INTERRUPTS);
  husk_engine *e = NULL;
  husk_error_delete(husk_engine_new(c, &e));
  husk_config_delete(c);
  return e;
}

/* An engine whose type registry already holds types no module here uses
 * first, so its canonical ids are shifted. */
static husk_engine *shifted_engine(int config) {
  husk_engine *e = engine_for(config);
  static const uint8_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64};
  bool oom = false;
  for (uint32_t n = 1; n <= 7; n++) {
    uint8_t params[7];
    for (uint32_t k = 0; k < n; k++) params[k] = kinds[(n + k) % 4];
    types_intern(&e->types, params, n, params, n, &oom);
  }
  return e;
}

/* A source handing out the serialized form in pieces of varying, often
 * tiny, sizes, to exercise the loader's window refills. */
typedef struct chunks { const uint8_t *data; size_t size, at; uint32_t x; } chunks;

static size_t chunk_read(void *ctx, uint8_t *buf, size_t cap) {
  chunks *c = ctx;
  c->x ^= c->x << 13, c->x ^= c->x >> 17, c->x ^= c->x << 5;
  size_t n = 1 + c->x % (c->x & 1 ? 7 : 5000);
  if (n > cap) n = cap;
  if (n > c->size - c->at) n = c->size - c->at;
  memcpy(buf, c->data + c->at, n);
  c->at += n;
  return n;
}

/* The form read back through a chunked source gives the same form again;
 * so does one written without the module's bytes and given them back. */
static bool buffer_write(void *ctx, const uint8_t *data, size_t size) {
  chunks *b = ctx;
  uint8_t *bigger = realloc((uint8_t *)b->data, b->size + size);
  if (!bigger) return false;
  memcpy(bigger + b->size, data, size);
  b->data = bigger;
  b->size += size;
  return true;
}

static bool streamed_ok(husk_engine *e, const husk_module *m1, const uint8_t *blob, size_t size,
                        bool with_bytes) {
  chunks form = {blob, size, 0, 99};
  if (!with_bytes) {
    chunks out = {NULL, 0, 0, 0};
    serial_sink sink = {buffer_write, &out};
    if (!module_serialize_to(m1, &sink, false)) return false;
    form = (chunks){out.data, out.size, 0, 99};
  }
  serial_source source = {chunk_read, &form, form.size};
  husk_module *m = NULL;
  const wasm_module *w = m1->wasm;
  const char *msg = module_deserialize_from(e, &source, with_bytes ? NULL : w->bytes, w->size, &m);
  if (!with_bytes) free((uint8_t *)form.data);
  if (msg) return false;
  size_t again_size;
  uint8_t *again = module_serialize(m, &again_size);
  bool ok = again && again_size == size && memcmp(again, blob, size) == 0;
  free(again);
  husk_module_delete(m);
  return ok;
}

/* One module under one configuration; false on a mismatch. */
static bool roundtrip(const char *path, const uint8_t *bytes, size_t size, int config,
                      bool *compiled) {
  husk_engine *e1 = engine_for(config), *e2 = shifted_engine(config);
  bool fuel = config != PLAIN;
  husk_module *m1 = NULL, *m2 = NULL;
  uint8_t *blob1 = NULL, *blob2 = NULL;
  size_t size1 = 0, size2 = 0;
  char *run1 = NULL, *run2 = NULL;
  bool ok = false;
  husk_error *err = husk_module_new(e1, bytes, size, &m1);
  *compiled = !err;
  if (err) {
    husk_error_delete(err);
    ok = true;
    goto done;
  }
  if (!(blob1 = module_serialize(m1, &size1))) {
    fprintf(stderr, "%s: cannot serialize\n", path);
    goto done;
  }
  const char *msg = module_deserialize(e2, blob1, size1, &m2);
  if (msg) {
    fprintf(stderr, "%s (config %d): loader refused: %s\n", path, config, msg);
    goto done;
  }
  if (!(blob2 = module_serialize(m2, &size2)) || size1 != size2 || memcmp(blob1, blob2, size1)) {
    fprintf(stderr, "%s (config %d): serializing the loaded module differs\n", path, config);
    goto done;
  }
  if (!streamed_ok(e2, m1, blob1, size1, true) || !streamed_ok(e2, m1, blob1, size1, false)) {
    fprintf(stderr, "%s (config %d): streamed load differs\n", path, config);
    goto done;
  }
  ok = true;
  if (fuel && husk_module_import_count(m1) == 0) {
    run1 = run_exports(e1, m1, true);
    run2 = run_exports(e2, m2, true);
    if (strcmp(run1, run2) != 0) {
      fprintf(stderr, "%s: runs differ:\n--- compiled\n%s--- loaded\n%s", path, run1, run2);
      ok = false;
    }
  }
done:
  free(run1);
  free(run2);
  free(blob1);
  free(blob2);
  husk_module_delete(m1);
  husk_module_delete(m2);
  husk_engine_delete(e1);
  husk_engine_delete(e2);
  return ok;
}

int main(int argc, char **argv) {
  int passed = 0, failed = 0;
  for (int i = 1; i < argc; i++) {
    size_t size;
    uint8_t *bytes = read_file(argv[i], &size);
    if (!bytes) {
      fprintf(stderr, "%s: cannot read\n", argv[i]);
      failed++;
      continue;
    }
    bool compiled = false, ok = true;
    for (int config = PLAIN; config < CONFIGS; config++)
      ok = roundtrip(argv[i], bytes, size, config, &compiled) && ok;
    if (compiled) ok ? passed++ : failed++;
    free(bytes);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
