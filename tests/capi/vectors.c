/*
 * vectors - the vector conventions of every family, and type objects:
 * new/empty/uninitialized/copy/delete, ownership of elements.
 */
#include "common.h"

int main(int argc, char **argv) {
  (void)wasm_dir(argc, argv);

  /* Bytes and names. */
  wasm_byte_vec_t bytes, copy;
  wasm_byte_vec_new(&bytes, 3, "abc");
  wasm_byte_vec_copy(&copy, &bytes);
  CHECK(copy.size == 3 && copy.data != bytes.data && memcmp(copy.data, "abc", 3) == 0);
  wasm_byte_vec_delete(&copy);
  CHECK(copy.size == 0 && copy.data == NULL);
  wasm_byte_vec_delete(&bytes);
  wasm_name_t name;
  wasm_name_new_from_string(&name, "hi");
  CHECK(name.size == 2);
  wasm_name_delete(&name);
  wasm_name_new_from_string_nt(&name, "hi");
  CHECK(name.size == 3 && name.data[2] == '\0');
  wasm_name_delete(&name);
  wasm_byte_vec_new_empty(&bytes);
  CHECK(bytes.size == 0);
  wasm_byte_vec_copy(&copy, &bytes);
  CHECK(copy.size == 0);
  wasm_byte_vec_delete(&copy);
  wasm_byte_vec_delete(&bytes);

  /* Value types: a vector owns its elements, copies are deep. */
  wasm_valtype_t *kinds[] = {wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_funcref()};
  wasm_valtype_vec_t types, types_copy;
  wasm_valtype_vec_new(&types, 3, kinds);
  wasm_valtype_vec_copy(&types_copy, &types);
  CHECK(types_copy.size == 3 && types_copy.data[1] != types.data[1]);
  CHECK(wasm_valtype_kind(types_copy.data[2]) == WASM_FUNCREF);
  CHECK(wasm_valtype_is_ref(types_copy.data[2]) && wasm_valtype_is_num(types_copy.data[0]));
  wasm_valtype_vec_delete(&types_copy);
  CHECK(wasm_valtype_new(77) == NULL);   /* no such kind */

  /* A function type takes its vectors. */
  wasm_valtype_vec_t results;
  wasm_valtype_vec_new_uninitialized(&results, 1);
  results.data[0] = wasm_valtype_new_externref();
  wasm_functype_t *ft = wasm_functype_new(&types, &results);
  CHECK(wasm_functype_params(ft)->size == 3 && wasm_functype_results(ft)->size == 1);
  wasm_functype_t *ft_copy = wasm_functype_copy(ft);
  wasm_functype_delete(ft);
  CHECK(wasm_valtype_kind(wasm_functype_results(ft_copy)->data[0]) == WASM_EXTERNREF);

  /* Extern types: conversions are checked both ways. */
  wasm_externtype_t *et = wasm_functype_as_externtype(ft_copy);
  CHECK(wasm_externtype_kind(et) == WASM_EXTERN_FUNC);
  CHECK(wasm_externtype_as_functype(et) == ft_copy && !wasm_externtype_as_memorytype(et));
  CHECK(wasm_externtype_as_functype_const(wasm_functype_as_externtype_const(ft_copy)) == ft_copy);

  /* Vectors of extern types, import and export types, made by hand. */
  wasm_limits_t limits = {1, 2};
  wasm_externtype_t *ets[] = {et, wasm_memorytype_as_externtype(wasm_memorytype_new(&limits))};
  wasm_externtype_vec_t etv, etv_copy;
  wasm_externtype_vec_new(&etv, 2, ets);
  wasm_externtype_vec_copy(&etv_copy, &etv);
  CHECK(wasm_memorytype_limits(wasm_externtype_as_memorytype(etv_copy.data[1]))->max == 2);
  wasm_externtype_vec_delete(&etv);

  wasm_name_t module_name, import_name, export_name;
  wasm_name_new_from_string(&module_name, "env");
  wasm_name_new_from_string(&import_name, "mem");
  wasm_name_new_from_string(&export_name, "fn");
  wasm_importtype_t *it = wasm_importtype_new(&module_name, &import_name, wasm_externtype_copy(etv_copy.data[1]));
  wasm_exporttype_t *xt = wasm_exporttype_new(&export_name, wasm_externtype_copy(etv_copy.data[0]));
  CHECK(wasm_importtype_module(it)->size == 3 && memcmp(wasm_importtype_module(it)->data, "env", 3) == 0);
  CHECK(wasm_externtype_kind(wasm_importtype_type(it)) == WASM_EXTERN_MEMORY);
  CHECK(wasm_exporttype_name(xt)->size == 2 && wasm_externtype_kind(wasm_exporttype_type(xt)) == WASM_EXTERN_FUNC);
  wasm_importtype_vec_t itv;
  wasm_importtype_vec_new(&itv, 1, &it);
  wasm_importtype_vec_delete(&itv);
  wasm_exporttype_vec_t xtv;
  wasm_exporttype_vec_new(&xtv, 1, &xt);
  wasm_exporttype_vec_delete(&xtv);
  wasm_externtype_vec_delete(&etv_copy);

  /* Global and table types. */
  wasm_globaltype_t *gt = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
  wasm_globaltype_t *gt_copy = wasm_globaltype_copy(gt);
  wasm_globaltype_delete(gt);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(gt_copy)) == WASM_F32);
  CHECK(wasm_globaltype_mutability(gt_copy) == WASM_VAR);
  wasm_globaltype_vec_t gtv;
  wasm_globaltype_vec_new(&gtv, 1, &gt_copy);
  wasm_globaltype_vec_delete(&gtv);
  limits = (wasm_limits_t){0, wasm_limits_max_default};
  wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new_externref(), &limits);
  CHECK(wasm_tabletype_limits(tt)->max == wasm_limits_max_default);
  wasm_tabletype_vec_t ttv;
  wasm_tabletype_vec_new(&ttv, 1, &tt);
  wasm_tabletype_vec_delete(&ttv);

  /* Uninitialized vectors of objects may be deleted unfilled. */
  wasm_functype_vec_t ftv;
  wasm_functype_vec_new_uninitialized(&ftv, 4);
  wasm_functype_vec_delete(&ftv);
  wasm_memorytype_vec_t mtv;
  wasm_memorytype_vec_new_empty(&mtv);
  wasm_memorytype_vec_delete(&mtv);

  /* Values: vectors of values own their references. */
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  wasm_val_t vals[] = {WASM_I32_VAL(7), WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
  wasm_val_vec_t valv, valv_copy;
  wasm_val_vec_new(&valv, 2, vals);   /* takes the foreign handle */
  wasm_val_vec_copy(&valv_copy, &valv);
  CHECK(valv_copy.data[0].of.i32 == 7);
  CHECK(wasm_ref_same(valv_copy.data[1].of.ref, valv.data[1].of.ref));
  wasm_val_vec_delete(&valv);
  wasm_val_vec_delete(&valv_copy);
  wasm_val_vec_new_uninitialized(&valv, 3);
  wasm_val_vec_delete(&valv);

  /* Extern vectors own their objects: a copy adds owners of the same ones. */
  limits = (wasm_limits_t){1, 1};
  wasm_memorytype_t *mt = wasm_memorytype_new(&limits);
  wasm_extern_t *xs[] = {wasm_memory_as_extern(wasm_memory_new(store, mt))};
  wasm_memorytype_delete(mt);
  wasm_extern_vec_t xv, xv_copy;
  wasm_extern_vec_new(&xv, 1, xs);
  wasm_extern_vec_copy(&xv_copy, &xv);
  CHECK(xv_copy.data[0] == xv.data[0] && wasm_extern_same(xv_copy.data[0], xv.data[0]));
  wasm_extern_vec_delete(&xv);
  CHECK(wasm_memory_size(wasm_extern_as_memory(xv_copy.data[0])) == 1);
  wasm_extern_vec_delete(&xv_copy);
  wasm_frame_vec_t fv;
  wasm_frame_vec_new_empty(&fv);
  wasm_frame_vec_delete(&fv);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
