/*
 * extern.c - externals: the func, global, table and memory objects seen as
 * one type, and the link between them and husk's handles.
 */
#include "capi/capi.h"

/* The wrapper registered for `handle`, or a new one adopted by the store;
 * either way with a new count for the caller. */
static wasm_ref_t *wrap(wasm_store_t *store, const void *handle, ref_kind kind, size_t size) {
  wasm_ref_t *ref = capi_store_find(store, handle);
  if (ref) return capi_ref_retain(ref);
  ref = capi_ref_new(kind, size, store);
  capi_store_adopt(store, handle, ref);
  return ref;
}

wasm_func_t *capi_func_wrap(wasm_store_t *store, husk_func *func) {
  wasm_func_t *f = (wasm_func_t *)wrap(store, func, REF_FUNC, sizeof *f);
  f->func = func;
  return f;
}

wasm_global_t *capi_global_wrap(wasm_store_t *store, husk_global *global) {
  wasm_global_t *g = (wasm_global_t *)wrap(store, global, REF_GLOBAL, sizeof *g);
  g->global = global;
  return g;
}

wasm_table_t *capi_table_wrap(wasm_store_t *store, husk_table *table) {
  wasm_table_t *t = (wasm_table_t *)wrap(store, table, REF_TABLE, sizeof *t);
  t->table = table;
  return t;
}

wasm_memory_t *capi_memory_wrap(wasm_store_t *store, husk_memory *memory) {
  wasm_memory_t *m = (wasm_memory_t *)wrap(store, memory, REF_MEMORY, sizeof *m);
  m->memory = memory;
  return m;
}

wasm_extern_t *capi_extern_wrap(wasm_store_t *store, const husk_extern *ext) {
  switch (ext->kind) {
  case HUSK_EXTERN_FUNC: return wasm_func_as_extern(capi_func_wrap(store, ext->of.func));
  case HUSK_EXTERN_GLOBAL: return wasm_global_as_extern(capi_global_wrap(store, ext->of.global));
  case HUSK_EXTERN_TABLE: return wasm_table_as_extern(capi_table_wrap(store, ext->of.table));
  case HUSK_EXTERN_MEMORY: return wasm_memory_as_extern(capi_memory_wrap(store, ext->of.memory));
  }
  return NULL;
}

husk_extern capi_extern_to_husk(const wasm_extern_t *ext) {
  husk_extern x = {capi_externkind_to_husk(wasm_extern_kind(ext)), {.func = NULL}};
  switch (ext->ref.kind) {
  case REF_FUNC: x.of.func = ((const wasm_func_t *)ext)->func; break;
  case REF_GLOBAL: x.of.global = ((const wasm_global_t *)ext)->global; break;
  case REF_TABLE: x.of.table = ((const wasm_table_t *)ext)->table; break;
  case REF_MEMORY: x.of.memory = ((const wasm_memory_t *)ext)->memory; break;
  default: break;
  }
  return x;
}

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *ext) { return (wasm_externkind_t)ext->ref.kind; }

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *ext) {
  switch (ext->ref.kind) {
  case REF_FUNC: return wasm_functype_as_externtype(wasm_func_type((const wasm_func_t *)ext));
  case REF_GLOBAL: return wasm_globaltype_as_externtype(wasm_global_type((const wasm_global_t *)ext));
  case REF_TABLE: return wasm_tabletype_as_externtype(wasm_table_type((const wasm_table_t *)ext));
  case REF_MEMORY: return wasm_memorytype_as_externtype(wasm_memory_type((const wasm_memory_t *)ext));
  default: return NULL;
  }
}

/* An extern is its object: the conversions are checked casts. */
#define DEFINE_EXTERN_CASTS(name, KIND)                                         \
  wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *x) { return (wasm_extern_t *)x; } \
  const wasm_extern_t *wasm_##name##_as_extern_const(const wasm_##name##_t *x) { \
    return (const wasm_extern_t *)x;                                            \
  }                                                                             \
  wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *e) {                    \
    return e && e->ref.kind == KIND ? (wasm_##name##_t *)e : NULL;              \
  }                                                                             \
  const wasm_##name##_t *wasm_extern_as_##name##_const(const wasm_extern_t *e) { \
    return e && e->ref.kind == KIND ? (const wasm_##name##_t *)e : NULL;        \
  }

DEFINE_EXTERN_CASTS(func, REF_FUNC)
DEFINE_EXTERN_CASTS(global, REF_GLOBAL)
DEFINE_EXTERN_CASTS(table, REF_TABLE)
DEFINE_EXTERN_CASTS(memory, REF_MEMORY)
