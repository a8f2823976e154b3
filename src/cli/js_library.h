/*
 * js_library.h - the JavaScript runtime, loaded when a command needs it.
 *
 * The runtime (src/js and QuickJS) is in libhusk.so, not in the husk
 * executable. Linked in, it made every process pay at start for what only
 * JavaScript uses: QuickJS's relocated tables and libm, about 0.3 ms and
 * 0.5 MB of a Wasm hello world's 2.4 MB (docs/engine.md, "Start-up"). So
 * `husk run app.js` opens the library beside the executable instead.
 */
#ifndef HUSK_CLI_JS_LIBRARY_H
#define HUSK_CLI_JS_LIBRARY_H

#include "husk/js.h"
#include "util/dynlib.h"

/* X(return type, name, parameters) for each function the command calls. */
#define CLI_JS_FUNCTIONS(X)                                                   \
  X(husk_js_config *, husk_js_config_new, (void))                             \
  X(void, husk_js_config_delete, (husk_js_config *))                          \
  X(void, husk_js_config_builtins, (husk_js_config *, unsigned))              \
  X(void, husk_js_config_memory_limit, (husk_js_config *, size_t))            \
  X(void, husk_js_config_stack_size, (husk_js_config *, size_t))              \
  X(void, husk_js_config_timeout_ms, (husk_js_config *, uint64_t))            \
  X(void, husk_js_config_args, (husk_js_config *, int, const char *const *))  \
  X(void, husk_js_config_env, (husk_js_config *, const char *, const char *)) \
  X(void, husk_js_config_inherit_env, (husk_js_config *))                     \
  X(void, husk_js_config_preopen_dir,                                         \
    (husk_js_config *, const char *, const char *, bool))                     \
  X(void, husk_js_config_console, (husk_js_config *, husk_js_console_fn, void *)) \
  X(void, husk_js_console_text,                                               \
    (void *, husk_js_level, const char *, size_t, const char *))              \
  X(void, husk_js_console_json_lines,                                         \
    (void *, husk_js_level, const char *, size_t, const char *))              \
  X(husk_error *, husk_js_new, (const husk_js_config *, husk_js **))          \
  X(void, husk_js_delete, (husk_js *))                                        \
  X(void, husk_js_set_request_id, (husk_js *, const char *))                  \
  X(int, husk_js_run_file, (husk_js *, const char *))                         \
  X(husk_error *, husk_js_compile_file, (const char *, const char *))         \
  X(const char *, husk_error_message, (const husk_error *))                   \
  X(void, husk_error_delete, (husk_error *))

typedef DYNLIB_TABLE(CLI_JS_FUNCTIONS) cli_js_api;

/* The runtime's functions, loaded on the first call; NULL, after printing
 * why, when the library cannot be loaded. */
const cli_js_api *cli_js(void);

#endif
