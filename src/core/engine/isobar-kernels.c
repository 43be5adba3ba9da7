/* isobar-kernels.c
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
#include "isobar-random.h"

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

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
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

/* Pacing: checkpoint every ISOBAR_KERNEL_CHECKPOINT_WORK steps. */

typedef struct
{
  IsobarJobContext *ctx;
  guint64           work;
  double            fraction;   /* reported so far */
  const gint       *breaker;    /* (nullable) isobar_job_context_get_breaker() */
  GError           *error;      /* (owned) (nullable) a checkpoint on a break failed */
} Pacer;

static inline gboolean
pacer_step (Pacer   *pacer,
            guint64  steps,
            double   fraction,
            GError **error)
{
  if (G_UNLIKELY (pacer->error != NULL))
    {
      g_propagate_error (error, g_steal_pointer (&pacer->error));
      return FALSE;
    }
  pacer->work += steps;
  if (pacer->work < ISOBAR_KERNEL_CHECKPOINT_WORK)
    return TRUE;
  pacer->work = 0;
  pacer->fraction = fraction;
  return isobar_job_context_checkpoint (pacer->ctx, fraction, error);
}

/* The eval breaker, read in innermost loops: a checkpoint right now when it
 * is set. A failure (a cancel) is kept for the next pacer_step(), which
 * stops the kernel: the loop around this one finishes its turn first. */
G_GNUC_NO_INLINE static void
pacer_break (Pacer *pacer)
{
  if (pacer->error == NULL)
    isobar_job_context_checkpoint (pacer->ctx, pacer->fraction, &pacer->error);
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
static GArray *
compute_year_rows (IsobarClimateSeries *series)
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

static gboolean
row_is_complete (const IsobarYearRow *row)
{
  return (row->flags & ISOBAR_YEAR_INCOMPLETE) == 0;
}

/* Ordinary least squares of @y on @x, centred for accuracy. Sets the slope
 * per decade, intercept and r²; returns the slope per year. */
static double
least_squares (const double *x,
               const double *y,
               guint         n,
               IsobarTrend  *trend)
{
  double x_mean = 0, y_mean = 0, sxx = 0, sxy = 0, syy = 0, b;

  trend->n_years = n;
  if (n < 2)
    {
      trend->slope_per_decade = trend->intercept = trend->r_squared = NAN;
      return NAN;
    }

  for (guint i = 0; i < n; i++)
    {
      x_mean += x[i];
      y_mean += y[i];
    }
  x_mean /= n;
  y_mean /= n;
  for (guint i = 0; i < n; i++)
    {
      double dx = x[i] - x_mean;
      double dy = y[i] - y_mean;

      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }

  b = sxy / sxx;
  trend->slope_per_decade = 10.0 * b;
  trend->intercept = y_mean - b * x_mean;
  trend->r_squared = syy > 0 ? (sxy * sxy) / (sxx * syy) : NAN;
  return b;
}

/* The complete years and their means, in order. */
static guint
collect_fit_years (GArray  *rows,
                   double  *x,
                   double  *y)
{
  guint n = 0;

  for (guint k = 0; k < rows->len; k++)
    {
      const IsobarYearRow *row = &g_array_index (rows, IsobarYearRow, k);

      if (!row_is_complete (row))
        continue;
      x[n] = row->year;
      y[n] = row->mean;
      n++;
    }
  return n;
}

guint
isobar_kernel_count_complete_years (IsobarClimateSeries *series)
{
  g_autoptr(GArray) rows = NULL;
  guint n = 0;

  g_return_val_if_fail (series != NULL, 0);

  rows = compute_year_rows (series);
  for (guint k = 0; k < rows->len; k++)
    n += row_is_complete (&g_array_index (rows, IsobarYearRow, k)) ? 1 : 0;
  return n;
}

/* Output framing. */

static GByteArray *
output_begin (const IsobarKernelJob *job)
{
  GByteArray *out = g_byte_array_new ();

  isobar_climate_put_u32 (out, ISOBAR_KERNEL_OUTPUT_MAGIC);
  isobar_climate_put_u32 (out, ISOBAR_KERNEL_OUTPUT_VERSION);
  isobar_climate_put_u32 (out, job->kernel);
  isobar_climate_put_u32 (out, job->chunk_index);
  return out;
}

static void
put_extreme (GByteArray          *out,
             const IsobarExtreme *extreme)
{
  isobar_climate_put_f64 (out, extreme->value);
  isobar_climate_put_u32 (out, extreme->julian);
}

/* The kernels. Each appends its payload to @out. */

static gboolean
run_normals (IsobarClimateSeries *series,
             Pacer               *pacer,
             GByteArray          *out,
             GError             **error)
{
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  const double *tmean = isobar_climate_series_get_tmean (series);
  guint n_days = isobar_climate_series_get_n_days (series);
  g_autofree double *values = g_new (double, n_days);
  guint32 offsets[ISOBAR_CLIMATE_N_CDAYS + 2] = { 0 };
  guint32 fill[ISOBAR_CLIMATE_N_CDAYS + 1];
  NormalMeans means;

  compute_normal_means (series, &means);

  /* Bucket the values by calendar day (counting sort), then sort each. */
  for (guint c = 1; c <= ISOBAR_CLIMATE_N_CDAYS; c++)
    offsets[c + 1] = offsets[c] + means.count[c];
  memcpy (fill, offsets, sizeof fill);
  for (guint i = 0; i < n_days; i++)
    {
      if (!isnan (tmean[i]))
        values[fill[days[i].cday]++] = tmean[i];
    }

  isobar_climate_put_u32 (out, ISOBAR_CLIMATE_N_CDAYS);
  for (guint c = 1; c <= ISOBAR_CLIMATE_N_CDAYS; c++)
    {
      double *bucket = values + offsets[c];
      guint32 n = means.count[c];

      qsort (bucket, n, sizeof (double), compare_doubles);
      isobar_climate_put_u32 (out, n);
      isobar_climate_put_f64 (out, means.mean[c]);
      isobar_climate_put_f64 (out, isobar_percentile_sorted (bucket, n, 0.10));
      isobar_climate_put_f64 (out, isobar_percentile_sorted (bucket, n, 0.90));

      if (!pacer_step (pacer, 8 * (guint64) n, (double) c / ISOBAR_CLIMATE_N_CDAYS, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
run_records (IsobarClimateSeries *series,
             Pacer               *pacer,
             GByteArray          *out,
             GError             **error)
{
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  const double *tmax = isobar_climate_series_get_tmax (series);
  const double *tmin = isobar_climate_series_get_tmin (series);
  guint n_days = isobar_climate_series_get_n_days (series);
  guint32 first_julian = isobar_climate_series_get_first_julian (series);
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
  if (!pacer_step (pacer, n_days, 1.0, error))
    return FALSE;

  for (guint m = 0; m <= 12; m++)
    {
      const IsobarRecordPair *pair = m == 0 ? &records.overall : &records.months[m - 1];

      put_extreme (out, &pair->high);
      put_extreme (out, &pair->low);
    }
  return TRUE;
}

static gboolean
run_yearly (IsobarClimateSeries *series,
            Pacer               *pacer,
            GByteArray          *out,
            GError             **error)
{
  g_autoptr(GArray) rows = compute_year_rows (series);

  if (!pacer_step (pacer, isobar_climate_series_get_n_days (series), 1.0, error))
    return FALSE;

  isobar_climate_put_u32 (out, rows->len);
  for (guint k = 0; k < rows->len; k++)
    {
      const IsobarYearRow *row = &g_array_index (rows, IsobarYearRow, k);

      isobar_climate_put_i32 (out, row->year);
      isobar_climate_put_u32 (out, row->flags);
      isobar_climate_put_u32 (out, row->n_days);
      isobar_climate_put_u32 (out, row->n_missing);
      isobar_climate_put_f64 (out, row->mean);
      isobar_climate_put_f64 (out, row->min);
      isobar_climate_put_f64 (out, row->max);
      isobar_climate_put_f64 (out, row->anomaly);
      put_extreme (out, &row->hottest);
      put_extreme (out, &row->coldest);
    }
  return TRUE;
}

static gboolean
run_trend (IsobarClimateSeries *series,
           Pacer               *pacer,
           GByteArray          *out,
           GError             **error)
{
  g_autoptr(GArray) rows = compute_year_rows (series);
  g_autofree double *x = g_new (double, rows->len);
  g_autofree double *y = g_new (double, rows->len);
  IsobarTrend trend;

  least_squares (x, y, collect_fit_years (rows, x, y), &trend);
  if (!pacer_step (pacer, isobar_climate_series_get_n_days (series), 1.0, error))
    return FALSE;

  isobar_climate_put_u32 (out, trend.n_years);
  isobar_climate_put_f64 (out, trend.slope_per_decade);
  isobar_climate_put_f64 (out, trend.intercept);
  isobar_climate_put_f64 (out, trend.r_squared);
  return TRUE;
}

/* The bootstrap's fixed part: everything that does not change between
 * resamples (the model), computed once per chunk. */
typedef struct
{
  guint    n_years;     /* complete years in the fit */
  guint    block_years;
  gsize    n_resid;     /* m: days of complete years with a tmean */
  gsize    block_days;
  double  *x;           /* (owned) n_years: the years */
  double  *base;        /* (owned) n_years: mean seasonal + trend part */
  double  *inv_count;   /* (owned) n_years: 1 / days of the year */
  gsize   *year_end;    /* (owned) n_years: end of each year in resid */
  double  *resid;       /* (owned) m daily residuals, in date order */
} BootstrapModel;

static void
bootstrap_model_clear (BootstrapModel *model)
{
  g_clear_pointer (&model->x, g_free);
  g_clear_pointer (&model->base, g_free);
  g_clear_pointer (&model->inv_count, g_free);
  g_clear_pointer (&model->year_end, g_free);
  g_clear_pointer (&model->resid, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BootstrapModel, bootstrap_model_clear)

static guint
integer_cube_root_ceil (guint n)
{
  guint l = 1;

  while ((guint64) l * l * l < n)
    l++;
  return l;
}

static gboolean
bootstrap_model_init (BootstrapModel      *model,
                      IsobarClimateSeries *series,
                      GError             **error)
{
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  const double *tmean = isobar_climate_series_get_tmean (series);
  guint n_days = isobar_climate_series_get_n_days (series);
  int first_year = isobar_climate_series_get_first_year (series);
  g_autoptr(GArray) rows = compute_year_rows (series);
  g_autofree double *y = g_new (double, rows->len);
  g_autofree gint32 *fit_index = g_new (gint32, rows->len);
  double seasonal[ISOBAR_CLIMATE_N_CDAYS + 1] = { 0 };
  guint32 seasonal_n[ISOBAR_CLIMATE_N_CDAYS + 1] = { 0 };
  IsobarTrend trend;
  double b, x_mean = 0;
  gsize m = 0;

  memset (model, 0, sizeof *model);
  model->x = g_new (double, rows->len);
  model->n_years = collect_fit_years (rows, model->x, y);
  if (model->n_years < 3)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The trend’s interval needs at least 3 complete years; this history has %u"),
                   model->n_years);
      return FALSE;
    }
  b = least_squares (model->x, y, model->n_years, &trend);
  for (guint k = 0; k < model->n_years; k++)
    x_mean += model->x[k];
  x_mean /= model->n_years;

  for (guint k = 0, f = 0; k < rows->len; k++)
    fit_index[k] = row_is_complete (&g_array_index (rows, IsobarYearRow, k)) ? (gint32) f++ : -1;

  /* Seasonal cycle of the detrended days. */
  for (guint i = 0; i < n_days; i++)
    {
      gint32 f = fit_index[days[i].year - first_year];

      if (f < 0 || isnan (tmean[i]))
        continue;
      seasonal[days[i].cday] += tmean[i] - b * (model->x[f] - x_mean);
      seasonal_n[days[i].cday]++;
      m++;
    }
  for (guint c = 1; c <= ISOBAR_CLIMATE_N_CDAYS; c++)
    seasonal[c] = seasonal_n[c] > 0 ? seasonal[c] / seasonal_n[c] : 0;

  /* Residuals, and each year's fixed part. */
  model->n_resid = m;
  model->resid = g_new (double, m);
  model->base = g_new0 (double, model->n_years);
  model->inv_count = g_new (double, model->n_years);
  model->year_end = g_new0 (gsize, model->n_years);
  m = 0;
  for (guint i = 0; i < n_days; i++)
    {
      gint32 f = fit_index[days[i].year - first_year];
      double s;

      if (f < 0 || isnan (tmean[i]))
        continue;
      s = seasonal[days[i].cday];
      model->resid[m++] = tmean[i] - b * (model->x[f] - x_mean) - s;
      model->base[f] += s;
      model->year_end[f] = m;
    }
  for (guint k = 0; k < model->n_years; k++)
    {
      gsize count = model->year_end[k] - (k > 0 ? model->year_end[k - 1] : 0);

      model->inv_count[k] = 1.0 / (double) count;
      model->base[k] = model->base[k] * model->inv_count[k] + b * (model->x[k] - x_mean);
    }

  model->block_years = integer_cube_root_ceil (model->n_years);
  model->block_days = MIN (m, (gsize) model->block_years * 365);
  return TRUE;
}

/* The sum of one run of residuals, in order (the bits must not depend on
 * the strategy). */
static inline double
sum_run (const double *src,
         gsize         n)
{
  double acc = 0;

  for (gsize t = 0; t < n; t++)
    acc += src[t];
  return acc;
}

/* The same, reading the eval breaker at every turn, as a Python loop
 * summing these values would (isobar-reference.py): gil-threads. */
static double
sum_run_polled (const double *src,
                gsize         n,
                const gint   *breaker,
                Pacer        *pacer)
{
  double acc = 0;

  for (gsize t = 0; t < n; t++)
    {
      acc += src[t];
      if (G_UNLIKELY (g_atomic_int_get (breaker)))
        pacer_break (pacer);
    }
  return acc;
}

/* One resample: rebuild the residual series from random blocks, summing
 * into each target year as it goes, then refit. No allocation. */
static double
bootstrap_resample (const BootstrapModel *model,
                    IsobarRandom         *rng,
                    double               *year_sums,
                    double               *y,
                    Pacer                *pacer)
{
  const gsize m = model->n_resid;
  const guint32 n_starts = (guint32) (m - model->block_days + 1);
  const gint *breaker = pacer->breaker;
  gsize j = 0;
  guint k = 0;
  IsobarTrend trend;

  memset (year_sums, 0, model->n_years * sizeof (double));
  while (j < m)
    {
      const double *src = model->resid + isobar_random_uniform (rng, n_starts);
      gsize remaining = MIN (model->block_days, m - j);

      while (remaining > 0)
        {
          gsize take = MIN (remaining, model->year_end[k] - j);
          double acc = 0;

          if (breaker == NULL)
            acc = sum_run (src, take);
          else
            acc = sum_run_polled (src, take, breaker, pacer);
          year_sums[k] += acc;
          src += take;
          j += take;
          remaining -= take;
          if (j == model->year_end[k])
            k++;
        }
    }

  for (guint f = 0; f < model->n_years; f++)
    y[f] = model->base[f] + year_sums[f] * model->inv_count[f];
  least_squares (model->x, y, model->n_years, &trend);
  return trend.slope_per_decade;
}

static gboolean
run_bootstrap (const IsobarKernelJob *job,
               IsobarClimateSeries   *series,
               Pacer                 *pacer,
               GByteArray            *out,
               GError               **error)
{
  g_auto(BootstrapModel) model = { 0 };
  g_autofree double *year_sums = NULL;
  g_autofree double *y = NULL;
  g_autofree double *slopes = NULL;
  guint32 first = 0, end = 0;
  IsobarRandom rng;

  if (!bootstrap_model_init (&model, series, error))
    return FALSE;

  isobar_kernel_job_get_resample_range (job, &first, &end);
  isobar_random_init (&rng, isobar_random_derive_seed (job->base_seed, job->chunk_index));
  year_sums = g_new (double, model.n_years);
  y = g_new (double, model.n_years);
  slopes = g_new (double, end - first);

  for (guint32 r = 0; r < end - first; r++)
    {
      slopes[r] = bootstrap_resample (&model, &rng, year_sums, y, pacer);
      if (!pacer_step (pacer, model.n_resid, (double) (r + 1) / (end - first), error))
        return FALSE;
    }

  isobar_climate_put_u32 (out, first);
  isobar_climate_put_u32 (out, end - first);
  isobar_climate_put_u32 (out, model.block_years);
  isobar_climate_put_u32 (out, model.n_years);
  isobar_climate_put_f64_array (out, slopes, end - first);
  return TRUE;
}

static gboolean
run_heatmap (const IsobarKernelJob *job,
             IsobarClimateSeries   *series,
             Pacer                 *pacer,
             GByteArray            *out,
             GError               **error)
{
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  const double *tmean = isobar_climate_series_get_tmean (series);
  guint n_days = isobar_climate_series_get_n_days (series);
  guint n_rows = (guint) (job->year_end - job->year_start);
  gsize row_bytes = ISOBAR_HEATMAP_WIDTH * 4;
  NormalMeans normals;
  guint8 *pixels;
  gsize offset;
  guint i = 0;

  if (job->year_start < isobar_climate_series_get_first_year (series)
      || job->year_end > isobar_climate_series_get_last_year (series) + 1)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The heat map’s years %d–%d are outside the history"),
                   job->year_start, job->year_end - 1);
      return FALSE;
    }

  compute_normal_means (series, &normals);
  if (!pacer_step (pacer, n_days, 0.5, error))
    return FALSE;

  isobar_climate_put_i32 (out, job->year_start);
  isobar_climate_put_u32 (out, n_rows);
  isobar_climate_put_u32 (out, ISOBAR_HEATMAP_WIDTH);
  offset = out->len;
  g_byte_array_set_size (out, offset + n_rows * row_bytes);
  pixels = out->data + offset;
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

GBytes *
isobar_kernel_run (const IsobarKernelJob  *job,
                   IsobarClimateSeries    *series,
                   IsobarJobContext       *ctx,
                   GError                **error)
{
  g_autoptr(GByteArray) out = NULL;
  Pacer pacer = { ctx, 0, 0.0, isobar_job_context_get_breaker (ctx), NULL };
  gboolean ok = FALSE;

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!isobar_kernel_job_validate (job, error))
    return NULL;
  if (!isobar_job_context_checkpoint (ctx, 0.0, error))
    return NULL;

  out = output_begin (job);
  switch (job->kernel)
    {
    case ISOBAR_KERNEL_NORMALS:
      ok = run_normals (series, &pacer, out, error);
      break;
    case ISOBAR_KERNEL_RECORDS:
      ok = run_records (series, &pacer, out, error);
      break;
    case ISOBAR_KERNEL_YEARLY:
      ok = run_yearly (series, &pacer, out, error);
      break;
    case ISOBAR_KERNEL_TREND:
      ok = run_trend (series, &pacer, out, error);
      break;
    case ISOBAR_KERNEL_BOOTSTRAP:
      ok = run_bootstrap (job, series, &pacer, out, error);
      break;
    case ISOBAR_KERNEL_HEATMAP:
      ok = run_heatmap (job, series, &pacer, out, error);
      break;
    default:
      g_assert_not_reached ();
    }

  /* A break's checkpoint failed after the kernel's last pacer_step(). */
  if (ok && pacer.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&pacer.error));
      ok = FALSE;
    }
  g_clear_error (&pacer.error);

  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
isobar_kernel_run_serialized (GBytes            *job_bytes,
                              GBytes            *series_bytes,
                              IsobarJobContext  *ctx,
                              GError           **error)
{
  g_autoptr(IsobarKernelJob) job = NULL;
  g_autoptr(IsobarClimateSeries) series = NULL;

  g_return_val_if_fail (job_bytes != NULL, NULL);
  g_return_val_if_fail (series_bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job = isobar_kernel_job_deserialize (job_bytes, error);
  if (job == NULL)
    return NULL;
  series = isobar_climate_series_deserialize (series_bytes, error);
  if (series == NULL)
    return NULL;
  return isobar_kernel_run (job, series, ctx, error);
}
