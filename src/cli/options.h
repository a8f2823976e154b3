/*
 * options.h - `husk run` option tables and the command line they parse:
 * [OPTIONS] FILE [OPTIONS] [--] ARG..., options written as `--name value`
 * or `--name=value`. The Wasm runner (run.c) and the JavaScript runner
 * (run_js.c) each have a table; this is the one parser for both.
 */
#ifndef HUSK_CLI_OPTIONS_H
#define HUSK_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

/* Applies value (NULL for options without one) to the runner's settings. */
typedef int (*cli_option_setter)(void *settings, char *value);

typedef struct cli_option {
  const char *name;         /* "--dir" */
  const char *arg;          /* "HOST[::GUEST]", or NULL: takes no value */
  const char *help;
  cli_option_setter set;
} cli_option;

typedef struct cli_option_table {
  const cli_option *options;
  size_t count;
  const char *file_kind;    /* "module", "program": for messages */
  const char *unknown_note; /* appended to "unknown option" messages */
} cli_option_table;

/* The option named by word ("--env" or "--env=K=V"), or NULL. */
const cli_option *cli_option_find(const cli_option_table *t, const char *word);

/* One line per option: "  --name ARG   help". */
void cli_option_usage(FILE *out, const cli_option_table *t);

/* Parses argv[1..] (argv[0] is "run"): applies every option to settings and
 * sets *file (the index of FILE) and *args (of the first guest argument).
 * Returns CLI_OK, or CLI_USAGE after reporting the problem. */
int cli_option_parse(const cli_option_table *t, void *settings, int argc, char **argv,
                     int *file, int *args);

#endif
