/*
 * table.c - table instances. Elements are references: NULL is ref.null.
 */
#include "capi/capi.h"

wasm_table_t *wasm_table_new(wasm_store_t *store, const wasm_tabletype_t *type, wasm_ref_t *init) {
  husk_valkind elem = capi_valkind_to_husk(wasm_valtype_kind(wasm_tabletype_element(type)));
  husk_val v;
  if (!capi_ref_to_husk(store, init, elem, &v)) return NULL;
  husk_table *t = husk_table_new(store->store, elem, capi_limits_to_husk(wasm_tabletype_limits(type)), v);
  return t ? capi_table_wrap(store, t) : NULL;
}

/* The minimum of a live table's type is its current size. */
wasm_tabletype_t *wasm_table_type(const wasm_table_t *t) {
  wasm_valtype_t *elem = wasm_valtype_new(capi_valkind_from_husk(husk_table_elem_kind(t->table)));
  wasm_limits_t limits = capi_limits_from_husk(husk_table_limits(t->table));
  return wasm_tabletype_new(elem, &limits);
}

/* Out of bounds reads as NULL, like ref.null: the API has no other answer. */
wasm_ref_t *wasm_table_get(const wasm_table_t *t, wasm_table_size_t index) {
  husk_val v;
  if (!husk_table_get(t->table, index, &v)) return NULL;
  return capi_ref_from_husk(t->ref.store, &v);
}

bool wasm_table_set(wasm_table_t *t, wasm_table_size_t index, wasm_ref_t *ref) {
  husk_val v;
  return capi_ref_to_husk(t->ref.store, ref, husk_table_elem_kind(t->table), &v) &&
         husk_table_set(t->table, index, v);
}

wasm_table_size_t wasm_table_size(const wasm_table_t *t) { return husk_table_size(t->table); }

bool wasm_table_grow(wasm_table_t *t, wasm_table_size_t delta, wasm_ref_t *init) {
  husk_val v;
  return capi_ref_to_husk(t->ref.store, init, husk_table_elem_kind(t->table), &v) &&
         husk_table_grow(t->table, delta, v) >= 0;
}
