/*
 * clock_random.c - clock_res_get, clock_time_get and random_get, each
 * replaceable by the embedder (husk_wasi_config_clock/_random) for
 * deterministic runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/random.h>
#include <time.h>

#include "wasi/guest_memory.h"

static bool host_clock(uint32_t id, clockid_t *out) {
  switch (id) {
  case WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return true;
  case WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return true;
  case WASI_CLOCK_PROCESS_CPUTIME: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
  case WASI_CLOCK_THREAD_CPUTIME: *out = CLOCK_THREAD_CPUTIME_ID; return true;
  default: return false;
  }
}

static uint64_t ns_of(const struct timespec *ts) {
  return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

uint32_t wasi_clock_now(husk_wasi *w, uint32_t id, uint64_t *ns) {
  if (w->clock) {
    int err = w->clock(w->clock_user, id, false, ns);
    return err ? (uint32_t)err : WASI_ESUCCESS;
  }
  clockid_t cid;
  struct timespec ts;
  if (!host_clock(id, &cid)) return WASI_EINVAL;
  if (clock_gettime(cid, &ts) != 0) return wasi_errno_from_host(errno);
  *ns = ns_of(&ts);
  return WASI_ESUCCESS;
}

WASI_FN(clock_res_get) {
  uint32_t id = ARG32(0), out = ARG32(1);
  if (!gm_ok(c, out, 8)) return WASI_EFAULT;
  uint64_t res;
  if (c->w->clock) {
    int err = c->w->clock(c->w->clock_user, id, true, &res);
    if (err) return (uint32_t)err;
    if (res == 0) res = 1;              /* the spec wants it nonzero */
  } else {
    clockid_t cid;
    struct timespec ts;
    if (!host_clock(id, &cid)) return WASI_EINVAL;
    if (clock_getres(cid, &ts) != 0) return wasi_errno_from_host(errno);
    res = ns_of(&ts);
    if (res == 0) res = 1;
  }
  gm_put64(c, out, res);
  return WASI_ESUCCESS;
}

/* The precision argument is a hint; the host clocks are read at full
 * precision. */
WASI_FN(clock_time_get) {
  uint32_t id = ARG32(0), out = ARG32(2);
  if (!gm_ok(c, out, 8)) return WASI_EFAULT;
  uint64_t ns;
  uint32_t err = wasi_clock_now(c->w, id, &ns);
  if (err) return err;
  gm_put64(c, out, ns);
  return WASI_ESUCCESS;
}

/* Fills the buffer in place: getrandom(2) blocks only until the kernel's
 * pool is initialised, and returns at most 32 MiB per call, so loop. */
WASI_FN(random_get) {
  uint32_t buf = ARG32(0), len = ARG32(1);
  if (!gm_ok(c, buf, len)) return WASI_EFAULT;
  uint8_t *p = gm_at(c, buf);
  if (c->w->random) {
    int err = c->w->random(c->w->random_user, p, len);
    return err ? (uint32_t)err : WASI_ESUCCESS;
  }
  size_t done = 0;
  while (done < len) {
    ssize_t n = getrandom(p + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return wasi_errno_from_host(errno);
    }
    done += (size_t)n;
  }
  return WASI_ESUCCESS;
}
