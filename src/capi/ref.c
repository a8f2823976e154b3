/*
 * ref.c - what every runtime object has in common: counting, identity,
 * host info, and the conversions to and from wasm_ref_t. The per-type
 * functions of WASM_DECLARE_REF all come from DEFINE_REF below.
 *
 * One object has one wrapper (capi.h), so identity is pointer equality and
 * host info set through any handle is seen through all of them.
 */
#include <stdlib.h>

#include "capi/capi.h"

wasm_ref_t *capi_ref_new(ref_kind kind, size_t size, wasm_store_t *store) {
  wasm_ref_t *ref = capi_calloc(1, size);
  ref->kind = kind;
  ref->count = 1;
  ref->store = store;
  return ref;
}

wasm_ref_t *capi_ref_retain(wasm_ref_t *ref) {
  ref->count++;
  return ref;
}

/* Frees what the wrapper itself owns; husk objects stay in their store. */
static void destroy(wasm_ref_t *ref) {
  if (ref->finalizer) ref->finalizer(ref->host_info);
  switch (ref->kind) {
  case REF_FUNC: {
    wasm_func_t *f = (wasm_func_t *)ref;
    if (f->instance) capi_ref_release(&f->instance->ref);
    break;
  }
  case REF_INSTANCE:
    free(((wasm_instance_t *)ref)->imported_funcs);
    break;
  case REF_MODULE:
    capi_code_release(((wasm_module_t *)ref)->code);
    break;
  case REF_TRAP: {
    wasm_trap_t *t = (wasm_trap_t *)ref;
    for (size_t i = 0; i < t->frame_count; i++)
      if (t->frames[i].instance) capi_ref_release(&t->frames[i].instance->ref);
    free(t->frames);
    free(t->message);
    break;
  }
  default:
    break;
  }
  free(ref);
}

void capi_ref_release(wasm_ref_t *ref) {
  if (ref && --ref->count == 0) destroy(ref);
}

/* Replacing host info finalizes the previous info, as a collector would
 * once nothing refers to it; setting the same info again does not. */
static void set_host_info(wasm_ref_t *ref, void *info, void (*finalizer)(void *)) {
  if (ref->finalizer && ref->host_info != info) ref->finalizer(ref->host_info);
  ref->host_info = info;
  ref->finalizer = finalizer;
}

/* The reference kinds a wasm_NAME_t may have; EXTERN_KINDS for externs. */
#define EXTERN_KINDS (-1)
static bool kind_is(ref_kind kind, int want) {
  return want == EXTERN_KINDS ? kind <= REF_MEMORY : (int)kind == want;
}

#define DEFINE_REF_BASE(name)                                                   \
  void wasm_##name##_delete(wasm_##name##_t *x) {                               \
    if (x) capi_ref_release((wasm_ref_t *)x);                                   \
  }                                                                             \
  wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *x) {               \
    return x ? (wasm_##name##_t *)capi_ref_retain((wasm_ref_t *)x) : NULL;      \
  }                                                                             \
  bool wasm_##name##_same(const wasm_##name##_t *a, const wasm_##name##_t *b) { \
    return a == b;                                                              \
  }                                                                             \
  void *wasm_##name##_get_host_info(const wasm_##name##_t *x) {                 \
    return ((const wasm_ref_t *)x)->host_info;                                  \
  }                                                                             \
  void wasm_##name##_set_host_info(wasm_##name##_t *x, void *info) {            \
    set_host_info((wasm_ref_t *)x, info, NULL);                                 \
  }                                                                             \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *x, void *info, \
                                                  void (*finalizer)(void *)) {  \
    set_host_info((wasm_ref_t *)x, info, finalizer);                            \
  }

#define DEFINE_REF(name, kinds)                                                 \
  DEFINE_REF_BASE(name)                                                         \
  wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *x) { return (wasm_ref_t *)x; } \
  const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *x) {      \
    return (const wasm_ref_t *)x;                                               \
  }                                                                             \
  wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *r) {                          \
    return r && kind_is(r->kind, kinds) ? (wasm_##name##_t *)r : NULL;          \
  }                                                                             \
  const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *r) {      \
    return r && kind_is(r->kind, kinds) ? (const wasm_##name##_t *)r : NULL;    \
  }

DEFINE_REF_BASE(ref)
DEFINE_REF(func, REF_FUNC)
DEFINE_REF(global, REF_GLOBAL)
DEFINE_REF(table, REF_TABLE)
DEFINE_REF(memory, REF_MEMORY)
DEFINE_REF(extern, EXTERN_KINDS)
DEFINE_REF(instance, REF_INSTANCE)
DEFINE_REF(foreign, REF_FOREIGN)
DEFINE_REF(module, REF_MODULE)
DEFINE_REF(trap, REF_TRAP)

/* A foreign object is only an identity with host info; it lives in its
 * store like the objects husk keeps there. */
wasm_foreign_t *wasm_foreign_new(wasm_store_t *store) {
  wasm_ref_t *ref = capi_ref_new(REF_FOREIGN, sizeof(wasm_foreign_t), store);
  capi_store_adopt(store, ref, ref);
  return (wasm_foreign_t *)ref;
}
