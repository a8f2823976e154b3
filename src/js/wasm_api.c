/*
 * wasm_api.c - the WebAssembly JS API on husk's own engine (husk.h).
 *
 * Module, Instance, Memory, Table and Global are classes made here; the
 * namespace, the error classes and the promise forms (validate, compile,
 * instantiate, *Streaming) are lib/webassembly.js, which hands its error
 * constructors to init().
 *
 * One engine and one store per runtime, made on first use. Everything an
 * instance creates lives in that store until the runtime is deleted, so
 * the JS objects only point into it. Three rules keep the two worlds
 * consistent:
 *   - identity: the same Wasm function, memory, table or global always
 *     comes back as the same JS object (a pointer -> object map);
 *   - memory views: a Memory's buffer is an ArrayBuffer over the linear
 *     memory itself. Whenever the memory may have moved or grown (grow()
 *     from JS, and every return from Wasm to JS or call from Wasm into JS)
 *     the old buffer is detached if base or size changed, so stale views
 *     read as empty instead of dangling; wasm-bindgen relies on exactly
 *     this (it refreshes its views when byteLength is 0);
 *   - exceptions: a JS exception thrown by an import unwinds the Wasm
 *     frames as a trap and is rethrown, unchanged, to the JS caller.
 */
#include <stdlib.h>
#include <string.h>

#include "js/internal.h"

/* ---------------------------------------------------------- state */

enum { K_FUNC, K_MEMORY, K_TABLE, K_GLOBAL };

/* A pointer -> JS object map (open addressing), for identity. */
typedef struct handle {
  void *ptr;
  JSValue obj;
  /* memories: the current buffer and what it was made over */
  JSValue buffer;
  uint8_t *data;
  size_t size;
} handle;

/* The env of a JS function imported into Wasm. */
typedef struct host_env {
  husk_js *js;
  JSValue fn;
  husk_valkind *params, *results;
  size_t param_count, result_count;
  struct host_env *next;
} host_env;

typedef struct wasm_module {
  husk_module *module;
  bool instantiated;
} wasm_module;

struct hjs_wasm {
  husk_engine *engine;
  husk_store *store;
  JSValue errors[3];            /* CompileError, LinkError, RuntimeError */
  JSValue externs;              /* externref values; index + 1 is the pointer */
  uint32_t extern_count;
  JSAtom func_key;              /* hidden key: exported function -> its husk_func */
  handle *handles;
  size_t handle_count, handle_cap;
  husk_memory **memories;       /* the memories with a JS object */
  size_t memory_count, memory_cap;
  host_env *hosts;
  husk_module **retired;        /* instantiated modules whose JS object died */
  size_t retired_count, retired_cap;
  JSValue pending;              /* the JS exception behind a host trap */
  bool has_pending;
  int depth;                    /* JS -> Wasm calls in progress */
};

enum { E_COMPILE, E_LINK, E_RUNTIME };

static JSClassID module_class, memory_class, table_class, global_class, funcref_class;

static hjs_wasm *wasm_of(JSContext *ctx) { return hjs_of(ctx)->wasm; }

static JSValue throw_wasm(JSContext *ctx, int kind, const char *msg) {
  hjs_wasm *w = wasm_of(ctx);
  JSValue arg = JS_NewString(ctx, msg);
  JSValue err = JS_CallConstructor(ctx, w->errors[kind], 1, (JSValueConst *)&arg);
  JS_FreeValue(ctx, arg);
  if (JS_IsException(err)) return err;
  return JS_Throw(ctx, err);
}

/* ---------------------------------------------------------- handles */

static size_t hash_ptr(const void *p, size_t cap) {
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 17;
  x *= 0xed5ad4bbu;
  x ^= x >> 11;
  return x & (cap - 1);
}

static handle *find_handle(hjs_wasm *w, const void *ptr) {
  if (!w->handle_cap) return NULL;
  for (size_t i = hash_ptr(ptr, w->handle_cap);; i = (i + 1) & (w->handle_cap - 1)) {
    if (w->handles[i].ptr == ptr) return &w->handles[i];
    if (!w->handles[i].ptr) return NULL;
  }
}

/* Adds ptr -> obj (which the map keeps alive); NULL when out of memory. */
static handle *add_handle(JSContext *ctx, hjs_wasm *w, void *ptr, JSValueConst obj) {
  if ((w->handle_count + 1) * 2 > w->handle_cap) {
    size_t cap = w->handle_cap ? w->handle_cap * 2 : 64;
    handle *table = calloc(cap, sizeof *table);
    if (!table) return NULL;
    for (size_t i = 0; i < w->handle_cap; i++) {
      handle *h = &w->handles[i];
      if (!h->ptr) continue;
      size_t j = hash_ptr(h->ptr, cap);
      while (table[j].ptr) j = (j + 1) & (cap - 1);
      table[j] = *h;
    }
    free(w->handles);
    w->handles = table;
    w->handle_cap = cap;
  }
  size_t i = hash_ptr(ptr, w->handle_cap);
  while (w->handles[i].ptr) i = (i + 1) & (w->handle_cap - 1);
  w->handles[i] = (handle){ptr, JS_DupValue(ctx, obj), JS_UNDEFINED, NULL, 0};
  w->handle_count++;
  return &w->handles[i];
}

/* The object of a handle class, or NULL (no exception). */
static void *unwrap(JSValueConst v, JSClassID id) { return JS_GetOpaque(v, id); }

/* ---------------------------------------------------------- memories */

static void detach(JSContext *ctx, handle *h) {
  if (!JS_IsUndefined(h->buffer)) {
    JS_DetachArrayBuffer(ctx, h->buffer);
    JS_FreeValue(ctx, h->buffer);
    h->buffer = JS_UNDEFINED;
  }
}

/* After anything that may have grown a memory: detach buffers whose
 * memory moved or changed size. */
static void refresh_memories(JSContext *ctx, hjs_wasm *w) {
  for (size_t i = 0; i < w->memory_count; i++) {
    handle *h = find_handle(w, w->memories[i]);
    if (!h || JS_IsUndefined(h->buffer)) continue;
    husk_memory *m = h->ptr;
    if (husk_memory_data(m) != h->data || husk_memory_size_bytes(m) != h->size) detach(ctx, h);
  }
}

/* ---------------------------------------------------------- values */

static int to_wasm(JSContext *ctx, husk_valkind kind, JSValueConst v, husk_val *out);
static JSValue from_wasm(JSContext *ctx, const husk_val *v);

static JSValue func_object(JSContext *ctx, husk_func *f);

/* ---------------------------------------------------------- calls */

/* Converts JS arguments, calls f, converts the results back. */
static JSValue call_func(JSContext *ctx, husk_func *f, int argc, JSValueConst *argv) {
  husk_js *js = hjs_of(ctx);
  hjs_wasm *w = js->wasm;
  husk_functype type = husk_func_type(f);
  husk_val *args = calloc(type.param_count + type.result_count + 1, sizeof *args);
  if (!args) return JS_ThrowOutOfMemory(ctx);
  husk_val *results = args + type.param_count;
  for (size_t i = 0; i < type.param_count; i++) {
    JSValueConst a = (int)i < argc ? argv[i] : JS_UNDEFINED;
    if (to_wasm(ctx, type.params[i], a, &args[i]) < 0) {
      free(args);
      return JS_EXCEPTION;
    }
  }
  /* The runtime's deadline also bounds Wasm, which never polls QuickJS. */
  if (w->depth++ == 0 && js->deadline_ns) {
    uint64_t now = hjs_now_ns();
    uint64_t left = js->deadline_ns > now ? (js->deadline_ns - now) / 1000000u + 1 : 1;
    husk_store_set_deadline(w->store, left);
  }
  husk_trap *trap = husk_func_call(w->store, f, args, type.param_count, results,
                                   type.result_count);
  w->depth--;
  refresh_memories(ctx, w);

  JSValue r;
  if (trap) {
    husk_trap_code code = husk_trap_code_of(trap);
    if (w->has_pending) {
      /* An import threw: that exception, not the trap, is what JS sees. */
      w->has_pending = false;
      r = JS_Throw(ctx, w->pending);
      w->pending = JS_UNDEFINED;
    } else if (code == HUSK_TRAP_INTERRUPTED || hjs_should_stop(js)) {
      hjs_should_stop(js);   /* notes a passed deadline as a timeout */
      JS_ThrowInternalError(ctx, "interrupted");
      JSValue e = JS_GetException(ctx);
      JS_SetUncatchableError(ctx, e, true);
      r = JS_Throw(ctx, e);
    } else {
      r = throw_wasm(ctx, E_RUNTIME, husk_trap_message(trap));
    }
    husk_trap_delete(trap);
  } else if (type.result_count == 0) {
    r = JS_UNDEFINED;
  } else if (type.result_count == 1) {
    r = from_wasm(ctx, &results[0]);
  } else {
    r = JS_NewArray(ctx);
    for (size_t i = 0; i < type.result_count; i++)
      JS_SetPropertyUint32(ctx, r, (uint32_t)i, from_wasm(ctx, &results[i]));
  }
  free(args);
  return r;
}

static JSValue js_call_export(JSContext *ctx, JSValueConst this_val, int argc,
                              JSValueConst *argv, int magic, JSValue *data) {
  (void)this_val;
  (void)magic;
  husk_func *f = unwrap(data[0], funcref_class);
  return call_func(ctx, f, argc, argv);
}

/* The JS function for a Wasm function: made once, so that identity holds.
 * Its "name" is the function index, as the JS API specifies; we use the
 * export name when there is one, which is what people expect to see. */
static JSValue func_object(JSContext *ctx, husk_func *f) {
  hjs_wasm *w = wasm_of(ctx);
  handle *h = find_handle(w, f);
  if (h) return JS_DupValue(ctx, h->obj);
  JSValue ref = JS_NewObjectClass(ctx, funcref_class);
  JS_SetOpaque(ref, f);
  husk_functype type = husk_func_type(f);
  JSValue fn = JS_NewCFunctionData(ctx, js_call_export, (int)type.param_count, 0, 1, &ref);
  JS_DefinePropertyValue(ctx, fn, w->func_key, ref, 0);   /* takes ref */
  if (!add_handle(ctx, w, f, fn)) {
    JS_FreeValue(ctx, fn);
    return JS_ThrowOutOfMemory(ctx);
  }
  return fn;
}

/* The husk_func of an exported Wasm function, or NULL. */
static husk_func *func_of(JSContext *ctx, JSValueConst v) {
  if (!JS_IsFunction(ctx, v)) return NULL;
  JSValue ref = JS_GetProperty(ctx, v, wasm_of(ctx)->func_key);
  husk_func *f = unwrap(ref, funcref_class);
  JS_FreeValue(ctx, ref);
  return f;
}

/* A JS function imported into Wasm: the callback of its husk_func. */
static husk_trap *host_call(husk_caller *caller, void *env, const husk_val *args,
                            husk_val *results) {
  (void)caller;
  host_env *h = env;
  JSContext *ctx = h->js->ctx;
  hjs_wasm *w = h->js->wasm;
  refresh_memories(ctx, w);
  JSValue argv[h->param_count + 1];
  for (size_t i = 0; i < h->param_count; i++) argv[i] = from_wasm(ctx, &args[i]);
  JSValue r = JS_Call(ctx, h->fn, JS_UNDEFINED, (int)h->param_count, argv);
  for (size_t i = 0; i < h->param_count; i++) JS_FreeValue(ctx, argv[i]);
  refresh_memories(ctx, w);
  int rc = JS_IsException(r) ? -1 : 0;
  if (rc == 0 && h->result_count == 1) {
    rc = to_wasm(ctx, h->results[0], r, &results[0]);
  } else if (rc == 0 && h->result_count > 1) {
    /* Multiple results come back as an iterable; arrays are what people pass. */
    for (size_t i = 0; rc == 0 && i < h->result_count; i++) {
      JSValue v = JS_GetPropertyUint32(ctx, r, (uint32_t)i);
      rc = JS_IsException(v) ? -1 : to_wasm(ctx, h->results[i], v, &results[i]);
      JS_FreeValue(ctx, v);
    }
  }
  JS_FreeValue(ctx, r);
  if (rc == 0) return NULL;
  JS_FreeValue(ctx, w->pending);
  w->pending = JS_GetException(ctx);
  w->has_pending = true;
  return husk_trap_new("JavaScript exception in an imported function");
}

static void host_finalize(void *env) { free(env); }

/* A husk_func calling JS function fn with the import's type. */
static husk_func *host_func(JSContext *ctx, JSValueConst fn, const husk_functype *type) {
  husk_js *js = hjs_of(ctx);
  hjs_wasm *w = js->wasm;
  size_t n = type->param_count + type->result_count;
  host_env *h = malloc(sizeof *h + (n + 1) * sizeof(husk_valkind));
  if (!h) return NULL;
  h->js = js;
  h->fn = JS_DupValue(ctx, fn);
  h->params = (husk_valkind *)(h + 1);
  h->results = h->params + type->param_count;
  h->param_count = type->param_count;
  h->result_count = type->result_count;
  memcpy(h->params, type->params, type->param_count * sizeof *h->params);
  memcpy(h->results, type->results, type->result_count * sizeof *h->results);
  h->next = w->hosts;
  w->hosts = h;
  return husk_func_new(w->store, type, host_call, h, host_finalize);
}

/* ---------------------------------------------------------- conversions */

static int to_wasm(JSContext *ctx, husk_valkind kind, JSValueConst v, husk_val *out) {
  out->kind = kind;
  switch (kind) {
  case HUSK_I32: {
    int32_t x;
    if (JS_ToInt32(ctx, &x, v) < 0) return -1;
    *out = husk_val_i32(x);
    return 0;
  }
  case HUSK_I64: {
    /* ToBigInt64: a Number is a TypeError, as in the JS API. */
    if (JS_VALUE_GET_TAG(v) != JS_TAG_BIG_INT && !JS_IsBool(v) && !JS_IsString(v)) {
      JS_ThrowTypeError(ctx, "Cannot convert a %s to a BigInt (i64 values are BigInts)",
                        JS_IsNumber(v) ? "Number" : "non-BigInt value");
      return -1;
    }
    int64_t x;
    if (JS_ToBigInt64(ctx, &x, v) < 0) return -1;
    *out = husk_val_i64(x);
    return 0;
  }
  case HUSK_F32:
  case HUSK_F64: {
    double d;
    if (JS_ToFloat64(ctx, &d, v) < 0) return -1;
    *out = kind == HUSK_F32 ? husk_val_f32((float)d) : husk_val_f64(d);
    return 0;
  }
  case HUSK_FUNCREF: {
    if (JS_IsNull(v)) {
      *out = husk_val_funcref(NULL);
      return 0;
    }
    husk_func *f = func_of(ctx, v);
    if (!f) {
      JS_ThrowTypeError(ctx, "a funcref must be null or an exported WebAssembly function");
      return -1;
    }
    *out = husk_val_funcref(f);
    return 0;
  }
  case HUSK_EXTERNREF: {
    if (JS_IsNull(v)) {
      *out = husk_val_externref(NULL);
      return 0;
    }
    hjs_wasm *w = wasm_of(ctx);
    JS_SetPropertyUint32(ctx, w->externs, w->extern_count, JS_DupValue(ctx, v));
    *out = husk_val_externref((void *)(uintptr_t)++w->extern_count);
    return 0;
  }
  }
  JS_ThrowTypeError(ctx, "unsupported value type");
  return -1;
}

static JSValue from_wasm(JSContext *ctx, const husk_val *v) {
  switch (v->kind) {
  case HUSK_I32: return JS_NewInt32(ctx, v->of.i32);
  case HUSK_I64: return JS_NewBigInt64(ctx, v->of.i64);
  case HUSK_F32: return hjs_number(ctx, husk_val_get_f32(v));
  case HUSK_F64: return hjs_number(ctx, husk_val_get_f64(v));
  case HUSK_FUNCREF: return v->of.funcref ? func_object(ctx, v->of.funcref) : JS_NULL;
  case HUSK_EXTERNREF: {
    uintptr_t i = (uintptr_t)v->of.externref;
    return i ? JS_GetPropertyUint32(ctx, wasm_of(ctx)->externs, (uint32_t)(i - 1)) : JS_NULL;
  }
  }
  return JS_UNDEFINED;
}

/* "i32", "anyfunc", ... -> kind; -1 after a TypeError. */
static int parse_valtype(JSContext *ctx, JSValueConst v, bool for_table) {
  const char *s = JS_ToCString(ctx, v);
  if (!s) return -1;
  int kind = -1;
  if (!strcmp(s, "anyfunc") || !strcmp(s, "funcref")) kind = HUSK_FUNCREF;
  else if (!strcmp(s, "externref")) kind = HUSK_EXTERNREF;
  else if (!for_table && !strcmp(s, "i32")) kind = HUSK_I32;
  else if (!for_table && !strcmp(s, "i64")) kind = HUSK_I64;
  else if (!for_table && !strcmp(s, "f32")) kind = HUSK_F32;
  else if (!for_table && !strcmp(s, "f64")) kind = HUSK_F64;
  if (kind < 0) JS_ThrowTypeError(ctx, "invalid %s type '%s'", for_table ? "element" : "value", s);
  JS_FreeCString(ctx, s);
  return kind;
}

/* The default of a missing value: 0, 0n, null, or undefined (externref). */
static int default_or(JSContext *ctx, husk_valkind kind, int argc, JSValueConst *argv, int i,
                      husk_val *out) {
  if (i < argc && !JS_IsUndefined(argv[i])) return to_wasm(ctx, kind, argv[i], out);
  switch (kind) {
  case HUSK_I64: *out = husk_val_i64(0); return 0;
  case HUSK_FUNCREF: *out = husk_val_funcref(NULL); return 0;
  case HUSK_EXTERNREF: return to_wasm(ctx, kind, JS_UNDEFINED, out);
  default: return to_wasm(ctx, kind, JS_NewInt32(ctx, 0), out);
  }
}

/* ToNonWrappingUint32 of descriptor[name]; *present false when absent. */
static int get_u32(JSContext *ctx, JSValueConst desc, const char *name, uint32_t *out,
                   bool *present) {
  JSValue v = JS_GetPropertyStr(ctx, desc, name);
  if (JS_IsException(v)) return -1;
  *present = !JS_IsUndefined(v);
  if (!*present) return 0;
  double d;
  int rc = JS_ToFloat64(ctx, &d, v);
  JS_FreeValue(ctx, v);
  if (rc < 0) return -1;
  if (!(d >= 0 && d <= 4294967295.0)) {
    JS_ThrowTypeError(ctx, "WebAssembly descriptor: '%s' must be a non-negative 32-bit integer", name);
    return -1;
  }
  *out = (uint32_t)d;
  return 0;
}

static int get_limits(JSContext *ctx, JSValueConst desc, husk_limits *limits) {
  if (!JS_IsObject(desc)) {
    JS_ThrowTypeError(ctx, "WebAssembly descriptor must be an object");
    return -1;
  }
  bool has_initial, has_min;
  uint32_t initial = 0, minimum = 0;
  if (get_u32(ctx, desc, "initial", &initial, &has_initial) < 0 ||
      get_u32(ctx, desc, "minimum", &minimum, &has_min) < 0 ||
      get_u32(ctx, desc, "maximum", &limits->max, &limits->has_max) < 0)
    return -1;
  if (!has_initial && !has_min) {
    JS_ThrowTypeError(ctx, "WebAssembly descriptor: 'initial' is required");
    return -1;
  }
  limits->min = has_initial ? initial : minimum;
  if (limits->has_max && limits->max < limits->min) {
    JS_ThrowRangeError(ctx, "WebAssembly descriptor: 'maximum' is below 'initial'");
    return -1;
  }
  return 0;
}

/* The new object for a constructor called with new_target. */
static JSValue new_instance(JSContext *ctx, JSValueConst new_target, JSClassID id,
                            const char *name) {
  if (JS_IsUndefined(new_target))
    return JS_ThrowTypeError(ctx, "WebAssembly.%s must be called with new", name);
  JSValue proto = JS_GetPropertyStr(ctx, new_target, "prototype");
  if (JS_IsException(proto)) return proto;
  JSValue obj = JS_NewObjectProtoClass(ctx, proto, id);
  JS_FreeValue(ctx, proto);
  return obj;
}

/* Wraps ptr in a new object of class id and records it; obj reuse when
 * one exists keeps identity. */
static JSValue wrap_handle(JSContext *ctx, void *ptr, JSClassID id) {
  hjs_wasm *w = wasm_of(ctx);
  handle *h = find_handle(w, ptr);
  if (h) return JS_DupValue(ctx, h->obj);
  JSValue obj = JS_NewObjectClass(ctx, id);
  JS_SetOpaque(obj, ptr);
  if (!(h = add_handle(ctx, w, ptr, obj))) {
    JS_FreeValue(ctx, obj);
    return JS_ThrowOutOfMemory(ctx);
  }
  if (id == memory_class) {
    if (w->memory_count == w->memory_cap) {
      size_t cap = w->memory_cap ? w->memory_cap * 2 : 8;
      husk_memory **grown = realloc(w->memories, cap * sizeof *grown);
      if (!grown) return JS_ThrowOutOfMemory(ctx);
      w->memories = grown;
      w->memory_cap = cap;
    }
    w->memories[w->memory_count++] = ptr;
  }
  return obj;
}

/* ---------------------------------------------------------- Module */

static uint8_t *buffer_source(JSContext *ctx, JSValueConst v, size_t *size) {
  uint8_t *p = hjs_bytes(ctx, v, size);
  if (!p) {
    JS_FreeValue(ctx, JS_GetException(ctx));
    JS_ThrowTypeError(ctx, "WebAssembly: argument must be a BufferSource (ArrayBuffer or typed array)");
  }
  return p;
}

static JSValue js_module_ctor(JSContext *ctx, JSValueConst new_target, int argc,
                              JSValueConst *argv) {
  hjs_wasm *w = wasm_of(ctx);
  size_t size;
  uint8_t *bytes = buffer_source(ctx, argc ? argv[0] : JS_UNDEFINED, &size);
  if (!bytes) return JS_EXCEPTION;
  husk_module *m;
  husk_error *err = husk_module_new(w->engine, bytes, size, &m);
  if (err) {
    JSValue r = throw_wasm(ctx, E_COMPILE, husk_error_message(err));
    husk_error_delete(err);
    return r;
  }
  wasm_module *wm = malloc(sizeof *wm);
  JSValue obj = wm ? new_instance(ctx, new_target, module_class, "Module") : JS_EXCEPTION;
  if (JS_IsException(obj)) {
    free(wm);
    husk_module_delete(m);
    return wm ? obj : JS_ThrowOutOfMemory(ctx);
  }
  *wm = (wasm_module){m, false};
  JS_SetOpaque(obj, wm);
  return obj;
}

static void module_finalizer(JSRuntime *rt, JSValue val) {
  wasm_module *wm = JS_GetOpaque(val, module_class);
  if (!wm) return;
  husk_js *js = JS_GetRuntimeOpaque(rt);
  hjs_wasm *w = js->wasm;
  /* An instance may still run the module's code: keep it until the store
   * goes (hjs_wasm_free). */
  if (wm->instantiated && w) {
    if (w->retired_count == w->retired_cap) {
      size_t cap = w->retired_cap ? w->retired_cap * 2 : 8;
      husk_module **grown = realloc(w->retired, cap * sizeof *grown);
      if (!grown) {
        free(wm);   /* leak the module rather than free it under an instance */
        return;
      }
      w->retired = grown;
      w->retired_cap = cap;
    }
    w->retired[w->retired_count++] = wm->module;
  } else {
    husk_module_delete(wm->module);
  }
  free(wm);
}

static wasm_module *module_arg(JSContext *ctx, JSValueConst v) {
  wasm_module *wm = unwrap(v, module_class);
  if (!wm) JS_ThrowTypeError(ctx, "WebAssembly: argument must be a WebAssembly.Module");
  return wm;
}

static const char *const kind_names[] = {"function", "table", "memory", "global"};

static JSValue js_module_imports(JSContext *ctx, JSValueConst this_val, int argc,
                                 JSValueConst *argv) {
  (void)this_val;
  wasm_module *wm = module_arg(ctx, argc ? argv[0] : JS_UNDEFINED);
  if (!wm) return JS_EXCEPTION;
  JSValue a = JS_NewArray(ctx);
  for (size_t i = 0; i < husk_module_import_count(wm->module); i++) {
    const husk_import_desc *d = husk_module_import(wm->module, i);
    JSValue o = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, o, "module", JS_NewStringLen(ctx, d->module, d->module_len));
    JS_SetPropertyStr(ctx, o, "name", JS_NewStringLen(ctx, d->name, d->name_len));
    JS_SetPropertyStr(ctx, o, "kind", JS_NewString(ctx, kind_names[d->type.kind & 3]));
    JS_SetPropertyUint32(ctx, a, (uint32_t)i, o);
  }
  return a;
}

static JSValue js_module_exports(JSContext *ctx, JSValueConst this_val, int argc,
                                 JSValueConst *argv) {
  (void)this_val;
  wasm_module *wm = module_arg(ctx, argc ? argv[0] : JS_UNDEFINED);
  if (!wm) return JS_EXCEPTION;
  JSValue a = JS_NewArray(ctx);
  for (size_t i = 0; i < husk_module_export_count(wm->module); i++) {
    const husk_export_desc *d = husk_module_export(wm->module, i);
    JSValue o = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, o, "name", JS_NewStringLen(ctx, d->name, d->name_len));
    JS_SetPropertyStr(ctx, o, "kind", JS_NewString(ctx, kind_names[d->type.kind & 3]));
    JS_SetPropertyUint32(ctx, a, (uint32_t)i, o);
  }
  return a;
}

static JSValue js_module_custom_sections(JSContext *ctx, JSValueConst this_val, int argc,
                                         JSValueConst *argv) {
  (void)this_val;
  wasm_module *wm = module_arg(ctx, argc ? argv[0] : JS_UNDEFINED);
  if (!wm) return JS_EXCEPTION;
  if (argc < 2 || JS_IsUndefined(argv[1]))
    return JS_ThrowTypeError(ctx, "WebAssembly.Module.customSections: a section name is required");
  const char *name = JS_ToCString(ctx, argv[1]);
  if (!name) return JS_EXCEPTION;
  JSValue a = JS_NewArray(ctx);
  uint32_t n = 0;
  for (size_t i = 0; i < husk_module_custom_section_count(wm->module); i++) {
    const uint8_t *data;
    size_t size;
    const char *s = husk_module_custom_section(wm->module, i, &data, &size);
    if (s && !strcmp(s, name))
      JS_SetPropertyUint32(ctx, a, n++, JS_NewArrayBufferCopy(ctx, data, size));
  }
  JS_FreeCString(ctx, name);
  return a;
}

/* ---------------------------------------------------------- Instance */

/* The value of import i from the import object, checked and converted. */
static int resolve_import(JSContext *ctx, JSValueConst imports, const husk_import_desc *d,
                          husk_extern *out) {
  hjs_wasm *w = wasm_of(ctx);
  JSValue mod = JS_GetPropertyStr(ctx, imports, d->module);
  if (JS_IsException(mod)) return -1;
  if (!JS_IsObject(mod)) {
    JS_FreeValue(ctx, mod);
    JS_ThrowTypeError(ctx, "WebAssembly.Instance: import module '%s' is not an object", d->module);
    return -1;
  }
  JSValue v = JS_GetPropertyStr(ctx, mod, d->name);
  JS_FreeValue(ctx, mod);
  if (JS_IsException(v)) return -1;
  char what[600];
  snprintf(what, sizeof what, "import '%s.%s'", d->module, d->name);
  int rc = 0;
  out->kind = d->type.kind;
  switch (d->type.kind) {
  case HUSK_EXTERN_FUNC:
    if (!JS_IsFunction(ctx, v)) {
      strncat(what, ": a function is required", sizeof what - strlen(what) - 1);
      throw_wasm(ctx, E_LINK, what);
      rc = -1;
    } else if (!(out->of.func = func_of(ctx, v))) {
      out->of.func = host_func(ctx, v, &d->type.func);
      if (!out->of.func) {
        JS_ThrowOutOfMemory(ctx);
        rc = -1;
      }
    }
    break;
  case HUSK_EXTERN_MEMORY:
    if (!(out->of.memory = unwrap(v, memory_class))) {
      strncat(what, ": a WebAssembly.Memory is required", sizeof what - strlen(what) - 1);
      throw_wasm(ctx, E_LINK, what);
      rc = -1;
    }
    break;
  case HUSK_EXTERN_TABLE:
    if (!(out->of.table = unwrap(v, table_class))) {
      strncat(what, ": a WebAssembly.Table is required", sizeof what - strlen(what) - 1);
      throw_wasm(ctx, E_LINK, what);
      rc = -1;
    }
    break;
  case HUSK_EXTERN_GLOBAL:
    if ((out->of.global = unwrap(v, global_class)) != NULL) break;
    {
      husk_valkind kind = d->type.global.type;
      bool number = JS_IsNumber(v) && kind != HUSK_I64;
      bool bigint = JS_VALUE_GET_TAG(v) == JS_TAG_BIG_INT && kind == HUSK_I64;
      bool ref = kind == HUSK_EXTERNREF || (kind == HUSK_FUNCREF && (JS_IsNull(v) || func_of(ctx, v)));
      if ((!number && !bigint && !ref) || d->type.global.mutable_) {
        strncat(what, d->type.global.mutable_ ? ": a mutable global needs a WebAssembly.Global"
                                              : ": a value of the global's type is required",
                sizeof what - strlen(what) - 1);
        throw_wasm(ctx, E_LINK, what);
        rc = -1;
        break;
      }
      husk_val val;
      if (to_wasm(ctx, kind, v, &val) < 0) {
        rc = -1;
        break;
      }
      out->of.global = husk_global_new(w->store, kind, false, val);
    }
    break;
  }
  JS_FreeValue(ctx, v);
  return rc;
}

/* The frozen, null-prototype exports object. */
static JSValue exports_object(JSContext *ctx, husk_instance *inst) {
  JSValue ex = JS_NewObjectProto(ctx, JS_NULL);
  for (size_t i = 0; i < husk_instance_export_count(inst); i++) {
    husk_extern e;
    const char *name = husk_instance_export_nth(inst, i, &e);
    const husk_export_desc *d = husk_module_export(husk_instance_module(inst), i);
    JSValue v;
    switch (e.kind) {
    case HUSK_EXTERN_FUNC: v = func_object(ctx, e.of.func); break;
    case HUSK_EXTERN_MEMORY: v = wrap_handle(ctx, e.of.memory, memory_class); break;
    case HUSK_EXTERN_TABLE: v = wrap_handle(ctx, e.of.table, table_class); break;
    default: v = wrap_handle(ctx, e.of.global, global_class); break;
    }
    if (JS_IsException(v)) {
      JS_FreeValue(ctx, ex);
      return v;
    }
    JSAtom key = JS_NewAtomLen(ctx, name, d ? d->name_len : strlen(name));
    JS_DefinePropertyValue(ctx, ex, key, v, JS_PROP_ENUMERABLE);
    JS_FreeAtom(ctx, key);
  }
  JS_PreventExtensions(ctx, ex);
  return ex;
}

static JSValue js_instance_ctor(JSContext *ctx, JSValueConst new_target, int argc,
                                JSValueConst *argv) {
  hjs_wasm *w = wasm_of(ctx);
  wasm_module *wm = module_arg(ctx, argc ? argv[0] : JS_UNDEFINED);
  if (!wm) return JS_EXCEPTION;
  JSValueConst imports = argc > 1 ? argv[1] : JS_UNDEFINED;
  size_t n = husk_module_import_count(wm->module);
  if (n > 0 && !JS_IsObject(imports))
    return JS_ThrowTypeError(ctx, "WebAssembly.Instance: the module has imports: an import object is required");
  husk_extern *externs = calloc(n + 1, sizeof *externs);
  if (!externs) return JS_ThrowOutOfMemory(ctx);
  for (size_t i = 0; i < n; i++) {
    if (resolve_import(ctx, imports, husk_module_import(wm->module, i), &externs[i]) < 0) {
      free(externs);
      return JS_EXCEPTION;
    }
  }
  if (JS_IsUndefined(new_target)) {
    free(externs);
    return JS_ThrowTypeError(ctx, "WebAssembly.Instance must be called with new");
  }
  JSValue proto = JS_GetPropertyStr(ctx, new_target, "prototype");
  JSValue obj = JS_NewObjectProto(ctx, proto);
  JS_FreeValue(ctx, proto);
  husk_instance *inst = NULL;
  husk_trap *trap = NULL;
  w->depth++;
  husk_error *err = husk_instance_new(w->store, wm->module, externs, n, &inst, &trap);
  w->depth--;
  free(externs);
  refresh_memories(ctx, w);
  wm->instantiated = true;   /* even a failed start may have left code in use */
  if (err) {
    JS_FreeValue(ctx, obj);
    JSValue r = throw_wasm(ctx, E_LINK, husk_error_message(err));
    husk_error_delete(err);
    return r;
  }
  if (trap) {
    JS_FreeValue(ctx, obj);
    JSValue r;
    if (w->has_pending) {
      w->has_pending = false;
      r = JS_Throw(ctx, w->pending);
      w->pending = JS_UNDEFINED;
    } else {
      r = throw_wasm(ctx, E_RUNTIME, husk_trap_message(trap));
    }
    husk_trap_delete(trap);
    return r;
  }
  JSValue ex = exports_object(ctx, inst);
  if (JS_IsException(ex)) {
    JS_FreeValue(ctx, obj);
    return ex;
  }
  JS_DefinePropertyValueStr(ctx, obj, "exports", ex, JS_PROP_ENUMERABLE | JS_PROP_CONFIGURABLE);
  return obj;
}

/* ---------------------------------------------------------- Memory */

static JSValue js_memory_ctor(JSContext *ctx, JSValueConst new_target, int argc,
                              JSValueConst *argv) {
  husk_limits limits = {0};
  if (get_limits(ctx, argc ? argv[0] : JS_UNDEFINED, &limits) < 0) return JS_EXCEPTION;
  if (limits.min > 65536 || (limits.has_max && limits.max > 65536))
    return JS_ThrowRangeError(ctx, "WebAssembly.Memory: size above 65536 pages");
  husk_memory *m = husk_memory_new(wasm_of(ctx)->store, limits);
  if (!m) return JS_ThrowRangeError(ctx, "WebAssembly.Memory: could not allocate memory");
  JSValue obj = wrap_handle(ctx, m, memory_class);
  if (JS_IsException(obj) || JS_IsUndefined(new_target)) return obj;
  /* A subclass: give the object new_target's prototype. */
  JSValue proto = JS_GetPropertyStr(ctx, new_target, "prototype");
  JS_SetPrototype(ctx, obj, proto);
  JS_FreeValue(ctx, proto);
  return obj;
}

static handle *memory_this(JSContext *ctx, JSValueConst this_val) {
  husk_memory *m = unwrap(this_val, memory_class);
  if (!m) {
    JS_ThrowTypeError(ctx, "not a WebAssembly.Memory");
    return NULL;
  }
  return find_handle(wasm_of(ctx), m);
}

static JSValue js_memory_buffer(JSContext *ctx, JSValueConst this_val) {
  handle *h = memory_this(ctx, this_val);
  if (!h) return JS_EXCEPTION;
  husk_memory *m = h->ptr;
  uint8_t *data = husk_memory_data(m);
  size_t size = husk_memory_size_bytes(m);
  if (!JS_IsUndefined(h->buffer) && (data != h->data || size != h->size)) detach(ctx, h);
  if (JS_IsUndefined(h->buffer)) {
    /* No free function: the store owns the bytes. */
    h->buffer = JS_NewArrayBuffer(ctx, data, size, NULL, NULL, false);
    h->data = data;
    h->size = size;
  }
  return JS_DupValue(ctx, h->buffer);
}

static JSValue js_memory_grow(JSContext *ctx, JSValueConst this_val, int argc,
                              JSValueConst *argv) {
  handle *h = memory_this(ctx, this_val);
  if (!h) return JS_EXCEPTION;
  double delta;
  if (JS_ToFloat64(ctx, &delta, argc ? argv[0] : JS_UNDEFINED) < 0) return JS_EXCEPTION;
  if (!(delta >= 0 && delta <= 65536))
    return JS_ThrowTypeError(ctx, "WebAssembly.Memory.grow: delta must be a page count");
  int64_t old = husk_memory_grow(h->ptr, (uint32_t)delta);
  if (old < 0) return JS_ThrowRangeError(ctx, "WebAssembly.Memory.grow: maximum memory size exceeded");
  detach(ctx, h);   /* grow always detaches, even by 0 pages */
  return JS_NewInt64(ctx, old);
}

/* ---------------------------------------------------------- Table */

static JSValue js_table_ctor(JSContext *ctx, JSValueConst new_target, int argc,
                             JSValueConst *argv) {
  JSValueConst desc = argc ? argv[0] : JS_UNDEFINED;
  husk_limits limits = {0};
  if (get_limits(ctx, desc, &limits) < 0) return JS_EXCEPTION;
  JSValue el = JS_GetPropertyStr(ctx, desc, "element");
  int kind = parse_valtype(ctx, el, true);
  JS_FreeValue(ctx, el);
  if (kind < 0) return JS_EXCEPTION;
  husk_val init;
  if (default_or(ctx, (husk_valkind)kind, argc, argv, 1, &init) < 0) return JS_EXCEPTION;
  husk_table *t = husk_table_new(wasm_of(ctx)->store, (husk_valkind)kind, limits, init);
  if (!t) return JS_ThrowRangeError(ctx, "WebAssembly.Table: could not allocate the table");
  JSValue obj = wrap_handle(ctx, t, table_class);
  if (!JS_IsException(obj) && !JS_IsUndefined(new_target)) {
    JSValue proto = JS_GetPropertyStr(ctx, new_target, "prototype");
    JS_SetPrototype(ctx, obj, proto);
    JS_FreeValue(ctx, proto);
  }
  return obj;
}

static husk_table *table_this(JSContext *ctx, JSValueConst this_val) {
  husk_table *t = unwrap(this_val, table_class);
  if (!t) JS_ThrowTypeError(ctx, "not a WebAssembly.Table");
  return t;
}

static int index_arg(JSContext *ctx, int argc, JSValueConst *argv, uint32_t *out) {
  double d;
  if (JS_ToFloat64(ctx, &d, argc ? argv[0] : JS_UNDEFINED) < 0) return -1;
  if (!(d >= 0 && d <= 4294967295.0) || d != (double)(uint32_t)d) {
    JS_ThrowTypeError(ctx, "WebAssembly.Table: index must be a non-negative integer");
    return -1;
  }
  *out = (uint32_t)d;
  return 0;
}

static JSValue js_table_length(JSContext *ctx, JSValueConst this_val) {
  husk_table *t = table_this(ctx, this_val);
  return t ? JS_NewUint32(ctx, husk_table_size(t)) : JS_EXCEPTION;
}

static JSValue js_table_get(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  husk_table *t = table_this(ctx, this_val);
  uint32_t i;
  if (!t || index_arg(ctx, argc, argv, &i) < 0) return JS_EXCEPTION;
  husk_val v;
  if (!husk_table_get(t, i, &v)) return JS_ThrowRangeError(ctx, "WebAssembly.Table.get: index out of bounds");
  return from_wasm(ctx, &v);
}

static JSValue js_table_set(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  husk_table *t = table_this(ctx, this_val);
  uint32_t i;
  if (!t || index_arg(ctx, argc, argv, &i) < 0) return JS_EXCEPTION;
  husk_val v;
  if (default_or(ctx, husk_table_elem_kind(t), argc, argv, 1, &v) < 0) return JS_EXCEPTION;
  if (!husk_table_set(t, i, v)) return JS_ThrowRangeError(ctx, "WebAssembly.Table.set: index out of bounds");
  return JS_UNDEFINED;
}

static JSValue js_table_grow(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  husk_table *t = table_this(ctx, this_val);
  uint32_t delta;
  if (!t || index_arg(ctx, argc, argv, &delta) < 0) return JS_EXCEPTION;
  husk_val init;
  if (default_or(ctx, husk_table_elem_kind(t), argc, argv, 1, &init) < 0) return JS_EXCEPTION;
  int64_t old = husk_table_grow(t, delta, init);
  if (old < 0) return JS_ThrowRangeError(ctx, "WebAssembly.Table.grow: maximum table size exceeded");
  return JS_NewInt64(ctx, old);
}

/* ---------------------------------------------------------- Global */

static JSValue js_global_ctor(JSContext *ctx, JSValueConst new_target, int argc,
                              JSValueConst *argv) {
  JSValueConst desc = argc ? argv[0] : JS_UNDEFINED;
  if (!JS_IsObject(desc)) return JS_ThrowTypeError(ctx, "WebAssembly.Global: descriptor must be an object");
  JSValue mut = JS_GetPropertyStr(ctx, desc, "mutable");
  bool mutable_ = JS_ToBool(ctx, mut);
  JS_FreeValue(ctx, mut);
  JSValue vt = JS_GetPropertyStr(ctx, desc, "value");
  int kind = parse_valtype(ctx, vt, false);
  JS_FreeValue(ctx, vt);
  if (kind < 0) return JS_EXCEPTION;
  husk_val init;
  if (default_or(ctx, (husk_valkind)kind, argc, argv, 1, &init) < 0) return JS_EXCEPTION;
  husk_global *g = husk_global_new(wasm_of(ctx)->store, (husk_valkind)kind, mutable_, init);
  if (!g) return JS_ThrowOutOfMemory(ctx);
  JSValue obj = wrap_handle(ctx, g, global_class);
  if (!JS_IsException(obj) && !JS_IsUndefined(new_target)) {
    JSValue proto = JS_GetPropertyStr(ctx, new_target, "prototype");
    JS_SetPrototype(ctx, obj, proto);
    JS_FreeValue(ctx, proto);
  }
  return obj;
}

static JSValue js_global_value(JSContext *ctx, JSValueConst this_val) {
  husk_global *g = unwrap(this_val, global_class);
  if (!g) return JS_ThrowTypeError(ctx, "not a WebAssembly.Global");
  husk_val v = husk_global_get(g);
  return from_wasm(ctx, &v);
}

static JSValue js_global_value_of(JSContext *ctx, JSValueConst this_val, int argc,
                                  JSValueConst *argv) {
  (void)argc;
  (void)argv;
  return js_global_value(ctx, this_val);
}

static JSValue js_global_set_value(JSContext *ctx, JSValueConst this_val, JSValueConst val) {
  husk_global *g = unwrap(this_val, global_class);
  if (!g) return JS_ThrowTypeError(ctx, "not a WebAssembly.Global");
  if (!husk_global_mutable(g)) return JS_ThrowTypeError(ctx, "WebAssembly.Global: the global is immutable");
  husk_val v;
  if (to_wasm(ctx, husk_global_kind(g), val, &v) < 0) return JS_EXCEPTION;
  husk_global_set(g, v);
  return JS_UNDEFINED;
}

/* ---------------------------------------------------------- classes */

static const JSCFunctionListEntry memory_proto[] = {
  JS_CGETSET_DEF("buffer", js_memory_buffer, NULL),
  JS_CFUNC_DEF("grow", 1, js_memory_grow),
  JS_PROP_STRING_DEF("[Symbol.toStringTag]", "WebAssembly.Memory", JS_PROP_CONFIGURABLE),
};
static const JSCFunctionListEntry table_proto[] = {
  JS_CGETSET_DEF("length", js_table_length, NULL),
  JS_CFUNC_DEF("get", 1, js_table_get),
  JS_CFUNC_DEF("set", 1, js_table_set),
  JS_CFUNC_DEF("grow", 1, js_table_grow),
  JS_PROP_STRING_DEF("[Symbol.toStringTag]", "WebAssembly.Table", JS_PROP_CONFIGURABLE),
};
static const JSCFunctionListEntry global_proto[] = {
  JS_CGETSET_DEF("value", js_global_value, js_global_set_value),
  JS_CFUNC_DEF("valueOf", 0, js_global_value_of),
  JS_PROP_STRING_DEF("[Symbol.toStringTag]", "WebAssembly.Global", JS_PROP_CONFIGURABLE),
};
static const JSCFunctionListEntry module_proto[] = {
  JS_PROP_STRING_DEF("[Symbol.toStringTag]", "WebAssembly.Module", JS_PROP_CONFIGURABLE),
};
static const JSCFunctionListEntry module_statics[] = {
  JS_CFUNC_DEF("imports", 1, js_module_imports),
  JS_CFUNC_DEF("exports", 1, js_module_exports),
  JS_CFUNC_DEF("customSections", 2, js_module_custom_sections),
};

/* Makes class id's constructor with its prototype's members. */
static JSValue make_class(JSContext *ctx, JSClassID *id, const char *name,
                          JSClassFinalizer *finalizer, JSCFunction *ctor, int length,
                          const JSCFunctionListEntry *proto_list, int proto_count) {
  if (*id == 0) JS_NewClassID(id);
  JSClassDef def = {.class_name = name, .finalizer = finalizer};
  JS_NewClass(JS_GetRuntime(ctx), *id, &def);
  JSValue proto = JS_NewObject(ctx);
  if (proto_count) JS_SetPropertyFunctionList(ctx, proto, proto_list, proto_count);
  JSValue fn = JS_NewCFunction2(ctx, (JSCFunction *)ctor, name, length, JS_CFUNC_constructor, 0);
  JS_SetConstructor(ctx, fn, proto);
  JS_SetClassProto(ctx, *id, proto);
  return fn;
}

/* init({CompileError, LinkError, RuntimeError}): makes the engine and the
 * store, and returns {Module, Instance, Memory, Table, Global}. */
static JSValue js_init(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  husk_js *js = hjs_of(ctx);
  if (js->wasm) return JS_ThrowInternalError(ctx, "WebAssembly initialised twice");
  hjs_wasm *w = calloc(1, sizeof *w);
  if (!w) return JS_ThrowOutOfMemory(ctx);
  husk_config *config = husk_config_new();
  /* Interruptible so that --timeout and husk_js_interrupt stop Wasm too. */
  if (config) husk_config_interruptible(config, true);
  husk_error *err = husk_engine_new(config, &w->engine);
  husk_config_delete(config);
  if (err) {
    JSValue r = JS_ThrowInternalError(ctx, "WebAssembly: %s", husk_error_message(err));
    husk_error_delete(err);
    free(w);
    return r;
  }
  w->store = husk_store_new(w->engine, js);
  if (js->config.memory_limit) husk_store_limit_memory(w->store, js->config.memory_limit);
  static const char *const names[] = {"CompileError", "LinkError", "RuntimeError"};
  for (int i = 0; i < 3; i++) w->errors[i] = JS_GetPropertyStr(ctx, argv[0], names[i]);
  w->externs = JS_NewArray(ctx);
  w->pending = JS_UNDEFINED;
  JSValue sym = JS_Eval(ctx, "Symbol('wasm function')", 22, "husk:wasm", JS_EVAL_TYPE_GLOBAL);
  w->func_key = JS_ValueToAtom(ctx, sym);
  JS_FreeValue(ctx, sym);
  js->wasm = w;

  if (funcref_class == 0) JS_NewClassID(&funcref_class);
  JSClassDef ref_def = {.class_name = "WasmFunctionRef"};
  JS_NewClass(JS_GetRuntime(ctx), funcref_class, &ref_def);

  JSValue classes = JS_NewObject(ctx);
  JSValue module = make_class(ctx, &module_class, "Module", module_finalizer,
                              (JSCFunction *)js_module_ctor, 1, module_proto, 1);
  JS_SetPropertyFunctionList(ctx, module, module_statics, 3);
  JS_SetPropertyStr(ctx, classes, "Module", module);
  /* Instances are plain objects with an exports property. */
  JSValue instance = JS_NewCFunction2(ctx, (JSCFunction *)js_instance_ctor, "Instance", 1,
                                      JS_CFUNC_constructor, 0);
  JSValue instance_proto = JS_NewObject(ctx);
  JS_SetConstructor(ctx, instance, instance_proto);
  JS_FreeValue(ctx, instance_proto);
  JS_SetPropertyStr(ctx, classes, "Instance", instance);
  JS_SetPropertyStr(ctx, classes, "Memory",
                    make_class(ctx, &memory_class, "Memory", NULL, (JSCFunction *)js_memory_ctor,
                               1, memory_proto, 3));
  JS_SetPropertyStr(ctx, classes, "Table",
                    make_class(ctx, &table_class, "Table", NULL, (JSCFunction *)js_table_ctor,
                               1, table_proto, 5));
  JS_SetPropertyStr(ctx, classes, "Global",
                    make_class(ctx, &global_class, "Global", NULL, (JSCFunction *)js_global_ctor,
                               1, global_proto, 3));
  return classes;
}

/* validate(bytes): true when husk would compile them. */
static JSValue js_validate(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  size_t size;
  uint8_t *bytes = buffer_source(ctx, argc ? argv[0] : JS_UNDEFINED, &size);
  if (!bytes) return JS_EXCEPTION;
  husk_error *err = husk_module_validate(wasm_of(ctx)->engine, bytes, size);
  husk_error_delete(err);
  return JS_NewBool(ctx, err == NULL);
}

int hjs_bind_wasm(JSContext *ctx, JSValueConst obj) {
  static const JSCFunctionListEntry fns[] = {
    JS_CFUNC_DEF("init", 1, js_init),
    JS_CFUNC_DEF("validate", 1, js_validate),
  };
  hjs_set_functions(ctx, obj, fns, sizeof fns / sizeof fns[0]);
  return 0;
}

/* ---------------------------------------------------------- teardown */

void hjs_wasm_release(husk_js *js) {
  hjs_wasm *w = js->wasm;
  if (!w) return;
  JSContext *ctx = js->ctx;
  for (int i = 0; i < 3; i++) JS_FreeValue(ctx, w->errors[i]);
  JS_FreeValue(ctx, w->externs);
  JS_FreeValue(ctx, w->pending);
  JS_FreeAtom(ctx, w->func_key);
  for (size_t i = 0; i < w->handle_cap; i++) {
    if (!w->handles[i].ptr) continue;
    JS_FreeValue(ctx, w->handles[i].obj);
    JS_FreeValue(ctx, w->handles[i].buffer);
  }
  for (host_env *h = w->hosts; h; h = h->next) {
    JS_FreeValue(ctx, h->fn);
    h->fn = JS_UNDEFINED;
  }
  w->hosts = NULL;   /* the store's finalizers free the envs */
}

void hjs_wasm_free(husk_js *js) {
  hjs_wasm *w = js->wasm;
  if (!w) return;
  husk_store_delete(w->store);
  for (size_t i = 0; i < w->retired_count; i++) husk_module_delete(w->retired[i]);
  husk_engine_delete(w->engine);
  free(w->retired);
  free(w->handles);
  free(w->memories);
  free(w);
  js->wasm = NULL;
}

void hjs_wasm_interrupt(husk_js *js) {
  hjs_wasm *w = js->wasm;
  if (w) husk_store_interrupt(w->store);
}
