#!/usr/bin/env bash
# make-corpus.sh OUTDIR - assembles the fuzzing seeds (seeds/*.wat) into
# OUTDIR/*.wasm, the starting corpus of `make fuzz`. Files the fuzzer adds
# to OUTDIR are left alone; seeds are rebuilt when their .wat is newer.
set -euo pipefail
out="${1:?usage: make-corpus.sh OUTDIR}"
seeds="$(cd "$(dirname "$0")" && pwd)/seeds"
mkdir -p "$out"
for wat in "$seeds"/*.wat; do
  wasm="$out/seed-$(basename "$wat" .wat).wasm"
  # --debug-names adds a name section, so the seeds cover custom sections.
  [ "$wasm" -nt "$wat" ] || wat2wasm --debug-names "$wat" -o "$wasm"
done
