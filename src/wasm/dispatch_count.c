/*
 * dispatch_count.c - the measuring build's dispatch counter (CMake option
 * HUSK_COUNT_DISPATCH; never in a release build). Every dispatch of the
 * interpreter records its handler and the pair (previous handler, this
 * one); at exit the totals go to stderr, most frequent first. Counts are
 * deterministic for a given module and input, unlike times on a shared
 * machine, so they are how fusion candidates are chosen and judged
 * (docs/engine.md, "Measurements").
 *
 * The hottest sites (instructions) are listed with their operands, as
 * `husk inspect --bytecode` prints them.
 *
 * One process-wide table, not thread-safe: a measuring run is one guest on
 * one thread.
 */
#include "wasm/dispatch_count.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/opinfo.h"
#include "wasm/runtime.h"

/* Open addressing over (previous, current) handler pairs; a program uses a
 * few thousand distinct pairs, far below the capacity. A pair with
 * previous == NULL counts single dispatches. */
#define TABLE_BITS 16
#define TABLE_SIZE (1u << TABLE_BITS)
#define REPORT_ROWS 100

struct entry { const void *prev, *cur; uint64_t count; };

static struct entry table[TABLE_SIZE];

/* The hottest instruction sites, each with a copy of its operands taken
 * when first seen (the code may be freed before exit), so that it can be
 * found in `husk inspect --bytecode`'s listing. */
struct site { const cell *pc; uint64_t count; cell at[4]; };
static struct site sites[TABLE_SIZE];
static const void *last_handler;
static uint64_t total;
static bool registered;

static struct entry *find(const void *prev, const void *cur) {
  uintptr_t h = ((uintptr_t)prev * 31 + (uintptr_t)cur) * 0x9e3779b97f4a7c15u;
  for (uint32_t i = (uint32_t)(h >> (64 - TABLE_BITS));; i = (i + 1) & (TABLE_SIZE - 1)) {
    struct entry *e = &table[i];
    if (e->count == 0) { e->prev = prev; e->cur = cur; return e; }
    if (e->prev == prev && e->cur == cur) return e;
  }
}

static struct site *find_site(const cell *pc) {
  uintptr_t h = (uintptr_t)pc * 0x9e3779b97f4a7c15u;
  for (uint32_t i = (uint32_t)(h >> (64 - TABLE_BITS));; i = (i + 1) & (TABLE_SIZE - 1)) {
    struct site *e = &sites[i];
    if (e->count == 0) { e->pc = pc; memcpy(e->at, pc, sizeof e->at); return e; }
    if (e->pc == pc) return e;
  }
}

static const char *op_name(const void *const labels[OP_COUNT], const void *handler) {
  for (int op = 0; op < OP_COUNT; op++)
    if (labels[op] == handler) return op_names[op];
  return "?";
}

static int by_count(const void *a, const void *b) {
  uint64_t x = ((const struct entry *)a)->count, y = ((const struct entry *)b)->count;
  return x < y ? 1 : x > y ? -1 : 0;
}

static int by_site_count(const void *a, const void *b) {
  uint64_t x = ((const struct site *)a)->count, y = ((const struct site *)b)->count;
  return x < y ? 1 : x > y ? -1 : 0;
}

static void report(void) {
  const void *labels[OP_COUNT];
  interp_labels(labels);
  static struct entry singles[TABLE_SIZE], pairs[TABLE_SIZE];
  size_t ns = 0, np = 0;
  for (uint32_t i = 0; i < TABLE_SIZE; i++) {
    if (!table[i].count) continue;
    if (table[i].prev) pairs[np++] = table[i];
    else singles[ns++] = table[i];
  }
  qsort(singles, ns, sizeof *singles, by_count);
  qsort(pairs, np, sizeof *pairs, by_count);
  fprintf(stderr, "dispatches: %llu\n", (unsigned long long)total);
  for (size_t i = 0; i < ns && i < REPORT_ROWS; i++)
    fprintf(stderr, "op   %14llu %5.2f%%  %s\n", (unsigned long long)singles[i].count,
            100.0 * (double)singles[i].count / (double)total, op_name(labels, singles[i].cur));
  for (size_t i = 0; i < np && i < REPORT_ROWS; i++)
    fprintf(stderr, "pair %14llu %5.2f%%  %s -> %s\n", (unsigned long long)pairs[i].count,
            100.0 * (double)pairs[i].count / (double)total, op_name(labels, pairs[i].prev),
            op_name(labels, pairs[i].cur));
  qsort(sites, TABLE_SIZE, sizeof *sites, by_site_count);
  for (size_t i = 0; i < TABLE_SIZE && sites[i].count && i < REPORT_ROWS; i++) {
    const cell *at = sites[i].at;
    fprintf(stderr, "site %14llu %5.2f%%  %-20s %d %d %d %d %d %d\n", (unsigned long long)sites[i].count,
            100.0 * (double)sites[i].count / (double)total, op_name(labels, at[0].op),
            at[1].s32[0], at[1].s32[1], at[2].s32[0], at[2].s32[1], at[3].s32[0], at[3].s32[1]);
  }
}

void dispatch_count_record(const cell *pc) {
  const void *handler = pc->op;
  if (!registered) { registered = true; atexit(report); }
  total++;
  find(NULL, handler)->count++;
  struct site *site = find_site(pc);
  site->count++;
  if (last_handler) find(last_handler, handler)->count++;
  last_handler = handler;
}
