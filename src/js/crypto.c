/*
 * crypto.c - randomness for crypto.getRandomValues, randomUUID and
 * randomBytes, from the kernel's CSPRNG.
 */
#include <errno.h>
#include <sys/random.h>

#include "js/internal.h"

/* fill(typedArray): fills it with random bytes. */
static JSValue js_fill(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  size_t n;
  uint8_t *p = hjs_bytes(ctx, argv[0], &n);
  if (!p) return JS_EXCEPTION;
  while (n > 0) {
    ssize_t got = getrandom(p, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return JS_ThrowInternalError(ctx, "getrandom failed");
    }
    p += got;
    n -= (size_t)got;
  }
  return JS_UNDEFINED;
}

int hjs_bind_crypto(JSContext *ctx, JSValueConst obj) {
  static const JSCFunctionListEntry fns[] = {
    JS_CFUNC_DEF("fill", 1, js_fill),
  };
  hjs_set_functions(ctx, obj, fns, sizeof fns / sizeof fns[0]);
  return 0;
}
