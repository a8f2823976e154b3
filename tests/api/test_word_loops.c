/*
 * test_word_loops.c - memcpy's and memmove's word loops for aligned data,
 * as wasi-libc's are compiled, each run as one instruction (ops.h:
 * move64x4_loop, move32x8_loop, move32x4_loop_down) that keeps the two
 * addresses and the count in registers. Each against the loop in C, in
 * Wasm's order (every load before its store, a trap leaving the words
 * before it moved): apart, overlapping both ways, one turn, addresses
 * whose adds wrap around 2^32 (and a static offset, which does not), and a
 * load or a store leaving memory in a later turn; on both kinds of engine.
 * Each function returns its addresses and count mixed, which the loop op
 * must have written back.
 */
#include "../common/api.h"

#define MEMORY_SIZE 65536u

/* A move's address: (u32)(base + add) + offset. */
struct move { uint32_t to_add, from_add, to_offset, from_offset; };

static const struct loop {
  const char *name, *body;
  uint32_t width, moves, step, end;   /* each turn: count -= step while count > end */
  uint32_t to_step, from_step;        /* an up loop's, each turn */
  bool down;                          /* to and from summed from the count each turn */
  struct move move[8];
} loops[] = {
  {"up64",   /* memcpy's: both addresses stepped, to first; one move by a static offset */
   " (loop"
   "  (i64.store (local.get 0) (i64.load (local.get 1)))"
   "  (i64.store (i32.add (local.get 0) (i32.const 8)) (i64.load (i32.add (local.get 1) (i32.const 8))))"
   "  (i64.store offset=16 (local.get 0) (i64.load offset=16 (local.get 1)))"
   "  (i64.store (i32.add (local.get 0) (i32.const 24)) (i64.load (i32.add (local.get 1) (i32.const 24))))"
   "  (local.set 0 (i32.add (local.get 0) (i32.const 32)))"
   "  (local.set 1 (i32.add (local.get 1) (i32.const 32)))"
   "  (br_if 0 (i32.gt_u (local.tee 2 (i32.add (local.get 2) (i32.const -32))) (i32.const 15))))"
   " (i32.xor (local.get 0) (i32.xor (i32.rotl (local.get 1) (i32.const 11)) (i32.rotl (local.get 2) (i32.const 22))))",
   8, 4, 32, 15, 32, 32, false, {{0, 0, 0, 0}, {8, 8, 0, 0}, {0, 0, 16, 16}, {24, 24, 0, 0}}},
  {"up32",   /* memmove's forward one, but from stepped first and to by more */
   " (loop"
   "  (i32.store (local.get 0) (i32.load (local.get 1)))"
   "  (i32.store (i32.add (local.get 0) (i32.const 4)) (i32.load (i32.add (local.get 1) (i32.const 4))))"
   "  (i32.store (i32.add (local.get 0) (i32.const 8)) (i32.load (i32.add (local.get 1) (i32.const 8))))"
   "  (i32.store (i32.add (local.get 0) (i32.const 12)) (i32.load (i32.add (local.get 1) (i32.const 12))))"
   "  (i32.store (i32.add (local.get 0) (i32.const 16)) (i32.load (i32.add (local.get 1) (i32.const 16))))"
   "  (i32.store (i32.add (local.get 0) (i32.const 20)) (i32.load (i32.add (local.get 1) (i32.const 20))))"
   "  (i32.store (i32.add (local.get 0) (i32.const 24)) (i32.load (i32.add (local.get 1) (i32.const 24))))"
   "  (i32.store (i32.add (local.get 0) (i32.const 28)) (i32.load (i32.add (local.get 1) (i32.const 28))))"
   "  (local.set 1 (i32.add (local.get 1) (i32.const 32)))"
   "  (local.set 0 (i32.add (local.get 0) (i32.const 40)))"
   "  (br_if 0 (i32.gt_u (local.tee 2 (i32.add (local.get 2) (i32.const -32))) (i32.const 3))))"
   " (i32.xor (local.get 0) (i32.xor (i32.rotl (local.get 1) (i32.const 11)) (i32.rotl (local.get 2) (i32.const 22))))",
   4, 8, 32, 3, 40, 32, false,
   {{0, 0, 0, 0}, {4, 4, 0, 0}, {8, 8, 0, 0}, {12, 12, 0, 0},
    {16, 16, 0, 0}, {20, 20, 0, 0}, {24, 24, 0, 0}, {28, 28, 0, 0}}},
  {"down32",   /* memmove's backward one: the sums name the count second, as wasm-opt's do */
   " (local i32 i32)"
   " (loop"
   "  (i32.store offset=12 (local.tee 3 (i32.add (local.get 0) (local.get 2)))"
   "             (i32.load offset=12 (local.tee 4 (i32.add (local.get 1) (local.get 2)))))"
   "  (i32.store (i32.add (local.get 3) (i32.const 8)) (i32.load (i32.add (local.get 4) (i32.const 8))))"
   "  (i32.store (i32.add (local.get 3) (i32.const 4)) (i32.load (i32.add (local.get 4) (i32.const 4))))"
   "  (i32.store (local.get 3) (i32.load (local.get 4)))"
   "  (br_if 0 (i32.gt_u (local.tee 2 (i32.add (local.get 2) (i32.const -16))) (i32.const 3))))"
   " (i32.xor (local.get 3) (i32.xor (i32.rotl (local.get 4) (i32.const 11)) (i32.rotl (local.get 2) (i32.const 22))))",
   4, 4, 16, 3, 0, 0, true, {{0, 0, 12, 12}, {8, 8, 0, 0}, {4, 4, 0, 0}, {0, 0, 0, 0}}},
};
#define LOOPS (sizeof loops / sizeof loops[0])

static uint32_t rotl(uint32_t x, int k) { return x << k | x >> (32 - k); }

/* The loop in Wasm's order; false if an access traps. *result: what the
 * function returns when it completes. */
static bool model(uint8_t *mem, const struct loop *l, uint32_t d, uint32_t s, uint32_t n, uint32_t *result) {
  uint32_t to = d, from = s;
  do {
    if (l->down) to = d + n, from = s + n;
    for (uint32_t k = 0; k < l->moves; k++) {
      const struct move *m = &l->move[k];
      uint64_t at = (uint64_t)(uint32_t)(from + m->from_add) + m->from_offset;
      uint8_t word[8];
      if (at + l->width > MEMORY_SIZE) return false;
      memcpy(word, mem + at, l->width);
      at = (uint64_t)(uint32_t)(to + m->to_add) + m->to_offset;
      if (at + l->width > MEMORY_SIZE) return false;
      memcpy(mem + at, word, l->width);
    }
    if (!l->down) to += l->to_step, from += l->from_step;
    n -= l->step;
  } while (n > l->end);
  *result = to ^ rotl(from, 11) ^ rotl(n, 22);
  return true;
}

static void test_loops_on(husk_engine *e) {
  char funcs[8192];
  size_t len = 0;
  for (size_t i = 0; i < LOOPS; i++)
    len += (size_t)snprintf(funcs + len, sizeof funcs - len,
                            " (func (export \"%s\") (param i32 i32 i32) (result i32) %s)", loops[i].name,
                            loops[i].body);
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, funcs, &m, &st, &inst);
  uint8_t *want = malloc(MEMORY_SIZE);
  char *listing = data ? bytecode_listing(m) : NULL;
  static const char *const ops[] = {" move64x4_loop ", " move32x8_loop ", " move32x4_loop_down "};
  for (size_t i = 0; listing && i < LOOPS; i++)
    CHECK(strstr(listing, ops[i]), "%s is not fused:\n%s", loops[i].name, listing);
  /* d, s, n: n - 2 a multiple of 32, so that every loop ends at n = 2. A
   * down loop's addresses are d + n and s + n, going down, an up loop's d
   * and s, going up (so an address near 2^32 leaves memory at once). */
  static const uint32_t cases[][3] = {
    {1000, 3000, 194}, {2008, 2000, 162}, {2000, 2008, 162}, {500, 700, 34},
    {0xfffffffeu, 1000, 194},              /* down: the sums wrap, to low addresses */
    {0xffffff00u, 0xffffff80u, 0x182},     /* down: they wrap until n is below 0x100 */
    {1000, 0u - 100, 194},                 /* down: the same for a load's */
    {100, MEMORY_SIZE - 100, 194},         /* up: a load leaves memory in a later turn */
    {MEMORY_SIZE - 100, 100, 194},         /* up: a store does (down: in the first) */
  };
  for (size_t i = 0; data && want && i < LOOPS; i++) {
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
      uint32_t d = cases[c][0], s = cases[c][1], n = cases[c][2], result = 0;
      fill_memory(data, MEMORY_SIZE);
      memcpy(want, data, MEMORY_SIZE);
      bool completes = model(want, &loops[i], d, s, n, &result);
      check_memory_call(st, inst, loops[i].name, (uint32_t[3]){d, s, n}, 3, data, want, completes, &result);
    }
  }
  free(listing);
  free(want);
  husk_store_delete(st);
  husk_module_delete(m);
}

int main(void) {
  husk_engine *e = engine_with(true, false);
  if (!e) return 1;
  on_both_engines(e, test_loops_on);
  husk_engine_delete(e);
  return test_report("word_loops");
}
