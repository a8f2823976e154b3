/*
 * disasm.c - prints translated bytecode, for debugging the translator and
 * for looking at what the interpreter runs (`husk inspect --bytecode`).
 */
#include <inttypes.h>
#include <stdio.h>

#include "wasm/disasm.h"
#include "wasm/ops.h"

static const struct { const char *name; uint8_t cells; } op_info[OP_COUNT] = {
#define D_OP(name, cells) [OP_##name] = {#name, cells},
#define D_BIN(name) [OP_##name] = {#name, 3},
#define D_UN(name) [OP_##name] = {#name, 2},
#define D_BR(name) [OP_br_##name] = {"br_" #name, 3},
#define D_IMM(name) [OP_##name##_imm] = {#name "_imm", 3},
#define D_BR_IMM(name) [OP_br_##name##_imm] = {"br_" #name "_imm", 3},
  HUSK_CONTROL_OPS(D_OP) HUSK_MEMORY_OPS(D_OP)
  HUSK_BINARY_OPS(D_BIN) HUSK_UNARY_OPS(D_UN)
  HUSK_BRANCH_CMP_OPS(D_BR) HUSK_IMM_OPS(D_IMM) HUSK_BRANCH_CMP_IMM_OPS(D_BR_IMM)
};

static int op_of(const void *const *labels, const void *handler) {
  for (int i = 0; i < OP_COUNT; i++)
    if (labels[i] == handler) return i;
  return -1;
}

void disasm_function(FILE *out, const void *const *labels, const compiled_func *f) {
  fprintf(out, "func[%u] params=%u locals=%u results=%u frame=%u slots\n", f->func_index,
          f->param_count, f->local_count, f->result_count, f->frame_slots);
  for (uint32_t i = 0; i < f->const_count; i++)
    fprintf(out, "  const s%u = 0x%" PRIx64 "\n", f->param_count + f->local_count + i, f->consts[i]);
  for (uint32_t pc = 0; pc < f->code_cells;) {
    const cell *c = f->code + pc;
    int op = op_of(labels, c->op);
    if (op < 0) {
      fprintf(out, "  %5u  ??? (bad handler)\n", pc);
      return;
    }
    uint32_t cells = op_info[op].cells;
    fprintf(out, "  %5u  %-20s", pc, op_info[op].name);
    if (op == OP_call) {
      const compiled_func *callee = c[1].ptr;
      fprintf(out, " func[%u] base=%u", callee->func_index, c[2].u32[0]);
    } else if (op == OP_const) {
      fprintf(out, " s%u <- 0x%" PRIx64, c[1].u32[0], c[2].u64);
    } else {
      for (uint32_t k = 2; k < cells * 2; k++) fprintf(out, " %d", c[k / 2].s32[k % 2]);
    }
    if (op == OP_br_table) {
      uint32_t n = c[1].u32[1];
      for (uint32_t i = 0; i <= n; i++) fprintf(out, " ->%d", (int)pc + c[2 + i].s32[0]);
      cells += n + 1;
    }
    fputc('\n', out);
    pc += cells;
  }
}
