/*
 * spec_runner.c - husk-spec FILE.json: runs one spec test script, as
 * converted by wabt's wast2json, against the public husk API.
 *
 * Every command counts once: passed, failed, or not applicable (modules in
 * the text format, which husk cannot parse). A command the runner does not
 * understand is a failure, never a skip, so nothing goes untested silently.
 * Failures and notes go to stderr as "SCRIPT.wast:LINE: fail: ..." (LINE is
 * the command's line in the .wast); the last line on stdout is the three
 * counts "PASSED FAILED NOT_APPLICABLE" for run-spec.sh.
 *
 * One store holds everything a script instantiates: registered instances
 * must be linkable into later modules, and a module whose instantiation
 * trapped may already have written its functions into a shared table.
 * For the same reason every module that went to instantiation is kept
 * until the store is gone.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "husk/husk.h"

typedef enum outcome { PASSED, FAILED, NOT_APPLICABLE } outcome;

typedef struct named_instance {
  const char *name;           /* "$M", points into the JSON tree */
  husk_instance *instance;
} named_instance;

typedef struct runner {
  char *dir;                  /* module files are relative to the JSON file */
  const char *script;         /* "i32.wast", for messages */
  int line;                   /* .wast line of the command being run */
  husk_engine *engine;
  husk_store *store;
  husk_linker *linker;
  husk_instance *current;     /* the last module defined: default for actions */
  named_instance *names;
  size_t name_count, name_cap;
  husk_module **modules;
  size_t module_count, module_cap;
  int counts[3];              /* by outcome */
} runner;

/* ---------------------------------------------------------- messages */

static void report(runner *r, const char *kind, const char *fmt, va_list ap) {
  fprintf(stderr, "%s:%d: %s: ", r->script, r->line, kind);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

/* Reports a failure of the current command; returns FAILED for `return`. */
__attribute__((format(printf, 2, 3)))
static outcome fail(runner *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(r, "fail", fmt, ap);
  va_end(ap);
  return FAILED;
}

/* Something to improve that does not fail the test, e.g. an error message
 * that is not the spec's wording. */
__attribute__((format(printf, 2, 3)))
static void note(runner *r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(r, "note", fmt, ap);
  va_end(ap);
}

static bool has_prefix(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A test tool has nothing better to do when memory runs out than stop. */
static void *check_alloc(void *p) {
  if (!p) {
    fputs("husk-spec: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

/* Grows array (of *cap elements of size size) to hold one more. */
static void *grow(void *array, size_t *cap, size_t count, size_t size) {
  if (count < *cap) return array;
  *cap = *cap ? *cap * 2 : 16;
  return check_alloc(realloc(array, *cap * size));
}

/* ---------------------------------------------------------- values */

/* A value from the JSON. Numbers are unsigned decimal bit patterns; an
 * expected float may instead be a NaN class, and an expected funcref any
 * non-null reference (the script cannot name a particular function). */
typedef enum match { MATCH_EXACT, MATCH_NAN_CANONICAL, MATCH_NAN_ARITHMETIC, MATCH_NON_NULL } match;

typedef struct value {
  husk_val val;
  match match;
} value;

static bool kind_of(const char *type, husk_valkind *out) {
  static const struct { const char *name; husk_valkind kind; } kinds[] = {
    {"i32", HUSK_I32}, {"i64", HUSK_I64}, {"f32", HUSK_F32}, {"f64", HUSK_F64},
    {"funcref", HUSK_FUNCREF}, {"externref", HUSK_EXTERNREF},
  };
  for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++) {
    if (!strcmp(type, kinds[i].name)) {
      *out = kinds[i].kind;
      return true;
    }
  }
  return false;
}

static bool parse_bits(const char *s, uint64_t max, uint64_t *out) {
  if (*s < '0' || *s > '9') return false;
  char *end;
  errno = 0;
  unsigned long long n = strtoull(s, &end, 10);
  if (errno || *end || n > max) return false;
  *out = n;
  return true;
}

/* Parses {"type": T, "value": V}; false (after reporting) if unsupported. */
static bool parse_value(runner *r, const cJSON *json, bool expected, value *out) {
  const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(json, "type"));
  const char *text = cJSON_GetStringValue(cJSON_GetObjectItem(json, "value"));
  husk_valkind kind;
  if (!kind_of(type, &kind) || !text) {
    fail(r, "unsupported value: type %s, value %s", type ? type : "(none)",
         text ? text : "(none or not a string)");
    return false;
  }

  bool is_ref = kind == HUSK_FUNCREF || kind == HUSK_EXTERNREF;
  bool is_float = kind == HUSK_F32 || kind == HUSK_F64;
  uint64_t bits = 0;
  *out = (value){.val = {.kind = kind}, .match = MATCH_EXACT};
  if (expected && is_float && !strcmp(text, "nan:canonical")) {
    out->match = MATCH_NAN_CANONICAL;
  } else if (expected && is_float && !strcmp(text, "nan:arithmetic")) {
    out->match = MATCH_NAN_ARITHMETIC;
  } else if (is_ref && !strcmp(text, "null")) {
    /* the zeroed union is the null reference */
  } else if (!parse_bits(text, kind == HUSK_I32 || kind == HUSK_F32 ? UINT32_MAX : UINT64_MAX, &bits)) {
    fail(r, "bad %s value '%s'", type, text);
    return false;
  } else if (kind == HUSK_EXTERNREF) {
    /* N + 1 so that externref 0 is not the null pointer. */
    out->val.of.externref = (void *)(uintptr_t)(bits + 1);
  } else if (kind == HUSK_FUNCREF) {
    if (!expected) {
      fail(r, "cannot pass funcref %s: the script cannot name a function", text);
      return false;
    }
    out->match = MATCH_NON_NULL;
  } else if (kind == HUSK_I32 || kind == HUSK_F32) {
    out->val.of.f32_bits = (uint32_t)bits;   /* same bits as of.i32 */
  } else {
    out->val.of.f64_bits = bits;             /* same bits as of.i64 */
  }
  return true;
}

static bool value_matches(const value *e, const husk_val *v) {
  if (v->kind != e->val.kind) return false;
  switch (e->match) {
  case MATCH_NAN_CANONICAL:
    return v->kind == HUSK_F32 ? (v->of.f32_bits & 0x7fffffff) == 0x7fc00000
                               : (v->of.f64_bits & INT64_MAX) == 0x7ff8000000000000;
  case MATCH_NAN_ARITHMETIC:
    return v->kind == HUSK_F32 ? (v->of.f32_bits & 0x7fc00000) == 0x7fc00000
                               : (v->of.f64_bits & 0x7ff8000000000000) == 0x7ff8000000000000;
  case MATCH_NON_NULL:
    return v->of.funcref != NULL;
  case MATCH_EXACT:
    break;
  }
  switch (v->kind) {
  case HUSK_I32: case HUSK_F32: return v->of.f32_bits == e->val.of.f32_bits;
  case HUSK_I64: case HUSK_F64: return v->of.f64_bits == e->val.of.f64_bits;
  case HUSK_FUNCREF: return v->of.funcref == e->val.of.funcref;
  case HUSK_EXTERNREF: return v->of.externref == e->val.of.externref;
  }
  return false;
}

/* A text buffer for messages; output past its end is cut off. */
typedef struct text {
  char buf[512];
  size_t len;
} text;

__attribute__((format(printf, 2, 3)))
static void append(text *t, const char *fmt, ...) {
  if (t->len >= sizeof t->buf) return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
  va_end(ap);
  if (n > 0) t->len += (size_t)n;
}

static void append_val(text *t, const husk_val *v) {
  switch (v->kind) {
  case HUSK_I32: append(t, "i32:%" PRIu32, (uint32_t)v->of.i32); break;
  case HUSK_I64: append(t, "i64:%" PRIu64, (uint64_t)v->of.i64); break;
  case HUSK_F32:
    append(t, "f32:%.9g (0x%08" PRIx32 ")", (double)husk_val_get_f32(v), v->of.f32_bits);
    break;
  case HUSK_F64:
    append(t, "f64:%.17g (0x%016" PRIx64 ")", husk_val_get_f64(v), v->of.f64_bits);
    break;
  case HUSK_FUNCREF:
    append(t, v->of.funcref ? "funcref:%p" : "funcref:null", (void *)v->of.funcref);
    break;
  case HUSK_EXTERNREF:
    if (v->of.externref)
      append(t, "externref:%" PRIuPTR, (uintptr_t)v->of.externref - 1);
    else
      append(t, "externref:null");
    break;
  default: append(t, "(kind 0x%x)", (unsigned)v->kind); break;
  }
}

static void append_expected(text *t, const value *e) {
  static const char *const names[] = {
    [MATCH_NAN_CANONICAL] = "nan:canonical",
    [MATCH_NAN_ARITHMETIC] = "nan:arithmetic",
    [MATCH_NON_NULL] = "non-null",
  };
  if (e->match == MATCH_EXACT)
    append_val(t, &e->val);
  else
    append(t, "%s:%s", husk_valkind_name(e->val.kind), names[e->match]);
}

/* ---------------------------------------------------------- modules */

static husk_instance *find_instance(runner *r, const char *name) {
  if (!name) return r->current;
  for (size_t i = r->name_count; i-- > 0;)   /* newest first: names may be reused */
    if (!strcmp(r->names[i].name, name)) return r->names[i].instance;
  return NULL;
}

typedef enum stage { LOADED, UNREADABLE, COMPILE_ERROR, LINK_ERROR, INSTANCE_TRAP } stage;

/* The result of loading a module file; error or trap is owned. */
typedef struct loaded {
  stage stage;
  husk_instance *instance;
  husk_error *error;          /* COMPILE_ERROR, LINK_ERROR */
  husk_trap *trap;            /* INSTANCE_TRAP */
} loaded;

static const char *loaded_message(const loaded *l) {
  if (l->error) return husk_error_message(l->error);
  if (l->trap) return husk_trap_message(l->trap);
  return l->stage == UNREADABLE ? "cannot read the module file" : "no error";
}

static const char *stage_name(stage s) {
  static const char *const names[] = {
    [LOADED] = "loaded", [UNREADABLE] = "unreadable", [COMPILE_ERROR] = "compile error",
    [LINK_ERROR] = "link error", [INSTANCE_TRAP] = "trap during instantiation",
  };
  return names[s];
}

static void loaded_free(loaded *l) {
  if (l->error) husk_error_delete(l->error);
  if (l->trap) husk_trap_delete(l->trap);
}

static bool read_file(const char *path, uint8_t **bytes, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  bool ok = fseek(f, 0, SEEK_END) == 0;
  long len = ok ? ftell(f) : -1;
  ok = len >= 0 && fseek(f, 0, SEEK_SET) == 0;
  *bytes = ok ? malloc((size_t)len + 1) : NULL;
  ok = *bytes && fread(*bytes, 1, (size_t)len, f) == (size_t)len;
  fclose(f);
  if (!ok) free(*bytes);
  *size = (size_t)len;
  return ok;
}

/* Compiles the command's module file and, if instantiate, instantiates it
 * through the linker. */
static loaded load(runner *r, const cJSON *cmd, bool instantiate) {
  loaded l = {.stage = UNREADABLE};
  const char *filename = cJSON_GetStringValue(cJSON_GetObjectItem(cmd, "filename"));
  if (!filename) return l;
  size_t path_len = strlen(r->dir) + strlen(filename) + 2;
  char *path = check_alloc(malloc(path_len));
  uint8_t *bytes;
  size_t size;
  snprintf(path, path_len, "%s/%s", r->dir, filename);
  bool readable = read_file(path, &bytes, &size);
  free(path);
  if (!readable) return l;

  husk_module *module;
  l.error = husk_module_new(r->engine, bytes, size, &module);
  free(bytes);
  if (l.error) {
    l.stage = COMPILE_ERROR;
    return l;
  }
  if (!instantiate) {
    husk_module_delete(module);
    l.stage = LOADED;
    return l;
  }
  r->modules = grow(r->modules, &r->module_cap, r->module_count, sizeof *r->modules);
  r->modules[r->module_count++] = module;
  l.error = husk_linker_instantiate(r->linker, module, &l.instance, &l.trap);
  l.stage = l.error ? LINK_ERROR : l.trap ? INSTANCE_TRAP : LOADED;
  return l;
}

static bool is_text_module(const cJSON *cmd) {
  const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(cmd, "module_type"));
  return type && !strcmp(type, "text");
}

static const char *text_of(const cJSON *cmd) {
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(cmd, "text"));
  return s ? s : "";
}

/* ---------------------------------------------------------- actions */

/* The outcome of an invoke or get that could be performed. */
typedef struct result {
  husk_val *vals;             /* malloc'd */
  size_t count;
  husk_trap *trap;            /* owned */
  text what;                  /* 'invoke "f"(i32:1)', for messages */
} result;

static void result_free(result *res) {
  free(res->vals);
  if (res->trap) husk_trap_delete(res->trap);
}

/* cJSON strings end at a NUL, but export names may contain NUL bytes
 * (names.wast): read_json turns each \u0000 into U+F8FF, which no test name
 * uses, and this turns it back before the length-aware lookup. */
#define NUL_STAND_IN "\xef\xa3\xbf"

static bool find_export(husk_instance *instance, const char *field, husk_extern *out) {
  size_t n = strlen(field), len = 0;
  char *name = check_alloc(malloc(n + 1));
  for (size_t i = 0; i < n; len++) {
    bool nul = strncmp(field + i, NUL_STAND_IN, 3) == 0;
    name[len] = nul ? '\0' : field[i];
    i += nul ? 3 : 1;
  }
  bool found = husk_instance_export_n(instance, name, len, out);
  free(name);
  return found;
}

static outcome invoke(runner *r, husk_instance *instance, const cJSON *action, result *res) {
  const char *field = cJSON_GetStringValue(cJSON_GetObjectItem(action, "field"));
  husk_extern ext;
  if (!find_export(instance, field, &ext) || ext.kind != HUSK_EXTERN_FUNC)
    return fail(r, "%s: no exported function", res->what.buf);

  const cJSON *json_args = cJSON_GetObjectItem(action, "args");
  size_t argc = (size_t)cJSON_GetArraySize(json_args);
  husk_val *args = check_alloc(calloc(argc + 1, sizeof *args));
  size_t i = 0;
  const cJSON *arg;
  append(&res->what, "(");
  cJSON_ArrayForEach(arg, json_args) {
    value v;
    if (!parse_value(r, arg, false, &v)) {
      free(args);
      return FAILED;
    }
    args[i] = v.val;
    append(&res->what, "%s", i ? ", " : "");
    append_val(&res->what, &args[i++]);
  }
  append(&res->what, ")");

  husk_functype type = husk_func_type(ext.of.func);
  if (type.param_count != argc) {
    free(args);
    return fail(r, "%s: the function takes %zu arguments", res->what.buf, type.param_count);
  }
  res->count = type.result_count;
  res->vals = check_alloc(calloc(res->count + 1, sizeof *res->vals));
  res->trap = husk_func_call(r->store, ext.of.func, args, argc, res->vals, res->count);
  free(args);
  return PASSED;
}

/* Performs the command's action. PASSED means it ran (it may have trapped:
 * see res->trap); FAILED means it could not be performed (reported). */
static outcome perform(runner *r, const cJSON *cmd, result *res) {
  *res = (result){0};
  const cJSON *action = cJSON_GetObjectItem(cmd, "action");
  const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(action, "type"));
  const char *module = cJSON_GetStringValue(cJSON_GetObjectItem(action, "module"));
  const char *field = cJSON_GetStringValue(cJSON_GetObjectItem(action, "field"));
  if (!type || !field) return fail(r, "malformed action");
  append(&res->what, "%s %s%s\"%s\"", type, module ? module : "", module ? " " : "", field);

  husk_instance *instance = find_instance(r, module);
  if (!instance)
    return fail(r, "%s: no module %s", res->what.buf, module ? module : "loaded");
  if (!strcmp(type, "invoke")) return invoke(r, instance, action, res);
  if (strcmp(type, "get") != 0) return fail(r, "unknown action type '%s'", type);

  husk_extern ext;
  if (!find_export(instance, field, &ext) || ext.kind != HUSK_EXTERN_GLOBAL)
    return fail(r, "%s: no exported global", res->what.buf);
  res->count = 1;
  res->vals = check_alloc(malloc(sizeof *res->vals));
  res->vals[0] = husk_global_get(ext.of.global);
  return PASSED;
}

/* ---------------------------------------------------------- commands */

static outcome cmd_module(runner *r, const cJSON *cmd) {
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(cmd, "name"));
  r->current = NULL;   /* a module that fails to load must not stand in */
  if (is_text_module(cmd)) return fail(r, "module in the text format");
  loaded l = load(r, cmd, true);
  outcome o = PASSED;
  if (l.stage != LOADED)
    o = fail(r, "module: %s: %s", stage_name(l.stage), loaded_message(&l));
  r->current = l.instance;
  if (name) {
    r->names = grow(r->names, &r->name_cap, r->name_count, sizeof *r->names);
    r->names[r->name_count++] = (named_instance){name, l.instance};
  }
  loaded_free(&l);
  return o;
}

static outcome cmd_register(runner *r, const cJSON *cmd) {
  const char *as = cJSON_GetStringValue(cJSON_GetObjectItem(cmd, "as"));
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(cmd, "name"));
  husk_instance *instance = find_instance(r, name);
  if (!as) return fail(r, "register without \"as\"");
  if (!instance) return fail(r, "register: no module %s", name ? name : "loaded");
  husk_error *err = husk_linker_define_instance(r->linker, as, instance);
  if (!err) return PASSED;
  outcome o = fail(r, "register as \"%s\": %s", as, husk_error_message(err));
  husk_error_delete(err);
  return o;
}

static outcome cmd_action(runner *r, const cJSON *cmd) {
  result res;
  outcome o = perform(r, cmd, &res);
  if (o == PASSED && res.trap)
    o = fail(r, "%s: trap: %s", res.what.buf, husk_trap_message(res.trap));
  result_free(&res);
  return o;
}

static outcome check_results(runner *r, const cJSON *cmd, const result *res) {
  const cJSON *expected = cJSON_GetObjectItem(cmd, "expected");
  size_t count = (size_t)cJSON_GetArraySize(expected);
  if (count != res->count)
    return fail(r, "%s: %zu results, expected %zu", res->what.buf, res->count, count);
  size_t i = 0;
  const cJSON *json;
  cJSON_ArrayForEach(json, expected) {
    value e;
    if (!parse_value(r, json, true, &e)) return FAILED;
    if (!value_matches(&e, &res->vals[i])) {
      text got = {0}, want = {0};
      append_val(&got, &res->vals[i]);
      append_expected(&want, &e);
      return fail(r, "%s: result %zu is %s, expected %s", res->what.buf, i, got.buf, want.buf);
    }
    i++;
  }
  return PASSED;
}

static outcome cmd_assert_return(runner *r, const cJSON *cmd) {
  result res;
  outcome o = perform(r, cmd, &res);
  if (o == PASSED && res.trap)
    o = fail(r, "%s: trap: %s", res.what.buf, husk_trap_message(res.trap));
  else if (o == PASSED)
    o = check_results(r, cmd, &res);
  result_free(&res);
  return o;
}

/* A trap is right when the spec's message is a prefix of husk's. */
static outcome check_trap(runner *r, const char *what, const husk_trap *trap, const char *expected) {
  if (!trap) return fail(r, "%s: no trap, expected \"%s\"", what, expected);
  const char *message = husk_trap_message(trap);
  if (!has_prefix(message, expected))
    return fail(r, "%s: trap \"%s\", expected \"%s\"", what, message, expected);
  return PASSED;
}

static outcome cmd_assert_uninstantiable(runner *r, const cJSON *cmd) {
  loaded l = load(r, cmd, true);
  outcome o;
  if (l.stage == INSTANCE_TRAP)
    o = check_trap(r, "instantiation", l.trap, text_of(cmd));
  else
    o = fail(r, "module: %s (%s), expected a trap \"%s\"", stage_name(l.stage),
             loaded_message(&l), text_of(cmd));
  loaded_free(&l);
  return o;
}

static outcome cmd_assert_trap(runner *r, const cJSON *cmd) {
  if (!cJSON_HasObjectItem(cmd, "action")) return cmd_assert_uninstantiable(r, cmd);
  result res;
  outcome o = perform(r, cmd, &res);
  if (o == PASSED) o = check_trap(r, res.what.buf, res.trap, text_of(cmd));
  result_free(&res);
  return o;
}

static outcome cmd_assert_exhaustion(runner *r, const cJSON *cmd) {
  result res;
  outcome o = perform(r, cmd, &res);
  if (o == PASSED && !res.trap)
    o = fail(r, "%s: returned, expected stack exhaustion", res.what.buf);
  else if (o == PASSED && husk_trap_code_of(res.trap) != HUSK_TRAP_STACK_EXHAUSTED)
    o = fail(r, "%s: trap \"%s\", expected stack exhaustion", res.what.buf,
             husk_trap_message(res.trap));
  result_free(&res);
  return o;
}

/* assert_invalid and assert_malformed: compiling must fail. The message is
 * not held against the engine, only noted, because the spec leaves the
 * wording to implementations and several errors may apply at once. */
static outcome expect_compile_error(runner *r, const cJSON *cmd) {
  if (is_text_module(cmd)) return NOT_APPLICABLE;
  loaded l = load(r, cmd, false);
  outcome o = PASSED;
  if (l.stage != COMPILE_ERROR)
    o = fail(r, "module: %s, expected \"%s\"", stage_name(l.stage), text_of(cmd));
  else if (!has_prefix(loaded_message(&l), text_of(cmd)))
    note(r, "error \"%s\", spec says \"%s\"", loaded_message(&l), text_of(cmd));
  loaded_free(&l);
  return o;
}

/* Linking must fail with an error, not a trap; the message as above. */
static outcome cmd_assert_unlinkable(runner *r, const cJSON *cmd) {
  loaded l = load(r, cmd, true);
  outcome o = PASSED;
  if (l.stage != LINK_ERROR)
    o = fail(r, "module: %s (%s), expected link error \"%s\"", stage_name(l.stage),
             loaded_message(&l), text_of(cmd));
  else if (!has_prefix(loaded_message(&l), text_of(cmd)))
    note(r, "error \"%s\", spec says \"%s\"", loaded_message(&l), text_of(cmd));
  loaded_free(&l);
  return o;
}

static const struct {
  const char *type;
  outcome (*run)(runner *r, const cJSON *cmd);
} commands[] = {
  {"module", cmd_module},
  {"register", cmd_register},
  {"action", cmd_action},
  {"assert_return", cmd_assert_return},
  {"assert_trap", cmd_assert_trap},
  {"assert_exhaustion", cmd_assert_exhaustion},
  {"assert_invalid", expect_compile_error},
  {"assert_malformed", expect_compile_error},
  {"assert_unlinkable", cmd_assert_unlinkable},
  {"assert_uninstantiable", cmd_assert_uninstantiable},
};

static outcome run_command(runner *r, const cJSON *cmd) {
  const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(cmd, "type"));
  r->line = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(cmd, "line"));
  for (size_t i = 0; type && i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(type, commands[i].type)) return commands[i].run(r, cmd);
  return fail(r, "unknown command type '%s'", type ? type : "(none)");
}

/* ---------------------------------------------------------- spectest */

static husk_trap *print_nothing(husk_caller *caller, void *env, const husk_val *args,
                                husk_val *results) {
  (void)caller, (void)env, (void)args, (void)results;
  return NULL;
}

/* Defines spectest.name as ext, made (the item's pointer) not being NULL. */
static bool define(runner *r, const char *name, husk_extern ext, const void *made) {
  if (!made) return false;
  husk_error *err = husk_linker_define(r->linker, "spectest", name, &ext);
  if (err) husk_error_delete(err);
  return !err;
}

/* The "spectest" module the scripts import from: print functions that do
 * nothing, and globals, a table and a memory with the spec's values. */
static bool define_spectest(runner *r) {
  static const struct {
    const char *name;
    husk_valkind params[2];
    size_t count;
  } prints[] = {
    {"print", {0}, 0},
    {"print_i32", {HUSK_I32}, 1},
    {"print_i64", {HUSK_I64}, 1},
    {"print_f32", {HUSK_F32}, 1},
    {"print_f64", {HUSK_F64}, 1},
    {"print_i32_f32", {HUSK_I32, HUSK_F32}, 2},
    {"print_f64_f64", {HUSK_F64, HUSK_F64}, 2},
  };
  static const char *const global_names[] = {"global_i32", "global_i64", "global_f32", "global_f64"};
  husk_val global_values[] = {husk_val_i32(666), husk_val_i64(666), husk_val_f32(666.6f),
                              husk_val_f64(666.6)};
  bool ok = true;

  for (size_t i = 0; i < sizeof prints / sizeof prints[0]; i++) {
    husk_functype type = {.params = prints[i].params, .param_count = prints[i].count};
    husk_func *f = husk_func_new(r->store, &type, print_nothing, NULL, NULL);
    ok = define(r, prints[i].name, (husk_extern){.kind = HUSK_EXTERN_FUNC, .of.func = f}, f) && ok;
  }
  for (size_t i = 0; i < sizeof global_names / sizeof global_names[0]; i++) {
    husk_global *g = husk_global_new(r->store, global_values[i].kind, false, global_values[i]);
    ok = define(r, global_names[i], (husk_extern){.kind = HUSK_EXTERN_GLOBAL, .of.global = g}, g) && ok;
  }
  husk_table *table = husk_table_new(r->store, HUSK_FUNCREF,
                                     (husk_limits){.min = 10, .max = 20, .has_max = true},
                                     husk_val_funcref(NULL));
  ok = define(r, "table", (husk_extern){.kind = HUSK_EXTERN_TABLE, .of.table = table}, table) && ok;
  husk_memory *memory = husk_memory_new(r->store, (husk_limits){.min = 1, .max = 2, .has_max = true});
  ok = define(r, "memory", (husk_extern){.kind = HUSK_EXTERN_MEMORY, .of.memory = memory}, memory) && ok;
  return ok;
}

/* ---------------------------------------------------------- main */

static cJSON *read_json(const char *path) {
  uint8_t *bytes;
  size_t size;
  if (!read_file(path, &bytes, &size)) {
    fprintf(stderr, "husk-spec: %s: %s\n", path, strerror(errno));
    return NULL;
  }
  /* See find_export: "\u0000" (6 bytes) becomes "\uf8ff" (6 bytes). */
  for (size_t i = 0; i + 6 <= size; i++)
    if (bytes[i] == '\\' && memcmp(bytes + i + 1, "u0000", 5) == 0 && (i == 0 || bytes[i - 1] != '\\'))
      memcpy(bytes + i + 1, "uf8ff", 5);
  cJSON *json = cJSON_ParseWithLength((const char *)bytes, size);
  free(bytes);
  if (!json) fprintf(stderr, "husk-spec: %s: not valid JSON\n", path);
  return json;
}

/* "dir/i32.json" -> "dir"; the script's name comes from its source_filename. */
static bool runner_init(runner *r, const char *json_path, const cJSON *json) {
  const char *slash = strrchr(json_path, '/');
  r->dir = check_alloc(slash ? strndup(json_path, (size_t)(slash - json_path)) : strdup("."));
  const char *source = cJSON_GetStringValue(cJSON_GetObjectItem(json, "source_filename"));
  r->script = source ? source : json_path;
  if (strrchr(r->script, '/')) r->script = strrchr(r->script, '/') + 1;

  /* HUSK_SPEC_GUARD_PAGES=0 runs the suite on explicitly checked memory
   * accesses instead of guard regions (the other translation of them). */
  husk_config *config = husk_config_new();
  const char *guard = getenv("HUSK_SPEC_GUARD_PAGES");
  if (guard && strcmp(guard, "0") == 0) husk_config_guard_pages(config, false);
  husk_error *err = husk_engine_new(config, &r->engine);
  husk_config_delete(config);
  if (err) {
    fprintf(stderr, "husk-spec: cannot create engine: %s\n", husk_error_message(err));
    husk_error_delete(err);
    return false;
  }
  r->store = husk_store_new(r->engine, NULL);
  r->linker = husk_linker_new(r->store);
  if (!r->store || !r->linker || !define_spectest(r)) {
    fprintf(stderr, "husk-spec: cannot set up the store and the spectest module\n");
    return false;
  }
  return true;
}

/* The linker before the store, the store before the modules its instances
 * were made from. */
static void runner_free(runner *r) {
  if (r->linker) husk_linker_delete(r->linker);
  if (r->store) husk_store_delete(r->store);
  for (size_t i = 0; i < r->module_count; i++) husk_module_delete(r->modules[i]);
  if (r->engine) husk_engine_delete(r->engine);
  free(r->modules);
  free(r->names);
  free(r->dir);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fputs("usage: husk-spec FILE.json   (the output of wast2json)\n", stderr);
    return 2;
  }
  cJSON *json = read_json(argv[1]);
  if (!json) return 2;

  runner r = {0};
  int status = 2;
  if (runner_init(&r, argv[1], json)) {
    const cJSON *cmd;
    cJSON_ArrayForEach(cmd, cJSON_GetObjectItem(json, "commands"))
      r.counts[run_command(&r, cmd)]++;
    printf("%d %d %d\n", r.counts[PASSED], r.counts[FAILED], r.counts[NOT_APPLICABLE]);
    status = r.counts[FAILED] ? 1 : 0;
  }
  runner_free(&r);
  cJSON_Delete(json);
  return status;
}
