/*
 * opinfo.h - what husk knows about each internal instruction besides how to
 * run it: its name, its length in cells and the kinds of its operands.
 *
 * The table (opinfo.c) is derived from the op lists in ops.h, so an op added
 * there gets its entry automatically. Users: the disassembler (disasm.c),
 * the cache key (cache/key.c) and the loader of cached code (serialize.c),
 * which walks bytecode it did not produce and checks every operand against
 * these kinds.
 */
#ifndef HUSK_WASM_OPINFO_H
#define HUSK_WASM_OPINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm/ops.h"
#include "wasm/runtime.h"

/* Plain arrays, not pointers, so that the table needs no relocation when
 * the library is loaded: a position-independent executable would otherwise
 * copy and patch its pages at every process start. */
#define OP_NAME_SIZE 40
#define OP_KINDS_SIZE 10  /* move32_funnel has 9: "M" and 8 operands */

struct op_info {
  char operands[OP_KINDS_SIZE]; /* operand kinds, below */
  uint8_t cells;               /* length, not counting br_table's offset cells;
                                  0 only for a number that is no op */
  uint8_t offset;              /* 1 + the index (A = 0) of the operand that is
                                  a branch offset ('o'), 0 if none (no op has
                                  two; br_table's are its offset cells) */
};

/* Indexed by op; every op has an entry (tests/cache checks it). The names
 * ("i32_add", "load32+store32_checked") are a table of their own: only
 * listings use them, and translation, which reads op_info for every
 * instruction, then touches fewer pages. */
extern const struct op_info op_info[OP_COUNT];
extern const char op_names[OP_COUNT][OP_NAME_SIZE];

/* br_table, and its form taking the index from the i32 accumulator
 * (compile.c, take_accumulator): n+1 offset cells follow either. */
static inline bool op_is_br_table(int op) { return op == OP_br_table || op == OP_br_table_acc; }

/* The instruction's whole length in cells: br_table (A: index, B: n) is
 * followed by n+1 offset cells. The caller has checked that the cells up to
 * B exist. */
static inline uint64_t op_length(int op, const cell *at) {
  return op_is_br_table(op) ? 2 + (uint64_t)at[1].u32[1] + 1 : op_info[op].cells;
}

/* The loop ops of ops.h's HUSK_MOVE_LOOPS and the count ops of their
 * turn, for the compiler that makes them and the loader that checks them. */
enum { OP_MOVE_LOOP_TURN_MAX = 10 };
struct op_move_loop { uint16_t loop, count, turn[OP_MOVE_LOOP_TURN_MAX]; };
#define OP_MOVE_LOOP_ONE(loop, ...) + 1
enum { OP_MOVE_LOOPS = 0 HUSK_MOVE_LOOPS(OP_MOVE_LOOP_ONE) };
#undef OP_MOVE_LOOP_ONE
extern const struct op_move_loop op_move_loops[OP_MOVE_LOOPS];

/* Whether the operands at `at` (the turn of the loop op `loop`, ops.h:
 * HUSK_MOVE_LOOPS, whose ops the caller has checked) share slots as the
 * loop's handler, which keeps them in registers, assumes: one count,
 * stepped in place, and the two addresses, written only by the turn's sums
 * (or steps), which read nothing else the turn writes; a funnel loop's
 * index too, and its words in slots apart from all of those. The compiler
 * makes a loop op only of such a turn, and the loader of cached code takes
 * none that is not one. */
bool op_move_loop_fits(int loop, const cell *at);

/* Whether op returns from the function (ret1 and ret1_acc set the result
 * first). */
static inline bool op_returns(int op) { return op == OP_ret || op == OP_ret1 || op == OP_ret1_acc; }

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
 * The control and memory ops carry their kinds in their lists in ops.h; the
 * numeric families are uniform, so opinfo.c derives theirs.
 */
#endif
