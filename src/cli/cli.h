/*
 * cli.h - what the files of the husk command-line tool share.
 *
 * main.c dispatches to one function per command (run.c, inspect.c,
 * validate.c); each returns the process exit status below. Every message
 * for the user goes to stderr through cli_error, so it starts with "husk: ".
 */
#ifndef HUSK_CLI_H
#define HUSK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "husk/husk.h"

/* Exit statuses, documented in `husk --help` and README.md. A WASI guest's
 * proc_exit status is passed through as is. */
enum {
  CLI_OK = 0,
  CLI_TRAP = 1,      /* the guest trapped, or another run-time failure */
  CLI_USAGE = 2,     /* bad command line */
  CLI_INVALID = 3,   /* unreadable file, malformed or invalid module */
  CLI_LINK = 4,      /* instantiation failed: unknown import, type mismatch */
};

/* The commands: argv[0] is the command name. */
int cli_run(int argc, char **argv);
int cli_inspect(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_cache(int argc, char **argv);
/* Prints the options of `husk run`, from the table that parses them. */
void cli_run_usage(FILE *out);
/* run.c's options (options.h), also consulted by run_js.c to tell which
 * words take a value when looking for the program file. */
extern const struct cli_option_table cli_run_option_table;

/* ---------------------------------------------------------- common.c */

/* Prints "husk: " + the formatted message + newline on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A file's contents, from cli_read_file; cli_file_release frees them. */
typedef struct cli_file {
  uint8_t *bytes;
  size_t size;
  size_t mapped;     /* bytes mapped for a regular file; 0: malloc'd */
} cli_file;
/* Reads a whole file; on failure reports it and returns CLI_INVALID. */
int cli_read_file(const char *path, cli_file *out);
void cli_file_release(cli_file *f);
/* An engine with the default configuration, or NULL after reporting why. */
/* config may be NULL for the defaults. */
husk_engine *cli_engine_new(const husk_config *config);
/* Compiles the bytes of file path; returns CLI_OK or CLI_INVALID (reported). */
int cli_compile(husk_engine *engine, const char *path, const uint8_t *bytes,
                size_t size, husk_module **out);
/* Reads and compiles path; returns CLI_OK or CLI_INVALID (reported). */
int cli_load_module(husk_engine *engine, const char *path, husk_module **out);

/* ---------------------------------------------------------- run.c / run_wasi.c */

typedef struct cli_preopen {
  const char *host, *guest;
  bool read_only;
} cli_preopen;

typedef struct cli_env {
  const char *key, *value;
} cli_env;

/* The options of `husk run`. The arrays have room for one entry per
 * command-line word, so parsing never reallocates. */
typedef struct cli_run_options {
  const char *invoke;       /* NULL: run _start */
  cli_preopen *dirs;
  size_t dir_count;
  cli_env *envs;
  size_t env_count;
  bool inherit_env;
  uint64_t fuel;            /* 0: unmetered */
  uint64_t timeout_ms;      /* 0: none */
  uint64_t max_memory;      /* bytes of linear memory in all; 0: no cap */
  const char *cache_dir;    /* NULL: the default cache directory */
  bool no_cache;
  bool no_guard_pages;
  bool cache_min_size_set;
  uint64_t cache_min_size;  /* with cache_min_size_set */
} cli_run_options;

/* cache.c: gives config the command line's compiled-module cache: on, in
 * o->cache_dir (NULL: the default), unless o->no_cache; its warnings go to
 * stderr. */
void cli_cache_configure(husk_config *config, const cli_run_options *o);

/* From husk/wasi.h, which only run_wasi.c includes (C11 allows the typedef
 * to be repeated). */
typedef struct husk_wasi husk_wasi;

/* True when the module imports from a WASI module, so it needs WASI. */
bool cli_needs_wasi(const husk_module *module);
/* Defines in linker the WASI functions module imports, for a guest whose
 * argv is argv[0..argc), argv[0] being the program name. Returns CLI_OK and
 * the WASI context to delete after the store, or a reported failure status. */
int cli_wasi_link(husk_linker *linker, const husk_module *module,
                  const cli_run_options *options, int argc, char **argv, husk_wasi **out);
void cli_wasi_delete(husk_wasi *wasi);

#endif
