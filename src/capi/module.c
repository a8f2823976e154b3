/*
 * module.c - modules, shared modules, and their serialized form.
 *
 * husk modules are immutable and thread-safe, so the compiled code is one
 * counted module_code: every wasm_module_t, wasm_shared_module_t and store
 * that instantiated it holds a count, and any of them may go first.
 *
 * Serialization: husk has no cache format for translated code yet, so a
 * serialized module is the original binary behind a small header, and
 * deserializing compiles it again (docs/wasm-c-api.md).
 */
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"

/* ------------------------------------------------------------ compiled code */

module_code *capi_code_new(husk_engine *engine, const uint8_t *bytes, size_t size) {
  husk_module *m = NULL;
  husk_error *err = husk_module_new(engine, bytes, size, &m);
  if (err) {
    husk_error_delete(err);
    return NULL;
  }
  module_code *code = capi_calloc(1, sizeof *code);
  atomic_init(&code->count, 1);
  code->engine = engine;
  code->module = m;
  code->bytes = capi_malloc(size);
  memcpy(code->bytes, bytes, size);
  code->size = size;
  for (size_t i = 0; i < husk_module_import_count(m); i++)
    if (husk_module_import(m, i)->type.kind == HUSK_EXTERN_FUNC) code->func_import_count++;
  for (size_t i = 0; i < husk_module_custom_section_count(m); i++) {
    const uint8_t *data;
    size_t len;
    if (strcmp(husk_module_custom_section(m, i, &data, &len), "name") == 0) {
      capi_read_names(code, data, len);
      break;
    }
  }
  return code;
}

module_code *capi_code_retain(module_code *code) {
  atomic_fetch_add(&code->count, 1);
  return code;
}

void capi_code_release(module_code *code) {
  if (!code || atomic_fetch_sub(&code->count, 1) != 1) return;
  husk_module_delete(code->module);
  for (size_t i = 0; i < code->name_count; i++) free(code->names[i]);
  free(code->names);
  free(code->name_index);
  free(code->bytes);
  free(code);
}

/* ------------------------------------------------------------ modules */

/* Modules belong to the engine, not the store: their wrappers have no store. */
static wasm_module_t *module_wrap(module_code *code) {
  wasm_module_t *m = (wasm_module_t *)capi_ref_new(REF_MODULE, sizeof *m, NULL);
  m->code = code;
  return m;
}

wasm_module_t *wasm_module_new(wasm_store_t *store, const wasm_byte_vec_t *binary) {
  module_code *code = capi_code_new(store->engine->engine, (const uint8_t *)binary->data, binary->size);
  return code ? module_wrap(code) : NULL;
}

bool wasm_module_validate(wasm_store_t *store, const wasm_byte_vec_t *binary) {
  husk_error *err = husk_module_validate(store->engine->engine, (const uint8_t *)binary->data,
                                         binary->size);
  husk_error_delete(err);
  return err == NULL;
}

void wasm_module_imports(const wasm_module_t *module, wasm_importtype_vec_t *out) {
  const husk_module *m = module->code->module;
  wasm_importtype_vec_new_uninitialized(out, husk_module_import_count(m));
  for (size_t i = 0; i < out->size; i++) {
    const husk_import_desc *d = husk_module_import(m, i);
    wasm_name_t mod, name;   /* Wasm names may hold NUL bytes: use the lengths */
    wasm_name_new(&mod, d->module_len, d->module);
    wasm_name_new(&name, d->name_len, d->name);
    out->data[i] = wasm_importtype_new(&mod, &name, capi_externtype_from_husk(&d->type));
  }
}

void wasm_module_exports(const wasm_module_t *module, wasm_exporttype_vec_t *out) {
  const husk_module *m = module->code->module;
  wasm_exporttype_vec_new_uninitialized(out, husk_module_export_count(m));
  for (size_t i = 0; i < out->size; i++) {
    const husk_export_desc *d = husk_module_export(m, i);
    wasm_name_t name;
    wasm_name_new(&name, d->name_len, d->name);
    out->data[i] = wasm_exporttype_new(&name, capi_externtype_from_husk(&d->type));
  }
}

/* ------------------------------------------------------------ serialization */

/* "\0husk" + format version, then the module's binary. The leading NUL and
 * the version keep it from being mistaken for a Wasm binary or a future
 * format holding translated code. */
static const char serial_magic[8] = {'\0', 'h', 'u', 's', 'k', 'm', 'o', 'd'};
#define SERIAL_VERSION 1u
#define SERIAL_HEADER (sizeof serial_magic + 4)

void wasm_module_serialize(const wasm_module_t *module, wasm_byte_vec_t *out) {
  const module_code *code = module->code;
  wasm_byte_vec_new_uninitialized(out, SERIAL_HEADER + code->size);
  uint8_t *p = (uint8_t *)out->data;
  memcpy(p, serial_magic, sizeof serial_magic);
  for (unsigned i = 0; i < 4; i++) p[sizeof serial_magic + i] = (uint8_t)(SERIAL_VERSION >> (8 * i));
  memcpy(p + SERIAL_HEADER, code->bytes, code->size);
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *store, const wasm_byte_vec_t *data) {
  const uint8_t *p = (const uint8_t *)data->data;
  if (data->size < SERIAL_HEADER || memcmp(p, serial_magic, sizeof serial_magic) != 0) return NULL;
  uint32_t version = 0;
  for (unsigned i = 0; i < 4; i++) version |= (uint32_t)p[sizeof serial_magic + i] << (8 * i);
  if (version != SERIAL_VERSION) return NULL;
  module_code *code = capi_code_new(store->engine->engine, p + SERIAL_HEADER, data->size - SERIAL_HEADER);
  return code ? module_wrap(code) : NULL;
}

/* ------------------------------------------------------------ sharing */

wasm_shared_module_t *wasm_module_share(const wasm_module_t *module) {
  wasm_shared_module_t *shared = capi_malloc(sizeof *shared);
  shared->code = capi_code_retain(module->code);
  return shared;
}

void wasm_shared_module_delete(wasm_shared_module_t *shared) {
  if (!shared) return;
  capi_code_release(shared->code);
  free(shared);
}

/* A new module object (its own identity and host info) on the same code.
 * Code translated by one engine only runs in that engine's stores. */
wasm_module_t *wasm_module_obtain(wasm_store_t *store, const wasm_shared_module_t *shared) {
  if (shared->code->engine != store->engine->engine) return NULL;
  return module_wrap(capi_code_retain(shared->code));
}
