/*
 * types.c - type representations: value, function, global, table, memory,
 * extern, import and export types, and their conversion from husk's.
 *
 * Types are plain data owned by whoever holds the pointer: copies are deep.
 * The four extern types share one struct (capi.h), so the *_as_externtype
 * conversions are checked casts.
 */
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"

/* ------------------------------------------------------------ kinds */

husk_valkind capi_valkind_to_husk(wasm_valkind_t kind) {
  switch (kind) {
  case WASM_I32: return HUSK_I32;
  case WASM_I64: return HUSK_I64;
  case WASM_F32: return HUSK_F32;
  case WASM_F64: return HUSK_F64;
  case WASM_EXTERNREF: return HUSK_EXTERNREF;
  case WASM_FUNCREF: return HUSK_FUNCREF;
  }
  return (husk_valkind)0;
}

wasm_valkind_t capi_valkind_from_husk(husk_valkind kind) {
  switch (kind) {
  case HUSK_I32: return WASM_I32;
  case HUSK_I64: return WASM_I64;
  case HUSK_F32: return WASM_F32;
  case HUSK_F64: return WASM_F64;
  case HUSK_EXTERNREF: return WASM_EXTERNREF;
  case HUSK_FUNCREF: return WASM_FUNCREF;
  }
  return 0;
}

/* The two APIs number extern kinds differently (husk follows the binary
 * format: func, table, memory, global). */
husk_externkind capi_externkind_to_husk(wasm_externkind_t kind) {
  switch (kind) {
  case WASM_EXTERN_GLOBAL: return HUSK_EXTERN_GLOBAL;
  case WASM_EXTERN_TABLE: return HUSK_EXTERN_TABLE;
  case WASM_EXTERN_MEMORY: return HUSK_EXTERN_MEMORY;
  default: return HUSK_EXTERN_FUNC;
  }
}

wasm_externkind_t capi_externkind_from_husk(husk_externkind kind) {
  switch (kind) {
  case HUSK_EXTERN_GLOBAL: return WASM_EXTERN_GLOBAL;
  case HUSK_EXTERN_TABLE: return WASM_EXTERN_TABLE;
  case HUSK_EXTERN_MEMORY: return WASM_EXTERN_MEMORY;
  default: return WASM_EXTERN_FUNC;
  }
}

/* wasm-c-api writes "no maximum" as max == wasm_limits_max_default. */
husk_limits capi_limits_to_husk(const wasm_limits_t *l) {
  bool has_max = l->max != wasm_limits_max_default;
  return (husk_limits){l->min, has_max ? l->max : 0, has_max};
}

wasm_limits_t capi_limits_from_husk(husk_limits l) {
  return (wasm_limits_t){l.min, l.has_max ? l.max : wasm_limits_max_default};
}

/* ------------------------------------------------------------ value types */

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t kind) {
  if (!capi_valkind_to_husk(kind)) return NULL;
  wasm_valtype_t *t = capi_malloc(sizeof *t);
  t->kind = kind;
  return t;
}

wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t) { return wasm_valtype_new(t->kind); }
void wasm_valtype_delete(wasm_valtype_t *t) { free(t); }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }

/* ------------------------------------------------------------ extern types */

static wasm_externtype_t *externtype_new(wasm_externkind_t kind) {
  wasm_externtype_t *t = capi_calloc(1, sizeof *t);
  t->kind = kind;
  return t;
}

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t) {
  wasm_externtype_t *c = externtype_new(t->kind);
  switch (t->kind) {
  case WASM_EXTERN_FUNC:
    wasm_valtype_vec_copy(&c->of.func.params, &t->of.func.params);
    wasm_valtype_vec_copy(&c->of.func.results, &t->of.func.results);
    break;
  case WASM_EXTERN_GLOBAL:
    c->of.global.content = wasm_valtype_copy(t->of.global.content);
    c->of.global.mutability = t->of.global.mutability;
    break;
  case WASM_EXTERN_TABLE:
    c->of.table.element = wasm_valtype_copy(t->of.table.element);
    c->of.table.limits = t->of.table.limits;
    break;
  case WASM_EXTERN_MEMORY:
    c->of.memory.limits = t->of.memory.limits;
    break;
  }
  return c;
}

void wasm_externtype_delete(wasm_externtype_t *t) {
  if (!t) return;
  switch (t->kind) {
  case WASM_EXTERN_FUNC:
    wasm_valtype_vec_delete(&t->of.func.params);
    wasm_valtype_vec_delete(&t->of.func.results);
    break;
  case WASM_EXTERN_GLOBAL: wasm_valtype_delete(t->of.global.content); break;
  case WASM_EXTERN_TABLE: wasm_valtype_delete(t->of.table.element); break;
  default: break;
  }
  free(t);
}

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

/* For each extern type NAME of kind KIND: copy and delete through the
 * externtype functions, and the checked conversions both ways. */
#define DEFINE_EXTERN_SUBTYPE(name, KIND)                                       \
  wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *t) {               \
    return (wasm_##name##_t *)wasm_externtype_copy(&t->ext);                    \
  }                                                                             \
  void wasm_##name##_delete(wasm_##name##_t *t) {                               \
    if (t) wasm_externtype_delete(&t->ext);                                     \
  }                                                                             \
  wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t) {          \
    return t ? &t->ext : NULL;                                                  \
  }                                                                             \
  const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t) { \
    return t ? &t->ext : NULL;                                                  \
  }                                                                             \
  wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t) {            \
    return t && t->kind == KIND ? (wasm_##name##_t *)t : NULL;                  \
  }                                                                             \
  const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t) { \
    return t && t->kind == KIND ? (const wasm_##name##_t *)t : NULL;            \
  }

DEFINE_EXTERN_SUBTYPE(functype, WASM_EXTERN_FUNC)
DEFINE_EXTERN_SUBTYPE(globaltype, WASM_EXTERN_GLOBAL)
DEFINE_EXTERN_SUBTYPE(tabletype, WASM_EXTERN_TABLE)
DEFINE_EXTERN_SUBTYPE(memorytype, WASM_EXTERN_MEMORY)

/* Takes the contents of an own vector; the caller's copy is emptied so that
 * deleting it by mistake frees nothing twice. */
static wasm_valtype_vec_t take_vec(wasm_valtype_vec_t *v) {
  wasm_valtype_vec_t taken = {0, NULL};
  if (v) {
    taken = *v;
    wasm_valtype_vec_new_empty(v);
  }
  return taken;
}

wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results) {
  wasm_externtype_t *t = externtype_new(WASM_EXTERN_FUNC);
  t->of.func.params = take_vec(params);
  t->of.func.results = take_vec(results);
  return (wasm_functype_t *)t;
}

const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t) { return &t->ext.of.func.params; }
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t) { return &t->ext.of.func.results; }

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mutability) {
  if (!content) return NULL;
  wasm_externtype_t *t = externtype_new(WASM_EXTERN_GLOBAL);
  t->of.global.content = content;
  t->of.global.mutability = mutability;
  return (wasm_globaltype_t *)t;
}

const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t) { return t->ext.of.global.content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t) { return t->ext.of.global.mutability; }

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *element, const wasm_limits_t *limits) {
  if (!element) return NULL;
  wasm_externtype_t *t = externtype_new(WASM_EXTERN_TABLE);
  t->of.table.element = element;
  t->of.table.limits = *limits;
  return (wasm_tabletype_t *)t;
}

const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t) { return t->ext.of.table.element; }
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t) { return &t->ext.of.table.limits; }

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits) {
  wasm_externtype_t *t = externtype_new(WASM_EXTERN_MEMORY);
  t->of.memory.limits = *limits;
  return (wasm_memorytype_t *)t;
}

const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t) { return &t->ext.of.memory.limits; }

/* ------------------------------------------------------------ from husk */

static wasm_valtype_vec_t valtypes_from_husk(const husk_valkind *kinds, size_t count) {
  wasm_valtype_vec_t v;
  wasm_valtype_vec_new_uninitialized(&v, count);
  for (size_t i = 0; i < count; i++) v.data[i] = wasm_valtype_new(capi_valkind_from_husk(kinds[i]));
  return v;
}

wasm_functype_t *capi_functype_from_husk(const husk_functype *type) {
  wasm_valtype_vec_t params = valtypes_from_husk(type->params, type->param_count);
  wasm_valtype_vec_t results = valtypes_from_husk(type->results, type->result_count);
  return wasm_functype_new(&params, &results);
}

wasm_externtype_t *capi_externtype_from_husk(const husk_externtype *type) {
  switch (type->kind) {
  case HUSK_EXTERN_FUNC:
    return wasm_functype_as_externtype(capi_functype_from_husk(&type->func));
  case HUSK_EXTERN_TABLE: {
    wasm_limits_t limits = capi_limits_from_husk(type->table.limits);
    wasm_valtype_t *elem = wasm_valtype_new(capi_valkind_from_husk(type->table.elem));
    return wasm_tabletype_as_externtype(wasm_tabletype_new(elem, &limits));
  }
  case HUSK_EXTERN_MEMORY: {
    wasm_limits_t limits = capi_limits_from_husk(type->memory);
    return wasm_memorytype_as_externtype(wasm_memorytype_new(&limits));
  }
  case HUSK_EXTERN_GLOBAL: {
    wasm_valtype_t *content = wasm_valtype_new(capi_valkind_from_husk(type->global.type));
    return wasm_globaltype_as_externtype(
        wasm_globaltype_new(content, type->global.mutable_ ? WASM_VAR : WASM_CONST));
  }
  }
  return NULL;
}

husk_functype capi_functype_to_husk(const wasm_functype_t *type, husk_valkind *kinds) {
  const wasm_valtype_vec_t *p = &type->ext.of.func.params, *r = &type->ext.of.func.results;
  for (size_t i = 0; i < p->size; i++) kinds[i] = capi_valkind_to_husk(p->data[i]->kind);
  for (size_t i = 0; i < r->size; i++) kinds[p->size + i] = capi_valkind_to_husk(r->data[i]->kind);
  return (husk_functype){kinds, p->size, kinds + p->size, r->size};
}

/* ------------------------------------------------------------ imports, exports */

static wasm_name_t take_name(wasm_name_t *name) {
  wasm_name_t taken = *name;
  wasm_name_new_empty(name);
  return taken;
}

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name,
                                       wasm_externtype_t *type) {
  wasm_importtype_t *t = capi_malloc(sizeof *t);
  t->module = take_name(module);
  t->name = take_name(name);
  t->type = type;
  return t;
}

wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t) {
  wasm_importtype_t *c = capi_malloc(sizeof *c);
  wasm_name_copy(&c->module, &t->module);
  wasm_name_copy(&c->name, &t->name);
  c->type = wasm_externtype_copy(t->type);
  return c;
}

void wasm_importtype_delete(wasm_importtype_t *t) {
  if (!t) return;
  wasm_name_delete(&t->module);
  wasm_name_delete(&t->name);
  wasm_externtype_delete(t->type);
  free(t);
}

const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type) {
  wasm_exporttype_t *t = capi_malloc(sizeof *t);
  t->name = take_name(name);
  t->type = type;
  return t;
}

wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t) {
  wasm_exporttype_t *c = capi_malloc(sizeof *c);
  wasm_name_copy(&c->name, &t->name);
  c->type = wasm_externtype_copy(t->type);
  return c;
}

void wasm_exporttype_delete(wasm_exporttype_t *t) {
  if (!t) return;
  wasm_name_delete(&t->name);
  wasm_externtype_delete(t->type);
  free(t);
}

const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }
