/*
 * readdir.c - fd_readdir.
 *
 * Cookies: reading from cookie 0 takes a snapshot of the directory ("." and
 * ".." first, then the entries in the host's order); cookie n then means
 * "entry n of the snapshot", and each dirent's d_next is its index + 1.
 * Later calls with a nonzero cookie page through the same snapshot, so a
 * guest that creates or deletes files while listing still sees each entry
 * of the snapshot exactly once. The snapshot is read through a fresh
 * descriptor, so the guest descriptor's own offset is never disturbed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/guest_memory.h"

void wasi_dirlist_free(wasi_dirlist *d) {
  if (!d) return;
  for (size_t i = 0; i < d->count; i++) free(d->entries[i].name);
  free(d->entries);
  free(d);
}

static uint8_t type_of_dt(unsigned char dt) {
  switch (dt) {
  case DT_REG: return WASI_FILETYPE_REGULAR_FILE;
  case DT_DIR: return WASI_FILETYPE_DIRECTORY;
  case DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
  case DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
  case DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
  case DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
  default: return WASI_FILETYPE_UNKNOWN;
  }
}

static bool push(wasi_dirlist *d, size_t *cap, uint64_t ino, uint8_t type,
                 const char *name) {
  if (d->count == *cap) {
    size_t n = *cap ? *cap * 2 : 32;
    wasi_dirent *e = realloc(d->entries, n * sizeof *e);
    if (!e) return false;
    d->entries = e;
    *cap = n;
  }
  char *copy = strdup(name);
  if (!copy) return false;
  d->entries[d->count++] = (wasi_dirent){ino, type, (uint32_t)strlen(name), copy};
  return true;
}

static uint32_t snapshot(int dirfd, wasi_dirlist **out) {
  *out = NULL;
  int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return wasi_errno_from_host(errno);
  struct stat self;
  if (fstat(fd, &self) != 0) {
    int e = errno;
    close(fd);
    return wasi_errno_from_host(e);
  }
  DIR *dir = fdopendir(fd);
  if (!dir) {
    int e = errno;
    close(fd);
    return wasi_errno_from_host(e);
  }
  wasi_dirlist *d = calloc(1, sizeof *d);
  size_t cap = 0;
  uint64_t parent_ino = self.st_ino;
  bool ok = d && push(d, &cap, self.st_ino, WASI_FILETYPE_DIRECTORY, ".") &&
            push(d, &cap, 0, WASI_FILETYPE_DIRECTORY, "..");
  struct dirent *de;
  errno = 0;
  while (ok && (de = readdir(dir)) != NULL) {
    if (!strcmp(de->d_name, ".")) continue;
    if (!strcmp(de->d_name, "..")) {
      parent_ino = de->d_ino;
      continue;
    }
    uint8_t type = type_of_dt(de->d_type);
    if (de->d_type == DT_UNKNOWN) {
      struct stat st;
      if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        type = wasi_filetype_of(-1, st.st_mode);
    }
    ok = push(d, &cap, de->d_ino, type, de->d_name);
  }
  int err = ok ? errno : ENOMEM;
  closedir(dir);
  if (d && d->count > 1) d->entries[1].ino = parent_ino;
  if (!ok || err) {
    wasi_dirlist_free(d);
    return wasi_errno_from_host(err ? err : ENOMEM);
  }
  *out = d;
  return WASI_ESUCCESS;
}

WASI_FN(fd_readdir) {
  uint32_t buf = ARG32(1), len = ARG32(2), used_ptr = ARG32(4);
  uint64_t cookie = ARG64(3);
  wasi_fd *e;
  uint32_t err =
      wasi_fd_lookup_rights(c->w, ARG32(0), WASI_RIGHT_FD_READDIR, &e);
  if (err) return err;
  if (e->filetype != WASI_FILETYPE_DIRECTORY || e->kind != FDK_HOST)
    return WASI_ENOTDIR;
  if (!gm_ok(c, buf, len) || !gm_ok(c, used_ptr, 4)) return WASI_EFAULT;

  if (cookie == 0 || !e->dir) {
    wasi_dirlist *d;
    if ((err = snapshot(e->host, &d))) return err;
    wasi_dirlist_free(e->dir);
    e->dir = d;
  }
  /* Fill the buffer entry by entry, cutting the last one short if it does
   * not fit (the guest then retries with a bigger buffer). */
  uint32_t used = 0;
  for (uint64_t i = cookie; i < e->dir->count && used < len; i++) {
    const wasi_dirent *d = &e->dir->entries[i];
    uint8_t head[WASI_DIRENT_SIZE] = {0};
    for (int k = 0; k < 8; k++) {
      head[k] = (uint8_t)((i + 1) >> (8 * k));
      head[8 + k] = (uint8_t)(d->ino >> (8 * k));
    }
    for (int k = 0; k < 4; k++) head[16 + k] = (uint8_t)(d->namlen >> (8 * k));
    head[20] = d->type;
    uint32_t n = len - used < WASI_DIRENT_SIZE ? len - used : WASI_DIRENT_SIZE;
    memcpy(gm_at(c, buf + used), head, n);
    used += n;
    n = len - used < d->namlen ? len - used : d->namlen;
    memcpy(gm_at(c, buf + used), d->name, n);
    used += n;
  }
  gm_put32(c, used_ptr, used);
  return WASI_ESUCCESS;
}
