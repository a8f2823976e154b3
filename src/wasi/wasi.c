/*
 * wasi.c - the WASI configuration builder and the per-guest instance.
 *
 * A config only records what the embedder asked for (preopened directories
 * are opened at once so that a bad path is reported where it was given).
 * husk_wasi_new turns it into the guest's view: copies of the strings,
 * duplicated host descriptors in a fresh descriptor table (0-2 stdio, then
 * preopened directories from 3, then sockets), and the path resolver chosen
 * for this kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/wasi_impl.h"

extern char **environ;

/* ---------------------------------------------------------------- config */

husk_wasi_config *husk_wasi_config_new(void) {
  husk_wasi_config *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  for (int i = 0; i < 3; i++) {
    c->stdio_mode[i] = STDIO_DEFAULT;
    c->stdio_fd[i] = -1;
  }
  return c;
}

static void free_args(husk_wasi_config *c) {
  for (size_t i = 0; i < c->argc; i++) free(c->args[i]);
  free(c->args);
  c->args = NULL;
  c->argc = 0;
}

void husk_wasi_config_delete(husk_wasi_config *c) {
  if (!c) return;
  free_args(c);
  for (size_t i = 0; i < c->envc; i++) {
    free(c->env[i].key);
    free(c->env[i].value);
  }
  free(c->env);
  for (int i = 0; i < 3; i++)
    if (c->stdio_fd[i] >= 0) close(c->stdio_fd[i]);
  free(c->stdin_data);
  for (size_t i = 0; i < c->preopen_count; i++) {
    close(c->preopens[i].host_fd);
    free(c->preopens[i].guest);
  }
  free(c->preopens);
  free(c);
}

/* Setters that cannot report errors keep the config unchanged when out of
 * memory; husk_wasi_new then simply sees less. */
void husk_wasi_config_args(husk_wasi_config *c, int argc,
                           const char *const *argv) {
  free_args(c);
  if (argc <= 0) return;
  char **a = calloc((size_t)argc, sizeof *a);
  if (!a) return;
  for (int i = 0; i < argc; i++) {
    a[i] = strdup(argv[i] ? argv[i] : "");
    if (!a[i]) {
      while (i--) free(a[i]);
      free(a);
      return;
    }
  }
  c->args = a;
  c->argc = (size_t)argc;
}

void husk_wasi_config_env(husk_wasi_config *c, const char *key,
                          const char *value) {
  if (!key || !value || !*key || strchr(key, '=')) return;
  for (size_t i = 0; i < c->envc; i++) {
    if (strcmp(c->env[i].key, key) == 0) {
      char *v = strdup(value);
      if (!v) return;
      free(c->env[i].value);
      c->env[i].value = v;
      return;
    }
  }
  cfg_env *e = realloc(c->env, (c->envc + 1) * sizeof *e);
  if (!e) return;
  c->env = e;
  char *k = strdup(key), *v = strdup(value);
  if (!k || !v) {
    free(k);
    free(v);
    return;
  }
  c->env[c->envc].key = k;
  c->env[c->envc].value = v;
  c->envc++;
}

void husk_wasi_config_inherit_env(husk_wasi_config *c) {
  c->inherit_env = true;
}

void husk_wasi_config_inherit_stdio(husk_wasi_config *c) {
  for (int i = 0; i < 3; i++) {
    if (c->stdio_fd[i] >= 0) close(c->stdio_fd[i]);
    c->stdio_fd[i] = -1;
    c->stdio_mode[i] = STDIO_INHERIT;
  }
}

void husk_wasi_config_stdio_fd(husk_wasi_config *c, int stream, int host_fd) {
  if (stream < 0 || stream > 2) return;
  int fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return;
  if (c->stdio_fd[stream] >= 0) close(c->stdio_fd[stream]);
  c->stdio_fd[stream] = fd;
  c->stdio_mode[stream] = STDIO_FD;
}

void husk_wasi_config_stdin_bytes(husk_wasi_config *c, const void *data,
                                  size_t size) {
  uint8_t *copy = malloc(size ? size : 1);
  if (!copy) return;
  if (size) memcpy(copy, data, size);
  free(c->stdin_data);
  c->stdin_data = copy;
  c->stdin_size = size;
  c->stdio_mode[0] = STDIO_MEMORY;
}

static void set_output(husk_wasi_config *c, int stream, husk_wasi_write_fn fn,
                       void *user) {
  c->out[stream].fn = fn;
  c->out[stream].user = user;
  c->stdio_mode[stream] = STDIO_MEMORY;
}

void husk_wasi_config_stdout_callback(husk_wasi_config *c,
                                      husk_wasi_write_fn fn, void *user) {
  set_output(c, 1, fn, user);
}

void husk_wasi_config_stderr_callback(husk_wasi_config *c,
                                      husk_wasi_write_fn fn, void *user) {
  set_output(c, 2, fn, user);
}

void husk_wasi_config_clock(husk_wasi_config *c, husk_wasi_clock_fn fn,
                            void *user) {
  c->clock = fn;
  c->clock_user = user;
}

void husk_wasi_config_random(husk_wasi_config *c, husk_wasi_random_fn fn,
                             void *user) {
  c->random = fn;
  c->random_user = user;
}

static husk_error *add_preopen(husk_wasi_config *c, int kind, int fd,
                               const char *guest, bool read_only) {
  char *g = NULL;
  if (guest && !(g = strdup(guest))) {
    close(fd);
    return husk_error_newf("out of memory");
  }
  cfg_preopen *p = realloc(c->preopens, (c->preopen_count + 1) * sizeof *p);
  if (!p) {
    close(fd);
    free(g);
    return husk_error_newf("out of memory");
  }
  c->preopens = p;
  p[c->preopen_count++] = (cfg_preopen){kind, fd, g, read_only};
  return NULL;
}

husk_error *husk_wasi_config_preopen_dir(husk_wasi_config *c,
                                         const char *host_path,
                                         const char *guest_path,
                                         bool read_only) {
  if (!host_path || !*host_path)
    return husk_error_newf("preopen: empty host path");
  if (!guest_path) guest_path = host_path;
  if (!*guest_path) return husk_error_newf("preopen: empty guest path");
  /* O_RDONLY (not O_PATH): fd_readdir needs a readable descriptor. */
  int fd = open(host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return husk_error_newf("cannot open directory %s: %s", host_path,
                           strerror(errno));
  return add_preopen(c, PREOPEN_DIR, fd, guest_path, read_only);
}

husk_error *husk_wasi_config_preopen_socket(husk_wasi_config *c,
                                            int host_fd) {
  struct stat st;
  if (fstat(host_fd, &st) != 0 || !S_ISSOCK(st.st_mode))
    return husk_error_newf("preopen socket: descriptor %d is not a socket",
                           host_fd);
  int fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
  if (fd < 0)
    return husk_error_newf("preopen socket: %s", strerror(errno));
  return add_preopen(c, PREOPEN_SOCKET, fd, NULL, false);
}

/* ---------------------------------------------------------------- instance */

static bool add_env(husk_wasi *w, size_t *cap, const char *key, size_t klen,
                    const char *value) {
  size_t vlen = strlen(value);
  /* Replace an earlier definition of the same key (explicit beats
   * inherited, because explicit ones are added last). */
  for (size_t i = 0; i < w->envc; i++) {
    if (strncmp(w->env[i], key, klen) == 0 && w->env[i][klen] == '=') {
      char *s = malloc(klen + vlen + 2);
      if (!s) return false;
      memcpy(s, key, klen);
      s[klen] = '=';
      memcpy(s + klen + 1, value, vlen + 1);
      w->env_bytes -= strlen(w->env[i]) + 1;
      free(w->env[i]);
      w->env[i] = s;
      w->env_bytes += klen + vlen + 2;
      return true;
    }
  }
  if (w->envc == *cap) {
    size_t n = *cap ? *cap * 2 : 16;
    char **e = realloc(w->env, n * sizeof *e);
    if (!e) return false;
    w->env = e;
    *cap = n;
  }
  char *s = malloc(klen + vlen + 2);
  if (!s) return false;
  memcpy(s, key, klen);
  s[klen] = '=';
  memcpy(s + klen + 1, value, vlen + 1);
  w->env[w->envc++] = s;
  w->env_bytes += klen + vlen + 2;
  return true;
}

static husk_error *build_env(husk_wasi *w, const husk_wasi_config *c) {
  size_t cap = 0;
  if (c->inherit_env && environ) {
    for (char **e = environ; *e; e++) {
      const char *eq = strchr(*e, '=');
      if (!eq) continue;
      if (!add_env(w, &cap, *e, (size_t)(eq - *e), eq + 1))
        return husk_error_newf("out of memory");
    }
  }
  for (size_t i = 0; i < c->envc; i++)
    if (!add_env(w, &cap, c->env[i].key, strlen(c->env[i].key),
                 c->env[i].value))
      return husk_error_newf("out of memory");
  return NULL;
}

static husk_error *build_args(husk_wasi *w, const husk_wasi_config *c) {
  if (!c->argc) return NULL;
  w->args = calloc(c->argc, sizeof *w->args);
  if (!w->args) return husk_error_newf("out of memory");
  for (size_t i = 0; i < c->argc; i++) {
    if (!(w->args[i] = strdup(c->args[i])))
      return husk_error_newf("out of memory");
    w->argc++;
    w->args_bytes += strlen(c->args[i]) + 1;
  }
  return NULL;
}

/* Slot `stream` (0-2) of a fresh table. */
static husk_error *setup_stdio(husk_wasi *w, const husk_wasi_config *c,
                               int stream) {
  uint32_t fd;
  if (wasi_fd_alloc(w, &fd) || fd != (uint32_t)stream)
    return husk_error_newf("out of memory");
  int host = -1;
  if (c->stdio_mode[stream] == STDIO_FD) host = c->stdio_fd[stream];
  else if (c->stdio_mode[stream] == STDIO_INHERIT) host = stream;
  if (host >= 0) {
    int dup = fcntl(host, F_DUPFD_CLOEXEC, 3);
    if (dup >= 0) {
      struct stat st;
      if (fstat(dup, &st) != 0) {
        close(dup);
        return husk_error_newf("stdio %d: %s", stream, strerror(errno));
      }
      wasi_fd *e = &w->fds[fd];
      e->kind = FDK_HOST;
      e->host = dup;
      e->filetype = wasi_filetype_of(dup, st.st_mode);
      e->rights_base = wasi_rights_for(e->filetype, isatty(dup));
      e->rights_inheriting = 0;
      int fl = fcntl(dup, F_GETFL);
      e->fdflags = fl >= 0 ? wasi_fdflags_from_host(fl) : 0;
      return NULL;
    }
    /* The host stream is closed: the guest gets an empty one instead. */
  }
  wasi_fd *e = &w->fds[fd];
  e->kind = stream == 0 ? FDK_MEM_IN : FDK_MEM_OUT;
  e->stream = stream;
  e->filetype = WASI_FILETYPE_CHARACTER_DEVICE;
  e->rights_base = WASI_RIGHTS_STREAM;
  return NULL;
}

static husk_error *setup_preopen(husk_wasi *w, const cfg_preopen *p) {
  int host = fcntl(p->host_fd, F_DUPFD_CLOEXEC, 3);
  if (host < 0) return husk_error_newf("preopen: %s", strerror(errno));
  uint64_t base, inheriting;
  if (p->kind == PREOPEN_DIR) {
    base = WASI_RIGHTS_DIR;
    inheriting = WASI_RIGHTS_DIR | WASI_RIGHTS_FILE;
    if (p->read_only) {
      base &= ~WASI_RIGHTS_WRITE;
      inheriting &= ~WASI_RIGHTS_WRITE;
    }
  } else {
    base = inheriting = WASI_RIGHTS_SOCKET;
  }
  uint32_t fd;
  uint32_t err = wasi_fd_install_host(w, host, base, inheriting,
                                      p->read_only, &fd);
  if (err) return husk_error_newf("preopen: WASI errno %u", err);
  if (p->kind == PREOPEN_DIR) {
    wasi_fd *e = &w->fds[fd];
    if (e->filetype != WASI_FILETYPE_DIRECTORY)
      return husk_error_newf("preopen %s: not a directory", p->guest);
    if (!(e->preopen = strdup(p->guest))) return husk_error_newf("out of memory");
    e->preopen_len = strlen(p->guest);
  }
  return NULL;
}

husk_error *husk_wasi_new(const husk_wasi_config *c, husk_wasi **out) {
  *out = NULL;
  husk_wasi *w = calloc(1, sizeof *w);
  if (!w) return husk_error_newf("out of memory");
  w->exit_code = -1;
  w->stdin_pos = 0;
  w->clock = c->clock;
  w->clock_user = c->clock_user;
  w->random = c->random;
  w->random_user = c->random_user;
  for (int i = 1; i < 3; i++) w->out[i] = c->out[i];
  /* The resolver: openat2 when the kernel has it. HUSK_WASI_RESOLVER=walk
   * forces the user-space walk (to test it); it can only change how paths
   * are resolved, never what a guest may reach. */
  const char *force = getenv("HUSK_WASI_RESOLVER");
  w->resolver.use_openat2 =
      !(force && strcmp(force, "walk") == 0) && sb_probe_openat2();

  husk_error *err = build_args(w, c);
  if (!err) err = build_env(w, c);
  if (!err && c->stdio_mode[0] == STDIO_MEMORY && c->stdin_size) {
    if (!(w->stdin_data = malloc(c->stdin_size))) err = husk_error_newf("out of memory");
    else {
      memcpy(w->stdin_data, c->stdin_data, c->stdin_size);
      w->stdin_size = c->stdin_size;
    }
  }
  for (int i = 0; !err && i < 3; i++) err = setup_stdio(w, c, i);
  /* Directories first, then sockets: wasi-libc stops scanning preopens at
   * the first descriptor that is not a preopened directory. */
  for (int kind = PREOPEN_DIR; kind <= PREOPEN_SOCKET; kind++)
    for (size_t i = 0; !err && i < c->preopen_count; i++)
      if (c->preopens[i].kind == kind) err = setup_preopen(w, &c->preopens[i]);
  if (err) {
    husk_wasi_delete(w);
    return err;
  }
  *out = w;
  return NULL;
}

void husk_wasi_delete(husk_wasi *w) {
  if (!w) return;
  for (size_t i = 0; i < w->argc; i++) free(w->args[i]);
  free(w->args);
  for (size_t i = 0; i < w->envc; i++) free(w->env[i]);
  free(w->env);
  wasi_fd_table_free(w);
  free(w->stdin_data);
  for (size_t i = 0; i < w->binding_block_count; i++) free(w->binding_blocks[i]);
  free(w->binding_blocks);
  free(w);
}

int husk_wasi_exit_code(const husk_wasi *w) {
  return w->exit_code;
}
