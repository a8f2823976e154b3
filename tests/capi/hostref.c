/*
 * hostref - references as values: foreign objects (and other objects)
 * passed to Wasm as externref keep their identity and host info through
 * globals, tables and host calls; funcrefs come back as the same funcs.
 */
#include "common.h"

static int callback_calls;

/* Returns its argument, after checking the host info it carries. */
static wasm_trap_t *identity_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  callback_calls++;
  CHECK(args->data[0].kind == WASM_EXTERNREF);
  if (args->data[0].of.ref) printf("> host info %p\n", wasm_ref_get_host_info(args->data[0].of.ref));
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

/* Checks that an own result is `expected` (by identity), and deletes it. */
static void check(wasm_ref_t *actual, const wasm_ref_t *expected) {
  CHECK((actual == NULL) == (expected == NULL));
  if (actual) {
    CHECK(wasm_ref_same(actual, expected));
    CHECK(wasm_ref_get_host_info(actual) == wasm_ref_get_host_info(expected));
    wasm_ref_delete(actual);
  }
}

static void call(wasm_func_t *f, wasm_val_t *as, size_t nargs, wasm_val_t *rs, size_t nresults) {
  wasm_val_vec_t args = {nargs, as}, results = {nresults, rs};
  CHECK(wasm_func_call(f, &args, &results) == NULL);
}

static wasm_ref_t *call_v_r(wasm_func_t *f) {
  wasm_val_t r = WASM_INIT_VAL;
  call(f, NULL, 0, &r, 1);
  CHECK(wasm_valkind_is_ref(r.kind));
  return r.of.ref;
}

static void call_r_v(wasm_func_t *f, wasm_ref_t *ref) {
  wasm_val_t a = WASM_REF_VAL(ref);
  call(f, &a, 1, NULL, 0);
}

static wasm_ref_t *call_r_r(wasm_func_t *f, wasm_ref_t *ref) {
  wasm_val_t a = WASM_REF_VAL(ref), r = WASM_INIT_VAL;
  call(f, &a, 1, &r, 1);
  return r.of.ref;
}

static void call_ir_v(wasm_func_t *f, int32_t i, wasm_ref_t *ref) {
  wasm_val_t as[2] = {WASM_I32_VAL(i), WASM_REF_VAL(ref)};
  call(f, as, 2, NULL, 0);
}

static wasm_ref_t *call_i_r(wasm_func_t *f, int32_t i) {
  wasm_val_t a = WASM_I32_VAL(i), r = WASM_INIT_VAL;
  call(f, &a, 1, &r, 1);
  return r.of.ref;
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "hostref.wasm");

  wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t *callback = wasm_func_new(store, type, identity_callback);
  wasm_functype_delete(type);
  wasm_extern_t *imports[] = {wasm_func_as_extern(callback)};
  wasm_instance_t *instance = instantiate(store, module, imports, 1);
  wasm_module_delete(module);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  size_t i = 0;
  wasm_global_t *global = export_global(&exports, i++);
  wasm_table_t *table = export_table(&exports, i++);
  wasm_func_t *global_set = export_func(&exports, i++);
  wasm_func_t *global_get = export_func(&exports, i++);
  wasm_func_t *table_set = export_func(&exports, i++);
  wasm_func_t *table_get = export_func(&exports, i++);
  wasm_func_t *func_call = export_func(&exports, i++);
  wasm_table_t *funcs = export_table(&exports, i++);
  wasm_func_t *funcs_get = export_func(&exports, i++);
  wasm_instance_delete(instance);

  wasm_ref_t *host1 = wasm_foreign_as_ref(wasm_foreign_new(store));
  wasm_ref_t *host2 = wasm_foreign_as_ref(wasm_foreign_new(store));
  wasm_ref_set_host_info(host1, (void *)1);
  wasm_ref_set_host_info(host2, (void *)2);
  CHECK(wasm_ref_as_foreign(host1) && !wasm_ref_as_func(host1));

  /* Copies are the same object; values own their reference. */
  check(NULL, NULL);
  check(wasm_ref_copy(host1), host1);
  check(wasm_ref_copy(host2), host2);
  CHECK(!wasm_ref_same(host1, host2));
  wasm_val_t val = WASM_REF_VAL(wasm_ref_copy(host1)), val2;
  wasm_val_copy(&val2, &val);
  check(wasm_ref_copy(val2.of.ref), host1);
  wasm_val_delete(&val);
  wasm_val_delete(&val2);

  printf("Accessing global...\n");
  check(call_v_r(global_get), NULL);
  call_r_v(global_set, host1);
  check(call_v_r(global_get), host1);
  call_r_v(global_set, host2);
  check(call_v_r(global_get), host2);
  call_r_v(global_set, NULL);
  check(call_v_r(global_get), NULL);
  wasm_global_get(global, &val);
  CHECK(val.kind == WASM_EXTERNREF && val.of.ref == NULL);
  val.of.ref = host2;
  wasm_global_set(global, &val);
  check(call_v_r(global_get), host2);
  wasm_global_get(global, &val);
  CHECK(val.kind == WASM_EXTERNREF);
  check(val.of.ref, host2);

  printf("Accessing table...\n");
  check(call_i_r(table_get, 0), NULL);
  check(call_i_r(table_get, 1), NULL);
  call_ir_v(table_set, 0, host1);
  call_ir_v(table_set, 1, host2);
  check(call_i_r(table_get, 0), host1);
  check(call_i_r(table_get, 1), host2);
  call_ir_v(table_set, 0, NULL);
  check(call_i_r(table_get, 0), NULL);
  check(wasm_table_get(table, 2), NULL);
  CHECK(wasm_table_set(table, 2, host1));
  check(call_i_r(table_get, 2), host1);
  check(wasm_table_get(table, 2), host1);

  printf("Accessing function...\n");
  check(call_r_r(func_call, NULL), NULL);
  check(call_r_r(func_call, host1), host1);
  check(call_r_r(func_call, host2), host2);
  CHECK(callback_calls == 3);

  /* Any object is a reference: a func, a trap and a module as externref.
   * The trap stays valid in the table after its handle is deleted. */
  wasm_ref_t *func_ref = wasm_func_as_ref(global_get);
  check(call_r_r(func_call, func_ref), func_ref);
  wasm_message_t text;
  wasm_name_new_from_string_nt(&text, "kept by Wasm");
  wasm_trap_t *trap = wasm_trap_new(store, &text);
  wasm_name_delete(&text);
  wasm_trap_set_host_info(trap, (void *)3);
  call_ir_v(table_set, 3, wasm_trap_as_ref(trap));
  wasm_trap_delete(trap);
  wasm_ref_t *back = call_i_r(table_get, 3);
  CHECK(back && wasm_ref_get_host_info(back) == (void *)3);
  char *message = take_trap_message(wasm_ref_as_trap(back));
  CHECK(strcmp(message, "kept by Wasm") == 0);
  free(message);

  printf("Accessing funcref table...\n");
  check(call_i_r(funcs_get, 0), NULL);
  CHECK(wasm_table_set(funcs, 0, wasm_func_as_ref(callback)));
  CHECK(wasm_table_set(funcs, 1, wasm_func_as_ref(func_call)));
  check(call_i_r(funcs_get, 0), wasm_func_as_ref(callback));
  wasm_ref_t *got = call_i_r(funcs_get, 1);
  CHECK(wasm_ref_as_func(got) == func_call);
  wasm_ref_delete(got);
  /* A funcref from Wasm is callable. */
  got = call_i_r(funcs_get, 0);
  check(call_r_r(wasm_ref_as_func(got), host1), host1);
  wasm_ref_delete(got);

  /* A func of another store does not go into this store's tables. */
  wasm_store_t *other = wasm_store_new(engine);
  type = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t *foreign_func = wasm_func_new(other, type, identity_callback);
  wasm_functype_delete(type);
  CHECK(!wasm_table_set(funcs, 0, wasm_func_as_ref(foreign_func)));
  wasm_func_delete(foreign_func);
  wasm_store_delete(other);

  wasm_ref_delete(host1);
  wasm_ref_delete(host2);
  wasm_func_delete(callback);
  wasm_extern_vec_delete(&exports);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
