/*
 * config.c - the runtime builder (husk_js_config): plain data, deep-copied
 * by husk_js_new so an embedder can reuse one config for many runtimes.
 */
#include <stdlib.h>
#include <string.h>

#include "js/internal.h"

husk_js_config *husk_js_config_new(void) {
  husk_js_config *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->builtins = HUSK_JS_ALL;
  c->console = husk_js_console_text;
  return c;
}

void hjs_config_clear(husk_js_config *c) {
  for (size_t i = 0; i < c->search_path_count; i++) free(c->search_paths[i]);
  free(c->search_paths);
  for (int i = 0; i < c->arg_count; i++) free(c->args[i]);
  free(c->args);
  for (size_t i = 0; i < c->env_count; i++) {
    free(c->envs[i].key);
    free(c->envs[i].value);
  }
  free(c->envs);
  for (size_t i = 0; i < c->dir_count; i++) {
    free(c->dirs[i].host);
    free(c->dirs[i].guest);
  }
  free(c->dirs);
  memset(c, 0, sizeof *c);
}

void husk_js_config_delete(husk_js_config *c) {
  if (!c) return;
  hjs_config_clear(c);
  free(c);
}

void husk_js_config_builtins(husk_js_config *c, unsigned mask) {
  c->builtins = mask & HUSK_JS_ALL;
}

void husk_js_config_enable(husk_js_config *c, husk_js_builtin b, bool enable) {
  if (enable)
    c->builtins |= b;
  else
    c->builtins &= ~(unsigned)b;
}

/* Appends a copy of s to a string array; the failure is silent because the
 * setters return nothing: husk_js_new then sees fewer entries, never a
 * dangling one. */
static void push_string(char ***array, size_t *count, const char *s) {
  char *copy = strdup(s);
  char **grown = copy ? realloc(*array, (*count + 1) * sizeof **array) : NULL;
  if (!grown) {
    free(copy);
    return;
  }
  *array = grown;
  (*array)[(*count)++] = copy;
}

void husk_js_config_search_path(husk_js_config *c, const char *dir) {
  push_string(&c->search_paths, &c->search_path_count, dir);
}

void husk_js_config_memory_limit(husk_js_config *c, size_t bytes) { c->memory_limit = bytes; }
void husk_js_config_stack_size(husk_js_config *c, size_t bytes) { c->stack_size = bytes; }
void husk_js_config_timeout_ms(husk_js_config *c, uint64_t ms) { c->timeout_ms = ms; }

void husk_js_config_args(husk_js_config *c, int argc, const char *const *argv) {
  for (int i = 0; i < c->arg_count; i++) free(c->args[i]);
  free(c->args);
  c->args = NULL;
  size_t count = 0;
  for (int i = 0; i < argc; i++) push_string(&c->args, &count, argv[i]);
  c->arg_count = (int)count;
}

void husk_js_config_env(husk_js_config *c, const char *key, const char *value) {
  for (size_t i = 0; i < c->env_count; i++) {
    if (strcmp(c->envs[i].key, key) == 0) {
      char *v = strdup(value);
      if (!v) return;
      free(c->envs[i].value);
      c->envs[i].value = v;
      return;
    }
  }
  hjs_env_spec *grown = realloc(c->envs, (c->env_count + 1) * sizeof *grown);
  if (!grown) return;
  c->envs = grown;
  hjs_env_spec e = {strdup(key), strdup(value)};
  if (!e.key || !e.value) {
    free(e.key);
    free(e.value);
    return;
  }
  c->envs[c->env_count++] = e;
}

void husk_js_config_inherit_env(husk_js_config *c) { c->inherit_env = true; }

void husk_js_config_preopen_dir(husk_js_config *c, const char *host_path,
                                const char *guest_path, bool read_only) {
  hjs_dir_spec *grown = realloc(c->dirs, (c->dir_count + 1) * sizeof *grown);
  if (!grown) return;
  c->dirs = grown;
  hjs_dir_spec d = {strdup(host_path), guest_path ? strdup(guest_path) : NULL, read_only};
  if (!d.host || (guest_path && !d.guest)) {
    free(d.host);
    free(d.guest);
    return;
  }
  c->dirs[c->dir_count++] = d;
}

void husk_js_config_console(husk_js_config *c, husk_js_console_fn fn, void *user) {
  c->console = fn ? fn : husk_js_console_text;
  c->console_user = user;
}

bool hjs_config_copy(husk_js_config *dst, const husk_js_config *src) {
  memset(dst, 0, sizeof *dst);
  dst->builtins = src->builtins;
  dst->memory_limit = src->memory_limit;
  dst->stack_size = src->stack_size;
  dst->timeout_ms = src->timeout_ms;
  dst->inherit_env = src->inherit_env;
  dst->console = src->console;
  dst->console_user = src->console_user;
  for (size_t i = 0; i < src->search_path_count; i++)
    husk_js_config_search_path(dst, src->search_paths[i]);
  husk_js_config_args(dst, src->arg_count, (const char *const *)src->args);
  for (size_t i = 0; i < src->env_count; i++)
    husk_js_config_env(dst, src->envs[i].key, src->envs[i].value);
  for (size_t i = 0; i < src->dir_count; i++)
    husk_js_config_preopen_dir(dst, src->dirs[i].host, src->dirs[i].guest,
                               src->dirs[i].read_only);
  return dst->search_path_count == src->search_path_count &&
         dst->arg_count == src->arg_count && dst->env_count == src->env_count &&
         dst->dir_count == src->dir_count;
}
