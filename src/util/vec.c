/*
 * vec.c - growing the arrays of vec.h.
 */
#include "util/vec.h"

bool vec_grow(void **data, size_t *cap, size_t len, size_t extra, size_t elem) {
  size_t ncap = *cap ? *cap * 2 : 16;
  while (ncap < len + extra) ncap *= 2;
  void *p = realloc(*data, ncap * elem);
  if (!p) return false;
  *data = p;
  *cap = ncap;
  return true;
}
