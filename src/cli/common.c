/*
 * common.c - what every command needs: error messages, reading a file,
 * making an engine and compiling a module.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("husk: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* Reads in growing chunks rather than trusting a size from stat, so pipes
 * and /dev/stdin work too. */
int cli_read_file(const char *path, uint8_t **bytes, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    cli_error("%s: %s", path, strerror(errno));
    return CLI_INVALID;
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
  *bytes = buf;
  *size = len;
  return CLI_OK;

fail:
  free(buf);
  fclose(f);
  return CLI_INVALID;
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
  uint8_t *bytes;
  size_t size;
  int status = cli_read_file(path, &bytes, &size);
  if (status != CLI_OK) return status;
  status = cli_compile(engine, path, bytes, size, out);
  free(bytes);
  return status;
}
