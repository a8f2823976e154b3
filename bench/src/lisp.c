/* lisp: a small Lisp interpreter (reader, environment-passing eval with
 * proper tail calls, closures, mark-and-sweep garbage collector) running
 * a built-in program: recursive Fibonacci, list utilities with
 * higher-order functions, a list quicksort, n-queens, closures with
 * set!, and a tail-recursive loop. Exercises pointer chasing, tagged
 * values, deep recursion, many small allocations and the collector. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned int u32;
typedef int i32;
typedef u32 V; /* odd: fixnum (value << 1 | 1); even: cell index << 1 */

enum { T_FREE, T_NIL, T_CONS, T_SYM, T_PRIM, T_CLOSURE };

typedef struct { unsigned char type, mark; V a, b; } Cell;

#define HEAP_CELLS 200000
#define MAX_ROOTS 65536
#define MAX_SYMS 1024

static Cell heap[HEAP_CELLS];
static V free_list;
static u32 free_count, gc_runs, allocs;
static V *roots[MAX_ROOTS];
static int nroots;

static void die(const char *m) { printf("lisp: %s\n", m); exit(1); }

#define NIL ((V)0)
#define IS_INT(v) ((v) & 1u)
#define MKINT(i) ((V)(((u32)(i) << 1) | 1u))
#define INTVAL(v) ((i32)(v) >> 1)
#define CELL(v) (heap[(v) >> 1])
#define TYPE(v) (IS_INT(v) ? -1 : (int)CELL(v).type)
#define CAR(v) (CELL(v).a)
#define CDR(v) (CELL(v).b)

#define ENTER int saved_roots_ = nroots
#define ROOT(v) do { if (nroots >= MAX_ROOTS) die("root stack overflow"); roots[nroots++] = &(v); } while (0)
#define RETURN(v) do { V r_ = (v); nroots = saved_roots_; return r_; } while (0)

/* ------------------------------------------------------------------ */
/* symbols                                                             */

static char sym_names[MAX_SYMS][24];
static V sym_cells[MAX_SYMS];
static int nsyms;

/* ------------------------------------------------------------------ */
/* garbage collector                                                   */

static void mark(V v) {
    while (!IS_INT(v)) {
        Cell *c = &CELL(v);
        if (c->mark) return;
        c->mark = 1;
        switch (c->type) {
        case T_CONS: case T_CLOSURE: mark(c->a); v = c->b; break; /* loop on cdr */
        case T_SYM: v = c->b; break;                               /* global value */
        default: return;
        }
    }
}

static void gc(void) {
    gc_runs++;
    mark(NIL);
    for (int i = 0; i < nsyms; i++) mark(sym_cells[i]);
    for (int i = 0; i < nroots; i++) mark(*roots[i]);
    free_list = NIL; free_count = 0;
    for (u32 i = HEAP_CELLS - 1; i >= 1; i--) {
        Cell *c = &heap[i];
        if (c->mark) { c->mark = 0; continue; }
        c->type = T_FREE; c->a = NIL; c->b = free_list;
        free_list = (V)(i << 1); free_count++;
    }
    heap[0].mark = 0;
    if (free_count < HEAP_CELLS / 8) die("out of memory");
}

static V alloc(int type, V a, V b) {
    /* a and b must be reachable by the caller's roots or be immediates */
    if (free_list == NIL) {
        ENTER;
        ROOT(a); ROOT(b);
        gc();
        nroots = saved_roots_;
    }
    V v = free_list;
    free_list = CELL(v).b;
    free_count--; allocs++;
    CELL(v).type = (unsigned char)type; CELL(v).a = a; CELL(v).b = b;
    return v;
}

static V cons(V a, V b) { return alloc(T_CONS, a, b); }

static V intern(const char *name, int len) {
    for (int i = 0; i < nsyms; i++)
        if ((int)strlen(sym_names[i]) == len && memcmp(sym_names[i], name, (size_t)len) == 0) return sym_cells[i];
    if (nsyms >= MAX_SYMS || len >= 24) die("symbol table full");
    memcpy(sym_names[nsyms], name, (size_t)len);
    sym_names[nsyms][len] = 0;
    V s = alloc(T_SYM, MKINT(nsyms), NIL); /* symbols are roots once registered */
    sym_cells[nsyms++] = s;
    return s;
}

/* ------------------------------------------------------------------ */
/* reader                                                              */

static const char *src;

static void skip_ws(void) {
    for (;;) {
        while (*src == ' ' || *src == '\n' || *src == '\t') src++;
        if (*src == ';') { while (*src && *src != '\n') src++; continue; }
        return;
    }
}

static V read_expr(void);

static V read_list(void) {
    ENTER;
    V head = NIL, tail = NIL, item = NIL;
    ROOT(head); ROOT(tail); ROOT(item);
    for (;;) {
        skip_ws();
        if (*src == 0) die("unexpected end of input");
        if (*src == ')') { src++; RETURN(head); }
        item = read_expr();
        V c = cons(item, NIL);
        if (head == NIL) head = c; else CDR(tail) = c;
        tail = c;
    }
}

static V read_expr(void) {
    skip_ws();
    char ch = *src;
    if (ch == '(') { src++; return read_list(); }
    if (ch == '\'') {
        ENTER;
        src++;
        V q = read_expr();
        ROOT(q);
        V inner = cons(q, NIL);
        RETURN(cons(intern("quote", 5), inner));
    }
    if ((ch >= '0' && ch <= '9') || (ch == '-' && src[1] >= '0' && src[1] <= '9')) {
        int neg = ch == '-';
        if (neg) src++;
        u32 v = 0;
        while (*src >= '0' && *src <= '9') v = v * 10 + (u32)(*src++ - '0');
        return MKINT(neg ? 0u - v : v);
    }
    const char *start = src;
    while (*src && *src != ' ' && *src != '\n' && *src != '\t' && *src != '(' && *src != ')') src++;
    if (src == start) die("bad token");
    return intern(start, (int)(src - start));
}

/* ------------------------------------------------------------------ */
/* evaluator                                                           */

static V S_quote, S_if, S_define, S_lambda, S_let, S_begin, S_set, S_and, S_or, S_cond, S_else, S_t;

enum { P_ADD, P_SUB, P_MUL, P_QUOT, P_REM, P_LT, P_GT, P_EQN, P_LE, P_GE, P_CONS, P_CAR, P_CDR,
       P_NULL, P_PAIR, P_EQ, P_LIST, P_NOT, NPRIMS };
static const char *prim_names[NPRIMS] = {"+", "-", "*", "quotient", "remainder", "<", ">", "=", "<=", ">=",
                                        "cons", "car", "cdr", "null?", "pair?", "eq?", "list", "not"};

static i32 need_int(V v) { if (!IS_INT(v)) die("expected integer"); return INTVAL(v); }
static V need_pair(V v) { if (TYPE(v) != T_CONS) die("expected pair"); return v; }
static V boolv(int b) { return b ? S_t : NIL; }

static V apply_prim(int p, V args) {
    switch (p) {
    case P_ADD: { u32 s = 0; for (; args != NIL; args = CDR(args)) s += (u32)need_int(CAR(args)); return MKINT(s); }
    case P_MUL: { u32 s = 1; for (; args != NIL; args = CDR(args)) s *= (u32)need_int(CAR(args)); return MKINT(s); }
    case P_SUB: {
        u32 s = (u32)need_int(CAR(args));
        args = CDR(args);
        if (args == NIL) return MKINT(0u - s);
        for (; args != NIL; args = CDR(args)) s -= (u32)need_int(CAR(args));
        return MKINT(s);
    }
    case P_QUOT: case P_REM: {
        i32 a = need_int(CAR(args)), b = need_int(CAR(CDR(args)));
        if (b == 0) die("division by zero");
        return MKINT(p == P_QUOT ? a / b : a % b);
    }
    case P_LT: return boolv(need_int(CAR(args)) < need_int(CAR(CDR(args))));
    case P_GT: return boolv(need_int(CAR(args)) > need_int(CAR(CDR(args))));
    case P_EQN: return boolv(need_int(CAR(args)) == need_int(CAR(CDR(args))));
    case P_LE: return boolv(need_int(CAR(args)) <= need_int(CAR(CDR(args))));
    case P_GE: return boolv(need_int(CAR(args)) >= need_int(CAR(CDR(args))));
    case P_CONS: return cons(CAR(args), CAR(CDR(args))); /* args list is rooted by the caller */
    case P_CAR: return CAR(need_pair(CAR(args)));
    case P_CDR: return CDR(need_pair(CAR(args)));
    case P_NULL: return boolv(CAR(args) == NIL);
    case P_PAIR: return boolv(TYPE(CAR(args)) == T_CONS);
    case P_EQ: return boolv(CAR(args) == CAR(CDR(args)));
    case P_LIST: return args;
    case P_NOT: return boolv(CAR(args) == NIL);
    }
    die("bad primitive");
    return NIL;
}

static V lookup_pair(V sym, V env) {
    for (; env != NIL; env = CDR(env))
        if (CAR(CAR(env)) == sym) return CAR(env);
    return NIL;
}

static V eval(V x, V env);

static V evlis(V list, V env) {
    ENTER;
    V head = NIL, tail = NIL, v = NIL;
    ROOT(list); ROOT(env); ROOT(head); ROOT(tail); ROOT(v);
    for (; list != NIL; list = CDR(list)) {
        v = eval(CAR(list), env);
        V c = cons(v, NIL);
        if (head == NIL) head = c; else CDR(tail) = c;
        tail = c;
    }
    RETURN(head);
}

static unsigned depth, max_depth;

static V eval(V x, V env) {
    ENTER;
    V f = NIL, args = NIL, tmp = NIL;
    ROOT(x); ROOT(env); ROOT(f); ROOT(args); ROOT(tmp);
    if (++depth > max_depth) { max_depth = depth; if (depth > 20000) die("recursion too deep"); }
    for (;;) {
        if (IS_INT(x)) break;
        int t = CELL(x).type;
        if (t == T_SYM) {
            V p = lookup_pair(x, env);
            x = p != NIL ? CDR(p) : CELL(x).b;
            break;
        }
        if (t != T_CONS) break;
        V op = CAR(x);
        if (op == S_quote) { x = CAR(CDR(x)); break; }
        if (op == S_if) {
            V c = eval(CAR(CDR(x)), env);
            V rest = CDR(CDR(x));
            if (c != NIL) x = CAR(rest);
            else if (CDR(rest) != NIL) x = CAR(CDR(rest));
            else { x = NIL; break; }
            continue;
        }
        if (op == S_define) {
            V target = CAR(CDR(x));
            if (TYPE(target) == T_CONS) { /* (define (name params...) body...) */
                tmp = cons(CDR(CDR(x)), env);
                V clo = alloc(T_CLOSURE, CDR(target), tmp);
                CELL(CAR(target)).b = clo;
                x = CAR(target);
            } else {
                tmp = eval(CAR(CDR(CDR(x))), env);
                CELL(target).b = tmp;
                x = target;
            }
            break;
        }
        if (op == S_lambda) {
            tmp = cons(CDR(CDR(x)), env);
            x = alloc(T_CLOSURE, CAR(CDR(x)), tmp);
            break;
        }
        if (op == S_set) {
            V sym = CAR(CDR(x));
            tmp = eval(CAR(CDR(CDR(x))), env);
            V p = lookup_pair(sym, env);
            if (p != NIL) CDR(p) = tmp; else CELL(sym).b = tmp;
            x = tmp;
            break;
        }
        if (op == S_begin) {
            V body = CDR(x);
            if (body == NIL) { x = NIL; break; }
            for (; CDR(body) != NIL; body = CDR(body)) eval(CAR(body), env);
            x = CAR(body);
            continue;
        }
        if (op == S_let) {
            /* evaluate inits in the outer env, then extend */
            args = env;
            for (V b = CAR(CDR(x)); b != NIL; b = CDR(b)) {
                tmp = eval(CAR(CDR(CAR(b))), env);
                tmp = cons(CAR(CAR(b)), tmp);
                args = cons(tmp, args);
            }
            env = args;
            V body = CDR(CDR(x));
            for (; CDR(body) != NIL; body = CDR(body)) eval(CAR(body), env);
            x = CAR(body);
            continue;
        }
        if (op == S_and || op == S_or) {
            int is_and = op == S_and;
            V e = CDR(x);
            if (e == NIL) { x = boolv(is_and); break; }
            for (; CDR(e) != NIL; e = CDR(e)) {
                V v = eval(CAR(e), env);
                if (is_and ? v == NIL : v != NIL) { x = v; goto done; }
            }
            x = CAR(e);
            continue;
        }
        if (op == S_cond) {
            V clause = CDR(x);
            for (; clause != NIL; clause = CDR(clause)) {
                V test = CAR(CAR(clause));
                if (test == S_else || eval(test, env) != NIL) break;
            }
            if (clause == NIL) { x = NIL; break; }
            V body = CDR(CAR(clause));
            for (; CDR(body) != NIL; body = CDR(body)) eval(CAR(body), env);
            x = CAR(body);
            continue;
        }
        /* application */
        f = eval(op, env);
        args = evlis(CDR(x), env);
        if (TYPE(f) == T_PRIM) { x = apply_prim(INTVAL(CELL(f).a), args); break; }
        if (TYPE(f) != T_CLOSURE) die("not a function");
        /* bind parameters onto the closure's environment */
        env = CDR(CELL(f).b);
        V p = CELL(f).a;
        for (; p != NIL; p = CDR(p), args = CDR(args)) {
            if (args == NIL) die("too few arguments");
            tmp = cons(CAR(p), CAR(args));
            env = cons(tmp, env);
        }
        if (args != NIL) die("too many arguments");
        V body = CAR(CELL(f).b);
        for (; CDR(body) != NIL; body = CDR(body)) eval(CAR(body), env);
        x = CAR(body);
    }
done:
    depth--;
    RETURN(x);
}

/* ------------------------------------------------------------------ */

static u32 hash_value(V v, u32 h) {
    while (!IS_INT(v) && CELL(v).type == T_CONS) {
        h = hash_value(CAR(v), (h ^ 0x28u) * 16777619u);
        v = CDR(v);
    }
    if (IS_INT(v)) return (h ^ v) * 16777619u;
    if (CELL(v).type == T_SYM) return (h ^ 0x5000u ^ (u32)INTVAL(CELL(v).a)) * 16777619u;
    return (h ^ (u32)CELL(v).type) * 16777619u;
}

static const char *PROGRAM =
    "; utilities\n"
    "(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))\n"
    "(define (range a b) (if (>= a b) '() (cons a (range (+ a 1) b))))\n"
    "(define (map f l) (if (null? l) '() (cons (f (car l)) (map f (cdr l)))))\n"
    "(define (filter p l)\n"
    "  (cond ((null? l) '())\n"
    "        ((p (car l)) (cons (car l) (filter p (cdr l))))\n"
    "        (else (filter p (cdr l)))))\n"
    "(define (foldl f acc l) (if (null? l) acc (foldl f (f acc (car l)) (cdr l))))\n"
    "(define (append a b) (if (null? a) b (cons (car a) (append (cdr a) b))))\n"
    "(define (reverse l) (foldl (lambda (acc x) (cons x acc)) '() l))\n"
    "(define (length l) (foldl (lambda (n x) (+ n 1)) 0 l))\n"
    "(define (sum l) (foldl + 0 l))\n"
    "(define (qsort l)\n"
    "  (if (null? l) '()\n"
    "      (let ((p (car l)) (rest (cdr l)))\n"
    "        (append (qsort (filter (lambda (x) (< x p)) rest))\n"
    "                (cons p (qsort (filter (lambda (x) (>= x p)) rest)))))))\n"
    "(define (sorted? l) (or (null? l) (null? (cdr l))\n"
    "                        (and (<= (car l) (car (cdr l))) (sorted? (cdr l)))))\n"
    "(define (rand-list n seed)\n"
    "  (if (= n 0) '()\n"
    "      (cons (remainder seed 1000) (rand-list (- n 1) (remainder (+ (* seed 1103) 12345) 65536)))))\n"
    "(define (hash-list l h) (foldl (lambda (h x) (remainder (+ (* h 31) x) 1000003)) h l))\n"
    "; n-queens\n"
    "(define (ok? row dist placed)\n"
    "  (if (null? placed) t\n"
    "      (let ((q (car placed)))\n"
    "        (and (not (= q row)) (not (= q (+ row dist))) (not (= q (- row dist)))\n"
    "             (ok? row (+ dist 1) (cdr placed))))))\n"
    "(define (queens n k placed) (if (= k n) 1 (count-rows 0 n k placed)))\n"
    "(define (count-rows row n k placed)\n"
    "  (if (= row n) 0\n"
    "      (+ (if (ok? row 1 placed) (queens n (+ k 1) (cons row placed)) 0)\n"
    "         (count-rows (+ row 1) n k placed))))\n"
    "; closures with mutable state\n"
    "(define (make-counter step) (let ((n 0)) (lambda () (set! n (+ n step)) n)))\n"
    "(define (call-n f n acc) (if (= n 0) acc (call-n f (- n 1) (+ acc (f)))))\n"
    "; a tail-recursive driver loop\n"
    "(define (loop i n acc)\n"
    "  (if (= i n) acc\n"
    "      (loop (+ i 1) n (remainder (+ (* acc 7) (sum (map (lambda (x) (* x i)) (range 0 40)))) 1000003))))\n"
    "; the work\n"
    "(fib 20)\n"
    "(define data (rand-list 800 7))\n"
    "(define sorted (qsort data))\n"
    "(sorted? sorted)\n"
    "(hash-list sorted 0)\n"
    "(length (reverse (append data sorted)))\n"
    "(queens 7 0 '())\n"
    "(let ((c (make-counter 3))) (call-n c 5000 0))\n"
    "(loop 0 1500 1)\n"
    "(hash-list (map (lambda (x) (* x x)) (filter (lambda (x) (= (remainder x 3) 0)) (range 0 1000))) 17)\n"
    "(list 'done (fib 16) (quotient -17 5) (remainder -17 5))\n";

int main(void) {
    /* heap cell 0 is NIL; the rest start on the free list */
    heap[0].type = T_NIL;
    free_list = NIL;
    for (u32 i = HEAP_CELLS - 1; i >= 1; i--) { heap[i].type = T_FREE; heap[i].b = free_list; free_list = (V)(i << 1); }
    free_count = HEAP_CELLS - 1;

    S_quote = intern("quote", 5); S_if = intern("if", 2); S_define = intern("define", 6);
    S_lambda = intern("lambda", 6); S_let = intern("let", 3); S_begin = intern("begin", 5);
    S_set = intern("set!", 4); S_and = intern("and", 3); S_or = intern("or", 2);
    S_cond = intern("cond", 4); S_else = intern("else", 4); S_t = intern("t", 1);
    CELL(S_t).b = S_t;
    CELL(intern("nil", 3)).b = NIL;
    for (int p = 0; p < NPRIMS; p++) {
        V s = intern(prim_names[p], (int)strlen(prim_names[p]));
        V pr = alloc(T_PRIM, MKINT(p), NIL);
        CELL(s).b = pr;
    }

    u32 h = 2166136261u;
    int forms = 0;
    src = PROGRAM;
    for (int pass = 0; pass < 3; pass++) {
        src = PROGRAM;
        for (;;) {
            skip_ws();
            if (*src == 0) break;
            ENTER;
            V form = read_expr();
            ROOT(form);
            V r = eval(form, NIL);
            h = hash_value(r, h);
            nroots = saved_roots_;
            forms++;
        }
    }
    if (nroots != 0) die("root stack imbalance");
    h = (h ^ (u32)forms) * 16777619u;
    h = (h ^ allocs) * 16777619u;
    h = (h ^ gc_runs) * 16777619u;
    h = (h ^ max_depth) * 16777619u;
    printf("lisp checksum=%08x\n", h);
    return 0;
}
