/*
 * dispatch_count.h - counts the interpreter's dispatches and adjacent pairs
 * of them, in a build configured with -DHUSK_COUNT_DISPATCH=ON (a measuring
 * tool: see dispatch_count.c). The totals are printed to stderr at exit.
 */
#ifndef HUSK_WASM_DISPATCH_COUNT_H
#define HUSK_WASM_DISPATCH_COUNT_H

#include "wasm/runtime.h"

void dispatch_count_record(const cell *pc);

#endif
