/*
 * run.c - `husk run [OPTIONS] FILE.wasm [ARG...]`: instantiates a module and
 * runs its _start (a WASI command) or the export named by --invoke.
 *
 * Options come before FILE or right after it; the first word after FILE
 * that is not an option (or "--") starts the guest's arguments, so
 * `husk run prog.wasm --verbose` passes --verbose to the guest.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "options.h"

/* ---------------------------------------------------------- options */

/* The setters may write into value: argv strings are modifiable (C11
 * 5.1.2.2.1), which lets HOST::GUEST and KEY=VALUE be split in place. */

static int set_invoke(void *settings, char *name) {
  cli_run_options *o = settings;
  o->invoke = name;
  return CLI_OK;
}

static int add_dir(cli_run_options *o, char *spec, bool read_only) {
  cli_preopen *d = &o->dirs[o->dir_count++];
  const char *guest;
  if (!args_parse_dir(spec, &d->host, &guest)) {
    cli_error("run: '%s': expected HOST[::GUEST]", spec);
    return CLI_USAGE;
  }
  d->guest = guest ? guest : d->host;
  d->read_only = read_only;
  return CLI_OK;
}

static int set_dir(void *settings, char *spec) { return add_dir(settings, spec, false); }
static int set_ro_dir(void *settings, char *spec) { return add_dir(settings, spec, true); }

/* KEY=VALUE sets a variable; KEY alone copies the host's value, if any. */
static int set_env(void *settings, char *spec) {
  cli_run_options *o = settings;
  const char *key, *value;
  if (!args_parse_env(spec, &key, &value)) {
    cli_error("run: --env '%s': expected KEY=VALUE or KEY", spec);
    return CLI_USAGE;
  }
  if (value) o->envs[o->env_count++] = (cli_env){key, value};
  return CLI_OK;
}

static int set_inherit_env(void *settings, char *unused) {
  cli_run_options *o = settings;
  (void)unused;
  o->inherit_env = true;
  return CLI_OK;
}

/* A positive whole number, with an optional K, M or G (powers of 1024). */
static int parse_amount_or_zero(const char *option, const char *text, bool zero_ok, uint64_t *out) {
  if (args_parse_amount(text, zero_ok, out)) return CLI_OK;
  cli_error("run: %s '%s': expected a %s whole number", option, text, zero_ok ? "non-negative" : "positive");
  return CLI_USAGE;
}

static int parse_amount(const char *option, const char *text, uint64_t *out) {
  return parse_amount_or_zero(option, text, false, out);
}

static int set_fuel(void *settings, char *v) {
  cli_run_options *o = settings;
  return parse_amount("--fuel", v, &o->fuel);
}
static int set_timeout(void *settings, char *v) {
  cli_run_options *o = settings;
  return parse_amount("--timeout", v, &o->timeout_ms);
}
static int set_max_memory(void *settings, char *v) {
  cli_run_options *o = settings;
  return parse_amount("--max-memory", v, &o->max_memory);
}
static int set_cache_dir(void *settings, char *dir) {
  cli_run_options *o = settings;
  o->cache_dir = dir;
  return CLI_OK;
}
static int set_no_cache(void *settings, char *unused) {
  cli_run_options *o = settings;
  (void)unused;
  o->no_cache = true;
  return CLI_OK;
}
static int set_cache_min_size(void *settings, char *v) {
  cli_run_options *o = settings;
  o->cache_min_size_set = true;
  return parse_amount_or_zero("--cache-min-size", v, true, &o->cache_min_size);
}

static int set_no_guard_pages(void *settings, char *unused) {
  cli_run_options *o = settings;
  (void)unused;
  o->no_guard_pages = true;
  return CLI_OK;
}

static const cli_option run_options[] = {
  {"--invoke", "NAME", "call export NAME instead of _start; the ARGs are its parameters", set_invoke},
  {"--dir", "HOST[::GUEST]", "let the guest use directory HOST, seen as GUEST", set_dir},
  {"--ro-dir", "HOST[::GUEST]", "the same, read-only", set_ro_dir},
  {"--env", "KEY[=VALUE]", "set a guest environment variable (KEY alone: the host's value)", set_env},
  {"--inherit-env", NULL, "give the guest the whole host environment", set_inherit_env},
  {"--fuel", "N", "stop the guest after N units of work (one per instruction)", set_fuel},
  {"--timeout", "MS", "stop the guest after MS milliseconds", set_timeout},
  {"--max-memory", "BYTES", "cap the guest's linear memory (K, M, G suffixes)", set_max_memory},
  {"--no-guard-pages", NULL, "check every memory access instead of reserving 8 GiB per memory", set_no_guard_pages},
  {"--cache-dir", "DIR", "keep compiled modules in DIR (default ~/.cache/husk)", set_cache_dir},
  {"--no-cache", NULL, "neither read nor write the compiled-module cache", set_no_cache},
  {"--cache-min-size", "BYTES", "cache only modules of at least BYTES (default 1M: smaller ones compile faster)", set_cache_min_size},
};
const cli_option_table cli_run_option_table = {
  run_options, sizeof run_options / sizeof run_options[0], "module", "",
};

void cli_run_usage(FILE *out) { cli_option_usage(out, &cli_run_option_table); }

/* ---------------------------------------------------------- running */

/* A WASI exit becomes the exit status; any other trap is reported with its
 * backtrace, innermost frame first. */
static int report_trap(husk_trap *trap) {
  int status = CLI_TRAP;
  if (husk_trap_code_of(trap) == HUSK_TRAP_EXIT) {
    status = husk_trap_exit_status(trap);
  } else {
    cli_error("trap: %s", husk_trap_message(trap));
    /* Recursion repeats frames: print each run of equal names once. */
    size_t n = husk_trap_frame_count(trap);
    for (size_t i = 0; i < n;) {
      const char *name = husk_trap_frame_name(trap, i);
      size_t run = 1;
      while (i + run < n && strcmp(husk_trap_frame_name(trap, i + run), name) == 0) run++;
      fprintf(stderr, "  at %s", name);
      if (run > 1) fprintf(stderr, "  (%zu times)", run);
      fputc('\n', stderr);
      i += run;
    }
  }
  husk_trap_delete(trap);
  return status;
}

static bool export_func(husk_instance *instance, const char *name, husk_func **out) {
  husk_extern ext;
  if (!husk_instance_export(instance, name, &ext) || ext.kind != HUSK_EXTERN_FUNC)
    return false;
  *out = ext.of.func;
  return true;
}

/* Calls export name with argv parsed by its parameter types; prints the
 * results one per line when print_results is set. */
static int call_export(husk_store *store, husk_instance *instance, const char *name,
                       int argc, char **argv, bool print_results) {
  husk_func *func;
  if (!export_func(instance, name, &func)) {
    cli_error("no exported function '%s'", name);
    return CLI_USAGE;
  }
  husk_functype type = husk_func_type(func);
  if ((size_t)argc != type.param_count) {
    fprintf(stderr, "husk: %s has type ", name);
    args_print_functype(stderr, &type);
    fprintf(stderr, ": expected %zu argument(s), got %d\n", type.param_count, argc);
    return CLI_USAGE;
  }

  /* +1: calloc(0) may return NULL, which would look like a failure. */
  husk_val *args = calloc(type.param_count + 1, sizeof *args);
  husk_val *results = calloc(type.result_count + 1, sizeof *results);
  int status = CLI_OK;
  if (!args || !results) {
    cli_error("out of memory");
    status = CLI_TRAP;
    goto done;
  }
  for (size_t i = 0; i < type.param_count; i++) {
    if (!args_parse_val(type.params[i], argv[i], &args[i])) {
      cli_error("%s: argument %zu: '%s' is not a valid %s", name, i + 1, argv[i],
                husk_valkind_name(type.params[i]));
      status = CLI_USAGE;
      goto done;
    }
  }

  husk_trap *trap = husk_func_call(store, func, args, type.param_count,
                                   results, type.result_count);
  if (trap) {
    status = report_trap(trap);
  } else if (print_results) {
    for (size_t i = 0; i < type.result_count; i++) {
      args_print_val(stdout, &results[i]);
      putchar('\n');
    }
  }

done:
  free(args);
  free(results);
  return status;
}

/* Reactors export _initialize, which must run before any other export. */
static int run_instance(const cli_run_options *o, husk_store *store,
                        husk_instance *instance, int argc, char **argv) {
  husk_func *func;
  if (export_func(instance, "_initialize", &func)) {
    int status = call_export(store, instance, "_initialize", 0, NULL, false);
    if (status != CLI_OK) return status;
  }
  if (o->invoke) return call_export(store, instance, o->invoke, argc, argv, true);
  if (!export_func(instance, "_start", &func)) {
    cli_error("no _start export (use --invoke NAME)");
    return CLI_USAGE;
  }
  return call_export(store, instance, "_start", 0, NULL, false);
}

/* guest_argv is the module's path followed by the guest's arguments: it is
 * the WASI argv, and without the path the --invoke arguments. */
static int run_module(const cli_run_options *o, husk_engine *engine,
                      husk_module *module, const char *path,
                      int guest_argc, char **guest_argv) {
  husk_store *store = husk_store_new(engine, NULL);
  if (o->fuel) husk_error_delete(husk_store_set_fuel(store, o->fuel));
  if (o->timeout_ms) husk_error_delete(husk_store_set_deadline(store, o->timeout_ms));
  if (o->max_memory) husk_store_limit_memory(store, o->max_memory);
  husk_linker *linker = husk_linker_new(store);
  husk_wasi *wasi = NULL;
  int status = CLI_OK;
  if (cli_needs_wasi(module))
    status = cli_wasi_link(linker, module, o, guest_argc, guest_argv, &wasi);

  husk_instance *instance = NULL;
  if (status == CLI_OK) {
    husk_trap *trap = NULL;
    husk_error *err = husk_linker_instantiate(linker, module, &instance, &trap);
    if (err) {
      cli_error("%s: %s", path, husk_error_message(err));
      husk_error_delete(err);
      status = CLI_LINK;
    } else if (trap) {
      status = report_trap(trap);
    }
  }
  if (instance)
    status = run_instance(o, store, instance, guest_argc - 1, guest_argv + 1);

  husk_linker_delete(linker);
  husk_store_delete(store);
  if (wasi) cli_wasi_delete(wasi);   /* its host functions lived in the store */
  return status;
}

int cli_run(int argc, char **argv) {
  cli_run_options o = {0};
  char **guest_argv = calloc(argc + 1, sizeof *guest_argv);
  o.dirs = calloc(argc, sizeof *o.dirs);
  o.envs = calloc(argc, sizeof *o.envs);
  husk_engine *engine = NULL;
  husk_module *module = NULL;
  int file, args;
  int status = CLI_TRAP;
  if (!guest_argv || !o.dirs || !o.envs) {
    cli_error("out of memory");
    goto done;
  }
  status = cli_option_parse(&cli_run_option_table, &o, argc, argv, &file, &args);
  if (status != CLI_OK) goto done;

  /* Options may sit between FILE and the arguments: gather the guest's argv. */
  int guest_argc = 0;
  guest_argv[guest_argc++] = argv[file];
  for (int i = args; i < argc; i++) guest_argv[guest_argc++] = argv[i];

  /* Fuel and interrupt checks are translated in only when asked for. */
  status = CLI_TRAP;
  husk_config *config = husk_config_new();
  if (!config) goto done;
  husk_config_consume_fuel(config, o.fuel != 0);
  husk_config_interruptible(config, o.timeout_ms != 0);
  if (o.no_guard_pages) husk_config_guard_pages(config, false);
  cli_cache_configure(config, &o);
  engine = cli_engine_new(config);
  husk_config_delete(config);
  if (!engine) goto done;
  status = cli_load_module(engine, argv[file], &module);
  if (status == CLI_OK)
    status = run_module(&o, engine, module, argv[file], guest_argc, guest_argv);

done:
  if (module) husk_module_delete(module);
  if (engine) husk_engine_delete(engine);
  free(guest_argv);
  free(o.dirs);
  free(o.envs);
  return status;
}
