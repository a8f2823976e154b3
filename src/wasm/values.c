/*
 * values.c - husk_val, and its conversion to and from frame slots.
 */
#include <string.h>

#include "wasm/runtime.h"

husk_val husk_val_i32(int32_t v) { return (husk_val){HUSK_I32, {.i32 = v}}; }
husk_val husk_val_i64(int64_t v) { return (husk_val){HUSK_I64, {.i64 = v}}; }
husk_val husk_val_f32(float v) {
  husk_val r = {HUSK_F32, {.i64 = 0}};
  memcpy(&r.of.f32_bits, &v, 4);
  return r;
}
husk_val husk_val_f64(double v) {
  husk_val r = {HUSK_F64, {.i64 = 0}};
  memcpy(&r.of.f64_bits, &v, 8);
  return r;
}
husk_val husk_val_funcref(husk_func *f) { return (husk_val){HUSK_FUNCREF, {.funcref = f}}; }
husk_val husk_val_externref(void *p) { return (husk_val){HUSK_EXTERNREF, {.externref = p}}; }
float husk_val_get_f32(const husk_val *v) { float f; memcpy(&f, &v->of.f32_bits, 4); return f; }
double husk_val_get_f64(const husk_val *v) { double d; memcpy(&d, &v->of.f64_bits, 8); return d; }

const char *husk_valkind_name(husk_valkind kind) {
  switch (kind) {
  case HUSK_I32: return "i32";
  case HUSK_I64: return "i64";
  case HUSK_F32: return "f32";
  case HUSK_F64: return "f64";
  case HUSK_FUNCREF: return "funcref";
  case HUSK_EXTERNREF: return "externref";
  }
  return "?";
}

husk_val slot_to_val(slot v, husk_valkind kind) {
  husk_val r = {kind, {.i64 = 0}};
  switch (kind) {
  case HUSK_I32: case HUSK_F32: r.of.f32_bits = v.u32; break;
  case HUSK_I64: case HUSK_F64: r.of.f64_bits = v.u64; break;
  default: r.of.externref = v.ref; break;
  }
  return r;
}

slot val_to_slot(const husk_val *v) {
  slot s = {.u64 = 0};
  switch (v->kind) {
  case HUSK_I32: case HUSK_F32: s.u64 = v->of.f32_bits; break;
  case HUSK_I64: case HUSK_F64: s.u64 = v->of.f64_bits; break;
  default: s.ref = v->of.externref; break;
  }
  return s;
}
