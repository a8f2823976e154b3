/*
 * translate.c - translating all of a module's function bodies, on several
 * threads when the module is large enough to pay for starting them.
 *
 * Bodies are independent: compile_function reads the module, the config and
 * the handler table, and writes only its own compiled_func (a call stores
 * the address of its callee's entry, never reads it). So workers take the
 * next untranslated index from a shared counter, and the result does not
 * depend on how many run: each body translates the same on any thread.
 * Failure too is reported as a single pass reports it, for the
 * lowest-numbered invalid body: a worker stops taking indices past the
 * lowest failure seen, and every index below that is taken by someone, who
 * finishes it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "wasm/compile.h"

/* Below this much code a module is translated on the calling thread alone:
 * 256 KiB takes ~5 ms, against ~0.1 ms to start and join a worker, and the
 * small modules that start-up time is measured on stay single-threaded. */
#define PARALLEL_MIN_CODE_BYTES (256u << 10)
/* husk_config_compile_threads(0) uses one thread per online CPU, up to
 * this many: past it, memory bandwidth and malloc's locks stop it paying. */
#define AUTO_THREADS_MAX 8
/* Workers need little stack: compile_function keeps its stacks on the heap. */
#define WORKER_STACK_BYTES (256u << 10)

typedef struct job {
  const wasm_module *m;
  const husk_config *config;
  const void *const *labels;
  compiled_func *funcs;
  bool keep_code;
  atomic_uint next;          /* the next index to translate */
  atomic_uint failed;        /* the lowest index that failed; code_count: none */
  pthread_mutex_t lock;      /* guards message and the stores to failed */
  char *message;             /* the lowest failed index's, malloc'd */
} job;

static void record_failure(job *j, uint32_t index, char *message) {
  pthread_mutex_lock(&j->lock);
  if (index < atomic_load(&j->failed)) {
    free(j->message);
    j->message = message;
    atomic_store(&j->failed, index);
  } else {
    free(message);
  }
  pthread_mutex_unlock(&j->lock);
}

static void *work(void *arg) {
  job *j = arg;
  compile_scratch scratch = {0};
  for (;;) {
    uint32_t i = atomic_fetch_add(&j->next, 1);
    if (i >= j->m->code_count || i > atomic_load(&j->failed)) break;
    compiled_func *f = &j->funcs[i];
    char *msg = compile_function(j->m, j->config, j->labels, j->funcs, i, &scratch, f);
    if (msg) {
      record_failure(j, i, msg);
    } else if (!j->keep_code) {   /* validation only */
      free(f->code);
      free(f->consts);
      f->code = NULL;
      f->consts = NULL;
    }
  }
  compile_scratch_free(&scratch);
  return NULL;
}

static uint32_t thread_count(const wasm_module *m, const husk_config *config) {
  uint64_t code_bytes = 0;
  for (uint32_t i = 0; i < m->code_count; i++) code_bytes += m->codes[i].body_size;
  if (code_bytes < PARALLEL_MIN_CODE_BYTES || m->code_count < 2) return 1;
  uint32_t n = config->compile_threads;
  if (n == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    n = cpus < 1 ? 1 : cpus > AUTO_THREADS_MAX ? AUTO_THREADS_MAX : (uint32_t)cpus;
  }
  return n < m->code_count ? n : m->code_count;
}

char *translate_functions(const wasm_module *m, const husk_config *config,
                          const void *const *labels, compiled_func *funcs, bool keep_code) {
  job j = {.m = m, .config = config, .labels = labels, .funcs = funcs, .keep_code = keep_code};
  atomic_init(&j.next, 0);
  atomic_init(&j.failed, m->code_count);
  pthread_mutex_init(&j.lock, NULL);

  /* Workers that cannot be started are simply not there: the calling
   * thread works too, so translation goes on with fewer. */
  uint32_t want = thread_count(m, config) - 1, started = 0;
  pthread_t workers[want ? want : 1];
  pthread_attr_t attr;
  bool have_attr = want && pthread_attr_init(&attr) == 0;
  if (have_attr) pthread_attr_setstacksize(&attr, WORKER_STACK_BYTES);
  for (uint32_t i = 0; i < want; i++)
    if (pthread_create(&workers[started], have_attr ? &attr : NULL, work, &j) == 0) started++;
  if (have_attr) pthread_attr_destroy(&attr);
  work(&j);
  for (uint32_t i = 0; i < started; i++) pthread_join(workers[i], NULL);

  pthread_mutex_destroy(&j.lock);
  return j.message;
}
