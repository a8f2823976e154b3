/*
 * loader.c - modules, the C side: QuickJS's ES module hooks, compiling
 * CommonJS, and husk bytecode.
 *
 * Resolution and the CommonJS registry are JavaScript (lib/bootstrap.js,
 * lib/resolve.js); this file asks it two things through the loader API:
 * resolveImport(specifier, referrer) for QuickJS's normalize hook, and
 * loadForImport(id) for its load hook. An ES module file is compiled here;
 * anything else (CommonJS, JSON, a built-in) comes back as a value whose
 * properties become the exports of a synthetic module, the way Node exposes
 * CommonJS to import: default is module.exports, and each own key is a
 * named export.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "js/embedded.h"
#include "js/internal.h"
#include "util/error.h"

/* A synthetic module waiting for its evaluation. */
typedef struct hjs_synthetic {
  JSModuleDef *module;
  JSValue value;     /* what default is */
  JSValue names;     /* array of the named exports */
} hjs_synthetic;

char *hjs_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t size = 0, cap = 0;
  for (;;) {
    if (cap - size < 65536) {
      cap = cap ? cap * 2 : 65536;
      char *bigger = realloc(buf, cap + 1);
      if (!bigger) {
        free(buf);
        fclose(f);
        errno = ENOMEM;
        return NULL;
      }
      buf = bigger;
    }
    size_t n = fread(buf + size, 1, cap - size, f);
    size += n;
    if (n == 0) break;
  }
  bool failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    errno = EIO;
    return NULL;
  }
  buf[size] = '\0';
  *len = size;
  return buf;
}

/* ---------------------------------------------------------- ES modules */

static void set_import_meta(JSContext *ctx, JSModuleDef *m, const char *filename,
                            bool is_main) {
  JSValue meta = JS_GetImportMeta(ctx, m);
  if (JS_IsException(meta)) {
    JS_FreeValue(ctx, JS_GetException(ctx));
    return;
  }
  JSValue fn = JS_GetPropertyStr(ctx, hjs_of(ctx)->loader, "initImportMeta");
  JSValueConst args[] = {meta, JS_NewString(ctx, filename), JS_NewBool(ctx, is_main)};
  JS_FreeValue(ctx, JS_Call(ctx, fn, JS_UNDEFINED, 3, args));
  JS_FreeValue(ctx, (JSValue)args[1]);
  JS_FreeValue(ctx, fn);
  JS_FreeValue(ctx, meta);
}

/* Compiles an ES module; returns the module value (not yet evaluated). */
static JSValue compile_module(JSContext *ctx, const char *source, size_t len,
                              const char *filename, bool is_main) {
  JSValue m = JS_Eval(ctx, source, len, filename,
                      JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
  if (!JS_IsException(m)) set_import_meta(ctx, JS_VALUE_GET_PTR(m), filename, is_main);
  return m;
}

JSValue hjs_eval_module(JSContext *ctx, const char *source, size_t len,
                        const char *filename, bool is_main) {
  JSValue m = compile_module(ctx, source, len, filename, is_main);
  if (JS_IsException(m)) return m;
  return JS_EvalFunction(ctx, m);
}

static char *normalize(JSContext *ctx, const char *base, const char *name, void *opaque) {
  husk_js *js = opaque;
  JSValue fn = JS_GetPropertyStr(ctx, js->loader, "resolveImport");
  JSValue args[] = {JS_NewString(ctx, name), JS_NewString(ctx, base)};
  JSValue r = JS_Call(ctx, fn, JS_UNDEFINED, 2, (JSValueConst *)args);
  JS_FreeValue(ctx, fn);
  JS_FreeValue(ctx, args[0]);
  JS_FreeValue(ctx, args[1]);
  if (JS_IsException(r)) return NULL;
  const char *s = JS_ToCString(ctx, r);
  JS_FreeValue(ctx, r);
  if (!s) return NULL;
  char *out = js_strdup(ctx, s);
  JS_FreeCString(ctx, s);
  return out;
}

static int synthetic_init(JSContext *ctx, JSModuleDef *m) {
  husk_js *js = hjs_of(ctx);
  for (size_t i = 0; i < js->synthetic_count; i++) {
    hjs_synthetic *s = &js->synthetics[i];
    if (s->module != m) continue;
    uint32_t n = 0;
    JSValue len = JS_GetPropertyStr(ctx, s->names, "length");
    JS_ToUint32(ctx, &n, len);
    for (uint32_t k = 0; k < n; k++) {
      JSValue key = JS_GetPropertyUint32(ctx, s->names, k);
      const char *name = JS_ToCString(ctx, key);
      JS_FreeValue(ctx, key);
      if (!name) return -1;
      JSValue v = strcmp(name, "default") == 0 ? JS_DupValue(ctx, s->value)
                                                : JS_GetPropertyStr(ctx, s->value, name);
      int rc = JS_IsException(v) ? -1 : JS_SetModuleExport(ctx, m, name, v);
      JS_FreeCString(ctx, name);
      if (rc < 0) return -1;
    }
    /* Evaluated once: the values now live in the module. */
    JS_FreeValue(ctx, s->value);
    JS_FreeValue(ctx, s->names);
    *s = js->synthetics[--js->synthetic_count];
    return 0;
  }
  return 0;
}

static JSModuleDef *make_synthetic(JSContext *ctx, const char *id, JSValue value,
                                   JSValue names) {
  husk_js *js = hjs_of(ctx);
  if (js->synthetic_count == js->synthetic_cap) {
    size_t cap = js->synthetic_cap ? js->synthetic_cap * 2 : 16;
    hjs_synthetic *grown = realloc(js->synthetics, cap * sizeof *grown);
    if (!grown) {
      JS_ThrowOutOfMemory(ctx);
      goto fail;
    }
    js->synthetics = grown;
    js->synthetic_cap = cap;
  }
  JSModuleDef *m = JS_NewCModule(ctx, id, synthetic_init);
  if (!m) goto fail;
  uint32_t n = 0;
  JSValue len = JS_GetPropertyStr(ctx, names, "length");
  JS_ToUint32(ctx, &n, len);
  for (uint32_t k = 0; k < n; k++) {
    JSValue key = JS_GetPropertyUint32(ctx, names, k);
    const char *name = JS_ToCString(ctx, key);
    JS_FreeValue(ctx, key);
    if (!name || JS_AddModuleExport(ctx, m, name) < 0) {
      JS_FreeCString(ctx, name);
      goto fail;
    }
    JS_FreeCString(ctx, name);
  }
  js->synthetics[js->synthetic_count++] = (hjs_synthetic){m, value, names};
  return m;

fail:
  JS_FreeValue(ctx, value);
  JS_FreeValue(ctx, names);
  return NULL;
}

static JSModuleDef *load(JSContext *ctx, const char *id, void *opaque) {
  husk_js *js = opaque;
  JSValue fn = JS_GetPropertyStr(ctx, js->loader, "loadForImport");
  JSValue arg = JS_NewString(ctx, id);
  JSValue r = JS_Call(ctx, fn, JS_UNDEFINED, 1, &arg);
  JS_FreeValue(ctx, fn);
  JS_FreeValue(ctx, arg);
  if (JS_IsException(r)) return NULL;

  JSValue source = JS_GetPropertyStr(ctx, r, "source");
  JSModuleDef *m = NULL;
  if (JS_IsString(source)) {
    size_t len;
    const char *src = JS_ToCStringLen(ctx, &len, source);
    if (src) {
      JSValue mod = compile_module(ctx, src, len, id, false);
      JS_FreeCString(ctx, src);
      if (!JS_IsException(mod)) {
        m = JS_VALUE_GET_PTR(mod);
        JS_FreeValue(ctx, mod);   /* the runtime keeps its modules */
      }
    }
  } else {
    m = make_synthetic(ctx, id, JS_GetPropertyStr(ctx, r, "value"),
                       JS_GetPropertyStr(ctx, r, "names"));
  }
  JS_FreeValue(ctx, source);
  JS_FreeValue(ctx, r);
  return m;
}

void hjs_loader_init(husk_js *js) {
  JS_SetModuleLoaderFunc(js->rt, normalize, load, js);
}

void hjs_loader_free(husk_js *js) {
  for (size_t i = 0; i < js->synthetic_count; i++) {
    JS_FreeValue(js->ctx, js->synthetics[i].value);
    JS_FreeValue(js->ctx, js->synthetics[i].names);
  }
  free(js->synthetics);
  js->synthetics = NULL;
  js->synthetic_count = js->synthetic_cap = 0;
}

/* ---------------------------------------------------------- CommonJS */

/* Wraps source in the CommonJS function and compiles it as a script named
 * filename, so stack traces point into the file. A "#!" line becomes a
 * comment: it is only allowed at the very start, where the wrapper is. */
static JSValue compile_cjs(JSContext *ctx, const char *source, size_t len,
                           const char *filename, int flags) {
  size_t plen = strlen(HJS_CJS_PREFIX), slen = strlen(HJS_CJS_SUFFIX);
  char *buf = malloc(plen + len + slen + 1);
  if (!buf) return JS_ThrowOutOfMemory(ctx);
  memcpy(buf, HJS_CJS_PREFIX, plen);
  memcpy(buf + plen, source, len);
  if (len >= 2 && source[0] == '#' && source[1] == '!') memcpy(buf + plen, "//", 2);
  memcpy(buf + plen + len, HJS_CJS_SUFFIX, slen + 1);
  JSValue fn = JS_Eval(ctx, buf, plen + len + slen, filename, JS_EVAL_TYPE_GLOBAL | flags);
  free(buf);
  return fn;
}

/* compile(source, filename): the module's wrapper function. */
static JSValue js_compile(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  size_t len;
  const char *src = JS_ToCStringLen(ctx, &len, argv[0]);
  const char *name = JS_ToCString(ctx, argv[1]);
  JSValue r = src && name ? compile_cjs(ctx, src, len, name, 0) : JS_EXCEPTION;
  JS_FreeCString(ctx, src);
  JS_FreeCString(ctx, name);
  return r;
}

/* evalModule(filename, isMain): compiles and runs an ES module file. */
static JSValue js_eval_module_file(JSContext *ctx, JSValueConst this_val, int argc,
                                   JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *path = JS_ToCString(ctx, argv[0]);
  if (!path) return JS_EXCEPTION;
  size_t len;
  char *src = hjs_read_file(path, &len);
  JSValue r = src ? hjs_eval_module(ctx, src, len, path, JS_ToBool(ctx, argv[1]))
                  : hjs_throw_code(ctx, "ENOENT", "cannot read %s: %s", path, strerror(errno));
  free(src);
  JS_FreeCString(ctx, path);
  return r;
}

/* readText(path): the file's text, or null when it cannot be read. */
static JSValue js_read_text(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *path = JS_ToCString(ctx, argv[0]);
  if (!path) return JS_EXCEPTION;
  size_t len;
  char *src = hjs_read_file(path, &len);
  JS_FreeCString(ctx, path);
  if (!src) return JS_NULL;
  JSValue r = JS_NewStringLen(ctx, src, len);
  free(src);
  return r;
}

/* kind(path): 1 for a file, 2 for a directory, 0 for nothing (symlinks
 * followed), the test resolution probes with. */
static JSValue js_kind(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *path = JS_ToCString(ctx, argv[0]);
  if (!path) return JS_EXCEPTION;
  struct stat st;
  int kind = stat(path, &st) != 0 ? 0 : S_ISDIR(st.st_mode) ? 2 : 1;
  JS_FreeCString(ctx, path);
  return JS_NewInt32(ctx, kind);
}

static JSValue js_realpath(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *path = JS_ToCString(ctx, argv[0]);
  if (!path) return JS_EXCEPTION;
  char *real = realpath(path, NULL);
  JSValue r = JS_NewString(ctx, real ? real : path);
  free(real);
  JS_FreeCString(ctx, path);
  return r;
}

static JSValue js_detect_module(JSContext *ctx, JSValueConst this_val, int argc,
                                JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  size_t len;
  const char *src = JS_ToCStringLen(ctx, &len, argv[0]);
  if (!src) return JS_EXCEPTION;
  bool esm = JS_DetectModule(src, len);
  JS_FreeCString(ctx, src);
  return JS_NewBool(ctx, esm);
}

/* loadLib(name): a built-in module's JS half (lib/NAME.js). */
static JSValue js_load_lib(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  const char *name = JS_ToCString(ctx, argv[0]);
  if (!name) return JS_EXCEPTION;
  JSValue r = hjs_load_lib(ctx, name);
  JS_FreeCString(ctx, name);
  return r;
}

/* runJobsUntil(done): runs pending jobs until done() is true; returns
 * whether it became true (false when the job queue ran dry first). How
 * require() of an ES module waits for the import() it starts: without
 * top-level await, that import settles within the jobs it queues. */
static JSValue js_run_jobs_until(JSContext *ctx, JSValueConst this_val, int argc,
                                 JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  JSRuntime *rt = JS_GetRuntime(ctx);
  for (;;) {
    JSValue r = JS_Call(ctx, argv[0], JS_UNDEFINED, 0, NULL);
    if (JS_IsException(r)) return r;
    bool done = JS_ToBool(ctx, r);
    JS_FreeValue(ctx, r);
    if (done) return JS_TRUE;
    JSContext *job_ctx;
    int rc = JS_ExecutePendingJob(rt, &job_ctx);
    if (rc < 0) return JS_EXCEPTION;
    if (rc == 0) return JS_FALSE;
  }
}

/* config(): what bootstrap.js needs of the configuration. */
static JSValue js_config(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  husk_js *js = hjs_of(ctx);
  JSValue o = JS_NewObject(ctx);
  JS_SetPropertyStr(ctx, o, "builtins", JS_NewUint32(ctx, js->config.builtins));
  JS_SetPropertyStr(ctx, o, "cwd", JS_NewString(ctx, js->cwd));
  JSValue paths = JS_NewArray(ctx);
  uint32_t n = 0;
  for (size_t i = 0; i < js->config.search_path_count; i++)
    JS_SetPropertyUint32(ctx, paths, n++, JS_NewString(ctx, js->config.search_paths[i]));
  /* HUSK_PATH is the host's: the guest's own environment is not consulted. */
  const char *env = getenv("HUSK_PATH");
  if (env) JS_SetPropertyUint32(ctx, paths, n++, JS_NewString(ctx, env));
  JS_SetPropertyStr(ctx, o, "searchPaths", paths);
  return o;
}

/* setLoader(api): bootstrap.js registers its API first thing, so that the
 * libraries it loads can already require each other. */
static JSValue js_set_loader(JSContext *ctx, JSValueConst this_val, int argc,
                             JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  husk_js *js = hjs_of(ctx);
  JS_FreeValue(ctx, js->loader);
  js->loader = JS_DupValue(ctx, argv[0]);
  return JS_UNDEFINED;
}

int hjs_bind_loader(JSContext *ctx, JSValueConst obj) {
  static const JSCFunctionListEntry fns[] = {
    JS_CFUNC_DEF("setLoader", 1, js_set_loader),
    JS_CFUNC_DEF("compile", 2, js_compile),
    JS_CFUNC_DEF("evalModule", 2, js_eval_module_file),
    JS_CFUNC_DEF("readText", 1, js_read_text),
    JS_CFUNC_DEF("kind", 1, js_kind),
    JS_CFUNC_DEF("realpath", 1, js_realpath),
    JS_CFUNC_DEF("detectModule", 1, js_detect_module),
    JS_CFUNC_DEF("loadLib", 1, js_load_lib),
    JS_CFUNC_DEF("config", 0, js_config),
    JS_CFUNC_DEF("runJobsUntil", 1, js_run_jobs_until),
  };
  hjs_set_functions(ctx, obj, fns, sizeof fns / sizeof fns[0]);
  return 0;
}

/* ---------------------------------------------------------- bytecode */

/* A .hbc file: magic, format (0 ES module, 1 CommonJS), the source's path
 * (what its imports resolve from), then QuickJS bytecode. The bytecode is
 * tied to this exact QuickJS build, hence the husk version in the magic. */
#define HBC_MAGIC "HUSKJS01"
#define HBC_HEADER (8 + 1 + 4)

JSValue hjs_eval_bytecode(JSContext *ctx, const uint8_t *buf, size_t len) {
  if (len < HBC_HEADER || memcmp(buf, HBC_MAGIC, 8) != 0)
    return JS_ThrowSyntaxError(ctx, "not husk bytecode (compiled by another husk version?)");
  uint8_t format = buf[8];
  uint32_t name_len;
  memcpy(&name_len, buf + 9, 4);
  if (name_len >= len - HBC_HEADER)
    return JS_ThrowSyntaxError(ctx, "truncated husk bytecode");
  char *filename = strndup((const char *)buf + HBC_HEADER, name_len);
  if (!filename) return JS_ThrowOutOfMemory(ctx);
  const uint8_t *code = buf + HBC_HEADER + name_len;
  size_t code_len = len - HBC_HEADER - name_len;
  JSValue obj = JS_ReadObject(ctx, code, code_len, JS_READ_OBJ_BYTECODE);
  JSValue r = JS_EXCEPTION;
  if (JS_IsException(obj)) {
    /* fall through with the exception */
  } else if (format == 0) {
    if (JS_ResolveModule(ctx, obj) < 0) {
      JS_FreeValue(ctx, obj);
    } else {
      set_import_meta(ctx, JS_VALUE_GET_PTR(obj), filename, true);
      r = JS_EvalFunction(ctx, obj);
    }
  } else {
    JSValue wrapper = JS_EvalFunction(ctx, obj);
    if (!JS_IsException(wrapper)) {
      JSValue run = JS_GetPropertyStr(ctx, hjs_of(ctx)->loader, "runMainCompiled");
      JSValue args[] = {JS_NewString(ctx, filename), wrapper};
      r = JS_Call(ctx, run, JS_UNDEFINED, 2, (JSValueConst *)args);
      JS_FreeValue(ctx, run);
      JS_FreeValue(ctx, args[0]);
      JS_FreeValue(ctx, wrapper);
    }
  }
  free(filename);
  return r;
}

static husk_error *compile_error(husk_js *js) {
  JSValue exc = JS_GetException(js->ctx);
  const char *msg = JS_ToCString(js->ctx, exc);
  JSValue stack = JS_IsError(js->ctx, exc) ? JS_GetPropertyStr(js->ctx, exc, "stack")
                                            : JS_UNDEFINED;
  const char *where = JS_IsString(stack) ? JS_ToCString(js->ctx, stack) : NULL;
  husk_error *err = husk_error_newf("%s%s%s", msg ? msg : "compile error",
                                    where ? "\n" : "", where ? where : "");
  JS_FreeCString(js->ctx, msg);
  JS_FreeCString(js->ctx, where);
  JS_FreeValue(js->ctx, stack);
  JS_FreeValue(js->ctx, exc);
  return err;
}

husk_error *husk_js_compile_file(const char *path, const char *out_path) {
  char *abs = realpath(path, NULL);
  if (!abs) return husk_error_newf("%s: %s", path, strerror(errno));
  size_t len;
  char *src = hjs_read_file(abs, &len);
  if (!src) {
    husk_error *err = husk_error_newf("%s: %s", path, strerror(errno));
    free(abs);
    return err;
  }
  /* A runtime, for the loader's rules on what format the file is. */
  husk_js_config *config = husk_js_config_new();
  husk_js *js = NULL;
  husk_error *err = config ? husk_js_new(config, &js) : husk_error_newf("out of memory");
  husk_js_config_delete(config);
  uint8_t *code = NULL;
  size_t code_len = 0;
  uint8_t format = 0;
  if (!err) {
    JSContext *ctx = js->ctx;
    JSValue fn = JS_GetPropertyStr(ctx, js->loader, "formatOf");
    JSValue arg = JS_NewString(ctx, abs);
    JSValue f = JS_Call(ctx, fn, JS_UNDEFINED, 1, &arg);
    JS_FreeValue(ctx, fn);
    JS_FreeValue(ctx, arg);
    const char *fs = JS_ToCString(ctx, f);
    JS_FreeValue(ctx, f);
    format = fs && strcmp(fs, "esm") == 0 ? 0 : 1;
    JS_FreeCString(ctx, fs);
    JSValue obj = format == 0
        ? JS_Eval(ctx, src, len, abs, JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY)
        : compile_cjs(ctx, src, len, abs, JS_EVAL_FLAG_COMPILE_ONLY);
    if (JS_IsException(obj)) {
      err = compile_error(js);
    } else {
      code = JS_WriteObject(ctx, &code_len, obj, JS_WRITE_OBJ_BYTECODE);
      JS_FreeValue(ctx, obj);
      if (!code) err = husk_error_newf("cannot serialise the bytecode");
    }
  }
  if (!err) {
    FILE *f = fopen(out_path, "wb");
    uint32_t name_len = (uint32_t)strlen(abs);
    if (!f || fwrite(HBC_MAGIC, 1, 8, f) != 8 || fputc(format, f) == EOF ||
        fwrite(&name_len, 4, 1, f) != 1 || fwrite(abs, 1, name_len, f) != name_len ||
        fwrite(code, 1, code_len, f) != code_len)
      err = husk_error_newf("%s: %s", out_path, strerror(errno));
    if (f && fclose(f) != 0 && !err) err = husk_error_newf("%s: %s", out_path, strerror(errno));
  }
  if (code) js_free(js->ctx, code);
  husk_js_delete(js);
  free(src);
  free(abs);
  return err;
}
