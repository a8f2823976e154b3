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

#include <stddef.h>
#include <stdint.h>

#include "wasm/runtime.h"

/* Bumped whenever the layout below or the meaning of translated code
 * changes; part of the cache key. */
#define SERIALIZE_FORMAT_VERSION 1

/* A malloc'd buffer holding the serialized form of a translated module
 * (built by husk_module_new), its size in *size; NULL when out of memory. */
uint8_t *module_serialize(const husk_module *hm, size_t *size);

/* Rebuilds a module of engine e from a serialized form: hm->wasm and
 * hm->funcs filled, function types interned in e; the embedder-facing
 * descriptions (husk_module's imports/exports arrays) are left to the caller.
 * Returns NULL and sets *out, or returns a static message and sets *out NULL. */
const char *module_deserialize(husk_engine *e, const uint8_t *data, size_t size,
                               husk_module **out);

#endif
