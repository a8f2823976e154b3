/*
 * trap.c - traps and their frames.
 *
 * A trap keeps its message and a snapshot of husk's frames. husk describes a
 * frame only by a name ("$name" from the name section, or "func[N]") and an
 * offset it does not know yet, so the frames here are reconstructed:
 *   - func_index: N of "func[N]", or the index the module's name section
 *     gives "$name"; UINT32_MAX when neither says;
 *   - instance: the instance whose exported function the host called (or
 *     NULL when that is not known, e.g. in a start function). A frame of
 *     another instance, reached through an import or a table, is attributed
 *     to it too: husk's API does not say which instance a frame runs in;
 *   - func_offset and module_offset: 0, which no instruction can have (a
 *     function body starts with its locals, a module with its magic).
 * docs/wasm-c-api.md lists the husk API additions that would make them exact.
 */
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"

/* Traps belong to no store: their wrappers are counted by their owners. */
static wasm_trap_t *trap_new(const char *message, size_t len) {
  wasm_trap_t *t = (wasm_trap_t *)capi_ref_new(REF_TRAP, sizeof *t, NULL);
  t->message = capi_strndup(message, len);
  return t;
}

wasm_trap_t *capi_trap_new(const char *message) {
  return trap_new(message, strlen(message));
}

/* The message may or may not include its terminating NUL (upstream examples
 * make it with wasm_name_new_from_string_nt); it ends at the first NUL. The
 * store is not needed: traps belong to none. */
wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *message) {
  const char *nul = message->size ? memchr(message->data, '\0', message->size) : NULL;
  size_t len = nul ? (size_t)(nul - message->data) : message->size;
  (void)store;
  return trap_new(message->size ? message->data : "", len);
}

wasm_trap_t *capi_trap_from_husk(husk_trap *trap, wasm_instance_t *entry, const module_code *code) {
  wasm_trap_t *t = capi_trap_new(husk_trap_message(trap));
  t->frame_count = husk_trap_frame_count(trap);
  t->frames = capi_calloc(t->frame_count, sizeof *t->frames);
  for (size_t i = 0; i < t->frame_count; i++) {
    wasm_frame_t *f = &t->frames[i];
    f->func_index = capi_code_func_index(code, husk_trap_frame_name(trap, i));
    if (entry) f->instance = (wasm_instance_t *)capi_ref_retain(&entry->ref);
  }
  husk_trap_delete(trap);
  return t;
}

/* Like other engines, the message is handed out NUL-terminated, the NUL
 * counted in its size. */
void wasm_trap_message(const wasm_trap_t *t, wasm_message_t *out) {
  wasm_name_new_from_string_nt(out, t->message);
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *t) {
  return t->frame_count ? wasm_frame_copy(&t->frames[0]) : NULL;
}

void wasm_trap_trace(const wasm_trap_t *t, wasm_frame_vec_t *out) {
  wasm_frame_vec_new_uninitialized(out, t->frame_count);
  for (size_t i = 0; i < t->frame_count; i++) out->data[i] = wasm_frame_copy(&t->frames[i]);
}

/* ------------------------------------------------------------ frames */

/* Frames are values, not references: a copy is a new frame, holding its own
 * count on the instance. */
wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f) {
  wasm_frame_t *c = capi_malloc(sizeof *c);
  *c = *f;
  if (c->instance) capi_ref_retain(&c->instance->ref);
  return c;
}

void wasm_frame_delete(wasm_frame_t *f) {
  if (!f) return;
  if (f->instance) capi_ref_release(&f->instance->ref);
  free(f);
}

wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }
