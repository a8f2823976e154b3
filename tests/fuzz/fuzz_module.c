/*
 * fuzz_module.c - libFuzzer target: compiles arbitrary bytes as a module
 * and, when they compile, instantiates them with dummy imports and calls
 * every exported function whose parameters are numbers, with zeros.
 *
 * Checked beyond the sanitizers: husk_module_new accepts nothing that
 * husk_module_validate rejects, and every description the API hands out can
 * be read. The engine meters fuel and each call (the start function too)
 * gets FUEL_PER_CALL, so a guest loop ends in a trap (see README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "husk/husk.h"

/* Small limits, so that a module cannot make the fuzzer run out of memory. */
enum { MAX_MEMORY_PAGES = 16, MAX_TABLE_ELEMENTS = 1000, FUEL_PER_CALL = 10000 };

static husk_engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  husk_config *config = husk_config_new();
  husk_config_max_call_depth(config, 200);
  husk_config_max_stack_bytes(config, 64 * 1024);
  husk_config_max_memory_pages(config, MAX_MEMORY_PAGES);
  husk_config_max_table_elements(config, MAX_TABLE_ELEMENTS);
  husk_config_consume_fuel(config, true);
  husk_error *err = husk_engine_new(config, &engine);
  husk_config_delete(config);
  if (err) {
    fprintf(stderr, "fuzz: cannot create engine: %s\n", husk_error_message(err));
    abort();
  }
  return 0;
}

static husk_val zero(husk_valkind kind) {
  husk_val v;
  memset(&v, 0, sizeof v);
  v.kind = kind;
  return v;
}

/* A dummy import function: returns zeros of its result kinds. env is the
 * import's description, which lives as long as the module. */
static husk_trap *return_zeros(husk_caller *caller, void *env, const husk_val *args,
                               husk_val *results) {
  (void)caller, (void)args;
  const husk_functype *type = &((const husk_import_desc *)env)->type.func;
  for (size_t i = 0; i < type->result_count; i++) results[i] = zero(type->results[i]);
  return NULL;
}

/* An extern matching the import's type, or false when the import asks for
 * more than the limits allow (the store would refuse it anyway). */
static bool make_dummy(husk_store *store, const husk_import_desc *imp, husk_extern *out) {
  const husk_externtype *type = &imp->type;
  out->kind = type->kind;
  switch (type->kind) {
  case HUSK_EXTERN_FUNC:
    out->of.func = husk_func_new(store, &type->func, return_zeros, (void *)imp, NULL);
    return out->of.func != NULL;
  case HUSK_EXTERN_TABLE:
    if (type->table.limits.min > MAX_TABLE_ELEMENTS) return false;
    out->of.table = husk_table_new(store, type->table.elem, type->table.limits,
                                   zero(type->table.elem));
    return out->of.table != NULL;
  case HUSK_EXTERN_MEMORY:
    if (type->memory.min > MAX_MEMORY_PAGES) return false;
    out->of.memory = husk_memory_new(store, type->memory);
    return out->of.memory != NULL;
  case HUSK_EXTERN_GLOBAL:
    out->of.global = husk_global_new(store, type->global.type, type->global.mutable_,
                                     zero(type->global.type));
    return out->of.global != NULL;
  }
  return false;
}

/* Reads every description so the sanitizers see any bad pointer in them. */
static size_t touch_descriptions(const husk_module *module) {
  size_t sum = 0;
  for (size_t i = 0; i < husk_module_import_count(module); i++) {
    const husk_import_desc *imp = husk_module_import(module, i);
    sum += strlen(imp->module) + strlen(imp->name);
  }
  for (size_t i = 0; i < husk_module_export_count(module); i++)
    sum += strlen(husk_module_export(module, i)->name);
  for (size_t i = 0; i < husk_module_custom_section_count(module); i++) {
    const uint8_t *data;
    size_t size;
    sum += strlen(husk_module_custom_section(module, i, &data, &size));
    for (size_t j = 0; j < size; j++) sum += data[j];
  }
  return sum;
}

/* Calls func with zeros if every parameter is a number; any trap is fine. */
static void call_with_zeros(husk_store *store, husk_func *func) {
  husk_functype type = husk_func_type(func);
  husk_val args[16], results[16];
  if (type.param_count > 16 || type.result_count > 16) return;
  for (size_t i = 0; i < type.param_count; i++) {
    husk_valkind k = type.params[i];
    if (k != HUSK_I32 && k != HUSK_I64 && k != HUSK_F32 && k != HUSK_F64) return;
    args[i] = zero(k);
  }
  husk_error *err = husk_store_set_fuel(store, FUEL_PER_CALL);
  if (err) abort();   /* the engine meters fuel */
  husk_trap *trap = husk_func_call(store, func, args, type.param_count, results, type.result_count);
  if (trap) husk_trap_delete(trap);
}

static void instantiate(const husk_module *module) {
  husk_store *store = husk_store_new(engine, NULL);
  size_t count = husk_module_import_count(module);
  husk_extern *imports = calloc(count + 1, sizeof *imports);
  bool complete = imports != NULL;
  for (size_t i = 0; complete && i < count; i++)
    complete = make_dummy(store, husk_module_import(module, i), &imports[i]);
  husk_error *fueled = husk_store_set_fuel(store, FUEL_PER_CALL);   /* for the start function */
  if (fueled) abort();
  if (complete) {
    husk_instance *instance = NULL;
    husk_trap *trap = NULL;
    husk_error *err = husk_instance_new(store, module, imports, count, &instance, &trap);
    if (err) husk_error_delete(err);
    if (trap) husk_trap_delete(trap);
    for (size_t i = 0; instance && i < husk_instance_export_count(instance); i++) {
      husk_extern ext;
      husk_instance_export_nth(instance, i, &ext);
      if (ext.kind == HUSK_EXTERN_FUNC) call_with_zeros(store, ext.of.func);
    }
  }
  free(imports);
  husk_store_delete(store);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  husk_module *module = NULL;
  husk_error *err = husk_module_new(engine, data, size, &module);
  /* husk_module_new may refuse a valid module for an implementation limit,
   * but must never accept one that husk_module_validate rejects. */
  husk_error *verdict = husk_module_validate(engine, data, size);
  if (!err && verdict) {
    fprintf(stderr, "fuzz: husk_module_new accepted a module that validation rejects: %s\n",
            husk_error_message(verdict));
    abort();
  }
  if (verdict) husk_error_delete(verdict);
  if (err) {
    husk_error_delete(err);
    return 0;
  }
  volatile size_t sink = touch_descriptions(module);
  (void)sink;
  instantiate(module);
  husk_module_delete(module);
  return 0;
}
