/*
 * internal.h - what the files of the JavaScript runtime share.
 *
 * Layout: config.c is the builder; runtime.c creates the QuickJS runtime,
 * runs programs and reports errors; loop.c is the event loop; loader.c
 * hooks ES modules and compiles CommonJS; the other C files each provide
 * the native half of one built-in module as a "binding", an object of C
 * functions handed to that module's JavaScript half (lib/NAME.js, compiled
 * to bytecode at build time, see embedded.h). lib/bootstrap.js ties it
 * together: the CommonJS loader, Node's resolution, and the globals.
 */
#ifndef HUSK_JS_INTERNAL_H
#define HUSK_JS_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "quickjs.h"
#include "husk/js.h"
#include "wasi/sandbox.h"

/* Exported by quickjs.c but missing from its header in this release: marks
 * an Error object as one that try/catch cannot stop (how process.exit
 * unwinds, like QuickJS's own "interrupted"). */
void JS_SetUncatchableError(JSContext *ctx, JSValueConst val, JS_BOOL flag);
JS_BOOL JS_IsUncatchableError(JSContext *ctx, JSValueConst val);

/* Exit statuses of a run (documented in js.h). */
enum {
  HJS_EXIT_OK = 0,
  HJS_EXIT_ERROR = 1,
  HJS_EXIT_TIMEOUT = 124,
  HJS_EXIT_OOM = 137,
};

/* ---------------------------------------------------------------- config.c */

typedef struct hjs_dir_spec {
  char *host, *guest;     /* guest NULL: same as host */
  bool read_only;
} hjs_dir_spec;

typedef struct hjs_env_spec {
  char *key, *value;
} hjs_env_spec;

struct husk_js_config {
  unsigned builtins;
  char **search_paths;
  size_t search_path_count;
  size_t memory_limit, stack_size;
  uint64_t timeout_ms;
  char **args;
  int arg_count;
  hjs_env_spec *envs;
  size_t env_count;
  bool inherit_env;
  hjs_dir_spec *dirs;
  size_t dir_count;
  husk_js_console_fn console;
  void *console_user;
};

/* Deep copy (false when out of memory; dst is then empty but deletable). */
bool hjs_config_copy(husk_js_config *dst, const husk_js_config *src);
void hjs_config_clear(husk_js_config *c);

/* ---------------------------------------------------------------- runtime */

/* A directory node:fs may use: guest is absolute and normalised. */
typedef struct hjs_preopen {
  char *guest;
  size_t guest_len;
  int fd;
  bool read_only;
} hjs_preopen;

typedef struct hjs_wasm hjs_wasm;   /* wasm_api.c */

struct husk_js {
  JSRuntime *rt;
  JSContext *ctx;
  husk_js_config config;
  char *request_id;
  char *cwd;                    /* process.cwd(): the host's, resolved */

  /* bootstrap.js's loader API and the loop hooks the timers and process
   * modules register (JS_UNDEFINED until they do). */
  JSValue loader;
  JSValue bindings;             /* name -> binding object, made on demand */
  JSValue timers_hook;          /* runs due timers; returns ms to wait */
  JSValue tick_hook;            /* drains process.nextTick's queue */
  JSValue rejections;           /* unhandled rejections: [promise, reason]... */

  /* node:fs */
  hjs_preopen *preopens;
  size_t preopen_count;
  sb_resolver resolver;

  /* Stopping: exit (process.exit), a deadline, an interrupt. */
  bool exiting;
  int exit_code;
  bool ran;                     /* a program was run (one per runtime) */
  uint64_t deadline_ns;         /* 0: none */
  atomic_bool interrupted;
  bool timed_out;
  bool allocation_failed;       /* the memory limit refused an allocation */
  int wake_fd;                  /* eventfd that husk_js_interrupt writes */

  hjs_wasm *wasm;               /* made on first use of WebAssembly */

  /* CommonJS modules imported by ES modules: the synthetic module and
   * the values its exports take when it is evaluated (loader.c). */
  struct hjs_synthetic *synthetics;
  size_t synthetic_count, synthetic_cap;
};

/* The husk_js of a context. */
husk_js *hjs_of(JSContext *ctx);
/* Monotonic time in nanoseconds. */
uint64_t hjs_now_ns(void);
/* Reports an exception (the current one) through the console sink and
 * returns the exit status it means: 1, or 124/137 for a timeout or memory
 * exhaustion, or the status of process.exit. */
int hjs_report_exception(husk_js *js);
/* Reports val as uncaught with a prefix ("Uncaught", "Unhandled rejection"). */
void hjs_report_value(husk_js *js, const char *prefix, JSValueConst val);
/* Writes one console message through the configured sink. */
void hjs_console_emit(husk_js *js, husk_js_level level, const char *msg, size_t len);

/* Runs the binding module's JS half: lib/NAME.js's wrapper, called with a
 * fresh module object; returns module.exports or an exception. */
JSValue hjs_load_lib(JSContext *ctx, const char *name);

/* Throws a Node-style error: new Error(message) with .code = code. */
JSValue hjs_throw_code(JSContext *ctx, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Throws TypeError/RangeError with a Node error code. */
JSValue hjs_throw_type(JSContext *ctx, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Defines functions on obj, the way JS_SetPropertyFunctionList does, but
 * writable and enumerable so the JS half can wrap them. */
void hjs_set_functions(JSContext *ctx, JSValueConst obj,
                       const JSCFunctionListEntry *list, int count);

/* A Number: JS_NewFloat64 without the (int32_t) cast it applies to every
 * double, which is undefined behaviour for large ones (UBSan reports it in
 * the sanitizer build, where that inline function is instrumented). */
static inline JSValue hjs_number(JSContext *ctx, double d) {
  if (d >= -2147483648.0 && d <= 2147483647.0 && d == (double)(int32_t)d &&
      !(d == 0 && 1 / d < 0))
    return JS_NewInt32(ctx, (int32_t)d);
  return __JS_NewFloat64(ctx, d);
}

/* Bytes of an ArrayBuffer, typed array or DataView; NULL after throwing. */
uint8_t *hjs_bytes(JSContext *ctx, JSValueConst val, size_t *size);

/* ---------------------------------------------------------------- bindings */

/* Each fills obj with the native functions of one module; -1 on exception. */
typedef int hjs_binding_init(JSContext *ctx, JSValueConst obj);
hjs_binding_init hjs_bind_loader;    /* loader.c */
hjs_binding_init hjs_bind_console;   /* console.c */
hjs_binding_init hjs_bind_loop;      /* loop.c */
hjs_binding_init hjs_bind_process;   /* process.c */
hjs_binding_init hjs_bind_fs;        /* fs.c */
hjs_binding_init hjs_bind_encoding;  /* encoding.c */
hjs_binding_init hjs_bind_crypto;    /* crypto.c */
hjs_binding_init hjs_bind_wasm;      /* wasm_api.c */

/* ---------------------------------------------------------------- loader.c */

/* Installs the ES module hooks. */
void hjs_loader_init(husk_js *js);
void hjs_loader_free(husk_js *js);
/* Compiles and evaluates the ES module in source, named filename; returns
 * undefined or an exception. */
JSValue hjs_eval_module(JSContext *ctx, const char *source, size_t len,
                        const char *filename, bool is_main);
/* Runs bytecode written by husk_js_compile_file. */
JSValue hjs_eval_bytecode(JSContext *ctx, const uint8_t *buf, size_t len);
/* Reads a whole host file (modules are code, not data: node:fs's sandbox
 * does not apply). NUL-terminated; NULL with errno set on failure. */
char *hjs_read_file(const char *path, size_t *len);

/* ---------------------------------------------------------------- loop.c */

/* Runs the event loop until nothing is pending, an uncaught error, exit or
 * timeout; returns the exit status (0 when it just ran dry). */
int hjs_loop_run(husk_js *js);
/* Runs microtasks (process.nextTick's queue, then promise jobs) until both
 * are empty; false after an uncaught error (left as the current exception
 * for hjs_report_exception). */
bool hjs_run_microtasks(husk_js *js);
/* The interrupt handler's test: deadline passed or husk_js_interrupt. */
bool hjs_should_stop(husk_js *js);

/* ---------------------------------------------------------------- fs.c */

husk_error *hjs_fs_init(husk_js *js);
void hjs_fs_free(husk_js *js);

/* ---------------------------------------------------------------- wasm_api.c */

/* Frees the JS values the Wasm state holds (before the context goes),
 * then, once the runtime is gone, the store and engine. */
void hjs_wasm_release(husk_js *js);
void hjs_wasm_free(husk_js *js);
/* Stops Wasm running in the runtime's store (any thread). */
void hjs_wasm_interrupt(husk_js *js);

#endif
