/* bytecodevm: a stack-based bytecode interpreter dispatched through a
 * big switch (compiles to br_table in wasm). A tiny assembler builds
 * three guest programs: a nested arithmetic loop, recursive Fibonacci
 * using CALL/RET frames, and an in-VM-memory insertion sort plus a
 * prime count. The host checks guest results against C references. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned int u32;
typedef int i32;

enum {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_OVER,
    OP_ADD, OP_SUB, OP_MUL, OP_DIVU, OP_REMU, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHRU, OP_NEG,
    OP_EQ, OP_NE, OP_LTU, OP_GTU, OP_LEU, OP_GEU, OP_LTS,
    OP_JMP, OP_JZ, OP_JNZ,
    OP_LOADL, OP_STOREL, OP_INCL,      /* frame locals */
    OP_LOADM, OP_STOREM,               /* memory: addr on stack */
    OP_CALL, OP_RET,
    OP_HASH,                           /* fold top of stack into the VM's running hash */
    OP_NOP,
    NUM_OPS
};

#define MAXCODE 4096
#define STACK 4096
#define FRAMES 1024
#define MEMWORDS 65536

typedef struct {
    i32 code[MAXCODE];
    int len;
    int labels[64];
    int fix_at[256], fix_label[256], nfix;
} Asm;

static void emit(Asm *a, int op) { a->code[a->len++] = op; }
static void emit1(Asm *a, int op, i32 arg) { a->code[a->len++] = op; a->code[a->len++] = arg; }
static void label(Asm *a, int l) { a->labels[l] = a->len; }
static void emitj(Asm *a, int op, int l) {
    a->code[a->len++] = op;
    a->fix_at[a->nfix] = a->len; a->fix_label[a->nfix++] = l;
    a->code[a->len++] = 0;
}
static void link_asm(Asm *a) {
    for (int i = 0; i < a->nfix; i++) a->code[a->fix_at[i]] = a->labels[a->fix_label[i]];
}

typedef struct { int ret_pc; int base; } Frame;

static u32 vm_mem[MEMWORDS];

/* CALL target nargs: args are moved into the new frame's locals 0..nargs-1.
 * Each frame has 8 locals. */
static u32 run(const i32 *code, u32 *hash_out, unsigned long long *steps_out) {
    u32 stack[STACK];
    u32 locals[FRAMES * 8];
    Frame frames[FRAMES];
    int sp = 0, fp = 0, pc = 0;
    u32 hash = 2166136261u;
    unsigned long long steps = 0;
    frames[0].base = 0; frames[0].ret_pc = -1;
    u32 *L = locals;
    for (;;) {
        steps++;
        int op = code[pc++];
        switch (op) {
        case OP_HALT: *hash_out = hash; *steps_out = steps; return sp ? stack[sp - 1] : 0;
        case OP_PUSH: stack[sp++] = (u32)code[pc++]; break;
        case OP_POP: sp--; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_SWAP: { u32 t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case OP_OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_DIVU: sp--; stack[sp - 1] = stack[sp] ? stack[sp - 1] / stack[sp] : 0; break;
        case OP_REMU: sp--; stack[sp - 1] = stack[sp] ? stack[sp - 1] % stack[sp] : 0; break;
        case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case OP_OR: sp--; stack[sp - 1] |= stack[sp]; break;
        case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case OP_SHL: sp--; stack[sp - 1] <<= (stack[sp] & 31); break;
        case OP_SHRU: sp--; stack[sp - 1] >>= (stack[sp] & 31); break;
        case OP_NEG: stack[sp - 1] = 0u - stack[sp - 1]; break;
        case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case OP_NE: sp--; stack[sp - 1] = stack[sp - 1] != stack[sp]; break;
        case OP_LTU: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case OP_GTU: sp--; stack[sp - 1] = stack[sp - 1] > stack[sp]; break;
        case OP_LEU: sp--; stack[sp - 1] = stack[sp - 1] <= stack[sp]; break;
        case OP_GEU: sp--; stack[sp - 1] = stack[sp - 1] >= stack[sp]; break;
        case OP_LTS: sp--; stack[sp - 1] = (i32)stack[sp - 1] < (i32)stack[sp]; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_JZ: sp--; pc = stack[sp] ? pc + 1 : code[pc]; break;
        case OP_JNZ: sp--; pc = stack[sp] ? code[pc] : pc + 1; break;
        case OP_LOADL: stack[sp++] = L[code[pc++]]; break;
        case OP_STOREL: L[code[pc++]] = stack[--sp]; break;
        case OP_INCL: L[code[pc]] += (u32)code[pc + 1]; pc += 2; break;
        case OP_LOADM: stack[sp - 1] = vm_mem[stack[sp - 1] & (MEMWORDS - 1)]; break;
        case OP_STOREM: sp -= 2; vm_mem[stack[sp] & (MEMWORDS - 1)] = stack[sp + 1]; break; /* addr value */
        case OP_CALL: {
            int target = code[pc], nargs = code[pc + 1];
            if (fp + 1 >= FRAMES) { puts("vm: call stack overflow"); exit(1); }
            fp++;
            frames[fp].ret_pc = pc + 2;
            frames[fp].base = fp * 8;
            L = locals + fp * 8;
            for (int i = nargs - 1; i >= 0; i--) L[i] = stack[--sp];
            pc = target;
            break;
        }
        case OP_RET:
            pc = frames[fp].ret_pc;
            fp--;
            L = locals + frames[fp].base;
            break;
        case OP_HASH: hash = (hash ^ stack[--sp]) * 16777619u; break;
        case OP_NOP: break;
        default: printf("vm: bad opcode %d at %d\n", op, pc - 1); exit(1);
        }
    }
}

/* program 1: for i in 0..n: acc = acc*31 + (i ^ (i>>3)) % 7 + (i&1 ? i : -i); hash every 1024 */
static void build_loop(Asm *a, u32 n) {
    enum { TOP = 1, SKIP, ODD, JOIN };
    emit1(a, OP_PUSH, 0); emit1(a, OP_STOREL, 0);       /* i */
    emit1(a, OP_PUSH, 1); emit1(a, OP_STOREL, 1);       /* acc */
    label(a, TOP);
    emit1(a, OP_LOADL, 1); emit1(a, OP_PUSH, 31); emit(a, OP_MUL);
    emit1(a, OP_LOADL, 0); emit(a, OP_DUP); emit1(a, OP_PUSH, 3); emit(a, OP_SHRU); emit(a, OP_XOR);
    emit1(a, OP_PUSH, 7); emit(a, OP_REMU); emit(a, OP_ADD);
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, 1); emit(a, OP_AND);
    emitj(a, OP_JNZ, ODD);
    emit1(a, OP_LOADL, 0); emit(a, OP_NEG); emitj(a, OP_JMP, JOIN);
    label(a, ODD); emit1(a, OP_LOADL, 0);
    label(a, JOIN); emit(a, OP_ADD); emit1(a, OP_STOREL, 1);
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, 1023); emit(a, OP_AND);
    emitj(a, OP_JNZ, SKIP);
    emit1(a, OP_LOADL, 1); emit(a, OP_HASH);
    label(a, SKIP);
    emit(a, OP_NOP);
    emit1(a, OP_INCL, 0); a->code[a->len++] = 1;
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, (i32)n); emit(a, OP_LTU);
    emitj(a, OP_JNZ, TOP);
    emit1(a, OP_LOADL, 1); emit(a, OP_HALT);
}

static u32 ref_loop(u32 n) {
    u32 acc = 1;
    for (u32 i = 0; i < n; i++) acc = acc * 31 + (i ^ (i >> 3)) % 7 + ((i & 1) ? i : 0u - i);
    return acc;
}

/* program 2: recursive fib(n) */
static void build_fib(Asm *a, u32 n) {
    enum { FIB = 1, BASE };
    emit1(a, OP_PUSH, (i32)n);
    emitj(a, OP_CALL, FIB); a->code[a->len++] = 1;
    emit(a, OP_DUP); emit(a, OP_HASH);
    emit(a, OP_HALT);
    label(a, FIB);
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, 2); emit(a, OP_LTU);
    emitj(a, OP_JNZ, BASE);
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, 1); emit(a, OP_SUB);
    emitj(a, OP_CALL, FIB); a->code[a->len++] = 1;
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, 2); emit(a, OP_SUB);
    emitj(a, OP_CALL, FIB); a->code[a->len++] = 1;
    emit(a, OP_ADD); emit(a, OP_RET);
    label(a, BASE);
    emit1(a, OP_LOADL, 0); emit(a, OP_RET);
}

static u32 ref_fib(u32 n) { return n < 2 ? n : ref_fib(n - 1) + ref_fib(n - 2); }

/* program 3: fill mem[0..n) with an LCG, insertion sort it, hash it;
 * then count primes below m by trial division. */
static void build_sort(Asm *a, u32 n, u32 m) {
    enum { FILL = 1, OUTER, INNER, INNER_DONE, HASHL, PRIME_OUTER, PRIME_INNER, NOT_PRIME, IS_PRIME, PRIME_NEXT, END };
    /* L0 = i, L1 = x, L2 = j, L3 = v */
    emit1(a, OP_PUSH, 0); emit1(a, OP_STOREL, 0);
    emit1(a, OP_PUSH, 12345); emit1(a, OP_STOREL, 1);
    label(a, FILL);
    emit1(a, OP_LOADL, 1); emit1(a, OP_PUSH, 1103515245); emit(a, OP_MUL); emit1(a, OP_PUSH, 12345); emit(a, OP_ADD);
    emit(a, OP_DUP); emit1(a, OP_STOREL, 1);
    emit1(a, OP_PUSH, 8); emit(a, OP_SHRU); emit1(a, OP_STOREL, 3);
    emit1(a, OP_LOADL, 0); emit1(a, OP_LOADL, 3); emit(a, OP_STOREM);
    emit1(a, OP_INCL, 0); a->code[a->len++] = 1;
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, (i32)n); emit(a, OP_LTU); emitj(a, OP_JNZ, FILL);
    /* insertion sort */
    emit1(a, OP_PUSH, 1); emit1(a, OP_STOREL, 0);
    label(a, OUTER);
    emit1(a, OP_LOADL, 0); emit(a, OP_LOADM); emit1(a, OP_STOREL, 3);
    emit1(a, OP_LOADL, 0); emit1(a, OP_STOREL, 2);
    label(a, INNER);
    emit1(a, OP_LOADL, 2); emitj(a, OP_JZ, INNER_DONE);
    emit1(a, OP_LOADL, 2); emit1(a, OP_PUSH, 1); emit(a, OP_SUB); emit(a, OP_LOADM);
    emit1(a, OP_LOADL, 3); emit(a, OP_LEU); emitj(a, OP_JNZ, INNER_DONE);
    emit1(a, OP_LOADL, 2);
    emit1(a, OP_LOADL, 2); emit1(a, OP_PUSH, 1); emit(a, OP_SUB); emit(a, OP_LOADM);
    emit(a, OP_STOREM);
    emit1(a, OP_INCL, 2); a->code[a->len++] = -1;
    emitj(a, OP_JMP, INNER);
    label(a, INNER_DONE);
    emit1(a, OP_LOADL, 2); emit1(a, OP_LOADL, 3); emit(a, OP_STOREM);
    emit1(a, OP_INCL, 0); a->code[a->len++] = 1;
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, (i32)n); emit(a, OP_LTU); emitj(a, OP_JNZ, OUTER);
    /* hash sorted array */
    emit1(a, OP_PUSH, 0); emit1(a, OP_STOREL, 0);
    label(a, HASHL);
    emit1(a, OP_LOADL, 0); emit(a, OP_LOADM); emit(a, OP_HASH);
    emit1(a, OP_INCL, 0); a->code[a->len++] = 1;
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, (i32)n); emit(a, OP_LTU); emitj(a, OP_JNZ, HASHL);
    /* prime count: L0 = k, L1 = count, L2 = d */
    emit1(a, OP_PUSH, 2); emit1(a, OP_STOREL, 0);
    emit1(a, OP_PUSH, 0); emit1(a, OP_STOREL, 1);
    label(a, PRIME_OUTER);
    emit1(a, OP_PUSH, 2); emit1(a, OP_STOREL, 2);
    label(a, PRIME_INNER);
    emit1(a, OP_LOADL, 2); emit(a, OP_DUP); emit(a, OP_MUL); emit1(a, OP_LOADL, 0); emit(a, OP_GTU);
    emitj(a, OP_JNZ, IS_PRIME);
    emit1(a, OP_LOADL, 0); emit1(a, OP_LOADL, 2); emit(a, OP_REMU); emitj(a, OP_JZ, NOT_PRIME);
    emit1(a, OP_INCL, 2); a->code[a->len++] = 1;
    emitj(a, OP_JMP, PRIME_INNER);
    label(a, IS_PRIME);
    emit1(a, OP_INCL, 1); a->code[a->len++] = 1;
    label(a, NOT_PRIME);
    emit1(a, OP_INCL, 0); a->code[a->len++] = 1;
    emit1(a, OP_LOADL, 0); emit1(a, OP_PUSH, (i32)m); emit(a, OP_LTU); emitj(a, OP_JNZ, PRIME_OUTER);
    emit1(a, OP_LOADL, 1); emit(a, OP_DUP); emit(a, OP_HASH);
    emit(a, OP_HALT);
    (void)PRIME_NEXT; (void)END;
}

static u32 ref_primes(u32 m) {
    u32 c = 0;
    for (u32 k = 2; k < m; k++) {
        u32 d = 2;
        for (; d * d <= k; d++) if (k % d == 0) break;
        if (d * d > k) c++;
    }
    return c;
}

static Asm as;

int main(void) {
    u32 h = 2166136261u, vh;
    unsigned long long steps, total_steps = 0;
    const u32 LOOP_N = 1200000, FIB_N = 24, SORT_N = 1800, PRIME_M = 50000;

    memset(&as, 0, sizeof as); build_loop(&as, LOOP_N); link_asm(&as);
    u32 r = run(as.code, &vh, &steps);
    if (r != ref_loop(LOOP_N)) { puts("vm: loop mismatch"); return 1; }
    h = (h ^ r ^ vh) * 16777619u; total_steps += steps;

    memset(&as, 0, sizeof as); build_fib(&as, FIB_N); link_asm(&as);
    r = run(as.code, &vh, &steps);
    if (r != ref_fib(FIB_N)) { puts("vm: fib mismatch"); return 1; }
    h = (h ^ r ^ vh) * 16777619u; total_steps += steps;

    memset(&as, 0, sizeof as); build_sort(&as, SORT_N, PRIME_M); link_asm(&as);
    r = run(as.code, &vh, &steps);
    if (r != ref_primes(PRIME_M)) { puts("vm: primes mismatch"); return 1; }
    for (u32 i = 1; i < SORT_N; i++) if (vm_mem[i - 1] > vm_mem[i]) { puts("vm: sort failed"); return 1; }
    h = (h ^ r ^ vh) * 16777619u; total_steps += steps;

    h = (h ^ (u32)total_steps) * 16777619u;
    printf("bytecodevm checksum=%08x\n", h);
    return 0;
}
