/*
 * crypto.h - OpenSSL's libcrypto, loaded on first use.
 *
 * Only the cache needs SHA-256 and HMAC, and most processes never open a
 * cache (small modules bypass it). Linking libcrypto would make every
 * process pay for relocating it at start (about 2 ms and 1.5 MiB here), so it
 * is opened with dlopen when the first cache is opened instead.
 */
#ifndef HUSK_CACHE_CRYPTO_H
#define HUSK_CACHE_CRYPTO_H

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "util/dynlib.h"

/* X(return type, name, parameters) for each function the cache calls. */
#define HUSK_CRYPTO_FUNCTIONS(X)                                                        \
  X(EVP_MD_CTX *, EVP_MD_CTX_new, (void))                                               \
  X(void, EVP_MD_CTX_free, (EVP_MD_CTX *))                                              \
  X(const EVP_MD *, EVP_sha256, (void))                                                 \
  X(int, EVP_DigestInit_ex, (EVP_MD_CTX *, const EVP_MD *, ENGINE *))                   \
  X(int, EVP_DigestUpdate, (EVP_MD_CTX *, const void *, size_t))                        \
  X(int, EVP_DigestFinal_ex, (EVP_MD_CTX *, unsigned char *, unsigned int *))           \
  X(EVP_MAC *, EVP_MAC_fetch, (OSSL_LIB_CTX *, const char *, const char *))             \
  X(void, EVP_MAC_free, (EVP_MAC *))                                                    \
  X(EVP_MAC_CTX *, EVP_MAC_CTX_new, (EVP_MAC *))                                        \
  X(void, EVP_MAC_CTX_free, (EVP_MAC_CTX *))                                            \
  X(int, EVP_MAC_init, (EVP_MAC_CTX *, const unsigned char *, size_t, const OSSL_PARAM *)) \
  X(int, EVP_MAC_update, (EVP_MAC_CTX *, const unsigned char *, size_t))                \
  X(int, EVP_MAC_final, (EVP_MAC_CTX *, unsigned char *, size_t *, size_t))             \
  X(OSSL_PARAM, OSSL_PARAM_construct_utf8_string, (const char *, char *, size_t))       \
  X(OSSL_PARAM, OSSL_PARAM_construct_end, (void))                                       \
  X(int, RAND_bytes, (unsigned char *, int))                                            \
  X(int, CRYPTO_memcmp, (const void *, const void *, size_t))

typedef DYNLIB_TABLE(HUSK_CRYPTO_FUNCTIONS) crypto_api;

/* The functions, or NULL when libcrypto cannot be loaded (then caching is
 * off). Thread-safe; loads once per process. */
const crypto_api *crypto(void);

#endif
