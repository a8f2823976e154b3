/*
 * crypto.c - dlopen of libcrypto for the cache (see crypto.h for why).
 */
#include "cache/crypto.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* The soname of OpenSSL 3, whose API crypto.h declares. */
#define LIBCRYPTO "libcrypto.so.3"

static crypto_api api;
static const crypto_api *loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
  void *lib = dlopen(LIBCRYPTO, RTLD_NOW | RTLD_LOCAL);
  if (!lib) return;
  bool ok = true;
#define HUSK_CRYPTO_RESOLVE(ret, name, params)                              \
  ok = ok && (*(void **)&api.name = dlsym(lib, #name)) != NULL;
  HUSK_CRYPTO_FUNCTIONS(HUSK_CRYPTO_RESOLVE)
#undef HUSK_CRYPTO_RESOLVE
  if (ok) loaded = &api;
  else dlclose(lib);
}

const crypto_api *crypto(void) {
  pthread_once(&once, load);
  return loaded;
}
