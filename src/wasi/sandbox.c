/*
 * sandbox.c - resolving guest paths beneath a directory descriptor.
 *
 * See sandbox.h for the rules. The user-space walk keeps this invariant: at
 * every step, `cur` (the top of the stack, or the root when the stack is
 * empty) is a directory descriptor that was reached from the root only
 * through openat(..., O_NOFOLLOW) of single components and symlink
 * expansions checked here, and the stack holds exactly the directories
 * between the root and `cur`. ".." pops the stack, so it can never go above
 * the root, whatever the file system looks like or does meanwhile.
 */
#define _GNU_SOURCE
#include "wasi/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RESOLVE_FLAGS (RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)

/* ---------------------------------------------------------------- openat2 */

static int sys_openat2(int dirfd, const char *path, int flags, mode_t mode,
                       uint64_t resolve) {
#ifdef SYS_openat2
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = (uint64_t)(unsigned)flags;
  how.mode = (flags & O_CREAT) ? mode : 0;  /* openat2 rejects a stray mode */
  how.resolve = resolve;
  for (int tries = 0;; tries++) {
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0) return (int)fd;
    /* EAGAIN: a rename raced with a ".." lookup; the kernel asks to retry. */
    if (errno == EINTR || (errno == EAGAIN && tries < 32)) continue;
    return -errno;
  }
#else
  (void)dirfd; (void)path; (void)flags; (void)mode; (void)resolve;
  return -ENOSYS;
#endif
}

bool sb_probe_openat2(void) {
  int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) return false;
  bool ok = false;
  int fd = sys_openat2(root, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
                       RESOLVE_FLAGS);
  if (fd >= 0) {
    close(fd);
    /* And it must refuse to climb: ".." from the root is an escape. */
    fd = sys_openat2(root, "..", O_PATH | O_DIRECTORY | O_CLOEXEC, 0,
                     RESOLVE_FLAGS);
    if (fd >= 0) close(fd);
    else ok = (fd == -EXDEV);
  }
  close(root);
  return ok;
}

/* ---------------------------------------------------------------- walk */

typedef struct walk {
  int root;
  int *stack;          /* directories entered below root, innermost last */
  size_t depth, cap;
  char *rest;          /* the path still to resolve (heap) */
  int links;           /* symlink expansions so far */
} walk;

static int walk_cur(const walk *w) {
  return w->depth ? w->stack[w->depth - 1] : w->root;
}

static int walk_push(walk *w, int fd) {
  if (w->depth == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 16;
    int *s = realloc(w->stack, cap * sizeof *s);
    if (!s) { close(fd); return -ENOMEM; }
    w->stack = s;
    w->cap = cap;
  }
  w->stack[w->depth++] = fd;
  return 0;
}

static void walk_free(walk *w) {
  while (w->depth) close(w->stack[--w->depth]);
  free(w->stack);
  free(w->rest);
}

/* Reads the symlink `name` in dir. Returns its length, or -EINVAL when name
 * is not a symlink, or another -errno. */
static int read_link(int dir, const char *name, char *buf, size_t size) {
  ssize_t n = readlinkat(dir, name, buf, size);
  if (n < 0) return -errno;
  if ((size_t)n >= size) return -ENAMETOOLONG;
  buf[n] = 0;
  return (int)n;
}

/* Replaces the component just consumed by the symlink target: the path
 * still to resolve becomes target + tail, where tail is what followed the
 * component (starting with its '/', if any). */
static int walk_expand(walk *w, const char *target, const char *tail) {
  if (++w->links > SB_MAX_SYMLINKS) return -ELOOP;
  if (target[0] == '/') return -EXDEV;    /* absolute: always outside */
  if (target[0] == 0) return -ENOENT;
  size_t tl = strlen(target), rl = strlen(tail);
  char *rest = malloc(tl + rl + 1);
  if (!rest) return -ENOMEM;
  memcpy(rest, target, tl);
  memcpy(rest + tl, tail, rl + 1);
  free(w->rest);
  w->rest = rest;
  return 0;
}

static bool is_dot(const char *c) { return c[0] == '.' && c[1] == 0; }
static bool is_dotdot(const char *c) {
  return c[0] == '.' && c[1] == '.' && c[2] == 0;
}

static int walk_open(int root, const char *path, int flags, mode_t mode,
                     bool follow) {
  walk w = {.root = root};
  char comp[NAME_MAX + 1];
  char *target = malloc(SB_PATH_MAX + 1);
  int result;

  w.rest = strdup(path);
  if (!w.rest || !target) { result = -ENOMEM; goto done; }

  size_t pos = 0;
  for (;;) {
    const char *p = w.rest + pos;
    while (*p == '/') p++;
    if (*p == 0) { result = -ENOENT; goto done; }   /* empty path */
    const char *start = p;
    while (*p && *p != '/') p++;
    size_t len = (size_t)(p - start);
    if (len > NAME_MAX) { result = -ENAMETOOLONG; goto done; }
    memcpy(comp, start, len);
    comp[len] = 0;
    const char *tail = p;                /* '/'... or "" */
    const char *q = p;
    while (*q == '/') q++;
    bool last = (*q == 0);
    bool trailing = last && q != p;
    pos = (size_t)(q - w.rest);
    int cur = walk_cur(&w);

    if (!last) {
      if (is_dot(comp)) continue;
      if (is_dotdot(comp)) {
        if (w.depth == 0) { result = -EXDEV; goto done; }
        close(w.stack[--w.depth]);
        continue;
      }
      int fd = openat(cur, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) {
        if ((result = walk_push(&w, fd)) < 0) goto done;
        continue;
      }
      int err = errno;
      if (err == ENOTDIR || err == ELOOP) {
        int n = read_link(cur, comp, target, SB_PATH_MAX + 1);
        if (n == -EINVAL) { result = -ENOTDIR; goto done; }  /* not a link */
        if (n < 0) { result = n; goto done; }
        if ((result = walk_expand(&w, target, tail)) < 0) goto done;
        pos = 0;
        continue;
      }
      result = -err;
      goto done;
    }

    /* The last component. */
    bool want_follow = follow || trailing;
    int lflags = flags | O_CLOEXEC | (trailing ? O_DIRECTORY : 0);
    if (is_dot(comp) || is_dotdot(comp)) {
      if (is_dotdot(comp)) {
        if (w.depth == 0) { result = -EXDEV; goto done; }
        close(w.stack[--w.depth]);
      }
      int fd = openat(walk_cur(&w), ".", lflags, mode);
      result = fd >= 0 ? fd : -errno;
      goto done;
    }
    int fd = openat(cur, comp, lflags | O_NOFOLLOW, mode);
    if (fd >= 0) {
      /* O_PATH | O_NOFOLLOW opens a symlink itself: follow it if asked. */
      struct stat st;
      if ((flags & O_PATH) && want_follow && fstat(fd, &st) == 0 &&
          S_ISLNK(st.st_mode)) {
        close(fd);
        int n = read_link(cur, comp, target, SB_PATH_MAX + 1);
        if (n < 0) { result = n; goto done; }
        if ((result = walk_expand(&w, target, tail)) < 0) goto done;
        pos = 0;
        continue;
      }
      result = fd;
      goto done;
    }
    int err = errno;
    if ((err == ELOOP || err == ENOTDIR || err == EMLINK) && want_follow) {
      int n = read_link(cur, comp, target, SB_PATH_MAX + 1);
      if (n == -EINVAL || n == -ENOENT) { result = -err; goto done; }
      if (n < 0) { result = n; goto done; }
      if ((result = walk_expand(&w, target, tail)) < 0) goto done;
      pos = 0;
      continue;
    }
    result = -err;
    goto done;
  }

done:
  walk_free(&w);
  free(target);
  return result;
}

/* ---------------------------------------------------------------- public */

int sb_open(const sb_resolver *r, int rootfd, const char *path, int flags,
            mode_t mode, bool follow) {
  if (path[0] == '/') return -EXDEV;
  if (path[0] == 0) return -ENOENT;
  if (strlen(path) > SB_PATH_MAX) return -ENAMETOOLONG;
  if (r->use_openat2) {
    if (!follow) flags |= O_NOFOLLOW;
    return sys_openat2(rootfd, path, flags | O_CLOEXEC, mode, RESOLVE_FLAGS);
  }
  return walk_open(rootfd, path, flags, mode, follow);
}

int sb_parent(const sb_resolver *r, int rootfd, const char *path,
              int *parent, char *name, size_t name_size,
              bool *trailing_slash) {
  *parent = -1;
  if (path[0] == '/') return -EXDEV;
  size_t len = strlen(path);
  if (len > SB_PATH_MAX) return -ENAMETOOLONG;
  size_t end = len;
  while (end > 0 && path[end - 1] == '/') end--;
  if (end == 0) return -ENOENT;                    /* "" */
  *trailing_slash = end < len;
  size_t start = end;
  while (start > 0 && path[start - 1] != '/') start--;
  size_t nlen = end - start;
  if (nlen >= name_size || nlen > NAME_MAX) return -ENAMETOOLONG;
  memcpy(name, path + start, nlen);
  name[nlen] = 0;

  if (is_dot(name) || is_dotdot(name)) {
    /* Resolve the whole path (checking ".." like any other) and act on "."
     * inside the result. */
    int fd = sb_open(r, rootfd, path, O_PATH | O_DIRECTORY, 0, true);
    if (fd < 0) return fd;
    *parent = fd;
    name[0] = '.';
    name[1] = 0;
    return 0;
  }
  if (start == 0) {
    *parent = rootfd;
    return 0;
  }
  /* The prefix keeps its slash, so it must be (or lead to) a directory. */
  char *prefix = strndup(path, start);
  if (!prefix) return -ENOMEM;
  int fd = sb_open(r, rootfd, prefix, O_PATH | O_DIRECTORY, 0, true);
  free(prefix);
  if (fd < 0) return fd;
  *parent = fd;
  return 0;
}

void sb_release_parent(int rootfd, int parent) {
  if (parent >= 0 && parent != rootfd) close(parent);
}
