/*
 * opinfo.c - the table of instruction names, lengths and operand kinds
 * (opinfo.h), generated from the op lists in ops.h.
 */
#include "wasm/opinfo.h"

/* The kinds string's character i, or its first past the end (constant
 * expressions, so that the table needs no code to fill). */
#define KIND_AT(kinds, i) ((kinds)[sizeof(kinds) > (i) ? (i) : 0])
#define IS_OFFSET(kinds, i) (sizeof(kinds) > (i) + 1 && KIND_AT(kinds, i) == 'o')
#define OFFSET_AT(kinds)                                                      \
  (IS_OFFSET(kinds, 0) ? 1 : IS_OFFSET(kinds, 1) ? 2 : IS_OFFSET(kinds, 2) ? 3 : \
   IS_OFFSET(kinds, 3) ? 4 : IS_OFFSET(kinds, 4) ? 5 : IS_OFFSET(kinds, 5) ? 6 :  \
   IS_OFFSET(kinds, 6) ? 7 : 0)
/* 'M' is a prefix, not an operand. */
#define OFFSET_OPERAND(kinds) (OFFSET_AT(kinds) - (OFFSET_AT(kinds) && KIND_AT(kinds, 0) == 'M'))
#define INFO(op, name, kinds, cells) [op] = {kinds, cells, OFFSET_OPERAND(kinds)},
/* Ops listed with their kinds and length (control, memory, pairs). */
#define CONTROL(name, cells, kinds) INFO(OP_##name, #name, kinds, cells)
#define MEMORY(name, cells, kinds)                                            \
  INFO(OP_##name, #name, kinds, cells)                                        \
  INFO(OP_##name##_checked, #name "_checked", kinds, cells)
#define LOAD_OPERAND(name, type, expr)                                        \
  INFO(OP_##name##_load, #name "_load", "Msss", 3)                            \
  INFO(OP_##name##_load_checked, #name "_load_checked", "Msss", 3)         \
  INFO(OP_##name##_rmw, #name "_rmw", "Msss", 3)                              \
  INFO(OP_##name##_rmw_checked, #name "_rmw_checked", "Msss", 3)
#define BINARY(name) INFO(OP_##name, #name, "sss", 3)
#define UNARY(name) INFO(OP_##name, #name, "ss", 2)
#define BRANCH(name) INFO(OP_br_##name, "br_" #name, "oss", 3)
#define IMM(name) INFO(OP_##name##_imm, #name "_imm", "ssi", 3)
#define BRANCH_IMM(name) INFO(OP_br_##name##_imm, "br_" #name "_imm", "osi", 3)
#define ADD_BRANCH(name) INFO(OP_add_br_##name##_imm, "add_br_" #name "_imm", "osisi", 4)
#define BUNDLE(first, second)                                                 \
  INFO(OP_##first##__##second, #first "+" #second,                            \
       HUSK_BUNDLE_KINDS_##first HUSK_BUNDLE_KINDS_##second, 4)
#define MEMORY_BUNDLE(first, second)                                          \
  INFO(OP_##first##__##second, #first "+" #second,                            \
       "M" HUSK_BUNDLE_KINDS_##first HUSK_BUNDLE_KINDS_##second, 4)          \
  INFO(OP_##first##__##second##_checked, #first "+" #second "_checked",       \
       "M" HUSK_BUNDLE_KINDS_##first HUSK_BUNDLE_KINDS_##second, 4)

/* Every op, each through INFO as defined where this is used. */
#define EVERY_OP                                                              \
  HUSK_CONTROL_OPS(CONTROL) HUSK_MEMORY_OPS(MEMORY) HUSK_LOAD_OPERAND_OPS(LOAD_OPERAND) \
  HUSK_BINARY_OPS(BINARY) HUSK_UNARY_OPS(UNARY)                               \
  HUSK_BRANCH_CMP_OPS(BRANCH) HUSK_IMM_OPS(IMM)                               \
  HUSK_BRANCH_CMP_IMM_OPS(BRANCH_IMM) HUSK_ADD_BRANCH_OPS(ADD_BRANCH)         \
  HUSK_PAIR_OPS(CONTROL) HUSK_BUNDLE_OPS(BUNDLE) HUSK_MEMORY_BUNDLE_OPS(MEMORY_BUNDLE)

const struct op_info op_info[OP_COUNT] = {EVERY_OP};

/* The same lists again, keeping each op's name. */
#undef INFO
#define INFO(op, name, kinds, cells) [op] = name,
const char op_names[OP_COUNT][OP_NAME_SIZE] = {EVERY_OP};


const struct op_move_loop op_move_loops[OP_MOVE_LOOPS] = {
#define MOVE_LOOP_ENTRY(loop, ...) \
  {OP_##loop, sizeof((uint16_t[]){__VA_ARGS__}) / sizeof(uint16_t), {__VA_ARGS__}},
  HUSK_MOVE_LOOPS(MOVE_LOOP_ENTRY)
#undef MOVE_LOOP_ENTRY
};

/* The funnel loop: sums to <- idx + slot C, from <- idx + slot F; four
 * move32_funnels at to and from, each loading into a word slot and joining
 * two; idx <- idx + imm; count <- count + imm, tested. */
static bool funnel_loop_fits(const cell *at) {
  uint32_t to = at[1].u32[0], idx = at[1].u32[1], to_base = at[2].u32[0];
  uint32_t from = at[2].u32[1], from_base = at[3].u32[1];
  const cell *step = at + HUSK_FUNNEL_LOOP_STEP, *test = at + HUSK_FUNNEL_LOOP_TEST;
  uint32_t count = test[1].u32[1];
  uint32_t held[] = {to, from, idx, count};   /* in registers: pairwise apart */
  for (int i = 0; i < 4; i++)
    for (int j = i + 1; j < 4; j++)
      if (held[i] == held[j]) return false;
  if (at[3].u32[0] != idx || step[1].u32[0] != idx || step[1].u32[1] != idx || test[2].u32[1] != count)
    return false;
  for (int i = 0; i < 4; i++)
    if (to_base == held[i] || from_base == held[i]) return false;
  for (int k = 0; k < 4; k++) {
    const cell *m = at + HUSK_FUNNEL_LOOP_MOVE(k);
    uint32_t words[] = {m[3].u32[0], m[3].u32[1], m[4].u32[0]};   /* loaded, joined with */
    if (m[1].u32[0] != to || m[1].u32[1] != from || words[0] == to_base || words[0] == from_base) return false;
    for (int w = 0; w < 3; w++)
      for (int i = 0; i < 4; i++)
        if (words[w] == held[i]) return false;
  }
  return true;
}

/* A down loop's sums, to <- count + C and from <- count + F (i32_add+i32_add
 * A <- B + C, D <- E + F, the count first: compile.c, sums_slot_first):
 * the addresses apart from each other and from the count, neither slot
 * summed with it one of the three (they are read once). */
static bool down_sums_fit(const cell *sums, uint32_t count) {
  uint32_t to = sums[1].u32[0], from = sums[2].u32[1];
  uint32_t held[] = {to, from, count}, summed[] = {sums[2].u32[0], sums[3].u32[1]};
  if (to == from || to == count || from == count || sums[1].u32[1] != count || sums[3].u32[0] != count)
    return false;
  for (int i = 0; i < 3; i++)
    if (summed[0] == held[i] || summed[1] == held[i]) return false;
  return true;
}

/* An aligned word loop of `moves` moves (ops.h): each at the same to and
 * from, the count apart from both; the down loop's sums make them, or the
 * up loop's step advances both in place, its halves in either order. */
static bool word_loop_fits(const cell *at, int moves, bool down) {
  const cell *first = at + HUSK_WORD_LOOP_MOVE(0, down), *test = at + HUSK_WORD_LOOP_MOVE(moves, 1);
  uint32_t to = first[1].u32[0], from = first[1].u32[1], count = test[1].u32[1];
  if (to == from || to == count || from == count || test[2].u32[1] != count) return false;
  for (int k = 1; k < moves; k++) {
    const cell *m = at + HUSK_WORD_LOOP_MOVE(k, down);
    if (m[1].u32[0] != to || m[1].u32[1] != from) return false;
  }
  if (down) return at[1].u32[0] == to && at[2].u32[1] == from && down_sums_fit(at, count);
  const cell *step = at + HUSK_WORD_LOOP_MOVE(moves, 0);
  uint32_t a = step[1].u32[0], b = step[1].u32[1], d = step[2].u32[1], e = step[3].u32[0];
  return a == b && d == e && ((a == to && d == from) || (a == from && d == to));
}

bool op_move_loop_fits(int loop, const cell *at) {
  switch (loop) {
  case OP_move32_funnel_loop: return funnel_loop_fits(at);
  case OP_move64x4_loop: return word_loop_fits(at, 4, false);
  case OP_move32x8_loop: return word_loop_fits(at, 8, false);
  case OP_move32x4_loop_down: return word_loop_fits(at, 4, true);
  case OP_move8_loop_down: case OP_move8_loop_up: break;
  default: return false;
  }
  bool down = loop == OP_move8_loop_down;
  const cell *second = at + (down ? 4 : 5), *third = at + HUSK_MOVE_LOOP_THIRD;
  /* add_br_i32_ne_imm: B <- D + imm E, B the count */
  uint32_t count = third[1].u32[1];
  if (third[2].u32[1] != count) return false;
  /* The sums or steps, A <- B op C and D <- E op F, and the run, A and B
   * its addresses: the first two instructions, in the loop's order. */
  const cell *sums = down ? at : second, *run = down ? second : at;
  uint32_t a = sums[1].u32[0], d = sums[2].u32[1];
  if (run[1].u32[0] != a || run[1].u32[1] != d) return false;
  if (down) return down_sums_fit(sums, count);   /* to <- count + c, from <- count + f */
  /* to <- to + imm c, from <- from + imm f */
  return a != d && a != count && d != count && sums[1].u32[1] == a && sums[3].u32[0] == d;
}
