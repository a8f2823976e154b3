/*
 * reader.h - bounds-checked reading of the binary format (LEB128, bytes).
 *
 * A reader never reads past `end`. The first failure is sticky: it records a
 * message (the spec's wording) and the offset, and every later read returns
 * 0, so callers may check `r->error` once after a group of reads.
 */
#ifndef HUSK_WASM_READER_H
#define HUSK_WASM_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The reference decoder's wording for running out of bytes. */
#define WASM_UNEXPECTED_END "unexpected end of section or function"

typedef struct wasm_reader {
  const uint8_t *base;   /* start of the file: offsets are reported from here */
  const uint8_t *p, *end;
  const char *error;     /* static string, NULL while no error */
  size_t error_offset;
} wasm_reader;

static inline void wasm_reader_init(wasm_reader *r, const uint8_t *base,
                                    const uint8_t *p, const uint8_t *end) {
  r->base = base; r->p = p; r->end = end; r->error = NULL; r->error_offset = 0;
}

static inline void wasm_reader_fail(wasm_reader *r, const char *msg) {
  if (!r->error) { r->error = msg; r->error_offset = (size_t)(r->p - r->base); }
  r->p = r->end;
}

static inline size_t wasm_reader_left(const wasm_reader *r) { return (size_t)(r->end - r->p); }
static inline size_t wasm_reader_offset(const wasm_reader *r) { return (size_t)(r->p - r->base); }

static inline uint8_t wasm_read_u8(wasm_reader *r) {
  if (r->p >= r->end) { wasm_reader_fail(r, WASM_UNEXPECTED_END); return 0; }
  return *r->p++;
}

/* Unsigned LEB128 of at most `bits` bits: at most ceil(bits/7) bytes, and the
 * unused bits of the last byte must be zero ("integer too large"). */
static inline uint64_t wasm_read_uleb(wasm_reader *r, unsigned bits) {
  uint64_t result = 0;
  unsigned shift = 0;
  for (;;) {
    if (r->p >= r->end) { wasm_reader_fail(r, WASM_UNEXPECTED_END); return 0; }
    uint8_t b = *r->p++;
    if (shift + 7 >= bits) {          /* last byte allowed */
      unsigned used = bits - shift;   /* bits this byte may carry, 1..7 */
      /* Unused bits are checked before the continuation bit, as the
       * reference decoder does: 0x90 as the 5th byte of a u32 is "too large". */
      if (used < 7 && ((b & 0x7f) >> used) != 0) {
        r->p--; wasm_reader_fail(r, "integer too large"); return 0;
      }
      if (b & 0x80) { r->p--; wasm_reader_fail(r, "integer representation too long"); return 0; }
      return result | ((uint64_t)b << shift);
    }
    result |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return result;
    shift += 7;
  }
}

/* Signed LEB128 of at most `bits` bits; unused bits of the last byte must be
 * the sign extension of the last used bit. */
static inline int64_t wasm_read_sleb(wasm_reader *r, unsigned bits) {
  uint64_t result = 0;
  unsigned shift = 0;
  for (;;) {
    if (r->p >= r->end) { wasm_reader_fail(r, WASM_UNEXPECTED_END); return 0; }
    uint8_t b = *r->p++;
    if (shift + 7 >= bits) {
      unsigned used = bits - shift;   /* 1..7 */
      if (used < 7) {
        /* Bits used-1 .. 6 must all equal the sign bit (checked first, as
         * for unsigned numbers). */
        uint8_t top = (uint8_t)(b & 0x7f) >> (used - 1);
        uint8_t all = (uint8_t)(0x7f >> (used - 1));
        if (top != 0 && top != all) { r->p--; wasm_reader_fail(r, "integer too large"); return 0; }
      }
      if (b & 0x80) { r->p--; wasm_reader_fail(r, "integer representation too long"); return 0; }
      result |= (uint64_t)(b & 0x7f) << shift;
      shift += 7;
      if (shift < 64 && (b & 0x40)) result |= ~(uint64_t)0 << shift;
      return (int64_t)result;
    }
    result |= (uint64_t)(b & 0x7f) << shift;
    shift += 7;
    if (!(b & 0x80)) {
      if (shift < 64 && (b & 0x40)) result |= ~(uint64_t)0 << shift;
      return (int64_t)result;
    }
  }
}

static inline uint32_t wasm_read_u32(wasm_reader *r) { return (uint32_t)wasm_read_uleb(r, 32); }
static inline int32_t wasm_read_s32(wasm_reader *r) { return (int32_t)wasm_read_sleb(r, 32); }
static inline int64_t wasm_read_s64(wasm_reader *r) { return wasm_read_sleb(r, 64); }

/* Little-endian fixed-size values (float bit patterns), whatever the host. */
static inline uint64_t wasm_read_fixed(wasm_reader *r, unsigned bytes) {
  if (wasm_reader_left(r) < bytes) { wasm_reader_fail(r, WASM_UNEXPECTED_END); return 0; }
  uint64_t v = 0;
  for (unsigned i = 0; i < bytes; i++) v |= (uint64_t)r->p[i] << (8 * i);
  r->p += bytes;
  return v;
}
static inline uint32_t wasm_read_fixed32(wasm_reader *r) { return (uint32_t)wasm_read_fixed(r, 4); }
static inline uint64_t wasm_read_fixed64(wasm_reader *r) { return wasm_read_fixed(r, 8); }

/* Returns a pointer to n bytes and skips them, or NULL past the end. */
static inline const uint8_t *wasm_read_bytes(wasm_reader *r, size_t n) {
  if (wasm_reader_left(r) < n) { wasm_reader_fail(r, WASM_UNEXPECTED_END); return NULL; }
  const uint8_t *p = r->p; r->p += n; return p;
}

#endif
