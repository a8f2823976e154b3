/*
 * embed.c - embedding husk in a C program.
 *
 * Compiles a small module, gives it a host function through a linker,
 * instantiates it and calls its exports: one that returns normally and one
 * that traps. Every failure is reported and everything is freed.
 *
 *   cc embed.c $(pkg-config --cflags --libs husk) -o embed
 *   ./embed [A B]          prints add(A, B), then div(A, 0)'s trap
 *
 * The module, in WebAssembly text (wat2wasm turns it into the bytes below):
 *
 *   (module
 *     (import "host" "log" (func $log (param i32)))
 *     (func (export "add") (param i32 i32) (result i32)
 *       (local $sum i32)
 *       (local.set $sum (i32.add (local.get 0) (local.get 1)))
 *       (call $log (local.get $sum))
 *       (local.get $sum))
 *     (func (export "div") (param i32 i32) (result i32)
 *       (i32.div_s (local.get 0) (local.get 1))))
 */
#include <stdio.h>
#include <stdlib.h>

#include <husk/husk.h>

static const uint8_t module_bytes[] = {
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,             /* "\0asm", version 1 */
  0x01, 0x0b, 0x02, 0x60, 0x01, 0x7f, 0x00,                   /* types: (i32) -> () */
  0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,                         /*        (i32 i32) -> i32 */
  0x02, 0x0c, 0x01, 0x04, 'h', 'o', 's', 't',                 /* imports: host.log */
  0x03, 'l', 'o', 'g', 0x00, 0x00,
  0x03, 0x03, 0x02, 0x01, 0x01,                               /* functions: 2 of type 1 */
  0x07, 0x0d, 0x02, 0x03, 'a', 'd', 'd', 0x00, 0x01,          /* exports: add = func 1 */
  0x03, 'd', 'i', 'v', 0x00, 0x02,                            /*          div = func 2 */
  0x0a, 0x1b, 0x02,                                           /* code */
  0x11, 0x01, 0x01, 0x7f, 0x20, 0x00, 0x20, 0x01, 0x6a,       /* add */
  0x21, 0x02, 0x20, 0x02, 0x10, 0x00, 0x20, 0x02, 0x0b,
  0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b,             /* div */
};

/* The host function host.log: prints its argument. env is the prefix given
 * to husk_func_new. Returning a trap instead of NULL would stop the guest. */
static husk_trap *host_log(husk_caller *caller, void *env, const husk_val *args,
                           husk_val *results) {
  (void)caller;
  (void)results;
  printf("%s%d\n", (const char *)env, args[0].of.i32);
  return NULL;
}

/* Prints and frees an error; returns the exit status for it. */
static int fail(const char *what, husk_error *err) {
  fprintf(stderr, "embed: %s: %s\n", what, husk_error_message(err));
  husk_error_delete(err);
  return 1;
}

/* Prints a trap with its backtrace (innermost frame first) and frees it. */
static void report_trap(const char *what, husk_trap *trap) {
  printf("%s trapped: %s\n", what, husk_trap_message(trap));
  for (size_t i = 0; i < husk_trap_frame_count(trap); i++)
    printf("  at %s\n", husk_trap_frame_name(trap, i));
  husk_trap_delete(trap);
}

/* The exported function name, or NULL. */
static husk_func *export_func(husk_instance *instance, const char *name) {
  husk_extern ext;
  if (!husk_instance_export(instance, name, &ext) || ext.kind != HUSK_EXTERN_FUNC)
    return NULL;
  return ext.of.func;
}

/* Calls func(a, b) -> i32; prints the result or the trap. Returns true when
 * it returned normally. */
static bool call2(husk_store *store, husk_func *func, const char *name, int32_t a, int32_t b) {
  husk_val args[2] = {husk_val_i32(a), husk_val_i32(b)};
  husk_val result;
  char what[64];
  snprintf(what, sizeof what, "%s(%d, %d)", name, a, b);
  husk_trap *trap = husk_func_call(store, func, args, 2, &result, 1);
  if (trap) {
    report_trap(what, trap);
    return false;
  }
  printf("%s = %d\n", what, result.of.i32);
  return true;
}

int main(int argc, char **argv) {
  int32_t a = 40, b = 2;
  if (argc == 3) {
    a = (int32_t)strtol(argv[1], NULL, 0);
    b = (int32_t)strtol(argv[2], NULL, 0);
  } else if (argc != 1) {
    fprintf(stderr, "usage: %s [A B]\n", argv[0]);
    return 2;
  }
  printf("husk %s\n", HUSK_VERSION);

  /* An engine (default config: NULL), and the module compiled by it. */
  husk_engine *engine;
  husk_error *err = husk_engine_new(NULL, &engine);
  if (err) return fail("engine", err);
  husk_module *module;
  err = husk_module_new(engine, module_bytes, sizeof module_bytes, &module);
  if (err) {
    husk_engine_delete(engine);
    return fail("module", err);
  }

  /* A store holds everything the instance creates; the linker resolves the
   * module's imports by name. */
  int status = 0;
  husk_store *store = husk_store_new(engine, NULL);
  husk_linker *linker = husk_linker_new(store);
  husk_instance *instance = NULL;
  husk_trap *trap = NULL;
  if (!store || !linker) {
    fprintf(stderr, "embed: out of memory\n");
    status = 1;
    goto done;
  }

  static const husk_valkind log_params[] = {HUSK_I32};
  husk_functype log_type = {log_params, 1, NULL, 0};
  husk_extern log_func = {.kind = HUSK_EXTERN_FUNC};
  log_func.of.func = husk_func_new(store, &log_type, host_log, (void *)"log: ", NULL);
  if (!log_func.of.func) {
    fprintf(stderr, "embed: out of memory\n");
    status = 1;
    goto done;
  }
  if ((err = husk_linker_define(linker, "host", "log", &log_func)) ||
      (err = husk_linker_instantiate(linker, module, &instance, &trap))) {
    status = fail("instantiate", err);
    goto done;
  }
  if (trap) {                          /* a start function trapped */
    report_trap("instantiate", trap);
    status = 1;
    goto done;
  }

  husk_func *add = export_func(instance, "add"), *div = export_func(instance, "div");
  if (!add || !div) {
    fprintf(stderr, "embed: the module does not export add and div\n");
    status = 1;
    goto done;
  }
  if (!call2(store, add, "add", a, b)) status = 1;
  /* A trap stops only that call: the store and instance stay usable. */
  call2(store, div, "div", a, 0);
  if (!call2(store, add, "add", a, -b)) status = 1;

done:
  /* Instances and funcs belong to the store; the linker goes before it. */
  husk_linker_delete(linker);
  husk_store_delete(store);
  husk_module_delete(module);
  husk_engine_delete(engine);
  return status;
}
