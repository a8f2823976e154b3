#!/usr/bin/env bash
# test-cli-js.sh HUSK - `husk run` and `husk compile` on JavaScript: exit
# statuses and messages for bad programs (tests/js/errors), the console
# formats, bytecode, built-in selection and search paths.
set -uo pipefail
husk="$1"
here="$(cd "$(dirname "$0")" && pwd -P)"
err="$here/errors"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
passed=0

# check STATUS STDOUT-SUBSTRING STDERR-SUBSTRING ARGS...: "" matches anything.
check() {
  local want_status="$1" want_out="$2" want_err="$3"
  shift 3
  timeout 20 "$husk" "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  if [ "$status" != "$want_status" ] ||
     { [ -n "$want_out" ] && ! grep -qF -- "$want_out" "$tmp/out"; } ||
     { [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$tmp/err"; }; then
    echo "FAIL: husk $*"
    echo "  status $status, expected $want_status"
    sed 's/^/  stdout: /' "$tmp/out"
    sed 's/^/  stderr: /' "$tmp/err"
    [ -n "$want_out" ] && echo "  expected in stdout: $want_out"
    [ -n "$want_err" ] && echo "  expected in stderr: $want_err"
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}

check 0 "hello" "" run "$err/hello.js"
check 1 "" "Uncaught SyntaxError: " run "$err/syntax.js"
check 1 "" "at $err/syntax.js:" run "$err/syntax.js"
check 1 "" "Cannot find module './nope' from '$err/missing.js'" run "$err/missing.js"
check 1 "" "at <anonymous> ($err/missing.js:2)" run "$err/missing.js"
check 1 "" "Cannot find module './nope.mjs' from '$err/missing.mjs'" run "$err/missing.mjs"
check 1 "" "Uncaught Error: boom" run "$err/throws.js"
check 1 "" "at f ($err/throws.js:2)" run "$err/throws.js"
check 1 "" "at <anonymous> ($err/throws_dep.js:2)" run "$err/throws_dep.js"
check 1 "" "Unhandled promise rejection: Error: rejected" run "$err/reject.js"
check 1 "" "more of the same frame" run "$err/recursion.js"
check 124 "" "husk: script timed out after 300 ms" run --timeout 300 "$err/loop.js"
check 124 "" "timed out" run --timeout 200 "$err/idle.js"
check 137 "" "JavaScript heap out of memory" run --max-memory 32M "$err/oom.js"
check 3 "" "" run "$err/exit.js"
check 1 "" "Module 'node:http' is not available in husk (imported from $err/unavailable.mjs)" run "$err/unavailable.mjs"
# A require cycle: the inner module sees the outer one's partial exports.
check 0 'b sees {}' "" run "$err/cycle_a.js"
check 0 'a sees {"b":"B","seen":0}' "" run "$err/cycle_a.js"
check 0 'b sees {"a":"A"}' "" run "$err/cycle_b.js"
check 1 "" "Cannot find module" run "$err/does-not-exist.js"
check 2 "" "unknown option '--bogus'" run --bogus "$err/hello.js"
# A Wasm-only option's value is not mistaken for the program file.
check 2 "" "unknown option '--cache-min-size' for a JavaScript program" run --cache-min-size 0 "$err/hello.js"
check 2 "" "expected milliseconds" run --timeout x "$err/hello.js"
check 2 "" "cannot open directory" run --dir /no/such/dir "$err/hello.js"

# No "finally ran": process.exit unwinds without running JS.
if grep -q "finally ran" "$tmp/out" 2>/dev/null; then echo "FAIL: finally ran after exit"; failures=$((failures + 1)); fi

# JSON-lines console, with the request id.
check 0 '"level":"INFO","requestId":"r-42","message":"hello { a: 1 }"}' '"level":"ERROR","requestId":"r-42","message":"bad"}' \
  run --console json --request-id r-42 "$err/json.js"
check 0 '{"timestamp":"' "" run --console=json "$err/json.js"
check 1 "" '"message":"Uncaught Error: boom\n    at f' run --console=json "$err/throws.js"

# Built-in selection.
echo "console.log(typeof setTimeout, typeof Buffer); require('fs')" > "$tmp/sel.js"
check 1 "undefined undefined" "not enabled in this runtime" run --builtins console "$tmp/sel.js"

# HUSK_PATH: bare names found in a listed directory.
echo "console.log(require('plain').name)" > "$tmp/hp.js"
HUSK_PATH="$here/fixtures/node_modules" check 0 "plain" "" run "$tmp/hp.js"
check 1 "" "Cannot find module 'plain'" run "$tmp/hp.js"

# Arguments and options after the file.
echo "console.log(process.argv.slice(2).join(' '), process.env.K)" > "$tmp/args.js"
check 0 "a --b c v" "" run "$tmp/args.js" --env K=v a --b c

# Bytecode: compile, run, and the same output as the source.
printf "const path = require('path');\nconsole.log('from', path.basename(__filename));\n" > "$tmp/prog.js"
check 0 "" "" compile "$tmp/prog.js" -o "$tmp/prog.hbc"
check 0 "from prog.js" "" run "$tmp/prog.hbc"
printf "import { basename } from 'path';\nconsole.log('esm', basename(import.meta.filename));\n" > "$tmp/prog.mjs"
check 0 "" "" compile "$tmp/prog.mjs"
check 0 "esm prog.mjs" "" run "$tmp/prog.hbc"
check 3 "" "SyntaxError" compile "$err/syntax.js" -o "$tmp/bad.hbc"
echo "garbage" > "$tmp/bad.hbc"
check 1 "" "not husk bytecode" run "$tmp/bad.hbc"

echo "$passed passed, $failures failed"
[ "$failures" = 0 ]
