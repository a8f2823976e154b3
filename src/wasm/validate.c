/*
 * validate.c - the module-level validation rules (everything outside
 * function bodies, which compile.c checks as it translates them).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/compile.h"

#define MAX_PAGES 65536u

static char *failf(const char *msg, uint32_t offset) {
  char *s = NULL;
  if (asprintf(&s, "%s at offset 0x%x", msg, offset) < 0) return strdup(msg);
  return s;
}

static const char *check_limits(const wasm_limits *l, uint64_t bound, const char *too_big) {
  if (l->min > bound || (l->has_max && l->max > bound)) return too_big;
  if (l->has_max && l->min > l->max) return "size minimum must not be greater than maximum";
  return NULL;
}

/* Export names compare by their bytes: a name may contain NUL. */
static int export_cmp(const void *a, const void *b) {
  const wasm_export *x = *(const wasm_export *const *)a, *y = *(const wasm_export *const *)b;
  uint32_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
  int c = memcmp(x->name, y->name, n);
  return c ? c : (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

static char *check_exports(const wasm_module *m) {
  if (m->export_count == 0) return NULL;
  const wasm_export **sorted = malloc(m->export_count * sizeof *sorted);
  if (!sorted) return strdup("out of memory");
  for (uint32_t i = 0; i < m->export_count; i++) sorted[i] = &m->exports[i];
  qsort(sorted, m->export_count, sizeof *sorted, export_cmp);
  bool dup = false;
  for (uint32_t i = 1; i < m->export_count && !dup; i++) dup = export_cmp(&sorted[i - 1], &sorted[i]) == 0;
  free(sorted);
  if (dup) return strdup("duplicate export name");
  for (uint32_t i = 0; i < m->export_count; i++) {
    const wasm_export *e = &m->exports[i];
    static const char *const unknown[] = {"unknown function", "unknown table", "unknown memory", "unknown global"};
    uint32_t limit[] = {m->func_count, m->table_count, m->memory_count, m->global_count};
    if (e->kind > 3 || e->index >= limit[e->kind]) return strdup(unknown[e->kind > 3 ? 0 : e->kind]);
  }
  return NULL;
}

char *validate_module(const wasm_module *m) {
  const char *err;
  for (uint32_t i = 0; i < m->func_count; i++)
    if (m->func_types[i] >= m->type_count) return strdup("unknown type");
  for (uint32_t i = 0; i < m->table_count; i++)
    if ((err = check_limits(&m->tables[i].limits, UINT32_MAX, "table size"))) return strdup(err);
  if (m->memory_count > 1) return strdup("multiple memories");
  for (uint32_t i = 0; i < m->memory_count; i++)
    if ((err = check_limits(&m->memories[i], MAX_PAGES, "memory size must be at most 65536 pages (4GiB)")))
      return strdup(err);
  /* Constant expressions may read only imported globals (Wasm 2.0). */
  for (uint32_t i = m->global_import_count; i < m->global_count; i++) {
    const wasm_global *g = &m->globals[i];
    if ((err = constexpr_run(m, &g->init, g->type.type, m->global_import_count, NULL, NULL)))
      return failf(err, g->init.offset);
  }
  char *msg = check_exports(m);
  if (msg) return msg;
  if (m->has_start) {
    if (m->start >= m->func_count) return strdup("unknown function");
    const wasm_functype *t = &m->types[m->func_types[m->start]];
    if (t->param_count || t->result_count) return strdup("start function");
  }
  for (uint32_t i = 0; i < m->elem_count; i++) {
    const wasm_elem *e = &m->elems[i];
    if (e->mode == WASM_SEG_ACTIVE) {
      if (e->table >= m->table_count) return strdup("unknown table");
      if (m->tables[e->table].elem != e->type) return strdup("type mismatch");
      if ((err = constexpr_run(m, &e->offset, WASM_I32, m->global_import_count, NULL, NULL)))
        return failf(err, e->offset.offset);
    }
    for (uint32_t k = 0; k < e->count; k++) {
      if (e->func_indices) {
        if (e->func_indices[k] >= m->func_count) return strdup("unknown function");
      } else if ((err = constexpr_run(m, &e->exprs[k], e->type, m->global_import_count, NULL, NULL))) {
        return failf(err, e->exprs[k].offset);
      }
    }
  }
  for (uint32_t i = 0; i < m->data_count; i++) {
    const wasm_data *d = &m->datas[i];
    if (d->mode != WASM_SEG_ACTIVE) continue;
    if (d->memory >= m->memory_count) return strdup("unknown memory");
    if ((err = constexpr_run(m, &d->offset, WASM_I32, m->global_import_count, NULL, NULL)))
      return failf(err, d->offset.offset);
  }
  return NULL;
}
