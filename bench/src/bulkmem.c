/* bulkmem: memcpy / memset / memmove / memcmp heavy workload (maps to
 * memory.copy / memory.fill when the toolchain enables bulk memory,
 * otherwise to libc loops). Mixes large block copies, many small
 * unaligned copies, overlapping moves in both directions, a ring
 * buffer, and a "gap buffer" text editor simulation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BENCH_NAME
#define BENCH_NAME "bulkmem"
#endif

/* The work scales with BULKMEM_SCALE: the bulk-memory variant
 * (variants.txt), four times as fast under an interpreter, does twice as
 * much, so that both run between 0.5 and 3 seconds. */
#ifndef BULKMEM_SCALE
#define BULKMEM_SCALE 1
#endif
#define BIG (4u << 20)
#define BIG_ROUNDS (15 * BULKMEM_SCALE)
#define SMALL_OPS (1900000 * BULKMEM_SCALE)
#define GAP_EDITS (22000 * BULKMEM_SCALE)

typedef unsigned int u32;
typedef unsigned char u8;

static u32 rs = 0x1badb002u;
static u32 rnd(void) { rs ^= rs << 13; rs ^= rs >> 17; rs ^= rs << 5; return rs; }

static u32 fnv(const u8 *p, size_t n, u32 h) {
    /* sample every 61st byte to keep hashing cheap relative to copying */
    for (size_t i = 0; i < n; i += 61) h = (h ^ p[i]) * 16777619u;
    return h;
}

/* gap buffer: text with a movable gap for insertions */
typedef struct { u8 *buf; size_t cap, gap_start, gap_end; } Gap;

static void gap_move(Gap *g, size_t pos) {
    if (pos < g->gap_start) {
        size_t n = g->gap_start - pos;
        memmove(g->buf + g->gap_end - n, g->buf + pos, n);
        g->gap_start -= n; g->gap_end -= n;
    } else if (pos > g->gap_start) {
        size_t n = pos - g->gap_start;
        memmove(g->buf + g->gap_start, g->buf + g->gap_end, n);
        g->gap_start += n; g->gap_end += n;
    }
}

static void gap_grow(Gap *g, size_t need) {
    if (g->gap_end - g->gap_start >= need) return;
    size_t ncap = g->cap * 2 + need;
    u8 *nb = malloc(ncap);
    size_t tail = g->cap - g->gap_end;
    memcpy(nb, g->buf, g->gap_start);
    memcpy(nb + ncap - tail, g->buf + g->gap_end, tail);
    free(g->buf);
    g->buf = nb; g->gap_end = ncap - tail; g->cap = ncap;
}

static size_t gap_len(const Gap *g) { return g->cap - (g->gap_end - g->gap_start); }

int main(void) {
    u8 *a = malloc(BIG), *b = malloc(BIG);
    u32 h = 2166136261u;
    for (u32 i = 0; i < BIG; i++) a[i] = (u8)(i * 131u + (i >> 9));

    /* 1. large copies, fills and overlapping moves */
    for (int r = 0; r < BIG_ROUNDS; r++) {
        memcpy(b, a, BIG);
        memset(b + (r * 4099) % (BIG / 2), (int)(r * 37), BIG / 4);
        memmove(b + 1 + r, b, BIG / 2);             /* overlapping, forward */
        memmove(b, b + 3 + r * 5, BIG / 2);         /* overlapping, backward */
        int c = memcmp(a, b, BIG);
        h = (h ^ (u32)((c > 0) - (c < 0)) * 7u) * 16777619u; /* only the sign is portable */
        h = fnv(b, BIG, h);
        u8 *t = a; a = b; b = t;
    }

    /* 2. many small copies at unaligned offsets */
    for (int i = 0; i < SMALL_OPS; i++) {
        u32 r = rnd();
        size_t len = 1 + (r & 127);
        size_t src = (r >> 7) % (BIG - 256), dst = (rnd() >> 3) % (BIG - 256);
        switch (r >> 30) {
        case 0: memcpy(b + dst, a + src, len); break;
        case 1: memmove(a + dst, a + src, len); break;
        case 2: memset(b + dst, (int)(r >> 22), len); break;
        default: h = (h ^ (u32)(memcmp(a + src, b + dst, len) > 0)) * 16777619u; break;
        }
    }
    h = fnv(a, BIG, h);
    h = fnv(b, BIG, h);

    /* 3. gap buffer edits */
    Gap g = {malloc(1024), 1024, 0, 1024};
    for (int e = 0; e < GAP_EDITS; e++) {
        u32 r = rnd();
        size_t len = gap_len(&g);
        size_t pos = len ? (r >> 4) % (len + 1) : 0;
        if ((r & 3) != 3 || len < 64) {
            size_t n = 1 + (r >> 24) % 48;
            gap_grow(&g, n);
            gap_move(&g, pos);
            memcpy(g.buf + g.gap_start, a + (r % (BIG - 64)), n);
            g.gap_start += n;
        } else {
            size_t n = 1 + (r >> 24) % 40;
            if (pos + n > len) n = len - pos;
            gap_move(&g, pos);
            g.gap_end += n; /* delete n bytes after the cursor */
        }
    }
    gap_move(&g, gap_len(&g));
    h = (h ^ (u32)gap_len(&g)) * 16777619u;
    for (size_t i = 0; i < g.gap_start; i++) h = (h ^ g.buf[i]) * 16777619u;
    free(g.buf);

    printf(BENCH_NAME " checksum=%08x\n", h);
    free(a); free(b);
    return 0;
}
