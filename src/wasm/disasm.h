/*
 * disasm.h - a readable listing of translated functions.
 */
#ifndef HUSK_WASM_DISASM_H
#define HUSK_WASM_DISASM_H

#include <stdio.h>

#include "wasm/runtime.h"

/* Operands print as raw numbers: slots for most, offsets for branches. */
void disasm_function(FILE *out, const void *const *labels, const compiled_func *f);

#endif
