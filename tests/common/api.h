/*
 * api.h - what the API tests share: compiling and instantiating WAT, finding
 * exports, engines of either memory kind, and the bytecode listing in which
 * tests look for the fused forms they exercise. Header-only, like test.h.
 */
#ifndef HUSK_TESTS_API_H
#define HUSK_TESTS_API_H

#include "test.h"

#include "husk/husk.h"

/* Assembles and compiles WAT text; NULL (reported) on failure. */
static inline husk_module *compile(husk_engine *e, const char *wat) {
  size_t size = 0;
  uint8_t *bytes = wat_assemble(wat, &size);
  if (!bytes) { fprintf(stderr, "wat2wasm failed for:\n%s\n", wat); failures++; return NULL; }
  husk_module *m = NULL;
  husk_error *err = husk_module_new(e, bytes, size, &m);
  free(bytes);
  if (err) { fprintf(stderr, "compile: %s\n", husk_error_message(err)); husk_error_delete(err); failures++; }
  return m;
}

static inline husk_func *export_func(husk_instance *inst, const char *name) {
  husk_extern x;
  if (!husk_instance_export(inst, name, &x) || x.kind != HUSK_EXTERN_FUNC) return NULL;
  return x.of.func;
}

/* Compiles wat and instantiates it, without imports, in a new store; the
 * caller deletes *s and *m (NULL, reported, when that failed). */
static inline husk_instance *instantiate(husk_engine *e, const char *wat, husk_module **m, husk_store **s) {
  *s = NULL;
  if (!(*m = compile(e, wat))) return NULL;
  *s = husk_store_new(e, NULL);
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  husk_error *err = husk_instance_new(*s, *m, NULL, 0, &inst, &trap);
  CHECK(!err && !trap);
  husk_error_delete(err);
  husk_trap_delete(trap);
  if (!inst) {
    husk_store_delete(*s);
    husk_module_delete(*m);
  }
  return inst;
}

/* The bytes of the instance's memory exported as "mem". */
static inline uint8_t *exported_memory(husk_instance *inst) {
  husk_extern mem;
  bool found = husk_instance_export(inst, "mem", &mem) && mem.kind == HUSK_EXTERN_MEMORY;
  CHECK(found);
  return found ? husk_memory_data(mem.of.memory) : NULL;
}

/* Whether a bytecode listing shows op, in its guarded or _checked form. */
static inline bool listing_has_access(const char *listing, const char *op) {
  char plain[72], checked[80];
  snprintf(plain, sizeof plain, " %s ", op);
  snprintf(checked, sizeof checked, " %s_checked ", op);
  return strstr(listing, plain) || strstr(listing, checked);
}

/* The module's translated code as `husk inspect --bytecode` lists it
 * (malloc'd, NULL on failure): tests look for the fused forms in it. */
static inline char *bytecode_listing(const husk_module *m) {
  char *listing = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&listing, &size);
  bool ok = out && husk_module_write_bytecode(m, out);
  if (out) fclose(out);
  CHECK(ok, "bytecode listing");
  if (!ok) {
    free(listing);
    return NULL;
  }
  return listing;
}

/* An engine of config c, which it deletes; NULL (reported) on failure. */
static inline husk_engine *engine_of(husk_config *c) {
  husk_engine *made = NULL;
  husk_error *err = husk_engine_new(c, &made);
  husk_config_delete(c);
  CHECK(!err);
  husk_error_delete(err);
  return made;
}

/* An engine with guard pages or explicit checks, metering fuel or not. */
static inline husk_engine *engine_with(bool guard_pages, bool fuel) {
  husk_config *c = husk_config_new();
  husk_config_guard_pages(c, guard_pages);
  husk_config_consume_fuel(c, fuel);
  return engine_of(c);
}

/* Fills n bytes of memory with a pattern that has no runs or period a
 * test's offsets could line up with. */
static inline void fill_memory(uint8_t *mem, size_t n) {
  for (size_t i = 0; i < n; i++) mem[i] = (uint8_t)(i * 29 + (i >> 9) + 3);
}

/* Instantiates a module of `funcs` (WAT function definitions) with one page
 * of memory exported as "mem"; returns the memory's bytes, or NULL. *m and
 * *s are for the caller to delete either way. */
static inline uint8_t *instantiate_with_memory(husk_engine *e, const char *funcs, husk_module **m,
                                        husk_store **s, husk_instance **inst) {
  char *wat = NULL;
  *m = NULL, *s = NULL, *inst = NULL;
  if (asprintf(&wat, "(module (memory (export \"mem\") 1)%s)", funcs) < 0) return NULL;
  *inst = instantiate(e, wat, m, s);
  free(wat);
  return *inst ? exported_memory(*inst) : NULL;
}

/* Calls `name` with the n i32 arguments and checks it against a model of
 * its memory accesses: a trap out of bounds exactly when the model's
 * accesses do not complete, the memory `data` (instantiate_with_memory's
 * one page) as the model left `want`, and, when it completes and `result`
 * is not NULL, the i32 it returns. */
static inline void check_memory_call(husk_store *st, husk_instance *inst, const char *name, const uint32_t *args,
                                     size_t n, const uint8_t *data, const uint8_t *want, bool completes,
                                     const uint32_t *result) {
  husk_val vals[8], r;
  char shown[96] = "";
  for (size_t k = 0, len = 0; k < n && k < 8; k++) {
    vals[k] = husk_val_i32((int32_t)args[k]);
    if (len < sizeof shown) len += (size_t)snprintf(shown + len, sizeof shown - len, "%s%#x", k ? ", " : "", args[k]);
  }
  husk_trap *t = husk_func_call(st, export_func(inst, name), vals, n, &r, result ? 1 : 0);
  bool ok = completes ? !t && (!result || (uint32_t)r.of.i32 == *result)
                      : t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB;
  CHECK(ok && !memcmp(data, want, 65536), "%s(%s): %s, want %s", name, shown,
        t ? husk_trap_message(t) : "returned", completes ? "no trap" : "a trap");
  husk_trap_delete(t);
}

/* Runs a test of memory accesses with the guard-page engine given, then
 * with an engine that checks explicitly (the _checked forms). */
static inline void on_both_engines(husk_engine *guarded, void (*test)(husk_engine *)) {
  test(guarded);
  husk_engine *checked = engine_with(false, false);
  if (checked) test(checked);
  husk_engine_delete(checked);
}

#endif
