/*
 * test_constant_address.c - a load or store whose address is a constant has
 * it folded into its offset (compile.c, fold_constant_address) when the sum
 * fits 32 bits, and keeps it otherwise: either way the access reaches the
 * byte the 33-bit sum names, or traps, on both kinds of engine. Folded
 * addresses leave no constant in the function's pool.
 */
#include "../common/api.h"

#define MEMORY_SIZE 65536u

static const char funcs[] =
  " (func (export \"load_at_104\") (result i32) (i32.load offset=4 (i32.const 100)))"
  " (func (export \"store_last_word\") (param i32) (i32.store (i32.const 65532) (local.get 0)))"
  " (func (export \"store_straddling\") (param i32) (i32.store (i32.const 65533) (local.get 0)))"
  " (func (export \"sum_is_2_32\") (result i32) (i32.load8_u offset=1 (i32.const -1)))"
  " (func (export \"sum_past_2_32\") (result i32) (i32.load8_u offset=0x20 (i32.const 0xfffffff0)))"
  " (func (export \"offset_max\") (result i32) (i32.load8_u offset=0xffffffff (i32.const 0)))"
  " (func (export \"offset_max_plus_1\") (result i32) (i32.load8_u offset=0xffffffff (i32.const 1)))"
  " (func (export \"add_in_place\") (param i32)"
  "  (i32.store offset=8 (i32.const 192) (i32.add (i32.load offset=8 (i32.const 192)) (local.get 0))))";

static uint32_t word_at(const uint8_t *mem, uint32_t at) {
  uint32_t w;
  memcpy(&w, mem + at, 4);
  return w;
}

/* Calls export name with at most one i32 argument; the i32 result, or the
 * trap code (negated) when it traps. */
static int64_t call(husk_store *st, husk_instance *inst, const char *name, int nargs, int32_t arg) {
  husk_val a = husk_val_i32(arg), r = husk_val_i32(0);
  husk_func *f = export_func(inst, name);
  CHECK(f, "export %s", name);
  if (!f) return 0;
  uint32_t nresults = husk_func_type(f).result_count;
  husk_trap *t = husk_func_call(st, f, &a, (size_t)nargs, &r, nresults);
  int64_t out = t ? -(int64_t)husk_trap_code_of(t) : (uint32_t)r.of.i32;
  husk_trap_delete(t);
  return out;
}

static void test_accesses(husk_engine *e) {
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *mem = instantiate_with_memory(e, funcs, &m, &st, &inst);
  if (!mem) return;
  const int64_t oob = -(int64_t)HUSK_TRAP_MEMORY_OOB;
  fill_memory(mem, MEMORY_SIZE);
  static uint8_t before[MEMORY_SIZE];
  memcpy(before, mem, MEMORY_SIZE);

  CHECK(call(st, inst, "load_at_104", 0, 0) == word_at(before, 104), "a folded load reads 100 + 4");
  CHECK(call(st, inst, "store_last_word", 1, 0x01020304) == 0 && word_at(mem, 65532) == 0x01020304,
        "a folded store writes the last word");
  memcpy(before, mem, MEMORY_SIZE);
  CHECK(call(st, inst, "store_straddling", 1, -1) == oob, "a store straddling the end traps");
  CHECK(!memcmp(before, mem, MEMORY_SIZE), "and writes nothing");
  CHECK(call(st, inst, "sum_is_2_32", 0, 0) == oob, "0xffffffff + 1 is 2^32, out of bounds, not 0");
  CHECK(call(st, inst, "sum_past_2_32", 0, 0) == oob, "0xfffffff0 + 0x20 does not wrap to 0x10");
  CHECK(call(st, inst, "offset_max", 0, 0) == oob, "offset 0xffffffff at address 0 traps");
  CHECK(call(st, inst, "offset_max_plus_1", 0, 0) == oob, "offset 0xffffffff at address 1 traps");
  uint32_t was = word_at(mem, 200);
  CHECK(call(st, inst, "add_in_place", 1, 5) == 0 && word_at(mem, 200) == was + 5,
        "a constant address read, modified and written back");

  char *listing = bytecode_listing(m);
  /* The sums that fit leave only a zero; those past 2^32 keep their address. */
  CHECK(listing && !strstr(listing, "= 0x64\n") && !strstr(listing, "= 0xfffc\n") &&
        !strstr(listing, "= 0xc0\n") && strstr(listing, "= 0xffffffff\n"),
        "folded addresses are not pooled:\n%s", listing ? listing : "");
  free(listing);
  husk_store_delete(st);
  husk_module_delete(m);
}

int main(void) {
  husk_engine *e = engine_with(true, false);
  if (!e) return 1;
  on_both_engines(e, test_accesses);
  husk_engine_delete(e);
  return test_report("constant_address");
}
