/*
 * test_bundles.c - bundles (src/wasm/ops.h: two adjacent instructions in
 * one dispatch). Every pair of halves is a function whose second half reads
 * what the first wrote (or is skipped when the first branches), run against a model in C on inputs that land in
 * bounds, at the end of memory and past it: the results, the memory after,
 * and a trap in either half (the first half's effects stay, the second's
 * never happen), on both kinds of engine. The listing must show each pair
 * as its bundle. And a second instruction that a branch targets must stay
 * an instruction of its own.
 */
#include "../common/api.h"

#define MEMORY_SIZE 65536u
#define K_ADD ((uint32_t)-7)
#define K_AND 0xff0fu
#define K_SHIFT 3u
#define OFF_LOAD32 4u
#define OFF_LOAD8 1u
#define OFF_LOAD16 2u
#define K_EQ 7u
#define OFF_STORE 8u

/* The model: locals L0..L6 (L0..L3 the parameters) and the memory. */
typedef struct { uint32_t L[7]; uint8_t *mem; bool trapped; } model;

static bool in_bounds(uint32_t addr, uint32_t offset, uint32_t n) {
  return (uint64_t)addr + offset + n <= MEMORY_SIZE;
}

/* Each half writes L[d] (or memory) from L[a] and L[b]; a branch half
 * skips the instruction that sets L6 (see the body in test_pairs_on). */
static void m_copy(model *m, int d, int a, int b) { (void)b; m->L[d] = m->L[a]; }
static void m_const(model *m, int d, int a, int b) { (void)a, (void)b; m->L[d] = (uint32_t)-5; }
static void m_add(model *m, int d, int a, int b) { m->L[d] = m->L[a] + m->L[b]; }
static void m_add_imm(model *m, int d, int a, int b) { (void)b; m->L[d] = m->L[a] + K_ADD; }
static void m_and_imm(model *m, int d, int a, int b) { (void)b; m->L[d] = m->L[a] & K_AND; }
static void m_shr_imm(model *m, int d, int a, int b) { (void)b; m->L[d] = m->L[a] >> K_SHIFT; }
static void m_xor(model *m, int d, int a, int b) { m->L[d] = m->L[a] ^ m->L[b]; }
static void m_load32(model *m, int d, int a, int b) {
  (void)b;
  if (!in_bounds(m->L[a], OFF_LOAD32, 4)) { m->trapped = true; return; }
  memcpy(&m->L[d], m->mem + m->L[a] + OFF_LOAD32, 4);
}
static void m_load8(model *m, int d, int a, int b) {
  (void)b;
  if (!in_bounds(m->L[a], OFF_LOAD8, 1)) { m->trapped = true; return; }
  m->L[d] = m->mem[m->L[a] + OFF_LOAD8];
}
static void m_load16(model *m, int d, int a, int b) {
  (void)b;
  if (!in_bounds(m->L[a], OFF_LOAD16, 2)) { m->trapped = true; return; }
  m->L[d] = m->mem[m->L[a] + OFF_LOAD16] | (uint32_t)m->mem[m->L[a] + OFF_LOAD16 + 1] << 8;
}
static void m_store32(model *m, int d, int a, int b) {
  (void)d;
  if (!in_bounds(m->L[a], OFF_STORE, 4)) { m->trapped = true; return; }
  memcpy(m->mem + m->L[a] + OFF_STORE, &m->L[b], 4);
}

/* The halves as WAT: %1$d the destination local, %2$d and %3$d the
 * operands. A branch leaves block $b, skipping what follows it. */
enum branch { NO_BRANCH, IF_NONZERO, IF_ZERO, IF_EQ, IF_NE };
static const struct half {
  const char *name, *wat;
  void (*run)(model *, int, int, int);
  enum branch branch;
} halves[] = {
  {"copy", "(local.set %1$d (local.get %2$d))", m_copy, 0},
  {"const32", "(local.set %1$d (i32.const -5))", m_const, 0},
  {"i32_add", "(local.set %1$d (i32.add (local.get %2$d) (local.get %3$d)))", m_add, 0},
  {"i32_add_imm", "(local.set %1$d (i32.add (local.get %2$d) (i32.const -7)))", m_add_imm, 0},
  {"i32_and_imm", "(local.set %1$d (i32.and (local.get %2$d) (i32.const 0xff0f)))", m_and_imm, 0},
  {"i32_shr_u_imm", "(local.set %1$d (i32.shr_u (local.get %2$d) (i32.const 3)))", m_shr_imm, 0},
  {"i32_xor", "(local.set %1$d (i32.xor (local.get %2$d) (local.get %3$d)))", m_xor, 0},
  {"load32", "(local.set %1$d (i32.load offset=4 (local.get %2$d)))", m_load32, 0},
  {"i32_load8_u", "(local.set %1$d (i32.load8_u offset=1 (local.get %2$d)))", m_load8, 0},
  {"i32_load16_u", "(local.set %1$d (i32.load16_u offset=2 (local.get %2$d)))", m_load16, 0},
  {"store32", "(i32.store offset=8 (local.get %2$d) (local.get %3$d))", m_store32, 0},
  {"br_if", "(br_if $b (local.get %2$d))", NULL, IF_NONZERO},
  {"br_unless", "(br_if $b (i32.eqz (local.get %2$d)))", NULL, IF_ZERO},
  {"br_i32_eq_imm", "(br_if $b (i32.eq (local.get %2$d) (i32.const 7)))", NULL, IF_EQ},
  {"br_i32_ne_imm", "(br_if $b (i32.ne (local.get %2$d) (i32.const 7)))", NULL, IF_NE},
};
#define HALVES (sizeof halves / sizeof halves[0])

/* First halves read L0, L1 into L4; second halves read L4, L2 into L5. */
enum { FIRST_DST = 4, FIRST_A = 0, FIRST_B = 1, SECOND_DST = 5, SECOND_A = 4, SECOND_B = 2 };

static bool is_pair(size_t f, size_t s) {
  /* Never two branches; two copies are a copy2 already. */
  return !(halves[f].branch && halves[s].branch) && !(halves[f].run == m_copy && halves[s].run == m_copy);
}

/* Runs half h in the model; false if it branched (or trapped). */
static bool run_half(model *m, const struct half *h, int d, int a, int b) {
  uint32_t v = m->L[a];
  switch (h->branch) {
  case NO_BRANCH: h->run(m, d, a, b); return !m->trapped;
  case IF_NONZERO: return v == 0;
  case IF_ZERO: return v != 0;
  case IF_EQ: return v != K_EQ;
  case IF_NE: return v == K_EQ;
  }
  return false;
}

static void pair_name(char *out, size_t size, size_t f, size_t s) {
  snprintf(out, size, "%s+%s", halves[f].name, halves[s].name);
}

/* What the listing shows for a pair: its bundle, unless a fusion took it
 * (a counter's step then a branch on it: while (--n)). */
static const char *expected_form(const char *pair) {
  static const char *const fused[][2] = {
    {"i32_add_imm+br_if", "add_br_i32_ne_imm"},
    {"i32_add_imm+br_i32_eq_imm", "add_br_i32_eq_imm"},
    {"i32_add_imm+br_i32_ne_imm", "add_br_i32_ne_imm"},
  };
  for (size_t i = 0; i < sizeof fused / sizeof fused[0]; i++)
    if (!strcmp(pair, fused[i][0])) return fused[i][1];
  return pair;
}

static void test_pairs_on(husk_engine *e) {
  static char funcs[1 << 17];
  int len = 0;
  for (size_t f = 0; f < HALVES; f++) {
    for (size_t s = 0; s < HALVES; s++) {
      if (!is_pair(f, s)) continue;
      char name[64], first[128], second[128];
      pair_name(name, sizeof name, f, s);
      snprintf(first, sizeof first, halves[f].wat, FIRST_DST, FIRST_A, FIRST_B);
      snprintf(second, sizeof second, halves[s].wat, SECOND_DST, SECOND_A, SECOND_B);
      len += snprintf(funcs + len, sizeof funcs - len,
        " (func (export \"%s\") (param i32 i32 i32 i32) (result i32 i32 i32) (local i32 i32 i32)"
        " (block $b %s %s (local.set 6 (i32.const 99)))"
        " (local.get 4) (local.get 5) (local.get 6))", name, first, second);
    }
  }
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, funcs, &m, &st, &inst);
  char *listing = data ? bytecode_listing(m) : NULL;
  static uint8_t want[MEMORY_SIZE];
  if (!listing) goto done;
  static const uint32_t l0s[] = {0, 4, 7, 1000, 65524, 65527, 65531, 65535, 0xfffffff9u};
  static const uint32_t l1s[] = {0, 0x12345678u};
  static const uint32_t l2s[] = {1, 0};
  for (size_t f = 0; f < HALVES; f++) {
    for (size_t s = 0; s < HALVES; s++) {
      if (!is_pair(f, s)) continue;
      char name[64];
      pair_name(name, sizeof name, f, s);
      CHECK(listing_has_access(listing, expected_form(name)), "%s is one instruction", name);
      for (size_t i = 0; i < sizeof l0s / sizeof l0s[0]; i++) {
        for (size_t j = 0; j < sizeof l1s / sizeof l1s[0]; j++) {
          for (size_t k = 0; k < sizeof l2s / sizeof l2s[0]; k++) {
            fill_memory(data, MEMORY_SIZE);
            fill_memory(want, MEMORY_SIZE);
            model md = {{l0s[i], l1s[j], l2s[k], 0, 0, 0, 0}, want, false};
            if (run_half(&md, &halves[f], FIRST_DST, FIRST_A, FIRST_B) &&
                run_half(&md, &halves[s], SECOND_DST, SECOND_A, SECOND_B))
              md.L[6] = 99;
            husk_val args[4] = {husk_val_i32((int32_t)l0s[i]), husk_val_i32((int32_t)l1s[j]),
                                husk_val_i32((int32_t)l2s[k]), husk_val_i32(0)}, r[3];
            husk_trap *t = husk_func_call(st, export_func(inst, name), args, 4, r, 3);
            bool ok = md.trapped ? t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB
                                 : !t && (uint32_t)r[0].of.i32 == md.L[4] &&
                                       (uint32_t)r[1].of.i32 == md.L[5] && (uint32_t)r[2].of.i32 == md.L[6];
            CHECK(ok && !memcmp(data, want, MEMORY_SIZE), "%s(%#x, %#x, %u): %s, want %s %#x %#x %#x", name,
                  l0s[i], l1s[j], l2s[k], t ? husk_trap_message(t) : "returned",
                  md.trapped ? "a trap" : "", md.L[4], md.L[5], md.L[6]);
            husk_trap_delete(t);
          }
        }
      }
    }
  }
done:
  free(listing);
  husk_store_delete(st);
  husk_module_delete(m);
}

/* The step before a loop and the step that starts its body are adjacent,
 * but a branch targets the second: bundled, each iteration would step L4
 * again. */
static void test_branch_target(husk_engine *e) {
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e,
    "(module (func (export \"f\") (param i32) (result i32 i32 i32) (local i32 i32)"
    "  (local.set 0 (i32.add (local.get 0) (i32.const 1)))"
    "  (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 3)))"
    "    (local.set 2 (i32.xor (local.get 2) (local.get 1)))"
    "    (br_if $l (i32.lt_u (local.get 1) (i32.const 30))))"
    "  (local.get 0) (local.get 1) (local.get 2)))", &m, &s);
  if (!inst) return;
  husk_val arg = husk_val_i32(5), r[3];
  husk_trap *t = husk_func_call(s, export_func(inst, "f"), &arg, 1, r, 3);
  uint32_t x = 0;
  for (uint32_t i = 3; i <= 30; i += 3) x ^= i;
  CHECK(!t && r[0].of.i32 == 6 && r[1].of.i32 == 30 && (uint32_t)r[2].of.i32 == x, "got %d %d %d",
        r[0].of.i32, r[1].of.i32, r[2].of.i32);
  husk_trap_delete(t);
  husk_store_delete(s);
  husk_module_delete(m);
}

int main(void) {
  husk_engine *e = engine_with(true, false);
  if (!e) return 1;
  on_both_engines(e, test_pairs_on);
  test_branch_target(e);
  husk_engine_delete(e);
  return test_report("bundles");
}
