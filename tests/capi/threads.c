/*
 * threads - one module compiled once, shared with several threads, each of
 * which obtains it in its own store (stores are per-thread) and runs it.
 */
#include <pthread.h>

#include "common.h"

#define THREADS 4
#define ROUNDS 10

static wasm_engine_t *engine;
static wasm_shared_module_t *shared;
static _Atomic int reports[THREADS];

static wasm_trap_t *report_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)results;
  int32_t id = args->data[0].of.i32;
  CHECK(id >= 0 && id < THREADS);
  reports[id]++;
  return NULL;
}

static void *run_thread(void *arg) {
  int32_t id = (int32_t)(intptr_t)arg;
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = wasm_module_obtain(store, shared);
  CHECK(store && module);

  wasm_functype_t *report_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t *report = wasm_func_new(store, report_type, report_callback);
  wasm_functype_delete(report_type);
  wasm_globaltype_t *id_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t id_val = WASM_I32_VAL(id);
  wasm_global_t *id_global = wasm_global_new(store, id_type, &id_val);
  wasm_globaltype_delete(id_type);

  wasm_extern_t *imports[] = {wasm_func_as_extern(report), wasm_global_as_extern(id_global)};
  for (int round = 0; round < ROUNDS; round++) {
    wasm_instance_t *instance = instantiate(store, module, imports, 2);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    CHECK(wasm_func_call(export_func(&exports, 0), NULL, NULL) == NULL);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }

  wasm_func_delete(report);
  wasm_global_delete(id_global);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "threads.wasm");
  shared = wasm_module_share(module);
  /* The shared module keeps the code: the original may go first. */
  wasm_module_delete(module);
  wasm_store_delete(store);

  pthread_t threads[THREADS];
  for (intptr_t i = 0; i < THREADS; i++)
    CHECK(pthread_create(&threads[i], NULL, run_thread, (void *)i) == 0);
  for (int i = 0; i < THREADS; i++) CHECK(pthread_join(threads[i], NULL) == 0);
  for (int i = 0; i < THREADS; i++) CHECK(reports[i] == ROUNDS);

  /* A module only runs in its own engine's stores. */
  wasm_engine_t *engine2 = wasm_engine_new();
  wasm_store_t *store2 = wasm_store_new(engine2);
  CHECK(wasm_module_obtain(store2, shared) == NULL);
  wasm_store_delete(store2);
  wasm_engine_delete(engine2);

  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
