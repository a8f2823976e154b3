/*
 * global.c - global instances.
 */
#include "capi/capi.h"

wasm_global_t *wasm_global_new(wasm_store_t *store, const wasm_globaltype_t *type,
                               const wasm_val_t *val) {
  husk_valkind kind = capi_valkind_to_husk(wasm_valtype_kind(wasm_globaltype_content(type)));
  husk_val v;
  if (!capi_val_to_husk(store, val, kind, &v)) return NULL;
  husk_global *g = husk_global_new(store->store, kind, wasm_globaltype_mutability(type) == WASM_VAR, v);
  return g ? capi_global_wrap(store, g) : NULL;
}

wasm_globaltype_t *wasm_global_type(const wasm_global_t *g) {
  wasm_valtype_t *content = wasm_valtype_new(capi_valkind_from_husk(husk_global_kind(g->global)));
  return wasm_globaltype_new(content, husk_global_mutable(g->global) ? WASM_VAR : WASM_CONST);
}

void wasm_global_get(const wasm_global_t *g, wasm_val_t *out) {
  husk_val v = husk_global_get(g->global);
  capi_val_from_husk(g->ref.store, &v, out);
}

/* The API gives no way to report failure: setting an immutable global, or a
 * value of the wrong type, changes nothing. */
void wasm_global_set(wasm_global_t *g, const wasm_val_t *val) {
  husk_val v;
  if (capi_val_to_husk(g->ref.store, val, husk_global_kind(g->global), &v)) husk_global_set(g->global, v);
}
