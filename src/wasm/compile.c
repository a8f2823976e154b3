/*
 * compile.c - validates a function body and translates it, in one pass, into
 * slot-operand bytecode (ops.h).
 *
 * The Wasm operand stack disappears: the value at stack height h lives in
 * frame slot `temps + h` (its "canonical" slot, temps = params + locals).
 * While translating we keep a virtual stack describing where each value is:
 *
 *   TEMP   in its canonical slot (computed by an emitted instruction);
 *   LOCAL  still in a local's slot (local.get emits nothing);
 *   CONST  a constant not yet written anywhere (i32.const emits nothing).
 *
 * An instruction reads its operands from wherever they are and writes its
 * result to the canonical slot of the result's height. Invariants:
 *   - At every label (block/loop/if/else/end) the values a branch carries are
 *     in their canonical slots, and no LOCAL entry survives across a block
 *     entry (block entries flush them), so a local.set inside a block can
 *     never invalidate a value pushed outside it.
 *   - Inside straight-line code, local.set x first copies every LOCAL x entry
 *     still on the virtual stack to its canonical slot.
 *   - Unreachable code is validated but emits nothing (emission goes to the
 *     scratch space past the end of the buffer).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"
#include "wasm/compile.h"
#include "wasm/opinfo.h"
#include "wasm/ops.h"
#include "wasm/reader.h"

enum { V_TEMP, V_LOCAL, V_CONST };

/* Constants beyond this many are written to temps when used (a frame's
 * entry copies the whole pool, so it must stay small). */
#define MAX_POOL 128
#define T_UNKNOWN 0   /* the polymorphic stack of unreachable code */

typedef struct vval {
  wasm_valtype type;
  uint8_t kind;
  uint32_t local;      /* V_LOCAL: slot of the local */
  uint64_t imm;        /* V_CONST */
} vval;

enum { C_BLOCK, C_LOOP, C_IF, C_ELSE, C_FUNC };

typedef struct ctrl {
  uint8_t kind;
  bool unreachable;       /* the stack is polymorphic (after br, return...) */
  bool dead_entry;        /* the block itself was entered in unreachable code */
  const wasm_valtype *params, *results;
  uint32_t nparams, nresults;
  uint32_t height;        /* virtual stack height below the block's params */
  uint32_t label_pos;     /* loop: start of the body */
  uint32_t else_pos;      /* if: the conditional branch to patch */
  uint32_t fixup_start;
  /* Locals assigned on every path (below, "Locals read before written"):
   * when the block was entered, and on every branch to its end so far. */
  uint64_t assigned_entry, assigned_exit;
} ctrl;

/* Result lists of one value, for block types written as a single valtype
 * (ctrl entries move when the array grows, so they cannot hold them). */
static const wasm_valtype one_result[256] = {
  [WASM_I32] = WASM_I32, [WASM_I64] = WASM_I64, [WASM_F32] = WASM_F32,
  [WASM_F64] = WASM_F64, [WASM_FUNCREF] = WASM_FUNCREF, [WASM_EXTERNREF] = WASM_EXTERNREF,
};

typedef struct fixup {
  uint32_t target;        /* ctrl index */
  uint32_t instr;         /* start of the branch instruction */
  uint32_t cell;          /* cell holding the offset */
  uint8_t half;
} fixup;

typedef struct compiler {
  const wasm_module *m;
  compiled_func *funcs;       /* the module's functions: call targets */
  const void *const *labels;
  wasm_reader r;
  const char *error;

  wasm_valtype *local_types;  /* params then locals */
  uint32_t nlocals;           /* params + locals = index of the first constant */
  uint32_t temps;             /* index of the first operand temp */
  /* Constants used as operands, each in its own slot after the locals
   * (copied in on entry), up to pool_cap of them. */
  uint64_t *pool;
  uint32_t pool_used, pool_cap;
  const wasm_functype *type;

  vval *stack; size_t height, stack_cap;
  uint32_t max_height;
  ctrl *ctrls; size_t nctrls, ctrl_cap;
  fixup *fixups; size_t nfixups, fixup_cap;

  cell *code; size_t len, cap;
  /* Where each emitted instruction starts and its op, in code order (for
   * the rebuilding passes); entries at or past len are stale. */
  struct instr { uint32_t pos; uint16_t op; } *instrs;
  size_t ninstrs, instr_cap;
  /* For the rebuilding passes: starts[p] is 1 + the index in instrs of the
   * instruction starting at cell p < nstarts, 0 where none does
   * (index_instrs). */
  uint32_t *starts; size_t nstarts, starts_cap;
  /* The last emitted instruction, while nothing (label, other instruction)
   * came after it: lets local.set retarget its result, and br_if fuse with a
   * compare. */
  uint32_t last_pos, last_end;
  int last_op;                /* -1: none */
  /* The instruction before it, when it ends where the last one starts: an
   * instruction fused away (take_compare) makes it the last again. */
  uint32_t prev_pos;
  /* The last move8 or move8_run emitted, while no label came after it
   * (UINT32_MAX: none): a move8 right after it may extend it. */
  uint32_t run_pos;
  int prev_op;                /* -1: none */
  /* The one before that, when it ends where the one before the last starts
   * (fuse_move: a store's address computed before the load's). */
  uint32_t prev2_pos;
  int prev2_op;               /* -1: none */
  /* No label is at or after this cell (forget_last sets it): the
   * instructions from here to len run in a row. */
  uint32_t straight_from;
  bool last_has_dst;          /* the last instruction's A operand is its result */
  /* Fuel metering: the charge of the basic block being translated, patched
   * with its instruction count when the next block begins. */
  bool fuel, interruptible;
  bool guarded;               /* memory accesses without bounds checks (guard.c) */
  uint32_t fuel_pos;          /* UINT32_MAX: no open charge */
  uint32_t fuel_count;
  bool oom;                   /* nothing is written once set */
  /* Locals read before written: bit i stands for declared local i (after the
   * params), for the first 64. `assigned` holds the locals assigned on every
   * path to the instruction being translated (all bits in unreachable code,
   * where nothing runs); `unassigned_reads` the locals some local.get may
   * read before any write, which are the only ones the frame must zero. */
  uint64_t assigned, unassigned_reads;
} compiler;

/* ---------------------------------------------------------------- errors */

static bool fail(compiler *c, const char *msg) {
  if (!c->error) c->error = msg;
  return false;
}

/* ---------------------------------------------------------------- emission */

static bool dead(const compiler *c) {
  const ctrl *top = &c->ctrls[c->nctrls - 1];
  return top->unreachable || top->dead_entry;
}

/* No code is wanted: unreachable, or already failed (the virtual stack may
 * then be short, so emitters that read it must stop). */
static bool quiet(const compiler *c) { return dead(c) || c->error != NULL; }

/* Reserves `cells` cells and returns their position. In unreachable code the
 * cells are written past the end and never become part of the function. */
static uint32_t emit_op(compiler *c, int op, uint32_t cells) {
  if (c->oom) return 0;
  if (!vec_reserve((void **)&c->code, &c->cap, c->len, cells + 4, sizeof(cell))) {
    c->oom = true;
    fail(c, "out of memory");
    return 0;
  }
  /* Clearing a fixed four cells (most ops have no more; the rest is room
   * reserved past the end) is two stores, not a call to memset. */
  uint32_t pos = (uint32_t)c->len;
  memset(c->code + pos, 0, 4 * sizeof(cell));
  if (cells > 4) memset(c->code + pos + 4, 0, (cells - 4) * sizeof(cell));
  c->code[pos].op = c->labels[op];
  c->last_has_dst = false;
  if (!dead(c)) {
    while (c->ninstrs && c->instrs[c->ninstrs - 1].pos >= pos) c->ninstrs--;
    if (!vec_reserve((void **)&c->instrs, &c->instr_cap, c->ninstrs, 1, sizeof *c->instrs)) {
      c->oom = true;
      fail(c, "out of memory");
      return 0;
    }
    c->instrs[c->ninstrs++] = (struct instr){pos, (uint16_t)op};
    bool adjacent = c->last_op >= 0 && c->last_end == pos;
    c->prev2_op = adjacent ? c->prev_op : -1;
    c->prev2_pos = c->prev_pos;
    c->prev_op = adjacent ? c->last_op : -1;
    c->prev_pos = c->last_pos;
    c->len += cells;
    c->last_pos = pos;
    c->last_end = (uint32_t)c->len;
    c->last_op = op;
  }
  return pos;
}

/* Turns the last instruction, in place, into `op` (of the same start). */
static void retarget_last(compiler *c, int op) {
  c->code[c->last_pos].op = c->labels[op];
  c->last_op = op;
  c->instrs[c->ninstrs - 1].op = (uint16_t)op;
}

/* Operand writers: no-ops once allocation failed. */
static void put32(compiler *c, uint32_t cellpos, int half, uint32_t v) {
  if (!c->oom) c->code[cellpos].u32[half] = v;
}
static void put64(compiler *c, uint32_t cellpos, uint64_t v) {
  if (!c->oom) c->code[cellpos].u64 = v;
}
static void set_a(compiler *c, uint32_t pos, uint32_t v) { put32(c, pos + 1, 0, v); }
static void set_b(compiler *c, uint32_t pos, uint32_t v) { put32(c, pos + 1, 1, v); }
static void set_c(compiler *c, uint32_t pos, uint32_t v) { put32(c, pos + 2, 0, v); }
static void set_d(compiler *c, uint32_t pos, uint32_t v) { put32(c, pos + 2, 1, v); }
static void set_e(compiler *c, uint32_t pos, uint32_t v) { put32(c, pos + 3, 0, v); }
/* Branch offsets are relative to the branch instruction's start. */
static void set_offset(compiler *c, uint32_t instr, uint32_t cellpos, int half, size_t target) {
  put32(c, cellpos, half, (uint32_t)(int32_t)((int64_t)target - instr));
}

/* The instruction just emitted wrote its result to its A operand. */
static void note_result(compiler *c) { c->last_has_dst = !dead(c); }

/* A label is about to be placed here: no instruction may be fused across. */
static void forget_last(compiler *c) {
  c->last_op = c->prev_op = c->prev2_op = -1;
  c->straight_from = (uint32_t)c->len;
  c->last_has_dst = false;
  c->run_pos = UINT32_MAX;
}

/* Removes the last instruction (being fused into what comes next); the one
 * before it, if adjacent, becomes the last again, with no retargetable
 * result, and the one before that the one before the last. */
static void unemit_last(compiler *c) {
  c->len = c->last_pos;
  if (c->prev_op >= 0) {
    c->last_op = c->prev_op;
    c->last_pos = c->prev_pos;
    c->last_end = (uint32_t)c->len;
    c->prev_op = c->prev2_op;
    c->prev_pos = c->prev2_pos;
    c->prev2_op = -1;
    c->last_has_dst = false;
  } else {
    forget_last(c);
  }
}

/* The form of a memory access op that this engine runs (ops.h). */
static int access_op(const compiler *c, int op) {
  return c->guarded ? op : op + OP_CHECKED_DELTA;
}

/* ---------------------------------------------------------------- stack */

static uint32_t canonical(const compiler *c, size_t height) {
  return c->temps + (uint32_t)height;
}

/* The pool slot holding `value`, adding it if there is room; else -1. */
static int64_t pool_slot(compiler *c, uint64_t value) {
  for (uint32_t i = 0; i < c->pool_used; i++)
    if (c->pool[i] == value) return c->nlocals + i;
  if (c->pool_used == c->pool_cap) return -1;
  c->pool[c->pool_used] = value;
  return c->nlocals + c->pool_used++;
}

static inline void push(compiler *c, vval v) {
  if (!vec_reserve((void **)&c->stack, &c->stack_cap, c->height, 1, sizeof(vval))) {
    c->oom = true;
    fail(c, "out of memory");
    return;
  }
  c->stack[c->height++] = v;
  if (c->height > c->max_height) c->max_height = (uint32_t)c->height;
}

static void push_temp(compiler *c, wasm_valtype t) { push(c, (vval){t, V_TEMP, 0, 0}); }

/* Pops a value of type `expect` (T_UNKNOWN: any). In unreachable code an
 * empty block stack yields a value of unknown type. */
static inline vval pop(compiler *c, wasm_valtype expect) {
  ctrl *top = &c->ctrls[c->nctrls - 1];
  if (c->height == top->height) {
    if (!top->unreachable) fail(c, "type mismatch");
    return (vval){expect, V_TEMP, 0, 0};
  }
  vval v = c->stack[--c->height];
  if (expect != T_UNKNOWN && v.type != T_UNKNOWN && v.type != expect) fail(c, "type mismatch");
  if (v.type == T_UNKNOWN) v.type = expect;
  return v;
}

/* Copies slot src to dst. Copies come in runs (a block's results, the
 * values a branch carries, locals saved before a local.set), so a copy
 * right after another becomes the second half of a copy2: one dispatch for
 * both, in the same order. */
static void emit_copy(compiler *c, uint32_t dst, uint32_t src) {
  if (c->last_op == OP_copy && c->last_end == c->len && !quiet(c) && !c->oom &&
      vec_reserve((void **)&c->code, &c->cap, c->len, 2, sizeof(cell))) {
    uint32_t pos = c->last_pos;
    retarget_last(c, OP_copy2);
    c->code[pos + 2].u32[0] = dst;
    c->code[pos + 2].u32[1] = src;
    c->len = pos + 3;
    c->last_end = (uint32_t)c->len;
    return;
  }
  uint32_t p = emit_op(c, OP_copy, 2);
  set_a(c, p, dst);
  set_b(c, p, src);
}

/* Writes value v to slot dst. */
static void emit_move(compiler *c, uint32_t dst, const vval *v) {
  if (v->kind == V_CONST && v->imm <= UINT32_MAX) {   /* every i32 and f32 */
    uint32_t p = emit_op(c, OP_const32, 2);
    set_a(c, p, dst);
    set_b(c, p, (uint32_t)v->imm);
  } else if (v->kind == V_CONST) {
    uint32_t p = emit_op(c, OP_const, 3);
    set_a(c, p, dst);
    put64(c, p + 2, v->imm);
  } else {
    uint32_t src = v->kind == V_LOCAL ? v->local : dst;   /* TEMP: see callers */
    if (src != dst) emit_copy(c, dst, src);
  }
}

/* Moves the entry at `height` into its canonical slot. */
static void materialize(compiler *c, size_t height) {
  vval *v = &c->stack[height];
  if (v->kind == V_TEMP) return;
  emit_move(c, canonical(c, height), v);
  v->kind = V_TEMP;
}

/* The slot an operand (just popped, so at stack index `height`) can be read
 * from; constants are written to their canonical slot first. */
static uint32_t slot_of(compiler *c, const vval *v, size_t height) {
  if (v->kind == V_LOCAL) return v->local;
  if (v->kind == V_CONST) {
    int64_t pooled = pool_slot(c, v->imm);
    if (pooled >= 0) return (uint32_t)pooled;
    emit_move(c, canonical(c, height), v);
  }
  return canonical(c, height);
}

/* Every LOCAL entry to its canonical slot: done at block entries so no
 * LOCAL entry crosses a label. */
static void flush_locals(compiler *c) {
  for (size_t i = 0; i < c->height; i++)
    if (c->stack[i].kind == V_LOCAL) materialize(c, i);
}

/* Before local `slot` is written: copy out entries that still read it. */
static bool preserve_local(compiler *c, uint32_t slot, bool dry_run) {
  bool any = false;
  for (size_t i = 0; i < c->height; i++) {
    if (c->stack[i].kind == V_LOCAL && c->stack[i].local == slot) {
      any = true;
      if (!dry_run) materialize(c, i);
    }
  }
  return any;
}

/* ---------------------------------------------------------------- labels */

static const wasm_valtype *label_types(const ctrl *t, uint32_t *n) {
  if (t->kind == C_LOOP) { *n = t->nparams; return t->params; }
  *n = t->nresults;
  return t->results;
}

/* ------------------------------------------- locals read before written */

/* Wasm zeroes a function's locals on entry, but compiled C writes nearly all
 * of them before it reads them, and zeroing costs a store per local on every
 * call (the hot functions of lisp and exprparse: six a call). So the
 * translator finds the locals some local.get may read before any write, the
 * way a compiler checks definite assignment over structured control: the
 * state after a block is the meet (intersection) of the states at the
 * branches to its end and at its fallthrough; an if without else meets its
 * entry state, which the false path carries; a loop's head keeps the state
 * it was entered with, since a back edge can only add to it. Entry zeroes
 * the range from the first local read unassigned to the last (and every
 * local from the 65th on: only 64 are tracked). */

static uint64_t local_bit(const compiler *c, uint32_t idx) {
  uint32_t params = c->type->param_count;
  return idx >= params && idx - params < 64 ? 1ull << (idx - params) : 0;
}

static void note_local_read(compiler *c, uint32_t idx) {
  c->unassigned_reads |= local_bit(c, idx) & ~c->assigned;
}

static void note_local_write(compiler *c, uint32_t idx) { c->assigned |= local_bit(c, idx); }

/* The declared locals to zero on entry: from the first read unassigned to
 * the last (all from the 65th on, which are not tracked). */
static void zero_range(const compiler *c, uint32_t local_count, uint32_t *from, uint32_t *to) {
  uint64_t m = c->unassigned_reads;
  *from = m ? (uint32_t)__builtin_ctzll(m) : local_count > 64 ? 64 : local_count;
  *to = local_count > 64 ? local_count : m ? 64 - (uint32_t)__builtin_clzll(m) : *from;
}

/* The state after the block at the top of the control stack, at its end. */
static void meet_at_end(compiler *c, const ctrl *b) {
  if (b->kind == C_LOOP) return;
  c->assigned &= b->assigned_exit;
  if (b->kind == C_IF) c->assigned &= b->assigned_entry;
}

/* Records that the offset at (cell, half) of the instruction at `instr`
 * must reach ctrl `target`'s label. */
static void branch_to(compiler *c, uint32_t target, uint32_t instr, uint32_t cellpos, uint8_t half) {
  if (dead(c)) return;
  ctrl *t = &c->ctrls[target];
  t->assigned_exit &= c->assigned;
  if (t->kind == C_LOOP) {
    set_offset(c, instr, cellpos, half, t->label_pos);
    return;
  }
  if (!vec_reserve((void **)&c->fixups, &c->fixup_cap, c->nfixups, 1, sizeof(fixup))) {
    c->oom = true;
    fail(c, "out of memory");
    return;
  }
  c->fixups[c->nfixups++] = (fixup){target, instr, cellpos, half};
}

/* ---------------------------------------------------------------- limits */

/* Closes the open fuel charge with the number of instructions it covers. */
static void close_fuel_block(compiler *c) {
  if (c->fuel_pos != UINT32_MAX) set_a(c, c->fuel_pos, c->fuel_count);
  c->fuel_pos = UINT32_MAX;
  c->fuel_count = 0;
}

/* A branch may land here: a new basic block starts with its own charge.
 * With `check`, also poll for interruption (function entry, loop headers). */
static void begin_block_here(compiler *c, bool check) {
  if (dead(c)) return;
  if (check && c->interruptible) emit_op(c, OP_check, 1);
  if (!c->fuel) return;
  close_fuel_block(c);
  c->fuel_pos = emit_op(c, OP_fuel, 2);
  forget_last(c);
}

/* Places the label of ctrl `index` here, resolving its forward branches. */
static void place_label(compiler *c, uint32_t index) {
  forget_last(c);
  size_t keep = c->ctrls[index].fixup_start;
  for (size_t i = keep; i < c->nfixups; i++) {
    fixup f = c->fixups[i];
    if (f.target == index)
      set_offset(c, f.instr, f.cell, f.half, c->len);
    else
      c->fixups[keep++] = f;
  }
  c->nfixups = keep;
}

/* True when the top n values are already where label `target` wants them. */
static bool values_in_place(const compiler *c, const ctrl *t, uint32_t n) {
  if (n == 0 || quiet(c)) return true;
  if (c->height - n != t->height) return false;
  for (size_t i = c->height - n; i < c->height; i++)
    if (c->stack[i].kind != V_TEMP) return false;
  return true;
}

/* Copies the top n values into the label's slots. Destinations are at or
 * below each source's canonical slot, so ascending order never overwrites a
 * source still to be read. */
static void move_to_label(compiler *c, const ctrl *t, uint32_t n) {
  if (quiet(c)) return;
  for (uint32_t i = 0; i < n; i++) {
    size_t h = c->height - n + i;
    vval v = c->stack[h];
    if (v.kind == V_TEMP) {
      uint32_t src = canonical(c, h), dst = canonical(c, t->height + i);
      if (src != dst) emit_copy(c, dst, src);
    } else {
      emit_move(c, canonical(c, t->height + i), &v);
    }
  }
}

/* The function's results to slots 0..n-1, then return. */
static void emit_return(compiler *c) {
  if (quiet(c)) return;
  uint32_t n = c->type->result_count;
  if (n == 1) {
    uint32_t src = slot_of(c, &c->stack[c->height - 1], c->height - 1);
    uint32_t p = emit_op(c, OP_ret1, 2);
    set_a(c, p, src);
    return;
  }
  if (n > 1) {
    /* A local among the first n slots could be overwritten before it is
     * read: give such values their canonical slot first. */
    for (size_t h = c->height - n; h < c->height; h++)
      if (c->stack[h].kind == V_LOCAL && c->stack[h].local < n) materialize(c, h);
    for (uint32_t i = 0; i < n; i++) {
      size_t h = c->height - n + i;
      vval v = c->stack[h];
      if (v.kind == V_TEMP) v = (vval){v.type, V_LOCAL, canonical(c, h), 0};
      emit_move(c, i, &v);
    }
  }
  emit_op(c, OP_ret, 1);
}

/* Checks the label's types against the top of the stack without popping.
 * Values missing below a polymorphic (unreachable) bottom match anything. */
static void check_label_values(compiler *c, const wasm_valtype *types, uint32_t n) {
  const ctrl *top = &c->ctrls[c->nctrls - 1];
  size_t avail = c->height - top->height;
  for (uint32_t k = 1; k <= n; k++) {
    wasm_valtype want = types[n - k];
    if (k > avail) {
      if (!top->unreachable) fail(c, "type mismatch");
      return;
    }
    wasm_valtype have = c->stack[c->height - k].type;
    if (have != T_UNKNOWN && have != want) fail(c, "type mismatch");
  }
}

/* Jumps to the label of ctrl index `target`. A copy just before (the value
 * a loop carries around) goes into the jump. */
static void emit_jump(compiler *c, uint32_t target) {
  if (c->last_op == OP_copy && c->last_end == c->len && !quiet(c) && !c->oom) {
    uint32_t dst = c->code[c->last_pos + 1].u32[0], src = c->code[c->last_pos + 1].u32[1];
    unemit_last(c);
    uint32_t p = emit_op(c, OP_copy_jump, 3);
    set_c(c, p, dst);
    set_d(c, p, src);
    branch_to(c, target, p, p + 1, 0);
    return;
  }
  uint32_t p = emit_op(c, OP_jump, 2);
  branch_to(c, target, p, p + 1, 0);
}

/* Unconditional branch to ctrl depth `depth` (0 = innermost). */
static void emit_br(compiler *c, uint32_t index) {
  ctrl *t = &c->ctrls[index];
  if (t->kind == C_FUNC) { emit_return(c); return; }
  uint32_t n;
  label_types(t, &n);
  move_to_label(c, t, n);
  emit_jump(c, index);
}

static void set_unreachable(compiler *c) {
  ctrl *top = &c->ctrls[c->nctrls - 1];
  c->height = top->height;
  top->unreachable = true;
  c->assigned = ~0ull;   /* nothing here runs: every read is harmless */
}

/* ---------------------------------------------------------------- fusion */

/* If the value on top is the result of the compare just emitted, removes
 * the compare and returns its fused branch op (negated when `negate`),
 * leaving its operands in *lhs, *rhs; else -1. */
static int take_compare(compiler *c, bool negate, uint32_t *lhs, uint32_t *rhs, uint32_t *eqz_src) {
  if (quiet(c) || c->oom || c->last_end != c->len || c->last_op < 0) return -1;
  int op = c->last_op;
  uint32_t pos = c->last_pos;
  if (c->code[pos + 1].u32[0] != canonical(c, c->height)) return -1;
  if (op == OP_i32_eqz) {
    *eqz_src = c->code[pos + 1].u32[1];
    c->len = pos;
    forget_last(c);
    return negate ? OP_br_if : OP_br_unless;
  }
  /* In op order eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u, the negation
   * of each: eq<->ne, lt<->ge, gt<->le, keeping signedness. */
  static const int negated[] = {1, 0, 8, 9, 6, 7, 4, 5, 2, 3};
  int base, fused;
  bool real = false;
  if (op >= OP_i32_eq && op <= OP_i32_ge_u) base = OP_i32_eq, fused = OP_br_i32_eq;
  else if (op >= OP_i64_eq && op <= OP_i64_ge_u) base = OP_i64_eq, fused = OP_br_i64_eq;
  else if (op >= OP_i32_eq_imm && op <= OP_i32_ge_u_imm) base = OP_i32_eq_imm, fused = OP_br_i32_eq_imm;
  else if (op >= OP_f32_eq && op <= OP_f32_ge) base = OP_f32_eq, fused = OP_br_f32_eq, real = true;
  else if (op >= OP_f64_eq && op <= OP_f64_ge) base = OP_f64_eq, fused = OP_br_f64_eq, real = true;
  else return -1;
  int k = op - base;
  /* Float order eq ne lt gt le ge: with a NaN operand every compare but ne
   * is false, so only eq and ne are each other's negation. */
  if (negate && real && k > 1) return -1;
  if (negate) k = real ? k ^ 1 : negated[k];
  *lhs = c->code[pos + 1].u32[1];
  *rhs = c->code[pos + 2].u32[0];   /* a slot, or the immediate */
  unemit_last(c);
  return fused + k;
}

/* If the instruction now last is `slot <- x + imm` (a subtraction of a
 * constant is one too), the step of a loop counter that the branch being
 * emitted compares, removes it and returns x and the (wrapping) addend. */
static bool take_step(compiler *c, uint32_t slot, uint32_t *src, uint32_t *addend) {
  if (c->oom || c->last_end != c->len) return false;
  if (c->last_op != OP_i32_add_imm) return false;
  const cell *at = c->code + c->last_pos;
  if (at[1].u32[0] != slot) return false;
  *src = at[1].u32[1];
  *addend = at[2].u32[0];
  unemit_last(c);
  return true;
}

/* If cond (just popped) is the temp that an i32.and with a constant just
 * emitted computed, removes the and and returns its operands: the branch
 * tests the bits itself (if (flags & FLAG)). */
static bool take_mask(compiler *c, const vval *cond, uint32_t *x, uint32_t *mask) {
  if (cond->kind != V_TEMP || quiet(c) || c->oom || c->last_end != c->len) return false;
  if (c->last_op != OP_i32_and_imm) return false;
  const cell *at = c->code + c->last_pos;
  if (at[1].u32[0] != canonical(c, c->height)) return false;
  *x = at[1].u32[1];
  *mask = at[2].u32[0];
  unemit_last(c);
  return true;
}

/* Emits "branch to the label at ctrl index `target` when cond (just popped,
 * at stack index height) is true (or false when `negate`)"; returns the
 * instruction's position. Only used when no values need moving. */
static void emit_cond_branch(compiler *c, const vval *cond, bool negate, uint32_t target,
                             uint32_t *else_pos) {
  uint32_t lhs, rhs, eqz_src = 0, step_src, step;
  int fused = (cond->kind == V_TEMP) ? take_compare(c, negate, &lhs, &rhs, &eqz_src) : -1;
  uint32_t p;
  if (fused == OP_br_if || fused == OP_br_unless) {
    p = emit_op(c, fused, 2);
    set_a(c, p, eqz_src);
    if (else_pos) *else_pos = p; else branch_to(c, target, p, p + 1, 1);
  } else if (fused >= OP_br_i32_eq_imm && fused <= OP_br_i32_ge_u_imm && take_step(c, lhs, &step_src, &step)) {
    p = emit_op(c, OP_add_br_i32_eq_imm + (fused - OP_br_i32_eq_imm), 4);
    set_b(c, p, lhs);
    set_c(c, p, rhs);
    set_d(c, p, step_src);
    set_e(c, p, step);
    if (else_pos) *else_pos = p; else branch_to(c, target, p, p + 1, 0);
  } else if (fused >= 0) {
    p = emit_op(c, fused, 3);
    set_b(c, p, lhs);
    set_c(c, p, rhs);
    if (else_pos) *else_pos = p; else branch_to(c, target, p, p + 1, 0);
  } else if (take_mask(c, cond, &lhs, &rhs)) {
    p = emit_op(c, negate ? OP_br_none_imm : OP_br_any_imm, 3);
    set_b(c, p, lhs);
    set_c(c, p, rhs);
    if (else_pos) *else_pos = p; else branch_to(c, target, p, p + 1, 0);
  } else {
    uint32_t s = slot_of(c, cond, c->height);
    if (!quiet(c) && take_step(c, s, &step_src, &step)) {
      /* a counter stepped and tested for zero: while (--n) */
      p = emit_op(c, negate ? OP_add_br_i32_eq_imm : OP_add_br_i32_ne_imm, 4);
      set_b(c, p, s);
      set_c(c, p, 0);
      set_d(c, p, step_src);
      set_e(c, p, step);
      if (else_pos) *else_pos = p; else branch_to(c, target, p, p + 1, 0);
      return;
    }
    p = emit_op(c, negate ? OP_br_unless : OP_br_if, 2);
    set_a(c, p, s);
    if (else_pos) *else_pos = p; else branch_to(c, target, p, p + 1, 1);
  }
}

/* Points the conditional branch at `pos` (from emit_cond_branch) here. */
static void patch_cond_branch(compiler *c, uint32_t pos) {
  if (c->oom) return;
  const void *op = c->code[pos].op;
  bool two = op == c->labels[OP_br_if] || op == c->labels[OP_br_unless];
  set_offset(c, pos, pos + 1, two ? 1 : 0, c->len);
}

/* ---------------------------------------------------------------- blocks */

static bool read_blocktype(compiler *c, ctrl *b) {
  const uint8_t *at = c->r.p;
  if (at < c->r.end && *at == 0x40) { c->r.p++; b->nparams = b->nresults = 0; return true; }
  if (at < c->r.end && (*at == WASM_I32 || *at == WASM_I64 || *at == WASM_F32 ||
                        *at == WASM_F64 || *at == WASM_FUNCREF || *at == WASM_EXTERNREF)) {
    c->r.p++;
    b->nparams = 0;
    b->nresults = 1;
    b->results = &one_result[*at];
    return true;
  }
  int64_t idx = wasm_read_sleb(&c->r, 33);
  if (c->r.error) return false;
  if (idx < 0) return fail(c, "malformed value type");
  if ((uint64_t)idx >= c->m->type_count) return fail(c, "unknown type");
  const wasm_functype *t = &c->m->types[idx];
  b->params = wasm_functype_params(t);
  b->nparams = t->param_count;
  b->results = wasm_functype_results(t);
  b->nresults = t->result_count;
  return true;
}

static void push_ctrl(compiler *c, ctrl b) {
  if (!vec_reserve((void **)&c->ctrls, &c->ctrl_cap, c->nctrls, 1, sizeof(ctrl))) {
    c->oom = true;
    fail(c, "out of memory");
    return;
  }
  b.fixup_start = (uint32_t)c->nfixups;
  b.dead_entry = c->nctrls > 0 && dead(c);
  b.assigned_entry = c->assigned;
  b.assigned_exit = ~0ull;
  c->ctrls[c->nctrls++] = b;
}

/* Enters block/loop/if: pops the params, checks them, and leaves them in
 * canonical slots so every path into the block finds them in place. */
static void enter_block(compiler *c, ctrl b) {
  vval params[b.nparams ? b.nparams : 1];
  for (uint32_t i = b.nparams; i-- > 0;) params[i] = pop(c, b.params[i]);
  b.height = (uint32_t)c->height;
  for (uint32_t i = 0; i < b.nparams; i++) push(c, params[i]);
  flush_locals(c);
  for (size_t h = b.height; h < c->height; h++) materialize(c, h);
  push_ctrl(c, b);
}

/* The block's results from the top of the stack into canonical slots, with
 * their types checked and nothing else left. */
static void finish_arm_types(compiler *c, const ctrl *b) {
  vval res[b->nresults ? b->nresults : 1];
  for (uint32_t i = b->nresults; i-- > 0;) res[i] = pop(c, b->results[i]);
  if (c->height != b->height) fail(c, "type mismatch");
  for (uint32_t i = 0; i < b->nresults; i++) push(c, res[i]);
}

static void finish_arm(compiler *c) {
  ctrl *b = &c->ctrls[c->nctrls - 1];
  finish_arm_types(c, b);
  move_to_label(c, b, b->nresults);
}

static void end_block(compiler *c) {
  ctrl *b = &c->ctrls[c->nctrls - 1];
  finish_arm(c);
  if (b->kind == C_IF) {
    /* No else: the false path carries the params as the results. */
    if (b->nparams != b->nresults ||
        (b->nparams && memcmp(b->params, b->results, b->nparams) != 0))
      fail(c, "type mismatch");
  }
  uint32_t index = (uint32_t)c->nctrls - 1;
  meet_at_end(c, b);
  place_label(c, index);
  if (b->kind == C_IF && !b->dead_entry) patch_cond_branch(c, b->else_pos);
  c->height = b->height;
  bool reached = !b->dead_entry;
  uint32_t n = b->nresults;
  const wasm_valtype *res = b->results;
  c->nctrls--;
  for (uint32_t i = 0; i < n; i++) push_temp(c, res[i]);
  if (reached) begin_block_here(c, false);
}

/* ---------------------------------------------------------------- numeric */

typedef struct numeric { int op; wasm_valtype in1, in2, out; } numeric;

/* Decodes opcodes 0x45..0xc4 (and 0xfc 0..7 as 0x100+n): operand types and
 * internal op. Reinterpretations and wrap are copies (op -1). */
static bool numeric_info(unsigned opc, numeric *n) {
  const wasm_valtype I = WASM_I32, L = WASM_I64, F = WASM_F32, D = WASM_F64;
#define RANGE(lo, hi, first, a, b, o) if (opc >= lo && opc <= hi) { *n = (numeric){first + (int)(opc - lo), a, b, o}; return true; }
  RANGE(0x45, 0x45, OP_i32_eqz, I, 0, I)
  RANGE(0x46, 0x4f, OP_i32_eq, I, I, I)
  RANGE(0x50, 0x50, OP_i64_eqz, L, 0, I)
  RANGE(0x51, 0x5a, OP_i64_eq, L, L, I)
  RANGE(0x5b, 0x60, OP_f32_eq, F, F, I)
  RANGE(0x61, 0x66, OP_f64_eq, D, D, I)
  RANGE(0x67, 0x69, OP_i32_clz, I, 0, I)
  RANGE(0x6a, 0x78, OP_i32_add, I, I, I)
  RANGE(0x79, 0x7b, OP_i64_clz, L, 0, L)
  RANGE(0x7c, 0x8a, OP_i64_add, L, L, L)
  RANGE(0x8b, 0x91, OP_f32_abs, F, 0, F)
  RANGE(0x92, 0x98, OP_f32_add, F, F, F)
  RANGE(0x99, 0x9f, OP_f64_abs, D, 0, D)
  RANGE(0xa0, 0xa6, OP_f64_add, D, D, D)
  RANGE(0xa7, 0xa7, -1, L, 0, I)
  RANGE(0xa8, 0xa9, OP_i32_trunc_f32_s, F, 0, I)
  RANGE(0xaa, 0xab, OP_i32_trunc_f64_s, D, 0, I)
  RANGE(0xac, 0xad, OP_i64_extend_i32_s, I, 0, L)
  RANGE(0xae, 0xaf, OP_i64_trunc_f32_s, F, 0, L)
  RANGE(0xb0, 0xb1, OP_i64_trunc_f64_s, D, 0, L)
  RANGE(0xb2, 0xb3, OP_f32_convert_i32_s, I, 0, F)
  RANGE(0xb4, 0xb5, OP_f32_convert_i64_s, L, 0, F)
  RANGE(0xb6, 0xb6, OP_f32_demote_f64, D, 0, F)
  RANGE(0xb7, 0xb8, OP_f64_convert_i32_s, I, 0, D)
  RANGE(0xb9, 0xba, OP_f64_convert_i64_s, L, 0, D)
  RANGE(0xbb, 0xbb, OP_f64_promote_f32, F, 0, D)
  RANGE(0xbc, 0xbc, -1, F, 0, I)
  RANGE(0xbd, 0xbd, -1, D, 0, L)
  RANGE(0xbe, 0xbe, -1, I, 0, F)
  RANGE(0xbf, 0xbf, -1, L, 0, D)
  RANGE(0xc0, 0xc1, OP_i32_extend8_s, I, 0, I)
  RANGE(0xc2, 0xc4, OP_i64_extend8_s, L, 0, L)
  RANGE(0x100, 0x101, OP_i32_trunc_sat_f32_s, F, 0, I)
  RANGE(0x102, 0x103, OP_i32_trunc_sat_f64_s, D, 0, I)
  RANGE(0x104, 0x105, OP_i64_trunc_sat_f32_s, F, 0, L)
  RANGE(0x106, 0x107, OP_i64_trunc_sat_f64_s, D, 0, L)
#undef RANGE
  return false;
}

/* i32 binary ops with an immediate form, by op. */
static int imm_form(int op) {
  switch (op) {
#define IMM_CASE(name) case OP_##name: return OP_##name##_imm;
    HUSK_IMM_OPS(IMM_CASE)
#undef IMM_CASE
    case OP_i32_sub: return OP_i32_add_imm;   /* of the negated constant */
    default: return -1;
  }
}

/* The form of binary operator op that loads its right operand, or -1. */
static int load_operand_form(int op) {
  switch (op) {
#define LOADOP_CASE(name, type, expr) case OP_##name: return OP_##name##_load;
    HUSK_LOAD_OPERAND_OPS(LOADOP_CASE)
#undef LOADOP_CASE
    default: return -1;
  }
}

/* The f64 accumulator: every f64 add, sub, mul and div also leaves its
 * result in a machine register (interp.c: facc), as do the fused forms
 * with a multiplication (f64_mul_add...) or a loaded right operand
 * (f64_add_load...). The f64 operator right after it that reads that result
 * takes it from there (`_accb`: operand B, `_accc`: C) instead of through
 * the slot, a store-to-load forward off a dependent chain (mandelbrot: -22%
 * time). The producer still writes its
 * slot, so any other reader, or a fusion that rewrites the consumer, reads
 * the same value. Only right after the producer: the translator forgets
 * the last instruction at every label, so no branch lands in between. */
_Static_assert(OP_f64_div - OP_f64_add == 3 && OP_f64_div_accc - OP_f64_add_accb == 7,
               "acc_form indexes the f64 operators and their accumulator forms");

/* The ops whose handlers leave their result in the accumulator. */
static bool f64_producer(const compiler *c, int op) {
  if ((op >= OP_f64_add && op <= OP_f64_div) || (op >= OP_f64_add_accb && op <= OP_f64_div_accc))
    return true;
  switch (op) {
  case OP_f64_mul_add: case OP_f64_add_mul: case OP_f64_mul_sub: case OP_f64_sub_mul: return true;
  default:
    return op == access_op(c, OP_f64_add_load) || op == access_op(c, OP_f64_sub_load) ||
           op == access_op(c, OP_f64_mul_load) || op == access_op(c, OP_f64_div_load) ||
           op == access_op(c, OP_f64_mul_load_addi);
  }
}

/* The accumulator form of f64 operator op whose operand `side` (1: left,
 * 2: right) the instruction just emitted computed, or -1. */
static int acc_form(const compiler *c, int op, int side) {
  if (op < OP_f64_add || op > OP_f64_div || !f64_producer(c, c->last_op)) return -1;
  return OP_f64_add_accb + 2 * (op - OP_f64_add) + (side - 1);
}

/* An f64.mul, whichever operand it took from the accumulator: its operand
 * slots hold the values either way, so fusions may read them. */
static bool is_f64_mul(int op) {
  return op == OP_f64_mul || op == OP_f64_mul_accb || op == OP_f64_mul_accc;
}

/* When the right operand of binary operator op (popped from height h + 1)
 * is the result of the plain load32/load64 just emitted, replaces that load
 * with one instruction doing both (result in the canonical slot of h). The load's temp is dead after the
 * operator consumes it, and the left operand a was computed before the
 * load, so reading it after the load changes nothing. */
static bool fuse_load_operand(compiler *c, int op, vval *a, size_t h) {
  int fused = load_operand_form(op);
  if (fused < 0 || quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  uint32_t pos = c->last_pos;
  /* An f64.mul also takes in a load64_addi without a static offset (its
   * address then wraps: f64_mul_load_addi), as in a[i + 1] * x. */
  bool addi = op == OP_f64_mul && c->last_op == access_op(c, OP_load64_addi) && c->code[pos + 2].u32[1] == 0;
  if (c->last_op != access_op(c, OP_load32) && c->last_op != access_op(c, OP_load64) && !addi) return false;
  if (c->code[pos + 1].u32[0] != canonical(c, h + 1)) return false;
  /* The offset, or the _addi form's immediate. */
  uint32_t address = c->code[pos + 1].u32[1], offset = c->code[pos + 2].u32[0];
  /* x * y + load: the mul right before the load computed a; with y
   * loaded too (f64_mul_load, f64_mul_load_addi), x * load + load. */
  const cell *mul = c->code + c->prev_pos;
  bool product = op == OP_f64_add && a->kind == V_TEMP && mul[1].u32[0] == canonical(c, h);
  bool loaded_addi = c->prev_op == access_op(c, OP_f64_mul_load_addi);
  bool loaded = loaded_addi || c->prev_op == access_op(c, OP_f64_mul_load);
  if (product && (loaded || is_f64_mul(c->prev_op))) {
    /* After A (the sum) and B (x): y, then the load's address and offset;
     * or y's address and offset, then the load's. */
    uint32_t x = mul[1].u32[1], y = mul[2].u32[0], y_offset = mul[2].u32[1];
    const uint32_t rest[4] = {y, loaded ? y_offset : address, loaded ? address : offset, loaded ? offset : 0};
    unemit_last(c);   /* the load, then the mul: what came before stays known (fuse_rmw_store) */
    unemit_last(c);
    int mla = loaded_addi ? OP_f64_mla_load_addi : OP_f64_mla_load;
    uint32_t p = emit_op(c, access_op(c, loaded ? mla : OP_f64_madd_load), 4);
    set_a(c, p, canonical(c, h));
    set_b(c, p, x);
    set_c(c, p, rest[0]);
    set_d(c, p, rest[1]);
    set_e(c, p, rest[2]);
    put32(c, p + 3, 1, rest[3]);
    return true;
  }
  unemit_last(c);
  uint32_t sa = slot_of(c, a, h);   /* may emit (a constant), after the cut */
  uint32_t p = emit_op(c, access_op(c, addi ? OP_f64_mul_load_addi : fused), 3);
  set_a(c, p, canonical(c, h));
  set_b(c, p, sa);
  set_c(c, p, address);
  set_d(c, p, offset);
  return true;
}

/* If the instruction now last is `slot <- x << imm` or `slot <- x * imm`
 * into a temp at or above height h (so dead once the load has consumed it),
 * removes it and returns x and the multiplier (the ops that take it in
 * compute x * multiplier). */
static bool take_scale(compiler *c, uint32_t slot, size_t h, uint32_t *index, uint32_t *scale) {
  if (quiet(c) || c->oom || c->last_end != c->len) return false;
  if (c->last_op != OP_i32_shl_imm && c->last_op != OP_i32_mul_imm) return false;
  const cell *at = c->code + c->last_pos;
  if (at[1].u32[0] != slot || slot < canonical(c, h)) return false;
  *index = at[1].u32[1];
  /* x << k and x * 2^k agree modulo 2^32, as Wasm masks k to 5 bits. */
  *scale = c->last_op == OP_i32_mul_imm ? at[2].u32[0] : 1u << (at[2].u32[0] & 31);
  unemit_last(c);
  return true;
}

/* Which operand of a binary operator (a in slot sa, b in sb, both placed)
 * is the temp the instruction just emitted computed, dead once the
 * operator consumes it: 1 for a, 2 for b, 0 neither. (Placing a constant by
 * emitting it leaves neither.) */
static int operand_just_computed(const compiler *c, const vval *a, const vval *b, uint32_t sa,
                                 uint32_t sb, size_t h) {
  if (quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return 0;
  uint32_t dst = c->code[c->last_pos + 1].u32[0];
  if (b->kind == V_TEMP && dst == sb && sb == canonical(c, h + 1)) return 2;
  if (a->kind == V_TEMP && dst == sa && sa == canonical(c, h)) return 1;
  return 0;
}

/* Emits "A <- B op C op' D" into the canonical slot of h. */
static void emit_abcd(compiler *c, int op, size_t h, uint32_t b, uint32_t cc, uint32_t d) {
  uint32_t p = emit_op(c, op, 3);
  set_a(c, p, canonical(c, h));
  set_b(c, p, b);
  set_c(c, p, cc);
  set_d(c, p, d);
}

/* Integer operators fused when the first one's result, just computed into a
 * temp, is an operand of the second (ops.h: A <- (B first C) second D).
 * The second commutes, so which side the temp is on is moot. */
static const struct { int first, second, fused; } int_pairs[] = {
  {OP_i32_mul, OP_i32_add, OP_i32_mul_add},
  {OP_i64_mul, OP_i64_add, OP_i64_mul_add},          /* x * a + c: generators */
  {OP_i32_add, OP_i32_add, OP_i32_add3},
  {OP_i32_add_imm, OP_i32_add, OP_i32_add_addi},
  {OP_i32_shr_u_imm, OP_i32_xor, OP_i32_shr_u_xor},
  {OP_i32_shl_imm, OP_i32_xor, OP_i32_shl_xor},
  {OP_i32_shr_u_imm, OP_i32_or, OP_i32_shr_u_or},   /* joining the bytes of */
  {OP_i32_shl_imm, OP_i32_or, OP_i32_shl_or},       /* two unaligned words */
  {OP_i32_rotl, OP_i32_xor, OP_i32_rotl_xor},       /* hash rounds: sha256's */
  {OP_i32_rotr, OP_i32_xor, OP_i32_rotr_xor},       /* sigma, rotl ^ rotl ^ rotl */
};

/* A shift-or of a temp (i32_shr_u_or or i32_shl_or: x op k | t) whose t
 * the opposite shift by a constant right before it computed, now the last
 * instruction again, is one i32_funnel: memcpy's (w << 24) | (x >> 8). t is
 * the temp of height h, dead once the or consumes it. Fused, x is read
 * before t's shift would have run, which changes nothing: t's shift wrote
 * only t, and x, pushed above t, is not t. */
static bool fuse_funnel(compiler *c, int fused, uint32_t x, uint32_t k, uint32_t t, size_t h) {
  bool x_right = fused == OP_i32_shr_u_or;
  if (!x_right && fused != OP_i32_shl_or) return false;
  if (c->last_op != (x_right ? OP_i32_shl_imm : OP_i32_shr_u_imm) || c->last_end != c->len) return false;
  const cell *shift = c->code + c->last_pos;
  if (t != canonical(c, h) || shift[1].u32[0] != t) return false;
  uint32_t y = shift[1].u32[1], j = shift[2].u32[0];
  unemit_last(c);
  uint32_t p = emit_op(c, OP_i32_funnel, 4);
  set_a(c, p, canonical(c, h));
  set_b(c, p, x_right ? y : x);   /* B << C | D >> E */
  set_c(c, p, x_right ? j : k);
  set_d(c, p, x_right ? x : y);
  set_e(c, p, x_right ? k : j);
  return true;
}

/* An f64.add or f64.sub one of whose operands (`side`, above) the f64.mul
 * just emitted computed, an f64.div by the f64.convert_i32_s just emitted,
 * or an i32 pair, becomes one instruction doing both. */
static bool fuse_pair(compiler *c, int op, int side, uint32_t sa, uint32_t sb, size_t h) {
  if (!side) return false;
  if (op == OP_f64_div && side == 2 && c->last_op == OP_f64_convert_i32_s) {
    uint32_t x = c->code[c->last_pos + 1].u32[1];
    unemit_last(c);
    uint32_t p = emit_op(c, OP_f64_div_i32, 3);
    set_a(c, p, canonical(c, h));
    set_b(c, p, sa);
    set_c(c, p, x);
    return true;
  }
  int fused = -1;
  if ((op == OP_f64_add || op == OP_f64_sub) && is_f64_mul(c->last_op))
    fused = side == 2 ? (op == OP_f64_add ? OP_f64_add_mul : OP_f64_sub_mul)
                      : (op == OP_f64_add ? OP_f64_mul_add : OP_f64_mul_sub);
  for (size_t i = 0; fused < 0 && i < sizeof int_pairs / sizeof int_pairs[0]; i++)
    if (int_pairs[i].first == c->last_op && int_pairs[i].second == op) fused = int_pairs[i].fused;
  if (fused < 0) return false;
  const cell *first = c->code + c->last_pos;
  uint32_t x = first[1].u32[1], y = first[2].u32[0], other = side == 2 ? sa : sb;
  unemit_last(c);
  if (!fuse_funnel(c, fused, x, y, other, h)) emit_abcd(c, fused, h, x, y, other);
  return true;
}

/* An i32.and with a constant mask of the temp (at sa, height h) that a
 * shift right by a constant just computed is one bit-field extraction:
 * (x >> k) & mask. */
static bool fuse_bit_field(compiler *c, int op, const vval *a, uint32_t sa, uint32_t mask, size_t h) {
  if (op != OP_i32_and || a->kind != V_TEMP || sa != canonical(c, h)) return false;
  if (quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  if (c->last_op != OP_i32_shr_u_imm && c->last_op != OP_i32_shr_s_imm) return false;
  const cell *shift = c->code + c->last_pos;
  if (shift[1].u32[0] != sa) return false;
  uint32_t x = shift[1].u32[1], k = shift[2].u32[0];
  int fused = c->last_op == OP_i32_shr_u_imm ? OP_i32_shr_u_and : OP_i32_shr_s_and;
  unemit_last(c);
  uint32_t p = emit_op(c, fused, 3);
  set_a(c, p, canonical(c, h));
  set_b(c, p, x);
  set_c(c, p, k);
  set_d(c, p, mask);
  return true;
}

/* Likewise an i32.add of an index scaled by a constant just before it
 * (array + i * 4): i32_sadd. */
static bool fuse_scaled_add(compiler *c, int op, int side, uint32_t sa, uint32_t sb, size_t h) {
  uint32_t index, scale;
  if (op != OP_i32_add || !side || !take_scale(c, side == 1 ? sa : sb, h, &index, &scale)) return false;
  emit_abcd(c, OP_i32_sadd, h, index, scale, side == 1 ? sb : sa);
  return true;
}

static void emit_numeric(compiler *c, const numeric *n) {
  if (!n->in2) {
    vval a = pop(c, n->in1);
    size_t h = c->height;
    if (n->op < 0) {       /* same bits, new type */
      a.type = n->out;
      push(c, a);
      return;
    }
    uint32_t src = slot_of(c, &a, h);
    uint32_t p = emit_op(c, n->op, 2);
    set_a(c, p, canonical(c, h));
    set_b(c, p, src);
    note_result(c);
    push_temp(c, n->out);
    return;
  }
  vval b = pop(c, n->in2);
  vval a = pop(c, n->in1);
  size_t h = c->height;
  int imm = b.kind == V_CONST ? imm_form(n->op) : -1;
  uint32_t index, scale;
  if (imm >= 0) {
    uint32_t sa = slot_of(c, &a, h), rhs = (uint32_t)b.imm;
    /* x - k is x + -k (wrapping alike): one form for every step, so that
     * the fusions and bundles that take an add of a constant take both. */
    if (n->op == OP_i32_sub) rhs = 0u - rhs;
    if (imm == OP_i32_add_imm && a.kind == V_TEMP && take_scale(c, sa, h, &index, &scale)) {
      emit_abcd(c, OP_i32_saddi, h, index, scale, rhs);
    } else if (!fuse_bit_field(c, n->op, &a, sa, rhs, h)) {
      uint32_t p = emit_op(c, imm, 3);
      set_a(c, p, canonical(c, h));
      set_b(c, p, sa);
      set_c(c, p, rhs);
    }
  } else if (b.kind == V_TEMP && fuse_load_operand(c, n->op, &a, h)) {
    /* emitted */
  } else {
    uint32_t sa = slot_of(c, &a, h);
    uint32_t sb = slot_of(c, &b, h + 1);
    int side = operand_just_computed(c, &a, &b, sa, sb, h);
    if (!fuse_pair(c, n->op, side, sa, sb, h) && !fuse_scaled_add(c, n->op, side, sa, sb, h)) {
      int acc = side ? acc_form(c, n->op, side) : -1;
      uint32_t p = emit_op(c, acc >= 0 ? acc : n->op, 3);
      set_a(c, p, canonical(c, h));
      set_b(c, p, sa);
      set_c(c, p, sb);
    }
  }
  note_result(c);
  push_temp(c, n->out);
}

/* ---------------------------------------------------------------- memory */

static const struct memop { int op; uint8_t natural_align; wasm_valtype type; bool store; } memops[] = {
  [0x28 - 0x28] = {OP_load32, 2, WASM_I32, false},
  [0x29 - 0x28] = {OP_load64, 3, WASM_I64, false},
  [0x2a - 0x28] = {OP_load32, 2, WASM_F32, false},
  [0x2b - 0x28] = {OP_load64, 3, WASM_F64, false},
  [0x2c - 0x28] = {OP_i32_load8_s, 0, WASM_I32, false},
  [0x2d - 0x28] = {OP_i32_load8_u, 0, WASM_I32, false},
  [0x2e - 0x28] = {OP_i32_load16_s, 1, WASM_I32, false},
  [0x2f - 0x28] = {OP_i32_load16_u, 1, WASM_I32, false},
  [0x30 - 0x28] = {OP_i64_load8_s, 0, WASM_I64, false},
  [0x31 - 0x28] = {OP_i64_load8_u, 0, WASM_I64, false},
  [0x32 - 0x28] = {OP_i64_load16_s, 1, WASM_I64, false},
  [0x33 - 0x28] = {OP_i64_load16_u, 1, WASM_I64, false},
  [0x34 - 0x28] = {OP_i64_load32_s, 2, WASM_I64, false},
  [0x35 - 0x28] = {OP_i64_load32_u, 2, WASM_I64, false},
  [0x36 - 0x28] = {OP_store32, 2, WASM_I32, true},
  [0x37 - 0x28] = {OP_store64, 3, WASM_I64, true},
  [0x38 - 0x28] = {OP_store32, 2, WASM_F32, true},
  [0x39 - 0x28] = {OP_store64, 3, WASM_F64, true},
  [0x3a - 0x28] = {OP_store8, 0, WASM_I32, true},
  [0x3b - 0x28] = {OP_store16, 1, WASM_I32, true},
  [0x3c - 0x28] = {OP_store8, 0, WASM_I64, true},
  [0x3d - 0x28] = {OP_store16, 1, WASM_I64, true},
  [0x3e - 0x28] = {OP_store32, 2, WASM_I64, true},
};

/* The accesses with fused-address forms, in their forms' order (ops.h). */
enum { ADDRESS_LOADS = 6, ADDRESS_STORES = 3 };
static const int address_loads[ADDRESS_LOADS] = {OP_load32, OP_load64, OP_i32_load8_u,
                                                 OP_i32_load8_s, OP_i32_load16_u, OP_i32_load16_s};
static const int address_stores[ADDRESS_STORES] = {OP_store8, OP_store32, OP_store64};

/* If op is one of family's (its index in *which) and the instruction now
 * last is the i32.add (or add/sub of an immediate) computing its address
 * into the temp at height h, removes that and returns its operands x + y (y
 * an immediate when *imm). The access that replaces it adds them itself,
 * wrapping to 32 bits as i32.add does before the offset is applied. With
 * `scale`, a scaled add (i32_sadd[i]: x * scale + y) is taken too, and
 * *scaled says which it was. */
static bool take_address_add(compiler *c, int op, const int *family, int members, size_t h,
                             int *which, uint32_t *x, uint32_t *y, bool *imm, bool *scaled,
                             uint32_t *scale) {
  for (*which = 0; *which < members && family[*which] != op; ++*which) {}
  if (*which == members) return false;
  if (quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  uint32_t pos = c->last_pos;
  if (c->code[pos + 1].u32[0] != canonical(c, h)) return false;
  *x = c->code[pos + 1].u32[1], *y = c->code[pos + 2].u32[0];
  switch (c->last_op) {
  case OP_i32_add: *imm = false; break;
  case OP_i32_add_imm: *imm = true; break;
  case OP_i32_sadd:
  case OP_i32_saddi:
    if (!scale) return false;
    *scaled = true;
    *scale = *y;
    *y = c->code[pos + 2].u32[1];
    *imm = c->last_op == OP_i32_saddi;
    break;
  default: return false;
  }
  unemit_last(c);
  return true;
}

/* A load whose address is the result of the add just emitted becomes one
 * fused instruction (take_address_add), scaled (array[i]: the add took in
 * the index's scaling, fuse_scaled_add) or not. */
static bool fuse_address_load(compiler *c, const struct memop *mo, uint32_t offset, size_t h) {
  int base;
  uint32_t x, y, scale;
  bool imm, scaled = false;
  if (!take_address_add(c, mo->op, address_loads, ADDRESS_LOADS, h, &base, &x, &y, &imm, &scaled,
                        &scale))
    return false;
  uint32_t p;
  if (scaled) {
    p = emit_op(c, access_op(c, (imm ? OP_load32_saddi : OP_load32_sadd) + base), 4);
    set_a(c, p, canonical(c, h));
    set_b(c, p, x);
    set_c(c, p, scale);
    set_d(c, p, y);
    set_e(c, p, offset);
  } else {
    p = emit_op(c, access_op(c, (imm ? OP_load32_addi : OP_load32_add) + base), 3);
    set_a(c, p, canonical(c, h));
    set_b(c, p, x);
    set_c(c, p, y);
    set_d(c, p, offset);
  }
  note_result(c);
  push_temp(c, mo->type);
  return true;
}

/* The same for a store of the value in slot sv. Its value cannot be what
 * the add's operands depend on: had it been computed after the address,
 * the add would not be the last instruction. */
static bool fuse_address_store(compiler *c, const struct memop *mo, uint32_t sv,
                               uint32_t offset, size_t h) {
  int base;
  uint32_t x, y;
  bool imm;
  if (!take_address_add(c, mo->op, address_stores, ADDRESS_STORES, h, &base, &x, &y, &imm, NULL, NULL)) return false;
  uint32_t p = emit_op(c, access_op(c, (imm ? OP_store8_addi : OP_store8_add) + base), 3);
  set_a(c, p, x);
  set_b(c, p, sv);
  set_c(c, p, offset);
  set_d(c, p, y);
  return true;
}

/* The read-modify-write form of operator-with-loaded-operand op (plain
 * family), and the store that writes its result back at the load's width;
 * -1 if op is none. */
static int rmw_form(int op, int *store) {
  enum { WIDTH_I32 = OP_store32, WIDTH_F32 = OP_store32, WIDTH_I64 = OP_store64, WIDTH_F64 = OP_store64 };
  switch (op) {
#define RMW_CASE(name, type, expr) case OP_##name##_load: *store = WIDTH_##type; return OP_##name##_rmw;
    HUSK_LOAD_OPERAND_OPS(RMW_CASE)
#undef RMW_CASE
    default: return -1;
  }
}

/* When the f64_mla_rmw_addi just formed accesses its address slot with no
 * static offset, and the instruction right before it stepped that slot in
 * place (clang's unrolled c[j] += a * b[j]: p += 8, then *p += a * b[j+1]),
 * the two become f64_mla_rmw_step, which steps the slot first, so every
 * operand still reads what it read after the add. */
static void take_address_step(compiler *c) {
  if (c->prev_op != OP_i32_add_imm) return;
  const cell *add = c->code + c->prev_pos, *mla = c->code + c->last_pos;
  uint32_t address = mla[3].u32[0];
  if (add[1].u32[0] != address || add[1].u32[1] != address || mla[3].u32[1] != 0) return;
  cell operands[3] = {mla[1], mla[2], mla[3]};
  uint32_t step = add[2].u32[0];
  unemit_last(c);
  unemit_last(c);
  uint32_t p = emit_op(c, access_op(c, OP_f64_mla_rmw_step), 4);
  memcpy(c->code + p + 1, operands, sizeof operands);
  put32(c, p + 3, 1, step);
}

/* A store of the value the operator with a loaded operand just computed
 * (fuse_load_operand), to the address and width that operand came from,
 * turns that operator into its read-modify-write form (x[i] += y) and
 * emits nothing. Only if the operator's result did not overwrite the
 * address slot, so that both accesses reach the same bytes; nothing runs
 * between them, so memory is unchanged in between. */
static bool fuse_rmw_store(compiler *c, const struct memop *mo, uint32_t sv, uint32_t sa,
                           uint32_t offset) {
  if (quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  /* The last op's plain form (the checked family mirrors it, ops.h). */
  int plain = c->guarded ? c->last_op : c->last_op - OP_CHECKED_DELTA, store, rmw;
  const cell *at = c->code + c->last_pos;
  uint32_t address = at[2].u32[0], loaded_offset = at[2].u32[1];
  if (plain == OP_f64_madd_load) {
    rmw = OP_f64_madd_rmw;
    store = OP_store64;
    address = at[2].u32[1];
    loaded_offset = at[3].u32[0];
  } else if (plain == OP_f64_mla_load || plain == OP_f64_mla_load_addi) {
    rmw = plain == OP_f64_mla_load ? OP_f64_mla_rmw : OP_f64_mla_rmw_addi;
    store = OP_store64;
    address = at[3].u32[0];
    loaded_offset = at[3].u32[1];
  } else {
    rmw = rmw_form(plain, &store);
  }
  if (rmw < 0 || store != mo->op || at[1].u32[0] != sv || address != sa || loaded_offset != offset ||
      sv == sa)
    return false;
  retarget_last(c, access_op(c, rmw));
  c->last_has_dst = false;
  if (rmw == OP_f64_mla_rmw_addi) take_address_step(c);
  return true;
}

/* A store of x + y * z or x - y * z (f64_add_mul, f64_sub_mul, just
 * computed into temp sv) where x is what a load64 read into a temp from
 * the store's own address and offset, as v -= d * m updates a velocity:
 * f64_madd_rmw (the sum commutes) or f64_msub_rmw. The load is the
 * instruction before the pair, or the one before that with an f64
 * operator between (computing y from other slots: nbody's d * m). The
 * loaded temp is dead once the pair has read it, and nothing else reads
 * it; the load wrote nothing else, so reading the rest after the memory
 * changes nothing. */
static bool fuse_product_rmw_store(compiler *c, const struct memop *mo, uint32_t sv, uint32_t sa,
                                   uint32_t offset) {
  if (mo->op != OP_store64 || quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  if (c->last_op != OP_f64_add_mul && c->last_op != OP_f64_sub_mul) return false;
  bool between = c->prev_op >= OP_f64_add && c->prev_op <= OP_f64_div && c->prev2_op == access_op(c, OP_load64);
  if (!between && c->prev_op != access_op(c, OP_load64)) return false;
  const cell *pair = c->code + c->last_pos, *load = c->code + (between ? c->prev2_pos : c->prev_pos);
  const cell *mid = c->code + c->prev_pos;
  uint32_t x = pair[2].u32[1], y = pair[1].u32[1], z = pair[2].u32[0];
  if (pair[1].u32[0] != sv || load[1].u32[0] != x || x < c->temps || x == y || x == z ||
      load[1].u32[1] != sa || load[2].u32[0] != offset || sv == sa)
    return false;
  if (between && (mid[1].u32[0] == x || mid[1].u32[0] == sa || mid[1].u32[1] == x || mid[2].u32[0] == x))
    return false;
  int rmw = c->last_op == OP_f64_add_mul ? OP_f64_madd_rmw : OP_f64_msub_rmw, mid_op = c->prev_op;
  cell kept[2] = {mid[1], mid[2]};
  c->len = between ? c->prev2_pos : c->prev_pos;
  forget_last(c);
  if (between) {
    uint32_t q = emit_op(c, mid_op, 3);
    memcpy(c->code + q + 1, kept, sizeof kept);
  }
  uint32_t p = emit_op(c, access_op(c, rmw), 4);
  set_a(c, p, sv);
  set_b(c, p, y);
  set_c(c, p, z);
  set_d(c, p, sa);
  set_e(c, p, offset);
  return true;
}

/* An i32.store of the value the i32.add (or sub) of an immediate just
 * emitted put in temp v (sv, dead once stored) takes the add in: *p = x + 1
 * is one instruction. The add wrote nothing else, and the address slot sa
 * (placed before the value was computed, or the add would not be last) is
 * not the add's result. */
static bool fuse_value_store(compiler *c, const struct memop *mo, const vval *v, uint32_t sv,
                             uint32_t sa, uint32_t offset, size_t h) {
  if (mo->op != OP_store32 || mo->type != WASM_I32 || v->kind != V_TEMP || sv != canonical(c, h + 1))
    return false;
  if (quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  if (c->last_op != OP_i32_add_imm) return false;
  const cell *add = c->code + c->last_pos;
  if (add[1].u32[0] != sv) return false;
  uint32_t x = add[1].u32[1], imm = add[2].u32[0];
  unemit_last(c);
  uint32_t p = emit_op(c, access_op(c, OP_store32_vaddi), 3);
  set_a(c, p, sa);
  set_b(c, p, x);
  set_c(c, p, offset);
  set_d(c, p, imm);
  return true;
}

/* The width in bytes (as log2) of a load whose result a store of that
 * width can copy unchanged, and whether it added an immediate to its
 * address (C) before its offset (D); -1 for any other op (plain family). */
static int move_source(int op, bool *addi) {
  *addi = false;
  switch (op) {
  case OP_load8_u_addi: case OP_load8_s_addi: *addi = true; /* fall through */
  case OP_i32_load8_u: case OP_i32_load8_s: case OP_i64_load8_u: case OP_i64_load8_s: return 0;
  case OP_load16_u_addi: case OP_load16_s_addi: *addi = true; /* fall through */
  case OP_i32_load16_u: case OP_i32_load16_s: case OP_i64_load16_u: case OP_i64_load16_s: return 1;
  case OP_load32_addi: *addi = true; /* fall through */
  case OP_load32: case OP_i64_load32_u: case OP_i64_load32_s: return 2;
  case OP_load64_addi: *addi = true; /* fall through */
  case OP_load64: return 3;
  default: return -1;
  }
}

/* Whether op only writes its operand A from slots and immediates: the
 * address computations that may sit between a store's address and the
 * load of its value (take_store_address). */
static bool is_address_step(int op) {
  return op == OP_i32_add || op == OP_i32_add_imm || op == OP_i32_sub || op == OP_i32_sadd ||
         op == OP_i32_saddi || op == OP_copy;
}

/* Byte moves come in rows (memcpy's and memmove's loops for unaligned
 * data copy 4 or 8 bytes per turn, up or down, one move8 each), so a move8
 * of the next byte after the move8 or move8 run just emitted (code now
 * ends right after it: the load and add of this move are gone) makes that
 * a run one byte longer. Rows longer than this are split, so that a run's
 * bounds check never covers much more than the moves' would. */
#define MAX_MOVE_RUN 64
static bool extend_move_run(compiler *c, uint32_t to, uint32_t from, uint32_t to_imm,
                            uint32_t from_imm, uint32_t offset, uint32_t from_offset) {
  uint32_t p = c->run_pos;
  if (p == UINT32_MAX || p >= c->len) return false;
  cell *run = c->code + p;
  bool single = run->op == c->labels[access_op(c, OP_move8)];
  bool up = run->op == c->labels[OP_move8_run], down = run->op == c->labels[OP_move8_run_down];
  if (!single && !up && !down) return false;
  uint32_t n = single ? 1 : run[4].u32[0], cells = single ? 4 : 5;
  if (single) {   /* the second move sets the direction */
    up = run[2].u32[0] + 1 == to_imm;
    down = !up;
  }
  uint32_t step = up ? n : 0u - n;
  if (p + cells != c->len || n == MAX_MOVE_RUN || run[1].u32[0] != to || run[1].u32[1] != from ||
      run[2].u32[0] + step != to_imm || run[2].u32[1] + step != from_imm ||
      run[3].u32[0] != offset || run[3].u32[1] != from_offset)
    return false;
  size_t k = c->ninstrs;
  while (k && c->instrs[k - 1].pos > p) k--;
  if (!k || c->instrs[k - 1].pos != p) return false;
  if (single && !vec_reserve((void **)&c->code, &c->cap, c->len, 1, sizeof(cell))) return false;
  int op = up ? OP_move8_run : OP_move8_run_down;
  run = c->code + p;
  run->op = c->labels[op];
  run[4].u64 = 0;
  run[4].u32[0] = n + 1;
  c->len = p + 5;
  c->ninstrs = k;
  c->instrs[k - 1].op = (uint16_t)op;
  c->last_op = op;
  c->last_pos = p;
  c->last_end = (uint32_t)c->len;
  c->prev_op = c->prev2_op = -1;
  c->last_has_dst = false;
  return true;
}

/* When the store's address sa (a temp) is the i32.add of an immediate
 * emitted two instructions before the load, with one address step between
 * (memmove's backward loop computes the store's address, then the load's:
 * d + 3, s + n, then the byte at s + n + 3), removes the add, moving the
 * step down over it, and returns its operand and immediate. The step and
 * the load must not write the add's operand, which the copy now reads
 * after them, nor read sa, which no longer holds the sum. */
static bool take_store_address(compiler *c, uint32_t sa, uint32_t sv, uint32_t from, uint32_t *to,
                               uint32_t *to_imm) {
  if (c->prev2_op != OP_i32_add_imm || !is_address_step(c->prev_op) || c->ninstrs < 3) return false;
  cell *add = c->code + c->prev2_pos, *step = c->code + c->prev_pos;
  uint32_t x = add[1].u32[1], step_cells = c->last_pos - c->prev_pos;
  if (add[1].u32[0] != sa || from == sa || sv == x || step[1].u32[0] == x || step[1].u32[0] == sa ||
      step[1].u32[1] == sa || (step_cells > 2 && step[2].u32[0] == sa))
    return false;
  struct instr *at = c->instrs + c->ninstrs - 3;
  if (at[0].pos != c->prev2_pos || at[1].pos != c->prev_pos || at[2].pos != c->last_pos) return false;
  *to = x;
  *to_imm = add[2].u32[0];
  memmove(add, step, step_cells * sizeof *step);
  at[0].op = at[1].op;
  c->ninstrs -= 2;
  c->len = c->prev2_pos + step_cells;
  return true;
}

/* A store of the value the load just emitted read into temp v (sv, dead
 * once stored), at the load's width, is one copy from memory to memory: the
 * bits go through unchanged, whatever the types. When the store's address
 * (temp a, slot sa) is an add of an immediate emitted right before the
 * load, or two before it (take_store_address), the copy takes that in too.
 * The load read its address before the add's result existed in the
 * original order, so that address cannot be the add's slot; it is checked
 * anyway, as the add no longer runs. */
static bool fuse_move(compiler *c, const struct memop *mo, const vval *v, uint32_t sv,
                      const vval *a, uint32_t sa, uint32_t offset, size_t h) {
  if (v->kind != V_TEMP || sv != canonical(c, h + 1)) return false;
  if (quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  bool addi;
  int plain = c->guarded ? c->last_op : c->last_op - OP_CHECKED_DELTA;
  int width = move_source(plain, &addi);
  static const int store_of_width[4] = {OP_store8, OP_store16, OP_store32, OP_store64};
  if (width < 0 || store_of_width[width] != mo->op) return false;
  const cell *load = c->code + c->last_pos;
  if (load[1].u32[0] != sv) return false;
  uint32_t from = load[1].u32[1];
  uint32_t from_imm = addi ? load[2].u32[0] : 0, from_offset = addi ? load[2].u32[1] : load[2].u32[0];
  uint32_t to = sa, to_imm = 0;
  const cell *add = c->code + c->prev_pos;
  bool take_add = a->kind == V_TEMP && sa == canonical(c, h) && from != sa &&
                  c->prev_op == OP_i32_add_imm && add[1].u32[0] == sa;
  if (take_add) {
    to = add[1].u32[1];
    to_imm = add[2].u32[0];
    c->len = c->prev_pos;
  } else if (!(a->kind == V_TEMP && sa == canonical(c, h) && take_store_address(c, sa, sv, from, &to, &to_imm))) {
    c->len = c->last_pos;
  }
  if (width == 0 && extend_move_run(c, to, from, to_imm, from_imm, offset, from_offset)) return true;
  forget_last(c);
  uint32_t p = emit_op(c, access_op(c, OP_move8 + width), 4);
  if (width == 0) c->run_pos = p;
  set_a(c, p, to);
  set_b(c, p, from);
  set_c(c, p, to_imm);
  set_d(c, p, from_imm);
  set_e(c, p, offset);
  put32(c, p + 3, 1, from_offset);
  return true;
}

/* An i32 store of the funnel just computed (temp sv) from the word the
 * load32 right before it read (no static offset on either access), as
 * memcpy's loop for unaligned words does per word: d[i] = w << 8 | x >> 24,
 * w loaded from s + k and kept for the next word. One move32_funnel does
 * the load (its slot written as before), the funnel and the store, in that
 * order, so every operand reads what it read before. The store's address,
 * when it is the i32.add of an immediate emitted right before the load
 * (into temp sa), comes in too; its operand is then read after the load,
 * so the load must not write it, and nothing left may read sa. */
static bool fuse_funnel_store(compiler *c, const struct memop *mo, const vval *v, uint32_t sv,
                              const vval *a, uint32_t sa, uint32_t offset, size_t h) {
  if (mo->op != OP_store32 || offset || v->kind != V_TEMP || sv != canonical(c, h + 1)) return false;
  if (quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  if (c->last_op != OP_i32_funnel || c->prev_op < 0) return false;
  const cell *funnel = c->code + c->last_pos, *load = c->code + c->prev_pos;
  bool addi = c->prev_op == access_op(c, OP_load32_addi);
  if (funnel[1].u32[0] != sv || (!addi && c->prev_op != access_op(c, OP_load32)) ||
      load[2].u32[addi] != 0)
    return false;
  uint32_t loaded = load[1].u32[0], from = load[1].u32[1], from_imm = addi ? load[2].u32[0] : 0;
  uint32_t left = funnel[1].u32[1], right = funnel[2].u32[1];
  uint32_t shifts = (funnel[2].u32[0] & 31) | (funnel[3].u32[0] & 31) << 8;
  uint32_t to = sa, to_imm = 0;
  /* The funnel's shifts were unemitted: the add is found in instrs. */
  const struct instr *at = c->ninstrs >= 3 ? c->instrs + c->ninstrs - 3 : NULL;
  const cell *add = at ? c->code + at->pos : NULL;
  bool take_add = at && a->kind == V_TEMP && sa == canonical(c, h) &&
                  at[1].pos == c->prev_pos && at[2].pos == c->last_pos && at->op == OP_i32_add_imm &&
                  at->pos >= c->straight_from && at->pos + 3 == at[1].pos && add[1].u32[0] == sa &&
                  add[1].u32[1] != loaded && from != sa && left != sa && right != sa && loaded != sa;
  if (take_add) {
    to = add[1].u32[1];
    to_imm = add[2].u32[0];
  }
  c->len = take_add ? at->pos : c->prev_pos;
  forget_last(c);
  uint32_t p = emit_op(c, access_op(c, OP_move32_funnel), 5);
  set_a(c, p, to);
  set_b(c, p, from);
  set_c(c, p, to_imm);
  set_d(c, p, from_imm);
  set_e(c, p, loaded);
  put32(c, p + 3, 1, left);
  put32(c, p + 4, 0, right);
  put32(c, p + 4, 1, shifts);
  return true;
}

static bool need_memory(compiler *c) {
  return c->m->memory_count > 0 || fail(c, "unknown memory");
}

/* A constant address (a C global's) goes into the offset, leaving address 0:
 * the effective address is the same 33-bit sum, and the function's constant
 * pool, copied in on every call, holds one zero instead of each address
 * (lisp's eval: 16 of its 25 constants). Only where the sum still fits the
 * 32-bit offset field. */
static void fold_constant_address(vval *a, uint32_t *offset) {
  if (a->kind != V_CONST || (uint64_t)(uint32_t)a->imm + *offset > UINT32_MAX) return;
  *offset += (uint32_t)a->imm;
  a->imm = 0;
}

static void emit_memop(compiler *c, unsigned opc) {
  const struct memop *mo = &memops[opc - 0x28];
  uint32_t align = wasm_read_u32(&c->r);
  uint32_t offset = wasm_read_u32(&c->r);
  if (c->r.error) return;
  if (!need_memory(c)) return;
  if (align > mo->natural_align) { fail(c, "alignment must not be larger than natural"); return; }
  if (mo->store) {
    vval v = pop(c, mo->type);
    vval a = pop(c, WASM_I32);
    fold_constant_address(&a, &offset);
    size_t h = c->height;
    uint32_t sv = slot_of(c, &v, h + 1);
    if (a.kind == V_TEMP && fuse_address_store(c, mo, sv, offset, h)) return;
    uint32_t sa = slot_of(c, &a, h);
    if (fuse_rmw_store(c, mo, sv, sa, offset) || fuse_product_rmw_store(c, mo, sv, sa, offset) ||
        fuse_value_store(c, mo, &v, sv, sa, offset, h) ||
        fuse_move(c, mo, &v, sv, &a, sa, offset, h) || fuse_funnel_store(c, mo, &v, sv, &a, sa, offset, h))
      return;
    uint32_t p = emit_op(c, access_op(c, mo->op), 3);
    set_a(c, p, sa);
    set_b(c, p, sv);
    set_c(c, p, offset);
  } else {
    vval a = pop(c, WASM_I32);
    fold_constant_address(&a, &offset);
    size_t h = c->height;
    if (a.kind == V_TEMP && fuse_address_load(c, mo, offset, h)) return;
    uint32_t sa = slot_of(c, &a, h);
    uint32_t p = emit_op(c, access_op(c, mo->op), 3);
    set_a(c, p, canonical(c, h));
    set_b(c, p, sa);
    set_c(c, p, offset);
    note_result(c);
    push_temp(c, mo->type);
  }
}

/* Pops `n` operands of the given types and returns their slots (in order). */
static void pop_operands(compiler *c, uint32_t n, const wasm_valtype *types, uint32_t *slots) {
  vval v[8];
  for (uint32_t i = n; i-- > 0;) v[i] = pop(c, types[i]);
  for (uint32_t i = 0; i < n; i++) slots[i] = slot_of(c, &v[i], c->height + i);
}

/* ---------------------------------------------------------------- calls */

/* Pops the arguments of type t into canonical slots, emits the call
 * instruction (returned position), and pushes the results. */
static uint32_t emit_call(compiler *c, const wasm_functype *t, int op, uint32_t cells,
                          const vval *index, uint32_t *base_out) {
  const wasm_valtype *params = wasm_functype_params(t);
  vval args[t->param_count ? t->param_count : 1];
  for (uint32_t i = t->param_count; i-- > 0;) args[i] = pop(c, params[i]);
  size_t base = c->height;
  for (uint32_t i = 0; i < t->param_count; i++) push(c, args[i]);
  for (size_t h = base; h < c->height; h++) materialize(c, h);
  uint32_t index_slot = index ? slot_of(c, index, c->height) : 0;
  c->height = base;
  uint32_t p = emit_op(c, op, cells);
  *base_out = canonical(c, base);
  if (index) set_c(c, p, index_slot);
  const wasm_valtype *results = wasm_functype_results(t);
  for (uint32_t i = 0; i < t->result_count; i++) push_temp(c, results[i]);
  forget_last(c);   /* results are not a retargetable destination */
  return p;
}

/* ---------------------------------------------------------------- body */

/* A global.set of the sum the i32_add_imm just emitted wrote to `slot`
 * (sp -= 16 in a function's prologue, sp += 16 in its epilogue): the add
 * sets the global too. Its slot still gets the sum, which a local.tee may
 * want. Nothing came after the add, so the slot holds what it wrote. */
static bool fuse_global_step(compiler *c, uint32_t slot, uint32_t global) {
  if (quiet(c) || c->oom || c->last_op != OP_i32_add_imm || c->last_end != c->len ||
      c->code[c->last_pos + 1].u32[0] != slot)
    return false;
  retarget_last(c, OP_global_set_addi);
  set_d(c, c->last_pos, global);
  c->last_has_dst = false;
  return true;
}

static bool check_local(compiler *c, uint32_t idx) {
  return idx < c->nlocals || fail(c, "unknown local");
}

static const wasm_tabletype *table_at(compiler *c, uint32_t idx) {
  if (idx >= c->m->table_count) { fail(c, "unknown table"); return NULL; }
  return &c->m->tables[idx];
}

static void op_local_set(compiler *c, uint32_t idx, bool tee) {
  wasm_valtype t = c->local_types[idx];
  vval v = pop(c, t);
  size_t h = c->height;
  bool others = preserve_local(c, idx, true);
  if (v.kind == V_TEMP && !others && !quiet(c) && c->last_has_dst && c->last_end == c->len &&
      c->code[c->last_pos + 1].u32[0] == canonical(c, h)) {
    /* The value was just computed into its temp: compute it into the local.
     * The instruction stays the last one: a loop counter's step can still
     * fuse with the branch testing it (take_step). */
    set_a(c, c->last_pos, idx);
    c->last_has_dst = false;
  } else {
    preserve_local(c, idx, false);
    if (v.kind == V_TEMP) v = (vval){t, V_LOCAL, canonical(c, h), 0};
    emit_move(c, idx, &v);
  }
  if (tee) push(c, (vval){t, V_LOCAL, idx, 0});
  /* A copy may still pair with the next one (emit_copy), a counter's step
   * fuse with the branch testing it (take_step), an address kept by a tee
   * stay between a store's address and a load (take_store_address), and a
   * word kept by a tee go into the funnel store after it (fuse_funnel_store). */
  bool kept_word = c->last_op == access_op(c, OP_load32) || c->last_op == access_op(c, OP_load32_addi);
  if (c->last_op != OP_copy && c->last_op != OP_i32_add_imm && !(tee && (is_address_step(c->last_op) || kept_word)))
    forget_last(c);
}

/* A select's condition that an i32.eqz or i64.eqz just computed into its
 * temp (slot sc, dead once the select reads it): removes the eqz, and the
 * select tests the eqz's operand with its arms swapped (select_i64 for an
 * i64), as in n & 1 ? 3 * n + 1 : n / 2 written with == 0. */
static bool take_negated_condition(compiler *c, uint32_t sc, uint32_t *tested, int *op) {
  if (quiet(c) || c->oom || !c->last_has_dst || c->last_end != c->len) return false;
  if (c->last_op != OP_i32_eqz && c->last_op != OP_i64_eqz) return false;
  const cell *eqz = c->code + c->last_pos;
  if (eqz[1].u32[0] != sc) return false;
  *tested = eqz[1].u32[1];
  *op = c->last_op == OP_i64_eqz ? OP_select_i64 : OP_select;
  unemit_last(c);
  return true;
}

static bool compile_body(compiler *c) {
  const wasm_module *m = c->m;
  wasm_reader *r = &c->r;
  begin_block_here(c, true);
  while (c->nctrls > 0 && !c->error) {
    if (r->error) return fail(c, r->error);
    unsigned opc = wasm_read_u8(r);
    if (r->error) return fail(c, r->error);
    if (!dead(c)) c->fuel_count++;
    switch (opc) {
    case 0x00:  /* unreachable */
      emit_op(c, OP_unreachable, 1);
      set_unreachable(c);
      break;
    case 0x01:  /* nop */
      break;
    case 0x02: case 0x03: {  /* block, loop */
      ctrl b = {.kind = opc == 0x02 ? C_BLOCK : C_LOOP};
      if (!read_blocktype(c, &b)) return fail(c, r->error ? r->error : c->error);
      enter_block(c, b);
      forget_last(c);
      c->ctrls[c->nctrls - 1].label_pos = (uint32_t)c->len;
      if (opc == 0x03) begin_block_here(c, true);
      break;
    }
    case 0x04: {  /* if */
      ctrl b = {.kind = C_IF};
      if (!read_blocktype(c, &b)) return fail(c, r->error ? r->error : c->error);
      vval cond = pop(c, WASM_I32);
      /* With nothing to flush on entry, the branch can go first and fuse
       * with a compare just emitted; otherwise flush, then branch. */
      bool clean = b.nparams == 0;
      for (size_t i = 0; i < c->height; i++) clean &= c->stack[i].kind != V_LOCAL;
      uint32_t else_pos = 0;
      if (clean) {
        emit_cond_branch(c, &cond, true, 0, &else_pos);
        enter_block(c, b);
      } else {
        uint32_t cs = slot_of(c, &cond, c->height);
        enter_block(c, b);
        else_pos = emit_op(c, OP_br_unless, 2);
        set_a(c, else_pos, cs);
      }
      if (c->error) return false;
      c->ctrls[c->nctrls - 1].else_pos = else_pos;
      break;
    }
    case 0x05: {  /* else */
      ctrl *b = &c->ctrls[c->nctrls - 1];
      if (b->kind != C_IF) return fail(c, "else without if");
      finish_arm(c);
      if (!dead(c)) emit_jump(c, (uint32_t)c->nctrls - 1);
      forget_last(c);
      if (!b->dead_entry) patch_cond_branch(c, b->else_pos);
      b->kind = C_ELSE;
      b->unreachable = false;
      c->assigned = b->assigned_entry;
      begin_block_here(c, false);
      c->height = b->height;
      for (uint32_t i = 0; i < b->nparams; i++) push_temp(c, b->params[i]);
      break;
    }
    case 0x0b: {  /* end */
      if (c->nctrls > 1) {
        end_block(c);
        break;
      }
      ctrl *f = &c->ctrls[0];
      finish_arm_types(c, f);
      emit_return(c);
      c->nctrls = 0;
      break;
    }
    case 0x0c: {  /* br */
      uint32_t l = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (l >= c->nctrls) return fail(c, "unknown label");
      uint32_t index = (uint32_t)c->nctrls - 1 - l;
      uint32_t n;
      const wasm_valtype *types = label_types(&c->ctrls[index], &n);
      check_label_values(c, types, n);
      emit_br(c, index);
      set_unreachable(c);
      break;
    }
    case 0x0d: {  /* br_if */
      uint32_t l = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (l >= c->nctrls) return fail(c, "unknown label");
      uint32_t index = (uint32_t)c->nctrls - 1 - l;
      vval cond = pop(c, WASM_I32);
      uint32_t n;
      const wasm_valtype *types = label_types(&c->ctrls[index], &n);
      check_label_values(c, types, n);
      ctrl *t = &c->ctrls[index];
      if (t->kind != C_FUNC && values_in_place(c, t, n)) {
        emit_cond_branch(c, &cond, false, index, NULL);
      } else {
        /* Moves happen only on the taken path: skip over them otherwise. */
        uint32_t skip = 0;
        emit_cond_branch(c, &cond, true, 0, &skip);
        emit_br(c, index);
        forget_last(c);
        if (!dead(c)) patch_cond_branch(c, skip);
      }
      /* br_if leaves the label's types on the stack, even where they came
       * from a polymorphic bottom. */
      const ctrl *top = &c->ctrls[c->nctrls - 1];
      if (c->height - top->height < n) {
        c->height = top->height;
        for (uint32_t i = 0; i < n; i++) push_temp(c, types[i]);
      }
      for (uint32_t i = 0; i < n; i++) c->stack[c->height - n + i].type = types[i];
      break;
    }
    case 0x0e: {  /* br_table */
      uint32_t count = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (count > wasm_reader_left(r)) return fail(c, "unexpected end");
      uint32_t *targets = malloc(((size_t)count + 1) * sizeof *targets);
      if (!targets) return fail(c, "out of memory");
      for (uint32_t i = 0; i <= count && !r->error; i++) {
        uint32_t l = wasm_read_u32(r);
        if (l >= c->nctrls) { free(targets); return fail(c, r->error ? r->error : "unknown label"); }
        targets[i] = (uint32_t)c->nctrls - 1 - l;
      }
      if (r->error) { free(targets); return fail(c, r->error); }
      vval index = pop(c, WASM_I32);
      uint32_t arity;
      label_types(&c->ctrls[targets[count]], &arity);
      for (uint32_t i = 0; i <= count; i++) {
        uint32_t n;
        const wasm_valtype *types = label_types(&c->ctrls[targets[i]], &n);
        if (n != arity) { free(targets); return fail(c, "type mismatch"); }
        check_label_values(c, types, n);
      }
      if (c->error) { free(targets); return false; }
      uint32_t is = slot_of(c, &index, c->height);
      uint32_t p = emit_op(c, OP_br_table, 2 + count + 1);
      set_a(c, p, is);
      set_b(c, p, count);
      for (uint32_t i = 0; i <= count; i++) {
        ctrl *t = &c->ctrls[targets[i]];
        if (t->kind != C_FUNC && values_in_place(c, t, arity)) {
          branch_to(c, targets[i], p, p + 2 + i, 0);
        } else {
          /* A stub after the table moves the values, then branches. */
          forget_last(c);
          if (!dead(c)) set_offset(c, p, p + 2 + i, 0, c->len);
          emit_br(c, targets[i]);
        }
      }
      free(targets);
      set_unreachable(c);
      break;
    }
    case 0x0f: {  /* return */
      ctrl *f = &c->ctrls[0];
      check_label_values(c, f->results, f->nresults);
      emit_return(c);
      set_unreachable(c);
      break;
    }
    case 0x10: {  /* call */
      uint32_t fi = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (fi >= m->func_count) return fail(c, "unknown function");
      const wasm_functype *t = &m->types[m->func_types[fi]];
      uint32_t base;
      if (fi >= m->func_import_count) {
        uint32_t p = emit_call(c, t, OP_call, 3, NULL, &base);
        if (!c->oom) c->code[p + 1].ptr = &c->funcs[fi - m->func_import_count];
        set_c(c, p, base);
      } else {
        uint32_t p = emit_call(c, t, OP_call_import, 2, NULL, &base);
        set_a(c, p, fi);
        set_b(c, p, base);
      }
      break;
    }
    case 0x11: {  /* call_indirect */
      uint32_t ti = wasm_read_u32(r);
      uint32_t tab = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (ti >= m->type_count) return fail(c, "unknown type");
      const wasm_tabletype *tt = table_at(c, tab);
      if (!tt) return false;
      if (tt->elem != WASM_FUNCREF) return fail(c, "type mismatch");
      vval index = pop(c, WASM_I32);
      const wasm_functype *t = &m->types[ti];
      uint32_t base;
      uint32_t p = emit_call(c, t, OP_call_indirect, 3, &index, &base);
      set_a(c, p, t->canonical);
      set_b(c, p, tab);
      set_d(c, p, base);
      break;
    }
    case 0x1a:  /* drop */
      pop(c, T_UNKNOWN);
      break;
    case 0x1b: case 0x1c: {  /* select, select t */
      wasm_valtype t = T_UNKNOWN;
      if (opc == 0x1c) {
        uint32_t n = wasm_read_u32(r);
        if (r->error) return fail(c, r->error);
        if (n != 1) return fail(c, "invalid result arity");
        t = wasm_read_u8(r);
        if (r->error) return fail(c, r->error);
        if (t != WASM_I32 && t != WASM_I64 && t != WASM_F32 && t != WASM_F64 &&
            t != WASM_FUNCREF && t != WASM_EXTERNREF)
          return fail(c, "malformed value type");
      }
      vval cond = pop(c, WASM_I32);
      vval b = pop(c, t);
      vval a = pop(c, t == T_UNKNOWN ? b.type : t);
      wasm_valtype rt = a.type != T_UNKNOWN ? a.type : b.type;
      if (opc == 0x1b && (rt == WASM_FUNCREF || rt == WASM_EXTERNREF)) return fail(c, "type mismatch");
      size_t h = c->height;
      uint32_t sa = slot_of(c, &a, h), sb = slot_of(c, &b, h + 1), sc = slot_of(c, &cond, h + 2);
      int op = OP_select;
      if (cond.kind == V_TEMP && take_negated_condition(c, sc, &sc, &op)) {
        uint32_t swap = sa;
        sa = sb, sb = swap;
      }
      uint32_t p = emit_op(c, op, 3);
      set_a(c, p, canonical(c, h));
      set_b(c, p, sc);
      set_c(c, p, sa);
      set_d(c, p, sb);
      note_result(c);
      push_temp(c, rt);
      break;
    }
    case 0x20: {  /* local.get */
      uint32_t idx = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (!check_local(c, idx)) return false;
      note_local_read(c, idx);
      push(c, (vval){c->local_types[idx], V_LOCAL, idx, 0});
      break;
    }
    case 0x21: case 0x22: {  /* local.set, local.tee */
      uint32_t idx = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (!check_local(c, idx)) return false;
      op_local_set(c, idx, opc == 0x22);
      note_local_write(c, idx);
      break;
    }
    case 0x23: {  /* global.get */
      uint32_t g = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (g >= m->global_count) return fail(c, "unknown global");
      uint32_t p = emit_op(c, OP_global_get, 2);
      set_a(c, p, canonical(c, c->height));
      set_b(c, p, g);
      note_result(c);
      push_temp(c, m->globals[g].type.type);
      break;
    }
    case 0x24: {  /* global.set */
      uint32_t g = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (g >= m->global_count) return fail(c, "unknown global");
      if (!m->globals[g].type.mutable_) return fail(c, "global is immutable");
      vval v = pop(c, m->globals[g].type.type);
      uint32_t s = slot_of(c, &v, c->height);
      if (fuse_global_step(c, s, g)) break;
      uint32_t p = emit_op(c, OP_global_set, 2);
      set_a(c, p, g);
      set_b(c, p, s);
      break;
    }
    case 0x25: case 0x26: {  /* table.get, table.set */
      uint32_t tab = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      const wasm_tabletype *tt = table_at(c, tab);
      if (!tt) return false;
      if (opc == 0x25) {
        vval i = pop(c, WASM_I32);
        size_t h = c->height;
        uint32_t si = slot_of(c, &i, h);
        uint32_t p = emit_op(c, OP_table_get, 3);
        set_a(c, p, canonical(c, h));
        set_b(c, p, tab);
        set_c(c, p, si);
        push_temp(c, tt->elem);
      } else {
        wasm_valtype types[2] = {WASM_I32, tt->elem};
        uint32_t s[2];
        pop_operands(c, 2, types, s);
        uint32_t p = emit_op(c, OP_table_set, 3);
        set_a(c, p, tab);
        set_b(c, p, s[0]);
        set_c(c, p, s[1]);
      }
      break;
    }
    case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e:
    case 0x2f: case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35:
    case 0x36: case 0x37: case 0x38: case 0x39: case 0x3a: case 0x3b: case 0x3c:
    case 0x3d: case 0x3e:
      emit_memop(c, opc);
      break;
    case 0x3f: case 0x40: {  /* memory.size, memory.grow */
      uint8_t zero = wasm_read_u8(r);
      if (r->error) return fail(c, r->error);
      if (zero != 0) return fail(c, "zero byte expected");
      if (!need_memory(c)) return false;
      uint32_t p;
      if (opc == 0x3f) {
        p = emit_op(c, OP_memory_size, 2);
      } else {
        vval d = pop(c, WASM_I32);
        uint32_t s = slot_of(c, &d, c->height);
        p = emit_op(c, OP_memory_grow, 2);
        set_b(c, p, s);
      }
      set_a(c, p, canonical(c, c->height));
      note_result(c);
      push_temp(c, WASM_I32);
      break;
    }
    case 0x41: {
      int32_t v = wasm_read_s32(r);
      push(c, (vval){WASM_I32, V_CONST, 0, (uint32_t)v});
      break;
    }
    case 0x42: {
      int64_t v = wasm_read_s64(r);
      push(c, (vval){WASM_I64, V_CONST, 0, (uint64_t)v});
      break;
    }
    case 0x43: {
      uint32_t v = wasm_read_fixed32(r);
      push(c, (vval){WASM_F32, V_CONST, 0, v});
      break;
    }
    case 0x44: {
      uint64_t v = wasm_read_fixed64(r);
      push(c, (vval){WASM_F64, V_CONST, 0, v});
      break;
    }
    case 0xd0: {  /* ref.null */
      uint8_t t = wasm_read_u8(r);
      if (r->error) return fail(c, r->error);
      if (t != WASM_FUNCREF && t != WASM_EXTERNREF) return fail(c, "malformed reference type");
      push(c, (vval){t, V_CONST, 0, 0});
      break;
    }
    case 0xd1: {  /* ref.is_null */
      vval v = pop(c, T_UNKNOWN);
      if (v.type != T_UNKNOWN && v.type != WASM_FUNCREF && v.type != WASM_EXTERNREF)
        return fail(c, "type mismatch");
      size_t h = c->height;
      uint32_t s = slot_of(c, &v, h);
      uint32_t p = emit_op(c, OP_ref_is_null, 2);
      set_a(c, p, canonical(c, h));
      set_b(c, p, s);
      push_temp(c, WASM_I32);
      break;
    }
    case 0xd2: {  /* ref.func */
      uint32_t fi = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (fi >= m->func_count) return fail(c, "unknown function");
      if (!(m->func_declared[fi / 8] & (1u << (fi % 8)))) return fail(c, "undeclared function reference");
      uint32_t p = emit_op(c, OP_ref_func, 2);
      set_a(c, p, canonical(c, c->height));
      set_b(c, p, fi);
      push_temp(c, WASM_FUNCREF);
      break;
    }
    case 0xfc: {
      uint32_t sub = wasm_read_u32(r);
      if (r->error) return fail(c, r->error);
      if (sub <= 7) {
        numeric n;
        numeric_info(0x100 + sub, &n);
        emit_numeric(c, &n);
        break;
      }
      static const wasm_valtype iii[3] = {WASM_I32, WASM_I32, WASM_I32};
      uint32_t s[3];
      switch (sub) {
      case 8: {  /* memory.init */
        uint32_t seg = wasm_read_u32(r);
        uint8_t zero = wasm_read_u8(r);
        if (r->error) return fail(c, r->error);
        if (zero != 0) return fail(c, "zero byte expected");
        if (!m->has_data_count) return fail(c, "data count section required");
        if (!need_memory(c)) return false;
        if (seg >= m->data_count_section) return fail(c, "unknown data segment");
        pop_operands(c, 3, iii, s);
        uint32_t p = emit_op(c, OP_memory_init, 3);
        set_a(c, p, seg); set_b(c, p, s[0]); set_c(c, p, s[1]); set_d(c, p, s[2]);
        break;
      }
      case 9: {  /* data.drop */
        uint32_t seg = wasm_read_u32(r);
        if (r->error) return fail(c, r->error);
        if (!m->has_data_count) return fail(c, "data count section required");
        if (seg >= m->data_count_section) return fail(c, "unknown data segment");
        uint32_t p = emit_op(c, OP_data_drop, 2);
        set_a(c, p, seg);
        break;
      }
      case 10: case 11: {  /* memory.copy, memory.fill */
        uint8_t z1 = wasm_read_u8(r);
        uint8_t z2 = sub == 10 ? wasm_read_u8(r) : 0;
        if (r->error) return fail(c, r->error);
        if (z1 || z2) return fail(c, "zero byte expected");
        if (!need_memory(c)) return false;
        pop_operands(c, 3, iii, s);
        uint32_t p = emit_op(c, sub == 10 ? OP_memory_copy : OP_memory_fill, 3);
        set_a(c, p, s[0]); set_b(c, p, s[1]); set_c(c, p, s[2]);
        break;
      }
      case 12: {  /* table.init */
        uint32_t seg = wasm_read_u32(r);
        uint32_t tab = wasm_read_u32(r);
        if (r->error) return fail(c, r->error);
        const wasm_tabletype *tt = table_at(c, tab);
        if (!tt) return false;
        if (seg >= m->elem_count) return fail(c, "unknown elem segment");
        if (m->elems[seg].type != tt->elem) return fail(c, "type mismatch");
        pop_operands(c, 3, iii, s);
        uint32_t p = emit_op(c, OP_table_init, 4);
        set_a(c, p, tab); set_b(c, p, seg); set_c(c, p, s[0]); set_d(c, p, s[1]); set_e(c, p, s[2]);
        break;
      }
      case 13: {  /* elem.drop */
        uint32_t seg = wasm_read_u32(r);
        if (r->error) return fail(c, r->error);
        if (seg >= m->elem_count) return fail(c, "unknown elem segment");
        uint32_t p = emit_op(c, OP_elem_drop, 2);
        set_a(c, p, seg);
        break;
      }
      case 14: {  /* table.copy */
        uint32_t dt = wasm_read_u32(r);
        uint32_t st = wasm_read_u32(r);
        if (r->error) return fail(c, r->error);
        const wasm_tabletype *d = table_at(c, dt), *sr = d ? table_at(c, st) : NULL;
        if (!d || !sr) return false;
        if (d->elem != sr->elem) return fail(c, "type mismatch");
        pop_operands(c, 3, iii, s);
        uint32_t p = emit_op(c, OP_table_copy, 4);
        set_a(c, p, dt); set_b(c, p, st); set_c(c, p, s[0]); set_d(c, p, s[1]); set_e(c, p, s[2]);
        break;
      }
      case 15: case 16: case 17: {  /* table.grow, table.size, table.fill */
        uint32_t tab = wasm_read_u32(r);
        if (r->error) return fail(c, r->error);
        const wasm_tabletype *tt = table_at(c, tab);
        if (!tt) return false;
        if (sub == 16) {
          uint32_t p = emit_op(c, OP_table_size, 2);
          set_a(c, p, canonical(c, c->height));
          set_b(c, p, tab);
          push_temp(c, WASM_I32);
        } else if (sub == 15) {
          wasm_valtype types[2] = {tt->elem, WASM_I32};
          pop_operands(c, 2, types, s);
          uint32_t p = emit_op(c, OP_table_grow, 3);
          set_a(c, p, canonical(c, c->height));
          set_b(c, p, tab); set_c(c, p, s[0]); set_d(c, p, s[1]);
          push_temp(c, WASM_I32);
        } else {
          wasm_valtype types[3] = {WASM_I32, tt->elem, WASM_I32};
          pop_operands(c, 3, types, s);
          uint32_t p = emit_op(c, OP_table_fill, 3);
          set_a(c, p, tab); set_b(c, p, s[0]); set_c(c, p, s[1]); set_d(c, p, s[2]);
        }
        break;
      }
      default:
        return fail(c, "illegal opcode");
      }
      break;
    }
    default: {
      numeric n;
      if (!numeric_info(opc, &n)) return fail(c, "illegal opcode");
      emit_numeric(c, &n);
      break;
    }
    }
  }
  if (c->error) return false;
  if (r->error) return fail(c, r->error);
  if (r->p != r->end) return fail(c, "section size mismatch");
  close_fuel_block(c);
  return true;
}

/* ---------------------------------------------------------------- rebuilds */

/* Two passes rewrite a translated body, duplicate_tails then bundle_pairs.
 * Both walk the instructions as the translator recorded them (c->instrs:
 * each start and op, in code order, trimmed of unreachable code first by
 * trim_instrs; each pass leaves it describing the code it made) and
 * relocate every branch through the map from old instruction starts to new
 * ones. */

static bool branches(int op) { return op_is_br_table(op) || op_info[op].offset; }

/* Drops the entries of instructions emitted in unreachable code. */
static void trim_instrs(compiler *c) {
  while (c->ninstrs && c->instrs[c->ninstrs - 1].pos >= c->len) c->ninstrs--;
}

/* Maps the code's cells to the instructions starting there, for instr_at
 * (which a pass calls for every branch offset: a search per offset was 4% of
 * translation). False when out of memory. */
static bool index_instrs(compiler *c) {
  if (!vec_reserve((void **)&c->starts, &c->starts_cap, 0, c->len, sizeof *c->starts))
    return fail(c, "out of memory");
  c->nstarts = c->len;
  memset(c->starts, 0, c->len * sizeof *c->starts);
  for (size_t i = 0; i < c->ninstrs; i++) c->starts[c->instrs[i].pos] = (uint32_t)i + 1;
  return true;
}

/* The instruction index starting at cell `pos` as of the last
 * index_instrs, or -1 if none does. */
static int64_t instr_at(const compiler *c, int64_t pos) {
  return pos >= 0 && (uint64_t)pos < c->nstarts ? (int64_t)c->starts[pos] - 1 : -1;
}

static uint64_t instr_cells(const compiler *c, size_t i) {
  return op_length(c->instrs[i].op, c->code + c->instrs[i].pos);
}

/* The branch offsets of an instruction `op` at `at`: br_table's n+1 cells,
 * else the one operand of kind 'o', if any (no op has two). offset_field
 * gives the k-th one's cell, relative to the instruction's start, and half. */
static uint32_t offset_count(int op, const cell *at) {
  return op_is_br_table(op) ? at[1].u32[1] + 1 : op_info[op].offset != 0;
}

static void offset_field(int op, uint32_t k, uint32_t *cellpos, uint32_t *half) {
  if (op_is_br_table(op)) { *cellpos = 2 + k; *half = 0; return; }
  uint32_t h = op_info[op].offset - 1u;
  *cellpos = 1 + h / 2;
  *half = h % 2;
}

/* The index of the instruction that the k-th offset of instruction i
 * targets, or -1 if it lands on no instruction start. */
static int64_t offset_target(const compiler *c, size_t i, uint32_t k) {
  uint32_t cellpos, half, old = c->instrs[i].pos;
  offset_field(c->instrs[i].op, k, &cellpos, &half);
  return instr_at(c, (int64_t)old + c->code[old + cellpos].s32[half]);
}

/* Points every branch offset of old instruction i, now part of an
 * instruction `op` (itself, or a bundle) at new cell `at` of `code`, at the
 * new start of its old target. The offsets are read where they now are,
 * still relative to the old start: the code may have been rebuilt in place. */
static bool relocate(const compiler *c, cell *code, uint64_t at, int op, size_t i,
                     const uint32_t *new_start) {
  for (uint32_t k = 0, n = offset_count(op, code + at); k < n; k++) {
    uint32_t cellpos, half;
    offset_field(op, k, &cellpos, &half);
    int64_t t = instr_at(c, (int64_t)c->instrs[i].pos + code[at + cellpos].s32[half]);
    if (t < 0) return false;
    code[at + cellpos].s32[half] = (int32_t)((int64_t)new_start[t] - (int64_t)at);
  }
  return true;
}

/* The i32 accumulator. Every i32 operator, fused pair and load of an i32
 * also leaves its result in a machine register (interp.c: iacc), as the f64
 * operators do in theirs (acc_form). An instruction right after such a
 * producer that reads the produced slot as one of the operands listed in
 * acc_forms takes it from the register instead (its `_acc` form), a
 * store-to-load forward off a chain of dependent integer operations. The
 * producer still writes its slot. The forms are chosen with the bundles,
 * once every fusion has been made and the branch targets are known: an
 * instruction a branch lands on reads its slots, as the branch may come
 * from anywhere. */

/* The producers, guarded and _checked; a designated range where ops.h lists
 * them together. */
#define BOTH_FAMILIES(op) [op] = true, [op##_checked] = true,
#define I32_ADDRESS_LOADS(form)                                               \
  BOTH_FAMILIES(OP_load32_##form) BOTH_FAMILIES(OP_load8_u_##form) BOTH_FAMILIES(OP_load8_s_##form) \
  BOTH_FAMILIES(OP_load16_u_##form) BOTH_FAMILIES(OP_load16_s_##form)
static const bool writes_iacc[OP_COUNT] = {
  [OP_i32_add] = true, [OP_i32_sub] = true, [OP_i32_mul] = true,
  [OP_i32_and ... OP_i32_rotr] = true,
  [OP_i32_add_imm ... OP_i32_ge_u_imm] = true,
  [OP_i32_sadd] = true, [OP_i32_saddi] = true, [OP_i32_mul_add] = true,
  [OP_i32_add3 ... OP_i32_shl_xor_accd] = true,
  BOTH_FAMILIES(OP_load32) BOTH_FAMILIES(OP_i32_load8_s) BOTH_FAMILIES(OP_i32_load8_u)
  BOTH_FAMILIES(OP_i32_load16_s) BOTH_FAMILIES(OP_i32_load16_u)
  I32_ADDRESS_LOADS(add) I32_ADDRESS_LOADS(addi) I32_ADDRESS_LOADS(sadd) I32_ADDRESS_LOADS(saddi)
  BOTH_FAMILIES(OP_load32_acc) BOTH_FAMILIES(OP_i32_load8_u_acc) BOTH_FAMILIES(OP_load32_addi_acc)
  BOTH_FAMILIES(OP_load8_u_addi_acc) BOTH_FAMILIES(OP_load32_saddi_acc)
};
#undef I32_ADDRESS_LOADS
#undef BOTH_FAMILIES

/* acc_forms[op][k]: op's form reading operand A (k = 0: ret1's value,
 * br_table's index), B (1), C (2) or D (3) from the accumulator, 0 for
 * none. The operators that commute take the accumulator on either side. */
#define LOAD_ACC(op) [op] = {0, op##_acc}, [op##_checked] = {0, op##_acc_checked},
static const uint16_t acc_forms[OP_COUNT][4] = {
  [OP_ret1] = {OP_ret1_acc}, [OP_br_table] = {OP_br_table_acc},
  [OP_i32_add] = {0, OP_i32_add_accb, OP_i32_add_accc}, [OP_i32_sub] = {0, OP_i32_sub_accb, OP_i32_sub_accc},
  [OP_i32_and] = {0, OP_i32_and_accb, OP_i32_and_accc}, [OP_i32_or] = {0, OP_i32_or_accb, OP_i32_or_accc},
  [OP_i32_xor] = {0, OP_i32_xor_accb, OP_i32_xor_accc},
  [OP_i32_add_imm] = {0, OP_i32_add_imm_acc}, [OP_i32_mul_imm] = {0, OP_i32_mul_imm_acc},
  [OP_i32_and_imm] = {0, OP_i32_and_imm_acc}, [OP_i32_or_imm] = {0, OP_i32_or_imm_acc},
  [OP_i32_xor_imm] = {0, OP_i32_xor_imm_acc}, [OP_i32_shl_imm] = {0, OP_i32_shl_imm_acc},
  [OP_i32_shr_u_imm] = {0, OP_i32_shr_u_imm_acc},
  [OP_i32_sadd] = {0, OP_i32_sadd_accb}, [OP_i32_saddi] = {0, OP_i32_saddi_accb},
  [OP_i32_funnel] = {0, OP_i32_funnel_accb},
  [OP_i32_add3] = {0, 0, 0, OP_i32_add3_accd}, [OP_i32_rotl_xor] = {0, 0, 0, OP_i32_rotl_xor_accd},
  [OP_i32_shr_u_xor] = {0, 0, 0, OP_i32_shr_u_xor_accd}, [OP_i32_shl_xor] = {0, 0, 0, OP_i32_shl_xor_accd},
  LOAD_ACC(OP_load32) LOAD_ACC(OP_i32_load8_u) LOAD_ACC(OP_load32_addi) LOAD_ACC(OP_load8_u_addi)
  LOAD_ACC(OP_load32_saddi)
};
#undef LOAD_ACC

/* Turns instruction i into its accumulator form if the one before it is a
 * producer whose result it reads (the caller knows that i - 1 runs right
 * before i and nothing else arrives at i; i - 1 may be a bundle's second
 * half, which interp.c runs as its own instruction, iacc included). */
static void take_accumulator(compiler *c, size_t i) {
  if (!writes_iacc[c->instrs[i - 1].op]) return;
  cell *at = c->code + c->instrs[i].pos;
  uint32_t produced = c->code[c->instrs[i - 1].pos + 1].u32[0];
  const uint16_t *forms = acc_forms[c->instrs[i].op];
  int acc = 0;
  /* Operand k is only read where the table has a form: the op has it. */
  for (int k = 0; k < 4 && !acc; k++)
    if (forms[k] && at[1 + k / 2].u32[k % 2] == produced) acc = forms[k];
  if (!acc) return;
  at->op = c->labels[acc];
  c->instrs[i].op = (uint16_t)acc;
}

/* Bundling. Two adjacent instructions that ops.h lists as a bundle become
 * one, unless the second is a branch target (then it must stay an
 * instruction of its own). This runs after translation, when no fusion can
 * take either half in any more: a bundle saves the same one dispatch a
 * fusion would, so fusing stays first. Pairs are taken greedily from the
 * start of the body. */
enum {
#define HALF_ENUM(unused, half) HALF_##half,
  HUSK_BUNDLE_HALVES(HALF_ENUM)
#undef HALF_ENUM
  HALVES
};

/* The bundle of two halves, in its guarded form; 0 (unreachable, never a
 * bundle) for none. */
static const uint16_t bundles[HALVES][HALVES] = {
#define BUNDLE_ENTRY(first, second) [HALF_##first][HALF_##second] = OP_##first##__##second,
  HUSK_BUNDLE_OPS(BUNDLE_ENTRY) HUSK_MEMORY_BUNDLE_OPS(BUNDLE_ENTRY)
#undef BUNDLE_ENTRY
};

/* 1 + the half each op can be, 0 for none; a memory half in both families. */
static const uint8_t half_plus_one[OP_COUNT] = {
#define HALF_ENTRY(unused, half) [OP_##half] = HALF_##half + 1,
#define MEMORY_HALF_ENTRY(unused, half) HALF_ENTRY(, half) [OP_##half##_checked] = HALF_##half + 1,
  HUSK_BUNDLE_PURE_HALVES(HALF_ENTRY, ) HUSK_BUNDLE_BRANCH_HALVES(HALF_ENTRY, )
  HUSK_BUNDLE_MEMORY_HALVES(MEMORY_HALF_ENTRY, )
#undef MEMORY_HALF_ENTRY
#undef HALF_ENTRY
};

/* The half an instruction can be, or -1. */
static int half_of(int op) { return half_plus_one[op] - 1; }

/* Decides the bundles: formed[i] is the bundle op that instruction i
 * starts, or 0 (none; also for a second half). A branch target may start a
 * bundle but not be its second half. Returns how many were formed. An
 * instruction left alone takes its accumulator form here, in place
 * (take_accumulator), unless a branch lands on it: the one before it, alone
 * or a second half, runs right before it, and a second half sets the
 * accumulator as its instruction alone does. */
static size_t choose_bundles(compiler *c, uint16_t *formed) {
  size_t n = c->ninstrs, count = 0;
  /* formed[] first marks the targets: 1 for an instruction a branch lands on. */
  memset(formed, 0, n * sizeof *formed);
  for (size_t i = 0; i < n; i++) {
    for (uint32_t k = 0, m = offset_count(c->instrs[i].op, c->code + c->instrs[i].pos); k < m; k++) {
      int64_t t = offset_target(c, i, k);
      if (t >= 0) formed[t] = 1;
    }
  }
  int half = n ? half_of(c->instrs[0].op) : -1;
  for (size_t i = 0; i < n; i++) {
    int next = i + 1 < n ? half_of(c->instrs[i + 1].op) : -1;
    bool target = formed[i] == 1;
    formed[i] = 0;
    if (half >= 0 && next >= 0 && formed[i + 1] != 1 && bundles[half][next]) {
      int op = bundles[half][next];
      formed[i] = (uint16_t)(*op_info[op].operands == 'M' ? access_op(c, op) : op);
      formed[++i] = 0;
      count++;
      next = i + 1 < n ? half_of(c->instrs[i + 1].op) : -1;
    } else if (i && !target) {
      take_accumulator(c, i);
    }
    half = next;
  }
  return count;
}

/* Rebuilds the code in place (it only shrinks: each bundle is 4 cells for
 * 4 to 6); false, with the translation failed, if a branch lands inside an
 * instruction, which translation never makes. */
static bool bundle_pairs(compiler *c) {
  size_t n = c->ninstrs;
  uint16_t *formed = malloc((n ? n : 1) * sizeof *formed);
  uint32_t *new_start = malloc((n ? n : 1) * sizeof *new_start);
  if (!formed || !new_start || !choose_bundles(c, formed)) {
    free(formed);
    free(new_start);
    return true;   /* nothing to bundle (or no memory to do it): the code stands */
  }
  /* Each old instruction either moves down or, as the first half of a
   * bundle, takes the next one in with it. The instructions between two
   * bundles, [run, i), move down together (the code is contiguous), before
   * the bundle at i is written, which never reaches their old cells. Its
   * operands are read before it is written: it may overlap them. */
  cell *code = c->code;
  size_t len = 0, run = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && !formed[i]) {
      new_start[i] = (uint32_t)(len + c->instrs[i].pos - c->instrs[run].pos);
      continue;
    }
    uint32_t end = i < n ? c->instrs[i].pos : (uint32_t)c->len;
    if (run < i) {
      uint32_t from = c->instrs[run].pos;
      if (from != len) memmove(code + len, code + from, (end - from) * sizeof *code);
      len += end - from;
    }
    if (i == n) break;
    const cell *at = code + c->instrs[i].pos;
    new_start[i] = (uint32_t)len;
    /* Halves of 2 cells have no C. */
    const cell *second = code + c->instrs[i + 1].pos;
    cell ab = at[1], de = second[1];
    uint32_t cc = instr_cells(c, i) > 2 ? at[2].u32[0] : 0;
    uint32_t f = instr_cells(c, i + 1) > 2 ? second[2].u32[0] : 0;
    code[len].op = c->labels[formed[i]];
    code[len + 1] = ab;                                       /* A, B */
    code[len + 2].u32[0] = cc;                                /* C */
    code[len + 2].u32[1] = de.u32[0];                         /* D, E */
    code[len + 3].u32[0] = de.u32[1];
    code[len + 3].u32[1] = f;                                 /* F */
    new_start[++i] = (uint32_t)len;   /* the second half: no branch lands here */
    len += 4;
    run = i + 1;
  }
  /* Both halves start where their bundle does; a branch in either has its
   * offset where the bundle's kinds say. */
  bool ok = true;
  for (size_t i = 0; ok && i < n; i++) {
    if (!branches(c->instrs[i].op)) continue;
    int op = formed[i] ? formed[i] : i && formed[i - 1] ? formed[i - 1] : c->instrs[i].op;
    ok = relocate(c, code, new_start[i], op, i, new_start);
  }
  /* The instruction list now describes the new code, for the next pass. */
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    c->instrs[w++] = (struct instr){new_start[i], formed[i] ? formed[i] : c->instrs[i].op};
    i += formed[i] != 0;
  }
  c->ninstrs = w;
  c->len = len;
  free(new_start);
  free(formed);
  return ok || fail(c, "internal error: a branch into an instruction");
}

/* ---------------------------------------------------------------- tails */

/* Tail duplication. A jump (or copy_jump) whose target is a short
 * straight-line tail that ends by leaving (jump, copy_jump, ret, ret1,
 * br_table) becomes a copy of that tail: the cases of a switch in a loop end
 * with a jump to the loop's step and back edge, or to its next switch (an
 * interpreter's fetch and dispatch), and each case then runs them itself,
 * one dispatch fewer. A copied br_table also gives the CPU one indirect
 * jump per case to predict, each with its own history, as threaded code
 * does. This runs before bundling, so a copy bundles with the instructions
 * before the jump and may take its operand from their accumulator. A
 * function's growth is bounded (duplicate_tails). Every branch in the rebuilt
 * code is relocated through the map from old instruction starts to new
 * ones. */
enum { TAIL_INSTRS = 4, TAIL_CELLS = 12, TABLE_TAIL_CELLS = 80 };

static bool is_jump(int op) { return op == OP_jump || op == OP_copy_jump; }

static bool leaves(int op) { return is_jump(op) || op_returns(op) || op_is_br_table(op); }

/* The number of instructions of the tail starting at instruction t that a
 * jump may copy (their cells in *cells), or 0. Branches other than the last
 * are not copied. */
static size_t tail_length(const compiler *c, int64_t t, uint64_t *cells) {
  *cells = 0;
  for (size_t k = 0; t >= 0 && k < TAIL_INSTRS && (size_t)t + k < c->ninstrs; k++) {
    int op = c->instrs[t + k].op;
    *cells += instr_cells(c, (size_t)t + k);
    if (*cells > (op_is_br_table(op) ? TABLE_TAIL_CELLS : TAIL_CELLS)) return 0;
    if (leaves(op)) return k + 1;
    if (branches(op)) return 0;
  }
  return 0;
}

/* The tail the jump at instruction i may be replaced by (its first
 * instruction in *from), or 0 instructions; *grows is how many cells the
 * replacement adds (a copy_jump keeps its copy, 2 cells, before the tail). */
static size_t jump_tail(const compiler *c, size_t i, size_t *from, uint64_t *grows) {
  int op = c->instrs[i].op;
  if (!is_jump(op)) return 0;
  int64_t t = offset_target(c, i, 0);
  uint64_t cells;
  size_t k = tail_length(c, t, &cells);
  if (k) {
    *from = (size_t)t;
    *grows = cells + (op == OP_copy_jump ? 2 : 0) - instr_cells(c, i);
  }
  return k;
}

/* One pass; the cells it adds come out of *budget, and *chained tells
 * whether a copied tail ends in a jump that another pass could replace.
 * False only when out of memory for the map of starts; a rebuild that
 * cannot get its memory leaves the code as it is. */
static bool copy_tails(compiler *c, uint64_t *budget, bool *chained) {
  size_t n = c->ninstrs, jumps = 0, from = 0;
  *chained = false;
  for (size_t i = 0; i < n && !jumps; i++) jumps += is_jump(c->instrs[i].op);
  if (!jumps) return true;   /* most functions: nothing to rebuild */
  /* tails[i]: the count instructions from `from` that replace jump i
   * (count 0: it stays), decided in code order until the growth budget is
   * spent. */
  struct tail { uint32_t from; uint8_t count; } *tails = malloc(n * sizeof *tails);
  if (!tails) return true;
  uint64_t grows = 0, total = 0;
  jumps = 0;
  for (size_t i = 0; i < n; i++) {
    tails[i].count = 0;
    if (!is_jump(c->instrs[i].op)) continue;   /* jump_tail's own first test, inline */
    size_t count = jump_tail(c, i, &from, &grows);
    if (!count || total + grows > *budget) continue;
    tails[i] = (struct tail){(uint32_t)from, (uint8_t)count};
    total += grows;
    jumps++;
    *chained |= is_jump(c->instrs[from + count - 1].op);
  }
  *budget -= total;
  if (!jumps) { free(tails); return true; }
  size_t cap = c->len + total;
  size_t instr_cap = n + jumps * TAIL_INSTRS;
  cell *code = malloc(cap * sizeof *code);
  uint32_t *new_start = malloc(n * sizeof *new_start);
  struct instr *instrs = malloc(instr_cap * sizeof *instrs);
  /* The branches of the new code: where each is, and the index of the old
   * instruction it copies (for relocation). */
  struct branch_copy { uint32_t pos, from; } *copies = malloc(instr_cap * sizeof *copies);
  bool ok = code && new_start && instrs && copies && cap < UINT32_MAX;
  size_t len = 0, ncopies = 0, w = 0, run = 0;   /* instructions [run, i) not copied yet */
  for (size_t i = 0; ok && i <= n; i++) {
    size_t count = i < n ? tails[i].count : 0;
    if (i < n && !count) {
      new_start[i] = (uint32_t)(len + c->instrs[i].pos - c->instrs[run].pos);
      instrs[w++] = (struct instr){new_start[i], c->instrs[i].op};
      if (branches(c->instrs[i].op)) copies[ncopies++] = (struct branch_copy){new_start[i], (uint32_t)i};
      continue;
    }
    uint32_t end = i < n ? c->instrs[i].pos : (uint32_t)c->len;
    if (run < n) {
      memcpy(code + len, c->code + c->instrs[run].pos, (end - c->instrs[run].pos) * sizeof *code);
      len += end - c->instrs[run].pos;
    }
    if (i == n) break;
    new_start[i] = (uint32_t)len;
    const cell *jump = c->code + c->instrs[i].pos;
    if (c->instrs[i].op == OP_copy_jump) {   /* fp[C] = fp[D] stays, as a copy */
      instrs[w++] = (struct instr){(uint32_t)len, OP_copy};
      code[len].op = c->labels[OP_copy];
      code[len + 1].u32[0] = jump[2].u32[0];
      code[len + 1].u32[1] = jump[2].u32[1];
      len += 2;
    }
    for (size_t j = tails[i].from; j < tails[i].from + count; j++) {
      uint64_t cells = instr_cells(c, j);
      memcpy(code + len, c->code + c->instrs[j].pos, cells * sizeof *code);
      instrs[w++] = (struct instr){(uint32_t)len, c->instrs[j].op};
      if (branches(c->instrs[j].op)) copies[ncopies++] = (struct branch_copy){(uint32_t)len, (uint32_t)j};
      len += cells;
    }
    run = i + 1;
  }
  for (size_t k = 0; ok && k < ncopies; k++)
    ok = relocate(c, code, copies[k].pos, c->instrs[copies[k].from].op, copies[k].from, new_start);
  if (ok) {
    free(c->code);
    c->code = code;
    c->len = len;
    c->cap = cap;
    code = NULL;
    free(c->instrs);
    c->instrs = instrs;
    c->ninstrs = w;
    c->instr_cap = instr_cap;
    instrs = NULL;
  }
  free(code);
  free(instrs);
  free(new_start);
  free(copies);
  free(tails);
  /* The next pass finds instructions by their new starts. */
  return !ok || index_instrs(c);
}

/* Tails are copied in up to two passes: a case's jump to a shared step that
 * ends by jumping to the loop's dispatch gets the step first, then the
 * dispatch. The copies add at most twice the body and 1024 cells. */
static bool duplicate_tails(compiler *c) {
  uint64_t budget = 2 * (uint64_t)c->len + 1024;
  bool chained = true;
  for (int pass = 0; pass < 2 && chained; pass++)
    if (!copy_tails(c, &budget, &chained)) return false;
  return true;
}

/* ---------------------------------------------------------------- loops */

/* memmove's and memcpy's byte loops for unaligned data, after bundling,
 * are three instructions each: the addresses summed (i32_add+i32_add),
 * a move8_run_down, the count stepped and tested (add_br_i32_ne_imm) back
 * to the sums; or a move8_run, both addresses stepped
 * (i32_add_imm+i32_add_imm), the count. memcpy's word loop for a source
 * off its destination's alignment is seven: the sums, four move32_funnels,
 * the index's step, the count's; its aligned word loops are four move64s or
 * eight move32s, both addresses stepped, the count, and memmove's backward
 * one the sums, four move32s, the count. When nothing but that branch lands
 * inside, the first instruction becomes the loop's op (ops.h), which runs
 * the turn without dispatching; the others stay in place for it to read,
 * never dispatched. Loops with a fuel charge or an interruption check have
 * more instructions, and stay as they are. */
/* The loop that the instructions from i would make by their ops alone, or
 * NULL. */
static const struct op_move_loop *move_loop_of(const compiler *c, size_t i) {
  const struct instr *in = c->instrs + i;
  for (const struct op_move_loop *l = op_move_loops; l < op_move_loops + OP_MOVE_LOOPS; l++) {
    if (in[0].op != l->turn[0] || c->ninstrs - i < l->count) continue;
    size_t k = 1;
    while (k < l->count && in[k].op == l->turn[k] && in[k].pos == in[k - 1].pos + op_info[in[k - 1].op].cells)
      k++;
    if (k == l->count) return l;
  }
  return NULL;
}

/* The sums of a loop's turn, as i32_add+i32_add A <- B + C, D <- E + F,
 * with `slot` first in each, where it is second: the loop's handler adds
 * the count (down loops) or the index (funnel loops) to the other operand,
 * and which operand is which depends on the producer's register allocation
 * (wasm-opt swaps them). An add commutes, so the code means the same
 * either way. */
static void sums_slot_first(cell *sums, uint32_t slot) {
  if (sums[1].u32[1] != slot && sums[2].u32[0] == slot) {
    sums[2].u32[0] = sums[1].u32[1];
    sums[1].u32[1] = slot;
  }
  if (sums[3].u32[0] != slot && sums[3].u32[1] == slot) {
    sums[3].u32[1] = sums[3].u32[0];
    sums[3].u32[0] = slot;
  }
}

static bool fuse_move_loops(compiler *c) {
  size_t n = c->ninstrs, i = 0;
  /* Most functions have no such loop: look for one before marking targets. */
  while (i < n && !move_loop_of(c, i)) i++;
  if (i == n) return true;
  uint8_t *target = calloc(c->len + 1, 1);
  if (!target) return true;   /* no memory to look: the code stands */
  for (size_t b = 0; b < n; b++) {
    int op = c->instrs[b].op;
    const cell *at = c->code + c->instrs[b].pos;
    for (uint32_t k = 0, m = offset_count(op, at); k < m; k++) {
      uint32_t cellpos, half;
      offset_field(op, k, &cellpos, &half);
      int64_t to = (int64_t)c->instrs[b].pos + at[cellpos].s32[half];
      if (to >= 0 && to <= (int64_t)c->len) target[to] = 1;
    }
  }
  for (; i < n; i++) {
    const struct op_move_loop *l = move_loop_of(c, i);
    if (!l) continue;
    const struct instr *in = c->instrs + i, *last = in + l->count - 1;
    cell *head = c->code + in[0].pos;
    bool inside = false;
    for (size_t k = 1; k < l->count; k++) inside |= target[in[k].pos];
    if (l->loop == OP_move8_loop_down || l->loop == OP_move32x4_loop_down)
      sums_slot_first(head, c->code[last->pos + 1].u32[1]);
    if (l->loop == OP_move32_funnel_loop) sums_slot_first(head, head[HUSK_FUNNEL_LOOP_STEP + 1].u32[0]);
    if (inside || !op_move_loop_fits(l->loop, head) ||
        (int64_t)last->pos + c->code[last->pos + 1].s32[0] != in[0].pos)
      continue;
    head->op = c->labels[l->loop];
    c->instrs[i].op = l->loop;
    i += l->count - 1;
  }
  free(target);
  return true;
}

/* ---------------------------------------------------------------- entry */

/* How many bytes of a body are 0x41-0x44, capped at `limit`. Every const
 * instruction's opcode is one of these, so the count bounds the pool
 * without decoding the body first. It reads every byte of every body, so it
 * counts 16 at a time (GNU vector extensions; byte lanes, summed before
 * they can overflow). */
static uint32_t count_const_bytes(const uint8_t *p, uint32_t n, uint32_t limit) {
  typedef uint8_t bytes16 __attribute__((vector_size(16)));
  uint32_t count = 0, i = 0;
  while (n - i >= 16 && count < limit) {
    bytes16 lanes = {0};
    for (uint32_t blocks = 0; blocks < 255 && n - i >= 16; blocks++, i += 16) {
      bytes16 v;
      memcpy(&v, p + i, 16);
      lanes += (bytes16)((bytes16)(v - 0x41) < 4) & 1;
    }
    for (int k = 0; k < 16; k++) count += lanes[k];
  }
  for (; i < n && count < limit; i++) count += (uint8_t)(p[i] - 0x41) < 4;
  return count < limit ? count : limit;
}

void compile_scratch_free(compile_scratch *s) {
  free(s->stack);
  free(s->ctrls);
  free(s->fixups);
  free(s->instrs);
  free(s->starts);
  free(s->code);
  *s = (compile_scratch){0};
}

char *compile_function(const wasm_module *m, const husk_config *config, const void *const *labels,
                       compiled_func *funcs, uint32_t index, compile_scratch *scratch,
                       compiled_func *out) {
  uint32_t fi = m->func_import_count + index;
  const wasm_code *code = &m->codes[index];
  const wasm_functype *type = &m->types[m->func_types[fi]];
  compiler c = {.m = m, .labels = labels, .type = type, .last_op = -1, .prev_op = -1, .prev2_op = -1, .funcs = funcs,
                .fuel = config->consume_fuel, .interruptible = config->interruptible,
                .guarded = config->guard_pages, .fuel_pos = UINT32_MAX, .run_pos = UINT32_MAX,
                .stack = scratch->stack, .stack_cap = scratch->stack_cap,
                .ctrls = scratch->ctrls, .ctrl_cap = scratch->ctrl_cap,
                .fixups = scratch->fixups, .fixup_cap = scratch->fixup_cap,
                .instrs = scratch->instrs, .instr_cap = scratch->instr_cap,
                .starts = scratch->starts, .starts_cap = scratch->starts_cap,
                .code = scratch->code, .cap = scratch->code_cap};
  wasm_reader_init(&c.r, m->bytes, code->body, code->body + code->body_size);

  c.nlocals = type->param_count + code->local_count;
  c.pool_cap = count_const_bytes(code->body, code->body_size, MAX_POOL);
  c.temps = c.nlocals + c.pool_cap;
  c.pool = malloc((c.pool_cap ? c.pool_cap : 1) * sizeof *c.pool);
  c.local_types = malloc((c.nlocals ? c.nlocals : 1) * sizeof *c.local_types);
  bool ok = c.local_types != NULL && c.pool != NULL;
  if (ok) {
    memcpy(c.local_types, wasm_functype_params(type), type->param_count);
    uint32_t k = type->param_count;
    for (uint32_t i = 0; i < code->local_run_count; i++)
      for (uint32_t j = 0; j < code->local_runs[i].count; j++) c.local_types[k++] = code->local_runs[i].type;
    ctrl f = {.kind = C_FUNC, .results = wasm_functype_results(type), .nresults = type->result_count};
    push_ctrl(&c, f);
    ok = !c.error && compile_body(&c);
    if (ok) trim_instrs(&c);
    ok = ok && index_instrs(&c) && duplicate_tails(&c) && bundle_pairs(&c) && fuse_move_loops(&c);
  }
  /* The code is copied out of the scratch buffer at its final size. */
  cell *kept = ok ? malloc((c.len ? c.len : 1) * sizeof *kept) : NULL;
  ok = ok && kept;
  char *msg = NULL;
  if (!ok) {
    const char *why = c.error ? c.error : "out of memory";
    if (asprintf(&msg, "%s at offset 0x%zx (function %u)", why, wasm_reader_offset(&c.r), fi) < 0)
      msg = NULL;
    if (!msg) msg = strdup(why);
  } else {
    memcpy(kept, c.code, c.len * sizeof *kept);
    out->code = kept;
    out->code_cells = (uint32_t)c.len;
    out->frame_slots = c.temps + c.max_height;
    out->consts = c.pool;
    out->const_count = c.pool_used;
    c.pool = NULL;
    out->param_count = type->param_count;
    out->local_count = code->local_count;
    zero_range(&c, code->local_count, &out->zero_from, &out->zero_to);
    out->result_count = type->result_count;
    out->func_index = fi;
    out->type_id = type->canonical;
    out->name = m->func_names ? m->func_names[fi] : NULL;
    for (uint32_t i = 0; !out->name && i < m->export_count; i++) {
      if (m->exports[i].kind == HUSK_EXTERN_FUNC && m->exports[i].index == fi) {
        out->name = m->exports[i].name;
        out->name_is_export = true;
      }
    }
  }
  free(c.local_types);
  free(c.pool);
  *scratch = (compile_scratch){c.stack, c.ctrls, c.fixups, c.instrs, c.starts, c.code,
                               c.stack_cap, c.ctrl_cap, c.fixup_cap, c.instr_cap,
                               c.starts_cap, c.cap};
  return msg;
}
