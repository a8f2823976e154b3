#!/bin/sh
# test-install.sh BUILD_DIR SOURCE_DIR - installs BUILD_DIR into a temporary
# prefix and builds programs against that tree only, as a user would:
#   1. the installed files: headers, libhusk.a, libhusk.so with its SONAME
#      and version links, husk.pc, the CMake package, bin/husk, the man page;
#   2. examples/embed with its Makefile (pkg-config), against libhusk.so
#      (run with LD_LIBRARY_PATH) and against libhusk.a (make static);
#   2b. when the library has the JavaScript runtime: js.h and libhusk_quickjs.a,
#      and a program using it, shared and static;
#   3. a CMake project using find_package(husk CONFIG REQUIRED) with
#      husk::husk and husk::husk_static.
# Environment, for instrumented builds (set by tests/install/CMakeLists.txt):
#   HUSK_TEST_CC      the compiler of the build
#   HUSK_TEST_FLAGS   compile and link flags the library needs (sanitizers)
# Skipped (exit 0) only when pkg-config is missing.
# shellcheck disable=SC2015  # `check && ok || fail`: ok never fails
set -eu

build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
cc=${HUSK_TEST_CC:-cc}
flags=${HUSK_TEST_FLAGS:-}

if ! command -v pkg-config >/dev/null 2>&1; then
  echo "install: skipped: pkg-config not found (make deps installs it)"
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/husk-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# A step's output is shown only when it fails.
run() {
  what=$1; shift
  if "$@" >"$tmp/log" 2>&1; then ok "$what"; return 0; fi
  fail "$what"; sed 's/^/    /' "$tmp/log"; return 1
}

# ---- 1. install
run "cmake --install $build --prefix $prefix" \
  cmake --install "$build" --prefix "$prefix" || exit 1

# The library directory: lib, or lib/<multiarch> for a /usr prefix.
pc=$(find "$prefix" -name husk.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || { fail "no husk.pc installed"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")

for f in include/husk/husk.h include/husk/wasi.h include/husk/wasm.h bin/husk \
         share/man/man1/husk.1; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
for f in libhusk.a libhusk.so libhusk.so.0 libhusk.so.0.1.0 cmake/husk/huskConfig.cmake \
         cmake/husk/huskConfigVersion.cmake cmake/husk/huskTargets.cmake; do
  [ -e "$libdir/$f" ] || fail "not installed: ${libdir#"$prefix"/}/$f"
done
[ -L "$libdir/libhusk.so" ] && [ "$(readlink "$libdir/libhusk.so")" = libhusk.so.0 ] \
  || fail "libhusk.so is not a link to libhusk.so.0"
[ -L "$libdir/libhusk.so.0" ] && [ "$(readlink "$libdir/libhusk.so.0")" = libhusk.so.0.1.0 ] \
  || fail "libhusk.so.0 is not a link to libhusk.so.0.1.0"
if command -v readelf >/dev/null 2>&1; then
  readelf -d "$libdir/libhusk.so.0.1.0" | grep -q 'SONAME.*\[libhusk\.so\.0\]' \
    && ok "SONAME libhusk.so.0" || fail "libhusk.so has no SONAME libhusk.so.0"
  ! readelf -d "$libdir/libhusk.so.0.1.0" | grep -qE 'NEEDED.*lib(zstd|crypto)' \
    || fail "libhusk.so links the cache's libraries"
fi
"$prefix/bin/husk" --version | grep -qx 'husk 0\.1\.0' \
  && ok "bin/husk --version" || fail "bin/husk --version"
# The command opens libhusk.so from the installed library directory for
# JavaScript (src/cli/js_library.c), with no help from LD_LIBRARY_PATH.
echo 'console.log(6 * 7)' >"$tmp/app.js"
[ "$(env -u LD_LIBRARY_PATH "$prefix/bin/husk" run "$tmp/app.js" 2>&1)" = 42 ] \
  && ok "bin/husk runs JavaScript with lib/libhusk.so" || fail "bin/husk run app.js"
grep -q '^\.TH HUSK 1' "$prefix/share/man/man1/husk.1" || fail "husk.1 is not a man page"

export PKG_CONFIG_PATH="$libdir/pkgconfig"
[ "$(pkg-config --modversion husk)" = 0.1.0 ] \
  && ok "pkg-config --modversion husk" || fail "pkg-config --modversion husk"
pkg-config --cflags --libs husk | grep -q -- "-I$prefix/include" \
  || fail "pkg-config --cflags: $(pkg-config --cflags husk)"
# The cache's libraries are dlopen'ed (src/util/dynlib.h): never linked.
! pkg-config --static --libs husk | grep -qE -- '-l(zstd|crypto)' \
  || fail "pkg-config --static --libs links the cache's libraries: $(pkg-config --static --libs husk)"

# The expected output of ./embed 40 2 (and of the CMake programs).
cat >"$tmp/expected" <<'EOF'
husk 0.1.0
log: 42
add(40, 2) = 42
div(40, 0) trapped: integer divide by zero
  at func[2] (export "div")
log: 38
add(40, -2) = 38
EOF

check_output() {   # WHAT COMMAND...
  what=$1; shift
  if "$@" >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/out" "$tmp/expected"; then
    ok "$what"
  else
    fail "$what"; echo "    got:"; sed 's/^/    /' "$tmp/out" "$tmp/err"
  fi
}

# ---- 2. examples/embed with pkg-config: shared, then static
cp -R "$src/examples/embed" "$tmp/embed"
rm -f "$tmp/embed/embed" "$tmp/embed/embed-static"
if run "examples/embed: make (libhusk.so)" \
     make -C "$tmp/embed" CC="$cc" CFLAGS="-O2 -Wall -Wextra -Werror $flags"; then
  check_output "examples/embed: run against libhusk.so" \
    env LD_LIBRARY_PATH="$libdir" "$tmp/embed/embed" 40 2
  env LD_LIBRARY_PATH="$libdir" ldd "$tmp/embed/embed" | grep -q "libhusk\.so\.0 => $libdir/" \
    || fail "embed does not load $libdir/libhusk.so.0"
fi
if run "examples/embed: make static (libhusk.a)" \
     make -C "$tmp/embed" static CC="$cc" CFLAGS="-O2 -Wall -Wextra -Werror $flags"; then
  check_output "examples/embed: run embed-static" "$tmp/embed/embed-static" 40 2
  ! ldd "$tmp/embed/embed-static" | grep -q libhusk || fail "embed-static loads libhusk.so"
fi

# ---- 2b. with the JavaScript runtime: js.h, and QuickJS beside libhusk.a
if [ -e "$libdir/libhusk_quickjs.a" ] || [ -e "$prefix/include/husk/js.h" ]; then
  [ -e "$libdir/libhusk_quickjs.a" ] && [ -e "$prefix/include/husk/js.h" ] \
    || fail "js.h and libhusk_quickjs.a are not installed together"
  cat >"$tmp/js.c" <<'EOF'
#include <string.h>
#include <husk/js.h>
int main(void) {
  husk_js_config *c = husk_js_config_new();
  husk_js *js;
  husk_error *err = husk_js_new(c, &js);
  husk_js_config_delete(c);
  if (err) return husk_error_delete(err), 99;
  const char *src = "console.log('js', 6 * 7)";
  int status = husk_js_eval(js, src, strlen(src), "install-test.js", false);
  husk_js_delete(js);
  return status;
}
EOF
  cflags=$(pkg-config --cflags husk)
  for kind in shared static; do
    if [ $kind = static ]; then
      libs=$(pkg-config --static --libs husk | sed -E 's/-lhusk( |$)/-l:libhusk.a\1/')
    else
      libs=$(pkg-config --libs husk)
    fi
    # shellcheck disable=SC2086  # flags and libs are word lists
    if run "JavaScript runtime: build against libhusk ($kind)" \
         "$cc" $flags "$tmp/js.c" $cflags $libs -o "$tmp/js-$kind"; then
      out=$(env LD_LIBRARY_PATH="$libdir" "$tmp/js-$kind" 2>&1) && [ "$out" = "js 42" ] \
        && ok "JavaScript runtime: run ($kind)" || fail "JavaScript runtime ($kind): $out"
    fi
  done
fi

# ---- 3. a CMake project: find_package(husk CONFIG REQUIRED)
mkdir "$tmp/cmake-user"
cp "$src/examples/embed/embed.c" "$tmp/cmake-user/"
cat >"$tmp/cmake-user/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(husk_user C)
find_package(husk 0.1 CONFIG REQUIRED)
add_executable(embed_shared embed.c)
target_link_libraries(embed_shared PRIVATE husk::husk)
add_executable(embed_static embed.c)
target_link_libraries(embed_static PRIVATE husk::husk_static)
EOF
if run "cmake project: configure with find_package(husk)" \
     cmake -S "$tmp/cmake-user" -B "$tmp/cmake-user/build" -DCMAKE_PREFIX_PATH="$prefix" \
       -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  && run "cmake project: build" cmake --build "$tmp/cmake-user/build"; then
  # No LD_LIBRARY_PATH: CMake gives build trees an RPATH to imported libraries.
  check_output "cmake project: run husk::husk" "$tmp/cmake-user/build/embed_shared" 40 2
  check_output "cmake project: run husk::husk_static" "$tmp/cmake-user/build/embed_static" 40 2
  ! ldd "$tmp/cmake-user/build/embed_static" | grep -q libhusk \
    || fail "husk::husk_static program loads libhusk.so"
fi

if [ "$failures" -ne 0 ]; then
  echo "install: $failures failure(s)"
  exit 1
fi
echo "install: all passed"
