/* isobar-kernels-days.c: the kernels that summarise the days of a series:
 * normals, records, the yearly table and the heat map, with what they share
 * (the percentile, the heat map's colours, the normals' means, the extremes
 * and the year rows, which the trend also fits).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-kernels.h"
#include "isobar-kernels-private.h"
#include "isobar-kernels-run-private.h"

/* Percentiles and colours. */

double
isobar_percentile_sorted (const double *sorted,
                          gsize         n,
                          double        p)
{
  double h;
  gsize i;

  g_return_val_if_fail (sorted != NULL || n == 0, NAN);

  if (n == 0 || isnan (p))
    return NAN;
  p = CLAMP (p, 0.0, 1.0);
  h = (double) (n - 1) * p;
  i = (gsize) floor (h);
  if (i + 1 >= n)
    return sorted[n - 1];
  return sorted[i] + (h - (double) i) * (sorted[i + 1] - sorted[i]);
}

static guint8
blend_channel (guint8 from,
               guint8 to,
               double t)
{
  return (guint8) floor ((double) from + t * ((double) to - (double) from) + 0.5);
}

void
isobar_heatmap_colour (double anomaly,
                       guint8 rgba[4])
{
  static const guint8 white[3] = { ISOBAR_HEATMAP_WHITE };
  static const guint8 red[3] = { ISOBAR_HEATMAP_RED };
  static const guint8 blue[3] = { ISOBAR_HEATMAP_BLUE };
  static const guint8 missing[4] = { ISOBAR_HEATMAP_MISSING };
  const guint8 *end;
  double t;

  if (isnan (anomaly))
    {
      memcpy (rgba, missing, 4);
      return;
    }

  t = CLAMP (anomaly / ISOBAR_HEATMAP_CLAMP, -1.0, 1.0);
  end = t >= 0 ? red : blue;
  for (guint c = 0; c < 3; c++)
    rgba[c] = blend_channel (white[c], end[c], fabs (t));
  rgba[3] = 255;
}

/* Shared computations: each kernel that needs one of these runs the same
 * function, so equal inputs give equal bits in every job. */

typedef struct
{
  double  mean[ISOBAR_CLIMATE_N_CDAYS + 1];  /* by cday; [0] unused */
  guint32 count[ISOBAR_CLIMATE_N_CDAYS + 1];
} NormalMeans;

static void
compute_normal_means (IsobarClimateSeries *series,
                      NormalMeans         *normals)
{
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  const double *tmean = isobar_climate_series_get_tmean (series);
  guint n_days = isobar_climate_series_get_n_days (series);

  memset (normals, 0, sizeof *normals);
  for (guint i = 0; i < n_days; i++)
    {
      if (isnan (tmean[i]))
        continue;
      normals->mean[days[i].cday] += tmean[i];
      normals->count[days[i].cday]++;
    }
  for (guint c = 1; c <= ISOBAR_CLIMATE_N_CDAYS; c++)
    normals->mean[c] = normals->count[c] > 0 ? normals->mean[c] / normals->count[c] : NAN;
}

static void
extreme_update (IsobarExtreme *extreme,
                double         value,
                guint32        julian,
                gboolean       want_high)
{
  if (isnan (value))
    return;
  if (extreme->julian == 0
      || (want_high && value > extreme->value)
      || (!want_high && value < extreme->value))
    {
      extreme->value = value;
      extreme->julian = julian;
    }
}

static void
extreme_init (IsobarExtreme *extreme)
{
  extreme->value = NAN;
  extreme->julian = 0;
}

/* One row per calendar year the series touches, anomalies included. */
GArray *
_isobar_kernel_compute_year_rows (IsobarClimateSeries *series)
{
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  const double *tmax = isobar_climate_series_get_tmax (series);
  const double *tmin = isobar_climate_series_get_tmin (series);
  const double *tmean = isobar_climate_series_get_tmean (series);
  guint n_days = isobar_climate_series_get_n_days (series);
  guint32 first_julian = isobar_climate_series_get_first_julian (series);
  int first_year = isobar_climate_series_get_first_year (series);
  guint n_years = isobar_climate_series_get_n_years (series);
  g_autofree double *sums = g_new0 (double, n_years);
  g_autofree guint32 *n_valid = g_new0 (guint32, n_years);
  GArray *rows = g_array_sized_new (FALSE, TRUE, sizeof (IsobarYearRow), n_years);
  double baseline_sum = 0;
  guint n_complete = 0;
  double baseline;

  g_array_set_size (rows, n_years);
  for (guint k = 0; k < n_years; k++)
    {
      IsobarYearRow *row = &g_array_index (rows, IsobarYearRow, k);

      row->year = first_year + (int) k;
      row->n_days = isobar_kernel_is_leap (row->year) ? 366 : 365;
      row->min = NAN;
      row->max = NAN;
      extreme_init (&row->hottest);
      extreme_init (&row->coldest);
    }

  for (guint i = 0; i < n_days; i++)
    {
      guint k = days[i].year - first_year;
      IsobarYearRow *row = &g_array_index (rows, IsobarYearRow, k);
      guint32 julian = first_julian + i;

      extreme_update (&row->hottest, tmax[i], julian, TRUE);
      extreme_update (&row->coldest, tmin[i], julian, FALSE);
      if (isnan (tmean[i]))
        continue;
      sums[k] += tmean[i];
      if (n_valid[k] == 0 || tmean[i] < row->min)
        row->min = tmean[i];
      if (n_valid[k] == 0 || tmean[i] > row->max)
        row->max = tmean[i];
      n_valid[k]++;
    }

  for (guint k = 0; k < n_years; k++)
    {
      IsobarYearRow *row = &g_array_index (rows, IsobarYearRow, k);

      row->n_missing = row->n_days - n_valid[k];
      row->mean = n_valid[k] > 0 ? sums[k] / n_valid[k] : NAN;
      if (row->n_missing > ISOBAR_CLIMATE_MAX_MISSING_DAYS)
        {
          row->flags |= ISOBAR_YEAR_INCOMPLETE;
          continue;
        }
      baseline_sum += row->mean;
      n_complete++;
    }

  baseline = n_complete > 0 ? baseline_sum / n_complete : NAN;
  for (guint k = 0; k < n_years; k++)
    {
      IsobarYearRow *row = &g_array_index (rows, IsobarYearRow, k);

      row->anomaly = row->mean - baseline;
    }

  return rows;
}

static void
put_extreme (GByteArray          *out,
             const IsobarExtreme *extreme)
{
  isobar_climate_put_f64 (out, extreme->value);
  isobar_climate_put_u32 (out, extreme->julian);
}

/* The kernels. Each appends its payload to run->out. */

gboolean
_isobar_kernel_run_normals (KernelRun  *run,
                            GError    **error)
{
  const IsobarClimateDay *days = isobar_climate_series_get_days (run->series);
  const double *tmean = isobar_climate_series_get_tmean (run->series);
  guint n_days = isobar_climate_series_get_n_days (run->series);
  g_autofree double *values = g_new (double, n_days);
  guint32 offsets[ISOBAR_CLIMATE_N_CDAYS + 2] = { 0 };
  guint32 fill[ISOBAR_CLIMATE_N_CDAYS + 1];
  NormalMeans means;

  compute_normal_means (run->series, &means);

  /* Bucket the values by calendar day (counting sort), then sort each. */
  for (guint c = 1; c <= ISOBAR_CLIMATE_N_CDAYS; c++)
    offsets[c + 1] = offsets[c] + means.count[c];
  memcpy (fill, offsets, sizeof fill);
  for (guint i = 0; i < n_days; i++)
    {
      if (!isnan (tmean[i]))
        values[fill[days[i].cday]++] = tmean[i];
    }

  isobar_climate_put_u32 (run->out, ISOBAR_CLIMATE_N_CDAYS);
  for (guint c = 1; c <= ISOBAR_CLIMATE_N_CDAYS; c++)
    {
      double *bucket = values + offsets[c];
      guint32 n = means.count[c];

      qsort (bucket, n, sizeof (double), isobar_kernel_compare_doubles);
      isobar_climate_put_u32 (run->out, n);
      isobar_climate_put_f64 (run->out, means.mean[c]);
      isobar_climate_put_f64 (run->out, isobar_percentile_sorted (bucket, n, 0.10));
      isobar_climate_put_f64 (run->out, isobar_percentile_sorted (bucket, n, 0.90));

      if (!_isobar_kernel_pacer_step (&run->pacer, 8 * (guint64) n,
                                      (double) c / ISOBAR_CLIMATE_N_CDAYS, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_isobar_kernel_run_records (KernelRun  *run,
                            GError    **error)
{
  const IsobarClimateDay *days = isobar_climate_series_get_days (run->series);
  const double *tmax = isobar_climate_series_get_tmax (run->series);
  const double *tmin = isobar_climate_series_get_tmin (run->series);
  guint n_days = isobar_climate_series_get_n_days (run->series);
  guint32 first_julian = isobar_climate_series_get_first_julian (run->series);
  IsobarRecords records;

  extreme_init (&records.overall.high);
  extreme_init (&records.overall.low);
  for (guint m = 0; m < 12; m++)
    {
      extreme_init (&records.months[m].high);
      extreme_init (&records.months[m].low);
    }

  for (guint i = 0; i < n_days; i++)
    {
      IsobarRecordPair *month = &records.months[days[i].month - 1];
      guint32 julian = first_julian + i;

      extreme_update (&records.overall.high, tmax[i], julian, TRUE);
      extreme_update (&records.overall.low, tmin[i], julian, FALSE);
      extreme_update (&month->high, tmax[i], julian, TRUE);
      extreme_update (&month->low, tmin[i], julian, FALSE);
    }
  if (!_isobar_kernel_pacer_step (&run->pacer, n_days, 1.0, error))
    return FALSE;

  for (guint m = 0; m <= 12; m++)
    {
      const IsobarRecordPair *pair = m == 0 ? &records.overall : &records.months[m - 1];

      put_extreme (run->out, &pair->high);
      put_extreme (run->out, &pair->low);
    }
  return TRUE;
}

gboolean
_isobar_kernel_run_yearly (KernelRun  *run,
                           GError    **error)
{
  g_autoptr(GArray) rows = _isobar_kernel_compute_year_rows (run->series);

  if (!_isobar_kernel_pacer_step (&run->pacer, isobar_climate_series_get_n_days (run->series), 1.0, error))
    return FALSE;

  isobar_climate_put_u32 (run->out, rows->len);
  for (guint k = 0; k < rows->len; k++)
    {
      const IsobarYearRow *row = &g_array_index (rows, IsobarYearRow, k);

      isobar_climate_put_i32 (run->out, row->year);
      isobar_climate_put_u32 (run->out, row->flags);
      isobar_climate_put_u32 (run->out, row->n_days);
      isobar_climate_put_u32 (run->out, row->n_missing);
      isobar_climate_put_f64 (run->out, row->mean);
      isobar_climate_put_f64 (run->out, row->min);
      isobar_climate_put_f64 (run->out, row->max);
      isobar_climate_put_f64 (run->out, row->anomaly);
      put_extreme (run->out, &row->hottest);
      put_extreme (run->out, &row->coldest);
    }
  return TRUE;
}

gboolean
_isobar_kernel_run_heatmap (KernelRun  *run,
                            GError    **error)
{
  const IsobarKernelJob *job = run->job;
  const IsobarClimateDay *days = isobar_climate_series_get_days (run->series);
  const double *tmean = isobar_climate_series_get_tmean (run->series);
  guint n_days = isobar_climate_series_get_n_days (run->series);
  guint n_rows = (guint) (job->year_end - job->year_start);
  gsize row_bytes = ISOBAR_HEATMAP_WIDTH * 4;
  NormalMeans normals;
  guint8 *pixels;
  gsize offset;
  guint i = 0;

  if (job->year_start < isobar_climate_series_get_first_year (run->series)
      || job->year_end > isobar_climate_series_get_last_year (run->series) + 1)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The heat map’s years %d–%d are outside the history"),
                   job->year_start, job->year_end - 1);
      return FALSE;
    }

  compute_normal_means (run->series, &normals);
  if (!_isobar_kernel_pacer_step (&run->pacer, n_days, 0.5, error))
    return FALSE;

  isobar_climate_put_i32 (run->out, job->year_start);
  isobar_climate_put_u32 (run->out, n_rows);
  isobar_climate_put_u32 (run->out, ISOBAR_HEATMAP_WIDTH);
  offset = run->out->len;
  g_byte_array_set_size (run->out, offset + n_rows * row_bytes);
  pixels = run->out->data + offset;
  memset (pixels, 0, n_rows * row_bytes);

  while (i < n_days && days[i].year < job->year_start)
    i++;
  for (; i < n_days && days[i].year < job->year_end; i++)
    {
      guint8 *pixel = pixels + (days[i].year - job->year_start) * row_bytes
                             + (days[i].cday - 1) * 4;

      isobar_heatmap_colour (tmean[i] - normals.mean[days[i].cday], pixel);
    }
  return TRUE;
}
