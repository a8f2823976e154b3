/*
 * store.c - stores and the objects that live in them: functions, memories,
 * tables and globals. A store frees everything it created when deleted.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "wasm/guard.h"
#include "wasm/runtime.h"

#define PAGE_SIZE 65536u

static void *reserve(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

static void *reserve_rw(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

husk_store *husk_store_new(husk_engine *engine, void *user_data) {
  husk_store *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->engine = engine;
  s->user_data = user_data;
  size_t slots = engine->config.max_stack_bytes / sizeof(slot);
  s->max_depth = engine->config.max_call_depth;
  /* Both stacks are committed by the kernel only as they are touched. */
  s->stack = reserve_rw(slots * sizeof(slot));
  s->frames = reserve_rw((size_t)(s->max_depth + 1) * sizeof(frame));
  if (!s->stack || !s->frames) {
    husk_store_delete(s);
    return NULL;
  }
  s->stack_end = s->stack + slots;
  s->sp = s->stack;
  return s;
}

void husk_store_delete(husk_store *s) {
  if (!s) return;
  deadline_stop(s);
  for (size_t i = s->object_count; i-- > 0;) s->object_free[i](s->objects[i]);
  free(s->objects);
  free(s->object_free);
  free(s->memories);
  if (s->stack) munmap(s->stack, (size_t)(s->stack_end - s->stack) * sizeof(slot));
  if (s->frames) munmap(s->frames, (size_t)(s->max_depth + 1) * sizeof(frame));
  free(s);
}

void *husk_store_user_data(const husk_store *s) { return s->user_data; }

bool store_track(husk_store *s, void *obj, void (*free_fn)(void *)) {
  if (s->object_count == s->object_cap) {
    size_t cap = s->object_cap ? s->object_cap * 2 : 32;
    void **o = realloc(s->objects, cap * sizeof *o);
    if (!o) return false;
    s->objects = o;
    void (**f)(void *) = realloc(s->object_free, cap * sizeof *f);
    if (!f) return false;
    s->object_free = f;
    s->object_cap = cap;
  }
  s->objects[s->object_count] = obj;
  s->object_free[s->object_count] = free_fn;
  s->object_count++;
  return true;
}

/* ------------------------------------------------------------ functions */

static void func_free(void *p) {
  husk_func *f = p;
  if (f->finalize) f->finalize(f->env);
  free(f->owned_kinds);
  free(f);
}

husk_func *husk_func_new(husk_store *s, const husk_functype *type, husk_host_callback cb,
                         void *env, void (*finalize)(void *)) {
  husk_func *f = calloc(1, sizeof *f);
  size_t n = type->param_count + type->result_count;
  uint8_t *bytes = malloc(n + 1);
  if (f) f->owned_kinds = malloc((n + 1) * sizeof *f->owned_kinds);
  if (!f || !bytes || !f->owned_kinds) goto fail;
  for (size_t i = 0; i < type->param_count; i++) f->owned_kinds[i] = type->params[i];
  for (size_t i = 0; i < type->result_count; i++) f->owned_kinds[type->param_count + i] = type->results[i];
  for (size_t i = 0; i < n; i++) bytes[i] = (uint8_t)f->owned_kinds[i];
  bool oom = false;
  f->type_id = types_intern(&s->engine->types, bytes, (uint32_t)type->param_count,
                            bytes + type->param_count, (uint32_t)type->result_count, &oom);
  if (oom) goto fail;
  free(bytes);
  f->kind = FUNC_HOST;
  f->type = (husk_functype){f->owned_kinds, type->param_count,
                            f->owned_kinds + type->param_count, type->result_count};
  f->callback = cb;
  f->env = env;
  if (!store_track(s, f, func_free)) {
    f->finalize = NULL;
    func_free(f);
    return NULL;
  }
  f->finalize = finalize;
  return f;
fail:
  free(bytes);
  if (f) free(f->owned_kinds);
  free(f);
  return NULL;
}

husk_func *func_create_wasm(husk_instance *inst, uint32_t func_index) {
  const husk_module *hm = inst->module;
  const wasm_module *m = hm->wasm;
  husk_func *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  uint32_t ti = m->func_types[func_index];
  const wasm_functype *t = &m->types[ti];
  f->kind = FUNC_WASM;
  f->type_id = t->canonical;
  f->type = (husk_functype){hm->type_kinds[ti], t->param_count,
                            hm->type_kinds[ti] + t->param_count, t->result_count};
  f->instance = inst;
  f->code = &hm->funcs[func_index - m->func_import_count];
  if (!store_track(inst->store, f, func_free)) {
    free(f);
    return NULL;
  }
  return f;
}

husk_functype husk_func_type(const husk_func *f) { return f->type; }

/* ------------------------------------------------------------ memories */

/* Makes room in the store's list of memories for one more. */
static bool store_reserve_memory_slot(husk_store *s) {
  if (s->memory_count < s->memory_cap) return true;
  size_t cap = s->memory_cap ? 2 * s->memory_cap : 4;
  husk_memory **grown = realloc(s->memories, cap * sizeof *grown);
  if (!grown) return false;
  s->memories = grown;
  s->memory_cap = cap;
  return true;
}

static void memory_free(void *p) {
  husk_memory *m = p;
  if (m->base) munmap(m->base, m->reserved);
  free(m);
}

/* Every memory reserves address space for its whole possible life, so its
 * base never moves (the interpreter keeps it in a register). With guard pages
 * the reservation must also cover every address a load can form (guard.h);
 * without, it falls back to just the maximum when address space is short. */
husk_memory *memory_create(husk_store *s, husk_limits limits, const char **why) {
  const husk_config *config = &s->engine->config;
  uint32_t max = limits.has_max && limits.max < config->max_memory_pages ? limits.max
                                                                         : config->max_memory_pages;
  *why = "its minimum size exceeds the limit";
  if (limits.min > max) return NULL;
  *why = "out of memory";
  husk_memory *m = calloc(1, sizeof *m);
  if (!m || !store_reserve_memory_slot(s)) goto fail;
  m->store = s;
  m->declared = limits;
  m->max_pages = max;
  size_t want = (size_t)max * PAGE_SIZE;
  m->reserved = want > GUARD_RESERVATION ? want : GUARD_RESERVATION;
  m->base = reserve(m->reserved);
  if (!m->base && !config->guard_pages) {
    m->reserved = want ? want : PAGE_SIZE;
    m->base = reserve(m->reserved);
  }
  if (!m->base) {
    *why = config->guard_pages
               ? "cannot reserve 8 GiB of address space for the memory's guard region "
                 "(an engine configured with husk_config_guard_pages(false) needs less)"
               : "cannot reserve address space for the memory";
    goto fail;
  }
  if (config->guard_pages && !guard_install()) {
    *why = "cannot install the SIGSEGV handler that guard regions need";
    goto fail;
  }
  if (memory_grow(m, limits.min) < 0) {
    *why = "its minimum size exceeds the limit on the store's memory (or memory is short)";
    goto fail;
  }
  if (!store_track(s, m, memory_free)) goto fail;
  s->memories[s->memory_count++] = m;
  return m;
fail:
  if (m) memory_free(m);
  return NULL;
}

int64_t memory_grow(husk_memory *m, uint32_t delta) {
  uint32_t old = m->pages;
  if ((uint64_t)old + delta > m->max_pages) return -1;
  if (!store_reserve_memory(m->store, (uint64_t)delta * PAGE_SIZE)) return -1;
  if (delta) {
    size_t from = (size_t)old * PAGE_SIZE, bytes = (size_t)delta * PAGE_SIZE;
    if (mprotect(m->base + from, bytes, PROT_READ | PROT_WRITE) != 0) {
      m->store->memory_used -= bytes;
      return -1;
    }
  }
  m->pages = old + delta;
  m->size = (uint64_t)m->pages * PAGE_SIZE;
  return old;
}

husk_memory *husk_memory_new(husk_store *s, husk_limits limits) {
  if (limits.min > 65536 || (limits.has_max && (limits.max > 65536 || limits.max < limits.min)))
    return NULL;
  const char *why;
  return memory_create(s, limits, &why);
}
uint8_t *husk_memory_data(husk_memory *m) { return m->base; }
size_t husk_memory_size_bytes(const husk_memory *m) { return (size_t)m->size; }
uint32_t husk_memory_size_pages(const husk_memory *m) { return m->pages; }
husk_limits husk_memory_limits(const husk_memory *m) {
  return (husk_limits){m->pages, m->declared.max, m->declared.has_max};
}
int64_t husk_memory_grow(husk_memory *m, uint32_t delta) { return memory_grow(m, delta); }

/* ------------------------------------------------------------ tables */

static void table_free(void *p) {
  husk_table *t = p;
  free(t->elems);
  free(t);
}

husk_table *table_create(husk_store *s, husk_valkind kind, husk_limits limits, void *init) {
  uint32_t cap = s->engine->config.max_table_elements;
  uint32_t max = limits.has_max && limits.max < cap ? limits.max : cap;
  if (limits.min > max) return NULL;
  husk_table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->store = s;
  t->kind = kind;
  t->declared = limits;
  t->max = max;
  if (table_grow(t, limits.min, init) < 0 || !store_track(s, t, table_free)) {
    table_free(t);
    return NULL;
  }
  return t;
}

int64_t table_grow(husk_table *t, uint32_t delta, void *init) {
  uint32_t old = t->size;
  if ((uint64_t)old + delta > t->max) return -1;
  if (!store_reserve_table(t->store, delta)) return -1;
  uint32_t need = old + delta;
  if (need > t->cap) {
    uint64_t cap = t->cap ? (uint64_t)t->cap * 2 : 16;
    if (cap < need) cap = need;
    if (cap > t->max) cap = t->max;
    void **e = realloc(t->elems, (size_t)cap * sizeof *e);
    if (!e) {
      t->store->table_used -= delta;
      return -1;
    }
    t->elems = e;
    t->cap = (uint32_t)cap;
  }
  for (uint32_t i = old; i < need; i++) t->elems[i] = init;
  t->size = need;
  return old;
}

husk_table *husk_table_new(husk_store *s, husk_valkind elem, husk_limits limits, husk_val init) {
  if ((elem != HUSK_FUNCREF && elem != HUSK_EXTERNREF) || init.kind != elem) return NULL;
  if (limits.has_max && limits.max < limits.min) return NULL;
  return table_create(s, elem, limits, init.of.externref);
}
uint32_t husk_table_size(const husk_table *t) { return t->size; }
husk_valkind husk_table_elem_kind(const husk_table *t) { return t->kind; }
husk_limits husk_table_limits(const husk_table *t) {
  return (husk_limits){t->size, t->declared.max, t->declared.has_max};
}
bool husk_table_get(const husk_table *t, uint32_t i, husk_val *out) {
  if (i >= t->size) return false;
  *out = slot_to_val((slot){.ref = t->elems[i]}, t->kind);
  return true;
}
bool husk_table_set(husk_table *t, uint32_t i, husk_val v) {
  if (i >= t->size || v.kind != t->kind) return false;
  t->elems[i] = v.of.externref;
  return true;
}
int64_t husk_table_grow(husk_table *t, uint32_t delta, husk_val init) {
  if (init.kind != t->kind) return -1;
  return table_grow(t, delta, init.of.externref);
}

/* ------------------------------------------------------------ globals */

husk_global *husk_global_new(husk_store *s, husk_valkind kind, bool mutable_, husk_val value) {
  if (value.kind != kind) return NULL;
  husk_global *g = calloc(1, sizeof *g);
  if (!g) return NULL;
  g->kind = kind;
  g->mutable_ = mutable_;
  g->value = val_to_slot(&value);
  if (!store_track(s, g, free)) {
    free(g);
    return NULL;
  }
  return g;
}
husk_val husk_global_get(const husk_global *g) { return slot_to_val(g->value, g->kind); }
bool husk_global_set(husk_global *g, husk_val v) {
  if (!g->mutable_ || v.kind != g->kind) return false;
  g->value = val_to_slot(&v);
  return true;
}
husk_valkind husk_global_kind(const husk_global *g) { return g->kind; }
bool husk_global_mutable(const husk_global *g) { return g->mutable_; }
