/*
 * test_dispatch_copies.c - tail duplication of a switch's dispatch
 * (src/wasm/compile.c, duplicate_tails). A bytecode interpreter's cases end
 * by jumping to a shared step (pc += 1), which jumps to the loop's fetch
 * and br_table. Two passes give every case its own step and its own
 * br_table: the listing shows the table once per case. Programs of every
 * opcode run against C on engines with guard pages and explicit checks,
 * metering fuel or not: the copies charge what the shared code did, so a
 * program's fuel depends only on which opcodes it runs, not on their order.
 */
#include "../common/api.h"

/* Opcodes: 0 halt, 1 acc += 1, 2 acc *= 3, 3 acc ^= 0x55, 4 acc -= pc
 * (the copy of the step must have advanced pc), anything else halts. */
static const char *const vm_wat =
  "(module (memory (export \"mem\") 1)"
  " (func (export \"run\") (param $pc i32) (result i32) (local $acc i32)"
  "  (loop $top"
  "   (block $step"
  "    (block $c4 (block $c3 (block $c2 (block $c1 (block $c0"
  "     (br_table $c0 $c1 $c2 $c3 $c4 $c0 (i32.load8_u (local.get $pc))))"
  "     (return (local.get $acc)))"
  "    (local.set $acc (i32.add (local.get $acc) (i32.const 1))) (br $step))"
  "    (local.set $acc (i32.mul (local.get $acc) (i32.const 3))) (br $step))"
  "    (local.set $acc (i32.xor (local.get $acc) (i32.const 0x55))) (br $step))"
  "    (local.set $acc (i32.sub (local.get $acc) (local.get $pc))))"
  "   (local.set $pc (i32.add (local.get $pc) (i32.const 1)))"
  "   (br $top))"
  "  unreachable))";

static uint32_t vm_model(const uint8_t *code, uint32_t pc) {
  uint32_t acc = 0;
  for (;; pc++) {
    switch (code[pc]) {
    case 1: acc += 1; break;
    case 2: acc *= 3; break;
    case 3: acc ^= 0x55; break;
    case 4: acc -= pc; break;
    default: return acc;
    }
  }
}

/* Runs the program at `at` (written there first), checks its result and
 * returns the fuel it consumed. */
static uint64_t run_program(husk_store *s, husk_instance *inst, uint8_t *mem, uint32_t at,
                            const uint8_t *program, size_t n) {
  memcpy(mem + at, program, n);
  uint64_t before = husk_store_fuel_consumed(s);
  husk_val arg = husk_val_i32((int32_t)at), r;
  husk_trap *t = husk_func_call(s, export_func(inst, "run"), &arg, 1, &r, 1);
  uint32_t want = vm_model(mem, at);
  CHECK(!t && (uint32_t)r.of.i32 == want, "run(%u) = %u, want %u", at, t ? 0 : (uint32_t)r.of.i32, want);
  husk_trap_delete(t);
  return husk_store_fuel_consumed(s) - before;
}

static void test_vm_on(bool guard_pages, bool metered) {
  husk_engine *e = engine_with(guard_pages, metered);
  husk_module *m = NULL;
  husk_store *s = NULL;
  husk_instance *inst = e ? instantiate(e, vm_wat, &m, &s) : NULL;
  uint8_t *mem = inst ? exported_memory(inst) : NULL;
  if (mem) {
    char *listing = bytecode_listing(m);
    int tables = 0;
    for (const char *p = listing; p && (p = strstr(p, "br_table")); p++) tables++;
    /* The loop's own, its step's, and one in each of cases 1 to 3. */
    CHECK(!listing || tables == 5, "br_table appears %d times, want 5 (one per case)", tables);
    free(listing);
    if (metered) CHECK(!husk_store_set_fuel(s, 1000000));
    /* Every opcode after every other, at pcs from 0 to 300. */
    static const uint8_t program[] = {1, 1, 2, 3, 4, 2, 1, 4, 4, 3, 3, 2, 2, 1, 3, 1, 4, 0};
    for (uint32_t at = 0; at < 300; at += 37) run_program(s, inst, mem, at, program, sizeof program);
    /* The same opcodes in two orders cost the same fuel. */
    static const uint8_t forward[] = {1, 2, 3, 4, 1, 2, 3, 4, 9};
    static const uint8_t backward[] = {4, 3, 2, 1, 4, 3, 2, 1, 9};
    uint64_t f = run_program(s, inst, mem, 1000, forward, sizeof forward);
    uint64_t b = run_program(s, inst, mem, 2000, backward, sizeof backward);
    CHECK(!metered || (f == b && f > 0), "fuel %llu forward, %llu backward", (unsigned long long)f,
          (unsigned long long)b);
    /* A pc at the end of memory traps out of bounds in the fetch's copies. */
    mem[65535] = 1;
    husk_val arg = husk_val_i32(65535), r;
    husk_trap *t = husk_func_call(s, export_func(inst, "run"), &arg, 1, &r, 1);
    CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB, "a fetch past memory traps");
    husk_trap_delete(t);
  }
  husk_store_delete(s);
  husk_module_delete(m);
  husk_engine_delete(e);
}

int main(void) {
  for (int k = 0; k < 4; k++) test_vm_on(k & 1, k & 2);
  return test_report("dispatch_copies");
}
