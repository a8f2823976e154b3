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
#include "husk/js.h"
#include "run_js.h"

typedef struct js_options {
  husk_js_config *config;
  const char *request_id;
} js_options;

typedef int (*js_setter)(js_options *o, char *value);

static int add_dir(js_options *o, char *spec, bool read_only) {
  const char *host, *guest;
  if (!args_parse_dir(spec, &host, &guest)) {
    cli_error("run: '%s': expected HOST[::GUEST]", spec);
    return CLI_USAGE;
  }
  husk_js_config_preopen_dir(o->config, host, guest, read_only);
  return CLI_OK;
}
static int set_dir(js_options *o, char *v) { return add_dir(o, v, false); }
static int set_ro_dir(js_options *o, char *v) { return add_dir(o, v, true); }

static int set_env(js_options *o, char *spec) {
  const char *key, *value;
  if (!args_parse_env(spec, &key, &value)) {
    cli_error("run: --env '%s': expected KEY=VALUE or KEY", spec);
    return CLI_USAGE;
  }
  if (value) husk_js_config_env(o->config, key, value);
  return CLI_OK;
}

static int set_inherit_env(js_options *o, char *unused) {
  (void)unused;
  husk_js_config_inherit_env(o->config);
  return CLI_OK;
}

static int set_timeout(js_options *o, char *v) {
  char *end;
  unsigned long long ms = strtoull(v, &end, 10);
  if (end == v || *end || ms == 0) {
    cli_error("run: --timeout '%s': expected milliseconds > 0", v);
    return CLI_USAGE;
  }
  husk_js_config_timeout_ms(o->config, ms);
  return CLI_OK;
}

static int set_memory(js_options *o, char *v) {
  uint64_t n;
  if (!args_parse_amount(v, false, &n) || n > SIZE_MAX) {
    cli_error("run: --max-memory '%s': expected a size such as 64M", v);
    return CLI_USAGE;
  }
  husk_js_config_memory_limit(o->config, n);
  return CLI_OK;
}

static int set_stack(js_options *o, char *v) {
  uint64_t n;
  if (!args_parse_amount(v, false, &n) || n > SIZE_MAX) {
    cli_error("run: --stack-size '%s': expected a size such as 1M", v);
    return CLI_USAGE;
  }
  husk_js_config_stack_size(o->config, n);
  return CLI_OK;
}

static int set_console(js_options *o, char *v) {
  if (!strcmp(v, "json"))
    husk_js_config_console(o->config, husk_js_console_json_lines, NULL);
  else if (!strcmp(v, "text"))
    husk_js_config_console(o->config, husk_js_console_text, NULL);
  else {
    cli_error("run: --console '%s': expected text or json", v);
    return CLI_USAGE;
  }
  return CLI_OK;
}

static int set_request_id(js_options *o, char *v) {
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
static int set_builtins(js_options *o, char *list) {
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
  husk_js_config_builtins(o->config, mask);
  return CLI_OK;
}

static const struct js_option {
  const char *name;
  const char *arg;
  const char *help;
  js_setter set;
} js_options_table[] = {
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
#define JS_OPTION_COUNT (sizeof js_options_table / sizeof js_options_table[0])

void cli_run_js_usage(FILE *out) {
  for (size_t i = 0; i < JS_OPTION_COUNT; i++) {
    const struct js_option *opt = &js_options_table[i];
    char left[64];
    snprintf(left, sizeof left, "%s%s%s", opt->name, opt->arg ? " " : "", opt->arg ? opt->arg : "");
    fprintf(out, "  %-26s %s\n", left, opt->help);
  }
  fputs("  built-ins:", out);
  for (size_t i = 0; i < sizeof builtin_names / sizeof builtin_names[0]; i++)
    fprintf(out, " %s", builtin_names[i].name);
  fputc('\n', out);
}

static const struct js_option *find_option(const char *word) {
  size_t len = strcspn(word, "=");
  for (size_t i = 0; i < JS_OPTION_COUNT; i++)
    if (strlen(js_options_table[i].name) == len && !strncmp(word, js_options_table[i].name, len))
      return &js_options_table[i];
  return NULL;
}

static int take_option(js_options *o, const struct js_option *opt, int argc, char **argv, int *i) {
  char *word = argv[(*i)++];
  char *value = strchr(word, '=');
  if (!opt->arg) {
    if (value) {
      cli_error("run: %s takes no value", opt->name);
      return CLI_USAGE;
    }
  } else if (value) {
    value++;
  } else if (*i < argc) {
    value = argv[(*i)++];
  } else {
    cli_error("run: %s needs a value: %s %s", opt->name, opt->name, opt->arg);
    return CLI_USAGE;
  }
  return opt->set(o, value);
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
    /* Skip the value of an option that takes one: ours, or one of the
     * Wasm-only options of run.c. */
    const struct js_option *opt = find_option(w);
    bool wasm_value = !strcmp(w, "--invoke") || !strcmp(w, "--fuel") || !strcmp(w, "--cache-dir");
    if (!strchr(w, '=') && ((opt && opt->arg) || wasm_value)) i++;
  }
  return false;
}

/* Options, FILE, options, then the program's arguments (as in run.c). */
static int parse(js_options *o, int argc, char **argv, int *file, int *args) {
  int i = 1;
  while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
    const struct js_option *opt = find_option(argv[i]);
    if (!opt) {
      cli_error("run: unknown option '%s' for a JavaScript program (see husk --help)", argv[i]);
      return CLI_USAGE;
    }
    int status = take_option(o, opt, argc, argv, &i);
    if (status != CLI_OK) return status;
  }
  if (i < argc && !strcmp(argv[i], "--")) i++;
  if (i >= argc) {
    cli_error("run: no program file given");
    return CLI_USAGE;
  }
  *file = i++;
  const struct js_option *opt;
  while (i < argc && (opt = find_option(argv[i])) != NULL) {
    int status = take_option(o, opt, argc, argv, &i);
    if (status != CLI_OK) return status;
  }
  if (i < argc && !strcmp(argv[i], "--")) i++;
  *args = i;
  return CLI_OK;
}

int cli_run_js(int argc, char **argv) {
  js_options o = {.config = husk_js_config_new()};
  if (!o.config) {
    cli_error("out of memory");
    return CLI_TRAP;
  }
  int file, args;
  int status = parse(&o, argc, argv, &file, &args);
  if (status == CLI_OK) {
    husk_js_config_args(o.config, argc - args, (const char *const *)argv + args);
    husk_js *js;
    husk_error *err = husk_js_new(o.config, &js);
    if (err) {
      cli_error("%s", husk_error_message(err));
      husk_error_delete(err);
      status = CLI_USAGE;
    } else {
      if (o.request_id) husk_js_set_request_id(js, o.request_id);
      status = husk_js_run_file(js, argv[file]);
      husk_js_delete(js);
    }
  }
  husk_js_config_delete(o.config);
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
  husk_error *err = husk_js_compile_file(in, out);
  free(derived);
  if (err) {
    cli_error("%s", husk_error_message(err));
    husk_error_delete(err);
    return CLI_INVALID;
  }
  return CLI_OK;
}
