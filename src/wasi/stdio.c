/*
 * stdio.c - the in-memory standard streams: stdin read from a byte buffer
 * given by the embedder, stdout/stderr passed to the embedder's callbacks
 * (or discarded when there is none).
 */
#include "wasi/guest_memory.h"

uint32_t wasi_mem_read(wasi_call *c, wasi_fd *e, uint32_t iovs,
                       uint32_t iovs_len, uint32_t *nread) {
  husk_wasi *w = c->w;
  *nread = 0;
  if (e->kind != FDK_MEM_IN) return WASI_EBADF;
  if (!gm_ok_array(c, iovs, iovs_len, WASI_IOVEC_SIZE)) return WASI_EFAULT;
  uint64_t total = 0;
  for (uint32_t i = 0; i < iovs_len; i++) {
    uint32_t buf, len;
    if (!gm_iovec(c, iovs, i, &buf, &len)) return WASI_EFAULT;
    size_t left = w->stdin_size - w->stdin_pos;
    size_t n = len < left ? len : left;
    if (total + n > UINT32_MAX) n = (size_t)(UINT32_MAX - total);
    memcpy(gm_at(c, buf), w->stdin_data + w->stdin_pos, n);
    w->stdin_pos += n;
    total += n;
  }
  *nread = (uint32_t)total;
  return WASI_ESUCCESS;
}

uint32_t wasi_mem_write(wasi_call *c, wasi_fd *e, uint32_t iovs,
                        uint32_t iovs_len, uint32_t *nwritten) {
  *nwritten = 0;
  if (e->kind != FDK_MEM_OUT) return WASI_EBADF;
  if (!gm_ok_array(c, iovs, iovs_len, WASI_IOVEC_SIZE)) return WASI_EFAULT;
  /* Check every buffer before delivering any, so a bad iovec never leaves
   * a partial write behind. */
  uint64_t total = 0;
  for (uint32_t i = 0; i < iovs_len; i++) {
    uint32_t buf, len;
    if (!gm_iovec(c, iovs, i, &buf, &len)) return WASI_EFAULT;
    total += len;
  }
  if (total > UINT32_MAX) return WASI_EINVAL;
  const wasi_output *out = &c->w->out[e->stream];
  for (uint32_t i = 0; i < iovs_len; i++) {
    uint32_t buf, len;
    gm_iovec(c, iovs, i, &buf, &len);
    if (len && out->fn && out->fn(out->user, gm_at(c, buf), len) != 0)
      return *nwritten ? WASI_ESUCCESS : WASI_EIO;
    *nwritten += len;
  }
  return WASI_ESUCCESS;
}
