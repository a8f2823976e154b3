/*
 * test_guard.c - guard regions (husk_config_guard_pages): out-of-bounds
 * accesses become traps, and husk's SIGSEGV handler leaves every other fault
 * to the handler the embedder installed before it: faults in the embedder's
 * own memory, and faults in host functions even at guest-memory addresses.
 * Also nested host -> Wasm calls, threads, and the checked fallback.
 */
#include "../common/api.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include "husk/husk.h"

/* The embedder's handler: counts faults and makes the faulting page
 * accessible so the faulting instruction succeeds when it re-runs. */
static volatile sig_atomic_t embedder_faults;
static void *volatile embedder_last_addr;

static void embedder_handler(int sig, siginfo_t *info, void *context) {
  (void)sig, (void)context;
  embedder_faults++;
  embedder_last_addr = info->si_addr;
  uintptr_t page = (uintptr_t)info->si_addr & ~(uintptr_t)4095;
  mprotect((void *)page, 4096, PROT_READ | PROT_WRITE);
}

/* A host function that writes just past the end of its caller's memory:
 * a bug in host code, which husk must not turn into a guest trap. */
static husk_trap *host_touch_guard(husk_caller *caller, void *env, const husk_val *args,
                                   husk_val *results) {
  (void)env, (void)args, (void)results;
  husk_extern mem;
  if (!husk_caller_export(caller, "mem", &mem)) return husk_trap_new("no memory");
  uint8_t *data = husk_memory_data(mem.of.memory);
  size_t size = husk_memory_size_bytes(mem.of.memory);
  ((volatile uint8_t *)data)[size + 10] = 1;
  return NULL;
}

/* Calls back into the guest's export "oob" and passes its trap on. */
static husk_trap *host_reenter(husk_caller *caller, void *env, const husk_val *args,
                               husk_val *results) {
  (void)env, (void)args, (void)results;
  husk_extern f;
  if (!husk_caller_export(caller, "oob", &f)) return husk_trap_new("no oob export");
  husk_val arg = {.kind = HUSK_I32, .of.i32 = 65536}, res;
  return husk_func_call(husk_caller_store(caller), f.of.func, &arg, 1, &res, 1);
}

static const char *module_wat =
  "(module"
  "  (import \"host\" \"touch_guard\" (func $touch))"
  "  (import \"host\" \"reenter\" (func $reenter))"
  "  (memory (export \"mem\") 1)"
  "  (func (export \"oob\") (param i32) (result i32) (i32.load (local.get 0)))"
  "  (func (export \"oob_offset\") (param i32) (result i32)"
  "    (i32.load offset=0xffffffff (local.get 0)))"
  "  (func (export \"store64\") (param i32) (i64.store (local.get 0) (i64.const -1)))"
  "  (func (export \"byte\") (param i32) (result i32) (i32.load8_u (local.get 0)))"
  "  (func (export \"touch\") (call $touch))"
  "  (func (export \"reenter\") (call $reenter)))";

typedef struct guest {
  husk_store *store;
  husk_module *module;
  husk_instance *inst;
} guest;

static bool guest_new(husk_engine *e, const uint8_t *bytes, size_t size, guest *g) {
  memset(g, 0, sizeof *g);
  g->store = husk_store_new(e, NULL);
  husk_error *err = husk_module_new(e, bytes, size, &g->module);
  CHECK(!err, "%s", err ? husk_error_message(err) : "");
  husk_error_delete(err);
  if (!g->module) return false;
  husk_functype none = {0};
  husk_extern imports[2] = {
    {HUSK_EXTERN_FUNC, {.func = husk_func_new(g->store, &none, host_touch_guard, NULL, NULL)}},
    {HUSK_EXTERN_FUNC, {.func = husk_func_new(g->store, &none, host_reenter, NULL, NULL)}},
  };
  husk_trap *trap = NULL;
  err = husk_instance_new(g->store, g->module, imports, 2, &g->inst, &trap);
  CHECK(!err && !trap);
  husk_error_delete(err);
  husk_trap_delete(trap);
  return g->inst != NULL;
}

static void guest_delete(guest *g) {
  husk_store_delete(g->store);
  husk_module_delete(g->module);
}

/* Calls export name(arg) (name() when nargs is 0) and returns its trap code,
 * or -1 when it returned. */
static int call_code(guest *g, const char *name, int32_t arg, size_t nargs, size_t nresults) {
  husk_val a = {.kind = HUSK_I32, .of.i32 = arg}, r;
  husk_trap *t = husk_func_call(g->store, export_func(g->inst, name), &a, nargs, &r, nresults);
  int code = t ? (int)husk_trap_code_of(t) : -1;
  husk_trap_delete(t);
  return code;
}

static void test_traps(husk_engine *e, const uint8_t *bytes, size_t size) {
  guest g;
  if (!guest_new(e, bytes, size, &g)) return;
  sig_atomic_t before = embedder_faults;
  CHECK(call_code(&g, "oob", 65536, 1, 1) == HUSK_TRAP_MEMORY_OOB);
  CHECK(call_code(&g, "oob", 65533, 1, 1) == HUSK_TRAP_MEMORY_OOB);
  CHECK(call_code(&g, "oob", -1, 1, 1) == HUSK_TRAP_MEMORY_OOB);
  CHECK(call_code(&g, "oob_offset", -1, 1, 1) == HUSK_TRAP_MEMORY_OOB);
  CHECK(call_code(&g, "oob", 65532, 1, 1) == -1);
  /* A store straddling the end traps and writes none of its bytes. */
  CHECK(call_code(&g, "store64", 65532, 1, 0) == HUSK_TRAP_MEMORY_OOB);
  CHECK(call_code(&g, "byte", 65535, 1, 1) == -1);
  husk_extern mem;
  CHECK(husk_instance_export(g.inst, "mem", &mem));
  const uint8_t *data = husk_memory_data(mem.of.memory);
  CHECK(data[65532] == 0 && data[65535] == 0);
  /* Nested: guest -> host -> guest, whose trap the host passes on. */
  CHECK(call_code(&g, "reenter", 0, 0, 0) == HUSK_TRAP_MEMORY_OOB);
  /* The store is usable after all of that. */
  CHECK(call_code(&g, "store64", 65528, 1, 0) == -1);
  CHECK(data[65535] == 0xff);
  CHECK(embedder_faults == before, "guest faults reached the embedder's handler");
  guest_delete(&g);
}

/* Faults that are not guest accesses reach the embedder's handler. */
static void test_chaining(husk_engine *e, const uint8_t *bytes, size_t size) {
  guest g;
  if (!guest_new(e, bytes, size, &g)) return;
  /* The embedder's own memory, after husk's handler is installed. */
  uint8_t *own = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(own != MAP_FAILED);
  sig_atomic_t before = embedder_faults;
  ((volatile uint8_t *)own)[7] = 1;
  CHECK(embedder_faults == before + 1 && embedder_last_addr == own + 7);
  munmap(own, 4096);
  /* A host function's fault, even at an address in guest memory's guard
   * region, is the host's. */
  before = embedder_faults;
  CHECK(call_code(&g, "touch", 0, 0, 0) == -1);
  CHECK(embedder_faults == before + 1);
  guest_delete(&g);
}

static const uint8_t *thread_bytes;
static size_t thread_size;
static husk_engine *thread_engine;

static void *trap_repeatedly(void *arg) {
  (void)arg;
  guest g;
  if (!guest_new(thread_engine, thread_bytes, thread_size, &g)) return NULL;
  for (int i = 0; i < 2000; i++) {
    CHECK(call_code(&g, "oob", 65536 + i, 1, 1) == HUSK_TRAP_MEMORY_OOB);
    CHECK(call_code(&g, "byte", i, 1, 1) == -1);
  }
  guest_delete(&g);
  return NULL;
}

static void test_threads(husk_engine *e, const uint8_t *bytes, size_t size) {
  thread_engine = e, thread_bytes = bytes, thread_size = size;
  pthread_t threads[4];
  for (int i = 0; i < 4; i++) CHECK(pthread_create(&threads[i], NULL, trap_repeatedly, NULL) == 0);
  for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
}

int main(void) {
  struct sigaction action = {0};
  action.sa_sigaction = embedder_handler;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  CHECK(sigaction(SIGSEGV, &action, NULL) == 0);

  size_t size = 0;
  uint8_t *bytes = wat_assemble(module_wat, &size);
  CHECK(bytes);
  if (!bytes) return 1;
  for (int guarded = 1; guarded >= 0; guarded--) {
    husk_engine *e = engine_with(guarded, false);
    if (!e) continue;
    test_traps(e, bytes, size);
    test_chaining(e, bytes, size);
    test_threads(e, bytes, size);
    husk_engine_delete(e);
  }
  free(bytes);
  printf("guard: %d failed\n", failures);
  return failures != 0;
}
