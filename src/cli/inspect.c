/*
 * inspect.c - `husk inspect [--bytecode] FILE.wasm`: the module's sections,
 * imports, exports and custom sections; with --bytecode, the translated
 * code of every function instead.
 *
 * The section list comes from reading the raw headers here rather than from
 * the engine: it shows what is in the file even when the engine rejects the
 * module, and it does not depend on the decoder's internals.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"

static const char *const section_names[] = {
  "custom", "type", "import", "function", "table", "memory", "global",
  "export", "start", "element", "code", "data", "datacount",
};
#define SECTION_NAME_COUNT (sizeof section_names / sizeof section_names[0])

typedef struct reader {
  const uint8_t *p, *end;
} reader;

/* An unsigned LEB128 of at most 5 bytes. Overlong or out-of-range encodings
 * are the decoder's business; here they only need to not run off the end. */
static bool read_u32(reader *r, uint32_t *out) {
  uint32_t value = 0;
  for (unsigned shift = 0; shift < 35; shift += 7) {
    if (r->p == r->end) return false;
    uint8_t byte = *r->p++;
    value |= (uint32_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *out = value;
      return true;
    }
  }
  return false;
}

/* Names are UTF-8 and shown as such; only control bytes are escaped. */
static void print_name(const uint8_t *name, size_t len) {
  putchar('"');
  for (size_t i = 0; i < len; i++) {
    if (name[i] < 0x20 || name[i] == 0x7f || name[i] == '"' || name[i] == '\\')
      printf("\\%02x", name[i]);
    else
      putchar(name[i]);
  }
  putchar('"');
}

/* Lists the section headers; false when they are malformed. */
static bool print_sections(const char *path, const uint8_t *bytes, size_t size) {
  if (size < 8 || memcmp(bytes, "\0asm", 4) != 0) {
    cli_error("%s: not a WebAssembly binary (no \\0asm header)", path);
    return false;
  }
  uint32_t version = bytes[4] | bytes[5] << 8 | bytes[6] << 16 | (uint32_t)bytes[7] << 24;
  printf("%s: %zu bytes, version %u\n", path, size, version);
  printf("sections:\n  %3s  %-10s %-10s %10s\n", "id", "name", "start", "size");

  reader r = {bytes + 8, bytes + size};
  while (r.p < r.end) {
    size_t header = (size_t)(r.p - bytes);
    uint8_t id = *r.p++;
    uint32_t len;
    if (!read_u32(&r, &len) || len > (size_t)(r.end - r.p)) {
      cli_error("%s: section header at offset 0x%zx runs past the end of the file",
                path, header);
      return false;
    }
    printf("  %3u  %-10s 0x%08zx %10u", id,
           id < SECTION_NAME_COUNT ? section_names[id] : "unknown",
           (size_t)(r.p - bytes), len);
    if (id == 0) {
      reader name = {r.p, r.p + len};
      uint32_t name_len;
      if (read_u32(&name, &name_len) && name_len <= (size_t)(name.end - name.p)) {
        putchar(' ');
        print_name(name.p, name_len);
      }
    }
    putchar('\n');
    r.p += len;
  }
  return true;
}

static void print_limits(const husk_limits *limits) {
  if (limits->has_max)
    printf("{min %u, max %u}", limits->min, limits->max);
  else
    printf("{min %u}", limits->min);
}

static void print_externtype(const husk_externtype *type) {
  switch (type->kind) {
  case HUSK_EXTERN_FUNC:
    fputs("func ", stdout);
    args_print_functype(stdout, &type->func);
    break;
  case HUSK_EXTERN_TABLE:
    printf("table %s ", husk_valkind_name(type->table.elem));
    print_limits(&type->table.limits);
    break;
  case HUSK_EXTERN_MEMORY:
    fputs("memory ", stdout);
    print_limits(&type->memory);
    break;
  case HUSK_EXTERN_GLOBAL:
    printf("global %s%s", type->global.mutable_ ? "mut " : "",
           husk_valkind_name(type->global.type));
    break;
  }
}

static void print_module(const husk_module *module) {
  size_t count = husk_module_import_count(module);
  printf("imports (%zu):\n", count);
  for (size_t i = 0; i < count; i++) {
    const husk_import_desc *imp = husk_module_import(module, i);
    printf("  %s.%s: ", imp->module, imp->name);
    print_externtype(&imp->type);
    putchar('\n');
  }
  count = husk_module_export_count(module);
  printf("exports (%zu):\n", count);
  for (size_t i = 0; i < count; i++) {
    const husk_export_desc *exp = husk_module_export(module, i);
    printf("  %s: ", exp->name);
    print_externtype(&exp->type);
    putchar('\n');
  }
}

/* The engine's verdict comes after the headers, which help to see why. */
static int inspect_module(const char *path, const uint8_t *bytes, size_t size,
                          bool bytecode) {
  husk_engine *engine = cli_engine_new(NULL);
  if (!engine) return CLI_TRAP;
  husk_module *module;
  int status = cli_compile(engine, path, bytes, size, &module);
  if (status == CLI_OK) {
    if (!bytecode)
      print_module(module);
    else if (!husk_module_write_bytecode(module, stdout)) {
      cli_error("%s: writing the listing failed", path);
      status = CLI_TRAP;
    }
    husk_module_delete(module);
  }
  husk_engine_delete(engine);
  return status;
}

int cli_inspect(int argc, char **argv) {
  bool bytecode = argc == 3 && strcmp(argv[1], "--bytecode") == 0;
  if (argc != 2 + bytecode) {
    cli_error("usage: husk inspect [--bytecode] FILE.wasm");
    return CLI_USAGE;
  }
  const char *path = argv[1 + bytecode];
  cli_file file;
  int status = cli_read_file(path, &file);
  if (status != CLI_OK) return status;
  if (bytecode)
    status = inspect_module(path, file.bytes, file.size, true);
  else
    status = print_sections(path, file.bytes, file.size)
                 ? inspect_module(path, file.bytes, file.size, false)
                 : CLI_INVALID;
  cli_file_release(&file);
  return status;
}
