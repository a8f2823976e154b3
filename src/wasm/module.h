/*
 * module.h - the decoded form of a binary module.
 *
 * The decoder (decode.c) fills a wasm_module from bytes; the validator and
 * translator (compile.c) check each function body and turn it into bytecode.
 * Every count here was checked against the bytes remaining before anything
 * was allocated, so no allocation is sized by an unchecked guest number.
 *
 * Index spaces follow the spec: imported functions, tables, memories and
 * globals come first, then the ones the module defines.
 */
#ifndef HUSK_WASM_MODULE_H
#define HUSK_WASM_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "husk/husk.h"

/* Value types use their binary encodings (husk_valkind values). */
typedef uint8_t wasm_valtype;
enum {
  WASM_I32 = 0x7f, WASM_I64 = 0x7e, WASM_F32 = 0x7d, WASM_F64 = 0x7c,
  WASM_V128 = 0x7b, WASM_FUNCREF = 0x70, WASM_EXTERNREF = 0x6f,
};

typedef struct wasm_functype {
  uint32_t param_count, result_count;
  wasm_valtype *types;        /* params then results */
  uint32_t canonical;         /* engine-wide id: equal ids <=> equal types */
} wasm_functype;

static inline const wasm_valtype *wasm_functype_params(const wasm_functype *t) { return t->types; }
static inline const wasm_valtype *wasm_functype_results(const wasm_functype *t) { return t->types + t->param_count; }

typedef struct wasm_limits {
  uint32_t min, max;
  bool has_max;
} wasm_limits;

typedef struct wasm_tabletype { wasm_valtype elem; wasm_limits limits; } wasm_tabletype;
typedef struct wasm_globaltype { wasm_valtype type; bool mutable_; } wasm_globaltype;

/* A constant expression, kept as its raw bytes (without the final 0x0b) and
 * validated by the validator; evaluated at instantiation. */
typedef struct wasm_constexpr {
  const uint8_t *code;        /* points into module->bytes */
  uint32_t size;
  uint32_t offset;            /* byte offset in the file, for errors */
} wasm_constexpr;

typedef struct wasm_import {
  char *module, *name;        /* NUL-terminated copies; valid UTF-8; may hold NULs */
  uint32_t module_len, name_len;
  uint8_t kind;               /* husk_externkind */
  union {
    uint32_t func_type;       /* type index */
    wasm_tabletype table;
    wasm_limits memory;
    wasm_globaltype global;
  } desc;
} wasm_import;

typedef struct wasm_export {
  char *name;                 /* NUL-terminated copy; may hold NULs itself */
  uint32_t name_len;
  uint8_t kind;               /* husk_externkind */
  uint32_t index;
} wasm_export;

typedef struct wasm_global {
  wasm_globaltype type;
  wasm_constexpr init;
} wasm_global;

enum { WASM_SEG_ACTIVE, WASM_SEG_PASSIVE, WASM_SEG_DECLARATIVE };

/* An element segment. Items are either function indices (func_indices, when
 * the segment uses the legacy index form) or constant expressions (exprs). */
typedef struct wasm_elem {
  uint8_t mode;
  wasm_valtype type;          /* funcref or externref */
  uint32_t table;             /* active only */
  wasm_constexpr offset;      /* active only */
  uint32_t count;
  uint32_t *func_indices;     /* non-NULL for the index form */
  wasm_constexpr *exprs;      /* non-NULL for the expression form */
} wasm_elem;

typedef struct wasm_data {
  uint8_t mode;               /* active or passive */
  uint32_t memory;
  wasm_constexpr offset;
  const uint8_t *bytes;       /* points into module->bytes */
  uint32_t size;
} wasm_data;

/* A run of locals of one type, as encoded. */
typedef struct wasm_localrun { uint32_t count; wasm_valtype type; } wasm_localrun;

typedef struct wasm_code {
  uint32_t local_count;        /* total declared locals (excluding params), <= 50000 */
  wasm_localrun *local_runs;
  uint32_t local_run_count;
  const uint8_t *body;         /* instructions, up to and including the final end */
  uint32_t body_size;
  uint32_t body_offset;        /* byte offset of body in the file */
} wasm_code;

typedef struct wasm_custom {
  char *name;
  const uint8_t *data;         /* points into module->bytes */
  uint32_t size;
} wasm_custom;

typedef struct wasm_module {
  uint8_t *bytes;              /* owned copy of the binary; pointers above refer into it */
  size_t size;

  wasm_functype *types;    uint32_t type_count;
  wasm_import *imports;    uint32_t import_count;

  /* Function index space: type index of every function, imports first. */
  uint32_t *func_types;    uint32_t func_count;  uint32_t func_import_count;
  wasm_tabletype *tables;  uint32_t table_count; uint32_t table_import_count;
  wasm_limits *memories;   uint32_t memory_count; uint32_t memory_import_count;
  wasm_global *globals;    uint32_t global_count; uint32_t global_import_count;
  /* For imported globals, globals[i].init.code is NULL. */

  wasm_export *exports;    uint32_t export_count;
  bool has_start;          uint32_t start;
  wasm_elem *elems;        uint32_t elem_count;
  wasm_data *datas;        uint32_t data_count;
  bool has_data_count;     uint32_t data_count_section;  /* value of section 12 */
  wasm_code *codes;        uint32_t code_count;   /* defined functions only */
  wasm_custom *customs;    uint32_t custom_count;

  /* From the "name" custom section (best effort: a malformed name section is
   * ignored, as the spec allows). NULL when absent. */
  char *module_name;
  char **func_names;           /* func_count entries, each NULL or a name */

  /* Functions referenced outside function bodies (exports, elements, global
   * initialisers): ref.func in a body may name only these. func_count bits. */
  uint8_t *func_declared;
} wasm_module;

/* Decodes bytes (copied) into *out. On failure returns a malloc'd message
 * such as "unexpected end at offset 0x1f" and leaves *out NULL. The decoder
 * checks everything the binary format defines (section order and sizes,
 * LEB128 ranges, counts, UTF-8 names, function/code count agreement, data
 * count agreement, known opcodes in constant expressions' framing) but not
 * types of instructions: that is validation. */
char *wasm_decode(const uint8_t *bytes, size_t size, wasm_module **out);
void wasm_module_free(wasm_module *m);

#endif
