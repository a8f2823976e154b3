/*
 * start - a trap in the start function fails the instantiation and comes
 * back through wasm_instance_new's trap out-parameter, with its frames.
 */
#include "common.h"

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, dir, "start.wasm");

  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(!instance && trap);

  wasm_frame_t *origin = wasm_trap_origin(trap);
  CHECK(origin);
  /* No instance exists to attribute the frames to. */
  CHECK(wasm_frame_instance(origin) == NULL && wasm_frame_func_index(origin) == 1);
  wasm_frame_delete(origin);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 2);
  CHECK(wasm_frame_func_index(trace.data[0]) == 1 && wasm_frame_func_index(trace.data[1]) == 0);
  wasm_frame_vec_delete(&trace);

  char *message = take_trap_message(trap);
  printf("> %s\n", message);
  CHECK(strcmp(message, "unreachable") == 0);
  free(message);

  /* Without the out-parameter, the failure is only the NULL result. */
  CHECK(wasm_instance_new(store, module, &imports, NULL) == NULL);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
