/*
 * dynlib.c - dlopen of a library and its functions, all or nothing (see
 * dynlib.h).
 */
#include "util/dynlib.h"

#include <dlfcn.h>

bool dynlib_open(const char *soname, const char *const *names, size_t count, void **slot) {
  void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!lib) return false;
  for (size_t i = 0; i < count; i++) {
    if (!(slot[i] = dlsym(lib, names[i]))) {
      dlclose(lib);
      return false;
    }
  }
  return true;   /* never closed: the functions are used until exit */
}
