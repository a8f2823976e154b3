/*
 * test.h - what the C test programs share: a failure counter, CHECK macros
 * that report and count instead of aborting (so one run lists every
 * failure), and assembling WAT text with wabt's wat2wasm.
 *
 * Header-only: each test is a single C file (tests/CMakeLists.txt).
 */
#ifndef HUSK_TESTS_TEST_H
#define HUSK_TESTS_TEST_H

#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

/* CHECK(cond) or CHECK(cond, "format", args...) to say more. */
#define CHECK(cond, ...)                                                    \
  do {                                                                      \
    if (!(cond)) {                                                          \
      failures++;                                                           \
      printf("FAIL %s:%d: %s" __VA_OPT__(": "), __FILE__, __LINE__, #cond); \
      __VA_OPT__(printf(__VA_ARGS__);)                                      \
      printf("\n");                                                         \
    }                                                                       \
  } while (0)

/* What a test program's main returns last: 1 after any failed check, else
 * 0, saying so either way. */
static inline int test_report(const char *suite) {
  if (failures) { fprintf(stderr, "%s: %d checks failed\n", suite, failures); return 1; }
  printf("%s: all checks passed\n", suite);
  return 0;
}

/* Assembles WAT text (all wabt features on); returns malloc'd bytes and
 * their size, or NULL when wat2wasm fails (it prints why). */
static inline uint8_t *wat_assemble(const char *wat, size_t *size) {
  char in[] = "/tmp/husk-test-XXXXXX.wat";
  int fd = mkstemps(in, 4);
  if (fd < 0) return NULL;
  size_t len = strlen(wat);
  bool written = write(fd, wat, len) == (ssize_t)len;
  close(fd);
  char out[sizeof in + 8], cmd[2 * sizeof in + 64];
  snprintf(out, sizeof out, "%s.wasm", in);
  snprintf(cmd, sizeof cmd, "wat2wasm --enable-all %s -o %s", in, out);
  int rc = written ? system(cmd) : -1;
  unlink(in);
  FILE *f = rc == 0 ? fopen(out, "rb") : NULL;
  uint8_t *bytes = NULL;
  if (f) {
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    bytes = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (bytes && fread(bytes, 1, (size_t)n, f) == (size_t)n) {
      *size = (size_t)n;
    } else {
      free(bytes);
      bytes = NULL;
    }
    fclose(f);
  }
  unlink(out);
  return bytes;
}

#endif
