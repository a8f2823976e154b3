/*
 * multi - functions with several parameters and results, in both
 * directions; f32/f64 bit patterns (NaN payloads) survive a round trip.
 */
#include "common.h"

/* Returns its arguments in reverse order. */
static wasm_trap_t *reverse_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  CHECK(args->size == results->size);
  for (size_t i = 0; i < args->size; i++) {
    CHECK(results->data[i].kind == args->data[args->size - 1 - i].kind);
    wasm_val_copy(&results->data[i], &args->data[args->size - 1 - i]);
  }
  return NULL;
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "multi.wasm");

  wasm_valtype_t *ps[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                           wasm_valtype_new_i32()};
  wasm_valtype_t *rs[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                           wasm_valtype_new_i32()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 4, ps);
  wasm_valtype_vec_new(&results, 4, rs);
  wasm_functype_t *type = wasm_functype_new(&params, &results);
  wasm_func_t *reverse = wasm_func_new(store, type, reverse_callback);
  wasm_functype_delete(type);

  wasm_extern_t *imports[] = {wasm_func_as_extern(reverse)};
  wasm_instance_t *instance = instantiate(store, module, imports, 1);
  wasm_module_delete(module);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t *g = export_func(&exports, 0);

  /* g swaps the middle two, the host reverses all four. */
  wasm_val_t as[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3), WASM_I32_VAL(4)};
  wasm_val_t out[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), res = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(g, &args, &res) == NULL);
  printf("> %" PRId32 " %" PRId64 " %" PRId64 " %" PRId32 "\n", out[0].of.i32, out[1].of.i64,
         out[2].of.i64, out[3].of.i32);
  CHECK(out[0].kind == WASM_I32 && out[0].of.i32 == 4);
  CHECK(out[1].kind == WASM_I64 && out[1].of.i64 == 2);
  CHECK(out[2].kind == WASM_I64 && out[2].of.i64 == 3);
  CHECK(out[3].kind == WASM_I32 && out[3].of.i32 == 1);

  /* Floats, called directly on the host function: bits are kept exactly. */
  wasm_functype_t *ftype = wasm_functype_new_2_2(wasm_valtype_new_f32(), wasm_valtype_new_f64(),
                                                 wasm_valtype_new_f64(), wasm_valtype_new_f32());
  wasm_func_t *freverse = wasm_func_new(store, ftype, reverse_callback);
  wasm_functype_delete(ftype);
  uint32_t nan32 = 0x7fa00001;   /* a signalling NaN with a payload */
  uint64_t nan64 = 0xfff0000000000123ull;
  wasm_val_t fas[2] = {{.kind = WASM_F32}, {.kind = WASM_F64}};
  memcpy(&fas[0].of.f32, &nan32, 4);
  memcpy(&fas[1].of.f64, &nan64, 8);
  wasm_val_t fout[2];
  wasm_val_vec_t fargs = WASM_ARRAY_VEC(fas), fres = WASM_ARRAY_VEC(fout);
  CHECK(wasm_func_call(freverse, &fargs, &fres) == NULL);
  CHECK(fout[0].kind == WASM_F64 && memcmp(&fout[0].of.f64, &nan64, 8) == 0);
  CHECK(fout[1].kind == WASM_F32 && memcmp(&fout[1].of.f32, &nan32, 4) == 0);

  wasm_func_delete(freverse);
  wasm_func_delete(reverse);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
