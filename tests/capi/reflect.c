/*
 * reflect - the types of a module's imports and exports, and of the objects
 * an instance exports; copies of type objects; the kind conversions.
 */
#include <husk/wasm.h>   /* the same header as "wasm.h" */

#include "common.h"

static const char *kind_name(wasm_externkind_t kind) {
  switch (kind) {
  case WASM_EXTERN_FUNC: return "func";
  case WASM_EXTERN_GLOBAL: return "global";
  case WASM_EXTERN_TABLE: return "table";
  case WASM_EXTERN_MEMORY: return "memory";
  }
  return "?";
}

static bool name_is(const wasm_name_t *name, const char *s) {
  return name->size == strlen(s) && memcmp(name->data, s, name->size) == 0;
}

static void check_valtypes(const wasm_valtype_vec_t *v, size_t n, const wasm_valkind_t *kinds) {
  CHECK(v->size == n);
  for (size_t i = 0; i < n; i++) CHECK(wasm_valtype_kind(v->data[i]) == kinds[i]);
}

/* The export types of reflect.wat, whether read from the module or from the
 * instance's objects. */
static void check_export_type(size_t i, const wasm_externtype_t *type) {
  static const wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL,
                                            WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY};
  CHECK(wasm_externtype_kind(type) == kinds[i]);
  switch (i) {
  case 0: {
    const wasm_functype_t *f = wasm_externtype_as_functype_const(type);
    CHECK(f && !wasm_externtype_as_globaltype_const(type));
    wasm_valkind_t params[] = {WASM_I32, WASM_F64, WASM_F32}, results[] = {WASM_I32, WASM_I64};
    check_valtypes(wasm_functype_params(f), 3, params);
    check_valtypes(wasm_functype_results(f), 2, results);
    break;
  }
  case 1: {
    const wasm_globaltype_t *g = wasm_externtype_as_globaltype_const(type);
    CHECK(g && wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_F64);
    CHECK(wasm_globaltype_mutability(g) == WASM_CONST);
    CHECK(wasm_valtype_is_num(wasm_globaltype_content(g)));
    break;
  }
  case 2: {
    const wasm_tabletype_t *t = wasm_externtype_as_tabletype_const(type);
    CHECK(t && wasm_valtype_kind(wasm_tabletype_element(t)) == WASM_EXTERNREF);
    CHECK(wasm_valtype_is_ref(wasm_tabletype_element(t)));
    CHECK(wasm_tabletype_limits(t)->min == 0 && wasm_tabletype_limits(t)->max == 50);
    break;
  }
  case 3: {
    const wasm_memorytype_t *m = wasm_externtype_as_memorytype_const(type);
    CHECK(m && wasm_memorytype_limits(m)->min == 1);
    CHECK(wasm_memorytype_limits(m)->max == wasm_limits_max_default);
    break;
  }
  }
}

static wasm_trap_t *log_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  return NULL;
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "reflect.wasm");

  /* Imports. */
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 3);
  static const char *import_names[] = {"log", "counter", "table"};
  static const wasm_externkind_t import_kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL,
                                                   WASM_EXTERN_TABLE};
  static const wasm_externkind_t export_kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL,
                                                   WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY};
  for (size_t i = 0; i < imports.size; i++) {
    const wasm_importtype_t *im = imports.data[i];
    CHECK(name_is(wasm_importtype_module(im), "env"));
    CHECK(name_is(wasm_importtype_name(im), import_names[i]));
    CHECK(wasm_externtype_kind(wasm_importtype_type(im)) == import_kinds[i]);
    printf("import %s.%s: %s\n", "env", import_names[i], kind_name(import_kinds[i]));
  }
  wasm_valkind_t log_params[] = {WASM_I64, WASM_EXTERNREF};
  check_valtypes(wasm_functype_params(wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]))),
                 2, log_params);
  CHECK(wasm_globaltype_mutability(
            wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]))) == WASM_VAR);

  /* A copy of the vector is deep and equal. */
  wasm_importtype_vec_t imports_copy;
  wasm_importtype_vec_copy(&imports_copy, &imports);
  CHECK(imports_copy.size == 3 && imports_copy.data[2] != imports.data[2]);
  CHECK(name_is(wasm_importtype_name(imports_copy.data[2]), "table"));
  CHECK(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(
            wasm_importtype_type(imports_copy.data[2])))->min == 1);
  wasm_importtype_vec_delete(&imports_copy);
  wasm_importtype_vec_delete(&imports);

  /* Exports, from the module. */
  wasm_exporttype_vec_t export_types;
  wasm_module_exports(module, &export_types);
  CHECK(export_types.size == 4);
  static const char *export_names[] = {"func", "global", "table", "memory"};
  for (size_t i = 0; i < export_types.size; i++) {
    CHECK(name_is(wasm_exporttype_name(export_types.data[i]), export_names[i]));
    check_export_type(i, wasm_exporttype_type(export_types.data[i]));
    wasm_exporttype_t *copy = wasm_exporttype_copy(export_types.data[i]);
    check_export_type(i, wasm_exporttype_type(copy));
    wasm_exporttype_delete(copy);
  }
  wasm_exporttype_vec_delete(&export_types);

  /* Exports, from an instance's objects. */
  wasm_functype_t *log_type = wasm_functype_new_2_0(wasm_valtype_new_i64(), wasm_valtype_new_externref());
  wasm_func_t *log = wasm_func_new(store, log_type, log_callback);
  wasm_functype_delete(log_type);
  wasm_globaltype_t *counter_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t zero = WASM_I32_VAL(0);
  wasm_global_t *counter = wasm_global_new(store, counter_type, &zero);
  wasm_globaltype_delete(counter_type);
  wasm_limits_t table_limits = {1, wasm_limits_max_default};
  wasm_tabletype_t *table_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &table_limits);
  wasm_table_t *table = wasm_table_new(store, table_type, NULL);
  wasm_tabletype_delete(table_type);
  CHECK(log && counter && table);

  wasm_extern_t *externs[] = {wasm_func_as_extern(log), wasm_global_as_extern(counter),
                              wasm_table_as_extern(table)};
  wasm_instance_t *instance = instantiate(store, module, externs, 3);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 4);
  for (size_t i = 0; i < exports.size; i++) {
    CHECK(wasm_extern_kind(exports.data[i]) == export_kinds[i]);
    wasm_externtype_t *type = wasm_extern_type(exports.data[i]);
    check_export_type(i, type);
    wasm_externtype_t *copy = wasm_externtype_copy(type);
    check_export_type(i, copy);
    wasm_externtype_delete(copy);
    wasm_externtype_delete(type);
  }

  /* Conversions between an extern and its object are checked. */
  wasm_extern_t *func_extern = exports.data[0];
  CHECK(wasm_extern_as_func(func_extern) && !wasm_extern_as_memory(func_extern));
  CHECK(wasm_func_as_extern(wasm_extern_as_func(func_extern)) == func_extern);
  CHECK(wasm_extern_as_global_const(exports.data[1]) && !wasm_extern_as_table_const(exports.data[1]));
  wasm_ref_t *ref = wasm_extern_as_ref(func_extern);
  CHECK(wasm_ref_as_func(ref) && wasm_ref_as_extern(ref) == func_extern && !wasm_ref_as_trap(ref));
  CHECK(!wasm_ref_as_instance(ref) && !wasm_ref_as_module_const(ref));
  CHECK(wasm_ref_as_instance(wasm_instance_as_ref(instance)) == instance);
  CHECK(wasm_ref_as_module(wasm_module_as_ref(module)) == module);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(log);
  wasm_global_delete(counter);
  wasm_table_delete(table);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
