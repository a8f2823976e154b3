/*
 * cache.h - the compiled-module cache, inside husk.
 *
 * The files, one concern each:
 *   config.c  husk_cache_config: the public builder, default paths
 *   key.c     what names an entry: a hash of the module and the build
 *   mac.c     the secret key (a per-user file) and entry authentication
 *   entry.c   an entry's file format: header, MAC, zstd-compressed payload
 *   crypto.c  libcrypto (SHA-256, HMAC), opened with dlopen on first use
 *   libzstd.c libzstd, the same
 *   dir.c     the directory: atomic writes, reads, LRU eviction, counts
 *   cache.c   what the engine and husk_module_new call; public stats/clear
 * The payload itself (a translated module as bytes) is src/wasm/serialize.c.
 *
 * Invariants: nothing here ever makes a load fail, only slower; every byte
 * read from the directory is untrusted until its MAC verifies, and still
 * bounds-checked after; the library prints nothing (problems go to the
 * config's warning callback, at most once per engine).
 */
#ifndef HUSK_CACHE_H
#define HUSK_CACHE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/runtime.h"

#define CACHE_HASH_SIZE 32     /* keys (SHA-256) and MACs (HMAC-SHA-256) */
#define CACHE_KEY_MIN 16       /* secret key sizes accepted */
#define CACHE_KEY_MAX 64
#define CACHE_DEFAULT_CAPACITY ((uint64_t)1 << 30)
/* Below this size translating is faster than a cached load (hello.wasm:
 * 0.22 ms to compile, 0.30 ms from the cache, plus opening the cache), so
 * such modules skip the cache entirely. */
#define CACHE_DEFAULT_MIN_MODULE ((uint64_t)1 << 20)
#define CACHE_ENTRY_VERSION 1  /* bumped with any change to entry.c's layout */

struct husk_cache_config {
  bool disabled;
  char *directory;             /* NULL: the default */
  uint64_t capacity;
  uint64_t min_module_size;    /* smaller modules bypass the cache */
  char *key_file;              /* NULL: the default */
  uint8_t key[CACHE_KEY_MAX];  /* an explicit key when key_size > 0 */
  size_t key_size;
  husk_cache_warning_fn warn;
  void *warn_data;
  const char *invalid;         /* first bad setting */
};

/* ---------------------------------------------------------------- config.c */

husk_cache_config *cache_config_copy(const husk_cache_config *c);
/* malloc'd default paths, or NULL when neither the XDG variable nor HOME is
 * set. `leaf` is appended to the base directory ("husk", "husk/cache.key"). */
char *cache_default_path(const char *xdg_var, const char *home_subdir, const char *leaf);
/* The config's directory, malloc'd; NULL when it has none. */
char *cache_config_dir(const husk_cache_config *c);

/* ---------------------------------------------------------------- key.c */

typedef struct cache_key {
  uint8_t hash[CACHE_HASH_SIZE];
  bool set;                    /* computed: the engine has a working cache */
} cache_key;

/* Everything besides a module's bytes that decides what translating it
 * produces: husk version, formats, machine, op table, build, translation
 * settings. Computed once per engine. */
bool cache_build_hash(const husk_config *config, const void *const *labels,
                      uint8_t out[CACHE_HASH_SIZE]);
bool cache_key_of(const uint8_t build[CACHE_HASH_SIZE], const uint8_t *bytes, size_t size,
                  cache_key *out);
/* 64 lowercase hex digits and a NUL. */
void cache_key_hex(const cache_key *key, char out[2 * CACHE_HASH_SIZE + 1]);

/* ---------------------------------------------------------------- mac.c */

/* Loads the secret key into key[0..*size), creating the key file if it does
 * not exist. On failure returns false and sets *why to a malloc'd reason
 * (or NULL when out of memory). */
bool cache_secret_load(const husk_cache_config *c, uint8_t key[CACHE_KEY_MAX], size_t *size,
                       char **why);
/* MAC over the concatenation of two byte ranges; false when OpenSSL fails
 * (out of memory), and then out must not be used. */
bool cache_mac(const uint8_t *key, size_t key_size, const uint8_t *a, size_t a_size,
               const uint8_t *b, size_t b_size, uint8_t out[CACHE_HASH_SIZE]);
bool cache_mac_equal(const uint8_t a[CACHE_HASH_SIZE], const uint8_t b[CACHE_HASH_SIZE]);

/* ---------------------------------------------------------------- entry.c */

struct serial_sink;
struct serial_source;
/* Writes the payload through the sink / reads exactly source->size bytes of
 * it from the source; false on failure. */
typedef bool (*entry_producer)(void *arg, const struct serial_sink *sink);
typedef bool (*entry_consumer)(void *arg, const struct serial_source *source);

/* The file contents of an entry whose payload is what produce(arg) writes:
 * header (format version, key, sizes, MAC) and the compressed payload.
 * malloc'd, or NULL on failure. */
uint8_t *entry_encode(const cache_key *key, const uint8_t *secret, size_t secret_size,
                      entry_producer produce, void *arg, size_t *file_size);
/* If file is an intact entry of this format for this key under this secret,
 * hands its payload to consume(arg) and returns what it returns (and false
 * if the payload turns out longer or shorter than recorded). */
bool entry_decode(const cache_key *key, const uint8_t *secret, size_t secret_size,
                  const uint8_t *file, size_t file_size, entry_consumer consume, void *arg);

/* ---------------------------------------------------------------- dir.c */

#define ENTRY_SUFFIX ".hkc"

/* Creates the directory (and its parents, mode 0700) if needed; returns 0 or
 * an errno value when it is not a directory this process can use. */
int dir_prepare(const char *dir);
/* Reads entry `name` whole (at most max_size bytes) and marks it used now.
 * Returns 0, ENOENT when absent, or another errno value. */
int dir_read(const char *dir, const char *name, uint64_t max_size, uint8_t **data,
             size_t *size);
/* Writes entry `name` atomically (a temporary file, then rename). Returns 0
 * or an errno value. */
int dir_write(const char *dir, const char *name, const uint8_t *data, size_t size);
/* Deletes least recently used entries until they fit in capacity; also
 * removes temporary files abandoned by crashed writers. */
void dir_evict(const char *dir, uint64_t capacity);
/* Entries and their total size; 0 or an errno value. */
int dir_totals(const char *dir, uint64_t *entries, uint64_t *bytes);
/* The persisted counts: add to them (best-effort) or read them. */
enum { DIR_HIT, DIR_MISS };
void dir_count(const char *dir, int which);
void dir_read_counts(const char *dir, uint64_t *hits, uint64_t *misses);
/* Removes entries, temporary files and the counts; 0 or an errno value. */
int dir_clear(const char *dir);

/* ---------------------------------------------------------------- cache.c */

/* An engine's cache. Shared by all the engine's threads: only the counters
 * and flags change after cache_open, atomically. */
typedef struct husk_cache {
  char *dir;
  uint64_t capacity;
  uint8_t secret[CACHE_KEY_MAX];
  size_t secret_size;
  uint8_t build[CACHE_HASH_SIZE];
  husk_cache_warning_fn warn;
  void *warn_data;
  atomic_bool warned;          /* the one warning was given */
  atomic_bool broken;          /* an I/O failure turned caching off */
  atomic_uint_least64_t hits, misses, rejected, stored;
} husk_cache;

/* The engine's cache, opened on first use so that engines which only ever
 * load small modules never read a key or touch the directory; NULL when off
 * or unusable. */
husk_cache *engine_cache(husk_engine *e);

/* The engine's cache, or NULL when the config disables it or it cannot be
 * used (then after its one warning). */
husk_cache *cache_open(const husk_config *config, const void *const *labels);
void cache_close(husk_cache *c);

/* husk_module_new's two steps: a module found for these bytes (NULL on a
 * miss; the key is then set for cache_insert), and storing a new one. */
husk_module *cache_lookup(husk_engine *e, const uint8_t *bytes, size_t size, cache_key *key);
void cache_insert(husk_engine *e, const cache_key *key, const husk_module *hm);

#endif
