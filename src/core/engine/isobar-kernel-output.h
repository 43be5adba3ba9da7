/* isobar-kernel-output.h: the outputs of the kernels, read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included by isobar-kernels.h, which documents the kernels.
 */

#pragma once

#include <glib-object.h>

#include "isobar-climate-series.h"
#include "isobar-kernel-job.h"

G_BEGIN_DECLS

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

G_END_DECLS
