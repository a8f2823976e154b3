/*
 * common.c - what every command needs: error messages, reading a file,
 * making an engine and compiling a module.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "cli.h"

void cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("husk: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* A regular file is read into memory mapped and populated in one call: in
 * a virtual machine each page fault costs ~12 us, more than the read, and
 * a module's pages would otherwise fault one by one as read() fills them.
 * Not the file itself: a mapping of it would turn a concurrent truncation
 * into SIGBUS. False if the file is not regular or changed size meanwhile;
 * then it is read like a pipe. */
static bool read_regular(FILE *f, cli_file *out) {
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
      (uint64_t)st.st_size > SIZE_MAX / 2)
    return false;
  size_t size = (size_t)st.st_size, mapped = size + 1;   /* + 1: sees growth */
  void *p = mmap(NULL, mapped, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED) return false;
  size_t n = fread(p, 1, mapped, f);
  if (n != size || ferror(f)) {
    munmap(p, mapped);
    rewind(f);
    return false;
  }
  *out = (cli_file){p, size, mapped};
  return true;
}

/* Other files are read in growing chunks, so pipes and /dev/stdin work. */
int cli_read_file(const char *path, cli_file *out) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    cli_error("%s: %s", path, strerror(errno));
    return CLI_INVALID;
  }
  if (read_regular(f, out)) {
    fclose(f);
    return CLI_OK;
  }
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? cap * 2 : 65536;
      uint8_t *bigger = realloc(buf, cap);
      if (!bigger) {
        cli_error("%s: out of memory", path);
        goto fail;
      }
      buf = bigger;
    }
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (n == 0) break;
  }
  if (ferror(f)) {
    cli_error("%s: read error", path);
    goto fail;
  }
  fclose(f);
  *out = (cli_file){buf, len, 0};
  return CLI_OK;

fail:
  free(buf);
  fclose(f);
  return CLI_INVALID;
}

void cli_file_release(cli_file *f) {
  if (f->mapped) munmap(f->bytes, f->mapped);
  else free(f->bytes);
  *f = (cli_file){NULL, 0, 0};
}

husk_engine *cli_engine_new(const husk_config *config) {
  husk_engine *engine;
  husk_error *err = husk_engine_new(config, &engine);
  if (err) {
    cli_error("cannot create engine: %s", husk_error_message(err));
    husk_error_delete(err);
    return NULL;
  }
  return engine;
}

int cli_compile(husk_engine *engine, const char *path, const uint8_t *bytes,
                size_t size, husk_module **out) {
  husk_error *err = husk_module_new(engine, bytes, size, out);
  if (err) {
    cli_error("%s: %s", path, husk_error_message(err));
    husk_error_delete(err);
    return CLI_INVALID;
  }
  return CLI_OK;
}

int cli_load_module(husk_engine *engine, const char *path, husk_module **out) {
  cli_file file;
  int status = cli_read_file(path, &file);
  if (status != CLI_OK) return status;
  status = cli_compile(engine, path, file.bytes, file.size, out);
  cli_file_release(&file);
  return status;
}
