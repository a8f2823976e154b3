/*
 * process.c - the native half of `process`: what the guest may see of its
 * arguments and environment (only what the embedder configured), clocks,
 * exiting, and raw writes to stdout/stderr.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "js/internal.h"

extern char **environ;

static JSValue js_args(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  husk_js *js = hjs_of(ctx);
  JSValue a = JS_NewArray(ctx);
  for (int i = 0; i < js->config.arg_count; i++)
    JS_SetPropertyUint32(ctx, a, i, JS_NewString(ctx, js->config.args[i]));
  return a;
}

/* The guest's environment: the host's only with inherit_env, then the
 * configured variables on top. */
static JSValue js_env(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  husk_js *js = hjs_of(ctx);
  JSValue env = JS_NewObject(ctx);
  if (js->config.inherit_env) {
    for (char **e = environ; *e; e++) {
      const char *eq = strchr(*e, '=');
      if (!eq) continue;
      JSAtom key = JS_NewAtomLen(ctx, *e, eq - *e);
      JS_SetProperty(ctx, env, key, JS_NewString(ctx, eq + 1));
      JS_FreeAtom(ctx, key);
    }
  }
  for (size_t i = 0; i < js->config.env_count; i++)
    JS_SetPropertyStr(ctx, env, js->config.envs[i].key,
                      JS_NewString(ctx, js->config.envs[i].value));
  return env;
}

/* exit(code): unwinds everything, try/finally included, like the
 * "interrupted" error QuickJS uses for its interrupt handler. */
static JSValue js_exit(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  husk_js *js = hjs_of(ctx);
  int32_t code = 0;
  if (argc > 0 && JS_ToInt32(ctx, &code, argv[0]) < 0) return JS_EXCEPTION;
  js->exiting = true;
  js->exit_code = code & 0xff;
  JSValue err = JS_NewError(ctx);
  JS_SetPropertyStr(ctx, err, "message", JS_NewString(ctx, "process.exit"));
  JS_SetUncatchableError(ctx, err, true);
  return JS_Throw(ctx, err);
}

/* hrtime(): [seconds, nanoseconds] on the monotonic clock. */
static JSValue js_hrtime(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  uint64_t ns = hjs_now_ns();
  JSValue a = JS_NewArray(ctx);
  JS_SetPropertyUint32(ctx, a, 0, JS_NewInt64(ctx, (int64_t)(ns / 1000000000u)));
  JS_SetPropertyUint32(ctx, a, 1, JS_NewInt64(ctx, (int64_t)(ns % 1000000000u)));
  return a;
}

static JSValue js_hrtime_bigint(JSContext *ctx, JSValueConst this_val, int argc,
                                JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  return JS_NewBigUint64(ctx, hjs_now_ns());
}

static JSValue js_cwd(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  return JS_NewString(ctx, hjs_of(ctx)->cwd);
}

static JSValue js_exec_path(JSContext *ctx, JSValueConst this_val, int argc,
                            JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return JS_NewString(ctx, n > 0 ? (buf[n] = '\0', buf) : "husk");
}

/* writeRaw(fd, string): process.stdout.write and process.stderr.write go
 * to the console sink at info/error level when one is set by the embedder,
 * but with the text sink (the default) straight to the stream, so that a
 * partial line stays partial. */
static JSValue js_write_raw(JSContext *ctx, JSValueConst this_val, int argc,
                            JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  husk_js *js = hjs_of(ctx);
  int32_t fd;
  if (JS_ToInt32(ctx, &fd, argv[0]) < 0) return JS_EXCEPTION;
  size_t len;
  const char *s = JS_ToCStringLen(ctx, &len, argv[1]);
  if (!s) return JS_EXCEPTION;
  if (js->config.console == husk_js_console_text) {
    FILE *f = fd == 2 ? stderr : stdout;
    fwrite(s, 1, len, f);
    fflush(f);
  } else {
    /* Line-oriented sinks get the text without its final newline. */
    size_t n = len && s[len - 1] == '\n' ? len - 1 : len;
    hjs_console_emit(js, fd == 2 ? HUSK_JS_ERROR : HUSK_JS_INFO, s, n);
  }
  JS_FreeCString(ctx, s);
  return JS_TRUE;
}

static JSValue js_memory_usage(JSContext *ctx, JSValueConst this_val, int argc,
                               JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  JSMemoryUsage u;
  JS_ComputeMemoryUsage(JS_GetRuntime(ctx), &u);
  long rss_pages = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    long size;
    if (fscanf(f, "%ld %ld", &size, &rss_pages) != 2) rss_pages = 0;
    fclose(f);
  }
  JSValue o = JS_NewObject(ctx);
  JS_SetPropertyStr(ctx, o, "rss", JS_NewInt64(ctx, rss_pages * sysconf(_SC_PAGESIZE)));
  JS_SetPropertyStr(ctx, o, "heapTotal", JS_NewInt64(ctx, u.malloc_size));
  JS_SetPropertyStr(ctx, o, "heapUsed", JS_NewInt64(ctx, u.memory_used_size));
  JS_SetPropertyStr(ctx, o, "external", JS_NewInt64(ctx, 0));
  JS_SetPropertyStr(ctx, o, "arrayBuffers", JS_NewInt64(ctx, 0));
  return o;
}

int hjs_bind_process(JSContext *ctx, JSValueConst obj) {
  static const JSCFunctionListEntry fns[] = {
    JS_CFUNC_DEF("args", 0, js_args),
    JS_CFUNC_DEF("env", 0, js_env),
    JS_CFUNC_DEF("exit", 1, js_exit),
    JS_CFUNC_DEF("hrtime", 0, js_hrtime),
    JS_CFUNC_DEF("hrtimeBigint", 0, js_hrtime_bigint),
    JS_CFUNC_DEF("cwd", 0, js_cwd),
    JS_CFUNC_DEF("execPath", 0, js_exec_path),
    JS_CFUNC_DEF("writeRaw", 2, js_write_raw),
    JS_CFUNC_DEF("memoryUsage", 0, js_memory_usage),
  };
  hjs_set_functions(ctx, obj, fns, sizeof fns / sizeof fns[0]);
  JS_SetPropertyStr(ctx, obj, "pid", JS_NewInt32(ctx, getpid()));
  return 0;
}
