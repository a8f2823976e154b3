/*
 * js_library.c - dlopen of libhusk.so for the JavaScript commands (see
 * js_library.h for why).
 */
#include "js_library.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* HUSK_SHARED_LIBRARY (libhusk.so.0) and HUSK_CLI_LIBDIR (the installed
 * library directory relative to the installed executable's, "../lib") come
 * from CMakeLists.txt. */

/* Beside the executable (the build tree), then the library directory of an
 * installed tree, then wherever the dynamic linker looks. Never the current
 * directory: a JavaScript file's folder must not be able to plant code. */
static bool open_library(cli_js_api *api) {
  static const char *const names[] = DYNLIB_NAMES(CLI_JS_FUNCTIONS);
  static const char *const dirs[] = {"", "/" HUSK_CLI_LIBDIR};
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  char *slash = n > 0 ? (path[n] = '\0', strrchr(path, '/')) : NULL;
  for (size_t i = 0; slash && i < sizeof dirs / sizeof dirs[0]; i++) {
    size_t room = sizeof path - (size_t)(slash - path);
    if ((size_t)snprintf(slash, room, "%s/%s", dirs[i], HUSK_SHARED_LIBRARY) < room &&
        dynlib_open(path, names, DYNLIB_COUNT(*api), api->slot))
      return true;
  }
  return dynlib_open(HUSK_SHARED_LIBRARY, names, DYNLIB_COUNT(*api), api->slot);
}

/* The command runs JavaScript from one thread: no once-guard needed. */
const cli_js_api *cli_js(void) {
  static cli_js_api api;
  static const cli_js_api *loaded;
  if (!loaded && open_library(&api)) loaded = &api;
  if (!loaded) {
    const char *why = dlerror();
    cli_error("JavaScript needs %s, which cannot be loaded: %s", HUSK_SHARED_LIBRARY,
              why ? why : "it lacks the JavaScript runtime");
  }
  return loaded;
}
