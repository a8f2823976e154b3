/*
 * cache.c - the compiled-module cache as the engine and husk_module_new see
 * it, and the public stats and clear functions.
 *
 * A lookup hashes the module into its key, reads the entry of that name,
 * has entry.c verify and decompress it and serialize.c check and rebuild
 * the module; any failure along the way is a miss (an entry that exists but
 * does not verify is counted as rejected and is overwritten by the insert
 * that follows the recompilation). An I/O failure other than "no such entry"
 * means the directory is unusable: the engine warns once and stops using it.
 */
#define _GNU_SOURCE              /* vasprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "cache/crypto.h"
#include "cache/libzstd.h"
#include "util/error.h"
#include "wasm/serialize.h"

/* ------------------------------------------------------------ warnings */

static void vwarn(husk_cache_warning_fn fn, void *data, const char *fmt, va_list ap) {
  char *msg;
  if (!fn) return;
  if (vasprintf(&msg, fmt, ap) < 0) {
    fn(data, "compiled-module cache disabled");
    return;
  }
  fn(data, msg);
  free(msg);
}

/* Before the engine's cache exists: the config's callback, once (cache_open
 * returns right after). */
static husk_cache *give_up(const husk_cache_config *cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static husk_cache *give_up(const husk_cache_config *cfg, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vwarn(cfg->warn, cfg->warn_data, fmt, ap);
  va_end(ap);
  return NULL;
}

/* The directory failed: stop using it, and say so once per engine. */
static void break_cache(husk_cache *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void break_cache(husk_cache *c, const char *fmt, ...) {
  atomic_store(&c->broken, true);
  if (atomic_exchange(&c->warned, true)) return;
  va_list ap;
  va_start(ap, fmt);
  vwarn(c->warn, c->warn_data, fmt, ap);
  va_end(ap);
}

/* ------------------------------------------------------------ engine */

husk_cache *cache_open(const husk_config *config, const void *const *labels) {
  const husk_cache_config *cfg = config->cache;
  if (!cfg || cfg->disabled) return NULL;
  if (!crypto()) return give_up(cfg, "cannot load libcrypto.so.3 (OpenSSL 3); caching disabled");
  if (!zstd()) return give_up(cfg, "cannot load libzstd.so.1; caching disabled");
  husk_cache *c = calloc(1, sizeof *c);
  if (!c) return give_up(cfg, "out of memory; caching disabled");
  c->capacity = cfg->capacity;
  c->warn = cfg->warn;
  c->warn_data = cfg->warn_data;
  if (!(c->dir = cache_config_dir(cfg))) {
    cache_close(c);
    return give_up(cfg, "no cache directory (HOME is not set); caching disabled");
  }
  int err = dir_prepare(c->dir);
  if (err) {
    give_up(cfg, "cache directory %s: %s; caching disabled", c->dir, strerror(err));
    cache_close(c);
    return NULL;
  }
  char *why;
  if (!cache_secret_load(cfg, c->secret, &c->secret_size, &why)) {
    give_up(cfg, "%s; caching disabled", why ? why : "cannot load the cache key");
    free(why);
    cache_close(c);
    return NULL;
  }
  if (!cache_build_hash(config, labels, c->build)) {
    cache_close(c);
    return give_up(cfg, "out of memory; caching disabled");
  }
  return c;
}

void cache_close(husk_cache *c) {
  if (!c) return;
  explicit_bzero(c->secret, sizeof c->secret);
  free(c->dir);
  free(c);
}

static void entry_name(const cache_key *key, char name[2 * CACHE_HASH_SIZE + sizeof ENTRY_SUFFIX]) {
  cache_key_hex(key, name);
  strcat(name, ENTRY_SUFFIX);
}

/* Entries leave the module's bytes out: the key stands for them, and the
 * loader takes them from the caller. */
typedef struct loading {
  husk_engine *engine;
  const uint8_t *bytes;
  size_t size;
  husk_module *module;
} loading;

/* entry_decode's consumer: the module in the payload. */
static bool load_module(void *arg, const serial_source *source) {
  loading *l = arg;
  return module_deserialize_from(l->engine, source, l->bytes, l->size, &l->module) == NULL;
}

/* entry_encode's producer. */
static bool store_module(void *arg, const serial_sink *sink) {
  return module_serialize_to(arg, sink, false);
}

/* The module in the entry's bytes, if they verify; NULL otherwise. */
static husk_module *load_entry(husk_engine *e, const cache_key *key, const uint8_t *file,
                               size_t file_size, const uint8_t *bytes, size_t size) {
  husk_cache *c = e->cache;
  loading l = {e, bytes, size, NULL};
  if (!entry_decode(key, c->secret, c->secret_size, file, file_size, load_module, &l)) {
    husk_module_delete(l.module);
    return NULL;
  }
  return l.module;
}

husk_cache *engine_cache(husk_engine *e) {
  pthread_mutex_lock(&e->cache_lock);
  if (!e->cache_opened) {
    e->cache = cache_open(&e->config, e->op_labels);
    e->cache_opened = true;
  }
  pthread_mutex_unlock(&e->cache_lock);
  return e->cache;
}

husk_module *cache_lookup(husk_engine *e, const uint8_t *bytes, size_t size, cache_key *key) {
  key->set = false;
  const husk_cache_config *cfg = e->config.cache;
  if (!cfg || cfg->disabled || size < cfg->min_module_size) return NULL;
  husk_cache *c = engine_cache(e);
  if (!c || atomic_load(&c->broken)) return NULL;
  if (!cache_key_of(c->build, bytes, size, key)) return NULL;
  key->set = true;

  char name[2 * CACHE_HASH_SIZE + sizeof ENTRY_SUFFIX];
  entry_name(key, name);
  uint8_t *file;
  size_t file_size;
  husk_module *hm = NULL;
  int err = dir_read(c->dir, name, c->capacity, &file, &file_size);
  if (!err) {
    hm = load_entry(e, key, file, file_size, bytes, size);
    free(file);
    if (!hm) atomic_fetch_add(&c->rejected, 1);
  } else if (err == EINVAL || err == ELOOP) {  /* not an entry: a symlink, say */
    atomic_fetch_add(&c->rejected, 1);
  } else if (err != ENOENT && err != ENOMEM) {
    break_cache(c, "cannot read cache directory %s: %s; caching disabled", c->dir, strerror(err));
    return NULL;
  }
  atomic_fetch_add(hm ? &c->hits : &c->misses, 1);
  dir_count(c->dir, hm ? DIR_HIT : DIR_MISS);
  return hm;
}

void cache_insert(husk_engine *e, const cache_key *key, const husk_module *hm) {
  husk_cache *c = e->cache;
  if (!c || !key->set || atomic_load(&c->broken)) return;
  size_t file_size;
  uint8_t *file = entry_encode(key, c->secret, c->secret_size, store_module, (void *)hm,
                               &file_size);
  if (!file) return;
  if (file_size <= c->capacity) {      /* else it would only evict everything */
    char name[2 * CACHE_HASH_SIZE + sizeof ENTRY_SUFFIX];
    entry_name(key, name);
    int err = dir_write(c->dir, name, file, file_size);
    if (err) {
      break_cache(c, "cannot write to cache directory %s: %s; caching disabled", c->dir,
                  strerror(err));
    } else {
      atomic_fetch_add(&c->stored, 1);
      dir_evict(c->dir, c->capacity);
    }
  }
  free(file);
}

/* ------------------------------------------------------------ public */

void husk_engine_cache_stats(const husk_engine *engine, husk_cache_stats *out) {
  memset(out, 0, sizeof *out);
  husk_cache *c = engine->cache;
  if (!c) return;
  out->capacity = c->capacity;
  out->hits = atomic_load(&c->hits);
  out->misses = atomic_load(&c->misses);
}

/* The directory of a config for stats and clear, or the error. */
static husk_error *config_dir(const husk_cache_config *cfg, char **dir) {
  if (cfg->invalid) return husk_error_newf("invalid cache configuration: %s", cfg->invalid);
  if (!(*dir = cache_config_dir(cfg)))
    return husk_error_newf("no cache directory: HOME is not set");
  return NULL;
}

husk_error *husk_cache_stats_read(const husk_cache_config *cfg, husk_cache_stats *out) {
  memset(out, 0, sizeof *out);
  char *dir;
  husk_error *error = config_dir(cfg, &dir);
  if (error) return error;
  out->capacity = cfg->capacity;
  int err = dir_totals(dir, &out->entries, &out->bytes);
  if (err && err != ENOENT)
    error = husk_error_newf("cache directory %s: %s", dir, strerror(err));
  else
    dir_read_counts(dir, &out->hits, &out->misses);
  free(dir);
  return error;
}

husk_error *husk_cache_clear(const husk_cache_config *cfg) {
  char *dir;
  husk_error *error = config_dir(cfg, &dir);
  if (error) return error;
  int err = dir_clear(dir);
  if (err && err != ENOENT) error = husk_error_newf("cache directory %s: %s", dir, strerror(err));
  free(dir);
  return error;
}
