/*
 * callback - host functions with and without an env: arguments and results
 * through wasm_val_vec_t, arities, the env's finalizer, and calling a host
 * function directly from the host, and a host function calling back into
 * Wasm while Wasm calls it.
 */
#include "common.h"

static wasm_trap_t *print_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  CHECK(args->size == 1 && args->data[0].kind == WASM_I32);
  CHECK(results->size == 1 && results->data[0].kind == WASM_I32);
  printf("> %" PRId32 "\n", args->data[0].of.i32);
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

/* The closure returns 42: `answer` before `twice` is known, then twice(21),
 * calling back into the instance that called it. */
typedef struct closure_env {
  int answer;
  wasm_func_t *twice;
} closure_env;

static int closure_calls;

static wasm_trap_t *closure_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  closure_env *c = env;
  CHECK(args->size == 0 && results->size == 1);
  closure_calls++;
  if (!c->twice) {
    results->data[0] = (wasm_val_t)WASM_I32_VAL(c->answer);
    return NULL;
  }
  wasm_val_t as[1] = {WASM_I32_VAL(21)};
  wasm_val_vec_t twice_args = WASM_ARRAY_VEC(as);
  return wasm_func_call(c->twice, &twice_args, results);
}

static int finalized;
static void finalize_env(void *env) {
  CHECK(((closure_env *)env)->answer == 42);
  finalized++;
}

static int32_t call_run(wasm_func_t *run, int32_t x, int32_t y) {
  wasm_val_t as[2] = {WASM_I32_VAL(x), WASM_I32_VAL(y)};
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(run, &args, &results) == NULL);
  CHECK(rs[0].kind == WASM_I32);
  return rs[0].of.i32;
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "callback.wasm");

  wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *print = wasm_func_new(store, print_type, print_callback);
  wasm_functype_delete(print_type);

  static closure_env env = {42, NULL};
  wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *closure = wasm_func_new_with_env(store, closure_type, closure_callback, &env,
                                                finalize_env);
  wasm_functype_delete(closure_type);
  CHECK(print && closure);
  CHECK(wasm_func_param_arity(print) == 1 && wasm_func_result_arity(print) == 1);
  CHECK(wasm_func_param_arity(closure) == 0 && wasm_func_result_arity(closure) == 1);

  wasm_extern_t *imports[] = {wasm_func_as_extern(print), wasm_func_as_extern(closure)};
  wasm_instance_t *instance = instantiate(store, module, imports, 2);
  wasm_module_delete(module);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t *run = export_func(&exports, 0);
  CHECK(wasm_func_param_arity(run) == 2 && wasm_func_result_arity(run) == 1);

  wasm_functype_t *run_type = wasm_func_type(run);
  CHECK(wasm_functype_params(run_type)->size == 2);
  CHECK(wasm_valtype_kind(wasm_functype_params(run_type)->data[1]) == WASM_I32);
  CHECK(wasm_functype_results(run_type)->size == 1);
  wasm_functype_delete(run_type);

  CHECK(call_run(run, 3, 4) == 49);
  CHECK(call_run(run, -50, 0) == -8);
  CHECK(closure_calls == 2);
  env.twice = export_func(&exports, 1);
  CHECK(call_run(run, 3, 4) == 49);
  CHECK(closure_calls == 3);
  env.twice = NULL;

  /* A host function called from the host. */
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t no_args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(closure, &no_args, &results) == NULL);
  CHECK(rs[0].kind == WASM_I32 && rs[0].of.i32 == 42 && closure_calls == 4);

  /* Results are owned by the caller: a heap vector works as well as an
   * array, and deleting it is harmless for numbers. */
  wasm_val_vec_t heap_results;
  wasm_val_vec_new_uninitialized(&heap_results, 1);
  CHECK(wasm_func_call(closure, NULL, &heap_results) == NULL);
  CHECK(heap_results.data[0].of.i32 == 42);
  wasm_val_vec_delete(&heap_results);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(print);
  wasm_func_delete(closure);

  /* The env outlives the func handles: it is finalized with the store. */
  CHECK(finalized == 0);
  wasm_store_delete(store);
  CHECK(finalized == 1);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
