/*
 * config.c - husk_cache_config: the builder embedders use, and where its
 * directory and key file are by default.
 */
#define _GNU_SOURCE              /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"

#define MIN_CAPACITY ((uint64_t)4096)
#define MAX_CAPACITY ((uint64_t)1 << 50)

husk_cache_config *husk_cache_config_new(void) {
  husk_cache_config *c = calloc(1, sizeof *c);
  if (c) {
    c->capacity = CACHE_DEFAULT_CAPACITY;
    c->min_module_size = CACHE_DEFAULT_MIN_MODULE;
  }
  return c;
}

void husk_cache_config_delete(husk_cache_config *c) {
  if (!c) return;
  free(c->directory);
  free(c->key_file);
  free(c);
}

/* Replaces *field with a copy of value (NULL: back to the default). */
static void set_string(husk_cache_config *c, char **field, const char *value, const char *what) {
  char *copy = NULL;
  if (value && !*value) {
    c->invalid = what;
    return;
  }
  if (value && !(copy = strdup(value))) {
    c->invalid = "out of memory";
    return;
  }
  free(*field);
  *field = copy;
}

husk_cache_config *husk_cache_config_directory(husk_cache_config *c, const char *path) {
  set_string(c, &c->directory, path, "cache directory must not be empty");
  return c;
}

husk_cache_config *husk_cache_config_capacity(husk_cache_config *c, uint64_t bytes) {
  if (bytes < MIN_CAPACITY || bytes > MAX_CAPACITY)
    c->invalid = "cache capacity must be between 4 KiB and 1 PiB";
  else
    c->capacity = bytes;
  return c;
}

husk_cache_config *husk_cache_config_min_module_size(husk_cache_config *c, uint64_t bytes) {
  c->min_module_size = bytes;
  return c;
}

husk_cache_config *husk_cache_config_disabled(husk_cache_config *c, bool disabled) {
  c->disabled = disabled;
  return c;
}

husk_cache_config *husk_cache_config_key_file(husk_cache_config *c, const char *path) {
  set_string(c, &c->key_file, path, "cache key file must not be empty");
  return c;
}

husk_cache_config *husk_cache_config_key(husk_cache_config *c, const uint8_t *key, size_t size) {
  if (size < CACHE_KEY_MIN || size > CACHE_KEY_MAX) {
    c->invalid = "cache key must be 16 to 64 bytes";
    return c;
  }
  memcpy(c->key, key, size);
  c->key_size = size;
  return c;
}

husk_cache_config *husk_cache_config_warning(husk_cache_config *c, husk_cache_warning_fn fn,
                                             void *data) {
  c->warn = fn;
  c->warn_data = data;
  return c;
}

husk_config *husk_config_cache(husk_config *c, const husk_cache_config *cache) {
  husk_cache_config *copy = NULL;
  if (cache && !(copy = cache_config_copy(cache))) {
    c->invalid = "out of memory";
    return c;
  }
  if (cache && cache->invalid) c->invalid = cache->invalid;
  husk_cache_config_delete(c->cache);
  c->cache = copy;
  return c;
}

husk_cache_config *cache_config_copy(const husk_cache_config *c) {
  husk_cache_config *copy = malloc(sizeof *copy);
  if (!copy) return NULL;
  *copy = *c;
  copy->directory = c->directory ? strdup(c->directory) : NULL;
  copy->key_file = c->key_file ? strdup(c->key_file) : NULL;
  if ((c->directory && !copy->directory) || (c->key_file && !copy->key_file)) {
    husk_cache_config_delete(copy);
    return NULL;
  }
  return copy;
}

/* $XDG_VAR/leaf when the variable is set to an absolute path (the XDG rule:
 * a relative one is ignored), else $HOME/home_subdir/leaf. */
char *cache_default_path(const char *xdg_var, const char *home_subdir, const char *leaf) {
  const char *xdg = getenv(xdg_var), *home = getenv("HOME");
  char *path = NULL;
  int n;
  if (xdg && xdg[0] == '/') n = asprintf(&path, "%s/%s", xdg, leaf);
  else if (home && home[0]) n = asprintf(&path, "%s/%s/%s", home, home_subdir, leaf);
  else return NULL;
  return n < 0 ? NULL : path;
}

char *cache_config_dir(const husk_cache_config *c) {
  if (c->directory) return strdup(c->directory);
  return cache_default_path("XDG_CACHE_HOME", ".cache", "husk");
}

size_t husk_cache_config_directory_path(const husk_cache_config *c, char *buf, size_t size) {
  char *dir = cache_config_dir(c);
  if (!dir) {
    if (size) buf[0] = '\0';
    return 0;
  }
  int n = snprintf(buf, size, "%s", dir);
  free(dir);
  return n < 0 ? 0 : (size_t)n;
}
