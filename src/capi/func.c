/*
 * func.c - function instances: host functions made from wasm-c-api
 * callbacks, and calls into any function.
 */
#include <stdio.h>
#include <stdlib.h>

#include "capi/capi.h"

/* The husk env of a host function made here: which callback to run, and the
 * embedder's env and finalizer for the _with_env flavour. husk finalizes it
 * when the store is deleted. */
typedef struct host_env {
  wasm_store_t *store;
  husk_func *func;                       /* for its type */
  wasm_func_callback_t callback;         /* one of the two is set */
  wasm_func_callback_with_env_t callback_with_env;
  void *env;
  void (*finalizer)(void *);
} host_env;

static void host_env_finalize(void *p) {
  host_env *h = p;
  if (h->finalizer) h->finalizer(h->env);
  free(h);
}

/* Values cross the boundary in one buffer: arguments, then results. Most
 * signatures are short enough for the stack. */
#define SMALL_ARITY 16

/* husk -> wasm-c-api: converts the arguments, runs the callback, converts
 * its results back. Arguments are lent to the callback (their references are
 * deleted afterwards, as the API says); results, and the trap, are given to
 * us. A trap's message is carried to husk as a host trap. */
static husk_trap *trampoline(husk_caller *caller, void *env, const husk_val *args,
                             husk_val *results) {
  (void)caller;
  host_env *h = env;
  husk_functype t = husk_func_type(h->func);
  size_t n = t.param_count + t.result_count;
  wasm_val_t small[SMALL_ARITY];
  wasm_val_t *vals = n <= SMALL_ARITY ? small : capi_calloc(n, sizeof *vals);
  wasm_val_vec_t vargs = {t.param_count, vals}, vresults = {t.result_count, vals + t.param_count};
  for (size_t i = 0; i < t.param_count; i++) capi_val_from_husk(h->store, &args[i], &vargs.data[i]);
  for (size_t i = 0; i < t.result_count; i++)
    vresults.data[i] = (wasm_val_t){.kind = capi_valkind_from_husk(t.results[i]), .of = {.i64 = 0}};

  wasm_trap_t *trap = h->callback ? h->callback(&vargs, &vresults)
                                  : h->callback_with_env(h->env, &vargs, &vresults);
  husk_trap *out = NULL;
  if (trap) {
    out = husk_trap_new(trap->message);
    wasm_trap_delete(trap);
  }
  for (size_t i = 0; !out && i < t.result_count; i++)
    if (!capi_val_to_husk(h->store, &vresults.data[i], t.results[i], &results[i]))
      out = husk_trap_new("host function returned a result of the wrong type");
  for (size_t i = 0; i < n; i++) wasm_val_delete(&vals[i]);
  if (vals != small) free(vals);
  return out;
}

static wasm_func_t *func_new(wasm_store_t *store, const wasm_functype_t *type, host_env *h) {
  const wasm_valtype_vec_t *p = wasm_functype_params(type), *r = wasm_functype_results(type);
  husk_valkind *kinds = capi_calloc(p->size + r->size, sizeof *kinds);
  husk_functype ht = capi_functype_to_husk(type, kinds);
  husk_func *f = husk_func_new(store->store, &ht, trampoline, h, host_env_finalize);
  free(kinds);
  if (!f) {
    free(h);
    return NULL;
  }
  h->store = store;
  h->func = f;
  return capi_func_wrap(store, f);
}

wasm_func_t *wasm_func_new(wasm_store_t *store, const wasm_functype_t *type,
                           wasm_func_callback_t callback) {
  host_env *h = capi_calloc(1, sizeof *h);
  h->callback = callback;
  return func_new(store, type, h);
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *store, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t callback, void *env,
                                    void (*finalizer)(void *)) {
  host_env *h = capi_calloc(1, sizeof *h);
  h->callback_with_env = callback;
  h->env = env;
  h->finalizer = finalizer;
  return func_new(store, type, h);
}

wasm_functype_t *wasm_func_type(const wasm_func_t *f) {
  husk_functype t = husk_func_type(f->func);
  return capi_functype_from_husk(&t);
}

size_t wasm_func_param_arity(const wasm_func_t *f) { return husk_func_type(f->func).param_count; }
size_t wasm_func_result_arity(const wasm_func_t *f) { return husk_func_type(f->func).result_count; }

/* wasm-c-api -> husk. Bad arity or argument types are reported as traps, the
 * API's only error channel for calls. */
wasm_trap_t *wasm_func_call(const wasm_func_t *f, const wasm_val_vec_t *args,
                            wasm_val_vec_t *results) {
  wasm_store_t *store = f->ref.store;
  if (!store) return capi_trap_new("call of a function whose store is deleted");
  husk_functype t = husk_func_type(f->func);
  size_t nargs = args ? args->size : 0, nresults = results ? results->size : 0;
  char msg[128];
  if (nargs != t.param_count || nresults < t.result_count) {
    snprintf(msg, sizeof msg, "function expects %zu arguments and %zu results, got %zu and %zu",
             t.param_count, t.result_count, nargs, nresults);
    return capi_trap_new(msg);
  }
  size_t n = t.param_count + t.result_count;
  husk_val small[SMALL_ARITY];
  husk_val *vals = n <= SMALL_ARITY ? small : capi_calloc(n, sizeof *vals);
  husk_val *hargs = vals, *hresults = vals + t.param_count;
  wasm_trap_t *trap = NULL;
  for (size_t i = 0; !trap && i < nargs; i++) {
    if (!capi_val_to_husk(store, &args->data[i], t.params[i], &hargs[i])) {
      snprintf(msg, sizeof msg, "argument %zu: type mismatch, expected %s", i,
               husk_valkind_name(t.params[i]));
      trap = capi_trap_new(msg);
    }
  }
  if (!trap) {
    husk_trap *ht = husk_func_call(store->store, f->func, hargs, nargs, hresults, t.result_count);
    if (ht)
      trap = capi_trap_from_husk(ht, f->instance, f->instance ? f->instance->code : NULL);
    else
      for (size_t i = 0; i < t.result_count; i++) capi_val_from_husk(store, &hresults[i], &results->data[i]);
  }
  if (vals != small) free(vals);
  return trap;
}
