/*
 * define.c - the WASI import table and husk_wasi_define.
 *
 * Each WASI function becomes one host function whose env is a wasi_binding.
 * A single trampoline finds the caller's memory, builds the wasi_call, runs
 * the implementation and stores its errno as the i32 result. The same
 * implementation serves both module names: the few ABI differences of
 * wasi_unstable (fd_seek's whence, the filestat and subscription layouts)
 * are handled inside the functions that have them, from c->unstable.
 */
#include <stdlib.h>
#include <string.h>

#include "wasi/wasi_impl.h"

struct wasi_binding {
  husk_wasi *w;
  wasi_impl fn;
  bool unstable;
  bool has_result;
};

enum { BOTH, PREVIEW1_ONLY };

typedef struct wasi_fn_desc {
  const char *name;
  const char *params;         /* 'i' = i32, 'I' = i64 */
  bool has_result;            /* an i32 errno; only proc_exit has none */
  wasi_impl fn;
  int where;
} wasi_fn_desc;

#define F(name, params, where) {#name, params, true, wasi_##name, where}

static const wasi_fn_desc functions[] = {
  F(args_get, "ii", BOTH),
  F(args_sizes_get, "ii", BOTH),
  F(environ_get, "ii", BOTH),
  F(environ_sizes_get, "ii", BOTH),
  F(clock_res_get, "ii", BOTH),
  F(clock_time_get, "iIi", BOTH),
  F(fd_advise, "iIIi", BOTH),
  F(fd_allocate, "iII", BOTH),
  F(fd_close, "i", BOTH),
  F(fd_datasync, "i", BOTH),
  F(fd_fdstat_get, "ii", BOTH),
  F(fd_fdstat_set_flags, "ii", BOTH),
  F(fd_fdstat_set_rights, "iII", BOTH),
  F(fd_filestat_get, "ii", BOTH),
  F(fd_filestat_set_size, "iI", BOTH),
  F(fd_filestat_set_times, "iIIi", BOTH),
  F(fd_pread, "iiiIi", BOTH),
  F(fd_prestat_get, "ii", BOTH),
  F(fd_prestat_dir_name, "iii", BOTH),
  F(fd_pwrite, "iiiIi", BOTH),
  F(fd_read, "iiii", BOTH),
  F(fd_readdir, "iiiIi", BOTH),
  F(fd_renumber, "ii", BOTH),
  F(fd_seek, "iIii", BOTH),
  F(fd_sync, "i", BOTH),
  F(fd_tell, "ii", BOTH),
  F(fd_write, "iiii", BOTH),
  F(path_create_directory, "iii", BOTH),
  F(path_filestat_get, "iiiii", BOTH),
  F(path_filestat_set_times, "iiiiIIi", BOTH),
  F(path_link, "iiiiiii", BOTH),
  F(path_open, "iiiiiIIii", BOTH),
  F(path_readlink, "iiiiii", BOTH),
  F(path_remove_directory, "iii", BOTH),
  F(path_rename, "iiiiii", BOTH),
  F(path_symlink, "iiiii", BOTH),
  F(path_unlink_file, "iii", BOTH),
  F(poll_oneoff, "iiii", BOTH),
  {"proc_exit", "i", false, wasi_proc_exit, BOTH},
  F(proc_raise, "i", BOTH),
  F(sched_yield, "", BOTH),
  F(random_get, "ii", BOTH),
  F(sock_accept, "iii", PREVIEW1_ONLY),
  F(sock_recv, "iiiiii", BOTH),
  F(sock_send, "iiiii", BOTH),
  F(sock_shutdown, "ii", BOTH),
};
#define FUNCTION_COUNT (sizeof functions / sizeof functions[0])

static husk_trap *trampoline(husk_caller *caller, void *env,
                             const husk_val *args, husk_val *results) {
  static uint8_t no_memory[1];
  const wasi_binding *b = env;
  wasi_call c = {.w = b->w, .mem = no_memory, .mem_size = 0,
                 .unstable = b->unstable, .trap = NULL};
  husk_extern mem;
  if (husk_caller_export(caller, "memory", &mem) &&
      mem.kind == HUSK_EXTERN_MEMORY) {
    uint8_t *data = husk_memory_data(mem.of.memory);
    if (data) {
      c.mem = data;
      c.mem_size = husk_memory_size_bytes(mem.of.memory);
    }
  }
  uint32_t err = b->fn(&c, args);
  if (c.trap) return c.trap;
  if (b->has_result) results[0] = husk_val_i32((int32_t)err);
  return NULL;
}

/* Defines d under module as a host function bound through b. */
static husk_error *define_one(husk_wasi *w, husk_linker *linker, husk_store *store,
                              const char *module, bool unstable, const wasi_fn_desc *d,
                              wasi_binding *b) {
  husk_valkind params[16];
  size_t n = strlen(d->params);
  for (size_t k = 0; k < n; k++)
    params[k] = d->params[k] == 'I' ? HUSK_I64 : HUSK_I32;
  husk_valkind result = HUSK_I32;
  husk_functype type = {params, n, &result, d->has_result ? 1 : 0};
  *b = (wasi_binding){w, d->fn, unstable, d->has_result};
  husk_func *f = husk_func_new(store, &type, trampoline, b, NULL);
  if (!f) return husk_error_newf("out of memory");
  husk_extern item = {.kind = HUSK_EXTERN_FUNC, .of.func = f};
  return husk_linker_define(linker, module, d->name, &item);
}

/* A block of n bindings owned by w. One block per call, never moved: host
 * functions keep pointers into it until the husk_wasi is deleted. */
static wasi_binding *new_bindings(husk_wasi *w, size_t n) {
  wasi_binding **blocks = realloc(w->binding_blocks,
                                  (w->binding_block_count + 1) * sizeof *blocks);
  if (!blocks) return NULL;
  w->binding_blocks = blocks;
  wasi_binding *bindings = calloc(n ? n : 1, sizeof *bindings);
  if (bindings) w->binding_blocks[w->binding_block_count++] = bindings;
  return bindings;
}

static const char *const module_names[] = {"wasi_snapshot_preview1", "wasi_unstable"};

/* The function `name` (of length len) has under the given module name, or
 * NULL. */
static const wasi_fn_desc *find_function(bool unstable, const char *name, size_t len) {
  for (size_t i = 0; i < FUNCTION_COUNT; i++) {
    const wasi_fn_desc *d = &functions[i];
    if (!(unstable && d->where == PREVIEW1_ONLY) && strlen(d->name) == len &&
        memcmp(d->name, name, len) == 0)
      return d;
  }
  return NULL;
}

husk_error *husk_wasi_define(husk_wasi *w, husk_linker *linker) {
  husk_store *store = husk_linker_store(linker);
  if (!store) return husk_error_newf("wasi: linker has no store");
  wasi_binding *bindings = new_bindings(w, 2 * FUNCTION_COUNT);
  if (!bindings) return husk_error_newf("out of memory");
  husk_error *err = NULL;
  for (int unstable = 0; unstable < 2 && !err; unstable++)
    for (size_t i = 0; i < FUNCTION_COUNT && !err; i++)
      if (!(unstable && functions[i].where == PREVIEW1_ONLY))
        err = define_one(w, linker, store, module_names[unstable], unstable, &functions[i],
                         bindings++);
  return err;
}

husk_error *husk_wasi_define_imports(husk_wasi *w, husk_linker *linker,
                                     const husk_module *module) {
  husk_store *store = husk_linker_store(linker);
  if (!store) return husk_error_newf("wasi: linker has no store");
  size_t n = husk_module_import_count(module);
  wasi_binding *bindings = new_bindings(w, n);
  if (!bindings) return husk_error_newf("out of memory");
  for (size_t i = 0; i < n; i++) {
    const husk_import_desc *im = husk_module_import(module, i);
    if (im->type.kind != HUSK_EXTERN_FUNC) continue;
    for (int unstable = 0; unstable < 2; unstable++) {
      const char *name = module_names[unstable];
      if (strlen(name) != im->module_len || memcmp(name, im->module, im->module_len) != 0)
        continue;
      const wasi_fn_desc *d = find_function(unstable, im->name, im->name_len);
      husk_extern already;
      if (!d || husk_linker_get(linker, name, d->name, &already)) continue;
      husk_error *err = define_one(w, linker, store, name, unstable, d, bindings++);
      if (err) return err;
    }
  }
  return NULL;
}
