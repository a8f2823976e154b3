/* lzss: a larger program. Generates ~2 MB of pseudo-text, compresses it
 * with an LZSS coder (hash chains, lazy matching, 32 KiB window), then
 * entropy-codes the LZSS stream with a canonical, length-limited
 * Huffman coder, and finally decodes both stages and verifies the
 * round trip byte for byte. Exercises mixed integer work, byte and
 * bit manipulation, unpredictable branches and random-ish loads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#define INPUT_SIZE (2u << 20)
#define WINDOW (1u << 15)
#define WMASK (WINDOW - 1)
#define HASH_BITS 15
#define HASH_SIZE (1u << HASH_BITS)
#define MIN_MATCH 3
#define MAX_MATCH 258
#define MAX_CHAIN 48
#define NIL 0xffffffffu

static void die(const char *msg) { printf("lzss: %s\n", msg); exit(1); }

/* ------------------------------------------------------------------ */
/* input generation                                                    */

static u32 rs = 0xc0ffee11u;
static u32 rnd(void) { rs ^= rs << 13; rs ^= rs >> 17; rs ^= rs << 5; return rs; }

static const char *WORDS[] = {
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by",
    "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had",
    "they", "you", "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if",
    "more", "when", "will", "would", "who", "so", "no", "memory", "module", "function", "table",
    "import", "export", "instance", "value", "stack", "frame", "branch", "interpreter", "runtime",
    "compile", "validate", "section", "global", "element", "segment", "instruction", "local",
};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

static size_t gen_input(u8 *out, size_t n) {
    size_t len = 0;
    int sentence = 0;
    while (len + 300 < n) {
        u32 r = rnd();
        if ((r & 63) == 0 && len > 5000) {
            /* repeat an earlier chunk verbatim: long-distance match */
            size_t l = 20 + (r >> 8) % 200, from = (rnd() % (len - l));
            if (len - from > WINDOW * 2) from = len - WINDOW + (from % (WINDOW / 2));
            memmove(out + len, out + from, l);
            len += l;
            continue;
        }
        if ((r & 255) == 1) { /* a number */
            len += (size_t)sprintf((char *)out + len, "%u", rnd() % 100000);
        } else {
            /* skewed word choice: small indices much more likely */
            u32 w = (r >> 8) % NWORDS;
            w = w * ((r >> 20) & 15) / 15;
            const char *s = WORDS[w];
            size_t l = strlen(s);
            memcpy(out + len, s, l);
            if (sentence == 0 && out[len] >= 'a') out[len] = (u8)(out[len] - 32);
            len += l;
        }
        sentence++;
        u32 p = rnd() % 32;
        if (p == 0) { out[len++] = '.'; out[len++] = (rnd() & 7) ? ' ' : '\n'; sentence = 0; }
        else if (p == 1) { out[len++] = ','; out[len++] = ' '; }
        else out[len++] = ' ';
    }
    return len;
}

/* ------------------------------------------------------------------ */
/* LZSS                                                                 */
/* Stream: groups of up to 8 items preceded by a flag byte (bit i set =
 * item i is a match). Literal: 1 byte. Match: 1 byte (len - 3) then
 * 2 bytes little-endian (distance - 1).                               */

static u32 head[HASH_SIZE];
static u32 prevpos[WINDOW];

static u32 hash3(const u8 *p) { return ((u32)p[0] << 16 | (u32)p[1] << 8 | p[2]) * 2654435761u >> (32 - HASH_BITS); }

static void insert(const u8 *in, u32 pos) {
    u32 h = hash3(in + pos);
    prevpos[pos & WMASK] = head[h];
    head[h] = pos;
}

static u32 longest_match(const u8 *in, u32 pos, u32 n, u32 *dist_out) {
    u32 best = 0, chain = MAX_CHAIN;
    u32 limit = pos > WINDOW ? pos - WINDOW : 0;
    u32 maxlen = n - pos < MAX_MATCH ? n - pos : MAX_MATCH;
    if (maxlen < MIN_MATCH) return 0;
    u32 cand = head[hash3(in + pos)];
    while (cand != NIL && cand >= limit && cand < pos && chain--) {
        const u8 *a = in + cand, *b = in + pos;
        if (a[best] == b[best] && a[0] == b[0] && a[1] == b[1]) {
            u32 l = 2;
            while (l < maxlen && a[l] == b[l]) l++;
            if (l > best) {
                best = l; *dist_out = pos - cand;
                if (l == maxlen) break;
            }
        }
        u32 nx = prevpos[cand & WMASK];
        if (nx >= cand) break; /* stale entry from an older window */
        cand = nx;
    }
    return best >= MIN_MATCH ? best : 0;
}

typedef struct { u8 *out; size_t len; size_t flag_at; int nitems; } LzOut;

static void lz_item_begin(LzOut *o) {
    if (o->nitems == 0) { o->flag_at = o->len; o->out[o->len++] = 0; }
}
static void lz_item_end(LzOut *o) { if (++o->nitems == 8) o->nitems = 0; }

static void lz_literal(LzOut *o, u8 c) {
    lz_item_begin(o);
    o->out[o->len++] = c;
    lz_item_end(o);
}

static void lz_match(LzOut *o, u32 len, u32 dist) {
    lz_item_begin(o);
    o->out[o->flag_at] |= (u8)(1u << o->nitems);
    o->out[o->len++] = (u8)(len - MIN_MATCH);
    o->out[o->len++] = (u8)(dist - 1);
    o->out[o->len++] = (u8)((dist - 1) >> 8);
    lz_item_end(o);
}

static size_t lz_compress(const u8 *in, u32 n, u8 *out, u32 *nmatches) {
    LzOut o = {out, 0, 0, 0};
    for (u32 i = 0; i < HASH_SIZE; i++) head[i] = NIL;
    u32 pos = 0;
    *nmatches = 0;
    while (pos < n) {
        u32 dist = 0, len = (pos + MIN_MATCH <= n) ? longest_match(in, pos, n, &dist) : 0;
        if (len && pos + 1 + MIN_MATCH <= n && len < 32) {
            /* lazy evaluation: prefer a longer match starting one byte later */
            insert(in, pos);
            u32 d2 = 0, l2 = longest_match(in, pos + 1, n, &d2);
            if (l2 > len + 1) {
                lz_literal(&o, in[pos]);
                pos++;
                len = l2; dist = d2;
            } else {
                lz_match(&o, len, dist); (*nmatches)++;
                for (u32 k = 1; k < len; k++) if (pos + k + MIN_MATCH <= n) insert(in, pos + k);
                pos += len;
                continue;
            }
        }
        if (len) {
            lz_match(&o, len, dist); (*nmatches)++;
            for (u32 k = 0; k < len; k++) if (pos + k + MIN_MATCH <= n) insert(in, pos + k);
            pos += len;
        } else {
            lz_literal(&o, in[pos]);
            if (pos + MIN_MATCH <= n) insert(in, pos);
            pos++;
        }
    }
    return o.len;
}

static size_t lz_decompress(const u8 *in, size_t n, u8 *out, size_t cap) {
    size_t ip = 0, op = 0;
    while (ip < n) {
        u8 flags = in[ip++];
        for (int i = 0; i < 8 && ip < n; i++) {
            if (flags & (1u << i)) {
                if (ip + 3 > n) die("truncated match");
                u32 len = (u32)in[ip] + MIN_MATCH;
                u32 dist = ((u32)in[ip + 1] | (u32)in[ip + 2] << 8) + 1;
                ip += 3;
                if (dist > op || op + len > cap) die("bad match");
                const u8 *src = out + op - dist;
                for (u32 k = 0; k < len; k++) out[op + k] = src[k]; /* may overlap */
                op += len;
            } else {
                if (op >= cap) die("output overflow");
                out[op++] = in[ip++];
            }
        }
    }
    return op;
}

/* ------------------------------------------------------------------ */
/* canonical Huffman over bytes, code lengths limited to MAXBITS      */

#define NSYM 256
#define MAXBITS 15

typedef struct { u32 freq; int sym; int left, right; } HNode;

static void heap_push(int *heap, int *hn, const HNode *nodes, int v) {
    int i = (*hn)++;
    while (i > 0) {
        int p = (i - 1) / 2;
        const HNode *a = &nodes[heap[p]], *b = &nodes[v];
        if (a->freq < b->freq || (a->freq == b->freq && heap[p] < v)) break;
        heap[i] = heap[p]; i = p;
    }
    heap[i] = v;
}

static int heap_pop(int *heap, int *hn, const HNode *nodes) {
    int top = heap[0], v = heap[--(*hn)], i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= *hn) break;
        if (c + 1 < *hn) {
            const HNode *x = &nodes[heap[c + 1]], *y = &nodes[heap[c]];
            if (x->freq < y->freq || (x->freq == y->freq && heap[c + 1] < heap[c])) c++;
        }
        const HNode *x = &nodes[heap[c]], *y = &nodes[v];
        if (y->freq < x->freq || (y->freq == x->freq && v < heap[c])) break;
        heap[i] = heap[c]; i = c;
    }
    heap[i] = v;
    return top;
}

static void depths(const HNode *nodes, int n, int d, u8 *lens) {
    if (nodes[n].sym >= 0) { lens[nodes[n].sym] = (u8)(d ? d : 1); return; }
    depths(nodes, nodes[n].left, d + 1, lens);
    depths(nodes, nodes[n].right, d + 1, lens);
}

static void build_lengths(const u32 *freq_in, u8 *lens) {
    u32 freq[NSYM];
    memcpy(freq, freq_in, sizeof freq);
    for (;;) {
        HNode nodes[2 * NSYM];
        int heap[NSYM], hn = 0, nn = 0;
        memset(lens, 0, NSYM);
        for (int s = 0; s < NSYM; s++)
            if (freq[s]) { nodes[nn] = (HNode){freq[s], s, -1, -1}; heap_push(heap, &hn, nodes, nn++); }
        if (nn == 0) return;
        while (hn > 1) {
            int a = heap_pop(heap, &hn, nodes), b = heap_pop(heap, &hn, nodes);
            nodes[nn] = (HNode){nodes[a].freq + nodes[b].freq, -1, a, b};
            heap_push(heap, &hn, nodes, nn++);
        }
        depths(nodes, heap[0], 0, lens);
        int maxl = 0;
        for (int s = 0; s < NSYM; s++) if (lens[s] > maxl) maxl = lens[s];
        if (maxl <= MAXBITS) return;
        /* too deep: flatten the distribution and retry */
        for (int s = 0; s < NSYM; s++) if (freq[s]) freq[s] = (freq[s] >> 1) | 1;
    }
}

static void canonical_codes(const u8 *lens, u16 *codes) {
    u16 count[MAXBITS + 1] = {0}, next[MAXBITS + 2];
    for (int s = 0; s < NSYM; s++) count[lens[s]]++;
    count[0] = 0;
    u16 code = 0;
    for (int b = 1; b <= MAXBITS; b++) { code = (u16)((code + count[b - 1]) << 1); next[b] = code; }
    for (int s = 0; s < NSYM; s++) if (lens[s]) codes[s] = next[lens[s]]++;
}

typedef struct { u8 *out; size_t len; u32 acc; int nbits; } BitW;

static void put_bits_msb(BitW *w, u32 code, int n) {
    for (int i = n - 1; i >= 0; i--) {
        w->acc = (w->acc << 1) | ((code >> i) & 1);
        if (++w->nbits == 8) { w->out[w->len++] = (u8)w->acc; w->acc = 0; w->nbits = 0; }
    }
}

static void flush_bits(BitW *w) { while (w->nbits) put_bits_msb(w, 0, 1); }

/* output: 256 length bytes, 4-byte symbol count, then the bit stream */
static size_t huff_encode(const u8 *in, size_t n, u8 *out) {
    u32 freq[NSYM] = {0};
    u8 lens[NSYM];
    u16 codes[NSYM];
    for (size_t i = 0; i < n; i++) freq[in[i]]++;
    build_lengths(freq, lens);
    canonical_codes(lens, codes);
    memcpy(out, lens, NSYM);
    for (int i = 0; i < 4; i++) out[NSYM + i] = (u8)(n >> (8 * i));
    BitW w = {out + NSYM + 4, 0, 0, 0};
    for (size_t i = 0; i < n; i++) put_bits_msb(&w, codes[in[i]], lens[in[i]]);
    flush_bits(&w);
    return NSYM + 4 + w.len;
}

static size_t huff_decode(const u8 *in, size_t n, u8 *out, size_t cap) {
    const u8 *lens = in;
    u16 count[MAXBITS + 1] = {0}, offs[MAXBITS + 2];
    u8 sorted[NSYM];
    for (int s = 0; s < NSYM; s++) count[lens[s]]++;
    count[0] = 0;
    offs[1] = 0;
    for (int b = 1; b <= MAXBITS; b++) offs[b + 1] = (u16)(offs[b] + count[b]);
    for (int s = 0; s < NSYM; s++) if (lens[s]) sorted[offs[lens[s]]++] = (u8)s;
    /* rebuild offs (consumed above) */
    offs[1] = 0;
    for (int b = 1; b <= MAXBITS; b++) offs[b + 1] = (u16)(offs[b] + count[b]);
    size_t nsym = 0;
    for (int i = 0; i < 4; i++) nsym |= (size_t)in[NSYM + i] << (8 * i);
    if (nsym > cap) die("huffman: too many symbols");
    const u8 *bits = in + NSYM + 4;
    size_t nbytes = n - NSYM - 4, bitpos = 0;
    for (size_t k = 0; k < nsym; k++) {
        int code = 0, first = 0, index = 0;
        for (int len = 1;; len++) {
            if (len > MAXBITS) die("huffman: bad code");
            if ((bitpos >> 3) >= nbytes) die("huffman: truncated");
            code |= (bits[bitpos >> 3] >> (7 - (bitpos & 7))) & 1;
            bitpos++;
            int c = count[len];
            if (code - c < first) { out[k] = sorted[index + (code - first)]; break; }
            index += c; first += c;
            first <<= 1; code <<= 1;
        }
    }
    return nsym;
}

/* ------------------------------------------------------------------ */

static u32 fnv(const u8 *p, size_t n) {
    u32 h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

int main(void) {
    u8 *input = malloc(INPUT_SIZE);
    u8 *lz = malloc(INPUT_SIZE + INPUT_SIZE / 8 + 16);
    u8 *hf = malloc(INPUT_SIZE * 2 + 1024);
    u8 *lz2 = malloc(INPUT_SIZE + INPUT_SIZE / 8 + 16);
    u8 *output = malloc(INPUT_SIZE);
    size_t n = gen_input(input, INPUT_SIZE);
    u32 nmatches;
    size_t lzlen = lz_compress(input, (u32)n, lz, &nmatches);
    size_t hflen = huff_encode(lz, lzlen, hf);
    size_t lz2len = huff_decode(hf, hflen, lz2, INPUT_SIZE + INPUT_SIZE / 8 + 16);
    if (lz2len != lzlen || memcmp(lz, lz2, lzlen) != 0) die("huffman round trip failed");
    size_t outlen = lz_decompress(lz2, lz2len, output, INPUT_SIZE);
    if (outlen != n || memcmp(input, output, n) != 0) die("lzss round trip failed");
    u32 h = fnv(hf, hflen);
    h = (h ^ (u32)n) * 16777619u;
    h = (h ^ (u32)lzlen) * 16777619u;
    h = (h ^ (u32)hflen) * 16777619u;
    h = (h ^ nmatches) * 16777619u;
    printf("lzss checksum=%08x\n", h);
    free(input); free(lz); free(hf); free(lz2); free(output);
    return 0;
}
