/*
 * module.c - husk_module: decode, validate, translate (or load all that from
 * the compiled-module cache); import and export descriptions for embedders.
 */
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "util/error.h"
#include "wasm/compile.h"
#include "wasm/disasm.h"

static void fill_externtype(const husk_module *hm, uint8_t kind, uint32_t index,
                            husk_externtype *out) {
  const wasm_module *m = hm->wasm;
  memset(out, 0, sizeof *out);
  out->kind = kind;
  switch (kind) {
  case HUSK_EXTERN_FUNC: {
    uint32_t ti = m->func_types[index];
    const wasm_functype *t = &m->types[ti];
    out->func = (husk_functype){hm->type_kinds[ti], t->param_count,
                                hm->type_kinds[ti] + t->param_count, t->result_count};
    break;
  }
  case HUSK_EXTERN_TABLE:
    out->table.elem = m->tables[index].elem;
    out->table.limits = (husk_limits){m->tables[index].limits.min, m->tables[index].limits.max,
                                      m->tables[index].limits.has_max};
    break;
  case HUSK_EXTERN_MEMORY:
    out->memory = (husk_limits){m->memories[index].min, m->memories[index].max, m->memories[index].has_max};
    break;
  default:
    out->global.type = m->globals[index].type.type;
    out->global.mutable_ = m->globals[index].type.mutable_;
    break;
  }
}

husk_error *module_describe(husk_module *hm) {
  const wasm_module *m = hm->wasm;
  hm->type_kinds = calloc(m->type_count + 1, sizeof *hm->type_kinds);
  hm->imports = calloc(m->import_count + 1, sizeof *hm->imports);
  hm->exports = calloc(m->export_count + 1, sizeof *hm->exports);
  if (!hm->type_kinds || !hm->imports || !hm->exports) return husk_error_newf("out of memory");
  for (uint32_t i = 0; i < m->type_count; i++) {
    const wasm_functype *t = &m->types[i];
    uint32_t n = t->param_count + t->result_count;
    hm->type_kinds[i] = malloc((n + 1) * sizeof **hm->type_kinds);
    if (!hm->type_kinds[i]) return husk_error_newf("out of memory");
    for (uint32_t k = 0; k < n; k++) hm->type_kinds[i][k] = t->types[k];
  }
  uint32_t counters[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < m->import_count; i++) {
    const wasm_import *im = &m->imports[i];
    hm->imports[i].module = im->module;
    hm->imports[i].name = im->name;
    hm->imports[i].module_len = im->module_len;
    hm->imports[i].name_len = im->name_len;
    fill_externtype(hm, im->kind, counters[im->kind]++, &hm->imports[i].type);
  }
  for (uint32_t i = 0; i < m->export_count; i++) {
    hm->exports[i].name = m->exports[i].name;
    hm->exports[i].name_len = m->exports[i].name_len;
    fill_externtype(hm, m->exports[i].kind, m->exports[i].index, &hm->exports[i].type);
  }
  return NULL;
}

/* Decodes, validates and (when `translate`) translates into *out, which
 * the caller deletes even on failure. */
static husk_error *compile(husk_engine *engine, const uint8_t *bytes, size_t size,
                           bool translate, husk_module **out) {
  husk_module *hm = *out = calloc(1, sizeof *hm);
  if (!hm) return husk_error_newf("out of memory");
  hm->engine = engine;
  char *msg = wasm_decode(bytes, size, &hm->wasm);
  if (!msg && !hm->wasm) msg = strdup("out of memory");
  if (!msg) msg = validate_module(hm->wasm);
  if (msg) return husk_error_take(msg);
  wasm_module *m = hm->wasm;
  bool interned = types_intern_module(&engine->types, m);
  hm->funcs = calloc(m->code_count + 1, sizeof *hm->funcs);
  if (!interned || !hm->funcs) return husk_error_newf("out of memory");
  msg = translate_functions(m, &engine->config, engine->op_labels, hm->funcs, translate);
  if (msg) return husk_error_take(msg);
  return NULL;
}

/* A module found in the engine's cache skips compile(); one compiled is
 * stored there. Only translated modules are cached. */
static husk_error *build(husk_engine *engine, const uint8_t *bytes, size_t size,
                         bool translate, husk_module **out) {
  *out = NULL;
  cache_key key = {.set = false};
  husk_module *hm = translate ? cache_lookup(engine, bytes, size, &key) : NULL;
  bool cached = hm != NULL;
  husk_error *err = cached ? NULL : compile(engine, bytes, size, translate, &hm);
  if (!err && !cached) err = module_describe(hm);
  if (err) {
    husk_module_delete(hm);
    return err;
  }
  if (!cached) cache_insert(engine, &key, hm);
  *out = hm;
  return NULL;
}

husk_error *husk_module_new(husk_engine *engine, const uint8_t *bytes, size_t size,
                            husk_module **out) {
  return build(engine, bytes, size, true, out);
}

husk_error *husk_module_validate(husk_engine *engine, const uint8_t *bytes, size_t size) {
  husk_module *m;
  husk_error *err = build(engine, bytes, size, false, &m);
  husk_module_delete(m);
  return err;
}

void husk_module_delete(husk_module *hm) {
  if (!hm) return;
  if (hm->wasm) {
    for (uint32_t i = 0; hm->funcs && i < hm->wasm->code_count; i++) {
      free(hm->funcs[i].code);
      free(hm->funcs[i].consts);
    }
    for (uint32_t i = 0; hm->type_kinds && i < hm->wasm->type_count; i++) free(hm->type_kinds[i]);
  }
  free(hm->funcs);
  free(hm->type_kinds);
  free(hm->imports);
  free(hm->exports);
  wasm_module_free(hm->wasm);
  free(hm);
}

size_t husk_module_import_count(const husk_module *m) { return m->wasm->import_count; }
const husk_import_desc *husk_module_import(const husk_module *m, size_t i) {
  return i < m->wasm->import_count ? &m->imports[i] : NULL;
}
size_t husk_module_export_count(const husk_module *m) { return m->wasm->export_count; }
const husk_export_desc *husk_module_export(const husk_module *m, size_t i) {
  return i < m->wasm->export_count ? &m->exports[i] : NULL;
}
size_t husk_module_custom_section_count(const husk_module *m) { return m->wasm->custom_count; }
const char *husk_module_custom_section(const husk_module *m, size_t i, const uint8_t **data,
                                       size_t *size) {
  if (i >= m->wasm->custom_count) return NULL;
  *data = m->wasm->customs[i].data;
  *size = m->wasm->customs[i].size;
  return m->wasm->customs[i].name;
}

bool husk_module_write_bytecode(const husk_module *m, FILE *out) {
  for (uint32_t i = 0; i < m->wasm->func_count - m->wasm->func_import_count; i++)
    disasm_function(out, m->engine->op_labels, &m->funcs[i]);
  return fflush(out) == 0 && !ferror(out);
}
