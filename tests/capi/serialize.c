/*
 * serialize - a module serialized and deserialized (in another store) still
 * instantiates and runs; malformed serialized data is refused.
 */
#include "common.h"

static int hello_calls;

static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  hello_calls++;
  return NULL;
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);

  wasm_byte_vec_t binary;
  read_binary(dir, "serialize.wasm", &binary);
  CHECK(wasm_module_validate(store, &binary));
  wasm_module_t *module = wasm_module_new(store, &binary);
  CHECK(module);

  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  wasm_module_delete(module);
  /* Not a Wasm binary: husk's own header comes first. */
  CHECK(serialized.size > binary.size && memcmp(serialized.data, binary.data, 4) != 0);
  CHECK(!wasm_module_validate(store, &serialized));

  wasm_store_t *store2 = wasm_store_new(engine);
  wasm_module_t *deserialized = wasm_module_deserialize(store2, &serialized);
  CHECK(deserialized);

  /* The same module: same imports and exports. */
  wasm_exporttype_vec_t exports_types;
  wasm_module_exports(deserialized, &exports_types);
  CHECK(exports_types.size == 1);
  wasm_exporttype_vec_delete(&exports_types);

  wasm_functype_t *hello_type = wasm_functype_new_0_0();
  wasm_func_t *hello = wasm_func_new(store2, hello_type, hello_callback);
  wasm_functype_delete(hello_type);
  wasm_extern_t *imports[] = {wasm_func_as_extern(hello)};
  wasm_instance_t *instance = instantiate(store2, deserialized, imports, 1);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(wasm_func_call(export_func(&exports, 0), NULL, NULL) == NULL);
  CHECK(hello_calls == 1);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(hello);

  /* Refused: a plain binary, a truncated header, another version, a header
   * followed by bytes that are no module. */
  CHECK(wasm_module_deserialize(store2, &binary) == NULL);
  wasm_byte_vec_t bad = {6, serialized.data};
  CHECK(wasm_module_deserialize(store2, &bad) == NULL);
  wasm_byte_vec_copy(&bad, &serialized);
  bad.data[8] ^= 0x7f;
  CHECK(wasm_module_deserialize(store2, &bad) == NULL);
  bad.data[8] ^= 0x7f;
  bad.data[bad.size - 1] ^= 0x7f;
  bad.size -= 1;
  CHECK(wasm_module_deserialize(store2, &bad) == NULL);
  bad.size += 1;
  wasm_byte_vec_delete(&bad);

  wasm_byte_vec_delete(&serialized);
  wasm_byte_vec_delete(&binary);
  wasm_module_delete(deserialized);
  wasm_store_delete(store2);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
