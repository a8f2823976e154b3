/*
 * compile.h - validation and translation of function bodies (compile.c) and
 * of the module-level rules (validate.c).
 */
#ifndef HUSK_WASM_COMPILE_H
#define HUSK_WASM_COMPILE_H

#include "wasm/runtime.h"

/* Buffers that one thread's translations reuse from body to body, so that
 * each body does not grow its own from nothing. Start zeroed; release with
 * compile_scratch_free. */
typedef struct compile_scratch {
  void *stack, *ctrls, *fixups, *instrs, *starts, *code;
  size_t stack_cap, ctrl_cap, fixup_cap, instr_cap, starts_cap, code_cap;
} compile_scratch;
void compile_scratch_free(compile_scratch *s);

/* Validates and translates defined function `index` of m into *out, with
 * fuel charges and interrupt checks if the config asks for them. `funcs`
 * is the module's array of compiled functions (call instructions point into
 * it). Returns NULL, or a malloc'd message "reason at offset 0x..". */
char *compile_function(const wasm_module *m, const husk_config *config,
                       const void *const *labels, compiled_func *funcs,
                       uint32_t index, compile_scratch *scratch, compiled_func *out);

/* Validates and translates every defined function of m into funcs (one
 * entry per body), on up to config's compile_threads threads when the
 * module is large (translate.c); !keep_code validates only, keeping no
 * code. Returns NULL, or the message of the lowest-numbered function that
 * failed, as compile_function gives it. */
char *translate_functions(const wasm_module *m, const husk_config *config,
                          const void *const *labels, compiled_func *funcs, bool keep_code);

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
