/*
 * options.c - the `husk run` command-line parser shared by both runners.
 */
#include "options.h"

#include <string.h>

#include "cli.h"

const cli_option *cli_option_find(const cli_option_table *t, const char *word) {
  size_t len = strcspn(word, "=");
  for (size_t i = 0; i < t->count; i++)
    if (strlen(t->options[i].name) == len && !strncmp(word, t->options[i].name, len))
      return &t->options[i];
  return NULL;
}

void cli_option_usage(FILE *out, const cli_option_table *t) {
  for (size_t i = 0; i < t->count; i++) {
    const cli_option *opt = &t->options[i];
    char left[64];
    snprintf(left, sizeof left, "%s%s%s", opt->name, opt->arg ? " " : "", opt->arg ? opt->arg : "");
    fprintf(out, "  %-26s %s\n", left, opt->help);
  }
}

/* Applies the option at argv[*i] and advances *i past it and its value. */
static int take(const cli_option *opt, void *settings, int argc, char **argv, int *i) {
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
  return opt->set(settings, value);
}

int cli_option_parse(const cli_option_table *t, void *settings, int argc, char **argv,
                     int *file, int *args) {
  int i = 1;
  while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0) {
    const cli_option *opt = cli_option_find(t, argv[i]);
    if (!opt) {
      cli_error("run: unknown option '%s'%s (see husk --help)", argv[i], t->unknown_note);
      return CLI_USAGE;
    }
    int status = take(opt, settings, argc, argv, &i);
    if (status != CLI_OK) return status;
  }
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (i >= argc) {
    cli_error("run: no %s file given", t->file_kind);
    return CLI_USAGE;
  }
  *file = i++;
  /* Options may follow FILE too; the first other word starts the guest's
   * arguments, so `husk run prog.wasm --verbose` passes --verbose on. */
  const cli_option *opt;
  while (i < argc && (opt = cli_option_find(t, argv[i])) != NULL) {
    int status = take(opt, settings, argc, argv, &i);
    if (status != CLI_OK) return status;
  }
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  *args = i;
  return CLI_OK;
}
