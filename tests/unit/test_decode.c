/*
 * test_decode.c - the binary decoder (wasm/decode.c) on hand-written modules:
 * decoded fields of valid ones, error messages of malformed ones, and clean
 * failure on every truncation of a valid module.
 */
#include "../common/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm/module.h"

#define HEADER 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00
#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

/* Decodes a module that must be well-formed; NULL (and a failure) if not. */
static wasm_module *decode_ok(int line, const uint8_t *bytes, size_t size) {
  wasm_module *m = (wasm_module *)1;
  char *err = wasm_decode(bytes, size, &m);
  CHECK(!err && m, "line %d: decode failed: %s", line, err ? err : "(no module)");
  free(err);
  return m;
}

/* Decodes a module that must be malformed, with a message starting with
 * `want` (compared as the spec test runner does) and ending with the offset. */
static void decode_fails(int line, const char *want, const uint8_t *bytes, size_t size) {
  wasm_module *m = (wasm_module *)1;
  char *err = wasm_decode(bytes, size, &m);
  CHECK(m == NULL, "line %d: *out not cleared on failure", line);
  if (!err) {
    CHECK(0, "line %d: decoded, want \"%s\"", line, want);
    wasm_module_free(m);
    return;
  }
  size_t n = strlen(want);
  const char *at = strstr(err, " at offset 0x");
  bool offset_ok = at && at >= err + n && at[13] != '\0' &&
                   strspn(at + 13, "0123456789abcdef") == strlen(at + 13);
  CHECK(strncmp(err, want, n) == 0 && offset_ok,
        "line %d: got \"%s\", want \"%s... at offset 0x...\"", line, err, want);
  free(err);
}

#define DECODE_OK(...) decode_ok(__LINE__, BYTES(__VA_ARGS__))
#define FAILS(want, ...) decode_fails(__LINE__, want, BYTES(__VA_ARGS__))

/* ------------------------------------------------------------ valid modules */

/* Types, imports of every kind, definitions, exports, start, an element and
 * data segments, locals, and a name section. */
static const uint8_t rich[] = {
  HEADER,
  /* type: (i32 i64) -> (f32 f64); () -> () */
  0x01, 0x0b, 0x02, 0x60, 0x02, 0x7f, 0x7e, 0x02, 0x7d, 0x7c, 0x60, 0x00, 0x00,
  /* import: func env.f (type 1), table env.t funcref {1}, memory env.m {1, 2},
   * global env.g (mut i32) */
  0x02, 0x26, 0x04,
  0x03, 'e', 'n', 'v', 0x01, 'f', 0x00, 0x01,
  0x03, 'e', 'n', 'v', 0x01, 't', 0x01, 0x70, 0x00, 0x01,
  0x03, 'e', 'n', 'v', 0x01, 'm', 0x02, 0x01, 0x01, 0x02,
  0x03, 'e', 'n', 'v', 0x01, 'g', 0x03, 0x7f, 0x01,
  /* function: types 0, 1 */
  0x03, 0x03, 0x02, 0x00, 0x01,
  /* table: externref {0, 10} */
  0x04, 0x05, 0x01, 0x6f, 0x01, 0x00, 0x0a,
  /* global: i64 = i64.const -1 (init at offset 78); funcref = ref.func 2 (83) */
  0x06, 0x0b, 0x02, 0x7e, 0x00, 0x42, 0x7f, 0x0b, 0x70, 0x00, 0xd2, 0x02, 0x0b,
  /* export: "run" func 1, "mem" memory 0 */
  0x07, 0x0d, 0x02, 0x03, 'r', 'u', 'n', 0x00, 0x01, 0x03, 'm', 'e', 'm', 0x02, 0x00,
  /* start: func 0 */
  0x08, 0x01, 0x00,
  /* element: form 0, offset i32.const 0, funcs [1] */
  0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x01,
  /* data count: 2 */
  0x0c, 0x01, 0x02,
  /* code: locals 3 x i32, 1 x f64, body "unreachable end" (at 125);
   * no locals, body "nop end" (at 129) */
  0x0a, 0x0d, 0x02, 0x07, 0x02, 0x03, 0x7f, 0x01, 0x7c, 0x00, 0x0b, 0x03, 0x00, 0x01, 0x0b,
  /* data: active, offset i32.const 16, "abc"; passive "xy" */
  0x0b, 0x0d, 0x02, 0x00, 0x41, 0x10, 0x0b, 0x03, 'a', 'b', 'c', 0x01, 0x02, 'x', 'y',
  /* custom "name": module "mod"; functions 1 "run", 2 "nop" */
  0x00, 0x18, 0x04, 'n', 'a', 'm', 'e',
  0x00, 0x04, 0x03, 'm', 'o', 'd',
  0x01, 0x0b, 0x02, 0x01, 0x03, 'r', 'u', 'n', 0x02, 0x03, 'n', 'o', 'p',
};

static bool declared(const wasm_module *m, uint32_t f) {
  return m->func_declared[f / 8] & (1u << (f % 8));
}

static bool bytes_are(const wasm_module *m, const uint8_t *p, uint32_t size, const char *want, size_t n) {
  return p && size == n && memcmp(p, want, n) == 0 && p >= m->bytes && p + size <= m->bytes + m->size;
}
#define BYTES_ARE(m, p, size, lit) bytes_are(m, p, size, lit, sizeof(lit) - 1)

static void test_rich_module(void) {
  wasm_module *m = decode_ok(__LINE__, rich, sizeof rich);
  if (!m) return;
  CHECK(m->size == sizeof rich && memcmp(m->bytes, rich, sizeof rich) == 0, "bytes are copied");
  CHECK(m->bytes != rich, "the module owns its copy");

  CHECK(m->type_count == 2, "type count %u", m->type_count);
  const wasm_functype *t0 = &m->types[0];
  CHECK(t0->param_count == 2 && t0->result_count == 2, "multi-value type");
  CHECK(wasm_functype_params(t0)[0] == WASM_I32 && wasm_functype_params(t0)[1] == WASM_I64 &&
        wasm_functype_results(t0)[0] == WASM_F32 && wasm_functype_results(t0)[1] == WASM_F64,
        "type 0 value types");
  CHECK(m->types[1].param_count == 0 && m->types[1].result_count == 0, "empty type");
  CHECK(t0->canonical == 0, "canonical left to the engine");

  CHECK(m->import_count == 4, "import count %u", m->import_count);
  CHECK(strcmp(m->imports[0].module, "env") == 0 && strcmp(m->imports[0].name, "f") == 0 &&
        m->imports[0].kind == HUSK_EXTERN_FUNC && m->imports[0].desc.func_type == 1, "import 0");
  CHECK(m->imports[1].kind == HUSK_EXTERN_TABLE && m->imports[1].desc.table.elem == WASM_FUNCREF &&
        m->imports[1].desc.table.limits.min == 1 && !m->imports[1].desc.table.limits.has_max, "import 1");
  CHECK(m->imports[2].kind == HUSK_EXTERN_MEMORY && m->imports[2].desc.memory.min == 1 &&
        m->imports[2].desc.memory.has_max && m->imports[2].desc.memory.max == 2, "import 2");
  CHECK(m->imports[3].kind == HUSK_EXTERN_GLOBAL && m->imports[3].desc.global.type == WASM_I32 &&
        m->imports[3].desc.global.mutable_, "import 3");

  /* Index spaces: imports first. */
  CHECK(m->func_count == 3 && m->func_import_count == 1, "functions %u/%u", m->func_count, m->func_import_count);
  CHECK(m->func_types[0] == 1 && m->func_types[1] == 0 && m->func_types[2] == 1, "function types");
  CHECK(m->table_count == 2 && m->table_import_count == 1, "tables");
  CHECK(m->tables[0].elem == WASM_FUNCREF && m->tables[1].elem == WASM_EXTERNREF &&
        m->tables[1].limits.min == 0 && m->tables[1].limits.has_max && m->tables[1].limits.max == 10,
        "table types");
  CHECK(m->memory_count == 1 && m->memory_import_count == 1 && m->memories[0].max == 2, "memories");
  CHECK(m->global_count == 3 && m->global_import_count == 1, "globals");
  CHECK(m->globals[0].init.code == NULL && m->globals[0].type.mutable_, "imported global");
  CHECK(m->globals[1].type.type == WASM_I64 && !m->globals[1].type.mutable_, "global 1 type");
  CHECK(BYTES_ARE(m, m->globals[1].init.code, m->globals[1].init.size, "\x42\x7f") &&
        m->globals[1].init.offset == 78 && m->globals[1].init.code == m->bytes + 78,
        "global 1 init (offset %u)", m->globals[1].init.offset);
  CHECK(m->globals[2].type.type == WASM_FUNCREF &&
        BYTES_ARE(m, m->globals[2].init.code, m->globals[2].init.size, "\xd2\x02") &&
        m->globals[2].init.offset == 83, "global 2 init");

  CHECK(m->export_count == 2 && strcmp(m->exports[0].name, "run") == 0 &&
        m->exports[0].kind == HUSK_EXTERN_FUNC && m->exports[0].index == 1 &&
        strcmp(m->exports[1].name, "mem") == 0 && m->exports[1].kind == HUSK_EXTERN_MEMORY, "exports");
  CHECK(m->has_start && m->start == 0, "start");

  CHECK(m->elem_count == 1, "elem count");
  const wasm_elem *e = &m->elems[0];
  CHECK(e->mode == WASM_SEG_ACTIVE && e->type == WASM_FUNCREF && e->table == 0 && e->count == 1 &&
        e->func_indices && e->func_indices[0] == 1 && !e->exprs, "element segment");
  CHECK(BYTES_ARE(m, e->offset.code, e->offset.size, "\x41\x00"), "element offset");

  CHECK(m->has_data_count && m->data_count_section == 2, "data count");
  CHECK(m->code_count == 2, "code count");
  const wasm_code *c = &m->codes[0];
  CHECK(c->local_count == 4 && c->local_run_count == 2 && c->local_runs[0].count == 3 &&
        c->local_runs[0].type == WASM_I32 && c->local_runs[1].count == 1 &&
        c->local_runs[1].type == WASM_F64, "locals");
  CHECK(BYTES_ARE(m, c->body, c->body_size, "\x00\x0b") && c->body_offset == 125 &&
        c->body == m->bytes + 125, "body 0 (offset %u)", c->body_offset);
  CHECK(m->codes[1].local_count == 0 && BYTES_ARE(m, m->codes[1].body, m->codes[1].body_size, "\x01\x0b") &&
        m->codes[1].body_offset == 129, "body 1");

  CHECK(m->data_count == 2, "data segments");
  CHECK(m->datas[0].mode == WASM_SEG_ACTIVE && m->datas[0].memory == 0 &&
        BYTES_ARE(m, m->datas[0].offset.code, m->datas[0].offset.size, "\x41\x10") &&
        BYTES_ARE(m, m->datas[0].bytes, m->datas[0].size, "abc"), "data 0");
  CHECK(m->datas[1].mode == WASM_SEG_PASSIVE && BYTES_ARE(m, m->datas[1].bytes, m->datas[1].size, "xy"),
        "data 1");

  CHECK(m->custom_count == 1 && strcmp(m->customs[0].name, "name") == 0 && m->customs[0].size == 19 &&
        m->customs[0].data == m->bytes + sizeof rich - 19, "custom section");
  CHECK(m->module_name && strcmp(m->module_name, "mod") == 0, "module name");
  CHECK(m->func_names && !m->func_names[0] && strcmp(m->func_names[1], "run") == 0 &&
        strcmp(m->func_names[2], "nop") == 0, "function names");

  /* Exported 1, element 1, ref.func 2 in a global; not 0. */
  CHECK(!declared(m, 0) && declared(m, 1) && declared(m, 2), "declared functions");
  wasm_module_free(m);
}

/* The eight element segment forms. */
static void test_element_forms(void) {
  wasm_module *m = DECODE_OK(
    HEADER,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                     /* type () -> () */
    0x03, 0x06, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,         /* 5 functions */
    0x04, 0x07, 0x02, 0x70, 0x00, 0x01, 0x70, 0x00, 0x05,   /* 2 funcref tables */
    0x09, 0x39, 0x08,
    0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,                     /* 0: offset 0, [0] */
    0x01, 0x00, 0x02, 0x00, 0x01,                           /* 1: passive, [0, 1] */
    0x02, 0x01, 0x41, 0x02, 0x0b, 0x00, 0x01, 0x01,         /* 2: table 1, offset 2, [1] */
    0x03, 0x00, 0x01, 0x02,                                 /* 3: declarative, [2] */
    0x04, 0x41, 0x03, 0x0b, 0x01, 0xd2, 0x00, 0x0b,         /* 4: offset 3, [ref.func 0] */
    0x05, 0x6f, 0x02, 0xd0, 0x6f, 0x0b, 0xd0, 0x6f, 0x0b,   /* 5: passive externref, 2 nulls */
    0x06, 0x01, 0x41, 0x04, 0x0b, 0x70, 0x01, 0xd0, 0x70, 0x0b, /* 6: table 1, offset 4 */
    0x07, 0x70, 0x01, 0xd2, 0x03, 0x0b,                     /* 7: declarative [ref.func 3] */
    0x0a, 0x10, 0x05, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b,
    0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b);
  if (!m) return;
  CHECK(m->elem_count == 8, "elem count %u", m->elem_count);
  static const uint8_t modes[8] = {
    WASM_SEG_ACTIVE, WASM_SEG_PASSIVE, WASM_SEG_ACTIVE, WASM_SEG_DECLARATIVE,
    WASM_SEG_ACTIVE, WASM_SEG_PASSIVE, WASM_SEG_ACTIVE, WASM_SEG_DECLARATIVE,
  };
  static const uint32_t tables[8] = {0, 0, 1, 0, 0, 0, 1, 0};
  static const uint32_t counts[8] = {1, 2, 1, 1, 1, 2, 1, 1};
  for (int i = 0; i < 8 && i < (int)m->elem_count; i++) {
    const wasm_elem *e = &m->elems[i];
    CHECK(e->mode == modes[i] && e->table == tables[i] && e->count == counts[i],
          "form %d: mode %u table %u count %u", i, e->mode, e->table, e->count);
    CHECK(i < 4 ? (e->func_indices && !e->exprs) : (e->exprs && !e->func_indices), "form %d items", i);
    CHECK(e->type == (i == 5 ? WASM_EXTERNREF : WASM_FUNCREF), "form %d type", i);
    CHECK((e->mode == WASM_SEG_ACTIVE) == (e->offset.code != NULL), "form %d offset", i);
  }
  CHECK(m->elems[1].func_indices[1] == 1, "form 1 indices");
  CHECK(BYTES_ARE(m, m->elems[2].offset.code, m->elems[2].offset.size, "\x41\x02"), "form 2 offset");
  CHECK(BYTES_ARE(m, m->elems[4].exprs[0].code, m->elems[4].exprs[0].size, "\xd2\x00"), "form 4 item");
  CHECK(BYTES_ARE(m, m->elems[5].exprs[1].code, m->elems[5].exprs[1].size, "\xd0\x6f"), "form 5 item");
  CHECK(declared(m, 0) && declared(m, 1) && declared(m, 2) && declared(m, 3) && !declared(m, 4),
        "declared functions");
  wasm_module_free(m);
}

static void test_small_valid(void) {
  wasm_module *m = DECODE_OK(HEADER);
  if (m) {
    CHECK(m->type_count == 0 && m->func_count == 0 && !m->has_start && !m->has_data_count &&
          m->custom_count == 0 && !m->module_name && !m->func_names, "empty module");
    CHECK(m->func_declared != NULL, "func_declared exists even with no functions");
    wasm_module_free(m);
  }

  /* Names may hold any valid UTF-8, including NUL (the copy is cut there). */
  m = DECODE_OK(HEADER,
    0x02, 0x18, 0x02,
    0x03, 'a', 0x00, 'b', 0x01, 'x', 0x02, 0x00, 0x00,           /* "a\0b"."x" memory {0} */
    0x09, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9d, 0x84, 0x9e,  /* "é€𝄞" */
    0x00, 0x03, 0x7e, 0x00);                                     /* "" global i64 */
  if (m) {
    CHECK(strcmp(m->imports[0].module, "a") == 0, "name with NUL is cut");
    CHECK(strcmp(m->imports[1].module, "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e") == 0 &&
          m->imports[1].name[0] == '\0', "multi-byte and empty names");
    CHECK(m->memory_count == 1 && m->global_count == 1 && m->globals[0].init.code == NULL, "spaces");
    wasm_module_free(m);
  }

  /* Custom sections anywhere, with empty payloads; a malformed name section
   * (truncated subsection) is ignored but kept as a custom section. */
  m = DECODE_OK(HEADER,
    0x00, 0x01, 0x00,                                        /* custom "" */
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
    0x00, 0x09, 0x04, 'n', 'a', 'm', 'e', 0x00, 0x05, 0x03, 'm');
  if (m) {
    CHECK(m->custom_count == 2 && m->customs[0].name[0] == '\0' && m->customs[0].size == 0 &&
          strcmp(m->customs[1].name, "name") == 0 && m->customs[1].size == 4, "customs");
    CHECK(!m->module_name && !m->func_names, "malformed name section ignored");
    wasm_module_free(m);
  }

  /* Constant expressions that are not constant are framed, not judged:
   * validation rejects them. Here: nop, i32.add, a block with its own end. */
  m = DECODE_OK(HEADER,
    0x06, 0x0d, 0x01, 0x7f, 0x00,
    0x01, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x02, 0x40, 0x0b, 0x0b);
  if (m) {
    CHECK(m->global_count == 1 && m->globals[0].init.size == 9 && m->globals[0].init.offset == 13,
          "framed expression: size %u", m->globals[0].init.size);
    wasm_module_free(m);
  }

  /* Exactly 50000 locals is allowed; bodies may hold more after an end byte. */
  m = DECODE_OK(HEADER,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
    0x0a, 0x0a, 0x01, 0x08, 0x02, 0xd0, 0x86, 0x03, 0x7f, 0x00, 0x7d, 0x0b);
  if (m) {
    CHECK(m->codes[0].local_count == 50000, "locals %u", m->codes[0].local_count);
    wasm_module_free(m);
  }
}

/* ------------------------------------------------------------ malformed modules */

static void test_header(void) {
  decode_fails(__LINE__, "unexpected end", (const uint8_t *)"", 0);
  FAILS("unexpected end", 0x00, 0x61, 0x73);
  FAILS("magic header not detected", 0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00);
  FAILS("magic header not detected", 'w', 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00);
  FAILS("unexpected end", 0x00, 0x61, 0x73, 0x6d, 0x01);
  FAILS("unknown binary version", 0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00);
  FAILS("unknown binary version", 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x01);
}

static void test_sections(void) {
  FAILS("malformed section id", HEADER, 0x0d, 0x00);
  FAILS("malformed section id", HEADER, 0x80, 0x00, 0x01, 0x00);
  /* Function before type, two type sections, data count after code. */
  FAILS("unexpected content after last section", HEADER,
        0x03, 0x01, 0x00, 0x01, 0x01, 0x00);
  FAILS("unexpected content after last section", HEADER,
        0x01, 0x01, 0x00, 0x01, 0x01, 0x00);
  FAILS("unexpected content after last section", HEADER,
        0x0a, 0x01, 0x00, 0x0c, 0x01, 0x00);
  /* Type section declaring 5 bytes, holding 4; declaring 3 and holding 4. */
  FAILS("section size mismatch", HEADER, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00);
  FAILS("section size mismatch", HEADER, 0x01, 0x03, 0x01, 0x60, 0x00, 0x00);
  FAILS("length out of bounds", HEADER, 0x01, 0x07, 0x01, 0x60, 0x00, 0x00);
  FAILS("length out of bounds", HEADER, 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  /* 0xffffffff types in a 20-byte file: rejected before any allocation. */
  FAILS("length out of bounds", HEADER,
        0x01, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x60, 0x00, 0x00, 0x60, 0x00);
  FAILS("unexpected end", HEADER, 0x01, 0x06, 0x05, 0x60, 0x00, 0x00, 0x60, 0x00);
  /* A custom section whose name runs past its size. */
  FAILS("unexpected end", HEADER, 0x00, 0x01, 0x03, 'a', 'b', 'c');
}

static void test_utf8(void) {
  /* Export names (one export of memory 0). */
#define NAME2(a, b) FAILS("malformed UTF-8 encoding", HEADER, 0x05, 0x03, 0x01, 0x00, 0x00, \
                          0x07, 0x06, 0x01, 0x02, a, b, 0x02, 0x00)
#define NAME3(a, b, c) FAILS("malformed UTF-8 encoding", HEADER, 0x05, 0x03, 0x01, 0x00, 0x00, \
                             0x07, 0x07, 0x01, 0x03, a, b, c, 0x02, 0x00)
  NAME2(0xc0, 0x80);         /* overlong NUL */
  NAME2(0xc1, 0xbf);         /* overlong */
  NAME2(0x80, 'a');          /* lone continuation byte */
  NAME2('a', 0xc3);          /* truncated 2-byte sequence */
  NAME2(0xc3, 'a');          /* bad continuation */
  NAME3(0xe0, 0x9f, 0xbf);   /* overlong 3-byte */
  NAME3(0xed, 0xa0, 0x80);   /* surrogate U+D800 */
  NAME3(0xed, 0xbf, 0xbf);   /* surrogate U+DFFF */
  NAME3(0xe2, 0x82, 'a');
  NAME3(0xf0, 0x9d, 0x84);   /* truncated 4-byte */
  NAME2(0xf5, 0x80);
  NAME2(0xff, 0x80);
#undef NAME2
#undef NAME3
  FAILS("malformed UTF-8 encoding", HEADER,                    /* above U+10FFFF */
        0x02, 0x0a, 0x01, 0x04, 0xf4, 0x90, 0x80, 0x80, 0x00, 0x02, 0x00, 0x00);
  FAILS("malformed UTF-8 encoding", HEADER,                    /* overlong 4-byte */
        0x02, 0x0a, 0x01, 0x00, 0x04, 0xf0, 0x8f, 0xbf, 0xbf, 0x02, 0x00, 0x00);
  FAILS("malformed UTF-8 encoding", HEADER, 0x00, 0x02, 0x01, 0xe9);   /* custom name */
}

static void test_types_and_imports(void) {
  FAILS("malformed function type", HEADER, 0x01, 0x04, 0x01, 0x61, 0x00, 0x00);
  FAILS("integer representation too long", HEADER, 0x01, 0x05, 0x01, 0xe0, 0x7f, 0x00, 0x00);
  FAILS("malformed reference type", HEADER, 0x01, 0x05, 0x01, 0x60, 0x01, 0x40, 0x00);
  FAILS("unsupported value type v128", HEADER, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b);
  FAILS("malformed import kind", HEADER, 0x02, 0x05, 0x01, 0x00, 0x00, 0x04, 0x00);
  FAILS("malformed import kind", HEADER, 0x02, 0x05, 0x01, 0x00, 0x00, 0x80, 0x00);
  FAILS("malformed mutability", HEADER, 0x02, 0x06, 0x01, 0x00, 0x00, 0x03, 0x7f, 0x02);
  FAILS("malformed mutability", HEADER, 0x06, 0x06, 0x01, 0x7f, 0xff, 0x41, 0x00, 0x0b);
  FAILS("malformed reference type", HEADER, 0x04, 0x04, 0x01, 0x7f, 0x00, 0x00);
  FAILS("integer too large", HEADER, 0x05, 0x04, 0x01, 0x02, 0x00, 0x00);        /* limits flags */
  FAILS("integer representation too long", HEADER, 0x05, 0x05, 0x01, 0x80, 0x00, 0x00, 0x00);
  FAILS("integer too large", HEADER, 0x05, 0x07, 0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x10);
  FAILS("malformed export kind", HEADER, 0x07, 0x05, 0x01, 0x01, 'a', 0x04, 0x00);
}

static void test_segments(void) {
  /* Element kind other than 0x00, segment forms 8 and 0xffffffff. */
  FAILS("malformed element kind", HEADER, 0x09, 0x04, 0x01, 0x01, 0x01, 0x00);
  FAILS("malformed elements segment kind", HEADER, 0x09, 0x03, 0x01, 0x08, 0x00);
  FAILS("malformed elements segment kind", HEADER,
        0x09, 0x07, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00);
  FAILS("malformed reference type", HEADER, 0x09, 0x07, 0x01, 0x05, 0x7f, 0x01, 0xd2, 0x00, 0x0b);
  FAILS("illegal opcode", HEADER, 0x09, 0x07, 0x01, 0x05, 0x70, 0x01, 0xf3, 0x00, 0x0b);
  FAILS("malformed data segment kind", HEADER, 0x0b, 0x03, 0x01, 0x03, 0x00);
  /* Constant expressions: missing end, else outside an if, illegal opcodes. */
  FAILS("unexpected end", HEADER, 0x06, 0x04, 0x01, 0x7f, 0x00, 0x41);
  FAILS("unexpected end", HEADER, 0x06, 0x05, 0x01, 0x7f, 0x00, 0x41, 0x00);
  FAILS("END opcode expected", HEADER, 0x06, 0x06, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x05);
  FAILS("illegal opcode", HEADER, 0x06, 0x05, 0x01, 0x7f, 0x00, 0x06, 0x0b);
  FAILS("illegal opcode", HEADER, 0x06, 0x06, 0x01, 0x7f, 0x00, 0xfc, 0x12, 0x0b);
  FAILS("zero byte expected", HEADER, 0x06, 0x06, 0x01, 0x7f, 0x00, 0x3f, 0x01, 0x0b);
  /* Data string longer than what is left. */
  FAILS("unexpected end", HEADER, 0x0b, 0x09, 0x01, 0x01, 0x07, 'a', 'b', 'c', 'd', 'e', 'f');
  FAILS("length out of bounds", HEADER, 0x0b, 0x09, 0x01, 0x01, 0x09, 'a', 'b', 'c', 'd', 'e', 'f');
  /* Data count against data section. */
  FAILS("data count and data section have inconsistent lengths", HEADER,
        0x0c, 0x01, 0x01, 0x0b, 0x01, 0x00);
  FAILS("data count and data section have inconsistent lengths", HEADER, 0x0c, 0x01, 0x01);
  FAILS("data count and data section have inconsistent lengths", HEADER,
        0x0c, 0x01, 0x00, 0x0b, 0x04, 0x01, 0x01, 0x01, 'z');
}

static void test_code(void) {
#define TYPE_AND_FUNC 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00
  FAILS("function and code section have inconsistent lengths", HEADER, TYPE_AND_FUNC);
  FAILS("function and code section have inconsistent lengths", HEADER,
        0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b);
  FAILS("function and code section have inconsistent lengths", HEADER, TYPE_AND_FUNC,
        0x0a, 0x07, 0x02, 0x02, 0x00, 0x0b, 0x02, 0x00, 0x0b);
  /* 50001 locals; 0xffffffff + 2 locals (the sum overflows 32 bits). */
  FAILS("too many locals", HEADER, TYPE_AND_FUNC,
        0x0a, 0x0a, 0x01, 0x08, 0x02, 0xd0, 0x86, 0x03, 0x7f, 0x01, 0x7d, 0x0b);
  FAILS("too many locals", HEADER, TYPE_AND_FUNC,
        0x0a, 0x0c, 0x01, 0x0a, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x02, 0x7e, 0x0b);
  FAILS("malformed reference type", HEADER, TYPE_AND_FUNC,
        0x0a, 0x07, 0x01, 0x05, 0x01, 0x01, 0x00, 0x01, 0x0b);
  /* Bodies that do not end with end: at the end of the file, followed by
   * another byte, followed by an end byte (the entry size is then wrong). */
  FAILS("unexpected end of section or function", HEADER, TYPE_AND_FUNC,
        0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1a);
  FAILS("END opcode expected", HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x03, 0x03, 0x02, 0x00, 0x00,
        0x0a, 0x0c, 0x02, 0x04, 0x00, 0x41, 0x01, 0x1a, 0x05, 0x00, 0x41, 0x01, 0x1a, 0x0b);
  FAILS("section size mismatch", HEADER, TYPE_AND_FUNC,
        0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x01, 0x1a, 0x0b, 0x03, 0x01, 0x01, 0x00);
  FAILS("unexpected end", HEADER, TYPE_AND_FUNC, 0x0a, 0x03, 0x01, 0x01, 0x00);   /* no body */
  FAILS("unexpected end", HEADER, TYPE_AND_FUNC, 0x0a, 0x04, 0x01, 0x03, 0x00, 0x0b);
  FAILS("length out of bounds", HEADER, TYPE_AND_FUNC, 0x0a, 0x04, 0x01, 0x06, 0x00, 0x0b);
#undef TYPE_AND_FUNC
}

/* Every strict prefix of the rich module is decoded without crashing (the
 * sanitizers watch reads); it is malformed unless it stops exactly between
 * two sections, where it may or may not be (e.g. functions without code). */
static void test_truncations(void) {
  bool boundary[sizeof rich + 1] = {false};
  boundary[8] = true;
  for (size_t p = 8; p < sizeof rich;) {
    size_t size = 0;
    unsigned shift = 0;
    p++;                                   /* section id */
    while (rich[p] & 0x80) size |= (size_t)(rich[p++] & 0x7f) << shift, shift += 7;
    size |= (size_t)rich[p++] << shift;
    p += size;
    boundary[p] = true;
  }
  for (size_t len = 0; len < sizeof rich; len++) {
    uint8_t *copy = malloc(len ? len : 1);   /* exactly len bytes, for the sanitizers */
    memcpy(copy, rich, len);
    wasm_module *m = NULL;
    char *err = wasm_decode(copy, len, &m);
    CHECK(!err == !!m, "length %zu: error and module disagree", len);
    CHECK(err || boundary[len], "length %zu: a cut section was accepted", len);
    free(err);
    wasm_module_free(m);
    free(copy);
  }
}

int main(void) {
  wasm_module_free(NULL);
  test_rich_module();
  test_element_forms();
  test_small_valid();
  test_header();
  test_sections();
  test_utf8();
  test_types_and_imports();
  test_segments();
  test_code();
  test_truncations();
  if (failures) {
    printf("test_decode: %d failure(s)\n", failures);
    return 1;
  }
  printf("test_decode: all passed\n");
  return 0;
}
