/*
 * test_move_runs.c - rows of byte moves (dst[k] = src[k] for k up or down,
 * as memcpy's and memmove's unaligned loops do) run as one instruction
 * (move8_run, move8_run_down: src/wasm/ops.h). Each row against a model in C
 * that moves one byte at a time with Wasm's address arithmetic: apart, and
 * overlapping both ways (where one byte at a time differs from a block
 * copy), at the end of memory (the bytes before the trap stay moved), and
 * at addresses that wrap around 2^32; on both kinds of engine. A label
 * inside a row splits it. A store address computed before the load's
 * (memmove's backward loop) joins the row.
 */
#include "../common/api.h"

#define MEMORY_SIZE 65536u

static const struct row {
  const char *name;
  int dir;                 /* +1: offsets 0..n-1; -1: n-1..0 */
  uint32_t n, to_offset, from_offset;
} rows[] = {
  {"up4", 1, 4, 0, 0},
  {"down4", -1, 4, 0, 0},
  {"up8_offsets", 1, 8, 5, 2},
  {"down8_offsets", -1, 8, 2, 5},
  {"up64", 1, 64, 0, 0},
  {"up70", 1, 70, 0, 0},    /* longer than one run: two of them */
};
#define ROWS (sizeof rows / sizeof rows[0])

/* The k-th move: store8 offset=E (d + j) (load8_u offset=F (s + j)), j its
 * byte, with no add for j = 0 (the first move of memcpy's rows has none). */
static int row_wat(char *out, size_t size, const struct row *r) {
  int len = snprintf(out, size, " (func (export \"%s\") (param i32 i32)", r->name);
  for (uint32_t k = 0; k < r->n; k++) {
    uint32_t j = r->dir > 0 ? k : r->n - 1 - k;
    char d[64], s[64];
    if (j) {
      snprintf(d, sizeof d, "(i32.add (local.get 0) (i32.const %u))", j);
      snprintf(s, sizeof s, "(i32.add (local.get 1) (i32.const %u))", j);
    } else {
      snprintf(d, sizeof d, "(local.get 0)");
      snprintf(s, sizeof s, "(local.get 1)");
    }
    len += snprintf(out + len, size - len, " (i32.store8 offset=%u %s (i32.load8_u offset=%u %s))",
                    r->to_offset, d, r->from_offset, s);
  }
  return len + snprintf(out + len, size - len, ")");
}

/* The moves one at a time; false if one traps (the ones before it stay). */
static bool model_row(uint8_t *mem, const struct row *r, uint32_t d, uint32_t s) {
  for (uint32_t k = 0; k < r->n; k++) {
    uint32_t j = r->dir > 0 ? k : r->n - 1 - k;
    uint64_t to = (uint64_t)(uint32_t)(d + j) + r->to_offset, from = (uint64_t)(uint32_t)(s + j) + r->from_offset;
    if (from >= MEMORY_SIZE || to >= MEMORY_SIZE) return false;
    mem[to] = mem[from];
  }
  return true;
}

static void test_rows_on(husk_engine *e) {
  static char funcs[1 << 16];
  int len = 0;
  for (size_t i = 0; i < ROWS; i++) len += row_wat(funcs + len, sizeof funcs - len, &rows[i]);
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, funcs, &m, &st, &inst);
  char *listing = data ? bytecode_listing(m) : NULL;
  if (!listing) goto done;
  CHECK(listing_has_access(listing, "move8_run"), "rows up are runs");
  CHECK(listing_has_access(listing, "move8_run_down"), "rows down are runs");
  CHECK(!listing_has_access(listing, "move8"), "no byte move is left on its own");
  /* Destination and source: apart, overlapping by one either way, at the
   * end of memory, and where d + j or s + j wraps past 2^32. */
  static const uint32_t pairs[][2] = {
    {100, 300}, {300, 100}, {200, 201}, {201, 200}, {200, 200}, {1000, 1003},
    {65530, 100}, {100, 65530}, {65534, 65535}, {65535, 0}, {65600, 0}, {0, 65600},
    {0xfffffffeu, 100}, {100, 0xfffffffdu}, {0xffffffffu, 0xffffffffu},
  };
  static uint8_t want[MEMORY_SIZE];
  for (size_t i = 0; i < ROWS; i++) {
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
      uint32_t d = pairs[k][0], s = pairs[k][1];
      fill_memory(data, MEMORY_SIZE);
      fill_memory(want, MEMORY_SIZE);
      bool completes = model_row(want, &rows[i], d, s);
      uint32_t args[2] = {d, s};
      check_memory_call(st, inst, rows[i].name, args, 2, data, want, completes, NULL);
    }
  }
done:
  free(listing);
  husk_store_delete(st);
  husk_module_delete(m);
}

/* A loop's label between the second and third moves: a branch may land
 * there, so the row becomes two runs of two. */
static void test_label_splits(husk_engine *e) {
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e,
    " (func (export \"f\") (param i32 i32)"
    "  (i32.store8 (local.get 0) (i32.load8_u (local.get 1)))"
    "  (i32.store8 (i32.add (local.get 0) (i32.const 1)) (i32.load8_u (i32.add (local.get 1) (i32.const 1))))"
    "  (loop"
    "   (i32.store8 (i32.add (local.get 0) (i32.const 2)) (i32.load8_u (i32.add (local.get 1) (i32.const 2))))"
    "   (i32.store8 (i32.add (local.get 0) (i32.const 3)) (i32.load8_u (i32.add (local.get 1) (i32.const 3))))))",
    &m, &st, &inst);
  char *listing = data ? bytecode_listing(m) : NULL;
  if (listing) {
    int runs = 0;
    for (const char *p = listing; (p = strstr(p, " move8_run")); p++) runs++;
    CHECK(runs == 2, "two runs, not one: %d\n%s", runs, listing);
    static const struct row row = {"", 1, 4, 0, 0};
    static uint8_t want[MEMORY_SIZE];
    fill_memory(data, MEMORY_SIZE);
    fill_memory(want, MEMORY_SIZE);
    model_row(want, &row, 10, 11);
    husk_val args[2] = {husk_val_i32(10), husk_val_i32(11)};
    husk_trap *t = husk_func_call(st, export_func(inst, "f"), args, 2, NULL, 0);
    CHECK(!t && !memcmp(data, want, MEMORY_SIZE), "split row moves as the moves do");
    husk_trap_delete(t);
  }
  free(listing);
  husk_store_delete(st);
  husk_module_delete(m);
}

/* memmove's backward loop computes each turn's store address (d + n + 3,
 * d + n kept by a tee) before the load's (s + n + 3, s + n kept too): the
 * first move takes the add of 3 in from two instructions back, and the row
 * is one run down. When the load's address computation writes the local
 * that store address was computed from, the add must stay. Against the
 * moves one at a time, with sums that wrap. */
static void test_store_address_first(husk_engine *e) {
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e,
    " (func (export \"back4\") (param i32 i32 i32) (local i32 i32)"
    "  (i32.store8 (i32.add (local.tee 3 (i32.add (local.get 0) (local.get 2))) (i32.const 3))"
    "              (i32.load8_u (i32.add (local.tee 4 (i32.add (local.get 1) (local.get 2))) (i32.const 3))))"
    "  (i32.store8 (i32.add (local.get 3) (i32.const 2)) (i32.load8_u (i32.add (local.get 4) (i32.const 2))))"
    "  (i32.store8 (i32.add (local.get 3) (i32.const 1)) (i32.load8_u (i32.add (local.get 4) (i32.const 1))))"
    "  (i32.store8 (local.get 3) (i32.load8_u (local.get 4))))"
    " (func (export \"clobber\") (param i32 i32 i32)"
    "  (i32.store8 (i32.add (local.get 0) (i32.const 3))"
    "              (i32.load8_u (i32.add (local.tee 0 (i32.add (local.get 1) (local.get 2))) (i32.const 3)))))",
    &m, &st, &inst);
  char *listing = data ? bytecode_listing(m) : NULL;
  if (listing) {
    char *second = strstr(listing, "func[1]");
    CHECK(second && listing_has_access(second, "move8"), "clobber keeps its add:\n%s", listing);
    if (second) *second = '\0';   /* the listing of back4 alone */
    CHECK(listing_has_access(listing, "move8_run_down") && !listing_has_access(listing, "move8"),
          "back4 is one run down:\n%s", listing);
    static const uint32_t cases[][3] = {
      {100, 300, 5}, {300, 100, 0}, {200, 201, 1}, {201, 200, 0}, {65530, 100, 2}, {100, 65530, 3},
      {0xfffffffeu, 100, 0}, {100, 0xfffffff0u, 13}, {0xfffffff0u, 0xfffffff0u, 0x10}, {10, 20, 0xfffffffdu},
    };
    static uint8_t want[MEMORY_SIZE];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
      uint32_t d = cases[i][0], s = cases[i][1], n = cases[i][2];
      for (int f = 0; f < 2; f++) {
        fill_memory(data, MEMORY_SIZE);
        fill_memory(want, MEMORY_SIZE);
        bool completes = true;
        for (int j = 3; j >= (f ? 3 : 0) && completes; j--) {
          uint32_t to = (f ? d : d + n) + (uint32_t)j, from = s + n + (uint32_t)j;
          completes = to < MEMORY_SIZE && from < MEMORY_SIZE;
          if (completes) want[to] = want[from];
        }
        uint32_t args[3] = {d, s, n};
        check_memory_call(st, inst, f ? "clobber" : "back4", args, 3, data, want, completes, NULL);
      }
    }
  }
  free(listing);
  husk_store_delete(st);
  husk_module_delete(m);
}

/* memmove's backward byte loop (each turn: t <- n + d', f <- n + s', a run
 * of 4 down from t + 3 and f + 3, n -= 4 until 0) and memcpy's forward one
 * (a run of 8 up, d += 8, s += 8, n -= 8 until 0) each run as one
 * instruction (move8_loop_down, move8_loop_up), which keeps the count and
 * the addresses in registers. The backward loop twice: with the count first
 * in its sums and, as wasm-opt leaves them, second. Against the moves one
 * at a time: apart, overlapping both ways, a count that is not a multiple
 * of the step (the loop then runs until an address leaves memory), a trap
 * in a later turn (the turns before it moved; the forward one stops within
 * its run), and with fuel on, where the loops keep their charge and are not
 * fused. */
#define BACK_LOOP(name, to_sum, from_sum)                                                        \
  " (func (export \"" name "\") (param i32 i32 i32) (local i32 i32 i32 i32)"                     \
  "  (local.set 5 (i32.add (local.get 0) (i32.const -4)))"                                       \
  "  (local.set 6 (i32.add (local.get 1) (i32.const -4)))"                                       \
  "  (loop"                                                                                      \
  "   (i32.store8 (i32.add (local.tee 3 (i32.add " to_sum ")) (i32.const 3))"                    \
  "               (i32.load8_u (i32.add (local.tee 4 (i32.add " from_sum ")) (i32.const 3))))"   \
  "   (i32.store8 (i32.add (local.get 3) (i32.const 2)) (i32.load8_u (i32.add (local.get 4) (i32.const 2))))" \
  "   (i32.store8 (i32.add (local.get 3) (i32.const 1)) (i32.load8_u (i32.add (local.get 4) (i32.const 1))))" \
  "   (i32.store8 (local.get 3) (i32.load8_u (local.get 4)))"                                    \
  "   (br_if 0 (local.tee 2 (i32.add (local.get 2) (i32.const -4))))))"
static const char *const loop_funcs =
  BACK_LOOP("back", "(local.get 2) (local.get 5)", "(local.get 2) (local.get 6)")
  BACK_LOOP("back_count_second", "(local.get 5) (local.get 2)", "(local.get 6) (local.get 2)")
  " (func (export \"fwd\") (param i32 i32 i32)"
  "  (loop"
  "   (i32.store8 (local.get 0) (i32.load8_u (local.get 1)))"
  "   (i32.store8 (i32.add (local.get 0) (i32.const 1)) (i32.load8_u (i32.add (local.get 1) (i32.const 1))))"
  "   (i32.store8 (i32.add (local.get 0) (i32.const 2)) (i32.load8_u (i32.add (local.get 1) (i32.const 2))))"
  "   (i32.store8 (i32.add (local.get 0) (i32.const 3)) (i32.load8_u (i32.add (local.get 1) (i32.const 3))))"
  "   (i32.store8 (i32.add (local.get 0) (i32.const 4)) (i32.load8_u (i32.add (local.get 1) (i32.const 4))))"
  "   (i32.store8 (i32.add (local.get 0) (i32.const 5)) (i32.load8_u (i32.add (local.get 1) (i32.const 5))))"
  "   (i32.store8 (i32.add (local.get 0) (i32.const 6)) (i32.load8_u (i32.add (local.get 1) (i32.const 6))))"
  "   (i32.store8 (i32.add (local.get 0) (i32.const 7)) (i32.load8_u (i32.add (local.get 1) (i32.const 7))))"
  "   (local.set 0 (i32.add (local.get 0) (i32.const 8)))"
  "   (local.set 1 (i32.add (local.get 1) (i32.const 8)))"
  "   (br_if 0 (local.tee 2 (i32.add (local.get 2) (i32.const -8))))))";
#undef BACK_LOOP

/* The loop one byte at a time; false if a byte traps (those before it
 * moved). The count that is no multiple wraps until an address leaves. */
static bool model_loop(uint8_t *mem, bool back, uint32_t d, uint32_t s, uint32_t n) {
  uint32_t step = back ? 4 : 8;
  do {
    for (uint32_t k = 0; k < step; k++) {
      uint32_t j = back ? 3 - k : k;
      uint32_t to = (back ? d - 4 + n : d) + j, from = (back ? s - 4 + n : s) + j;
      if (to >= MEMORY_SIZE || from >= MEMORY_SIZE) return false;
      mem[to] = mem[from];
    }
    if (!back) d += 8, s += 8;
    n -= step;
  } while (n != 0);
  return true;
}

static void test_loops_with(husk_engine *e, bool fuel) {
  husk_module *m;
  husk_store *st;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, loop_funcs, &m, &st, &inst);
  char *listing = data ? bytecode_listing(m) : NULL;
  if (listing) {
    const char *down = strstr(listing, " move8_loop_down ");
    bool fused = down && strstr(down + 1, " move8_loop_down ") && strstr(listing, " move8_loop_up ");
    bool plain = !strstr(listing, " move8_loop_");
    CHECK(fuel ? plain : fused, "the loops %s fused (fuel %s):\n%s", fuel ? "are" : "are not", fuel ? "on" : "off",
          listing);
    if (fuel) husk_error_delete(husk_store_set_fuel(st, UINT64_MAX / 2));
    static const uint32_t cases[][3] = {
      {1000, 3000, 64}, {2002, 2000, 40}, {2000, 2002, 40}, {2000, 2000, 16},
      {MEMORY_SIZE - 20, 100, 40},   /* fwd: the third turn traps in its run */
      {0xfffffff8u, 100, 16},        /* back: the third turn wraps out */
      {100, 0xfffffff8u, 16}, {300, 5000, 0}, {300, 5000, 6},
    };
    static uint8_t want[MEMORY_SIZE];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
      static const char *const names[] = {"fwd", "back", "back_count_second"};
      for (int f = 0; f < 3; f++) {
        uint32_t d = cases[i][0], s = cases[i][1], n = cases[i][2];
        fill_memory(data, MEMORY_SIZE);
        fill_memory(want, MEMORY_SIZE);
        bool completes = model_loop(want, f > 0, d, s, n);
        uint32_t args[3] = {d, s, n};
        check_memory_call(st, inst, names[f], args, 3, data, want, completes, NULL);
      }
    }
  }
  free(listing);
  husk_store_delete(st);
  husk_module_delete(m);
}

static void test_loops_on(husk_engine *e) {
  test_loops_with(e, false);
  husk_engine *metered = engine_with(false, true);
  if (metered) test_loops_with(metered, true);
  husk_engine_delete(metered);
}

int main(void) {
  husk_engine *e = engine_with(true, false);
  if (!e) return 1;
  on_both_engines(e, test_rows_on);
  on_both_engines(e, test_label_splits);
  on_both_engines(e, test_store_address_first);
  on_both_engines(e, test_loops_on);
  husk_engine_delete(e);
  return test_report("move_runs");
}
