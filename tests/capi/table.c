/*
 * table - a funcref table exported by a module: reading, writing and growing
 * it from the host, with Wasm and host functions, and a table made by the
 * host. Functions read from a table are the same objects that were stored.
 */
#include "common.h"

static wasm_trap_t *neg_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0] = (wasm_val_t)WASM_I32_VAL(-args->data[0].of.i32);
  return NULL;
}

/* Whether element i is set; when `expect` is given, that it is that func. */
static bool is_set(wasm_table_t *table, wasm_table_size_t i, wasm_func_t *expect) {
  wasm_ref_t *ref = wasm_table_get(table, i);
  if (!ref) return false;
  wasm_func_t *f = wasm_ref_as_func(ref);
  CHECK(f);
  if (expect) CHECK(wasm_func_same(f, expect));
  wasm_ref_delete(ref);
  return true;
}

static wasm_trap_t *call(wasm_func_t *call_indirect, int32_t arg, int32_t index, int32_t *result) {
  wasm_val_t as[2] = {WASM_I32_VAL(arg), WASM_I32_VAL(index)};
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
  wasm_trap_t *trap = wasm_func_call(call_indirect, &args, &results);
  if (!trap) *result = rs[0].of.i32;
  return trap;
}

static void check_call(wasm_func_t *call_indirect, int32_t arg, int32_t index, int32_t expected) {
  int32_t result = 0;
  CHECK(call(call_indirect, arg, index, &result) == NULL);
  CHECK(result == expected);
}

static void check_trap(wasm_func_t *call_indirect, int32_t index, const char *message) {
  int32_t result;
  char *got = take_trap_message(call(call_indirect, 0, index, &result));
  CHECK(strncmp(got, message, strlen(message)) == 0);
  free(got);
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "table.wasm");
  wasm_instance_t *instance = instantiate(store, module, NULL, 0);
  wasm_module_delete(module);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_table_t *table = export_table(&exports, 0);
  wasm_func_t *call_indirect = export_func(&exports, 1);
  wasm_func_t *f = export_func(&exports, 2);
  wasm_func_t *g = export_func(&exports, 3);
  wasm_instance_delete(instance);

  wasm_functype_t *neg_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *h = wasm_func_new(store, neg_type, neg_callback);
  wasm_functype_delete(neg_type);

  /* Initial contents: the element segment put f at 1. */
  wasm_tabletype_t *type = wasm_table_type(table);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(type)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(type)->min == 2 && wasm_tabletype_limits(type)->max == 10);
  wasm_tabletype_delete(type);
  CHECK(wasm_table_size(table) == 2);
  CHECK(!is_set(table, 0, NULL));
  CHECK(is_set(table, 1, f));
  check_trap(call_indirect, 0, "uninitialized element");
  check_call(call_indirect, 7, 1, 7);
  check_trap(call_indirect, 2, "undefined element");

  /* Writes from the host. */
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(g)));
  CHECK(wasm_table_set(table, 1, NULL));
  CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(f)));
  CHECK(is_set(table, 0, g));
  CHECK(!is_set(table, 1, NULL));
  check_call(call_indirect, 7, 0, 666);
  check_trap(call_indirect, 1, "uninitialized element");

  /* Only functions go in a funcref table. */
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  CHECK(!wasm_table_set(table, 0, wasm_foreign_as_ref(foreign)));
  wasm_foreign_delete(foreign);

  /* Growing, with and without an initial value; host functions too. */
  CHECK(wasm_table_grow(table, 3, NULL));
  CHECK(wasm_table_size(table) == 5);
  CHECK(wasm_table_set(table, 2, wasm_func_as_ref(f)));
  CHECK(wasm_table_set(table, 3, wasm_func_as_ref(h)));
  CHECK(!wasm_table_set(table, 5, NULL));
  CHECK(is_set(table, 2, f));
  CHECK(is_set(table, 3, h));
  CHECK(!is_set(table, 4, NULL));
  check_call(call_indirect, 5, 2, 5);
  check_call(call_indirect, 6, 3, -6);
  check_trap(call_indirect, 4, "uninitialized element");
  check_trap(call_indirect, 5, "undefined element");

  CHECK(wasm_table_grow(table, 2, wasm_func_as_ref(f)));
  CHECK(wasm_table_size(table) == 7);
  CHECK(is_set(table, 5, f) && is_set(table, 6, f));
  CHECK(!wasm_table_grow(table, 5, NULL));   /* past the maximum of 10 */
  CHECK(wasm_table_grow(table, 3, NULL));
  CHECK(wasm_table_grow(table, 0, NULL));
  CHECK(wasm_table_size(table) == 10);

  /* Host info set on a func is seen through the table. */
  wasm_func_set_host_info(h, (void *)0x1234);
  wasm_ref_t *ref = wasm_table_get(table, 3);
  CHECK(ref && wasm_ref_get_host_info(ref) == (void *)0x1234);
  wasm_ref_delete(ref);

  wasm_func_delete(h);
  wasm_extern_vec_delete(&exports);

  /* A table made by the host. */
  wasm_limits_t limits = {5, 5};
  wasm_tabletype_t *tabletype = wasm_tabletype_new(wasm_valtype_new(WASM_FUNCREF), &limits);
  wasm_table_t *table2 = wasm_table_new(store, tabletype, NULL);
  wasm_tabletype_delete(tabletype);
  CHECK(table2 && wasm_table_size(table2) == 5);
  CHECK(!wasm_table_grow(table2, 1, NULL));
  CHECK(wasm_table_grow(table2, 0, NULL));
  wasm_table_delete(table2);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
