#!/usr/bin/env bash
# test-cli.sh HUSK HELLO.wasm - checks what the husk command prints and the
# exit statuses it documents, on small modules assembled here and on the
# hello example (a WASI command built from examples/hello/hello.c).
set -uo pipefail
husk="$1"
hello="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0

# module NAME WAT: assembles $tmp/NAME.wasm.
module() {
  echo "$2" | wat2wasm - -o "$tmp/$1.wasm" || { echo "FAIL: cannot assemble $1"; exit 1; }
}

# check STATUS STDOUT STDERR-SUBSTRING ARGS...: runs husk ARGS and compares
# the exit status, the whole stdout, and a part of stderr ("" matches any).
check() {
  local want_status="$1" want_out="$2" want_err="$3"
  shift 3
  "$husk" "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  local out
  out="$(cat "$tmp/out")"
  if [ "$status" != "$want_status" ] || [ "$out" != "$want_out" ] ||
     { [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$tmp/err"; }; then
    echo "FAIL: husk $*"
    echo "  status $status, expected $want_status"
    echo "  stdout: $out"
    echo "  expected: $want_out"
    sed 's/^/  stderr: /' "$tmp/err"
    [ -n "$want_err" ] && echo "  expected in stderr: $want_err"
    failures=$((failures + 1))
  fi
}

module calc '(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "neg") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
  (func (export "half") (param f64) (result f64 f32)
    (f64.mul (local.get 0) (f64.const 0.5)) (f32.demote_f64 (local.get 0)))
  (func (export "crash") (call $inner))
  (func $inner unreachable))'
module start '(module (func (export "_start") unreachable))'
module reactor '(module
  (global $g (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $g (i32.const 42)))
  (func (export "get") (result i32) (global.get $g)))'
module needs '(module (import "env" "f" (func)))'
module exits '(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 7))))'
module spin '(module (func (export "spin") (loop $l (br $l))))'
module mem '(module (memory 4) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))'
printf 'not wasm' >"$tmp/junk.wasm"

version="$(sed -n 's/^#define HUSK_VERSION "\(.*\)"$/\1/p' "$(dirname "$0")/../../include/husk/husk.h")"
check 0 "husk $version" "" --version
check 0 "5" "" run "$tmp/calc.wasm" --invoke add 2 3
check 0 "0" "" run --invoke add "$tmp/calc.wasm" 0xffffffff 1
check 0 "-2147483648" "" run "$tmp/calc.wasm" --invoke add 2147483647 1
check 0 "9223372036854775807" "" run "$tmp/calc.wasm" --invoke neg -9223372036854775807
check 0 $'0.75\n1.5' "" run "$tmp/calc.wasm" --invoke half 1.5
check 0 $'inf\ninf' "" run "$tmp/calc.wasm" --invoke half inf
check 0 "42" "" run "$tmp/reactor.wasm" --invoke get
check 1 "" "husk: trap: unreachable" run "$tmp/calc.wasm" --invoke crash
check 1 "" "  at " run "$tmp/start.wasm"
check 2 "" "husk: no _start export (use --invoke NAME)" run "$tmp/calc.wasm"
check 2 "" "husk: no exported function 'nope'" run "$tmp/calc.wasm" --invoke nope
check 2 "" "husk: add has type (i32, i32) -> (i32): expected 2 argument(s), got 1" \
  run "$tmp/calc.wasm" --invoke add 1
check 2 "" "'4294967296' is not a valid i32" run "$tmp/calc.wasm" --invoke add 4294967296 1
check 2 "" "husk: run: unknown option '--bogus'" run --bogus "$tmp/calc.wasm"
check 2 "" "husk: run: --invoke needs a value" run --invoke
check 2 "" "husk: unknown command 'bogus'" bogus
check 2 "" "usage: husk" 
check 3 "" "husk: $tmp/missing.wasm: " run "$tmp/missing.wasm"
check 3 "" "husk: $tmp/junk.wasm: " run "$tmp/junk.wasm"
check 4 "" "husk: $tmp/needs.wasm: unknown import" run "$tmp/needs.wasm"
check 0 "$tmp/calc.wasm: valid" "" validate "$tmp/calc.wasm"
check 3 "$tmp/calc.wasm: valid" "husk: $tmp/junk.wasm: " validate "$tmp/calc.wasm" "$tmp/junk.wasm"
"$husk" inspect "$tmp/needs.wasm" >"$tmp/inspect" 2>&1
grep -qx "  env.f: func () -> ()" "$tmp/inspect" || { echo "FAIL: inspect"; cat "$tmp/inspect"; failures=$((failures + 1)); }
check 0 "$(printf 'Hi from WebAssembly!\nargv[1] = a\nargv[2] = --b')" "" \
  run --env GREETING=Hi "$hello" a --b
check 7 "" "" run "$tmp/exits.wasm"

# Limits: each ends the guest with its own message, and bad values are usage errors.
check 1 "" "husk: trap: all fuel consumed" run --fuel 1000 "$tmp/spin.wasm" --invoke spin
check 1 "" "husk: trap: interrupted" run --timeout 50 "$tmp/spin.wasm" --invoke spin
check 0 "4" "" run --max-memory 1M "$tmp/mem.wasm" --invoke grow 12
check 0 "-1" "" run --max-memory 1M "$tmp/mem.wasm" --invoke grow 13
check 4 "" "exceeds the limit" run --max-memory 64K "$tmp/mem.wasm" --invoke grow 1
check 0 "4" "" run --no-guard-pages --max-memory 1M "$tmp/mem.wasm" --invoke grow 12
check 0 "-1" "" run --no-guard-pages --max-memory 1M "$tmp/mem.wasm" --invoke grow 13
# Short of address space, memories with guard regions cannot be made, and
# --no-guard-pages still runs (not under ASan: its shadow needs more).
if ! grep -qa __asan_init "$husk"; then
  (ulimit -v 6000000; "$husk" run "$hello" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status")
  if [ "$(cat "$tmp/status")" != 4 ] || ! grep -q "cannot reserve 8 GiB" "$tmp/err"; then
    echo "FAIL: guard region without address space"; cat "$tmp/err"; failures=$((failures + 1))
  fi
  (ulimit -v 6000000; "$husk" run --no-guard-pages "$hello" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status")
  if [ "$(cat "$tmp/status")" != 0 ]; then
    echo "FAIL: --no-guard-pages without address space"; cat "$tmp/err"; failures=$((failures + 1))
  fi
fi
check 2 "" "--fuel '0': expected a positive whole number" run --fuel 0 "$tmp/spin.wasm"
check 2 "" "--timeout 'soon': expected a positive whole number" run --timeout soon "$tmp/spin.wasm"
check 2 "" "--max-memory '-5': expected a positive whole number" run --max-memory -5 "$tmp/mem.wasm"

# JavaScript comes from libhusk.so beside the command (or in ../lib): a
# command copied away from it still runs Wasm, and says what JavaScript lacks.
mkdir "$tmp/alone" && cp "$husk" "$tmp/alone/husk" && echo 'console.log(1)' >"$tmp/app.js"
real_husk="$husk"
husk="$tmp/alone/husk"
check 0 "Hi from WebAssembly!" "" run --env GREETING=Hi "$hello"
LD_LIBRARY_PATH= check 1 "" "JavaScript needs libhusk.so" run "$tmp/app.js"
LD_LIBRARY_PATH= check 1 "" "JavaScript needs libhusk.so" compile "$tmp/app.js"
husk="$real_husk"
check 0 "1" "" run "$tmp/app.js"

echo "cli: $failures failed"
[ "$failures" -eq 0 ]
