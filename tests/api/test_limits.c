/*
 * test_limits.c - fuel, interruption and deadlines, store-wide caps, call
 * depth and stack size: each stops the guest with its own trap or error and
 * leaves the store usable.
 */
#include "../common/test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "husk/husk.h"

static husk_engine *engine(bool fuel, bool interrupt, uint32_t depth) {
  husk_config *c = husk_config_new();
  husk_config_consume_fuel(c, fuel);
  husk_config_interruptible(c, interrupt);
  if (depth) husk_config_max_call_depth(c, depth);
  husk_engine *e = NULL;
  husk_error *err = husk_engine_new(c, &e);
  husk_config_delete(c);
  CHECK(!err);
  husk_error_delete(err);
  return e;
}

/* Compiles and instantiates; returns the instance's export `name`. */
static husk_func *load(husk_engine *e, husk_store *s, const char *wat, const char *name,
                       husk_module **keep) {
  size_t size = 0;
  uint8_t *bytes = wat_assemble(wat, &size);
  CHECK(bytes);
  if (!bytes) return NULL;
  husk_error *err = husk_module_new(e, bytes, size, keep);
  free(bytes);
  CHECK(!err);
  if (err) { husk_error_delete(err); return NULL; }
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  err = husk_instance_new(s, *keep, NULL, 0, &inst, &trap);
  CHECK(!err && !trap);
  husk_error_delete(err);
  husk_trap_delete(trap);
  husk_extern x;
  if (!inst || !husk_instance_export(inst, name, &x)) return NULL;
  return x.of.func;
}

/* A module that failed to load has been reported; skip what depends on it. */
#define REQUIRE(p) do { if (!(p)) { failures++; return; } } while (0)

static const char *counter =
  "(module (func (export \"count\") (param i32) (result i32) (local i32)"
  "  (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
  "    (br_if $l (i32.lt_u (local.get 1) (local.get 0))))"
  "  (local.get 1)))";

static const char *spin = "(module (func (export \"spin\") (loop $l (br $l))))";

static void test_fuel(void) {
  husk_engine *e = engine(true, false, 0);
  husk_store *s = husk_store_new(e, NULL);
  husk_module *m = NULL;
  husk_func *count = load(e, s, counter, "count", &m);
  REQUIRE(count);
  husk_val arg = husk_val_i32(1000), r;
  /* No fuel yet: the very first block traps. */
  husk_trap *t = husk_func_call(s, count, &arg, 1, &r, 1);
  CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_OUT_OF_FUEL);
  CHECK(t && strcmp(husk_trap_message(t), "all fuel consumed") == 0);
  husk_trap_delete(t);
  /* Enough fuel: it runs, and consumption is deterministic. */
  CHECK(!husk_store_set_fuel(s, 1000000));
  t = husk_func_call(s, count, &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == 1000);
  uint64_t used = husk_store_fuel_consumed(s), left = 0;
  CHECK(used > 1000 && used < 20000);
  CHECK(!husk_store_get_fuel(s, &left) && left == 1000000 - used);
  t = husk_func_call(s, count, &arg, 1, &r, 1);
  CHECK(!t && husk_store_fuel_consumed(s) == 2 * used);
  /* Running out midway traps; refuelling makes the store usable again. */
  CHECK(!husk_store_set_fuel(s, used / 2));
  t = husk_func_call(s, count, &arg, 1, &r, 1);
  CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_OUT_OF_FUEL);
  husk_trap_delete(t);
  CHECK(!husk_store_set_fuel(s, used));
  t = husk_func_call(s, count, &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == 1000);
  husk_store_delete(s);
  husk_module_delete(m);
  husk_engine_delete(e);

  /* Without fuel metering, asking for fuel is an error, not a silent no-op. */
  e = engine(false, false, 0);
  s = husk_store_new(e, NULL);
  husk_error *err = husk_store_set_fuel(s, 10);
  CHECK(err && strstr(husk_error_message(err), "not enabled"));
  husk_error_delete(err);
  husk_store_delete(s);
  husk_engine_delete(e);
}

static void *interrupt_later(void *store) {
  usleep(50 * 1000);
  husk_store_interrupt(store);
  return NULL;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_interrupt(void) {
  husk_engine *e = engine(false, true, 0);
  husk_store *s = husk_store_new(e, NULL);
  husk_module *m = NULL;
  husk_func *f = load(e, s, spin, "spin", &m);
  REQUIRE(f);
  /* From another thread. */
  pthread_t th;
  pthread_create(&th, NULL, interrupt_later, s);
  husk_trap *t = husk_func_call(s, f, NULL, 0, NULL, 0);
  pthread_join(th, NULL);
  CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_INTERRUPTED);
  husk_trap_delete(t);
  /* By a deadline, promptly. */
  double start = now_ms();
  CHECK(!husk_store_set_deadline(s, 30));
  t = husk_func_call(s, f, NULL, 0, NULL, 0);
  double took = now_ms() - start;
  CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_INTERRUPTED);
  CHECK(took >= 25 && took < 2000);
  husk_trap_delete(t);
  /* The flag is consumed by the trap: a cancelled deadline lets code run. */
  husk_module *m2 = NULL;
  husk_func *count = load(e, s, counter, "count", &m2);
  REQUIRE(count);
  CHECK(!husk_store_set_deadline(s, 10000));
  CHECK(!husk_store_set_deadline(s, 0));
  husk_val arg = husk_val_i32(100000), r;
  t = husk_func_call(s, count, &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == 100000);
  husk_store_delete(s);
  husk_module_delete(m);
  husk_module_delete(m2);
  husk_engine_delete(e);
}

static void test_store_caps(void) {
  husk_engine *e = engine(false, false, 0);
  husk_store *s = husk_store_new(e, NULL);
  husk_store_limit_memory(s, 3 * 65536);
  husk_store_limit_instances(s, 2);
  husk_module *m = NULL;
  husk_func *grow = load(e, s,
    "(module (memory 1) (table 1 funcref)"
    " (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))"
    " (func (export \"tgrow\") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0))))",
    "grow", &m);
  REQUIRE(grow);
  husk_val arg = husk_val_i32(5), r;
  husk_trap *t = husk_func_call(s, grow, &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == -1);           /* refused growth is -1, not a trap */
  arg = husk_val_i32(2);
  t = husk_func_call(s, grow, &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == 1);            /* exactly up to the cap */
  /* A second instance needs a page the store no longer has. */
  husk_instance *inst = NULL;
  husk_error *err = husk_instance_new(s, m, NULL, 0, &inst, &t);
  CHECK(err && inst == NULL);
  husk_error_delete(err);
  husk_store_delete(s);

  s = husk_store_new(e, NULL);
  husk_store_limit_instances(s, 1);
  husk_store_limit_table_elements(s, 10);
  CHECK(husk_instance_new(s, m, NULL, 0, &inst, &t) == NULL && inst);
  husk_extern x;
  husk_instance_export(inst, "tgrow", &x);
  arg = husk_val_i32(100);
  t = husk_func_call(s, x.of.func, &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == -1);
  err = husk_instance_new(s, m, NULL, 0, &inst, &t);
  CHECK(err && strstr(husk_error_message(err), "at most 1 instances"));
  husk_error_delete(err);
  husk_store_delete(s);
  husk_module_delete(m);
  husk_engine_delete(e);
}

static void test_depth(void) {
  husk_engine *e = engine(false, false, 50);
  husk_store *s = husk_store_new(e, NULL);
  husk_module *m = NULL;
  husk_func *f = load(e, s,
    "(module (func $d (export \"depth\") (param i32) (result i32)"
    "  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))"
    "    (else (i32.add (i32.const 1) (call $d (i32.sub (local.get 0) (i32.const 1))))))))",
    "depth", &m);
  REQUIRE(f);
  husk_val arg = husk_val_i32(40), r;
  husk_trap *t = husk_func_call(s, f, &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == 40);
  arg = husk_val_i32(60);
  t = husk_func_call(s, f, &arg, 1, &r, 1);
  CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_STACK_EXHAUSTED);
  husk_trap_delete(t);
  arg = husk_val_i32(40);
  t = husk_func_call(s, f, &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == 40);
  husk_store_delete(s);
  husk_module_delete(m);
  husk_engine_delete(e);

  /* Absurd settings are configuration errors. */
  husk_config *c = husk_config_new();
  husk_config_max_stack_bytes(c, 10);
  husk_error *err = husk_engine_new(c, &e);
  CHECK(err && strstr(husk_error_message(err), "max_stack_bytes"));
  husk_error_delete(err);
  husk_config_delete(c);
}

int main(void) {
  test_fuel();
  test_interrupt();
  test_store_caps();
  test_depth();
  return test_report("limits");
}
