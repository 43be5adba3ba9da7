#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What each frame of the window cost to draw, during build-aux/bench-ui.sh.
# GTK 4.8's cairo renderer on X11 allocates an image the size of a frame's
# damaged box (cairo_image_surface_create) and frees it when the frame is
# shown (cairo_surface_destroy). A small LD_PRELOAD library times that life
# on the UI thread, with the thread's CPU time and minor page faults, and
# this script prints, for the frames that fell inside the runs, how many of
# each size there were and what they cost (BENCHMARKS.md §5m).
#
#   build-aux/frame-log.sh [bench-ui.sh's arguments]
#   e.g. build-aux/frame-log.sh --repeat 5 recommended
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir=${BUILDDIR:-$here/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/frame-log.c" <<'C'
#define _GNU_SOURCE
#include <cairo.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* Images tracked: a frame's surface, and cached images not yet forgotten. */
#define SLOTS 64

typedef struct
{
  cairo_surface_t *surface;
  double           start_ms, cpu_ms;
  long             faults;
  int              width, height;
} Slot;

static Slot slots[SLOTS];
static FILE *out;
static int logging = -1;

static double
clock_ms (clockid_t id)
{
  struct timespec t;

  clock_gettime (id, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static long
faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_minflt;
}

/* Only the app's UI thread: not its helpers, not the simulator. */
static int
on_ui_thread (void)
{
  if (logging < 0)
    {
      char exe[4096] = { 0 };

      logging = readlink ("/proc/self/exe", exe, sizeof exe - 1) > 0 && strcmp (strrchr (exe, '/'), "/isobar") == 0;
      if (logging)
        {
          char path[4096];

          snprintf (path, sizeof path, "%s/frames.%d", getenv ("FRAME_LOG_DIR"), getpid ());
          out = fopen (path, "w");
          logging = out != NULL;
          if (logging)
            /* The two clocks now, to place the frames among the runs. */
            fprintf (out, "# %.3f %.3f\n", clock_ms (CLOCK_MONOTONIC), clock_ms (CLOCK_REALTIME));
        }
    }
  return logging && gettid () == getpid ();
}

cairo_surface_t *
cairo_image_surface_create (cairo_format_t format, int width, int height)
{
  static cairo_surface_t *(*real) (cairo_format_t, int, int);
  double start_ms = clock_ms (CLOCK_MONOTONIC), cpu_ms = clock_ms (CLOCK_THREAD_CPUTIME_ID);
  long before = faults ();
  cairo_surface_t *surface;

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "cairo_image_surface_create");
  surface = real (format, width, height);
  /* A frame's surface is the outermost image: while it lives, the
   * renderer downloads icons and makes temporary images inside it. One
   * that has lived 200 ms is a cached image, not a frame's: forgotten. */
  if (on_ui_thread ())
    {
      int free_slot = -1, nested = 0;

      for (int i = 0; i < SLOTS; i++)
        {
          if (slots[i].surface != NULL && start_ms - slots[i].start_ms >= 200)
            slots[i].surface = NULL;
          if (slots[i].surface != NULL)
            nested = 1;
          else if (free_slot < 0)
            free_slot = i;
        }
      if (!nested && free_slot >= 0)
        slots[free_slot] = (Slot) { surface, start_ms, cpu_ms, before, width, height };
    }
  return surface;
}

void
cairo_surface_destroy (cairo_surface_t *surface)
{
  static void (*real) (cairo_surface_t *);

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "cairo_surface_destroy");
  real (surface);
  for (int i = 0; surface != NULL && i < SLOTS; i++)
    if (slots[i].surface == surface)
      {
        double end_ms = clock_ms (CLOCK_MONOTONIC);

        /* A frame's surface lives for its drawing; a cached image longer. */
        if (end_ms - slots[i].start_ms < 200)
          fprintf (out, "%.3f %.3f %.3f %d %d %ld\n", slots[i].start_ms, end_ms - slots[i].start_ms,
                   clock_ms (CLOCK_THREAD_CPUTIME_ID) - slots[i].cpu_ms, slots[i].width, slots[i].height,
                   faults () - slots[i].faults);
        fflush (out);
        slots[i].surface = NULL;
      }
}
C
cc -O2 -shared -fPIC -o "$tmp/frame-log.so" "$tmp/frame-log.c" $(pkg-config --cflags cairo) -ldl

export FRAME_LOG_DIR=$tmp
OUT=$tmp/runs.json LD_PRELOAD=$tmp/frame-log.so BUILDDIR=$builddir "$here/build-aux/bench-ui.sh" "$@"

python3 - "$tmp" <<'EOF'
import collections, datetime, glob, json, statistics, sys

tmp = sys.argv[1]
logs = sorted(glob.glob(tmp + "/frames.*"), key=lambda f: -sum(1 for _ in open(f)))
if not logs:
    sys.exit("no frame was logged")
lines = open(logs[0]).read().splitlines()
mono0, real0 = map(float, lines[0].split()[1:3])
frames = [tuple(map(float, line.split())) for line in lines[1:]]
runs = []
for line in open(tmp + "/runs.json.all.jsonl"):
    record = json.loads(line)
    started = datetime.datetime.fromisoformat(record["started"].replace("Z", "+00:00")).timestamp() * 1e3
    start = started - real0 + mono0
    runs.append((start, start + record["figures"]["wall_ms"]))
inside = [f for f in frames if any(a <= f[0] <= b for a, b in runs)]
print(f"\n{len(inside)} frames drawn during {len(runs)} runs ({len(frames)} in all)")
if not inside:
    sys.exit(0)
by_size = collections.defaultdict(list)
for start, wall, cpu, width, height, n in inside:
    by_size[f"{width:.0f}x{height:.0f}"].append((wall, cpu, n))
print(f"{'box (px)':>10} {'frames':>6} {'wall median':>12} {'p90':>6} {'CPU median':>11} {'p90':>6} {'page faults median':>19}")
for size, rows in sorted(by_size.items(), key=lambda kv: -len(kv[1]))[:12]:
    walls = sorted(r[0] for r in rows)
    cpus = sorted(r[1] for r in rows)
    print(f"{size:>10} {len(rows):6d} {statistics.median(walls):9.2f} ms {walls[int(len(walls) * .9)]:6.2f} "
          f"{statistics.median(cpus):8.2f} ms {cpus[int(len(cpus) * .9)]:6.2f} {statistics.median(r[2] for r in rows):19.0f}")
long = [f for f in inside if f[1] > 3]
print(f"drawing: {sum(f[2] for f in inside) / len(runs):.0f} ms of CPU a run; {len(long)} frames over 3 ms; "
      f"{sum(f[5] for f in inside):.0f} page faults in frames")
EOF
