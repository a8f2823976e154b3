/*
 * prefault.c - see prefault.h.
 */
#define _GNU_SOURCE
#include "util/prefault.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* Below this a madvise call would cost about what it saves. */
#define PREFAULT_MIN_PAGES 4

void prefault(void *p, size_t n) {
#ifdef MADV_POPULATE_WRITE
  static size_t page;      /* a racy cache of a constant: any thread's value is right */
  if (!page) page = (size_t)sysconf(_SC_PAGESIZE);
  uintptr_t start = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
  uintptr_t end = ((uintptr_t)p + n) & ~(uintptr_t)(page - 1);
  if (end > start && end - start >= PREFAULT_MIN_PAGES * page)
    madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
  (void)p;
  (void)n;
#endif
}
