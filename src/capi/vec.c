/*
 * vec.c - the wasm_*_vec_t functions of every vector type, all made by
 * DEFINE_VEC, as wasm.h declares them all with WASM_DECLARE_VEC.
 *
 * A vector owns its elements: copying a vector copies them (wasm_*_copy for
 * objects, which for references adds a count), deleting it deletes them.
 * Uninitialized vectors are zero-filled, so deleting one that was never
 * filled in (NULL objects, i32 values) is harmless.
 */
#include <stdlib.h>

#include "capi/capi.h"

/* DEFINE_VEC(name, elem_t, copy_elem, delete_elem): copy_elem(elem_t *dst,
 * const elem_t *src) and delete_elem(elem_t *) handle one element. */
#define DEFINE_VEC(name, elem_t, copy_elem, delete_elem)                         \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) {                   \
    out->size = 0;                                                              \
    out->data = NULL;                                                           \
  }                                                                             \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size) { \
    out->size = size;                                                           \
    out->data = size ? capi_calloc(size, sizeof(elem_t)) : NULL;                \
  }                                                                             \
  void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size,             \
                             elem_t const data[]) {                             \
    wasm_##name##_vec_new_uninitialized(out, size);                             \
    for (size_t i = 0; i < size; i++) out->data[i] = data[i];                   \
  }                                                                             \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t *out,                         \
                              const wasm_##name##_vec_t *vec) {                 \
    wasm_##name##_vec_new_uninitialized(out, vec->size);                        \
    for (size_t i = 0; i < vec->size; i++) copy_elem(&out->data[i], &vec->data[i]); \
  }                                                                             \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t *vec) {                     \
    for (size_t i = 0; i < vec->size; i++) delete_elem(&vec->data[i]);          \
    free(vec->data);                                                            \
    vec->size = 0;                                                              \
    vec->data = NULL;                                                           \
  }

/* Vectors of objects hold pointers, any of which may be NULL. */
#define DEFINE_OBJECT_VEC(name)                                                 \
  static void name##_copy_elem(wasm_##name##_t **dst, wasm_##name##_t *const *src) { \
    *dst = *src ? wasm_##name##_copy(*src) : NULL;                              \
  }                                                                             \
  static void name##_delete_elem(wasm_##name##_t **elem) {                      \
    if (*elem) wasm_##name##_delete(*elem);                                     \
  }                                                                             \
  DEFINE_VEC(name, wasm_##name##_t *, name##_copy_elem, name##_delete_elem)

static void byte_copy_elem(wasm_byte_t *dst, const wasm_byte_t *src) { *dst = *src; }
static void byte_delete_elem(wasm_byte_t *elem) { (void)elem; }

DEFINE_VEC(byte, wasm_byte_t, byte_copy_elem, byte_delete_elem)
DEFINE_VEC(val, wasm_val_t, wasm_val_copy, wasm_val_delete)
DEFINE_OBJECT_VEC(valtype)
DEFINE_OBJECT_VEC(functype)
DEFINE_OBJECT_VEC(globaltype)
DEFINE_OBJECT_VEC(tabletype)
DEFINE_OBJECT_VEC(memorytype)
DEFINE_OBJECT_VEC(externtype)
DEFINE_OBJECT_VEC(importtype)
DEFINE_OBJECT_VEC(exporttype)
DEFINE_OBJECT_VEC(frame)
DEFINE_OBJECT_VEC(extern)
