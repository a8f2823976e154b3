/*
 * guest_memory.c - guest strings (paths) copied out of linear memory.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "wasi/guest_memory.h"

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool valid_utf8(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t b = s[i];
    if (b < 0x80) { i++; continue; }
    size_t len;
    uint32_t cp, min;
    if ((b & 0xe0) == 0xc0) { len = 2; cp = b & 0x1f; min = 0x80; }
    else if ((b & 0xf0) == 0xe0) { len = 3; cp = b & 0x0f; min = 0x800; }
    else if ((b & 0xf8) == 0xf0) { len = 4; cp = b & 0x07; min = 0x10000; }
    else return false;
    if (n - i < len) return false;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (s[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

uint32_t gm_path(const wasi_call *c, uint32_t ptr, uint32_t len, char **out) {
  *out = NULL;
  if (!gm_ok(c, ptr, len)) return WASI_EFAULT;
  const uint8_t *s = gm_at(c, ptr);
  if (len > SB_PATH_MAX) return WASI_ENAMETOOLONG;
  if (memchr(s, 0, len)) return WASI_EINVAL;
  if (!valid_utf8(s, len)) return WASI_EILSEQ;
  char *p = malloc((size_t)len + 1);
  if (!p) return WASI_ENOMEM;
  memcpy(p, s, len);
  p[len] = 0;
  *out = p;
  return WASI_ESUCCESS;
}

/* See guest_memory.h. */
uint32_t gm_host_iovecs(const wasi_call *c, uint32_t iovs, uint32_t n,
                        struct iovec **out, int *count) {
  *out = NULL;
  *count = 0;
  if (!gm_ok_array(c, iovs, n, WASI_IOVEC_SIZE)) return WASI_EFAULT;
  uint32_t use = n < IOV_MAX ? n : IOV_MAX;
  struct iovec *v = malloc((use ? use : 1) * sizeof *v);
  if (!v) return WASI_ENOMEM;
  uint64_t total = 0;
  int k = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t buf, len;
    if (!gm_iovec(c, iovs, i, &buf, &len)) {
      free(v);
      return WASI_EFAULT;
    }
    if (i >= use) continue;
    if (total + len > UINT32_MAX) len = (uint32_t)(UINT32_MAX - total);
    total += len;
    v[k].iov_base = gm_at(c, buf);
    v[k].iov_len = len;
    k++;
  }
  *out = v;
  *count = k;
  return WASI_ESUCCESS;
}
