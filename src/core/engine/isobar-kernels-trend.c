/* isobar-kernels-trend.c: the warming trend and its interval: least squares
 * of the complete years' means, the trend kernel, and the moving-block
 * bootstrap (its residual model, built once per chunk, and the resamples).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-kernels.h"
#include "isobar-random.h"
#include "isobar-kernels-run-private.h"

/* The fit: the complete years' means on the year. */

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

  rows = _isobar_kernel_compute_year_rows (series);
  for (guint k = 0; k < rows->len; k++)
    n += row_is_complete (&g_array_index (rows, IsobarYearRow, k)) ? 1 : 0;
  return n;
}

gboolean
_isobar_kernel_run_trend (KernelRun  *run,
                          GError    **error)
{
  g_autoptr(GArray) rows = _isobar_kernel_compute_year_rows (run->series);
  g_autofree double *x = g_new (double, rows->len);
  g_autofree double *y = g_new (double, rows->len);
  IsobarTrend trend;

  least_squares (x, y, collect_fit_years (rows, x, y), &trend);
  if (!_isobar_kernel_pacer_step (&run->pacer, isobar_climate_series_get_n_days (run->series), 1.0, error))
    return FALSE;

  isobar_climate_put_u32 (run->out, trend.n_years);
  isobar_climate_put_f64 (run->out, trend.slope_per_decade);
  isobar_climate_put_f64 (run->out, trend.intercept);
  isobar_climate_put_f64 (run->out, trend.r_squared);
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
  g_autoptr(GArray) rows = _isobar_kernel_compute_year_rows (series);
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
        _isobar_kernel_pacer_break (pacer);
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

gboolean
_isobar_kernel_run_bootstrap (KernelRun  *run,
                              GError    **error)
{
  const IsobarKernelJob *job = run->job;
  g_auto(BootstrapModel) model = { 0 };
  g_autofree double *year_sums = NULL;
  g_autofree double *y = NULL;
  g_autofree double *slopes = NULL;
  guint32 first = 0, end = 0;
  IsobarRandom rng;

  if (!bootstrap_model_init (&model, run->series, error))
    return FALSE;

  isobar_kernel_job_get_resample_range (job, &first, &end);
  isobar_random_init (&rng, isobar_random_derive_seed (job->base_seed, job->chunk_index));
  year_sums = g_new (double, model.n_years);
  y = g_new (double, model.n_years);
  slopes = g_new (double, end - first);

  for (guint32 r = 0; r < end - first; r++)
    {
      slopes[r] = bootstrap_resample (&model, &rng, year_sums, y, &run->pacer);
      if (!_isobar_kernel_pacer_step (&run->pacer, model.n_resid,
                                      (double) (r + 1) / (end - first), error))
        return FALSE;
    }

  isobar_climate_put_u32 (run->out, first);
  isobar_climate_put_u32 (run->out, end - first);
  isobar_climate_put_u32 (run->out, model.block_years);
  isobar_climate_put_u32 (run->out, model.n_years);
  isobar_climate_put_f64_array (run->out, slopes, end - first);
  return TRUE;
}

