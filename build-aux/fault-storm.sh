#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Does to isobar-cli's helpers what a crash, a debugger or the OOM killer
# would, in the middle of a process-pool bench, and checks the run goes on:
#
#   build-aux/fault-storm.sh kill5     5 helpers SIGKILLed 1 s apart
#   build-aux/fault-storm.sh stop      1 helper SIGSTOPped (found by its silence)
#   build-aux/fault-storm.sh endless   every helper SIGKILLed every 300 ms
#
# Prints the exit status, the time, the digest against an undisturbed run's,
# the record's helpers_restarted and jobs_retried, and what was left behind
# (helpers, simulators, zombies). Settings: COMPUTE (process-pool),
# RESAMPLES (400000: a run of ~7 s on 2 cores), BUILDDIR (./build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$here/build}
export ISOBAR_HELPER=$builddir/src/helper/isobar-helper
export ISOBAR_SIM=$builddir/src/sim/isobar-sim
cli=$builddir/src/cli/isobar-cli
args=(bench --locations 4 --years 40 --resamples "${RESAMPLES:-400000}" --fetch thread-pool
      --compute "${COMPUTE:-process-pool}" --workers 2 --json)
fault=${1:-kill5}
out=$(mktemp); calm=$(mktemp)
trap 'rm -f "$out" "$calm"' EXIT

field () { /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }

"$cli" "${args[@]}" > "$calm"
echo "undisturbed: digest $(field "$calm" 'r["digest"][:12]'), wall $(field "$calm" 'round(r["figures"]["wall_ms"]/1000, 1)') s"

"$cli" "${args[@]}" > "$out" &
pid=$!
helpers () { for c in $(pgrep -P $pid || true); do [ "$(cat /proc/$c/comm 2>/dev/null)" != isobar-helper ] || echo $c; done; }
until [ -n "$(helpers)" ]; do sleep 0.05; done
start=$(date +%s%N)
case $fault in
  kill5) for _ in 1 2 3 4 5; do sleep 1; h=$(helpers | head -1 || true); [ -n "$h" ] && kill -9 "$h" || true; done ;;
  stop) sleep 1; h=$(helpers | head -1 || true); kill -STOP "$h"; stopped=$(date +%s%N); echo "stopped helper $h" ;;
  endless) while kill -0 $pid 2>/dev/null; do sleep 0.3; for h in $(helpers); do kill -9 "$h" 2>/dev/null || true; done; done ;;
  *) echo "usage: $0 kill5|stop|endless" >&2; exit 2 ;;
esac
rc=0; wait $pid || rc=$?
end=$(date +%s%N)
echo "$fault: exit $rc after $(( (end - start) / 1000000 )) ms${stopped:+, $(( (end - stopped) / 1000000 )) ms after the stop}"
if [ $rc -eq 0 ]; then
  echo "digest $(field "$out" 'r["digest"][:12]') (undisturbed $(field "$calm" 'r["digest"][:12]')), helpers restarted $(field "$out" 'r["figures"]["helpers_restarted"]'), jobs retried $(field "$out" 'r["figures"]["jobs_retried"]')"
fi
sleep 1
echo "left behind: $(pgrep -c -x isobar-helper || true) helpers, $(pgrep -c -x isobar-sim || true) simulators, $(ps -eo stat,comm | grep -c '^Z.*isobar' || true) zombies"
