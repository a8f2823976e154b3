/*
 * errors - what happens when an embedder gets things wrong: bad modules,
 * link errors (reported as traps from wasm_instance_new), calls with the
 * wrong arity or types, host functions returning the wrong type. None of it
 * may crash or leak.
 */
#include "common.h"

static wasm_trap_t *inc_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0] = (wasm_val_t)WASM_I32_VAL(args->data[0].of.i32 + 1);
  return NULL;
}

static wasm_trap_t *bad_result_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  results->data[0] = (wasm_val_t)WASM_F64_VAL(1.0);   /* declared i32 */
  return NULL;
}

/* Instantiation fails with a trap whose message starts with `prefix`. */
static void check_link_error(wasm_store_t *store, wasm_module_t *module, wasm_extern_t **imports,
                             size_t count, const char *prefix) {
  wasm_extern_vec_t vec = {count, imports};
  wasm_trap_t *trap = NULL;
  CHECK(wasm_instance_new(store, module, &vec, &trap) == NULL);
  char *message = take_trap_message(trap);
  printf("> %s\n", message);
  CHECK(strncmp(message, prefix, strlen(prefix)) == 0);
  free(message);
}

static void check_call_error(wasm_func_t *f, wasm_val_t *as, size_t nargs, size_t nresults,
                             const char *prefix) {
  wasm_val_t rs[4];
  wasm_val_vec_t args = {nargs, as}, results = {nresults, rs};
  char *message = take_trap_message(wasm_func_call(f, &args, &results));
  printf("> %s\n", message);
  CHECK(strncmp(message, prefix, strlen(prefix)) == 0);
  free(message);
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);

  /* Not modules. */
  wasm_byte_vec_t junk;
  wasm_name_new_from_string(&junk, "\1asm junk");
  CHECK(!wasm_module_validate(store, &junk));
  CHECK(wasm_module_new(store, &junk) == NULL);
  wasm_byte_vec_delete(&junk);
  wasm_byte_vec_t empty = WASM_EMPTY_VEC;
  CHECK(!wasm_module_validate(store, &empty));
  CHECK(wasm_module_new(store, &empty) == NULL);

  wasm_module_t *module = load_module(store, dir, "errors.wasm");

  wasm_functype_t *inc_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *inc = wasm_func_new(store, inc_type, inc_callback);
  wasm_func_t *bad = wasm_func_new(store, inc_type, bad_result_callback);
  wasm_functype_delete(inc_type);
  wasm_functype_t *other_type = wasm_functype_new_0_0();
  wasm_func_t *other = wasm_func_new(store, other_type, inc_callback);
  wasm_functype_delete(other_type);
  wasm_globaltype_t *g_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST);
  wasm_val_t g_val = WASM_I64_VAL(5);
  wasm_global_t *g = wasm_global_new(store, g_type, &g_val);
  wasm_globaltype_delete(g_type);

  /* Link errors. */
  wasm_extern_t *too_few[] = {wasm_func_as_extern(inc)};
  check_link_error(store, module, too_few, 1, "unknown import");
  wasm_extern_t *wrong_kind[] = {wasm_global_as_extern(g), wasm_global_as_extern(g)};
  check_link_error(store, module, wrong_kind, 2, "incompatible import type");
  wasm_extern_t *wrong_sig[] = {wasm_func_as_extern(other), wasm_global_as_extern(g)};
  check_link_error(store, module, wrong_sig, 2, "incompatible import type");
  wasm_extern_t *null_import[] = {NULL, wasm_global_as_extern(g)};
  check_link_error(store, module, null_import, 2, "unknown import");
  wasm_store_t *store2 = wasm_store_new(engine);
  wasm_globaltype_t *g2_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST);
  wasm_global_t *g2 = wasm_global_new(store2, g2_type, &g_val);
  wasm_globaltype_delete(g2_type);
  wasm_extern_t *other_store[] = {wasm_func_as_extern(inc), wasm_global_as_extern(g2)};
  check_link_error(store, module, other_store, 2, "incompatible import type");
  wasm_global_delete(g2);
  wasm_store_delete(store2);
  wasm_engine_t *engine2 = wasm_engine_new();
  wasm_store_t *store3 = wasm_store_new(engine2);
  check_link_error(store3, module, NULL, 0, "module compiled by another engine");
  wasm_store_delete(store3);
  wasm_engine_delete(engine2);

  /* A good link, then bad calls. */
  wasm_extern_t *imports[] = {wasm_func_as_extern(inc), wasm_global_as_extern(g)};
  wasm_instance_t *instance = instantiate(store, module, imports, 2);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t *add = export_func(&exports, 0);
  wasm_func_t *funcref_id = export_func(&exports, 1);
  wasm_func_t *div = export_func(&exports, 2);

  wasm_val_t as[2] = {WASM_I32_VAL(1), WASM_I64_VAL(2)};
  wasm_val_t rs[1];
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(add, &args, &results) == NULL && rs[0].of.i64 == 3);
  check_call_error(add, as, 1, 1, "function expects 2 arguments");
  check_call_error(add, as, 2, 0, "function expects 2 arguments");
  wasm_val_t swapped[2] = {WASM_I64_VAL(2), WASM_I32_VAL(1)};
  check_call_error(add, swapped, 2, 1, "argument 0: type mismatch");

  /* References: a foreign object is no funcref. */
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  wasm_val_t ref_arg[1] = {WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
  check_call_error(funcref_id, ref_arg, 1, 1, "argument 0: type mismatch");
  wasm_foreign_delete(foreign);
  wasm_val_t func_arg[1] = {{.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(inc)}}};
  wasm_val_vec_t fargs = WASM_ARRAY_VEC(func_arg);
  CHECK(wasm_func_call(funcref_id, &fargs, &results) == NULL);
  CHECK(rs[0].kind == WASM_FUNCREF && wasm_ref_as_func(rs[0].of.ref) == inc);
  wasm_val_delete(&rs[0]);

  /* Traps from arithmetic. */
  wasm_val_t zero[2] = {WASM_I32_VAL(1), WASM_I32_VAL(0)};
  check_call_error(div, zero, 2, 1, "integer divide by zero");

  /* A host function returning a value of the wrong type traps. */
  wasm_val_t one[1] = {WASM_I32_VAL(1)};
  check_call_error(bad, one, 1, 1, "host function returned a result of the wrong type");

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(inc);
  wasm_func_delete(bad);
  wasm_func_delete(other);
  wasm_global_delete(g);
  wasm_module_delete(module);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
