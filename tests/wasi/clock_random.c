/*
 * clock_random.c - clock_res_get, clock_time_get, random_get, sched_yield,
 * proc_raise, and poll_oneoff on clocks.
 */
#include "guest.h"

/* A preview1 subscription (48 bytes) for a clock. */
static void clock_sub(uint8_t *s, u64 userdata, u32 id, u64 timeout,
                      uint16_t flags) {
  memset(s, 0, 48);
  memcpy(s, &userdata, 8);
  s[8] = 0;                       /* eventtype clock */
  memcpy(s + 16, &id, 4);
  memcpy(s + 24, &timeout, 8);
  memcpy(s + 40, &flags, 2);
}

static u64 now(u32 clock) {
  u64 t = 0;
  raw_clock_time_get(clock, 1, PTR(&t));
  return t;
}

int main(void) {
  test_name = "clock_random";
  for (u32 id = 0; id < 4; id++) {
    u64 res = 0, t1 = 0, t2 = 0;
    OK(raw_clock_res_get(id, PTR(&res)));
    CHECK(res > 0, "clock %u resolution must be nonzero", id);
    OK(raw_clock_time_get(id, 1, PTR(&t1)));
    OK(raw_clock_time_get(id, 0, PTR(&t2)));
    CHECK(t2 >= t1 || id == 0, "clock %u went backwards", id);
    EXPECT(raw_clock_res_get(id, BAD_PTR), E_FAULT);
    EXPECT(raw_clock_time_get(id, 1, BAD_PTR), E_FAULT);
  }
  u64 rt = now(0);
  CHECK(rt > 1600000000ull * 1000000000ull, "realtime looks like 1970");
  u64 x;
  EXPECT(raw_clock_res_get(4, PTR(&x)), E_INVAL);
  EXPECT(raw_clock_time_get(4, 1, PTR(&x)), E_INVAL);
  EXPECT(raw_clock_time_get(0xffffffffu, 1, PTR(&x)), E_INVAL);

  /* random_get: fills the buffer, twice differently; big buffers work. */
  uint8_t a[64] = {0}, b[64] = {0};
  OK(raw_random_get(PTR(a), sizeof a));
  OK(raw_random_get(PTR(b), sizeof b));
  CHECK(memcmp(a, b, sizeof a) != 0, "two random buffers are equal");
  size_t big = 1 << 20;
  uint8_t *r = calloc(1, big);
  OK(raw_random_get(PTR(r), (u32)big));
  size_t zeros = 0;
  for (size_t i = 0; i < big; i++) zeros += r[i] == 0;
  CHECK(zeros < big / 128, "too many zero bytes: %zu", zeros);
  OK(raw_random_get(PTR(r), 0));
  EXPECT(raw_random_get(BAD_PTR, 32), E_FAULT);
  EXPECT(raw_random_get(PTR(r), 0xffffffffu), E_FAULT);

  OK(raw_sched_yield());

  /* proc_raise: "ignored" signals do nothing; bad numbers are EINVAL. */
  OK(raw_proc_raise(13));        /* SIGPIPE: ignored */
  OK(raw_proc_raise(16));        /* SIGCHLD: ignored */
  EXPECT(raw_proc_raise(0), E_INVAL);
  EXPECT(raw_proc_raise(31), E_INVAL);

  /* poll_oneoff: relative sleep on the monotonic clock. */
  uint8_t subs[3 * 48], events[3 * 32];
  u32 n = 0;
  u64 t0 = now(1);
  clock_sub(subs, 0x1234, 1, 20 * 1000000ull, 0);
  OK(raw_poll_oneoff(PTR(subs), PTR(events), 1, PTR(&n)));
  u64 slept = now(1) - t0;
  CHECK(n == 1, "one event, got %u", n);
  u64 ud;
  memcpy(&ud, events, 8);
  CHECK(ud == 0x1234 && events[10] == 0 && events[8] == 0, "clock event");
  CHECK(slept >= 20 * 1000000ull, "slept only %llu ns", (unsigned long long)slept);
  CHECK(slept < 2000 * 1000000ull, "slept too long: %llu ns", (unsigned long long)slept);

  /* Absolute realtime deadline 10 ms ahead, and one in the past. */
  t0 = now(1);
  clock_sub(subs, 1, 0, now(0) + 10 * 1000000ull, 1);
  OK(raw_poll_oneoff(PTR(subs), PTR(events), 1, PTR(&n)));
  CHECK(n == 1 && now(1) - t0 >= 9 * 1000000ull, "absolute realtime sleep");
  clock_sub(subs, 2, 1, 1, 1);  /* monotonic, absolute, long past */
  OK(raw_poll_oneoff(PTR(subs), PTR(events), 1, PTR(&n)));
  CHECK(n == 1, "past deadline fires at once");

  /* The earliest of several clocks fires first, alone. */
  clock_sub(subs, 10, 1, 5 * 1000000000ull, 0);
  clock_sub(subs + 48, 11, 1, 5 * 1000000ull, 0);
  clock_sub(subs + 96, 12, 1, 6 * 1000000000ull, 0);
  OK(raw_poll_oneoff(PTR(subs), PTR(events), 3, PTR(&n)));
  memcpy(&ud, events, 8);
  CHECK(n == 1 && ud == 11, "earliest clock: n=%u ud=%llu", n,
        (unsigned long long)ud);

  /* Errors: an unknown clock is reported in the event; no subscriptions
   * and bad pointers fail the call. */
  clock_sub(subs, 20, 9, 0, 0);
  OK(raw_poll_oneoff(PTR(subs), PTR(events), 1, PTR(&n)));
  uint16_t err;
  memcpy(&err, events + 8, 2);
  CHECK(n == 1 && err == E_INVAL, "bad clock id -> event error %u", err);
  EXPECT(raw_poll_oneoff(PTR(subs), PTR(events), 0, PTR(&n)), E_INVAL);
  EXPECT(raw_poll_oneoff(BAD_PTR, PTR(events), 1, PTR(&n)), E_FAULT);
  EXPECT(raw_poll_oneoff(PTR(subs), BAD_PTR, 1, PTR(&n)), E_FAULT);
  EXPECT(raw_poll_oneoff(PTR(subs), PTR(events), 1, BAD_PTR), E_FAULT);
  subs[8] = 7;                  /* no such event type */
  EXPECT(raw_poll_oneoff(PTR(subs), PTR(events), 1, PTR(&n)), E_INVAL);

  return finish();
}
