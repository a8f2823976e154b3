/* shapes: call_indirect-heavy code. A hand-rolled "virtual dispatch"
 * object model (vtables of function pointers) for several shape
 * kinds, a visitor-style pass over a heterogeneous array, plus a table
 * of unary integer ops applied in data-driven order and a qsort()
 * with a comparator callback. Integer (fixed-point) math only. */
#include <stdio.h>
#include <stdlib.h>

#define NSHAPES 20000
#define FRAMES 60
#define OPCHAIN 4000000

typedef unsigned int u32;
typedef int i32;

struct Shape;
typedef struct {
    const char *name;
    i32 (*area)(const struct Shape *);
    i32 (*perimeter)(const struct Shape *);
    void (*move)(struct Shape *, i32 dx, i32 dy);
    void (*scale)(struct Shape *, i32 num, i32 den);
    u32 (*hash)(const struct Shape *, u32 seed);
} VTable;

typedef struct Shape {
    const VTable *vt;
    i32 x, y;
    i32 a, b, c; /* kind-specific parameters (fixed point 1/16) */
} Shape;

static i32 isqrt(i32 v) { /* integer sqrt by Newton; v >= 0 */
    if (v <= 0) return 0;
    u32 x = (u32)v, y = (x + 1) / 2;
    while (y < x) { x = y; y = (x + (u32)v / x) / 2; }
    return (i32)x;
}

static i32 circle_area(const Shape *s) { return (i32)((201LL * s->a * s->a) >> 6) ; }
static i32 circle_perim(const Shape *s) { return (i32)((201LL * s->a) >> 5); }
static i32 rect_area(const Shape *s) { return (i32)(((long long)s->a * s->b) >> 4); }
static i32 rect_perim(const Shape *s) { return 2 * (s->a + s->b); }
static i32 tri_area(const Shape *s) { /* Heron, scaled */
    long long p = (s->a + s->b + s->c) / 2;
    long long q = p * (p - s->a) * (p - s->b) / 16 * (p - s->c) / 16;
    return isqrt(q > 0 ? (i32)(q & 0x3fffffff) : 0);
}
static i32 tri_perim(const Shape *s) { return s->a + s->b + s->c; }
static i32 square_area(const Shape *s) { return (s->a * s->a) >> 4; }
static i32 square_perim(const Shape *s) { return 4 * s->a; }
static i32 ring_area(const Shape *s) { return circle_area(s) - (i32)((201LL * s->b * s->b) >> 6); }
static i32 ring_perim(const Shape *s) { return (i32)((201LL * (s->a + s->b)) >> 5); }

static void generic_move(Shape *s, i32 dx, i32 dy) { s->x += dx; s->y += dy; }
static void wrap_move(Shape *s, i32 dx, i32 dy) { s->x = (s->x + dx) & 0xffff; s->y = (s->y + dy) & 0xffff; }
static void clamp(i32 *v) { if (*v < 8) *v = 8; if (*v > 4096) *v = 4096; }
static void scale1(Shape *s, i32 n, i32 d) { s->a = s->a * n / d; clamp(&s->a); }
static void scale2(Shape *s, i32 n, i32 d) { s->a = s->a * n / d; s->b = s->b * n / d; clamp(&s->a); clamp(&s->b); }
static void scale3(Shape *s, i32 n, i32 d) {
    s->a = s->a * n / d; s->b = s->b * n / d; s->c = s->c * n / d;
    clamp(&s->a); clamp(&s->b); clamp(&s->c);
    /* keep the triangle inequality */
    if (s->c >= s->a + s->b) s->c = s->a + s->b - 1;
}
static void ring_scale(Shape *s, i32 n, i32 d) { scale2(s, n, d); if (s->b >= s->a) s->b = s->a / 2; }
static u32 hash_basic(const Shape *s, u32 seed) { return (seed ^ (u32)s->x) * 16777619u ^ (u32)s->y; }
static u32 hash_full(const Shape *s, u32 seed) {
    seed = (seed ^ (u32)s->a) * 16777619u; seed = (seed ^ (u32)s->b) * 16777619u;
    return (seed ^ (u32)s->c) * 16777619u;
}

static const VTable VT[5] = {
    {"circle", circle_area, circle_perim, generic_move, scale1, hash_basic},
    {"rect", rect_area, rect_perim, wrap_move, scale2, hash_full},
    {"triangle", tri_area, tri_perim, generic_move, scale3, hash_full},
    {"square", square_area, square_perim, wrap_move, scale1, hash_basic},
    {"ring", ring_area, ring_perim, generic_move, ring_scale, hash_full},
};

/* a table of small integer ops, chained through function pointers */
typedef u32 (*UnOp)(u32);
static u32 op_inc(u32 x) { return x + 1; }
static u32 op_dbl(u32 x) { return x * 2; }
static u32 op_rot(u32 x) { return x << 7 | x >> 25; }
static u32 op_xs(u32 x) { return x ^ (x >> 13); }
static u32 op_mul(u32 x) { return x * 0x9e3779b1u; }
static u32 op_not(u32 x) { return ~x; }
static u32 op_sub(u32 x) { return x - 0x1234567u; }
static u32 op_swp(u32 x) { return (x >> 16) | (x << 16); }
static const UnOp OPS[8] = {op_inc, op_dbl, op_rot, op_xs, op_mul, op_not, op_sub, op_swp};

static int cmp_area(const void *pa, const void *pb) {
    const Shape *a = *(Shape *const *)pa, *b = *(Shape *const *)pb;
    i32 x = a->vt->area(a), y = b->vt->area(b);
    if (x != y) return x < y ? -1 : 1;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->y != b->y) return a->y < b->y ? -1 : 1;
    return a < b ? -1 : a > b; /* total order: qsort need not be stable */
}

static u32 rs = 0xdeadbeefu;
static u32 rnd(void) { rs ^= rs << 13; rs ^= rs >> 17; rs ^= rs << 5; return rs; }

int main(void) {
    Shape *shapes = malloc(NSHAPES * sizeof(Shape));
    Shape **order = malloc(NSHAPES * sizeof(Shape *));
    for (int i = 0; i < NSHAPES; i++) {
        Shape *s = &shapes[i];
        s->vt = &VT[rnd() % 5];
        s->x = (i32)(rnd() & 0xffff); s->y = (i32)(rnd() & 0xffff);
        s->a = 64 + (i32)(rnd() % 512); s->b = 32 + (i32)(rnd() % 256); s->c = 48 + (i32)(rnd() % 200);
        if (s->c >= s->a + s->b) s->c = s->a + s->b - 1;
        if (s->vt == &VT[4] && s->b >= s->a) s->b = s->a / 2;
        order[i] = s;
    }
    u32 h = 2166136261u;
    long long total_area = 0, total_perim = 0;
    for (int f = 0; f < FRAMES; f++) {
        for (int i = 0; i < NSHAPES; i++) {
            Shape *s = &shapes[i];
            s->vt->move(s, (i32)(i % 7) - 3, (i32)(f % 5) - 2);
            if (((u32)i + (u32)f) % 3 == 0) s->vt->scale(s, 17 + f % 3, 17 + (i & 1) * 2);
            total_area += s->vt->area(s);
            total_perim += s->vt->perimeter(s);
            h = s->vt->hash(s, h);
        }
    }
    qsort(order, NSHAPES, sizeof(Shape *), cmp_area);
    for (int i = 0; i < NSHAPES; i += 97) h = order[i]->vt->hash(order[i], h);

    u32 x = 1;
    u32 sel = 0x2545f491u;
    for (u32 i = 0; i < OPCHAIN; i++) {
        sel = sel * 1664525u + 1013904223u;
        x = OPS[sel >> 29](x);
        x = OPS[(sel >> 26) & 7](x);
    }
    h = (h ^ x) * 16777619u;
    h = (h ^ (u32)total_area ^ (u32)((unsigned long long)total_area >> 32)) * 16777619u;
    h = (h ^ (u32)total_perim) * 16777619u;
    printf("shapes checksum=%08x\n", h);
    free(shapes); free(order);
    return 0;
}
