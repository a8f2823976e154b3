/*
 * run_wasi.c - gives a module run by `husk run` its WASI imports: arguments,
 * environment, standard streams and preopened directories.
 */
#include <string.h>

#include "cli.h"
#include "husk/wasi.h"

bool cli_needs_wasi(const husk_module *module) {
  for (size_t i = 0; i < husk_module_import_count(module); i++) {
    const char *name = husk_module_import(module, i)->module;
    if (!strcmp(name, "wasi_snapshot_preview1") || !strcmp(name, "wasi_unstable"))
      return true;
  }
  return false;
}

/* Explicit --env values come after --inherit-env so that they win. */
static int configure(husk_wasi_config *config, const cli_run_options *o,
                     int argc, char **argv) {
  husk_wasi_config_args(config, argc, (const char *const *)argv);
  husk_wasi_config_inherit_stdio(config);
  if (o->inherit_env) husk_wasi_config_inherit_env(config);
  for (size_t i = 0; i < o->env_count; i++)
    husk_wasi_config_env(config, o->envs[i].key, o->envs[i].value);
  for (size_t i = 0; i < o->dir_count; i++) {
    const cli_preopen *d = &o->dirs[i];
    husk_error *err = husk_wasi_config_preopen_dir(config, d->host, d->guest, d->read_only);
    if (err) {
      cli_error("%s %s: %s", d->read_only ? "--ro-dir" : "--dir", d->host,
                husk_error_message(err));
      husk_error_delete(err);
      return CLI_USAGE;
    }
  }
  return CLI_OK;
}

int cli_wasi_link(husk_linker *linker, const husk_module *module, const cli_run_options *o,
                  int argc, char **argv, husk_wasi **out) {
  husk_wasi_config *config = husk_wasi_config_new();
  if (!config) {
    cli_error("out of memory");
    return CLI_TRAP;
  }
  int status = configure(config, o, argc, argv);
  if (status == CLI_OK) {
    husk_error *err = husk_wasi_new(config, out);
    if (!err && (err = husk_wasi_define_imports(*out, linker, module)) != NULL) {
      husk_wasi_delete(*out);
      *out = NULL;
    }
    if (err) {
      cli_error("cannot set up WASI: %s", husk_error_message(err));
      husk_error_delete(err);
      status = CLI_TRAP;
    }
  }
  husk_wasi_config_delete(config);
  return status;
}

void cli_wasi_delete(husk_wasi *wasi) {
  husk_wasi_delete(wasi);
}
