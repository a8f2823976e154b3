/*
 * error.h - construction of husk_error values (the public type is opaque).
 */
#ifndef HUSK_UTIL_ERROR_H
#define HUSK_UTIL_ERROR_H

#include "husk/husk.h"

/* printf-style; never returns NULL (falls back to a static message when out
 * of memory, which husk_error_delete recognises). */
husk_error *husk_error_newf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Takes ownership of a malloc'd message. */
husk_error *husk_error_take(char *message);

#endif
