/*
 * runtime.h - the internal shape of engines, modules, stores and the objects
 * a running guest uses. The interpreter reads these directly; everything else
 * goes through the public API.
 */
#ifndef HUSK_WASM_RUNTIME_H
#define HUSK_WASM_RUNTIME_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "husk/husk.h"
#include "wasm/module.h"
#include "wasm/ops.h"

/* A value in a frame. Every Wasm value fits in one slot; floats are handled
 * as bit patterns everywhere except inside arithmetic. */
typedef union slot {
  int32_t i32;
  uint32_t u32;
  int64_t i64;
  uint64_t u64;
  float f32;
  double f64;
  void *ref;
} slot;

/* One unit of translated code: an instruction starts with the address of its
 * handler (direct threading) and is followed by operand cells holding two
 * 32-bit operands each, or one 64-bit immediate. */
typedef union cell {
  const void *op;
  uint32_t u32[2];
  int32_t s32[2];
  uint64_t u64;
  const void *ptr;
} cell;

/* A translated function. The frame is [params | locals | constants |
 * operand temps]: frame_slots covers all four. On entry the locals a read
 * may find unassigned are zeroed (zero_from..zero_to)
 * and the constants (operands the translator pooled so that loops read them
 * instead of re-materialising them) are copied in. Arguments arrive in slots 0..params-1 and
 * results leave in slots 0..results-1 of the same frame, which are the
 * caller's temps where it placed the arguments, so calls copy nothing. */
typedef struct compiled_func {
  cell *code;
  uint32_t code_cells;
  uint32_t frame_slots;
  uint32_t param_count, local_count, result_count;
  /* Declared locals zero_from..zero_to-1 (0 = the first after the params)
   * are zeroed on entry: every local some read may find unassigned is in
   * that range; the others are written first (compile.c, "Locals read
   * before written"). */
  uint32_t zero_from, zero_to;
  uint32_t const_count;
  uint64_t *consts;            /* copied to slots params+locals.. on entry */
  uint32_t func_index;         /* in the module's function index space */
  uint32_t type_id;            /* canonical type id */
  const char *name;            /* from the name section, else an export name, or NULL */
  bool name_is_export;
} compiled_func;

struct husk_config {
  uint32_t max_call_depth;
  size_t max_stack_bytes;
  uint32_t max_memory_pages;
  uint32_t max_table_elements;
  bool consume_fuel;           /* translation emits fuel charges */
  bool interruptible;          /* translation emits interrupt checks */
  bool guard_pages;            /* memories have guard regions; loads and
                                * stores are translated without checks */
  uint32_t compile_threads;    /* 0: one per online CPU (translate.c) */
  const char *invalid;         /* first bad setting, reported by engine_new */
  husk_cache_config *cache;    /* owned copy (src/cache/config.c); NULL: no cache */
};

/* Canonical function types: equal signatures share one id across all the
 * modules of an engine, so call_indirect and linking compare integers. */
typedef struct type_registry {
  pthread_mutex_t lock;
  struct interned_type { uint32_t hash, nparams, nresults; uint8_t *types; } *types;
  uint32_t count, cap;
  uint32_t *buckets;           /* open addressing: id + 1, 0 = empty */
  uint32_t bucket_count;
} type_registry;

struct husk_engine {
  husk_config config;
  type_registry types;
  const void *op_labels[OP_COUNT]; /* handler addresses, from interp_labels() */
  /* The compiled-module cache, opened on first use (cache_lookup) under
   * cache_lock; config.cache is the engine's own copy of its settings. */
  struct husk_cache *cache;    /* NULL: off, unusable, or not opened yet */
  pthread_mutex_t cache_lock;
  bool cache_opened;
};

struct husk_module {
  husk_engine *engine;
  wasm_module *wasm;
  compiled_func *funcs;        /* one per defined function */
  husk_valkind **type_kinds;   /* per type: params then results as husk_valkind */
  husk_import_desc *imports;
  husk_export_desc *exports;
};

typedef enum func_kind { FUNC_WASM, FUNC_HOST } func_kind;

struct husk_func {
  func_kind kind;
  uint32_t type_id;
  husk_functype type;
  husk_instance *instance;     /* wasm: the owning instance */
  const compiled_func *code;   /* wasm */
  husk_host_callback callback; /* host */
  void *env;
  void (*finalize)(void *env);
  husk_valkind *owned_kinds;   /* host: copy of the signature */
};

struct husk_memory {
  husk_store *store;
  uint8_t *base;               /* reserved once at the maximum: never moves */
  uint64_t size;               /* bytes accessible now */
  uint32_t pages, max_pages;   /* max_pages: the effective limit */
  husk_limits declared;
  size_t reserved;             /* bytes of address space reserved */
};

struct husk_table {
  husk_store *store;
  void **elems;
  uint32_t size, cap;
  uint32_t max;                /* effective limit */
  husk_limits declared;
  husk_valkind kind;
};

struct husk_global {
  slot value;
  husk_valkind kind;
  bool mutable_;
};

/* A segment's state at run time: passive element segments hold their
 * evaluated references until dropped; data segments need only the flag. */
typedef struct elem_instance { void **refs; uint32_t count; } elem_instance;

struct husk_instance {
  husk_store *store;
  const husk_module *module;
  husk_func **funcs;
  husk_table **tables;
  husk_memory **memories;
  husk_global **globals;
  elem_instance *elems;
  bool *data_dropped;
  husk_memory *mem0;           /* memories[0] or NULL: the interpreter's fast path */
  husk_extern *exports;
};

/* One activation on the store's control stack: the function running and
 * where its caller resumes (the caller's pc, fp and instance). */
typedef struct frame {
  const cell *ret_pc;          /* NULL: return to the host */
  slot *fp;
  husk_instance *instance;
  const compiled_func *func;
} frame;

struct husk_store {
  husk_engine *engine;
  void *user_data;
  slot *stack, *stack_end;     /* value stack */
  slot *sp;                    /* first free slot while a host function runs */
  frame *frames;
  uint32_t depth, max_depth;
  uint32_t reentry;             /* nested host -> Wasm calls on the C stack */
  uint64_t fuel;                /* remaining */
  uint64_t fuel_added;          /* total ever set, to report consumption */
  int interrupt;                /* set from any thread (atomic access) */
  struct deadline *deadline;    /* watchdog thread, created on first use */
  /* Limits across the whole store (0: none) and what is in use. */
  uint64_t memory_limit, memory_used;
  uint64_t table_limit, table_used;
  uint32_t instance_limit, instance_count;
  /* Its memories (also in objects), for the fault handler (guard.c). */
  husk_memory **memories; size_t memory_count, memory_cap;
  /* Everything created in the store, freed with it. */
  void **objects; size_t object_count, object_cap;
  void (**object_free)(void *);
};

struct husk_caller {
  husk_store *store;
  husk_instance *instance;     /* calling instance (NULL from the host) */
};

struct husk_trap {
  husk_trap_code code;
  int exit_status;
  char *message;
  size_t frame_count;
  char **frame_names;
};

/* engine.c */
uint32_t types_intern(type_registry *reg, const uint8_t *params, uint32_t np,
                      const uint8_t *results, uint32_t nr, bool *oom);
/* Sets the canonical id of every function type of m; false when out of memory. */
bool types_intern_module(type_registry *reg, wasm_module *m);

/* store.c */
bool store_track(husk_store *s, void *obj, void (*free_fn)(void *));
/* NULL with *why set when the memory cannot be created. */
husk_memory *memory_create(husk_store *s, husk_limits limits, const char **why);
husk_table *table_create(husk_store *s, husk_valkind kind, husk_limits limits, void *init);
int64_t memory_grow(husk_memory *m, uint32_t delta);
int64_t table_grow(husk_table *t, uint32_t delta, void *init);
husk_func *func_create_wasm(husk_instance *inst, uint32_t func_index);

/* limits.c: account growth against the store's caps (false: refused). */
bool store_reserve_memory(husk_store *s, uint64_t bytes);
bool store_reserve_table(husk_store *s, uint64_t elements);
void deadline_stop(husk_store *s);

/* trap.c */
husk_trap *trap_new(husk_trap_code code, const char *message);
const char *trap_code_message(husk_trap_code code);
/* Appends the frames from the store's control stack [from_depth, depth). */
void trap_add_frames(husk_trap *t, husk_store *s, uint32_t from_depth);

/* interp.c */
void interp_labels(const void *labels[OP_COUNT]);
/* Runs func with its arguments already in fp[0..params); results are left in
 * fp[0..results). Returns NULL or the trap. */
husk_trap *interp_call(husk_store *s, husk_func *func, slot *fp);

/* values.c: conversion between slots and husk_val for host boundaries. */
husk_val slot_to_val(slot v, husk_valkind kind);
slot val_to_slot(const husk_val *v);

/* compile.c */
char *compile_module(husk_module *m);

/* module.c: fills a decoded module's imports/exports descriptions. */
husk_error *module_describe(husk_module *hm);   /* validates and translates; NULL on success */

#endif
