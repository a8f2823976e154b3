/*
 * map.c - the pointer hash map stores use to find the wrapper of a husk
 * handle, so that one object always has one wrapper (and one identity).
 */
#include <stdlib.h>

#include "capi/capi.h"

/* Pointers are aligned, so the low bits carry no information: mix them. */
static size_t slot_of(const void *key, size_t cap) {
  uint64_t h = (uint64_t)(uintptr_t)key;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return (size_t)h & (cap - 1);
}

void *ptr_map_get(const ptr_map *m, const void *key) {
  if (!m->cap) return NULL;
  for (size_t i = slot_of(key, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
    if (m->keys[i] == key) return m->values[i];
  return NULL;
}

static void insert(void **keys, void **values, size_t cap, void *key, void *value) {
  size_t i = slot_of(key, cap);
  while (keys[i] && keys[i] != key) i = (i + 1) & (cap - 1);
  keys[i] = key;
  values[i] = value;
}

/* Kept at most half full, so probes stay short and a free slot exists. */
void ptr_map_put(ptr_map *m, void *key, void *value) {
  if ((m->count + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    void **keys = capi_calloc(cap, sizeof *keys);
    void **values = capi_calloc(cap, sizeof *values);
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i]) insert(keys, values, cap, m->keys[i], m->values[i]);
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->cap = cap;
  }
  if (!ptr_map_get(m, key)) m->count++;
  insert(m->keys, m->values, m->cap, key, value);
}

bool ptr_map_next(const ptr_map *m, size_t *i, void **key, void **value) {
  for (; *i < m->cap; (*i)++) {
    if (m->keys[*i]) {
      *key = m->keys[*i];
      *value = m->values[*i];
      (*i)++;
      return true;
    }
  }
  return false;
}

void ptr_map_free(ptr_map *m) {
  free(m->keys);
  free(m->values);
  *m = (ptr_map){0};
}
