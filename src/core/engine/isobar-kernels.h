/* isobar-kernels.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-climate-series.h"
#include "isobar-job-context.h"
#include "isobar-kernel-job.h"
#include "isobar-kernel-output.h"

G_BEGIN_DECLS

/* The climate analysis, cut into jobs that any executor runs with the same
 * code: a job names a kernel and its chunk; isobar_kernel_run() turns a job
 * and a series into a compact binary output; IsobarClimateReport merges the
 * outputs of all jobs of one place. Pure computation: no I/O, no threads, no
 * global state; the same job on the same series gives the same bytes
 * everywhere.
 *
 * Definitions (the tests check each against independent values):
 *
 * - Calendar day (cday): see IsobarClimateDay; Feb 29 is slot 60, which only
 *   leap years fill.
 * - Percentiles: linear interpolation between closest ranks (Hyndman & Fan
 *   type 7, numpy's and R's default): for sorted x[0..n-1] and p in [0, 1],
 *   h = (n-1)·p, i = floor(h), P = x[i] + (h-i)·(x[i+1]-x[i]).
 *   So p10 and p90 of 1..10 are 1.9 and 9.1.
 * - Normals: per calendar day, the count, mean, p10 and p90 of tmean over all
 *   years (missing days skipped; no smoothing window).
 * - Records: highest tmax and lowest tmin with their dates, overall and per
 *   calendar month; a tie keeps the earliest date.
 * - Yearly rows: one per calendar year the series touches. mean, min, max are
 *   over the daily tmean; hottest is the highest tmax, coldest the lowest tmin;
 *   n_missing counts the year's days without tmean, days outside the series
 *   included. A year with more than ISOBAR_CLIMATE_MAX_MISSING_DAYS missing is
 *   flagged INCOMPLETE. anomaly = mean − the mean of the complete years' means.
 * - Trend: ordinary least squares of the complete years' means on the year;
 *   mean ≈ intercept + slope_per_decade / 10 · year; r² of that fit.
 * - Bootstrap: a 95 % moving-block bootstrap of the trend's slope on the
 *   daily data. With the fitted slope b and centre year x̄, the days of complete
 *   years are split into seasonal cycle s(cday) (the mean of tmean − b·(year −
 *   x̄) per calendar day), trend and residual r. A resample rebuilds the
 *   residual series from blocks of L = ⌈n^(1/3)⌉ years (L × 365 days; n the
 *   number of complete years) starting on any day, chosen uniformly with
 *   replacement, recomputes each year's mean of s + trend + r* and refits the
 *   slope. Daily blocks keep the autocorrelation within L years and make each
 *   resample cost O(days). Chunk c of C does resamples
 *   [c·R/C, (c+1)·R/C) with xoshiro256** seeded by
 *   isobar_random_derive_seed (base_seed, c). The interval is the 2.5th and
 *   97.5th percentiles of all slopes.
 * - Heat map: RGBA (8 bits each, not premultiplied) pixels, one row per year
 *   (oldest first), one column per calendar day (366). Colour of the anomaly
 *   tmean − normal mean: t = clamp(anomaly / ISOBAR_HEATMAP_CLAMP, -1, 1)
 *   blends linearly from ISOBAR_HEATMAP_WHITE towards ISOBAR_HEATMAP_RED
 *   (t > 0) or ISOBAR_HEATMAP_BLUE (t < 0), channels rounded half up;
 *   a day inside the series with no tmean (or no normal) is
 *   ISOBAR_HEATMAP_MISSING; a slot that is no date (Feb 29 of common years) or
 *   lies outside the series is transparent (0, 0, 0, 0).
 */

/* Analysis depth: bootstrap resamples per location. Sized so that one
 * location of 80 years takes about one second on one core of the reference
 * machine (2-core AMD EPYC VM, gcc 12 -O2): `test-kernels -m perf -p
 * /kernels/benchmark` measured 0.92–1.04 s wall, 0.92–1.0 s CPU; a
 * resample costs ~24 µs (one pass over ~29 000 days). */
#define ISOBAR_DEFAULT_RESAMPLES 40000u
#define ISOBAR_MAX_RESAMPLES 2000000u
/* The planner's chunking: depends only on the data and the resamples.
 * A bootstrap chunk is ~12 ms of work on the reference machine: long enough
 * that a job's round trip to a helper (and its copy of the series) costs a
 * few per cent, short enough to spread over workers and to show progress. */
#define ISOBAR_BOOTSTRAP_CHUNK_RESAMPLES 512u
#define ISOBAR_HEATMAP_CHUNK_YEARS 8u
#define ISOBAR_HEATMAP_WIDTH 366u
#define ISOBAR_HEATMAP_CLAMP 8.0 /* °C */
#define ISOBAR_HEATMAP_WHITE 247, 247, 247
#define ISOBAR_HEATMAP_RED 178, 24, 43
#define ISOBAR_HEATMAP_BLUE 33, 102, 172
#define ISOBAR_HEATMAP_MISSING 128, 128, 128, 255
#define ISOBAR_CLIMATE_MAX_MISSING_DAYS 10u
/* Elementary steps (days touched) between two checkpoints: well under a
 * millisecond on any machine this runs on. */
#define ISOBAR_KERNEL_CHECKPOINT_WORK 262144u

/* The one entry point. @ctx may be NULL (never cancelled). Errors:
 * ISOBAR_ERROR_INVALID_ARGUMENT for a job that does not fit the series (heat
 * map years outside it, a bootstrap with fewer than 3 complete years),
 * G_IO_ERROR_CANCELLED (or the checkpoint's own error) when stopped. */
GBytes          *isobar_kernel_run              (const IsobarKernelJob  *job,
                                                 IsobarClimateSeries    *series,
                                                 IsobarJobContext       *ctx,
                                                 GError                **error);
/* The same from the wire forms of the job and the series (a helper's view). */
GBytes          *isobar_kernel_run_serialized   (GBytes                 *job_bytes,
                                                 GBytes                 *series_bytes,
                                                 IsobarJobContext       *ctx,
                                                 GError                **error);

/* Years with at most ISOBAR_CLIMATE_MAX_MISSING_DAYS missing: the trend's. */
guint    isobar_kernel_count_complete_years  (IsobarClimateSeries   *series);
/* The documented percentile of @n sorted values (NAN when n is 0). */
double   isobar_percentile_sorted            (const double          *sorted,
                                              gsize                  n,
                                              double                 p);
/* The documented colour of an anomaly (°C); NAN gives the missing grey. */
void     isobar_heatmap_colour               (double                 anomaly,
                                              guint8                 rgba[4]);

G_END_DECLS
