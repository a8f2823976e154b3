/*
 * runtime.c - a husk_js: the QuickJS runtime and context, the bindings of
 * the built-in modules, running a program, and reporting what went wrong.
 */
#define _GNU_SOURCE   /* memmem */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "js/embedded.h"
#include "js/internal.h"
#include "util/error.h"

husk_js *hjs_of(JSContext *ctx) { return JS_GetContextOpaque(ctx); }

uint64_t hjs_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------- errors */

static JSValue throw_with_code(JSContext *ctx, JSValue err, const char *code,
                               const char *fmt, va_list ap) {
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  JS_DefinePropertyValueStr(ctx, err, "message", JS_NewString(ctx, msg),
                            JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE);
  if (code) JS_SetPropertyStr(ctx, err, "code", JS_NewString(ctx, code));
  return JS_Throw(ctx, err);
}

JSValue hjs_throw_code(JSContext *ctx, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  JSValue r = throw_with_code(ctx, JS_NewError(ctx), code, fmt, ap);
  va_end(ap);
  return r;
}

JSValue hjs_throw_type(JSContext *ctx, const char *code, const char *fmt, ...) {
  /* JS_ThrowTypeError makes the object (with its stack); take it back to
   * set the code. */
  JS_ThrowTypeError(ctx, "%s", "");
  JSValue err = JS_GetException(ctx);
  va_list ap;
  va_start(ap, fmt);
  JSValue r = throw_with_code(ctx, err, code, fmt, ap);
  va_end(ap);
  return r;
}

/* Appends the frames of a QuickJS stack to out, leaving out husk's own
 * (built-in modules, "husk:NAME", and native functions) and collapsing a
 * run of identical frames, as deep recursion makes. */
static void append_frames(char *out, size_t size, const char *stack) {
  size_t used = strlen(out);
  const char *prev = NULL;
  size_t prev_len = 0, repeats = 0;
  for (const char *line = stack; *line;) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    bool internal = memmem(line, len, "(husk:", 6) || memmem(line, len, "(native)", 8);
    if (!internal && len > 0) {
      if (prev && len == prev_len && !memcmp(line, prev, len)) {
        repeats++;
      } else {
        if (repeats)
          used += snprintf(out + used, used < size ? size - used : 0,
                           "\n    ... %zu more of the same frame", repeats);
        repeats = 0;
        used += snprintf(out + used, used < size ? size - used : 0, "\n%.*s", (int)len, line);
        prev = line;
        prev_len = len;
      }
    }
    if (!end) break;
    line = end + 1;
  }
  if (repeats)
    snprintf(out + used, used < size ? size - used : 0,
             "\n    ... %zu more of the same frame", repeats);
}

/* "Name: message\n    at ..." for errors (QuickJS's stack lacks the first
 * line), the string form for anything else. */
static char *describe(JSContext *ctx, JSValueConst val) {
  const char *head = JS_ToCString(ctx, val);
  if (!head) {
    JS_FreeValue(ctx, JS_GetException(ctx));
    head = JS_ToCString(ctx, JS_NewString(ctx, "(unprintable value)"));
  }
  const char *stack = NULL;
  if (JS_IsError(ctx, val)) {
    JSValue s = JS_GetPropertyStr(ctx, val, "stack");
    if (JS_IsString(s)) stack = JS_ToCString(ctx, s);
    JS_FreeValue(ctx, s);
  }
  size_t n = strlen(head) + (stack ? strlen(stack) + 64 : 0) + 1;
  char *out = malloc(n);
  if (out) {
    snprintf(out, n, "%s", head);
    if (stack) append_frames(out, n, stack);
  }
  JS_FreeCString(ctx, head);
  if (stack) JS_FreeCString(ctx, stack);
  return out;
}

void hjs_report_value(husk_js *js, const char *prefix, JSValueConst val) {
  char *text = describe(js->ctx, val);
  if (!text) return;
  size_t n = strlen(prefix) + strlen(text) + 2;
  char *msg = malloc(n);
  if (msg) {
    snprintf(msg, n, "%s%s%s", prefix, *prefix ? " " : "", text);
    hjs_console_emit(js, HUSK_JS_ERROR, msg, strlen(msg));
  }
  free(msg);
  free(text);
}

/* Reports the exception unless it is how the run was stopped on purpose. */
int hjs_report_exception(husk_js *js) {
  JSContext *ctx = js->ctx;
  JSValue exc = JS_GetException(ctx);
  int status = HJS_EXIT_ERROR;
  /* After the limit was hit, lift it: the heap is still full, and the
   * report needs a few allocations of its own (the run is over anyway). */
  if (js->allocation_failed) JS_SetMemoryLimit(js->rt, (size_t)-1);
  if (js->exiting) {
    status = js->exit_code;
  } else if (js->timed_out || atomic_load(&js->interrupted)) {
    const char *what = js->timed_out ? "timed out" : "interrupted";
    char msg[128];
    if (js->timed_out)
      snprintf(msg, sizeof msg, "husk: script %s after %llu ms", what,
               (unsigned long long)js->config.timeout_ms);
    else
      snprintf(msg, sizeof msg, "husk: script %s", what);
    hjs_console_emit(js, HUSK_JS_ERROR, msg, strlen(msg));
    status = HJS_EXIT_TIMEOUT;
  } else {
    /* QuickJS reports exhaustion as InternalError "out of memory", or,
     * when even that error could not be allocated, as some other value;
     * the allocator below says whether the limit was really hit. */
    bool oom = false;
    if (JS_IsError(ctx, exc)) {
      JSValue m = JS_GetPropertyStr(ctx, exc, "message");
      const char *s = JS_ToCString(ctx, m);
      /* An error left unreadable by the exhaustion counts too. */
      oom = s ? strcmp(s, "out of memory") == 0 : js->allocation_failed;
      if (!s) JS_FreeValue(ctx, JS_GetException(ctx));
      JS_FreeCString(ctx, s);
      JS_FreeValue(ctx, m);
    } else {
      oom = js->allocation_failed;
    }
    if (oom) {
      const char *msg = "husk: JavaScript heap out of memory (memory limit reached)";
      hjs_console_emit(js, HUSK_JS_ERROR, msg, strlen(msg));
      status = HJS_EXIT_OOM;
    } else {
      hjs_report_value(js, "Uncaught", exc);
    }
  }
  JS_FreeValue(ctx, exc);
  return status;
}

/* ---------------------------------------------------------- helpers */

void hjs_set_functions(JSContext *ctx, JSValueConst obj,
                       const JSCFunctionListEntry *list, int count) {
  for (int i = 0; i < count; i++)
    JS_DefinePropertyValueStr(ctx, obj, list[i].name,
                              JS_NewCFunction(ctx, list[i].u.func.cfunc.generic,
                                              list[i].name, list[i].u.func.length),
                              JS_PROP_C_W_E);
}

uint8_t *hjs_bytes(JSContext *ctx, JSValueConst val, size_t *size) {
  size_t offset, len, elem;
  JSValue ab = JS_GetTypedArrayBuffer(ctx, val, &offset, &len, &elem);
  if (!JS_IsException(ab)) {
    size_t total;
    uint8_t *p = JS_GetArrayBuffer(ctx, &total, ab);
    JS_FreeValue(ctx, ab);
    if (!p) return NULL;
    *size = len;
    return p + offset;
  }
  JS_FreeValue(ctx, JS_GetException(ctx));
  uint8_t *p = JS_GetArrayBuffer(ctx, size, val);
  if (p) return p;
  JS_FreeValue(ctx, JS_GetException(ctx));
  /* DataView: go through its buffer and offsets. */
  JSValue buf = JS_GetPropertyStr(ctx, val, "buffer");
  uint32_t off = 0, blen = 0;
  if (JS_IsObject(buf)) {
    JSValue o = JS_GetPropertyStr(ctx, val, "byteOffset");
    JSValue l = JS_GetPropertyStr(ctx, val, "byteLength");
    JS_ToUint32(ctx, &off, o);
    JS_ToUint32(ctx, &blen, l);
    size_t total;
    p = JS_GetArrayBuffer(ctx, &total, buf);
    JS_FreeValue(ctx, buf);
    if (p && (size_t)off + blen <= total) {
      *size = blen;
      return p + off;
    }
    if (!p) JS_FreeValue(ctx, JS_GetException(ctx));
  } else {
    JS_FreeValue(ctx, buf);
  }
  JS_ThrowTypeError(ctx, "expected an ArrayBuffer, a TypedArray or a DataView");
  return NULL;
}

/* ---------------------------------------------------------- bindings */

static const struct {
  const char *name;
  hjs_binding_init *init;
} bindings[] = {
  {"loader", hjs_bind_loader},   {"console", hjs_bind_console},
  {"loop", hjs_bind_loop},       {"process", hjs_bind_process},
  {"fs", hjs_bind_fs},           {"encoding", hjs_bind_encoding},
  {"crypto", hjs_bind_crypto},   {"wasm", hjs_bind_wasm},
};

/* binding(name): the native half of a module, made once. */
static JSValue js_binding(JSContext *ctx, JSValueConst this_val, int argc,
                          JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  husk_js *js = hjs_of(ctx);
  const char *name = JS_ToCString(ctx, argv[0]);
  if (!name) return JS_EXCEPTION;
  JSValue obj = JS_GetPropertyStr(ctx, js->bindings, name);
  if (JS_IsUndefined(obj)) {
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
      if (strcmp(bindings[i].name, name) != 0) continue;
      obj = JS_NewObject(ctx);
      if (bindings[i].init(ctx, obj) < 0) {
        JS_FreeValue(ctx, obj);
        obj = JS_EXCEPTION;
      } else {
        JS_SetPropertyStr(ctx, js->bindings, name, JS_DupValue(ctx, obj));
      }
      break;
    }
    if (JS_IsUndefined(obj)) obj = JS_ThrowInternalError(ctx, "no binding '%s'", name);
  }
  JS_FreeCString(ctx, name);
  return obj;
}

/* The require a library gets: the loader's requireLib, looked up when
 * called, since the loader itself is being set up by a library. */
static JSValue js_lib_require(JSContext *ctx, JSValueConst this_val, int argc,
                              JSValueConst *argv) {
  (void)this_val;
  JSValue fn = JS_GetPropertyStr(ctx, hjs_of(ctx)->loader, "requireLib");
  JSValue r = JS_Call(ctx, fn, JS_UNDEFINED, argc, argv);
  JS_FreeValue(ctx, fn);
  return r;
}

JSValue hjs_load_lib(JSContext *ctx, const char *name) {
  for (size_t i = 0; i < hjs_embedded_count; i++) {
    const hjs_embedded *m = &hjs_embedded_modules[i];
    if (strcmp(m->name, name) != 0) continue;
    JSValue fn = JS_ReadObject(ctx, m->bytecode, m->size, JS_READ_OBJ_BYTECODE);
    if (JS_IsException(fn)) return fn;
    JSValue wrapper = JS_EvalFunction(ctx, fn);
    if (JS_IsException(wrapper)) return wrapper;
    JSValue module = JS_NewObject(ctx);
    JSValue exports = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, module, "exports", JS_DupValue(ctx, exports));
    JSValue require = JS_NewCFunction(ctx, js_lib_require, "require", 1);
    JSValue binding = JS_NewCFunction(ctx, js_binding, "binding", 1);
    JSValueConst args[] = {exports, require, module, binding};
    JSValue r = JS_Call(ctx, wrapper, JS_UNDEFINED, 4, args);
    JS_FreeValue(ctx, wrapper);
    JS_FreeValue(ctx, exports);
    JS_FreeValue(ctx, require);
    JS_FreeValue(ctx, binding);
    if (JS_IsException(r)) {
      JS_FreeValue(ctx, module);
      return r;
    }
    JS_FreeValue(ctx, r);
    JSValue out = JS_GetPropertyStr(ctx, module, "exports");
    JS_FreeValue(ctx, module);
    return out;
  }
  return JS_ThrowInternalError(ctx, "no built-in library '%s'", name);
}

/* ---------------------------------------------------------- lifecycle */

/* QuickJS's default allocator, plus a note of refused allocations: when an
 * out-of-memory error cannot itself be allocated, QuickJS throws whatever
 * it has, and the note is how the report still says "out of memory". */
#define MALLOC_OVERHEAD 8

static void *hjs_alloc(JSMallocState *s, size_t size) {
  void *p = s->malloc_size + size > s->malloc_limit ? NULL : malloc(size);
  if (!p) {
    ((husk_js *)s->opaque)->allocation_failed = true;
    return NULL;
  }
  s->malloc_count++;
  s->malloc_size += malloc_usable_size(p) + MALLOC_OVERHEAD;
  return p;
}

static void hjs_dealloc(JSMallocState *s, void *p) {
  if (!p) return;
  s->malloc_count--;
  s->malloc_size -= malloc_usable_size(p) + MALLOC_OVERHEAD;
  free(p);
}

static void *hjs_realloc(JSMallocState *s, void *p, size_t size) {
  if (!p) return size ? hjs_alloc(s, size) : NULL;
  if (size == 0) {
    hjs_dealloc(s, p);
    return NULL;
  }
  size_t old = malloc_usable_size(p);
  void *q = s->malloc_size + size - old > s->malloc_limit ? NULL : realloc(p, size);
  if (!q) {
    ((husk_js *)s->opaque)->allocation_failed = true;
    return NULL;
  }
  s->malloc_size += malloc_usable_size(q) - old;
  return q;
}

static size_t hjs_usable_size(const void *p) { return malloc_usable_size((void *)p); }

static const JSMallocFunctions allocator = {hjs_alloc, hjs_dealloc, hjs_realloc, hjs_usable_size};

static int interrupt_handler(JSRuntime *rt, void *opaque) {
  (void)rt;
  return hjs_should_stop(opaque);
}

/* QuickJS calls this when a promise is rejected with no handler (handled
 * false) and when one is attached later (true): the pairs cancel out, and
 * whatever is left once microtasks ran is reported by the loop. */
static void rejection_tracker(JSContext *ctx, JSValueConst promise, JSValueConst reason,
                              JS_BOOL is_handled, void *opaque) {
  husk_js *js = opaque;
  uint32_t len = 0;
  JSValue l = JS_GetPropertyStr(ctx, js->rejections, "length");
  JS_ToUint32(ctx, &len, l);
  if (!is_handled) {
    JS_SetPropertyUint32(ctx, js->rejections, len, JS_DupValue(ctx, promise));
    JS_SetPropertyUint32(ctx, js->rejections, len + 1, JS_DupValue(ctx, reason));
    return;
  }
  for (uint32_t i = 0; i < len; i += 2) {
    JSValue p = JS_GetPropertyUint32(ctx, js->rejections, i);
    bool same = JS_VALUE_GET_PTR(p) == JS_VALUE_GET_PTR(promise);
    JS_FreeValue(ctx, p);
    if (same) {
      /* splice(i, 2) */
      JSValue splice = JS_GetPropertyStr(ctx, js->rejections, "splice");
      JSValue args[] = {JS_NewUint32(ctx, i), JS_NewInt32(ctx, 2)};
      JS_FreeValue(ctx, JS_Call(ctx, splice, js->rejections, 2, args));
      JS_FreeValue(ctx, splice);
      break;
    }
  }
}

/* The bootstrap returns the loader API; it also defines the globals of the
 * selected built-ins (lazily: a module loads on first use). */
static int bootstrap(husk_js *js) {
  JSValue r = hjs_load_lib(js->ctx, "bootstrap");
  if (JS_IsException(r)) return -1;
  JS_FreeValue(js->ctx, r);   /* the same object it gave setLoader */
  return 0;
}

husk_error *husk_js_new(const husk_js_config *config, husk_js **out) {
  *out = NULL;
  husk_js *js = calloc(1, sizeof *js);
  if (!js) return husk_error_newf("out of memory");
  js->wake_fd = -1;
  js->loader = js->bindings = js->timers_hook = js->tick_hook = js->rejections = JS_UNDEFINED;
  husk_error *err = NULL;
  if (!hjs_config_copy(&js->config, config)) {
    err = husk_error_newf("out of memory");
    goto fail;
  }
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd) || !(js->cwd = strdup(cwd))) {
    err = husk_error_newf("cannot get the current directory: %s", strerror(errno));
    goto fail;
  }
  js->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if ((err = hjs_fs_init(js)) != NULL) goto fail;

  js->rt = JS_NewRuntime2(&allocator, js);
  if (!js->rt) {
    err = husk_error_newf("cannot create the JavaScript runtime");
    goto fail;
  }
  if (js->config.memory_limit) JS_SetMemoryLimit(js->rt, js->config.memory_limit);
  if (js->config.stack_size) JS_SetMaxStackSize(js->rt, js->config.stack_size);
  JS_SetRuntimeOpaque(js->rt, js);
  JS_SetInterruptHandler(js->rt, interrupt_handler, js);
  JS_SetHostPromiseRejectionTracker(js->rt, rejection_tracker, js);
  JS_SetCanBlock(js->rt, false);

  /* The standard intrinsics plus BigInt, but none of this release's
   * non-standard extensions (BigFloat, BigDecimal, operator overloading). */
  js->ctx = JS_NewContext(js->rt);
  if (!js->ctx) {
    err = husk_error_newf("cannot create the JavaScript context (memory limit too low?)");
    goto fail;
  }
  JS_SetContextOpaque(js->ctx, js);
  js->bindings = JS_NewObject(js->ctx);
  js->rejections = JS_NewArray(js->ctx);
  hjs_loader_init(js);
  if (bootstrap(js) < 0) {
    JSValue exc = JS_GetException(js->ctx);
    char *text = describe(js->ctx, exc);
    JS_FreeValue(js->ctx, exc);
    err = husk_error_newf("cannot start the JavaScript runtime: %s", text ? text : "?");
    free(text);
    goto fail;
  }
  *out = js;
  return NULL;

fail:
  husk_js_delete(js);
  return err;
}

void husk_js_delete(husk_js *js) {
  if (!js) return;
  if (js->ctx) {
    JSContext *ctx = js->ctx;
    JS_FreeValue(ctx, js->loader);
    JS_FreeValue(ctx, js->bindings);
    JS_FreeValue(ctx, js->timers_hook);
    JS_FreeValue(ctx, js->tick_hook);
    JS_FreeValue(ctx, js->rejections);
    hjs_wasm_release(js);
    hjs_loader_free(js);
    JS_FreeContext(ctx);
  }
  if (js->rt) JS_FreeRuntime(js->rt);
  hjs_wasm_free(js);   /* after the JS objects that point into its store */
  hjs_fs_free(js);
  if (js->wake_fd >= 0) close(js->wake_fd);
  hjs_config_clear(&js->config);
  free(js->request_id);
  free(js->cwd);
  free(js);
}

void husk_js_set_request_id(husk_js *js, const char *request_id) {
  free(js->request_id);
  js->request_id = request_id ? strdup(request_id) : NULL;
}

void husk_js_interrupt(husk_js *js) {
  atomic_store(&js->interrupted, true);
  hjs_wasm_interrupt(js);
  if (js->wake_fd >= 0) {
    uint64_t one = 1;
    ssize_t r = write(js->wake_fd, &one, sizeof one);   /* wakes the loop's poll */
    (void)r;
  }
}

/* ---------------------------------------------------------- running */

static int start(husk_js *js) {
  if (js->ran) {
    const char *msg = "husk: a runtime runs one program; make another husk_js";
    hjs_console_emit(js, HUSK_JS_ERROR, msg, strlen(msg));
    return HJS_EXIT_ERROR;
  }
  js->ran = true;
  if (js->config.timeout_ms)
    js->deadline_ns = hjs_now_ns() + js->config.timeout_ms * 1000000u;
  return 0;
}

/* After the main module: the loop, then process.exitCode. */
static int finish(husk_js *js, JSValue result) {
  int status;
  if (JS_IsException(result)) {
    status = hjs_report_exception(js);
  } else {
    JS_FreeValue(js->ctx, result);
    status = hjs_loop_run(js);
  }
  if (status == HJS_EXIT_OK && !js->exiting) {
    /* process.emit('exit') and process.exitCode, when process was used. */
    JSValue fn = JS_GetPropertyStr(js->ctx, js->loader, "atExit");
    JSValue r = JS_Call(js->ctx, fn, JS_UNDEFINED, 0, NULL);
    JS_FreeValue(js->ctx, fn);
    if (JS_IsException(r)) {
      status = hjs_report_exception(js);
    } else {
      int32_t code = 0;
      JS_ToInt32(js->ctx, &code, r);
      status = code;
    }
    JS_FreeValue(js->ctx, r);
  } else if (js->exiting) {
    status = js->exit_code;
  }
  return status;
}

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

int husk_js_run_file(husk_js *js, const char *path) {
  int status = start(js);
  if (status) return status;
  JSContext *ctx = js->ctx;
  char *abs = realpath(path, NULL);
  if (!abs) {
    char msg[PATH_MAX + 64];
    snprintf(msg, sizeof msg, "Cannot find module '%s': %s", path, strerror(errno));
    hjs_console_emit(js, HUSK_JS_ERROR, msg, strlen(msg));
    return HJS_EXIT_ERROR;
  }
  JSValue result;
  if (has_suffix(abs, ".hbc")) {
    size_t len;
    char *buf = hjs_read_file(abs, &len);
    result = buf ? hjs_eval_bytecode(ctx, (uint8_t *)buf, len)
                 : JS_ThrowReferenceError(ctx, "cannot read %s: %s", abs, strerror(errno));
    free(buf);
  } else {
    JSValue run = JS_GetPropertyStr(ctx, js->loader, "runMain");
    JSValue arg = JS_NewString(ctx, abs);
    result = JS_Call(ctx, run, JS_UNDEFINED, 1, &arg);
    JS_FreeValue(ctx, run);
    JS_FreeValue(ctx, arg);
  }
  free(abs);
  return finish(js, result);
}

int husk_js_eval(husk_js *js, const char *source, size_t length,
                 const char *filename, bool as_module) {
  int status = start(js);
  if (status) return status;
  JSContext *ctx = js->ctx;
  JSValue result;
  if (as_module) {
    result = hjs_eval_module(ctx, source, length, filename, true);
  } else {
    /* The script form still gets require, like node -e. */
    JSValue run = JS_GetPropertyStr(ctx, js->loader, "runScript");
    JSValue args[] = {JS_NewStringLen(ctx, source, length), JS_NewString(ctx, filename)};
    result = JS_Call(ctx, run, JS_UNDEFINED, 2, (JSValueConst *)args);
    JS_FreeValue(ctx, run);
    JS_FreeValue(ctx, args[0]);
    JS_FreeValue(ctx, args[1]);
  }
  return finish(js, result);
}
