/*
 * test_js_api.c - the embedding API (husk/js.h): a sink that captures the
 * console, the builder's module selection, eval, exit statuses, limits,
 * interrupting from another thread, and the request id.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "husk/js.h"

static int failures;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                          \
    }                                                                      \
  } while (0)

/* Captured console output: "LEVEL|requestId|message\n" per call. */
typedef struct capture {
  char text[8192];
  size_t len;
} capture;

static void sink(void *user, husk_js_level level, const char *msg, size_t len,
                 const char *request_id) {
  capture *c = user;
  static const char *const names[] = {"debug", "info", "warn", "error"};
  int n = snprintf(c->text + c->len, sizeof c->text - c->len, "%s|%s|%.*s\n", names[level],
                   request_id ? request_id : "-", (int)len, msg);
  if (n > 0) c->len += (size_t)n < sizeof c->text - c->len ? (size_t)n : 0;
}

/* Runs source (a script, or a module) with config; returns the status and
 * leaves the output in *c. */
static int run(husk_js_config *config, const char *source, bool module, capture *c,
               const char *request_id) {
  memset(c, 0, sizeof *c);
  husk_js_config_console(config, sink, c);
  husk_js *js;
  husk_error *err = husk_js_new(config, &js);
  if (err) {
    fprintf(stderr, "husk_js_new: %s\n", husk_error_message(err));
    husk_error_delete(err);
    failures++;
    return -1;
  }
  if (request_id) husk_js_set_request_id(js, request_id);
  int status = husk_js_eval(js, source, strlen(source), "/virtual/main.js", module);
  husk_js_delete(js);
  return status;
}

static void test_console_and_status(void) {
  husk_js_config *c = husk_js_config_new();
  capture out;
  CHECK(run(c, "console.log('a', 1, {b: 2}); console.warn('w'); console.error('e')", false,
            &out, "req-1") == 0);
  CHECK(!strcmp(out.text, "info|req-1|a 1 { b: 2 }\nwarn|req-1|w\nerror|req-1|e\n"));

  CHECK(run(c, "process.exit(5)", false, &out, NULL) == 5);
  CHECK(run(c, "process.exitCode = 3", false, &out, NULL) == 3);
  CHECK(run(c, "function f() {\n  throw new TypeError('bad');\n}\nf();", false, &out, NULL) == 1);
  CHECK(strstr(out.text, "error|-|Uncaught TypeError: bad") != NULL);
  CHECK(strstr(out.text, "at f (/virtual/main.js:2)") != NULL);
  CHECK(run(c, "Promise.reject(new Error('nope'))", false, &out, NULL) == 1);
  CHECK(strstr(out.text, "Unhandled promise rejection: Error: nope") != NULL);
  CHECK(run(c, "let x = ;", false, &out, NULL) == 1);
  CHECK(strstr(out.text, "SyntaxError") != NULL);
  /* Modules through eval, with the event loop. */
  CHECK(run(c, "import { join } from 'path'; setTimeout(() => console.log(join('a', 'b')), 1);",
            true, &out, NULL) == 0);
  CHECK(!strcmp(out.text, "info|-|a/b\n"));
  husk_js_config_delete(c);
}

static void test_builtin_selection(void) {
  husk_js_config *c = husk_js_config_new();
  husk_js_config_builtins(c, HUSK_JS_CONSOLE | HUSK_JS_PATH);
  capture out;
  CHECK(run(c, "console.log(typeof setTimeout, typeof Buffer, typeof process, require('path').sep)",
            false, &out, NULL) == 0);
  CHECK(!strcmp(out.text, "info|-|undefined undefined undefined /\n"));
  CHECK(run(c, "require('fs')", false, &out, NULL) == 1);
  CHECK(strstr(out.text, "Module 'node:fs' is not available in husk (not enabled in this runtime)") != NULL);
  husk_js_config_enable(c, HUSK_JS_FS, true);
  CHECK(run(c, "console.log(typeof require('fs').readFileSync)", false, &out, NULL) == 0);
  CHECK(!strcmp(out.text, "info|-|function\n"));
  husk_js_config_enable(c, HUSK_JS_CONSOLE, false);
  CHECK(run(c, "globalThis.console === undefined ? 0 : process.exit(9)", false, &out, NULL) == 0);
  husk_js_config_delete(c);
}

static void test_env_args_search_path(void) {
  husk_js_config *c = husk_js_config_new();
  const char *args[] = {"x", "y"};
  husk_js_config_args(c, 2, args);
  husk_js_config_env(c, "ONLY", "this");
  /* tests/js/fixtures/node_modules as a search path: bare names resolve
   * from /virtual, which has no node_modules. */
  husk_js_config_search_path(c, "tests/js/fixtures/node_modules");
  capture out;
  CHECK(run(c, "console.log(process.argv.slice(2).join(), JSON.stringify(process.env), "
               "require('plain').name, require('@scope/pkg'))", false, &out, NULL) == 0);
  CHECK(!strcmp(out.text, "info|-|x,y {\"ONLY\":\"this\"} plain scoped\n"));
  husk_js_config_delete(c);
}

static void test_limits(void) {
  husk_js_config *c = husk_js_config_new();
  husk_js_config_timeout_ms(c, 200);
  capture out;
  CHECK(run(c, "for (;;) {}", false, &out, NULL) == 124);
  CHECK(strstr(out.text, "timed out after 200 ms") != NULL);
  CHECK(run(c, "try { for (;;) {} } catch (e) {} console.log('not reached')", false, &out, NULL) == 124);
  CHECK(strstr(out.text, "not reached") == NULL);
  CHECK(run(c, "setInterval(() => {}, 10)", false, &out, NULL) == 124);
  husk_js_config_delete(c);

  c = husk_js_config_new();
  husk_js_config_memory_limit(c, 16 << 20);
  CHECK(run(c, "const a = []; for (;;) a.push(new Array(1e4).fill(a.length))", false, &out, NULL) == 137);
  CHECK(strstr(out.text, "out of memory") != NULL);
  husk_js_config_delete(c);

  c = husk_js_config_new();
  husk_js_config_stack_size(c, 64 << 10);
  CHECK(run(c, "function f(n) { return n ? f(n - 1) + 1 : 0 } "
               "try { f(1e6) } catch (e) { console.log(e instanceof Error) }",
            false, &out, NULL) == 0);
  CHECK(!strcmp(out.text, "info|-|true\n"));
  husk_js_config_delete(c);
}

static void *interrupt_later(void *arg) {
  usleep(100 * 1000);
  husk_js_interrupt(arg);
  return NULL;
}

static void test_interrupt(void) {
  husk_js_config *c = husk_js_config_new();
  capture out = {0};
  husk_js_config_console(c, sink, &out);
  husk_js *js;
  husk_error *err = husk_js_new(c, &js);
  CHECK(err == NULL);
  if (!err) {
    pthread_t t;
    pthread_create(&t, NULL, interrupt_later, js);
    const char *src = "setTimeout(() => {}, 60000)";   /* a wait, not a loop */
    CHECK(husk_js_eval(js, src, strlen(src), "wait.js", false) == 124);
    pthread_join(t, NULL);
    CHECK(strstr(out.text, "interrupted") != NULL);
    /* One program per runtime. */
    CHECK(husk_js_eval(js, "1", 1, "again.js", false) == 1);
    husk_js_delete(js);
  }
  husk_js_config_delete(c);

  /* A directory that does not exist is an error of husk_js_new. */
  c = husk_js_config_new();
  husk_js_config_preopen_dir(c, "/no/such/dir", "/data", false);
  err = husk_js_new(c, &js);
  CHECK(err != NULL && strstr(husk_error_message(err), "/no/such/dir"));
  husk_error_delete(err);
  husk_js_config_delete(c);
}

static void test_compile(void) {
  char dir[] = "/tmp/husk-js-api-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char src[64 + sizeof dir], hbc[64 + sizeof dir];
  snprintf(src, sizeof src, "%s/prog.js", dir);
  snprintf(hbc, sizeof hbc, "%s/prog.hbc", dir);
  FILE *f = fopen(src, "w");
  fputs("console.log('compiled', require('path').basename(__filename))\n", f);
  fclose(f);
  husk_error *err = husk_js_compile_file(src, hbc);
  CHECK(err == NULL);
  husk_error_delete(err);
  husk_js_config *c = husk_js_config_new();
  capture out = {0};
  husk_js_config_console(c, sink, &out);
  husk_js *js;
  if (!husk_js_new(c, &js)) {
    CHECK(husk_js_run_file(js, hbc) == 0);
    CHECK(!strcmp(out.text, "info|-|compiled prog.js\n"));
    husk_js_delete(js);
  }
  husk_js_config_delete(c);
  f = fopen(src, "w");
  fputs("function (\n", f);
  fclose(f);
  err = husk_js_compile_file(src, hbc);
  CHECK(err != NULL && strstr(husk_error_message(err), "SyntaxError"));
  husk_error_delete(err);
  remove(src);
  remove(hbc);
  rmdir(dir);
}

int main(void) {
  test_console_and_status();
  test_builtin_selection();
  test_env_args_search_path();
  test_limits();
  test_interrupt();
  test_compile();
  printf("%s\n", failures ? "FAILED" : "js api: all checks passed");
  return failures ? 1 : 0;
}
