/*
 * encoding.c - UTF-8 conversions for TextEncoder, TextDecoder and Buffer,
 * which would be slow byte by byte in JavaScript.
 */
#include <string.h>

#include "js/internal.h"

/* encode(string): a Uint8Array of its UTF-8 (lone surrogates become
 * U+FFFD, as the Encoding spec requires). */
static JSValue js_encode(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  (void)argc;
  size_t len;
  const char *s = JS_ToCStringLen(ctx, &len, argv[0]);
  if (!s) return JS_EXCEPTION;
  JSValue ab = JS_NewArrayBufferCopy(ctx, (const uint8_t *)s, len);
  JS_FreeCString(ctx, s);
  if (JS_IsException(ab)) return ab;
  JSValue global = JS_GetGlobalObject(ctx);
  JSValue ctor = JS_GetPropertyStr(ctx, global, "Uint8Array");
  JSValue r = JS_CallConstructor(ctx, ctor, 1, (JSValueConst *)&ab);
  JS_FreeValue(ctx, ctor);
  JS_FreeValue(ctx, global);
  JS_FreeValue(ctx, ab);
  return r;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t utf8_seq(const uint8_t *p, size_t n) {
  uint8_t c = p[0];
  if (c < 0x80) return 1;
  size_t len;
  uint32_t min, cp;
  if ((c & 0xe0) == 0xc0) len = 2, min = 0x80, cp = c & 0x1f;
  else if ((c & 0xf0) == 0xe0) len = 3, min = 0x800, cp = c & 0x0f;
  else if ((c & 0xf8) == 0xf0) len = 4, min = 0x10000, cp = c & 0x07;
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (p[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

/* decode(bytes, fatal): the text; invalid sequences become U+FFFD, or with
 * fatal throw a TypeError (ERR_ENCODING_INVALID_ENCODED_DATA). */
static JSValue js_decode(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  (void)this_val;
  size_t n;
  const uint8_t *p = hjs_bytes(ctx, argv[0], &n);
  if (!p) return JS_EXCEPTION;
  bool fatal = argc > 1 && JS_ToBool(ctx, argv[1]);
  /* Fast path: valid input is passed to QuickJS as is. */
  size_t i = 0;
  while (i < n) {
    size_t k = utf8_seq(p + i, n - i);
    if (!k) break;
    i += k;
  }
  if (i == n) return JS_NewStringLen(ctx, (const char *)p, n);
  if (fatal)
    return hjs_throw_type(ctx, "ERR_ENCODING_INVALID_ENCODED_DATA",
                          "The encoded data was not valid for encoding utf-8");
  /* Each invalid byte becomes U+FFFD (3 bytes): at most 3x. */
  uint8_t *out = js_malloc(ctx, n * 3 + 1);
  if (!out) return JS_EXCEPTION;
  size_t o = 0;
  for (i = 0; i < n;) {
    size_t k = utf8_seq(p + i, n - i);
    if (k) {
      memcpy(out + o, p + i, k);
      o += k;
      i += k;
    } else {
      memcpy(out + o, "\xef\xbf\xbd", 3);
      o += 3;
      i++;
    }
  }
  JSValue r = JS_NewStringLen(ctx, (const char *)out, o);
  js_free(ctx, out);
  return r;
}

int hjs_bind_encoding(JSContext *ctx, JSValueConst obj) {
  static const JSCFunctionListEntry fns[] = {
    JS_CFUNC_DEF("encode", 1, js_encode),
    JS_CFUNC_DEF("decode", 2, js_decode),
  };
  hjs_set_functions(ctx, obj, fns, sizeof fns / sizeof fns[0]);
  return 0;
}
