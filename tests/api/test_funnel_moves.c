/*
 * test_funnel_moves.c - memcpy's word for unaligned data, a load kept by a
 * tee, joined with the word before it by two shifts and stored, as one
 * instruction (move32_funnel: src/wasm/ops.h). Each shape against a model
 * in C that runs the load, the shifts and the store in Wasm's order: the
 * store's address an add of a constant or a plain local, either shift
 * order, the loaded slot also the store's address or the add's operand
 * (which must read the slot before the load), sums that wrap around 2^32,
 * and either access out of bounds (a trap, and the load's trap writes
 * nothing); on both kinds of engine.
 */
#include "../common/api.h"

#define MEMORY_SIZE 65536u

/* f(d, s, w) stores word(s + from) joined with w at address(d) and returns
 * what the kept slot holds after. */
static const struct shape {
  const char *name, *body;
  uint32_t to_add, from_add;   /* the adds of constants, 0 for none */
  int left;                    /* the left shift; the right one is 32 - left */
  bool loaded_right;           /* the loaded word is shifted right, w left */
  bool address_is_kept;        /* the store's address is local 2, which the tee overwrites */
  /* One move32_funnel; not when the store's address is a copy of local 2
   * made before the tee (between the load and the funnel), nor when w's
   * shift comes before the load (no i32_funnel forms) */
  bool fuses;
} shapes[] = {
  {"add_address",
   "(i32.store (i32.add (local.get 0) (i32.const 4))"
   "  (i32.or (i32.shl (local.tee 2 (i32.load (i32.add (local.get 1) (i32.const 8)))) (i32.const 8))"
   "          (i32.shr_u (local.get 3) (i32.const 24))))",
   4, 8, 8, false, false, true},
  {"plain_address",
   "(i32.store (local.get 0)"
   "  (i32.or (i32.shl (local.tee 2 (i32.load (local.get 1))) (i32.const 16))"
   "          (i32.shr_u (local.get 3) (i32.const 16))))",
   0, 0, 16, false, false, true},
  {"loaded_right",
   "(i32.store (i32.add (local.get 0) (i32.const 12))"
   "  (i32.or (i32.shr_u (local.tee 2 (i32.load (i32.add (local.get 1) (i32.const 4)))) (i32.const 8))"
   "          (i32.shl (local.get 3) (i32.const 24))))",
   12, 4, 24, true, false, true},
  {"w_first",   /* w's shift before the load: no i32_funnel to take in */
   "(i32.store (local.get 0)"
   "  (i32.or (i32.shr_u (local.get 3) (i32.const 16))"
   "          (i32.shl (local.tee 2 (i32.load (local.get 1))) (i32.const 16))))",
   0, 0, 16, false, false, false},
  {"address_is_kept",
   "(i32.store (local.get 2)"
   "  (i32.or (i32.shl (local.tee 2 (i32.load (i32.add (local.get 1) (i32.const 8)))) (i32.const 8))"
   "          (i32.shr_u (local.get 3) (i32.const 24))))",
   0, 8, 8, false, true, false},
  {"add_of_kept",
   "(i32.store (i32.add (local.get 2) (i32.const 4))"
   "  (i32.or (i32.shl (local.tee 2 (i32.load (i32.add (local.get 1) (i32.const 8)))) (i32.const 8))"
   "          (i32.shr_u (local.get 3) (i32.const 24))))",
   4, 8, 8, false, true, true},
};
#define SHAPES (sizeof shapes / sizeof shapes[0])

/* The shape's instructions in order; false if one traps (the load's trap
 * comes before the store's, which then writes nothing). *kept: local 2. */
static bool model(uint8_t *mem, const struct shape *sh, uint32_t d, uint32_t s, uint32_t k, uint32_t w,
                  uint32_t *kept) {
  uint32_t to = (sh->address_is_kept ? k : d) + sh->to_add, from = s + sh->from_add, word;
  if ((uint64_t)from + 4 > MEMORY_SIZE) return false;
  memcpy(&word, mem + from, 4);
  *kept = word;
  uint32_t joined = sh->loaded_right ? w << sh->left | word >> (32 - sh->left)
                                     : word << sh->left | w >> (32 - sh->left);
  if ((uint64_t)to + 4 > MEMORY_SIZE) return false;
  memcpy(mem + to, &joined, 4);
  return true;
}

static void test_shapes_on(husk_engine *e) {
  char funcs[4096];
  size_t len = 0;
  for (size_t i = 0; i < SHAPES; i++)
    len += (size_t)snprintf(funcs + len, sizeof funcs - len,
                            " (func (export \"%s\") (param i32 i32 i32 i32) (result i32) %s (local.get 2))",
                            shapes[i].name, shapes[i].body);
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, funcs, &m, &st, &inst);
  uint8_t *want = malloc(MEMORY_SIZE);
  char *listing = data ? bytecode_listing(m) : NULL;
  size_t funnels = 0, fusing = 0;
  for (const char *p = listing; p && (p = strstr(p, " move32_funnel")); p++) funnels++;
  for (size_t i = 0; i < SHAPES; i++) fusing += shapes[i].fuses;
  CHECK(funnels == fusing, "%zu funnel moves, want %zu", funnels, fusing);
  /* d, s, local 2 before the tee: apart, overlapping, wrapping, and out of
   * bounds at the store (the load's word still kept) or at the load. */
  static const uint32_t cases[][3] = {
    {1000, 2003, 3000},      {2001, 2000, 1500},      {0xfffffffcu, 0xfffffff8u, 0xfffffffcu},
    {MEMORY_SIZE - 4, 100, MEMORY_SIZE - 4}, {100, MEMORY_SIZE - 8, 200}, {100, MEMORY_SIZE - 10, 200},
  };
  for (size_t i = 0; data && want && i < SHAPES; i++) {
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
      fill_memory(data, MEMORY_SIZE);
      memcpy(want, data, MEMORY_SIZE);
      uint32_t d = cases[c][0], s = cases[c][1], k = cases[c][2], w = 0x89abcdefu, kept = k;
      bool completes = model(want, &shapes[i], d, s, k, w, &kept);
      check_memory_call(st, inst, shapes[i].name, (uint32_t[4]){d, s, k, w}, 4, data, want, completes, &kept);
    }
  }
  free(listing);
  free(want);
  husk_store_delete(st);
  husk_module_delete(m);
}

/* memcpy's word loop for a source one byte past its destination's
 * alignment, as wasi-libc's memcpy is compiled: t <- d + i, f <- s + i,
 * four words joined (each load kept by a tee, joined with the word before
 * it), i += 16, n -= 16 while n > 16. It runs as one instruction
 * (move32_funnel_loop), which keeps t, f, i and n in registers; against the
 * loop in C: apart, overlapping, one turn, sums that wrap, and a load or a
 * store out of bounds in a later turn (the turns and words before it
 * done). The result is the last word, which the loop leaves in a slot. */
#define FUNNEL_WORD(store_add, load_add, kept, other)                                                   \
  "   (i32.store " store_add                                                                            \
  "     (i32.or (i32.shl (local.tee " kept " (i32.load (i32.add " load_add "))) (i32.const 8))"         \
  "             (i32.shr_u (local.get " other ") (i32.const 24))))"
static const char *const funnel_loop =
  " (func (export \"funnel_loop\") (param i32 i32 i32 i32) (result i32) (local i32 i32 i32 i32)"
  "  (loop"
  FUNNEL_WORD("(local.tee 5 (i32.add (local.get 0) (local.get 4)))",
              "(local.tee 6 (i32.add (local.get 1) (local.get 4))) (i32.const 4)", "7", "3")
  FUNNEL_WORD("(i32.add (local.get 5) (i32.const 4))", "(local.get 6) (i32.const 8)", "3", "7")
  FUNNEL_WORD("(i32.add (local.get 5) (i32.const 8))", "(local.get 6) (i32.const 12)", "7", "3")
  FUNNEL_WORD("(i32.add (local.get 5) (i32.const 12))", "(local.get 6) (i32.const 16)", "3", "7")
  "   (local.set 4 (i32.add (local.get 4) (i32.const 16)))"
  "   (br_if 0 (i32.gt_u (local.tee 2 (i32.add (local.get 2) (i32.const -16))) (i32.const 16))))"
  "  (local.get 3))";
#undef FUNNEL_WORD

/* The loop in Wasm's order; false if an access traps (what came before it
 * done, *w the word last loaded). */
static bool model_loop(uint8_t *mem, uint32_t d, uint32_t s, uint32_t n, uint32_t *w) {
  uint32_t i = 0, words[2] = {0, *w};   /* [0]: local 7, [1]: local 3 */
  do {
    for (uint32_t k = 0; k < 4; k++) {
      uint32_t from = s + i + 4 * k + 4, to = d + i + 4 * k, word;
      if ((uint64_t)from + 4 > MEMORY_SIZE) return false;
      memcpy(&word, mem + from, 4);
      words[k % 2] = word;
      *w = words[1];
      uint32_t joined = word << 8 | words[1 - k % 2] >> 24;
      if ((uint64_t)to + 4 > MEMORY_SIZE) return false;
      memcpy(mem + to, &joined, 4);
    }
    i += 16;
    n -= 16;
  } while (n > 16);
  return true;
}

static void test_loop_on(husk_engine *e) {
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, funnel_loop, &m, &st, &inst);
  uint8_t *want = malloc(MEMORY_SIZE);
  char *listing = data ? bytecode_listing(m) : NULL;
  CHECK(listing && strstr(listing, " move32_funnel_loop "), "the loop is not fused:\n%s", listing ? listing : "");
  static const uint32_t cases[][3] = {
    {1000, 3001, 200}, {2000, 2001, 120}, {2001, 2000, 120}, {500, 700, 5},
    {0xfffffff0u, 0xffffffe0u, 64},        /* the sums wrap: low addresses */
    {100, MEMORY_SIZE - 60, 200},          /* a load leaves memory in the fourth turn */
    {MEMORY_SIZE - 40, 100, 200},          /* a store does in the third */
  };
  for (size_t c = 0; data && want && c < sizeof cases / sizeof cases[0]; c++) {
    fill_memory(data, MEMORY_SIZE);
    memcpy(want, data, MEMORY_SIZE);
    uint32_t d = cases[c][0], s = cases[c][1], n = cases[c][2], w = 0x89abcdefu;
    bool completes = model_loop(want, d, s, n, &w);
    check_memory_call(st, inst, "funnel_loop", (uint32_t[4]){d, s, n, 0x89abcdefu}, 4, data, want, completes, &w);
  }
  free(listing);
  free(want);
  husk_store_delete(st);
  husk_module_delete(m);
}

int main(void) {
  husk_engine *e = engine_with(true, false);
  if (!e) return 1;
  on_both_engines(e, test_shapes_on);
  on_both_engines(e, test_loop_on);
  husk_engine_delete(e);
  return test_report("funnel_moves");
}
