/*
 * husk.h - the embedding API of the husk WebAssembly engine.
 *
 * Objects and ownership
 *   husk_config    settings, built with setters, copied by husk_engine_new.
 *   husk_engine    shared, immutable after creation, safe to use from any thread.
 *   husk_module    a decoded, validated and translated module. Immutable; may be
 *                  shared between threads and instantiated in many stores.
 *   husk_store     owns everything a running guest creates (instances, funcs,
 *                  memories, tables, globals). One store is used by one thread
 *                  at a time; use one store per thread.
 *   husk_instance, husk_func, husk_memory, husk_table, husk_global
 *                  live in a store and are freed with it: never delete them.
 *
 * Every object returned by a *_new function is released by its *_delete.
 * Failures are returned as values: a husk_error (decode, validation, link,
 * configuration errors) or a husk_trap (a guest stopped at run time). Both carry
 * a message; the caller owns and deletes them. No function here keeps global
 * state; nothing is printed.
 */
#ifndef HUSK_H
#define HUSK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HUSK_VERSION "0.1.0"

typedef struct husk_config husk_config;
typedef struct husk_engine husk_engine;
typedef struct husk_module husk_module;
typedef struct husk_store husk_store;
typedef struct husk_instance husk_instance;
typedef struct husk_func husk_func;
typedef struct husk_memory husk_memory;
typedef struct husk_table husk_table;
typedef struct husk_global husk_global;
typedef struct husk_caller husk_caller;
typedef struct husk_error husk_error;
typedef struct husk_trap husk_trap;

/* ---------------------------------------------------------------- errors */

/* A failure that is not a trap: bad bytes, invalid module, failed link, bad
 * configuration. The message is the spec's wording where the spec has one
 * ("unexpected end", "type mismatch", "unknown import", ...), followed by
 * context such as the byte offset. */
const char *husk_error_message(const husk_error *error);
void husk_error_delete(husk_error *error);

/* ---------------------------------------------------------------- values */

typedef enum husk_valkind {
  HUSK_I32 = 0x7f,
  HUSK_I64 = 0x7e,
  HUSK_F32 = 0x7d,
  HUSK_F64 = 0x7c,
  HUSK_FUNCREF = 0x70,
  HUSK_EXTERNREF = 0x6f,
} husk_valkind;

/* A Wasm value. Floats are held as their bit patterns so that NaN payloads
 * survive every copy exactly; use husk_val_f32()/husk_val_get_f32() to
 * convert. funcref holds a husk_func* (NULL is ref.null); externref holds an
 * embedder pointer (NULL is ref.null). */
typedef struct husk_val {
  husk_valkind kind;
  union {
    int32_t i32;
    int64_t i64;
    uint32_t f32_bits;
    uint64_t f64_bits;
    husk_func *funcref;
    void *externref;
  } of;
} husk_val;

husk_val husk_val_i32(int32_t v);
husk_val husk_val_i64(int64_t v);
husk_val husk_val_f32(float v);
husk_val husk_val_f64(double v);
husk_val husk_val_funcref(husk_func *f);
husk_val husk_val_externref(void *p);
float husk_val_get_f32(const husk_val *v);
double husk_val_get_f64(const husk_val *v);
/* The text name of a kind: "i32", "funcref", ... */
const char *husk_valkind_name(husk_valkind kind);

/* A function signature. Arrays are owned by whoever owns the enclosing
 * object (a module, a func); a caller building one for a host function keeps
 * its arrays alive only for the duration of the husk_func_new call. */
typedef struct husk_functype {
  const husk_valkind *params;
  size_t param_count;
  const husk_valkind *results;
  size_t result_count;
} husk_functype;

typedef struct husk_limits {
  uint32_t min;
  uint32_t max;      /* valid only when has_max */
  bool has_max;
} husk_limits;

/* ---------------------------------------------------------------- traps */

typedef enum husk_trap_code {
  HUSK_TRAP_UNREACHABLE = 1,       /* "unreachable" */
  HUSK_TRAP_INT_OVERFLOW,          /* "integer overflow" */
  HUSK_TRAP_DIV_BY_ZERO,           /* "integer divide by zero" */
  HUSK_TRAP_INVALID_CONVERSION,    /* "invalid conversion to integer" */
  HUSK_TRAP_MEMORY_OOB,            /* "out of bounds memory access" */
  HUSK_TRAP_TABLE_OOB,             /* "out of bounds table access" */
  HUSK_TRAP_UNDEFINED_ELEMENT,     /* "undefined element" */
  HUSK_TRAP_UNINITIALIZED_ELEMENT, /* "uninitialized element" */
  HUSK_TRAP_INDIRECT_CALL_TYPE,    /* "indirect call type mismatch" */
  HUSK_TRAP_NULL_REFERENCE,        /* "null reference" */
  HUSK_TRAP_STACK_EXHAUSTED,       /* "call stack exhausted" */
  HUSK_TRAP_HOST,                  /* raised by a host function */
  HUSK_TRAP_EXIT,                  /* the guest asked to exit (WASI proc_exit) */
  HUSK_TRAP_OUT_OF_FUEL,           /* "all fuel consumed" */
  HUSK_TRAP_INTERRUPTED,           /* "interrupted" */
  HUSK_TRAP_RESOURCE_LIMIT,        /* a store limit was reached */
} husk_trap_code;

/* A trap made by the embedder, e.g. inside a host function. */
husk_trap *husk_trap_new(const char *message);
/* A trap that stops the guest with an exit status (used by WASI proc_exit). */
husk_trap *husk_trap_new_exit(int status);
husk_trap_code husk_trap_code_of(const husk_trap *trap);
/* "integer divide by zero", or the host's message. */
const char *husk_trap_message(const husk_trap *trap);
/* Exit status of a HUSK_TRAP_EXIT trap, else -1. */
int husk_trap_exit_status(const husk_trap *trap);
/* Frames innermost first, as function names ("$name" from the name section,
 * "module!export", or "func[N]"). */
size_t husk_trap_frame_count(const husk_trap *trap);
const char *husk_trap_frame_name(const husk_trap *trap, size_t index);
/* Byte offset of the frame's instruction within the module's code section,
 * or UINT32_MAX if unknown. */
uint32_t husk_trap_frame_offset(const husk_trap *trap, size_t index);
void husk_trap_delete(husk_trap *trap);

/* ---------------------------------------------------------------- config */

husk_config *husk_config_new(void);
void husk_config_delete(husk_config *config);
/* Each setter returns its config so calls can be chained; an out-of-range
 * value is remembered and reported by husk_engine_new as an error. */
/* Maximum nesting of calls (Wasm and host) before "call stack exhausted". */
husk_config *husk_config_max_call_depth(husk_config *c, uint32_t depth);
/* Bytes of value stack per store, rounded to slots of 8 bytes. */
husk_config *husk_config_max_stack_bytes(husk_config *c, size_t bytes);
/* Upper bound on any linear memory's size in 64 KiB pages (<= 65536). */
husk_config *husk_config_max_memory_pages(husk_config *c, uint32_t pages);
/* Upper bound on any table's size in elements. */
husk_config *husk_config_max_table_elements(husk_config *c, uint32_t elements);
/* Fuel metering: when enabled, code is translated to charge each basic block
 * its number of instructions against the store's fuel (husk_store_set_fuel),
 * trapping with HUSK_TRAP_OUT_OF_FUEL when it runs out. Deterministic: the
 * same inputs consume the same fuel. Off by default (and then free). */
husk_config *husk_config_consume_fuel(husk_config *c, bool enable);
/* Interruption: when enabled, code checks the store's interrupt flag at
 * every function entry and loop header, so husk_store_interrupt and
 * deadlines stop even a tight loop promptly. Off by default (and then
 * free). */
husk_config *husk_config_interruptible(husk_config *c, bool enable);
/* Guard pages: each linear memory reserves 8 GiB of address space, of which
 * only its current size is accessible, so loads and stores run without
 * bounds checks and an out-of-bounds access faults; husk turns such faults
 * (and only those) into HUSK_TRAP_MEMORY_OOB traps with a SIGSEGV handler
 * that passes every other fault on to the handler installed before it. On
 * by default on x86-64 Linux. Turn it off when address space is scarce
 * (ulimit -v, many thousands of memories) or the process must not have a
 * SIGSEGV handler; memories then cost only their maximum size and every
 * access is checked explicitly (measured in docs/engine.md). A SIGSEGV
 * handler the embedder installs after husk's (the first guarded memory
 * installs it) must pass on the faults it does not recognise, as husk's
 * does, or guest out-of-bounds accesses will reach it instead. */
husk_config *husk_config_guard_pages(husk_config *c, bool enable);
/* Threads that translate a module's function bodies: a module with at least
 * 256 KiB of code is translated on this many at once (the calling thread
 * and threads started for the one call), smaller ones on the calling thread
 * alone. 0, the default, means one per online CPU, up to 8; 1 never starts
 * a thread. At most 64. The translated code, and the error reported for an
 * invalid module (its lowest-numbered invalid function), are the same for
 * any count. */
husk_config *husk_config_compile_threads(husk_config *c, uint32_t threads);

/* ---------------------------------------------------------------- cache */

/* A compiled-module cache: husk_module_new stores each module it translates
 * in a directory and later loads it from there, skipping decoding,
 * validation and translation, in this process or any other sharing the
 * directory. Entries are keyed by a cryptographic hash of the module's bytes,
 * the husk build and every setting that changes translation, compressed,
 * written atomically, authenticated with a secret key kept outside the
 * directory (an entry that does not verify is ignored and rebuilt), and
 * evicted least-recently-used past the capacity. See docs/cache.md.
 *
 * Caching is off unless a cache config is given to husk_config_cache. It
 * never makes a load fail: an unusable directory or key turns caching off for
 * the engine, reported once through the warning callback. */
typedef struct husk_cache_config husk_cache_config;

/* Receives one message, e.g. "cache directory /x: Permission denied;
 * caching disabled". Called at most once per engine, from whichever thread
 * ran into the problem. */
typedef void (*husk_cache_warning_fn)(void *data, const char *message);

/* Enabled, in the default directory ($XDG_CACHE_HOME/husk, else
 * ~/.cache/husk), 1 GiB capacity, key in the default key file. */
husk_cache_config *husk_cache_config_new(void);
void husk_cache_config_delete(husk_cache_config *c);
/* Setters return their config for chaining; strings are copied. A bad value
 * is reported by husk_engine_new (or the stats/clear functions). */
husk_cache_config *husk_cache_config_directory(husk_cache_config *c, const char *path);
/* Bytes of entries kept (4 KiB .. 1 PiB); least recently used go first. */
husk_cache_config *husk_cache_config_capacity(husk_cache_config *c, uint64_t bytes);
/* Modules smaller than this many bytes are translated without touching the
 * cache (default 1 MiB): translation runs at about 90 MB/s, so for them a
 * cached load is slower than compiling. The cache directory and key are
 * opened only when the first large enough module is loaded. 0 caches all. */
husk_cache_config *husk_cache_config_min_module_size(husk_cache_config *c, uint64_t bytes);
husk_cache_config *husk_cache_config_disabled(husk_cache_config *c, bool disabled);
/* Where the secret key that authenticates entries is kept: a file of 32
 * random bytes, created (mode 0600) on first use, which must belong to the
 * user and be accessible by nobody else. Default: $XDG_CONFIG_HOME/husk/
 * cache.key, else ~/.config/husk/cache.key. It must not be in the cache
 * directory: whoever can write entries must not be able to read the key. */
husk_cache_config *husk_cache_config_key_file(husk_cache_config *c, const char *path);
/* Or the key itself (16 to 64 bytes, copied), e.g. from a secret store. */
husk_cache_config *husk_cache_config_key(husk_cache_config *c, const uint8_t *key, size_t size);
husk_cache_config *husk_cache_config_warning(husk_cache_config *c, husk_cache_warning_fn fn,
                                             void *data);
/* The directory the config designates, written to buf like snprintf; returns
 * the length it has (0 when there is none: no directory set, no
 * $XDG_CACHE_HOME and no $HOME). */
size_t husk_cache_config_directory_path(const husk_cache_config *c, char *buf, size_t size);
/* Uses cache (copied) for engines made from c; NULL turns caching off. */
husk_config *husk_config_cache(husk_config *c, const husk_cache_config *cache);

typedef struct husk_cache_stats {
  uint64_t entries;    /* entries in the directory */
  uint64_t bytes;      /* their total size on disk */
  uint64_t capacity;   /* the config's capacity */
  uint64_t hits;       /* loads served from the cache ... */
  uint64_t misses;     /* ... and loads that had to translate */
} husk_cache_stats;

/* The directory's totals. hits and misses count every lookup by every
 * process using the directory since it was last cleared (kept in a small
 * file, updated best-effort). */
husk_error *husk_cache_stats_read(const husk_cache_config *c, husk_cache_stats *out);
/* This engine's own hits and misses (entries/bytes/capacity left 0); all
 * zero when the engine has no cache. */
void husk_engine_cache_stats(const husk_engine *engine, husk_cache_stats *out);
/* Removes every entry and resets the counts; files of other programs in the
 * directory are left alone. */
husk_error *husk_cache_clear(const husk_cache_config *c);

/* ---------------------------------------------------------------- engine */

/* config may be NULL for defaults; it is copied, the caller keeps it. */
husk_error *husk_engine_new(const husk_config *config, husk_engine **out);
void husk_engine_delete(husk_engine *engine);

/* ---------------------------------------------------------------- module */

typedef enum husk_externkind {
  HUSK_EXTERN_FUNC = 0,
  HUSK_EXTERN_TABLE = 1,
  HUSK_EXTERN_MEMORY = 2,
  HUSK_EXTERN_GLOBAL = 3,
} husk_externkind;

/* The type of an import or export. */
typedef struct husk_externtype {
  husk_externkind kind;
  husk_functype func;                 /* kind == FUNC */
  struct { husk_valkind elem; husk_limits limits; } table;   /* TABLE */
  husk_limits memory;                 /* kind == MEMORY (in pages) */
  struct { husk_valkind type; bool mutable_; } global;       /* GLOBAL */
} husk_externtype;

/* Names are UTF-8 and NUL-terminated for C; a Wasm name may itself contain
 * NUL bytes, so its exact length is given too. */
typedef struct husk_import_desc {
  const char *module;
  const char *name;
  size_t module_len, name_len;
  husk_externtype type;
} husk_import_desc;

typedef struct husk_export_desc {
  const char *name;
  size_t name_len;
  husk_externtype type;
} husk_export_desc;

/* Decodes, validates and translates a binary module. The bytes are copied. */
husk_error *husk_module_new(husk_engine *engine, const uint8_t *bytes,
                            size_t size, husk_module **out);
/* Decodes and validates only; returns NULL when the module is valid. */
husk_error *husk_module_validate(husk_engine *engine, const uint8_t *bytes,
                                 size_t size);
void husk_module_delete(husk_module *module);
/* Descriptions stay valid as long as the module. */
size_t husk_module_import_count(const husk_module *m);
const husk_import_desc *husk_module_import(const husk_module *m, size_t i);
size_t husk_module_export_count(const husk_module *m);
const husk_export_desc *husk_module_export(const husk_module *m, size_t i);
/* Custom sections, in order: name and contents. */
size_t husk_module_custom_section_count(const husk_module *m);
const char *husk_module_custom_section(const husk_module *m, size_t i,
                                       const uint8_t **data, size_t *size);
/* Writes a listing of the translated bytecode of every defined function
 * (the internal instruction set of docs/engine.md), for looking at what the
 * interpreter runs. The format is for people and may change between
 * versions. Returns false when writing to out failed. */
bool husk_module_write_bytecode(const husk_module *m, FILE *out);

/* ---------------------------------------------------------------- store */

/* user_data is returned by husk_caller_user_data to host functions. */
husk_store *husk_store_new(husk_engine *engine, void *user_data);
void husk_store_delete(husk_store *store);
void *husk_store_user_data(const husk_store *store);

/* Fuel (engines with husk_config_consume_fuel). A new store has none. After
 * HUSK_TRAP_OUT_OF_FUEL the store is usable again once refuelled. Errors
 * when the engine does not meter fuel. */
husk_error *husk_store_set_fuel(husk_store *store, uint64_t fuel);
husk_error *husk_store_get_fuel(const husk_store *store, uint64_t *remaining);
/* Fuel consumed since the store was created. */
uint64_t husk_store_fuel_consumed(const husk_store *store);

/* Interruption (engines with husk_config_interruptible). husk_store_interrupt
 * may be called from any thread: the guest running in the store stops with
 * HUSK_TRAP_INTERRUPTED at its next check, and the flag is cleared then, so
 * later calls run normally. A deadline interrupts after `ms` milliseconds of
 * wall-clock time; 0 cancels it. */
void husk_store_interrupt(husk_store *store);
husk_error *husk_store_set_deadline(husk_store *store, uint64_t ms);

/* Store-wide limits, checked when memories and tables are created or grow
 * (a refused memory.grow returns -1 as the spec allows) and when instances
 * are created. 0 means no limit beyond the engine's configuration. */
void husk_store_limit_memory(husk_store *store, uint64_t total_bytes);
void husk_store_limit_table_elements(husk_store *store, uint64_t total_elements);
void husk_store_limit_instances(husk_store *store, uint32_t count);

/* ---------------------------------------------------------------- externs */

/* A value for an import, or what an export is. */
typedef struct husk_extern {
  husk_externkind kind;
  union {
    husk_func *func;
    husk_table *table;
    husk_memory *memory;
    husk_global *global;
  } of;
} husk_extern;

/* ---------------------------------------------------------------- instance */

/* Instantiates a module. imports[i] satisfies the module's import i, in the
 * order of husk_module_import. On success *out is set and NULL returned. A link
 * failure (wrong count, kind or type) returns an error and sets no trap; a
 * trap during initialisation or in the start function sets *trap (and *out to
 * NULL) and returns NULL. Segments applied before the trap stay applied, as
 * the spec requires. */
husk_error *husk_instance_new(husk_store *store, const husk_module *module,
                              const husk_extern *imports, size_t import_count,
                              husk_instance **out, husk_trap **trap);
/* Looks up an export by name; false when there is none. */
bool husk_instance_export(const husk_instance *instance, const char *name,
                          husk_extern *out);
/* The same for a name of `len` bytes, which may contain NUL bytes. */
bool husk_instance_export_n(const husk_instance *instance, const char *name,
                            size_t len, husk_extern *out);
size_t husk_instance_export_count(const husk_instance *instance);
/* The i-th export, in the module's export order; returns its name. */
const char *husk_instance_export_nth(const husk_instance *instance, size_t i,
                                     husk_extern *out);
const husk_module *husk_instance_module(const husk_instance *instance);

/* ---------------------------------------------------------------- funcs */

/* A host function. args holds param_count values, results must be filled with
 * result_count values of the declared kinds. Returning a non-NULL trap stops
 * the guest; husk takes ownership of it. The callback may call back into Wasm
 * through husk_func_call on the same store. */
typedef husk_trap *(*husk_host_callback)(husk_caller *caller, void *env,
                                         const husk_val *args,
                                         husk_val *results);

/* env is passed to the callback; finalize (may be NULL) is called on env when
 * the store is deleted. */
husk_func *husk_func_new(husk_store *store, const husk_functype *type,
                         husk_host_callback callback, void *env,
                         void (*finalize)(void *env));
/* The function's signature; arrays live as long as the func. */
husk_functype husk_func_type(const husk_func *func);
/* Calls a function. args must match the parameter kinds and results must have
 * room for the results. Returns NULL on success, or the trap. A kind mismatch
 * is reported as a HUSK_TRAP_HOST trap, never undefined behaviour. */
husk_trap *husk_func_call(husk_store *store, husk_func *func,
                          const husk_val *args, size_t arg_count,
                          husk_val *results, size_t result_count);

/* Inside a host callback: the store, and the calling instance's exports (so
 * WASI can find "memory"). caller is valid only during the callback. */
husk_store *husk_caller_store(husk_caller *caller);
void *husk_caller_user_data(husk_caller *caller);
bool husk_caller_export(husk_caller *caller, const char *name,
                        husk_extern *out);

/* ---------------------------------------------------------------- memory */

husk_memory *husk_memory_new(husk_store *store, husk_limits limits);
/* The base pointer and size may change after any call into Wasm or grow:
 * fetch them again rather than keeping them. */
uint8_t *husk_memory_data(husk_memory *memory);
size_t husk_memory_size_bytes(const husk_memory *memory);
uint32_t husk_memory_size_pages(const husk_memory *memory);
husk_limits husk_memory_limits(const husk_memory *memory);
/* Grows by delta pages; returns the old size in pages, or -1 on failure. */
int64_t husk_memory_grow(husk_memory *memory, uint32_t delta);

/* ---------------------------------------------------------------- tables */

/* init fills the new elements (NULL reference when kind matches and ptr NULL). */
husk_table *husk_table_new(husk_store *store, husk_valkind elem,
                           husk_limits limits, husk_val init);
uint32_t husk_table_size(const husk_table *table);
husk_valkind husk_table_elem_kind(const husk_table *table);
husk_limits husk_table_limits(const husk_table *table);
bool husk_table_get(const husk_table *table, uint32_t index, husk_val *out);
bool husk_table_set(husk_table *table, uint32_t index, husk_val value);
/* Returns the old size, or -1 on failure. */
int64_t husk_table_grow(husk_table *table, uint32_t delta, husk_val init);

/* ---------------------------------------------------------------- globals */

husk_global *husk_global_new(husk_store *store, husk_valkind kind,
                             bool mutable_, husk_val value);
husk_val husk_global_get(const husk_global *global);
/* False when the global is immutable or the kind differs. */
bool husk_global_set(husk_global *global, husk_val value);
husk_valkind husk_global_kind(const husk_global *global);
bool husk_global_mutable(const husk_global *global);

/* ---------------------------------------------------------------- linker */

/* Resolves imports by (module, name). A linker belongs to one store and holds
 * no references that outlive it; delete it before the store. */
typedef struct husk_linker husk_linker;
husk_linker *husk_linker_new(husk_store *store);
void husk_linker_delete(husk_linker *linker);
/* The store the linker was created for. */
husk_store *husk_linker_store(const husk_linker *linker);
/* Defines one item; defining the same (module, name) twice is an error. */
husk_error *husk_linker_define(husk_linker *linker, const char *module,
                               const char *name, const husk_extern *item);
/* Defines every export of instance under the module name. */
husk_error *husk_linker_define_instance(husk_linker *linker, const char *module,
                                        husk_instance *instance);
/* Looks up a definition; false when there is none. */
bool husk_linker_get(const husk_linker *linker, const char *module,
                     const char *name, husk_extern *out);
/* Instantiates module with imports found by name: an import with no
 * definition is the error "unknown import: module.name". Same contract as
 * husk_instance_new otherwise. */
husk_error *husk_linker_instantiate(husk_linker *linker,
                                    const husk_module *module,
                                    husk_instance **out, husk_trap **trap);

#ifdef __cplusplus
}
#endif
#endif
