/*
 * guard.c - turns faults in the guard regions of linear memories into traps.
 *
 * With husk_config_guard_pages (the default on x86-64), every linear memory
 * reserves GUARD_RESERVATION bytes of address space and only its first `size`
 * bytes are accessible. A Wasm address is a 32-bit base plus a 32-bit offset
 * plus at most 8 bytes of access, so it always lands inside the reservation,
 * and the interpreter's loads and stores need no bounds check: an
 * out-of-bounds access faults on an inaccessible page instead.
 *
 * The fault arrives as SIGSEGV. husk is a library, so its handler must not
 * get in the embedder's way: it acts only on a fault that is
 *   - on a thread that is running guest code right now (a thread-local scope,
 *     set by interp_call and cleared while a host function runs), and
 *   - at an address inside the reservation of one of that store's memories;
 * it then jumps back to the scope's interp_call, which returns the trap.
 * Every other fault goes to the handler that was installed before ours, or,
 * when that was the default action, re-raises the fault with the default
 * action so the process dies as it would have without husk.
 *
 * x86-64 stores are precise: a store that faults writes nothing, even when
 * it straddles the end of the accessible bytes, as Wasm requires. Other
 * architectures may write part of such a store, so the default is off there.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "wasm/guard.h"

static struct sigaction previous;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static bool installed;

/* initial-exec: the handler must not call __tls_get_addr, which may
 * allocate; a pointer fits in the static TLS glibc reserves for this. */
static __thread guard_scope *volatile current __attribute__((tls_model("initial-exec")));

static bool in_guest_memory(const guard_scope *scope, const uint8_t *addr) {
  const husk_store *s = scope->store;
  for (size_t i = 0; i < s->memory_count; i++) {
    const husk_memory *m = s->memories[i];
    if (addr >= m->base && addr < m->base + m->reserved) return true;
  }
  return false;
}

static void on_fault(int sig, siginfo_t *info, void *context) {
  guard_scope *scope = current;
  if (scope && scope->in_guest && in_guest_memory(scope, info->si_addr))
    siglongjmp(scope->jump, 1);
  /* Not ours. */
  if (previous.sa_flags & SA_SIGINFO) {
    previous.sa_sigaction(sig, info, context);
  } else if (previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN) {
    /* Returning re-executes the faulting instruction, which now gets the
     * default action (ignoring a SIGSEGV would loop forever). */
    signal(sig, SIG_DFL);
  } else {
    previous.sa_handler(sig);
  }
}

static void install(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_fault;
  sigemptyset(&action.sa_mask);
  /* SA_NODEFER: the handler leaves by siglongjmp without restoring the
   * signal mask (sigsetjmp(..., 0) is much cheaper than saving it), so
   * SIGSEGV must not be blocked while it runs. SA_ONSTACK: use the
   * embedder's alternate stack if it set one. */
  action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  installed = sigaction(SIGSEGV, &action, &previous) == 0;
}

bool guard_install(void) {
  pthread_once(&install_once, install);
  return installed;
}

void guard_push(guard_scope *scope, husk_store *s) {
  scope->store = s;
  scope->outer = current;
  scope->in_guest = true;
  current = scope;
}

void guard_pop(guard_scope *scope) { current = scope->outer; }

bool guard_host_call_begin(void) {
  guard_scope *scope = current;
  if (!scope || !scope->in_guest) return false;
  scope->in_guest = false;
  return true;
}

void guard_host_call_end(bool was_in_guest) {
  if (was_in_guest) current->in_guest = true;
}
