/*
 * test_accumulator.c - the f64 and i32 accumulators: an operation whose
 * operand the operation right before it computed takes it from a register
 * instead of its slot.
 *
 * f64: an add, sub, mul or div (the `_accb`/`_accc` forms: compile.c,
 * acc_form). Each form, on either side of the non-commutative operators,
 * and after the producers fused with a multiplication or a load, against
 * the same expression computed through a local (which the translator never
 * reads from the register), bit for bit over zeros, infinities, NaN and
 * overflow, except which NaN comes out when both operands are NaN: Wasm
 * leaves that open, x86 returns the first source, and the compiler may
 * order a commutative operation either way (so husk's result is fixed per
 * module, not per expression).
 *
 * i32: every `_acc` form (compile.c, acc_forms), after an i32 operator or
 * load, against the same expression with a copy between the producer and
 * the consumer (which then reads its slot), on both engine kinds: loads
 * whose address comes from the register, and one that traps, included.
 *
 * For both, a value that reaches an operator through a label (a branch
 * carrying another value) must not come from the register.
 */
#include "../common/api.h"

#include <math.h>

/* Each expression over x, y, z, as WAT with %s for where the inner
 * operation goes, and the inner operation. */
static const struct form {
  const char *name, *outer, *inner, *op;
} forms[] = {
  {"add_accb", "(f64.add %s (local.get 2))", "(f64.div (local.get 0) (local.get 1))", "f64_add_accb"},
  {"add_accc", "(f64.add (local.get 2) %s)", "(f64.div (local.get 0) (local.get 1))", "f64_add_accc"},
  {"sub_accb", "(f64.sub %s (local.get 2))", "(f64.div (local.get 0) (local.get 1))", "f64_sub_accb"},
  {"sub_accc", "(f64.sub (local.get 2) %s)", "(f64.div (local.get 0) (local.get 1))", "f64_sub_accc"},
  {"mul_accb", "(f64.mul %s (local.get 2))", "(f64.add (local.get 0) (local.get 1))", "f64_mul_accb"},
  {"mul_accc", "(f64.mul (local.get 2) %s)", "(f64.add (local.get 0) (local.get 1))", "f64_mul_accc"},
  {"div_accb", "(f64.div %s (local.get 2))", "(f64.sub (local.get 0) (local.get 1))", "f64_div_accb"},
  {"div_accc", "(f64.div (local.get 2) %s)", "(f64.sub (local.get 0) (local.get 1))", "f64_div_accc"},
  /* producers fused with a multiplication, and with a load (1.5 at 0) */
  {"after_mul_add", "(f64.sub %s (local.get 0))",
   "(f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2))", "f64_mul_add f64_sub_accb"},
  {"after_add_load", "(f64.mul %s (local.get 2))", "(f64.add (local.get 0) (f64.load (i32.const 0)))",
   "f64_add_load f64_mul_accb"},
};
#define FORMS (sizeof forms / sizeof forms[0])

/* A chain of four, each reading the one before from the register. */
static const char chain[] =
  "(f64.div (f64.sub (f64.mul (f64.add (local.get 0) (local.get 1)) (local.get 2)) (local.get 0)) (local.get 1))";
static const char chain_through_locals[] =
  "(local.set 3 (f64.add (local.get 0) (local.get 1))) (local.set 3 (f64.mul (local.get 3) (local.get 2)))"
  " (local.set 3 (f64.sub (local.get 3) (local.get 0))) (f64.div (local.get 3) (local.get 1))";

/* Whether the listing shows `ops` ("op" or "producer consumer") on
 * consecutive lines, in the guarded or the _checked form. */
static bool listing_shows(const char *listing, const char *ops) {
  char first[64], second[64] = "";
  if (sscanf(ops, "%63s %63s", first, second) < 1) return false;
  if (!*second) return listing_has_access(listing, first);
  for (const char *at = listing; (at = strstr(at, first)); at++) {
    const char *end = strchr(at, '\n'), *next = end ? strchr(end + 1, '\n') : NULL;
    if (!end || !next) return false;
    char line[256];
    snprintf(line, sizeof line, "%.*s ", (int)(next - end), end);
    if ((at[-1] == ' ') && strstr(line, second)) return true;
  }
  return false;
}

static uint64_t bits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

/* The bits of export name's result for (x, y, z). */
static uint64_t call3(husk_store *st, husk_instance *inst, const char *name, double x, double y, double z) {
  husk_val args[3] = {husk_val_f64(x), husk_val_f64(y), husk_val_f64(z)}, r = husk_val_f64(0);
  husk_trap *t = husk_func_call(st, export_func(inst, name), args, 3, &r, 1);
  CHECK(!t, "%s traps", name);
  husk_trap_delete(t);
  return r.of.f64_bits;
}

/* Appends to buf (of size, len used) two functions of `signature` per form:
 * NAME, the expression, and NAME_ref, the inner operation set to local 3,
 * then `between`, then the outer one reading local 3. Returns the new len. */
static int append_forms(char *buf, size_t size, int len, const struct form *list, size_t n,
                        const char *signature, const char *between) {
  for (size_t i = 0; i < n; i++) {
    char direct[320], through[320];
    snprintf(direct, sizeof direct, list[i].outer, list[i].inner);
    snprintf(through, sizeof through, list[i].outer, "(local.get 3)");
    len += snprintf(buf + len, size - len,
                    " (func (export \"%s\") %s %s) (func (export \"%s_ref\") %s (local.set 3 %s) %s %s)",
                    list[i].name, signature, direct, list[i].name, signature, list[i].inner, between, through);
  }
  return len;
}

static void test_forms(husk_engine *e) {
  static char wat[1 << 15];
  int len = snprintf(wat, sizeof wat, "(module (memory 1) (data (i32.const 0) \"\\00\\00\\00\\00\\00\\00\\f8\\3f\")");
  len = append_forms(wat, sizeof wat, len, forms, FORMS, "(param f64 f64 f64) (result f64) (local f64)", "");
  len += snprintf(wat + len, sizeof wat - len,
                  " (func (export \"chain\") (param f64 f64 f64) (result f64) (local f64) %s)"
                  " (func (export \"chain_ref\") (param f64 f64 f64) (result f64) (local f64) %s)",
                  chain, chain_through_locals);
  /* The block's value is 5 when x > 0 (the branch carries it), though a
   * multiplication ran last before the branch; else x / 2. */
  snprintf(wat + len, sizeof wat - len,
           " (func (export \"through_label\") (param f64 f64 f64) (result f64)"
           "  (f64.add (block (result f64)"
           "    (drop (f64.mul (local.get 0) (local.get 0)))"
           "    (drop (br_if 0 (f64.const 5) (f64.gt (local.get 0) (f64.const 0))))"
           "    (f64.div (local.get 0) (f64.const 2)))"
           "   (local.get 1))))");
  husk_module *m;
  husk_store *st;
  husk_instance *inst = instantiate(e, wat, &m, &st);
  if (!inst) return;
  char *listing = bytecode_listing(m);
  for (size_t i = 0; listing && i < FORMS; i++)
    CHECK(listing_shows(listing, forms[i].op), "%s is used", forms[i].op);

  const double values[] = {1.5, -2.25, 0.0, -0.0, 3.0, 1e308, -1e308, INFINITY, -INFINITY, NAN, 7e-310};
  const size_t n = sizeof values / sizeof values[0];
  for (size_t i = 0; i < FORMS + 1; i++) {
    const char *name = i < FORMS ? forms[i].name : "chain";
    char ref[32];
    snprintf(ref, sizeof ref, "%s_ref", name);
    int mismatches = 0;
    for (size_t a = 0; a < n; a++)
      for (size_t b = 0; b < n; b++)
        for (size_t c = 0; c < n; c++) {
          double x = values[a], y = values[b], z = values[c];
          uint64_t got = call3(st, inst, name, x, y, z), want = call3(st, inst, ref, x, y, z);
          bool both_nan = (got << 1) > (0x7ffull << 53) && (want << 1) > (0x7ffull << 53);
          if (got != want && !both_nan && mismatches++ < 3)
            CHECK(false, "%s(%g, %g, %g) = %#llx, through a local %#llx", name, x, y, z,
                  (unsigned long long)got, (unsigned long long)want);
        }
    CHECK(!mismatches, "%s: %d results differ from the reference", name, mismatches);
  }
  CHECK(call3(st, inst, "through_label", 3.0, 1.0, 0) == bits(6.0), "the branch's value, not the product");
  CHECK(call3(st, inst, "through_label", -3.0, 1.0, 0) == bits(-0.5), "the fallthrough's value");
  free(listing);
  husk_store_delete(st);
  husk_module_delete(m);
}

/* ---------------------------------------------------------------- i32 */

/* Each expression over x, y, z (i32) and memory, with %s for the inner
 * operation (the producer), and the consumer the listing must show. */
static const struct form i32_forms[] = {
  {"add_accb", "(i32.add %s (local.get 2))", "(i32.sub (local.get 0) (local.get 1))", "i32_add_accb"},
  {"add_accc", "(i32.add (local.get 2) %s)", "(i32.sub (local.get 0) (local.get 1))", "i32_add_accc"},
  {"sub_accb", "(i32.sub %s (local.get 2))", "(i32.and (local.get 0) (local.get 1))", "i32_sub_accb"},
  {"sub_accc", "(i32.sub (local.get 2) %s)", "(i32.and (local.get 0) (local.get 1))", "i32_sub_accc"},
  {"and_accb", "(i32.and %s (local.get 2))", "(i32.or (local.get 0) (local.get 1))", "i32_and_accb"},
  {"and_accc", "(i32.and (local.get 2) %s)", "(i32.or (local.get 0) (local.get 1))", "i32_and_accc"},
  {"or_accb", "(i32.or %s (local.get 2))", "(i32.xor (local.get 0) (local.get 1))", "i32_or_accb"},
  {"or_accc", "(i32.or (local.get 2) %s)", "(i32.xor (local.get 0) (local.get 1))", "i32_or_accc"},
  {"xor_accb", "(i32.xor %s (local.get 2))", "(i32.mul (local.get 0) (local.get 1))", "i32_xor_accb"},
  {"xor_accc", "(i32.xor (local.get 2) %s)", "(i32.mul (local.get 0) (local.get 1))", "i32_xor_accc"},
  {"add_imm", "(i32.add %s (i32.const -5))", "(i32.or (local.get 0) (local.get 1))", "i32_add_imm_acc"},
  {"mul_imm", "(i32.mul %s (i32.const 12))", "(i32.add (local.get 0) (local.get 1))", "i32_mul_imm_acc"},
  {"and_imm", "(i32.and %s (i32.const 0xff0))", "(i32.sub (local.get 0) (local.get 1))", "i32_and_imm_acc"},
  {"or_imm", "(i32.or %s (i32.const 0x80000001))", "(i32.sub (local.get 0) (local.get 1))", "i32_or_imm_acc"},
  {"xor_imm", "(i32.xor %s (i32.const -1))", "(i32.rotl (local.get 0) (local.get 1))", "i32_xor_imm_acc"},
  {"shl_imm", "(i32.shl %s (i32.const 35))", "(i32.sub (local.get 0) (local.get 1))", "i32_shl_imm_acc"},
  {"shr_u_imm", "(i32.shr_u %s (i32.const 7))", "(i32.sub (local.get 0) (local.get 1))", "i32_shr_u_imm_acc"},
  {"sadd", "(i32.add (i32.shl %s (i32.const 2)) (local.get 2))", "(i32.sub (local.get 0) (local.get 1))",
   "i32_sadd_accb"},
  {"saddi", "(i32.add (i32.mul %s (i32.const 12)) (i32.const 1000))", "(i32.sub (local.get 0) (local.get 1))",
   "i32_saddi_accb"},
  {"funnel", "(i32.or (i32.shl %s (i32.const 8)) (i32.shr_u (local.get 2) (i32.const 24)))",
   "(i32.sub (local.get 0) (local.get 1))", "i32_funnel_accb"},
  {"add3", "(i32.add %s (i32.add (local.get 0) (local.get 1)))", "(i32.sub (local.get 2) (local.get 0))",
   "i32_add3_accd"},
  {"rotl_xor", "(i32.xor %s (i32.rotl (local.get 0) (i32.const 7)))", "(i32.sub (local.get 2) (local.get 0))",
   "i32_rotl_xor_accd"},
  {"shr_u_xor", "(i32.xor %s (i32.shr_u (local.get 0) (i32.const 13)))", "(i32.sub (local.get 2) (local.get 0))",
   "i32_shr_u_xor_accd"},
  {"shl_xor", "(i32.xor %s (i32.shl (local.get 0) (i32.const 5)))", "(i32.sub (local.get 2) (local.get 0))",
   "i32_shl_xor_accd"},
  /* loads whose address, or index, the producer computed, and loads as producers */
  {"load32", "(i32.load offset=4 %s)", "(i32.mul (i32.and (local.get 0) (i32.const 0xff)) (i32.const 36))",
   "load32_acc"},
  {"load8_u", "(i32.load8_u offset=1 %s)", "(i32.mul (i32.and (local.get 0) (i32.const 0xff)) (i32.const 37))",
   "i32_load8_u_acc"},
  {"load32_addi", "(i32.load offset=2 (i32.add %s (i32.const 8)))", "(i32.and (local.get 0) (i32.const 0xfff0))",
   "load32_addi_acc"},
  {"load8_u_addi", "(i32.load8_u (i32.add %s (i32.const 3)))", "(i32.and (local.get 0) (i32.const 0xfff0))",
   "load8_u_addi_acc"},
  {"load32_saddi", "(i32.load offset=16 (i32.add (i32.shl %s (i32.const 2)) (i32.const 64)))",
   "(i32.and (local.get 0) (i32.const 0x3ff))", "load32_saddi_acc"},
  {"after_load", "(i32.sub %s (local.get 2))", "(i32.load (i32.and (local.get 1) (i32.const 0xfffc)))",
   "i32_sub_accb"},
  {"after_load8_s", "(i32.xor (local.get 2) %s)", "(i32.load8_s (i32.and (local.get 1) (i32.const 0xffff)))",
   "i32_xor_accc"},
  /* producers that are the second half of a bundle */
  {"after_add_half", "(i32.sub %s (local.get 2))", "(i32.add (i32.and (local.get 0) (i32.const 0xff)) (local.get 1))",
   "i32_sub_accb"},
  {"after_add_imm_half", "(i32.sub %s (local.get 2))", "(i32.add (i32.and (local.get 0) (i32.const 0xff0)) (i32.const 7))",
   "i32_sub_accb"},
  {"after_and_imm_half", "(i32.sub %s (local.get 2))", "(i32.and (i32.xor (local.get 0) (local.get 1)) (i32.const 0xff0f))",
   "i32_sub_accb"},
  {"after_shr_u_imm_half", "(i32.sub %s (local.get 2))", "(i32.shr_u (i32.add (local.get 0) (local.get 1)) (i32.const 3))",
   "i32_sub_accb"},
  {"after_xor_half", "(i32.sub %s (local.get 2))", "(i32.xor (i32.and (local.get 0) (i32.const 0xff)) (local.get 1))",
   "i32_sub_accb"},
  {"after_load8_u_half", "(i32.sub %s (local.get 2))", "(i32.load8_u (i32.and (local.get 0) (i32.const 0x7fff)))",
   "i32_sub_accb"},
  {"after_load16_u_half", "(i32.sub %s (local.get 2))", "(i32.load16_u (i32.and (local.get 0) (i32.const 0x7ffe)))",
   "i32_sub_accb"},
  /* the function's result, returned from the register */
  {"ret1", "%s", "(i32.rotl (local.get 0) (local.get 1))", "ret1_acc"},
};
#define I32_FORMS (sizeof i32_forms / sizeof i32_forms[0])

/* Whether function `index`'s part of the listing shows op (guarded or
 * _checked). */
static bool function_shows(const char *listing, size_t index, const char *op) {
  char header[32];
  snprintf(header, sizeof header, "func[%zu] ", index);
  const char *from = strstr(listing, header);
  if (!from) return false;
  const char *to = strstr(from + 1, "func[");
  char *part = strndup(from, to ? (size_t)(to - from) : strlen(from));
  bool shown = part && listing_has_access(part, op);
  free(part);
  return shown;
}

/* Export name's i32 result for (x, y, z), or `trapped` set. */
static uint32_t call_i32(husk_store *st, husk_instance *inst, const char *name, uint32_t x, uint32_t y, uint32_t z,
                         bool *trapped) {
  husk_val args[3] = {husk_val_i32((int32_t)x), husk_val_i32((int32_t)y), husk_val_i32((int32_t)z)};
  husk_val r = husk_val_i32(0);
  husk_trap *t = husk_func_call(st, export_func(inst, name), args, 3, &r, 1);
  *trapped = t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB;
  CHECK(!t || *trapped, "%s traps other than out of bounds", name);
  husk_trap_delete(t);
  return (uint32_t)r.of.i32;
}

static void test_i32_forms(husk_engine *e) {
  static char funcs[1 << 15];
  /* The reference copies a parameter between producer and consumer: the
   * i32 forms are chosen after translation, where a local is a slot. */
  int len = append_forms(funcs, sizeof funcs, 0, i32_forms, I32_FORMS,
                         "(param i32 i32 i32) (result i32) (local i32 i32)", "(local.set 4 (local.get 0))");
  /* The address, from the register, is x | 0x100 + 2^32 - 16: out of
   * bounds past 2^32, whatever the engine kind. */
  len += snprintf(funcs + len, sizeof funcs - len,
                  " (func (export \"load_oob\") (param i32 i32 i32) (result i32)"
                  "  (i32.load offset=0xfffffff0 (i32.or (local.get 0) (i32.const 0x100))))");
  /* A switch on x - y, the index from the register (br_table_acc): 10, 11
   * or 12 for 0, 1 or 2, else 13. */
  len += snprintf(funcs + len, sizeof funcs - len,
                  " (func (export \"switch\") (param i32 i32 i32) (result i32)"
                  "  (block (block (block (block"
                  "    (br_table 0 1 2 3 (i32.sub (local.get 0) (local.get 1))))"
                  "    (return (i32.const 10))) (return (i32.const 11))) (return (i32.const 12)))"
                  "  (i32.const 13))");
  /* The block's value is 5 when x > 0 (the branch carries it), though a
   * xor ran last before the block's end; else x ^ 3. */
  snprintf(funcs + len, sizeof funcs - len,
           " (func (export \"through_label\") (param i32 i32 i32) (result i32)"
           "  (i32.add (block (result i32)"
           "    (drop (i32.sub (local.get 0) (local.get 1)))"
           "    (drop (br_if 0 (i32.const 5) (i32.gt_s (local.get 0) (i32.const 0))))"
           "    (i32.xor (local.get 0) (i32.const 3)))"
           "   (local.get 1)))");
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *mem = instantiate_with_memory(e, funcs, &m, &st, &inst);
  if (mem) {
    fill_memory(mem, 65536);
    char *listing = bytecode_listing(m);
    for (size_t i = 0; listing && i < I32_FORMS; i++)
      CHECK(function_shows(listing, 2 * i, i32_forms[i].op), "%s is used", i32_forms[i].op);
    CHECK(listing && function_shows(listing, 2 * I32_FORMS + 1, "br_table_acc"), "br_table_acc is used");
    free(listing);
    static const uint32_t xs[] = {0, 1, 7, 31, 0x10000000u, 0x80000001u, 0xfffffff0u, 0xffffffffu, 0x12345u};
    enum { XS = sizeof xs / sizeof xs[0] };
    for (size_t i = 0; i < I32_FORMS; i++) {
      char ref[40];
      snprintf(ref, sizeof ref, "%s_ref", i32_forms[i].name);
      int mismatches = 0;
      for (size_t a = 0; a < XS; a++)
        for (size_t b = 0; b < XS; b++)
          for (size_t c = 0; c < XS; c++) {
            bool trapped, ref_trapped;
            uint32_t got = call_i32(st, inst, i32_forms[i].name, xs[a], xs[b], xs[c], &trapped);
            uint32_t want = call_i32(st, inst, ref, xs[a], xs[b], xs[c], &ref_trapped);
            if ((got != want || trapped || ref_trapped) && mismatches++ < 3)
              CHECK(false, "%s(%#x, %#x, %#x) = %#x%s, with a copy between %#x%s", i32_forms[i].name, xs[a],
                    xs[b], xs[c], got, trapped ? " (trapped)" : "", want, ref_trapped ? " (trapped)" : "");
          }
      CHECK(!mismatches, "%s: %d results differ from the reference", i32_forms[i].name, mismatches);
    }
    bool trapped;
    call_i32(st, inst, "load_oob", 0, 0, 0, &trapped);
    CHECK(trapped, "an address from the register past 2^32 traps");
    for (uint32_t x = 0; x < 6; x++) {
      uint32_t want = x < 3 ? 10 + x : 13;
      CHECK(call_i32(st, inst, "switch", x + 7, 7, 0, &trapped) == want, "switch(%u) = %u", x, want);
    }
    CHECK(call_i32(st, inst, "switch", 0, 1, 0, &trapped) == 13, "switch(-1): the default");
    CHECK(call_i32(st, inst, "through_label", 3, 10, 0, &trapped) == 15, "the branch's value, not the xor");
    CHECK(call_i32(st, inst, "through_label", 0xfffffffcu, 10, 0, &trapped) == (0xfffffffcu ^ 3) + 10,
          "the fallthrough's value");
  }
  husk_store_delete(st);
  husk_module_delete(m);
}

int main(void) {
  husk_engine *e = engine_with(true, false);
  if (!e) return 1;
  test_forms(e);
  on_both_engines(e, test_i32_forms);
  husk_engine_delete(e);
  return test_report("accumulator");
}
