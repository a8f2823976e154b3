/*
 * interp.c - the interpreter: one function whose handlers are labels,
 * dispatched by computed goto (direct threading: each instruction's first
 * cell is its handler's address, so dispatch is one indirect jump).
 *
 * Register discipline (what the compiler should keep in machine registers):
 * pc, fp (the frame's slots), mem (linear memory 0 base) and mem_size. mem
 * never moves (memories are reserved at their maximum), but mem_size changes
 * when any code grows the memory, so it is reloaded after every call and grow.
 *
 * Wasm-to-Wasm calls do not recurse in C: they push a frame on the store's
 * control stack and continue in the same loop, so guest recursion is bounded
 * by the configured depth and value stack, never by the host stack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/guard.h"
#include "wasm/ops.h"
#include "wasm/runtime.h"

#define A (pc[1].u32[0])
#define B (pc[1].u32[1])
#define C (pc[2].u32[0])
#define D (pc[2].u32[1])
#define E (pc[3].u32[0])
#define F (pc[3].u32[1])
#define SA ((int32_t)A)
/* The counting build (CMake HUSK_COUNT_DISPATCH) records every dispatch. */
#ifdef HUSK_COUNT_DISPATCH
#include "wasm/dispatch_count.h"
#define DISPATCH() do { dispatch_count_record(pc); goto *pc->op; } while (0)
#else
#define DISPATCH() goto *pc->op
#endif
#define NEXT(n) do { pc += (n); DISPATCH(); } while (0)
#define TRAP(code) do { trap_code = (code); goto trap; } while (0)

/* The n byte moves of a move8_run (step 1) or move8_run_down (-1), the
 * k-th from (u32)(from32 + step * k) + from_offset to the same of to32:
 * in one go when all its bytes are in bounds and neither address wraps
 * within it; otherwise byte by byte, exactly as the moves would go, so a
 * trap leaves the bytes before it moved. Going in the moves' order gives
 * overlapping runs their result too. False when a byte is out of bounds. */
static inline bool move8_run(uint8_t *mem, uint64_t mem_size, uint32_t to32, uint32_t from32,
                             uint64_t to_offset, uint64_t from_offset, uint32_t n, int step) {
  /* the run's lowest addresses, before the offsets */
  uint32_t to_low = step > 0 ? to32 : to32 - (n - 1);
  uint32_t from_low = step > 0 ? from32 : from32 - (n - 1);
  bool no_wrap = step > 0 ? (uint64_t)to32 + n <= 1ull << 32 && (uint64_t)from32 + n <= 1ull << 32
                          : to32 >= n - 1 && from32 >= n - 1;
  if (__builtin_expect(no_wrap && (uint64_t)to_low + to_offset + n <= mem_size &&
                       (uint64_t)from_low + from_offset + n <= mem_size, 1)) {
    uint8_t *t = mem + to32 + to_offset, *f = mem + from32 + from_offset;
    uint8_t *t_low = mem + to_low + to_offset, *f_low = mem + from_low + from_offset;
    /* A run apart from its source, where the order of the moves cannot
     * show, of the byte loops' lengths (memmove's 4, memcpy's 8): one move
     * of a word, which the compiler inlines (a call to memcpy for any n
     * costs more than the loop). */
    if ((n == 4 || n == 8) && (t_low + n <= f_low || f_low + n <= t_low)) {
      if (n == 4) memcpy(t_low, f_low, 4);
      else memcpy(t_low, f_low, 8);
      return true;
    }
    for (uint32_t k = 0; k < n; k++) t[step * (int64_t)k] = f[step * (int64_t)k];
    return true;
  }
  for (uint32_t k = 0; k < n; k++) {
    uint64_t t = (uint64_t)(uint32_t)(to32 + step * k) + to_offset;
    uint64_t f = (uint64_t)(uint32_t)(from32 + step * k) + from_offset;
    if (f >= mem_size || t >= mem_size) return false;
    mem[t] = mem[f];
  }
  return true;
}

/* Float helpers: Wasm's min/max/nearest differ from C's on NaN and zeros,
 * and abs/neg/copysign must not touch NaN payloads, so they work on bits. */
static inline float f32_min(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) { uint32_t x, y; memcpy(&x, &a, 4); memcpy(&y, &b, 4); x |= y; memcpy(&a, &x, 4); return a; }
  return a < b ? a : b;
}
static inline float f32_max(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) { uint32_t x, y; memcpy(&x, &a, 4); memcpy(&y, &b, 4); x &= y; memcpy(&a, &x, 4); return a; }
  return a > b ? a : b;
}
static inline double f64_min(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) { uint64_t x, y; memcpy(&x, &a, 8); memcpy(&y, &b, 8); x |= y; memcpy(&a, &x, 8); return a; }
  return a < b ? a : b;
}
static inline double f64_max(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) { uint64_t x, y; memcpy(&x, &a, 8); memcpy(&y, &b, 8); x &= y; memcpy(&a, &x, 8); return a; }
  return a > b ? a : b;
}
/* Rounding functions pass a signalling NaN through unchanged in libm, but
 * Wasm requires the result to be a quiet (arithmetic) NaN. The compiler
 * expands ceil, floor, trunc and (with -fno-math-errno, CMakeLists.txt) sqrt
 * inline, so the interpreter needs no libm (which costs a process ~0.4 MB
 * at start). nearbyint it would call, so nearest is written out: below 2^52
 * (2^23) adding and subtracting 2^52 rounds the fraction away half to even,
 * in the default rounding mode, which Wasm code cannot change; above, every
 * value is an integer already. */
#define ROUNDING(name, T, fn) static inline T name(T x) { return x != x ? x + x : fn(x); }
ROUNDING(wasm_ceilf, float, __builtin_ceilf)
ROUNDING(wasm_floorf, float, __builtin_floorf)
ROUNDING(wasm_truncf, float, __builtin_truncf)
ROUNDING(wasm_ceil, double, __builtin_ceil)
ROUNDING(wasm_floor, double, __builtin_floor)
ROUNDING(wasm_trunc, double, __builtin_trunc)
#undef ROUNDING
#define NEAREST(name, T, big, abs, copysign)                                  \
  static inline T name(T x) {                                                 \
    if (x != x) return x + x;                                                 \
    return abs(x) < big ? copysign((abs(x) + big) - big, x) : x;              \
  }
NEAREST(wasm_nearestf, float, 0x1p23f, __builtin_fabsf, __builtin_copysignf)
NEAREST(wasm_nearest, double, 0x1p52, __builtin_fabs, __builtin_copysign)
#undef NEAREST

static inline uint32_t rotl32(uint32_t x, uint32_t n) { n &= 31; return (x << n) | (x >> ((32 - n) & 31)); }
static inline uint32_t rotr32(uint32_t x, uint32_t n) { n &= 31; return (x >> n) | (x << ((32 - n) & 31)); }
static inline uint64_t rotl64(uint64_t x, uint64_t n) { n &= 63; return (x << n) | (x >> ((64 - n) & 63)); }
static inline uint64_t rotr64(uint64_t x, uint64_t n) { n &= 63; return (x >> n) | (x << ((64 - n) & 63)); }

/* Saturating conversions; the trapping ones check the same ranges first. */
static inline int32_t sat_i32_f64(double x) {
  if (x != x) return 0;
  if (x <= -2147483649.0) return INT32_MIN;
  if (x >= 2147483648.0) return INT32_MAX;
  return (int32_t)x;
}
static inline uint32_t sat_u32_f64(double x) {
  if (x != x || x <= -1.0) return 0;
  if (x >= 4294967296.0) return UINT32_MAX;
  return (uint32_t)x;
}
static inline int64_t sat_i64_f64(double x) {
  if (x != x) return 0;
  if (x < -9223372036854775808.0) return INT64_MIN;
  if (x >= 9223372036854775808.0) return INT64_MAX;
  return (int64_t)x;
}
static inline uint64_t sat_u64_f64(double x) {
  if (x != x || x <= -1.0) return 0;
  if (x >= 18446744073709551616.0) return UINT64_MAX;
  return (uint64_t)x;
}
static inline bool in_i32(double x) { return x > -2147483649.0 && x < 2147483648.0; }
static inline bool in_u32(double x) { return x > -1.0 && x < 4294967296.0; }
static inline bool in_i64(double x) { return x >= -9223372036854775808.0 && x < 9223372036854775808.0; }
static inline bool in_u64(double x) { return x > -1.0 && x < 18446744073709551616.0; }

/* Zeroes the locals that may be read before they are written and copies in
 * the pooled constants. Loops rather than memset/memcpy: the counts are
 * usually tiny and calls are hot. */
static inline void enter_frame(slot *fp, const compiled_func *f) {
  slot *p = fp + f->param_count;
  for (slot *z = p + f->zero_from, *end = p + f->zero_to; z < end; z++) z->u64 = 0;
  p += f->local_count;
  for (uint32_t i = 0; i < f->const_count; i++) p[i].u64 = f->consts[i];
}

/* Converts args to husk_vals, calls the host, converts results back into
 * fp[0..results). The caller has set the store's sp above the frame so that
 * nested Wasm calls start there. */
static husk_trap *call_host(husk_store *s, husk_instance *inst, husk_func *f,
                            slot *fp) {
  size_t np = f->type.param_count, nr = f->type.result_count;
  husk_val small[32];
  husk_val *vals = np + nr <= 32 ? small : malloc((np + nr) * sizeof *vals);
  if (!vals) return trap_new(HUSK_TRAP_RESOURCE_LIMIT, "out of memory in host call");
  husk_val *results = vals + np;
  for (size_t i = 0; i < np; i++) vals[i] = slot_to_val(fp[i], f->type.params[i]);
  for (size_t i = 0; i < nr; i++) results[i] = slot_to_val((slot){.u64 = 0}, f->type.results[i]);
  struct husk_caller caller = {s, inst};
  bool guarded = guard_host_call_begin();
  husk_trap *t = f->callback(&caller, f->env, vals, results);
  guard_host_call_end(guarded);
  for (size_t i = 0; !t && i < nr; i++) {
    if (results[i].kind != f->type.results[i])
      t = trap_new(HUSK_TRAP_HOST, "host function returned a result of the wrong type");
    else
      fp[i] = val_to_slot(&results[i]);
  }
  if (vals != small) free(vals);
  return t;
}

/* The loop. With s == NULL it only fills labels_out with its handler
 * addresses (the translator needs them, and they exist only in here). The
 * table holds offsets from one handler rather than addresses so that it
 * needs no relocation at load time (a table of addresses in a
 * position-independent binary is patched, page by page, at every start). */
static husk_trap *run(husk_store *s, const compiled_func *entry, husk_instance *inst,
                      slot *fp, const void **labels_out) {
#define L(op, label) [op] = (int32_t)(&&label - &&op_unreachable),
#define L_OP(name, cells, kinds) L(OP_##name, op_##name)
#define L_MEM(name, cells, kinds) L(OP_##name, op_##name) L(OP_##name##_checked, op_##name##_checked)
#define L_LOADOP(name, type, expr) L(OP_##name##_load, op_##name##_load) \
    L(OP_##name##_load_checked, op_##name##_load_checked) \
    L(OP_##name##_rmw, op_##name##_rmw) L(OP_##name##_rmw_checked, op_##name##_rmw_checked)
#define L_OP1(name) L(OP_##name, op_##name)
#define L_BR(name) L(OP_br_##name, op_br_##name)
#define L_IMM(name) L(OP_##name##_imm, op_##name##_imm)
#define L_BR_IMM(name) L(OP_br_##name##_imm, op_br_##name##_imm)
#define L_ADD_BR(name) L(OP_add_br_##name##_imm, op_add_br_##name##_imm)
#define L_BUNDLE(first, second) L(OP_##first##__##second, op_##first##__##second)
#define L_MEM_BUNDLE(first, second) L_BUNDLE(first, second) \
    L(OP_##first##__##second##_checked, op_##first##__##second##_checked)
  static const int32_t handler_offsets[OP_COUNT] = {
    HUSK_CONTROL_OPS(L_OP) HUSK_MEMORY_OPS(L_MEM) HUSK_LOAD_OPERAND_OPS(L_LOADOP)
    HUSK_BINARY_OPS(L_OP1) HUSK_UNARY_OPS(L_OP1)
    HUSK_BRANCH_CMP_OPS(L_BR) HUSK_IMM_OPS(L_IMM)
    HUSK_BRANCH_CMP_IMM_OPS(L_BR_IMM) HUSK_ADD_BRANCH_OPS(L_ADD_BR)
    HUSK_PAIR_OPS(L_OP) HUSK_BUNDLE_OPS(L_BUNDLE) HUSK_MEMORY_BUNDLE_OPS(L_MEM_BUNDLE)
  };
  if (!s) {
    for (int op = 0; op < OP_COUNT; op++)
      labels_out[op] = (const char *)&&op_unreachable + handler_offsets[op];
    return NULL;
  }

  const uint32_t entry_depth = s->depth;
  husk_trap_code trap_code = 0;
  /* The result of the last f64 add, sub, mul or div (plain, fused with a
   * multiplication or with a load of its right operand), which the
   * instruction right after it may read instead of its slot (compile.c,
   * acc_form). */
  double facc = 0;
  /* Likewise the last i32 result (SET_I32 and the i32 loads), for the i32
   * _acc forms (compile.c, take_accumulator). Always below 2^32: an address
   * formed from it stays inside the guard region whatever code runs. */
  uint64_t iacc = 0;
  uint32_t trap_index = 0;     /* the table index, for element traps */
  husk_trap *host_trap = NULL;
  const cell *pc;
  uint8_t *mem;
  uint64_t mem_size;
  husk_func *callee;
  uint32_t call_base;
  const cell *ret_pc;

#define LOAD_MEMORY() do { \
    mem = inst->mem0 ? inst->mem0->base : NULL; \
    mem_size = inst->mem0 ? inst->mem0->size : 0; } while (0)

  /* Enter the first function as if called from the host. */
  if (s->depth >= s->max_depth || fp + entry->frame_slots > s->stack_end)
    return trap_new(HUSK_TRAP_STACK_EXHAUSTED, NULL);
  s->frames[s->depth++] = (frame){NULL, NULL, NULL, entry};
  enter_frame(fp, entry);
  pc = entry->code;
  LOAD_MEMORY();
  DISPATCH();

  /* ------------------------------------------------------------ control */
op_unreachable: TRAP(HUSK_TRAP_UNREACHABLE);
op_jump: pc += SA; DISPATCH();
op_br_if: if (fp[A].u32) { pc += (int32_t)B; DISPATCH(); } NEXT(2);
op_br_unless: if (!fp[A].u32) { pc += (int32_t)B; DISPATCH(); } NEXT(2);
op_br_any_imm: if (fp[B].u32 & C) { pc += SA; DISPATCH(); } NEXT(3);
op_br_none_imm: if (!(fp[B].u32 & C)) { pc += SA; DISPATCH(); } NEXT(3);
op_br_table: iacc = fp[A].u32; /* fall through */
op_br_table_acc: {
    uint32_t i = (uint32_t)iacc, n = B;
    if (i > n) i = n;
    pc += pc[2 + i].s32[0];
    DISPATCH();
  }
op_copy: fp[A] = fp[B]; NEXT(2);
op_copy2: fp[A] = fp[B]; fp[C] = fp[D]; NEXT(3);
op_copy_jump: fp[C] = fp[D]; pc += SA; DISPATCH();
op_const: fp[A].u64 = pc[2].u64; NEXT(3);
op_const32: fp[A].u64 = B; NEXT(2);
op_select: fp[A] = fp[B].u32 ? fp[C] : fp[D]; NEXT(3);
op_select_i64: fp[A] = fp[B].u64 ? fp[C] : fp[D]; NEXT(3);
op_f64_div_i32: fp[A].f64 = fp[B].f64 / (double)fp[C].i32; NEXT(3);

op_call: {
    const compiled_func *f = pc[1].ptr;
    slot *nfp = fp + pc[2].u32[0];
    if (__builtin_expect(s->depth >= s->max_depth || nfp + f->frame_slots > s->stack_end, 0))
      TRAP(HUSK_TRAP_STACK_EXHAUSTED);
    s->frames[s->depth++] = (frame){pc + 3, fp, inst, f};
    enter_frame(nfp, f);
    fp = nfp;
    pc = f->code;
    DISPATCH();
  }
op_call_import:
  callee = inst->funcs[A];
  call_base = B;
  ret_pc = pc + 2;
  goto call_any;
op_call_indirect: {
    husk_table *t = inst->tables[B];
    uint32_t i = fp[C].u32;
    trap_index = i;
    if (i >= t->size) TRAP(HUSK_TRAP_UNDEFINED_ELEMENT);
    callee = t->elems[i];
    if (!callee) TRAP(HUSK_TRAP_UNINITIALIZED_ELEMENT);
    if (callee->type_id != A) TRAP(HUSK_TRAP_INDIRECT_CALL_TYPE);
    call_base = D;
    ret_pc = pc + 3;
    goto call_any;
  }
call_any: {
    slot *nfp = fp + call_base;
    if (callee->kind == FUNC_WASM) {
      const compiled_func *f = callee->code;
      if (__builtin_expect(s->depth >= s->max_depth || nfp + f->frame_slots > s->stack_end, 0))
        TRAP(HUSK_TRAP_STACK_EXHAUSTED);
      s->frames[s->depth++] = (frame){ret_pc, fp, inst, f};
      enter_frame(nfp, f);
      fp = nfp;
      inst = callee->instance;
      LOAD_MEMORY();
      pc = f->code;
      DISPATCH();
    }
    if (s->depth >= s->max_depth) TRAP(HUSK_TRAP_STACK_EXHAUSTED);
    /* Host functions get no frame of their own; the depth still counts
     * them so host<->Wasm recursion is bounded. Nested calls start above
     * the current frame. */
    const compiled_func *cur = s->frames[s->depth - 1].func;
    slot *saved_sp = s->sp;
    s->sp = fp + cur->frame_slots;
    s->depth++;
    host_trap = call_host(s, inst, callee, nfp);
    s->depth--;
    s->sp = saved_sp;
    if (host_trap) goto trap;
    LOAD_MEMORY();
    pc = ret_pc;
    DISPATCH();
  }
op_ret1: fp[0] = fp[A]; goto op_ret;
op_ret1_acc: fp[0].u64 = iacc; goto op_ret;
op_ret: {
    frame *f = &s->frames[--s->depth];
    if (!f->ret_pc) return NULL;
    pc = f->ret_pc;
    fp = f->fp;
    inst = f->instance;
    LOAD_MEMORY();
    DISPATCH();
  }

op_global_get: fp[A] = inst->globals[B]->value; NEXT(2);
op_global_set: inst->globals[A]->value = fp[B]; NEXT(2);
op_global_set_addi: fp[A].u64 = (uint32_t)(fp[B].u32 + C); inst->globals[D]->value = fp[A]; NEXT(3);
op_ref_is_null: fp[A].u64 = fp[B].ref == NULL; NEXT(2);
op_ref_func: fp[A].ref = inst->funcs[B]; NEXT(2);

  /* ------------------------------------------------------------ memory */
  /* Each access exists in two forms (ops.h): the plain one leaves an
   * out-of-bounds address to fault in the memory's guard region (an address
   * is at most 2^33 + 6, inside the reservation: guard.c turns the fault into
   * a trap); the _checked one compares with the memory's size first. */
#define GUARDED(ea, n)
#define CHECKED(ea, n) if (__builtin_expect((ea) + (n) > mem_size, 0)) TRAP(HUSK_TRAP_MEMORY_OOB);
#define BOTH(ACCESS, name, ...) ACCESS(name, GUARDED, __VA_ARGS__) ACCESS(name##_checked, CHECKED, __VA_ARGS__)
/* The body every load shares: n bytes of type T at address `at` (64-bit,
 * so it cannot wrap), converted into slot dst (A, then the next
 * instruction, for a load of its own), and a load of 32 bits or fewer into
 * iacc too (read only after the i32 loads). */
#define LOAD_INTO(dst, at, check, n, T, field, conv)                          \
  {                                                                           \
    uint64_t ea = (at);                                                       \
    check(ea, n)                                                              \
    T v; memcpy(&v, mem + ea, n);                                             \
    fp[dst].field = conv v;                                                   \
    if (sizeof(T) <= 4) iacc = (uint32_t)(conv v);                            \
  }
#define LOAD_AT(at, check, n, T, field, conv, cells)                          \
  { LOAD_INTO(A, at, check, n, T, field, conv) NEXT(cells); }
#define LOAD(name, check, n, T, field, conv)                                  \
  op_##name: LOAD_AT((uint64_t)fp[B].u32 + C, check, n, T, field, conv, 3)
  BOTH(LOAD, load32, 4, uint32_t, u64, (uint64_t))
  BOTH(LOAD, load64, 8, uint64_t, u64, )
  BOTH(LOAD, i32_load8_s, 1, int8_t, u64, (uint32_t)(int32_t))
  BOTH(LOAD, i32_load8_u, 1, uint8_t, u64, (uint64_t))
  BOTH(LOAD, i32_load16_s, 2, int16_t, u64, (uint32_t)(int32_t))
  BOTH(LOAD, i32_load16_u, 2, uint16_t, u64, (uint64_t))
  BOTH(LOAD, i64_load8_s, 1, int8_t, i64, (int64_t))
  BOTH(LOAD, i64_load8_u, 1, uint8_t, u64, (uint64_t))
  BOTH(LOAD, i64_load16_s, 2, int16_t, i64, (int64_t))
  BOTH(LOAD, i64_load16_u, 2, uint16_t, u64, (uint64_t))
  BOTH(LOAD, i64_load32_s, 4, int32_t, i64, (int64_t))
  BOTH(LOAD, i64_load32_u, 4, uint32_t, u64, (uint64_t))
#undef LOAD
/* The address-fused loads: each family as address_loads lists them (ops.h),
 * the i32 ones of 8 and 16 bits extended as i32.load8_s and friends do. */
#define ADDRESS_LOADS(FORM, name, rhs)                                        \
  BOTH(FORM, load32_##name, 4, uint32_t, , rhs)                               \
  BOTH(FORM, load64_##name, 8, uint64_t, , rhs)                               \
  BOTH(FORM, load8_u_##name, 1, uint8_t, , rhs)                               \
  BOTH(FORM, load8_s_##name, 1, int8_t, (uint32_t)(int32_t), rhs)             \
  BOTH(FORM, load16_u_##name, 2, uint16_t, , rhs)                             \
  BOTH(FORM, load16_s_##name, 2, int16_t, (uint32_t)(int32_t), rhs)
#define LOAD_ADD(name, check, n, T, conv, rhs)                                \
  op_##name: LOAD_AT((uint64_t)(uint32_t)(fp[B].u32 + (rhs)) + D, check, n, T, u64, conv, 3)
  ADDRESS_LOADS(LOAD_ADD, add, fp[C].u32)
  ADDRESS_LOADS(LOAD_ADD, addi, C)
#define LOAD_SCALED(name, check, n, T, conv, rhs)                             \
  op_##name: LOAD_AT((uint64_t)(uint32_t)(fp[B].u32 * C + (rhs)) + E, check, n, T, u64, conv, 4)
  ADDRESS_LOADS(LOAD_SCALED, sadd, fp[D].u32)
  ADDRESS_LOADS(LOAD_SCALED, saddi, D)
  /* The address, or the index it scales, from the accumulator. */
#define LOAD_ACC(name, check, n, T, cells, at) op_##name: LOAD_AT(at, check, n, T, u64, (uint64_t), cells)
  BOTH(LOAD_ACC, load32_acc, 4, uint32_t, 3, iacc + C)
  BOTH(LOAD_ACC, i32_load8_u_acc, 1, uint8_t, 3, iacc + C)
  BOTH(LOAD_ACC, load32_addi_acc, 4, uint32_t, 3, (uint64_t)(uint32_t)(iacc + C) + D)
  BOTH(LOAD_ACC, load8_u_addi_acc, 1, uint8_t, 3, (uint64_t)(uint32_t)(iacc + C) + D)
  BOTH(LOAD_ACC, load32_saddi_acc, 4, uint32_t, 4, (uint64_t)(uint32_t)(iacc * C + D) + E)
#undef LOAD_ACC
#undef ADDRESS_LOADS
#undef LOAD_SCALED
#undef LOAD_ADD
#undef LOAD_AT
/* The body every store shares: the low n bytes of `value` (B for plain
 * stores) to address `at`. */
#define STORE_INTO(at, check, n, value)                                       \
  {                                                                           \
    uint64_t ea = (at), v = (value);                                          \
    check(ea, n)                                                              \
    memcpy(mem + ea, &v, n);                                                  \
  }
#define STORE_AT(at, check, n, value) { STORE_INTO(at, check, n, value) NEXT(3); }
#define STORE(name, check, n) op_##name: STORE_AT((uint64_t)fp[A].u32 + C, check, n, fp[B].u64)
  BOTH(STORE, store8, 1) BOTH(STORE, store16, 2) BOTH(STORE, store32, 4) BOTH(STORE, store64, 8)
#define STORE_ADD(name, check, n, rhs)                                        \
  op_##name: STORE_AT((uint64_t)(uint32_t)(fp[A].u32 + (rhs)) + C, check, n, fp[B].u64)
  BOTH(STORE_ADD, store8_add, 1, fp[D].u32)
  BOTH(STORE_ADD, store32_add, 4, fp[D].u32)
  BOTH(STORE_ADD, store64_add, 8, fp[D].u32)
  BOTH(STORE_ADD, store8_addi, 1, D)
  BOTH(STORE_ADD, store32_addi, 4, D)
  BOTH(STORE_ADD, store64_addi, 8, D)
#define STORE_VADDI(name, check, n)                                      \
  op_##name: STORE_AT((uint64_t)fp[A].u32 + C, check, n, (uint32_t)(fp[B].u32 + D))
  BOTH(STORE_VADDI, store32_vaddi, 4)
#undef STORE_VADDI
/* Both addresses are checked before anything is written. */
#define MOVE(name, check, n)                                                  \
  op_##name: {                                                                \
    uint64_t from = (uint64_t)(uint32_t)(fp[B].u32 + D) + F;                  \
    uint64_t to = (uint64_t)(uint32_t)(fp[A].u32 + C) + E;                    \
    check(from, n)                                                            \
    check(to, n)                                                              \
    uint64_t v;                                                               \
    memcpy(&v, mem + from, n);                                                \
    memcpy(mem + to, &v, n);                                                  \
    NEXT(4);                                                                  \
  }
  BOTH(MOVE, move8, 1) BOTH(MOVE, move16, 2) BOTH(MOVE, move32, 4) BOTH(MOVE, move64, 8)
#undef MOVE
  /* In the order of the load, funnel and store it replaces: the loaded
   * slot may be the funnel's operand or the store's address. */
#define MOVE_FUNNEL(name, check, ...)                                         \
  op_##name: {                                                                \
    uint64_t from = (uint32_t)(fp[B].u32 + D);                                \
    check(from, 4)                                                            \
    uint32_t word, shifts = pc[4].u32[1];                                     \
    memcpy(&word, mem + from, 4);                                             \
    fp[E].u64 = word;                                                         \
    word = fp[F].u32 << (shifts & 31) | fp[pc[4].u32[0]].u32 >> (shifts >> 8); \
    uint64_t to = (uint32_t)(fp[A].u32 + C);                                  \
    check(to, 4)                                                              \
    memcpy(mem + to, &word, 4);                                               \
    NEXT(5);                                                                  \
  }
  BOTH(MOVE_FUNNEL, move32_funnel)
#undef MOVE_FUNNEL
#define MOVE8_RUN(name, step)                                                 \
  op_##name:                                                                  \
    if (!move8_run(mem, mem_size, fp[A].u32 + C, fp[B].u32 + D, E, F, pc[4].u32[0], step)) \
      TRAP(HUSK_TRAP_MEMORY_OOB);                                             \
    NEXT(5);
  MOVE8_RUN(move8_run, 1) MOVE8_RUN(move8_run_down, -1)
#undef MOVE8_RUN
  /* The loops of HUSK_MOVE_LOOPS, their turn's instructions as their ops
   * would run them, with the count and the two addresses in registers
   * (opinfo.c: op_move_loop_fits says the slots allow it), written back
   * when the count's step (add_br_i32_ne_imm: B <- B + imm E) reaches C.
   * A trap discards the frame, so nothing is written back before one. The
   * sums' halves leave nothing in iacc that anything reads: the add_br
   * after them writes none. */
#define LOOP_WRITE_BACK() (fp[to_slot].u64 = to, fp[from_slot].u64 = from, fp[count_slot].u64 = count)
#define MOVE_LOOP(name, run_at, sums_at, setup, turn)                          \
  op_##name: {                                                                \
    const cell *run = pc + (run_at), *sums = pc + (sums_at), *step_at = pc + HUSK_MOVE_LOOP_THIRD; \
    uint32_t to_slot = run[1].u32[0], from_slot = run[1].u32[1];              \
    uint32_t to_imm = run[2].u32[0], from_imm = run[2].u32[1], n = run[4].u32[0]; \
    uint64_t to_offset = run[3].u32[0], from_offset = run[3].u32[1];          \
    uint32_t to_add = sums[2].u32[0], from_add = sums[3].u32[1];              \
    uint32_t count_slot = step_at[1].u32[1], count_step = step_at[3].u32[0], end = step_at[2].u32[0]; \
    uint32_t to = fp[to_slot].u32, from = fp[from_slot].u32, count = fp[count_slot].u32; \
    setup                                                                     \
    do {                                                                      \
      turn                                                                    \
      count += count_step;                                                    \
    } while (count != end);                                                   \
    LOOP_WRITE_BACK();                                                        \
    NEXT(HUSK_MOVE_LOOP_THIRD + 4);                                           \
  }
#define MOVE_RUN(step)                                                        \
  if (!move8_run(mem, mem_size, to + to_imm, from + from_imm, to_offset, from_offset, n, step)) \
    TRAP(HUSK_TRAP_MEMORY_OOB);
  /* to <- count + slot C, from <- count + slot F (neither written in the
   * loop: read once), run down */
  MOVE_LOOP(move8_loop_down, 4, 0,
            uint32_t to_base = fp[to_add].u32; uint32_t from_base = fp[from_add].u32;,
            to = count + to_base; from = count + from_base; MOVE_RUN(-1))
  /* run up, to <- to + imm C, from <- from + imm F */
  MOVE_LOOP(move8_loop_up, 0, 5, , MOVE_RUN(1) to += to_add; from += from_add;)
#undef MOVE_RUN
#undef MOVE_LOOP
  /* The funnel loop (ops.h), its turn's instructions as their ops would
   * run them, checked, with to, from, the index and the count in
   * registers (opinfo.c: op_move_loop_fits), written back when the count's
   * test (add_br_i32_gt_u_imm) fails. The words go through their slots, as
   * the moves leave them. Like the loops above it leaves iacc as it finds
   * it: nothing after the add_br, which writes none, reads it. */
op_move32_funnel_loop: {
    const cell *step = pc + HUSK_FUNNEL_LOOP_STEP, *test = pc + HUSK_FUNNEL_LOOP_TEST;
    uint32_t to_base = fp[C].u32, from_base = fp[F].u32, idx_step = step[2].u32[0];
    uint32_t count_slot = test[1].u32[1], count_step = test[3].u32[0], end = test[2].u32[0];
    uint32_t idx = fp[B].u32, count = fp[count_slot].u32, to, from;
    do {
      to = idx + to_base;
      from = idx + from_base;
      for (int k = 0; k < 4; k++) {
        const cell *move = pc + HUSK_FUNNEL_LOOP_MOVE(k);
        uint64_t at = (uint32_t)(from + move[2].u32[1]);
        CHECKED(at, 4)
        uint32_t word, shifts = move[4].u32[1];
        memcpy(&word, mem + at, 4);
        fp[move[3].u32[0]].u64 = word;
        word = fp[move[3].u32[1]].u32 << (shifts & 31) | fp[move[4].u32[0]].u32 >> (shifts >> 8);
        at = (uint32_t)(to + move[2].u32[0]);
        CHECKED(at, 4)
        memcpy(mem + at, &word, 4);
      }
      idx += idx_step;
      count += count_step;
    } while (count > end);
    fp[A].u64 = to, fp[D].u64 = from, fp[B].u64 = idx, fp[count_slot].u64 = count;
    NEXT(HUSK_FUNNEL_LOOP_CELLS);
  }
  /* The aligned word loops (ops.h), each move as its op would run it (the
   * load, then the store, each checked), with to, from and the count in
   * registers (opinfo.c: op_move_loop_fits), written back when the count's
   * test fails: the up loops step both addresses after the moves (their
   * step's halves in either order), the down loop sums them from the count
   * before. Like the loops above they leave iacc as they find it. */
#define WORD_LOOP(name, T, moves, down)                                       \
  op_##name: {                                                                \
    const cell *test = pc + HUSK_WORD_LOOP_MOVE(moves, 1), *first = pc + HUSK_WORD_LOOP_MOVE(0, down); \
    uint32_t to_slot = first[1].u32[0], from_slot = first[1].u32[1];          \
    uint32_t count_slot = test[1].u32[1], count_step = test[3].u32[0], end = test[2].u32[0]; \
    uint32_t to = fp[to_slot].u32, from = fp[from_slot].u32, count = fp[count_slot].u32; \
    uint32_t to_add, from_add;   /* down: the slots summed; up: the steps */  \
    if (down) {                                                               \
      to_add = fp[pc[2].u32[0]].u32, from_add = fp[pc[3].u32[1]].u32;         \
    } else {                                                                  \
      const cell *step = pc + HUSK_WORD_LOOP_MOVE(moves, 0);                  \
      bool to_first = step[1].u32[0] == to_slot;                              \
      to_add = to_first ? step[2].u32[0] : step[3].u32[1];                    \
      from_add = to_first ? step[3].u32[1] : step[2].u32[0];                  \
    }                                                                         \
    do {                                                                      \
      if (down) to = count + to_add, from = count + from_add;                 \
      for (int k = 0; k < (moves); k++) {                                     \
        const cell *move = pc + HUSK_WORD_LOOP_MOVE(k, down);                 \
        uint64_t at = (uint64_t)(uint32_t)(from + move[2].u32[1]) + move[3].u32[1]; \
        CHECKED(at, sizeof(T))                                                \
        T word;                                                               \
        memcpy(&word, mem + at, sizeof(T));                                   \
        at = (uint64_t)(uint32_t)(to + move[2].u32[0]) + move[3].u32[0];      \
        CHECKED(at, sizeof(T))                                                \
        memcpy(mem + at, &word, sizeof(T));                                   \
      }                                                                       \
      if (!down) to += to_add, from += from_add;                              \
      count += count_step;                                                    \
    } while (count > end);                                                    \
    LOOP_WRITE_BACK();                                                        \
    NEXT(HUSK_WORD_LOOP_MOVE(moves, 1) + 4);                                  \
  }
  WORD_LOOP(move64x4_loop, uint64_t, 4, 0)
  WORD_LOOP(move32x8_loop, uint32_t, 8, 0)
  WORD_LOOP(move32x4_loop_down, uint32_t, 4, 1)
#undef WORD_LOOP
#undef LOOP_WRITE_BACK
#undef STORE_ADD
#undef STORE
#undef STORE_AT
  /* Operator with a loaded right operand: per operand type, how to read
   * the left one and write the result (i32 zero-extended, f32 through a
   * zeroed slot, as the plain operators do). */
#define LOADOP_I32(e) uint32_t a = fp[B].u32, b; memcpy(&b, mem + ea, 4); fp[A].u64 = (uint32_t)(e);
#define LOADOP_I64(e) uint64_t a = fp[B].u64, b; memcpy(&b, mem + ea, 8); fp[A].u64 = (e);
#define LOADOP_F32(e) float a = fp[B].f32, b; memcpy(&b, mem + ea, 4); \
    slot r = {.u64 = 0}; r.f32 = (e); fp[A] = r;
#define LOADOP_F64(e) double a = fp[B].f64, b; memcpy(&b, mem + ea, 8); facc = (e); fp[A].f64 = facc;
#define LOADOP_SIZE_I32 4
#define LOADOP_SIZE_I64 8
#define LOADOP_SIZE_F32 4
#define LOADOP_SIZE_F64 8
#define LOADOP_AT(check, type, expr, then)                                    \
  {                                                                           \
    uint64_t ea = (uint64_t)fp[C].u32 + D;                                    \
    check(ea, LOADOP_SIZE_##type)                                             \
    LOADOP_##type(expr)                                                       \
    then                                                                      \
    NEXT(3);                                                                  \
  }
#define LOADOP(name, check, type, expr) op_##name: LOADOP_AT(check, type, expr, )
/* The compiler fuses only when A is not C, so ea still holds. */
#define RMW(name, check, type, expr)                                          \
  op_##name: LOADOP_AT(check, type, expr, memcpy(mem + ea, &fp[A].u64, LOADOP_SIZE_##type);)
#define LOADOP_BOTH(name, type, expr)                                         \
  BOTH(LOADOP, name##_load, type, expr) BOTH(RMW, name##_rmw, type, expr)
  HUSK_LOAD_OPERAND_OPS(LOADOP_BOTH)
#undef LOADOP_BOTH
/* The result stored back where the added operand came from (_rmw). */
#define STORE_BACK memcpy(mem + ea, &fp[A].u64, 8);
#define MADD(name, check, then, sign)                                         \
  op_##name: {                                                                \
    uint64_t ea = (uint64_t)fp[D].u32 + E;                                    \
    check(ea, 8)                                                              \
    double b; memcpy(&b, mem + ea, 8);                                        \
    fp[A].f64 = b sign fp[B].f64 * fp[C].f64;                                 \
    then                                                                      \
    NEXT(4);                                                                  \
  }
  BOTH(MADD, f64_madd_load, , +) BOTH(MADD, f64_madd_rmw, STORE_BACK, +)
  BOTH(MADD, f64_msub_rmw, STORE_BACK, -)
/* A product's loaded operand is at C + offset D, or for the _addi forms at
 * the wrapping sum (u32)(C + imm D). */
#define Y_OFFSET(base, k) ((uint64_t)(base) + (k))
#define Y_ADDI(base, k) ((uint64_t)(uint32_t)((base) + (k)))
#define MUL_ADDI(name, check, ...)                                            \
  op_##name: {                                                                \
    uint64_t ea = Y_ADDI(fp[C].u32, D);                                       \
    check(ea, 8)                                                              \
    LOADOP_F64(a * b)                                                         \
    NEXT(3);                                                                  \
  }
  BOTH(MUL_ADDI, f64_mul_load_addi, )
/* Both loads are checked before anything is written, as the two loads
 * of the instructions it replaces come before their stores. */
#define MLA_AT(check, y_at, ea_at, then)                                      \
  {                                                                           \
    uint64_t eb = y_at(fp[C].u32, D), ea = (ea_at);                           \
    check(eb, 8)                                                              \
    check(ea, 8)                                                              \
    double b, c; memcpy(&b, mem + eb, 8); memcpy(&c, mem + ea, 8);            \
    fp[A].f64 = fp[B].f64 * b + c;                                            \
    then                                                                      \
    NEXT(4);                                                                  \
  }
#define MLA(name, check, y_at, then)                                          \
  op_##name: MLA_AT(check, y_at, (uint64_t)fp[E].u32 + F, then)
  BOTH(MLA, f64_mla_load, Y_OFFSET, ) BOTH(MLA, f64_mla_rmw, Y_OFFSET, STORE_BACK)
  BOTH(MLA, f64_mla_load_addi, Y_ADDI, ) BOTH(MLA, f64_mla_rmw_addi, Y_ADDI, STORE_BACK)
/* The step goes first: C may be E, and read it stepped. */
#define MLA_STEP(name, check, ...)                                            \
  op_##name: {                                                                \
    uint32_t stepped = fp[E].u32 + F;                                         \
    fp[E].u64 = stepped;                                                      \
    MLA_AT(check, Y_ADDI, stepped, STORE_BACK)                                \
  }
  BOTH(MLA_STEP, f64_mla_rmw_step)
#undef MLA_STEP
#undef STORE_BACK
#undef MLA
#undef MLA_AT
#undef Y_OFFSET
#undef Y_ADDI
#undef MUL_ADDI
#undef MADD
#undef RMW
#undef LOADOP
#undef LOADOP_AT

op_memory_size: fp[A].u64 = inst->mem0->pages; NEXT(2);
op_memory_grow:
  fp[A].u64 = (uint32_t)memory_grow(inst->mem0, fp[B].u32);
  LOAD_MEMORY();
  NEXT(2);
op_memory_fill: {
    uint64_t d = fp[A].u32, n = fp[C].u32;
    if (d + n > mem_size) TRAP(HUSK_TRAP_MEMORY_OOB);
    memset(mem + d, (int)fp[B].u32, n);
    NEXT(3);
  }
op_memory_copy: {
    uint64_t d = fp[A].u32, src = fp[B].u32, n = fp[C].u32;
    if (d + n > mem_size || src + n > mem_size) TRAP(HUSK_TRAP_MEMORY_OOB);
    memmove(mem + d, mem + src, n);
    NEXT(3);
  }
op_memory_init: {
    const wasm_data *seg = &inst->module->wasm->datas[A];
    uint64_t d = fp[B].u32, src = fp[C].u32, n = fp[D].u32;
    uint64_t len = inst->data_dropped[A] ? 0 : seg->size;
    if (d + n > mem_size || src + n > len) TRAP(HUSK_TRAP_MEMORY_OOB);
    if (n) memcpy(mem + d, seg->bytes + src, n);
    NEXT(3);
  }
op_data_drop: inst->data_dropped[A] = true; NEXT(2);

  /* ------------------------------------------------------------ tables */
op_table_get: {
    husk_table *t = inst->tables[B];
    uint32_t i = fp[C].u32;
    if (i >= t->size) TRAP(HUSK_TRAP_TABLE_OOB);
    fp[A].ref = t->elems[i];
    NEXT(3);
  }
op_table_set: {
    husk_table *t = inst->tables[A];
    uint32_t i = fp[B].u32;
    if (i >= t->size) TRAP(HUSK_TRAP_TABLE_OOB);
    t->elems[i] = fp[C].ref;
    NEXT(3);
  }
op_table_size: fp[A].u64 = inst->tables[B]->size; NEXT(2);
op_table_grow:
  fp[A].u64 = (uint32_t)table_grow(inst->tables[B], fp[D].u32, fp[C].ref);
  NEXT(3);
op_table_fill: {
    husk_table *t = inst->tables[A];
    uint64_t i = fp[B].u32, n = fp[D].u32;
    if (i + n > t->size) TRAP(HUSK_TRAP_TABLE_OOB);
    for (uint64_t k = 0; k < n; k++) t->elems[i + k] = fp[C].ref;
    NEXT(3);
  }
op_table_copy: {
    husk_table *dt = inst->tables[A], *st = inst->tables[B];
    uint64_t d = fp[C].u32, src = fp[D].u32, n = fp[E].u32;
    if (d + n > dt->size || src + n > st->size) TRAP(HUSK_TRAP_TABLE_OOB);
    memmove(dt->elems + d, st->elems + src, n * sizeof(void *));
    NEXT(4);
  }
op_table_init: {
    husk_table *t = inst->tables[A];
    const elem_instance *seg = &inst->elems[B];
    uint64_t d = fp[C].u32, src = fp[D].u32, n = fp[E].u32;
    if (d + n > t->size || src + n > seg->count) TRAP(HUSK_TRAP_TABLE_OOB);
    if (n) memcpy(t->elems + d, seg->refs + src, n * sizeof(void *));
    NEXT(4);
  }
op_elem_drop: {
    elem_instance *seg = &inst->elems[A];
    free(seg->refs);
    seg->refs = NULL;
    seg->count = 0;
    NEXT(2);
  }

  /* ------------------------------------------------------------ limits */
op_fuel:
  if (__builtin_expect(s->fuel < A, 0)) TRAP(HUSK_TRAP_OUT_OF_FUEL);
  s->fuel -= A;
  NEXT(2);
op_check:
  if (__builtin_expect(__atomic_load_n(&s->interrupt, __ATOMIC_RELAXED), 0)) {
    __atomic_store_n(&s->interrupt, 0, __ATOMIC_RELAXED);
    TRAP(HUSK_TRAP_INTERRUPTED);
  }
  NEXT(1);

  /* ------------------------------------------------------------ numeric */
#define CMP(name, field, expr)                                                \
  op_##name: { __auto_type a = fp[B].field; __auto_type b = fp[C].field;     \
    fp[A].u64 = (expr); NEXT(3); }
  CMP(i32_eq, u32, a == b) CMP(i32_ne, u32, a != b)
  CMP(i32_lt_s, i32, a < b) CMP(i32_lt_u, u32, a < b)
  CMP(i32_gt_s, i32, a > b) CMP(i32_gt_u, u32, a > b)
  CMP(i32_le_s, i32, a <= b) CMP(i32_le_u, u32, a <= b)
  CMP(i32_ge_s, i32, a >= b) CMP(i32_ge_u, u32, a >= b)
  CMP(i64_eq, u64, a == b) CMP(i64_ne, u64, a != b)
  CMP(i64_lt_s, i64, a < b) CMP(i64_lt_u, u64, a < b)
  CMP(i64_gt_s, i64, a > b) CMP(i64_gt_u, u64, a > b)
  CMP(i64_le_s, i64, a <= b) CMP(i64_le_u, u64, a <= b)
  CMP(i64_ge_s, i64, a >= b) CMP(i64_ge_u, u64, a >= b)
  CMP(f32_eq, f32, a == b) CMP(f32_ne, f32, a != b)
  CMP(f32_lt, f32, a < b) CMP(f32_gt, f32, a > b)
  CMP(f32_le, f32, a <= b) CMP(f32_ge, f32, a >= b)
  CMP(f64_eq, f64, a == b) CMP(f64_ne, f64, a != b)
  CMP(f64_lt, f64, a < b) CMP(f64_gt, f64, a > b)
  CMP(f64_le, f64, a <= b) CMP(f64_ge, f64, a >= b)

  /* i32 results are stored zero-extended so that any slot read as u64
   * (select, copies, globals) is deterministic. Those of the ops in
   * compile.c's writes_iacc also go to the accumulator (iacc), from which
   * the _acc forms read one operand. */
#define SET_I32_AT(dst, expr) do { iacc = (uint32_t)(expr); fp[dst].u64 = iacc; } while (0)
#define SET_I32(expr) SET_I32_AT(A, expr)
#define BIN32_OF(name, la, lb, expr) op_##name: { uint32_t a = la, b = lb; SET_I32(expr); NEXT(3); }
#define BIN32(name, expr) BIN32_OF(name, fp[B].u32, fp[C].u32, expr)
#define BIN64(name, expr) op_##name: { uint64_t a = fp[B].u64, b = fp[C].u64; fp[A].u64 = (expr); NEXT(3); }
  BIN32(i32_add, a + b) BIN32(i32_sub, a - b) BIN32(i32_mul, a * b)
  BIN32(i32_and, a & b) BIN32(i32_or, a | b) BIN32(i32_xor, a ^ b)
  BIN32(i32_shl, a << (b & 31)) BIN32(i32_shr_u, a >> (b & 31))
  BIN32(i32_shr_s, (uint32_t)((int32_t)a >> (b & 31)))
  BIN32(i32_rotl, rotl32(a, b)) BIN32(i32_rotr, rotr32(a, b))
  BIN64(i64_add, a + b) BIN64(i64_sub, a - b) BIN64(i64_mul, a * b)
  BIN64(i64_and, a & b) BIN64(i64_or, a | b) BIN64(i64_xor, a ^ b)
  BIN64(i64_shl, a << (b & 63)) BIN64(i64_shr_u, a >> (b & 63))
  BIN64(i64_shr_s, (uint64_t)((int64_t)a >> (b & 63)))
  BIN64(i64_rotl, rotl64(a, b)) BIN64(i64_rotr, rotr64(a, b))

op_i32_div_s: {
    int32_t a = fp[B].i32, b = fp[C].i32;
    if (b == 0) TRAP(HUSK_TRAP_DIV_BY_ZERO);
    if (a == INT32_MIN && b == -1) TRAP(HUSK_TRAP_INT_OVERFLOW);
    fp[A].u64 = (uint32_t)(a / b); NEXT(3);
  }
op_i32_div_u: {
    uint32_t a = fp[B].u32, b = fp[C].u32;
    if (b == 0) TRAP(HUSK_TRAP_DIV_BY_ZERO);
    fp[A].u64 = a / b; NEXT(3);
  }
op_i32_rem_s: {
    int32_t a = fp[B].i32, b = fp[C].i32;
    if (b == 0) TRAP(HUSK_TRAP_DIV_BY_ZERO);
    fp[A].u64 = (b == -1) ? 0 : (uint32_t)(a % b); NEXT(3);
  }
op_i32_rem_u: {
    uint32_t a = fp[B].u32, b = fp[C].u32;
    if (b == 0) TRAP(HUSK_TRAP_DIV_BY_ZERO);
    fp[A].u64 = a % b; NEXT(3);
  }
op_i64_div_s: {
    int64_t a = fp[B].i64, b = fp[C].i64;
    if (b == 0) TRAP(HUSK_TRAP_DIV_BY_ZERO);
    if (a == INT64_MIN && b == -1) TRAP(HUSK_TRAP_INT_OVERFLOW);
    fp[A].i64 = a / b; NEXT(3);
  }
op_i64_div_u: {
    uint64_t a = fp[B].u64, b = fp[C].u64;
    if (b == 0) TRAP(HUSK_TRAP_DIV_BY_ZERO);
    fp[A].u64 = a / b; NEXT(3);
  }
op_i64_rem_s: {
    int64_t a = fp[B].i64, b = fp[C].i64;
    if (b == 0) TRAP(HUSK_TRAP_DIV_BY_ZERO);
    fp[A].i64 = (b == -1) ? 0 : a % b; NEXT(3);
  }
op_i64_rem_u: {
    uint64_t a = fp[B].u64, b = fp[C].u64;
    if (b == 0) TRAP(HUSK_TRAP_DIV_BY_ZERO);
    fp[A].u64 = a % b; NEXT(3);
  }

  /* Float results are written through a zeroed slot so the unused high half
   * of an f32 slot is deterministic too. */
#define FBIN32(name, expr) op_##name: { float a = fp[B].f32, b = fp[C].f32; slot r = {.u64 = 0}; r.f32 = (expr); fp[A] = r; NEXT(3); }
  /* f64 results also go to the accumulator (facc); the _acc forms read one
   * operand from it. */
#define FACC(name, la, lb, expr) op_##name: { double a = la, b = lb; facc = (expr); fp[A].f64 = facc; NEXT(3); }
#define FBIN64(name, expr) FACC(name, fp[B].f64, fp[C].f64, expr)
  FACC(f64_add_accb, facc, fp[C].f64, a + b) FACC(f64_add_accc, fp[B].f64, facc, a + b)
  FACC(f64_sub_accb, facc, fp[C].f64, a - b) FACC(f64_sub_accc, fp[B].f64, facc, a - b)
  FACC(f64_mul_accb, facc, fp[C].f64, a * b) FACC(f64_mul_accc, fp[B].f64, facc, a * b)
  FACC(f64_div_accb, facc, fp[C].f64, a / b) FACC(f64_div_accc, fp[B].f64, facc, a / b)
  FBIN32(f32_add, a + b) FBIN32(f32_sub, a - b) FBIN32(f32_mul, a * b)
  FBIN32(f32_div, a / b) FBIN32(f32_min, f32_min(a, b)) FBIN32(f32_max, f32_max(a, b))
  FBIN64(f64_add, a + b) FBIN64(f64_sub, a - b) FBIN64(f64_mul, a * b)
  FBIN64(f64_div, a / b) FBIN64(f64_min, f64_min(a, b)) FBIN64(f64_max, f64_max(a, b))
op_f32_copysign:
  fp[A].u64 = (fp[B].u32 & 0x7fffffffu) | (fp[C].u32 & 0x80000000u); NEXT(3);
op_f64_copysign:
  fp[A].u64 = (fp[B].u64 & 0x7fffffffffffffffull) | (fp[C].u64 & 0x8000000000000000ull); NEXT(3);

#define UN(name, expr) op_##name: { slot x = fp[B]; slot r = {.u64 = 0}; expr; fp[A] = r; NEXT(2); }
  UN(i32_eqz, r.u64 = x.u32 == 0) UN(i64_eqz, r.u64 = x.u64 == 0)
  UN(i32_clz, r.u64 = x.u32 ? (uint32_t)__builtin_clz(x.u32) : 32)
  UN(i32_ctz, r.u64 = x.u32 ? (uint32_t)__builtin_ctz(x.u32) : 32)
  UN(i32_popcnt, r.u64 = (uint32_t)__builtin_popcount(x.u32))
  UN(i64_clz, r.u64 = x.u64 ? (uint64_t)__builtin_clzll(x.u64) : 64)
  UN(i64_ctz, r.u64 = x.u64 ? (uint64_t)__builtin_ctzll(x.u64) : 64)
  UN(i64_popcnt, r.u64 = (uint64_t)__builtin_popcountll(x.u64))
  UN(f32_abs, r.u64 = x.u32 & 0x7fffffffu) UN(f32_neg, r.u64 = x.u32 ^ 0x80000000u)
  UN(f32_ceil, r.f32 = wasm_ceilf(x.f32)) UN(f32_floor, r.f32 = wasm_floorf(x.f32))
  UN(f32_trunc, r.f32 = wasm_truncf(x.f32)) UN(f32_nearest, r.f32 = wasm_nearestf(x.f32))
  UN(f32_sqrt, r.f32 = __builtin_sqrtf(x.f32))
  UN(f64_abs, r.u64 = x.u64 & 0x7fffffffffffffffull)
  UN(f64_neg, r.u64 = x.u64 ^ 0x8000000000000000ull)
  UN(f64_ceil, r.f64 = wasm_ceil(x.f64)) UN(f64_floor, r.f64 = wasm_floor(x.f64))
  UN(f64_trunc, r.f64 = wasm_trunc(x.f64)) UN(f64_nearest, r.f64 = wasm_nearest(x.f64))
  UN(f64_sqrt, r.f64 = __builtin_sqrt(x.f64))
  UN(i64_extend_i32_s, r.i64 = x.i32) UN(i64_extend_i32_u, r.u64 = x.u32)
  UN(f32_convert_i32_s, r.f32 = (float)x.i32) UN(f32_convert_i32_u, r.f32 = (float)x.u32)
  UN(f32_convert_i64_s, r.f32 = (float)x.i64) UN(f32_convert_i64_u, r.f32 = (float)x.u64)
  UN(f32_demote_f64, r.f32 = (float)x.f64)
  UN(f64_convert_i32_s, r.f64 = x.i32) UN(f64_convert_i32_u, r.f64 = x.u32)
  UN(f64_convert_i64_s, r.f64 = (double)x.i64) UN(f64_convert_i64_u, r.f64 = (double)x.u64)
  UN(f64_promote_f32, r.f64 = x.f32)
  UN(i32_extend8_s, r.u64 = (uint32_t)(int32_t)(int8_t)x.u32)
  UN(i32_extend16_s, r.u64 = (uint32_t)(int32_t)(int16_t)x.u32)
  UN(i64_extend8_s, r.i64 = (int8_t)x.u64) UN(i64_extend16_s, r.i64 = (int16_t)x.u64)
  UN(i64_extend32_s, r.i64 = (int32_t)x.u64)
  UN(i32_trunc_sat_f32_s, r.u64 = (uint32_t)sat_i32_f64(x.f32))
  UN(i32_trunc_sat_f32_u, r.u64 = sat_u32_f64(x.f32))
  UN(i32_trunc_sat_f64_s, r.u64 = (uint32_t)sat_i32_f64(x.f64))
  UN(i32_trunc_sat_f64_u, r.u64 = sat_u32_f64(x.f64))
  UN(i64_trunc_sat_f32_s, r.i64 = sat_i64_f64(x.f32))
  UN(i64_trunc_sat_f32_u, r.u64 = sat_u64_f64(x.f32))
  UN(i64_trunc_sat_f64_s, r.i64 = sat_i64_f64(x.f64))
  UN(i64_trunc_sat_f64_u, r.u64 = sat_u64_f64(x.f64))

#define TRUNC(name, from, range, to, T)                                       \
  op_##name: {                                                                \
    double x = fp[B].from;                                                    \
    if (x != x) TRAP(HUSK_TRAP_INVALID_CONVERSION);                           \
    if (!range(x)) TRAP(HUSK_TRAP_INT_OVERFLOW);                              \
    fp[A].u64 = 0; fp[A].to = (T)x; NEXT(2);                                  \
  }
  TRUNC(i32_trunc_f32_s, f32, in_i32, i32, int32_t)
  TRUNC(i32_trunc_f32_u, f32, in_u32, u32, uint32_t)
  TRUNC(i32_trunc_f64_s, f64, in_i32, i32, int32_t)
  TRUNC(i32_trunc_f64_u, f64, in_u32, u32, uint32_t)
  TRUNC(i64_trunc_f32_s, f32, in_i64, i64, int64_t)
  TRUNC(i64_trunc_f32_u, f32, in_u64, u64, uint64_t)
  TRUNC(i64_trunc_f64_s, f64, in_i64, i64, int64_t)
  TRUNC(i64_trunc_f64_u, f64, in_u64, u64, uint64_t)

  /* ------------------------------------------------------------ fused */
op_f64_mul_add: facc = fp[B].f64 * fp[C].f64 + fp[D].f64; fp[A].f64 = facc; NEXT(3);
op_f64_add_mul: facc = fp[D].f64 + fp[B].f64 * fp[C].f64; fp[A].f64 = facc; NEXT(3);
op_f64_mul_sub: facc = fp[B].f64 * fp[C].f64 - fp[D].f64; fp[A].f64 = facc; NEXT(3);
op_f64_sub_mul: facc = fp[D].f64 - fp[B].f64 * fp[C].f64; fp[A].f64 = facc; NEXT(3);
op_i32_sadd: SET_I32(fp[B].u32 * C + fp[D].u32); NEXT(3);
op_i32_saddi: SET_I32(fp[B].u32 * C + D); NEXT(3);
op_i32_mul_add: SET_I32(fp[B].u32 * fp[C].u32 + fp[D].u32); NEXT(3);
op_i64_mul_add: fp[A].u64 = fp[B].u64 * fp[C].u64 + fp[D].u64; NEXT(3);
op_i32_add3: SET_I32(fp[B].u32 + fp[C].u32 + fp[D].u32); NEXT(3);
op_i32_add_addi: SET_I32(fp[B].u32 + C + fp[D].u32); NEXT(3);
op_i32_shr_u_xor: SET_I32((fp[B].u32 >> (C & 31)) ^ fp[D].u32); NEXT(3);
op_i32_shl_xor: SET_I32((fp[B].u32 << (C & 31)) ^ fp[D].u32); NEXT(3);
op_i32_shr_u_or: SET_I32((fp[B].u32 >> (C & 31)) | fp[D].u32); NEXT(3);
op_i32_shl_or: SET_I32((fp[B].u32 << (C & 31)) | fp[D].u32); NEXT(3);
op_i32_rotl_xor: SET_I32(rotl32(fp[B].u32, fp[C].u32) ^ fp[D].u32); NEXT(3);
op_i32_rotr_xor: SET_I32(rotr32(fp[B].u32, fp[C].u32) ^ fp[D].u32); NEXT(3);
op_i32_funnel: SET_I32((fp[B].u32 << (C & 31)) | (fp[D].u32 >> (E & 31))); NEXT(4);
op_i32_shr_u_and: SET_I32((fp[B].u32 >> (C & 31)) & D); NEXT(3);
op_i32_shr_s_and: SET_I32((fp[B].i32 >> (C & 31)) & D); NEXT(3);

  /* The i32 accumulator forms (ops.h): one operand from iacc, which the
   * instruction right before wrote (compile.c, take_accumulator). */
  BIN32_OF(i32_add_accb, iacc, fp[C].u32, a + b) BIN32_OF(i32_add_accc, fp[B].u32, iacc, a + b)
  BIN32_OF(i32_sub_accb, iacc, fp[C].u32, a - b) BIN32_OF(i32_sub_accc, fp[B].u32, iacc, a - b)
  BIN32_OF(i32_and_accb, iacc, fp[C].u32, a & b) BIN32_OF(i32_and_accc, fp[B].u32, iacc, a & b)
  BIN32_OF(i32_or_accb, iacc, fp[C].u32, a | b) BIN32_OF(i32_or_accc, fp[B].u32, iacc, a | b)
  BIN32_OF(i32_xor_accb, iacc, fp[C].u32, a ^ b) BIN32_OF(i32_xor_accc, fp[B].u32, iacc, a ^ b)
  BIN32_OF(i32_add_imm_acc, iacc, C, a + b) BIN32_OF(i32_mul_imm_acc, iacc, C, a * b)
  BIN32_OF(i32_and_imm_acc, iacc, C, a & b) BIN32_OF(i32_or_imm_acc, iacc, C, a | b)
  BIN32_OF(i32_xor_imm_acc, iacc, C, a ^ b) BIN32_OF(i32_shl_imm_acc, iacc, C, a << (b & 31))
  BIN32_OF(i32_shr_u_imm_acc, iacc, C, a >> (b & 31))
op_i32_sadd_accb: SET_I32(iacc * C + fp[D].u32); NEXT(3);
op_i32_saddi_accb: SET_I32(iacc * C + D); NEXT(3);
op_i32_funnel_accb: SET_I32((iacc << (C & 31)) | (fp[D].u32 >> (E & 31))); NEXT(4);
op_i32_add3_accd: SET_I32(fp[B].u32 + fp[C].u32 + iacc); NEXT(3);
op_i32_rotl_xor_accd: SET_I32(rotl32(fp[B].u32, fp[C].u32) ^ iacc); NEXT(3);
op_i32_shr_u_xor_accd: SET_I32((fp[B].u32 >> (C & 31)) ^ iacc); NEXT(3);
op_i32_shl_xor_accd: SET_I32((fp[B].u32 << (C & 31)) ^ iacc); NEXT(3);

#define BRCMP(name, field, cmp)                                               \
  op_br_##name: if (fp[B].field cmp fp[C].field) { pc += SA; DISPATCH(); } NEXT(3);
  BRCMP(i32_eq, u32, ==) BRCMP(i32_ne, u32, !=)
  BRCMP(i32_lt_s, i32, <) BRCMP(i32_lt_u, u32, <) BRCMP(i32_gt_s, i32, >)
  BRCMP(i32_gt_u, u32, >) BRCMP(i32_le_s, i32, <=) BRCMP(i32_le_u, u32, <=)
  BRCMP(i32_ge_s, i32, >=) BRCMP(i32_ge_u, u32, >=)
  BRCMP(i64_eq, u64, ==) BRCMP(i64_ne, u64, !=)
  BRCMP(i64_lt_s, i64, <) BRCMP(i64_lt_u, u64, <) BRCMP(i64_gt_s, i64, >)
  BRCMP(i64_gt_u, u64, >) BRCMP(i64_le_s, i64, <=) BRCMP(i64_le_u, u64, <=)
  BRCMP(i64_ge_s, i64, >=) BRCMP(i64_ge_u, u64, >=)
  BRCMP(f32_eq, f32, ==) BRCMP(f32_ne, f32, !=) BRCMP(f32_lt, f32, <)
  BRCMP(f32_gt, f32, >) BRCMP(f32_le, f32, <=) BRCMP(f32_ge, f32, >=)
  BRCMP(f64_eq, f64, ==) BRCMP(f64_ne, f64, !=) BRCMP(f64_lt, f64, <)
  BRCMP(f64_gt, f64, >) BRCMP(f64_le, f64, <=) BRCMP(f64_ge, f64, >=)

#define BRCMPI(name, T, cmp)                                                  \
  op_br_##name##_imm: if ((T)fp[B].u32 cmp (T)C) { pc += SA; DISPATCH(); } NEXT(3);
  BRCMPI(i32_eq, uint32_t, ==) BRCMPI(i32_ne, uint32_t, !=)
  BRCMPI(i32_lt_s, int32_t, <) BRCMPI(i32_lt_u, uint32_t, <)
  BRCMPI(i32_gt_s, int32_t, >) BRCMPI(i32_gt_u, uint32_t, >)
  BRCMPI(i32_le_s, int32_t, <=) BRCMPI(i32_le_u, uint32_t, <=)
  BRCMPI(i32_ge_s, int32_t, >=) BRCMPI(i32_ge_u, uint32_t, >=)

#define ADDBR(name, T, cmp)                                                   \
  op_add_br_##name##_imm: {                                                   \
    uint32_t v = fp[D].u32 + E;                                               \
    fp[B].u64 = v;                                                            \
    if ((T)v cmp (T)C) { pc += SA; DISPATCH(); }                            \
    NEXT(4);                                                                  \
  }
  ADDBR(i32_eq, uint32_t, ==) ADDBR(i32_ne, uint32_t, !=)
  ADDBR(i32_lt_s, int32_t, <) ADDBR(i32_lt_u, uint32_t, <)
  ADDBR(i32_gt_s, int32_t, >) ADDBR(i32_gt_u, uint32_t, >)
  ADDBR(i32_le_s, int32_t, <=) ADDBR(i32_le_u, uint32_t, <=)
  ADDBR(i32_ge_s, int32_t, >=) ADDBR(i32_ge_u, uint32_t, >=)

#define IMM(name, expr) op_##name##_imm: { uint32_t a = fp[B].u32, b = C; SET_I32(expr); NEXT(3); }
#define IMMS(name, expr) op_##name##_imm: { int32_t a = fp[B].i32, b = (int32_t)C; SET_I32(expr); NEXT(3); }
  IMM(i32_add, a + b) IMM(i32_mul, a * b)
  IMM(i32_and, a & b) IMM(i32_or, a | b) IMM(i32_xor, a ^ b)
  IMM(i32_shl, a << (b & 31)) IMM(i32_shr_u, a >> (b & 31))
  IMM(i32_shr_s, (uint32_t)((int32_t)a >> (b & 31)))
  IMM(i32_eq, a == b) IMM(i32_ne, a != b)
  IMMS(i32_lt_s, a < b) IMM(i32_lt_u, a < b) IMMS(i32_gt_s, a > b) IMM(i32_gt_u, a > b)
  IMMS(i32_le_s, a <= b) IMM(i32_le_u, a <= b) IMMS(i32_ge_s, a >= b) IMM(i32_ge_u, a >= b)

  /* ------------------------------------------------------------ bundles */
  /* Last, so that the handlers every module uses stay close together. */
/* ops.h: each half does what its instruction does, with operands
 * x, y, z (A, B, C for the first half, D, E, F for the second). A branch
 * offset is relative to the bundle, which starts where its first half did:
 * a taken branch in the first half skips the second. */
#define HALF_copy(check, x, y, z) fp[x] = fp[y];
#define HALF_const32(check, x, y, z) fp[x].u64 = (y);
#define HALF_i32_add(check, x, y, z) SET_I32_AT(x, fp[y].u32 + fp[z].u32);
#define HALF_i32_add_imm(check, x, y, z) SET_I32_AT(x, fp[y].u32 + (z));
#define HALF_i32_and_imm(check, x, y, z) SET_I32_AT(x, fp[y].u32 & (z));
#define HALF_i32_shr_u_imm(check, x, y, z) SET_I32_AT(x, fp[y].u32 >> ((z) & 31));
#define HALF_i32_xor(check, x, y, z) SET_I32_AT(x, fp[y].u32 ^ fp[z].u32);
#define HALF_br_if(check, x, y, z) if (fp[x].u32) { pc += (int32_t)(y); DISPATCH(); }
#define HALF_br_unless(check, x, y, z) if (!fp[x].u32) { pc += (int32_t)(y); DISPATCH(); }
#define HALF_br_i32_eq_imm(check, x, y, z) if (fp[y].u32 == (z)) { pc += (int32_t)(x); DISPATCH(); }
#define HALF_br_i32_ne_imm(check, x, y, z) if (fp[y].u32 != (z)) { pc += (int32_t)(x); DISPATCH(); }
#define HALF_load32(check, x, y, z)                                           \
  LOAD_INTO(x, (uint64_t)fp[y].u32 + (z), check, 4, uint32_t, u64, (uint64_t))
#define HALF_i32_load8_u(check, x, y, z)                                      \
  LOAD_INTO(x, (uint64_t)fp[y].u32 + (z), check, 1, uint8_t, u64, (uint64_t))
#define HALF_i32_load16_u(check, x, y, z)                                     \
  LOAD_INTO(x, (uint64_t)fp[y].u32 + (z), check, 2, uint16_t, u64, (uint64_t))
#define HALF_store32(check, x, y, z) STORE_INTO((uint64_t)fp[x].u32 + (z), check, 4, fp[y].u64)
#define BUNDLE(name, check, first, second)                                    \
  op_##name: HALF_##first(check, A, B, C) HALF_##second(check, D, E, F) NEXT(4);
#define PURE_BUNDLE(first, second) BUNDLE(first##__##second, GUARDED, first, second)
#define MEMORY_BUNDLE(first, second) BOTH(BUNDLE, first##__##second, first, second)
  HUSK_BUNDLE_OPS(PURE_BUNDLE)
  HUSK_MEMORY_BUNDLE_OPS(MEMORY_BUNDLE)
#undef MEMORY_BUNDLE
#undef PURE_BUNDLE
#undef BUNDLE
#undef STORE_INTO
#undef LOAD_INTO
#undef BOTH
#undef CHECKED
#undef GUARDED

trap: {
    husk_trap *t = host_trap;
    if (!t && (trap_code == HUSK_TRAP_UNDEFINED_ELEMENT || trap_code == HUSK_TRAP_UNINITIALIZED_ELEMENT)) {
      char msg[64];
      snprintf(msg, sizeof msg, "%s %u", trap_code_message(trap_code), trap_index);
      t = trap_new(trap_code, msg);
    } else if (!t) {
      t = trap_new(trap_code, NULL);
    }
    trap_add_frames(t, s, entry_depth);
    s->depth = entry_depth;
    return t;
  }
}

void interp_labels(const void *labels[OP_COUNT]) {
  run(NULL, NULL, NULL, NULL, labels);
}

/* With guard pages, an out-of-bounds access in run() faults and the handler
 * (guard.c) jumps back here; run()'s frame is abandoned, which is safe
 * because it holds nothing that is not also in the store. The sigsetjmp is
 * here rather than in run() so that run()'s register allocation does not
 * suffer from a returns-twice call. */
husk_trap *interp_call(husk_store *s, husk_func *func, slot *fp) {
  if (!s->engine->config.guard_pages) return run(s, func->code, func->instance, fp, NULL);
  guard_scope scope;
  const uint32_t depth = s->depth;
  slot *const sp = s->sp;
  guard_push(&scope, s);
  if (sigsetjmp(scope.jump, 0)) {
    guard_pop(&scope);
    husk_trap *t = trap_new(HUSK_TRAP_MEMORY_OOB, NULL);
    trap_add_frames(t, s, depth);
    s->depth = depth;
    s->sp = sp;
    return t;
  }
  husk_trap *t = run(s, func->code, func->instance, fp, NULL);
  guard_pop(&scope);
  return t;
}
