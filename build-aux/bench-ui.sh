#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Measures what each preset does to the real window, the way a user would
# drive it: starts Isobar under Xvfb (cairo renderer) with a private D-Bus
# session, then for each preset picks it with `gapplication action preset`
# and starts the run with its shortcut (Ctrl+Return), the first of the keys
# xdotool then presses every 100 ms (the input delay), exports the runs as
# JSON once each has ended and prints one line per run. Also reports how long the window took
# to show and the memory at rest before and after the runs (the app and
# every child process).
#
#   build-aux/bench-ui.sh [--renderer cairo|gl] [--repeat N] [--wm] [--cold-input] [PRESET…]
#                                        default: cairo, once, recommended ui-thread
#
# --renderer picks GSK's renderer (gl is Mesa's llvmpipe on a machine without
# a GPU); --repeat runs the preset list N times in one window. Each record
# says which renderer drew. --wm runs a window manager (Openbox, installed
# if missing) on the X server first, as every X11 desktop has one: without
# one, GDK asks the X server at every frame whether a window manager
# supports a hint (gdk_x11_screen_supports_net_wm_hint, ~3 synchronous
# round trips a frame; BENCHMARKS.md §5g). Without --wm the app is alone on
# Xvfb, as in the earlier figures.
#
# The pseudo-preset "cpython" runs real Python instead (app.run-cpython: the
# CPython reference on the archives of the run before it, three rows), so
#   build-aux/bench-ui.sh python-threads cpython
# measures Python Threads in the window and real CPython threads beside it,
# in the same script, and prints how their worst stalls compare.
#
# Settings: PLACES (8), YEARS (40), DEPTH (40000), LATENCY (100 ms),
# BUILDDIR (./build). The runs are also left in $OUT.all.jsonl (default
# $BUILDDIR/bench-ui.json).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$here/build}
out=${OUT:-$builddir/bench-ui.json}
renderer=cairo
repeat=1
wm=
cold_input=
while [ $# -gt 0 ]; do
  case "$1" in
    --renderer) renderer=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --wm) wm=--wm; shift ;;
    --cold-input) cold_input=--cold-input; shift ;;
    --*) echo "usage: $0 [--renderer cairo|gl] [--repeat N] [--wm] [--cold-input] [PRESET…]" >&2; exit 2 ;;
    *) break ;;
  esac
done
case "$renderer" in cairo|gl) ;; *) echo "$0: --renderer is cairo or gl (gl is Mesa llvmpipe here)" >&2; exit 2 ;; esac
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(recommended ui-thread)

if [ -z "${ISOBAR_BENCH_INNER:-}" ]; then
  [ -z "$wm" ] || { command -v openbox && command -v xprop; } >/dev/null || "$here/build-aux/dev.sh" deps openbox x11-utils
  export ISOBAR_BENCH_INNER=1
  exec dbus-run-session -- "$here/build-aux/xvfb-run.sh" 1920x1080 "$0" --renderer "$renderer" \
    --repeat "$repeat" $wm $cold_input "${presets[@]}"
fi

app_id=io.github.isobar.Isobar
export GSETTINGS_SCHEMA_DIR=$builddir/data
export GSETTINGS_BACKEND=memory
export ISOBAR_SIM=$builddir/src/sim/isobar-sim
export ISOBAR_HELPER=$builddir/src/helper/isobar-helper
export ISOBAR_REFERENCE_SCRIPT=$here/src/reference/isobar-reference.py
export GSK_RENDERER=$renderer
export GTK_A11Y=none
export ISOBAR_STARTUP_REPORT=1
export XDG_CACHE_HOME=$(mktemp -d)

wm_pid=
if [ -n "$wm" ]; then
  openbox --sm-disable >/dev/null 2>&1 &
  wm_pid=$!
  for _ in $(seq 50); do xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break; sleep 0.1; done
  echo "window manager: Openbox"
fi

log=$(mktemp)
launched=$(date +%s%6N)
"$builddir/src/app/isobar" 2> "$log" &
app_pid=$!
monitor_pid=
trap 'kill $app_pid $monitor_pid $wm_pid 2>/dev/null || true; rm -rf "$XDG_CACHE_HOME" "$log"' EXIT

for _ in $(seq 100); do
  grep -q "first frame painted" "$log" && break
  sleep 0.1
done
shown=$(sed -n 's/.*first frame painted at \([0-9]*\).*/\1/p' "$log" | head -1)
echo "window shown after $(( (shown - launched) / 1000 )) ms (launch to first frame painted)"

action () { gapplication action "$app_id" "$@"; }

# The settings through the app's own actions.
action run-places "uint32 ${PLACES:-8}"
action analysis-years "uint32 ${YEARS:-40}"
action analysis-depth "uint32 ${DEPTH:-40000}"
action simulator-latency "uint32 ${LATENCY:-100}"
action data-source "'simulator'"

# RSS of isobar and every child process (helpers, simulator), in MB.
rest_rss () {
  local rss_kb=0 pid
  for pid in $app_pid $(pgrep -P $app_pid || true); do
    rss_kb=$(( rss_kb + $(awk '/^VmRSS/ { print $2 }' /proc/$pid/status 2>/dev/null || echo 0) ))
  done
  echo "$1: $(( rss_kb / 1024 )) MB RSS (isobar $(( $(awk '/^VmRSS/ { print $2 }' /proc/$app_pid/status) / 1024 )) MB, and its $(pgrep -c -P $app_pid || true) child processes)"
}

sleep 5
rest_rss "memory at rest"

# The X server rasterises the window under the cairo renderer (Xvfb here, on
# the same cores): its CPU time is part of what a frame costs.
xserver_pid=$(pgrep -n -x Xvfb || true)
xserver_cpu_ms () {
  [ -n "$xserver_pid" ] || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' /proc/$xserver_pid/stat
}

# The start and end of a run, without polling: one `gdbus monitor` on the
# app's actions, whose lines grep cuts down to app.run's enabled state
# ("'run': false" in org.gtk.Actions.Changed when a run starts, "'run':
# true" when it has ended), read from a FIFO by the shell itself. (Polling
# the action's state five times a second cost a gdbus, a grep and a shell
# per poll, ~150 ms of CPU per run on the app's cores.) Both observers run
# at the helpers' niceness: the shell's `read` takes a line one byte per
# system call, and a whole signal a line, read at a run's start, took 1–3 ms
# of a core in its first 20 ms (BENCHMARKS.md §5o).
monitor_fifo=$XDG_CACHE_HOME/actions.fifo
mkfifo "$monitor_fifo"
nice -n 10 gdbus monitor --session --dest "$app_id" --object-path "/${app_id//.//}" 2>/dev/null \
  > >(nice -n 10 grep --line-buffered 'org\.gtk\.Actions\.Changed' |
      nice -n 10 grep --line-buffered -o "'run': [a-z]*" > "$monitor_fifo") &
monitor_pid=$!
exec 3< "$monitor_fifo"
# Waits up to $1 s for app.run's enabled state to become $2; false on timeout.
wait_run_state () {
  local line
  while IFS= read -r -t "$1" line <&3; do
    [ "$line" != "'run': $2" ] || return 0
  done
  return 1
}
wait_run_enabled () { wait_run_state 120 true; }

window=$(xdotool search --pid $app_pid --onlyvisible | head -1)
# Real key presses (XTEST) go to the focused window.
xdotool windowfocus --sync "$window"
if [ -z "$cold_input" ]; then
  xdotool key shift
  sleep 1
fi
# The runs the app keeps (the last 12) are exported; every run seen is
# appended once to $all, so that more runs than the app keeps are printed.
all=$out.all.jsonl
: > "$all"
new_runs () {
  rm -f "$out"
  action export-runs "'$out'" 2>/dev/null || true
  for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
  [ -s "$out" ] || { echo 0; return; }
  python3 - "$out" "$all" <<'EOF' 2>/dev/null || echo 0
import json, sys
seen = {json.loads(line)["started"] for line in open(sys.argv[2])}
records = [r for r in json.load(open(sys.argv[1])) if r["started"] not in seen]
with open(sys.argv[2], "a") as f:
    for r in records:
        f.write(json.dumps(r) + "\n")
print(len(records))
EOF
}

# Runs are exported (read back) only when needed: the export shows a toast,
# whose animation at the window's bottom would otherwise fall into the first
# few hundred ms of the next run (BENCHMARKS.md §5m). The app keeps the last
# 12 runs, so they are read back every 12 runs, before a real-Python run (whose
# three rows say when it has ended) and at the end.
unexported=0
expected=0
flush_runs () {
  [ $unexported -gt 0 ] || return 0
  new_runs > /dev/null
  unexported=0
}

# Input while a run goes: a key press every 100 ms from one xdotool, handled
# (or not) by the window; 1200 presses outlast any run.
keys=$(printf 'shift %.0s' $(seq 1200))

for preset in $(for _ in $(seq "$repeat"); do echo "${presets[@]}"; done); do
  [ "$preset" != cpython ] || flush_runs
  # Changes seen before this run are not its end.
  while IFS= read -r -t 0.05 _ <&3; do :; done
  # Everything the script starts for a run is started before the run: the
  # processes it forks (a subshell, awk, xdotool's start-up) are at the UI
  # thread's priority and took a core from it in a run's first 30 ms
  # (BENCHMARKS.md §5n). The first key press comes just before the run.
  xcpu_before=$(xserver_cpu_ms)
  if [ "$preset" = cpython ]; then
    xdotool key --delay 100 $keys 2>/dev/null &
    keys_pid=$!
    sleep 0.05
    action run-cpython
    expect=3
  else
    # The run starts as a user starts it, with its shortcut (Ctrl+Return),
    # the first key of the presses: `gapplication action run` was a process
    # still exiting, at the UI thread's priority, in the run's first 10 ms.
    # Shift is released first: the last run's presses were stopped at any
    # point, once in three runs with Shift down, and Ctrl+Shift+Return is
    # not the shortcut. (A run that blocks the UI thread reports its start
    # only when the thread is free again, hence the long wait.)
    action preset "'$preset'"
    xdotool keyup shift key --delay 100 ctrl+Return $keys 2>/dev/null &
    keys_pid=$!
    if ! wait_run_state 120 false; then
      echo "$preset: Ctrl+Return did not start a run within 120 s" >&2
      exit 1
    fi
    expect=1
  fi
  # The script stays quiet meanwhile: it waits for app.run to be enabled
  # again (the run has ended) and reads the runs back only then, so that
  # neither its own processes nor an export's JSON on the app's main loop
  # load the run.
  if [ "$preset" = cpython ]; then
    got=0
    while wait_run_enabled; do
      got=$((got + $(new_runs)))
      [ $got -ge $expect ] && break
    done
  else
    wait_run_enabled || echo "$preset: the run did not end within 120 s" >&2
    unexported=$((unexported + 1))
  fi
  expected=$((expected + expect))
  kill $keys_pid 2>/dev/null || true
  wait $keys_pid 2>/dev/null || true
  echo "$preset: the X server used $(( $(xserver_cpu_ms) - xcpu_before )) ms of CPU (the run)"
  [ $unexported -lt 12 ] || flush_runs
done
flush_runs
read_back=$(wc -l < "$all")
[ "$read_back" -eq "$expected" ] || echo "warning: $read_back runs read back of $expected" >&2

sleep 5
rest_rss "memory at rest after the runs"

python3 - "$all" <<'EOF'
import json, sys
records = [json.loads(line) for line in open(sys.argv[1])]
for r in records:
    f, l, fr = r["figures"], r["lateness"], r.get("frames") or {}
    print(f'{r.get("preset", "custom"):<22} {r.get("renderer") or "-":<6} '
          f'{r["strategies"]["fetch"]:>11} + {r["strategies"]["compute"]:<21} '
          f'wall {f["wall_ms"]/1000:5.1f} s  '
          f'compute {f["compute_ms"]/1000:5.1f} s  longest stall {l["max_ms"]:7.1f} ms  p99 {l["p99_ms"]:6.1f} ms  '
          f'long tasks {l["long_tasks"]:3d} ({l["blocked_ms"]/1000:.1f} s)  '
          f'fps {fr.get("fps") or 0:5.1f}  longest frame {fr.get("longest_frame_ms") or 0:7.1f} ms  '
          f'dropped {fr.get("dropped_frames") or 0:4d}  input delay {r.get("input_delay_ms") or 0:6.1f} ms '
          f'({r.get("input_events") or 0} events)  CPU {f["cpu_ms_app"]/1000:.1f}+{f["cpu_ms_helpers"]/1000:.1f} s  '
          f'peak {f["peak_rss_kb"]/1024:.0f} MB')
newest = {r.get("preset"): r for r in records}
emulated, real = newest.get("python-threads"), newest.get("cpython-threads")
if emulated and real:
    e, c = emulated["lateness"]["max_ms"], real["lateness"]["max_ms"]
    print(f'Python Threads longest stall {e:.1f} ms; real CPython {real["python"]["version"]} threads '
          f'{c:.1f} ms: ratio {e / c:.2f} (the target: 0.5-2)')
EOF
action quit
wait $app_pid || true
