/*
 * compile.h - validation and translation of function bodies (compile.c) and
 * of the module-level rules (validate.c).
 */
#ifndef HUSK_WASM_COMPILE_H
#define HUSK_WASM_COMPILE_H

#include "wasm/runtime.h"

/* Validates and translates defined function `index` of m into *out, with
 * fuel charges and interrupt checks if the config asks for them. `funcs`
 * is the module's array of compiled functions (call instructions point into
 * it). Returns NULL, or a malloc'd message "reason at offset 0x..". */
char *compile_function(const wasm_module *m, const husk_config *config,
                       const void *const *labels, compiled_func *funcs,
                       uint32_t index, compiled_func *out);

/* Module-level validation (everything outside function bodies). Returns NULL
 * or a malloc'd message. */
char *validate_module(const wasm_module *m);

/* Walks a constant expression of type `expected`. Validation only when inst
 * is NULL; otherwise evaluates it in inst into *out. `global_limit` is how
 * many globals it may read. Returns NULL or a static message. */
const char *constexpr_run(const wasm_module *m, const wasm_constexpr *e,
                          wasm_valtype expected, uint32_t global_limit,
                          const husk_instance *inst, slot *out);

#endif
