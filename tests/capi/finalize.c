/*
 * finalize - host info finalizers run once for every object, when both its
 * last handle and its store are gone, across several stores; replacing host
 * info finalizes the old one.
 */
#include "common.h"

#define ITERATIONS 2000

static int live;

static void finalize(void *info) {
  (void)info;
  live--;
}

static void run_in_store(wasm_store_t *store, const char *dir) {
  int before = live;
  wasm_module_t *module = load_module(store, dir, "finalize.wasm");
  for (int i = 0; i < ITERATIONS; i++) {
    wasm_instance_t *instance = instantiate(store, module, NULL, 0);
    wasm_instance_set_host_info_with_finalizer(instance, (void *)(intptr_t)i, finalize);
    live++;
    if (i % 2) {
      /* Exports get host info too; reading them twice gives the same
       * objects, so each gets its finalizer once. */
      wasm_extern_vec_t exports;
      wasm_instance_exports(instance, &exports);
      wasm_func_set_host_info_with_finalizer(export_func(&exports, 0), NULL, finalize);
      live++;
      wasm_extern_vec_t again;
      wasm_instance_exports(instance, &again);
      CHECK(wasm_extern_same(exports.data[0], again.data[0]));
      wasm_extern_vec_delete(&again);
      wasm_extern_vec_delete(&exports);
    }
    wasm_instance_delete(instance);
  }
  /* The module's own host info goes with its last handle. */
  wasm_module_set_host_info_with_finalizer(module, NULL, finalize);
  live++;
  wasm_module_delete(module);
  CHECK(live == before + ITERATIONS + ITERATIONS / 2);
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();

  wasm_store_t *store1 = wasm_store_new(engine);
  run_in_store(store1, dir);
  int after_first = live;

  wasm_store_t *store2 = wasm_store_new(engine);
  run_in_store(store2, dir);
  CHECK(live == 2 * after_first);
  wasm_store_delete(store2);
  CHECK(live == after_first);

  /* An object kept past its store's deletion is finalized with its last
   * handle, and deleting it after the store is safe. */
  wasm_store_t *store3 = wasm_store_new(engine);
  wasm_foreign_t *foreign = wasm_foreign_new(store3);
  wasm_foreign_set_host_info_with_finalizer(foreign, NULL, finalize);
  live++;
  wasm_store_delete(store3);
  CHECK(live == after_first + 1);
  wasm_foreign_delete(foreign);
  CHECK(live == after_first);

  /* Replacing host info finalizes the previous info. */
  wasm_foreign_t *f = wasm_foreign_new(store1);
  wasm_foreign_set_host_info_with_finalizer(f, (void *)1, finalize);
  live++;
  wasm_foreign_set_host_info(f, (void *)2);
  CHECK(live == after_first && wasm_foreign_get_host_info(f) == (void *)2);
  wasm_foreign_delete(f);

  wasm_store_delete(store1);
  CHECK(live == 0);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
