/*
 * engine.c - configurations and engines: thin owners of their husk
 * counterparts. An engine may be used from any thread, like husk_engine.
 */
#include <stdlib.h>

#include "capi/capi.h"

wasm_config_t *wasm_config_new(void) {
  husk_config *c = husk_config_new();
  if (!c) return NULL;
  wasm_config_t *config = capi_malloc(sizeof *config);
  config->config = c;
  return config;
}

void wasm_config_delete(wasm_config_t *config) {
  if (!config) return;
  husk_config_delete(config->config);
  free(config);
}

husk_config *husk_config_from_wasm(wasm_config_t *config) { return config->config; }

/* NULL when husk rejects the configuration: this API has no error channel
 * for engines, and an engine with silently different limits is worse. */
wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *config) {
  husk_engine *e = NULL;
  husk_error *err = husk_engine_new(config ? config->config : NULL, &e);
  wasm_config_delete(config);
  if (err) {
    husk_error_delete(err);
    return NULL;
  }
  wasm_engine_t *engine = capi_malloc(sizeof *engine);
  engine->engine = e;
  return engine;
}

wasm_engine_t *wasm_engine_new(void) { return wasm_engine_new_with_config(NULL); }

void wasm_engine_delete(wasm_engine_t *engine) {
  if (!engine) return;
  husk_engine_delete(engine->engine);
  free(engine);
}
