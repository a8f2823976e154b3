/*
 * embed_guest.c - the guest run by test_wasi_embed.c through the embedding
 * API. The host gives it: stdin bytes "hello stdin", stdout/stderr
 * callbacks, a fixed clock (42 s, resolution 1000 ns), random bytes all
 * 0xab, a preopened directory "data" (configured between the sockets, but
 * numbered before them: fd 3), and two sockets: fd 4 a connected stream
 * socket (the host has already written "pong" into it), fd 5 a listening
 * socket with one client waiting that has sent "hi". It reports on stdout
 * and exits with proc_exit(5).
 */
#include "guest.h"

#define SOCK 4
#define LISTENER 5

int main(void) {
  test_name = "embed";
  char buf[64];
  u32 n;

  /* In-memory stdin, then EOF. */
  OK(read_some(0, buf, sizeof buf, &n));
  CHECK(n == 11 && !memcmp(buf, "hello stdin", 11), "stdin bytes (%u)", n);
  OK(read_some(0, buf, sizeof buf, &n));
  CHECK(n == 0, "stdin EOF");
  uint8_t fs[24];
  OK(raw_fd_fdstat_get(0, PTR(fs)));
  CHECK(fs[0] == FT_CHAR, "memory stdin is a character device");

  /* Deterministic clock and random. */
  u64 t = 0, res = 0;
  OK(raw_clock_time_get(0, 1, PTR(&t)));
  CHECK(t == 42000000000ull, "clock override %llu", (unsigned long long)t);
  OK(raw_clock_time_get(1, 1, PTR(&t)));
  CHECK(t == 42000000000ull, "monotonic override");
  OK(raw_clock_res_get(1, PTR(&res)));
  CHECK(res == 1000, "resolution override");
  EXPECT(raw_clock_time_get(3, 1, PTR(&t)), E_INVAL);   /* refused by the host fn */
  uint8_t r[16];
  OK(raw_random_get(PTR(r), sizeof r));
  int all = 1;
  for (int i = 0; i < 16; i++) all &= r[i] == 0xab;
  CHECK(all, "random override");
  /* Virtual time: a 100 s sleep returns at once. */
  uint8_t sub[48] = {0}, ev[32];
  u32 id = 1;
  u64 timeout = 100ull * 1000000000;
  memcpy(sub + 16, &id, 4);
  memcpy(sub + 24, &timeout, 8);
  OK(raw_poll_oneoff(PTR(sub), PTR(ev), 1, PTR(&n)));
  CHECK(n == 1, "virtual sleep");

  /* The directory comes first, whatever the configuration order. */
  CHECK(preopen("data") == 3, "data is fd 3");
  OK(make_file(3, "hello.txt", "hi"));

  /* The connected socket. */
  OK(raw_fd_fdstat_get(SOCK, PTR(fs)));
  CHECK(fs[0] == FT_SOCK_STREAM, "fd 4 is a stream socket (%u)", fs[0]);
  uint8_t pre[8];
  EXPECT(raw_fd_prestat_get(SOCK, PTR(pre)), E_BADF);   /* not a directory */
  u32 iov[2] = {PTR(buf), 4};
  uint16_t roflags = 0xffff;
  OK(raw_sock_recv(SOCK, PTR(iov), 1, 1 /* PEEK */, PTR(&n), PTR(&roflags)));
  CHECK(n == 4 && !memcmp(buf, "pong", 4) && roflags == 0, "peek");
  OK(raw_sock_recv(SOCK, PTR(iov), 1, 0, PTR(&n), PTR(&roflags)));
  CHECK(n == 4 && !memcmp(buf, "pong", 4), "recv");
  u32 siov[2] = {PTR("ping"), 4};
  OK(raw_sock_send(SOCK, PTR(siov), 1, 0, PTR(&n)));
  CHECK(n == 4, "send");
  OK(write_all(SOCK, "!", 1, &n));                          /* fd_write works too */
  OK(raw_sock_shutdown(SOCK, 2 /* WR */));
  EXPECT(raw_sock_shutdown(SOCK, 0), E_INVAL);
  EXPECT(raw_sock_shutdown(SOCK, 4), E_INVAL);
  EXPECT(raw_sock_recv(SOCK, PTR(iov), 1, 4, PTR(&n), PTR(&roflags)), E_INVAL);
  EXPECT(raw_sock_recv(SOCK, BAD_PTR, 1, 0, PTR(&n), PTR(&roflags)), E_FAULT);
  EXPECT(raw_sock_send(SOCK, PTR(siov), 1, 0, BAD_PTR), E_FAULT);

  /* Not sockets, and bad descriptors. */
  EXPECT(raw_sock_shutdown(1, 3), E_NOTSOCK);
  EXPECT(raw_sock_recv(0, PTR(iov), 1, 0, PTR(&n), PTR(&roflags)), E_NOTSOCK);
  EXPECT(raw_sock_send(1, PTR(siov), 1, 0, PTR(&n)), E_NOTSOCK);
  EXPECT(raw_sock_accept(1, 0, PTR(&n)), E_NOTSOCK);
  EXPECT(raw_sock_shutdown(77, 3), E_BADF);
  EXPECT(raw_sock_accept(77, 0, PTR(&n)), E_BADF);

  /* The listening socket: accept the waiting client. */
  u32 conn = 0;
  EXPECT(raw_sock_accept(LISTENER, 2 /* not NONBLOCK */, PTR(&conn)), E_INVAL);
  EXPECT(raw_sock_accept(LISTENER, 0, BAD_PTR), E_FAULT);
  OK(raw_sock_accept(LISTENER, 0, PTR(&conn)));
  CHECK(conn > LISTENER, "accepted fd %u", conn);
  OK(raw_sock_recv(conn, PTR(iov), 1, 0, PTR(&n), PTR(&roflags)));
  CHECK(n == 2 && !memcmp(buf, "hi", 2), "client data");
  OK(raw_sock_send(conn, PTR(siov), 1, 0, PTR(&n)));
  EXPECT(raw_sock_accept(conn, 0, PTR(&n)), E_NOTCAPABLE);  /* not a listener */
  /* The flags are the new connection's; with nobody else waiting a
   * non-blocking listener says EAGAIN. */
  uint8_t cs[24];
  OK(raw_fd_fdstat_get(conn, PTR(cs)));
  CHECK((cs[2] & FD_NONBLOCK) == 0, "blocking connection");
  OK(raw_fd_fdstat_set_flags(LISTENER, FD_NONBLOCK));
  EXPECT(raw_sock_accept(LISTENER, FD_NONBLOCK, PTR(&n)), E_AGAIN);
  OK(raw_fd_close(conn));

  fprintf(stderr, "to stderr\n");
  int status = finish();
  fflush(stdout);
  fflush(stderr);
  raw_proc_exit(status ? 1 : 5);
}
