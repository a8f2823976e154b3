/*
 * names.c - reads the function names of a module's "name" section, the only
 * way to turn the "$name" husk gives a trap frame back into the function
 * index wasm_frame_func_index reports (husk's public API has no frame index).
 *
 * The section is custom, so a malformed one is no error: parsing just stops
 * and keeps the names read so far.
 */
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"

typedef struct reader { const uint8_t *p, *end; bool ok; } reader;

static uint32_t read_u32(reader *r) {
  uint32_t v = 0;
  for (unsigned shift = 0; r->ok; shift += 7) {
    if (r->p == r->end || shift > 28) { r->ok = false; break; }
    uint8_t b = *r->p++;
    v |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  return 0;
}

/* The subsection "function names" (id 1): a vector of (index, name). */
static void read_function_names(reader *r, module_code *code) {
  uint32_t count = read_u32(r);
  if (!r->ok || count > (size_t)(r->end - r->p) / 2) return;   /* >= 2 bytes each */
  code->names = capi_calloc(count, sizeof *code->names);
  code->name_index = capi_calloc(count, sizeof *code->name_index);
  for (uint32_t i = 0; i < count; i++) {
    uint32_t index = read_u32(r), len = read_u32(r);
    if (!r->ok || len > (size_t)(r->end - r->p)) return;
    /* husk cuts names at a NUL byte, and so do we: strcmp does. */
    code->names[code->name_count] = capi_strndup((const char *)r->p, len);
    code->name_index[code->name_count++] = index;
    r->p += len;
  }
}

void capi_read_names(module_code *code, const uint8_t *data, size_t size) {
  reader r = {data, data + size, true};
  while (r.ok && r.p < r.end) {
    uint8_t id = *r.p++;
    uint32_t len = read_u32(&r);
    if (!r.ok || len > (size_t)(r.end - r.p)) return;
    if (id == 1) {
      reader sub = {r.p, r.p + len, true};
      read_function_names(&sub, code);
      return;
    }
    r.p += len;
  }
}

/* husk names frames "$name" (name section) or "func[N]". */
uint32_t capi_code_func_index(const module_code *code, const char *frame_name) {
  if (!frame_name) return UINT32_MAX;
  if (strncmp(frame_name, "func[", 5) == 0) {
    char *end;
    unsigned long n = strtoul(frame_name + 5, &end, 10);
    return *end == ']' && n < UINT32_MAX ? (uint32_t)n : UINT32_MAX;
  }
  if (frame_name[0] == '$' && code) {
    for (size_t i = 0; i < code->name_count; i++)
      if (strcmp(code->names[i], frame_name + 1) == 0) return code->name_index[i];
  }
  return UINT32_MAX;
}
