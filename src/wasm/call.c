/*
 * call.c - calls from the host into functions, and what a host function can
 * see of its caller.
 */
#include <stdio.h>

#include "wasm/runtime.h"

/* Host -> Wasm -> host -> ... nesting recurses on the C stack; bound it well
 * below what a default 8 MiB thread stack holds. */
#define MAX_REENTRY 256

static husk_trap *check_args(const husk_functype *t, const husk_val *args, size_t nargs,
                             size_t nresults) {
  char msg[160];
  if (nargs != t->param_count || nresults < t->result_count) {
    snprintf(msg, sizeof msg, "function expects %zu arguments and %zu results, got %zu and %zu",
             t->param_count, t->result_count, nargs, nresults);
    return trap_new(HUSK_TRAP_HOST, msg);
  }
  for (size_t i = 0; i < nargs; i++) {
    if (args[i].kind != t->params[i]) {
      snprintf(msg, sizeof msg, "argument %zu: expected %s, got %s", i,
               husk_valkind_name(t->params[i]), husk_valkind_name(args[i].kind));
      return trap_new(HUSK_TRAP_HOST, msg);
    }
  }
  return NULL;
}

husk_trap *husk_func_call(husk_store *s, husk_func *f, const husk_val *args, size_t nargs,
                          husk_val *results, size_t nresults) {
  husk_trap *t = check_args(&f->type, args, nargs, nresults);
  if (t) return t;
  if (f->kind == FUNC_HOST) {
    struct husk_caller caller = {s, NULL};
    for (size_t i = 0; i < f->type.result_count; i++) results[i].kind = f->type.results[i];
    return f->callback(&caller, f->env, args, results);
  }
  size_t need = f->type.param_count > f->type.result_count ? f->type.param_count : f->type.result_count;
  slot *fp = s->sp;
  if (s->reentry >= MAX_REENTRY || fp + need > s->stack_end)
    return trap_new(HUSK_TRAP_STACK_EXHAUSTED, NULL);
  for (size_t i = 0; i < nargs; i++) fp[i] = val_to_slot(&args[i]);
  s->reentry++;
  t = interp_call(s, f, fp);
  s->reentry--;
  if (t) return t;
  for (size_t i = 0; i < f->type.result_count; i++) results[i] = slot_to_val(fp[i], f->type.results[i]);
  return NULL;
}

husk_store *husk_caller_store(husk_caller *c) { return c->store; }
void *husk_caller_user_data(husk_caller *c) { return c->store->user_data; }
bool husk_caller_export(husk_caller *c, const char *name, husk_extern *out) {
  return c->instance && husk_instance_export(c->instance, name, out);
}
