/*
 * serialize.h - a translated module as bytes, and back.
 *
 * The serialized form holds everything husk_module_new computes: the
 * module's original bytes, the decoded wasm_module (with every pointer into
 * the bytes stored as an offset) and each function's translated code, in
 * which the engine-specific values are replaced by module-relative ones:
 *   - an instruction's handler address by its op number,
 *   - a call's compiled_func pointer by the callee's defined-function index,
 *   - call_indirect's canonical type id by a type index of the module.
 * Loading rebuilds them for the loading engine. The form is specific to one
 * husk build on one kind of machine (native byte order and sizes): the cache
 * key (src/cache/key.c) pins the build, the version and the machine.
 *
 * The loader treats its input as untrusted: it never reads past it, never
 * allocates more than it could describe, re-runs module-level validation,
 * and checks every instruction: op numbers, lengths, branch targets (each
 * must be an instruction start), slots against the frame, indices against the
 * module's index spaces, and that code cannot run off its end. What it cannot
 * check is the types of values in slots (that needs the full validator), so
 * callers must also authenticate the bytes: the cache does, with a MAC.
 */
#ifndef HUSK_WASM_SERIALIZE_H
#define HUSK_WASM_SERIALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/runtime.h"

/* Bumped whenever the layout below or the meaning of translated code
 * changes; part of the cache key. */
#define SERIALIZE_FORMAT_VERSION 8

/* Where the serialized form goes, piece by piece (write returns false to
 * stop), and where it comes from: read fills up to cap bytes of buf and
 * returns how many (0: nothing more); size is the form's total length. The
 * cache compresses and decompresses through these, so that a form of many
 * megabytes never sits whole in memory. */
typedef struct serial_sink {
  bool (*write)(void *ctx, const uint8_t *data, size_t size);
  void *ctx;
} serial_sink;

typedef struct serial_source {
  size_t (*read)(void *ctx, uint8_t *buf, size_t cap);
  void *ctx;
  uint64_t size;
} serial_source;

/* Writes the serialized form of a translated module (built by
 * husk_module_new); false when out of memory or the sink refused. Without
 * `with_bytes` the module's original bytes are left out (only their size is
 * recorded): whoever loads the form must supply them, as the cache does,
 * whose key already stands for them. */
bool module_serialize_to(const husk_module *hm, const serial_sink *sink, bool with_bytes);
/* A self-contained form (bytes included) in a malloc'd buffer (size in
 * *size); NULL when out of memory. */
uint8_t *module_serialize(const husk_module *hm, size_t *size);

/* Rebuilds a complete module of engine e (function types interned in e,
 * ready to instantiate) from a serialized form, which must be exactly
 * source->size bytes long. `bytes` are the module's bytes for a form written
 * without them (NULL for one that holds them); they are copied. Returns NULL
 * and sets *out, or returns a static message and sets *out NULL. */
const char *module_deserialize_from(husk_engine *e, const serial_source *source,
                                    const uint8_t *bytes, size_t size, husk_module **out);
/* A self-contained form, from memory. */
const char *module_deserialize(husk_engine *e, const uint8_t *data, size_t size,
                               husk_module **out);

#endif
