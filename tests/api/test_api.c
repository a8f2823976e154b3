/*
 * test_api.c - the embedding API as an embedder uses it: host functions,
 * re-entrancy, traps in and through host calls, many instances, limits,
 * link errors. Modules are written inline as WAT and assembled with wabt's
 * wat2wasm when the test runs.
 */
#include "../common/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "husk/husk.h"



/* ------------------------------------------------------------ host functions */

static int add_calls;

static husk_trap *host_add(husk_caller *caller, void *env, const husk_val *args, husk_val *results) {
  (void)caller;
  add_calls++;
  results[0] = husk_val_i64(args[0].of.i32 + args[1].of.i64 + *(int *)env);
  return NULL;
}

static void test_host_function(husk_engine *e) {
  husk_module *m = compile(e,
    "(module (import \"env\" \"add\" (func $add (param i32 i64) (result i64)))"
    " (func (export \"run\") (param i32) (result i64)"
    "   (call $add (local.get 0) (i64.const 100))))");
  if (!m) return;
  husk_store *s = husk_store_new(e, NULL);
  static int bias = 5;
  husk_valkind params[] = {HUSK_I32, HUSK_I64}, results[] = {HUSK_I64};
  husk_functype ft = {params, 2, results, 1};
  husk_func *add = husk_func_new(s, &ft, host_add, &bias, NULL);
  husk_extern imp = {.kind = HUSK_EXTERN_FUNC, .of.func = add};
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  husk_error *err = husk_instance_new(s, m, &imp, 1, &inst, &trap);
  CHECK(!err && !trap && inst);
  husk_val arg = husk_val_i32(7), res;
  trap = husk_func_call(s, export_func(inst, "run"), &arg, 1, &res, 1);
  CHECK(!trap);
  CHECK(res.kind == HUSK_I64 && res.of.i64 == 112);
  CHECK(add_calls == 1);
  /* A kind mismatch in a call from the host is a trap, not a crash. */
  husk_val bad = husk_val_f32(1.0f);
  trap = husk_func_call(s, export_func(inst, "run"), &bad, 1, &res, 1);
  CHECK(trap && husk_trap_code_of(trap) == HUSK_TRAP_HOST);
  husk_trap_delete(trap);
  husk_store_delete(s);
  husk_module_delete(m);
}

/* ------------------------------------------------------------ re-entrancy */

static husk_trap *host_reenter(husk_caller *caller, void *env, const husk_val *args, husk_val *results) {
  (void)env;
  husk_extern fx;
  if (!husk_caller_export(caller, "fib", &fx)) return husk_trap_new("no fib export");
  husk_val arg = husk_val_i32(args[0].of.i32 - 1), r;
  husk_trap *t = husk_func_call(husk_caller_store(caller), fx.of.func, &arg, 1, &r, 1);
  if (t) return t;
  results[0] = r;
  return NULL;
}

/* fib(n) = n < 2 ? n : host(n) + fib(n - 2), where host(n) calls fib(n - 1)
 * back through the API: Wasm and host frames interleave. */
static void test_reentrancy(husk_engine *e) {
  husk_module *m = compile(e,
    "(module (import \"env\" \"reenter\" (func $h (param i32) (result i32)))"
    " (memory (export \"memory\") 1)"
    " (func $fib (export \"fib\") (param i32) (result i32)"
    "   (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))"
    "     (then (local.get 0))"
    "     (else (i32.add (call $h (local.get 0)) (call $fib (i32.sub (local.get 0) (i32.const 2))))))))");
  if (!m) return;
  husk_store *s = husk_store_new(e, NULL);
  husk_valkind i32[] = {HUSK_I32};
  husk_functype ft = {i32, 1, i32, 1};
  husk_extern imp = {.kind = HUSK_EXTERN_FUNC, .of.func = husk_func_new(s, &ft, host_reenter, NULL, NULL)};
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  CHECK(!husk_instance_new(s, m, &imp, 1, &inst, &trap) && inst);
  husk_val arg = husk_val_i32(15), res;
  trap = husk_func_call(s, export_func(inst, "fib"), &arg, 1, &res, 1);
  CHECK(!trap);
  CHECK(res.of.i32 == 610);
  husk_trap_delete(trap);
  husk_store_delete(s);
  husk_module_delete(m);
}

/* ------------------------------------------------------------ traps */

static husk_trap *host_fail(husk_caller *caller, void *env, const husk_val *args, husk_val *results) {
  (void)caller; (void)env; (void)args; (void)results;
  return husk_trap_new("host says no");
}

static void test_traps(husk_engine *e) {
  husk_module *m = compile(e,
    "(module (import \"env\" \"fail\" (func $fail))"
    " (func $inner (call $fail))"
    " (func (export \"via_host\") (call $inner))"
    " (func $rec (export \"recurse\") (param i32) (result i32)"
    "   (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))"
    " (func (export \"div\") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))"
    " (func (export \"ok\") (result i32) (i32.const 42)))");
  if (!m) return;
  husk_store *s = husk_store_new(e, NULL);
  husk_functype ft = {NULL, 0, NULL, 0};
  husk_extern imp = {.kind = HUSK_EXTERN_FUNC, .of.func = husk_func_new(s, &ft, host_fail, NULL, NULL)};
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  CHECK(!husk_instance_new(s, m, &imp, 1, &inst, &trap) && inst);

  trap = husk_func_call(s, export_func(inst, "via_host"), NULL, 0, NULL, 0);
  CHECK(trap && husk_trap_code_of(trap) == HUSK_TRAP_HOST);
  CHECK(trap && strcmp(husk_trap_message(trap), "host says no") == 0);
  CHECK(trap && husk_trap_frame_count(trap) == 2);
  husk_trap_delete(trap);

  /* Deep recursion ends in a trap, never a host stack overflow... */
  husk_val arg = husk_val_i32(0), res;
  trap = husk_func_call(s, export_func(inst, "recurse"), &arg, 1, &res, 1);
  CHECK(trap && husk_trap_code_of(trap) == HUSK_TRAP_STACK_EXHAUSTED);
  CHECK(trap && strcmp(husk_trap_message(trap), "call stack exhausted") == 0);
  husk_trap_delete(trap);

  husk_val args[2] = {husk_val_i32(INT32_MIN), husk_val_i32(-1)};
  trap = husk_func_call(s, export_func(inst, "div"), args, 2, &res, 1);
  CHECK(trap && husk_trap_code_of(trap) == HUSK_TRAP_INT_OVERFLOW);
  husk_trap_delete(trap);
  args[1] = husk_val_i32(0);
  trap = husk_func_call(s, export_func(inst, "div"), args, 2, &res, 1);
  CHECK(trap && husk_trap_code_of(trap) == HUSK_TRAP_DIV_BY_ZERO);
  husk_trap_delete(trap);

  /* ...and the store stays usable after every trap. */
  trap = husk_func_call(s, export_func(inst, "ok"), NULL, 0, &res, 1);
  CHECK(!trap && res.of.i32 == 42);
  husk_store_delete(s);
  husk_module_delete(m);
}

/* ------------------------------------------------------------ instances */

static void test_many_instances(husk_engine *e) {
  husk_module *m = compile(e,
    "(module (memory (export \"memory\") 1 2)"
    " (global $g (export \"g\") (mut i32) (i32.const 0))"
    " (func (export \"bump\") (result i32)"
    "   (global.set $g (i32.add (global.get $g) (i32.const 1)))"
    "   (i32.store (i32.const 16) (global.get $g))"
    "   (global.get $g)))");
  if (!m) return;
  husk_store *s = husk_store_new(e, NULL);
  enum { N = 50 };
  husk_instance *insts[N];
  for (int i = 0; i < N; i++) {
    husk_trap *trap = NULL;
    CHECK(!husk_instance_new(s, m, NULL, 0, &insts[i], &trap) && insts[i]);
  }
  husk_val r;
  for (int i = 0; i < N; i++)
    for (int k = 0; k <= i % 3; k++) husk_trap_delete(husk_func_call(s, export_func(insts[i], "bump"), NULL, 0, &r, 1));
  for (int i = 0; i < N; i++) {
    husk_extern mem, g;
    CHECK(husk_instance_export(insts[i], "memory", &mem) && mem.kind == HUSK_EXTERN_MEMORY);
    CHECK(husk_instance_export(insts[i], "g", &g) && g.kind == HUSK_EXTERN_GLOBAL);
    int32_t v;
    memcpy(&v, husk_memory_data(mem.of.memory) + 16, 4);
    CHECK(v == i % 3 + 1);
    CHECK(husk_global_get(g.of.global).of.i32 == i % 3 + 1);
  }
  /* Growing past the declared maximum fails without disturbing the memory. */
  husk_extern mem;
  husk_instance_export(insts[0], "memory", &mem);
  CHECK(husk_memory_grow(mem.of.memory, 1) == 1);
  CHECK(husk_memory_grow(mem.of.memory, 1) == -1);
  CHECK(husk_memory_size_pages(mem.of.memory) == 2);
  husk_store_delete(s);
  husk_module_delete(m);
}

/* ------------------------------------------------------------ fused compares */



/* The ten compares, in the op lists' order. */
static const char *const compare_ops[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};

/* The translator fuses a compare with the `if` or `br_if` that consumes it,
 * negating it for `if`. Every compare, signed and unsigned, both forms,
 * against C on edge values. */
static void test_fused_compares(husk_engine *e) {
  const char *const *ops = compare_ops;
  char wat[8192];
  int len = snprintf(wat, sizeof wat, "(module");
  for (int w = 0; w < 2; w++) {
    const char *t = w ? "i64" : "i32";
    for (int k = 0; k < 10; k++) {
      len += snprintf(wat + len, sizeof wat - len,
        " (func (export \"if_%s_%s\") (param %s %s) (result i32)"
        "   (if (result i32) (%s.%s (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))"
        " (func (export \"br_%s_%s\") (param %s %s) (result i32)"
        "   (block (br_if 0 (%s.%s (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))",
        t, ops[k], t, t, t, ops[k], t, ops[k], t, t, t, ops[k]);
    }
  }
  snprintf(wat + len, sizeof wat - len, ")");
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  static const int64_t vals[] = {0, 1, -1, 2, INT32_MIN, INT32_MAX, INT64_MIN, INT64_MAX};
  for (int w = 0; w < 2; w++) {
    for (int k = 0; k < 10; k++) {
      for (size_t i = 0; i < 8; i++) {
        for (size_t j = 0; j < 8; j++) {
          int64_t a = vals[i], b = vals[j];
          if (!w) { a = (int32_t)a; b = (int32_t)b; }
          uint64_t ua = w ? (uint64_t)a : (uint32_t)a, ub = w ? (uint64_t)b : (uint32_t)b;
          int want[] = {a == b, a != b, a < b, ua < ub, a > b, ua > ub, a <= b, ua <= ub, a >= b, ua >= ub};
          husk_val args[2] = {w ? husk_val_i64(a) : husk_val_i32((int32_t)a), w ? husk_val_i64(b) : husk_val_i32((int32_t)b)};
          for (int form = 0; form < 2; form++) {
            char name[32];
            snprintf(name, sizeof name, "%s_%s_%s", form ? "br" : "if", w ? "i64" : "i32", ops[k]);
            husk_val r;
            husk_trap *t = husk_func_call(s, export_func(inst, name), args, 2, &r, 1);
            if (t || r.of.i32 != want[k]) {
              fprintf(stderr, "%s(%lld, %lld) = %d, want %d\n", name, (long long)a, (long long)b, r.of.i32, want[k]);
              failures++;
            }
            husk_trap_delete(t);
          }
        }
      }
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* ------------------------------------------------------------ counter steps */

/* `x = x + k` (or `- k`) right before a compare of x with an immediate and
 * a br_if or if is fused into one add_br instruction. Every compare, both
 * branch forms, steps that wrap around, against C. */
static void test_fused_steps(husk_engine *e) {
  const char *const *ops = compare_ops;
  char wat[16384];
  int len = snprintf(wat, sizeof wat, "(module");
  for (int k = 0; k < 10; k++) {
    len += snprintf(wat + len, sizeof wat - len,
      " (func (export \"br_%s\") (param i32) (result i32)"
      "   (block (local.set 0 (i32.add (local.get 0) (i32.const 5)))"
      "     (br_if 0 (i32.%s (local.get 0) (i32.const 100)))"
      "     (return (i32.add (local.get 0) (i32.const 1000))))"
      "   (local.get 0))"
      " (func (export \"if_%s\") (param i32) (result i32)"
      "   (if (result i32) (i32.%s (local.tee 0 (i32.sub (local.get 0) (i32.const 5))) (i32.const -100))"
      "     (then (local.get 0)) (else (i32.add (local.get 0) (i32.const 1000)))))",
      ops[k], ops[k], ops[k], ops[k]);
  }
  snprintf(wat + len, sizeof wat - len, ")");
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  static const int32_t vals[] = {0, -1, 94, 95, 96, -96, -95, -94, INT32_MIN, INT32_MAX, INT32_MIN + 4, INT32_MAX - 4};
  for (int k = 0; k < 10; k++) {
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
      for (int form = 0; form < 2; form++) {
        uint32_t x = form ? (uint32_t)vals[i] - 5u : (uint32_t)vals[i] + 5u;
        uint32_t c = form ? (uint32_t)-100 : 100u;
        int32_t sx = (int32_t)x, sc = (int32_t)c;
        bool taken[] = {x == c, x != c, sx < sc, x < c, sx > sc, x > c, sx <= sc, x <= c, sx >= sc, x >= c};
        int32_t want = (int32_t)(taken[k] ? x : x + 1000u);
        char name[16];
        snprintf(name, sizeof name, "%s_%s", form ? "if" : "br", ops[k]);
        husk_val arg = husk_val_i32(vals[i]), r;
        husk_trap *t = husk_func_call(s, export_func(inst, name), &arg, 1, &r, 1);
        if (t || r.of.i32 != want) {
          fprintf(stderr, "%s(%d) = %d, want %d\n", name, vals[i], r.of.i32, want);
          failures++;
        }
        husk_trap_delete(t);
      }
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}



/* ------------------------------------------------------------ scaled loads */

/* array[i] addressing, `load (i32.add (i32.shl i k) base)` and the forms
 * with i32.mul, an immediate base and the operands swapped, is one fused
 * load. Against C on indexes that wrap around 32 bits and that land out of
 * bounds, on both kinds of engine. */
static const struct {
  const char *name, *load, *addr;
  int size;
  uint32_t scale, base;   /* UINT32_MAX: the second parameter; UINT32_MAX - 1: -1 */
} scaled_loads[] = {
  {"shl_slot", "i32.load offset=4", "(i32.add (local.get 1) (i32.shl (local.get 0) (i32.const 2)))", 4, 4, UINT32_MAX},
  {"slot_shl", "i64.load", "(i32.add (i32.shl (local.get 0) (i32.const 3)) (local.get 1))", 8, 8, UINT32_MAX},
  {"mul_imm", "i32.load offset=4", "(i32.add (i32.mul (local.get 0) (i32.const 12)) (i32.const 100))", 4, 12, 100},
  {"shl_subimm", "i32.load8_u", "(i32.sub (i32.shl (local.get 0) (i32.const 33)) (i32.const 1))", 1, 2, UINT32_MAX - 1},
  {"mul_slot", "i64.load offset=16", "(i32.add (local.get 1) (i32.mul (local.get 0) (i32.const -8)))", 8, (uint32_t)-8, UINT32_MAX},
};
#define SCALED_LOAD_COUNT (sizeof scaled_loads / sizeof scaled_loads[0])

static void test_scaled_loads_on(husk_engine *e) {
  char funcs[8192];
  int len = 0;
  for (size_t k = 0; k < SCALED_LOAD_COUNT; k++)
    len += snprintf(funcs + len, sizeof funcs - len,
      " (func (export \"%s\") (param i32 i32) (result i64) (%s (%s %s)))", scaled_loads[k].name,
      scaled_loads[k].size == 8 ? "block (result i64)" : "i64.extend_i32_u", scaled_loads[k].load,
      scaled_loads[k].addr);
  husk_module *m;
  husk_store *s;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, funcs, &m, &s, &inst);
  if (!data) goto done;
  for (uint32_t i = 0; i < 65536; i++) data[i] = (uint8_t)(i * 7 + (i >> 8));
  static const uint32_t indexes[] = {0, 1, 5, 1000, 8190, 8191, 16383, 0x40000000u, 0x80000001u, 0xffffffffu};
  static const uint32_t bases[] = {0, 64, 65500, 0xfffffff8u};
  for (size_t k = 0; k < SCALED_LOAD_COUNT; k++) {
    uint32_t offset = strstr(scaled_loads[k].load, "offset=16") ? 16 : strstr(scaled_loads[k].load, "offset=4") ? 4 : 0;
    for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; i++) {
      for (size_t j = 0; j < sizeof bases / sizeof bases[0]; j++) {
        uint32_t base = scaled_loads[k].base == UINT32_MAX ? bases[j]
                      : scaled_loads[k].base == UINT32_MAX - 1 ? (uint32_t)-1 : scaled_loads[k].base;
        uint64_t ea = (uint64_t)(uint32_t)(indexes[i] * scaled_loads[k].scale + base) + offset;
        bool oob = ea + (uint64_t)scaled_loads[k].size > 65536;
        uint64_t want = 0;
        if (!oob) memcpy(&want, data + ea, (size_t)scaled_loads[k].size);
        husk_val args[2] = {husk_val_i32((int32_t)indexes[i]), husk_val_i32((int32_t)bases[j])}, r;
        husk_trap *t = husk_func_call(s, export_func(inst, scaled_loads[k].name), args, 2, &r, 1);
        bool ok = oob ? t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB : !t && (uint64_t)r.of.i64 == want;
        if (!ok) {
          fprintf(stderr, "%s(%#x, %#x): %s, want %s %#llx\n", scaled_loads[k].name, indexes[i], bases[j],
                  t ? husk_trap_message(t) : "returned", oob ? "a trap" : "", (unsigned long long)want);
          failures++;
        }
        husk_trap_delete(t);
      }
    }
  }
done:
  husk_store_delete(s);
  husk_module_delete(m);
}


/* Whether every op named (NULL-terminated) appears in the listing. */
static bool listing_shows(const husk_module *m, ...) {
  char *listing = bytecode_listing(m);
  bool all = listing != NULL;
  va_list ap;
  va_start(ap, m);
  for (const char *op; all && (op = va_arg(ap, const char *)) != NULL;) all = strstr(listing, op) != NULL;
  va_end(ap);
  free(listing);
  return all;
}



/* The i32 loads of 8 and 16 bits take their address's add in like the
 * wider ones (load{8_s,16_u,16_s}_{add,addi,sadd,saddi}) and extend as the
 * plain load does. Against C, with negative values, sums that wrap around
 * 32 bits and addresses out of bounds, on both kinds of engine. */
static const struct { const char *wasm, *op; int size; bool sign; } narrow_loads[] = {
  {"i32.load8_s", "load8_s", 1, true}, {"i32.load16_u", "load16_u", 2, false},
  {"i32.load16_s", "load16_s", 2, true},
};
static const struct { const char *form, *addr; uint32_t scale, imm; } narrow_addresses[] = {
  /* imm UINT32_MAX: the second parameter */
  {"add", "(i32.add (local.get 0) (local.get 1))", 1, UINT32_MAX},
  {"addi", "(i32.add (local.get 0) (i32.const -3))", 1, (uint32_t)-3},
  {"sadd", "(i32.add (i32.shl (local.get 0) (i32.const 1)) (local.get 1))", 2, UINT32_MAX},
  {"saddi", "(i32.add (i32.mul (local.get 0) (i32.const 6)) (i32.const 100))", 6, 100},
};
enum { NARROW_LOADS = 3, NARROW_ADDRESSES = 4 };

static void test_narrow_loads_on(husk_engine *e) {
  char funcs[8192];
  int len = 0;
  for (int l = 0; l < NARROW_LOADS; l++)
    for (int a = 0; a < NARROW_ADDRESSES; a++)
      len += snprintf(funcs + len, sizeof funcs - len,
                      " (func (export \"%s_%s\") (param i32 i32) (result i32) (%s offset=2 %s))",
                      narrow_loads[l].op, narrow_addresses[a].form, narrow_loads[l].wasm,
                      narrow_addresses[a].addr);
  husk_module *m;
  husk_store *s;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, funcs, &m, &s, &inst);
  char *listing = data ? bytecode_listing(m) : NULL;
  if (!listing) goto done;
  for (uint32_t i = 0; i < 65536; i++) data[i] = (uint8_t)(i * 37 + 0x80 + (i >> 8));
  static const uint32_t xs[] = {0, 1, 7, 32767, 65533, 65534, 0x80000000u, 0xfffffffeu};
  static const uint32_t ys[] = {0, 3, 65530, 0xfffffffdu};
  for (int l = 0; l < NARROW_LOADS; l++) {
    for (int a = 0; a < NARROW_ADDRESSES; a++) {
      char name[32];
      snprintf(name, sizeof name, "%s_%s", narrow_loads[l].op, narrow_addresses[a].form);
      CHECK(listing_has_access(listing, name), "%s is one instruction", name);
      for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        for (size_t j = 0; j < sizeof ys / sizeof ys[0]; j++) {
          uint32_t y = narrow_addresses[a].imm == UINT32_MAX ? ys[j] : narrow_addresses[a].imm;
          uint64_t ea = (uint64_t)(uint32_t)(xs[i] * narrow_addresses[a].scale + y) + 2;
          bool oob = ea + (uint64_t)narrow_loads[l].size > 65536;
          int32_t want = 0;
          if (!oob && narrow_loads[l].size == 1)
            want = narrow_loads[l].sign ? (int8_t)data[ea] : data[ea];
          if (!oob && narrow_loads[l].size == 2) {
            uint16_t v = (uint16_t)(data[ea] | data[ea + 1] << 8);
            want = narrow_loads[l].sign ? (int16_t)v : v;
          }
          husk_val args[2] = {husk_val_i32((int32_t)xs[i]), husk_val_i32((int32_t)ys[j])}, r;
          husk_trap *t = husk_func_call(s, export_func(inst, name), args, 2, &r, 1);
          bool ok = oob ? t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB : !t && r.of.i32 == want;
          CHECK(ok, "%s(%#x, %#x): %s %d, want %s %d", name, xs[i], ys[j], t ? husk_trap_message(t) : "returned",
                t ? 0 : r.of.i32, oob ? "a trap" : "", want);
          husk_trap_delete(t);
        }
      }
    }
  }
done:
  free(listing);
  husk_store_delete(s);
  husk_module_delete(m);
}

/* ------------------------------------------------------------ fused stores */

/* A store whose address is the i32.add just computed takes the add in
 * (store{8,32,64}_add[i]). Each form, against the address computed in C,
 * including sums that wrap 32 bits and ones out of bounds. */
static const struct fused_store {
  const char *name, *store, *value_type, *addr, *op; /* op: the form it must become */
  unsigned size;
  uint32_t imm, offset;      /* addr = x + (imm ? imm : y), then + offset */
} fused_stores[] = {
  {"s8_add", "i64.store8", "i64", "(i32.add (local.get 0) (local.get 1))", "store8_add", 1, 0, 0},
  {"s32_add", "i32.store offset=4", "i32", "(i32.add (local.get 0) (local.get 1))", "store32_add", 4, 0, 4},
  {"s64_add", "i64.store offset=8", "i64", "(i32.add (local.get 0) (local.get 1))", "store64_add", 8, 0, 8},
  {"s8_addi", "i64.store8 offset=3", "i64", "(i32.add (local.get 0) (i32.const 100))", "store8_addi", 1, 100, 3},
  {"s32_addi", "i32.store", "i32", "(i32.add (local.get 0) (i32.const 64))", "store32_addi", 4, 64, 0},
  {"s64_subi", "i64.store", "i64", "(i32.sub (local.get 0) (i32.const 8))", "store64_addi", 8, (uint32_t)-8, 0},
};
#define FUSED_STORE_COUNT (sizeof fused_stores / sizeof fused_stores[0])

static void test_fused_stores_on(husk_engine *e) {
  char wat[4096];
  int len = snprintf(wat, sizeof wat, "(module (memory (export \"mem\") 1)");
  for (size_t k = 0; k < FUSED_STORE_COUNT; k++)
    len += snprintf(wat + len, sizeof wat - len,
      " (func (export \"%s\") (param i32 i32 %s) (%s %s (local.get 2)))", fused_stores[k].name,
      fused_stores[k].value_type, fused_stores[k].store, fused_stores[k].addr);
  snprintf(wat + len, sizeof wat - len, ")");
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  uint8_t *data = exported_memory(inst);
  char *listing = bytecode_listing(m);
  for (size_t k = 0; k < FUSED_STORE_COUNT; k++) {
    char op[40], checked[40];
    snprintf(op, sizeof op, " %s ", fused_stores[k].op);
    snprintf(checked, sizeof checked, " %s_checked ", fused_stores[k].op);
    CHECK(listing && (strstr(listing, op) || strstr(listing, checked)));
  }
  free(listing);
  static const uint32_t xs[] = {0, 8, 100, 65400, 65535, 0xfffffff0u, 0xffffffffu};
  static const uint32_t ys[] = {0, 7, 65528, 0x80000000u, 0xfffffff9u};
  const uint64_t value = 0x8877665544332211ull;
  for (size_t k = 0; data && k < FUSED_STORE_COUNT; k++) {
    const struct fused_store *f = &fused_stores[k];
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
      for (size_t j = 0; j < sizeof ys / sizeof ys[0]; j++) {
        uint64_t ea = (uint64_t)(uint32_t)(xs[i] + (f->imm ? f->imm : ys[j])) + f->offset;
        bool oob = ea + f->size > 65536;
        memset(data, 0, 65536);
        bool i32 = !strcmp(f->value_type, "i32");
        husk_val args[3] = {husk_val_i32((int32_t)xs[i]), husk_val_i32((int32_t)ys[j]),
                            i32 ? husk_val_i32((int32_t)value) : husk_val_i64((int64_t)value)};
        husk_trap *t = husk_func_call(s, export_func(inst, f->name), args, 3, NULL, 0);
        bool ok = oob ? t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB
                      : !t && memcmp(data + ea, &value, f->size) == 0;
        if (!ok) {
          fprintf(stderr, "%s(%#x, %#x): %s, want %s at %#llx\n", f->name, xs[i], ys[j],
                  t ? husk_trap_message(t) : "returned", oob ? "a trap" : "the value",
                  (unsigned long long)ea);
          failures++;
        }
        husk_trap_delete(t);
      }
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* An i32.store of x + imm just computed is one instruction (store32_vaddi):
 * the sum wraps; out of bounds it traps and writes nothing; a sum also kept
 * in a local stays a separate add. */
static void test_value_stores_on(husk_engine *e) {
  static const struct { const char *name, *value; int32_t imm; } forms[] = {
    {"add", "(i32.add (local.get 1) (i32.const 7))", 7},
    {"sub", "(i32.sub (local.get 1) (i32.const 9))", -9},
    {"kept", "(local.tee 2 (i32.add (local.get 1) (i32.const 5)))", 5},
  };
  enum { FORMS = sizeof forms / sizeof forms[0] };
  char wat[2048];
  int len = snprintf(wat, sizeof wat, "(module (memory (export \"mem\") 1)");
  for (size_t k = 0; k < FORMS; k++)
    len += snprintf(wat + len, sizeof wat - len,
      " (func (export \"%s\") (param i32 i32) (local i32) (i32.store offset=4 (local.get 0) %s))",
      forms[k].name, forms[k].value);
  snprintf(wat + len, sizeof wat - len, ")");
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  uint8_t *data = exported_memory(inst);
  CHECK(listing_shows(m, "store32_vaddi", NULL), "*p = x + 1 is one instruction");
  static const uint32_t addrs[] = {0, 100, 65528, 65529, 0xfffffffcu};
  static const uint32_t xs[] = {0, 1, 0x7fffffffu, 0xfffffffbu};
  for (size_t k = 0; data && k < FORMS; k++) {
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
      for (size_t j = 0; j < sizeof xs / sizeof xs[0]; j++) {
        uint64_t ea = (uint64_t)addrs[i] + 4;
        bool oob = ea + 4 > 65536;
        memset(data + 65536 - 16, 0x5a, 16);
        husk_val args[2] = {husk_val_i32((int32_t)addrs[i]), husk_val_i32((int32_t)xs[j])};
        husk_trap *t = husk_func_call(s, export_func(inst, forms[k].name), args, 2, NULL, 0);
        uint32_t want = xs[j] + (uint32_t)forms[k].imm, got = 0;
        if (!oob) memcpy(&got, data + ea, 4);
        bool untouched = true;
        for (int b = 0; oob && b < 16; b++) untouched = untouched && data[65536 - 16 + b] == 0x5a;
        bool ok = oob ? t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB && untouched : !t && got == want;
        CHECK(ok, "%s(%#x, %#x): %s, stored %#x, want %s %#x", forms[k].name, addrs[i], xs[j],
              t ? husk_trap_message(t) : "returned", got, oob ? "a trap" : "", want);
        husk_trap_delete(t);
      }
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* ------------------------------------------------------------ fused loads */

/* The translator fuses a load32/load64 with the binary operator consuming
 * it as its right operand (ops.h: HUSK_LOAD_OPERAND_OPS). Each such
 * operator, with a local, a constant and a computed left operand, checked
 * against C on values read from memory, and out of bounds; on an engine
 * with guard pages and on one with checked accesses. */
static const struct { const char *name, *type; } load_ops[] = {
  {"add", "i32"}, {"sub", "i32"}, {"mul", "i32"}, {"and", "i32"}, {"or", "i32"}, {"xor", "i32"},
  {"add", "i64"}, {"sub", "i64"}, {"mul", "i64"}, {"and", "i64"}, {"or", "i64"}, {"xor", "i64"},
  {"add", "f32"}, {"sub", "f32"}, {"mul", "f32"}, {"div", "f32"},
  {"add", "f64"}, {"sub", "f64"}, {"mul", "f64"}, {"div", "f64"},
};
#define LOAD_OP_COUNT (sizeof load_ops / sizeof load_ops[0])

/* C's answer for load_ops[k] on a and b, as bits. */
static uint64_t load_op_expect(size_t k, uint64_t a, uint64_t b) {
  const char *n = load_ops[k].name, *t = load_ops[k].type;
  if (t[0] == 'i') {
    uint64_t r = !strcmp(n, "add") ? a + b : !strcmp(n, "sub") ? a - b : !strcmp(n, "mul") ? a * b
               : !strcmp(n, "and") ? (a & b) : !strcmp(n, "or") ? (a | b) : (a ^ b);
    return t[1] == '3' ? (uint32_t)r : r;
  }
  if (t[1] == '3') {
    float x, y, r; uint32_t xa = (uint32_t)a, yb = (uint32_t)b, out;
    memcpy(&x, &xa, 4); memcpy(&y, &yb, 4);
    r = !strcmp(n, "add") ? x + y : !strcmp(n, "sub") ? x - y : !strcmp(n, "mul") ? x * y : x / y;
    memcpy(&out, &r, 4);
    return out;
  }
  double x, y, r; uint64_t out;
  memcpy(&x, &a, 8); memcpy(&y, &b, 8);
  r = !strcmp(n, "add") ? x + y : !strcmp(n, "sub") ? x - y : !strcmp(n, "mul") ? x * y : x / y;
  memcpy(&out, &r, 8);
  return out;
}

static husk_val load_op_val(const char *type, uint64_t bits) {
  husk_val v = {0};
  if (!strcmp(type, "i32")) v = husk_val_i32((int32_t)bits);
  else if (!strcmp(type, "i64")) v = husk_val_i64((int64_t)bits);
  else if (!strcmp(type, "f32")) { v.kind = HUSK_F32; v.of.f32_bits = (uint32_t)bits; }
  else { v.kind = HUSK_F64; v.of.f64_bits = bits; }
  return v;
}

static uint64_t load_op_bits(const husk_val *v) {
  switch (v->kind) {
  case HUSK_I32: return (uint32_t)v->of.i32;
  case HUSK_I64: return (uint64_t)v->of.i64;
  case HUSK_F32: return v->of.f32_bits;
  case HUSK_F64: return v->of.f64_bits;
  default: return 0;
  }
}

static void test_fused_loads_on(husk_engine *e) {
  char wat[16384];
  int len = snprintf(wat, sizeof wat, "(module (memory (export \"mem\") 1)");
  for (size_t k = 0; k < LOAD_OP_COUNT; k++) {
    const char *t = load_ops[k].type, *n = load_ops[k].name;
    /* local left operand; constant left operand (3 as bits of the type's
     * integer, or 3.0); computed left operand (the local times one). */
    const char *one = t[0] == 'i' ? "const 1" : "const 1.0";
    len += snprintf(wat + len, sizeof wat - len,
      " (func (export \"%s_%s_local\") (param %s i32) (result %s)"
      "   (%s.%s (local.get 0) (%s.load offset=8 (local.get 1))))"
      " (func (export \"%s_%s_const\") (param %s i32) (result %s)"
      "   (%s.%s (%s.const 3) (%s.load offset=8 (local.get 1))))"
      " (func (export \"%s_%s_temp\") (param %s i32) (result %s)"
      "   (%s.%s (%s.mul (local.get 0) (%s.%s)) (%s.load offset=8 (local.get 1))))",
      t, n, t, t, t, n, t,
      t, n, t, t, t, n, t, t,
      t, n, t, t, t, n, t, t, one, t);
  }
  snprintf(wat + len, sizeof wat - len, ")");
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  uint8_t *data = exported_memory(inst);
  if (!data) return;
  static const uint64_t vals[] = {0, 1, 0xffffffffffffffffull, 0x8000000080000000ull,
                                  0x7fffffff7fffffffull, 0x3ff0000040400000ull, 0x7ff8000000000001ull};
  for (size_t k = 0; k < LOAD_OP_COUNT; k++) {
    const char *t = load_ops[k].type;
    bool wide = t[1] == '6';
    for (size_t i = 0; i < 7; i++) {
      for (size_t j = 0; j < 7; j++) {
        uint64_t a = wide ? vals[i] : (uint32_t)vals[i], b = wide ? vals[j] : (uint32_t)vals[j];
        uint32_t addr = 1000 + (uint32_t)j;      /* unaligned too */
        memcpy(data + addr + 8, &b, wide ? 8 : 4);
        static const char *const forms[] = {"local", "const", "temp"};
        for (int f = 0; f < 3; f++) {
          uint64_t left = a;
          if (f == 1) {
            double three = 3.0; float three_f = 3.0f; uint32_t bits32;
            if (t[0] == 'i') left = 3;
            else if (wide) memcpy(&left, &three, 8);
            else { memcpy(&bits32, &three_f, 4); left = bits32; }
          }
          char name[32];
          snprintf(name, sizeof name, "%s_%s_%s", t, load_ops[k].name, forms[f]);
          husk_val args[2] = {load_op_val(t, a), husk_val_i32((int32_t)addr)}, r;
          husk_trap *tr = husk_func_call(s, export_func(inst, name), args, 2, &r, 1);
          uint64_t want = load_op_expect(k, left, b), got = tr ? 0 : load_op_bits(&r);
          /* x * 1.0 keeps a NaN but may quiet it: compare NaNs as NaNs. */
          bool nan_ok = f == 2 && t[0] == 'f' && want != got && load_op_expect(k, left, b) != 0 &&
                        ((wide && ((got >> 52) & 0x7ff) == 0x7ff) || (!wide && ((got >> 23) & 0xff) == 0xff));
          if (tr || (got != want && !nan_ok)) {
            fprintf(stderr, "%s(%#llx, [%u]=%#llx) = %#llx, want %#llx\n", name, (unsigned long long)a,
                    addr, (unsigned long long)b, (unsigned long long)got, (unsigned long long)want);
            failures++;
          }
          husk_trap_delete(tr);
          /* Out of bounds: the fused load traps like the plain one. */
          args[1] = husk_val_i32(65536 - 8 - (wide ? 7 : 3));
          tr = husk_func_call(s, export_func(inst, name), args, 2, &r, 1);
          CHECK(tr && husk_trap_code_of(tr) == HUSK_TRAP_MEMORY_OOB, "%s out of bounds", name);
          husk_trap_delete(tr);
        }
      }
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* A store of the value a load just read, at the same width, is one copy
 * from memory to memory (move8..move64), taking in an add of an immediate
 * to either address. Each form against C: the bytes copied unchanged (a
 * signalling NaN's payload too), sums that wrap around 32 bits, overlapping
 * addresses, and out-of-bounds reads and writes that trap and write
 * nothing. Stores of another width, or of a value also kept in a local,
 * stay separate. */
static const struct {
  const char *name, *body, *op;
  int width;
  uint32_t to_imm, from_imm, to_offset, from_offset;
} moves[] = {
  {"m8", "(i32.store8 offset=1 (local.get 0) (i32.load8_u offset=2 (local.get 1)))", "move8", 1, 0, 0, 1, 2},
  {"m8_s64", "(i64.store8 (local.get 0) (i64.load8_s (local.get 1)))", "move8", 1, 0, 0, 0, 0},
  {"m16", "(i32.store16 (local.get 0) (i32.load16_s offset=6 (local.get 1)))", "move16", 2, 0, 0, 0, 6},
  {"m32_f", "(f32.store (local.get 0) (f32.load (local.get 1)))", "move32", 4, 0, 0, 0, 0},
  {"m32_64", "(i64.store32 offset=3 (local.get 0) (i64.load32_u (local.get 1)))", "move32", 4, 0, 0, 3, 0},
  {"m64_f", "(f64.store (local.get 0) (f64.load offset=16 (local.get 1)))", "move64", 8, 0, 0, 0, 16},
  {"m8_addi", "(i32.store8 (i32.add (local.get 0) (i32.const 3)) (i32.load8_u (i32.add (local.get 1) (i32.const 5))))",
   "move8", 1, 3, 5, 0, 0},
  {"m64_subi", "(i64.store offset=8 (i32.sub (local.get 0) (i32.const 8)) (i64.load offset=4 (i32.add (local.get 1) (i32.const -4))))",
   "move64", 8, (uint32_t)-8, (uint32_t)-4, 8, 4},
  {"m32_addi", "(i32.store (i32.add (local.get 0) (i32.const 12)) (i32.load offset=1 (local.get 1)))", "move32", 4, 12, 0, 0, 1},
  {"narrower", "(i32.store8 (local.get 0) (i32.load16_u (local.get 1)))", NULL, 1, 0, 0, 0, 0},
  {"kept", "(i32.store (local.get 0) (local.tee 2 (i32.load (local.get 1))))", NULL, 4, 0, 0, 0, 0},
};
enum { MOVES = sizeof moves / sizeof moves[0] };

static void test_moves_on(husk_engine *e) {
  char funcs[8192];
  int len = 0;
  for (int k = 0; k < MOVES; k++)
    len += snprintf(funcs + len, sizeof funcs - len, " (func (export \"%s\") (param i32 i32) (local i32) %s)",
                    moves[k].name, moves[k].body);
  husk_module *m;
  husk_store *s;
  husk_instance *inst;
  uint8_t *data = instantiate_with_memory(e, funcs, &m, &s, &inst);
  char *listing = data ? bytecode_listing(m) : NULL;
  static uint8_t want[65536];
  if (!listing) goto done;
  static const uint32_t tos[] = {0, 100, 101, 65528, 65535, 0xfffffffdu, 0x80000000u};
  static const uint32_t froms[] = {0, 100, 1000, 65520, 65535, 0xfffffffbu};
  for (int k = 0; k < MOVES; k++) {
    if (moves[k].op) CHECK(listing_has_access(listing, moves[k].op), "%s is one instruction", moves[k].name);
    for (size_t i = 0; i < sizeof tos / sizeof tos[0]; i++) {
      for (size_t j = 0; j < sizeof froms / sizeof froms[0]; j++) {
        for (uint32_t b = 0; b < 65536; b++) data[b] = (uint8_t)(b * 13 + (b >> 7) + 1);
        /* a signalling NaN, f32 and f64, where the float forms read */
        memcpy(data + 1000, &(uint32_t){0x7fa00001u}, 4);
        memcpy(data + 1016, &(uint64_t){0x7ff4000000000001ull}, 8);
        memcpy(want, data, sizeof want);
        uint64_t from = (uint64_t)(uint32_t)(froms[j] + moves[k].from_imm) + moves[k].from_offset;
        uint64_t to = (uint64_t)(uint32_t)(tos[i] + moves[k].to_imm) + moves[k].to_offset;
        /* the load's width: 2 for "narrower", whose store keeps one byte */
        uint64_t read = moves[k].op ? (uint64_t)moves[k].width : 2;
        bool oob = from + read > 65536 || to + (uint64_t)moves[k].width > 65536;
        if (!oob) memmove(want + to, data + from, (size_t)moves[k].width);
        husk_val args[2] = {husk_val_i32((int32_t)tos[i]), husk_val_i32((int32_t)froms[j])};
        husk_trap *t = husk_func_call(s, export_func(inst, moves[k].name), args, 2, NULL, 0);
        bool ok = oob ? t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB : !t;
        CHECK(ok && !memcmp(data, want, sizeof want), "%s(%#x, %#x): %s, want %s", moves[k].name, tos[i],
              froms[j], t ? husk_trap_message(t) : "returned", oob ? "a trap, memory unchanged" : "the copy");
        husk_trap_delete(t);
      }
    }
  }
done:
  free(listing);
  husk_store_delete(s);
  husk_module_delete(m);
}

/* A store of an operator's result back to where its loaded operand came
 * from becomes one read-modify-write (x[i] op= y: the _rmw forms). Each
 * operator of load_ops, against C; out of bounds it traps and writes
 * nothing. Then stores that must not fuse: to another offset, at another
 * width, and through an address the operator's result overwrote. */
static void test_rmw_on(husk_engine *e) {
  char wat[16384];
  int len = snprintf(wat, sizeof wat, "(module (memory (export \"mem\") 1)");
  for (size_t k = 0; k < LOAD_OP_COUNT; k++) {
    const char *t = load_ops[k].type, *n = load_ops[k].name;
    len += snprintf(wat + len, sizeof wat - len,
      " (func (export \"%s_%s\") (param %s i32)"
      "   (%s.store offset=8 (local.get 1) (%s.%s (local.get 0) (%s.load offset=8 (local.get 1)))))",
      t, n, t, t, t, n, t);
  }
  snprintf(wat + len, sizeof wat - len,
    " (func (export \"other_offset\") (param i32 i32)"
    "   (i32.store offset=12 (local.get 1) (i32.add (local.get 0) (i32.load offset=8 (local.get 1)))))"
    " (func (export \"narrower\") (param i64 i32)"
    "   (i64.store32 offset=8 (local.get 1) (i64.add (local.get 0) (i64.load offset=8 (local.get 1)))))"
    " (func (export \"moved_address\") (param i32 i32)"
    "   (i32.store offset=8 (local.get 1)"
    "     (local.tee 1 (i32.add (local.get 0) (i32.load offset=8 (local.get 1))))))"
    ")");
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  uint8_t *data = exported_memory(inst);
  CHECK(listing_shows(m, "f64_add_rmw", NULL), "x[i] += y is one instruction");
  static const uint64_t vals[] = {0, 1, 0xffffffffffffffffull, 0x8000000080000000ull,
                                  0x3ff0000040400000ull, 0x7ff8000000000001ull};
  enum { VALS = sizeof vals / sizeof vals[0] };
  for (size_t k = 0; data && k < LOAD_OP_COUNT; k++) {
    const char *t = load_ops[k].type;
    size_t size = t[1] == '6' ? 8 : 4;
    char name[16];
    snprintf(name, sizeof name, "%s_%s", t, load_ops[k].name);
    for (size_t i = 0; i < VALS; i++) {
      for (size_t j = 0; j < VALS; j++) {
        uint64_t a = size == 8 ? vals[i] : (uint32_t)vals[i], b = size == 8 ? vals[j] : (uint32_t)vals[j];
        uint32_t addr = 2000 + (uint32_t)j;      /* unaligned too */
        memcpy(data + addr + 8, &b, size);
        husk_val args[2] = {load_op_val(t, a), husk_val_i32((int32_t)addr)};
        husk_trap *tr = husk_func_call(s, export_func(inst, name), args, 2, NULL, 0);
        uint64_t want = load_op_expect(k, a, b), got = 0;
        memcpy(&got, data + addr + 8, size);
        if (tr || got != want) {
          fprintf(stderr, "%s(%#llx, [%u]=%#llx) stored %#llx, want %#llx\n", name, (unsigned long long)a,
                  addr, (unsigned long long)b, (unsigned long long)got, (unsigned long long)want);
          failures++;
        }
        husk_trap_delete(tr);
      }
    }
    /* Straddling the end: traps, and the bytes inside stay as they were. */
    memset(data + 65536 - 8, 0x5a, 8);
    husk_val args[2] = {load_op_val(t, 1), husk_val_i32((int32_t)(65536 - 8 - size + 1))};
    husk_trap *tr = husk_func_call(s, export_func(inst, name), args, 2, NULL, 0);
    CHECK(tr && husk_trap_code_of(tr) == HUSK_TRAP_MEMORY_OOB, "%s out of bounds", name);
    for (int b = 0; b < 8; b++) CHECK(data[65536 - 8 + b] == 0x5a, "%s wrote out of bounds", name);
    husk_trap_delete(tr);
  }
  if (data) {
    uint32_t x = 40, y = 2, z = 0;
    memset(data, 0, 64);
    memcpy(data + 8, &x, 4);
    husk_val args[2] = {husk_val_i32(2), husk_val_i32(0)};
    husk_trap *tr = husk_func_call(s, export_func(inst, "other_offset"), args, 2, NULL, 0);
    memcpy(&y, data + 12, 4);
    memcpy(&z, data + 8, 4);
    CHECK(!tr && y == 42 && z == 40, "other offset: [12] = %u, [8] = %u", y, z);
    husk_trap_delete(tr);
    uint64_t wide = 0x1ffffffffull, got = 0;
    memcpy(data + 8, &wide, 8);
    args[0] = husk_val_i64(1);
    tr = husk_func_call(s, export_func(inst, "narrower"), args, 2, NULL, 0);
    memcpy(&got, data + 8, 8);
    CHECK(!tr && got == 0x100000000ull, "narrower store: %#llx", (unsigned long long)got);
    husk_trap_delete(tr);
    /* [8] = 24, so the new address is 2 + 24 = 26, but the store uses the
     * address pushed before: [8] = 26. */
    memset(data, 0, 64);
    x = 24;
    memcpy(data + 8, &x, 4);
    args[0] = husk_val_i32(2);
    tr = husk_func_call(s, export_func(inst, "moved_address"), args, 2, NULL, 0);
    memcpy(&z, data + 8, 4);
    memcpy(&y, data + 34, 4);
    CHECK(!tr && z == 26 && y == 0, "moved address: [8] = %u, [34] = %u", z, y);
    husk_trap_delete(tr);
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* One exported function per form, `(func (export name) SIGNATURE body)`;
 * each form with an op must show it in the translated code. */
struct fused_form { const char *name, *body, *op; };

static husk_instance *instantiate_forms(husk_engine *e, const char *signature,
                                        const struct fused_form *forms, size_t n,
                                        husk_module **m, husk_store **s) {
  char wat[4096];
  int len = snprintf(wat, sizeof wat, "(module");
  for (size_t k = 0; k < n; k++)
    len += snprintf(wat + len, sizeof wat - len, " (func (export \"%s\") %s %s)", forms[k].name,
                    signature, forms[k].body);
  snprintf(wat + len, sizeof wat - len, ")");
  husk_instance *inst = instantiate(e, wat, m, s);
  if (!inst) return NULL;
  char *listing = bytecode_listing(*m);
  for (size_t k = 0; k < n; k++) {
    char op[32];
    snprintf(op, sizeof op, " %s ", forms[k].op ? forms[k].op : "");
    CHECK(!forms[k].op || (listing && strstr(listing, op)), "%s is one instruction", forms[k].name);
  }
  free(listing);
  return inst;
}

/* An f64.mul feeding the f64.add or f64.sub after it becomes one
 * instruction (f64_mul_add and its three siblings), which must still round
 * twice: x * y rounds to 1.0 below, so x * y - 1 is 0, where one fused
 * rounding (FMA) would give -2^-60. Each form against C, with the product
 * on either side, a constant operand, and a product also kept in a local
 * (which stays a separate mul). */
static void test_mul_add(husk_engine *e) {
  static const struct fused_form forms[] = {
    {"mul_add", "(f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2))", "f64_mul_add"},
    {"add_mul", "(f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1)))", "f64_add_mul"},
    {"mul_sub", "(f64.sub (f64.mul (local.get 0) (local.get 1)) (local.get 2))", "f64_mul_sub"},
    {"sub_mul", "(f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1)))", "f64_sub_mul"},
    {"const", "(f64.sub (f64.mul (local.get 0) (local.get 1)) (f64.const 1))", NULL},
    {"kept", "(f64.add (local.tee 3 (f64.mul (local.get 0) (local.get 1))) (local.get 2))", NULL},
  };
  enum { FORMS = sizeof forms / sizeof forms[0] };
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate_forms(e, "(param f64 f64 f64) (result f64) (local f64)", forms, FORMS, &m, &s);
  if (!inst) return;
  static const double xs[][3] = {
    {1 + 0x1p-30, 1 - 0x1p-30, 1}, {3, 4, 5}, {-0.0, 1, 0.0}, {1e308, 10, -1e308}, {2, 0.5, -1},
  };
  for (size_t k = 0; k < FORMS; k++) {
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
      volatile double product = xs[i][0] * xs[i][1];
      double z = xs[i][2], want;
      switch (k) {
      case 0: case 5: want = product + z; break;
      case 1: want = z + product; break;
      case 2: want = product - z; break;
      case 3: want = z - product; break;
      default: want = product - 1; break;
      }
      husk_val args[3], r;
      for (int j = 0; j < 3; j++) args[j] = (husk_val){.kind = HUSK_F64};
      memcpy(&args[0].of.f64_bits, &xs[i][0], 8);
      memcpy(&args[1].of.f64_bits, &xs[i][1], 8);
      memcpy(&args[2].of.f64_bits, &xs[i][2], 8);
      husk_trap *t = husk_func_call(s, export_func(inst, forms[k].name), args, 3, &r, 1);
      uint64_t want_bits;
      memcpy(&want_bits, &want, 8);
      CHECK(!t && r.of.f64_bits == want_bits, "%s(%a, %a, %a) = %#llx, want %a", forms[k].name, xs[i][0],
            xs[i][1], xs[i][2], (unsigned long long)r.of.f64_bits, want);
      husk_trap_delete(t);
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* x * y + memory, with the product computed right before the load, is one
 * instruction (f64_madd_load), and stored back to the same place one more
 * (f64_madd_rmw: c[j] += a * b[j]); with y loaded too, f64_mla_load and
 * f64_mla_rmw, and with y's address an i32.add of a constant, the _addi
 * forms (also x * y alone: f64_mul_load_addi), whose address wraps as the
 * add does. Against C, rounding twice; out of bounds (either load) all
 * trap and write nothing. */
static void test_madd_on(husk_engine *e) {
  const char *wat =
    "(module (memory (export \"mem\") 1)"
    " (func (export \"madd\") (param f64 f64 i32) (result f64)"
    "   (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.load offset=8 (local.get 2))))"
    " (func (export \"madd_rmw\") (param f64 f64 i32)"
    "   (f64.store offset=8 (local.get 2)"
    "     (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.load offset=8 (local.get 2)))))"
    " (func (export \"mla\") (param f64 f64 i32 i32) (result f64)"
    "   (f64.add (f64.mul (local.get 0) (f64.load offset=16 (local.get 3))) (f64.load offset=8 (local.get 2))))"
    " (func (export \"mla_rmw\") (param f64 f64 i32 i32)"
    "   (f64.store offset=8 (local.get 2)"
    "     (f64.add (f64.mul (local.get 0) (f64.load offset=16 (local.get 3))) (f64.load offset=8 (local.get 2)))))"
    " (func (export \"mla_addi\") (param f64 f64 i32 i32) (result f64)"
    "   (f64.add (f64.mul (local.get 0) (f64.load (i32.add (local.get 3) (i32.const 16))))"
    "            (f64.load offset=8 (local.get 2))))"
    " (func (export \"mla_rmw_addi\") (param f64 f64 i32 i32)"
    "   (f64.store offset=8 (local.get 2)"
    "     (f64.add (f64.mul (local.get 0) (f64.load (i32.add (local.get 3) (i32.const 16))))"
    "              (f64.load offset=8 (local.get 2)))))"
    " (func (export \"mul_addi\") (param f64 i32) (result f64)"
    "   (f64.mul (local.get 0) (f64.load (i32.add (local.get 1) (i32.const 16))))))";
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  uint8_t *data = exported_memory(inst);
  CHECK(listing_shows(m, "f64_madd_load", "f64_madd_rmw", "f64_mla_load", "f64_mla_rmw", "f64_mla_load_addi",
                      "f64_mla_rmw_addi", "f64_mul_load_addi", NULL), "madd fused");
  static const double xs[][3] = {{1 + 0x1p-30, 1 - 0x1p-30, -1}, {3, 4, 5}, {-0.0, 1, 0.0}, {1e308, 10, -1e308}};
  for (size_t i = 0; data && i < sizeof xs / sizeof xs[0]; i++) {
    volatile double product = xs[i][0] * xs[i][1];
    double want = product + xs[i][2], got;
    uint64_t want_bits;
    memcpy(&want_bits, &want, 8);
    /* y is also in memory at 2000 + 16, for the mla forms */
    husk_val args[4] = {{.kind = HUSK_F64}, {.kind = HUSK_F64}, husk_val_i32(1001), husk_val_i32(2000)}, r;
    memcpy(&args[0].of.f64_bits, &xs[i][0], 8);
    memcpy(&args[1].of.f64_bits, &xs[i][1], 8);
    memcpy(data + 2016, &xs[i][1], 8);
    /* and at 8, where y's address wraps to for the _addi forms from -8 */
    memcpy(data + 8, &xs[i][1], 8);
    static const char *const names[] = {"madd", "madd_rmw", "mla", "mla_rmw", "mla_addi", "mla_rmw_addi"};
    for (int k = 0; k < 8; k++) {
      memcpy(data + 1009, &xs[i][2], 8);
      bool rmw = k % 2;
      args[3] = husk_val_i32(k < 6 ? 2000 : -8);
      const char *name = names[k < 6 ? k : k - 2];
      husk_trap *t = husk_func_call(s, export_func(inst, name), args, k < 2 ? 3 : 4, &r, rmw ? 0 : 1);
      memcpy(&got, data + 1009, 8);
      if (!rmw) memcpy(&got, &r.of.f64_bits, 8);
      CHECK(!t && memcmp(&got, &want, 8) == 0, "%s %zu (y at %d): %a, want %a", name, i, args[3].of.i32, got, want);
      husk_trap_delete(t);
    }
    for (int32_t y_at = 2000; y_at >= -8; y_at -= 2008) {
      husk_val mul_args[2] = {args[0], husk_val_i32(y_at)};
      husk_trap *t = husk_func_call(s, export_func(inst, "mul_addi"), mul_args, 2, &r, 1);
      double product_got;
      memcpy(&product_got, &r.of.f64_bits, 8);
      CHECK(!t && product_got == product, "mul_addi %zu (y at %d): %a, want %a", i, y_at, product_got,
            (double)product);
      husk_trap_delete(t);
    }
  }
  /* Out of bounds: the added load (madd, mla), or the multiplied one (mla,
   * and the _addi forms, whose y is at 65529 from 65536 - 16 - 7). */
  for (int f = 0; data && f < 10; f++) {
    static const char *const names[] = {"madd", "madd_rmw", "mla", "mla_rmw", "mla", "mla_rmw",
                                        "mla_addi", "mla_rmw_addi", "mla_addi", "mla_rmw_addi"};
    bool rmw = f % 2, y_out = f >= 4 && f != 6 && f != 7;
    memset(data + 65536 - 8, 0x5a, 8);
    memset(data + 1009, 0x5a, 8);
    husk_val args[4] = {{.kind = HUSK_F64}, {.kind = HUSK_F64},
                        husk_val_i32(y_out ? 1001 : 65536 - 8 - 7), husk_val_i32(y_out ? 65536 - 16 - 7 : 2000)}, r;
    husk_trap *t = husk_func_call(s, export_func(inst, names[f]), args, f < 2 ? 3 : 4, &r, rmw ? 0 : 1);
    CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB, "%s out of bounds (%d)", names[f], f);
    for (int b = 0; b < 8; b++)
      CHECK(data[65536 - 8 + b] == 0x5a && data[1009 + b] == 0x5a, "%s wrote when out of bounds", names[f]);
    husk_trap_delete(t);
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* A store of memory - a * b or memory + a * b back where the load of the
 * first operand came from, the load first (v -= d * m: f64_msub_rmw,
 * f64_madd_rmw), also with an f64 operator between the load and the pair
 * (d * m computed after the load). Against C, rounding twice; a load kept
 * in a local by a tee stays a load; out of bounds traps and writes
 * nothing. */
static void test_product_rmw_on(husk_engine *e) {
  const char *wat =
    "(module (memory (export \"mem\") 1)"
    " (func (export \"msub\") (param f64 f64 f64 i32) (result f64)"
    "   (f64.store offset=8 (local.get 3)"
    "     (f64.sub (f64.load offset=8 (local.get 3)) (f64.mul (local.get 0) (local.get 1))))"
    "   (f64.const 0))"
    " (func (export \"madd\") (param f64 f64 f64 i32) (result f64)"
    "   (f64.store offset=8 (local.get 3)"
    "     (f64.add (f64.load offset=8 (local.get 3)) (f64.mul (local.get 0) (local.get 1))))"
    "   (f64.const 0))"
    " (func (export \"msub_between\") (param f64 f64 f64 i32) (result f64)"
    "   (f64.store offset=8 (local.get 3)"
    "     (f64.sub (f64.load offset=8 (local.get 3))"
    "              (f64.mul (f64.mul (local.get 0) (local.get 2)) (local.get 1))))"
    "   (f64.const 0))"
    " (func (export \"kept\") (param f64 f64 f64 i32) (result f64) (local f64)"
    "   (f64.store offset=8 (local.get 3)"
    "     (f64.sub (local.tee 4 (f64.load offset=8 (local.get 3))) (f64.mul (local.get 0) (local.get 1))))"
    "   (local.get 4)))";
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  uint8_t *data = exported_memory(inst);
  char *listing = bytecode_listing(m);
  size_t rmws = 0;
  for (const char *p = listing; p && (p = strstr(p, " f64_msub_rmw")); p++) rmws++;
  CHECK(listing && rmws == 2 && listing_has_access(listing, "f64_madd_rmw"), "rmw forms:\n%s",
        listing ? listing : "");
  free(listing);
  static const char *const names[] = {"msub", "madd", "msub_between", "kept"};
  static const double xs[][4] = {{1 + 0x1p-30, 1 - 0x1p-30, 3, -1}, {3, 4, 0.5, 5}, {1e308, 10, 0.1, 1e308}};
  for (size_t i = 0; data && i < sizeof xs / sizeof xs[0]; i++) {
    for (int k = 0; k < 4; k++) {
      volatile double product = k == 2 ? xs[i][0] * xs[i][2] : xs[i][0];
      product = product * xs[i][1];
      double old = xs[i][3], want = k == 1 ? old + product : old - product, got;
      memcpy(data + 1008, &old, 8);
      husk_val args[4] = {{.kind = HUSK_F64}, {.kind = HUSK_F64}, {.kind = HUSK_F64}, husk_val_i32(1000)}, r;
      for (int a = 0; a < 3; a++) memcpy(&args[a].of.f64_bits, &xs[i][a], 8);
      husk_trap *t = husk_func_call(s, export_func(inst, names[k]), args, 4, &r, 1);
      memcpy(&got, data + 1008, 8);
      CHECK(!t && memcmp(&got, &want, 8) == 0, "%s %zu: %a, want %a", names[k], i, got, want);
      if (k == 3) CHECK(!t && memcmp(&r.of.f64_bits, &old, 8) == 0, "kept %zu keeps the loaded value", i);
      husk_trap_delete(t);
    }
  }
  for (int k = 0; data && k < 4; k++) {
    memset(data + 65536 - 8, 0x5a, 8);
    husk_val args[4] = {{.kind = HUSK_F64}, {.kind = HUSK_F64}, {.kind = HUSK_F64}, husk_val_i32(65536 - 12)}, r;
    husk_trap *t = husk_func_call(s, export_func(inst, names[k]), args, 4, &r, 1);
    CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB, "%s out of bounds", names[k]);
    for (int b = 0; b < 8; b++) CHECK(data[65536 - 8 + b] == 0x5a, "%s wrote when out of bounds", names[k]);
    husk_trap_delete(t);
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* The second element of clang's unrolled c[j] += a * b[j] steps its address
 * in place first (p += 8, then *p += a * b[j + 1]): one f64_mla_rmw_step.
 * The product's operand is read from another slot (q + 8) or from p
 * itself, stepped; the step wraps (p = -8 reaches 0); p keeps its stepped
 * value; out of bounds traps before anything is written. */
static void test_mla_step_on(husk_engine *e) {
  const char *wat =
    "(module (memory (export \"mem\") 1)"
    " (func (export \"step\") (param f64 i32 i32) (result i32)"
    "   (f64.store (local.tee 1 (i32.add (local.get 1) (i32.const 8)))"
    "     (f64.add (f64.mul (local.get 0) (f64.load (i32.add (local.get 2) (i32.const 8))))"
    "              (f64.load (local.get 1))))"
    "   (local.get 1))"
    " (func (export \"step_self\") (param f64 i32 i32) (result i32)"
    "   (f64.store (local.tee 1 (i32.add (local.get 1) (i32.const 8)))"
    "     (f64.add (f64.mul (local.get 0) (f64.load (i32.add (local.get 1) (i32.const 8))))"
    "              (f64.load (local.get 1))))"
    "   (local.get 1)))";
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  uint8_t *data = exported_memory(inst);
  CHECK(listing_shows(m, "f64_mla_rmw_step", NULL), "address step taken in");
  static const double x = 1 + 0x1p-30, ys[] = {1 - 0x1p-30, 3}, zs[] = {-1, 0.25};
  /* p from 992 (stepped to 1000) and from -8 (stepped to 0); q at 2000 */
  static const int32_t ps[] = {992, -8};
  for (int self = 0; data && self < 2; self++) {
    for (int k = 0; k < 2; k++) {
      uint32_t at = (uint32_t)ps[k] + 8, y_at = self ? at + 8 : 2008;
      memcpy(data + at, &zs[k], 8);
      memcpy(data + y_at, &ys[k], 8);
      volatile double product = x * ys[k];
      double want = product + zs[k], got;
      husk_val args[3] = {{.kind = HUSK_F64}, husk_val_i32(ps[k]), husk_val_i32(2000)}, r;
      memcpy(&args[0].of.f64_bits, &x, 8);
      const char *name = self ? "step_self" : "step";
      husk_trap *t = husk_func_call(s, export_func(inst, name), args, 3, &r, 1);
      memcpy(&got, data + at, 8);
      CHECK(!t && memcmp(&got, &want, 8) == 0, "%s from %d: %a, want %a", name, ps[k], got, want);
      CHECK(!t && (uint32_t)r.of.i32 == at, "%s from %d: p is %d, want %u", name, ps[k], r.of.i32, at);
      husk_trap_delete(t);
    }
    /* Stepped to 65536 - 4: the stored access is out of bounds, and so,
     * for step_self, is the product's; for step, the product's only
     * (p stepped to 1000, q + 8 at 65536 - 4). */
    for (int which = 0; which < 2; which++) {
      memset(data + 65536 - 8, 0x5a, 8);
      memset(data + 1000, 0x5a, 8);
      husk_val args[3] = {{.kind = HUSK_F64}, husk_val_i32(which ? 992 : 65536 - 12),
                          husk_val_i32(which ? 65536 - 12 : 2000)}, r;
      const char *name = self ? "step_self" : "step";
      if (self && which) continue;   /* p and y share the base: covered above */
      husk_trap *t = husk_func_call(s, export_func(inst, name), args, 3, &r, 1);
      CHECK(t && husk_trap_code_of(t) == HUSK_TRAP_MEMORY_OOB, "%s out of bounds (%d)", name, which);
      for (int b = 0; b < 8; b++)
        CHECK(data[65536 - 8 + b] == 0x5a && data[1000 + b] == 0x5a, "%s wrote when out of bounds", name);
      husk_trap_delete(t);
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* i32 pairs are one instruction each: a product accumulated (i32_mul_add:
 * x * y + z), a bit field taken out by a shift and a mask (i32_shr_u_and,
 * i32_shr_s_and: (x >> k) & m), sums of three (i32_add3, i32_add_addi),
 * hash steps (i32_shr_u_xor, i32_shl_xor: x >> k ^ y; i32_rotl_xor,
 * i32_rotr_xor), words joined from shifted halves (i32_shr_u_or,
 * i32_shl_or: x << k | y; i32_funnel when both halves are shifted, in
 * either order), and an index scaled
 * by a constant then added (i32_sadd: x * scale + y, i32_saddi: + imm), on
 * either side. Each form against C, wrapping sums and products, negative
 * values, shift counts Wasm reduces modulo 32, and results kept in a local,
 * which stay separate. */
static void test_integer_pairs(husk_engine *e) {
  static const struct fused_form forms[] = {
    {"mul_add", "(i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 2))", "i32_mul_add"},
    {"add_mul", "(i32.add (local.get 2) (i32.mul (local.get 0) (local.get 1)))", "i32_mul_add"},
    {"shr_u_and", "(i32.and (i32.shr_u (local.get 0) (i32.const 5)) (i32.const 0x7f))", "i32_shr_u_and"},
    {"shr_s_and", "(i32.and (i32.shr_s (local.get 0) (i32.const 3)) (i32.const -16))", "i32_shr_s_and"},
    {"shr_35", "(i32.and (i32.shr_u (local.get 0) (i32.const 35)) (i32.const 0xff))", "i32_shr_u_and"},
    {"mul_kept", "(i32.add (local.tee 3 (i32.mul (local.get 0) (local.get 1))) (local.get 2))", NULL},
    {"shr_kept", "(i32.and (local.tee 3 (i32.shr_u (local.get 0) (i32.const 2))) (i32.const 3))", NULL},
    {"add3", "(i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2))", "i32_add3"},
    {"add_addi", "(i32.add (local.get 2) (i32.add (local.get 0) (i32.const -7)))", "i32_add_addi"},
    {"shr_xor", "(i32.xor (i32.shr_u (local.get 0) (i32.const 13)) (local.get 1))", "i32_shr_u_xor"},
    {"shl_xor", "(i32.xor (local.get 2) (i32.shl (local.get 0) (i32.const 37)))", "i32_shl_xor"},
    {"shl_left", "(i32.add (i32.shl (local.get 0) (i32.const 3)) (local.get 1))", "i32_sadd"},
    {"shl_right", "(i32.add (local.get 1) (i32.shl (local.get 0) (i32.const 2)))", "i32_sadd"},
    {"mul_imm", "(i32.add (i32.mul (local.get 0) (i32.const 12)) (i32.const 1000))", "i32_saddi"},
    {"shl_sub", "(i32.sub (i32.shl (local.get 0) (i32.const 4)) (i32.const 16))", "i32_saddi"},
    {"shift_33", "(i32.add (i32.shl (local.get 0) (i32.const 33)) (local.get 1))", "i32_sadd"},
    {"scale_kept", "(i32.add (local.tee 3 (i32.shl (local.get 0) (i32.const 3))) (local.get 1))", NULL},
    {"shr_or", "(i32.or (local.get 1) (i32.shr_u (local.get 0) (i32.const 24)))", "i32_shr_u_or"},
    {"shl_or", "(i32.or (i32.shr_u (local.get 1) (i32.const 24)) (i32.shl (local.get 0) (i32.const 40)))",
     "i32_funnel"},
    {"funnel", "(i32.or (i32.shl (local.get 0) (i32.const 8)) (i32.shr_u (local.get 1) (i32.const 56)))",
     "i32_funnel"},
    {"rotl_xor", "(i32.xor (local.get 2) (i32.rotl (local.get 0) (i32.const 7)))", "i32_rotl_xor"},
    {"rotr_xor", "(i32.xor (i32.rotr (local.get 0) (i32.const 45)) (local.get 1))", "i32_rotr_xor"},
    {"funnel_kept", "(i32.or (local.tee 3 (i32.shl (local.get 0) (i32.const 8))) (i32.shr_u (local.get 1) (i32.const 24)))",
     "i32_shr_u_or"},
  };
  enum { FORMS = sizeof forms / sizeof forms[0] };
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate_forms(e, "(param i32 i32 i32) (result i32) (local i32)", forms, FORMS, &m, &s);
  if (!inst) return;
  static const uint32_t xs[] = {0, 1, 7, 0x10000000u, 0x80000001u, 0xfffffff0u, 0xffffffffu};
  enum { XS = sizeof xs / sizeof xs[0] };
  for (size_t k = 0; k < FORMS; k++) {
    for (size_t i = 0; i < XS; i++) {
      uint32_t x = xs[i], y = xs[(i + 3) % XS], z = xs[(i + 5) % XS], want;
      switch (k) {
      case 0: case 1: case 5: want = x * y + z; break;
      case 2: want = (x >> 5) & 0x7f; break;
      case 3: want = (uint32_t)((int32_t)x >> 3) & 0xfffffff0u; break;
      case 4: want = (x >> 3) & 0xff; break;
      case 6: want = (x >> 2) & 3; break;
      case 7: want = x + y + z; break;
      case 8: want = z + (x - 7); break;
      case 9: want = (x >> 13) ^ y; break;
      case 10: want = z ^ (x << 5); break;
      case 11: case 16: want = (x << 3) + y; break;
      case 12: want = y + (x << 2); break;
      case 13: want = x * 12 + 1000; break;
      case 14: want = (x << 4) - 16; break;
      case 17: want = y | x >> 24; break;
      case 18: want = y >> 24 | x << 8; break;     /* 40 & 31 */
      case 19: want = x << 8 | y >> 24; break;     /* 56 & 31 */
      case 20: want = z ^ (x << 7 | x >> 25); break;
      case 21: want = (x >> 13 | x << 19) ^ y; break;     /* 45 & 31 */
      case 22: want = x << 8 | y >> 24; break;
      default: want = (x << 1) + y; break;     /* Wasm masks the count: 33 & 31 */
      }
      husk_val args[3] = {husk_val_i32((int32_t)x), husk_val_i32((int32_t)y), husk_val_i32((int32_t)z)}, r;
      husk_trap *t = husk_func_call(s, export_func(inst, forms[k].name), args, 3, &r, 1);
      CHECK(!t && (uint32_t)r.of.i32 == want, "%s(%#x, %#x, %#x) = %#x, want %#x", forms[k].name, x, y, z,
            t ? 0 : (uint32_t)r.of.i32, want);
      husk_trap_delete(t);
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* An i64 product accumulated (i64_mul_add: x * a + c, as in 64-bit
 * generators), on either side, against C with wrapping; kept in a local,
 * the product stays separate. */
static void test_i64_mul_add(husk_engine *e) {
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e,
    "(module"
    " (func (export \"mul_add\") (param i64 i64 i64) (result i64)"
    "   (i64.add (i64.mul (local.get 0) (local.get 1)) (local.get 2)))"
    " (func (export \"add_mul\") (param i64 i64 i64) (result i64)"
    "   (i64.add (local.get 2) (i64.mul (local.get 0) (local.get 1))))"
    " (func (export \"kept\") (param i64 i64 i64) (result i64) (local i64)"
    "   (i64.add (i64.add (local.tee 3 (i64.mul (local.get 0) (local.get 1))) (local.get 2)) (local.get 3))))",
    &m, &s);
  if (!inst) return;
  CHECK(listing_shows(m, "i64_mul_add", NULL), "i64 mul then add fused");
  static const uint64_t xs[] = {0, 1, 6364136223846793005ull, 0x8000000000000001ull, ~0ull, 1442695040888963407ull};
  enum { XS = sizeof xs / sizeof xs[0] };
  static const char *const names[] = {"mul_add", "add_mul", "kept"};
  for (int k = 0; k < 3; k++) {
    for (size_t i = 0; i < XS; i++) {
      uint64_t x = xs[i], y = xs[(i + 2) % XS], z = xs[(i + 5) % XS];
      uint64_t want = x * y + z + (k == 2 ? x * y : 0);
      husk_val args[3] = {husk_val_i64((int64_t)x), husk_val_i64((int64_t)y), husk_val_i64((int64_t)z)}, r;
      husk_trap *t = husk_func_call(s, export_func(inst, names[k]), args, 3, &r, 1);
      CHECK(!t && (uint64_t)r.of.i64 == want, "%s(%#llx, %#llx, %#llx)", names[k], (unsigned long long)x,
            (unsigned long long)y, (unsigned long long)z);
      husk_trap_delete(t);
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* A select whose condition an i32.eqz or i64.eqz computed tests the eqz's
 * operand with its arms swapped, the i64 one in all 64 bits (select_i64):
 * a value with only high bits set is not zero. Arms of each type, and a
 * condition kept in a local, which still holds the eqz. */
static void test_select_of_eqz(husk_engine *e) {
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e,
    "(module"
    " (func (export \"eqz32\") (param i32 i64 i64) (result i64)"
    "   (select (local.get 1) (local.get 2) (i32.eqz (local.get 0))))"
    " (func (export \"eqz64\") (param i64 i64 i64) (result i64)"
    "   (select (local.get 1) (local.get 2) (i64.eqz (local.get 0))))"
    " (func (export \"eqz64_f64\") (param i64 f64 f64) (result f64)"
    "   (select (local.get 1) (local.get 2) (i64.eqz (local.get 0))))"
    " (func (export \"kept\") (param i64 i64 i64) (result i64) (local i32)"
    "   (i64.add (select (local.get 1) (local.get 2) (local.tee 3 (i64.eqz (local.get 0))))"
    "            (i64.extend_i32_u (local.get 3)))))",
    &m, &s);
  if (!inst) return;
  char *listing = bytecode_listing(m);
  CHECK(listing && strstr(listing, " select_i64 ") && !strstr(listing, "i32_eqz"), "eqz taken in:\n%s",
        listing ? listing : "");
  free(listing);
  static const uint64_t xs[] = {0, 1, 1ull << 32, ~0ull, 0x80000000ull};
  for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    uint64_t x = xs[i];
    static const char *const names[] = {"eqz32", "eqz64", "eqz64_f64", "kept"};
    for (int k = 0; k < 4; k++) {
      bool zero = k == 0 ? (uint32_t)x == 0 : x == 0;
      husk_val args[3] = {k == 0 ? husk_val_i32((int32_t)x) : husk_val_i64((int64_t)x), husk_val_i64(11),
                          husk_val_i64(22)}, r;
      if (k == 2) {
        double a = 1.5, b = -2.5;
        args[1] = (husk_val){.kind = HUSK_F64};
        args[2] = (husk_val){.kind = HUSK_F64};
        memcpy(&args[1].of.f64_bits, &a, 8);
        memcpy(&args[2].of.f64_bits, &b, 8);
      }
      husk_trap *t = husk_func_call(s, export_func(inst, names[k]), args, 3, &r, 1);
      uint64_t got = k == 2 ? r.of.f64_bits : (uint64_t)r.of.i64;
      uint64_t want = zero ? args[1].of.i64 : args[2].of.i64;
      if (k == 2) want = zero ? args[1].of.f64_bits : args[2].of.f64_bits;
      if (k == 3) want += zero;
      CHECK(!t && got == want, "%s(%#llx): %#llx, want %#llx", names[k], (unsigned long long)x,
            (unsigned long long)got, (unsigned long long)want);
      husk_trap_delete(t);
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* An f64.div by an i32 just converted (f64.convert_i32_s) is one
 * f64_div_i32; a converted left operand stays as it was. Against C, with
 * negative and extreme integers and a zero divisor. */
static void test_div_by_converted(husk_engine *e) {
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e,
    "(module"
    " (func (export \"by\") (param f64 i32) (result f64)"
    "   (f64.div (local.get 0) (f64.convert_i32_s (local.get 1))))"
    " (func (export \"of\") (param f64 i32) (result f64)"
    "   (f64.div (f64.convert_i32_s (local.get 1)) (local.get 0))))",
    &m, &s);
  if (!inst) return;
  CHECK(listing_shows(m, "f64_div_i32", NULL), "division by a converted int fused");
  static const double xs[] = {1, -2.5, 0, 1e300};
  static const int32_t ns[] = {3, -7, 0, INT32_MIN, INT32_MAX};
  for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
      for (int left = 0; left < 2; left++) {
        volatile double x = xs[i], n = ns[k];
        double want = left ? n / x : x / n, got;
        husk_val args[2] = {{.kind = HUSK_F64}, husk_val_i32(ns[k])}, r;
        memcpy(&args[0].of.f64_bits, &xs[i], 8);
        husk_trap *t = husk_func_call(s, export_func(inst, left ? "of" : "by"), args, 2, &r, 1);
        memcpy(&got, &r.of.f64_bits, 8);
        CHECK(!t && (memcmp(&got, &want, 8) == 0 || (got != got && want != want)), "%s(%a, %d): %a, want %a",
              left ? "of" : "by", xs[i], ns[k], got, want);
        husk_trap_delete(t);
      }
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* A stack pointer's step (global.set of global.get plus or minus a
 * constant, kept in a local or not) is one instruction, global_set_addi,
 * that still leaves the sum in the local. */
static void test_global_step(husk_engine *e) {
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e,
    "(module (global $sp (export \"sp\") (mut i32) (i32.const 1000))"
    " (func (export \"frame\") (param i32) (result i32) (local i32)"
    "   (global.set $sp (local.tee 1 (i32.sub (global.get $sp) (i32.const 16))))"
    "   (local.set 0 (i32.add (local.get 0) (local.get 1)))"
    "   (global.set $sp (i32.add (local.get 1) (i32.const 16)))"
    "   (local.get 0))"
    " (func (export \"down\") (global.set $sp (i32.add (global.get $sp) (i32.const -0x7fffffff)))))",
    &m, &s);
  if (!inst) return;
  CHECK(listing_shows(m, "global_set_addi", NULL), "the step is one instruction");
  husk_extern sp;
  bool found = husk_instance_export(inst, "sp", &sp) && sp.kind == HUSK_EXTERN_GLOBAL;
  CHECK(found);
  husk_val arg = husk_val_i32(5), r;
  husk_trap *t = husk_func_call(s, export_func(inst, "frame"), &arg, 1, &r, 1);
  CHECK(!t && r.of.i32 == 5 + 984, "the local kept the sum: %d", r.of.i32);
  husk_trap_delete(t);
  if (found) {
    husk_val v = husk_global_get(sp.of.global);
    CHECK(v.of.i32 == 1000, "sp restored: %d", v.of.i32);
    t = husk_func_call(s, export_func(inst, "down"), NULL, 0, NULL, 0);
    v = husk_global_get(sp.of.global);
    CHECK(!t && (uint32_t)v.of.i32 == 1000u + 0x80000001u, "sp wraps as i32.add does: %#x", (uint32_t)v.of.i32);
    husk_trap_delete(t);
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* A branch on an i32.and with a constant tests the bits itself
 * (br_any_imm, and br_none_imm for an if), and a branch on a counter just
 * stepped by a constant is one add_br against zero (while (--n)). Each
 * against C, both ways; a mask also kept in a local stays separate. */
static void test_bit_branches(husk_engine *e) {
  static const struct fused_form forms[] = {
    {"if_any", "(if (result i32) (i32.and (local.get 0) (i32.const 0x81)) (then (i32.const 1)) (else (i32.const 0)))",
     "br_none_imm"},
    {"br_any", "(block (br_if 0 (i32.and (local.get 0) (i32.const 0x80000000))) (local.set 1 (i32.const 7))) (local.get 1)",
     "br_any_imm"},
    {"countdown", "(loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
                  " (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) (local.get 1)",
     "add_br_i32_ne_imm"},
    {"if_step", "(if (result i32) (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (then (local.get 0)) (else (i32.const -5)))",
     "add_br_i32_eq_imm"},
    {"kept", "(if (result i32) (local.tee 1 (i32.and (local.get 0) (i32.const 6))) (then (local.get 1)) (else (i32.const 9)))",
     NULL},
  };
  enum { FORMS = sizeof forms / sizeof forms[0] };
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate_forms(e, "(param i32) (result i32) (local i32)", forms, FORMS, &m, &s);
  if (!inst) return;
  static const uint32_t xs[] = {1, 2, 5, 0x80u, 0x81u, 100, 0x80000000u, 0xffffffffu};
  for (size_t k = 0; k < FORMS; k++) {
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
      uint32_t x = xs[i], want;
      switch (k) {
      case 0: want = (x & 0x81) != 0; break;
      case 1: want = x & 0x80000000u ? 0 : 7; break;
      case 2: want = x; break;                    /* x > 0 iterations */
      case 3: want = x + 1 ? x + 1 : (uint32_t)-5; break;
      default: want = x & 6 ? x & 6 : 9; break;
      }
      if (k == 2 && x > 1000) continue;
      husk_val arg = husk_val_i32((int32_t)x), r;
      husk_trap *t = husk_func_call(s, export_func(inst, forms[k].name), &arg, 1, &r, 1);
      CHECK(!t && (uint32_t)r.of.i32 == want, "%s(%#x) = %#x, want %#x", forms[k].name, x, t ? 0 : (uint32_t)r.of.i32,
            want);
      husk_trap_delete(t);
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* The cases of a switch in a loop end by branching to the loop's step and
 * back edge; each case gets its own copy of that tail (duplicate_tails in
 * compile.c), so the shared tail's code appears once per case. Against C,
 * and on an engine metering fuel, where the copies charge what the tail
 * did: the same inputs consume the same fuel whichever case runs. */
static void test_tail_copies(void) {
  static const char *const head = "(module (func (export \"vm\") (param i32) (result i32) (local i32 i32)";
  /* For the third run, a prefix that changes nothing (an even number of
   * xors with the same value) puts the loop past instruction 65535. */
  static const char *const nop = " (local.set 2 (i32.xor (local.get 2) (local.get 0)))";
  enum { NOPS = 70000 };
  static const char *const body =
    "  (block $exit (loop $top"
    "    (br_if $exit (i32.ge_u (local.get 1) (local.get 0)))"
    "    (block $tail (block $c2 (block $c1 (block $c0"
    "      (br_table $c0 $c1 $c2 $tail (i32.rem_u (local.get 1) (i32.const 4))))"
    "      (local.set 2 (i32.add (local.get 2) (i32.const 1))) (br $tail))"
    "      (local.set 2 (i32.mul (local.get 2) (i32.const 3))) (br $tail))"
    "      (local.set 2 (i32.xor (local.get 2) (i32.const 0x55))))"
    "    (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
    "    (br $top)))"
    "  (local.get 2)))";
  size_t nop_len = strlen(nop);
  char *prefix = malloc(NOPS * nop_len + 1);
  if (!prefix) return;
  for (int i = 0; i < NOPS; i++) memcpy(prefix + i * nop_len, nop, nop_len);
  prefix[NOPS * nop_len] = '\0';
  for (int run = 0; run < 3; run++) {
    bool metered = run == 1;
    char *wat = NULL;
    if (asprintf(&wat, "%s%s%s", head, run == 2 ? prefix : "", body) < 0) break;
    husk_engine *engine = engine_with(true, metered);
    husk_module *m = NULL;
    husk_store *s = NULL;
    husk_instance *inst = engine ? instantiate(engine, wat, &m, &s) : NULL;
    free(wat);
    char *listing = inst ? bytecode_listing(m) : NULL;
    /* The step may be a bundle's half: "i32_add_imm+...", "...+i32_add_imm". */
    int steps = 0;
    for (const char *p = listing; p && (p = strstr(p, "i32_add_imm")); p++)
      steps += p[11] == ' ' || p[11] == '+';
    CHECK(!listing || steps == 4, "the loop's step is copied into the cases: %d adds, want 4", steps);
    uint64_t per_round = 0, at_last_round = 0;
    for (uint32_t n = 0; inst && n < 40; n++) {
      uint32_t want = 0;
      for (uint32_t i = 0; i < n; i++) {
        switch (i % 4) {
        case 0: want += 1; break;
        case 1: want *= 3; break;
        case 2: want ^= 0x55; break;
        default: break;
        }
      }
      if (metered) CHECK(!husk_store_set_fuel(s, 1000000));
      uint64_t before = husk_store_fuel_consumed(s);
      husk_val arg = husk_val_i32((int32_t)n), r;
      husk_trap *t = husk_func_call(s, export_func(inst, "vm"), &arg, 1, &r, 1);
      CHECK(!t && (uint32_t)r.of.i32 == want, "vm(%u) = %u, want %u", n, t ? 0 : (uint32_t)r.of.i32, want);
      husk_trap_delete(t);
      /* Every four more steps cost the same: one of each case. */
      uint64_t used = husk_store_fuel_consumed(s) - before;
      if (metered && n % 4 == 0) {
        if (n == 4) per_round = used - at_last_round;
        CHECK(n < 8 || used - at_last_round == per_round, "fuel for 4 more steps: %llu, want %llu",
              (unsigned long long)(used - at_last_round), (unsigned long long)per_round);
        at_last_round = used;
      }
    }
    free(listing);
    husk_store_delete(s);
    husk_module_delete(m);
    husk_engine_delete(engine);
  }
  free(prefix);
}

/* A float compare feeding br_if is one instruction (br_f64_lt...); an if
 * (branching when false) fuses only eq and ne, since with a NaN operand
 * the other compares' negations are not compares. Each compare, both ways,
 * against C, NaNs and signed zeros included. */
static void test_float_branches(husk_engine *e) {
  static const char *const types[] = {"f32", "f64"};
  static const char *const cmps[] = {"eq", "ne", "lt", "gt", "le", "ge"};
  char wat[16384];
  int len = snprintf(wat, sizeof wat, "(module");
  for (int t = 0; t < 2; t++) {
    for (int k = 0; k < 6; k++) {
      const char *ty = types[t], *op = cmps[k];
      len += snprintf(wat + len, sizeof wat - len,
        " (func (export \"br_%s_%s\") (param %s %s) (result i32)"
        "   (block (br_if 0 (%s.%s (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))"
        " (func (export \"if_%s_%s\") (param %s %s) (result i32)"
        "   (if (result i32) (%s.%s (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))",
        ty, op, ty, ty, ty, op, ty, op, ty, ty, ty, op);
    }
  }
  snprintf(wat + len, sizeof wat - len, ")");
  husk_module *m;
  husk_store *s;
  husk_instance *inst = instantiate(e, wat, &m, &s);
  if (!inst) return;
  CHECK(listing_shows(m, " br_f64_le ", " br_f32_ne ", NULL), "float compare-branches");
  const double nan = __builtin_nan(""), inf = __builtin_inf();
  static double vals[5];
  vals[0] = 0.0; vals[1] = -0.0; vals[2] = 1.5; vals[3] = nan; vals[4] = -inf;
  for (int t = 0; t < 2; t++) {
    for (int k = 0; k < 6; k++) {
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
          double a = vals[i], b = vals[j];
          int want = k == 0 ? a == b : k == 1 ? a != b : k == 2 ? a < b : k == 3 ? a > b : k == 4 ? a <= b : a >= b;
          husk_val args[2];
          if (t == 0) {
            float fa = (float)a, fb = (float)b;
            args[0] = (husk_val){.kind = HUSK_F32};
            args[1] = (husk_val){.kind = HUSK_F32};
            memcpy(&args[0].of.f32_bits, &fa, 4);
            memcpy(&args[1].of.f32_bits, &fb, 4);
          } else {
            args[0] = (husk_val){.kind = HUSK_F64};
            args[1] = (husk_val){.kind = HUSK_F64};
            memcpy(&args[0].of.f64_bits, &a, 8);
            memcpy(&args[1].of.f64_bits, &b, 8);
          }
          for (int form = 0; form < 2; form++) {
            char name[16];
            snprintf(name, sizeof name, "%s_%s_%s", form ? "if" : "br", types[t], cmps[k]);
            husk_val r;
            husk_trap *tr = husk_func_call(s, export_func(inst, name), args, 2, &r, 1);
            CHECK(!tr && r.of.i32 == want, "%s(%g, %g) = %d, want %d", name, a, b, tr ? -1 : r.of.i32, want);
            husk_trap_delete(tr);
          }
        }
      }
    }
  }
  husk_store_delete(s);
  husk_module_delete(m);
}

/* ------------------------------------------------------------ linker */

/* Many definitions: each found, duplicates refused, unknown names missed. */
static void test_linker_scale(husk_engine *e) {
  husk_store *s = husk_store_new(e, NULL);
  husk_linker *l = husk_linker_new(s);
  husk_extern g = {.kind = HUSK_EXTERN_GLOBAL, .of.global = husk_global_new(s, HUSK_I32, false, husk_val_i32(7))};
  char module[32], name[32];
  enum { N = 20000 };
  for (int i = 0; i < N; i++) {
    snprintf(module, sizeof module, "m%d", i % 7);
    snprintf(name, sizeof name, "n%d", i);
    husk_error *err = husk_linker_define(l, module, name, &g);
    CHECK(!err);
    husk_error_delete(err);
  }
  husk_error *dup = husk_linker_define(l, "m3", "n3", &g);
  CHECK(dup && strstr(husk_error_message(dup), "already defined"));
  husk_error_delete(dup);
  int found = 0;
  for (int i = 0; i < N; i++) {
    husk_extern x;
    snprintf(module, sizeof module, "m%d", i % 7);
    snprintf(name, sizeof name, "n%d", i);
    found += husk_linker_get(l, module, name, &x) && x.of.global == g.of.global;
  }
  CHECK(found == N);
  husk_extern x;
  CHECK(!husk_linker_get(l, "m0", "n1", &x));   /* n1 lives in m1 */
  CHECK(!husk_linker_get(l, "m1", "nope", &x));
  husk_linker_delete(l);
  husk_store_delete(s);
}

/* ------------------------------------------------------------ errors */

static void test_errors(husk_engine *e) {
  husk_module *m = compile(e, "(module (import \"a\" \"b\" (func)) (import \"a\" \"g\" (global i32)))");
  if (m) {
    husk_store *s = husk_store_new(e, NULL);
    husk_linker *l = husk_linker_new(s);
    husk_instance *inst;
    husk_trap *trap;
    husk_error *err = husk_linker_instantiate(l, m, &inst, &trap);
    CHECK(err && strstr(husk_error_message(err), "unknown import: a.b"));
    husk_error_delete(err);
    /* The wrong kind for an import is a link error too. */
    husk_extern g = {.kind = HUSK_EXTERN_GLOBAL, .of.global = husk_global_new(s, HUSK_I32, false, husk_val_i32(1))};
    CHECK(!husk_linker_define(l, "a", "b", &g));
    CHECK(!husk_linker_define(l, "a", "g", &g));
    err = husk_linker_instantiate(l, m, &inst, &trap);
    CHECK(err && strstr(husk_error_message(err), "incompatible import type"));
    husk_error_delete(err);
    husk_linker_delete(l);
    husk_store_delete(s);
    husk_module_delete(m);
  }
  /* Malformed and invalid bytes give messages, not crashes. */
  static const uint8_t junk[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0xff};
  for (size_t n = 0; n <= sizeof junk; n++) {
    husk_module *bad = NULL;
    husk_error *err = husk_module_new(e, junk, n, &bad);
    CHECK(n == 8 ? !err : err != NULL);
    husk_error_delete(err);
    husk_module_delete(bad);
  }
  /* Absurd configuration is refused with a message. */
  husk_config *c = husk_config_new();
  husk_config_max_call_depth(c, 0);
  husk_engine *e2 = NULL;
  husk_error *err = husk_engine_new(c, &e2);
  CHECK(err && e2 == NULL);
  husk_error_delete(err);
  husk_config_delete(c);
}

int main(void) {
  husk_engine *e = NULL;
  husk_error *err = husk_engine_new(NULL, &e);
  if (err) { fprintf(stderr, "%s\n", husk_error_message(err)); return 1; }
  test_host_function(e);
  test_reentrancy(e);
  test_traps(e);
  test_many_instances(e);
  test_fused_compares(e);
  on_both_engines(e, test_fused_loads_on);
  test_fused_steps(e);
  on_both_engines(e, test_scaled_loads_on);
  on_both_engines(e, test_narrow_loads_on);
  on_both_engines(e, test_fused_stores_on);
  on_both_engines(e, test_rmw_on);
  on_both_engines(e, test_moves_on);
  on_both_engines(e, test_value_stores_on);
  on_both_engines(e, test_madd_on);
  on_both_engines(e, test_mla_step_on);
  on_both_engines(e, test_product_rmw_on);
  test_mul_add(e);
  test_integer_pairs(e);
  test_i64_mul_add(e);
  test_select_of_eqz(e);
  test_div_by_converted(e);
  test_global_step(e);
  test_bit_branches(e);
  test_tail_copies();
  test_float_branches(e);
  test_linker_scale(e);
  test_errors(e);
  husk_engine_delete(e);
  return test_report("api");
}
