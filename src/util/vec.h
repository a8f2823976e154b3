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

/* Ensures room for `extra` more elements of size `elem` in *data. */
static inline bool vec_reserve(void **data, size_t *cap, size_t len, size_t extra,
                               size_t elem) {
  if (len + extra <= *cap) return true;
  size_t ncap = *cap ? *cap * 2 : 16;
  while (ncap < len + extra) ncap *= 2;
  void *p = realloc(*data, ncap * elem);
  if (!p) return false;
  *data = p;
  *cap = ncap;
  return true;
}

#endif
