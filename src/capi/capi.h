/*
 * capi.h - the objects behind wasm.h, and what the files of src/capi share.
 *
 * The model. husk objects (funcs, globals, tables, memories, instances) live
 * in their husk_store until it is deleted, while wasm-c-api hands out `own`
 * pointers that the embedder deletes whenever it likes, and lets it ask
 * whether two pointers are the same object (wasm_*_same) and attach host
 * info to an object. So every runtime object of this API is a small
 * reference-counted wrapper:
 *
 *   - one wrapper per underlying object: the store maps each husk handle to
 *     its wrapper, so a func read back from a table is the same wasm_func_t
 *     (same identity, same host info) as the one exported earlier;
 *   - wasm_*_copy adds a count and returns the same pointer, wasm_*_delete
 *     drops one; the store itself holds one count on every wrapper of an
 *     object that lives in it, dropped when the store is deleted;
 *   - the wrapper is freed, and its host-info finalizer run, when the last
 *     count goes: for store objects that is at the later of the embedder's
 *     last delete and the store's deletion. Wrappers never free husk objects,
 *     so deleting them before or after their store is equally safe.
 *
 * Modules and traps do not live in a store: their wrappers are counted by
 * their owners only. A module's compiled code (husk_module) is counted
 * separately, because instances need it after the wasm_module_t is deleted
 * and because shared modules carry it to other threads' stores.
 *
 * Allocation failures abort: most of this API (vectors, values, exports)
 * has no way to report them.
 */
#ifndef HUSK_CAPI_H
#define HUSK_CAPI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "husk/husk.h"
#include "husk/wasm.h"

/* ------------------------------------------------------------ allocation */

/* calloc/malloc/strndup that abort when memory is exhausted. */
void *capi_calloc(size_t count, size_t size);
void *capi_malloc(size_t size);
char *capi_strndup(const char *s, size_t n);

/* ------------------------------------------------------------ pointer maps */

/* An open-addressing hash map from pointers to pointers (NULL keys are not
 * allowed); used by stores to find the wrapper of a husk handle. */
typedef struct ptr_map {
  void **keys, **values;
  size_t count, cap;      /* cap is 0 or a power of two */
} ptr_map;

void *ptr_map_get(const ptr_map *m, const void *key);
void ptr_map_put(ptr_map *m, void *key, void *value);
void ptr_map_free(ptr_map *m);
/* Iterates with `size_t i = 0; while (ptr_map_next(m, &i, &k, &v))`. */
bool ptr_map_next(const ptr_map *m, size_t *i, void **key, void **value);

/* ------------------------------------------------------------ environment */

struct wasm_config_t { husk_config *config; };
struct wasm_engine_t { husk_engine *engine; };

struct wasm_store_t {
  husk_store *store;
  wasm_engine_t *engine;
  /* Everything the store holds a count on: husk handle -> its wrapper for
   * funcs, globals, tables, memories and instances; wrapper -> wrapper for
   * foreign objects, and for objects not of this store (traps, modules,
   * objects of other stores) that Wasm holds as externref. */
  ptr_map objects;
  /* module_code -> module_code for every module instantiated here: husk
   * instances point into their husk_module, which must outlive the store. */
  ptr_map code;
};

/* ------------------------------------------------------------ types */

/* One struct for every extern type, so that wasm_functype_as_externtype and
 * back are casts, and wasm_externtype_delete frees any of them. */
struct wasm_externtype_t {
  wasm_externkind_t kind;
  union {
    struct { wasm_valtype_vec_t params, results; } func;
    struct { wasm_valtype_t *content; wasm_mutability_t mutability; } global;
    struct { wasm_valtype_t *element; wasm_limits_t limits; } table;
    struct { wasm_limits_t limits; } memory;
  } of;
};
struct wasm_functype_t { wasm_externtype_t ext; };
struct wasm_globaltype_t { wasm_externtype_t ext; };
struct wasm_tabletype_t { wasm_externtype_t ext; };
struct wasm_memorytype_t { wasm_externtype_t ext; };

struct wasm_valtype_t { wasm_valkind_t kind; };

struct wasm_importtype_t { wasm_name_t module, name; wasm_externtype_t *type; };
struct wasm_exporttype_t { wasm_name_t name; wasm_externtype_t *type; };

/* Conversions between the two APIs' kinds. The valkind conversions map
 * anything unknown to 0, which is no kind of the other API. */
husk_valkind capi_valkind_to_husk(wasm_valkind_t kind);
wasm_valkind_t capi_valkind_from_husk(husk_valkind kind);
husk_externkind capi_externkind_to_husk(wasm_externkind_t kind);
wasm_externkind_t capi_externkind_from_husk(husk_externkind kind);
husk_limits capi_limits_to_husk(const wasm_limits_t *limits);
wasm_limits_t capi_limits_from_husk(husk_limits limits);

/* New types built from husk's descriptions. */
wasm_functype_t *capi_functype_from_husk(const husk_functype *type);
wasm_externtype_t *capi_externtype_from_husk(const husk_externtype *type);
/* A husk_functype viewing `kinds` (params then results), which the caller
 * provides with room for all of them. */
husk_functype capi_functype_to_husk(const wasm_functype_t *type, husk_valkind *kinds);

/* ------------------------------------------------------------ references */

/* What a wasm_ref_t is. The first four equal wasm_externkind_t, so an
 * extern's kind is its reference kind. */
typedef enum ref_kind {
  REF_FUNC = WASM_EXTERN_FUNC,
  REF_GLOBAL = WASM_EXTERN_GLOBAL,
  REF_TABLE = WASM_EXTERN_TABLE,
  REF_MEMORY = WASM_EXTERN_MEMORY,
  REF_INSTANCE,
  REF_FOREIGN,
  REF_MODULE,
  REF_TRAP,
} ref_kind;

/* The header of every runtime object; the object types below embed it first,
 * so a wasm_func_t* is also a wasm_ref_t* and a wasm_extern_t*. */
struct wasm_ref_t {
  ref_kind kind;
  size_t count;                /* owners: embedder handles, store, Wasm values */
  wasm_store_t *store;         /* NULL for modules, and once the store is deleted */
  void *host_info;
  void (*finalizer)(void *);
};

/* Never allocated: a view of a func, global, table or memory. */
struct wasm_extern_t { wasm_ref_t ref; };

struct wasm_func_t {
  wasm_ref_t ref;
  husk_func *func;
  wasm_instance_t *instance;   /* the defining instance, when known (counted) */
};
struct wasm_global_t { wasm_ref_t ref; husk_global *global; };
struct wasm_table_t { wasm_ref_t ref; husk_table *table; };
struct wasm_memory_t { wasm_ref_t ref; husk_memory *memory; };
struct wasm_foreign_t { wasm_ref_t ref; };

/* A compiled module, shared by every wasm_module_t and wasm_shared_module_t
 * made from the same bytes (possibly on several threads: hence atomic). */
typedef struct module_code {
  atomic_size_t count;
  husk_engine *engine;
  husk_module *module;
  uint8_t *bytes;              /* the binary, for serialization */
  size_t size;
  uint32_t func_import_count;
  /* Function names from the name section, to find the index of a trap frame
   * that husk reports as "$name". names[i] is the name of function
   * name_index[i]. */
  char **names;
  uint32_t *name_index;
  size_t name_count;
} module_code;

module_code *capi_code_new(husk_engine *engine, const uint8_t *bytes, size_t size);
module_code *capi_code_retain(module_code *code);
void capi_code_release(module_code *code);
/* names.c: fills code's names from a "name" section's contents. */
void capi_read_names(module_code *code, const uint8_t *data, size_t size);
/* The function index that husk's frame name stands for, or UINT32_MAX. */
uint32_t capi_code_func_index(const module_code *code, const char *frame_name);

struct wasm_module_t { wasm_ref_t ref; module_code *code; };
struct wasm_shared_module_t { module_code *code; };

struct wasm_instance_t {
  wasm_ref_t ref;
  husk_instance *instance;
  module_code *code;           /* held by the store (see wasm_store_t.code) */
  husk_func **imported_funcs;  /* the funcs given as imports */
  size_t imported_func_count;
};

struct wasm_frame_t {
  wasm_instance_t *instance;   /* counted; NULL when unknown */
  uint32_t func_index;
  size_t func_offset, module_offset;
};

struct wasm_trap_t {
  wasm_ref_t ref;
  char *message;
  size_t frame_count;
  wasm_frame_t *frames;        /* innermost first */
};

/* A new wrapper of `size` bytes with one count, for the caller. */
wasm_ref_t *capi_ref_new(ref_kind kind, size_t size, wasm_store_t *store);
wasm_ref_t *capi_ref_retain(wasm_ref_t *ref);
void capi_ref_release(wasm_ref_t *ref);

/* ------------------------------------------------------------ stores */

/* The wrapper registered for a husk handle, or NULL. */
wasm_ref_t *capi_store_find(const wasm_store_t *store, const void *handle);
/* Registers a new wrapper under `handle`: the store takes a count. */
void capi_store_adopt(wasm_store_t *store, const void *handle, wasm_ref_t *ref);
/* Makes the store hold `ref` until it is deleted (idempotent): used when
 * Wasm keeps a reference the store cannot otherwise account for. */
void capi_store_hold(wasm_store_t *store, wasm_ref_t *ref);
/* Keeps `code` alive as long as the store. */
void capi_store_hold_code(wasm_store_t *store, module_code *code);

/* The wrapper of a husk object, made on first use; returns a new count. */
wasm_func_t *capi_func_wrap(wasm_store_t *store, husk_func *func);
wasm_global_t *capi_global_wrap(wasm_store_t *store, husk_global *global);
wasm_table_t *capi_table_wrap(wasm_store_t *store, husk_table *table);
wasm_memory_t *capi_memory_wrap(wasm_store_t *store, husk_memory *memory);
wasm_extern_t *capi_extern_wrap(wasm_store_t *store, const husk_extern *ext);
/* The husk view of an extern. */
husk_extern capi_extern_to_husk(const wasm_extern_t *ext);

/* ------------------------------------------------------------ values */

/* A value for husk, of husk kind `want`: false when the value's kind or
 * reference does not fit (wrong kind, a non-func as funcref, an object of
 * another store). Externrefs passed to Wasm become held by the store. */
bool capi_val_to_husk(wasm_store_t *store, const wasm_val_t *val, husk_valkind want,
                      husk_val *out);
/* A value from husk; references come out as new counted wrappers. */
void capi_val_from_husk(wasm_store_t *store, const husk_val *val, wasm_val_t *out);
/* Reference <-> husk value of a reference kind (NULL is ref.null). */
bool capi_ref_to_husk(wasm_store_t *store, wasm_ref_t *ref, husk_valkind want, husk_val *out);
wasm_ref_t *capi_ref_from_husk(wasm_store_t *store, const husk_val *val);

/* ------------------------------------------------------------ traps */

/* A trap with a copy of `message` and no frames. */
wasm_trap_t *capi_trap_new(const char *message);
/* Takes a husk trap (and deletes it). `entry` is the instance whose function
 * was called from the host, or NULL; `code` its module (or the module being
 * instantiated); both help to place husk's frames, see trap.c. */
wasm_trap_t *capi_trap_from_husk(husk_trap *trap, wasm_instance_t *entry,
                                 const module_code *code);

#endif
