/*
 * vec.h - a growable array for build-time buffers (translation, linking).
 *
 * Growth is geometric; a failed allocation sets `oom` and leaves the array
 * unchanged, so callers check once at the end instead of after every push.
 */
#ifndef HUSK_UTIL_VEC_H
#define HUSK_UTIL_VEC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* The slow path of vec_reserve, out of line so the check inlines small. */
bool vec_grow(void **data, size_t *cap, size_t len, size_t extra, size_t elem);

/* Ensures room for `extra` more elements of size `elem` in *data. */
static inline bool vec_reserve(void **data, size_t *cap, size_t len, size_t extra,
                               size_t elem) {
  return len + extra <= *cap || vec_grow(data, cap, len, extra, elem);
}

#endif
