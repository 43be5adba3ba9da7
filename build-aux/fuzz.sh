#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fuzzes every libFuzzer target of tests/fuzz for SECONDS each (60 by
# default), one after the other:
#
#   build-aux/fuzz.sh [SECONDS]
#
# Installs clang and libFuzzer when missing (through dev.sh deps), builds
# with CC=clang -Dfuzzing=true into FUZZ_BUILDDIR (./build-fuzz by default),
# replays the checked-in seeds (meson test --suite fuzz), then runs
# each target on a scratch copy of its seeds — the real Open-Meteo responses
# in ../shared/fixtures/open-meteo (ISOBAR_FIXTURES_DIR), tests/fixtures,
# tests/fuzz/corpus and the packets fuzz-seeds writes — with its dictionary.
# Prints runs, exec/s and coverage per target; fails if any target crashes,
# leaks, trips a sanitizer or times out, and keeps its input and log then.
# FUZZ_WORKDIR keeps the scratch folder (corpora, logs) where you say;
# FUZZ_TARGETS="fuzz-cache fuzz-archive" runs only those.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
builddir=${FUZZ_BUILDDIR:-$here/build-fuzz}
fixtures=${ISOBAR_FIXTURES_DIR:-$here/../shared/fixtures/open-meteo}
fuzz_src=$here/tests/fuzz

say () { printf 'isobar-fuzz: %s\n' "$*" >&2; }

case "$seconds" in
  ''|*[!0-9]*|0) echo "usage: $0 [SECONDS]   (a whole number of seconds per target, 60 by default)" >&2; exit 2 ;;
esac

# clang's fuzzer and sanitizer runtimes are only a recommendation of clang's;
# llvm-14 brings llvm-symbolizer, for crash reports with file and line.
"$here/build-aux/dev.sh" deps clang libclang-rt-14-dev libfuzzer-14-dev llvm-14

all_targets=(fuzz-forecast fuzz-archive fuzz-geocoding fuzz-cache fuzz-packet-request fuzz-packet-reply)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"
for target in "${targets[@]}"; do
  case " ${all_targets[*]} " in
    *" $target "*) ;;
    *) echo "$0: no target $target in FUZZ_TARGETS (there are: ${all_targets[*]})" >&2; exit 2 ;;
  esac
done

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$builddir" "$here" -Dfuzzing=true -Dtests=false
fi
meson compile -C "$builddir" "${targets[@]}" fuzz-seeds

work=${FUZZ_WORKDIR:-$(mktemp -d -t isobar-fuzz-XXXXXX)}
mkdir -p "$work"
keep_work=${FUZZ_WORKDIR:+yes}
cleanup () { if [ -z "$keep_work" ]; then rm -rf "$work"; fi; }
trap cleanup EXIT

# GLib's one-time allocations are not leaks of ours (lsan.supp says which).
export LSAN_OPTIONS="suppressions=$here/build-aux/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1"
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer || command -v llvm-symbolizer-14 || true)}
export G_SLICE=always-malloc
# fuzz-cache makes its cache folder here; a crash leaves it behind.
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR"

# Every input that ever crashed a target runs first, once.
meson test -C "$builddir" --suite fuzz --no-rebuild --print-errorlogs "${targets[@]}"

"$builddir/tests/fuzz/fuzz-seeds" "$work/generated"

# Copies the seeds of @target into its scratch corpus @dir.
copy_seeds () {
  local target=$1 dir=$2 d
  local seeds=()

  case "$target" in
    fuzz-packet-request|fuzz-packet-reply)
      seeds=("$work/generated/${target#fuzz-}" "$fuzz_src/corpus/${target#fuzz-}") ;;
    *)
      seeds=("$fixtures" "$here/tests/fixtures" "$fuzz_src/corpus/json") ;;
  esac
  mkdir -p "$dir"
  for d in "${seeds[@]}"; do
    if [ -d "$d" ]; then
      find "$d" -maxdepth 1 -type f ! -name '*.md' -exec cp -t "$dir" {} +
    else
      say "$target: no seeds in $d (skipped)"
    fi
  done
}

dict_for () {
  case "$1" in
    fuzz-packet-*) echo "$fuzz_src/packet.dict" ;;
    *) echo "$fuzz_src/json.dict" ;;
  esac
}

# "#123 DONE cov: 466 ft: 1338 corp: 143/2978Kb lim: …" → one of its fields.
field () {
  sed -n "s/.*[[:space:]]$1:[[:space:]]*\\([^[:space:]]*\\).*/\\1/p" <<<"$2"
}

failed=()
rows=()
for target in "${targets[@]}"; do
  corpus=$work/corpus/$target
  log=$work/logs/$target.log
  mkdir -p "$work/logs" "$work/artifacts"
  copy_seeds "$target" "$corpus"
  n_seeds=$(find "$corpus" -type f | wc -l)
  say "$target: $seconds s from $n_seeds seeds"

  status=0
  "$builddir/tests/fuzz/$target" "$corpus" \
    -dict="$(dict_for "$target")" \
    -max_total_time="$seconds" \
    -timeout=10 \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$target-" \
    >"$log" 2>&1 || status=$?

  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|NEW|REDUCE|pulse)' "$log" | tail -n 1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log")
  rows+=("$(printf '%-20s %10s %8s %6s %7s %12s' "$target" "${runs:-?}" "${speed:-?}" \
            "$(field cov "$last")" "$(field ft "$last")" "$(field corp "$last")")")

  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    keep_work=yes
    say "$target FAILED (exit $status); the end of its log:"
    grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" | tail -n 60 >&2
    # GLib has no frame pointers: the fast unwinder stops in it. Once more,
    # slowly, for whole stacks.
    for input in "$work/artifacts/$target"-*; do
      [ -f "$input" ] || continue
      say "$input again, with whole stacks:"
      ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" \
        "$builddir/tests/fuzz/$target" "$input" 2>&1 | tail -n 80 >&2 || true
    done
  fi
done

echo
printf '%-20s %10s %8s %6s %7s %12s\n' target runs exec/s cov ft corpus
printf '%s\n' "${rows[@]}"
echo "(${seconds} s each; cov: code edges reached, ft: features, corpus: inputs/size)"

if [ ${#failed[@]} -gt 0 ]; then
  say "crashed: ${failed[*]}; inputs in $work/artifacts, logs in $work/logs"
  exit 1
fi
say "no crash, leak, sanitizer report or timeout in ${#targets[@]} targets"
