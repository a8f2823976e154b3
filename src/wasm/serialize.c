/*
 * serialize.c - a translated module as bytes, and back (see serialize.h).
 *
 * The module-level structure is written and read by the same functions
 * (io_*), driven by a stream that is either writing or reading, so the two
 * directions cannot drift apart. Reading allocates as the decoder does
 * (zeroed arrays whose count is set only once they exist), so a half-read
 * module is released by wasm_module_free like a half-decoded one.
 *
 * Translated code is the exception: writing rewrites pointers to indices
 * (encode_code) and reading checks every instruction before turning indices
 * back into pointers (load_code). Both follow the operand kinds of
 * opinfo.h, so the two cannot disagree about which operand is what.
 *
 * Layout (native byte order): magic, version; whether the module's bytes
 * follow, their size (and them); the wasm_module's sections in decoder
 * order; per defined function its frame shape, constant pool and code.
 */
#include <stdlib.h>
#include <string.h>

#include "wasm/compile.h"
#include "wasm/opinfo.h"
#include "wasm/serialize.h"

#define MAGIC 0x4d4b5348u      /* "HSKM" */

/* Bytes pass through a small window, so a payload of many megabytes never
 * exists whole in memory: writing hands each full window to the sink,
 * reading refills the window from the source (large arrays, such as code,
 * are read from the source straight into their final place). */
#define WINDOW (256 * 1024)

typedef struct stream {
  bool reading;
  const char *error;           /* sticky: the first failure */
  uint8_t *window;             /* WINDOW bytes; NULL for an in-memory source */
  /* writing: window[0..len) waits for the sink */
  const serial_sink *sink;
  size_t len;
  /* reading: the unread part of the window, then `rest` more from the source */
  const serial_source *source;
  const uint8_t *p, *end;
  uint64_t rest;
  /* the module's own bytes: pointers into them travel as offsets */
  const uint8_t *base;
  size_t base_size;
  /* Writing: whether the bytes go into the form. Reading: the bytes given
   * by the caller when they are not in it. */
  bool with_bytes;
  const uint8_t *given;
  size_t given_size;
} stream;

static const char OUT_OF_MEMORY[] = "out of memory";
static const char MALFORMED[] = "malformed serialized module";

static void fail(stream *s, const char *msg) {
  if (!s->error) s->error = msg;
}

/* Bytes the reader has not consumed: what a claimed size is checked against. */
static uint64_t left(const stream *s) { return (uint64_t)(s->end - s->p) + s->rest; }

/* Reads exactly n bytes from the source into dst. */
static bool pull(stream *s, uint8_t *dst, size_t n) {
  while (n > 0) {
    size_t got = s->source->read(s->source->ctx, dst, n);
    if (got == 0 || got > n) return false;
    dst += got;
    n -= got;
    s->rest -= got;
  }
  return true;
}

static void read_raw(stream *s, uint8_t *v, size_t n) {
  if (s->error || n > left(s)) {
    fail(s, MALFORMED);
    if (v) memset(v, 0, n);    /* harmless values until the error is seen */
    return;
  }
  size_t k = (size_t)(s->end - s->p) < n ? (size_t)(s->end - s->p) : n;
  if (k) {
    memcpy(v, s->p, k);
    s->p += k;
    v += k;
    n -= k;
  }
  if (n == 0) return;
  /* The window is empty: big reads bypass it, small ones refill it. */
  bool ok;
  if (n >= WINDOW) {
    ok = pull(s, v, n);
  } else {
    size_t fill = s->rest < WINDOW ? (size_t)s->rest : WINDOW;
    ok = pull(s, s->window, fill);
    s->p = s->window;
    s->end = s->window + fill;
    if (ok) {
      memcpy(v, s->p, n);
      s->p += n;
    }
  }
  if (!ok) {
    s->rest = 0;
    s->p = s->end;
    fail(s, MALFORMED);
  }
}

static void flush(stream *s) {
  if (!s->error && s->len && !s->sink->write(s->sink->ctx, s->window, s->len))
    fail(s, OUT_OF_MEMORY);
  s->len = 0;
}

static void write_raw(stream *s, const uint8_t *v, size_t n) {
  if (s->error) return;
  if (s->len + n > WINDOW) {
    flush(s);
    if (n >= WINDOW) {
      if (!s->sink->write(s->sink->ctx, v, n)) fail(s, OUT_OF_MEMORY);
      return;
    }
  }
  memcpy(s->window + s->len, v, n);
  s->len += n;
}

/* Copies n bytes between *v and the stream, in its direction. */
static void io_raw(stream *s, void *v, size_t n) {
  if (n == 0) return;
  if (s->reading) read_raw(s, v, n);
  else write_raw(s, v, n);
}

static void io_u8(stream *s, uint8_t *v) { io_raw(s, v, 1); }
static void io_u32(stream *s, uint32_t *v) { io_raw(s, v, 4); }
static void io_u64(stream *s, uint64_t *v) { io_raw(s, v, 8); }

static void io_bool(stream *s, bool *v) {
  uint8_t b = *v;
  io_u8(s, &b);
  if (!s->reading) return;
  if (b > 1) fail(s, MALFORMED);
  *v = b == 1;
}

/* A value that must be below `limit` when read. */
static void io_below(stream *s, uint8_t *v, uint8_t limit) {
  io_u8(s, v);
  if (*v >= limit) fail(s, MALFORMED);
}

/* Reading: a zeroed array of n elements of `size` bytes (at least one, so
 * NULL means failure). n was read from the stream, and every element takes
 * at least one byte of it, so n is first checked against the bytes left:
 * no allocation is sized by a number the input merely claims. */
static void *alloc_elems(stream *s, uint64_t n, size_t size) {
  if (s->error) return NULL;
  if (n > left(s)) {
    fail(s, MALFORMED);
    return NULL;
  }
  void *p = calloc(n ? n : 1, size);
  if (!p) fail(s, OUT_OF_MEMORY);
  return p;
}

/* An array with its count. Reading allocates it and sets *count only once
 * the (zeroed) array exists, so wasm_module_free can always walk it. */
static void io_array(stream *s, void **array, uint32_t *count, size_t size) {
  uint32_t n = *count;
  io_u32(s, &n);
  if (!s->reading) return;
  *count = 0;
  if ((*array = alloc_elems(s, n, size))) *count = n;
}

/* Reading: a malloc'd copy of the next n bytes followed by `zeros` zero
 * bytes; NULL on failure. */
static void *take(stream *s, uint64_t n, size_t zeros) {
  if (s->error || n > left(s)) {
    fail(s, MALFORMED);
    return NULL;
  }
  uint8_t *p = malloc(n + zeros ? n + zeros : 1);
  if (!p) {
    fail(s, OUT_OF_MEMORY);
    return NULL;
  }
  io_raw(s, p, n);
  memset(p + n, 0, zeros);
  return p;
}

/* n bytes of data owned by *data (read: allocated, NUL-terminated). */
static void io_owned_bytes(stream *s, uint8_t **data, uint64_t n) {
  if (s->reading) *data = take(s, n, 1);
  else io_raw(s, *data, n);
}

/* A Wasm name with its length: it may hold NULs, so it is not a string
 * (read: allocated, NUL-terminated for C users, who see it cut there). */
static void io_name(stream *s, char **name, uint32_t *len) {
  io_u32(s, len);
  io_owned_bytes(s, (uint8_t **)name, *len);
}

/* A NUL-terminated string (NULL allowed when `optional`). */
static void io_string(stream *s, char **str, bool optional) {
  bool present = s->reading || *str != NULL;   /* read: io_bool says */
  if (optional) io_bool(s, &present);
  else if (!present) fail(s, MALFORMED);
  if (!present) return;
  uint32_t n = s->reading ? 0 : (uint32_t)strlen(*str);
  io_u32(s, &n);
  io_owned_bytes(s, (uint8_t **)str, n);
  if (s->reading && *str && memchr(*str, '\0', n)) fail(s, MALFORMED);
}

/* A pointer into the module's bytes with its size: travels as an offset,
 * checked to lie within the bytes when read. A NULL pointer is allowed when
 * `optional` (imported globals have no initialiser). */
static void io_range(stream *s, const uint8_t **ptr, uint32_t *size, bool optional) {
  bool present = s->reading || *ptr != NULL;   /* read: io_bool says */
  if (optional) io_bool(s, &present);
  else if (!present) fail(s, MALFORMED);
  if (!present) return;
  uint64_t offset = s->reading ? 0 : (uint64_t)(*ptr - s->base);
  io_u64(s, &offset);
  io_u32(s, size);
  if (!s->reading) return;
  *ptr = NULL;
  if (offset > s->base_size || *size > s->base_size - offset) fail(s, MALFORMED);
  else *ptr = s->base + offset;
}

static void io_limits(stream *s, wasm_limits *l) {
  io_u32(s, &l->min);
  io_u32(s, &l->max);
  io_bool(s, &l->has_max);
}


static bool valid_valtype(wasm_valtype t) {
  return t == WASM_I32 || t == WASM_I64 || t == WASM_F32 || t == WASM_F64 ||
         t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

static void io_valtype(stream *s, wasm_valtype *t) {
  io_u8(s, t);
  if (!valid_valtype(*t)) fail(s, MALFORMED);
}

static void io_tabletype(stream *s, wasm_tabletype *t) {
  io_valtype(s, &t->elem);
  io_limits(s, &t->limits);
}

static void io_globaltype(stream *s, wasm_globaltype *t) {
  io_valtype(s, &t->type);
  io_bool(s, &t->mutable_);
}

static void io_constexpr(stream *s, wasm_constexpr *e, bool optional) {
  io_range(s, &e->code, &e->size, optional);
  io_u32(s, &e->offset);
}

/* ------------------------------------------------------------ module */

static void io_types(stream *s, wasm_module *m) {
  io_array(s, (void **)&m->types, &m->type_count, sizeof *m->types);
  for (uint32_t i = 0; i < m->type_count && !s->error; i++) {
    wasm_functype *t = &m->types[i];
    io_u32(s, &t->param_count);
    io_u32(s, &t->result_count);
    uint64_t n = (uint64_t)t->param_count + t->result_count;
    io_owned_bytes(s, &t->types, n);
    for (uint64_t k = 0; s->reading && !s->error && k < n; k++)
      if (!valid_valtype(t->types[k])) fail(s, MALFORMED);
  }
}

static void io_imports(stream *s, wasm_module *m) {
  io_array(s, (void **)&m->imports, &m->import_count, sizeof *m->imports);
  for (uint32_t i = 0; i < m->import_count && !s->error; i++) {
    wasm_import *im = &m->imports[i];
    io_name(s, &im->module, &im->module_len);   /* the linker and WASI match */
    io_name(s, &im->name, &im->name_len);       /* on the lengths too */
    io_below(s, &im->kind, 4);
    switch (im->kind) {
    case HUSK_EXTERN_FUNC: io_u32(s, &im->desc.func_type); break;
    case HUSK_EXTERN_TABLE: io_tabletype(s, &im->desc.table); break;
    case HUSK_EXTERN_MEMORY: io_limits(s, &im->desc.memory); break;
    default: io_globaltype(s, &im->desc.global); break;
    }
  }
}

/* An index space: its array, its count and how many entries are imported. */
static void io_space(stream *s, void **array, uint32_t *count, uint32_t *imported, size_t size) {
  io_array(s, array, count, size);
  io_u32(s, imported);
  if (*imported > *count) fail(s, MALFORMED);
}

static void io_spaces(stream *s, wasm_module *m) {
  io_space(s, (void **)&m->func_types, &m->func_count, &m->func_import_count, sizeof *m->func_types);
  for (uint32_t i = 0; i < m->func_count && !s->error; i++) io_u32(s, &m->func_types[i]);
  io_space(s, (void **)&m->tables, &m->table_count, &m->table_import_count, sizeof *m->tables);
  for (uint32_t i = 0; i < m->table_count && !s->error; i++) io_tabletype(s, &m->tables[i]);
  io_space(s, (void **)&m->memories, &m->memory_count, &m->memory_import_count, sizeof *m->memories);
  for (uint32_t i = 0; i < m->memory_count && !s->error; i++) io_limits(s, &m->memories[i]);
  io_space(s, (void **)&m->globals, &m->global_count, &m->global_import_count, sizeof *m->globals);
  for (uint32_t i = 0; i < m->global_count && !s->error; i++) {
    io_globaltype(s, &m->globals[i].type);
    io_constexpr(s, &m->globals[i].init, true);
  }
}

static void io_exports(stream *s, wasm_module *m) {
  io_array(s, (void **)&m->exports, &m->export_count, sizeof *m->exports);
  for (uint32_t i = 0; i < m->export_count && !s->error; i++) {
    wasm_export *e = &m->exports[i];
    io_name(s, &e->name, &e->name_len);
    io_below(s, &e->kind, 4);
    io_u32(s, &e->index);
  }
  io_bool(s, &m->has_start);
  io_u32(s, &m->start);
}

static void io_elems(stream *s, wasm_module *m) {
  io_array(s, (void **)&m->elems, &m->elem_count, sizeof *m->elems);
  for (uint32_t i = 0; i < m->elem_count && !s->error; i++) {
    wasm_elem *e = &m->elems[i];
    io_below(s, &e->mode, 3);
    io_valtype(s, &e->type);
    io_u32(s, &e->table);
    io_constexpr(s, &e->offset, true);
    bool indices = e->func_indices != NULL;   /* else the expression form */
    io_bool(s, &indices);
    io_u32(s, &e->count);
    if (indices) {
      if (s->reading) e->func_indices = alloc_elems(s, e->count, sizeof *e->func_indices);
      for (uint32_t k = 0; k < e->count && !s->error; k++) io_u32(s, &e->func_indices[k]);
    } else {
      if (s->reading) e->exprs = alloc_elems(s, e->count, sizeof *e->exprs);
      for (uint32_t k = 0; k < e->count && !s->error; k++) io_constexpr(s, &e->exprs[k], false);
    }
  }
}

static void io_datas(stream *s, wasm_module *m) {
  io_array(s, (void **)&m->datas, &m->data_count, sizeof *m->datas);
  for (uint32_t i = 0; i < m->data_count && !s->error; i++) {
    wasm_data *d = &m->datas[i];
    io_below(s, &d->mode, 2);
    io_u32(s, &d->memory);
    io_constexpr(s, &d->offset, true);
    io_range(s, &d->bytes, &d->size, false);
  }
  io_bool(s, &m->has_data_count);
  io_u32(s, &m->data_count_section);
}

static void io_codes(stream *s, wasm_module *m) {
  io_array(s, (void **)&m->codes, &m->code_count, sizeof *m->codes);
  for (uint32_t i = 0; i < m->code_count && !s->error; i++) {
    wasm_code *c = &m->codes[i];
    io_u32(s, &c->local_count);
    io_array(s, (void **)&c->local_runs, &c->local_run_count, sizeof *c->local_runs);
    uint64_t total = 0;
    for (uint32_t k = 0; k < c->local_run_count && !s->error; k++) {
      io_u32(s, &c->local_runs[k].count);
      io_valtype(s, &c->local_runs[k].type);
      total += c->local_runs[k].count;
    }
    if (total != c->local_count) fail(s, MALFORMED);
    io_range(s, &c->body, &c->body_size, false);
    io_u32(s, &c->body_offset);
  }
}

static void io_customs_and_names(stream *s, wasm_module *m) {
  io_array(s, (void **)&m->customs, &m->custom_count, sizeof *m->customs);
  for (uint32_t i = 0; i < m->custom_count && !s->error; i++) {
    io_string(s, &m->customs[i].name, false);
    io_range(s, &m->customs[i].data, &m->customs[i].size, false);
  }
  io_string(s, &m->module_name, true);
  bool names = m->func_names != NULL;
  io_bool(s, &names);
  if (names && s->reading) m->func_names = alloc_elems(s, m->func_count, sizeof *m->func_names);
  for (uint32_t i = 0; names && i < m->func_count && !s->error; i++)
    io_string(s, &m->func_names[i], true);
  /* One bit per function, as the decoder allocates it. */
  io_owned_bytes(s, &m->func_declared, m->func_count / 8 + 1);
}

/* The whole wasm_module. The bytes come first: the ranges refer to them. */
static void io_module(stream *s, wasm_module *m) {
  uint64_t size = m->size;
  bool included = s->with_bytes;
  io_bool(s, &included);
  io_u64(s, &size);
  if (included) {
    io_owned_bytes(s, &m->bytes, size);
  } else if (s->reading) {                   /* the caller's, which must fit */
    if (!s->given || size != s->given_size) fail(s, MALFORMED);
    else if (!(m->bytes = malloc(size ? size : 1))) fail(s, OUT_OF_MEMORY);
    else memcpy(m->bytes, s->given, size);
  }
  if (s->error) return;
  m->size = size;
  s->base = m->bytes;
  s->base_size = size;
  io_types(s, m);
  io_imports(s, m);
  io_spaces(s, m);
  io_exports(s, m);
  io_elems(s, m);
  io_datas(s, m);
  io_codes(s, m);
  io_customs_and_names(s, m);
}

static bool same_limits(const wasm_limits *a, const wasm_limits *b) {
  return a->min == b->min && a->max == b->max && a->has_max == b->has_max;
}

/* What the decoder guarantees and validation takes for granted: the imports
 * open the index spaces, in order, and every defined function has a body. */
static bool imports_agree(const wasm_module *m) {
  uint32_t n[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < m->import_count; i++) {
    const wasm_import *im = &m->imports[i];
    uint32_t k = n[im->kind]++;
    switch (im->kind) {
    case HUSK_EXTERN_FUNC:
      if (k >= m->func_count || m->func_types[k] != im->desc.func_type) return false;
      break;
    case HUSK_EXTERN_TABLE:
      if (k >= m->table_count || m->tables[k].elem != im->desc.table.elem ||
          !same_limits(&m->tables[k].limits, &im->desc.table.limits))
        return false;
      break;
    case HUSK_EXTERN_MEMORY:
      if (k >= m->memory_count || !same_limits(&m->memories[k], &im->desc.memory)) return false;
      break;
    default:
      if (k >= m->global_count || m->globals[k].type.type != im->desc.global.type ||
          m->globals[k].type.mutable_ != im->desc.global.mutable_)
        return false;
    }
  }
  if (n[0] != m->func_import_count || n[1] != m->table_import_count ||
      n[2] != m->memory_import_count || n[3] != m->global_import_count)
    return false;
  for (uint32_t i = 0; i < m->global_count; i++)
    if ((m->globals[i].init.code == NULL) != (i < m->global_import_count)) return false;
  return m->func_count - m->func_import_count == m->code_count;
}

/* ------------------------------------------------------------ code: writing */

/* Handler address -> op number, by open addressing over the label table
 * (disassembling by linear search would cost OP_COUNT compares per
 * instruction: too slow for megabytes of code). */
#define HANDLER_BUCKETS 2048
_Static_assert(HANDLER_BUCKETS >= 2 * OP_COUNT, "handler map too small");

typedef struct handler_map { const void *key[HANDLER_BUCKETS]; uint16_t op[HANDLER_BUCKETS]; } handler_map;

static uint32_t handler_hash(const void *p) {
  return (uint32_t)(((uintptr_t)p * 0x9e3779b97f4a7c15ull) >> 54) & (HANDLER_BUCKETS - 1);
}

static void handler_map_init(handler_map *h, const void *const *labels) {
  memset(h->key, 0, sizeof h->key);
  for (int op = 0; op < OP_COUNT; op++) {
    uint32_t i = handler_hash(labels[op]);
    while (h->key[i] && h->key[i] != labels[op]) i = (i + 1) & (HANDLER_BUCKETS - 1);
    if (h->key[i]) continue;            /* two ops sharing a handler: the first */
    h->key[i] = labels[op];
    h->op[i] = (uint16_t)op;
  }
}

static int handler_op(const handler_map *h, const void *p) {
  for (uint32_t i = handler_hash(p); h->key[i]; i = (i + 1) & (HANDLER_BUCKETS - 1))
    if (h->key[i] == p) return h->op[i];
  return -1;
}

typedef struct encoder {
  const husk_module *hm;
  handler_map handlers;
  uint32_t *type_of_canonical;  /* canonical id -> a type index of the module */
  uint32_t canonical_limit;
} encoder;

static bool encoder_init(encoder *enc, const husk_module *hm) {
  const wasm_module *m = hm->wasm;
  enc->hm = hm;
  handler_map_init(&enc->handlers, hm->engine->op_labels);
  enc->canonical_limit = 0;
  for (uint32_t i = 0; i < m->type_count; i++)
    if (m->types[i].canonical >= enc->canonical_limit) enc->canonical_limit = m->types[i].canonical + 1;
  enc->type_of_canonical = malloc((enc->canonical_limit + 1) * sizeof(uint32_t));
  if (!enc->type_of_canonical) return false;
  for (uint32_t i = 0; i < enc->canonical_limit; i++) enc->type_of_canonical[i] = UINT32_MAX;
  for (uint32_t i = m->type_count; i-- > 0;) enc->type_of_canonical[m->types[i].canonical] = i;
  return true;
}

/* An op's operand kinds (opinfo.h) without the M prefix. */
static const char *operand_kinds(int op) {
  const char *kinds = op_info[op].operands;
  return *kinds == 'M' ? kinds + 1 : kinds;
}

/* Rewrites a copy of f's code into the serialized form, the inverse of
 * link_operands below; false if the code holds something with no
 * module-relative name (never, for code that compile.c produced). */
static bool encode_code(const encoder *enc, const compiled_func *f, cell *out) {
  memcpy(out, f->code, (size_t)f->code_cells * sizeof(cell));
  for (uint32_t pc = 0; pc < f->code_cells;) {
    int op = handler_op(&enc->handlers, f->code[pc].op);
    const char *kinds = op >= 0 ? operand_kinds(op) : NULL;
    if (!kinds) return false;
    out[pc].u64 = (uint64_t)op;
    for (uint32_t h = 0; kinds[h]; h++) {
      cell *at = &out[pc + 1 + h / 2];
      if (kinds[h] == 'F') {
        const compiled_func *callee = at->ptr;
        at->u64 = (uint64_t)(callee - enc->hm->funcs);
      } else if (kinds[h] == 'T') {
        uint32_t id = at->u32[h % 2];
        if (id >= enc->canonical_limit || enc->type_of_canonical[id] == UINT32_MAX) return false;
        at->u32[h % 2] = enc->type_of_canonical[id];
      }
    }
    pc += (uint32_t)op_length(op, f->code + pc);
  }
  return true;
}

/* The frame shape of a function; the rest of it follows from the module. */
static void io_frame(stream *s, compiled_func *f) {
  io_u32(s, &f->code_cells);
  io_u32(s, &f->frame_slots);
  io_u32(s, &f->param_count);
  io_u32(s, &f->local_count);
  io_u32(s, &f->result_count);
  io_u32(s, &f->const_count);
  io_u32(s, &f->zero_from);
  io_u32(s, &f->zero_to);
}

static void write_functions(stream *s, const husk_module *hm) {
  encoder enc;
  if (!encoder_init(&enc, hm)) {
    fail(s, OUT_OF_MEMORY);
    return;
  }
  for (uint32_t i = 0; i < hm->wasm->code_count && !s->error; i++) {
    compiled_func *f = &hm->funcs[i];
    cell *code = malloc(((size_t)f->code_cells + 1) * sizeof(cell));
    if (!code) fail(s, OUT_OF_MEMORY);
    else if (!encode_code(&enc, f, code)) fail(s, MALFORMED);
    io_frame(s, f);
    io_raw(s, f->consts, (size_t)f->const_count * sizeof(uint64_t));
    io_raw(s, code, (size_t)f->code_cells * sizeof(cell));
    free(code);
  }
  free(enc.type_of_canonical);
}

/* ------------------------------------------------------------ code: reading */

/* What the checks of one function need. */
typedef struct checker {
  const husk_module *hm;
  const compiled_func *f;
  const uint8_t *starts;        /* 1 at each instruction start */
} checker;

static bool ends_flow(uint32_t op) {
  return op == OP_unreachable || op == OP_jump || op == OP_copy_jump || op_is_br_table((int)op) ||
         op_returns((int)op);
}

static bool branch_ok(const checker *c, uint32_t pc, int32_t offset) {
  int64_t target = (int64_t)pc + offset;
  return target >= 0 && target < c->f->code_cells && c->starts[target];
}

/* Checks the operands of the instruction at pc against its kinds (see
 * opinfo.h). Nothing is rewritten yet. */
static bool operands_ok(const checker *c, uint32_t op, uint32_t pc) {
  const wasm_module *m = c->hm->wasm;
  const compiled_func *f = c->f;
  const cell *code = f->code + pc;
  const char *kinds = operand_kinds((int)op);
  if (*op_info[op].operands == 'M' && m->memory_count == 0) return false;
  uint32_t callee_type = UINT32_MAX;    /* set by F, I or T; read by b */
  for (uint32_t h = 0; kinds[h]; h++) {
    if (1 + h / 2 >= op_info[op].cells) return false;   /* table and ops.h disagree */
    uint32_t v = code[1 + h / 2].u32[h % 2];
    bool ok;
    switch (kinds[h]) {
    case 's': ok = v < f->frame_slots; break;
    case 'o': ok = branch_ok(c, pc, (int32_t)v); break;
    case 'n':
      ok = true;
      for (uint64_t i = 0; ok && i <= v; i++) ok = branch_ok(c, pc, code[2 + i].s32[0]);
      break;
    case 'i': ok = true; break;
    case '0': ok = v == 0; break;
    case 'F':                           /* the whole cell: only in half A */
      ok = h % 2 == 0 && v < m->code_count;
      if (ok) callee_type = m->func_types[m->func_import_count + v];
      break;
    case 'I':
      ok = v < m->func_import_count;
      if (ok) callee_type = m->func_types[v];
      break;
    case 'T':
      ok = v < m->type_count;
      if (ok) callee_type = v;
      break;
    case 'b': {
      if (callee_type == UINT32_MAX) return false;
      const wasm_functype *t = &m->types[callee_type];
      uint32_t used = t->param_count > t->result_count ? t->param_count : t->result_count;
      ok = (uint64_t)v + used <= f->frame_slots;
      break;
    }
    case 'f': ok = v < m->func_count; break;
    case 'g': ok = v < m->global_count; break;
    case 't': ok = v < m->table_count; break;
    case 'R': ok = v < m->table_count && m->tables[v].elem == WASM_FUNCREF; break;
    case 'd': ok = v < m->data_count; break;
    case 'e': ok = v < m->elem_count; break;
    default: ok = false; break;
    }
    if (!ok) return false;
  }
  return true;
}

/* A loop op (ops.h: HUSK_MOVE_LOOPS) runs the instructions after it, which
 * must be the ones of one of its turns, sharing slots as its handler
 * assumes (their operands are checked as theirs; no op is rewritten yet). */
static bool loop_ok(const compiled_func *f, const uint8_t *starts, uint32_t op, uint32_t pc) {
  bool is_loop = false;
  for (const struct op_move_loop *l = op_move_loops; l < op_move_loops + OP_MOVE_LOOPS; l++) {
    if (op != l->loop) continue;
    is_loop = true;
    uint64_t at = (uint64_t)pc + op_info[op].cells;
    bool ok = true;
    for (uint32_t k = 1; ok && k < l->count; k++) {
      ok = at + op_info[l->turn[k]].cells <= f->code_cells && starts[at] && f->code[at].u32[0] == l->turn[k];
      at += op_info[l->turn[k]].cells;
    }
    if (ok && op_move_loop_fits((int)op, f->code + pc)) return true;
  }
  return !is_loop;
}

/* Turns the checked module-relative operands of an instruction into what
 * the interpreter reads: callee indices into pointers, type indices into
 * the engine's canonical ids. */
static void link_operands(const husk_module *hm, uint32_t op, cell *code) {
  const char *kinds = operand_kinds((int)op);
  for (uint32_t h = 0; kinds[h]; h++) {
    cell *at = &code[1 + h / 2];
    if (kinds[h] == 'F') at->ptr = &hm->funcs[at->u32[0]];
    if (kinds[h] == 'T') at->u32[h % 2] = hm->wasm->types[at->u32[h % 2]].canonical;
  }
}

/* Checks f's serialized code and turns it into runnable code in place:
 * first the instruction boundaries (so that branch targets can be checked),
 * then each instruction's operands, then the rewriting of op numbers,
 * callee indices and type indices. Code that could run off its end, or
 * whose last instruction falls through, is refused. */
static bool load_code(const husk_module *hm, const void *const *labels, compiled_func *f) {
  uint32_t n = f->code_cells;
  if (n == 0) return false;
  uint8_t *starts = calloc(n, 1);
  if (!starts) return false;
  bool ok = true;
  uint32_t last = 0;
  for (uint32_t pc = 0; ok && pc < n;) {
    const cell *c = &f->code[pc];
    uint32_t op = c->u32[0];
    ok = c->u32[1] == 0 && op < OP_COUNT && op_info[op].cells && (!op_is_br_table((int)op) || n - pc >= 2);
    uint64_t len = ok ? op_length((int)op, c) : 0;
    ok = ok && len <= n - pc;
    starts[pc] = 1;
    last = pc;
    pc += (uint32_t)len;
  }
  ok = ok && ends_flow(f->code[last].u32[0]);

  checker chk = {hm, f, starts};
  for (uint32_t pc = 0; ok && pc < n;) {
    cell *c = &f->code[pc];
    uint32_t op = c->u32[0];
    uint32_t len = (uint32_t)op_length((int)op, c);
    ok = operands_ok(&chk, op, pc) && loop_ok(f, starts, op, pc);
    if (!ok) break;
    link_operands(hm, op, c);
    c[0].op = labels[op];
    pc += len;
  }
  free(starts);
  return ok;
}

/* Reads and checks the translated functions. The frame counts must be those
 * the module implies, and the frame must hold what enter_frame writes
 * (params, zeroed locals, constants) and what a return leaves (results). */
static void read_functions(stream *s, husk_module *hm, const void *const *labels) {
  const wasm_module *m = hm->wasm;
  if (!(hm->funcs = calloc(m->code_count + 1, sizeof *hm->funcs))) {
    fail(s, OUT_OF_MEMORY);
    return;
  }
  for (uint32_t i = 0; i < m->code_count && !s->error; i++) {
    compiled_func *f = &hm->funcs[i];
    io_frame(s, f);
    uint32_t fi = m->func_import_count + i;
    const wasm_functype *t = &m->types[m->func_types[fi]];
    uint64_t fixed = (uint64_t)f->param_count + f->local_count + f->const_count;
    if (f->param_count != t->param_count || f->result_count != t->result_count ||
        f->local_count != m->codes[i].local_count || fixed > f->frame_slots ||
        f->result_count > f->frame_slots ||
        f->zero_from > f->zero_to || f->zero_to > f->local_count)
      fail(s, MALFORMED);
    f->func_index = fi;
    f->type_id = t->canonical;
    f->name = m->func_names ? m->func_names[fi] : NULL;
    f->consts = take(s, (uint64_t)f->const_count * sizeof(uint64_t), 0);
    f->code = take(s, (uint64_t)f->code_cells * sizeof(cell), 0);
    if (!s->error && !load_code(hm, labels, f)) fail(s, MALFORMED);
  }
}

/* ------------------------------------------------------------ entry points */

static void io_header(stream *s) {
  uint32_t magic = MAGIC, version = SERIALIZE_FORMAT_VERSION;
  io_u32(s, &magic);
  io_u32(s, &version);
  if (magic != MAGIC || version != SERIALIZE_FORMAT_VERSION) fail(s, MALFORMED);
}

bool module_serialize_to(const husk_module *hm, const serial_sink *sink, bool with_bytes) {
  stream s = {.reading = false, .sink = sink, .window = malloc(WINDOW), .with_bytes = with_bytes};
  if (!s.window) return false;
  io_header(&s);
  io_module(&s, hm->wasm);
  write_functions(&s, hm);
  flush(&s);
  free(s.window);
  return !s.error;
}

/* The in-memory sink: a growing buffer. */
typedef struct buffer { uint8_t *data; size_t len, cap; } buffer;

static bool buffer_write(void *ctx, const uint8_t *data, size_t size) {
  buffer *b = ctx;
  if (b->len + size > b->cap) {
    size_t cap = b->cap ? b->cap : WINDOW;
    while (cap < b->len + size) cap *= 2;
    uint8_t *bigger = realloc(b->data, cap);
    if (!bigger) return false;
    b->data = bigger;
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, size);
  b->len += size;
  return true;
}

uint8_t *module_serialize(const husk_module *hm, size_t *size) {
  buffer b = {0};
  serial_sink sink = {buffer_write, &b};
  if (!module_serialize_to(hm, &sink, true)) {
    free(b.data);
    return NULL;
  }
  *size = b.len;
  return b.data;
}

/* Reads a whole serialized module from s (set up for reading). */
static const char *deserialize(husk_engine *e, stream *s, husk_module **out) {
  *out = NULL;
  husk_module *hm = calloc(1, sizeof *hm);
  wasm_module *m = calloc(1, sizeof *m);
  if (!hm || !m) {
    free(hm);
    free(m);
    return OUT_OF_MEMORY;
  }
  hm->engine = e;
  hm->wasm = m;
  io_header(s);
  io_module(s, m);
  if (!s->error && !imports_agree(m)) fail(s, MALFORMED);
  if (!s->error) {
    char *msg = validate_module(m);
    if (msg) fail(s, MALFORMED);
    free(msg);
  }
  if (!s->error && !types_intern_module(&e->types, m)) fail(s, OUT_OF_MEMORY);
  if (!s->error) read_functions(s, hm, e->op_labels);
  if (!s->error && left(s) != 0) fail(s, MALFORMED);
  if (!s->error) {
    husk_error *err = module_describe(hm);
    if (err) fail(s, OUT_OF_MEMORY);
    husk_error_delete(err);
  }
  if (s->error) {
    husk_module_delete(hm);
    return s->error;
  }
  *out = hm;
  return NULL;
}

const char *module_deserialize_from(husk_engine *e, const serial_source *source,
                                    const uint8_t *bytes, size_t size, husk_module **out) {
  *out = NULL;
  stream s = {.reading = true, .source = source, .rest = source->size, .window = malloc(WINDOW),
              .given = bytes, .given_size = size};
  if (!s.window) return OUT_OF_MEMORY;
  const char *msg = deserialize(e, &s, out);
  free(s.window);
  return msg;
}

const char *module_deserialize(husk_engine *e, const uint8_t *data, size_t size,
                               husk_module **out) {
  stream s = {.reading = true, .p = data, .end = data + size};   /* no source: rest 0 */
  return deserialize(e, &s, out);
}
