/*
 * args.c - parsing --invoke arguments and printing results and signatures.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

/* Parses an integer of the given width into its two's complement bits. A
 * sign is taken by hand because strtoull would silently negate "-5" and
 * accept leading blanks; base 0 is avoided because it reads "010" as octal. */
static bool parse_int(const char *s, unsigned bits, uint64_t *out) {
  bool negative = false;
  if (*s == '+' || *s == '-') negative = *s++ == '-';
  int base = 10;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
  }
  if (base == 10 ? !isdigit((unsigned char)*s) : !isxdigit((unsigned char)*s))
    return false;

  char *end;
  errno = 0;
  unsigned long long magnitude = strtoull(s, &end, base);
  if (errno || *end) return false;

  uint64_t max_unsigned = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
  uint64_t max_negative = UINT64_C(1) << (bits - 1);
  if (magnitude > (negative ? max_negative : max_unsigned)) return false;
  *out = negative ? 0 - (uint64_t)magnitude : (uint64_t)magnitude;
  return true;
}

/* strtof/strtod already read nan, inf and -inf; only the whole-word check is
 * needed. f32 uses strtof so the decimal is rounded once, not twice. */
static bool parse_float(const char *s, bool is_f32, husk_val *out) {
  if (!*s || isspace((unsigned char)*s)) return false;
  char *end;
  if (is_f32)
    *out = husk_val_f32(strtof(s, &end));
  else
    *out = husk_val_f64(strtod(s, &end));
  return *end == '\0';
}

bool args_parse_val(husk_valkind kind, const char *text, husk_val *out) {
  uint64_t bits;
  switch (kind) {
  case HUSK_I32:
    if (!parse_int(text, 32, &bits)) return false;
    *out = husk_val_i32((int32_t)(uint32_t)bits);
    return true;
  case HUSK_I64:
    if (!parse_int(text, 64, &bits)) return false;
    *out = husk_val_i64((int64_t)bits);
    return true;
  case HUSK_F32:
  case HUSK_F64:
    return parse_float(text, kind == HUSK_F32, out);
  case HUSK_FUNCREF:
    if (strcmp(text, "null") != 0) return false;
    *out = husk_val_funcref(NULL);
    return true;
  case HUSK_EXTERNREF:
    if (strcmp(text, "null") != 0) return false;
    *out = husk_val_externref(NULL);
    return true;
  }
  return false;
}

void args_print_val(FILE *out, const husk_val *v) {
  switch (v->kind) {
  case HUSK_I32: fprintf(out, "%" PRId32, v->of.i32); break;
  case HUSK_I64: fprintf(out, "%" PRId64, v->of.i64); break;
  case HUSK_F32: fprintf(out, "%.9g", (double)husk_val_get_f32(v)); break;
  case HUSK_F64: fprintf(out, "%.17g", husk_val_get_f64(v)); break;
  case HUSK_FUNCREF: fputs(v->of.funcref ? "funcref" : "null", out); break;
  case HUSK_EXTERNREF: fputs(v->of.externref ? "externref" : "null", out); break;
  }
}

static void print_kinds(FILE *out, const husk_valkind *kinds, size_t count) {
  fputc('(', out);
  for (size_t i = 0; i < count; i++)
    fprintf(out, "%s%s", i ? ", " : "", husk_valkind_name(kinds[i]));
  fputc(')', out);
}

void args_print_functype(FILE *out, const husk_functype *type) {
  print_kinds(out, type->params, type->param_count);
  fputs(" -> ", out);
  print_kinds(out, type->results, type->result_count);
}

bool args_parse_dir(char *spec, const char **host, const char **guest) {
  char *sep = strstr(spec, "::");
  *host = spec;
  *guest = NULL;
  if (sep) {
    *sep = '\0';
    *guest = sep + 2;
  }
  return **host && (!*guest || **guest);
}

bool args_parse_env(char *spec, const char **key, const char **value) {
  char *eq = strchr(spec, '=');
  if (!*spec || eq == spec) return false;
  *key = spec;
  if (eq) {
    *eq = '\0';
    *value = eq + 1;
  } else {
    *value = getenv(spec);
  }
  return true;
}

bool args_parse_amount(const char *text, bool zero_ok, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  uint64_t scale = 1;
  if (*end == 'K' || *end == 'k') scale = 1ull << 10, end++;
  else if (*end == 'M' || *end == 'm') scale = 1ull << 20, end++;
  else if (*end == 'G' || *end == 'g') scale = 1ull << 30, end++;
  if (errno || end == text || *end || text[0] == '-' || (v == 0 && !zero_ok) || v > UINT64_MAX / scale)
    return false;
  *out = v * scale;
  return true;
}
