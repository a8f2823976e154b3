/*
 * loop.c - the event loop.
 *
 * One turn: run microtasks (process.nextTick's queue first, then promise
 * jobs, until both are empty), report unhandled rejections, then let the
 * timers module run what is due (timers.js keeps the timers and
 * immediates and calls runMicrotasks after each callback, as node does) and
 * say how long to wait for the next one. The wait is a poll(2) on an
 * eventfd, so husk_js_interrupt from another thread or a signal handler
 * ends it at once; the deadline bounds it.
 */
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

#include "js/internal.h"

bool hjs_should_stop(husk_js *js) {
  if (atomic_load(&js->interrupted) || js->exiting) return true;
  if (js->deadline_ns && hjs_now_ns() >= js->deadline_ns) {
    js->timed_out = true;
    return true;
  }
  return false;
}

bool hjs_run_microtasks(husk_js *js) {
  for (;;) {
    bool ticked = false;
    if (JS_IsFunction(js->ctx, js->tick_hook)) {
      /* The hook returns whether it ran anything. */
      JSValue r = JS_Call(js->ctx, js->tick_hook, JS_UNDEFINED, 0, NULL);
      if (JS_IsException(r)) return false;
      ticked = JS_ToBool(js->ctx, r);
      JS_FreeValue(js->ctx, r);
    }
    bool jobs = false;
    JSContext *job_ctx;
    int rc;
    while ((rc = JS_ExecutePendingJob(js->rt, &job_ctx)) != 0) {
      if (rc < 0) return false;
      jobs = true;
    }
    if (!ticked && !jobs) return true;
  }
}

/* Node's default (--unhandled-rejections=throw): an unhandled rejection
 * is fatal once the microtasks of the turn have had their chance. */
static int check_rejections(husk_js *js) {
  JSContext *ctx = js->ctx;
  uint32_t len = 0;
  JSValue l = JS_GetPropertyStr(ctx, js->rejections, "length");
  JS_ToUint32(ctx, &len, l);
  if (len == 0) return HJS_EXIT_OK;
  JSValue reason = JS_GetPropertyUint32(ctx, js->rejections, 1);
  hjs_report_value(js, "Unhandled promise rejection:", reason);
  JS_FreeValue(ctx, reason);
  return HJS_EXIT_ERROR;
}

static void wait_ms(husk_js *js, double ms) {
  if (js->deadline_ns) {
    uint64_t now = hjs_now_ns();
    double left = now >= js->deadline_ns ? 0 : (double)(js->deadline_ns - now) / 1e6;
    if (ms > left) ms = left + 1;
  }
  struct pollfd p = {.fd = js->wake_fd, .events = POLLIN};
  int timeout = ms > INT32_MAX ? INT32_MAX : (int)(ms + 0.999);
  if (poll(&p, js->wake_fd >= 0 ? 1 : 0, timeout) > 0) {
    uint64_t v;
    ssize_t r = read(js->wake_fd, &v, sizeof v);
    (void)r;
  }
}

int hjs_loop_run(husk_js *js) {
  for (;;) {
    if (!hjs_run_microtasks(js)) return hjs_report_exception(js);
    int status = check_rejections(js);
    if (status != HJS_EXIT_OK) return status;
    if (!JS_IsFunction(js->ctx, js->timers_hook)) return HJS_EXIT_OK;
    if (hjs_should_stop(js)) {
      JS_ThrowInternalError(js->ctx, "interrupted");
      return hjs_report_exception(js);
    }
    JSValue r = JS_Call(js->ctx, js->timers_hook, JS_UNDEFINED, 0, NULL);
    if (JS_IsException(r)) return hjs_report_exception(js);
    double wait;
    JS_ToFloat64(js->ctx, &wait, r);
    JS_FreeValue(js->ctx, r);
    /* The hook ran microtasks after each callback: nothing is left. */
    if (wait < 0) return check_rejections(js);
    if (wait > 0) wait_ms(js, wait);
  }
}

/* ---------------------------------------------------------- binding */

/* setHooks(timers, ticks): either may be null. */
static JSValue js_set_hooks(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  husk_js *js = hjs_of(ctx);
  if (argc > 0 && !JS_IsNull(argv[0])) {
    JS_FreeValue(ctx, js->timers_hook);
    js->timers_hook = JS_DupValue(ctx, argv[0]);
  }
  if (argc > 1 && !JS_IsNull(argv[1])) {
    JS_FreeValue(ctx, js->tick_hook);
    js->tick_hook = JS_DupValue(ctx, argv[1]);
  }
  return JS_UNDEFINED;
}

/* runMicrotasks(): between two timer callbacks; throws what was uncaught. */
static JSValue js_run_microtasks(JSContext *ctx, JSValueConst this_val, int argc,
                                 JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  return hjs_run_microtasks(hjs_of(ctx)) ? JS_UNDEFINED : JS_EXCEPTION;
}

static JSValue run_job(JSContext *ctx, int argc, JSValueConst *argv) {
  (void)argc;
  return JS_Call(ctx, argv[0], JS_UNDEFINED, 0, NULL);
}

static JSValue js_queue_microtask(JSContext *ctx, JSValueConst this_val, int argc,
                                  JSValueConst *argv) {
  (void)this_val;
  if (argc < 1 || !JS_IsFunction(ctx, argv[0]))
    return hjs_throw_type(ctx, "ERR_INVALID_ARG_TYPE",
                          "The \"callback\" argument must be of type function");
  if (JS_EnqueueJob(ctx, run_job, 1, argv) < 0) return JS_EXCEPTION;
  return JS_UNDEFINED;
}

/* now(): milliseconds on the monotonic clock, fractional. */
static JSValue js_now(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  (void)argv;
  return hjs_number(ctx, (double)hjs_now_ns() / 1e6);
}

int hjs_bind_loop(JSContext *ctx, JSValueConst obj) {
  static const JSCFunctionListEntry fns[] = {
    JS_CFUNC_DEF("setHooks", 2, js_set_hooks),
    JS_CFUNC_DEF("runMicrotasks", 0, js_run_microtasks),
    JS_CFUNC_DEF("queueMicrotask", 1, js_queue_microtask),
    JS_CFUNC_DEF("now", 0, js_now),
  };
  hjs_set_functions(ctx, obj, fns, sizeof fns / sizeof fns[0]);
  return 0;
}
