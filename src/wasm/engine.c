/*
 * engine.c - configuration, engines, and the engine-wide registry of
 * function types.
 */
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "util/error.h"
#include "wasm/runtime.h"

/* Defaults: deep enough for real programs, small enough that runaway
 * recursion traps quickly. */
#define DEFAULT_CALL_DEPTH 10000
#define DEFAULT_STACK_BYTES (8u << 20)

husk_config *husk_config_new(void) {
  husk_config *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->max_call_depth = DEFAULT_CALL_DEPTH;
  c->max_stack_bytes = DEFAULT_STACK_BYTES;
  c->max_memory_pages = 65536;
  c->max_table_elements = 10000000;
#if defined(__x86_64__) && defined(__linux__)
  c->guard_pages = true;   /* where a faulting store is known to write nothing: guard.c */
#endif
  return c;
}

void husk_config_delete(husk_config *c) {
  if (!c) return;
  husk_cache_config_delete(c->cache);
  free(c);
}

husk_config *husk_config_max_call_depth(husk_config *c, uint32_t depth) {
  if (depth == 0 || depth > 10000000) c->invalid = "max_call_depth must be between 1 and 10000000";
  else c->max_call_depth = depth;
  return c;
}

husk_config *husk_config_max_stack_bytes(husk_config *c, size_t bytes) {
  if (bytes < 4096 || bytes > ((size_t)1 << 34)) c->invalid = "max_stack_bytes must be between 4 KiB and 16 GiB";
  else c->max_stack_bytes = bytes;
  return c;
}

husk_config *husk_config_max_memory_pages(husk_config *c, uint32_t pages) {
  if (pages > 65536) c->invalid = "max_memory_pages must be at most 65536";
  else c->max_memory_pages = pages;
  return c;
}

husk_config *husk_config_max_table_elements(husk_config *c, uint32_t elements) {
  c->max_table_elements = elements;
  return c;
}

husk_config *husk_config_consume_fuel(husk_config *c, bool enable) {
  c->consume_fuel = enable;
  return c;
}

husk_config *husk_config_interruptible(husk_config *c, bool enable) {
  c->interruptible = enable;
  return c;
}

husk_config *husk_config_guard_pages(husk_config *c, bool enable) {
  c->guard_pages = enable;
  return c;
}

husk_config *husk_config_compile_threads(husk_config *c, uint32_t threads) {
  if (threads > 64) c->invalid = "compile_threads must be at most 64";
  else c->compile_threads = threads;
  return c;
}

husk_error *husk_engine_new(const husk_config *config, husk_engine **out) {
  *out = NULL;
  husk_config defaults;
  if (!config) {
    husk_config *d = husk_config_new();
    if (!d) return husk_error_newf("out of memory");
    defaults = *d;
    free(d);
    config = &defaults;
  }
  if (config->invalid) return husk_error_newf("invalid configuration: %s", config->invalid);
  husk_engine *e = calloc(1, sizeof *e);
  if (!e) return husk_error_newf("out of memory");
  e->config = *config;
  pthread_mutex_init(&e->types.lock, NULL);
  interp_labels(e->op_labels);
  pthread_mutex_init(&e->cache_lock, NULL);
  e->config.cache = NULL;       /* the config's: the engine keeps a copy */
  if (config->cache && !(e->config.cache = cache_config_copy(config->cache))) {
    husk_engine_delete(e);
    return husk_error_newf("out of memory");
  }
  *out = e;
  return NULL;
}

void husk_engine_delete(husk_engine *e) {
  if (!e) return;
  for (uint32_t i = 0; i < e->types.count; i++) free(e->types.types[i].types);
  free(e->types.types);
  free(e->types.buckets);
  pthread_mutex_destroy(&e->types.lock);
  cache_close(e->cache);
  husk_cache_config_delete(e->config.cache);
  pthread_mutex_destroy(&e->cache_lock);
  free(e);
}

/* ------------------------------------------------------------ type registry */

static uint32_t hash_bytes(const uint8_t *p, size_t n, uint32_t h) {
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;   /* FNV-1a */
  return h;
}

static bool same_type(const struct interned_type *t, const uint8_t *params, uint32_t np,
                      const uint8_t *results, uint32_t nr) {
  return t->nparams == np && t->nresults == nr && memcmp(t->types, params, np) == 0 &&
         memcmp(t->types + np, results, nr) == 0;
}

static bool rehash(type_registry *reg) {
  uint32_t n = reg->bucket_count ? reg->bucket_count * 2 : 64;
  uint32_t *b = calloc(n, sizeof *b);
  if (!b) return false;
  for (uint32_t id = 0; id < reg->count; id++) {
    uint32_t i = reg->types[id].hash & (n - 1);
    while (b[i]) i = (i + 1) & (n - 1);
    b[i] = id + 1;
  }
  free(reg->buckets);
  reg->buckets = b;
  reg->bucket_count = n;
  return true;
}

uint32_t types_intern(type_registry *reg, const uint8_t *params, uint32_t np,
                      const uint8_t *results, uint32_t nr, bool *oom) {
  uint32_t h = hash_bytes(results, nr, hash_bytes(params, np, 2166136261u) ^ np);
  uint32_t id = UINT32_MAX;
  pthread_mutex_lock(&reg->lock);
  if ((reg->count + 1) * 2 > reg->bucket_count && !rehash(reg)) goto done;
  uint32_t mask = reg->bucket_count - 1, i = h & mask;
  for (; reg->buckets[i]; i = (i + 1) & mask) {
    struct interned_type *t = &reg->types[reg->buckets[i] - 1];
    if (t->hash == h && same_type(t, params, np, results, nr)) { id = reg->buckets[i] - 1; goto done; }
  }
  if (reg->count == reg->cap) {
    uint32_t cap = reg->cap ? reg->cap * 2 : 32;
    void *p = realloc(reg->types, cap * sizeof *reg->types);
    if (!p) goto done;
    reg->types = p;
    reg->cap = cap;
  }
  uint8_t *copy = malloc(np + nr + 1);
  if (!copy) goto done;
  memcpy(copy, params, np);
  memcpy(copy + np, results, nr);
  reg->types[reg->count] = (struct interned_type){h, np, nr, copy};
  id = reg->count++;
  reg->buckets[i] = id + 1;
done:
  pthread_mutex_unlock(&reg->lock);
  if (id == UINT32_MAX) *oom = true;
  return id;
}

bool types_intern_module(type_registry *reg, wasm_module *m) {
  bool oom = false;
  for (uint32_t i = 0; i < m->type_count; i++) {
    wasm_functype *t = &m->types[i];
    t->canonical = types_intern(reg, t->types, t->param_count, t->types + t->param_count,
                                t->result_count, &oom);
  }
  return !oom;
}
