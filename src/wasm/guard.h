/*
 * guard.h - guard regions instead of bounds checks (guard.c).
 */
#ifndef HUSK_WASM_GUARD_H
#define HUSK_WASM_GUARD_H

#include <setjmp.h>
#include <stdbool.h>

#include "wasm/runtime.h"

/* Address space a guarded memory reserves: 8 GiB covers every base + offset
 * of a 32-bit memory; the extra 64 KiB covers the width of the access. */
#define GUARD_RESERVATION (((size_t)8 << 30) + 65536)

/* One host -> Wasm entry on this thread (interp_call); they nest through
 * host functions that call back into Wasm. */
typedef struct guard_scope {
  sigjmp_buf jump;             /* where a guest fault lands */
  husk_store *store;           /* whose memories count as guest memory */
  struct guard_scope *outer;
  volatile bool in_guest;      /* false while a host function runs */
} guard_scope;

/* Installs the SIGSEGV handler once per process; false if that failed. */
bool guard_install(void);
/* Makes scope the thread's current one; the caller then calls
 * sigsetjmp(scope->jump, 0) and guard_pop on every way out. */
void guard_push(guard_scope *scope, husk_store *s);
void guard_pop(guard_scope *scope);
/* Around a host function called from guest code: its faults are its own. */
bool guard_host_call_begin(void);
void guard_host_call_end(bool was_in_guest);

#endif
