/*
 * console.c - where console output goes: the sink interface, husk's two
 * sinks (text, and Lambda-style JSON lines), and the binding console.js
 * writes through. Formatting (util.format, inspect) is done in JS.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "js/internal.h"

static FILE *stream_for(husk_js_level level) {
  return level >= HUSK_JS_WARN ? stderr : stdout;
}

/* Written whole and flushed at once, so that stdout and stderr interleave
 * in the order of the calls, as they do under node. */
void husk_js_console_text(void *user, husk_js_level level, const char *message,
                          size_t length, const char *request_id) {
  (void)user;
  (void)request_id;
  FILE *f = stream_for(level);
  fwrite(message, 1, length, f);
  fputc('\n', f);
  fflush(f);
}

static void json_string(FILE *f, const char *s, size_t len) {
  fputc('"', f);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\r': fputs("\\r", f); break;
    case '\t': fputs("\\t", f); break;
    default:
      if (c < 0x20)
        fprintf(f, "\\u%04x", c);
      else
        fputc(c, f);
    }
  }
  fputc('"', f);
}

void husk_js_console_json_lines(void *user, husk_js_level level, const char *message,
                                size_t length, const char *request_id) {
  (void)user;
  static const char *const names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char stamp[40];
  size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(stamp + n, sizeof stamp - n, ".%03ldZ", ts.tv_nsec / 1000000);

  FILE *f = stream_for(level);
  fprintf(f, "{\"timestamp\":\"%s\",\"level\":\"%s\"", stamp, names[level & 3]);
  if (request_id) {
    fputs(",\"requestId\":", f);
    json_string(f, request_id, strlen(request_id));
  }
  fputs(",\"message\":", f);
  json_string(f, message, length);
  fputs("}\n", f);
  fflush(f);
}

void hjs_console_emit(husk_js *js, husk_js_level level, const char *msg, size_t len) {
  js->config.console(js->config.console_user, level, msg, len, js->request_id);
}

/* write(level, message) */
static JSValue js_write(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  int32_t level;
  if (JS_ToInt32(ctx, &level, argv[0]) < 0) return JS_EXCEPTION;
  size_t len;
  const char *msg = JS_ToCStringLen(ctx, &len, argv[1]);
  if (!msg) return JS_EXCEPTION;
  if (level < HUSK_JS_DEBUG || level > HUSK_JS_ERROR) level = HUSK_JS_INFO;
  hjs_console_emit(hjs_of(ctx), (husk_js_level)level, msg, len);
  JS_FreeCString(ctx, msg);
  return JS_UNDEFINED;
}

int hjs_bind_console(JSContext *ctx, JSValueConst obj) {
  static const JSCFunctionListEntry fns[] = {
    JS_CFUNC_DEF("write", 2, js_write),
  };
  hjs_set_functions(ctx, obj, fns, sizeof fns / sizeof fns[0]);
  return 0;
}
