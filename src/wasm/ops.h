/*
 * ops.h - the internal instruction set.
 *
 * Operands are frame-slot indices (A, B, C, D: the 32-bit halves of the
 * cells after the handler) unless noted. Branch offsets are in cells,
 * relative to the start of the branching instruction. The number after each
 * name is the instruction's length in cells; compile.c and interp.c both rely
 * on it, so it lives only here.
 */
#ifndef HUSK_WASM_OPS_H
#define HUSK_WASM_OPS_H

/* X(name, cells, operand kinds (opinfo.h)) */
#define HUSK_CONTROL_OPS(X)                                                   \
  X(unreachable, 1, "")                                                       \
  X(jump, 2, "o")              /* A: offset */                                \
  X(br_if, 2, "so")            /* A: i32 condition, B: offset */              \
  X(br_unless, 2, "so")                                                       \
  X(br_any_imm, 3, "osi")      /* if B & imm C is not 0, jump A */            \
  X(br_none_imm, 3, "osi")     /* if B & imm C is 0, jump A */                \
  X(br_table, 2, "sn")         /* A: index, B: n; n+1 offset cells */         \
  X(br_table_acc, 2, "sn")     /* the same, the index from the register */  \
  X(copy, 2, "ss")             /* A <- B */                                   \
  X(copy2, 3, "ssss")          /* A <- B, then C <- D: two copies in a row */ \
  X(copy_jump, 3, "oiss")      /* C <- D, then jump A: a loop's back edge */  \
  X(const, 3, "s")             /* A <- 64-bit immediate in cell 2 */          \
  X(const32, 2, "si")          /* A <- immediate B, zero-extended */          \
  X(select, 3, "ssss")         /* A <- B ? C : D */                           \
  X(select_i64, 3, "ssss")     /* the same with B an i64 (an i64.eqz's operand) */ \
  X(call, 3, "F0b")            /* cell 1: callee, cell 2 lo: frame base */    \
  X(call_import, 2, "Ib")      /* A: function index, B: base */               \
  X(call_indirect, 3, "TRsb")  /* A: type, B: table, C: index, D: base */     \
  X(ret, 1, "")                                                               \
  X(ret1, 2, "s")              /* slot 0 <- A, then return */                 \
  X(global_get, 2, "sg")       /* A <- global B */                            \
  X(global_set, 2, "gs")       /* global A <- B */                            \
  /* A <- B + imm C, then global D <- A: a stack pointer's step */             \
  X(global_set_addi, 3, "ssig")                                               \
  X(ref_is_null, 2, "ss")                                                     \
  X(ref_func, 2, "sf")         /* A <- funcref of function B */               \
  X(memory_size, 2, "Ms")                                                     \
  X(memory_grow, 2, "Mss")     /* A <- grow(B) */                             \
  X(memory_fill, 3, "Msss")    /* A: dest, B: value, C: length */             \
  X(memory_copy, 3, "Msss")    /* A: dest, B: source, C: length */            \
  X(memory_init, 3, "Mdsss")   /* A: segment, B: dest, C: src, D: len */      \
  X(data_drop, 2, "d")         /* A: segment */                               \
  X(table_get, 3, "sts")       /* A <- table B [C] */                         \
  X(table_set, 3, "tss")       /* table A [B] <- C */                         \
  X(table_size, 2, "st")       /* A <- size of table B */                     \
  X(table_grow, 3, "stss")     /* A <- grow table B by D with C */            \
  X(table_fill, 3, "tsss")     /* table A, start B, value C, length D */      \
  X(table_copy, 4, "ttsss")    /* tables A <- B: C dest, D src, E len */      \
  X(table_init, 4, "tesss")    /* table A, segment B, C dest, D src, E len */ \
  X(elem_drop, 2, "e")                                                        \
  X(fuel, 2, "i")              /* charge A units of fuel, trap when short */  \
  X(check, 1, "")              /* trap if the store was interrupted */

/* Loads: A <- memory[B + C], C the static offset. Stores: memory[A + C] <- B.
 * X(name, cells, operand kinds (opinfo.h)). Each exists twice: `name` relies
 * on the memory's guard region to fault on an out-of-bounds address (see
 * guard.c), `name_checked` compares with the memory's size first. Which
 * family a module uses is the engine's husk_config_guard_pages setting. */
#define HUSK_MEMORY_OPS(X)                                                    \
  X(load32, 3, "Mss") X(load64, 3, "Mss")                                     \
  X(i32_load8_s, 3, "Mss") X(i32_load8_u, 3, "Mss")                           \
  X(i32_load16_s, 3, "Mss") X(i32_load16_u, 3, "Mss")                         \
  X(i64_load8_s, 3, "Mss") X(i64_load8_u, 3, "Mss")                           \
  X(i64_load16_s, 3, "Mss") X(i64_load16_u, 3, "Mss")                         \
  X(i64_load32_s, 3, "Mss") X(i64_load32_u, 3, "Mss")                         \
  X(store8, 3, "Mss") X(store16, 3, "Mss") X(store32, 3, "Mss")               \
  X(store64, 3, "Mss")                                                        \
  /* Fused with the i32.add computing the address (wrapping, as in Wasm): */  \
  /* A <- memory[(u32)(B + C) + D] and A <- memory[(u32)(B + imm C) + D]. */  \
  /* Each family has the six loads of address_loads (compile.c), in order: */ \
  /* i32/f32, i64/f64, then the i32 loads of 8 and 16 bits. */               \
  X(load32_add, 3, "Msss") X(load64_add, 3, "Msss") X(load8_u_add, 3, "Msss") \
  X(load8_s_add, 3, "Msss") X(load16_u_add, 3, "Msss")                        \
  X(load16_s_add, 3, "Msss")                                                  \
  X(load32_addi, 3, "Mss") X(load64_addi, 3, "Mss") X(load8_u_addi, 3, "Mss") \
  X(load8_s_addi, 3, "Mss") X(load16_u_addi, 3, "Mss")                        \
  X(load16_s_addi, 3, "Mss")                                                  \
  /* ... and with the i32.shl/i32.mul by a constant scaling an index: */      \
  /* A <- memory[(u32)(B * imm C + D) + E] and ... + imm D) + E]. 4 cells. */ \
  X(load32_sadd, 4, "Mssis") X(load64_sadd, 4, "Mssis")                       \
  X(load8_u_sadd, 4, "Mssis") X(load8_s_sadd, 4, "Mssis")                     \
  X(load16_u_sadd, 4, "Mssis") X(load16_s_sadd, 4, "Mssis")                   \
  X(load32_saddi, 4, "Mss") X(load64_saddi, 4, "Mss") X(load8_u_saddi, 4, "Mss") \
  X(load8_s_saddi, 4, "Mss") X(load16_u_saddi, 4, "Mss")                      \
  X(load16_s_saddi, 4, "Mss")                                                 \
  /* Stores fused with the i32.add computing their address, likewise: */    \
  /* memory[(u32)(A + D) + C] <- B and memory[(u32)(A + imm D) + C] <- B. */ \
  X(store8_add, 3, "Mssis") X(store32_add, 3, "Mssis")                        \
  X(store64_add, 3, "Mssis")                                                  \
  X(store8_addi, 3, "Mss") X(store32_addi, 3, "Mss") X(store64_addi, 3, "Mss") \
  /* An i32 store of the i32.add (or sub) of an immediate just computed: */   \
  /* memory[A + C] <- (u32)(B + imm D), as in *p = x + 1 (v: value). */      \
  X(store32_vaddi, 3, "Mss")                                                  \
  /* A store of the value the load just before it read, at the same width */ \
  /* (a copy from memory to memory, as in memcpy's loops and struct copies): */ \
  /* memory[(u32)(A + imm C) + E] <- memory[(u32)(B + imm D) + F], each add */ \
  /* 0 unless the address came from an add of an immediate. 4 cells. */       \
  X(move8, 4, "Mss") X(move16, 4, "Mss") X(move32, 4, "Mss") X(move64, 4, "Mss") \
  /* memcpy's unaligned word: E <- memory[(u32)(B + imm D)], then */         \
  /* memory[(u32)(A + imm C)] <- F << s | G >> t, G in cell 4 and the */     \
  /* shifts in H, s in its low byte and t in the next (each below 32). */    \
  /* 5 cells. */                                                              \
  X(move32_funnel, 5, "Mssiisssi")                                            \
  /* An f64.mul feeding the f64.add of a loaded operand (f64_add_load), */   \
  /* A <- B * C + memory[D + E], and its read-modify-write (f64_add_rmw */   \
  /* below), which also stores A there: c[j] += a * b[j]. 4 cells. */        \
  X(f64_madd_load, 4, "Mssss") X(f64_madd_rmw, 4, "Mssss")                   \
  /* memory[D + E] <- A <- memory[D + E] - B * C: v -= d * m. 4 cells. */     \
  X(f64_msub_rmw, 4, "Mssss")                                                 \
  /* The same with the product's right operand loaded too (f64_mul_load): */ \
  /* A <- B * memory[C + D] + memory[E + F], and its read-modify-write of */ \
  /* memory[E + F]. 4 cells. */                                              \
  X(f64_mla_load, 4, "Msssis") X(f64_mla_rmw, 4, "Msssis")                   \
  /* The product's right operand loaded from (u32)(C + imm D), the i32.add */ \
  /* of a constant that load64_addi takes in (with no static offset of its */ \
  /* own; the add wraps, as in Wasm): A <- B * memory[(u32)(C + imm D)] */  \
  /* (3 cells), and the two forms above with that operand. */               \
  X(f64_mul_load_addi, 3, "Mssi")                                             \
  X(f64_mla_load_addi, 4, "Msssis") X(f64_mla_rmw_addi, 4, "Msssis")          \
  /* f64_mla_rmw_addi at memory[E] after E <- E + imm F (the step of the */  \
  /* address an unrolled c[j] += a * b[j] makes, taken in). 4 cells. */     \
  X(f64_mla_rmw_step, 4, "Msssisi")                                            \
  /* Loads whose address (load32, i32.load8_u, _addi) or scaled index */     \
  /* (_saddi) B is the last i32 result, read from its register (the i32 */   \
  /* accumulator, below). */                                                 \
  X(load32_acc, 3, "Mss") X(i32_load8_u_acc, 3, "Mss")                        \
  X(load32_addi_acc, 3, "Mss") X(load8_u_addi_acc, 3, "Mss")                  \
  X(load32_saddi_acc, 4, "Mss")

/* A binary operator whose right operand is loaded from memory, fused with
 * the load32/load64 just before it: A <- B op memory[C + D], D the static
 * offset. Memory ops like the above (guarded and _checked forms).
 * X(operator, type of the operands, expression of a and b). */
#define HUSK_LOAD_OPERAND_OPS(X)                                              \
  X(i32_add, I32, a + b) X(i32_sub, I32, a - b) X(i32_mul, I32, a * b)        \
  X(i32_and, I32, a & b) X(i32_or, I32, a | b) X(i32_xor, I32, a ^ b)         \
  X(i64_add, I64, a + b) X(i64_sub, I64, a - b) X(i64_mul, I64, a * b)        \
  X(i64_and, I64, a & b) X(i64_or, I64, a | b) X(i64_xor, I64, a ^ b)         \
  X(f32_add, F32, a + b) X(f32_sub, F32, a - b) X(f32_mul, F32, a * b)        \
  X(f32_div, F32, a / b)                                                      \
  X(f64_add, F64, a + b) X(f64_sub, F64, a - b) X(f64_mul, F64, a * b)        \
  X(f64_div, F64, a / b)

/* Each of those also exists as a read-modify-write, fused with the store of
 * its result back to the address it loaded from ("_rmw": memory[C + D] op=
 * B, the result also in A), as in x[i] += y. The store has the load's width
 * and address, so the load's bounds check covers both. */

/* Numeric operators: binary ones are A <- B op C (3 cells), unary ones
 * A <- op B (2 cells). */
#define HUSK_BINARY_OPS(X)                                                    \
  X(i32_eq) X(i32_ne) X(i32_lt_s) X(i32_lt_u) X(i32_gt_s) X(i32_gt_u)         \
  X(i32_le_s) X(i32_le_u) X(i32_ge_s) X(i32_ge_u)                             \
  X(i64_eq) X(i64_ne) X(i64_lt_s) X(i64_lt_u) X(i64_gt_s) X(i64_gt_u)         \
  X(i64_le_s) X(i64_le_u) X(i64_ge_s) X(i64_ge_u)                             \
  X(f32_eq) X(f32_ne) X(f32_lt) X(f32_gt) X(f32_le) X(f32_ge)                 \
  X(f64_eq) X(f64_ne) X(f64_lt) X(f64_gt) X(f64_le) X(f64_ge)                 \
  X(i32_add) X(i32_sub) X(i32_mul) X(i32_div_s) X(i32_div_u) X(i32_rem_s)     \
  X(i32_rem_u) X(i32_and) X(i32_or) X(i32_xor) X(i32_shl) X(i32_shr_s)        \
  X(i32_shr_u) X(i32_rotl) X(i32_rotr)                                        \
  X(i64_add) X(i64_sub) X(i64_mul) X(i64_div_s) X(i64_div_u) X(i64_rem_s)     \
  X(i64_rem_u) X(i64_and) X(i64_or) X(i64_xor) X(i64_shl) X(i64_shr_s)        \
  X(i64_shr_u) X(i64_rotl) X(i64_rotr)                                        \
  X(f32_add) X(f32_sub) X(f32_mul) X(f32_div) X(f32_min) X(f32_max)           \
  X(f32_copysign)                                                             \
  X(f64_add) X(f64_sub) X(f64_mul) X(f64_div) X(f64_min) X(f64_max)           \
  X(f64_copysign)

#define HUSK_UNARY_OPS(X)                                                     \
  X(i32_eqz) X(i64_eqz)                                                       \
  X(i32_clz) X(i32_ctz) X(i32_popcnt) X(i64_clz) X(i64_ctz) X(i64_popcnt)     \
  X(f32_abs) X(f32_neg) X(f32_ceil) X(f32_floor) X(f32_trunc) X(f32_nearest)  \
  X(f32_sqrt)                                                                 \
  X(f64_abs) X(f64_neg) X(f64_ceil) X(f64_floor) X(f64_trunc) X(f64_nearest)  \
  X(f64_sqrt)                                                                 \
  X(i32_trunc_f32_s) X(i32_trunc_f32_u) X(i32_trunc_f64_s) X(i32_trunc_f64_u) \
  X(i64_extend_i32_s) X(i64_extend_i32_u)                                     \
  X(i64_trunc_f32_s) X(i64_trunc_f32_u) X(i64_trunc_f64_s) X(i64_trunc_f64_u) \
  X(f32_convert_i32_s) X(f32_convert_i32_u) X(f32_convert_i64_s)              \
  X(f32_convert_i64_u) X(f32_demote_f64)                                      \
  X(f64_convert_i32_s) X(f64_convert_i32_u) X(f64_convert_i64_s)              \
  X(f64_convert_i64_u) X(f64_promote_f32)                                     \
  X(i32_extend8_s) X(i32_extend16_s)                                          \
  X(i64_extend8_s) X(i64_extend16_s) X(i64_extend32_s)                        \
  X(i32_trunc_sat_f32_s) X(i32_trunc_sat_f32_u) X(i32_trunc_sat_f64_s)        \
  X(i32_trunc_sat_f64_u) X(i64_trunc_sat_f32_s) X(i64_trunc_sat_f32_u)        \
  X(i64_trunc_sat_f64_s) X(i64_trunc_sat_f64_u)

/* Fused forms chosen by the translator (measured in bench/): a compare and
 * a branch in one dispatch ("br_<cmp> B, C -> offset A"), and binary
 * operators whose right operand is an immediate in cell 2's high half
 * ("A <- B op imm"). */
#define HUSK_BRANCH_CMP_OPS(X)                                                \
  X(i32_eq) X(i32_ne) X(i32_lt_s) X(i32_lt_u) X(i32_gt_s) X(i32_gt_u)         \
  X(i32_le_s) X(i32_le_u) X(i32_ge_s) X(i32_ge_u)                             \
  X(i64_eq) X(i64_ne) X(i64_lt_s) X(i64_lt_u) X(i64_gt_s) X(i64_gt_u)         \
  X(i64_le_s) X(i64_le_u) X(i64_ge_s) X(i64_ge_u)                             \
  X(f32_eq) X(f32_ne) X(f32_lt) X(f32_gt) X(f32_le) X(f32_ge)                 \
  X(f64_eq) X(f64_ne) X(f64_lt) X(f64_gt) X(f64_le) X(f64_ge)

/* Compare with an immediate and branch: "br_<cmp>_imm B, imm C -> A". */
#define HUSK_BRANCH_CMP_IMM_OPS(X)                                            \
  X(i32_eq) X(i32_ne) X(i32_lt_s) X(i32_lt_u) X(i32_gt_s) X(i32_gt_u)         \
  X(i32_le_s) X(i32_le_u) X(i32_ge_s) X(i32_ge_u)

/* A loop counter's step fused with the compare-immediate branch testing it:
 * "add_br_<cmp>_imm": B <- D + imm E, then branch to A if B <cmp> imm C.
 * 4 cells. Same compares as HUSK_BRANCH_CMP_IMM_OPS, in the same order. */
#define HUSK_ADD_BRANCH_OPS(X) HUSK_BRANCH_CMP_IMM_OPS(X)

/* Two numeric operators in one instruction. A multiply whose result feeds
 * the add or sub right after it. f64, as in x * y + z: A <- B * C + D,
 * A <- D + B * C, A <- B * C - D and A <- D - B * C, rounded twice as the
 * two instructions are (no FMA). i32, an index scaled by a constant (i32.shl
 * or i32.mul by imm C) and added: A <- B * C + D, and A <- B * C + imm D;
 * and the i32 pairs of compile.c's int_pairs: A <- (B op C) op' D, where
 * op' commutes, C an immediate after a shift or an add of one: products
 * accumulated, sums of three, hash steps (x >> k ^ y, rotl(x, k) ^ y). A
 * bit field, a shift by a constant then a mask: A <- (B >> imm C) & imm D,
 * logical or arithmetic. Then the forms of the f64 and i32 accumulators. */
#define HUSK_PAIR_OPS(X)                                                      \
  X(f64_mul_add, 3, "ssss") X(f64_add_mul, 3, "ssss")                         \
  X(f64_mul_sub, 3, "ssss") X(f64_sub_mul, 3, "ssss")                         \
  X(i32_sadd, 3, "ssis") X(i32_saddi, 3, "ss")                                \
  /* a quotient by an int converted: A <- B / (f64)(i32)C, as 1.0 / n */     \
  X(f64_div_i32, 3, "sss")                                                    \
  X(i32_mul_add, 3, "ssss") X(i64_mul_add, 3, "ssss") X(i32_add3, 3, "ssss") X(i32_add_addi, 3, "ssis") \
  X(i32_shr_u_xor, 3, "ssis") X(i32_shl_xor, 3, "ssis")                       \
  X(i32_shr_u_or, 3, "ssis") X(i32_shl_or, 3, "ssis")                         \
  /* a rotate feeding a xor, as hashes mix: A <- rotl(B, C) ^ D, rotr */     \
  X(i32_rotl_xor, 3, "ssss") X(i32_rotr_xor, 3, "ssss")                       \
  /* a word joined from two shifted ones, as memcpy joins unaligned */       \
  /* words: A <- (B << imm C) | (D >> imm E), logical. 4 cells */            \
  X(i32_funnel, 4, "ssisi")                                                   \
  X(i32_shr_u_and, 3, "ss") X(i32_shr_s_and, 3, "ss")                        \
  /* i32 forms reading one operand from the register holding the last */    \
  /* i32 result (compile.c, writes_iacc), which the instruction before */    \
  /* computed: B (_accb, or _acc when it is the only slot), C or D. */        \
  /* writes_iacc takes i32_add3 to i32_shl_xor_accd as one range. */         \
  X(i32_add_accb, 3, "sss") X(i32_add_accc, 3, "sss")                        \
  X(i32_sub_accb, 3, "sss") X(i32_sub_accc, 3, "sss")                        \
  X(i32_and_accb, 3, "sss") X(i32_and_accc, 3, "sss")                        \
  X(i32_or_accb, 3, "sss") X(i32_or_accc, 3, "sss")                          \
  X(i32_xor_accb, 3, "sss") X(i32_xor_accc, 3, "sss")                        \
  X(i32_add_imm_acc, 3, "ssi") X(i32_mul_imm_acc, 3, "ssi")                  \
  X(i32_and_imm_acc, 3, "ssi") X(i32_or_imm_acc, 3, "ssi")                   \
  X(i32_xor_imm_acc, 3, "ssi") X(i32_shl_imm_acc, 3, "ssi")                  \
  X(i32_shr_u_imm_acc, 3, "ssi")                                              \
  X(i32_sadd_accb, 3, "ssis") X(i32_saddi_accb, 3, "ss")                     \
  X(i32_funnel_accb, 4, "ssisi") X(i32_add3_accd, 3, "ssss")                 \
  X(i32_rotl_xor_accd, 3, "ssss") X(i32_shr_u_xor_accd, 3, "ssis")           \
  X(i32_shl_xor_accd, 3, "ssis")                                              \
  X(ret1_acc, 2, "s")          /* slot 0 <- the register, then return */     \
  /* f64 op with operand B (_accb) or C (_accc) taken from the register */  \
  /* holding the last f64 result, which the instruction before computed */  \
  X(f64_add_accb, 3, "sss") X(f64_add_accc, 3, "sss")                        \
  X(f64_sub_accb, 3, "sss") X(f64_sub_accc, 3, "sss")                        \
  X(f64_mul_accb, 3, "sss") X(f64_mul_accc, 3, "sss")                        \
  X(f64_div_accb, 3, "sss") X(f64_div_accc, 3, "sss")                        \
  /* G (cell 4) move8s in a row, the k-th (from 0) moving byte */             \
  /* (u32)(B + imm D + k) + F to (u32)(A + imm C + k) + E, in that order, */   \
  /* as memcpy's byte loops do; _down: - k, as memmove's backward loops. */  \
  /* Checked whatever the engine's kind. */                                  \
  X(move8_run, 5, "Mss") X(move8_run_down, 5, "Mss")                         \
  /* memmove's and memcpy's byte loops in one dispatch (compile.c: */        \
  /* fuse_move_loops): HUSK_MOVE_LOOPS' first instruction of the turn, */    \
  /* with its operands, which with the two after it (never dispatched) */    \
  /* runs until the last one's branch back to it would not be taken. */     \
  X(move8_loop_down, 4, "ssssss") X(move8_loop_up, 5, "Mss")               \
  /* memcpy's word loop for a source 1-3 bytes off its destination's */     \
  /* alignment: the sums, four move32_funnels, the index's and the */        \
  /* count's steps. Checked whatever the engine's kind. */                   \
  X(move32_funnel_loop, 4, "ssssss")                                         \
  /* memcpy's and memmove's word loops for aligned data: k moves of a */     \
  /* width in a row at the two addresses (any immediates and offsets), */    \
  /* both addresses stepped and the count's add_br_i32_gt_u_imm; or, down, */ \
  /* the two sums first (to <- count + C, from <- count + F). The moves */   \
  /* are at HUSK_WORD_LOOP_MOVE(k) either way, the count's step after the */ \
  /* last. Checked whatever the engine's kind. */                            \
  X(move64x4_loop, 4, "Mss") X(move32x8_loop, 4, "Mss")                       \
  X(move32x4_loop_down, 4, "ssssss")

/* The loops above: X(loop, ops...), the instructions of the turn in order
 * (OP_ names), the first replaced by the loop's op. A loop may have one
 * turn per kind of engine (guarded or checked accesses). */
#define HUSK_MOVE_LOOPS(X)                                                    \
  X(move8_loop_down, OP_i32_add__i32_add, OP_move8_run_down, OP_add_br_i32_ne_imm) \
  X(move8_loop_up, OP_move8_run, OP_i32_add_imm__i32_add_imm, OP_add_br_i32_ne_imm) \
  X(move32_funnel_loop, OP_i32_add__i32_add, OP_move32_funnel, OP_move32_funnel,   \
    OP_move32_funnel, OP_move32_funnel, OP_i32_add_imm, OP_add_br_i32_gt_u_imm)   \
  X(move32_funnel_loop, OP_i32_add__i32_add, OP_move32_funnel_checked,           \
    OP_move32_funnel_checked, OP_move32_funnel_checked, OP_move32_funnel_checked, \
    OP_i32_add_imm, OP_add_br_i32_gt_u_imm)                                     \
  HUSK_WORD_LOOPS(X, )  HUSK_WORD_LOOPS(X, _checked)
/* The aligned word loops, once per kind of engine (`checked`: their moves' */
/* suffix). */
#define HUSK_WORD_LOOPS(X, checked)                                           \
  X(move64x4_loop, OP_move64##checked, OP_move64##checked, OP_move64##checked, \
    OP_move64##checked, OP_i32_add_imm__i32_add_imm, OP_add_br_i32_gt_u_imm)    \
  X(move32x8_loop, OP_move32##checked, OP_move32##checked, OP_move32##checked, \
    OP_move32##checked, OP_move32##checked, OP_move32##checked,                 \
    OP_move32##checked, OP_move32##checked, OP_i32_add_imm__i32_add_imm,        \
    OP_add_br_i32_gt_u_imm)                                                     \
  X(move32x4_loop_down, OP_i32_add__i32_add, OP_move32##checked,                \
    OP_move32##checked, OP_move32##checked, OP_move32##checked,                 \
    OP_add_br_i32_gt_u_imm)
/* The move8 loops' third instruction is 9 cells after the first either
 * way; a move32_funnel_loop's instructions are at these cells. */
#define HUSK_MOVE_LOOP_THIRD 9
#define HUSK_FUNNEL_LOOP_MOVE(k) (4 + 5 * (k))
#define HUSK_FUNNEL_LOOP_STEP 24
#define HUSK_FUNNEL_LOOP_TEST 27
#define HUSK_FUNNEL_LOOP_CELLS 31
/* A word loop's k-th move (from 0), `down` 1 for a down loop (its sums come
 * first); the step of both addresses of an up loop of n moves is at
 * HUSK_WORD_LOOP_MOVE(n, 0), and either loop's count step at
 * HUSK_WORD_LOOP_MOVE(n, 1), 4 cells from its end. */
#define HUSK_WORD_LOOP_MOVE(k, down) (4 * ((k) + (down)))

/* Bundles: two adjacent instructions of one basic block in one dispatch,
 * run in order: the first with operands A, B, C, the second with D, E, F.
 * 4 cells; the op is OP_<first>__<second>. compile.c's bundle_pairs forms
 * them once a body is translated and every fusion has had its chance,
 * wherever the second instruction is no branch target. A bundle may be any
 * two of the halves below, the instructions most frequent in compiled C (a
 * dispatch count over bench/ and CoreMark-like code), except two branches:
 * copies and constants, pointer and index steps, masks, 32-bit loads and
 * stores and branches on a value, as in p = p->next; if (!p) ..., p += 8;
 * q += 8, and x = *p; *q = y. A taken branch in the first half skips the
 * second. HUSK_BUNDLE_KINDS_<half> are each half's operand kinds, three of
 * them ('i' for an unused one).
 *
 * A bundle with a memory half is a memory op, with a _checked twin
 * (HUSK_MEMORY_BUNDLE_OPS); the others are HUSK_BUNDLE_OPS. Each group of
 * halves is listed twice: as seconds, X(first, half), and as firsts,
 * Y(X, half) for Y a list of seconds (the preprocessor expands no macro
 * inside itself, so one list cannot be crossed with itself). */
#define HUSK_BUNDLE_KINDS_copy "ssi"
#define HUSK_BUNDLE_KINDS_const32 "sii"
#define HUSK_BUNDLE_KINDS_i32_add "sss"
#define HUSK_BUNDLE_KINDS_i32_add_imm "ssi"
#define HUSK_BUNDLE_KINDS_i32_and_imm "ssi"
#define HUSK_BUNDLE_KINDS_i32_shr_u_imm "ssi"
#define HUSK_BUNDLE_KINDS_i32_xor "sss"
#define HUSK_BUNDLE_KINDS_br_if "soi"
#define HUSK_BUNDLE_KINDS_br_unless "soi"
#define HUSK_BUNDLE_KINDS_br_i32_eq_imm "osi"
#define HUSK_BUNDLE_KINDS_br_i32_ne_imm "osi"
#define HUSK_BUNDLE_KINDS_load32 "ssi"
#define HUSK_BUNDLE_KINDS_i32_load8_u "ssi"
#define HUSK_BUNDLE_KINDS_i32_load16_u "ssi"
#define HUSK_BUNDLE_KINDS_store32 "ssi"

#define HUSK_BUNDLE_PURE_HALVES(X, first)                                     \
  X(first, copy) X(first, const32) X(first, i32_add) X(first, i32_add_imm)    \
  X(first, i32_and_imm) X(first, i32_shr_u_imm) X(first, i32_xor)
#define HUSK_BUNDLE_BRANCH_HALVES(X, first)                                   \
  X(first, br_if) X(first, br_unless) X(first, br_i32_eq_imm) X(first, br_i32_ne_imm)
#define HUSK_BUNDLE_MEMORY_HALVES(X, first)                                   \
  X(first, load32) X(first, i32_load8_u) X(first, i32_load16_u) X(first, store32)
#define HUSK_BUNDLE_PURE_FIRSTS(Y, X)                                         \
  Y(X, copy) Y(X, const32) Y(X, i32_add) Y(X, i32_add_imm) Y(X, i32_and_imm)  \
  Y(X, i32_shr_u_imm) Y(X, i32_xor)
#define HUSK_BUNDLE_BRANCH_FIRSTS(Y, X)                                       \
  Y(X, br_if) Y(X, br_unless) Y(X, br_i32_eq_imm) Y(X, br_i32_ne_imm)
#define HUSK_BUNDLE_MEMORY_FIRSTS(Y, X)                                       \
  Y(X, load32) Y(X, i32_load8_u) Y(X, i32_load16_u) Y(X, store32)

#define HUSK_BUNDLE_PURE_SECONDS(X, first)                                    \
  HUSK_BUNDLE_PURE_HALVES(X, first) HUSK_BUNDLE_BRANCH_HALVES(X, first)
#define HUSK_BUNDLE_ANY_SECOND(X, first)                                      \
  HUSK_BUNDLE_PURE_SECONDS(X, first) HUSK_BUNDLE_MEMORY_HALVES(X, first)
#define HUSK_BUNDLE_OPS(X)                                                    \
  HUSK_BUNDLE_PURE_FIRSTS(HUSK_BUNDLE_PURE_SECONDS, X)                        \
  HUSK_BUNDLE_BRANCH_FIRSTS(HUSK_BUNDLE_PURE_HALVES, X)
#define HUSK_MEMORY_BUNDLE_OPS(X)                                             \
  HUSK_BUNDLE_PURE_FIRSTS(HUSK_BUNDLE_MEMORY_HALVES, X)                       \
  HUSK_BUNDLE_BRANCH_FIRSTS(HUSK_BUNDLE_MEMORY_HALVES, X)                     \
  HUSK_BUNDLE_MEMORY_FIRSTS(HUSK_BUNDLE_ANY_SECOND, X)
/* Every half, once: X(unused, half). */
#define HUSK_BUNDLE_HALVES(X)                                                 \
  HUSK_BUNDLE_PURE_HALVES(X, ) HUSK_BUNDLE_BRANCH_HALVES(X, )                 \
  HUSK_BUNDLE_MEMORY_HALVES(X, )

#define HUSK_IMM_OPS(X)                                                       \
  X(i32_add) X(i32_mul) X(i32_and) X(i32_or) X(i32_xor)            \
  X(i32_shl) X(i32_shr_s) X(i32_shr_u)                                        \
  X(i32_eq) X(i32_ne) X(i32_lt_s) X(i32_lt_u) X(i32_gt_s) X(i32_gt_u)         \
  X(i32_le_s) X(i32_le_u) X(i32_ge_s) X(i32_ge_u)

enum husk_op {
#define OP_ENUM(name, cells, kinds) OP_##name,
#define OP_ENUM_MEM(name, cells, kinds) OP_##name,
#define OP_ENUM_MEM_CHECKED(name, cells, kinds) OP_##name##_checked,
#define OP_ENUM_LOADOP(name, type, expr) OP_##name##_load,
#define OP_ENUM_LOADOP_CHECKED(name, type, expr) OP_##name##_load_checked,
#define OP_ENUM_RMW(name, type, expr) OP_##name##_rmw,
#define OP_ENUM_RMW_CHECKED(name, type, expr) OP_##name##_rmw_checked,
#define OP_ENUM1(name) OP_##name,
#define OP_ENUM_BR(name) OP_br_##name,
#define OP_ENUM_IMM(name) OP_##name##_imm,
#define OP_ENUM_BR_IMM(name) OP_br_##name##_imm,
#define OP_ENUM_ADD_BR(name) OP_add_br_##name##_imm,
#define OP_ENUM_BUNDLE(first, second) OP_##first##__##second,
#define OP_ENUM_BUNDLE_CHECKED(first, second) OP_##first##__##second##_checked,
  HUSK_CONTROL_OPS(OP_ENUM)
  HUSK_MEMORY_OPS(OP_ENUM_MEM) HUSK_LOAD_OPERAND_OPS(OP_ENUM_LOADOP)
  HUSK_LOAD_OPERAND_OPS(OP_ENUM_RMW) HUSK_MEMORY_BUNDLE_OPS(OP_ENUM_BUNDLE)
  HUSK_MEMORY_OPS(OP_ENUM_MEM_CHECKED) HUSK_LOAD_OPERAND_OPS(OP_ENUM_LOADOP_CHECKED)
  HUSK_LOAD_OPERAND_OPS(OP_ENUM_RMW_CHECKED) HUSK_MEMORY_BUNDLE_OPS(OP_ENUM_BUNDLE_CHECKED)
  HUSK_BINARY_OPS(OP_ENUM1) HUSK_UNARY_OPS(OP_ENUM1)
  HUSK_BRANCH_CMP_OPS(OP_ENUM_BR) HUSK_IMM_OPS(OP_ENUM_IMM)
  HUSK_BRANCH_CMP_IMM_OPS(OP_ENUM_BR_IMM) HUSK_ADD_BRANCH_OPS(OP_ENUM_ADD_BR)
  HUSK_PAIR_OPS(OP_ENUM) HUSK_BUNDLE_OPS(OP_ENUM_BUNDLE)
  OP_COUNT,
  /* The checked family mirrors the guarded one in order: */
  OP_CHECKED_DELTA = OP_load32_checked - OP_load32
#undef OP_ENUM
#undef OP_ENUM_MEM
#undef OP_ENUM_MEM_CHECKED
#undef OP_ENUM_LOADOP
#undef OP_ENUM_LOADOP_CHECKED
#undef OP_ENUM_RMW
#undef OP_ENUM_RMW_CHECKED
#undef OP_ENUM1
#undef OP_ENUM_BR
#undef OP_ENUM_IMM
#undef OP_ENUM_BR_IMM
#undef OP_ENUM_ADD_BR
#undef OP_ENUM_BUNDLE
#undef OP_ENUM_BUNDLE_CHECKED
};

#endif
