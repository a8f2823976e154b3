/*
 * path_ops.c - the calls that name files: path_open, path_create_directory,
 * path_remove_directory, path_unlink_file, path_rename, path_link,
 * path_symlink, path_readlink, path_filestat_get, path_filestat_set_times.
 *
 * Every path is resolved by sandbox.c beneath the directory descriptor it
 * is relative to, and the host call then acts on a single name inside an
 * already-resolved parent directory (mkdirat, unlinkat, renameat, ...) or
 * on a descriptor the resolver returned. A name with no '/' inside a
 * directory we hold cannot reach outside it, so there is no window between
 * the check and the use.
 *
 * Rights: each call needs its right in the directory's base rights. A
 * read-only preopen and everything opened from it lack every right in
 * WASI_RIGHTS_WRITE; as a second, independent guard, every call that
 * modifies the file system also refuses a descriptor marked read_only.
 *
 * Trailing slashes are handled here rather than passed to the kernel (a
 * trailing slash makes the kernel follow a final symlink, which we only do
 * through the resolver): they mean "must be a directory".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/guest_memory.h"

/* ---------------------------------------------------------------- helpers */

/* The directory descriptor fd, which must hold `rights`, and the guest path
 * copied out of memory. */
static uint32_t dir_path(wasi_call *c, uint32_t fd, uint64_t rights,
                         uint32_t ptr, uint32_t len, wasi_fd **dir,
                         char **path) {
  *path = NULL;
  uint32_t err = wasi_fd_lookup(c->w, fd, dir);
  if (err) return err;
  if ((*dir)->filetype != WASI_FILETYPE_DIRECTORY || (*dir)->kind != FDK_HOST)
    return WASI_ENOTDIR;
  if (((*dir)->rights_base & rights) != rights) return WASI_ENOTCAPABLE;
  if ((rights & WASI_RIGHTS_WRITE) && (*dir)->read_only)
    return WASI_ENOTCAPABLE;
  return gm_path(c, ptr, len, path);
}

typedef struct parent_ref {
  int root;                  /* the directory descriptor resolved against */
  int fd;                    /* parent directory (may equal root) */
  char name[NAME_MAX + 1];
  bool trailing;
} parent_ref;

static uint32_t parent_of(wasi_call *c, const wasi_fd *dir, const char *path,
                          parent_ref *p) {
  p->root = dir->host;
  int r = sb_parent(&c->w->resolver, dir->host, path, &p->fd, p->name,
                    sizeof p->name, &p->trailing);
  return r < 0 ? wasi_errno_from_resolve(r) : WASI_ESUCCESS;
}

static void parent_done(parent_ref *p) {
  sb_release_parent(p->root, p->fd);
  p->fd = -1;
}

static uint32_t host_err(void) { return wasi_errno_from_host(errno); }

/* utimensat on what an O_PATH descriptor refers to, following nothing more:
 * futimens does not accept O_PATH descriptors, /proc/self/fd/N does (it is
 * our own descriptor, already resolved inside the sandbox). */
static int utimens_opath(int fd, const struct timespec ts[2]) {
  char proc[40];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  return utimensat(AT_FDCWD, proc, ts, 0);
}

/* ---------------------------------------------------------------- path_open */

/* Rights of the new descriptor: a file gets at most the directory's
 * inheriting rights; a directory at most what the directory itself holds
 * (base or inheriting), so a child never gains a right its parent lacks in
 * both. Rights that do not apply to the opened type are dropped, as the spec
 * allows. The host access mode follows the rights: no fd_write right, no
 * writable host descriptor. */
WASI_FN(path_open) {
  uint32_t fd = ARG32(0), dirflags = ARG32(1), oflags = ARG32(4);
  uint64_t base = ARG64(5), inheriting = ARG64(6);
  uint32_t fdflags = ARG32(7), out = ARG32(8);

  uint64_t need = WASI_RIGHT_PATH_OPEN;
  if (oflags & WASI_OFLAG_CREAT) need |= WASI_RIGHT_PATH_CREATE_FILE;
  if (oflags & WASI_OFLAG_TRUNC) need |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
  wasi_fd *d;
  char *path;
  uint32_t err;
  {
    /* dir_path without its read-only guard: opening for reading is fine. */
    err = wasi_fd_lookup(c->w, fd, &d);
    if (err) return err;
    if (d->filetype != WASI_FILETYPE_DIRECTORY || d->kind != FDK_HOST)
      return WASI_ENOTDIR;
    if ((d->rights_base & need) != need) return WASI_ENOTCAPABLE;
  }
  if ((oflags & ~(uint32_t)WASI_OFLAGS_ALL) ||
      (fdflags & ~(uint32_t)WASI_FDFLAGS_ALL))
    return WASI_EINVAL;
  if ((oflags & WASI_OFLAG_DIRECTORY) &&
      (oflags & (WASI_OFLAG_CREAT | WASI_OFLAG_TRUNC)))
    return WASI_EINVAL;
  if (!gm_ok(c, out, 4)) return WASI_EFAULT;

  uint64_t file_bound = d->rights_inheriting;
  uint64_t dir_bound = d->rights_base | d->rights_inheriting;
  /* Asking to write where writing cannot be granted fails now rather than
   * at the first write. */
  if ((base & WASI_RIGHT_FD_WRITE) && !(file_bound & WASI_RIGHT_FD_WRITE))
    return WASI_ENOTCAPABLE;
  /* The host mode follows fd_write alone, as open(2) follows O_WRONLY: a
   * descriptor with fd_filestat_set_size but not fd_write is read-only on
   * the host, so ftruncate fails as it would natively (Go, for one, asks
   * for that right when opening read-only). */
  bool readable = base & dir_bound & (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR);
  bool writable = (base & file_bound & WASI_RIGHT_FD_WRITE) && !d->read_only;
  if (d->read_only && (oflags & (WASI_OFLAG_CREAT | WASI_OFLAG_TRUNC)))
    return WASI_ENOTCAPABLE;

  int hflags = O_NOCTTY | wasi_fdflags_to_host((uint16_t)fdflags);
  hflags |= writable ? (readable ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (oflags & WASI_OFLAG_CREAT) hflags |= O_CREAT;
  if (oflags & WASI_OFLAG_EXCL) hflags |= O_EXCL;
  if (oflags & WASI_OFLAG_TRUNC) hflags |= O_TRUNC;
  if (oflags & WASI_OFLAG_DIRECTORY) hflags |= O_DIRECTORY;

  if ((err = gm_path(c, ARG32(2), ARG32(3), &path))) return err;
  int h = sb_open(&c->w->resolver, d->host, path, hflags, 0666,
                  dirflags & WASI_LOOKUP_SYMLINK_FOLLOW);
  free(path);
  if (h < 0) return wasi_errno_from_resolve(h);

  struct stat st;
  if (fstat(h, &st) != 0) {
    err = host_err();
    close(h);
    return err;
  }
  uint8_t type = wasi_filetype_of(h, st.st_mode);
  uint64_t nb, ni;
  if (type == WASI_FILETYPE_DIRECTORY) {
    nb = base & dir_bound & WASI_RIGHTS_DIR;
    ni = inheriting & dir_bound;
  } else {
    nb = base & file_bound & wasi_rights_for(type, isatty(h));
    ni = inheriting & file_bound;
  }
  bool read_only = d->read_only;   /* d may move: the table can grow */
  uint32_t nfd;
  if ((err = wasi_fd_install_host(c->w, h, nb, ni, read_only, &nfd)))
    return err;
  c->w->fds[nfd].fdflags = (uint16_t)fdflags;
  gm_put32(c, out, nfd);
  return WASI_ESUCCESS;
}

/* ---------------------------------------------------------------- directories */

WASI_FN(path_create_directory) {
  wasi_fd *d;
  char *path;
  uint32_t err = dir_path(c, ARG32(0), WASI_RIGHT_PATH_CREATE_DIRECTORY,
                          ARG32(1), ARG32(2), &d, &path);
  if (err) return err;
  parent_ref p;
  err = parent_of(c, d, path, &p);
  free(path);
  if (err) return err;
  if (mkdirat(p.fd, p.name, 0777) != 0) err = host_err();
  parent_done(&p);
  return err;
}

WASI_FN(path_remove_directory) {
  wasi_fd *d;
  char *path;
  uint32_t err = dir_path(c, ARG32(0), WASI_RIGHT_PATH_REMOVE_DIRECTORY,
                          ARG32(1), ARG32(2), &d, &path);
  if (err) return err;
  parent_ref p;
  err = parent_of(c, d, path, &p);
  free(path);
  if (err) return err;
  if (unlinkat(p.fd, p.name, AT_REMOVEDIR) != 0) err = host_err();
  parent_done(&p);
  return err;
}

/* "name/" may only name a directory, which unlink refuses: EISDIR for a
 * directory, ENOTDIR for anything else. */
WASI_FN(path_unlink_file) {
  wasi_fd *d;
  char *path;
  uint32_t err = dir_path(c, ARG32(0), WASI_RIGHT_PATH_UNLINK_FILE, ARG32(1),
                          ARG32(2), &d, &path);
  if (err) return err;
  parent_ref p;
  err = parent_of(c, d, path, &p);
  free(path);
  if (err) return err;
  if (p.trailing) {
    struct stat st;
    if (fstatat(p.fd, p.name, &st, AT_SYMLINK_NOFOLLOW) != 0) err = host_err();
    else err = S_ISDIR(st.st_mode) ? WASI_EISDIR : WASI_ENOTDIR;
  } else if (unlinkat(p.fd, p.name, 0) != 0) {
    err = host_err();
  }
  parent_done(&p);
  return err;
}

/* ---------------------------------------------------------------- rename, link */

/* With a trailing slash on either side, the source must be a directory. */
static uint32_t check_trailing_source(const parent_ref *src, bool trailing) {
  if (!trailing) return WASI_ESUCCESS;
  struct stat st;
  if (fstatat(src->fd, src->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return host_err();
  return S_ISDIR(st.st_mode) ? WASI_ESUCCESS : WASI_ENOTDIR;
}

WASI_FN(path_rename) {
  wasi_fd *d1, *d2;
  char *old, *new_path;
  uint32_t err = dir_path(c, ARG32(0), WASI_RIGHT_PATH_RENAME_SOURCE, ARG32(1),
                          ARG32(2), &d1, &old);
  if (err) return err;
  err = dir_path(c, ARG32(3), WASI_RIGHT_PATH_RENAME_TARGET, ARG32(4),
                 ARG32(5), &d2, &new_path);
  if (err) {
    free(old);
    return err;
  }
  parent_ref src, dst;
  err = parent_of(c, d1, old, &src);
  if (!err) {
    err = parent_of(c, d2, new_path, &dst);
    if (!err) {
      err = check_trailing_source(&src, src.trailing || dst.trailing);
      if (!err && renameat(src.fd, src.name, dst.fd, dst.name) != 0)
        err = host_err();
      parent_done(&dst);
    }
    parent_done(&src);
  }
  free(old);
  free(new_path);
  return err;
}

/* Both names are resolved inside their own directories, so a link can only
 * join two places the guest already holds. Following a symlink source goes
 * through the resolver, then links the resolved file by descriptor. */
WASI_FN(path_link) {
  uint32_t old_flags = ARG32(1);
  wasi_fd *d1, *d2;
  char *old, *new_path;
  uint32_t err = dir_path(c, ARG32(0), WASI_RIGHT_PATH_LINK_SOURCE, ARG32(2),
                          ARG32(3), &d1, &old);
  if (err) return err;
  err = dir_path(c, ARG32(4), WASI_RIGHT_PATH_LINK_TARGET, ARG32(5), ARG32(6),
                 &d2, &new_path);
  if (err) {
    free(old);
    return err;
  }
  parent_ref dst;
  err = parent_of(c, d2, new_path, &dst);
  free(new_path);
  if (err) {
    free(old);
    return err;
  }
  if (dst.trailing) {
    /* A new link cannot end in '/': EEXIST if the name is taken, else
     * ENOENT, as link(2) says. */
    struct stat st;
    err = fstatat(dst.fd, dst.name, &st, AT_SYMLINK_NOFOLLOW) == 0
              ? WASI_EEXIST : WASI_ENOENT;
  } else if (old_flags & WASI_LOOKUP_SYMLINK_FOLLOW) {
    int h = sb_open(&c->w->resolver, d1->host, old, O_PATH, 0, true);
    if (h < 0) {
      err = wasi_errno_from_resolve(h);
    } else {
      char proc[40];
      snprintf(proc, sizeof proc, "/proc/self/fd/%d", h);
      if (linkat(AT_FDCWD, proc, dst.fd, dst.name, AT_SYMLINK_FOLLOW) != 0)
        err = host_err();
      close(h);
    }
  } else {
    parent_ref src;
    err = parent_of(c, d1, old, &src);
    if (!err) {
      if (src.trailing) {
        struct stat st;
        if (fstatat(src.fd, src.name, &st, AT_SYMLINK_NOFOLLOW) != 0)
          err = host_err();
        else
          err = S_ISDIR(st.st_mode) ? WASI_EPERM : WASI_ENOTDIR;
      } else if (linkat(src.fd, src.name, dst.fd, dst.name, 0) != 0) {
        err = host_err();
      }
      parent_done(&src);
    }
  }
  parent_done(&dst);
  free(old);
  return err;
}

/* ---------------------------------------------------------------- symlinks */

/* The link's contents may be any relative path: they are only ever
 * followed through the resolver, which refuses what leaves the sandbox. An
 * absolute target could never be followed by the guest and would only hand
 * host programs a pointer outside the directory, so it is refused. */
WASI_FN(path_symlink) {
  char *target;
  uint32_t err = WASI_ESUCCESS;
  wasi_fd *d;
  char *path;
  if ((err = dir_path(c, ARG32(2), WASI_RIGHT_PATH_SYMLINK, ARG32(3), ARG32(4),
                      &d, &path)))
    return err;
  if ((err = gm_path(c, ARG32(0), ARG32(1), &target))) {
    free(path);
    return err;
  }
  parent_ref p;
  if (target[0] == '/') err = WASI_ENOTCAPABLE;
  else if (target[0] == 0) err = WASI_ENOENT;
  else err = parent_of(c, d, path, &p);
  free(path);
  if (err) {
    free(target);
    return err;
  }
  if (p.trailing) {
    struct stat st;
    if (fstatat(p.fd, p.name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      err = errno == ENOENT ? WASI_ENOENT : host_err();
    else
      err = S_ISDIR(st.st_mode) ? WASI_EEXIST : WASI_ENOTDIR;
  } else if (symlinkat(target, p.fd, p.name) != 0) {
    err = host_err();
  }
  parent_done(&p);
  free(target);
  return err;
}

/* Copies at most buf_len bytes of the link's contents (no NUL). */
WASI_FN(path_readlink) {
  uint32_t buf = ARG32(3), buf_len = ARG32(4), out = ARG32(5);
  wasi_fd *d;
  char *path;
  uint32_t err = dir_path(c, ARG32(0), WASI_RIGHT_PATH_READLINK, ARG32(1),
                          ARG32(2), &d, &path);
  if (err) return err;
  if (!gm_ok(c, buf, buf_len) || !gm_ok(c, out, 4)) {
    free(path);
    return WASI_EFAULT;
  }
  parent_ref p;
  err = parent_of(c, d, path, &p);
  free(path);
  if (err) return err;
  char *tmp = malloc(SB_PATH_MAX + 1);
  ssize_t n = -1;
  if (!tmp) err = WASI_ENOMEM;
  else if (p.trailing) err = WASI_EINVAL;   /* "x/" names a directory */
  else if ((n = readlinkat(p.fd, p.name, tmp, SB_PATH_MAX + 1)) < 0)
    err = host_err();
  if (!err) {
    uint32_t k = (uint64_t)n < buf_len ? (uint32_t)n : buf_len;
    memcpy(gm_at(c, buf), tmp, k);
    gm_put32(c, out, k);
  }
  free(tmp);
  parent_done(&p);
  return err;
}

/* ---------------------------------------------------------------- filestat */

WASI_FN(path_filestat_get) {
  uint32_t flags = ARG32(1), out = ARG32(4);
  wasi_fd *d;
  char *path;
  uint32_t err = dir_path(c, ARG32(0), WASI_RIGHT_PATH_FILESTAT_GET, ARG32(2),
                          ARG32(3), &d, &path);
  if (err) return err;
  if (!gm_ok(c, out, c->unstable ? WASI_FILESTAT0_SIZE : WASI_FILESTAT_SIZE)) {
    free(path);
    return WASI_EFAULT;
  }
  /* O_PATH without following opens a symlink itself: fstat is then lstat. */
  int h = sb_open(&c->w->resolver, d->host, path, O_PATH, 0,
                  flags & WASI_LOOKUP_SYMLINK_FOLLOW);
  free(path);
  if (h < 0) return wasi_errno_from_resolve(h);
  struct stat st;
  if (fstat(h, &st) != 0) err = host_err();
  else err = wasi_put_filestat(c, out, &st);
  close(h);
  return err;
}

WASI_FN(path_filestat_set_times) {
  uint32_t flags = ARG32(1);
  struct timespec ts[2];
  uint32_t err = wasi_times_from_fst(ARG64(4), ARG64(5), ARG32(6), ts);
  wasi_fd *d;
  char *path;
  uint32_t e2 = dir_path(c, ARG32(0), WASI_RIGHT_PATH_FILESTAT_SET_TIMES,
                         ARG32(2), ARG32(3), &d, &path);
  if (e2) return e2;
  if (err) {
    free(path);
    return err;
  }
  parent_ref p;
  if ((err = parent_of(c, d, path, &p))) {
    free(path);
    return err;
  }
  if ((flags & WASI_LOOKUP_SYMLINK_FOLLOW) || p.trailing) {
    int h = sb_open(&c->w->resolver, d->host, path, O_PATH, 0, true);
    if (h < 0) err = wasi_errno_from_resolve(h);
    else {
      if (utimens_opath(h, ts) != 0) err = host_err();
      close(h);
    }
  } else if (utimensat(p.fd, p.name, ts, AT_SYMLINK_NOFOLLOW) != 0) {
    err = host_err();
  }
  parent_done(&p);
  free(path);
  return err;
}
