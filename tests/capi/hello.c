/*
 * hello - the smallest embedding: a host function imported by a module,
 * called through the module's export.
 */
#include "common.h"

static int hello_calls;

static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  CHECK(args->size == 0 && results->size == 0);
  printf("Hello, world!\n");
  hello_calls++;
  return NULL;
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  CHECK(engine && store);

  wasm_module_t *module = load_module(store, dir, "hello.wasm");

  wasm_functype_t *hello_type = wasm_functype_new_0_0();
  wasm_func_t *hello = wasm_func_new(store, hello_type, hello_callback);
  wasm_functype_delete(hello_type);
  CHECK(hello);

  wasm_extern_t *imports[] = {wasm_func_as_extern(hello)};
  wasm_instance_t *instance = instantiate(store, module, imports, 1);
  wasm_func_delete(hello);
  wasm_module_delete(module);   /* the instance keeps what it needs */

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 1);
  wasm_func_t *run = export_func(&exports, 0);
  wasm_instance_delete(instance);

  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(run, &args, &results) == NULL);
  CHECK(hello_calls == 1);
  /* NULL vectors are empty ones. */
  CHECK(wasm_func_call(run, NULL, NULL) == NULL);
  CHECK(hello_calls == 2);

  wasm_extern_vec_delete(&exports);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
