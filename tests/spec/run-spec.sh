#!/usr/bin/env bash
# run-spec.sh [DIR] - runs the WebAssembly spec test suite against husk.
#
# DIR holds the .wast scripts: by default $HUSK_TESTSUITE/core, or else
# <repo>/../shared/wasm-testsuite/core. Each script is converted with
# wast2json into $HUSK_BUILD/spec/NAME/ (HUSK_BUILD defaults to <repo>/build)
# when the .wast is newer than its JSON, then run by $HUSK_BUILD/husk-spec.
# The last line is "N passed, N failed"; the exit status is 1 if any failed.
#
# Environment: HUSK_SPEC_TIMEOUT (seconds per script, default 300),
# HUSK_SPEC_GUARD_PAGES=0 (memory accesses checked explicitly instead of by
# guard regions; results then go to NAME.checked.counts and .log),
# HUSK_SPEC_SHOW (failures shown per script, default 10; all are in the
# script's .log), CI=true (a missing testsuite is then a failure).
set -uo pipefail
export LC_ALL=C   # a stable order of scripts

repo="$(cd "$(dirname "$0")/../.." && pwd)"
build="${HUSK_BUILD:-$repo/build}"
if [ -n "${HUSK_TESTSUITE:-}" ]; then
  dir="${1:-$HUSK_TESTSUITE/core}"
else
  dir="${1:-$repo/../shared/wasm-testsuite/core}"
fi
timeout="${HUSK_SPEC_TIMEOUT:-300}"
show="${HUSK_SPEC_SHOW:-10}"

if [ ! -d "$dir" ]; then
  if [ "${CI:-}" = true ]; then
    echo "spec: FAILED: no testsuite at $dir" >&2
    exit 1
  fi
  echo "spec: SKIPPED: no testsuite at $dir"
  exit 0
fi
runner="$build/husk-spec"
if [ ! -x "$runner" ]; then
  echo "spec: $runner is not built (make build)" >&2
  exit 1
fi
if ! command -v wast2json >/dev/null; then
  echo "spec: wast2json not found: install wabt (make deps)" >&2
  exit 1
fi

passed=0 failed=0 not_applicable=0
for wast in "$dir"/*.wast; do
  name="$(basename "$wast" .wast)"
  out="$build/spec/$name"
  json="$out/$name.json"
  tag=""; [ "${HUSK_SPEC_GUARD_PAGES:-1}" = 0 ] && tag=".checked"
  log="$out/$name$tag.log"
  if [ ! "$json" -nt "$wast" ]; then
    rm -rf "$out" && mkdir -p "$out"
    if ! wast2json "$wast" -o "$json" 2>"$log"; then
      rm -f "$json"
      echo "$name.wast: wast2json failed, see $log"
      failed=$((failed + 1))
      continue
    fi
  fi

  timeout "$timeout" "$runner" "$json" >"$out/$name$tag.counts" 2>"$log"
  status=$?
  counts="$(tail -n 1 "$out/$name$tag.counts")"
  if [ "$status" -gt 1 ] || ! [[ "$counts" =~ ^([0-9]+)\ ([0-9]+)\ ([0-9]+)$ ]]; then
    # A crash, a sanitizer report or a timeout: the counts are lost.
    [ "$status" = 124 ] && status="$status (timeout)"
    echo "$name.wast: husk-spec stopped with status $status, see $log"
    tail -n 5 "$log" | sed 's/^/  /'
    failed=$((failed + 1))
    continue
  fi
  p="${BASH_REMATCH[1]}" f="${BASH_REMATCH[2]}" n="${BASH_REMATCH[3]}"
  passed=$((passed + p)) failed=$((failed + f)) not_applicable=$((not_applicable + n))

  line="$name.wast: $p passed, $f failed"
  [ "$n" -gt 0 ] && line="$line, $n not applicable"
  notes="$(grep -c ': note: ' "$log")"
  [ "$notes" -gt 0 ] && line="$line, $notes notes"
  echo "$line"
  if [ "$f" -gt 0 ]; then
    grep ': fail: ' "$log" | head -n "$show" | sed 's/^/  /'
    [ "$f" -gt "$show" ] && echo "  ... $((f - show)) more in $log"
  fi
done

echo "text-format assert_malformed: $not_applicable not applicable (no text parser)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
