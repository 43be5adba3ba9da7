/* isobar-kernels.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-climate-series.h"
#include "isobar-job-context.h"

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

typedef enum
{
  ISOBAR_KERNEL_NORMALS = 1,
  ISOBAR_KERNEL_RECORDS,
  ISOBAR_KERNEL_YEARLY,
  ISOBAR_KERNEL_TREND,
  ISOBAR_KERNEL_BOOTSTRAP,
  ISOBAR_KERNEL_HEATMAP,
} IsobarKernel;

/* Stable ids: "normals", "records", "yearly", "trend", "bootstrap",
 * "heatmap". NULL for an unknown value. */
const char *isobar_kernel_to_string   (IsobarKernel  kernel);
gboolean    isobar_kernel_from_string (const char   *id,
                                       IsobarKernel *kernel);

#define ISOBAR_TYPE_KERNEL_JOB (isobar_kernel_job_get_type ())

/* One job. Fields are public and plain; validate() says whether they make
 * sense. Single-piece kernels (normals, records, yearly, trend) have chunk
 * 0 of 1. Bootstrap: chunk_index of chunk_count over @resamples resamples in
 * total, seeded from @base_seed. Heat map: rows for the years
 * [year_start, year_end), chunk_index of chunk_count. */
typedef struct
{
  IsobarKernel kernel;
  guint32      chunk_index;
  guint32      chunk_count;
  guint32      resamples;
  gint32       year_start;
  gint32       year_end;
  guint64      base_seed;
} IsobarKernelJob;

GType            isobar_kernel_job_get_type     (void) G_GNUC_CONST;
IsobarKernelJob *isobar_kernel_job_new          (IsobarKernel            kernel);
IsobarKernelJob *isobar_kernel_job_copy         (const IsobarKernelJob  *job);
void             isobar_kernel_job_free         (IsobarKernelJob        *job);
/* ISOBAR_ERROR_INVALID_ARGUMENT when the fields do not make a job. */
gboolean         isobar_kernel_job_validate     (const IsobarKernelJob  *job,
                                                 GError                **error);
/* "bootstrap 3/118", "heatmap 1960-1967", "trend": for logs and progress. */
char            *isobar_kernel_job_describe     (const IsobarKernelJob  *job);
/* Bootstrap: the resamples this chunk does, [*first, *end). */
void             isobar_kernel_job_get_resample_range (const IsobarKernelJob *job,
                                                       guint32               *first,
                                                       guint32               *end);
/* Relative cost (arbitrary units, ~ days touched) for schedulers. */
guint64          isobar_kernel_job_estimate_cost (const IsobarKernelJob *job,
                                                  IsobarClimateSeries   *series);

/* Wire form, 40 bytes little-endian: u32 magic "IKJ1" (0x314a4b49),
 * u32 version (1), u32 kernel, u32 chunk_index, u32 chunk_count,
 * u32 resamples, i32 year_start, i32 year_end, u64 base_seed.
 * deserialize() checks size, magic and validate(): ISOBAR_ERROR_INVALID_DATA. */
GBytes          *isobar_kernel_job_serialize    (const IsobarKernelJob  *job);
IsobarKernelJob *isobar_kernel_job_deserialize  (GBytes                 *bytes,
                                                 GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarKernelJob, isobar_kernel_job_free)

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

/* Results, as decoded from outputs. A julian of 0 means "no such day". */
typedef struct
{
  guint32 count;
  double  mean;
  double  p10;
  double  p90;
} IsobarNormal;

typedef struct
{
  double  value;
  guint32 julian;
} IsobarExtreme;

typedef struct
{
  IsobarExtreme high;   /* highest tmax */
  IsobarExtreme low;    /* lowest tmin */
} IsobarRecordPair;

typedef struct
{
  IsobarRecordPair overall;
  IsobarRecordPair months[12];
} IsobarRecords;

typedef enum
{
  ISOBAR_YEAR_INCOMPLETE = 1 << 0,
} IsobarYearFlags;

typedef struct
{
  gint32        year;
  guint32       flags;      /* IsobarYearFlags */
  guint32       n_days;     /* 365 or 366 */
  guint32       n_missing;
  double        mean;
  double        min;
  double        max;
  double        anomaly;
  IsobarExtreme hottest;
  IsobarExtreme coldest;
} IsobarYearRow;

typedef struct
{
  guint32 n_years;          /* complete years in the fit */
  double  slope_per_decade; /* °C per decade; NAN with fewer than 2 years */
  double  intercept;        /* °C at year 0 of the fit's x axis */
  double  r_squared;        /* NAN when undefined */
} IsobarTrend;

/* Output layouts (little-endian): every output starts with
 *   u32 magic "IKO1" (0x314f4b49), u32 version (1), u32 kernel, u32 chunk_index
 * then:
 * - normals:   u32 366, then 366 × { u32 count, f64 mean, f64 p10, f64 p90 }
 * - records:   13 × { f64 high, u32 high_julian, f64 low, u32 low_julian }
 *              (overall, then January..December)
 * - yearly:    u32 n_rows, then n_rows × { i32 year, u32 flags, u32 n_days,
 *              u32 n_missing, f64 mean, f64 min, f64 max, f64 anomaly,
 *              f64 hottest, u32 hottest_julian, f64 coldest, u32 coldest_julian }
 * - trend:     u32 n_years, f64 slope_per_decade, f64 intercept, f64 r²
 * - bootstrap: u32 first_resample, u32 n, u32 block_years, u32 n_years,
 *              n × f64 slope (°C per decade)
 * - heatmap:   i32 year_start, u32 n_rows, u32 width (366),
 *              n_rows × width × 4 bytes RGBA
 * The readers check the header against @job, every count against the job and
 * the exact size, and fail with ISOBAR_ERROR_INVALID_DATA. */
gboolean isobar_kernel_output_read_normals   (GBytes                *output,
                                              const IsobarKernelJob *job,
                                              IsobarNormal           normals[ISOBAR_CLIMATE_N_CDAYS],
                                              GError               **error);
gboolean isobar_kernel_output_read_records   (GBytes                *output,
                                              const IsobarKernelJob *job,
                                              IsobarRecords         *records,
                                              GError               **error);
/* *rows: a GArray of IsobarYearRow. */
gboolean isobar_kernel_output_read_yearly    (GBytes                *output,
                                              const IsobarKernelJob *job,
                                              GArray               **rows,
                                              GError               **error);
gboolean isobar_kernel_output_read_trend     (GBytes                *output,
                                              const IsobarKernelJob *job,
                                              IsobarTrend           *trend,
                                              GError               **error);
/* *slopes: a GArray of double (exactly the chunk's resamples). */
gboolean isobar_kernel_output_read_bootstrap (GBytes                *output,
                                              const IsobarKernelJob *job,
                                              GArray               **slopes,
                                              guint                 *block_years,
                                              guint                 *n_years,
                                              GError               **error);
/* *pixels: (year_end - year_start) × 366 × 4 bytes. */
gboolean isobar_kernel_output_read_heatmap   (GBytes                *output,
                                              const IsobarKernelJob *job,
                                              GBytes               **pixels,
                                              GError               **error);

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
