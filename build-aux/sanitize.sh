#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the displayless test suite built with AddressSanitizer, LeakSanitizer
# and UndefinedBehaviorSanitizer (SANITIZERS.md):
#
#   build-aux/sanitize.sh [MESON TEST ARGUMENTS…]
#
# Builds with gcc, -Db_sanitize=address,undefined, into SANITIZE_BUILDDIR
# (./build-sanitize by default): the tests, the core library, isobar-helper,
# isobar-sim and isobar-cli alike, so the helpers and simulators the tests
# start check themselves too. Then `meson test --suite displayless` with
# leak detection, whole stacks (fast_unwind_on_malloc=0), UBSan stopping at
# its first report, the suppressions of build-aux/lsan.supp (what the
# libraries under Isobar keep or lose, never Isobar's own code) and
# G_SLICE=always-malloc. ASan and LSan reports, one file per process, go to
# meson-logs/sanitizers/ in the build folder; UBSan's to meson's log. Prints
# them and one summary line; fails if a test fails or any process (a test, a
# helper, a simulator) leaked or tripped a sanitizer. Arguments go to
# meson test: a test's name, --repeat 3…
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${SANITIZE_BUILDDIR:-$here/build-sanitize}

say () { printf 'isobar-sanitize: %s\n' "$*" >&2; }

"$here/build-aux/dev.sh" deps

# -Db_lundef=false: the sanitizer runtimes are linked into executables only.
# Frame pointers keep stacks whole where the fast unwinder is used. Beyond
# -fsanitize=undefined, a double converted to an integer it does not fit
# (float-cast-overflow); UBSan stops at its first report.
options=(
  -Db_sanitize=address,undefined -Db_lundef=false -Dtests=true
  "-Dc_args=-fno-omit-frame-pointer -fsanitize=float-cast-overflow -fno-sanitize-recover=all"
)
start=$(date +%s)
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$here" "${options[@]}"
else
  meson configure "$builddir" "${options[@]}"
fi
meson compile -C "$builddir"
built=$(date +%s)

reports=$builddir/meson-logs/sanitizers
rm -rf "$reports"
mkdir -p "$reports"

# Children inherit all of this: each helper and simulator checks itself.
# ASan and LSan write the report of a process to $reports/asan.PID rather
# than to its stderr, where a test may be reading a child's messages. UBSan
# beside ASan ignores log_path: its reports stay on stderr, in meson's log.
export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:log_path=$reports/asan"
export LSAN_OPTIONS="suppressions=$here/build-aux/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# GLib's slice allocator would hide leaks; gc-friendly clears what it frees.
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly

status=0
# Whole stacks on every allocation make the suite 4 times slower, some
# tests 17 times (test-pipeline: 89 s rather than 5); the timeouts follow.
meson test -C "$builddir" --suite displayless --no-rebuild --print-errorlogs \
  --timeout-multiplier 4 "$@" || status=$?
done_at=$(date +%s)

shopt -s nullglob
files=("$reports"/asan.*)
leaks=0
errors=0
for f in "${files[@]}"; do
  say "report of process ${f##*.}:"
  cat "$f" >&2
  if grep -q 'ERROR: LeakSanitizer' "$f"; then leaks=$((leaks + 1)); fi
  if grep -q 'ERROR: AddressSanitizer' "$f"; then errors=$((errors + 1)); fi
done
testlog=$builddir/meson-logs/testlog.txt
ub=0
if [ -f "$testlog" ]; then ub=$(grep -a -c 'runtime error:' "$testlog" || true); fi
if [ "$ub" -gt 0 ]; then
  say "UndefinedBehaviorSanitizer, in $testlog:"
  grep -a -A 12 'runtime error:' "$testlog" >&2
fi
if [ $((leaks + errors + ub)) -gt 0 ]; then status=1; fi

log=$builddir/meson-logs/testlog.json
passed=$(grep -c '"result": "OK"' "$log" || true)
skipped=$(grep -c '"result": "SKIP"' "$log" || true)
failed=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
echo "sanitizers: $passed passed, $failed failed, $skipped skipped;" \
     "$leaks processes leaked, $errors ASan errors, $ub UBSan errors;" \
     "build $((built - start)) s, suite $((done_at - built)) s"
exit $status
