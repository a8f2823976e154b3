/*
 * common.h - what the wasm-c-api tests share: checks, loading a module built
 * from the test's .wat, and typed access to exports.
 *
 * Each test is a program run as `capi_NAME WASM_DIR`; it includes "wasm.h"
 * the way wasm-c-api programs do (the build adds include/husk to the path).
 */
#ifndef HUSK_CAPI_TEST_COMMON_H
#define HUSK_CAPI_TEST_COMMON_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"

/* A failed check stops the test at once: later checks would only report
 * its consequences. abort() also keeps the leak checker quiet about objects
 * the test had no chance to delete. */
#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                                 \
    }                                                                          \
  } while (0)

static inline const char *wasm_dir(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASM_DIR\n", argv[0]);
    exit(2);
  }
  return argv[1];
}

/* The bytes of DIR/FILE, as an own byte vector. */
static inline void read_binary(const char *dir, const char *file, wasm_byte_vec_t *out) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "rb");
  if (!f) fprintf(stderr, "cannot open %s\n", path);
  CHECK(f);
  CHECK(fseek(f, 0, SEEK_END) == 0);
  long size = ftell(f);
  CHECK(size >= 0 && fseek(f, 0, SEEK_SET) == 0);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  CHECK(fread(out->data, 1, (size_t)size, f) == (size_t)size);
  fclose(f);
}

static inline wasm_module_t *load_module(wasm_store_t *store, const char *dir, const char *file) {
  wasm_byte_vec_t binary;
  read_binary(dir, file, &binary);
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module);
  return module;
}

/* Instantiates, checking that no trap happens. */
static inline wasm_instance_t *instantiate(wasm_store_t *store, wasm_module_t *module,
                                           wasm_extern_t **imports, size_t count) {
  wasm_extern_vec_t vec = {count, imports};
  wasm_trap_t *trap = NULL;
  wasm_instance_t *instance = wasm_instance_new(store, module, &vec, &trap);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    fprintf(stderr, "instantiation trapped: %s\n", message.data);
    wasm_byte_vec_delete(&message);
  }
  CHECK(instance && !trap);
  return instance;
}

/* Export i of the given kind: the tests know their modules' export order. */
#define DEFINE_EXPORT_GETTER(name)                                             \
  static inline wasm_##name##_t *export_##name(const wasm_extern_vec_t *exports, size_t i) { \
    CHECK(i < exports->size);                                                  \
    wasm_##name##_t *x = wasm_extern_as_##name(exports->data[i]);              \
    CHECK(x);                                                                  \
    return x;                                                                  \
  }
DEFINE_EXPORT_GETTER(func)
DEFINE_EXPORT_GETTER(global)
DEFINE_EXPORT_GETTER(table)
DEFINE_EXPORT_GETTER(memory)

/* The message of an own trap, which is deleted; returns a malloc'd string. */
static inline char *take_trap_message(wasm_trap_t *trap) {
  CHECK(trap);
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  CHECK(message.size > 0 && message.data[message.size - 1] == '\0');
  char *s = malloc(message.size);
  CHECK(s);
  memcpy(s, message.data, message.size);
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
  return s;
}

#endif
