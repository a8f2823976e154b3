/*
 * val.c - wasm_val_t: copying, deleting, and conversion to and from
 * husk_val at every boundary (calls, globals, tables).
 *
 * References in Wasm. A funcref holds the husk_func; it comes back out as
 * that func's one wrapper. An externref holds the wasm_ref_t itself (any
 * object can be passed as externref, as wasm-c-api's anyref allows), and the
 * store then holds a count on it so the pointer stays valid as long as Wasm
 * can keep it: objects of the store are held anyway, others (traps, modules,
 * objects of another store) are held until the store is deleted.
 */
#include <string.h>

#include "capi/capi.h"

void wasm_val_delete(wasm_val_t *v) {
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = NULL;
  }
}

void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) capi_ref_retain(v->of.ref);
}

bool capi_ref_to_husk(wasm_store_t *store, wasm_ref_t *ref, husk_valkind want, husk_val *out) {
  if (want == HUSK_FUNCREF) {
    /* A func of another store would run on this store's stacks. */
    if (ref && (ref->kind != REF_FUNC || ref->store != store)) return false;
    *out = husk_val_funcref(ref ? ((wasm_func_t *)ref)->func : NULL);
    return true;
  }
  if (want != HUSK_EXTERNREF) return false;
  if (ref) capi_store_hold(store, ref);
  *out = husk_val_externref(ref);
  return true;
}

wasm_ref_t *capi_ref_from_husk(wasm_store_t *store, const husk_val *val) {
  if (val->kind == HUSK_FUNCREF)
    return val->of.funcref ? wasm_func_as_ref(capi_func_wrap(store, val->of.funcref)) : NULL;
  return val->of.externref ? capi_ref_retain(val->of.externref) : NULL;
}

/* Floats are copied as bit patterns, so NaN payloads survive. A reference
 * value converts to either reference kind if the object fits: WASM_REF_VAL
 * says externref even when it holds a func. */
bool capi_val_to_husk(wasm_store_t *store, const wasm_val_t *val, husk_valkind want,
                      husk_val *out) {
  if (wasm_valkind_is_ref(val->kind)) return capi_ref_to_husk(store, val->of.ref, want, out);
  if (capi_valkind_to_husk(val->kind) != want) return false;
  out->kind = want;
  switch (val->kind) {
  case WASM_I32: out->of.i32 = val->of.i32; break;
  case WASM_I64: out->of.i64 = val->of.i64; break;
  case WASM_F32: memcpy(&out->of.f32_bits, &val->of.f32, sizeof val->of.f32); break;
  default: memcpy(&out->of.f64_bits, &val->of.f64, sizeof val->of.f64); break;
  }
  return true;
}

void capi_val_from_husk(wasm_store_t *store, const husk_val *val, wasm_val_t *out) {
  out->kind = capi_valkind_from_husk(val->kind);
  switch (val->kind) {
  case HUSK_I32: out->of.i32 = val->of.i32; break;
  case HUSK_I64: out->of.i64 = val->of.i64; break;
  case HUSK_F32: memcpy(&out->of.f32, &val->of.f32_bits, sizeof out->of.f32); break;
  case HUSK_F64: memcpy(&out->of.f64, &val->of.f64_bits, sizeof out->of.f64); break;
  default: out->of.ref = capi_ref_from_husk(store, val); break;
  }
}
