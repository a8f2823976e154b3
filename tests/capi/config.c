/*
 * config - engines from configurations, and husk's configuration extension:
 * the husk_config inside a wasm_config_t takes husk's limits.
 */
#include <husk/husk.h>

#include "common.h"

int main(int argc, char **argv) {
  (void)wasm_dir(argc, argv);

  /* A default configuration; the engine takes ownership of it. */
  wasm_engine_t *engine = wasm_engine_new_with_config(wasm_config_new());
  CHECK(engine);
  wasm_engine_delete(engine);

  /* A limit, seen by the objects of the engine's stores. */
  wasm_config_t *config = wasm_config_new();
  husk_config_max_memory_pages(husk_config_from_wasm(config), 4);
  engine = wasm_engine_new_with_config(config);
  CHECK(engine);
  wasm_store_t *store = wasm_store_new(engine);
  wasm_limits_t limits = {2, wasm_limits_max_default};
  wasm_memorytype_t *type = wasm_memorytype_new(&limits);
  wasm_memory_t *memory = wasm_memory_new(store, type);
  wasm_memorytype_delete(type);
  CHECK(memory);
  CHECK(wasm_memory_grow(memory, 2) && !wasm_memory_grow(memory, 1));
  wasm_memory_delete(memory);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* A configuration husk rejects makes no engine (and is still consumed). */
  config = wasm_config_new();
  husk_config_max_memory_pages(husk_config_from_wasm(config), 70000);
  CHECK(wasm_engine_new_with_config(config) == NULL);

  /* Deleting without using it. */
  wasm_config_delete(wasm_config_new());
  printf("Done.\n");
  return 0;
}
