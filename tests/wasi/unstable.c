/*
 * unstable.c - the "wasi_unstable" (preview0) names, where the ABI differs:
 * fd_seek's whence is cur=0, end=1, set=2; filestat is 56 bytes with a
 * 32-bit nlink at 20; a clock subscription is 56 bytes with an extra
 * identifier at 16. Everything else is shared with preview1.
 */
#include "guest.h"

#define U0 "wasi_unstable"
int32_t u_fd_seek(u32, int64_t, u32, u32) IMPORT(U0, "fd_seek");
int32_t u_fd_filestat_get(u32, u32) IMPORT(U0, "fd_filestat_get");
int32_t u_path_filestat_get(u32, u32, u32, u32, u32) IMPORT(U0, "path_filestat_get");
int32_t u_poll_oneoff(u32, u32, u32, u32) IMPORT(U0, "poll_oneoff");
int32_t u_fd_write(u32, u32, u32, u32) IMPORT(U0, "fd_write");
int32_t u_path_open(u32, u32, u32, u32, u32, u64, u64, u32, u32) IMPORT(U0, "path_open");
int32_t u_fd_close(u32) IMPORT(U0, "fd_close");
int32_t u_path_unlink_file(u32, u32, u32) IMPORT(U0, "path_unlink_file");

int main(void) {
  test_name = "unstable";
  int d = preopen("sandbox");
  CHECK(d >= 3, "preopen");
  if (d < 0) return finish();
  u32 fd, n;
  OK(u_path_open((u32)d, 1, S("f"), O_CREAT_, R_ALL & ~R_FD_READDIR, 0, 0, PTR(&fd)));
  u32 iov[2] = {PTR("0123456789"), 10};
  OK(u_fd_write(fd, PTR(iov), 1, PTR(&n)));
  CHECK(n == 10, "wrote %u", n);

  u64 pos = 0;
  OK(u_fd_seek(fd, 2, 2, PTR(&pos)));        /* SET */
  CHECK(pos == 2, "unstable SET: %llu", (unsigned long long)pos);
  OK(u_fd_seek(fd, 3, 0, PTR(&pos)));        /* CUR */
  CHECK(pos == 5, "unstable CUR: %llu", (unsigned long long)pos);
  OK(u_fd_seek(fd, -1, 1, PTR(&pos)));       /* END */
  CHECK(pos == 9, "unstable END: %llu", (unsigned long long)pos);
  EXPECT(u_fd_seek(fd, 0, 3, PTR(&pos)), E_INVAL);
  /* ... while preview1 still means SET=0. */
  OK(raw_fd_seek(fd, 1, 0, PTR(&pos)));
  CHECK(pos == 1, "preview1 SET: %llu", (unsigned long long)pos);

  /* 56-byte filestat: the byte after it stays untouched. */
  uint8_t b[64];
  memset(b, 0xee, sizeof b);
  OK(u_fd_filestat_get(fd, PTR(b)));
  u32 nlink;
  u64 size, ino;
  memcpy(&ino, b + 8, 8);
  memcpy(&nlink, b + 20, 4);
  memcpy(&size, b + 24, 8);
  CHECK(b[16] == FT_FILE && nlink == 1 && size == 10, "unstable filestat");
  CHECK(b[56] == 0xee, "wrote past 56 bytes");
  filestat st;
  OK(stat_path((u32)d, 0, "f", &st));
  CHECK(st.ino == ino && st.nlink == 1 && st.size == 10, "preview1 filestat agrees");
  memset(b, 0xee, sizeof b);
  OK(u_path_filestat_get((u32)d, 0, S("f"), PTR(b)));
  memcpy(&size, b + 24, 8);
  CHECK(size == 10 && b[56] == 0xee, "unstable path_filestat");

  /* 56-byte clock subscription: identifier @16, id @24, timeout @32. */
  uint8_t sub[56] = {0}, ev[32];
  u64 ud = 77, ident = 99, timeout = 1000000;
  u32 clock = 1;
  memcpy(sub, &ud, 8);
  memcpy(sub + 16, &ident, 8);
  memcpy(sub + 24, &clock, 4);
  memcpy(sub + 32, &timeout, 8);
  OK(u_poll_oneoff(PTR(sub), PTR(ev), 1, PTR(&n)));
  u64 got;
  memcpy(&got, ev, 8);
  uint16_t err;
  memcpy(&err, ev + 8, 2);
  CHECK(n == 1 && got == 77 && err == 0 && ev[10] == 0, "unstable clock poll");

  OK(u_fd_close(fd));
  OK(u_path_unlink_file((u32)d, S("f")));
  return finish();
}
