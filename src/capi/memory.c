/*
 * memory.c - memory instances. Sizes are in pages of MEMORY_PAGE_SIZE.
 */
#include "capi/capi.h"

wasm_memory_t *wasm_memory_new(wasm_store_t *store, const wasm_memorytype_t *type) {
  husk_memory *m = husk_memory_new(store->store, capi_limits_to_husk(wasm_memorytype_limits(type)));
  return m ? capi_memory_wrap(store, m) : NULL;
}

/* The minimum of a live memory's type is its current size. */
wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *m) {
  wasm_limits_t limits = capi_limits_from_husk(husk_memory_limits(m->memory));
  return wasm_memorytype_new(&limits);
}

/* The base may change when the memory grows: callers fetch it again. */
byte_t *wasm_memory_data(wasm_memory_t *m) { return (byte_t *)husk_memory_data(m->memory); }
size_t wasm_memory_data_size(const wasm_memory_t *m) { return husk_memory_size_bytes(m->memory); }
wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *m) { return husk_memory_size_pages(m->memory); }
bool wasm_memory_grow(wasm_memory_t *m, wasm_memory_pages_t delta) {
  return husk_memory_grow(m->memory, delta) >= 0;
}
