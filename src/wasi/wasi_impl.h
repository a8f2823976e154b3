/*
 * wasi_impl.h - the internals shared by the WASI implementation files.
 *
 *   wasi.c          config and instance lifecycle
 *   define.c        the import table and husk_wasi_define
 *   fd_table.c      guest descriptor table
 *   errno.c         host errno -> WASI errno (the only mapping)
 *   guest_memory.c  checked guest strings and iovecs (guest_memory.h)
 *   sandbox.c       path resolution beneath a directory (sandbox.h)
 *   proc.c          args, environ, proc_exit, proc_raise, sched_yield
 *   clock_random.c  clocks and random_get
 *   fd_ops.c        fd_* calls on open descriptors
 *   readdir.c       fd_readdir
 *   path_ops.c      path_* calls and path_open
 *   poll.c          poll_oneoff
 *   sock.c          sock_* calls
 *   stdio.c         in-memory stdin and callback stdout/stderr
 *
 * Every WASI function has the shape
 *     uint32_t wasi_NAME(wasi_call *c, const husk_val *args)
 * and returns a WASI errno; define.c turns it into a host function.
 */
#ifndef HUSK_WASI_IMPL_H
#define HUSK_WASI_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "husk/husk.h"
#include "husk/wasi.h"
#include "wasi/sandbox.h"
#include "wasi/wasi_abi.h"

#if defined(__has_include)
#if __has_include("util/error.h")
#include "util/error.h"
#define HUSK_WASI_HAVE_ERROR_H 1
#endif
#endif
#ifndef HUSK_WASI_HAVE_ERROR_H
husk_error *husk_error_newf(const char *fmt, ...);
#endif

/* ---------------------------------------------------------------- config */

enum { STDIO_DEFAULT, STDIO_INHERIT, STDIO_FD, STDIO_MEMORY };

typedef struct wasi_output {
  husk_wasi_write_fn fn;      /* NULL: discard */
  void *user;
} wasi_output;

enum { PREOPEN_DIR, PREOPEN_SOCKET };

typedef struct cfg_preopen {
  int kind;
  int host_fd;                /* owned by the config, duplicated per husk_wasi */
  char *guest;                /* PREOPEN_DIR: the guest's name for it */
  bool read_only;
} cfg_preopen;

typedef struct cfg_env {
  char *key, *value;
} cfg_env;

struct husk_wasi_config {
  char **args;
  size_t argc;
  cfg_env *env;
  size_t envc;
  bool inherit_env;
  int stdio_mode[3];
  int stdio_fd[3];            /* STDIO_FD: the embedder's descriptor */
  uint8_t *stdin_data;        /* STDIO_MEMORY for stdin */
  size_t stdin_size;
  wasi_output out[3];         /* STDIO_MEMORY for stdout (1), stderr (2) */
  cfg_preopen *preopens;
  size_t preopen_count;
  husk_wasi_clock_fn clock;
  void *clock_user;
  husk_wasi_random_fn random;
  void *random_user;
};

/* ---------------------------------------------------------------- descriptors */

enum {
  FDK_FREE = 0,               /* slot unused */
  FDK_HOST,                   /* a host descriptor (file, dir, socket, tty...) */
  FDK_MEM_IN,                 /* in-memory stdin */
  FDK_MEM_OUT,                /* stdout/stderr to a callback */
};

/* A snapshot of a directory's entries, taken when fd_readdir starts at
 * cookie 0: cookie n is entry n, so cookies stay valid while the guest
 * pages through, whatever it does to the directory meanwhile. */
typedef struct wasi_dirent {
  uint64_t ino;
  uint8_t type;
  uint32_t namlen;
  char *name;
} wasi_dirent;

typedef struct wasi_dirlist {
  wasi_dirent *entries;
  size_t count;
} wasi_dirlist;

typedef struct wasi_fd {
  uint8_t kind;
  uint8_t filetype;           /* WASI_FILETYPE_* */
  uint16_t fdflags;           /* WASI_FDFLAG_*, as last set */
  int host;                   /* FDK_HOST: owned host descriptor, else -1 */
  int stream;                 /* FDK_MEM_*: which stdio stream */
  uint64_t rights_base;
  uint64_t rights_inheriting;
  bool read_only;             /* opened (transitively) from a read-only preopen */
  char *preopen;              /* a preopened directory: its guest name */
  size_t preopen_len;
  wasi_dirlist *dir;          /* fd_readdir snapshot, or NULL */
} wasi_fd;

/* ---------------------------------------------------------------- instance */

typedef struct wasi_binding wasi_binding;

struct husk_wasi {
  char **args;                /* NUL-terminated strings */
  size_t argc, args_bytes;    /* args_bytes counts the NULs */
  char **env;                 /* "KEY=VALUE" */
  size_t envc, env_bytes;
  wasi_fd *fds;
  uint32_t fd_slots, fd_cap;
  sb_resolver resolver;
  uint8_t *stdin_data;
  size_t stdin_size, stdin_pos;
  wasi_output out[3];
  husk_wasi_clock_fn clock;
  void *clock_user;
  husk_wasi_random_fn random;
  void *random_user;
  int exit_code;              /* -1 until proc_exit */
  wasi_binding **binding_blocks;  /* envs of the host functions, one block
                                   * per husk_wasi_define (define.c) */
  size_t binding_block_count;
};

/* The context of one WASI call. mem/mem_size describe the caller's
 * "memory" export (a 0-byte region when it has none, so every non-empty
 * access fails with EFAULT). */
typedef struct wasi_call {
  husk_wasi *w;
  uint8_t *mem;
  size_t mem_size;
  bool unstable;              /* called through "wasi_unstable" */
  husk_trap *trap;            /* set by proc_exit to stop the guest */
} wasi_call;

typedef uint32_t (*wasi_impl)(wasi_call *c, const husk_val *args);

/* Arguments as the unsigned WASI types. */
#define ARG32(i) ((uint32_t)args[i].of.i32)
#define ARG64(i) ((uint64_t)args[i].of.i64)

/* ---------------------------------------------------------------- errno.c */

/* The single mapping from a host errno to a WASI errno. */
uint16_t wasi_errno_from_host(int host_errno);
/* For results of the sandbox resolver (negative errno): an escape (-EXDEV)
 * becomes ENOTCAPABLE, anything else goes through the table. */
uint16_t wasi_errno_from_resolve(int negative_errno);

/* ---------------------------------------------------------------- fd_table.c */

/* Looks up an open guest descriptor: EBADF when fd is not open. */
uint32_t wasi_fd_lookup(husk_wasi *w, uint32_t fd, wasi_fd **out);
/* Like wasi_fd_lookup, then ENOTCAPABLE unless every right in `rights` is
 * in the descriptor's base rights. */
uint32_t wasi_fd_lookup_rights(husk_wasi *w, uint32_t fd, uint64_t rights,
                               wasi_fd **out);
/* Reserves the lowest free slot (zeroed, host -1): EMFILE when the table is
 * full. The slot stays FDK_FREE until the caller sets its kind. */
uint32_t wasi_fd_alloc(husk_wasi *w, uint32_t *fd);
/* Releases everything an entry holds and marks it free. */
void wasi_fd_release(wasi_fd *e);
void wasi_fd_table_free(husk_wasi *w);
/* WASI filetype of a host st_mode (sockets need the socket type). */
uint8_t wasi_filetype_of(int host_fd, mode_t mode);
/* Rights a host descriptor of this type can use. */
uint64_t wasi_rights_for(uint8_t filetype, bool tty);
/* Sets up a slot for a host descriptor that the table now owns. */
uint32_t wasi_fd_install_host(husk_wasi *w, int host_fd, uint64_t base,
                              uint64_t inheriting, bool read_only,
                              uint32_t *out_fd);
/* Host O_* flags <-> WASI fdflags. */
int wasi_fdflags_to_host(uint16_t fdflags);
uint16_t wasi_fdflags_from_host(int host_flags);

/* ---------------------------------------------------------------- stdio.c */

/* Reads/writes the in-memory streams; results as for readv/writev. */
uint32_t wasi_mem_read(wasi_call *c, wasi_fd *e, uint32_t iovs,
                       uint32_t iovs_len, uint32_t *nread);
uint32_t wasi_mem_write(wasi_call *c, wasi_fd *e, uint32_t iovs,
                        uint32_t iovs_len, uint32_t *nwritten);

/* ---------------------------------------------------------------- readdir.c */

void wasi_dirlist_free(wasi_dirlist *d);

/* ---------------------------------------------------------------- clock_random.c */

/* Reads a clock (honouring the embedder's override): a WASI errno. */
uint32_t wasi_clock_now(husk_wasi *w, uint32_t id, uint64_t *ns);

/* ---------------------------------------------------------------- the calls */

#define WASI_FN(name) uint32_t wasi_##name(wasi_call *c, const husk_val *args)

/* proc.c */
WASI_FN(args_get); WASI_FN(args_sizes_get);
WASI_FN(environ_get); WASI_FN(environ_sizes_get);
WASI_FN(proc_exit); WASI_FN(proc_raise); WASI_FN(sched_yield);
/* clock_random.c */
WASI_FN(clock_res_get); WASI_FN(clock_time_get); WASI_FN(random_get);
/* fd_ops.c */
WASI_FN(fd_advise); WASI_FN(fd_allocate); WASI_FN(fd_close);
WASI_FN(fd_datasync); WASI_FN(fd_fdstat_get); WASI_FN(fd_fdstat_set_flags);
WASI_FN(fd_fdstat_set_rights); WASI_FN(fd_filestat_get);
WASI_FN(fd_filestat_set_size); WASI_FN(fd_filestat_set_times);
WASI_FN(fd_pread); WASI_FN(fd_prestat_get); WASI_FN(fd_prestat_dir_name);
WASI_FN(fd_pwrite); WASI_FN(fd_read); WASI_FN(fd_renumber); WASI_FN(fd_seek);
WASI_FN(fd_sync); WASI_FN(fd_tell); WASI_FN(fd_write);
/* readdir.c */
WASI_FN(fd_readdir);
/* path_ops.c */
WASI_FN(path_create_directory); WASI_FN(path_filestat_get);
WASI_FN(path_filestat_set_times); WASI_FN(path_link); WASI_FN(path_open);
WASI_FN(path_readlink); WASI_FN(path_remove_directory); WASI_FN(path_rename);
WASI_FN(path_symlink); WASI_FN(path_unlink_file);
/* poll.c */
WASI_FN(poll_oneoff);
/* sock.c */
WASI_FN(sock_accept); WASI_FN(sock_recv); WASI_FN(sock_send);
WASI_FN(sock_shutdown);

/* Shared by fd_ops.c and path_ops.c: writes a filestat for st at ptr in the
 * layout of the calling ABI (64 bytes, or 56 for wasi_unstable). */
struct stat;
uint32_t wasi_put_filestat(wasi_call *c, uint32_t ptr, const struct stat *st);
/* Turns WASI (atim, mtim, fstflags) into utimensat times: EINVAL for a
 * contradictory or unknown flag. */
struct timespec;
uint32_t wasi_times_from_fst(uint64_t atim, uint64_t mtim, uint32_t fst,
                             struct timespec ts[2]);

#endif
