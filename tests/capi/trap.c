/*
 * trap - traps from host functions and from Wasm: messages, origin and trace
 * frames (with and without a name section), and traps as references.
 */
#include "common.h"

static wasm_trap_t *fail_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "callback abort");
  wasm_trap_t *trap = wasm_trap_new((wasm_store_t *)env, &message);
  wasm_name_delete(&message);
  return trap;
}

static void check_frame(const wasm_frame_t *frame, wasm_instance_t *instance, uint32_t func_index) {
  printf("> frame: instance %p, func %" PRIu32 " @ 0x%zx, module @ 0x%zx\n",
         (void *)wasm_frame_instance(frame), wasm_frame_func_index(frame),
         wasm_frame_func_offset(frame), wasm_frame_module_offset(frame));
  CHECK(wasm_frame_instance(frame) == instance);
  CHECK(wasm_frame_func_index(frame) == func_index);
  /* husk does not know instruction offsets yet: 0 stands for unknown. */
  CHECK(wasm_frame_func_offset(frame) == 0 && wasm_frame_module_offset(frame) == 0);
}

/* Calls export `index`, expecting a trap with `message` whose frames are the
 * functions `funcs` (innermost first). */
static void check_trap(wasm_func_t *func, wasm_instance_t *instance, const char *message,
                       size_t frame_count, const uint32_t *funcs) {
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
  wasm_trap_t *trap = wasm_func_call(func, &args, &results);
  CHECK(trap);

  wasm_message_t got;
  wasm_trap_message(trap, &got);
  printf("> %s\n", got.data);
  CHECK(got.size == strlen(message) + 1 && strcmp(got.data, message) == 0);
  wasm_name_delete(&got);

  wasm_frame_t *origin = wasm_trap_origin(trap);
  CHECK(origin);
  check_frame(origin, instance, funcs[0]);
  wasm_frame_t *copy = wasm_frame_copy(origin);
  check_frame(copy, instance, funcs[0]);
  wasm_frame_delete(copy);
  wasm_frame_delete(origin);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == frame_count);
  for (size_t i = 0; i < trace.size; i++) check_frame(trace.data[i], instance, funcs[i]);
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
}

static void run(wasm_store_t *store, const char *dir, const char *file) {
  printf("Module %s\n", file);
  wasm_module_t *module = load_module(store, dir, file);
  wasm_functype_t *fail_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *fail = wasm_func_new_with_env(store, fail_type, fail_callback, store, NULL);
  wasm_functype_delete(fail_type);
  wasm_extern_t *imports[] = {wasm_func_as_extern(fail)};
  wasm_instance_t *instance = instantiate(store, module, imports, 1);
  wasm_module_delete(module);
  wasm_func_delete(fail);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 2);
  static const uint32_t callback_frames[] = {1}, unreachable_frames[] = {3, 2};
  check_trap(export_func(&exports, 0), instance, "callback abort", 1, callback_frames);
  check_trap(export_func(&exports, 1), instance, "unreachable", 2, unreachable_frames);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
}

static int finalized;
static void finalize(void *info) {
  CHECK(info == &finalized);
  finalized++;
}

int main(int argc, char **argv) {
  const char *dir = wasm_dir(argc, argv);
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);

  run(store, dir, "trap.wasm");         /* frames named "func[N]" */
  run(store, dir, "trap-names.wasm");   /* frames named from the name section */

  /* A trap made by the host: the message need not hold its NUL, has no
   * frames, and is a reference with host info. */
  wasm_message_t text;
  wasm_name_new_from_string(&text, "made by hand");
  wasm_trap_t *trap = wasm_trap_new(store, &text);
  wasm_name_delete(&text);
  CHECK(wasm_trap_origin(trap) == NULL);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size == 0);
  wasm_frame_vec_delete(&trace);
  wasm_trap_set_host_info_with_finalizer(trap, &finalized, finalize);
  wasm_trap_t *copy = wasm_trap_copy(trap);
  CHECK(wasm_trap_same(trap, copy) && wasm_trap_get_host_info(copy) == &finalized);
  CHECK(wasm_ref_as_trap(wasm_trap_as_ref(copy)) == copy);
  wasm_trap_delete(trap);
  CHECK(finalized == 0);
  char *message = take_trap_message(copy);   /* the last owner */
  CHECK(strcmp(message, "made by hand") == 0 && finalized == 1);
  free(message);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
