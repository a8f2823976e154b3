/*
 * test_translate.c - translation of large modules on several threads
 * (husk_config_compile_threads, src/wasm/translate.c): the same code and
 * the same results as on one thread, and for an invalid module the same
 * error, that of its lowest-numbered invalid function.
 */
#include <stdarg.h>

#include "../common/api.h"

/* Functions in the generated module, and additions in each: ~360 KB of
 * code, past the 256 KiB from which translation goes parallel. */
#define FUNCS 400
#define ADDS 300

typedef struct buf { uint8_t *p; size_t len, cap; } buf;

static void put(buf *b, const void *data, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2;
    b->p = realloc(b->p, b->cap);
    if (!b->p) { perror("realloc"); exit(1); }
  }
  memcpy(b->p + b->len, data, n);
  b->len += n;
}
static void byte(buf *b, uint8_t v) { put(b, &v, 1); }
static void uleb(buf *b, uint32_t v) {
  do { uint8_t x = v & 0x7f; v >>= 7; byte(b, x | (v ? 0x80 : 0)); } while (v);
}
static void sleb(buf *b, int32_t v) {
  for (;;) {
    uint8_t x = v & 0x7f;
    v >>= 7;
    bool done = (v == 0 && !(x & 0x40)) || (v == -1 && (x & 0x40));
    byte(b, x | (done ? 0 : 0x80));
    if (done) return;
  }
}
static void section(buf *out, uint8_t id, buf *content) {
  byte(out, id);
  uleb(out, (uint32_t)content->len);
  put(out, content->p, content->len);
  free(content->p);
  *content = (buf){0};
}

/* What function i adds to its own index, besides calling i - 1. */
static uint32_t addend(uint32_t j) { return j % 50 + 1; }

/* f(i) = i + the addends + f(i - 1): every function but the first calls the
 * one before, which another thread may have translated. */
static uint32_t expected(uint32_t i) {
  uint32_t adds = 0;
  for (uint32_t j = 0; j < ADDS; j++) adds += addend(j);
  uint32_t sum = 0;
  for (uint32_t k = 0; k <= i; k++) sum += k + adds;
  return sum;
}

/* The module, with functions `bad1` and `bad2` (FUNCS: none) left with an
 * extra i64 on the stack at their end: invalid. */
static uint8_t *make_module(uint32_t bad1, uint32_t bad2, size_t *size) {
  buf out = {0}, s = {0};
  put(&out, "\0asm\1\0\0\0", 8);
  byte(&s, 1); byte(&s, 0x60); byte(&s, 0); byte(&s, 1); byte(&s, 0x7f);  /* () -> i32 */
  section(&out, 1, &s);
  uleb(&s, FUNCS);
  for (uint32_t i = 0; i < FUNCS; i++) byte(&s, 0);
  section(&out, 3, &s);
  const uint32_t exported[] = {0, 1, FUNCS / 2, FUNCS - 1};
  uleb(&s, 4);
  for (int k = 0; k < 4; k++) {
    char name[16];
    int n = snprintf(name, sizeof name, "f%u", exported[k]);
    uleb(&s, (uint32_t)n); put(&s, name, (size_t)n);
    byte(&s, 0); uleb(&s, exported[k]);
  }
  section(&out, 7, &s);
  uleb(&s, FUNCS);
  for (uint32_t i = 0; i < FUNCS; i++) {
    buf body = {0};
    byte(&body, 0);                                   /* no locals */
    byte(&body, 0x41); sleb(&body, (int32_t)i);       /* i32.const i */
    for (uint32_t j = 0; j < ADDS; j++) { byte(&body, 0x41); byte(&body, (uint8_t)addend(j)); byte(&body, 0x6a); }
    if (i) { byte(&body, 0x10); uleb(&body, i - 1); byte(&body, 0x6a); }   /* call; i32.add */
    if (i == bad1 || i == bad2) { byte(&body, 0x42); byte(&body, 0); }   /* i64.const 0 */
    byte(&body, 0x0b);
    uleb(&s, (uint32_t)body.len);
    put(&s, body.p, body.len);
    free(body.p);
  }
  section(&out, 10, &s);
  *size = out.len;
  return out.p;
}

static husk_engine *engine_threads(uint32_t threads) {
  return engine_of(husk_config_compile_threads(husk_config_new(), threads));
}

/* The module translated by an engine of `threads`: its listing, and the
 * exports' results checked. */
static char *translate_and_run(uint32_t threads) {
  husk_engine *e = engine_threads(threads);
  if (!e) return NULL;
  size_t size;
  uint8_t *bytes = make_module(FUNCS, FUNCS, &size);
  CHECK(size > (256u << 10), "the module is large enough to go parallel: %zu bytes", size);
  husk_module *m = NULL;
  husk_error *err = husk_module_new(e, bytes, size, &m);
  CHECK(!err, "%s", err ? husk_error_message(err) : "");
  husk_error_delete(err);
  free(bytes);
  char *listing = m ? bytecode_listing(m) : NULL;
  husk_store *s = m ? husk_store_new(e, NULL) : NULL;
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  if (s) {
    err = husk_instance_new(s, m, NULL, 0, &inst, &trap);
    CHECK(!err && !trap);
    husk_error_delete(err);
    husk_trap_delete(trap);
  }
  const uint32_t exported[] = {0, 1, FUNCS / 2, FUNCS - 1};
  for (int k = 0; inst && k < 4; k++) {
    char name[16];
    snprintf(name, sizeof name, "f%u", exported[k]);
    husk_func *f = export_func(inst, name);
    husk_val result;
    trap = f ? husk_func_call(s, f, NULL, 0, &result, 1) : NULL;
    CHECK(f && !trap, "calling %s", name);
    CHECK(f && !trap && result.of.i32 == (int32_t)expected(exported[k]), "%s (%u threads): %d, not %u",
          name, threads, result.of.i32, expected(exported[k]));
    husk_trap_delete(trap);
  }
  husk_store_delete(s);
  husk_module_delete(m);
  husk_engine_delete(e);
  return listing;
}

static void test_same_code_on_any_thread_count(void) {
  char *one = translate_and_run(1);
  char *four = translate_and_run(4);
  char *many = translate_and_run(64);   /* more threads than the machine has */
  char *automatic = translate_and_run(0);
  CHECK(one && four && many && automatic);
  if (one && four && many && automatic) {
    CHECK(strlen(one) > 100000, "a real listing");
    CHECK(strcmp(one, four) == 0, "4 threads translate as one does");
    CHECK(strcmp(one, many) == 0, "64 threads translate as one does");
    CHECK(strcmp(one, automatic) == 0, "the default translates as one does");
  }
  free(one);
  free(four);
  free(many);
  free(automatic);
}

/* The message for a module with two invalid functions, by an engine of
 * `threads`, creating (validate: only validating) the module. */
static char *error_of(uint32_t threads, bool validate) {
  husk_engine *e = engine_threads(threads);
  if (!e) return NULL;
  size_t size;
  uint8_t *bytes = make_module(FUNCS - 7, 123, &size);
  husk_module *m = NULL;
  husk_error *err = validate ? husk_module_validate(e, bytes, size) : husk_module_new(e, bytes, size, &m);
  CHECK(err && !m, "an invalid module is refused (%u threads)", threads);
  char *msg = err ? strdup(husk_error_message(err)) : NULL;
  husk_error_delete(err);
  husk_module_delete(m);
  free(bytes);
  husk_engine_delete(e);
  return msg;
}

static void test_lowest_invalid_function_reported(void) {
  for (int validate = 0; validate < 2; validate++) {
    char *one = error_of(1, validate), *four = error_of(4, validate), *many = error_of(64, validate);
    CHECK(one && strstr(one, "type mismatch") && strstr(one, "(function 123)"), "%s", one ? one : "");
    CHECK(one && four && strcmp(one, four) == 0, "4 threads: %s", four ? four : "");
    CHECK(one && many && strcmp(one, many) == 0, "64 threads: %s", many ? many : "");
    free(one);
    free(four);
    free(many);
  }
}

/* A thread count is a setting like any other: out of range is an error. */
static void test_thread_count_range(void) {
  husk_config *c = husk_config_new();
  CHECK(husk_config_compile_threads(c, 65) == c);
  husk_engine *e = NULL;
  husk_error *err = husk_engine_new(c, &e);
  CHECK(err && !e && strstr(husk_error_message(err), "compile_threads"));
  husk_error_delete(err);
  husk_config_delete(c);
  husk_engine_delete(e);
  husk_engine_delete(engine_threads(64));
}

int main(void) {
  test_same_code_on_any_thread_count();
  test_lowest_invalid_function_reported();
  test_thread_count_range();
  return test_report("translate");
}
