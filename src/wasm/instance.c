/*
 * instance.c - instantiation: import matching, allocation of the module's
 * own tables, memories and globals, segment initialisation and the start
 * function, in the order the spec gives.
 */
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/prefault.h"
#include "wasm/compile.h"

static void instance_free(void *p) {
  husk_instance *inst = p;
  const wasm_module *m = inst->module->wasm;
  for (uint32_t i = 0; inst->elems && i < m->elem_count; i++) free(inst->elems[i].refs);
  free(inst->elems);
  free(inst->data_dropped);
  free(inst->funcs);
  free(inst->tables);
  free(inst->memories);
  free(inst->globals);
  free(inst->exports);
  free(inst);
}

/* Limits `have` satisfy `want` when they are at least as large and at most
 * as unbounded. */
static bool limits_match(husk_limits have, const wasm_limits *want) {
  if (have.min < want->min) return false;
  if (want->has_max && (!have.has_max || have.max > want->max)) return false;
  return true;
}

static husk_error *link_import(husk_instance *inst, uint32_t i, const husk_extern *ext,
                               uint32_t counts[4]) {
  const wasm_module *m = inst->module->wasm;
  const wasm_import *im = &m->imports[i];
  if (ext->kind != im->kind)
    return husk_error_newf("incompatible import type: %s.%s has the wrong kind", im->module, im->name);
  switch (im->kind) {
  case HUSK_EXTERN_FUNC: {
    husk_func *f = ext->of.func;
    if (!f || f->type_id != m->types[im->desc.func_type].canonical)
      return husk_error_newf("incompatible import type: %s.%s has the wrong signature", im->module, im->name);
    inst->funcs[counts[0]++] = f;
    break;
  }
  case HUSK_EXTERN_TABLE: {
    husk_table *t = ext->of.table;
    if (!t || t->kind != im->desc.table.elem || !limits_match(husk_table_limits(t), &im->desc.table.limits))
      return husk_error_newf("incompatible import type: table %s.%s", im->module, im->name);
    inst->tables[counts[1]++] = t;
    break;
  }
  case HUSK_EXTERN_MEMORY: {
    husk_memory *mem = ext->of.memory;
    if (!mem || !limits_match(husk_memory_limits(mem), &im->desc.memory))
      return husk_error_newf("incompatible import type: memory %s.%s", im->module, im->name);
    inst->memories[counts[2]++] = mem;
    break;
  }
  default: {
    husk_global *g = ext->of.global;
    if (!g || g->kind != im->desc.global.type || g->mutable_ != im->desc.global.mutable_)
      return husk_error_newf("incompatible import type: global %s.%s", im->module, im->name);
    inst->globals[counts[3]++] = g;
    break;
  }
  }
  return NULL;
}

/* Allocates the instance and everything it defines; no guest code runs. */
static husk_error *allocate(husk_store *s, const husk_module *hm, const husk_extern *imports,
                            size_t import_count, husk_instance **out) {
  const wasm_module *m = hm->wasm;
  if (import_count != m->import_count)
    return husk_error_newf("unknown import: expected %u imports, got %zu", m->import_count, import_count);
  if (s->instance_limit && s->instance_count >= s->instance_limit)
    return husk_error_newf("resource limit exceeded: the store may hold at most %u instances", s->instance_limit);
  s->instance_count++;
  husk_instance *inst = calloc(1, sizeof *inst);
  if (!inst) return husk_error_newf("out of memory");
  inst->store = s;
  inst->module = hm;
  inst->funcs = calloc(m->func_count + 1, sizeof *inst->funcs);
  inst->tables = calloc(m->table_count + 1, sizeof *inst->tables);
  inst->memories = calloc(m->memory_count + 1, sizeof *inst->memories);
  inst->globals = calloc(m->global_count + 1, sizeof *inst->globals);
  inst->elems = calloc(m->elem_count + 1, sizeof *inst->elems);
  inst->data_dropped = calloc(m->data_count + 1, sizeof *inst->data_dropped);
  inst->exports = calloc(m->export_count + 1, sizeof *inst->exports);
  if (!inst->funcs || !inst->tables || !inst->memories || !inst->globals || !inst->elems ||
      !inst->data_dropped || !inst->exports || !store_track(s, inst, instance_free)) {
    instance_free(inst);
    return husk_error_newf("out of memory");
  }
  uint32_t counts[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < m->import_count; i++) {
    husk_error *err = link_import(inst, i, &imports[i], counts);
    if (err) return err;
  }
  for (uint32_t i = m->func_import_count; i < m->func_count; i++)
    if (!(inst->funcs[i] = func_create_wasm(inst, i))) return husk_error_newf("out of memory");
  for (uint32_t i = m->table_import_count; i < m->table_count; i++) {
    const wasm_tabletype *t = &m->tables[i];
    husk_limits l = {t->limits.min, t->limits.max, t->limits.has_max};
    if (!(inst->tables[i] = table_create(s, t->elem, l, NULL)))
      return husk_error_newf("table of %u elements exceeds the limit", t->limits.min);
  }
  for (uint32_t i = m->memory_import_count; i < m->memory_count; i++) {
    const wasm_limits *ml = &m->memories[i];
    husk_limits l = {ml->min, ml->max, ml->has_max};
    const char *why;
    if (!(inst->memories[i] = memory_create(s, l, &why)))
      return husk_error_newf("memory %u (%u pages): %s", i, ml->min, why);
  }
  inst->mem0 = m->memory_count ? inst->memories[0] : NULL;
  for (uint32_t i = m->global_import_count; i < m->global_count; i++) {
    const wasm_global *g = &m->globals[i];
    slot v;
    constexpr_run(m, &g->init, g->type.type, m->global_import_count, inst, &v);
    husk_val hv = slot_to_val(v, g->type.type);
    if (!(inst->globals[i] = husk_global_new(s, g->type.type, g->type.mutable_, hv)))
      return husk_error_newf("out of memory");
  }
  for (uint32_t i = 0; i < m->export_count; i++) {
    const wasm_export *e = &m->exports[i];
    husk_extern *x = &inst->exports[i];
    x->kind = e->kind;
    switch (e->kind) {
    case HUSK_EXTERN_FUNC: x->of.func = inst->funcs[e->index]; break;
    case HUSK_EXTERN_TABLE: x->of.table = inst->tables[e->index]; break;
    case HUSK_EXTERN_MEMORY: x->of.memory = inst->memories[e->index]; break;
    default: x->of.global = inst->globals[e->index]; break;
    }
  }
  /* Every segment's references, evaluated now (passive ones are kept for
   * table.init until dropped). */
  for (uint32_t i = 0; i < m->elem_count; i++) {
    const wasm_elem *e = &m->elems[i];
    elem_instance *ei = &inst->elems[i];
    ei->refs = calloc(e->count + 1, sizeof *ei->refs);
    if (!ei->refs) return husk_error_newf("out of memory");
    ei->count = e->count;
    for (uint32_t k = 0; k < e->count; k++) {
      if (e->func_indices) {
        ei->refs[k] = inst->funcs[e->func_indices[k]];
      } else {
        slot v;
        constexpr_run(m, &e->exprs[k], e->type, m->global_import_count, inst, &v);
        ei->refs[k] = v.ref;
      }
    }
  }
  *out = inst;
  return NULL;
}

static void drop_elem(elem_instance *ei) {
  free(ei->refs);
  ei->refs = NULL;
  ei->count = 0;
}

/* Active segments, then the start function. A trap keeps what was already
 * written, as the spec requires. */
static husk_trap *initialize(husk_instance *inst) {
  const wasm_module *m = inst->module->wasm;
  for (uint32_t i = 0; i < m->elem_count; i++) {
    const wasm_elem *e = &m->elems[i];
    elem_instance *ei = &inst->elems[i];
    if (e->mode == WASM_SEG_ACTIVE) {
      slot off;
      constexpr_run(m, &e->offset, WASM_I32, m->global_import_count, inst, &off);
      husk_table *t = inst->tables[e->table];
      if ((uint64_t)off.u32 + ei->count > t->size) return trap_new(HUSK_TRAP_TABLE_OOB, NULL);
      if (ei->count) memcpy(t->elems + off.u32, ei->refs, ei->count * sizeof *ei->refs);
    }
    if (e->mode != WASM_SEG_PASSIVE) drop_elem(ei);
  }
  for (uint32_t i = 0; i < m->data_count; i++) {
    const wasm_data *d = &m->datas[i];
    if (d->mode != WASM_SEG_ACTIVE) continue;
    slot off;
    constexpr_run(m, &d->offset, WASM_I32, m->global_import_count, inst, &off);
    husk_memory *mem = inst->memories[d->memory];
    if ((uint64_t)off.u32 + d->size > mem->size) return trap_new(HUSK_TRAP_MEMORY_OOB, NULL);
    prefault(mem->base + off.u32, d->size);
    if (d->size) memcpy(mem->base + off.u32, d->bytes, d->size);
    inst->data_dropped[i] = true;
  }
  if (m->has_start) return husk_func_call(inst->store, inst->funcs[m->start], NULL, 0, NULL, 0);
  return NULL;
}

husk_error *husk_instance_new(husk_store *s, const husk_module *hm, const husk_extern *imports,
                              size_t import_count, husk_instance **out, husk_trap **trap) {
  *out = NULL;
  if (trap) *trap = NULL;
  husk_instance *inst = NULL;
  husk_error *err = allocate(s, hm, imports, import_count, &inst);
  if (err) return err;
  husk_trap *t = initialize(inst);
  if (t) {
    if (trap) *trap = t; else husk_trap_delete(t);
    return NULL;
  }
  *out = inst;
  return NULL;
}

bool husk_instance_export_n(const husk_instance *inst, const char *name, size_t len,
                            husk_extern *out) {
  const wasm_module *m = inst->module->wasm;
  for (uint32_t i = 0; i < m->export_count; i++) {
    if (m->exports[i].name_len == len && memcmp(m->exports[i].name, name, len) == 0) {
      *out = inst->exports[i];
      return true;
    }
  }
  return false;
}

bool husk_instance_export(const husk_instance *inst, const char *name, husk_extern *out) {
  return husk_instance_export_n(inst, name, strlen(name), out);
}

size_t husk_instance_export_count(const husk_instance *inst) { return inst->module->wasm->export_count; }

const char *husk_instance_export_nth(const husk_instance *inst, size_t i, husk_extern *out) {
  if (i >= inst->module->wasm->export_count) return NULL;
  *out = inst->exports[i];
  return inst->module->wasm->exports[i].name;
}

const husk_module *husk_instance_module(const husk_instance *inst) { return inst->module; }
