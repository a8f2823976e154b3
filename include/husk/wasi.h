/*
 * wasi.h - WASI preview1 (wasi_snapshot_preview1, and wasi_unstable) for
 * guests run by husk, with a capability sandbox.
 *
 * A guest sees only what the embedder hands it:
 *   - the arguments and environment variables given here (nothing from the
 *     host environment unless husk_wasi_config_inherit_env is called);
 *   - stdio: inherited host descriptors, host descriptors chosen by the
 *     embedder, in-memory input and output callbacks, or by default an empty
 *     stdin and stdout/stderr that discard what is written;
 *   - directories preopened with husk_wasi_config_preopen_dir, each as a
 *     root the guest cannot leave: "..", absolute paths and symbolic links
 *     pointing outside (absolute or relative) are refused with ENOTCAPABLE,
 *     symlink loops give ELOOP, and resolution uses openat2(RESOLVE_BENEATH)
 *     or, on kernels without it, a component-wise walk with O_NOFOLLOW, so a
 *     concurrent rename cannot make a checked path point elsewhere;
 *   - sockets handed in with husk_wasi_config_preopen_socket.
 *
 * Descriptor numbers: 0, 1, 2 are stdio, then from 3 the preopened
 * directories in the order they were configured, then the sockets (after
 * the directories, because wasi-libc stops looking for preopened
 * directories at the first descriptor that is not one).
 *
 * Ownership: a husk_wasi_config is owned by the embedder and may be reused
 * for many husk_wasi; husk_wasi_new copies everything it needs (host
 * descriptors are duplicated). A husk_wasi must outlive every store that it
 * was defined into with husk_wasi_define: delete the store first.
 * A husk_wasi serves one guest at a time (one store, one thread).
 */
#ifndef HUSK_WASI_H
#define HUSK_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "husk/husk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct husk_wasi_config husk_wasi_config;
typedef struct husk_wasi husk_wasi;

/* ---------------------------------------------------------------- config */

husk_wasi_config *husk_wasi_config_new(void);
void husk_wasi_config_delete(husk_wasi_config *c);

/* Replaces the argument list; argv[0] is the program name. Strings are
 * copied. */
void husk_wasi_config_args(husk_wasi_config *c, int argc,
                           const char *const *argv);

/* Adds (or replaces) one environment variable seen by the guest. A key that
 * is empty or contains '=' is ignored. */
void husk_wasi_config_env(husk_wasi_config *c, const char *key,
                          const char *value);

/* Copies the whole host environment, as it is when husk_wasi_new runs.
 * Variables set with husk_wasi_config_env take precedence. */
void husk_wasi_config_inherit_env(husk_wasi_config *c);

/* Guest fds 0, 1 and 2 become duplicates of the host's 0, 1 and 2. */
void husk_wasi_config_inherit_stdio(husk_wasi_config *c);

/* Preopens the host directory host_path under the name guest_path (what
 * fd_prestat_dir_name returns, e.g. "/" or "data"; NULL means host_path).
 * With read_only, every operation that would modify the file system through
 * it or anything opened from it fails with ENOTCAPABLE (the write rights are
 * absent), and files are opened O_RDONLY on the host. The directory is
 * opened now: an error is returned if it cannot be. */
husk_error *husk_wasi_config_preopen_dir(husk_wasi_config *c,
                                         const char *host_path,
                                         const char *guest_path,
                                         bool read_only);

/* Hands the guest a socket (stream or datagram, listening or connected). The
 * descriptor is duplicated when husk_wasi_new runs; the caller keeps host_fd.
 * The guest may use sock_accept on a listening socket and sock_recv,
 * sock_send, sock_shutdown, fd_read, fd_write and poll_oneoff on it. Returns
 * an error when host_fd is not a socket. */
husk_error *husk_wasi_config_preopen_socket(husk_wasi_config *c, int host_fd);

/* ---------------------------------------------------------------- stdio */

/* Which stdio stream a setter concerns. */
enum { HUSK_WASI_STDIN = 0, HUSK_WASI_STDOUT = 1, HUSK_WASI_STDERR = 2 };

/* Uses a host descriptor for one stdio stream (duplicated by husk_wasi_new;
 * the caller keeps host_fd). Overrides inherit_stdio for that stream. */
void husk_wasi_config_stdio_fd(husk_wasi_config *c, int stream, int host_fd);

/* stdin reads these bytes (copied), then end of file. */
void husk_wasi_config_stdin_bytes(husk_wasi_config *c, const void *data,
                                  size_t size);

/* Receives what the guest writes to stdout or stderr. Return 0 to accept
 * all size bytes, or a nonzero value to fail the write with EIO. Called
 * during the guest's fd_write; data is valid only during the call. */
typedef int (*husk_wasi_write_fn)(void *user, const uint8_t *data,
                                  size_t size);
void husk_wasi_config_stdout_callback(husk_wasi_config *c,
                                      husk_wasi_write_fn fn, void *user);
void husk_wasi_config_stderr_callback(husk_wasi_config *c,
                                      husk_wasi_write_fn fn, void *user);

/* ---------------------------------------------------------------- clock, random */

/* WASI clock ids, as passed to clock callbacks. */
enum {
  HUSK_WASI_CLOCK_REALTIME = 0,
  HUSK_WASI_CLOCK_MONOTONIC = 1,
  HUSK_WASI_CLOCK_PROCESS_CPUTIME = 2,
  HUSK_WASI_CLOCK_THREAD_CPUTIME = 3,
};

/* Replaces every clock. With resolution false, store the time of clock id in
 * nanoseconds in *out; with resolution true, its resolution (nonzero). Return
 * 0, or a WASI errno (e.g. 28, EINVAL, for a clock it does not provide).
 * With a custom clock, poll_oneoff never sleeps: a clock subscription is
 * reported as due at once (virtual time, for deterministic runs). */
typedef int (*husk_wasi_clock_fn)(void *user, uint32_t id, bool resolution,
                                  uint64_t *out);
void husk_wasi_config_clock(husk_wasi_config *c, husk_wasi_clock_fn fn,
                            void *user);

/* Replaces getrandom(2) for random_get: fill buf with size bytes and return
 * 0, or a WASI errno. */
typedef int (*husk_wasi_random_fn)(void *user, uint8_t *buf, size_t size);
void husk_wasi_config_random(husk_wasi_config *c, husk_wasi_random_fn fn,
                             void *user);

/* ---------------------------------------------------------------- instance */

/* Builds the guest's view from the config (which the caller keeps). */
husk_error *husk_wasi_new(const husk_wasi_config *c, husk_wasi **out);
void husk_wasi_delete(husk_wasi *w);

/* Defines every WASI function under "wasi_snapshot_preview1" and under
 * "wasi_unstable" (the older ABI: its fd_seek whence order, 56-byte filestat
 * with a 32-bit nlink and 56-byte clock subscriptions are translated; it has
 * no sock_accept). The functions find the guest's memory through its
 * "memory" export. proc_exit returns a trap made by husk_trap_new_exit. */
husk_error *husk_wasi_define(husk_wasi *w, husk_linker *linker);

/* The same, but only the WASI functions that module imports (and that the
 * linker lacks): what a single module needs, for less work at start than
 * all ~90 functions. Its other imports are left to the caller, and a name
 * WASI does not have stays undefined, for instantiation to report. */
husk_error *husk_wasi_define_imports(husk_wasi *w, husk_linker *linker,
                                     const husk_module *module);

/* After a run: the exit code passed to proc_exit, or -1 if the guest did not
 * call it. */
int husk_wasi_exit_code(const husk_wasi *w);

#ifdef __cplusplus
}
#endif
#endif
