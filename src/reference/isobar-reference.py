#!/usr/bin/env python3
# isobar-reference.py: Isobar's climate analysis in real CPython.
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the heavy part of Isobar's climate report in real CPython, so that the
app's emulated Python presets can be judged against the real thing.

For each strategy asked for, the moving-block bootstrap of every place's
warming trend is cut into chunks of 512 resamples, exactly as the C engine
plans its jobs (isobar_climate_plan_jobs), or into as many chunks as the
engine planned for its own depth (--chunks-per-place: the same number of
jobs and of results handed back to the main loop, at Python's lower depth),
and run by:

  serial     one worker thread                       preset cpython-serial
  threads    N threading.Thread workers              preset cpython-threads
  processes  concurrent.futures.ProcessPoolExecutor  preset cpython-processes

while the main thread, like a GUI's, keeps a 5 ms probe and records how late
each probe runs: Isobar's watchdog definition (isobar-latency-watchdog.c,
isobar-latency-stats.c). Where PyGObject is importable the main thread runs a
real GLib.MainLoop with the probe as a timeout source and results handed back
with GLib.idle_add, as a PyGObject app would; otherwise asyncio's event loop,
with the probe as a timer and results handed back with call_soon_threadsafe.
The work is started from the main loop and every chunk's result comes back
to it. Each job builds its bootstrap model from the place's
series, as each C job does; the processes strategy ships that series
(pickled) with every job and every result back, as ProcessPoolExecutor does,
and starts its pool on the first submit() unless --warm-pool.

The analysis mirrors isobar-kernels-*.c step for step: the same year table
and least squares, the same bootstrap model, blocks of ceil(n^(1/3)) years, the
same splitmix64/xoshiro256** generator with the same seed per chunk and the
same summation order (a plain Python loop). So on x86-64 the trends and
intervals are the C kernel's to the last bit, at about 20 times its cost per
resample; the comparison that matters is of shape (lateness, speed-up).
Only the standard library is used (and gi, when importable). Linux: /proc
gives the pool's memory, prctl ties the pool to this process.

Options: see --help. The depth (--resamples 0 or absent) is chosen by timing
the serial kernel briefly, so that the serial strategy takes about
--target-seconds; every strategy then runs at that depth.

Input (stdin, or --input FILE): one JSON object
  {"schema": "isobar-reference-input", "version": 1,
   "places": [{"name": "Berlin", "first_julian": 726468,
               "tmean": [1.25, null, ...]}, ...]}
first_julian is the first day as a GDate julian day (0001-01-01 is 1, the
same as Python's date.toordinal()); "first_date": "YYYY-MM-DD" may be given
instead. tmean holds one daily mean (degC) per consecutive day, null when
missing; without tmean, "tmax" and "tmin" give it as (tmax + tmin) / 2.
With --watch-stdin the object is the first line of stdin, and the end of
stdin afterwards (the parent closed it, or died) stops the program and its
pool at once.

Output (stdout only), one JSON object per line, in this order:
  {"schema": "isobar-reference-progress", "preset": "calibration",
   "done": 0, "total": 1}  while it times its kernel (only when it chooses
      the depth), then done 1;
  {"schema": "isobar-reference-depth", "resamples": 1800, "chosen":
   "calibrated" | "given", "target_seconds": 3.0, "calibration_ms": ...,
   "serial_ms_per_resample": ..., "chunk_resamples": 512, "chunks": 16,
   "chunks_per_place": null | 79};  (chunk_resamples: the largest chunk)
  then for each strategy: progress lines
  {"schema": "isobar-reference-progress", "preset": "cpython-threads",
   "done": 3, "total": 16}  (done 0 first; the processes strategy adds a
      line with "pids", the pool's processes), and one run record:
  {"schema": "isobar-run-record", "version": 1, "started": ISO 8601,
   "preset": "cpython-threads",
   "strategies": {"fetch": "none", "compute": "serial" | "threading" |
                  "process-pool-executor"},
   "python": {"implementation": "CPython", "version": "3.11.7",
              "loop": "GLib.MainLoop" | "asyncio", "executable": ...,
              "pygobject": "3.42.2" | null, "start_method": "fork"},
   "settings": {"concurrency": 0, "workers": 2, "locations": 4,
                "years": 40, "resamples": 1800, "latency_ms": 0,
                "switch_interval_ms": 5.0},
   "figures": {"wall_ms", "fetch_ms": 0, "compute_ms" (= wall_ms),
               "cpu_ms_app" (this process), "cpu_ms_helpers" (the pool),
               "peak_rss_kb" (this process + the pool's processes, each
               one's peak), "pipe_bytes" (pickled job inputs and results)},
   "lateness": {"samples", "p50_ms", "p95_ms", "p99_ms", "max_ms",
                "long_tasks", "blocked_ms"},
   "frames": null, "input_delay_ms": null, "input_events": null,
   "interpreter_lock": null, "digest": null,
   "trace": [[t_ms, lateness_ms], ...],
   "trends": [{"name", "trend_per_decade", "ci_low", "ci_high"}, ...],
   "reference": {the depth line's members, "seed", "program",
                 "pool_start": "in-run" | "before-run" | null}}
  as isobar_run_record_new_from_json() reads it; missing numbers are null.
Errors: one line "isobar-reference: ..." on stderr, nothing more, and exit
status 2 for bad arguments or input, 1 otherwise. SIGTERM (or the end of
stdin with --watch-stdin) kills the pool's processes and exits at once.
"""

import argparse
import json
import math
import os
import pickle
import platform
import queue
import resource
import signal
import sys
import threading
import time
from datetime import date, datetime, timezone

if sys.version_info < (3, 7):
    sys.stderr.write("isobar-reference: Python 3.7 or newer is needed, this is %s\n"
                     % platform.python_version())
    sys.exit(1)

import asyncio
import concurrent.futures
import multiprocessing

PROGRAM = "isobar-reference"
INPUT_SCHEMA = "isobar-reference-input"
PROGRESS_SCHEMA = "isobar-reference-progress"
DEPTH_SCHEMA = "isobar-reference-depth"
RECORD_SCHEMA = "isobar-run-record"
RECORD_VERSION = 1

# The engine's constants (isobar-kernels.h, isobar-climate-series.h,
# isobar-latency-*.h).
CHUNK_RESAMPLES = 512              # ISOBAR_BOOTSTRAP_CHUNK_RESAMPLES
MAX_RESAMPLES = 2000000            # ISOBAR_MAX_RESAMPLES
MAX_MISSING_DAYS = 10              # ISOBAR_CLIMATE_MAX_MISSING_DAYS
MAX_DAYS = 150000                  # ISOBAR_CLIMATE_SERIES_MAX_DAYS
VALUE_LIMIT = 1000.0               # ISOBAR_CLIMATE_VALUE_LIMIT
N_CDAYS = 366                      # ISOBAR_CLIMATE_N_CDAYS
PROBE_PERIOD_US = 5000             # ISOBAR_LATENCY_WATCHDOG_DEFAULT_PERIOD_US
TRACE_CAPACITY = 6000              # ISOBAR_LATENCY_WATCHDOG_DEFAULT_CAPACITY
LONG_TASK_MS = 50.0                # ISOBAR_LONG_TASK_MS

STRATEGIES = {
    # name: (preset, compute strategy id)
    "serial": ("cpython-serial", "serial"),
    "threads": ("cpython-threads", "threading"),
    "processes": ("cpython-processes", "process-pool-executor"),
}

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1
NAN = float("nan")


class Failure(Exception):
    """An error the user can act on: its message is the one line printed."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def now_us():
    # CLOCK_MONOTONIC, the clock of g_get_monotonic_time() and GLib timeouts.
    return time.monotonic_ns() // 1000


# --- The generator (isobar-random.c) -----------------------------------

def splitmix64(state):
    """One step: (new state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def derive_seed(base_seed, stream):
    _, first = splitmix64(stream & M64)
    _, seed = splitmix64((base_seed ^ first) & M64)
    return seed


class Xoshiro256:
    """xoshiro256** 1.0, seeded by four splitmix64 outputs."""

    __slots__ = ("s0", "s1", "s2", "s3")

    def __init__(self, seed):
        state = seed & M64
        words = []
        for _ in range(4):
            state, out = splitmix64(state)
            words.append(out)
        self.s0, self.s1, self.s2, self.s3 = words

    def next(self):
        s0, s1, s2, s3 = self.s0, self.s1, self.s2, self.s3
        x = (s1 * 5) & M64
        result = ((((x << 7) | (x >> 57)) & M64) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 45) | (s3 >> 19)) & M64
        self.s0, self.s1, self.s2, self.s3 = s0, s1, s2, s3
        return result

    def uniform(self, bound):
        """Uniform in [0, bound): Lemire's multiply-and-reject on the high
        32 bits, as isobar_random_uniform()."""
        m = (self.next() >> 32) * bound
        low = m & M32
        if low < bound:
            threshold = ((-bound) & M32) % bound
            while low < threshold:
                m = (self.next() >> 32) * bound
                low = m & M32
        return m >> 32


# --- The analysis (isobar-kernels-*.c) ---------------------------------

def is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def calendar(first_ordinal, n_days):
    """The year and calendar-day slot (1..366, Feb 29 = 60 in every year)
    of each day."""
    years = [0] * n_days
    cdays = [0] * n_days
    first = date.fromordinal(first_ordinal)
    year = first.year
    i = 0
    while i < n_days:
        jan1 = date(year, 1, 1).toordinal()
        leap = is_leap(year)
        year_days = 366 if leap else 365
        doy = first_ordinal + i - jan1 + 1
        while i < n_days and doy <= year_days:
            years[i] = year
            cdays[i] = doy + 1 if (not leap and doy >= 60) else doy
            i += 1
            doy += 1
        year += 1
    return years, cdays


def year_table(first_ordinal, tmean):
    """compute_year_rows(): per calendar year touched, (year, mean, complete);
    plus the per-day years and calendar days."""
    n_days = len(tmean)
    years, cdays = calendar(first_ordinal, n_days)
    first_year = years[0]
    n_years = years[-1] - first_year + 1
    sums = [0.0] * n_years
    n_valid = [0] * n_years
    for i in range(n_days):
        t = tmean[i]
        if t != t:
            continue
        k = years[i] - first_year
        sums[k] += t
        n_valid[k] += 1
    rows = []
    for k in range(n_years):
        year = first_year + k
        n_missing = (366 if is_leap(year) else 365) - n_valid[k]
        mean = sums[k] / n_valid[k] if n_valid[k] > 0 else NAN
        rows.append((year, mean, n_missing <= MAX_MISSING_DAYS))
    return rows, years, cdays


def least_squares(x, y):
    """The slope per year of y on x, centred as least_squares() in C."""
    n = len(x)
    if n < 2:
        return NAN
    x_mean = 0.0
    y_mean = 0.0
    for i in range(n):
        x_mean += x[i]
        y_mean += y[i]
    x_mean /= n
    y_mean /= n
    sxx = 0.0
    sxy = 0.0
    for i in range(n):
        dx = x[i] - x_mean
        dy = y[i] - y_mean
        sxx += dx * dx
        sxy += dx * dy
    return sxy / sxx


def fit_years(rows):
    x = [float(year) for (year, _, complete) in rows if complete]
    y = [mean for (_, mean, complete) in rows if complete]
    return x, y


def trend_per_decade(series):
    """The point estimate: the trend kernel's slope, °C per decade."""
    rows, _, _ = year_table(series[0], series[1])
    x, y = fit_years(rows)
    return 10.0 * least_squares(x, y), len(x)


def cube_root_ceil(n):
    block = 1
    while block * block * block < n:
        block += 1
    return block


class BootstrapModel:
    """bootstrap_model_init(): what does not change between resamples."""

    def __init__(self, series):
        first_ordinal, tmean = series
        rows, years, cdays = year_table(first_ordinal, tmean)
        x, y = fit_years(rows)
        n_years = len(x)
        if n_years < 3:
            raise Failure("the trend's interval needs at least 3 complete years; "
                          "this history has %d" % n_years)
        b = least_squares(x, y)
        x_mean = 0.0
        for k in range(n_years):
            x_mean += x[k]
        x_mean /= n_years

        fit_index = []
        f = 0
        for (_, _, complete) in rows:
            fit_index.append(f if complete else -1)
            f += 1 if complete else 0

        first_year = rows[0][0]
        seasonal = [0.0] * (N_CDAYS + 1)
        seasonal_n = [0] * (N_CDAYS + 1)
        for i in range(len(tmean)):
            t = tmean[i]
            f = fit_index[years[i] - first_year]
            if f < 0 or t != t:
                continue
            seasonal[cdays[i]] += t - b * (x[f] - x_mean)
            seasonal_n[cdays[i]] += 1
        for c in range(1, N_CDAYS + 1):
            seasonal[c] = seasonal[c] / seasonal_n[c] if seasonal_n[c] > 0 else 0.0

        resid = []
        base = [0.0] * n_years
        year_end = [0] * n_years
        for i in range(len(tmean)):
            t = tmean[i]
            f = fit_index[years[i] - first_year]
            if f < 0 or t != t:
                continue
            s = seasonal[cdays[i]]
            resid.append(t - b * (x[f] - x_mean) - s)
            base[f] += s
            year_end[f] = len(resid)
        inv_count = [0.0] * n_years
        for k in range(n_years):
            count = year_end[k] - (year_end[k - 1] if k > 0 else 0)
            inv_count[k] = 1.0 / count
            base[k] = base[k] * inv_count[k] + b * (x[k] - x_mean)

        self.n_years = n_years
        self.x = x
        self.base = base
        self.inv_count = inv_count
        self.year_end = year_end
        self.resid = resid
        self.block_years = cube_root_ceil(n_years)
        self.block_days = min(len(resid), self.block_years * 365)

    def resample(self, rng):
        """bootstrap_resample(): one rebuilt residual series, its slope in
        °C per decade. Pure Python, the sums in the C kernel's order."""
        resid = self.resid
        year_end = self.year_end
        m = len(resid)
        block_days = self.block_days
        n_starts = m - block_days + 1
        year_sums = [0.0] * self.n_years
        j = 0
        k = 0
        while j < m:
            src = rng.uniform(n_starts)
            remaining = min(block_days, m - j)
            while remaining > 0:
                take = min(remaining, year_end[k] - j)
                acc = 0.0
                for v in resid[src:src + take]:
                    acc += v
                year_sums[k] += acc
                src += take
                j += take
                remaining -= take
                if j == year_end[k]:
                    k += 1
        base = self.base
        inv_count = self.inv_count
        y = [base[f] + year_sums[f] * inv_count[f] for f in range(self.n_years)]
        return 10.0 * least_squares(self.x, y)


def resample_range(chunk_index, chunk_count, resamples):
    """isobar_kernel_job_get_resample_range()."""
    return (chunk_index * resamples // chunk_count,
            (chunk_index + 1) * resamples // chunk_count)


def bootstrap_chunk(series, chunk_index, chunk_count, resamples, base_seed):
    """One job, the same wherever it runs: the model from the series (as
    each C job builds it), then this chunk's resamples."""
    model = BootstrapModel(series)
    first, end = resample_range(chunk_index, chunk_count, resamples)
    rng = Xoshiro256(derive_seed(base_seed, chunk_index))
    return [model.resample(rng) for _ in range(end - first)]


def percentile_sorted(values, p):
    """isobar_percentile_sorted(): type 7."""
    n = len(values)
    if n == 0:
        return NAN
    h = (n - 1) * p
    i = int(math.floor(h))
    if i + 1 >= n:
        return values[n - 1]
    return values[i] + (h - i) * (values[i + 1] - values[i])


# --- Input ---------------------------------------------------------------

class Place:
    def __init__(self, name, first_ordinal, tmean):
        self.name = name
        self.series = (first_ordinal, tmean)
        self.trend, self.n_fit_years = trend_per_decade(self.series)
        self.first_year = date.fromordinal(first_ordinal).year
        self.last_year = date.fromordinal(first_ordinal + len(tmean) - 1).year
        self.n_chunks = 0


def bad_input(message):
    return Failure("the input " + message, status=2)


def number_list(place, key, index):
    values = place.get(key)
    if values is None:
        return None
    if not isinstance(values, list):
        raise bad_input("place %d: \"%s\" is not an array" % (index + 1, key))
    out = []
    for v in values:
        if v is None:
            out.append(NAN)
        elif isinstance(v, (int, float)) and not isinstance(v, bool) \
                and math.isfinite(v) and abs(v) <= VALUE_LIMIT:
            out.append(float(v))
        else:
            raise bad_input("place %d: \"%s\" holds %r, not a temperature"
                            % (index + 1, key, v))
    return out


def parse_place(place, index):
    if not isinstance(place, dict):
        raise bad_input("place %d is not an object" % (index + 1))
    name = place.get("name")
    if name is None:
        name = "Place %d" % (index + 1)
    elif not isinstance(name, str):
        raise bad_input("place %d: \"name\" is not a string" % (index + 1))

    if "first_julian" in place:
        first = place["first_julian"]
        if not isinstance(first, int) or isinstance(first, bool) or not 1 <= first <= 3652059:
            raise bad_input("place %d: \"first_julian\" is not a day number" % (index + 1))
    elif "first_date" in place:
        try:
            first = date.fromisoformat(str(place["first_date"])).toordinal()
        except ValueError:
            raise bad_input("place %d: \"first_date\" is not YYYY-MM-DD" % (index + 1))
    else:
        raise bad_input("place %d has neither \"first_julian\" nor \"first_date\"" % (index + 1))

    tmean = number_list(place, "tmean", index)
    tmax = number_list(place, "tmax", index)
    tmin = number_list(place, "tmin", index)
    if tmean is None:
        if tmax is None or tmin is None or len(tmax) != len(tmin):
            raise bad_input("place %d needs \"tmean\" (or \"tmax\" and \"tmin\" of one length)"
                            % (index + 1))
        tmean = [(a + b) / 2 for a, b in zip(tmax, tmin)]
    if not 1 <= len(tmean) <= MAX_DAYS:
        raise bad_input("place %d has %d days; 1 to %d are accepted"
                        % (index + 1, len(tmean), MAX_DAYS))
    if first + len(tmean) - 1 > date.max.toordinal():
        raise bad_input("place %d runs past the year 9999" % (index + 1))
    return Place(name, first, tmean)


def read_input(path, watch_stdin):
    try:
        if path is not None and path != "-":
            with open(path, "rb") as f:
                data = f.read()
        elif watch_stdin:
            data = sys.stdin.buffer.readline()
        else:
            data = sys.stdin.buffer.read()
    except OSError as e:
        raise Failure("could not read the input: %s" % e.strerror, status=2)
    if not data.strip():
        raise bad_input("is empty")
    try:
        document = json.loads(data)
    except ValueError as e:
        raise bad_input("is not valid JSON: %s" % e)
    if not isinstance(document, dict) or document.get("schema") != INPUT_SCHEMA:
        raise bad_input("is not an object with \"schema\": \"%s\"" % INPUT_SCHEMA)
    if document.get("version") != 1:
        raise bad_input("has version %r; this program reads version 1" % document.get("version"))
    places = document.get("places")
    if not isinstance(places, list) or not places:
        raise bad_input("has no places")
    return [parse_place(p, i) for i, p in enumerate(places)]


# --- Output --------------------------------------------------------------

_output_lock = threading.Lock()


def clean(value):
    """NaN and infinities are not JSON: null, as Isobar writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def emit(obj):
    line = json.dumps(clean(obj), separators=(",", ":"), allow_nan=False)
    with _output_lock:
        sys.stdout.write(line + "\n")
        # Always flushed: a fork of the pool must never inherit a buffer.
        sys.stdout.flush()


def emit_progress(preset, done, total, **extra):
    obj = {"schema": PROGRESS_SCHEMA, "preset": preset, "done": done, "total": total}
    obj.update(extra)
    emit(obj)


# --- The probe: Isobar's watchdog, on this main thread -------------------

class Probe:
    """Every 5 ms the main loop should run a tiny callback; each probe's
    lateness is when it ran minus when it was due. As in the watchdog, only
    one probe is outstanding at a time and the next is due a period after
    the last was due, or at once if that has passed (a 300 ms block is one
    late probe, not sixty). A stop on the busy main thread records the wait
    of a probe that is due (the watchdog records it the same way)."""

    def __init__(self, origin_us):
        self.origin_us = origin_us
        self.due_us = origin_us
        self.active = True
        self.samples = []          # (due_us, lateness_us), all of them
        self.max_us = 0
        self.long_tasks = 0
        self.blocked_us = 0

    def ran(self, ran_us):
        lateness = max(0, ran_us - self.due_us)
        self.samples.append((self.due_us, lateness))
        self.max_us = max(self.max_us, lateness)
        if lateness / 1000.0 >= LONG_TASK_MS:
            self.long_tasks += 1
            self.blocked_us += lateness
        self.due_us = max(self.due_us + PROBE_PERIOD_US, ran_us)

    def stop(self, now):
        if self.active and now >= self.due_us:
            self.ran(now)
        self.active = False

    def stats(self):
        kept = self.samples[-TRACE_CAPACITY:]
        values = sorted(l / 1000.0 for (_, l) in kept)

        def pct(p):
            # isobar_latency_percentile()
            n = len(values)
            if n == 0:
                return 0.0
            h = (n - 1) * p / 100.0
            lo = int(math.floor(h))
            if lo >= n - 1:
                return values[n - 1]
            return values[lo] + (h - lo) * (values[lo + 1] - values[lo])

        return {
            "samples": len(self.samples),
            "p50_ms": pct(50.0),
            "p95_ms": pct(95.0),
            "p99_ms": pct(99.0),
            "max_ms": self.max_us / 1000.0,
            "long_tasks": self.long_tasks,
            "blocked_ms": self.blocked_us / 1000.0,
        }

    def trace(self):
        return [[(due - self.origin_us) / 1000.0, lateness / 1000.0]
                for (due, lateness) in self.samples[-TRACE_CAPACITY:]]


class AsyncioLoop:
    """asyncio's event loop, what a Python program without GLib runs: each
    iteration polls its selector without the interpreter lock and runs what
    is ready with it, as the emulated main loop does (it lets go of the
    lock around its poll only). The probe is a timer re-armed in its own
    callback, which calls nothing that lets go of the lock: one acquisition
    per probe. The selector waits in whole milliseconds (epoll), rounded up,
    so an on-time probe runs up to 1 ms after it was due."""

    name = "asyncio"

    def __init__(self):
        self._loop = asyncio.new_event_loop()
        self._probe = None
        self._timer = None

    def call_soon_threadsafe(self, function, *args):
        self._loop.call_soon_threadsafe(function, *args)

    def _arm(self):
        # loop.time() is time.monotonic(): now_us()'s clock.
        self._timer = self._loop.call_at(self._probe.due_us / 1e6, self._fire)

    def _fire(self):
        self._timer = None
        probe = self._probe
        if probe.active:
            probe.ran(now_us())
            self._arm()

    def run(self, probe):
        self._probe = probe
        self._arm()
        try:
            self._loop.run_forever()
        finally:
            self._loop.close()

    def quit(self):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._loop.stop()


class GLibLoop:
    """A real GLib.MainLoop, as a PyGObject app runs: it polls without the
    interpreter lock and takes it to dispatch each Python callback. The probe
    is a one-shot timeout source re-armed after each run; it is due when
    GLib's timer expires (whole milliseconds, so every 5 to 6 ms)."""

    name = "GLib.MainLoop"

    def __init__(self, glib):
        self._glib = glib
        self._loop = glib.MainLoop()
        self._probe = None
        self._timeout_id = 0

    def call_soon_threadsafe(self, function, *args):
        def dispatch():
            function(*args)
            return False
        self._glib.idle_add(dispatch)

    def _arm(self):
        now = now_us()
        interval_ms = max(0, -(-(self._probe.due_us - now) // 1000))
        self._probe.due_us = now + interval_ms * 1000
        self._timeout_id = self._glib.timeout_add(interval_ms, self._fire,
                                                  priority=self._glib.PRIORITY_DEFAULT)

    def _fire(self):
        self._timeout_id = 0
        probe = self._probe
        if probe.active:
            probe.ran(now_us())
            self._arm()
        return False

    def run(self, probe):
        self._probe = probe
        self._arm()
        self._loop.run()

    def quit(self):
        if self._timeout_id:
            self._glib.source_remove(self._timeout_id)
            self._timeout_id = 0
        self._loop.quit()


def import_glib():
    try:
        import gi
        gi.require_version("GLib", "2.0")
        from gi.repository import GLib
    except (ImportError, ValueError, AttributeError):
        return None, None
    return GLib, getattr(gi, "__version__", None)


# --- Processes: keeping the pool from outliving us ----------------------

_pool_pids = set()
_pool_pids_lock = threading.Lock()


def kill_pool():
    with _pool_pids_lock:
        pids = list(_pool_pids)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def stop_now(status, message=None):
    """Leaves at once, from any thread, with no pool process left behind."""
    kill_pool()
    if message:
        try:
            sys.stderr.write("%s: %s\n" % (PROGRAM, message))
            sys.stderr.flush()
        except OSError:
            pass
    os._exit(status)


def on_sigterm(signum, frame):
    stop_now(128 + signal.SIGTERM)


def watch_stdin():
    # os.read, not sys.stdin: a fork must not inherit a held buffer lock.
    try:
        while os.read(0, 65536):
            pass
    except OSError:
        pass
    stop_now(1, "stopped: its input was closed (the parent went away)")


def pool_worker_init(parent_pid):
    """Each pool process's initializer."""
    # Forked children inherit the parent's signal handlers: the default
    # is right here. And die with the parent, even on SIGKILL (Linux).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, ImportError):
        pass
    # Forked straight from us (not from a fork server): were we orphaned
    # before the line above took effect?
    if parent_pid and os.getppid() != parent_pid:
        os._exit(1)


# --- Resource figures ---------------------------------------------------

def cpu_ms(who):
    usage = resource.getrusage(who)
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def reset_peak_rss():
    """Resets this process's high-water mark (Linux 4.0+); False if not."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def proc_cpu_ms(pid):
    """CPU time of a live process so far (utime + stime), from /proc."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def hwm_kb(pid="self"):
    try:
        with open("/proc/%s/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


# --- Running one strategy -----------------------------------------------

class StrategyRun:
    """Runs every chunk of every place under one strategy while the main
    loop keeps its probe; the work is started from, and its results handed
    back to, the main loop, as an app does."""

    def __init__(self, strategy, workers, places, resamples, seed, loop, warm_pool,
                 start_method):
        self.strategy = strategy
        self.start_method = start_method
        self.warm_pool = warm_pool and strategy == "processes"
        self.preset, self.compute = STRATEGIES[strategy]
        self.workers = 1 if strategy == "serial" else workers
        self.places = places
        self.resamples = resamples
        self.seed = seed
        self.loop = loop
        self.jobs = []               # (place index, chunk index, chunk count)
        for p, place in enumerate(places):
            for c in range(place.n_chunks):
                self.jobs.append((p, c, place.n_chunks))
        self.slopes = [[None] * place.n_chunks for place in places]
        self.done = 0
        self.error = None
        self.end_us = 0
        self.threads = []
        self.pool = None
        self.pipe_bytes = 0
        self.helpers_hwm_kb = 0

    # Main thread.
    def start(self):
        emit_progress(self.preset, 0, len(self.jobs))
        if not self.jobs:
            self.finish()
        elif self.strategy == "processes":
            self.start_pool()
        else:
            self.start_threads()

    def start_threads(self):
        pending = queue.SimpleQueue()
        for job in self.jobs:
            pending.put(job)

        def worker():
            while True:
                try:
                    job = pending.get_nowait()
                except queue.Empty:
                    return
                p, c, n = job
                try:
                    result = bootstrap_chunk(self.places[p].series, c, n, self.resamples, self.seed)
                except BaseException as e:  # handed to the main loop
                    self.loop.call_soon_threadsafe(self.failed, e)
                    return
                self.loop.call_soon_threadsafe(self.chunk_done, p, c, result)

        for i in range(self.workers):
            thread = threading.Thread(target=worker, name="isobar-reference-%d" % i, daemon=True)
            self.threads.append(thread)
            thread.start()

    def create_pool(self):
        context = multiprocessing.get_context(self.start_method)
        self.pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=pool_worker_init,
            initargs=(os.getpid() if self.start_method == "fork" else 0,))

    def start_pool(self):
        # What a Python programmer writes: a pool, every job's input
        # shipped with it (pickled), every result shipped back. Its
        # processes start on the first submit() (forked from this main
        # thread by default), unless --warm-pool started them before the run.
        if self.pool is None:
            self.create_pool()
        input_bytes = {}
        for (p, c, n) in self.jobs:
            if p not in input_bytes:
                input_bytes[p] = len(pickle.dumps(
                    (bootstrap_chunk, (self.places[p].series, c, n, self.resamples, self.seed))))
            self.pipe_bytes += input_bytes[p]
            future = self.pool.submit(bootstrap_chunk, self.places[p].series, c, n,
                                      self.resamples, self.seed)
            future.add_done_callback(
                lambda f, p=p, c=c: self.future_done(f, p, c))
        emit_progress(self.preset, self.done, len(self.jobs), pids=self.register_pids())

    def register_pids(self):
        """The pool's processes, known to the SIGTERM handler."""
        pids = sorted(getattr(self.pool, "_processes", None) or {})
        with _pool_pids_lock:
            _pool_pids.update(pids)
        return pids

    # The executor's thread.
    def future_done(self, future, p, c):
        try:
            result = future.result()
        except BaseException as e:
            self.loop.call_soon_threadsafe(self.failed, e)
            return
        self.pipe_bytes += len(pickle.dumps(result))
        self.loop.call_soon_threadsafe(self.chunk_done, p, c, result)

    # Main thread.
    def chunk_done(self, p, c, result):
        if self.error is not None or self.end_us:
            return
        self.slopes[p][c] = result
        self.done += 1
        emit_progress(self.preset, self.done, len(self.jobs))
        if self.done == len(self.jobs):
            self.finish()

    def failed(self, error):
        if self.error is None and not self.end_us:
            self.error = error
            self.finish()

    def finish(self):
        self.end_us = now_us()
        self.probe.stop(self.end_us)
        self.loop.quit()

    def run(self):
        """The record of this strategy (a dict)."""
        started = datetime.now(timezone.utc)
        peak_reset = reset_peak_rss()
        cpu_app_0 = cpu_ms(resource.RUSAGE_SELF)
        cpu_children_0 = cpu_ms(resource.RUSAGE_CHILDREN)
        if self.warm_pool:
            # An app that made its pool at start-up: the run finds it ready.
            self.create_pool()
            for future in [self.pool.submit(os.getpid) for _ in range(self.workers)]:
                future.result()
            self.register_pids()
        start_us = now_us()
        self.probe = Probe(start_us)

        self.loop.call_soon_threadsafe(self.start)
        self.loop.run(self.probe)

        helpers_cpu_ms = 0.0
        if self.pool is not None:
            for pid in list(getattr(self.pool, "_processes", None) or {}):
                self.helpers_hwm_kb += hwm_kb(pid)
                helpers_cpu_ms += proc_cpu_ms(pid)
            if self.error is not None:
                kill_pool()
            self.pool.shutdown(wait=True)
            with _pool_pids_lock:
                _pool_pids.clear()
        for thread in self.threads:
            thread.join()
        if self.error is not None:
            e = self.error
            what = str(e) if isinstance(e, Failure) else "%s: %s" % (type(e).__name__, e)
            raise Failure("the %s strategy failed: %s" % (self.strategy, what))

        wall_ms = (self.end_us - start_us) / 1000.0
        own_peak = hwm_kb() if peak_reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        figures = {
            "wall_ms": wall_ms,
            "fetch_ms": 0.0,
            "compute_ms": wall_ms,
            "cpu_ms_app": cpu_ms(resource.RUSAGE_SELF) - cpu_app_0,
            # Reaped children; or, when a fork server is their parent, what
            # /proc said of them just before the pool shut down.
            "cpu_ms_helpers": max(0.0, cpu_ms(resource.RUSAGE_CHILDREN) - cpu_children_0,
                                  helpers_cpu_ms),
            "peak_rss_kb": own_peak + self.helpers_hwm_kb,
            "pipe_bytes": self.pipe_bytes,
        }
        return started, figures, self.probe.stats(), self.probe.trace(), self.trends()

    def trends(self):
        out = []
        for p, place in enumerate(self.places):
            low = high = NAN
            if place.n_chunks:
                slopes = sorted(s for chunk in self.slopes[p] for s in chunk)
                low = percentile_sorted(slopes, 0.025)
                high = percentile_sorted(slopes, 0.975)
            out.append({"name": place.name, "trend_per_decade": place.trend,
                        "ci_low": low, "ci_high": high})
        return out


# --- Depth ----------------------------------------------------------------

def chunk_count(resamples, chunks_per_place):
    """isobar_climate_plan_jobs()'s count of bootstrap chunks, or the
    caller's (never more chunks than resamples)."""
    if chunks_per_place:
        return min(resamples, chunks_per_place)
    return (resamples + CHUNK_RESAMPLES - 1) // CHUNK_RESAMPLES


def plan_chunks(places, resamples, chunks_per_place):
    for place in places:
        if resamples > 0 and place.n_fit_years >= 3:
            place.n_chunks = chunk_count(resamples, chunks_per_place)
        else:
            place.n_chunks = 0


def round_depth(r):
    """Two significant figures: a depth a person can read and repeat."""
    if r < 100:
        return max(1, int(r))
    scale = 10 ** (len(str(int(r))) - 2)
    return int(r) // scale * scale


def calibrate(places, target_seconds, seed, chunks_per_place):
    """Times the serial kernel briefly on each place and picks the depth at
    which the serial strategy takes about target_seconds. Every chunk builds
    its model: with chunks of 512 resamples serial time(R) ≈ Σ init + R ·
    (Σ cost + Σ init / 512); with C chunks a place, C · Σ init + R · Σ cost,
    and never fewer resamples than chunks."""
    emit_progress("calibration", 0, 1)
    began = time.perf_counter()
    budget = min(0.25, max(0.02, target_seconds / 12.0)) / max(1, len(places))
    init_s = 0.0
    resample_s = 0.0
    for place in places:
        if place.n_fit_years < 3:
            continue
        # The quickest of three builds: the first pays for the code's
        # start-up, and with many chunks a place one slow build would cut
        # the depth several times over.
        init = math.inf
        for _ in range(3):
            t0 = time.perf_counter()
            model = BootstrapModel(place.series)
            init = min(init, time.perf_counter() - t0)
        rng = Xoshiro256(derive_seed(seed, 0))
        model.resample(rng)  # warm: the first call pays for the code's start-up
        count = 0
        t0 = time.perf_counter()
        batch = 1
        while True:
            for _ in range(batch):
                model.resample(rng)
            count += batch
            elapsed = time.perf_counter() - t0
            if elapsed >= budget:
                break
            batch *= 2
        init_s += init
        resample_s += elapsed / count
    calibration_ms = (time.perf_counter() - began) * 1000.0
    emit_progress("calibration", 1, 1)
    if resample_s <= 0.0:
        return 1, calibration_ms, 0.0
    if chunks_per_place:
        r = max(float(chunks_per_place), (target_seconds - chunks_per_place * init_s) / resample_s)
    else:
        r = (target_seconds - init_s) / (resample_s + init_s / CHUNK_RESAMPLES)
    return min(MAX_RESAMPLES, round_depth(max(1.0, r))), calibration_ms, resample_s * 1000.0


# --- Main -----------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise Failure(message, status=2)


def parse_arguments(argv):
    parser = Parser(prog=PROGRAM, description=(
        "Runs Isobar's bootstrap of the warming trend in real CPython under "
        "serial, threading and ProcessPoolExecutor strategies, measuring the "
        "main loop's lateness as Isobar does. Input and output: see the top "
        "of this file."))
    parser.add_argument("--input", metavar="FILE",
                        help="read the places from FILE instead of stdin")
    parser.add_argument("--strategies", default="serial,threads,processes",
                        help="comma-separated: serial, threads, processes (default: all three)")
    parser.add_argument("--workers", type=int, default=0,
                        help="threads or processes (default: os.cpu_count())")
    parser.add_argument("--switch-interval-ms", type=float, default=5.0,
                        help="sys.setswitchinterval, ms (default: 5, as CPython)")
    parser.add_argument("--resamples", type=int, default=0,
                        help="bootstrap resamples per place; 0: chosen so that the "
                        "serial strategy takes about --target-seconds")
    parser.add_argument("--chunks-per-place", type=int, default=0,
                        help="cut each place's bootstrap into this many chunks (the engine's "
                        "count for its depth) instead of chunks of %d resamples" % CHUNK_RESAMPLES)
    parser.add_argument("--target-seconds", type=float, default=3.0,
                        help="the serial strategy's duration when the depth is chosen (default: 3)")
    parser.add_argument("--seed", type=int, default=20240601,
                        help="base seed of the chunks' generators (default: 20240601, the app's)")
    parser.add_argument("--loop", choices=("auto", "glib", "asyncio"), default="auto",
                        help="the main loop: GLib.MainLoop when PyGObject is there, "
                        "else asyncio's (auto), or the one named")
    parser.add_argument("--start-method", choices=("fork", "spawn", "forkserver"),
                        help="how the pool starts its processes (default: this Python's default)")
    parser.add_argument("--warm-pool", action="store_true",
                        help="start the process pool before the measured run, as an app that "
                        "made it at start-up (default: its first submit() starts it, in the run)")
    parser.add_argument("--watch-stdin", action="store_true",
                        help="the input is stdin's first line; the end of stdin stops everything")
    args = parser.parse_args(argv)

    names = [s.strip() for s in args.strategies.split(",") if s.strip()]
    if not names:
        raise Failure("--strategies names no strategy", status=2)
    for name in names:
        if name not in STRATEGIES:
            raise Failure("unknown strategy \"%s\" (serial, threads or processes)" % name, status=2)
    args.strategy_list = names
    if args.start_method is None:
        args.start_method = multiprocessing.get_start_method()
    elif args.start_method not in multiprocessing.get_all_start_methods():
        raise Failure("--start-method %s is not available here" % args.start_method, status=2)
    if args.workers < 0 or args.workers > 1024:
        raise Failure("--workers must be between 1 and 1024", status=2)
    if args.workers == 0:
        args.workers = os.cpu_count() or 1
    if not (0.0 <= args.switch_interval_ms <= 10000.0) or math.isnan(args.switch_interval_ms):
        raise Failure("--switch-interval-ms must be between 0 and 10000", status=2)
    if args.switch_interval_ms == 0.0:
        args.switch_interval_ms = 5.0
    if not 0 <= args.resamples <= MAX_RESAMPLES:
        raise Failure("--resamples must be between 0 and %d" % MAX_RESAMPLES, status=2)
    if not 0 <= args.chunks_per_place <= MAX_RESAMPLES:
        raise Failure("--chunks-per-place must be between 0 and %d" % MAX_RESAMPLES, status=2)
    if not (0.0 <= args.target_seconds <= 3600.0) or math.isnan(args.target_seconds):
        raise Failure("--target-seconds must be between 0 and 3600", status=2)
    if args.target_seconds == 0.0:
        args.target_seconds = 3.0
    if not 0 <= args.seed <= M64:
        raise Failure("--seed must be an unsigned 64-bit number", status=2)
    return args


def main(argv):
    args = parse_arguments(argv)

    glib, pygobject = (None, None)
    if args.loop != "asyncio":
        glib, pygobject = import_glib()
        if glib is None and args.loop == "glib":
            raise Failure("--loop glib: PyGObject (gi) cannot be imported by %s" % sys.executable,
                          status=2)

    # Python's own handler: PyGObject's MainLoop.run() wakes up for it.
    signal.signal(signal.SIGTERM, on_sigterm)

    places = read_input(args.input, args.watch_stdin)
    if args.watch_stdin:
        threading.Thread(target=watch_stdin, name="isobar-reference-stdin", daemon=True).start()

    sys.setswitchinterval(args.switch_interval_ms / 1000.0)

    if args.resamples > 0:
        resamples, chosen, calibration_ms, ms_per_resample = args.resamples, "given", 0.0, None
    else:
        resamples, calibration_ms, ms_per_resample = calibrate(places, args.target_seconds, args.seed,
                                                               args.chunks_per_place)
        chosen = "calibrated"
    plan_chunks(places, resamples, args.chunks_per_place)
    n_chunks = chunk_count(resamples, args.chunks_per_place)

    depth = {
        "resamples": resamples,
        "chosen": chosen,
        "target_seconds": args.target_seconds if chosen == "calibrated" else None,
        "calibration_ms": calibration_ms,
        "serial_ms_per_resample": ms_per_resample,
        "chunk_resamples": (resamples + n_chunks - 1) // n_chunks if n_chunks else 0,
        "chunks": sum(p.n_chunks for p in places),
        "chunks_per_place": args.chunks_per_place or None,
    }
    emit(dict({"schema": DEPTH_SCHEMA}, **depth))

    python = {
        "implementation": platform.python_implementation(),
        "version": platform.python_version(),
        "loop": None,
        "executable": sys.executable,
        "pygobject": pygobject,
        "start_method": args.start_method,
    }
    settings = {
        "concurrency": 0,
        "workers": args.workers,
        "locations": len(places),
        "years": max(p.last_year - p.first_year + 1 for p in places),
        "resamples": resamples,
        "latency_ms": 0,
        "switch_interval_ms": sys.getswitchinterval() * 1000.0,
    }

    for strategy in args.strategy_list:
        # A fresh loop per strategy: nothing left over from the last one.
        loop = GLibLoop(glib) if glib is not None else AsyncioLoop()
        run = StrategyRun(strategy, args.workers, places, resamples, args.seed, loop,
                          args.warm_pool, args.start_method)
        started, figures, lateness, trace, trends = run.run()
        emit({
            "schema": RECORD_SCHEMA,
            "version": RECORD_VERSION,
            "started": started.isoformat(timespec="milliseconds"),
            "preset": run.preset,
            "strategies": {"fetch": "none", "compute": run.compute},
            "python": dict(python, loop=loop.name),
            "settings": dict(settings, workers=run.workers),
            "figures": figures,
            "lateness": lateness,
            "frames": None,
            "input_delay_ms": None,
            "input_events": None,
            "interpreter_lock": None,
            "digest": None,
            "trace": trace,
            "trends": trends,
            "reference": dict(depth, seed=args.seed, program=PROGRAM,
                              pool_start=(None if strategy != "processes" else
                                          "before-run" if args.warm_pool else "in-run")),
        })
    return 0


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
    except Failure as e:
        stop_now(e.status, str(e))
    except KeyboardInterrupt:
        stop_now(130, "interrupted")
    except BrokenPipeError:
        stop_now(1, "its output was closed")
    except Exception as e:  # one line, never a traceback on the parent's screen
        if os.environ.get("ISOBAR_REFERENCE_DEBUG"):
            import traceback
            traceback.print_exc()
        stop_now(1, "internal error: %s: %s" % (type(e).__name__, e))
    stop_now(status)
