/*
 * poll.c - poll_oneoff on clocks and descriptors.
 *
 * Readiness:
 *   - regular files, directories, block devices and the in-memory streams
 *     are always ready (the spec: "this event always triggers for regular
 *     files"); a read event reports the bytes left before end of file;
 *   - terminals, pipes and sockets are asked with ppoll(2);
 *   - a clock subscription becomes a deadline on the monotonic clock
 *     (an absolute realtime timeout is converted once, on entry).
 * The call returns as soon as at least one event is ready, reporting every
 * event ready at that moment. Subscriptions that are invalid (bad fd,
 * missing right, unknown clock) produce an event carrying the error, which
 * counts as ready. With an embedder's clock (virtual time) clock
 * subscriptions are due at once and nothing sleeps.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wasi/guest_memory.h"

#define MAX_SUBSCRIPTIONS 65536

typedef struct sub {
  uint64_t userdata;
  uint8_t type;
  uint16_t error;             /* nonzero: report at once with this error */
  bool ready;
  uint64_t nbytes;
  uint16_t flags;
  uint64_t deadline;          /* clocks: monotonic ns */
  int pollfd;                 /* index into the pollfd array, or -1 */
} sub;

static uint64_t mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t sat_add(uint64_t a, uint64_t b) {
  return a + b < a ? UINT64_MAX : a + b;
}

/* Reads subscription i into s; a clock's deadline is made absolute on the
 * monotonic clock. */
static void parse_clock(wasi_call *c, uint32_t at, sub *s, bool *virtual_due) {
  /* wasi_unstable's subscription_clock starts with an 8-byte identifier. */
  uint32_t p = at + 16 + (c->unstable ? 8 : 0);
  uint32_t id = gm_get32(c, p);
  uint64_t timeout = gm_get64(c, p + 8);
  uint16_t flags = gm_get16(c, p + 24);
  if (c->w->clock) {
    uint64_t ignored;
    uint32_t err = wasi_clock_now(c->w, id, &ignored);
    if (err) s->error = (uint16_t)err;
    else s->ready = *virtual_due = true;
    return;
  }
  if (flags & ~WASI_SUBCLOCK_ABSTIME) {
    s->error = WASI_EINVAL;
    return;
  }
  uint64_t now_mono = mono_now();
  switch (id) {
  case WASI_CLOCK_MONOTONIC:
    s->deadline = (flags & WASI_SUBCLOCK_ABSTIME) ? timeout
                                                  : sat_add(now_mono, timeout);
    break;
  case WASI_CLOCK_REALTIME: {
    uint64_t now;
    if (wasi_clock_now(c->w, id, &now)) {
      s->error = WASI_EINVAL;
      return;
    }
    uint64_t rel = (flags & WASI_SUBCLOCK_ABSTIME)
                       ? (timeout > now ? timeout - now : 0)
                       : timeout;
    s->deadline = sat_add(now_mono, rel);
    break;
  }
  case WASI_CLOCK_PROCESS_CPUTIME:
  case WASI_CLOCK_THREAD_CPUTIME:
    s->error = WASI_ENOTSUP;   /* cannot sleep until a CPU time */
    break;
  default:
    s->error = WASI_EINVAL;
  }
}

/* A descriptor subscription: decided now, or handed to ppoll. */
static void parse_fd(wasi_call *c, uint32_t at, sub *s, struct pollfd *pfds,
                     int *npfds) {
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup_rights(c->w, gm_get32(c, at + 16),
                                       WASI_RIGHT_POLL_FD_READWRITE, &e);
  if (err) {
    s->error = (uint16_t)err;
    return;
  }
  bool reading = s->type == WASI_EVENT_FD_READ;
  if (e->kind == FDK_MEM_IN || e->kind == FDK_MEM_OUT) {
    if (reading != (e->kind == FDK_MEM_IN)) s->error = WASI_EBADF;
    else s->ready = true;
    if (reading) s->nbytes = c->w->stdin_size - c->w->stdin_pos;
    return;
  }
  struct stat st;
  if (fstat(e->host, &st) == 0 &&
      (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISBLK(st.st_mode))) {
    s->ready = true;
    if (reading && S_ISREG(st.st_mode)) {
      off_t pos = lseek(e->host, 0, SEEK_CUR);
      if (pos >= 0 && pos < st.st_size) s->nbytes = (uint64_t)(st.st_size - pos);
    }
    return;
  }
  s->pollfd = *npfds;
  pfds[*npfds].fd = e->host;
  pfds[*npfds].events = reading ? POLLIN : POLLOUT;
  pfds[*npfds].revents = 0;
  (*npfds)++;
}

WASI_FN(poll_oneoff) {
  uint32_t in = ARG32(0), out = ARG32(1), n = ARG32(2), nout = ARG32(3);
  uint32_t size = c->unstable ? WASI_SUBSCRIPTION0_SIZE : WASI_SUBSCRIPTION_SIZE;
  if (n == 0 || n > MAX_SUBSCRIPTIONS) return WASI_EINVAL;
  if (!gm_ok_array(c, in, n, size) || !gm_ok_array(c, out, n, WASI_EVENT_SIZE) ||
      !gm_ok(c, nout, 4))
    return WASI_EFAULT;

  sub *subs = calloc(n, sizeof *subs);
  struct pollfd *pfds = calloc(n, sizeof *pfds);
  if (!subs || !pfds) {
    free(subs);
    free(pfds);
    return WASI_ENOMEM;
  }
  int npfds = 0;
  bool virtual_due = false;
  uint32_t result = WASI_ESUCCESS;
  for (uint32_t i = 0; i < n && !result; i++) {
    uint32_t at = in + i * size;
    sub *s = &subs[i];
    s->userdata = gm_get64(c, at);
    s->type = c->mem[at + 8];
    s->pollfd = -1;
    switch (s->type) {
    case WASI_EVENT_CLOCK: parse_clock(c, at, s, &virtual_due); break;
    case WASI_EVENT_FD_READ:
    case WASI_EVENT_FD_WRITE: parse_fd(c, at, s, pfds, &npfds); break;
    default: result = WASI_EINVAL;
    }
  }

  uint32_t count = 0;
  while (!result) {
    /* Anything decided already (errors, files, memory streams, virtual
     * clocks) means we only look, we do not wait. */
    bool any = virtual_due;
    uint64_t now = mono_now(), wait = UINT64_MAX;
    for (uint32_t i = 0; i < n; i++) {
      sub *s = &subs[i];
      if (s->error || s->ready) any = true;
      else if (s->type == WASI_EVENT_CLOCK && s->pollfd < 0)
        wait = s->deadline <= now ? 0 : (s->deadline - now < wait ? s->deadline - now : wait);
    }
    if (any) wait = 0;
    struct timespec ts = {(time_t)(wait / 1000000000u), (long)(wait % 1000000000u)};
    int r = ppoll(npfds ? pfds : NULL, (nfds_t)npfds,
                  wait == UINT64_MAX ? NULL : &ts, NULL);
    if (r < 0 && errno != EINTR) {
      result = wasi_errno_from_host(errno);
      break;
    }
    now = mono_now();
    for (uint32_t i = 0; i < n; i++) {
      sub *s = &subs[i];
      if (s->type == WASI_EVENT_CLOCK) {
        if (!s->error && !s->ready && !virtual_due && s->deadline <= now)
          s->ready = true;
        continue;
      }
      if (s->pollfd < 0 || r <= 0) continue;
      short re = pfds[s->pollfd].revents;
      if (re & POLLNVAL) s->error = WASI_EBADF;
      else if (re & (POLLIN | POLLOUT | POLLHUP | POLLERR)) {
        s->ready = true;
        if (re & POLLHUP) s->flags |= WASI_EVENT_HANGUP;
        int avail = 0;
        if (s->type == WASI_EVENT_FD_READ &&
            ioctl(pfds[s->pollfd].fd, FIONREAD, &avail) == 0 && avail > 0)
          s->nbytes = (uint64_t)avail;
      }
    }
    for (uint32_t i = 0; i < n; i++) {
      const sub *s = &subs[i];
      if (!s->error && !s->ready) continue;
      uint32_t ev = out + count * WASI_EVENT_SIZE;
      memset(gm_at(c, ev), 0, WASI_EVENT_SIZE);
      gm_put64(c, ev, s->userdata);
      gm_put16(c, ev + 8, s->error);
      gm_put8(c, ev + 10, s->type);
      if (s->type != WASI_EVENT_CLOCK && !s->error) {
        gm_put64(c, ev + 16, s->nbytes);
        gm_put16(c, ev + 24, s->flags);
      }
      count++;
    }
    if (count) break;
  }
  free(subs);
  free(pfds);
  if (result) return result;
  gm_put32(c, nout, count);
  return WASI_ESUCCESS;
}
