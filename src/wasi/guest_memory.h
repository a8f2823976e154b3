/*
 * guest_memory.h - checked access to the guest's linear memory.
 *
 * The rule: a guest pointer p with length n is usable only after
 * gm_ok(c, p, n), which computes p + n in 64 bits (so 32-bit wrap-around
 * cannot pass) and compares it with the memory's current size. Only then
 * may gm_at / the load and store helpers touch it. Loads and stores are
 * byte-wise little-endian, so alignment never matters and the host's
 * endianness does not leak into the guest.
 *
 * The memory cannot move during a WASI call: husk only grows it while the
 * guest runs, and no WASI function calls back into the guest.
 */
#ifndef HUSK_WASI_GUEST_MEMORY_H
#define HUSK_WASI_GUEST_MEMORY_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "wasi/wasi_impl.h"

static inline bool gm_ok(const wasi_call *c, uint32_t ptr, uint64_t len) {
  return (uint64_t)ptr + len <= (uint64_t)c->mem_size;
}

/* Same, for an array of count elements of size bytes each. */
static inline bool gm_ok_array(const wasi_call *c, uint32_t ptr,
                               uint32_t count, uint32_t size) {
  return gm_ok(c, ptr, (uint64_t)count * size);
}

/* Only after gm_ok. */
static inline uint8_t *gm_at(const wasi_call *c, uint32_t ptr) {
  return c->mem + ptr;
}

static inline uint16_t gm_get16(const wasi_call *c, uint32_t p) {
  const uint8_t *b = c->mem + p;
  return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t gm_get32(const wasi_call *c, uint32_t p) {
  const uint8_t *b = c->mem + p;
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
         (uint32_t)b[3] << 24;
}

static inline uint64_t gm_get64(const wasi_call *c, uint32_t p) {
  return (uint64_t)gm_get32(c, p) | (uint64_t)gm_get32(c, p + 4) << 32;
}

static inline void gm_put8(const wasi_call *c, uint32_t p, uint8_t v) {
  c->mem[p] = v;
}

static inline void gm_put16(const wasi_call *c, uint32_t p, uint16_t v) {
  c->mem[p] = (uint8_t)v;
  c->mem[p + 1] = (uint8_t)(v >> 8);
}

static inline void gm_put32(const wasi_call *c, uint32_t p, uint32_t v) {
  for (int i = 0; i < 4; i++) c->mem[p + i] = (uint8_t)(v >> (8 * i));
}

static inline void gm_put64(const wasi_call *c, uint32_t p, uint64_t v) {
  for (int i = 0; i < 8; i++) c->mem[p + i] = (uint8_t)(v >> (8 * i));
}

/* Checked single-value results: EFAULT when the pointer is out of bounds. */
static inline uint32_t gm_store32(const wasi_call *c, uint32_t p, uint32_t v) {
  if (!gm_ok(c, p, 4)) return WASI_EFAULT;
  gm_put32(c, p, v);
  return WASI_ESUCCESS;
}

static inline uint32_t gm_store64(const wasi_call *c, uint32_t p, uint64_t v) {
  if (!gm_ok(c, p, 8)) return WASI_EFAULT;
  gm_put64(c, p, v);
  return WASI_ESUCCESS;
}

/* Reads iovec i (8 bytes: buf u32, len u32) of an array already checked
 * with gm_ok_array, and checks the buffer it describes. */
static inline bool gm_iovec(const wasi_call *c, uint32_t iovs, uint32_t i,
                            uint32_t *buf, uint32_t *len) {
  uint32_t at = iovs + i * WASI_IOVEC_SIZE;
  *buf = gm_get32(c, at);
  *len = gm_get32(c, at + 4);
  return gm_ok(c, *buf, *len);
}

/* Copies a guest string (ptr, len) into a NUL-terminated heap string.
 * Errors: EFAULT (out of bounds), EINVAL (contains NUL), EILSEQ (not
 * UTF-8, which witx strings must be), ENAMETOOLONG (> SB_PATH_MAX),
 * ENOMEM. The caller frees *out. */
uint32_t gm_path(const wasi_call *c, uint32_t ptr, uint32_t len, char **out);

/* Builds host iovecs pointing into guest memory from a guest iovec array
 * (iovs, n). Every guest iovec is checked (EFAULT), at most IOV_MAX are
 * used and their total is capped at UINT32_MAX (results are u32): a short
 * transfer, which callers of readv/writev handle anyway. The caller frees
 * *out. */
struct iovec;
uint32_t gm_host_iovecs(const wasi_call *c, uint32_t iovs, uint32_t n,
                        struct iovec **out, int *count);

#endif
