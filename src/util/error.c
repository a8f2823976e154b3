/*
 * error.c - husk_error: a heap-allocated message.
 */
#define _GNU_SOURCE
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct husk_error {
  char *message;
};

/* Returned when allocating an error fails; deleting it is a no-op. */
static husk_error out_of_memory = {"out of memory"};

husk_error *husk_error_take(char *message) {
  if (!message) return &out_of_memory;
  husk_error *e = malloc(sizeof *e);
  if (!e) { free(message); return &out_of_memory; }
  e->message = message;
  return e;
}

husk_error *husk_error_newf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = NULL;
  int n = vasprintf(&msg, fmt, ap);
  va_end(ap);
  return husk_error_take(n < 0 ? NULL : msg);
}

const char *husk_error_message(const husk_error *error) { return error->message; }

void husk_error_delete(husk_error *error) {
  if (!error || error == &out_of_memory) return;
  free(error->message);
  free(error);
}
