/*
 * test_leb.c - LEB128 and fixed-size reads of wasm/reader.h: extreme values,
 * overlong and too-large encodings (unused bits of the last byte), truncation,
 * and the stickiness of the first error.
 */
#include "../common/test.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "wasm/reader.h"

enum kind { U1, U32, S32, S33, U64, S64 };

static uint64_t read_kind(wasm_reader *r, enum kind k) {
  switch (k) {
  case U1: return wasm_read_uleb(r, 1);
  case U32: return wasm_read_u32(r);
  case S32: return (uint64_t)(int64_t)wasm_read_s32(r);
  case S33: return (uint64_t)wasm_read_sleb(r, 33);
  case U64: return wasm_read_uleb(r, 64);
  case S64: return (uint64_t)wasm_read_s64(r);
  }
  return 0;
}

/* The bytes (a string literal; its length is given) decode to `want`,
 * consuming exactly `used` bytes. */
static void ok(int line, enum kind k, const char *bytes, size_t len, size_t used, uint64_t want) {
  const uint8_t *b = (const uint8_t *)bytes;
  wasm_reader r;
  wasm_reader_init(&r, b, b, b + len);
  uint64_t got = read_kind(&r, k);
  CHECK(!r.error, "line %d: unexpected error %s", line, r.error);
  CHECK(got == want, "line %d: got 0x%" PRIx64 ", want 0x%" PRIx64, line, got, want);
  CHECK(wasm_reader_offset(&r) == used, "line %d: consumed %zu, want %zu", line,
        wasm_reader_offset(&r), used);
}

/* The bytes fail with message `msg`, reported at offset `at`. */
static void bad(int line, enum kind k, const char *bytes, size_t len, const char *msg, size_t at) {
  const uint8_t *b = (const uint8_t *)bytes;
  wasm_reader r;
  wasm_reader_init(&r, b, b, b + len);
  uint64_t got = read_kind(&r, k);
  CHECK(r.error && strcmp(r.error, msg) == 0, "line %d: error %s, want %s", line,
        r.error ? r.error : "(none)", msg);
  CHECK(got == 0, "line %d: a failed read returned 0x%" PRIx64, line, got);
  CHECK(r.error_offset == at, "line %d: error at %zu, want %zu", line, r.error_offset, at);
}

#define OK(k, s, used, want) ok(__LINE__, k, s, sizeof(s) - 1, used, want)
#define BAD(k, s, msg, at) bad(__LINE__, k, s, sizeof(s) - 1, msg, at)

static const char *const LONG = "integer representation too long";
static const char *const LARGE = "integer too large";
static const char *const END = WASM_UNEXPECTED_END;

static void test_unsigned32(void) {
  OK(U32, "\x00", 1, 0);
  OK(U32, "\x7f", 1, 127);
  OK(U32, "\x80\x01", 2, 128);
  OK(U32, "\xe5\x8e\x26", 3, 624485);
  OK(U32, "\xff\xff\xff\xff\x0f", 5, UINT32_MAX);
  OK(U32, "\x80\x80\x80\x80\x00", 5, 0);          /* padded, but 5 bytes are allowed */
  OK(U32, "\x82\x80\x80\x80\x00", 5, 2);
  OK(U32, "\x01\xff", 1, 1);                      /* stops at the first byte */
  BAD(U32, "\x80\x80\x80\x80\x80\x00", LONG, 4);
  BAD(U32, "\xff\xff\xff\xff\x8f\x00", LONG, 4);  /* continuation on the 5th byte */
  BAD(U32, "\xff\xff\xff\xff\x1f", LARGE, 4);     /* bit 32 set */
  BAD(U32, "\x82\x80\x80\x80\x70", LARGE, 4);
  BAD(U32, "\x82\x80\x80\x80\x40", LARGE, 4);
  BAD(U32, "\x82\x80\x80\x80\x10", LARGE, 4);
  /* Unused bits set and a continuation: "too large" wins, as in the spec. */
  BAD(U32, "\x82\x80\x80\x80\x90\x00", LARGE, 4);
  BAD(U32, "", END, 0);
  BAD(U32, "\x80", END, 1);
  BAD(U32, "\xff\xff\xff\xff", END, 4);
}

static void test_signed32(void) {
  OK(S32, "\x00", 1, 0);
  OK(S32, "\x3f", 1, 63);
  OK(S32, "\x40", 1, (uint64_t)-64);
  OK(S32, "\x7f", 1, (uint64_t)-1);
  OK(S32, "\x80\x7f", 2, (uint64_t)-128);
  OK(S32, "\xff\x00", 2, 127);
  OK(S32, "\xff\xff\xff\xff\x07", 5, INT32_MAX);
  OK(S32, "\x80\x80\x80\x80\x78", 5, (uint64_t)(int64_t)INT32_MIN);
  OK(S32, "\xff\xff\xff\xff\x7f", 5, (uint64_t)-1);    /* padded -1 */
  OK(S32, "\x80\x80\x80\x80\x00", 5, 0);
  BAD(S32, "\x80\x80\x80\x80\x80\x00", LONG, 4);
  BAD(S32, "\xff\xff\xff\xff\xff\x7f", LONG, 4);
  BAD(S32, "\xff\xff\xff\xff\x0f", LARGE, 4);          /* positive, bit 31 != bits above */
  BAD(S32, "\x80\x80\x80\x80\x70", LARGE, 4);          /* negative, upper bits not all set */
  BAD(S32, "\xff\xff\xff\xff\x4f", LARGE, 4);
  BAD(S32, "\x80\x80\x80\x80\x1f", LARGE, 4);
  BAD(S32, "\x80\x80\x80\x80\xf0\x00", LARGE, 4);      /* both faults: "too large" */
  BAD(S32, "\xc0", END, 1);
}

static void test_signed33(void) {
  /* Block types: 0x40 (empty) and value types read as negative numbers. */
  OK(S33, "\x40", 1, (uint64_t)-64);
  OK(S33, "\x7f", 1, (uint64_t)-1);
  OK(S33, "\xff\xff\xff\xff\x0f", 5, UINT32_MAX);      /* bit 32 is the sign: positive */
  BAD(S33, "\xff\xff\xff\xff\x1f", LARGE, 4);
  BAD(S33, "\x80\x80\x80\x80\x80\x00", LONG, 4);
}

static void test_unsigned64(void) {
  OK(U64, "\x00", 1, 0);
  OK(U64, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10, UINT64_MAX);
  OK(U64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 10, 0);
  OK(U64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10, UINT64_C(1) << 63);
  BAD(U64, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", LARGE, 9);
  BAD(U64, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", LARGE, 9);
  BAD(U64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", LONG, 9);
  BAD(U64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80", END, 9);
}

static void test_signed64(void) {
  OK(S64, "\x7f", 1, (uint64_t)-1);
  OK(S64, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", 10, INT64_MAX);
  OK(S64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f", 10, (uint64_t)INT64_MIN);
  OK(S64, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 10, (uint64_t)-1);
  OK(S64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 10, 0);
  BAD(S64, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", LARGE, 9);
  BAD(S64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7e", LARGE, 9);
  BAD(S64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x41", LARGE, 9);
  BAD(S64, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", LONG, 9);
  BAD(S64, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", LONG, 9);
  BAD(S64, "\xff", END, 1);
}

static void test_one_bit(void) {
  /* Limits flags are a 1-bit unsigned LEB128 number. */
  OK(U1, "\x00", 1, 0);
  OK(U1, "\x01", 1, 1);
  BAD(U1, "\x02", LARGE, 0);
  BAD(U1, "\x7f", LARGE, 0);
  BAD(U1, "\x82\x00", LARGE, 0);
  BAD(U1, "\x80\x00", LONG, 0);
  BAD(U1, "\x81\x00", LONG, 0);
}

static void test_fixed_and_bytes(void) {
  static const uint8_t b[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};
  wasm_reader r;
  wasm_reader_init(&r, b, b, b + sizeof b);
  CHECK(wasm_read_fixed32(&r) == 0x04030201u, "fixed32 is little-endian");
  CHECK(wasm_read_fixed32(&r) == 0x08070605u, "second fixed32");
  CHECK(wasm_read_fixed32(&r) == 0 && r.error && strcmp(r.error, END) == 0,
        "truncated fixed32 fails");
  CHECK(r.error_offset == 8, "truncated fixed32 reported at 8, got %zu", r.error_offset);

  wasm_reader_init(&r, b, b, b + sizeof b);
  CHECK(wasm_read_fixed64(&r) == UINT64_C(0x0807060504030201), "fixed64 is little-endian");
  CHECK(wasm_read_fixed64(&r) == 0 && r.error, "truncated fixed64 fails");

  wasm_reader_init(&r, b, b + 1, b + sizeof b);
  const uint8_t *p = wasm_read_bytes(&r, 8);
  CHECK(p == b + 1 && !r.error && wasm_reader_left(&r) == 0, "read_bytes takes the rest");
  CHECK(wasm_read_bytes(&r, 0) != NULL && !r.error, "zero bytes at the end are fine");
  CHECK(wasm_read_bytes(&r, 1) == NULL && r.error, "reading past the end fails");
  CHECK(r.error_offset == 9, "offsets count from base: got %zu", r.error_offset);
}

static void test_sticky_error(void) {
  static const uint8_t b[] = {0xff, 0xff, 0xff, 0xff, 0x7f, 0x05, 0x06};
  wasm_reader r;
  wasm_reader_init(&r, b, b, b + sizeof b);
  wasm_read_u32(&r);
  CHECK(r.error && strcmp(r.error, LARGE) == 0 && r.error_offset == 4, "first error kept");
  CHECK(wasm_reader_left(&r) == 0, "a failed reader is at its end");
  CHECK(wasm_read_u8(&r) == 0 && wasm_read_u32(&r) == 0, "later reads return 0");
  CHECK(strcmp(r.error, LARGE) == 0 && r.error_offset == 4, "later reads keep the first error");
}

int main(void) {
  test_unsigned32();
  test_signed32();
  test_signed33();
  test_unsigned64();
  test_signed64();
  test_one_bit();
  test_fixed_and_bytes();
  test_sticky_error();
  if (failures) {
    printf("test_leb: %d failure(s)\n", failures);
    return 1;
  }
  printf("test_leb: all passed\n");
  return 0;
}
