#!/usr/bin/env bash
# run-guest.sh - runs one WASI guest scenario under husk.
#
#   run-guest.sh HUSK GUEST_DIR TMP_ROOT SCENARIO [RESOLVER]
#
# HUSK       the husk binary
# GUEST_DIR  where the guests were built (NAME.wasm, tree_tool_native)
# TMP_ROOT   parent of the scenario's fresh work directory (under the build
#            directory); the work directory is removed when the test passes
# SCENARIO   which guest and fixture (see the case below)
# RESOLVER   "openat2" (default: whatever the kernel has) or "walk" to force
#            the user-space path walk (HUSK_WASI_RESOLVER=walk)
#
# A scenario passes when the guest exits with the expected status and its
# standard output is exactly the expected text; file system scenarios also
# check what the guest left on the host.
set -u

HUSK=$1 GUEST_DIR=$2 TMP_ROOT=$3 SCENARIO=$4 RESOLVER=${5:-openat2}
if [ "$RESOLVER" = walk ]; then export HUSK_WASI_RESOLVER=walk; else unset HUSK_WASI_RESOLVER; fi

mkdir -p "$TMP_ROOT"
WORK=$(mktemp -d "$TMP_ROOT/$SCENARIO-$RESOLVER.XXXXXX")
FAILED=0

fail() { echo "FAIL: $*"; FAILED=1; }

# run EXPECTED_STATUS EXPECTED_STDOUT husk-run-arguments...
# stdin is /dev/null, stdout a pipe, stderr a file.
run() {
  local want_status=$1 want_out=$2
  shift 2
  local out status
  out=$("$HUSK" run "$@" </dev/null 2>"$WORK/stderr")
  status=$?
  if [ "$status" != "$want_status" ]; then
    fail "exit status $status, want $want_status"
  fi
  if [ "$out" != "$want_out" ]; then
    fail "unexpected output"
    echo "--- want"; printf '%s\n' "$want_out"
    echo "--- got"; printf '%s\n' "$out"
  fi
  if [ "$FAILED" = 1 ] && [ -s "$WORK/stderr" ]; then
    echo "--- stderr"; cat "$WORK/stderr"
  fi
}

# A listing of a tree with contents, to prove it was not touched.
fingerprint() {
  (cd "$1" && find . -printf '%p %y %s %m %l\n' | LC_ALL=C sort &&
     find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

case $SCENARIO in
args_env)
  run 0 "args_env: all checks passed" \
    --env FOO=bar --env EMPTY= "$GUEST_DIR/args_env.wasm" one "two words"
  ;;
exit_code)
  run 7 "before" "$GUEST_DIR/exit_code.wasm"
  ;;
clock_random)
  run 0 "clock_random: all checks passed" "$GUEST_DIR/clock_random.wasm"
  ;;
fd_ops|paths|poll|unstable|memory)
  mkdir "$WORK/sandbox"
  run 0 "$SCENARIO: all checks passed" --dir "$WORK/sandbox::sandbox" \
    "$GUEST_DIR/$SCENARIO.wasm"
  # The guests clean up after themselves.
  left=$(ls -A "$WORK/sandbox")
  [ -z "$left" ] || fail "left behind in the sandbox: $left"
  ;;
escape)
  mkdir -p "$WORK/outside/dir" "$WORK/sandbox/sub" "$WORK/ro/dir" "$WORK/other"
  echo -n secret >"$WORK/outside/secret"
  echo -n inside >"$WORK/sandbox/inside.txt"
  ln -s "$WORK/outside" "$WORK/sandbox/link_abs"
  ln -s "$WORK/outside/secret" "$WORK/sandbox/link_abs_file"
  ln -s ../outside "$WORK/sandbox/link_rel"
  ln -s ../outside/secret "$WORK/sandbox/link_rel_file"
  ln -s sub/../../outside/secret "$WORK/sandbox/link_deep"
  ln -s ../.. "$WORK/sandbox/sub/up"
  ln -s .. "$WORK/sandbox/sub/up_ok"
  ln -s /etc "$WORK/sandbox/link_etc"
  ln -s loop_b "$WORK/sandbox/loop_a"
  ln -s loop_a "$WORK/sandbox/loop_b"
  ln -s self "$WORK/sandbox/self"
  ln -s ../outside/created "$WORK/sandbox/dangling_out"
  echo -n readonly >"$WORK/ro/file.txt"
  echo -n nested >"$WORK/ro/dir/nested.txt"
  ln -s file.txt "$WORK/ro/link"
  before_out=$(fingerprint "$WORK/outside")
  before_ro=$(fingerprint "$WORK/ro")
  before_sb=$(fingerprint "$WORK/sandbox")
  run 0 "escape: all checks passed" --dir "$WORK/sandbox::sandbox" \
    --ro-dir "$WORK/ro::ro" --dir "$WORK/other::other" "$GUEST_DIR/escape.wasm"
  [ "$(fingerprint "$WORK/outside")" = "$before_out" ] || fail "outside/ changed"
  [ "$(fingerprint "$WORK/ro")" = "$before_ro" ] || fail "read-only preopen changed"
  [ "$(fingerprint "$WORK/sandbox")" = "$before_sb" ] || fail "sandbox not restored"
  [ -z "$(ls -A "$WORK/other")" ] || fail "other/ not empty"
  ;;
race)
  # A host loop keeps swapping sandbox/race between a directory holding a
  # harmless file and a symlink to outside/, while the guest opens
  # race/secret thousands of times. It must never read the outside secret.
  mkdir -p "$WORK/outside" "$WORK/sandbox/race_dir_a"
  echo -n secret >"$WORK/outside/secret"
  echo -n harmless >"$WORK/sandbox/race_dir_a/secret"
  ln -s "$WORK/outside" "$WORK/sandbox/race_link_a"
  ln -s ../outside "$WORK/sandbox/race_link_b"
  (
    cd "$WORK/sandbox" || exit 1
    end=$((SECONDS + 20))
    while [ $SECONDS -lt $end ] && [ ! -e "$WORK/stop" ]; do
      mv -T race_dir_a race 2>/dev/null; mv -T race race_dir_a 2>/dev/null
      ln -sfn "$WORK/outside" race 2>/dev/null; rm -f race
      ln -sfn ../outside race 2>/dev/null; rm -f race
    done
  ) &
  racer=$!
  run 0 "race: all checks passed" --dir "$WORK/sandbox::sandbox" "$GUEST_DIR/race.wasm"
  touch "$WORK/stop"
  wait "$racer"
  [ "$(cat "$WORK/outside/secret")" = secret ] || fail "outside secret changed"
  ;;
tree)
  # The same program natively and under husk, on identical copies of one
  # tree, must print the same thing and leave the same tree behind.
  fix=$WORK/fixture/src
  mkdir -p "$fix/a/b" "$fix/scratch/deep" "$fix/empty"
  echo hello >"$fix/a/one.txt"
  echo "sp ace" >"$fix/a/with space.txt"
  printf 'caf\xc3\xa9\n' >"$fix/a/b/"$'caf\xc3\xa9.txt'     # UTF-8 name
  awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%d,", i * 7919 % 10007 }' >"$fix/a/b/numbers.csv"
  head -c 300000 /dev/zero | tr '\0' 'z' >"$fix/zeds.dat"
  : >"$fix/a/empty.txt"
  ln -s a/one.txt "$fix/link"
  ln -s ../a "$fix/empty/up"
  echo s >"$fix/scratch/deep/f"
  echo t >"$fix/scratch/g.txt"
  cp -a "$WORK/fixture" "$WORK/native"
  cp -a "$WORK/fixture" "$WORK/husk"
  native=$(cd "$WORK/native" && "$GUEST_DIR/tree_tool_native" src dst) ||
    fail "native run failed"
  run 0 "$native" --dir "$WORK/husk::." "$GUEST_DIR/tree_tool.wasm" src dst
  listing() { (cd "$1" && find . -printf '%p %y %s %l\n' | LC_ALL=C sort &&
                 find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }
  [ "$(listing "$WORK/native")" = "$(listing "$WORK/husk")" ] ||
    fail "trees differ after the run"
  [ "$FAILED" = 1 ] || printf '%s\n' "$native" | tail -3
  ;;
*)
  echo "unknown scenario $SCENARIO"
  exit 2
  ;;
esac

if [ "$FAILED" = 0 ]; then
  rm -rf "$WORK"
  echo "PASS $SCENARIO ($RESOLVER)"
else
  echo "work directory kept: $WORK"
fi
exit $FAILED
