/*
 * decode.c - the binary format decoder: bytes -> wasm_module.
 *
 * It follows the reference interpreter's decoder (interpreter/binary/
 * decode.ml, Wasm 2.0) closely enough to report malformed modules with the
 * same messages:
 *  - a section's contents are read against the end of the file, not against
 *    its declared size, which is checked afterwards ("section size
 *    mismatch"): a section that is too short or too long for its contents is
 *    reported as the reference reports it;
 *  - a length (section size, vector count, byte count) larger than the bytes
 *    left, counted from the length itself, is "length out of bounds".
 * Function bodies are not decoded, only framed (size, locals, final end);
 * constant expressions are framed by reading whole instructions. Checking
 * what either contains is the validator's job.
 *
 * Ownership: an array's count never covers an entry that is neither zeroed
 * nor filled, so wasm_module_free releases a partly built module. No
 * allocation is sized by a count not first checked against the bytes left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/prefault.h"
#include "util/vec.h"
#include "wasm/module.h"
#include "wasm/reader.h"

/* Implementation limit on the locals a function declares (excluding params). */
#define MAX_LOCALS 50000u

static const char OUT_OF_MEMORY[] = "out of memory";

typedef struct decoder {
  wasm_reader r;         /* over the whole file; the first error is sticky */
  wasm_module *m;
  size_t custom_cap;     /* allocated entries of m->customs */
} decoder;

/* ------------------------------------------------------------ basics */

/* Records an error located at `at` rather than at the current position. */
static void fail_at(wasm_reader *r, const uint8_t *at, const char *msg) {
  if (r->error) return;
  r->p = at;
  wasm_reader_fail(r, msg);
}

/* A zeroed array of n elements (at least one, so NULL means failure). */
static void *alloc_array(wasm_reader *r, size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) wasm_reader_fail(r, OUT_OF_MEMORY);
  return p;
}

/* A length (section size, vector count, byte count), bounded like the
 * reference decoder does: by the bytes left counted from the length itself. */
static uint32_t read_len(wasm_reader *r) {
  const uint8_t *at = r->p;
  uint32_t n = wasm_read_u32(r);
  if (!r->error && n > (size_t)(r->end - at)) fail_at(r, at, "length out of bounds");
  return r->error ? 0 : n;
}

/* A vector count. Every element takes at least one byte, so a count larger
 * than the bytes left can never be satisfied: fail before allocating. */
static uint32_t read_count(wasm_reader *r) {
  uint32_t n = read_len(r);
  if (n > wasm_reader_left(r)) wasm_reader_fail(r, WASM_UNEXPECTED_END);
  return r->error ? 0 : n;
}

/* ------------------------------------------------------------ types */

/* Type constructors are single bytes, but the reference decoder reads them
 * as 7-bit signed LEB128: a set top bit means an overlong encoding. */
static uint8_t read_type_byte(wasm_reader *r) {
  const uint8_t *at = r->p;
  uint8_t b = wasm_read_u8(r);
  if (b & 0x80) fail_at(r, at, "integer representation too long");
  return b;
}

static wasm_valtype read_reftype(wasm_reader *r) {
  const uint8_t *at = r->p;
  uint8_t b = read_type_byte(r);
  if (b != WASM_FUNCREF && b != WASM_EXTERNREF) fail_at(r, at, "malformed reference type");
  return b;
}

static wasm_valtype read_valtype(wasm_reader *r) {
  const uint8_t *at = r->p;
  uint8_t b = read_type_byte(r);
  switch (b) {
  case WASM_I32: case WASM_I64: case WASM_F32: case WASM_F64:
  case WASM_FUNCREF: case WASM_EXTERNREF:
    return b;
  case WASM_V128:
    fail_at(r, at, "unsupported value type v128 (SIMD)");
    return 0;
  default:
    /* The reference tries number, vector, then reference types, and
     * reports the last failure. */
    fail_at(r, at, "malformed reference type");
    return 0;
  }
}

/* A vector of value types. Each is one byte, so they are returned as the
 * position of the first in the file. */
static const uint8_t *read_valtypes(wasm_reader *r, uint32_t *count) {
  *count = read_count(r);
  const uint8_t *first = r->p;
  for (uint32_t i = 0; i < *count && !r->error; i++) read_valtype(r);
  return first;
}

static wasm_limits read_limits(wasm_reader *r) {
  wasm_limits l = {0};
  l.has_max = wasm_read_uleb(r, 1) == 1;   /* a 1-bit number: flags 0 or 1 */
  l.min = wasm_read_u32(r);
  if (l.has_max) l.max = wasm_read_u32(r);
  return l;
}

static wasm_tabletype read_tabletype(wasm_reader *r) {
  wasm_tabletype t;
  t.elem = read_reftype(r);
  t.limits = read_limits(r);
  return t;
}

static wasm_globaltype read_globaltype(wasm_reader *r) {
  wasm_globaltype g;
  g.type = read_valtype(r);
  const uint8_t *at = r->p;
  uint8_t mut = wasm_read_u8(r);
  if (mut > 1) fail_at(r, at, "malformed mutability");
  g.mutable_ = mut == 1;
  return g;
}

/* ------------------------------------------------------------ names */

/* True when [p, p+n) is well-formed UTF-8: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no truncated sequence. */
static bool utf8_valid(const uint8_t *p, size_t n) {
  const uint8_t *end = p + n;
  while (p < end) {
    uint8_t b = *p++;
    if (b < 0x80) continue;
    size_t more;                   /* continuation bytes */
    uint8_t lo = 0x80, hi = 0xbf;  /* range of the first continuation byte */
    if (b >= 0xc2 && b <= 0xdf) {
      more = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      more = 2;
      if (b == 0xe0) lo = 0xa0;         /* overlong */
      if (b == 0xed) hi = 0x9f;         /* surrogates */
    } else if (b >= 0xf0 && b <= 0xf4) {
      more = 3;
      if (b == 0xf0) lo = 0x90;         /* overlong */
      if (b == 0xf4) hi = 0x8f;         /* above U+10FFFF */
    } else {
      return false;                     /* continuation, C0/C1 overlong, F5+ */
    }
    if ((size_t)(end - p) < more || p[0] < lo || p[0] > hi) return false;
    for (size_t i = 1; i < more; i++)
      if ((p[i] & 0xc0) != 0x80) return false;
    p += more;
  }
  return true;
}

/* A name, returned as a malloc'd NUL-terminated copy, or NULL on failure. A
 * name may contain NUL bytes (it is valid Wasm); the copy is then cut there
 * for C users. */
static char *read_name_len(wasm_reader *r, uint32_t *len) {
  const uint8_t *at = r->p;
  uint32_t n = read_len(r);
  if (len) *len = n;
  const uint8_t *s = wasm_read_bytes(r, n);
  if (r->error) return NULL;
  if (!utf8_valid(s, n)) {
    fail_at(r, at, "malformed UTF-8 encoding");
    return NULL;
  }
  char *copy = malloc((size_t)n + 1);
  if (!copy) {
    wasm_reader_fail(r, OUT_OF_MEMORY);
    return NULL;
  }
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

static char *read_name(wasm_reader *r) { return read_name_len(r, NULL); }

/* ------------------------------------------------------------ index spaces */

/* Returns `array` (of `count` entries of `size` bytes) grown by n zeroed
 * entries, or NULL on failure. Index spaces are filled imports first, then
 * the module's own definitions. */
static void *grow_space(wasm_reader *r, void *array, uint32_t count, uint32_t n, size_t size) {
  /* Each entry takes at least a byte of a file under 4 GiB, so this holds;
   * checked anyway since the sum sizes an allocation. */
  if (n > UINT32_MAX - count) {
    wasm_reader_fail(r, "too many definitions");
    return NULL;
  }
  size_t total = (size_t)count + n;
  if (total > SIZE_MAX / size) {
    wasm_reader_fail(r, OUT_OF_MEMORY);
    return NULL;
  }
  uint8_t *p = realloc(array, (total ? total : 1) * size);
  if (!p) {
    wasm_reader_fail(r, OUT_OF_MEMORY);
    return NULL;
  }
  memset(p + (size_t)count * size, 0, (size_t)n * size);
  return p;
}

/* Marks function idx as referenced outside function bodies. Only sections
 * after the function section reference functions, so func_count is final by
 * the time the bitmap is first needed. Out-of-range indices are left to the
 * validator. */
static void declare_func(decoder *d, uint32_t idx) {
  wasm_module *m = d->m;
  if (!m->func_declared) {
    m->func_declared = alloc_array(&d->r, m->func_count / 8 + 1, 1);
    if (!m->func_declared) return;
  }
  if (idx < m->func_count) m->func_declared[idx / 8] |= (uint8_t)(1u << (idx % 8));
}

/* ------------------------------------------------------------ constant expressions */

/* What follows an opcode, for framing instructions. */
enum immediates {
  IMM_NONE, IMM_ILLEGAL, IMM_BLOCKTYPE, IMM_IDX, IMM_IDX2, IMM_BR_TABLE,
  IMM_VALTYPES, IMM_ZERO, IMM_I32, IMM_I64, IMM_F32, IMM_F64, IMM_REFTYPE,
  IMM_REF_FUNC, IMM_PREFIX_FC,
};

/* Immediates of every Wasm 2.0 opcode except the SIMD prefix 0xfd. */
static enum immediates immediates_of(uint8_t op) {
  if (op <= 0x01 || op == 0x0f || op == 0x1a || op == 0x1b || op == 0xd1) return IMM_NONE;
  if (op >= 0x02 && op <= 0x04) return IMM_BLOCKTYPE;
  if (op == 0x0c || op == 0x0d || op == 0x10) return IMM_IDX;
  if (op == 0x0e) return IMM_BR_TABLE;
  if (op == 0x11) return IMM_IDX2;                    /* call_indirect */
  if (op == 0x1c) return IMM_VALTYPES;                /* typed select */
  if (op >= 0x20 && op <= 0x26) return IMM_IDX;       /* locals, globals, tables */
  if (op >= 0x28 && op <= 0x3e) return IMM_IDX2;      /* memarg: align, offset */
  if (op == 0x3f || op == 0x40) return IMM_ZERO;      /* memory.size/grow */
  if (op == 0x41) return IMM_I32;
  if (op == 0x42) return IMM_I64;
  if (op == 0x43) return IMM_F32;
  if (op == 0x44) return IMM_F64;
  if (op >= 0x45 && op <= 0xc4) return IMM_NONE;      /* numeric operators */
  if (op == 0xd0) return IMM_REFTYPE;
  if (op == 0xd2) return IMM_REF_FUNC;
  if (op == 0xfc) return IMM_PREFIX_FC;
  return IMM_ILLEGAL;                                 /* incl. else/end: see caller */
}

static void read_zero(wasm_reader *r) {
  const uint8_t *at = r->p;
  if (wasm_read_u8(r) != 0) fail_at(r, at, "zero byte expected");
}

/* Reads the sub-opcode and immediates of a 0xfc-prefixed instruction. */
static void skip_prefixed_fc(wasm_reader *r, const uint8_t *at) {
  uint32_t sub = wasm_read_u32(r);
  if (r->error || sub <= 7) return;          /* saturating truncations */
  switch (sub) {
  case 8: wasm_read_u32(r); read_zero(r); return;          /* memory.init */
  case 9: case 13: case 15: case 16: case 17:              /* data.drop, elem.drop, */
    wasm_read_u32(r); return;                              /* table.grow/size/fill */
  case 10: read_zero(r); read_zero(r); return;             /* memory.copy */
  case 11: read_zero(r); return;                           /* memory.fill */
  case 12: case 14: wasm_read_u32(r); wasm_read_u32(r); return; /* table.init/copy */
  default: fail_at(r, at, "illegal opcode");
  }
}

/* Reads the immediates of the instruction whose opcode `op` (at `at`) was
 * just read. ref.func operands are declared functions. */
static void skip_immediates(decoder *d, uint8_t op, const uint8_t *at) {
  wasm_reader *r = &d->r;
  uint32_t n;
  switch (immediates_of(op)) {
  case IMM_NONE: return;
  case IMM_ILLEGAL: fail_at(r, at, "illegal opcode"); return;
  case IMM_BLOCKTYPE: wasm_read_sleb(r, 33); return;   /* 0x40, a valtype, or a type index */
  case IMM_IDX: wasm_read_u32(r); return;
  case IMM_IDX2: wasm_read_u32(r); wasm_read_u32(r); return;
  case IMM_BR_TABLE:
    n = read_count(r);
    for (uint32_t i = 0; i <= n && !r->error; i++) wasm_read_u32(r);  /* labels + default */
    return;
  case IMM_VALTYPES: read_valtypes(r, &n); return;
  case IMM_ZERO: read_zero(r); return;
  case IMM_I32: wasm_read_s32(r); return;
  case IMM_I64: wasm_read_s64(r); return;
  case IMM_F32: wasm_read_fixed32(r); return;
  case IMM_F64: wasm_read_fixed64(r); return;
  case IMM_REFTYPE: read_reftype(r); return;
  case IMM_REF_FUNC:
    n = wasm_read_u32(r);
    if (!r->error) declare_func(d, n);
    return;
  case IMM_PREFIX_FC: skip_prefixed_fc(r, at); return;
  }
}

/* Reads a constant expression through its final end and records its bytes
 * without that end. Like the reference decoder, any instruction is accepted
 * here (nested blocks included, whose ends are their own): rejecting
 * non-constant ones ("constant expression required") is validation. */
static void read_constexpr(decoder *d, wasm_constexpr *e) {
  wasm_reader *r = &d->r;
  const uint8_t *start = r->p;
  uint32_t depth = 0;   /* blocks opened inside the expression */
  while (!r->error) {
    const uint8_t *at = r->p;
    uint8_t op = wasm_read_u8(r);
    if (r->error) return;
    if (op == 0x0b) {                       /* end */
      if (depth == 0) {
        e->code = start;
        e->size = (uint32_t)(at - start);
        e->offset = (uint32_t)(start - r->base);
        return;
      }
      depth--;
    } else if (op == 0x05) {                /* else */
      if (depth == 0) fail_at(r, at, "END opcode expected");
    } else {
      if (immediates_of(op) == IMM_BLOCKTYPE) depth++;
      skip_immediates(d, op, at);
    }
  }
}

/* ------------------------------------------------------------ sections */

static void decode_types(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  if (r->error || !(m->types = alloc_array(r, n, sizeof *m->types))) return;
  m->type_count = n;
  for (uint32_t i = 0; i < n && !r->error; i++) {
    const uint8_t *at = r->p;
    if (read_type_byte(r) != 0x60) fail_at(r, at, "malformed function type");
    uint32_t np, nr;
    const uint8_t *params = read_valtypes(r, &np);
    const uint8_t *results = read_valtypes(r, &nr);
    if (r->error) return;
    wasm_functype *t = &m->types[i];
    if (!(t->types = alloc_array(r, (size_t)np + nr, sizeof *t->types))) return;
    memcpy(t->types, params, np);
    memcpy(t->types + np, results, nr);
    t->param_count = np;
    t->result_count = nr;
  }
}

/* Appends the imported entities to the index spaces, in import order. */
static void add_imports_to_spaces(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n[4] = {0};
  for (uint32_t i = 0; i < m->import_count; i++) n[m->imports[i].kind]++;
  if (!(m->func_types = grow_space(r, NULL, 0, n[HUSK_EXTERN_FUNC], sizeof *m->func_types)) ||
      !(m->tables = grow_space(r, NULL, 0, n[HUSK_EXTERN_TABLE], sizeof *m->tables)) ||
      !(m->memories = grow_space(r, NULL, 0, n[HUSK_EXTERN_MEMORY], sizeof *m->memories)) ||
      !(m->globals = grow_space(r, NULL, 0, n[HUSK_EXTERN_GLOBAL], sizeof *m->globals)))
    return;
  for (uint32_t i = 0; i < m->import_count; i++) {
    const wasm_import *im = &m->imports[i];
    switch (im->kind) {
    case HUSK_EXTERN_FUNC: m->func_types[m->func_count++] = im->desc.func_type; break;
    case HUSK_EXTERN_TABLE: m->tables[m->table_count++] = im->desc.table; break;
    case HUSK_EXTERN_MEMORY: m->memories[m->memory_count++] = im->desc.memory; break;
    case HUSK_EXTERN_GLOBAL: m->globals[m->global_count++].type = im->desc.global; break;
    }
  }
  m->func_import_count = m->func_count;
  m->table_import_count = m->table_count;
  m->memory_import_count = m->memory_count;
  m->global_import_count = m->global_count;
}

static void decode_imports(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  if (r->error || !(m->imports = alloc_array(r, n, sizeof *m->imports))) return;
  m->import_count = n;
  for (uint32_t i = 0; i < n && !r->error; i++) {
    wasm_import *im = &m->imports[i];
    if (!(im->module = read_name_len(r, &im->module_len)) || !(im->name = read_name_len(r, &im->name_len)))
      return;
    const uint8_t *at = r->p;
    im->kind = wasm_read_u8(r);
    switch (im->kind) {
    case HUSK_EXTERN_FUNC: im->desc.func_type = wasm_read_u32(r); break;
    case HUSK_EXTERN_TABLE: im->desc.table = read_tabletype(r); break;
    case HUSK_EXTERN_MEMORY: im->desc.memory = read_limits(r); break;
    case HUSK_EXTERN_GLOBAL: im->desc.global = read_globaltype(r); break;
    default: fail_at(r, at, "malformed import kind");
    }
  }
  if (!r->error) add_imports_to_spaces(d);
}

static void decode_functions(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  uint32_t *types;
  if (r->error || !(types = grow_space(r, m->func_types, m->func_count, n, sizeof *types))) return;
  m->func_types = types;
  for (uint32_t i = 0; i < n && !r->error; i++) types[m->func_count++] = wasm_read_u32(r);
}

static void decode_tables(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  wasm_tabletype *tables;
  if (r->error || !(tables = grow_space(r, m->tables, m->table_count, n, sizeof *tables))) return;
  m->tables = tables;
  for (uint32_t i = 0; i < n && !r->error; i++) tables[m->table_count++] = read_tabletype(r);
}

static void decode_memories(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  wasm_limits *mems;
  if (r->error || !(mems = grow_space(r, m->memories, m->memory_count, n, sizeof *mems))) return;
  m->memories = mems;
  for (uint32_t i = 0; i < n && !r->error; i++) mems[m->memory_count++] = read_limits(r);
}

static void decode_globals(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  wasm_global *globals;
  if (r->error || !(globals = grow_space(r, m->globals, m->global_count, n, sizeof *globals))) return;
  m->globals = globals;
  for (uint32_t i = 0; i < n && !r->error; i++) {
    wasm_global *g = &globals[m->global_count++];
    g->type = read_globaltype(r);
    read_constexpr(d, &g->init);
  }
}

static void decode_exports(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  if (r->error || !(m->exports = alloc_array(r, n, sizeof *m->exports))) return;
  m->export_count = n;
  for (uint32_t i = 0; i < n && !r->error; i++) {
    wasm_export *ex = &m->exports[i];
    if (!(ex->name = read_name_len(r, &ex->name_len))) return;
    const uint8_t *at = r->p;
    ex->kind = wasm_read_u8(r);
    if (ex->kind > HUSK_EXTERN_GLOBAL) fail_at(r, at, "malformed export kind");
    ex->index = wasm_read_u32(r);
    if (!r->error && ex->kind == HUSK_EXTERN_FUNC) declare_func(d, ex->index);
  }
}

static void decode_start(decoder *d) {
  d->m->start = wasm_read_u32(&d->r);
  d->m->has_start = true;
}

/* One element segment. Its form (0..7) is a bit set: bit 0 = not active
 * (passive, or declarative when bit 1 is set too); bit 1 on an active
 * segment = explicit table index; bit 2 = items are expressions, not
 * function indices. Forms other than 0 and 4 state the item type: an element
 * kind byte (0x00, funcref) for indices, a reference type for expressions. */
static void decode_elem(decoder *d, wasm_elem *e) {
  wasm_reader *r = &d->r;
  const uint8_t *at = r->p;
  uint32_t form = wasm_read_u32(r);
  if (form > 7) fail_at(r, at, "malformed elements segment kind");
  if (r->error) return;
  bool exprs = form & 4;
  if (!(form & 1)) e->mode = WASM_SEG_ACTIVE;
  else e->mode = (form & 2) ? WASM_SEG_DECLARATIVE : WASM_SEG_PASSIVE;
  e->type = WASM_FUNCREF;
  if (e->mode == WASM_SEG_ACTIVE) {
    if (form & 2) e->table = wasm_read_u32(r);
    read_constexpr(d, &e->offset);
  }
  if (form & 3) {
    if (exprs) {
      e->type = read_reftype(r);
    } else {
      const uint8_t *kind_at = r->p;
      if (wasm_read_u8(r) != 0x00) fail_at(r, kind_at, "malformed element kind");
    }
  }
  uint32_t n = read_count(r);
  if (r->error) return;
  if (exprs) {
    if (!(e->exprs = alloc_array(r, n, sizeof *e->exprs))) return;
    e->count = n;
    for (uint32_t i = 0; i < n && !r->error; i++) read_constexpr(d, &e->exprs[i]);
  } else {
    if (!(e->func_indices = alloc_array(r, n, sizeof *e->func_indices))) return;
    e->count = n;
    for (uint32_t i = 0; i < n && !r->error; i++) {
      e->func_indices[i] = wasm_read_u32(r);
      if (!r->error) declare_func(d, e->func_indices[i]);
    }
  }
}

static void decode_elems(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  if (r->error || !(m->elems = alloc_array(r, n, sizeof *m->elems))) return;
  m->elem_count = n;
  for (uint32_t i = 0; i < n && !r->error; i++) decode_elem(d, &m->elems[i]);
}

static void decode_data_count(decoder *d) {
  d->m->data_count_section = wasm_read_u32(&d->r);
  d->m->has_data_count = true;
}

/* A function body must end with `end`. The reference decoder reads
 * instructions rather than trusting the entry's size, so when the body does
 * not end with one it reads on past the entry: report what it reports then,
 * running off the file, finding an end just past the entry (the size is
 * wrong), or finding something else where it expected the end. */
static void fail_missing_end(wasm_reader *r, const uint8_t *entry_end) {
  if (entry_end == r->end) fail_at(r, entry_end, WASM_UNEXPECTED_END);
  else if (*entry_end == 0x0b) fail_at(r, entry_end, "section size mismatch");
  else fail_at(r, entry_end, "END opcode expected");
}

static void decode_code(decoder *d, wasm_code *c) {
  wasm_reader *r = &d->r;
  uint32_t size = read_len(r);
  if (r->error) return;
  const uint8_t *start = r->p;
  if (size > wasm_reader_left(r)) {
    fail_at(r, r->end, WASM_UNEXPECTED_END);
    return;
  }
  const uint8_t *end = start + size;

  const uint8_t *locals_at = r->p;
  uint32_t runs = read_count(r);
  if (r->error || !(c->local_runs = alloc_array(r, runs, sizeof *c->local_runs))) return;
  c->local_run_count = runs;
  uint64_t total = 0;   /* cannot overflow: at most 2^32 runs of < 2^32 */
  for (uint32_t i = 0; i < runs && !r->error; i++) {
    c->local_runs[i].count = wasm_read_u32(r);
    c->local_runs[i].type = read_valtype(r);
    total += c->local_runs[i].count;
  }
  if (r->error) return;
  if (total > MAX_LOCALS) {
    fail_at(r, locals_at, "too many locals");
    return;
  }
  c->local_count = (uint32_t)total;

  if (r->p > end) {
    fail_at(r, start, "section size mismatch");   /* the locals overran the entry */
    return;
  }
  if (r->p == end || end[-1] != 0x0b) {
    fail_missing_end(r, end);
    return;
  }
  c->body = r->p;
  c->body_size = (uint32_t)(end - r->p);
  c->body_offset = (uint32_t)(r->p - r->base);
  r->p = end;
}

static void decode_codes(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  if (r->error || !(m->codes = alloc_array(r, n, sizeof *m->codes))) return;
  m->code_count = n;
  for (uint32_t i = 0; i < n && !r->error; i++) decode_code(d, &m->codes[i]);
}

/* One data segment: form 0 active in memory 0, 1 passive, 2 active with an
 * explicit memory index. */
static void decode_data(decoder *d, wasm_data *seg) {
  wasm_reader *r = &d->r;
  const uint8_t *at = r->p;
  uint32_t form = wasm_read_u32(r);
  if (form > 2) fail_at(r, at, "malformed data segment kind");
  if (r->error) return;
  seg->mode = form == 1 ? WASM_SEG_PASSIVE : WASM_SEG_ACTIVE;
  if (form == 2) seg->memory = wasm_read_u32(r);
  if (seg->mode == WASM_SEG_ACTIVE) read_constexpr(d, &seg->offset);
  seg->size = read_len(r);
  seg->bytes = wasm_read_bytes(r, seg->size);
}

static void decode_datas(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  uint32_t n = read_count(r);
  if (r->error || !(m->datas = alloc_array(r, n, sizeof *m->datas))) return;
  m->data_count = n;
  for (uint32_t i = 0; i < n && !r->error; i++) decode_data(d, &m->datas[i]);
}

/* A custom section: a name, then `size` bytes in all starting at `start`. */
static void decode_custom(decoder *d, const uint8_t *start, uint32_t size) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  char *name = read_name(r);
  if (!name) return;
  size_t used = (size_t)(r->p - start);
  const uint8_t *data = NULL;
  if (used > size) wasm_reader_fail(r, WASM_UNEXPECTED_END);   /* the name overran the section */
  else data = wasm_read_bytes(r, size - used);
  void *customs = m->customs;
  if (data && !vec_reserve(&customs, &d->custom_cap, m->custom_count, 1, sizeof *m->customs))
    wasm_reader_fail(r, OUT_OF_MEMORY);
  m->customs = customs;
  if (r->error) {
    free(name);
    return;
  }
  m->customs[m->custom_count++] = (wasm_custom){.name = name, .data = data, .size = (uint32_t)(size - used)};
}

/* Position of each non-custom section id in the required order (data count,
 * id 12, goes between element and code). */
static const uint8_t section_rank[13] = {
  [1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [6] = 6, [7] = 7, [8] = 8,
  [9] = 9, [12] = 10, [10] = 11, [11] = 12,
};

static void decode_sections(decoder *d) {
  wasm_reader *r = &d->r;
  unsigned last_rank = 0;
  while (!r->error && r->p < r->end) {
    const uint8_t *id_at = r->p;
    uint8_t id = wasm_read_u8(r);
    if (id > 12) {
      fail_at(r, id_at, "malformed section id");
      return;
    }
    if (id != 0) {
      if (section_rank[id] <= last_rank) {
        fail_at(r, id_at, "unexpected content after last section");
        return;
      }
      last_rank = section_rank[id];
    }
    uint32_t size = read_len(r);
    if (r->error) return;
    const uint8_t *start = r->p;
    switch (id) {
    case 0: decode_custom(d, start, size); break;
    case 1: decode_types(d); break;
    case 2: decode_imports(d); break;
    case 3: decode_functions(d); break;
    case 4: decode_tables(d); break;
    case 5: decode_memories(d); break;
    case 6: decode_globals(d); break;
    case 7: decode_exports(d); break;
    case 8: decode_start(d); break;
    case 9: decode_elems(d); break;
    case 10: decode_codes(d); break;
    case 11: decode_datas(d); break;
    case 12: decode_data_count(d); break;
    }
    if (!r->error && (size_t)(r->p - start) != size) fail_at(r, start, "section size mismatch");
  }
}

static void decode_header(wasm_reader *r) {
  const uint8_t *magic = wasm_read_bytes(r, 4);
  if (!magic) return;
  if (memcmp(magic, "\0asm", 4) != 0) {
    fail_at(r, magic, "magic header not detected");
    return;
  }
  const uint8_t *version = wasm_read_bytes(r, 4);
  if (version && memcmp(version, "\1\0\0\0", 4) != 0) fail_at(r, version, "unknown binary version");
}

/* Checks that need the whole module, in the reference decoder's order. */
static void check_module(decoder *d) {
  wasm_reader *r = &d->r;
  wasm_module *m = d->m;
  if (m->func_count - m->func_import_count != m->code_count)
    fail_at(r, r->end, "function and code section have inconsistent lengths");
  else if (m->has_data_count && m->data_count_section != m->data_count)
    fail_at(r, r->end, "data count and data section have inconsistent lengths");
}

/* ------------------------------------------------------------ name section */

static void free_names(char **names, uint32_t count) {
  if (!names) return;
  for (uint32_t i = 0; i < count; i++) free(names[i]);
  free(names);
}

/* The function names subsection: a map from function index to name, with
 * increasing indices. Names of indices outside the module are dropped. */
static char **read_func_names(wasm_reader *r, uint32_t func_count) {
  uint32_t n = read_count(r);
  char **names;
  if (r->error || !(names = alloc_array(r, func_count, sizeof *names))) return NULL;
  uint64_t next = 0;   /* smallest index allowed next */
  for (uint32_t i = 0; i < n && !r->error; i++) {
    uint32_t idx = wasm_read_u32(r);
    char *name = read_name(r);
    if (!name) break;
    if (idx < next) wasm_reader_fail(r, "malformed name section");
    next = (uint64_t)idx + 1;
    if (r->error || idx >= func_count) free(name);
    else names[idx] = name;
  }
  if (r->error) {
    free_names(names, func_count);
    return NULL;
  }
  return names;
}

/* Fills module_name and func_names from the first "name" custom section.
 * The section is optional debugging information: if it is malformed in any
 * way it is ignored, as the spec allows; only running out of memory fails
 * the decode. */
static void decode_name_section(decoder *d) {
  wasm_module *m = d->m;
  const wasm_custom *c = NULL;
  for (uint32_t i = 0; i < m->custom_count && !c; i++)
    if (strcmp(m->customs[i].name, "name") == 0) c = &m->customs[i];
  if (!c) return;

  wasm_reader r;
  wasm_reader_init(&r, m->bytes, c->data, c->data + c->size);
  char *module_name = NULL;
  char **func_names = NULL;
  int last_id = -1;     /* subsections come in increasing id order */
  while (!r.error && r.p < r.end) {
    uint8_t id = wasm_read_u8(&r);
    uint32_t size = read_len(&r);
    if (r.error) break;
    const uint8_t *start = r.p;
    if ((int)id <= last_id || size > wasm_reader_left(&r)) {
      wasm_reader_fail(&r, "malformed name section");
      break;
    }
    last_id = id;
    if (id == 0) module_name = read_name(&r);
    else if (id == 1) func_names = read_func_names(&r, m->func_count);
    else r.p = start + size;   /* local names and later additions: unused */
    if (!r.error && (size_t)(r.p - start) != size) wasm_reader_fail(&r, "malformed name section");
  }
  if (r.error) {
    if (r.error == OUT_OF_MEMORY) wasm_reader_fail(&d->r, OUT_OF_MEMORY);
    free(module_name);
    free_names(func_names, m->func_count);
    return;
  }
  m->module_name = module_name;
  m->func_names = func_names;
}

/* ------------------------------------------------------------ entry points */

/* Room for the longest reason and a 64-bit offset. */
#define MESSAGE_SIZE 128

char *wasm_decode(const uint8_t *bytes, size_t size, wasm_module **out) {
  *out = NULL;
  /* Allocated first so that running out of memory later can be reported. If
   * even this fails, NULL is returned with *out NULL. */
  char *message = malloc(MESSAGE_SIZE);
  if (!message) return NULL;

  decoder d = {0};
  d.m = calloc(1, sizeof *d.m);
  uint8_t *copy = malloc(size ? size : 1);
  if (d.m && copy) {
    prefault(copy, size);
    if (size) memcpy(copy, bytes, size);
    d.m->bytes = copy;
    d.m->size = size;
    wasm_reader_init(&d.r, copy, copy, copy + size);
    if ((uint64_t)size > UINT32_MAX) wasm_reader_fail(&d.r, "module too large");  /* offsets are 32-bit */
    if (!d.r.error) decode_header(&d.r);
    if (!d.r.error) decode_sections(&d);
    if (!d.r.error) check_module(&d);
    if (!d.r.error && !d.m->func_declared) d.m->func_declared = alloc_array(&d.r, d.m->func_count / 8 + 1, 1);
    if (!d.r.error) decode_name_section(&d);
  } else {
    free(copy);
    d.r.error = OUT_OF_MEMORY;   /* at offset 0: nothing was read */
  }

  if (d.r.error) {
    snprintf(message, MESSAGE_SIZE, "%s at offset 0x%zx", d.r.error, d.r.error_offset);
    wasm_module_free(d.m);
    return message;
  }
  free(message);
  *out = d.m;
  return NULL;
}

void wasm_module_free(wasm_module *m) {
  if (!m) return;
  for (uint32_t i = 0; i < m->type_count; i++) free(m->types[i].types);
  free(m->types);
  for (uint32_t i = 0; i < m->import_count; i++) {
    free(m->imports[i].module);
    free(m->imports[i].name);
  }
  free(m->imports);
  free(m->func_types);
  free(m->tables);
  free(m->memories);
  free(m->globals);
  for (uint32_t i = 0; i < m->export_count; i++) free(m->exports[i].name);
  free(m->exports);
  for (uint32_t i = 0; i < m->elem_count; i++) {
    free(m->elems[i].func_indices);
    free(m->elems[i].exprs);
  }
  free(m->elems);
  free(m->datas);
  for (uint32_t i = 0; i < m->code_count; i++) free(m->codes[i].local_runs);
  free(m->codes);
  for (uint32_t i = 0; i < m->custom_count; i++) free(m->customs[i].name);
  free(m->customs);
  free(m->module_name);
  free_names(m->func_names, m->func_count);
  free(m->func_declared);
  free(m->bytes);
  free(m);
}
