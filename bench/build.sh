#!/bin/sh
# Build every benchmark in bench/src/*.c (plus the variants listed in
# bench/variants.txt) for two targets:
#   bench/build/wasm/NAME.wasm   clang --target=wasm32-wasi -O2
#   bench/build/native/NAME      clang -O2 -lm
# and the helper bench/build/peakrss (from bench/tools/peakrss.c).
# Outputs newer than their source (and than this script) are skipped.
# Environment: CC (default clang-14), WASM_CFLAGS / NATIVE_CFLAGS to add
# flags, BENCH_FORCE=1 to rebuild everything.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-clang-14}
WASM_CFLAGS=${WASM_CFLAGS:-}
NATIVE_CFLAGS=${NATIVE_CFLAGS:-}
# wasm-ld defaults to a 64 KiB shadow stack; the recursive workloads
# (lisp, fib) need more.
WASM_BASE="--target=wasm32-wasi -O2 -Wl,-z,stack-size=4194304"
NATIVE_BASE="-O2"

mkdir -p "$here/build/wasm" "$here/build/native"

built=0
skipped=0
failed=0

# needs_build OUT SRC: true when OUT is missing or older than SRC or this script
needs_build() {
    [ "${BENCH_FORCE:-0}" = 1 ] && return 0
    [ -e "$1" ] || return 0
    [ "$2" -nt "$1" ] && return 0
    [ "$here/build.sh" -nt "$1" ] && return 0
    [ -e "$here/variants.txt" ] && [ "$here/variants.txt" -nt "$1" ] && return 0
    return 1
}

# build_one NAME SRC DEFINE EXTRA_WASM_FLAGS
build_one() {
    name=$1 src=$2 define=$3 extra=$4
    wasm="$here/build/wasm/$name.wasm"
    native="$here/build/native/$name"
    if needs_build "$wasm" "$src"; then
        echo "  wasm    $name"
        # shellcheck disable=SC2086
        if $CC $WASM_BASE $extra $WASM_CFLAGS $define "$src" -o "$wasm"; then built=$((built + 1))
        else echo "build.sh: wasm build of $name FAILED" >&2; failed=$((failed + 1)); fi
    else
        skipped=$((skipped + 1))
    fi
    if needs_build "$native" "$src"; then
        echo "  native  $name"
        # shellcheck disable=SC2086
        if $CC $NATIVE_BASE $NATIVE_CFLAGS $define "$src" -o "$native" -lm; then built=$((built + 1))
        else echo "build.sh: native build of $name FAILED" >&2; failed=$((failed + 1)); fi
    else
        skipped=$((skipped + 1))
    fi
}

for src in "$here"/src/*.c; do
    name=$(basename "$src" .c)
    build_one "$name" "$src" "" ""
done

if [ -e "$here/variants.txt" ]; then
    while read -r name source flags; do
        case "$name" in ''|'#'*) continue ;; esac
        src="$here/src/$source.c"
        if [ ! -e "$src" ]; then
            echo "build.sh: variant $name: no source $src" >&2; failed=$((failed + 1)); continue
        fi
        both="" wasm_only=""
        for flag in $flags; do
            case "$flag" in -D*) both="$both $flag" ;; *) wasm_only="$wasm_only $flag" ;; esac
        done
        build_one "$name" "$src" "-DBENCH_NAME=\"$name\"$both" "$wasm_only"
    done < "$here/variants.txt"
fi

# the module run.py measures translation speed on (tools/genbig.py: ~1.8 MB
# of code); not a workload, it is never run
big="$here/build/wasm/translate-big.wasm"
if needs_build "$big" "$here/tools/genbig.py"; then
    echo "  wasm    translate-big (tools/genbig.py)"
    if python3 "$here/tools/genbig.py" > "$here/build/translate-big.c" &&
       $CC --target=wasm32-wasi -O1 "$here/build/translate-big.c" -o "$big"; then built=$((built + 1))
    else echo "build.sh: build of translate-big.wasm FAILED" >&2; failed=$((failed + 1)); fi
else
    skipped=$((skipped + 1))
fi

# the launcher run.py uses to measure peak RSS (see tools/peakrss.c)
if needs_build "$here/build/peakrss" "$here/tools/peakrss.c"; then
    echo "  native  peakrss (tool)"
    # shellcheck disable=SC2086
    if $CC -O2 $NATIVE_CFLAGS "$here/tools/peakrss.c" -o "$here/build/peakrss"; then built=$((built + 1))
    else echo "build.sh: build of tools/peakrss.c FAILED" >&2; failed=$((failed + 1)); fi
else
    skipped=$((skipped + 1))
fi

echo "build.sh: $built built, $skipped up to date, $failed failed"
[ "$failed" = 0 ]
