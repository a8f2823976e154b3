/*
 * memory - an exported memory read and written from both sides, bounds,
 * growth, and a memory made by the host.
 */
#include "common.h"

static wasm_trap_t *call(wasm_func_t *f, wasm_val_t *as, size_t n, int32_t *result) {
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {n, as}, results = {result ? 1 : 0, rs};
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (!trap && result) *result = rs[0].of.i32;
  return trap;
}

static int32_t load(wasm_func_t *load_func, int32_t addr) {
  wasm_val_t as[1] = {WASM_I32_VAL(addr)};
  int32_t result = -1;
  CHECK(call(load_func, as, 1, &result) == NULL);
  return result;
}

static wasm_trap_t *store_byte(wasm_func_t *store_func, int32_t addr, int32_t value) {
  wasm_val_t as[2] = {WASM_I32_VAL(addr), WASM_I32_VAL(value)};
  return call(store_func, as, 2, NULL);
}

static void check_oob(wasm_trap_t *trap) {
  char *message = take_trap_message(trap);
  CHECK(strcmp(message, "out of bounds memory access") == 0);
  free(message);
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "memory.wasm");
  wasm_instance_t *instance = instantiate(store, module, NULL, 0);
  wasm_module_delete(module);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_memory_t *memory = export_memory(&exports, 0);
  wasm_func_t *size_func = export_func(&exports, 1);
  wasm_func_t *load_func = export_func(&exports, 2);
  wasm_func_t *store_func = export_func(&exports, 3);
  wasm_instance_delete(instance);

  wasm_memory_t *copy = wasm_memory_copy(memory);
  CHECK(wasm_memory_same(memory, copy));
  wasm_memory_delete(copy);

  wasm_memorytype_t *type = wasm_memory_type(memory);
  CHECK(wasm_memorytype_limits(type)->min == 2 && wasm_memorytype_limits(type)->max == 3);
  wasm_memorytype_delete(type);

  /* Initial contents. */
  CHECK(wasm_memory_size(memory) == 2);
  CHECK(wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
  CHECK(wasm_memory_data(memory)[0] == 0);
  CHECK(wasm_memory_data(memory)[0x1000] == 1);
  CHECK(wasm_memory_data(memory)[0x1003] == 4);
  int32_t pages = 0;
  CHECK(call(size_func, NULL, 0, &pages) == NULL && pages == 2);
  CHECK(load(load_func, 0) == 0);
  CHECK(load(load_func, 0x1000) == 1);
  CHECK(load(load_func, 0x1003) == 4);
  CHECK(load(load_func, 0x1ffff) == 0);
  wasm_val_t as[1] = {WASM_I32_VAL(0x20000)};
  check_oob(call(load_func, as, 1, &pages));

  /* Writes from both sides. */
  wasm_memory_data(memory)[0x1003] = 5;
  CHECK(store_byte(store_func, 0x1002, 6) == NULL);
  check_oob(store_byte(store_func, 0x20000, 0));
  CHECK(wasm_memory_data(memory)[0x1002] == 6);
  CHECK(wasm_memory_data(memory)[0x1003] == 5);
  CHECK(load(load_func, 0x1002) == 6);
  CHECK(load(load_func, 0x1003) == 5);

  /* Growth, up to the maximum. */
  CHECK(wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_size(memory) == 3);
  CHECK(wasm_memory_data_size(memory) == 3 * MEMORY_PAGE_SIZE);
  CHECK(load(load_func, 0x20000) == 0);
  CHECK(store_byte(store_func, 0x20000, 0) == NULL);
  as[0] = (wasm_val_t)WASM_I32_VAL(0x30000);
  check_oob(call(load_func, as, 1, &pages));
  check_oob(store_byte(store_func, 0x30000, 0));
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_grow(memory, 0));

  wasm_extern_vec_delete(&exports);

  /* A memory made by the host. */
  wasm_limits_t limits = {5, 5};
  wasm_memorytype_t *memorytype = wasm_memorytype_new(&limits);
  wasm_memory_t *memory2 = wasm_memory_new(store, memorytype);
  wasm_memorytype_delete(memorytype);
  CHECK(memory2 && wasm_memory_size(memory2) == 5);
  CHECK(!wasm_memory_grow(memory2, 1));
  CHECK(wasm_memory_grow(memory2, 0));
  wasm_memory_delete(memory2);

  /* No maximum: wasm_limits_max_default. */
  limits = (wasm_limits_t){1, wasm_limits_max_default};
  memorytype = wasm_memorytype_new(&limits);
  wasm_memory_t *memory3 = wasm_memory_new(store, memorytype);
  wasm_memorytype_delete(memorytype);
  CHECK(memory3 && wasm_memory_grow(memory3, 2) && wasm_memory_size(memory3) == 3);
  memorytype = wasm_memory_type(memory3);
  CHECK(wasm_memorytype_limits(memorytype)->max == wasm_limits_max_default);
  wasm_memorytype_delete(memorytype);
  wasm_memory_delete(memory3);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
