/*
 * trap.c - husk_trap: why a guest stopped, and where.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/runtime.h"

const char *trap_code_message(husk_trap_code code) {
  switch (code) {
  case HUSK_TRAP_UNREACHABLE: return "unreachable";
  case HUSK_TRAP_INT_OVERFLOW: return "integer overflow";
  case HUSK_TRAP_DIV_BY_ZERO: return "integer divide by zero";
  case HUSK_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
  case HUSK_TRAP_MEMORY_OOB: return "out of bounds memory access";
  case HUSK_TRAP_TABLE_OOB: return "out of bounds table access";
  case HUSK_TRAP_UNDEFINED_ELEMENT: return "undefined element";
  case HUSK_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
  case HUSK_TRAP_INDIRECT_CALL_TYPE: return "indirect call type mismatch";
  case HUSK_TRAP_NULL_REFERENCE: return "null reference";
  case HUSK_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
  case HUSK_TRAP_HOST: return "host function failed";
  case HUSK_TRAP_EXIT: return "exit";
  case HUSK_TRAP_OUT_OF_FUEL: return "all fuel consumed";
  case HUSK_TRAP_INTERRUPTED: return "interrupted";
  case HUSK_TRAP_RESOURCE_LIMIT: return "resource limit exceeded";
  }
  return "trap";
}

/* Traps must be reportable even when memory is short: this one is static
 * and husk_trap_delete leaves it alone. */
static husk_trap out_of_memory = {HUSK_TRAP_RESOURCE_LIMIT, -1, "out of memory", 0, NULL};

husk_trap *trap_new(husk_trap_code code, const char *message) {
  husk_trap *t = calloc(1, sizeof *t);
  if (!t) return &out_of_memory;
  t->code = code;
  t->exit_status = -1;
  t->message = strdup(message ? message : trap_code_message(code));
  if (!t->message) { free(t); return &out_of_memory; }
  return t;
}

husk_trap *husk_trap_new(const char *message) { return trap_new(HUSK_TRAP_HOST, message); }

husk_trap *husk_trap_new_exit(int status) {
  char msg[48];
  snprintf(msg, sizeof msg, "exit with status %d", status);
  husk_trap *t = trap_new(HUSK_TRAP_EXIT, msg);
  if (t != &out_of_memory) t->exit_status = status;
  return t;
}

husk_trap_code husk_trap_code_of(const husk_trap *t) { return t->code; }
const char *husk_trap_message(const husk_trap *t) { return t->message; }
int husk_trap_exit_status(const husk_trap *t) { return t->code == HUSK_TRAP_EXIT ? t->exit_status : -1; }
size_t husk_trap_frame_count(const husk_trap *t) { return t->frame_count; }
const char *husk_trap_frame_name(const husk_trap *t, size_t i) {
  return i < t->frame_count ? t->frame_names[i] : NULL;
}
uint32_t husk_trap_frame_offset(const husk_trap *t, size_t i) { (void)t; (void)i; return UINT32_MAX; }

void husk_trap_delete(husk_trap *t) {
  if (!t || t == &out_of_memory) return;
  for (size_t i = 0; i < t->frame_count; i++) free(t->frame_names[i]);
  free(t->frame_names);
  free(t->message);
  free(t);
}

/* "$name" from the name section, else "func[N] (export "name")", else
 * "func[N]". */
static char *frame_name(const frame *f) {
  const compiled_func *fn = f->func;
  char *s = NULL;
  int n = !fn->name          ? asprintf(&s, "func[%u]", fn->func_index)
          : fn->name_is_export ? asprintf(&s, "func[%u] (export \"%s\")", fn->func_index, fn->name)
                               : asprintf(&s, "$%s", fn->name);
  return n < 0 ? NULL : s;
}

void trap_add_frames(husk_trap *t, husk_store *s, uint32_t from_depth) {
  if (t == &out_of_memory || s->depth <= from_depth) return;
  size_t n = s->depth - from_depth;
  char **names = realloc(t->frame_names, (t->frame_count + n) * sizeof *names);
  if (!names) return;
  t->frame_names = names;
  for (uint32_t d = s->depth; d-- > from_depth;) {
    char *name = frame_name(&s->frames[d]);
    if (name) t->frame_names[t->frame_count++] = name;
  }
}
