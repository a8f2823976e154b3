/*
 * test_accumulator.c - an f64 add, sub, mul or div whose operand the f64
 * operation right before it computed takes it from a register (the
 * `_accb`/`_accc` forms: compile.c, acc_form). Each form, on either side of
 * the non-commutative operators, and after the producers fused with a
 * multiplication or a load, against the same expression computed
 * through a local (which the translator never reads from the register), bit
 * for bit over zeros, infinities, NaN and overflow, except which NaN comes
 * out when both operands are NaN: Wasm leaves that open, x86 returns the
 * first source, and the compiler may order a commutative operation either
 * way (so husk's result is fixed per module, not per expression). A value that reaches an
 * operator through a label (a branch carrying another value) must not come
 * from the register.
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

static void test_forms(husk_engine *e) {
  static char wat[1 << 15];
  int len = snprintf(wat, sizeof wat, "(module (memory 1) (data (i32.const 0) \"\\00\\00\\00\\00\\00\\00\\f8\\3f\")");
  for (size_t i = 0; i < FORMS; i++) {
    char direct[256], through[256];
    snprintf(direct, sizeof direct, forms[i].outer, forms[i].inner);
    snprintf(through, sizeof through, forms[i].outer, "(local.get 3)");
    len += snprintf(wat + len, sizeof wat - len,
                    " (func (export \"%s\") (param f64 f64 f64) (result f64) (local f64) %s)"
                    " (func (export \"%s_ref\") (param f64 f64 f64) (result f64) (local f64)"
                    "  (local.set 3 %s) %s)",
                    forms[i].name, direct, forms[i].name, forms[i].inner, through);
  }
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

int main(void) {
  husk_engine *e = engine_with(true, false);
  if (!e) return 1;
  test_forms(e);
  husk_engine_delete(e);
  return test_report("accumulator");
}
