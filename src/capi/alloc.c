/*
 * alloc.c - allocation for the C API. Most of wasm.h cannot report failure
 * (vectors, values, exports are returned through void functions), so instead
 * of half-built results an exhausted heap stops the process, as it does in
 * the other engines that implement this API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"

static void *check(void *p) {
  if (!p) {
    fputs("husk: out of memory in the wasm C API\n", stderr);
    abort();
  }
  return p;
}

/* Size 0 still returns a unique pointer, so callers need no special case. */
void *capi_calloc(size_t count, size_t size) {
  return check(calloc(count ? count : 1, size ? size : 1));
}

void *capi_malloc(size_t size) { return check(malloc(size ? size : 1)); }

char *capi_strndup(const char *s, size_t n) {
  char *copy = capi_malloc(n + 1);
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}
