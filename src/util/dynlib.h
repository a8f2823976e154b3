/*
 * dynlib.h - a shared library's functions, loaded on first use.
 *
 * A library linked into husk is loaded and relocated by every process at
 * start, used or not; one opened with dlopen costs only the processes that
 * use it. The cache's libraries are opened this way (cache/crypto.h,
 * cache/libzstd.h), and the command's JavaScript runtime
 * (cli/js_library.h): each lists its functions as X(return type, name,
 * parameters), declares its table with DYNLIB_TABLE and fills it with
 * dynlib_open, once, from its accessor.
 */
#ifndef HUSK_UTIL_DYNLIB_H
#define HUSK_UTIL_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

#define DYNLIB_POINTER(ret, name, params) ret(*name) params;
#define DYNLIB_ONE(ret, name, params) +1
#define DYNLIB_NAME(ret, name, params) #name,

/* The functions of LIST by name, over the slots dynlib_open fills: one
 * pointer each, since POSIX (dlsym) makes a function pointer a void *. */
#define DYNLIB_TABLE(LIST)                                                    \
  union {                                                                     \
    struct { LIST(DYNLIB_POINTER) };                                          \
    void *slot[0 LIST(DYNLIB_ONE)];                                           \
  }

/* The number of functions in a table. */
#define DYNLIB_COUNT(table) (sizeof (table).slot / sizeof *(table).slot)

/* The names of LIST, in the table's order: an initializer for dynlib_open's
 * names. */
#define DYNLIB_NAMES(LIST) { LIST(DYNLIB_NAME) }

/* Opens the library SONAME and resolves each of the COUNT NAMES into SLOT.
 * All or nothing: a library missing, or lacking one name (too old a
 * version), is closed again and false returned, as if absent. Not
 * synchronized: the caller runs it once (pthread_once). */
bool dynlib_open(const char *soname, const char *const *names, size_t count, void **slot);

#endif
