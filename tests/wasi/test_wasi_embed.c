/*
 * test_wasi_embed.c - the WASI embedding API, natively: in-memory stdio,
 * clock and random overrides, sockets handed to the guest, proc_exit's
 * status, the wasi_unstable namespace, preopen numbering, and configuration
 * errors.
 *
 *   test_wasi_embed EMBED_GUEST.wasm
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "husk/husk.h"
#include "husk/wasi.h"

static int passed, failed;

#define CHECK(cond, ...)                                                     \
  do {                                                                       \
    if (cond) passed++;                                                      \
    else {                                                                   \
      failed++;                                                              \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                   \
      fprintf(stderr, __VA_ARGS__);                                          \
      fputc('\n', stderr);                                                   \
    }                                                                        \
  } while (0)

typedef struct sink {
  char data[4096];
  size_t size;
} sink;

static int capture(void *user, const uint8_t *data, size_t size) {
  sink *s = user;
  if (s->size + size > sizeof s->data) return 1;
  memcpy(s->data + s->size, data, size);
  s->size += size;
  return 0;
}

static int fixed_clock(void *user, uint32_t id, bool resolution, uint64_t *out) {
  (void)user;
  if (id > HUSK_WASI_CLOCK_PROCESS_CPUTIME) return 28;   /* EINVAL */
  *out = resolution ? 1000 : 42000000000ull;
  return 0;
}

static int fixed_random(void *user, uint8_t *buf, size_t size) {
  (void)user;
  memset(buf, 0xab, size);
  return 0;
}

static uint8_t *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *b = malloc((size_t)n);
  if (fread(b, 1, (size_t)n, f) != (size_t)n) n = 0;
  fclose(f);
  *size = (size_t)n;
  return b;
}

static void test_config_errors(void) {
  husk_wasi_config *c = husk_wasi_config_new();
  husk_error *e = husk_wasi_config_preopen_dir(c, "/nonexistent/dir", "x", false);
  CHECK(e != NULL, "preopen of a missing directory must fail");
  if (e) husk_error_delete(e);
  e = husk_wasi_config_preopen_dir(c, "/etc/passwd", "x", false);
  CHECK(e != NULL, "preopen of a file must fail");
  if (e) husk_error_delete(e);
  e = husk_wasi_config_preopen_socket(c, 12345);
  CHECK(e != NULL, "bad socket descriptor must fail");
  if (e) husk_error_delete(e);
  int fds[2];
  if (pipe(fds) == 0) {
    e = husk_wasi_config_preopen_socket(c, fds[0]);
    CHECK(e != NULL, "a pipe is not a socket");
    if (e) husk_error_delete(e);
    close(fds[0]);
    close(fds[1]);
  }
  husk_wasi *w = NULL;
  e = husk_wasi_new(c, &w);
  CHECK(e == NULL && w != NULL, "empty config builds");
  CHECK(w && husk_wasi_exit_code(w) == -1, "no exit code before a run");
  husk_wasi_delete(w);
  husk_wasi_config_delete(c);
}

static bool imports(const husk_module *m, const char *module, const char *name) {
  for (size_t i = 0; i < husk_module_import_count(m); i++) {
    const husk_import_desc *d = husk_module_import(m, i);
    if (!strcmp(d->module, module) && !strcmp(d->name, name)) return true;
  }
  return false;
}

/* husk_wasi_define_imports defines exactly the module's WASI imports, and
 * a second call finds them all defined already. */
static void test_define_imports(husk_engine *engine, const husk_module *m, husk_wasi *w) {
  husk_store *store = husk_store_new(engine, NULL);
  husk_linker *linker = husk_linker_new(store);
  husk_error *e = husk_wasi_define_imports(w, linker, m);
  CHECK(e == NULL, "define_imports: %s", e ? husk_error_message(e) : "");
  size_t wasi_imports = 0;
  for (size_t i = 0; i < husk_module_import_count(m); i++) {
    const husk_import_desc *d = husk_module_import(m, i);
    husk_extern x;
    if (strcmp(d->module, "wasi_snapshot_preview1")) continue;
    wasi_imports++;
    CHECK(husk_linker_get(linker, d->module, d->name, &x), "imported %s is defined", d->name);
  }
  CHECK(wasi_imports > 0, "the guest imports WASI");
  husk_extern x;
  const char *others[] = {"proc_raise", "path_symlink", "fd_advise", "sched_yield"};
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
    if (!imports(m, "wasi_snapshot_preview1", others[i]))
      CHECK(!husk_linker_get(linker, "wasi_snapshot_preview1", others[i], &x),
            "%s, not imported, is not defined", others[i]);
  CHECK(!husk_linker_get(linker, "wasi_unstable", "fd_write", &x), "nor another module's names");
  e = husk_wasi_define_imports(w, linker, m);
  CHECK(e == NULL, "a second define_imports adds nothing and is no error");
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  e = husk_linker_instantiate(linker, m, &inst, &trap);
  CHECK(e == NULL && trap == NULL && inst, "instantiate with the imports only");
  if (e) husk_error_delete(e);
  if (trap) husk_trap_delete(trap);
  husk_linker_delete(linker);
  husk_store_delete(store);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_wasi_embed EMBED_GUEST.wasm\n");
    return 2;
  }
  test_config_errors();

  size_t size;
  uint8_t *bytes = read_file(argv[1], &size);
  CHECK(bytes != NULL, "read %s", argv[1]);
  if (!bytes) return 1;

  /* Sockets: a connected pair (the host keeps one end) and a listener
   * with a client already queued. */
  int pair[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0, "socketpair");
  CHECK(write(pair[0], "pong", 4) == 4, "prime the socket");
  char dir[] = "/tmp/husk-embed-XXXXXX";
  CHECK(mkdtemp(dir) != NULL, "mkdtemp");
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s/sock", dir);
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(bind(listener, (struct sockaddr *)&addr, sizeof addr) == 0 &&
            listen(listener, 4) == 0, "listen");
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(connect(client, (struct sockaddr *)&addr, sizeof addr) == 0, "connect");
  CHECK(write(client, "hi", 2) == 2, "client write");

  sink out = {.size = 0}, err = {.size = 0};
  husk_wasi_config *c = husk_wasi_config_new();
  const char *args[] = {"embed_guest"};
  husk_wasi_config_args(c, 1, args);
  husk_wasi_config_inherit_stdio(c);          /* then overridden per stream */
  husk_wasi_config_stdin_bytes(c, "hello stdin", 11);
  husk_wasi_config_stdout_callback(c, capture, &out);
  husk_wasi_config_stderr_callback(c, capture, &err);
  husk_wasi_config_clock(c, fixed_clock, NULL);
  husk_wasi_config_random(c, fixed_random, NULL);
  husk_error *e = husk_wasi_config_preopen_socket(c, pair[1]);
  CHECK(e == NULL, "preopen socket");
  e = husk_wasi_config_preopen_dir(c, dir, "data", false);
  CHECK(e == NULL, "preopen dir");
  e = husk_wasi_config_preopen_socket(c, listener);
  CHECK(e == NULL, "preopen listener");
  husk_wasi *w = NULL;
  e = husk_wasi_new(c, &w);
  CHECK(e == NULL, "husk_wasi_new: %s", e ? husk_error_message(e) : "");
  husk_wasi_config_delete(c);               /* w keeps its own copies */
  close(pair[1]);                           /* and its own descriptors */
  close(listener);

  husk_engine *engine = NULL;
  e = husk_engine_new(NULL, &engine);
  CHECK(e == NULL, "engine");
  husk_module *module = NULL;
  e = husk_module_new(engine, bytes, size, &module);
  CHECK(e == NULL, "module: %s", e ? husk_error_message(e) : "");
  if (e || !w) return 1;
  test_define_imports(engine, module, w);
  husk_store *store = husk_store_new(engine, NULL);
  husk_linker *linker = husk_linker_new(store);
  e = husk_wasi_define(w, linker);
  CHECK(e == NULL, "define: %s", e ? husk_error_message(e) : "");
  husk_extern x;
  CHECK(husk_linker_get(linker, "wasi_snapshot_preview1", "sock_accept", &x),
        "preview1 has sock_accept");
  CHECK(!husk_linker_get(linker, "wasi_unstable", "sock_accept", &x),
        "wasi_unstable has no sock_accept");
  CHECK(husk_linker_get(linker, "wasi_unstable", "fd_seek", &x), "wasi_unstable.fd_seek");
  e = husk_wasi_define(w, linker);
  CHECK(e != NULL, "defining twice in one linker is an error");
  if (e) husk_error_delete(e);

  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  e = husk_linker_instantiate(linker, module, &inst, &trap);
  CHECK(e == NULL && trap == NULL && inst, "instantiate");
  husk_extern start;
  CHECK(inst && husk_instance_export(inst, "_start", &start), "_start");
  trap = husk_func_call(store, start.of.func, NULL, 0, NULL, 0);
  CHECK(trap && husk_trap_code_of(trap) == HUSK_TRAP_EXIT &&
            husk_trap_exit_status(trap) == 5,
        "proc_exit(5): %s", trap ? husk_trap_message(trap) : "no trap");
  CHECK(husk_wasi_exit_code(w) == 5, "exit code %d", husk_wasi_exit_code(w));
  if (trap) husk_trap_delete(trap);

  const char *want = "embed: all checks passed\n";
  CHECK(out.size == strlen(want) && !memcmp(out.data, want, out.size),
        "guest stdout: %.*s", (int)out.size, out.data);
  CHECK(err.size == 10 && !memcmp(err.data, "to stderr\n", 10), "guest stderr");

  /* What the guest sent: "ping!" then end of stream (shutdown WR). */
  char buf[16];
  ssize_t n = read(pair[0], buf, sizeof buf);
  CHECK(n == 5 && !memcmp(buf, "ping!", 5), "socket data (%zd)", n);
  n = read(pair[0], buf, sizeof buf);
  CHECK(n == 0, "shutdown reached the peer");
  n = read(client, buf, sizeof buf);
  CHECK(n == 4 && !memcmp(buf, "ping", 4), "accepted connection replied");

  husk_linker_delete(linker);
  husk_store_delete(store);
  husk_wasi_delete(w);                       /* after the store */
  husk_module_delete(module);
  husk_engine_delete(engine);
  free(bytes);
  close(pair[0]);
  close(client);
  char path[sizeof dir + 16];
  snprintf(path, sizeof path, "%s/hello.txt", dir);
  struct stat st;
  CHECK(stat(path, &st) == 0 && st.st_size == 2, "guest wrote into its directory");
  unlink(path);
  unlink(addr.sun_path);
  rmdir(dir);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
