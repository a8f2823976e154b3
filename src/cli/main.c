/*
 * main.c - the husk command: picks a command and prints the help.
 */
#include <string.h>

#include "cli.h"
#include "run_js.h"

static const struct command {
  const char *name;
  const char *args;
  const char *help;
  int (*run)(int argc, char **argv);
} commands[] = {
  {"run", "[OPTIONS] FILE.wasm [ARG...]", "run a WASI command, or call one export", cli_run},
  {"inspect", "[--bytecode] FILE.wasm", "list sections, imports and exports", cli_inspect},
  {"validate", "FILE.wasm...", "check that modules are well-formed and valid", cli_validate},
  {"cache", "stats [--json] | clear [--cache-dir DIR]", "show or empty the compiled-module cache", cli_cache},
  {"compile", "FILE.js [-o OUT.hbc]", "compile JavaScript to husk bytecode (docs/js.md)", cli_compile_js},
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void usage(FILE *out) {
  fputs("usage: husk COMMAND [ARGS]\n"
        "       husk --help | --version\n\ncommands:\n", out);
  for (size_t i = 0; i < COMMAND_COUNT; i++) {
    char left[64];
    snprintf(left, sizeof left, "%s %s", commands[i].name, commands[i].args);
    fprintf(out, "  %-44s %s\n", left, commands[i].help);
  }
  fputs("\nrun options (before FILE or right after it; the first other word\n"
        "and all after it are the guest's arguments, or --invoke's):\n", out);
  cli_run_usage(out);
  fputs("\nrun options for JavaScript (FILE.js, .mjs, .cjs or .hbc; docs/js.md):\n", out);
  cli_run_js_usage(out);
  fputs("\nexit status:\n"
        "  0  success\n"
        "  1  the guest trapped, or another run-time failure\n"
        "  2  usage error, including a module without _start run without --invoke\n"
        "  3  unreadable file, malformed or invalid module\n"
        "  4  link error: unknown import or import of the wrong type\n"
        "  a WASI program's exit status (proc_exit) is passed through\n", out);
}

static bool is_help(const char *arg) {
  return !strcmp(arg, "--help") || !strcmp(arg, "-h") || !strcmp(arg, "help");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return CLI_USAGE;
  }
  if (is_help(argv[1])) {
    usage(stdout);
    return CLI_OK;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("husk %s\n", HUSK_VERSION);
    return CLI_OK;
  }
  if (!strcmp(argv[1], "run") && cli_is_js_run(argc - 1, argv + 1))
    return cli_run_js(argc - 1, argv + 1);
  for (size_t i = 0; i < COMMAND_COUNT; i++) {
    if (strcmp(argv[1], commands[i].name) != 0) continue;
    if (argc > 2 && is_help(argv[2])) {
      usage(stdout);
      return CLI_OK;
    }
    return commands[i].run(argc - 1, argv + 1);
  }
  cli_error("unknown command '%s' (see husk --help)", argv[1]);
  return CLI_USAGE;
}
