/*
 * opinfo.h - what husk knows about each internal instruction besides how to
 * run it: its name, its length in cells and the kinds of its operands.
 *
 * The tables are derived from the op lists in ops.h, so an op added there
 * gets its name and length here automatically. Users: the disassembler
 * (disasm.c) and the loader of cached code (serialize.c), which walks
 * bytecode it did not produce and checks every operand against these kinds.
 */
#ifndef HUSK_WASM_OPINFO_H
#define HUSK_WASM_OPINFO_H

#include <stdint.h>

#include "wasm/ops.h"
#include "wasm/runtime.h"

static const struct op_info {
  const char *name;
  uint8_t cells;               /* length, not counting br_table's offset cells */
} op_info[OP_COUNT] = {
#define OPINFO_OP(name, cells) [OP_##name] = {#name, cells},
#define OPINFO_MEM(name, cells, kinds) [OP_##name] = {#name, cells}, \
  [OP_##name##_checked] = {#name "_checked", cells},
#define OPINFO_LOADOP(name, type, expr) [OP_##name##_load] = {#name "_load", 3}, \
  [OP_##name##_load_checked] = {#name "_load_checked", 3},
#define OPINFO_BIN(name) [OP_##name] = {#name, 3},
#define OPINFO_UN(name) [OP_##name] = {#name, 2},
#define OPINFO_BR(name) [OP_br_##name] = {"br_" #name, 3},
#define OPINFO_IMM(name) [OP_##name##_imm] = {#name "_imm", 3},
#define OPINFO_BR_IMM(name) [OP_br_##name##_imm] = {"br_" #name "_imm", 3},
#define OPINFO_ADD_BR(name) [OP_add_br_##name##_imm] = {"add_br_" #name "_imm", 4},
  HUSK_CONTROL_OPS(OPINFO_OP) HUSK_MEMORY_OPS(OPINFO_MEM) HUSK_LOAD_OPERAND_OPS(OPINFO_LOADOP)
  HUSK_BINARY_OPS(OPINFO_BIN) HUSK_UNARY_OPS(OPINFO_UN)
  HUSK_BRANCH_CMP_OPS(OPINFO_BR) HUSK_IMM_OPS(OPINFO_IMM)
  HUSK_BRANCH_CMP_IMM_OPS(OPINFO_BR_IMM) HUSK_ADD_BRANCH_OPS(OPINFO_ADD_BR)
#undef OPINFO_OP
#undef OPINFO_MEM
#undef OPINFO_LOADOP
#undef OPINFO_BIN
#undef OPINFO_UN
#undef OPINFO_BR
#undef OPINFO_IMM
#undef OPINFO_BR_IMM
#undef OPINFO_ADD_BR
};

/* The instruction's whole length in cells: br_table (A: index, B: n) is
 * followed by n+1 offset cells. The caller has checked that the cells up to
 * B exist. */
static inline uint64_t op_length(int op, const cell *at) {
  return op == OP_br_table ? 2 + (uint64_t)at[1].u32[1] + 1 : op_info[op].cells;
}

/*
 * Operand kinds, one character per 32-bit operand after the handler cell,
 * in the order A, B, C, D, E (the halves of cells 1, 2, 3). A string may be
 * shorter than the instruction: the operands it does not cover are not
 * interpreted (unused, or immediates). The prefix M is not an operand: it
 * says that the instruction needs memory 0.
 *
 *   s  a frame slot: below the function's frame_slots
 *   o  a branch offset in cells, relative to the instruction's start: it must
 *      land on an instruction start of the same function
 *   n  br_table's n: the instruction is followed by n+1 offset cells (o)
 *   i  an immediate: any value
 *   0  zero in the serialized form (the high half of a pointer once loaded)
 *   F  a callee: the index of a defined function in the serialized form, a
 *      compiled_func pointer (the whole cell) once loaded
 *   I  an imported function's index
 *   T  a type: a type index of the module in the serialized form, the
 *      engine's canonical type id once loaded
 *   b  the frame base of a call: the callee's (F, I or T, given first)
 *      parameters and results fit below frame_slots
 *   f  a function index;  g a global;  t a table;  R a funcref table
 *   d  a data segment;  e an element segment
 *
 * Every op must have an entry (NULL means "unknown", and the loader refuses
 * code that uses it): tests/cache checks that the table is complete, so an op
 * added to ops.h without one is caught there. The entries for the control
 * ops are written out, in their list's order; the memory ops carry theirs in
 * their list, and the numeric families are uniform.
 */
static const char *const op_operands[OP_COUNT] = {
  /* The numeric families are uniform: their kinds come with the lists. */
#define OPERANDS_BIN(name) [OP_##name] = "sss",
#define OPERANDS_UN(name) [OP_##name] = "ss",
#define OPERANDS_BR(name) [OP_br_##name] = "oss",
#define OPERANDS_IMM(name) [OP_##name##_imm] = "ssi",
#define OPERANDS_BR_IMM(name) [OP_br_##name##_imm] = "osi",
#define OPERANDS_ADD_BR(name) [OP_add_br_##name##_imm] = "osisi",
#define OPERANDS_MEM(name, cells, kinds) [OP_##name] = kinds, [OP_##name##_checked] = kinds,
#define OPERANDS_LOADOP(name, type, expr) [OP_##name##_load] = "Msss", [OP_##name##_load_checked] = "Msss",
  HUSK_MEMORY_OPS(OPERANDS_MEM) HUSK_LOAD_OPERAND_OPS(OPERANDS_LOADOP)
  HUSK_BINARY_OPS(OPERANDS_BIN) HUSK_UNARY_OPS(OPERANDS_UN)
  HUSK_BRANCH_CMP_OPS(OPERANDS_BR) HUSK_IMM_OPS(OPERANDS_IMM)
  HUSK_BRANCH_CMP_IMM_OPS(OPERANDS_BR_IMM) HUSK_ADD_BRANCH_OPS(OPERANDS_ADD_BR)
#undef OPERANDS_BIN
#undef OPERANDS_UN
#undef OPERANDS_BR
#undef OPERANDS_IMM
#undef OPERANDS_BR_IMM
#undef OPERANDS_ADD_BR
#undef OPERANDS_MEM
#undef OPERANDS_LOADOP
  /* HUSK_CONTROL_OPS */
  [OP_unreachable] = "",
  [OP_jump] = "o",
  [OP_br_if] = "so",
  [OP_br_unless] = "so",
  [OP_br_table] = "sn",
  [OP_copy] = "ss",
  [OP_copy2] = "ssss",
  [OP_copy_jump] = "oiss",
  [OP_const] = "s",
  [OP_select] = "ssss",
  [OP_call] = "F0b",
  [OP_call_import] = "Ib",
  [OP_call_indirect] = "TRsb",
  [OP_ret] = "",
  [OP_ret1] = "s",
  [OP_global_get] = "sg",
  [OP_global_set] = "gs",
  [OP_ref_is_null] = "ss",
  [OP_ref_func] = "sf",
  [OP_memory_size] = "Ms",
  [OP_memory_grow] = "Mss",
  [OP_memory_fill] = "Msss",
  [OP_memory_copy] = "Msss",
  [OP_memory_init] = "Mdsss",
  [OP_data_drop] = "d",
  [OP_table_get] = "sts",
  [OP_table_set] = "tss",
  [OP_table_size] = "st",
  [OP_table_grow] = "stss",
  [OP_table_fill] = "tsss",
  [OP_table_copy] = "ttsss",
  [OP_table_init] = "tesss",
  [OP_elem_drop] = "e",
  [OP_fuel] = "i",
  [OP_check] = "",
};

#endif
