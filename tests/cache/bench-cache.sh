#!/usr/bin/env bash
# bench-cache.sh HUSK MODULE.wasm... - how long `husk run MODULE` takes
# compiled from scratch (--no-cache), compiled and stored (a miss: the cache
# directory emptied before each run) and loaded from the cache (a hit).
# Each figure is the median of RUNS runs (default 21) measured by hyperfine,
# with user and system CPU time, plus the maximum resident size and the
# entry's size from /usr/bin/time. Used for docs/cache.md; a large module:
#   tests/cache/gen-big.py 5000 big.c
#   clang-14 --target=wasm32-wasi -O0 big.c -o big.wasm
set -euo pipefail
husk="$1"
shift
runs="${RUNS:-21}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home"
mkdir -p "$HOME"

# measure MODE MODULE: "median-ms cpu-ms max-rss-KB"
measure() {
  local mode="$1" module="$2" prepare=true args=(--no-cache)
  case "$mode" in
    miss) prepare="rm -rf $tmp/cache"; args=(--cache-dir "$tmp/cache") ;;
    hit) "$husk" run --cache-dir "$tmp/cache" "$module" >/dev/null; args=(--cache-dir "$tmp/cache") ;;
  esac
  hyperfine -N --style none --runs "$runs" --warmup 2 --prepare "$prepare" \
    --export-json "$tmp/h.json" "$husk run ${args[*]} $module" >/dev/null 2>&1
  $prepare
  /usr/bin/time -f "%M" -o "$tmp/rss" "$husk" run "${args[@]}" "$module" >/dev/null
  python3 - "$tmp/h.json" "$(cat "$tmp/rss")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{r['median'] * 1e3:7.1f} {(r['user'] + r['system']) * 1e3:7.1f} {int(sys.argv[2]) // 1024:5d}")
PY
}

printf "%-11s %8s | %-22s | %-22s | %-22s | %s\n" module bytes \
  "cold: ms, cpu ms, MiB" "miss+store" "hit" "entry"
for module in "$@"; do
  rm -rf "$tmp/cache"
  cold="$(measure cold "$module")" miss="$(measure miss "$module")" hit="$(measure hit "$module")"
  printf "%-11s %8s | %22s | %22s | %22s | %s\n" "$(basename "$module")" "$(stat -c %s "$module")" \
    "$cold" "$miss" "$hit" "$(stat -c %s "$tmp/cache/"*.hkc)"
done
