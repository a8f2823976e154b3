/*
 * libzstd.c - dlopen of libzstd for the cache (see libzstd.h for why).
 */
#include "cache/libzstd.h"

#include <pthread.h>

/* The soname of every zstd release since 1.0. */
#define LIBZSTD "libzstd.so.1"

static zstd_api api;
static const zstd_api *loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
  static const char *const names[] = DYNLIB_NAMES(HUSK_ZSTD_FUNCTIONS);
  if (dynlib_open(LIBZSTD, names, DYNLIB_COUNT(api), api.slot)) loaded = &api;
}

const zstd_api *zstd(void) {
  pthread_once(&once, load);
  return loaded;
}
