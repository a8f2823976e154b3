/*
 * crypto.c - dlopen of libcrypto for the cache (see crypto.h for why).
 */
#include "cache/crypto.h"

#include <pthread.h>

/* The soname of OpenSSL 3, whose API crypto.h declares. */
#define LIBCRYPTO "libcrypto.so.3"

static crypto_api api;
static const crypto_api *loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
  static const char *const names[] = DYNLIB_NAMES(HUSK_CRYPTO_FUNCTIONS);
  if (dynlib_open(LIBCRYPTO, names, DYNLIB_COUNT(api), api.slot)) loaded = &api;
}

const crypto_api *crypto(void) {
  pthread_once(&once, load);
  return loaded;
}
