/*
 * embedded.h - the JavaScript half of the built-in modules (src/js/lib/NAME.js),
 * compiled to QuickJS bytecode at build time by tools/embed.c.
 *
 * Each entry is a script that evaluates to a CommonJS-style wrapper,
 *   function (exports, require, module, binding)
 * where binding(name) returns the native functions of one C file.
 */
#ifndef HUSK_JS_EMBEDDED_H
#define HUSK_JS_EMBEDDED_H

#include <stddef.h>
#include <stdint.h>

typedef struct hjs_embedded {
  const char *name;         /* file name without ".js": "path", "fs", ... */
  const uint8_t *bytecode;
  size_t size;
} hjs_embedded;

extern const hjs_embedded hjs_embedded_modules[];
extern const size_t hjs_embedded_count;

/* The wrapper both the build-time compiler and the CommonJS loader put
 * around a module's source; the suffix's newline keeps a trailing line
 * comment from swallowing the closing brace. */
#define HJS_CJS_PREFIX "(function (exports, require, module, __filename, __dirname) {"
#define HJS_CJS_SUFFIX "\n})"
#define HJS_LIB_PREFIX "(function (exports, require, module, binding) {"

#endif
