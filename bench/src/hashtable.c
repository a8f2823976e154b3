/* hashtable: open-addressing hash map (linear probing, tombstones,
 * growth by rehash) with u64 keys. Mix of inserts, lookups (hits and
 * misses) and deletes driven by an LCG. Random memory access. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPS 3000000u

typedef unsigned long long u64;

enum { EMPTY = 0, FULL = 1, TOMB = 2 };

typedef struct {
    u64 *keys;
    unsigned *vals;
    unsigned char *state;
    unsigned cap;   /* power of two */
    unsigned used;  /* FULL + TOMB */
    unsigned count; /* FULL */
} Map;

static u64 mix(u64 k) {
    k ^= k >> 33; k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53ull;
    k ^= k >> 33;
    return k;
}

static void map_init(Map *m, unsigned cap) {
    m->cap = cap; m->used = m->count = 0;
    m->keys = calloc(cap, sizeof(u64));
    m->vals = calloc(cap, sizeof(unsigned));
    m->state = calloc(cap, 1);
}

static void map_free(Map *m) { free(m->keys); free(m->vals); free(m->state); }

static void map_put(Map *m, u64 key, unsigned val);

static void map_grow(Map *m) {
    Map old = *m;
    unsigned ncap = m->count * 4 > m->cap ? m->cap * 2 : m->cap; /* rehash in place size if mostly tombstones */
    map_init(m, ncap);
    for (unsigned i = 0; i < old.cap; i++)
        if (old.state[i] == FULL) map_put(m, old.keys[i], old.vals[i]);
    map_free(&old);
}

static void map_put(Map *m, u64 key, unsigned val) {
    if ((m->used + 1) * 4 > m->cap * 3) map_grow(m);
    unsigned mask = m->cap - 1, i = (unsigned)mix(key) & mask;
    int tomb = -1;
    for (;;) {
        unsigned char s = m->state[i];
        if (s == EMPTY) break;
        if (s == TOMB) { if (tomb < 0) tomb = (int)i; }
        else if (m->keys[i] == key) { m->vals[i] = val; return; }
        i = (i + 1) & mask;
    }
    if (tomb >= 0) i = (unsigned)tomb; else m->used++;
    m->state[i] = FULL; m->keys[i] = key; m->vals[i] = val; m->count++;
}

static int map_find(const Map *m, u64 key) {
    unsigned mask = m->cap - 1, i = (unsigned)mix(key) & mask;
    for (;;) {
        unsigned char s = m->state[i];
        if (s == EMPTY) return -1;
        if (s == FULL && m->keys[i] == key) return (int)i;
        i = (i + 1) & mask;
    }
}

static int map_del(Map *m, u64 key) {
    int i = map_find(m, key);
    if (i < 0) return 0;
    m->state[i] = TOMB; m->count--;
    return 1;
}

static u64 rng = 88172645463325252ull;
static u64 xorshift(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

int main(void) {
    Map m;
    map_init(&m, 16);
    unsigned h = 2166136261u, hits = 0, misses = 0, dels = 0;
    for (unsigned op = 0; op < OPS; op++) {
        u64 r = xorshift();
        u64 key = (r >> 8) % 200000u * 2654435761u; /* bounded key space -> collisions & repeats */
        switch (r & 7) {
        case 0: case 1: case 2:
            map_put(&m, key, op);
            break;
        case 3: case 4: case 5: {
            int i = map_find(&m, key);
            if (i >= 0) { hits++; h = (h ^ m.vals[i]) * 16777619u; }
            else misses++;
            break;
        }
        default:
            dels += (unsigned)map_del(&m, key);
            break;
        }
    }
    /* final scan */
    u64 ksum = 0;
    for (unsigned i = 0; i < m.cap; i++)
        if (m.state[i] == FULL) { ksum += m.keys[i] ^ m.vals[i]; }
    h = (h ^ hits) * 16777619u;
    h = (h ^ misses) * 16777619u;
    h = (h ^ dels) * 16777619u;
    h = (h ^ m.count) * 16777619u;
    h = (h ^ (unsigned)ksum ^ (unsigned)(ksum >> 32)) * 16777619u;
    printf("hashtable checksum=%08x\n", h);
    map_free(&m);
    return 0;
}
