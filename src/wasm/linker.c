/*
 * linker.c - resolves imports by (module, name) from definitions made by the
 * embedder (host functions, WASI, registered instances).
 */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "wasm/runtime.h"

typedef struct definition {
  char *module, *name;
  uint32_t hash;
  husk_extern item;
} definition;

/* Definitions in order, plus an open-addressing index over them (slot =
 * definition index + 1, 0 = empty, kept at most half full) so that defining
 * and resolving stay constant-time per name however many there are. */
struct husk_linker {
  husk_store *store;
  definition *defs;
  size_t count, cap;
  uint32_t *index;
  size_t index_size;          /* a power of two */
};

static uint32_t name_hash(const char *module, const char *name) {
  uint32_t h = 2166136261u;   /* FNV-1a over "module\0name" */
  for (const char *p = module; *p; p++) h = (h ^ (uint8_t)*p) * 16777619u;
  h = (h ^ 0) * 16777619u;
  for (const char *p = name; *p; p++) h = (h ^ (uint8_t)*p) * 16777619u;
  return h;
}

static bool grow_index(husk_linker *l) {
  size_t n = l->index_size ? l->index_size * 2 : 64;
  uint32_t *index = calloc(n, sizeof *index);
  if (!index) return false;
  for (size_t i = 0; i < l->count; i++) {
    size_t k = l->defs[i].hash & (n - 1);
    while (index[k]) k = (k + 1) & (n - 1);
    index[k] = (uint32_t)i + 1;
  }
  free(l->index);
  l->index = index;
  l->index_size = n;
  return true;
}

husk_linker *husk_linker_new(husk_store *store) {
  husk_linker *l = calloc(1, sizeof *l);
  if (l) l->store = store;
  return l;
}

void husk_linker_delete(husk_linker *l) {
  if (!l) return;
  for (size_t i = 0; i < l->count; i++) {
    free(l->defs[i].module);
    free(l->defs[i].name);
  }
  free(l->defs);
  free(l->index);
  free(l);
}

husk_store *husk_linker_store(const husk_linker *l) { return l->store; }

static definition *find(const husk_linker *l, const char *module, const char *name) {
  if (!l->index_size) return NULL;
  uint32_t h = name_hash(module, name);
  for (size_t k = h & (l->index_size - 1); l->index[k]; k = (k + 1) & (l->index_size - 1)) {
    definition *d = &l->defs[l->index[k] - 1];
    if (d->hash == h && strcmp(d->name, name) == 0 && strcmp(d->module, module) == 0) return d;
  }
  return NULL;
}

husk_error *husk_linker_define(husk_linker *l, const char *module, const char *name,
                               const husk_extern *item) {
  if (find(l, module, name)) return husk_error_newf("%s.%s is already defined", module, name);
  if ((l->count + 1) * 2 > l->index_size && !grow_index(l)) return husk_error_newf("out of memory");
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    definition *d = realloc(l->defs, cap * sizeof *d);
    if (!d) return husk_error_newf("out of memory");
    l->defs = d;
    l->cap = cap;
  }
  definition *d = &l->defs[l->count];
  d->module = strdup(module);
  d->name = strdup(name);
  d->hash = name_hash(module, name);
  d->item = *item;
  if (!d->module || !d->name) {
    free(d->module);
    free(d->name);
    return husk_error_newf("out of memory");
  }
  size_t k = d->hash & (l->index_size - 1);
  while (l->index[k]) k = (k + 1) & (l->index_size - 1);
  l->index[k] = (uint32_t)l->count + 1;
  l->count++;
  return NULL;
}

husk_error *husk_linker_define_instance(husk_linker *l, const char *module, husk_instance *inst) {
  size_t n = husk_instance_export_count(inst);
  for (size_t i = 0; i < n; i++) {
    husk_extern x;
    const char *name = husk_instance_export_nth(inst, i, &x);
    husk_error *err = husk_linker_define(l, module, name, &x);
    if (err) return err;
  }
  return NULL;
}

bool husk_linker_get(const husk_linker *l, const char *module, const char *name, husk_extern *out) {
  definition *d = find(l, module, name);
  if (d) *out = d->item;
  return d != NULL;
}

husk_error *husk_linker_instantiate(husk_linker *l, const husk_module *m, husk_instance **out,
                                    husk_trap **trap) {
  size_t n = husk_module_import_count(m);
  husk_extern *items = calloc(n + 1, sizeof *items);
  if (!items) return husk_error_newf("out of memory");
  for (size_t i = 0; i < n; i++) {
    const husk_import_desc *d = husk_module_import(m, i);
    if (!husk_linker_get(l, d->module, d->name, &items[i])) {
      free(items);
      *out = NULL;
      if (trap) *trap = NULL;
      return husk_error_newf("unknown import: %s.%s", d->module, d->name);
    }
  }
  husk_error *err = husk_instance_new(l->store, m, items, n, out, trap);
  free(items);
  return err;
}
