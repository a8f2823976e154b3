/* exprparse: a tokenizer and recursive-descent parser with many
 * branches. Generates random arithmetic programs as text (statements
 * like `x3 = (a + 17) * max(b, c % 5);`), tokenizes them, and
 * evaluates them directly while parsing. A second phase generates a
 * JSON-like document and parses it back, summing what it finds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM_STMTS 40000
#define PROGRAM_ROUNDS 4
#define JSON_ITEMS 30000

typedef unsigned int u32;

/* ---------------- random text generation ---------------- */

static u32 rs = 0x12345678u;
static u32 rnd(void) { rs ^= rs << 13; rs ^= rs >> 17; rs ^= rs << 5; return rs; }

typedef struct { char *p; size_t len, cap; } Buf;

static void bput(Buf *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        while (b->len + n + 1 > b->cap) b->cap = b->cap ? b->cap * 2 : 4096;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

static void bnum(Buf *b, u32 v) { char t[16]; snprintf(t, sizeof t, "%u", v); bput(b, t); }

static const char *VARS[] = {"a", "b", "c", "d", "x1", "x2", "x3", "acc", "tmp", "zz"};
#define NVARS 10

static void gen_expr(Buf *b, int depth) {
    u32 r = rnd() % 16;
    if (depth <= 0 || r < 4) {
        if (r & 1) bnum(b, rnd() % 1000);
        else bput(b, VARS[rnd() % NVARS]);
        return;
    }
    static const char *ops[] = {" + ", " - ", " * ", " / ", " % ", " & ", " | ", " ^ ",
                                " << ", " >> ", " < ", " > ", " == ", " != ", " <= ", " >= "};
    switch (r) {
    case 4: bput(b, "-"); gen_expr(b, depth - 1); break;
    case 5: bput(b, "("); gen_expr(b, depth - 1); bput(b, ")"); break;
    case 6: bput(b, "max("); gen_expr(b, depth - 1); bput(b, ", "); gen_expr(b, depth - 1); bput(b, ")"); break;
    case 7: bput(b, "min("); gen_expr(b, depth - 1); bput(b, ", "); gen_expr(b, depth - 1); bput(b, ")"); break;
    case 8: bput(b, "("); gen_expr(b, depth - 1); bput(b, " ? "); gen_expr(b, depth - 1);
            bput(b, " : "); gen_expr(b, depth - 1); bput(b, ")"); break;
    default:
        gen_expr(b, depth - 1); bput(b, ops[rnd() % 16]); gen_expr(b, depth - 1); break;
    }
}

static void gen_program(Buf *b, int stmts) {
    for (int i = 0; i < stmts; i++) {
        bput(b, VARS[rnd() % NVARS]);
        bput(b, (rnd() & 3) == 0 ? " += " : " = ");
        gen_expr(b, 4);
        bput(b, ";\n");
        if ((i & 63) == 0) bput(b, "# a comment line\n");
    }
}

/* ---------------- tokenizer ---------------- */

enum {
    T_EOF, T_NUM, T_ID, T_LP, T_RP, T_COMMA, T_SEMI, T_ASSIGN, T_PLUSEQ, T_PLUS, T_MINUS, T_STAR,
    T_SLASH, T_PCT, T_AMP, T_BAR, T_CARET, T_SHL, T_SHR, T_LT, T_GT, T_EQ, T_NE, T_LE, T_GE,
    T_QUEST, T_COLON
};

typedef struct {
    const char *s;
    int tok;
    u32 num;
    const char *id; int idlen;
} Lexer;

static void next(Lexer *L) {
    const char *s = L->s;
    for (;;) {
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') s++;
        if (*s == '#') { while (*s && *s != '\n') s++; continue; }
        break;
    }
    char c = *s;
    if (c == 0) { L->tok = T_EOF; L->s = s; return; }
    if (c >= '0' && c <= '9') {
        u32 v = 0;
        while (*s >= '0' && *s <= '9') v = v * 10 + (u32)(*s++ - '0');
        L->tok = T_NUM; L->num = v; L->s = s; return;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        L->id = s;
        while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_') s++;
        L->idlen = (int)(s - L->id); L->tok = T_ID; L->s = s; return;
    }
    s++;
    switch (c) {
    case '(': L->tok = T_LP; break;
    case ')': L->tok = T_RP; break;
    case ',': L->tok = T_COMMA; break;
    case ';': L->tok = T_SEMI; break;
    case '?': L->tok = T_QUEST; break;
    case ':': L->tok = T_COLON; break;
    case '+': if (*s == '=') { s++; L->tok = T_PLUSEQ; } else L->tok = T_PLUS; break;
    case '-': L->tok = T_MINUS; break;
    case '*': L->tok = T_STAR; break;
    case '/': L->tok = T_SLASH; break;
    case '%': L->tok = T_PCT; break;
    case '&': L->tok = T_AMP; break;
    case '|': L->tok = T_BAR; break;
    case '^': L->tok = T_CARET; break;
    case '=': if (*s == '=') { s++; L->tok = T_EQ; } else L->tok = T_ASSIGN; break;
    case '!': if (*s == '=') { s++; L->tok = T_NE; } else { printf("lex error\n"); exit(1); } break;
    case '<':
        if (*s == '<') { s++; L->tok = T_SHL; } else if (*s == '=') { s++; L->tok = T_LE; } else L->tok = T_LT;
        break;
    case '>':
        if (*s == '>') { s++; L->tok = T_SHR; } else if (*s == '=') { s++; L->tok = T_GE; } else L->tok = T_GT;
        break;
    default: printf("lex error '%c'\n", c); exit(1);
    }
    L->s = s;
}

/* ---------------- parser / evaluator ---------------- */

static u32 vars[NVARS];

static int var_index(const char *id, int len) {
    for (int i = 0; i < NVARS; i++)
        if ((int)strlen(VARS[i]) == len && memcmp(VARS[i], id, (size_t)len) == 0) return i;
    printf("unknown variable\n"); exit(1);
}

static void expect(Lexer *L, int t) {
    if (L->tok != t) { printf("parse error: expected %d got %d\n", t, L->tok); exit(1); }
    next(L);
}

static u32 parse_ternary(Lexer *L);

static u32 parse_primary(Lexer *L) {
    if (L->tok == T_NUM) { u32 v = L->num; next(L); return v; }
    if (L->tok == T_MINUS) { next(L); return 0u - parse_primary(L); }
    if (L->tok == T_LP) { next(L); u32 v = parse_ternary(L); expect(L, T_RP); return v; }
    if (L->tok == T_ID) {
        const char *id = L->id; int len = L->idlen;
        next(L);
        if (L->tok == T_LP) {
            int is_max = len == 3 && memcmp(id, "max", 3) == 0;
            int is_min = len == 3 && memcmp(id, "min", 3) == 0;
            if (!is_max && !is_min) { printf("unknown function\n"); exit(1); }
            next(L);
            u32 a = parse_ternary(L);
            expect(L, T_COMMA);
            u32 b = parse_ternary(L);
            expect(L, T_RP);
            return is_max ? (a > b ? a : b) : (a < b ? a : b);
        }
        return vars[var_index(id, len)];
    }
    printf("parse error: unexpected token %d\n", L->tok); exit(1);
}

/* precedence climbing over binary operators */
static int prec(int t) {
    switch (t) {
    case T_STAR: case T_SLASH: case T_PCT: return 10;
    case T_PLUS: case T_MINUS: return 9;
    case T_SHL: case T_SHR: return 8;
    case T_LT: case T_GT: case T_LE: case T_GE: return 7;
    case T_EQ: case T_NE: return 6;
    case T_AMP: return 5;
    case T_CARET: return 4;
    case T_BAR: return 3;
    default: return -1;
    }
}

static u32 apply(int op, u32 a, u32 b) {
    switch (op) {
    case T_STAR: return a * b;
    case T_SLASH: return b ? a / b : 0;
    case T_PCT: return b ? a % b : 0;
    case T_PLUS: return a + b;
    case T_MINUS: return a - b;
    case T_SHL: return a << (b & 31);
    case T_SHR: return a >> (b & 31);
    case T_LT: return a < b;
    case T_GT: return a > b;
    case T_LE: return a <= b;
    case T_GE: return a >= b;
    case T_EQ: return a == b;
    case T_NE: return a != b;
    case T_AMP: return a & b;
    case T_CARET: return a ^ b;
    case T_BAR: return a | b;
    }
    return 0;
}

static u32 parse_binary(Lexer *L, int min_prec) {
    u32 lhs = parse_primary(L);
    for (;;) {
        int op = L->tok, p = prec(op);
        if (p < min_prec) return lhs;
        next(L);
        u32 rhs = parse_binary(L, p + 1);
        lhs = apply(op, lhs, rhs);
    }
}

static u32 parse_ternary(Lexer *L) {
    u32 c = parse_binary(L, 0);
    if (L->tok != T_QUEST) return c;
    next(L);
    u32 a = parse_ternary(L);
    expect(L, T_COLON);
    u32 b = parse_ternary(L);
    return c ? a : b;
}

static u32 run_program(const char *src) {
    Lexer L = {src, 0, 0, 0, 0};
    u32 h = 0;
    next(&L);
    while (L.tok != T_EOF) {
        if (L.tok != T_ID) { printf("statement must start with a name\n"); exit(1); }
        int vi = var_index(L.id, L.idlen);
        next(&L);
        int plus = L.tok == T_PLUSEQ;
        if (L.tok != T_ASSIGN && !plus) { printf("expected assignment\n"); exit(1); }
        next(&L);
        u32 v = parse_ternary(&L);
        expect(&L, T_SEMI);
        vars[vi] = plus ? vars[vi] + v : v;
        h = (h ^ vars[vi]) * 16777619u;
    }
    return h;
}

/* ---------------- JSON-like document ---------------- */

static void gen_json(Buf *b, int items) {
    bput(b, "{\"items\": [\n");
    for (int i = 0; i < items; i++) {
        bput(b, "  {\"id\": "); bnum(b, (u32)i);
        bput(b, ", \"name\": \"item_"); bnum(b, rnd() % 100000); bput(b, "\\n\\\"q\\\"\"");
        bput(b, ", \"active\": "); bput(b, rnd() & 1 ? "true" : "false");
        bput(b, ", \"tags\": [");
        int nt = (int)(rnd() % 4);
        for (int t = 0; t < nt; t++) { if (t) bput(b, ", "); bnum(b, rnd() % 50); }
        bput(b, "], \"weight\": -"); bnum(b, rnd() % 10000);
        bput(b, ", \"extra\": null}");
        bput(b, i + 1 < items ? ",\n" : "\n");
    }
    bput(b, "]}\n");
}

typedef struct { const char *s; u32 h; u32 nodes; } JP;

static void jws(JP *p) { while (*p->s == ' ' || *p->s == '\n' || *p->s == '\t' || *p->s == '\r') p->s++; }
static void jfail(const char *m) { printf("json error: %s\n", m); exit(1); }

static void jvalue(JP *p);

static void jstring(JP *p) {
    if (*p->s != '"') jfail("expected string");
    p->s++;
    u32 h = 5381;
    while (*p->s != '"') {
        char c = *p->s++;
        if (c == 0) jfail("unterminated string");
        if (c == '\\') {
            char e = *p->s++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            default: jfail("bad escape");
            }
        }
        h = h * 33u + (unsigned char)c;
    }
    p->s++;
    p->h = (p->h ^ h) * 16777619u;
}

static void jvalue(JP *p) {
    jws(p);
    p->nodes++;
    char c = *p->s;
    if (c == '{') {
        p->s++; jws(p);
        if (*p->s == '}') { p->s++; return; }
        for (;;) {
            jws(p); jstring(p); jws(p);
            if (*p->s++ != ':') jfail("expected colon");
            jvalue(p); jws(p);
            if (*p->s == ',') { p->s++; continue; }
            if (*p->s == '}') { p->s++; return; }
            jfail("expected , or }");
        }
    } else if (c == '[') {
        p->s++; jws(p);
        if (*p->s == ']') { p->s++; return; }
        for (;;) {
            jvalue(p); jws(p);
            if (*p->s == ',') { p->s++; continue; }
            if (*p->s == ']') { p->s++; return; }
            jfail("expected , or ]");
        }
    } else if (c == '"') {
        jstring(p);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        int neg = c == '-';
        if (neg) p->s++;
        u32 v = 0;
        while (*p->s >= '0' && *p->s <= '9') v = v * 10 + (u32)(*p->s++ - '0');
        p->h = (p->h ^ (neg ? 0u - v : v)) * 16777619u;
    } else if (strncmp(p->s, "true", 4) == 0) { p->s += 4; p->h = (p->h ^ 1) * 16777619u; }
    else if (strncmp(p->s, "false", 5) == 0) { p->s += 5; p->h = (p->h ^ 2) * 16777619u; }
    else if (strncmp(p->s, "null", 4) == 0) { p->s += 4; p->h = (p->h ^ 3) * 16777619u; }
    else jfail("unexpected character");
}

int main(void) {
    u32 h = 2166136261u;
    for (int r = 0; r < PROGRAM_ROUNDS; r++) {
        Buf b = {0, 0, 0};
        gen_program(&b, PROGRAM_STMTS);
        for (int i = 0; i < NVARS; i++) vars[i] = (u32)i * 7u + 1;
        h = (h ^ run_program(b.p)) * 16777619u;
        h = (h ^ (u32)b.len) * 16777619u;
        free(b.p);
    }
    Buf j = {0, 0, 0};
    gen_json(&j, JSON_ITEMS);
    JP p = {j.p, 2166136261u, 0};
    jvalue(&p);
    jws(&p);
    if (*p.s) jfail("trailing data");
    h = (h ^ p.h) * 16777619u;
    h = (h ^ p.nodes) * 16777619u;
    free(j.p);
    printf("exprparse checksum=%08x\n", h);
    return 0;
}
