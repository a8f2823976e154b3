/*
 * run_js.h - the JavaScript side of the husk command (run_js.c):
 * `husk run app.js|app.mjs|app.cjs|app.hbc [ARG...]` and `husk compile`.
 */
#ifndef HUSK_CLI_RUN_JS_H
#define HUSK_CLI_RUN_JS_H

#include <stdbool.h>
#include <stdio.h>

/* True when the arguments of `husk run` (argv[0] is "run") name a
 * JavaScript program or husk bytecode rather than a Wasm module. */
bool cli_is_js_run(int argc, char **argv);
/* `husk run` for JavaScript; argv[0] is "run". Returns the exit status. */
int cli_run_js(int argc, char **argv);
/* `husk compile FILE.js [-o OUT.hbc]`; argv[0] is "compile". */
int cli_compile_js(int argc, char **argv);
/* Prints the JavaScript options of `husk run`. */
void cli_run_js_usage(FILE *out);

#endif
