/*
 * run_js.c - `husk run app.js ARG...` and `husk compile app.js -o app.hbc`.
 *
 * The options follow `husk run`'s conventions (run.c): they come before
 * FILE or right after it, and the first other word starts the program's
 * arguments. --dir, --ro-dir, --env and --inherit-env mean what they mean
 * for WASI: node:fs sees only the preopened directories, process.env only
 * the variables given.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "options.h"
#include "js_library.h"
#include "run_js.h"

typedef struct js_options {
  const cli_js_api *js;
  husk_js_config *config;
  const char *request_id;
} js_options;

static int add_dir(js_options *o, char *spec, bool read_only) {
  const char *host, *guest;
  if (!args_parse_dir(spec, &host, &guest)) {
    cli_error("run: '%s': expected HOST[::GUEST]", spec);
    return CLI_USAGE;
  }
  o->js->husk_js_config_preopen_dir(o->config, host, guest, read_only);
  return CLI_OK;
}
static int set_dir(void *settings, char *v) { return add_dir(settings, v, false); }
static int set_ro_dir(void *settings, char *v) { return add_dir(settings, v, true); }

static int set_env(void *settings, char *spec) {
  js_options *o = settings;
  const char *key, *value;
  if (!args_parse_env(spec, &key, &value)) {
    cli_error("run: --env '%s': expected KEY=VALUE or KEY", spec);
    return CLI_USAGE;
  }
  if (value) o->js->husk_js_config_env(o->config, key, value);
  return CLI_OK;
}

static int set_inherit_env(void *settings, char *unused) {
  js_options *o = settings;
  (void)unused;
  o->js->husk_js_config_inherit_env(o->config);
  return CLI_OK;
}

static int set_timeout(void *settings, char *v) {
  js_options *o = settings;
  char *end;
  unsigned long long ms = strtoull(v, &end, 10);
  if (end == v || *end || ms == 0) {
    cli_error("run: --timeout '%s': expected milliseconds > 0", v);
    return CLI_USAGE;
  }
  o->js->husk_js_config_timeout_ms(o->config, ms);
  return CLI_OK;
}

static int set_memory(void *settings, char *v) {
  js_options *o = settings;
  uint64_t n;
  if (!args_parse_amount(v, false, &n) || n > SIZE_MAX) {
    cli_error("run: --max-memory '%s': expected a size such as 64M", v);
    return CLI_USAGE;
  }
  o->js->husk_js_config_memory_limit(o->config, n);
  return CLI_OK;
}

static int set_stack(void *settings, char *v) {
  js_options *o = settings;
  uint64_t n;
  if (!args_parse_amount(v, false, &n) || n > SIZE_MAX) {
    cli_error("run: --stack-size '%s': expected a size such as 1M", v);
    return CLI_USAGE;
  }
  o->js->husk_js_config_stack_size(o->config, n);
  return CLI_OK;
}

static int set_console(void *settings, char *v) {
  js_options *o = settings;
  if (!strcmp(v, "json"))
    o->js->husk_js_config_console(o->config, o->js->husk_js_console_json_lines, NULL);
  else if (!strcmp(v, "text"))
    o->js->husk_js_config_console(o->config, o->js->husk_js_console_text, NULL);
  else {
    cli_error("run: --console '%s': expected text or json", v);
    return CLI_USAGE;
  }
  return CLI_OK;
}

static int set_request_id(void *settings, char *v) {
  js_options *o = settings;
  o->request_id = v;
  return CLI_OK;
}

static const struct {
  const char *name;
  unsigned bit;
} builtin_names[] = {
  {"console", HUSK_JS_CONSOLE}, {"timers", HUSK_JS_TIMERS}, {"process", HUSK_JS_PROCESS},
  {"path", HUSK_JS_PATH}, {"events", HUSK_JS_EVENTS}, {"buffer", HUSK_JS_BUFFER},
  {"encoding", HUSK_JS_ENCODING}, {"url", HUSK_JS_URL}, {"crypto", HUSK_JS_CRYPTO},
  {"performance", HUSK_JS_PERFORMANCE}, {"structured-clone", HUSK_JS_STRUCTURED_CLONE},
  {"fs", HUSK_JS_FS}, {"util", HUSK_JS_UTIL}, {"assert", HUSK_JS_ASSERT},
  {"webassembly", HUSK_JS_WEBASSEMBLY},
};

/* --builtins console,timers,...: exactly these (the default is all). */
static int set_builtins(void *settings, char *list) {
  js_options *o = settings;
  unsigned mask = 0;
  for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
    size_t i = 0, n = sizeof builtin_names / sizeof builtin_names[0];
    while (i < n && strcmp(builtin_names[i].name, name) != 0) i++;
    if (i == n) {
      cli_error("run: --builtins: unknown built-in '%s'", name);
      return CLI_USAGE;
    }
    mask |= builtin_names[i].bit;
  }
  o->js->husk_js_config_builtins(o->config, mask);
  return CLI_OK;
}

static const cli_option js_option_list[] = {
  {"--dir", "HOST[::GUEST]", "let node:fs use directory HOST, seen as GUEST", set_dir},
  {"--ro-dir", "HOST[::GUEST]", "the same, read-only", set_ro_dir},
  {"--env", "KEY[=VALUE]", "set a variable of process.env (KEY alone: the host's value)", set_env},
  {"--inherit-env", NULL, "give process.env the whole host environment", set_inherit_env},
  {"--timeout", "MS", "stop the program after MS milliseconds (exit status 124)", set_timeout},
  {"--max-memory", "SIZE", "cap the JavaScript heap, e.g. 64M (exit status 137)", set_memory},
  {"--stack-size", "SIZE", "cap the JavaScript stack, e.g. 1M", set_stack},
  {"--console", "text|json", "console output as text, or JSON lines", set_console},
  {"--request-id", "ID", "the requestId of JSON console lines", set_request_id},
  {"--builtins", "LIST", "only these built-ins (comma-separated; default all)", set_builtins},
};
static const cli_option_table js_option_table = {
  js_option_list, sizeof js_option_list / sizeof js_option_list[0], "program",
  " for a JavaScript program",
};

void cli_run_js_usage(FILE *out) {
  cli_option_usage(out, &js_option_table);
  fputs("  built-ins:", out);
  for (size_t i = 0; i < sizeof builtin_names / sizeof builtin_names[0]; i++)
    fprintf(out, " %s", builtin_names[i].name);
  fputc('\n', out);
}

static bool is_js_file(const char *path) {
  static const char *const exts[] = {".js", ".mjs", ".cjs", ".hbc"};
  size_t n = strlen(path);
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
    size_t m = strlen(exts[i]);
    if (n > m && !strcmp(path + n - m, exts[i])) return true;
  }
  return false;
}

bool cli_is_js_run(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *w = argv[i];
    if (!strcmp(w, "--")) return i + 1 < argc && is_js_file(argv[i + 1]);
    if (w[0] != '-') return is_js_file(w);
    /* Skip the value of an option that takes one, of either runner. */
    const cli_option *opt = cli_option_find(&js_option_table, w);
    if (!opt) opt = cli_option_find(&cli_run_option_table, w);
    if (!strchr(w, '=') && opt && opt->arg) i++;
  }
  return false;
}

int cli_run_js(int argc, char **argv) {
  const cli_js_api *js = cli_js();
  if (!js) return CLI_TRAP;
  js_options o = {.js = js, .config = js->husk_js_config_new()};
  if (!o.config) {
    cli_error("out of memory");
    return CLI_TRAP;
  }
  int file, args;
  int status = cli_option_parse(&js_option_table, &o, argc, argv, &file, &args);
  if (status == CLI_OK) {
    js->husk_js_config_args(o.config, argc - args, (const char *const *)argv + args);
    husk_js *runtime;
    husk_error *err = js->husk_js_new(o.config, &runtime);
    if (err) {
      cli_error("%s", js->husk_error_message(err));
      js->husk_error_delete(err);
      status = CLI_USAGE;
    } else {
      if (o.request_id) js->husk_js_set_request_id(runtime, o.request_id);
      status = js->husk_js_run_file(runtime, argv[file]);
      js->husk_js_delete(runtime);
    }
  }
  js->husk_js_config_delete(o.config);
  return status;
}

/* The output path: -o's, else FILE with its extension replaced by .hbc. */
int cli_compile_js(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc) {
      out = argv[++i];
    } else if (argv[i][0] == '-') {
      cli_error("compile: unknown option '%s' (usage: husk compile FILE.js [-o OUT.hbc])", argv[i]);
      return CLI_USAGE;
    } else if (!in) {
      in = argv[i];
    } else {
      cli_error("compile: one file at a time");
      return CLI_USAGE;
    }
  }
  if (!in) {
    cli_error("compile: usage: husk compile FILE.js [-o OUT.hbc]");
    return CLI_USAGE;
  }
  char *derived = NULL;
  if (!out) {
    size_t n = strlen(in);
    const char *dot = strrchr(in, '.');
    const char *slash = strrchr(in, '/');
    if (dot && (!slash || dot > slash)) n = (size_t)(dot - in);
    derived = malloc(n + 5);
    if (!derived) {
      cli_error("out of memory");
      return CLI_TRAP;
    }
    memcpy(derived, in, n);
    memcpy(derived + n, ".hbc", 5);
    out = derived;
  }
  const cli_js_api *js = cli_js();
  husk_error *err = js ? js->husk_js_compile_file(in, out) : NULL;
  free(derived);
  if (!js) return CLI_TRAP;
  if (err) {
    cli_error("%s", js->husk_error_message(err));
    js->husk_error_delete(err);
    return CLI_INVALID;
  }
  return CLI_OK;
}
