/*
 * constexpr.c - constant expressions (global initialisers, segment offsets
 * and element items): validated once at compile time, evaluated at each
 * instantiation by the same walk so the two can never disagree.
 */
#include "wasm/compile.h"
#include "wasm/reader.h"

const char *constexpr_run(const wasm_module *m, const wasm_constexpr *e,
                          wasm_valtype expected, uint32_t global_limit,
                          const husk_instance *inst, slot *out) {
  /* No expression at all (a decoded module always has one; a damaged
   * cache entry may not) produces no value. */
  if (!e->code) return "type mismatch";
  wasm_reader r;
  wasm_reader_init(&r, m->bytes, e->code, e->code + e->size);
  wasm_valtype type = 0;
  slot value = {.u64 = 0};
  unsigned count = 0;   /* values produced: exactly one is allowed */
  while (r.p < r.end) {
    uint8_t opc = wasm_read_u8(&r);
    count++;
    switch (opc) {
    case 0x41: type = WASM_I32; value.u64 = (uint32_t)wasm_read_s32(&r); break;
    case 0x42: type = WASM_I64; value.i64 = wasm_read_s64(&r); break;
    case 0x43: type = WASM_F32; value.u64 = wasm_read_fixed32(&r); break;
    case 0x44: type = WASM_F64; value.u64 = wasm_read_fixed64(&r); break;
    case 0xd0:
      type = wasm_read_u8(&r);
      if (type != WASM_FUNCREF && type != WASM_EXTERNREF) return "malformed reference type";
      value.ref = NULL;
      break;
    case 0xd2: {
      uint32_t f = wasm_read_u32(&r);
      if (r.error) return r.error;
      if (f >= m->func_count) return "unknown function";
      type = WASM_FUNCREF;
      value.ref = inst ? inst->funcs[f] : NULL;
      break;
    }
    case 0x23: {
      uint32_t g = wasm_read_u32(&r);
      if (r.error) return r.error;
      if (g >= global_limit) return "unknown global";
      if (m->globals[g].type.mutable_) return "constant expression required";
      type = m->globals[g].type.type;
      if (inst) value = inst->globals[g]->value;
      break;
    }
    default:
      return "constant expression required";
    }
    if (r.error) return r.error;
  }
  if (count != 1 || type != expected) return "type mismatch";
  if (out) *out = value;
  return NULL;
}
