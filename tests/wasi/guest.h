/*
 * guest.h - helpers for the WASI guest tests (compiled for wasm32-wasi).
 *
 * The tests call the WASI imports directly (raw_*), so that each errno the
 * host returns is checked as is, without wasi-libc translating or
 * pre-checking anything. Pointers are passed as u32 so a test can hand the
 * host any address it likes, valid or not.
 *
 * Output: failures print a line each; the program ends with one line
 * "NAME: all checks passed" (or "NAME: N of M checks failed") and exits 0
 * only when everything passed.
 */
#ifndef HUSK_WASI_GUEST_H
#define HUSK_WASI_GUEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P1 "wasi_snapshot_preview1"
#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
#define RAW(ret, name, ...) ret raw_##name(__VA_ARGS__) IMPORT(P1, #name)

typedef uint32_t u32;
typedef uint64_t u64;

RAW(int32_t, args_get, u32, u32);
RAW(int32_t, args_sizes_get, u32, u32);
RAW(int32_t, environ_get, u32, u32);
RAW(int32_t, environ_sizes_get, u32, u32);
RAW(int32_t, clock_res_get, u32, u32);
RAW(int32_t, clock_time_get, u32, u64, u32);
RAW(int32_t, fd_advise, u32, u64, u64, u32);
RAW(int32_t, fd_allocate, u32, u64, u64);
RAW(int32_t, fd_close, u32);
RAW(int32_t, fd_datasync, u32);
RAW(int32_t, fd_fdstat_get, u32, u32);
RAW(int32_t, fd_fdstat_set_flags, u32, u32);
RAW(int32_t, fd_fdstat_set_rights, u32, u64, u64);
RAW(int32_t, fd_filestat_get, u32, u32);
RAW(int32_t, fd_filestat_set_size, u32, u64);
RAW(int32_t, fd_filestat_set_times, u32, u64, u64, u32);
RAW(int32_t, fd_pread, u32, u32, u32, u64, u32);
RAW(int32_t, fd_prestat_get, u32, u32);
RAW(int32_t, fd_prestat_dir_name, u32, u32, u32);
RAW(int32_t, fd_pwrite, u32, u32, u32, u64, u32);
RAW(int32_t, fd_read, u32, u32, u32, u32);
RAW(int32_t, fd_readdir, u32, u32, u32, u64, u32);
RAW(int32_t, fd_renumber, u32, u32);
RAW(int32_t, fd_seek, u32, int64_t, u32, u32);
RAW(int32_t, fd_sync, u32);
RAW(int32_t, fd_tell, u32, u32);
RAW(int32_t, fd_write, u32, u32, u32, u32);
RAW(int32_t, path_create_directory, u32, u32, u32);
RAW(int32_t, path_filestat_get, u32, u32, u32, u32, u32);
RAW(int32_t, path_filestat_set_times, u32, u32, u32, u32, u64, u64, u32);
RAW(int32_t, path_link, u32, u32, u32, u32, u32, u32, u32);
RAW(int32_t, path_open, u32, u32, u32, u32, u32, u64, u64, u32, u32);
RAW(int32_t, path_readlink, u32, u32, u32, u32, u32, u32);
RAW(int32_t, path_remove_directory, u32, u32, u32);
RAW(int32_t, path_rename, u32, u32, u32, u32, u32, u32);
RAW(int32_t, path_symlink, u32, u32, u32, u32, u32);
RAW(int32_t, path_unlink_file, u32, u32, u32);
RAW(int32_t, poll_oneoff, u32, u32, u32, u32);
RAW(void, proc_exit, u32);
RAW(int32_t, proc_raise, u32);
RAW(int32_t, sched_yield, void);
RAW(int32_t, random_get, u32, u32);
RAW(int32_t, sock_accept, u32, u32, u32);
RAW(int32_t, sock_recv, u32, u32, u32, u32, u32, u32);
RAW(int32_t, sock_send, u32, u32, u32, u32, u32);
RAW(int32_t, sock_shutdown, u32, u32);

/* WASI errno values used by the tests. */
enum {
  E_SUCCESS = 0, E_2BIG = 1, E_ACCES = 2, E_AGAIN = 6, E_BADF = 8,
  E_EXIST = 20, E_FAULT = 21, E_FBIG = 22, E_ILSEQ = 25, E_INVAL = 28, E_IO = 29,
  E_ISDIR = 31, E_LOOP = 32, E_MFILE = 33, E_NAMETOOLONG = 37,
  E_NOENT = 44, E_NOSYS = 52, E_NOTDIR = 54, E_NOTEMPTY = 55,
  E_NOTSOCK = 57, E_NOTSUP = 58, E_PERM = 63, E_PIPE = 64, E_SPIPE = 70,
  E_XDEV = 75, E_NOTCAPABLE = 76,
};

/* Rights. */
#define R_FD_DATASYNC (1ull << 0)
#define R_FD_READ (1ull << 1)
#define R_FD_SEEK (1ull << 2)
#define R_FD_FDSTAT_SET_FLAGS (1ull << 3)
#define R_FD_SYNC (1ull << 4)
#define R_FD_TELL (1ull << 5)
#define R_FD_WRITE (1ull << 6)
#define R_FD_ADVISE (1ull << 7)
#define R_FD_ALLOCATE (1ull << 8)
#define R_PATH_CREATE_DIRECTORY (1ull << 9)
#define R_PATH_CREATE_FILE (1ull << 10)
#define R_PATH_LINK_SOURCE (1ull << 11)
#define R_PATH_LINK_TARGET (1ull << 12)
#define R_PATH_OPEN (1ull << 13)
#define R_FD_READDIR (1ull << 14)
#define R_PATH_READLINK (1ull << 15)
#define R_PATH_RENAME_SOURCE (1ull << 16)
#define R_PATH_RENAME_TARGET (1ull << 17)
#define R_PATH_FILESTAT_GET (1ull << 18)
#define R_PATH_FILESTAT_SET_SIZE (1ull << 19)
#define R_PATH_FILESTAT_SET_TIMES (1ull << 20)
#define R_FD_FILESTAT_GET (1ull << 21)
#define R_FD_FILESTAT_SET_SIZE (1ull << 22)
#define R_FD_FILESTAT_SET_TIMES (1ull << 23)
#define R_PATH_SYMLINK (1ull << 24)
#define R_PATH_REMOVE_DIRECTORY (1ull << 25)
#define R_PATH_UNLINK_FILE (1ull << 26)
#define R_POLL_FD_READWRITE (1ull << 27)
#define R_SOCK_SHUTDOWN (1ull << 28)
#define R_SOCK_ACCEPT (1ull << 29)
#define R_ALL ((1ull << 30) - 1)
/* Everything a directory may be opened with (no write-mode rights: asking
 * to write a directory is EISDIR). */
#define R_DIR (R_ALL & ~(R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE))
#define R_RW (R_FD_READ | R_FD_WRITE | R_FD_SEEK | R_FD_TELL | R_FD_FILESTAT_GET)

/* oflags, fdflags, lookup, fst, whence, filetypes */
#define O_CREAT_ 1
#define O_DIR_ 2
#define O_EXCL_ 4
#define O_TRUNC_ 8
#define FD_APPEND 1
#define FD_NONBLOCK 4
#define FOLLOW 1
#define FST_ATIM 1
#define FST_ATIM_NOW 2
#define FST_MTIM 4
#define FST_MTIM_NOW 8
#define WH_SET 0
#define WH_CUR 1
#define WH_END 2
#define FT_CHAR 2
#define FT_DIR 3
#define FT_FILE 4
#define FT_SOCK_STREAM 6
#define FT_SYMLINK 7

/* An address no memory reaches (memory is at most 4 GiB, this is near
 * the top): every use of it must fail with EFAULT. */
#define BAD_PTR 0xfffffff0u
#define PTR(p) ((u32)(uintptr_t)(p))

static int checks, failures;
static const char *test_name = "test";

#define CHECK(cond, ...)                                                      \
  do {                                                                        \
    checks++;                                                                 \
    if (!(cond)) {                                                            \
      failures++;                                                             \
      printf("FAIL %s:%d: ", __FILE__, __LINE__);                             \
      printf(__VA_ARGS__);                                                    \
      printf("\n");                                                           \
    }                                                                         \
  } while (0)

/* Calls expr (a WASI call) and checks its errno. */
#define EXPECT(expr, want)                                                    \
  do {                                                                        \
    int32_t got_ = (expr);                                                    \
    CHECK(got_ == (want), "%s: errno %d, want %d", #expr, (int)got_,          \
          (int)(want));                                                       \
  } while (0)

#define OK(expr) EXPECT(expr, E_SUCCESS)

static int finish(void) {
  if (failures)
    printf("%s: %d of %d checks failed\n", test_name, failures, checks);
  else
    printf("%s: all checks passed\n", test_name);
  fflush(stdout);
  return failures ? 1 : 0;
}

/* A string argument: pointer and length. */
#define S(str) PTR(str), (u32)strlen(str)

/* The descriptor of the preopen named `name`, or -1. */
static int preopen(const char *name) {
  for (u32 fd = 3; fd < 64; fd++) {
    uint8_t st[8];
    int32_t e = raw_fd_prestat_get(fd, PTR(st));
    if (e == E_BADF) continue;
    if (e != 0) continue;
    u32 len;
    memcpy(&len, st + 4, 4);
    char buf[256];
    if (len >= sizeof buf) continue;
    if (raw_fd_prestat_dir_name(fd, PTR(buf), len) != 0) continue;
    buf[len] = 0;
    if (strcmp(buf, name) == 0) return (int)fd;
  }
  return -1;
}

/* path_open with all the usual arguments. */
static int32_t open_at(u32 dir, const char *path, u32 oflags, u64 base,
                       u32 fdflags, u32 *fd) {
  return raw_path_open(dir, FOLLOW, S(path), oflags, base, R_ALL, fdflags,
                       PTR(fd));
}

static int32_t write_all(u32 fd, const void *data, u32 len, u32 *n) {
  u32 iov[2] = {PTR(data), len};
  return raw_fd_write(fd, PTR(iov), 1, PTR(n));
}

static int32_t read_some(u32 fd, void *data, u32 len, u32 *n) {
  u32 iov[2] = {PTR(data), len};
  return raw_fd_read(fd, PTR(iov), 1, PTR(n));
}

/* Creates (or truncates) a file with the given contents. */
static int32_t make_file(u32 dir, const char *path, const char *contents) {
  u32 fd, n;
  int32_t e = open_at(dir, path, O_CREAT_ | O_TRUNC_, R_RW, 0, &fd);
  if (e) return e;
  e = write_all(fd, contents, (u32)strlen(contents), &n);
  raw_fd_close(fd);
  return e;
}

/* Reads a whole (small) file into buf; returns errno. */
static int32_t slurp(u32 dir, const char *path, char *buf, u32 size) {
  u32 fd, n;
  int32_t e = open_at(dir, path, 0, R_FD_READ, 0, &fd);
  if (e) return e;
  e = read_some(fd, buf, size - 1, &n);
  raw_fd_close(fd);
  buf[e ? 0 : n] = 0;
  return e;
}

/* Fields of a preview1 filestat (64 bytes). */
typedef struct filestat {
  u64 dev, ino;
  uint8_t filetype;
  u64 nlink, size, atim, mtim, ctim;
} filestat;

static filestat decode_filestat(const uint8_t *b) {
  filestat s;
  memcpy(&s.dev, b, 8);
  memcpy(&s.ino, b + 8, 8);
  s.filetype = b[16];
  memcpy(&s.nlink, b + 24, 8);
  memcpy(&s.size, b + 32, 8);
  memcpy(&s.atim, b + 40, 8);
  memcpy(&s.mtim, b + 48, 8);
  memcpy(&s.ctim, b + 56, 8);
  return s;
}

static int32_t stat_path(u32 dir, u32 flags, const char *path, filestat *st) {
  uint8_t b[64];
  int32_t e = raw_path_filestat_get(dir, flags, S(path), PTR(b));
  if (!e) *st = decode_filestat(b);
  return e;
}

static int exists(u32 dir, const char *path) {
  filestat st;
  return stat_path(dir, 0, path, &st) == 0;
}

#endif
