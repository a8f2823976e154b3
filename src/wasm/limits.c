/*
 * limits.c - what a store may use: fuel, interruption and deadlines, and
 * store-wide caps on memory, table elements and instances.
 *
 * Fuel and interruption are polled by instructions the translator emits
 * only when the engine enables them, so a store of an engine without them
 * pays nothing. A deadline is a watchdog thread per store that raises the
 * interrupt flag when the time is up: the interpreter never reads a clock.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "util/error.h"
#include "wasm/runtime.h"

husk_error *husk_store_set_fuel(husk_store *s, uint64_t fuel) {
  if (!s->engine->config.consume_fuel)
    return husk_error_newf("fuel is not enabled: use husk_config_consume_fuel");
  s->fuel_added += fuel - s->fuel;
  s->fuel = fuel;
  return NULL;
}

husk_error *husk_store_get_fuel(const husk_store *s, uint64_t *remaining) {
  if (!s->engine->config.consume_fuel)
    return husk_error_newf("fuel is not enabled: use husk_config_consume_fuel");
  *remaining = s->fuel;
  return NULL;
}

uint64_t husk_store_fuel_consumed(const husk_store *s) { return s->fuel_added - s->fuel; }

void husk_store_interrupt(husk_store *s) { __atomic_store_n(&s->interrupt, 1, __ATOMIC_RELAXED); }

/* ------------------------------------------------------------ deadlines */

struct deadline {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t changed;
  struct timespec when;        /* CLOCK_MONOTONIC */
  bool armed, quit;
  husk_store *store;
};

static void *watchdog(void *arg) {
  struct deadline *d = arg;
  pthread_mutex_lock(&d->lock);
  while (!d->quit) {
    if (!d->armed) {
      pthread_cond_wait(&d->changed, &d->lock);
    } else if (pthread_cond_timedwait(&d->changed, &d->lock, &d->when) == ETIMEDOUT && d->armed) {
      d->armed = false;
      husk_store_interrupt(d->store);
    }
  }
  pthread_mutex_unlock(&d->lock);
  return NULL;
}

static struct deadline *deadline_start(husk_store *s) {
  struct deadline *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&d->changed, &attr);
  pthread_condattr_destroy(&attr);
  pthread_mutex_init(&d->lock, NULL);
  d->store = s;
  if (pthread_create(&d->thread, NULL, watchdog, d) != 0) {
    pthread_cond_destroy(&d->changed);
    pthread_mutex_destroy(&d->lock);
    free(d);
    return NULL;
  }
  return d;
}

husk_error *husk_store_set_deadline(husk_store *s, uint64_t ms) {
  if (!s->engine->config.interruptible)
    return husk_error_newf("interruption is not enabled: use husk_config_interruptible");
  if (!s->deadline && ms && !(s->deadline = deadline_start(s)))
    return husk_error_newf("cannot start the deadline thread");
  if (!s->deadline) return NULL;
  struct deadline *d = s->deadline;
  pthread_mutex_lock(&d->lock);
  d->armed = ms != 0;
  if (ms) {
    clock_gettime(CLOCK_MONOTONIC, &d->when);
    d->when.tv_sec += (time_t)(ms / 1000);
    d->when.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (d->when.tv_nsec >= 1000000000L) {
      d->when.tv_sec++;
      d->when.tv_nsec -= 1000000000L;
    }
  }
  pthread_cond_signal(&d->changed);
  pthread_mutex_unlock(&d->lock);
  return NULL;
}

void deadline_stop(husk_store *s) {
  struct deadline *d = s->deadline;
  if (!d) return;
  pthread_mutex_lock(&d->lock);
  d->quit = true;
  pthread_cond_signal(&d->changed);
  pthread_mutex_unlock(&d->lock);
  pthread_join(d->thread, NULL);
  pthread_cond_destroy(&d->changed);
  pthread_mutex_destroy(&d->lock);
  free(d);
  s->deadline = NULL;
}

/* ------------------------------------------------------------ store caps */

void husk_store_limit_memory(husk_store *s, uint64_t bytes) { s->memory_limit = bytes; }
void husk_store_limit_table_elements(husk_store *s, uint64_t n) { s->table_limit = n; }
void husk_store_limit_instances(husk_store *s, uint32_t n) { s->instance_limit = n; }

bool store_reserve_memory(husk_store *s, uint64_t bytes) {
  if (s->memory_limit && s->memory_used + bytes > s->memory_limit) return false;
  s->memory_used += bytes;
  return true;
}

bool store_reserve_table(husk_store *s, uint64_t elements) {
  if (s->table_limit && s->table_used + elements > s->table_limit) return false;
  s->table_used += elements;
  return true;
}
