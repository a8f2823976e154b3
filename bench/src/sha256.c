/* sha256: SHA-256 (FIPS 180-4) of a large generated buffer, hashed in
 * one pass and again in uneven chunks through the streaming API.
 * 32-bit rotates, shifts, xors and adds; big-endian byte assembly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE (10u << 20)

typedef unsigned int u32;
typedef unsigned char u8;

typedef struct {
    u32 h[8];
    u8 block[64];
    unsigned blen;
    unsigned long long total;
} Sha256;

static const u32 K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static u32 rotr(u32 x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void compress(u32 st[8], const u8 *p) {
    u32 w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        u32 s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        u32 s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    u32 a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    for (int i = 0; i < 64; i++) {
        u32 S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        u32 ch = (e & f) ^ (~e & g);
        u32 t1 = h + S1 + ch + K[i] + w[i];
        u32 S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        u32 maj = (a & b) ^ (a & c) ^ (b & c);
        u32 t2 = S0 + maj;
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

static void sha_init(Sha256 *s) {
    static const u32 iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->blen = 0; s->total = 0;
}

static void sha_update(Sha256 *s, const u8 *p, size_t n) {
    s->total += n;
    if (s->blen) {
        while (n && s->blen < 64) { s->block[s->blen++] = *p++; n--; }
        if (s->blen == 64) { compress(s->h, s->block); s->blen = 0; }
    }
    while (n >= 64) { compress(s->h, p); p += 64; n -= 64; }
    while (n) { s->block[s->blen++] = *p++; n--; }
}

static void sha_final(Sha256 *s, u8 out[32]) {
    unsigned long long bits = s->total * 8;
    u8 pad = 0x80;
    sha_update(s, &pad, 1);
    u8 zero = 0;
    while (s->blen != 56) sha_update(s, &zero, 1);
    u8 len[8];
    for (int i = 0; i < 8; i++) len[i] = (u8)(bits >> (56 - 8 * i));
    sha_update(s, len, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (u8)(s->h[i] >> 24); out[4 * i + 1] = (u8)(s->h[i] >> 16);
        out[4 * i + 2] = (u8)(s->h[i] >> 8); out[4 * i + 3] = (u8)s->h[i];
    }
}

int main(void) {
    /* self-test against the well-known digest of "abc" */
    static const u8 abc_digest[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    Sha256 s;
    u8 d1[32], d2[32];
    sha_init(&s); sha_update(&s, (const u8 *)"abc", 3); sha_final(&s, d1);
    if (memcmp(d1, abc_digest, 32) != 0) { puts("sha256 self-test FAILED"); return 1; }

    u8 *buf = malloc(BUF_SIZE);
    u32 x = 0x9e3779b9u;
    for (u32 i = 0; i < BUF_SIZE; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; buf[i] = (u8)(x >> 11); }

    sha_init(&s); sha_update(&s, buf, BUF_SIZE); sha_final(&s, d1);
    sha_init(&s);
    size_t off = 0, step = 1;
    while (off < BUF_SIZE) {
        size_t n = step < BUF_SIZE - off ? step : BUF_SIZE - off;
        sha_update(&s, buf + off, n);
        off += n;
        step = (step * 7 + 3) % 9973;
    }
    sha_final(&s, d2);
    if (memcmp(d1, d2, 32) != 0) { puts("sha256 streaming mismatch"); return 1; }
    printf("sha256 checksum=");
    for (int i = 0; i < 32; i++) printf("%02x", d1[i]);
    printf("\n");
    free(buf);
    return 0;
}
