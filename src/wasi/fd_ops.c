/*
 * fd_ops.c - the calls on open descriptors: fd_read, fd_write, fd_pread,
 * fd_pwrite, fd_seek, fd_tell, fd_close, fd_renumber, fd_sync,
 * fd_datasync, fd_advise, fd_allocate, fd_fdstat_*, fd_filestat_*,
 * fd_prestat_*.
 *
 * Order of checks everywhere: the descriptor (EBADF), then its rights
 * (ENOTCAPABLE), then the guest pointers (EFAULT), then the host call.
 * Nothing is done on the host before every guest pointer is known good.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wasi/guest_memory.h"

/* ---------------------------------------------------------------- helpers */

typedef enum { OP_READ, OP_WRITE, OP_PREAD, OP_PWRITE } io_op;

static uint32_t do_io(wasi_call *c, io_op op, uint32_t fd, uint32_t iovs,
                      uint32_t iovs_len, uint64_t offset, uint32_t result) {
  bool reading = op == OP_READ || op == OP_PREAD;
  bool positioned = op == OP_PREAD || op == OP_PWRITE;
  uint64_t need = reading ? WASI_RIGHT_FD_READ : WASI_RIGHT_FD_WRITE;
  if (positioned) need |= WASI_RIGHT_FD_SEEK;
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup_rights(c->w, fd, need, &e);
  if (err) return err;
  if (!gm_ok(c, result, 4)) return WASI_EFAULT;
  if (e->filetype == WASI_FILETYPE_DIRECTORY) return WASI_EISDIR;
  if (positioned && offset > INT64_MAX) return WASI_EINVAL;

  uint32_t done = 0;
  if (e->kind != FDK_HOST) {
    if (positioned) return WASI_ESPIPE;
    err = reading ? wasi_mem_read(c, e, iovs, iovs_len, &done)
                  : wasi_mem_write(c, e, iovs, iovs_len, &done);
    if (err) return err;
    gm_put32(c, result, done);
    return WASI_ESUCCESS;
  }
  struct iovec *v;
  int n;
  if ((err = gm_host_iovecs(c, iovs, iovs_len, &v, &n))) return err;
  ssize_t r;
  do {
    switch (op) {
    case OP_READ: r = readv(e->host, v, n); break;
    case OP_WRITE:
      if (e->filetype == WASI_FILETYPE_SOCKET_STREAM ||
          e->filetype == WASI_FILETYPE_SOCKET_DGRAM) {
        /* A closed peer must not kill the host with SIGPIPE. */
        struct msghdr m = {.msg_iov = v, .msg_iovlen = (size_t)n};
        r = sendmsg(e->host, &m, MSG_NOSIGNAL);
      } else {
        r = writev(e->host, v, n);
      }
      break;
    case OP_PREAD: r = preadv(e->host, v, n, (off_t)offset); break;
    default: r = pwritev(e->host, v, n, (off_t)offset); break;
    }
  } while (r < 0 && errno == EINTR);
  int saved = errno;
  free(v);
  if (r < 0) return wasi_errno_from_host(saved);
  gm_put32(c, result, (uint32_t)r);
  return WASI_ESUCCESS;
}

static uint64_t ns_of(const struct timespec *ts) {
  return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

uint32_t wasi_put_filestat(wasi_call *c, uint32_t p, const struct stat *st) {
  uint32_t size = c->unstable ? WASI_FILESTAT0_SIZE : WASI_FILESTAT_SIZE;
  if (!gm_ok(c, p, size)) return WASI_EFAULT;
  memset(gm_at(c, p), 0, size);
  gm_put64(c, p + 0, (uint64_t)st->st_dev);
  gm_put64(c, p + 8, (uint64_t)st->st_ino);
  gm_put8(c, p + 16, wasi_filetype_of(-1, st->st_mode));
  uint32_t t;
  if (c->unstable) {
    gm_put32(c, p + 20, st->st_nlink > UINT32_MAX ? UINT32_MAX
                                                  : (uint32_t)st->st_nlink);
    t = p + 24;
  } else {
    gm_put64(c, p + 24, (uint64_t)st->st_nlink);
    t = p + 32;
  }
  gm_put64(c, t, (uint64_t)st->st_size);
  gm_put64(c, t + 8, ns_of(&st->st_atim));
  gm_put64(c, t + 16, ns_of(&st->st_mtim));
  gm_put64(c, t + 24, ns_of(&st->st_ctim));
  return WASI_ESUCCESS;
}

uint32_t wasi_times_from_fst(uint64_t atim, uint64_t mtim, uint32_t fst,
                             struct timespec ts[2]) {
  if (fst & ~(uint32_t)(WASI_FST_ATIM | WASI_FST_ATIM_NOW | WASI_FST_MTIM |
                        WASI_FST_MTIM_NOW))
    return WASI_EINVAL;
  if ((fst & WASI_FST_ATIM) && (fst & WASI_FST_ATIM_NOW)) return WASI_EINVAL;
  if ((fst & WASI_FST_MTIM) && (fst & WASI_FST_MTIM_NOW)) return WASI_EINVAL;
  uint64_t v[2] = {atim, mtim};
  uint32_t set[2] = {WASI_FST_ATIM, WASI_FST_MTIM};
  uint32_t now[2] = {WASI_FST_ATIM_NOW, WASI_FST_MTIM_NOW};
  for (int i = 0; i < 2; i++) {
    if (fst & set[i]) {
      ts[i].tv_sec = (time_t)(v[i] / 1000000000u);
      ts[i].tv_nsec = (long)(v[i] % 1000000000u);
    } else {
      ts[i].tv_sec = 0;
      ts[i].tv_nsec = (fst & now[i]) ? UTIME_NOW : UTIME_OMIT;
    }
  }
  return WASI_ESUCCESS;
}

/* ---------------------------------------------------------------- I/O */

WASI_FN(fd_read) {
  return do_io(c, OP_READ, ARG32(0), ARG32(1), ARG32(2), 0, ARG32(3));
}

WASI_FN(fd_write) {
  return do_io(c, OP_WRITE, ARG32(0), ARG32(1), ARG32(2), 0, ARG32(3));
}

WASI_FN(fd_pread) {
  return do_io(c, OP_PREAD, ARG32(0), ARG32(1), ARG32(2), ARG64(3), ARG32(4));
}

WASI_FN(fd_pwrite) {
  return do_io(c, OP_PWRITE, ARG32(0), ARG32(1), ARG32(2), ARG64(3), ARG32(4));
}

/* wasi_unstable numbers whence cur=0, end=1, set=2; preview1 set=0, cur=1,
 * end=2. Seeking to where we are is allowed with FD_TELL alone. */
WASI_FN(fd_seek) {
  uint32_t fd = ARG32(0), whence = ARG32(2), out = ARG32(3);
  int64_t offset = (int64_t)ARG64(1);
  int how;
  if (c->unstable) {
    static const int map0[] = {SEEK_CUR, SEEK_END, SEEK_SET};
    if (whence > 2) return WASI_EINVAL;
    how = map0[whence];
  } else {
    static const int map1[] = {SEEK_SET, SEEK_CUR, SEEK_END};
    if (whence > 2) return WASI_EINVAL;
    how = map1[whence];
  }
  uint64_t need = (offset == 0 && how == SEEK_CUR) ? WASI_RIGHT_FD_TELL
                                                   : WASI_RIGHT_FD_SEEK;
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(c->w, fd, &e);
  if (err) return err;
  if (!(e->rights_base & (need | WASI_RIGHT_FD_SEEK))) return WASI_ENOTCAPABLE;
  if (!gm_ok(c, out, 8)) return WASI_EFAULT;
  if (e->filetype == WASI_FILETYPE_DIRECTORY) return WASI_EISDIR;
  if (e->kind != FDK_HOST) return WASI_ESPIPE;
  off_t r = lseek(e->host, (off_t)offset, how);
  if (r < 0) return wasi_errno_from_host(errno);
  gm_put64(c, out, (uint64_t)r);
  return WASI_ESUCCESS;
}

WASI_FN(fd_tell) {
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup_rights(c->w, ARG32(0), WASI_RIGHT_FD_TELL, &e);
  if (err) return err;
  if (!gm_ok(c, ARG32(1), 8)) return WASI_EFAULT;
  if (e->filetype == WASI_FILETYPE_DIRECTORY) return WASI_EISDIR;
  if (e->kind != FDK_HOST) return WASI_ESPIPE;
  off_t r = lseek(e->host, 0, SEEK_CUR);
  if (r < 0) return wasi_errno_from_host(errno);
  gm_put64(c, ARG32(1), (uint64_t)r);
  return WASI_ESUCCESS;
}

/* ---------------------------------------------------------------- lifetime */

/* Preopens may be closed like any descriptor (their capability is gone). */
WASI_FN(fd_close) {
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(c->w, ARG32(0), &e);
  if (err) return err;
  wasi_fd_release(e);
  return WASI_ESUCCESS;
}

/* Both must be open; `to` is closed and `from` takes its number. */
WASI_FN(fd_renumber) {
  uint32_t from = ARG32(0), to = ARG32(1);
  wasi_fd *ef, *et;
  uint32_t err = wasi_fd_lookup(c->w, from, &ef);
  if (!err) err = wasi_fd_lookup(c->w, to, &et);
  if (err) return err;
  if (from == to) return WASI_ESUCCESS;
  wasi_fd_release(et);
  *et = *ef;
  memset(ef, 0, sizeof *ef);
  ef->kind = FDK_FREE;
  ef->host = -1;
  return WASI_ESUCCESS;
}

static uint32_t sync_fd(wasi_call *c, uint32_t fd, uint64_t right,
                        bool data_only) {
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup_rights(c->w, fd, right, &e);
  if (err) return err;
  if (e->kind != FDK_HOST) return WASI_ESUCCESS;
  if ((data_only ? fdatasync(e->host) : fsync(e->host)) != 0) {
    /* Syncing a terminal or pipe is meaningless, not an error. */
    if (errno == EINVAL || errno == EROFS) return WASI_ESUCCESS;
    return wasi_errno_from_host(errno);
  }
  return WASI_ESUCCESS;
}

WASI_FN(fd_sync) { return sync_fd(c, ARG32(0), WASI_RIGHT_FD_SYNC, false); }
WASI_FN(fd_datasync) { return sync_fd(c, ARG32(0), WASI_RIGHT_FD_DATASYNC, true); }

WASI_FN(fd_advise) {
  uint64_t offset = ARG64(1), len = ARG64(2);
  uint32_t advice = ARG32(3);
  static const int map[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL,
                            POSIX_FADV_RANDOM, POSIX_FADV_WILLNEED,
                            POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup_rights(c->w, ARG32(0), WASI_RIGHT_FD_ADVISE, &e);
  if (err) return err;
  if (advice > WASI_ADVICE_NOREUSE) return WASI_EINVAL;
  if (offset > INT64_MAX || len > INT64_MAX) return WASI_EINVAL;
  if (e->kind != FDK_HOST) return WASI_ESPIPE;
  if (e->filetype == WASI_FILETYPE_DIRECTORY) return WASI_EBADF;
  int r = posix_fadvise(e->host, (off_t)offset, (off_t)len, map[advice]);
  return r ? wasi_errno_from_host(r) : WASI_ESUCCESS;
}

WASI_FN(fd_allocate) {
  uint64_t offset = ARG64(1), len = ARG64(2);
  wasi_fd *e;
  uint32_t err =
      wasi_fd_lookup_rights(c->w, ARG32(0), WASI_RIGHT_FD_ALLOCATE, &e);
  if (err) return err;
  if (e->filetype == WASI_FILETYPE_DIRECTORY) return WASI_EISDIR;
  if (e->kind != FDK_HOST) return WASI_ESPIPE;
  if (len == 0) return WASI_EINVAL;
  if (offset > INT64_MAX || len > INT64_MAX - offset) return WASI_EFBIG;
  int r = posix_fallocate(e->host, (off_t)offset, (off_t)len);
  return r ? wasi_errno_from_host(r) : WASI_ESUCCESS;
}

/* ---------------------------------------------------------------- fdstat */

WASI_FN(fd_fdstat_get) {
  uint32_t out = ARG32(1);
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(c->w, ARG32(0), &e);
  if (err) return err;
  if (!gm_ok(c, out, WASI_FDSTAT_SIZE)) return WASI_EFAULT;
  memset(gm_at(c, out), 0, WASI_FDSTAT_SIZE);
  gm_put8(c, out, e->filetype);
  gm_put16(c, out + 2, e->fdflags);
  gm_put64(c, out + 8, e->rights_base);
  gm_put64(c, out + 16, e->rights_inheriting);
  return WASI_ESUCCESS;
}

/* Linux can change only O_APPEND and O_NONBLOCK on an open descriptor; a
 * request to change the sync flags is ENOTSUP rather than silently
 * ignored. */
WASI_FN(fd_fdstat_set_flags) {
  uint32_t flags = ARG32(1);
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup_rights(c->w, ARG32(0),
                                       WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &e);
  if (err) return err;
  if (flags & ~(uint32_t)WASI_FDFLAGS_ALL) return WASI_EINVAL;
  uint16_t sync = WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC;
  if ((flags ^ e->fdflags) & sync) return WASI_ENOTSUP;
  if (e->kind == FDK_HOST) {
    int fl = fcntl(e->host, F_GETFL);
    if (fl < 0) return wasi_errno_from_host(errno);
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (flags & WASI_FDFLAG_APPEND) fl |= O_APPEND;
    if (flags & WASI_FDFLAG_NONBLOCK) fl |= O_NONBLOCK;
    if (fcntl(e->host, F_SETFL, fl) != 0) return wasi_errno_from_host(errno);
  }
  e->fdflags = (uint16_t)flags;
  return WASI_ESUCCESS;
}

/* Rights can only be dropped. */
WASI_FN(fd_fdstat_set_rights) {
  uint64_t base = ARG64(1), inheriting = ARG64(2);
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(c->w, ARG32(0), &e);
  if (err) return err;
  if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting))
    return WASI_ENOTCAPABLE;
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  return WASI_ESUCCESS;
}

/* ---------------------------------------------------------------- filestat */

WASI_FN(fd_filestat_get) {
  wasi_fd *e;
  uint32_t err =
      wasi_fd_lookup_rights(c->w, ARG32(0), WASI_RIGHT_FD_FILESTAT_GET, &e);
  if (err) return err;
  struct stat st;
  if (e->kind == FDK_HOST) {
    if (fstat(e->host, &st) != 0) return wasi_errno_from_host(errno);
  } else {
    memset(&st, 0, sizeof st);
    st.st_mode = S_IFCHR;
    st.st_nlink = 1;
  }
  err = wasi_put_filestat(c, ARG32(1), &st);
  if (!err && e->kind == FDK_HOST && S_ISSOCK(st.st_mode))
    gm_put8(c, ARG32(1) + 16, e->filetype);   /* stream or datagram */
  return err;
}

WASI_FN(fd_filestat_set_size) {
  uint64_t size = ARG64(1);
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup_rights(c->w, ARG32(0),
                                       WASI_RIGHT_FD_FILESTAT_SET_SIZE, &e);
  if (err) return err;
  if (e->filetype == WASI_FILETYPE_DIRECTORY) return WASI_EISDIR;
  if (e->kind != FDK_HOST) return WASI_EINVAL;
  if (size > INT64_MAX) return WASI_EFBIG;
  if (ftruncate(e->host, (off_t)size) != 0) return wasi_errno_from_host(errno);
  return WASI_ESUCCESS;
}

WASI_FN(fd_filestat_set_times) {
  struct timespec ts[2];
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup_rights(c->w, ARG32(0),
                                       WASI_RIGHT_FD_FILESTAT_SET_TIMES, &e);
  if (err) return err;
  if ((err = wasi_times_from_fst(ARG64(1), ARG64(2), ARG32(3), ts))) return err;
  if (e->kind != FDK_HOST) return WASI_ESUCCESS;
  if (futimens(e->host, ts) != 0) return wasi_errno_from_host(errno);
  return WASI_ESUCCESS;
}

/* ---------------------------------------------------------------- prestat */

WASI_FN(fd_prestat_get) {
  uint32_t out = ARG32(1);
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(c->w, ARG32(0), &e);
  if (err) return err;
  if (!e->preopen) return WASI_EBADF;
  if (!gm_ok(c, out, WASI_PRESTAT_SIZE)) return WASI_EFAULT;
  memset(gm_at(c, out), 0, WASI_PRESTAT_SIZE);
  gm_put8(c, out, WASI_PREOPENTYPE_DIR);
  gm_put32(c, out + 4, (uint32_t)e->preopen_len);
  return WASI_ESUCCESS;
}

/* Writes the name without a terminating NUL; a buffer shorter than the name
 * is ENAMETOOLONG and nothing is written. */
WASI_FN(fd_prestat_dir_name) {
  uint32_t path = ARG32(1), len = ARG32(2);
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(c->w, ARG32(0), &e);
  if (err) return err;
  if (!e->preopen) return WASI_EBADF;
  if (!gm_ok(c, path, len)) return WASI_EFAULT;
  if (len < e->preopen_len) return WASI_ENAMETOOLONG;
  memcpy(gm_at(c, path), e->preopen, e->preopen_len);
  return WASI_ESUCCESS;
}
