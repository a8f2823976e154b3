/*
 * libzstd.h - zstd, loaded on first use.
 *
 * Only the cache compresses (its entries), and most processes never open a
 * cache. Linking libzstd made every process pay for loading it at start (a
 * tenth of `husk run hello.wasm`'s instructions, about 0.2 ms and 100 KiB
 * here), so, like libcrypto (crypto.h), it is opened with dlopen when the
 * first cache is opened instead. <zstd.h> still gives the types.
 */
#ifndef HUSK_CACHE_LIBZSTD_H
#define HUSK_CACHE_LIBZSTD_H

#include <zstd.h>

#include "util/dynlib.h"

/* X(return type, name, parameters) for each function the cache calls: all
 * of the stable API, so any libzstd.so.1 since 1.4.0 has them. */
#define HUSK_ZSTD_FUNCTIONS(X)                                                          \
  X(ZSTD_CCtx *, ZSTD_createCCtx, (void))                                               \
  X(size_t, ZSTD_freeCCtx, (ZSTD_CCtx *))                                               \
  X(size_t, ZSTD_CCtx_setParameter, (ZSTD_CCtx *, ZSTD_cParameter, int))                \
  X(size_t, ZSTD_compressStream2,                                                       \
    (ZSTD_CCtx *, ZSTD_outBuffer *, ZSTD_inBuffer *, ZSTD_EndDirective))                \
  X(size_t, ZSTD_CStreamOutSize, (void))                                                \
  X(ZSTD_DCtx *, ZSTD_createDCtx, (void))                                               \
  X(size_t, ZSTD_freeDCtx, (ZSTD_DCtx *))                                               \
  X(size_t, ZSTD_decompressStream, (ZSTD_DCtx *, ZSTD_outBuffer *, ZSTD_inBuffer *))    \
  X(unsigned, ZSTD_isError, (size_t))

typedef DYNLIB_TABLE(HUSK_ZSTD_FUNCTIONS) zstd_api;

/* The functions, or NULL when libzstd cannot be loaded (then caching is
 * off). Thread-safe; loads once per process. */
const zstd_api *zstd(void);

#endif
