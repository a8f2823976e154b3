/*
 * common.h - what the cache tests share: checks, files, engines, and a
 * summary of what running a module's exports does (to compare a module
 * loaded from the cache with one compiled from its bytes).
 */
#ifndef HUSK_TESTS_CACHE_COMMON_H
#define HUSK_TESTS_CACHE_COMMON_H

#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "husk/husk.h"

static int failures __attribute__((unused));
#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);      \
      failures++;                                                                   \
    }                                                                               \
  } while (0)

static inline uint8_t *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return buf;
}

static inline bool write_file(const char *path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) return false;
  bool ok = fwrite(data, 1, size, f) == size;
  return fclose(f) == 0 && ok;
}

/* An engine; cache (may be NULL) is copied into its config. */
static inline husk_engine *new_engine(const husk_cache_config *cache, bool fuel) {
  husk_config *c = husk_config_new();
  husk_config_consume_fuel(c, fuel);
  if (cache) husk_config_cache(c, cache);
  husk_engine *e = NULL;
  husk_error *err = husk_engine_new(c, &e);
  husk_config_delete(c);
  if (err) {
    fprintf(stderr, "engine: %s\n", husk_error_message(err));
    husk_error_delete(err);
    return NULL;
  }
  return e;
}

/* Appends to a growing string. */
typedef struct text { char *s; size_t len, cap; } text;

static inline void text_add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void text_add(text *t, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
  if (t->len + (size_t)n + 1 > t->cap) {
    t->cap = (t->len + (size_t)n + 1) * 2;
    t->s = realloc(t->s, t->cap);
  }
  memcpy(t->s + t->len, buf, (size_t)n + 1);
  t->len += (size_t)n;
}

/* Instantiates m (which must have no imports) and calls every exported
 * function with zero arguments, with `fuel` per call when the engine meters
 * it; returns a malloc'd description of everything that happened (results as
 * bits, trap codes and messages), equal for equal behaviour. */
static inline char *run_exports(husk_engine *e, const husk_module *m, bool fuel) {
  text t = {0};
  text_add(&t, "%s", "");
  husk_store *s = husk_store_new(e, NULL);
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  husk_error *err = husk_instance_new(s, m, NULL, 0, &inst, &trap);
  if (err) {
    text_add(&t, "link: %s\n", husk_error_message(err));
    husk_error_delete(err);
  } else if (trap) {
    text_add(&t, "start trap %d: %s\n", husk_trap_code_of(trap), husk_trap_message(trap));
    husk_trap_delete(trap);
  }
  for (size_t i = 0; inst && i < husk_module_export_count(m); i++) {
    const husk_export_desc *d = husk_module_export(m, i);
    if (d->type.kind != HUSK_EXTERN_FUNC) continue;
    husk_extern ext;
    if (!husk_instance_export(inst, d->name, &ext)) continue;
    husk_functype ft = husk_func_type(ext.of.func);
    husk_val args[64], results[64];
    if (ft.param_count > 64 || ft.result_count > 64) continue;
    for (size_t k = 0; k < ft.param_count; k++) {
      memset(&args[k], 0, sizeof args[k]);
      args[k].kind = ft.params[k];
    }
    if (fuel) husk_error_delete(husk_store_set_fuel(s, 100000));
    trap = husk_func_call(s, ext.of.func, args, ft.param_count, results, ft.result_count);
    text_add(&t, "%s:", d->name);
    if (trap) {
      text_add(&t, " trap %d %s\n", husk_trap_code_of(trap), husk_trap_message(trap));
      husk_trap_delete(trap);
      continue;
    }
    for (size_t k = 0; k < ft.result_count; k++) {
      const husk_val *v = &results[k];
      uint64_t bits = v->kind == HUSK_I32 || v->kind == HUSK_F32 ? (uint32_t)v->of.i32
                      : v->kind == HUSK_I64 || v->kind == HUSK_F64 ? (uint64_t)v->of.i64
                      : v->of.externref != NULL;   /* references: null or not */
      text_add(&t, " %d:%" PRIx64, v->kind, bits);
    }
    text_add(&t, "\n");
  }
  husk_store_delete(s);
  return t.s;
}

#endif
