/* crc32: table-driven CRC-32 (IEEE, reflected) in byte-at-a-time and
 * slicing-by-4 variants, plus Adler-32, over a generated buffer.
 * Table lookups (loads with computed addresses), shifts and xors. */
#include <stdio.h>
#include <stdlib.h>

#define BUF_SIZE (4u << 20)
#define PASSES 12

typedef unsigned int u32;
typedef unsigned char u8;

static u32 T[4][256];

static void make_tables(void) {
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        T[0][i] = c;
    }
    for (u32 i = 0; i < 256; i++) {
        T[1][i] = (T[0][i] >> 8) ^ T[0][T[0][i] & 0xff];
        T[2][i] = (T[1][i] >> 8) ^ T[0][T[1][i] & 0xff];
        T[3][i] = (T[2][i] >> 8) ^ T[0][T[2][i] & 0xff];
    }
}

static u32 crc_bytewise(u32 crc, const u8 *p, size_t n) {
    crc = ~crc;
    while (n--) crc = T[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static u32 crc_slice4(u32 crc, const u8 *p, size_t n) {
    crc = ~crc;
    while (n >= 4) {
        crc ^= (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
        crc = T[3][crc & 0xff] ^ T[2][(crc >> 8) & 0xff] ^ T[1][(crc >> 16) & 0xff] ^ T[0][crc >> 24];
        p += 4; n -= 4;
    }
    while (n--) crc = T[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static u32 adler32(const u8 *p, size_t n) {
    u32 a = 1, b = 0;
    while (n) {
        size_t k = n < 5552 ? n : 5552;
        n -= k;
        while (k--) { a += *p++; b += a; }
        a %= 65521u; b %= 65521u;
    }
    return b << 16 | a;
}

int main(void) {
    make_tables();
    if (crc_bytewise(0, (const u8 *)"123456789", 9) != 0xcbf43926u) { puts("crc32 self-test FAILED"); return 1; }
    u8 *buf = malloc(BUF_SIZE);
    u32 x = 1;
    for (u32 i = 0; i < BUF_SIZE; i++) { x = x * 1103515245u + 12345u; buf[i] = (u8)(x >> 16); }
    u32 h = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        size_t n = BUF_SIZE - (size_t)pass * 4099;
        u32 c1 = crc_bytewise(0, buf, n);
        u32 c2 = crc_slice4(0, buf, n);
        if (c1 != c2) { puts("crc32 slice mismatch"); return 1; }
        h = h * 31u ^ c1;
        buf[pass * 7919] ^= 0x5a; /* perturb so each pass differs */
    }
    h ^= adler32(buf, BUF_SIZE);
    printf("crc32 checksum=%08x\n", h);
    free(buf);
    return 0;
}
