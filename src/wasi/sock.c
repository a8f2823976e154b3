/*
 * sock.c - sock_accept, sock_recv, sock_send and sock_shutdown on sockets
 * the embedder handed in (husk_wasi_config_preopen_socket) and on the
 * connections accepted from them. A guest cannot create sockets: it has
 * exactly the network access it was given.
 *
 * Check order: EBADF (no such descriptor), ENOTSOCK (not a socket),
 * ENOTCAPABLE (right missing), EFAULT, then the host call. Sends use
 * MSG_NOSIGNAL so a closed peer gives EPIPE instead of killing the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi/guest_memory.h"

static uint32_t socket_fd(wasi_call *c, uint32_t fd, uint64_t rights,
                          wasi_fd **out) {
  uint32_t err = wasi_fd_lookup(c->w, fd, out);
  if (err) return err;
  if ((*out)->kind != FDK_HOST ||
      ((*out)->filetype != WASI_FILETYPE_SOCKET_STREAM &&
       (*out)->filetype != WASI_FILETYPE_SOCKET_DGRAM))
    return WASI_ENOTSOCK;
  if (((*out)->rights_base & rights) != rights) return WASI_ENOTCAPABLE;
  return WASI_ESUCCESS;
}

/* The new connection gets the listening socket's inheriting rights (less
 * accept, which makes no sense on a connection). */
WASI_FN(sock_accept) {
  uint32_t flags = ARG32(1), out = ARG32(2);
  wasi_fd *e;
  uint32_t err = socket_fd(c, ARG32(0), WASI_RIGHT_SOCK_ACCEPT, &e);
  if (err) return err;
  if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK) return WASI_EINVAL;
  if (!gm_ok(c, out, 4)) return WASI_EFAULT;
  int h;
  do {
    h = accept4(e->host, NULL, NULL,
                SOCK_CLOEXEC | ((flags & WASI_FDFLAG_NONBLOCK) ? SOCK_NONBLOCK : 0));
  } while (h < 0 && errno == EINTR);
  if (h < 0) return wasi_errno_from_host(errno);
  uint64_t rights = e->rights_inheriting & WASI_RIGHTS_SOCKET & ~WASI_RIGHT_SOCK_ACCEPT;
  uint32_t nfd;
  if ((err = wasi_fd_install_host(c->w, h, rights, rights, false, &nfd)))
    return err;
  c->w->fds[nfd].fdflags = (uint16_t)flags;
  gm_put32(c, out, nfd);
  return WASI_ESUCCESS;
}

WASI_FN(sock_recv) {
  uint32_t iovs = ARG32(1), iovs_len = ARG32(2), riflags = ARG32(3);
  uint32_t out_len = ARG32(4), out_flags = ARG32(5);
  wasi_fd *e;
  uint32_t err = socket_fd(c, ARG32(0), WASI_RIGHT_FD_READ, &e);
  if (err) return err;
  if (riflags & ~(uint32_t)(WASI_RIFLAG_PEEK | WASI_RIFLAG_WAITALL))
    return WASI_EINVAL;
  if (!gm_ok(c, out_len, 4) || !gm_ok(c, out_flags, 2)) return WASI_EFAULT;
  struct iovec *v;
  int n;
  if ((err = gm_host_iovecs(c, iovs, iovs_len, &v, &n))) return err;
  struct msghdr m = {.msg_iov = v, .msg_iovlen = (size_t)n};
  int hflags = ((riflags & WASI_RIFLAG_PEEK) ? MSG_PEEK : 0) |
               ((riflags & WASI_RIFLAG_WAITALL) ? MSG_WAITALL : 0);
  ssize_t r;
  do r = recvmsg(e->host, &m, hflags);
  while (r < 0 && errno == EINTR);
  int saved = errno;
  free(v);
  if (r < 0) return wasi_errno_from_host(saved);
  gm_put32(c, out_len, (uint32_t)r);
  gm_put16(c, out_flags, (m.msg_flags & MSG_TRUNC) ? WASI_ROFLAG_DATA_TRUNCATED : 0);
  return WASI_ESUCCESS;
}

/* siflags has no defined flags; any value is accepted and ignored. */
WASI_FN(sock_send) {
  uint32_t iovs = ARG32(1), iovs_len = ARG32(2), out = ARG32(4);
  wasi_fd *e;
  uint32_t err = socket_fd(c, ARG32(0), WASI_RIGHT_FD_WRITE, &e);
  if (err) return err;
  if (!gm_ok(c, out, 4)) return WASI_EFAULT;
  struct iovec *v;
  int n;
  if ((err = gm_host_iovecs(c, iovs, iovs_len, &v, &n))) return err;
  struct msghdr m = {.msg_iov = v, .msg_iovlen = (size_t)n};
  ssize_t r;
  do r = sendmsg(e->host, &m, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  int saved = errno;
  free(v);
  if (r < 0) return wasi_errno_from_host(saved);
  gm_put32(c, out, (uint32_t)r);
  return WASI_ESUCCESS;
}

WASI_FN(sock_shutdown) {
  uint32_t how = ARG32(1);
  wasi_fd *e;
  uint32_t err = socket_fd(c, ARG32(0), WASI_RIGHT_SOCK_SHUTDOWN, &e);
  if (err) return err;
  int h;
  switch (how) {
  case WASI_SDFLAG_RD: h = SHUT_RD; break;
  case WASI_SDFLAG_WR: h = SHUT_WR; break;
  case WASI_SDFLAG_RD | WASI_SDFLAG_WR: h = SHUT_RDWR; break;
  default: return WASI_EINVAL;
  }
  if (shutdown(e->host, h) != 0) return wasi_errno_from_host(errno);
  return WASI_ESUCCESS;
}
