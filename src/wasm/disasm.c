/*
 * disasm.c - prints translated bytecode, for debugging the translator and
 * for looking at what the interpreter runs (`husk inspect --bytecode`).
 */
#include <inttypes.h>
#include <stdio.h>

#include "wasm/disasm.h"
#include "wasm/opinfo.h"

static int op_of(const void *const *labels, const void *handler) {
  for (int i = 0; i < OP_COUNT; i++)
    if (labels[i] == handler) return i;
  return -1;
}

void disasm_function(FILE *out, const void *const *labels, const compiled_func *f) {
  fprintf(out, "func[%u] params=%u locals=%u results=%u frame=%u slots\n", f->func_index,
          f->param_count, f->local_count, f->result_count, f->frame_slots);
  if (f->zero_from < f->zero_to)
    fprintf(out, "  zero s%u..s%u\n", f->param_count + f->zero_from, f->param_count + f->zero_to - 1);
  for (uint32_t i = 0; i < f->const_count; i++)
    fprintf(out, "  const s%u = 0x%" PRIx64 "\n", f->param_count + f->local_count + i, f->consts[i]);
  for (uint32_t pc = 0; pc < f->code_cells;) {
    const cell *c = f->code + pc;
    int op = op_of(labels, c->op);
    if (op < 0) {
      fprintf(out, "  %5u  ??? (bad handler)\n", pc);
      return;
    }
    uint32_t cells = (uint32_t)op_length(op, c);
    fprintf(out, "  %5u  %-20s", pc, op_names[op]);
    if (op == OP_call) {
      const compiled_func *callee = c[1].ptr;
      fprintf(out, " func[%u] base=%u", callee->func_index, c[2].u32[0]);
    } else if (op == OP_const) {
      fprintf(out, " s%u <- 0x%" PRIx64, c[1].u32[0], c[2].u64);
    } else {
      for (uint32_t k = 2; k < op_info[op].cells * 2u; k++) fprintf(out, " %d", c[k / 2].s32[k % 2]);
    }
    if (op_is_br_table(op)) {
      uint32_t n = c[1].u32[1];
      for (uint32_t i = 0; i <= n; i++) fprintf(out, " ->%d", (int)pc + c[2 + i].s32[0]);
    }
    fputc('\n', out);
    pc += cells;
  }
}
