#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Python presets beside real CPython, repeated: for each worker count,
# REPEAT runs of
#   isobar-cli bench --preset python-threads,python-multiprocessing \
#       --workers W --cpython --json
# (the emulation and the CPython reference on the same archives, in one
# run), then one line per worker count with the range (min–max) of each
# figure over the runs, and how often the emulation was within the bounds
# it is checked against (worst stall 0.5–2× CPython's, p99 at most 2×);
# then how often CPython is within those bounds of its own other runs (the
# test's noise floor) beside the emulation against every CPython run.
#
#   build-aux/bench-python.sh [WORKERS…]     default: 1 2 4
#
# Settings: REPEAT (3), PLACES (4), DEPTH (40000), LATENCY (1 ms),
# SWITCH_MS (5), BUILDDIR (./build). The records are left in $OUT (default
# $BUILDDIR/bench-python.jsonl). Run one heavy thing at a time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$here/build}
out=${OUT:-$builddir/bench-python.jsonl}
workers=("$@")
[ ${#workers[@]} -gt 0 ] || workers=(1 2 4)

: > "$out"
for w in "${workers[@]}"; do
  for r in $(seq "${REPEAT:-3}"); do
    printf 'bench-python: %s workers, run %s/%s\n' "$w" "$r" "${REPEAT:-3}" >&2
    meson devenv -C "$builddir" isobar-cli bench \
      --preset python-threads,python-multiprocessing --workers "$w" \
      --locations "${PLACES:-4}" --resamples "${DEPTH:-40000}" --latency-ms "${LATENCY:-1}" \
      --switch-interval-ms "${SWITCH_MS:-5}" --cpython --json 2>/dev/null |
      sed "s/^/$w $r /" >> "$out"
  done
done

python3 - "$out" <<'EOF'
import collections, json, sys

runs = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    workers, run, text = line.split(" ", 2)
    record = json.loads(text)
    runs[(int(workers), int(run))][record["preset"]] = record

def span(values, fmt="{:.0f}"):
    return (fmt + "–" + fmt).format(min(values), max(values))

by_workers = collections.defaultdict(list)
for (workers, _), presets in sorted(runs.items()):
    by_workers[workers].append(presets)

print("| workers | Python Threads p99 / max ms | CPython threads p99 / max ms | max ratio | "
      "within bounds | processes saved: emulation / CPython | python-threads wall ms | CPython depth |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for workers, sets in sorted(by_workers.items()):
    emu_p99, emu_max, cpy_p99, cpy_max, ratio, saved_e, saved_c, wall, depth = ([] for _ in range(9))
    within = 0
    for p in sets:
        e, c = p["python-threads"], p.get("cpython-threads")
        if c is None:
            continue
        el, cl = e["lateness"], c["lateness"]
        emu_p99.append(el["p99_ms"]); emu_max.append(el["max_ms"])
        cpy_p99.append(cl["p99_ms"]); cpy_max.append(cl["max_ms"])
        ratio.append(el["max_ms"] / cl["max_ms"])
        within += 0.5 * cl["max_ms"] <= el["max_ms"] <= 2 * cl["max_ms"] and el["p99_ms"] <= 2 * cl["p99_ms"]
        saved_e.append(100 * (1 - p["python-multiprocessing"]["figures"]["compute_ms"] / e["figures"]["compute_ms"]))
        saved_c.append(100 * (1 - p["cpython-processes"]["figures"]["compute_ms"] / c["figures"]["compute_ms"]))
        wall.append(e["figures"]["wall_ms"])
        depth.append(c["settings"]["resamples"])
    if not emu_p99:
        print(f"| {workers} | no CPython rows (is python3 there?) |")
        continue
    ms = "{:.1f}"
    print(f"| {workers} | {span(emu_p99, ms)} / {span(emu_max, ms)} | {span(cpy_p99, ms)} / {span(cpy_max, ms)} | "
          f"{span(ratio, '{:.2f}')} | {within} of {len(emu_p99)} | {span(saved_e)} % / {span(saved_c)} % | "
          f"{span(wall)} | {span(depth)} |")

# The same test between two CPython runs: how often real CPython is within
# the bounds of itself. Every ordered pair of runs (i, j), i ≠ j, with run
# i's CPython in the emulation's place; beside it the emulation against the
# CPython of every run, and the medians.
def passes(a, b):
    return 0.5 * b["max_ms"] <= a["max_ms"] <= 2 * b["max_ms"] and a["p99_ms"] <= 2 * b["p99_ms"]

def median(values):
    v = sorted(values)
    n = len(v)
    return (v[n // 2] + v[(n - 1) // 2]) / 2

print()
print("| workers | CPython within bounds of another CPython run | emulation within bounds of any CPython run | "
      "median max ms: emulation / CPython | median p99 ms: emulation / CPython |")
print("|---:|---:|---:|---:|---:|")
for workers, sets in sorted(by_workers.items()):
    emu = [p["python-threads"]["lateness"] for p in sets if "cpython-threads" in p]
    cpy = [p["cpython-threads"]["lateness"] for p in sets if "cpython-threads" in p]
    if len(cpy) < 2:
        continue
    self_pairs = [(i, j) for i in range(len(cpy)) for j in range(len(cpy)) if i != j]
    self_ok = sum(passes(cpy[i], cpy[j]) for i, j in self_pairs)
    cross_ok = sum(passes(e, c) for e in emu for c in cpy)
    print(f"| {workers} | {self_ok} of {len(self_pairs)} | {cross_ok} of {len(emu) * len(cpy)} | "
          f"{median([e['max_ms'] for e in emu]):.1f} / {median([c['max_ms'] for c in cpy]):.1f} | "
          f"{median([e['p99_ms'] for e in emu]):.1f} / {median([c['p99_ms'] for c in cpy]):.1f} |")
EOF
