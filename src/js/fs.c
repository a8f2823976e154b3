/*
 * fs.c - the native half of node:fs, confined to preopened directories.
 *
 * The guest sees host directories under the names the embedder gave them
 * (husk_js_config_preopen_dir, `--dir HOST::GUEST`), exactly like a WASI
 * guest: a path is mapped to the preopen with the longest matching guest
 * prefix, and the rest of it is resolved beneath that directory's
 * descriptor by WASI's resolver (wasi/sandbox.h), so "..", absolute
 * symlinks and renames racing with the walk cannot leave it. A path under
 * no preopen fails with EACCES, a write through a read-only one with EROFS.
 *
 * The JS half (lib/fs.js) makes paths absolute against process.cwd()
 * before they get here, and builds the callback and promise APIs on these
 * synchronous calls. Errors are Node's: "ENOENT: no such file or
 * directory, open '/data/x'" with code, errno, syscall and path.
 */
#define _GNU_SOURCE   /* O_PATH */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "js/internal.h"
#include "util/error.h"

/* ---------------------------------------------------------- preopens */

/* Normalises an absolute path in place: no "//", ".", "..", trailing "/". */
static void normalize(char *p) {
  char *out = p;
  const char *in = p;
  while (*in) {
    while (*in == '/') in++;
    const char *seg = in;
    while (*in && *in != '/') in++;
    size_t len = (size_t)(in - seg);
    if (len == 0 || (len == 1 && seg[0] == '.')) continue;
    if (len == 2 && seg[0] == '.' && seg[1] == '.') {
      while (out > p && *--out != '/') {}
      continue;
    }
    *out++ = '/';
    memmove(out, seg, len);
    out += len;
  }
  if (out == p) *out++ = '/';
  *out = '\0';
}

husk_error *hjs_fs_init(husk_js *js) {
  js->resolver.use_openat2 = sb_probe_openat2();
  size_t n = js->config.dir_count;
  js->preopens = calloc(n + 1, sizeof *js->preopens);
  if (!js->preopens) return husk_error_newf("out of memory");
  for (size_t i = 0; i < n; i++) {
    const hjs_dir_spec *d = &js->config.dirs[i];
    const char *guest = d->guest ? d->guest : d->host;
    size_t len = strlen(js->cwd) + strlen(guest) + 2;
    char *g = malloc(len);
    if (!g) return husk_error_newf("out of memory");
    if (guest[0] == '/')
      snprintf(g, len, "%s", guest);
    else
      snprintf(g, len, "%s/%s", js->cwd, guest);
    normalize(g);
    int fd = open(d->host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      husk_error *err = husk_error_newf("cannot open directory '%s': %s", d->host, strerror(errno));
      free(g);
      return err;
    }
    js->preopens[js->preopen_count++] = (hjs_preopen){g, strlen(g), fd, d->read_only};
  }
  return NULL;
}

void hjs_fs_free(husk_js *js) {
  for (size_t i = 0; i < js->preopen_count; i++) {
    free(js->preopens[i].guest);
    close(js->preopens[i].fd);
  }
  free(js->preopens);
  js->preopens = NULL;
  js->preopen_count = 0;
}

/* A guest path resolved to a preopen and a path relative to it. */
typedef struct target {
  const hjs_preopen *root;
  char rel[PATH_MAX];
} target;

static int map_path(husk_js *js, const char *path, target *t) {
  char abs[PATH_MAX];
  if (path[0] != '/' || strlen(path) >= sizeof abs) return -EACCES;
  strcpy(abs, path);
  normalize(abs);
  const hjs_preopen *best = NULL;
  for (size_t i = 0; i < js->preopen_count; i++) {
    const hjs_preopen *p = &js->preopens[i];
    bool root = p->guest_len == 1;
    if ((root || (!strncmp(abs, p->guest, p->guest_len) &&
                  (abs[p->guest_len] == '/' || abs[p->guest_len] == '\0'))) &&
        (!best || p->guest_len > best->guest_len))
      best = p;
  }
  if (!best) return -EACCES;
  const char *rest = abs + (best->guest_len == 1 ? 0 : best->guest_len);
  while (*rest == '/') rest++;
  snprintf(t->rel, sizeof t->rel, "%s", *rest ? rest : ".");
  t->root = best;
  return 0;
}

/* ---------------------------------------------------------- errors */

static const char *errno_code(int e) {
  switch (e) {
  case ENOENT: return "ENOENT";
  case EEXIST: return "EEXIST";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case EACCES: return "EACCES";
  case EPERM: return "EPERM";
  case ENOTEMPTY: return "ENOTEMPTY";
  case EROFS: return "EROFS";
  case EXDEV: return "EXDEV";
  case ELOOP: return "ELOOP";
  case EINVAL: return "EINVAL";
  case ENAMETOOLONG: return "ENAMETOOLONG";
  case EBUSY: return "EBUSY";
  case ENOSPC: return "ENOSPC";
  case EMFILE: return "EMFILE";
  case EBADF: return "EBADF";
  default: return "EIO";
  }
}

/* Node's wording for the common ones, strerror's otherwise. */
static const char *errno_text(int e) {
  switch (e) {
  case ENOENT: return "no such file or directory";
  case EEXIST: return "file already exists";
  case ENOTDIR: return "not a directory";
  case EISDIR: return "illegal operation on a directory";
  case EACCES: return "permission denied";
  case ENOTEMPTY: return "directory not empty";
  case EROFS: return "read-only file system";
  default: return strerror(e);
  }
}

/* Throws Node's error for -err (a negative errno). An escape from the
 * preopen (EXDEV from the resolver) is reported as EACCES. */
static JSValue throw_errno(JSContext *ctx, int err, const char *syscall, const char *path,
                           const char *dest) {
  int e = -err;
  if (e == EXDEV && strcmp(syscall, "rename") != 0) e = EACCES;
  char msg[PATH_MAX * 2 + 128];
  if (dest)
    snprintf(msg, sizeof msg, "%s: %s, %s '%s' -> '%s'", errno_code(e), errno_text(e), syscall,
             path, dest);
  else
    snprintf(msg, sizeof msg, "%s: %s%s, %s '%s'", errno_code(e), errno_text(e),
             e == EACCES ? " (outside the preopened directories, or denied)" : "", syscall, path);
  JSValue obj = JS_NewError(ctx);
  JS_SetPropertyStr(ctx, obj, "message", JS_NewString(ctx, msg));
  JS_SetPropertyStr(ctx, obj, "errno", JS_NewInt32(ctx, -e));
  JS_SetPropertyStr(ctx, obj, "code", JS_NewString(ctx, errno_code(e)));
  JS_SetPropertyStr(ctx, obj, "syscall", JS_NewString(ctx, syscall));
  JS_SetPropertyStr(ctx, obj, "path", JS_NewString(ctx, path));
  if (dest) JS_SetPropertyStr(ctx, obj, "dest", JS_NewString(ctx, dest));
  return JS_Throw(ctx, obj);
}

/* Maps argv[0]; for writes, refuses read-only preopens. Returns 0 or -errno. */
static int resolve_arg(JSContext *ctx, JSValueConst arg, const char **path, target *t,
                       bool write) {
  *path = JS_ToCString(ctx, arg);
  if (!*path) return -EINVAL;
  int r = map_path(hjs_of(ctx), *path, t);
  if (r == 0 && write && t->root->read_only) r = -EROFS;
  return r;
}

static int open_in(husk_js *js, const target *t, int flags, mode_t mode, bool follow) {
  return sb_open(&js->resolver, t->root->fd, t->rel, flags, mode, follow);
}

/* ---------------------------------------------------------- calls */

/* readFile(path): an ArrayBuffer of the contents. */
static JSValue js_read_file(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *path;
  target t;
  int fd = resolve_arg(ctx, argv[0], &path, &t, false);
  if (!path) return JS_EXCEPTION;
  if (fd == 0) fd = open_in(hjs_of(ctx), &t, O_RDONLY, 0, true);
  JSValue r;
  if (fd < 0) {
    r = throw_errno(ctx, fd, "open", path, NULL);
  } else {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      r = throw_errno(ctx, -EISDIR, "read", path, NULL);
    } else {
      uint8_t *buf = NULL;
      size_t len = 0, cap = 0;
      ssize_t n;
      for (;;) {
        if (len == cap) {
          cap = cap ? cap * 2 : (st.st_size > 0 ? (size_t)st.st_size + 1 : 4096);
          uint8_t *bigger = realloc(buf, cap);
          if (!bigger) {
            n = -1;
            errno = ENOMEM;
            break;
          }
          buf = bigger;
        }
        n = read(fd, buf + len, cap - len);
        if (n <= 0) break;
        len += (size_t)n;
      }
      r = n < 0 ? throw_errno(ctx, -errno, "read", path, NULL)
                : JS_NewArrayBufferCopy(ctx, buf, len);
      free(buf);
    }
    close(fd);
  }
  JS_FreeCString(ctx, path);
  return r;
}

/* writeFile(path, bytes, flag, mode): flag is "w", "a", "wx" or "ax". */
static JSValue js_write_file(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  size_t size;
  uint8_t *data = hjs_bytes(ctx, argv[1], &size);
  if (!data) return JS_EXCEPTION;
  const char *flag = JS_ToCString(ctx, argv[2]);
  if (!flag) return JS_EXCEPTION;
  int32_t mode = 0666;
  JS_ToInt32(ctx, &mode, argv[3]);
  int flags = O_WRONLY | O_CREAT | (flag[0] == 'a' ? O_APPEND : O_TRUNC);
  if (strchr(flag, 'x')) flags |= O_EXCL;
  JS_FreeCString(ctx, flag);

  const char *path;
  target t;
  int fd = resolve_arg(ctx, argv[0], &path, &t, true);
  if (!path) return JS_EXCEPTION;
  if (fd == 0) fd = open_in(hjs_of(ctx), &t, flags, (mode_t)mode, true);
  JSValue r = JS_UNDEFINED;
  if (fd < 0) {
    r = throw_errno(ctx, fd, "open", path, NULL);
  } else {
    /* data may move if JS runs: it does not, between here and close. */
    while (size > 0) {
      ssize_t n = write(fd, data, size);
      if (n < 0) {
        if (errno == EINTR) continue;
        r = throw_errno(ctx, -errno, "write", path, NULL);
        break;
      }
      data += n;
      size -= (size_t)n;
    }
    close(fd);
  }
  JS_FreeCString(ctx, path);
  return r;
}

static int dirent_kind(int dirfd, const struct dirent *d) {
  unsigned char type = d->d_type;
  if (type == DT_UNKNOWN) {
    struct stat st;
    if (fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG
           : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
  }
  switch (type) {
  case DT_REG: return 1;
  case DT_DIR: return 2;
  case DT_LNK: return 3;
  case DT_FIFO: return 4;
  case DT_SOCK: return 5;
  case DT_CHR: return 6;
  case DT_BLK: return 7;
  default: return 0;
  }
}

/* readdir(path): [[name, kind], ...], sorted like Node's (by name). */
static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static JSValue js_readdir(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *path;
  target t;
  int fd = resolve_arg(ctx, argv[0], &path, &t, false);
  if (!path) return JS_EXCEPTION;
  if (fd == 0) fd = open_in(hjs_of(ctx), &t, O_RDONLY | O_DIRECTORY, 0, true);
  if (fd < 0) {
    JSValue r = throw_errno(ctx, fd, "scandir", path, NULL);
    JS_FreeCString(ctx, path);
    return r;
  }
  DIR *dir = fdopendir(fd);
  JSValue list = JS_NewArray(ctx);
  if (!dir) {
    close(fd);
    JS_FreeCString(ctx, path);
    return list;
  }
  /* Entries: "K" + name, K the kind digit, sorted by name afterwards. */
  char **names = NULL;
  size_t count = 0, cap = 0;
  struct dirent *d;
  while ((d = readdir(dir)) != NULL) {
    if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) continue;
    if (count == cap) {
      cap = cap ? cap * 2 : 32;
      char **grown = realloc(names, cap * sizeof *names);
      if (!grown) break;
      names = grown;
    }
    size_t len = strlen(d->d_name);
    char *e = malloc(len + 2);
    if (!e) break;
    memcpy(e, d->d_name, len + 1);
    e[len + 1] = (char)('0' + dirent_kind(dirfd(dir), d));
    names[count++] = e;
  }
  closedir(dir);
  if (count) qsort(names, count, sizeof *names, by_name);
  for (size_t i = 0; i < count; i++) {
    JSValue pair = JS_NewArray(ctx);
    size_t len = strlen(names[i]);
    JS_SetPropertyUint32(ctx, pair, 0, JS_NewStringLen(ctx, names[i], len));
    JS_SetPropertyUint32(ctx, pair, 1, JS_NewInt32(ctx, names[i][len + 1] - '0'));
    JS_SetPropertyUint32(ctx, list, (uint32_t)i, pair);
    free(names[i]);
  }
  free(names);
  JS_FreeCString(ctx, path);
  return list;
}

static double ms(struct timespec ts) {
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* stat(path, follow): the fields of fs.Stats; null with throwIfNoEntry
 * false handled in JS. */
static JSValue js_stat(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  bool follow = JS_ToBool(ctx, argv[1]);
  const char *path;
  target t;
  int fd = resolve_arg(ctx, argv[0], &path, &t, false);
  if (!path) return JS_EXCEPTION;
  if (fd == 0) fd = open_in(hjs_of(ctx), &t, O_PATH, 0, follow);
  struct stat st;
  if (fd >= 0) {
    int rc = fstat(fd, &st);
    close(fd);
    if (rc < 0) fd = -errno;
  }
  if (fd < 0) {
    JSValue r = throw_errno(ctx, fd, follow ? "stat" : "lstat", path, NULL);
    JS_FreeCString(ctx, path);
    return r;
  }
  JS_FreeCString(ctx, path);
  JSValue o = JS_NewObject(ctx);
  JS_SetPropertyStr(ctx, o, "dev", JS_NewInt64(ctx, (int64_t)st.st_dev));
  JS_SetPropertyStr(ctx, o, "ino", JS_NewInt64(ctx, (int64_t)st.st_ino));
  JS_SetPropertyStr(ctx, o, "mode", JS_NewInt64(ctx, st.st_mode));
  JS_SetPropertyStr(ctx, o, "nlink", JS_NewInt64(ctx, (int64_t)st.st_nlink));
  JS_SetPropertyStr(ctx, o, "uid", JS_NewInt64(ctx, st.st_uid));
  JS_SetPropertyStr(ctx, o, "gid", JS_NewInt64(ctx, st.st_gid));
  JS_SetPropertyStr(ctx, o, "rdev", JS_NewInt64(ctx, (int64_t)st.st_rdev));
  JS_SetPropertyStr(ctx, o, "size", JS_NewInt64(ctx, st.st_size));
  JS_SetPropertyStr(ctx, o, "blksize", JS_NewInt64(ctx, st.st_blksize));
  JS_SetPropertyStr(ctx, o, "blocks", JS_NewInt64(ctx, st.st_blocks));
  JS_SetPropertyStr(ctx, o, "atimeMs", hjs_number(ctx, ms(st.st_atim)));
  JS_SetPropertyStr(ctx, o, "mtimeMs", hjs_number(ctx, ms(st.st_mtim)));
  JS_SetPropertyStr(ctx, o, "ctimeMs", hjs_number(ctx, ms(st.st_ctim)));
  JS_SetPropertyStr(ctx, o, "birthtimeMs", hjs_number(ctx, ms(st.st_ctim)));
  return o;
}

/* The parent directory of t's path and its last component, for the *at
 * calls; returns 0 or -errno. */
static int parent_of(husk_js *js, const target *t, int *parent, char *name, size_t size) {
  bool trailing;
  return sb_parent(&js->resolver, t->root->fd, t->rel, parent, name, size, &trailing);
}

/* mkdir(path, recursive, mode): the first directory created (recursive),
 * or undefined. */
static JSValue js_mkdir(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  husk_js *js = hjs_of(ctx);
  bool recursive = JS_ToBool(ctx, argv[1]);
  int32_t mode = 0777;
  JS_ToInt32(ctx, &mode, argv[2]);
  const char *path;
  target t;
  int rc = resolve_arg(ctx, argv[0], &path, &t, true);
  if (!path) return JS_EXCEPTION;
  JSValue result = JS_UNDEFINED;
  if (rc == 0 && !recursive) {
    int parent;
    char name[NAME_MAX + 1];
    rc = parent_of(js, &t, &parent, name, sizeof name);
    if (rc == 0) {
      if (mkdirat(parent, name, (mode_t)mode) < 0) rc = -errno;
      sb_release_parent(t.root->fd, parent);
    }
  } else if (rc == 0) {
    /* Each prefix of the relative path in turn; EEXIST on a directory is
     * fine, and the first one made is what Node returns. */
    char full[PATH_MAX];
    snprintf(full, sizeof full, "%s", t.rel);
    size_t abs_len = strlen(path);
    for (char *p = full;; p++) {
      if (*p != '/' && *p != '\0') continue;
      char saved = *p;
      *p = '\0';
      target step = t;
      snprintf(step.rel, sizeof step.rel, "%s", full);
      int parent;
      char name[NAME_MAX + 1];
      rc = strcmp(full, ".") == 0 ? -EEXIST : parent_of(js, &step, &parent, name, sizeof name);
      if (rc == 0) {
        if (mkdirat(parent, name, (mode_t)mode) == 0) {
          if (JS_IsUndefined(result)) {
            /* The guest path of this prefix: the part of path it covers. */
            size_t drop = strlen(t.rel) - strlen(full);
            result = JS_NewStringLen(ctx, path, abs_len - drop);
          }
        } else {
          rc = -errno;
        }
        sb_release_parent(t.root->fd, parent);
      }
      if (rc == -EEXIST) {
        struct stat st;
        int fd = open_in(js, &step, O_PATH, 0, true);
        rc = fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -EEXIST;
        if (rc == -EEXIST && fd >= 0 && saved != '\0') rc = -ENOTDIR;
        if (fd >= 0) close(fd);
      }
      *p = saved;
      if (rc < 0 || saved == '\0') break;
    }
  }
  JSValue r = rc < 0 ? throw_errno(ctx, rc, "mkdir", path, NULL) : result;
  if (rc < 0) JS_FreeValue(ctx, result);
  JS_FreeCString(ctx, path);
  return r;
}

/* Removes name in dirfd and, for a directory, everything in it. Symbolic
 * links are removed, never followed. */
static int remove_tree(int dirfd, const char *name) {
  struct stat st;
  if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) return -errno;
  if (!S_ISDIR(st.st_mode)) return unlinkat(dirfd, name, 0) < 0 ? -errno : 0;
  int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -errno;
  DIR *dir = fdopendir(fd);
  if (!dir) {
    close(fd);
    return -errno;
  }
  int rc = 0;
  struct dirent *d;
  while (rc == 0 && (d = readdir(dir)) != NULL) {
    if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
      rc = remove_tree(fd, d->d_name);
  }
  closedir(dir);
  if (rc == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) < 0) rc = -errno;
  return rc;
}

/* rm(path, kind): kind 0 unlink (a file), 1 rmdir (empty directory),
 * 2 recursive (anything). */
static JSValue js_rm(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  int32_t kind = 0;
  JS_ToInt32(ctx, &kind, argv[1]);
  const char *path;
  target t;
  int rc = resolve_arg(ctx, argv[0], &path, &t, true);
  if (!path) return JS_EXCEPTION;
  if (rc == 0 && strcmp(t.rel, ".") == 0) rc = -EBUSY;   /* not the preopen itself */
  if (rc == 0) {
    int parent;
    char name[NAME_MAX + 1];
    rc = parent_of(hjs_of(ctx), &t, &parent, name, sizeof name);
    if (rc == 0) {
      if (kind == 2)
        rc = remove_tree(parent, name);
      else if (unlinkat(parent, name, kind == 1 ? AT_REMOVEDIR : 0) < 0)
        rc = -errno;
      sb_release_parent(t.root->fd, parent);
    }
  }
  static const char *const syscalls[] = {"unlink", "rmdir", "rm"};
  JSValue r = rc < 0 ? throw_errno(ctx, rc, syscalls[kind >= 0 && kind <= 2 ? kind : 0], path, NULL) : JS_UNDEFINED;
  JS_FreeCString(ctx, path);
  return r;
}

/* rename(from, to): both beneath preopens (not necessarily the same one:
 * the kernel refuses crossing file systems with EXDEV). */
static JSValue js_rename(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  husk_js *js = hjs_of(ctx);
  const char *from, *to = NULL;
  target a, b;
  int rc = resolve_arg(ctx, argv[0], &from, &a, true);
  if (!from) return JS_EXCEPTION;
  int rc2 = resolve_arg(ctx, argv[1], &to, &b, true);
  if (!to) {
    JS_FreeCString(ctx, from);
    return JS_EXCEPTION;
  }
  if (rc == 0) rc = rc2;
  if (rc == 0) {
    int pa, pb;
    char na[NAME_MAX + 1], nb[NAME_MAX + 1];
    rc = parent_of(js, &a, &pa, na, sizeof na);
    if (rc == 0) {
      rc = parent_of(js, &b, &pb, nb, sizeof nb);
      if (rc == 0) {
        if (renameat(pa, na, pb, nb) < 0) rc = -errno;
        sb_release_parent(b.root->fd, pb);
      }
      sb_release_parent(a.root->fd, pa);
    }
  }
  JSValue r = rc < 0 ? throw_errno(ctx, rc, "rename", from, to) : JS_UNDEFINED;
  JS_FreeCString(ctx, from);
  JS_FreeCString(ctx, to);
  return r;
}

/* exists(path): whether it names something the guest may see. */
static JSValue js_exists(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *path;
  target t;
  int fd = resolve_arg(ctx, argv[0], &path, &t, false);
  if (!path) return JS_EXCEPTION;
  if (fd == 0) fd = open_in(hjs_of(ctx), &t, O_PATH, 0, true);
  if (fd >= 0) close(fd);
  JS_FreeCString(ctx, path);
  return JS_NewBool(ctx, fd >= 0);
}

/* preopens(): the guest names, for messages and fs.realpath. */
static JSValue js_preopens(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  husk_js *js = hjs_of(ctx);
  JSValue a = JS_NewArray(ctx);
  for (size_t i = 0; i < js->preopen_count; i++)
    JS_SetPropertyUint32(ctx, a, (uint32_t)i, JS_NewString(ctx, js->preopens[i].guest));
  return a;
}

int hjs_bind_fs(JSContext *ctx, JSValueConst obj) {
  static const JSCFunctionListEntry fns[] = {
    JS_CFUNC_DEF("readFile", 1, js_read_file),
    JS_CFUNC_DEF("writeFile", 4, js_write_file),
    JS_CFUNC_DEF("readdir", 1, js_readdir),
    JS_CFUNC_DEF("stat", 2, js_stat),
    JS_CFUNC_DEF("mkdir", 3, js_mkdir),
    JS_CFUNC_DEF("rm", 2, js_rm),
    JS_CFUNC_DEF("rename", 2, js_rename),
    JS_CFUNC_DEF("exists", 1, js_exists),
    JS_CFUNC_DEF("preopens", 0, js_preopens),
  };
  hjs_set_functions(ctx, obj, fns, sizeof fns / sizeof fns[0]);
  return 0;
}
