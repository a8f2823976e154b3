/*
 * opinfo.c - the table of instruction names, lengths and operand kinds
 * (opinfo.h), generated from the op lists in ops.h.
 */
#include "wasm/opinfo.h"

#define INFO(op, name, kinds, cells) [op] = {name, kinds, cells},
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

const struct op_info op_info[OP_COUNT] = {
  HUSK_CONTROL_OPS(CONTROL) HUSK_MEMORY_OPS(MEMORY) HUSK_LOAD_OPERAND_OPS(LOAD_OPERAND)
  HUSK_BINARY_OPS(BINARY) HUSK_UNARY_OPS(UNARY)
  HUSK_BRANCH_CMP_OPS(BRANCH) HUSK_IMM_OPS(IMM)
  HUSK_BRANCH_CMP_IMM_OPS(BRANCH_IMM) HUSK_ADD_BRANCH_OPS(ADD_BRANCH)
  HUSK_PAIR_OPS(CONTROL)
};
