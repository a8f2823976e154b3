/*
 * poll.c - poll_oneoff on descriptors (and mixed with clocks): regular
 * files are always ready, stdio is asked of the host, bad subscriptions
 * are reported in their event. Preopen "sandbox" (empty).
 */
#include "guest.h"

typedef struct event {
  u64 userdata;
  uint16_t error;
  uint8_t type;
  u64 nbytes;
  uint16_t flags;
} event;

static void fd_sub(uint8_t *s, u64 userdata, uint8_t type, u32 fd) {
  memset(s, 0, 48);
  memcpy(s, &userdata, 8);
  s[8] = type;
  memcpy(s + 16, &fd, 4);
}

static void clock_sub(uint8_t *s, u64 userdata, u64 timeout) {
  u32 id = 1;
  memset(s, 0, 48);
  memcpy(s, &userdata, 8);
  memcpy(s + 16, &id, 4);
  memcpy(s + 24, &timeout, 8);
}

static int poll_events(uint8_t *subs, u32 n, event *ev) {
  uint8_t out[8 * 32];
  u32 count = 0;
  int32_t e = raw_poll_oneoff(PTR(subs), PTR(out), n, PTR(&count));
  CHECK(e == 0, "poll_oneoff errno %d", e);
  for (u32 i = 0; i < count; i++) {
    uint8_t *o = out + i * 32;
    memcpy(&ev[i].userdata, o, 8);
    memcpy(&ev[i].error, o + 8, 2);
    ev[i].type = o[10];
    memcpy(&ev[i].nbytes, o + 16, 8);
    memcpy(&ev[i].flags, o + 24, 2);
  }
  return (int)count;
}

static u64 mono(void) {
  u64 t = 0;
  raw_clock_time_get(1, 1, PTR(&t));
  return t;
}

int main(void) {
  test_name = "poll";
  int d = preopen("sandbox");
  CHECK(d >= 3, "preopen");
  if (d < 0) return finish();
  OK(make_file((u32)d, "f", "0123456789"));
  u32 fd;
  OK(open_at((u32)d, "f", 0, R_RW | R_POLL_FD_READWRITE, 0, &fd));
  u64 pos;
  OK(raw_fd_seek(fd, 4, WH_SET, PTR(&pos)));

  uint8_t subs[8 * 48];
  event ev[8];
  /* A file is ready at once, even next to a long clock. */
  fd_sub(subs, 1, 1, fd);
  fd_sub(subs + 48, 2, 2, fd);
  clock_sub(subs + 96, 3, 10ull * 1000000000);
  u64 t0 = mono();
  int n = poll_events(subs, 3, ev);
  CHECK(mono() - t0 < 1000000000ull, "file readiness did not wait");
  CHECK(n == 2, "two file events, got %d", n);
  for (int i = 0; i < n; i++) {
    CHECK(ev[i].error == 0, "event %d error %u", i, ev[i].error);
    if (ev[i].userdata == 1)
      CHECK(ev[i].type == 1 && ev[i].nbytes == 6, "read event: %llu bytes left",
            (unsigned long long)ev[i].nbytes);
    else
      CHECK(ev[i].userdata == 2 && ev[i].type == 2, "write event");
  }

  /* stdout and stderr (a pipe and a file from the driver) are writable; stdin
   * (/dev/null) is readable (at end of file). */
  fd_sub(subs, 10, 2, 1);
  fd_sub(subs + 48, 11, 2, 2);
  fd_sub(subs + 96, 12, 1, 0);
  clock_sub(subs + 144, 13, 5ull * 1000000000);
  int seen = 0;
  for (int round = 0; round < 3 && seen != 7; round++) {
    n = poll_events(subs, 4, ev);
    for (int i = 0; i < n; i++) {
      CHECK(ev[i].userdata != 13, "stdio poll timed out");
      CHECK(ev[i].error == 0, "stdio event error %u", ev[i].error);
      if (ev[i].userdata >= 10 && ev[i].userdata <= 12) seen |= 1 << (ev[i].userdata - 10);
    }
  }
  CHECK(seen == 7, "stdio readiness %d", seen);

  /* Errors are events: bad fd, missing right; the clock still counts. */
  fd_sub(subs, 20, 1, 12345);
  n = poll_events(subs, 1, ev);
  CHECK(n == 1 && ev[0].error == E_BADF && ev[0].userdata == 20, "bad fd event");
  u32 weak;
  OK(open_at((u32)d, "f", 0, R_FD_READ, 0, &weak));
  fd_sub(subs, 21, 1, weak);
  n = poll_events(subs, 1, ev);
  CHECK(n == 1 && ev[0].error == E_NOTCAPABLE, "missing POLL right: %u", n ? ev[0].error : 0);
  OK(raw_fd_close(weak));

  /* A directory counts as always ready. */
  fd_sub(subs, 30, 1, (u32)d);
  n = poll_events(subs, 1, ev);
  CHECK(n == 1 && ev[0].error == 0, "directory ready");

  OK(raw_fd_close(fd));
  OK(raw_path_unlink_file((u32)d, S("f")));
  return finish();
}
