/*
 * args.h - Wasm values and types as command-line text: the arguments of
 * `husk run --invoke` in, its results and signatures out.
 */
#ifndef HUSK_CLI_ARGS_H
#define HUSK_CLI_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "husk/husk.h"

/* Parses text as a value of the given kind:
 *   i32, i64  decimal or 0x hex with an optional sign; the signed and the
 *             unsigned range are both accepted (-1 and 0xffffffff are equal)
 *   f32, f64  decimal or hex float, nan, inf, -inf
 *   refs      only null
 * Returns false when text is not such a value. */
bool args_parse_val(husk_valkind kind, const char *text, husk_val *out);

/* Integers in signed decimal, f32 with %.9g and f64 with %.17g (enough
 * digits to read back the same bits), references as null or their kind. */
void args_print_val(FILE *out, const husk_val *v);

/* "(i32, i64) -> (f32)" */
void args_print_functype(FILE *out, const husk_functype *type);

#endif
