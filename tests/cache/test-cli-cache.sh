#!/usr/bin/env bash
# test-cli-cache.sh HUSK SAMPLE.wasm NO_ZSTD_DIR NO_CRYPTO_DIR HELLO.wasm - the
# cache on the command line: husk run fills and uses it (--cache-dir), a
# WASI command's imports resolve from a cached module too, --no-cache
# leaves it alone, husk cache stats counts (text and --json), husk cache
# clear empties it, and a cache directory that cannot be used, or libzstd or
# libcrypto that cannot be loaded (the stand-ins in NO_*_DIR, found through
# LD_LIBRARY_PATH), costs one warning, not the run.
set -uo pipefail
husk="$1"
sample="$2"
no_zstd="$3"
no_crypto="$4"
hello="$5"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CACHE_HOME= XDG_CONFIG_HOME=
mkdir -p "$HOME"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run ARGS...: husk run ... --invoke fib 20 must print 6765.
run() {
  local out
  out="$("$husk" run --cache-min-size 0 "$@" "$sample" --invoke fib 20 2>"$tmp/err")" || fail "husk run $*: status $?"
  [ "$out" = 6765 ] || fail "husk run $*: printed '$out'"
}

# stats DIR: the JSON counts.
stats() { "$husk" cache stats --json --cache-dir "$1"; }

dir="$tmp/cache"
run --cache-dir "$dir"
run --cache-dir "$dir"
run --cache-dir="$dir"
[ -s "$tmp/err" ] && fail "unexpected stderr: $(cat "$tmp/err")"
json="$(stats "$dir")"
for want in '"entries": 1' '"hits": 2' '"misses": 1' "\"directory\": \"$dir\""; do
  grep -qF -- "$want" <<<"$json" || fail "stats --json: no $want in $json"
done
text="$("$husk" cache stats --cache-dir "$dir")"
grep -q '^hits: *2$' <<<"$text" || fail "stats: $text"

# A WASI command, compiled then loaded: its imports are matched by name.
for pass in compiled cached; do
  out="$("$husk" run --cache-min-size 0 --cache-dir "$tmp/wasi-cache" "$hello" 2>&1)" || fail "hello ($pass): status $?"
  [ "$out" = cached ] || fail "hello ($pass): printed '$out'"
done
grep -qF '"hits": 1' <<<"$(stats "$tmp/wasi-cache")" || fail "hello: not from the cache the second time"

run --no-cache --cache-dir "$dir"
grep -qF '"hits": 2' <<<"$(stats "$dir")" || fail "--no-cache used the cache"

# The default directory: $XDG_CACHE_HOME/husk, else ~/.cache/husk.
run
[ -n "$(ls "$HOME/.cache/husk/"*.hkc 2>/dev/null)" ] || fail "nothing in ~/.cache/husk"
XDG_CACHE_HOME="$tmp/xdg" run
[ -n "$(ls "$tmp/xdg/husk/"*.hkc 2>/dev/null)" ] || fail "nothing in \$XDG_CACHE_HOME/husk"
[ -f "$HOME/.config/husk/cache.key" ] || fail "no key file"

"$husk" cache clear --cache-dir "$dir" || fail "clear: status $?"
json="$(stats "$dir")"
grep -qF '"entries": 0, "bytes": 0' <<<"$json" || fail "after clear: $json"
grep -qF '"hits": 0, "misses": 0' <<<"$json" || fail "after clear: $json"

# Unusable: a file where the directory should be. One warning, same output.
touch "$tmp/file"
run --cache-dir "$tmp/file"
[ "$(grep -c 'warning' "$tmp/err")" = 1 ] || fail "expected one warning, got: $(cat "$tmp/err")"

# The libraries the cache dlopens, unloadable: husk still starts (it does not
# link them), warns once, and runs without the cache.
without() {   # DIR SONAME: the stand-in for SONAME in DIR
  LD_LIBRARY_PATH="$1" run --cache-dir "$tmp/unloadable"
  if [ "$(grep -c 'warning' "$tmp/err")" != 1 ] ||
     ! grep -q "warning: cannot load $2.*; caching disabled" "$tmp/err"; then
    fail "without $2: expected one warning, got: $(cat "$tmp/err")"
  fi
}
without "$no_zstd" libzstd.so.1
without "$no_crypto" libcrypto.so.3
[ -e "$tmp/unloadable" ] && fail "a cache was made without its libraries"

"$husk" cache >/dev/null 2>&1; [ $? = 2 ] || fail "husk cache without a subcommand: not a usage error"
"$husk" cache stats --bogus >/dev/null 2>&1; [ $? = 2 ] || fail "unknown option: not a usage error"

if [ "$failures" = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
[ "$failures" = 0 ]
