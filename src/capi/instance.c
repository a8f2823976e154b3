/*
 * instance.c - instantiation and exports.
 */
#include <stdlib.h>

#include "capi/capi.h"

/* Link errors have no channel of their own in wasm-c-api: like other
 * engines, husk reports them as a trap through the out-parameter. */
static wasm_instance_t *fail(wasm_trap_t **trap, const char *message) {
  if (trap) *trap = capi_trap_new(message);
  return NULL;
}

/* The husk view of the imports (count of them), or NULL with *error set. */
static husk_extern *husk_imports(const wasm_store_t *store, const wasm_extern_vec_t *imports,
                                 size_t count, const char **error) {
  husk_extern *externs = capi_calloc(count, sizeof *externs);
  for (size_t i = 0; i < count; i++) {
    const wasm_extern_t *ext = imports->data[i];
    if (!ext || ext->ref.store != store) {
      *error = ext ? "incompatible import type: an object of another store"
                   : "unknown import: a NULL import";
      free(externs);
      return NULL;
    }
    externs[i] = capi_extern_to_husk(ext);
  }
  return externs;
}

/* The wrapper of a new husk instance. It remembers the funcs given as
 * imports, so that a re-exported import is not taken for a function the
 * instance defines (see wasm_instance_exports). */
static wasm_instance_t *instance_wrap(wasm_store_t *store, husk_instance *hi, module_code *code,
                                      const husk_extern *imports, size_t count) {
  wasm_instance_t *inst = (wasm_instance_t *)capi_ref_new(REF_INSTANCE, sizeof *inst, store);
  capi_store_adopt(store, hi, &inst->ref);
  inst->instance = hi;
  inst->code = code;
  inst->imported_funcs = capi_calloc(count, sizeof *inst->imported_funcs);
  for (size_t i = 0; i < count; i++)
    if (imports[i].kind == HUSK_EXTERN_FUNC) inst->imported_funcs[inst->imported_func_count++] = imports[i].of.func;
  return inst;
}

wasm_instance_t *wasm_instance_new(wasm_store_t *store, const wasm_module_t *module,
                                   const wasm_extern_vec_t *imports, wasm_trap_t **trap) {
  if (trap) *trap = NULL;
  module_code *code = module->code;
  /* Function type ids are the engine's: code of another engine cannot link. */
  if (code->engine != store->engine->engine)
    return fail(trap, "module compiled by another engine than the store's");
  size_t count = imports ? imports->size : 0;
  const char *error = NULL;
  husk_extern *externs = husk_imports(store, imports, count, &error);
  if (!externs) return fail(trap, error);

  /* husk registers the instance in its store before linking, so even a
   * failed instantiation leaves husk objects that read the module. */
  capi_store_hold_code(store, code);
  husk_instance *hi = NULL;
  husk_trap *ht = NULL;
  husk_error *err = husk_instance_new(store->store, code->module, externs, count, &hi, &ht);
  wasm_instance_t *inst = NULL;
  if (err) {
    fail(trap, husk_error_message(err));
    husk_error_delete(err);
  } else if (ht) {
    /* A trap in initialisation or the start function: no instance exists to
     * place its frames in. */
    if (trap) *trap = capi_trap_from_husk(ht, NULL, code);
    else husk_trap_delete(ht);
  } else {
    inst = instance_wrap(store, hi, code, externs, count);
  }
  free(externs);
  return inst;
}

static bool is_imported(const wasm_instance_t *inst, const husk_func *f) {
  for (size_t i = 0; i < inst->imported_func_count; i++)
    if (inst->imported_funcs[i] == f) return true;
  return false;
}

/* Exported funcs learn their instance here: trap frames are placed with it
 * (husk's API cannot tell which instance a husk_func belongs to). */
void wasm_instance_exports(const wasm_instance_t *inst, wasm_extern_vec_t *out) {
  wasm_store_t *store = inst->ref.store;
  size_t count = store ? husk_instance_export_count(inst->instance) : 0;
  wasm_extern_vec_new_uninitialized(out, count);
  for (size_t i = 0; i < count; i++) {
    husk_extern x;
    husk_instance_export_nth(inst->instance, i, &x);
    out->data[i] = capi_extern_wrap(store, &x);
    wasm_func_t *f = wasm_extern_as_func(out->data[i]);
    if (f && !f->instance && !is_imported(inst, f->func))
      f->instance = (wasm_instance_t *)capi_ref_retain((wasm_ref_t *)&inst->ref);
  }
}
