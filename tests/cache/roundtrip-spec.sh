#!/usr/bin/env bash
# roundtrip-spec.sh ROUNDTRIP BUILD - runs cache_roundtrip over every module
# of the WebAssembly spec test suite: the .wasm files the spec test left in
# BUILD/spec, or, when it has not run, converted here from the .wast scripts
# (found as run-spec.sh finds them) into a temporary directory.
set -uo pipefail
export LC_ALL=C
roundtrip="$1"
build="$2"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${HUSK_TESTSUITE:-$repo/../shared/wasm-testsuite}/core"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if compgen -G "$build/spec/*/*.wasm" >/dev/null; then
  src="$build/spec"
elif [ -d "$dir" ] && command -v wast2json >/dev/null; then
  for wast in "$dir"/*.wast; do
    name="$(basename "$wast" .wast)"
    mkdir -p "$tmp/$name"
    wast2json "$wast" -o "$tmp/$name/$name.json" 2>/dev/null || true
  done
  src="$tmp"
else
  echo "cache roundtrip: SKIPPED: no spec testsuite at $dir (or no wast2json)"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
# One process per script keeps a failure's context readable.
status=0 passed=0 failed=0
for d in "$src"/*/; do
  files=("$d"*.wasm)
  [ -e "${files[0]}" ] || continue
  out="$("$roundtrip" "${files[@]}" 2>"$tmp/err")" || status=1
  read -r p _ f _ <<<"$(tail -n1 <<<"$out")"
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-1}))
  [ -s "$tmp/err" ] && head -n 20 "$tmp/err"
done
echo "$passed passed, $failed failed"
exit $status
