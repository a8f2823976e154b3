/*
 * store.c - wasm_store_t: a husk_store, plus the table that gives every
 * object living in it exactly one wrapper (see capi.h).
 */
#include <stdlib.h>

#include "capi/capi.h"

wasm_store_t *wasm_store_new(wasm_engine_t *engine) {
  wasm_store_t *store = capi_calloc(1, sizeof *store);
  /* Host callbacks find the wasm_store_t through the husk store. */
  store->store = husk_store_new(engine->engine, store);
  if (!store->store) {
    free(store);
    return NULL;
  }
  store->engine = engine;
  return store;
}

/* The store drops its count on every wrapper first (running the host-info
 * finalizers of objects nobody else holds); wrappers the embedder still holds
 * forget the store, since the husk objects behind them go next. The modules
 * go last: deleting husk instances reads their husk_module. */
void wasm_store_delete(wasm_store_t *store) {
  if (!store) return;
  void *key, *value;
  for (size_t i = 0; ptr_map_next(&store->objects, &i, &key, &value);) {
    wasm_ref_t *ref = value;
    if (ref->store == store) ref->store = NULL;
    capi_ref_release(ref);
  }
  ptr_map_free(&store->objects);
  husk_store_delete(store->store);
  for (size_t i = 0; ptr_map_next(&store->code, &i, &key, &value);) capi_code_release(value);
  ptr_map_free(&store->code);
  free(store);
}

wasm_ref_t *capi_store_find(const wasm_store_t *store, const void *handle) {
  return ptr_map_get(&store->objects, handle);
}

void capi_store_adopt(wasm_store_t *store, const void *handle, wasm_ref_t *ref) {
  ptr_map_put(&store->objects, (void *)handle, capi_ref_retain(ref));
}

/* Objects of this store are held already, under their husk handle. */
void capi_store_hold(wasm_store_t *store, wasm_ref_t *ref) {
  if (ref->store == store || ptr_map_get(&store->objects, ref)) return;
  capi_store_adopt(store, ref, ref);
}

void capi_store_hold_code(wasm_store_t *store, module_code *code) {
  if (!ptr_map_get(&store->code, code)) ptr_map_put(&store->code, code, capi_code_retain(code));
}
