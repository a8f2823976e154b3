/*
 * proc.c - arguments, environment and the process calls: args_*,
 * environ_*, proc_exit, proc_raise, sched_yield.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "wasi/guest_memory.h"

/* Writes count pointers at list and the NUL-terminated strings, packed, at
 * buf (the layout args_get and environ_get share). Both regions are checked
 * whole before anything is written. */
static uint32_t put_strings(wasi_call *c, char **strings, size_t count,
                            size_t bytes, uint32_t list, uint32_t buf) {
  if (!gm_ok_array(c, list, (uint32_t)count, 4) || !gm_ok(c, buf, bytes))
    return WASI_EFAULT;
  uint32_t at = buf;
  for (size_t i = 0; i < count; i++) {
    size_t n = strlen(strings[i]) + 1;
    gm_put32(c, list + (uint32_t)i * 4, at);
    memcpy(gm_at(c, at), strings[i], n);
    at += (uint32_t)n;
  }
  return WASI_ESUCCESS;
}

static uint32_t put_sizes(wasi_call *c, size_t count, size_t bytes,
                          uint32_t count_ptr, uint32_t bytes_ptr) {
  if (!gm_ok(c, count_ptr, 4) || !gm_ok(c, bytes_ptr, 4)) return WASI_EFAULT;
  if (count > UINT32_MAX || bytes > UINT32_MAX) return WASI_EOVERFLOW;
  gm_put32(c, count_ptr, (uint32_t)count);
  gm_put32(c, bytes_ptr, (uint32_t)bytes);
  return WASI_ESUCCESS;
}

WASI_FN(args_get) {
  husk_wasi *w = c->w;
  return put_strings(c, w->args, w->argc, w->args_bytes, ARG32(0), ARG32(1));
}

WASI_FN(args_sizes_get) {
  return put_sizes(c, c->w->argc, c->w->args_bytes, ARG32(0), ARG32(1));
}

WASI_FN(environ_get) {
  husk_wasi *w = c->w;
  return put_strings(c, w->env, w->envc, w->env_bytes, ARG32(0), ARG32(1));
}

WASI_FN(environ_sizes_get) {
  return put_sizes(c, c->w->envc, c->w->env_bytes, ARG32(0), ARG32(1));
}

/* Ends the guest: the trap unwinds it, and husk run exits with the code. */
WASI_FN(proc_exit) {
  uint32_t code = ARG32(0);
  c->w->exit_code = (int)code;
  c->trap = husk_trap_new_exit((int)code);
  return WASI_ESUCCESS;
}

/* There is no host process to signal on the guest's behalf. Following the
 * witx's stated default actions: signals whose action is "ignored",
 * "continue" or "stop" do nothing; every other signal terminates the guest
 * with a trap naming it. Values outside the enum are EINVAL. */
WASI_FN(proc_raise) {
  static const char *const names[] = {
    "NONE", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
    "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "CHLD", "CONT",
    "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
    "WINCH", "POLL", "PWR", "SYS",
  };
  uint32_t sig = ARG32(0);
  if (sig == 0 || sig >= sizeof names / sizeof names[0]) return WASI_EINVAL;
  const char *n = names[sig];
  if (!strcmp(n, "PIPE") || !strcmp(n, "CHLD") || !strcmp(n, "URG") ||
      !strcmp(n, "WINCH") || !strcmp(n, "CONT") || !strcmp(n, "STOP") ||
      !strcmp(n, "TSTP") || !strcmp(n, "TTIN") || !strcmp(n, "TTOU"))
    return WASI_ESUCCESS;
  char msg[64];
  snprintf(msg, sizeof msg, "guest raised signal SIG%s", n);
  c->trap = husk_trap_new(msg);
  return WASI_ESUCCESS;
}

WASI_FN(sched_yield) {
  (void)c;
  (void)args;
  sched_yield();
  return WASI_ESUCCESS;
}
