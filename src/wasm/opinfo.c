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
#define MOVE_LOOP_ENTRY(loop, first, second, third) {OP_##loop, OP_##first, OP_##second, OP_##third},
  HUSK_MOVE_LOOPS(MOVE_LOOP_ENTRY)
#undef MOVE_LOOP_ENTRY
};

bool op_move_loop_fits(int loop, const cell *at) {
  bool down = loop == OP_move8_loop_down;
  if (!down && loop != OP_move8_loop_up) return false;
  const cell *second = at + (down ? 4 : 5), *third = at + HUSK_MOVE_LOOP_THIRD;
  /* add_br_i32_ne_imm: B <- D + imm E, B the count */
  uint32_t count = third[1].u32[1];
  if (third[2].u32[1] != count) return false;
  /* The sums or steps, A <- B op C and D <- E op F, and the run, A and B
   * its addresses: the first two instructions, in the loop's order. */
  const cell *sums = down ? at : second, *run = down ? second : at;
  uint32_t a = sums[1].u32[0], b = sums[1].u32[1], c = sums[2].u32[0];
  uint32_t d = sums[2].u32[1], e = sums[3].u32[0], f = sums[3].u32[1];
  uint32_t to = run[1].u32[0], from = run[1].u32[1];
  if (to != a || from != d || a == d || a == count || d == count) return false;
  if (down)   /* to <- count + c, from <- count + f */
    return b == count && e == count && c != a && c != d && c != count && f != a && f != d && f != count;
  return b == a && e == d;   /* to <- to + imm c, from <- from + imm f */
}
