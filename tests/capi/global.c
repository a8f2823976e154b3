/*
 * global - host-made globals as imports, the module's own globals as
 * exports: types, reads and writes from both sides, immutability.
 */
#include "common.h"

static wasm_global_t *new_global(wasm_store_t *store, wasm_valkind_t kind, wasm_mutability_t mut,
                                 wasm_val_t value) {
  wasm_globaltype_t *type = wasm_globaltype_new(wasm_valtype_new(kind), mut);
  wasm_global_t *global = wasm_global_new(store, type, &value);
  wasm_globaltype_delete(type);
  CHECK(global);
  return global;
}

static void check_type(wasm_global_t *global, wasm_valkind_t kind, wasm_mutability_t mut) {
  wasm_globaltype_t *type = wasm_global_type(global);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(type)) == kind);
  CHECK(wasm_globaltype_mutability(type) == mut);
  wasm_globaltype_delete(type);
}

static wasm_val_t get(wasm_global_t *global) {
  wasm_val_t v;
  wasm_global_get(global, &v);
  return v;
}

static wasm_val_t call_get(wasm_func_t *getter) {
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(getter, NULL, &results) == NULL);
  return rs[0];
}

static void call_set(wasm_func_t *setter, wasm_val_t v) {
  wasm_val_t as[1] = {v};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as);
  CHECK(wasm_func_call(setter, &args, NULL) == NULL);
}

/* Global `g` and its getter both read `f32` (kind F32) or `i64`. */
#define CHECK_F32(g, getter, x) do { \
    CHECK(get(g).kind == WASM_F32 && get(g).of.f32 == (x)); \
    CHECK(call_get(getter).kind == WASM_F32 && call_get(getter).of.f32 == (x)); } while (0)
#define CHECK_I64(g, getter, x) do { \
    CHECK(get(g).kind == WASM_I64 && get(g).of.i64 == (x)); \
    CHECK(call_get(getter).kind == WASM_I64 && call_get(getter).of.i64 == (x)); } while (0)

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "global.wasm");

  wasm_global_t *const_f32_import = new_global(store, WASM_F32, WASM_CONST, (wasm_val_t)WASM_F32_VAL(1));
  wasm_global_t *const_i64_import = new_global(store, WASM_I64, WASM_CONST, (wasm_val_t)WASM_I64_VAL(2));
  wasm_global_t *var_f32_import = new_global(store, WASM_F32, WASM_VAR, (wasm_val_t)WASM_F32_VAL(3));
  wasm_global_t *var_i64_import = new_global(store, WASM_I64, WASM_VAR, (wasm_val_t)WASM_I64_VAL(4));

  /* A value of the wrong type makes no global. */
  wasm_globaltype_t *i32_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t f64 = WASM_F64_VAL(1.5);
  CHECK(wasm_global_new(store, i32_type, &f64) == NULL);
  wasm_globaltype_delete(i32_type);

  wasm_extern_t *imports[] = {
    wasm_global_as_extern(const_f32_import), wasm_global_as_extern(const_i64_import),
    wasm_global_as_extern(var_f32_import), wasm_global_as_extern(var_i64_import),
  };
  wasm_instance_t *instance = instantiate(store, module, imports, 4);
  wasm_module_delete(module);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 20);
  size_t i = 0;
  wasm_global_t *const_f32_export = export_global(&exports, i++);
  wasm_global_t *const_i64_export = export_global(&exports, i++);
  wasm_global_t *var_f32_export = export_global(&exports, i++);
  wasm_global_t *var_i64_export = export_global(&exports, i++);
  wasm_global_t *const_f32 = export_global(&exports, i++);
  wasm_global_t *const_i64 = export_global(&exports, i++);
  wasm_global_t *var_f32 = export_global(&exports, i++);
  wasm_global_t *var_i64 = export_global(&exports, i++);
  wasm_func_t *get_const_f32_import = export_func(&exports, i++);
  wasm_func_t *get_const_i64_import = export_func(&exports, i++);
  wasm_func_t *get_var_f32_import = export_func(&exports, i++);
  wasm_func_t *get_var_i64_import = export_func(&exports, i++);
  wasm_func_t *get_const_f32 = export_func(&exports, i++);
  wasm_func_t *get_const_i64 = export_func(&exports, i++);
  wasm_func_t *get_var_f32 = export_func(&exports, i++);
  wasm_func_t *get_var_i64 = export_func(&exports, i++);
  wasm_func_t *set_var_f32_import = export_func(&exports, i++);
  wasm_func_t *set_var_i64_import = export_func(&exports, i++);
  wasm_func_t *set_var_f32 = export_func(&exports, i++);
  wasm_func_t *set_var_i64 = export_func(&exports, i++);

  /* An exported import is the very object that was imported. */
  CHECK(wasm_global_same(const_f32_export, const_f32_import));
  CHECK(wasm_global_same(var_i64_export, var_i64_import));
  CHECK(wasm_global_same(const_i64_export, const_i64_import));
  CHECK(wasm_global_same(var_f32_export, var_f32_import));
  CHECK(!wasm_global_same(var_i64_export, var_i64));

  check_type(const_f32_import, WASM_F32, WASM_CONST);
  check_type(var_i64_import, WASM_I64, WASM_VAR);
  check_type(const_i64, WASM_I64, WASM_CONST);
  check_type(var_f32, WASM_F32, WASM_VAR);
  wasm_externtype_t *extern_type = wasm_extern_type(wasm_global_as_extern(var_f32));
  CHECK(wasm_externtype_kind(extern_type) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_globaltype_mutability(wasm_externtype_as_globaltype_const(extern_type)) == WASM_VAR);
  wasm_externtype_delete(extern_type);

  /* Initial values. */
  CHECK_F32(const_f32_import, get_const_f32_import, 1);
  CHECK_I64(const_i64_import, get_const_i64_import, 2);
  CHECK_F32(var_f32_import, get_var_f32_import, 3);
  CHECK_I64(var_i64_import, get_var_i64_import, 4);
  CHECK_F32(const_f32, get_const_f32, 5);
  CHECK_I64(const_i64, get_const_i64, 6);
  CHECK_F32(var_f32, get_var_f32, 7);
  CHECK_I64(var_i64, get_var_i64, 8);

  /* Writes from the host, seen by Wasm. Immutable globals and values of the
   * wrong type are left alone. */
  wasm_val_t v = WASM_F32_VAL(33);
  wasm_global_set(var_f32_import, &v);
  v = (wasm_val_t)WASM_F32_VAL(37);
  wasm_global_set(var_f32, &v);
  v = (wasm_val_t)WASM_I64_VAL(34);
  wasm_global_set(var_i64_import, &v);
  v = (wasm_val_t)WASM_I64_VAL(38);
  wasm_global_set(var_i64, &v);
  v = (wasm_val_t)WASM_F32_VAL(31);
  wasm_global_set(const_f32_import, &v);
  wasm_global_set(const_f32, &v);
  v = (wasm_val_t)WASM_I32_VAL(99);
  wasm_global_set(var_i64, &v);
  CHECK_F32(var_f32_import, get_var_f32_import, 33);
  CHECK_F32(var_f32, get_var_f32, 37);
  CHECK_I64(var_i64_import, get_var_i64_import, 34);
  CHECK_I64(var_i64, get_var_i64, 38);
  CHECK_F32(const_f32_import, get_const_f32_import, 1);
  CHECK_F32(const_f32, get_const_f32, 5);

  /* Writes from Wasm, seen by the host. */
  call_set(set_var_f32_import, (wasm_val_t)WASM_F32_VAL(73));
  call_set(set_var_i64_import, (wasm_val_t)WASM_I64_VAL(74));
  call_set(set_var_f32, (wasm_val_t)WASM_F32_VAL(77));
  call_set(set_var_i64, (wasm_val_t)WASM_I64_VAL(78));
  CHECK_F32(var_f32_import, get_var_f32_import, 73);
  CHECK_I64(var_i64_import, get_var_i64_import, 74);
  CHECK_F32(var_f32, get_var_f32, 77);
  CHECK_I64(var_i64, get_var_i64, 78);

  wasm_global_delete(const_f32_import);
  wasm_global_delete(const_i64_import);
  wasm_global_delete(var_f32_import);
  wasm_global_delete(var_i64_import);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
