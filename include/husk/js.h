/*
 * js.h - husk's JavaScript runtime: QuickJS with Node-style modules, an event
 * loop, and a WebAssembly JS API backed by husk's own engine.
 *
 * An embedder describes a runtime with a husk_js_config (the builder): which
 * built-in modules exist, where bare module names are searched, the limits,
 * what the guest may see of the host (arguments, environment, directories)
 * and where console output goes. husk_js_new makes a runtime from it; the
 * runtime then runs one program (husk_js_run_file, husk_js_eval) including
 * its event loop, and reports an exit status the way node does:
 *
 *   0     the program finished (or process.exitCode / process.exit(0))
 *   N     process.exit(N), or process.exitCode = N
 *   1     an uncaught exception or unhandled promise rejection, a module
 *         that could not be found, loaded or parsed
 *   124   the deadline passed or husk_js_interrupt was called (the
 *         timeout(1) convention), including a runaway loop
 *   137   the memory limit was exceeded (as if killed)
 *
 * Everything the runtime prints - console output and the report of an
 * uncaught error - goes through the console sink, so an embedder that sets
 * its own sink sees all of it and nothing is written to the process's
 * streams behind its back.
 *
 * Ownership: configs are copied by husk_js_new and may be reused. A husk_js
 * is used by one thread at a time; only husk_js_interrupt may be called
 * from another thread. Runtimes on different threads are independent, but
 * create the first one before starting others (QuickJS registers its class
 * ids on first use without a lock).
 */
#ifndef HUSK_JS_H
#define HUSK_JS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "husk/husk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct husk_js_config husk_js_config;
typedef struct husk_js husk_js;

/* Built-in modules and globals, selected one by one. Importing a module
 * that is not selected (or that husk does not provide at all, like
 * node:http) fails with "Module 'node:X' is not available in husk"; a
 * global of a module left out is simply not defined. */
typedef enum husk_js_builtin {
  HUSK_JS_CONSOLE = 1u << 0,      /* console, node:console */
  HUSK_JS_TIMERS = 1u << 1,       /* setTimeout & co, queueMicrotask, node:timers(/promises) */
  HUSK_JS_PROCESS = 1u << 2,      /* process, node:process, node:os, node:tty */
  HUSK_JS_PATH = 1u << 3,         /* node:path */
  HUSK_JS_EVENTS = 1u << 4,       /* node:events; EventTarget, Event, AbortController/Signal */
  HUSK_JS_BUFFER = 1u << 5,       /* Buffer, node:buffer, node:string_decoder */
  HUSK_JS_ENCODING = 1u << 6,     /* TextEncoder, TextDecoder */
  HUSK_JS_URL = 1u << 7,          /* URL, URLSearchParams, node:url */
  HUSK_JS_CRYPTO = 1u << 8,       /* crypto.getRandomValues/randomUUID, node:crypto */
  HUSK_JS_PERFORMANCE = 1u << 9,  /* performance.now, node:perf_hooks */
  HUSK_JS_STRUCTURED_CLONE = 1u << 10, /* structuredClone */
  HUSK_JS_FS = 1u << 11,          /* node:fs, node:fs/promises (preopened dirs only) */
  HUSK_JS_UTIL = 1u << 12,        /* node:util */
  HUSK_JS_ASSERT = 1u << 13,      /* node:assert, node:assert/strict */
  HUSK_JS_WEBASSEMBLY = 1u << 14, /* WebAssembly, on husk's engine */
  HUSK_JS_ALL = (1u << 15) - 1,
} husk_js_builtin;

/* Console levels, in increasing severity. */
typedef enum husk_js_level {
  HUSK_JS_DEBUG = 0,   /* console.debug */
  HUSK_JS_INFO,        /* console.log, console.info, console.dir, ... */
  HUSK_JS_WARN,        /* console.warn */
  HUSK_JS_ERROR,       /* console.error, console.trace, uncaught errors */
} husk_js_level;

/* A console sink receives one formatted message (UTF-8, no trailing
 * newline, may hold newlines) per console call. request_id is the one set
 * with husk_js_set_request_id, or NULL. */
typedef void (*husk_js_console_fn)(void *user, husk_js_level level,
                                   const char *message, size_t length,
                                   const char *request_id);

/* The two sinks husk provides, for husk_js_config_console (user is unused):
 * text writes the message and a newline to stdout (debug, info) or stderr
 * (warn, error); json_lines writes one JSON object per message, like
 * Lambda's JSON log format, to the same streams:
 *   {"timestamp":"2024-01-31T12:00:00.000Z","level":"INFO",
 *    "requestId":"...","message":"..."}  (requestId only when set) */
void husk_js_console_text(void *user, husk_js_level level, const char *message,
                          size_t length, const char *request_id);
void husk_js_console_json_lines(void *user, husk_js_level level,
                                const char *message, size_t length,
                                const char *request_id);

/* ---------------------------------------------------------------- config */

/* A config with every built-in selected, the text console, no limits, no
 * arguments, an empty environment and no directories. */
husk_js_config *husk_js_config_new(void);
void husk_js_config_delete(husk_js_config *c);

/* Replaces the set of built-ins with mask (a combination of husk_js_builtin). */
void husk_js_config_builtins(husk_js_config *c, unsigned mask);
/* Adds or removes one built-in. */
void husk_js_config_enable(husk_js_config *c, husk_js_builtin b, bool enable);

/* Appends a directory searched for bare module names ("lodash") after the
 * node_modules directories above the importing file. HUSK_PATH (a
 * colon-separated list, read by husk_js_new) comes after these. */
void husk_js_config_search_path(husk_js_config *c, const char *dir);

/* Limits; 0 means none. The memory limit covers the JS heap (malloc'd by
 * QuickJS); the stack size bounds JS recursion before a RangeError. */
void husk_js_config_memory_limit(husk_js_config *c, size_t bytes);
void husk_js_config_stack_size(husk_js_config *c, size_t bytes);
/* Wall-clock budget for a whole run, event loop included. */
void husk_js_config_timeout_ms(husk_js_config *c, uint64_t ms);

/* process.argv is [argv0, script, args...]: argv here is the script's own
 * arguments. Strings are copied. */
void husk_js_config_args(husk_js_config *c, int argc, const char *const *argv);
/* process.env holds only what is given here, unless inherit_env is set
 * (then the host's environment, overridden by these). */
void husk_js_config_env(husk_js_config *c, const char *key, const char *value);
void husk_js_config_inherit_env(husk_js_config *c);

/* Lets node:fs use host directory host_path, seen by the guest as
 * guest_path (NULL: the same as host_path; a relative guest path is taken
 * from the current directory). The sandbox rules are WASI's (wasi.h): no
 * escape by "..", absolute symlinks or renames. The directory is opened by
 * husk_js_new; an error is returned there if it cannot be. */
void husk_js_config_preopen_dir(husk_js_config *c, const char *host_path,
                                const char *guest_path, bool read_only);

/* Where console output and error reports go (default husk_js_console_text). */
void husk_js_config_console(husk_js_config *c, husk_js_console_fn fn, void *user);

/* ---------------------------------------------------------------- runtime */

husk_error *husk_js_new(const husk_js_config *c, husk_js **out);
void husk_js_delete(husk_js *js);

/* Runs a program: path is an ES module (.mjs, or .js under a package.json
 * with "type": "module", or .js using import/export), CommonJS (.cjs, or
 * other .js) or husk bytecode (.hbc, from husk_js_compile_file). Runs the
 * event loop until nothing is left to do, and returns the exit status
 * (see the top of this file). A husk_js runs one program. */
int husk_js_run_file(husk_js *js, const char *path);

/* Evaluates source as a script (or, with as_module, an ES module) named
 * filename, then runs the event loop; returns the exit status. Relative
 * imports resolve from filename's directory. */
int husk_js_eval(husk_js *js, const char *source, size_t length,
                 const char *filename, bool as_module);

/* The request id written by the JSON console sink; NULL clears it. */
void husk_js_set_request_id(husk_js *js, const char *request_id);

/* Stops the running program as soon as possible (the run returns 124).
 * Safe to call from another thread while the runtime runs. */
void husk_js_interrupt(husk_js *js);

/* ---------------------------------------------------------------- bytecode */

/* Compiles the program at path (the module or script itself, not its
 * dependencies, which are still loaded at run time) to husk bytecode and
 * writes it to out_path. A syntax error is returned as an error. */
husk_error *husk_js_compile_file(const char *path, const char *out_path);

#ifdef __cplusplus
}
#endif
#endif
