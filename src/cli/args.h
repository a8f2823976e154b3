/*
 * args.h - command-line text: Wasm values and types (the arguments of
 * `husk run --invoke` in, its results and signatures out), and the option
 * values `husk run` shares between Wasm and JavaScript (directories,
 * environment variables, sizes).
 */
#ifndef HUSK_CLI_ARGS_H
#define HUSK_CLI_ARGS_H

#include <stdbool.h>
#include <stdint.h>
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

/* "HOST[::GUEST]", split in place: *guest is NULL without "::". False when
 * either side is empty. */
bool args_parse_dir(char *spec, const char **host, const char **guest);

/* "KEY=VALUE", split in place, or "KEY": *value is then the host's value,
 * NULL when the host has none. False for an empty key. */
bool args_parse_env(char *spec, const char **key, const char **value);

/* A whole number with an optional K, M or G suffix (powers of 1024). False
 * for anything else, for negatives, on overflow, and for 0 unless zero_ok. */
bool args_parse_amount(const char *text, bool zero_ok, uint64_t *out);

#endif
