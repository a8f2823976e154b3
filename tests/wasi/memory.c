/*
 * memory.c - guest pointers at the very end of linear memory: a result or
 * buffer that starts inside memory but does not fit must give EFAULT and
 * leave the bytes that are inside untouched (the host checks the whole
 * range before writing anything). Preopen "sandbox" (empty).
 */
#include "guest.h"

static uint8_t *mem_end;   /* one past the last byte of memory */

/* The last k bytes of memory, filled with a marker. */
static u32 tail(u32 k) {
  memset(mem_end - k, 0x5a, k);
  return PTR(mem_end - k);
}

static int intact(u32 k) {
  for (u32 i = 0; i < k; i++)
    if (mem_end[-(int)k + (int)i] != 0x5a) return 0;
  return 1;
}

#define FAULTS(k, call)                                                    \
  do {                                                                     \
    u32 p_ = tail(k);                                                      \
    (void)p_;                                                              \
    EXPECT(call, E_FAULT);                                                 \
    CHECK(intact(k), "partial write by %s", #call);                        \
  } while (0)

int main(void) {
  test_name = "memory";
  /* Make sure memory ends where we think: grow by one page and use it. */
  size_t pages = __builtin_wasm_memory_grow(0, 1) + 1;
  mem_end = (uint8_t *)(uintptr_t)(pages * 65536);
  int d = preopen("sandbox");
  CHECK(d >= 3, "preopen");
  if (d < 0) return finish();
  u32 fd, n;
  OK(make_file((u32)d, "f", "abcdef"));
  OK(open_at((u32)d, "f", 0, R_ALL & ~R_FD_READDIR, 0, &fd));

  /* 8-byte results with 4 bytes left. */
  FAULTS(4, raw_clock_time_get(0, 1, p_));
  FAULTS(4, raw_clock_res_get(0, p_));
  FAULTS(4, raw_fd_tell(fd, p_));
  FAULTS(4, raw_fd_seek(fd, 0, WH_SET, p_));
  /* 4-byte results with 2 left. */
  FAULTS(2, raw_args_sizes_get(p_, p_));
  FAULTS(2, raw_environ_sizes_get(p_, p_));
  FAULTS(2, raw_fd_read(fd, PTR("\0\0\0\0\0\0\0\0"), 0, p_));
  FAULTS(2, raw_path_open((u32)d, 0, S("f"), 0, R_FD_READ, 0, 0, p_));
  /* Structures: fdstat 24, filestat 64, prestat 8, event 32. */
  FAULTS(20, raw_fd_fdstat_get(fd, p_));
  FAULTS(60, raw_fd_filestat_get(fd, p_));
  FAULTS(60, raw_path_filestat_get((u32)d, 0, S("f"), p_));
  FAULTS(6, raw_fd_prestat_get((u32)d, p_));
  FAULTS(3, raw_fd_prestat_dir_name((u32)d, p_, 7));
  /* Buffers: read into, random into, readdir into, readlink into. */
  FAULTS(8, raw_random_get(p_, 9));
  FAULTS(16, raw_fd_readdir((u32)d, p_, 17, 0, PTR(&n)));
  {
    u32 p = tail(8);
    u32 iov[2] = {p, 9};
    EXPECT(raw_fd_read(fd, PTR(iov), 1, PTR(&n)), E_FAULT);
    CHECK(intact(8), "fd_read wrote a partial buffer");
    EXPECT(raw_fd_pread(fd, PTR(iov), 1, 0, PTR(&n)), E_FAULT);
    CHECK(intact(8), "fd_pread wrote a partial buffer");
  }
  /* An iovec array that runs off the end. */
  {
    u32 p = tail(12);
    EXPECT(raw_fd_write(fd, p, 2, PTR(&n)), E_FAULT);
    EXPECT(raw_fd_read(fd, p, 2, PTR(&n)), E_FAULT);
  }
  /* Paths that run off the end, and lengths that wrap around 2^32. */
  FAULTS(3, raw_path_create_directory((u32)d, p_, 4));
  EXPECT(raw_path_create_directory((u32)d, PTR("x"), 0xffffffffu), E_FAULT);
  EXPECT(raw_path_create_directory((u32)d, 0xffffffffu, 2), E_FAULT);
  EXPECT(raw_random_get(0xffffffffu, 2), E_FAULT);
  /* Exactly at the end is fine. */
  {
    u32 p = tail(8);
    OK(raw_clock_time_get(1, 1, p));
    OK(raw_random_get(p, 8));
    OK(raw_random_get(PTR(mem_end), 0));
  }
  /* poll_oneoff: subscriptions or events past the end. */
  FAULTS(40, raw_poll_oneoff(p_, PTR(&n), 1, PTR(&n)));
  {
    uint8_t sub[48] = {0};
    u32 p = tail(31);
    EXPECT(raw_poll_oneoff(PTR(sub), p, 1, PTR(&n)), E_FAULT);
    CHECK(intact(31), "poll_oneoff wrote a partial event");
  }
  OK(raw_fd_close(fd));
  OK(raw_path_unlink_file((u32)d, S("f")));
  return finish();
}
