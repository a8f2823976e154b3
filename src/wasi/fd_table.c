/*
 * fd_table.c - the guest's descriptor table.
 *
 * Guest descriptors are indices into w->fds. A slot is either free
 * (FDK_FREE) or owns what it describes: its host descriptor, its preopen
 * name and its readdir snapshot are released exactly once, by
 * wasi_fd_release. New descriptors take the lowest free slot. The table is
 * bounded (WASI_MAX_FDS) so a guest cannot make the host allocate without
 * limit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/wasi_impl.h"

#define WASI_MAX_FDS 65536

uint32_t wasi_fd_lookup(husk_wasi *w, uint32_t fd, wasi_fd **out) {
  if (fd >= w->fd_slots || w->fds[fd].kind == FDK_FREE) return WASI_EBADF;
  *out = &w->fds[fd];
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_lookup_rights(husk_wasi *w, uint32_t fd, uint64_t rights,
                               wasi_fd **out) {
  uint32_t err = wasi_fd_lookup(w, fd, out);
  if (err) return err;
  if (((*out)->rights_base & rights) != rights) return WASI_ENOTCAPABLE;
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_alloc(husk_wasi *w, uint32_t *fd) {
  uint32_t i = 0;
  while (i < w->fd_slots && w->fds[i].kind != FDK_FREE) i++;
  if (i == w->fd_slots) {
    if (w->fd_slots == WASI_MAX_FDS) return WASI_EMFILE;
    if (w->fd_slots == w->fd_cap) {
      uint32_t cap = w->fd_cap ? w->fd_cap * 2 : 16;
      if (cap > WASI_MAX_FDS) cap = WASI_MAX_FDS;
      wasi_fd *f = realloc(w->fds, cap * sizeof *f);
      if (!f) return WASI_ENOMEM;
      w->fds = f;
      w->fd_cap = cap;
    }
    w->fd_slots++;
  }
  memset(&w->fds[i], 0, sizeof w->fds[i]);
  w->fds[i].host = -1;
  *fd = i;
  return WASI_ESUCCESS;
}

void wasi_fd_release(wasi_fd *e) {
  if (e->kind == FDK_HOST && e->host >= 0) close(e->host);
  free(e->preopen);
  wasi_dirlist_free(e->dir);
  memset(e, 0, sizeof *e);
  e->kind = FDK_FREE;
  e->host = -1;
}

void wasi_fd_table_free(husk_wasi *w) {
  for (uint32_t i = 0; i < w->fd_slots; i++)
    if (w->fds[i].kind != FDK_FREE) wasi_fd_release(&w->fds[i]);
  free(w->fds);
  w->fds = NULL;
  w->fd_slots = w->fd_cap = 0;
}

uint8_t wasi_filetype_of(int host_fd, mode_t mode) {
  switch (mode & S_IFMT) {
  case S_IFREG: return WASI_FILETYPE_REGULAR_FILE;
  case S_IFDIR: return WASI_FILETYPE_DIRECTORY;
  case S_IFCHR: return WASI_FILETYPE_CHARACTER_DEVICE;
  case S_IFBLK: return WASI_FILETYPE_BLOCK_DEVICE;
  case S_IFLNK: return WASI_FILETYPE_SYMBOLIC_LINK;
  case S_IFSOCK: {
    int type = 0;
    socklen_t len = sizeof type;
    if (host_fd >= 0 &&
        getsockopt(host_fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
        type == SOCK_DGRAM)
      return WASI_FILETYPE_SOCKET_DGRAM;
    return WASI_FILETYPE_SOCKET_STREAM;
  }
  default: return WASI_FILETYPE_UNKNOWN;   /* FIFOs have no WASI type */
  }
}

uint64_t wasi_rights_for(uint8_t filetype, bool tty) {
  switch (filetype) {
  case WASI_FILETYPE_DIRECTORY: return WASI_RIGHTS_DIR;
  case WASI_FILETYPE_REGULAR_FILE:
  case WASI_FILETYPE_BLOCK_DEVICE: return WASI_RIGHTS_FILE;
  case WASI_FILETYPE_CHARACTER_DEVICE:
    return tty ? WASI_RIGHTS_STREAM : WASI_RIGHTS_FILE;
  case WASI_FILETYPE_SOCKET_STREAM:
  case WASI_FILETYPE_SOCKET_DGRAM: return WASI_RIGHTS_SOCKET;
  default: return WASI_RIGHTS_STREAM;
  }
}

int wasi_fdflags_to_host(uint16_t f) {
  int o = 0;
  if (f & WASI_FDFLAG_APPEND) o |= O_APPEND;
  if (f & WASI_FDFLAG_DSYNC) o |= O_DSYNC;
  if (f & WASI_FDFLAG_NONBLOCK) o |= O_NONBLOCK;
  if (f & WASI_FDFLAG_RSYNC) o |= O_RSYNC;
  if (f & WASI_FDFLAG_SYNC) o |= O_SYNC;
  return o;
}

/* Linux's O_SYNC includes the O_DSYNC bit and O_RSYNC equals O_SYNC, so a
 * host descriptor with O_SYNC reports SYNC only. */
uint16_t wasi_fdflags_from_host(int o) {
  uint16_t f = 0;
  if (o & O_APPEND) f |= WASI_FDFLAG_APPEND;
  if (o & O_NONBLOCK) f |= WASI_FDFLAG_NONBLOCK;
  if ((o & O_SYNC) == O_SYNC) f |= WASI_FDFLAG_SYNC;
  else if (o & O_DSYNC) f |= WASI_FDFLAG_DSYNC;
  return f;
}

uint32_t wasi_fd_install_host(husk_wasi *w, int host_fd, uint64_t base,
                              uint64_t inheriting, bool read_only,
                              uint32_t *out_fd) {
  struct stat st;
  if (fstat(host_fd, &st) != 0) {
    uint32_t err = wasi_errno_from_host(errno);
    close(host_fd);
    return err;
  }
  uint32_t fd;
  uint32_t err = wasi_fd_alloc(w, &fd);
  if (err) {
    close(host_fd);
    return err;
  }
  wasi_fd *e = &w->fds[fd];
  e->kind = FDK_HOST;
  e->host = host_fd;
  e->filetype = wasi_filetype_of(host_fd, st.st_mode);
  int fl = fcntl(host_fd, F_GETFL);
  e->fdflags = fl >= 0 ? wasi_fdflags_from_host(fl) : 0;
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  e->read_only = read_only;
  *out_fd = fd;
  return WASI_ESUCCESS;
}
