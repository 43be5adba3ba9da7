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
#include "isobar-random.h"

#define JOB_MAGIC      0x314a4b49u /* "IKJ1" */
#define JOB_VERSION    1u
#define JOB_SIZE       40u
#define OUTPUT_MAGIC   0x314f4b49u /* "IKO1" */
#define OUTPUT_VERSION 1u
#define MAX_YEAR       9999

static const char * const kernel_ids[] = {
  [ISOBAR_KERNEL_NORMALS] = "normals",
  [ISOBAR_KERNEL_RECORDS] = "records",
  [ISOBAR_KERNEL_YEARLY] = "yearly",
  [ISOBAR_KERNEL_TREND] = "trend",
  [ISOBAR_KERNEL_BOOTSTRAP] = "bootstrap",
  [ISOBAR_KERNEL_HEATMAP] = "heatmap",
};

const char *
isobar_kernel_to_string (IsobarKernel kernel)
{
  if ((guint) kernel < G_N_ELEMENTS (kernel_ids))
    return kernel_ids[kernel];
  return NULL;
}

gboolean
isobar_kernel_from_string (const char   *id,
                           IsobarKernel *kernel)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kernel_ids); i++)
    {
      if (kernel_ids[i] != NULL && g_str_equal (kernel_ids[i], id))
        {
          if (kernel != NULL)
            *kernel = (IsobarKernel) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Jobs. */

G_DEFINE_BOXED_TYPE (IsobarKernelJob, isobar_kernel_job,
                     isobar_kernel_job_copy, isobar_kernel_job_free)

IsobarKernelJob *
isobar_kernel_job_new (IsobarKernel kernel)
{
  IsobarKernelJob *job = g_new0 (IsobarKernelJob, 1);

  job->kernel = kernel;
  job->chunk_count = 1;
  return job;
}

IsobarKernelJob *
isobar_kernel_job_copy (const IsobarKernelJob *job)
{
  g_return_val_if_fail (job != NULL, NULL);
  return g_memdup2 (job, sizeof *job);
}

void
isobar_kernel_job_free (IsobarKernelJob *job)
{
  g_free (job);
}

static gboolean
invalid_job (GError     **error,
             const char  *reason)
{
  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
               _("Invalid analysis job: %s"), reason);
  return FALSE;
}

gboolean
isobar_kernel_job_validate (const IsobarKernelJob  *job,
                            GError                **error)
{
  g_return_val_if_fail (job != NULL, FALSE);

  if (isobar_kernel_to_string (job->kernel) == NULL)
    return invalid_job (error, _("unknown kernel"));
  if (job->chunk_count == 0 || job->chunk_index >= job->chunk_count)
    return invalid_job (error, _("chunk index out of range"));

  switch (job->kernel)
    {
    case ISOBAR_KERNEL_NORMALS:
    case ISOBAR_KERNEL_RECORDS:
    case ISOBAR_KERNEL_YEARLY:
    case ISOBAR_KERNEL_TREND:
      if (job->chunk_count != 1)
        return invalid_job (error, _("this kernel is not chunked"));
      break;

    case ISOBAR_KERNEL_BOOTSTRAP:
      if (job->resamples == 0 || job->resamples > ISOBAR_MAX_RESAMPLES)
        return invalid_job (error, _("resamples out of range"));
      if (job->chunk_count > job->resamples)
        return invalid_job (error, _("more chunks than resamples"));
      break;

    case ISOBAR_KERNEL_HEATMAP:
      if (job->year_start < 1 || job->year_end > MAX_YEAR + 1 || job->year_start >= job->year_end)
        return invalid_job (error, _("heat-map years out of range"));
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

char *
isobar_kernel_job_describe (const IsobarKernelJob *job)
{
  const char *id;

  g_return_val_if_fail (job != NULL, NULL);

  id = isobar_kernel_to_string (job->kernel);
  if (id == NULL)
    return g_strdup ("invalid");
  if (job->kernel == ISOBAR_KERNEL_HEATMAP)
    return g_strdup_printf ("%s %d-%d", id, job->year_start, job->year_end - 1);
  if (job->chunk_count > 1)
    return g_strdup_printf ("%s %u/%u", id, job->chunk_index + 1, job->chunk_count);
  return g_strdup (id);
}

void
isobar_kernel_job_get_resample_range (const IsobarKernelJob *job,
                                      guint32               *first,
                                      guint32               *end)
{
  guint64 count;

  g_return_if_fail (job != NULL);

  count = MAX (job->chunk_count, 1);
  if (first != NULL)
    *first = (guint32) ((guint64) job->chunk_index * job->resamples / count);
  if (end != NULL)
    *end = (guint32) (((guint64) job->chunk_index + 1) * job->resamples / count);
}

guint64
isobar_kernel_job_estimate_cost (const IsobarKernelJob *job,
                                 IsobarClimateSeries   *series)
{
  guint64 n_days;
  guint32 first = 0, end = 0;

  g_return_val_if_fail (job != NULL, 0);
  g_return_val_if_fail (series != NULL, 0);

  n_days = isobar_climate_series_get_n_days (series);
  switch (job->kernel)
    {
    case ISOBAR_KERNEL_BOOTSTRAP:
      isobar_kernel_job_get_resample_range (job, &first, &end);
      return (guint64) (end - first + 1) * n_days;
    case ISOBAR_KERNEL_HEATMAP:
      return n_days + (guint64) (job->year_end - job->year_start) * ISOBAR_HEATMAP_WIDTH;
    case ISOBAR_KERNEL_NORMALS:
      return 4 * n_days;
    case ISOBAR_KERNEL_RECORDS:
    case ISOBAR_KERNEL_YEARLY:
    case ISOBAR_KERNEL_TREND:
    default:
      return n_days;
    }
}

GBytes *
isobar_kernel_job_serialize (const IsobarKernelJob *job)
{
  GByteArray *out;

  g_return_val_if_fail (job != NULL, NULL);

  out = g_byte_array_sized_new (JOB_SIZE);
  isobar_climate_put_u32 (out, JOB_MAGIC);
  isobar_climate_put_u32 (out, JOB_VERSION);
  isobar_climate_put_u32 (out, job->kernel);
  isobar_climate_put_u32 (out, job->chunk_index);
  isobar_climate_put_u32 (out, job->chunk_count);
  isobar_climate_put_u32 (out, job->resamples);
  isobar_climate_put_i32 (out, job->year_start);
  isobar_climate_put_i32 (out, job->year_end);
  isobar_climate_put_u64 (out, job->base_seed);
  g_assert (out->len == JOB_SIZE);
  return g_byte_array_free_to_bytes (out);
}

IsobarKernelJob *
isobar_kernel_job_deserialize (GBytes  *bytes,
                               GError **error)
{
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (0);
  g_autoptr(GError) local_error = NULL;
  IsobarClimateReader reader;
  guint32 magic, version;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  isobar_climate_reader_init (&reader, bytes);
  magic = isobar_climate_read_u32 (&reader);
  version = isobar_climate_read_u32 (&reader);
  job->kernel = isobar_climate_read_u32 (&reader);
  job->chunk_index = isobar_climate_read_u32 (&reader);
  job->chunk_count = isobar_climate_read_u32 (&reader);
  job->resamples = isobar_climate_read_u32 (&reader);
  job->year_start = isobar_climate_read_i32 (&reader);
  job->year_end = isobar_climate_read_i32 (&reader);
  job->base_seed = isobar_climate_read_u64 (&reader);

  if (!reader.failed && (magic != JOB_MAGIC || version != JOB_VERSION))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("Not an analysis job of a known version"));
      return NULL;
    }
  if (!isobar_climate_reader_finish (&reader, _("analysis job"), error))
    return NULL;
  if (!isobar_kernel_job_validate (job, &local_error))
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&job);
}

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
} Pacer;

static inline gboolean
pacer_step (Pacer   *pacer,
            guint64  steps,
            double   fraction,
            GError **error)
{
  pacer->work += steps;
  if (pacer->work < ISOBAR_KERNEL_CHECKPOINT_WORK)
    return TRUE;
  pacer->work = 0;
  return isobar_job_context_checkpoint (pacer->ctx, fraction, error);
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

static gboolean
is_leap (int year)
{
  return g_date_is_leap_year ((GDateYear) year);
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
      row->n_days = is_leap (row->year) ? 366 : 365;
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

  isobar_climate_put_u32 (out, OUTPUT_MAGIC);
  isobar_climate_put_u32 (out, OUTPUT_VERSION);
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

/* One resample: rebuild the residual series from random blocks, summing
 * into each target year as it goes, then refit. No allocation. */
static double
bootstrap_resample (const BootstrapModel *model,
                    IsobarRandom         *rng,
                    double               *year_sums,
                    double               *y)
{
  const gsize m = model->n_resid;
  const guint32 n_starts = (guint32) (m - model->block_days + 1);
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

          for (gsize t = 0; t < take; t++)
            acc += src[t];
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
      slopes[r] = bootstrap_resample (&model, &rng, year_sums, y);
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
  Pacer pacer = { ctx, 0 };
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

/* Output readers. */

static gboolean
output_open (IsobarClimateReader   *reader,
             GBytes                *output,
             const IsobarKernelJob *job,
             IsobarKernel           kernel,
             GError               **error)
{
  guint32 magic, version, out_kernel, chunk_index;

  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (job != NULL, FALSE);

  if (job->kernel != kernel)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("A %s job cannot have a %s output"),
                   isobar_kernel_to_string (job->kernel), isobar_kernel_to_string (kernel));
      return FALSE;
    }

  isobar_climate_reader_init (reader, output);
  magic = isobar_climate_read_u32 (reader);
  version = isobar_climate_read_u32 (reader);
  out_kernel = isobar_climate_read_u32 (reader);
  chunk_index = isobar_climate_read_u32 (reader);
  if (reader->failed || magic != OUTPUT_MAGIC || version != OUTPUT_VERSION
      || out_kernel != job->kernel || chunk_index != job->chunk_index)
    {
      g_autofree char *what = isobar_kernel_job_describe (job);

      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The result of the analysis job “%s” is not one"), what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
invalid_output (GError                **error,
                const IsobarKernelJob  *job)
{
  g_autofree char *what = isobar_kernel_job_describe (job);

  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
               _("The result of the analysis job “%s” holds impossible values"), what);
  return FALSE;
}

static gboolean
output_close (IsobarClimateReader    *reader,
              const IsobarKernelJob  *job,
              GError                **error)
{
  g_autofree char *what = isobar_kernel_job_describe (job);
  g_autofree char *name = g_strdup_printf (_("result of “%s”"), what);

  return isobar_climate_reader_finish (reader, name, error);
}

static gboolean
julian_is_valid (guint32 julian)
{
  return julian == 0 || g_date_valid_julian (julian);
}

static void
read_extreme (IsobarClimateReader *reader,
              IsobarExtreme       *extreme,
              gboolean            *valid)
{
  extreme->value = isobar_climate_read_f64 (reader);
  extreme->julian = isobar_climate_read_u32 (reader);
  if (!isobar_climate_value_is_valid (extreme->value) || !julian_is_valid (extreme->julian)
      || (extreme->julian == 0) != (isnan (extreme->value) != 0))
    *valid = FALSE;
}

gboolean
isobar_kernel_output_read_normals (GBytes                *output,
                                   const IsobarKernelJob *job,
                                   IsobarNormal           normals[ISOBAR_CLIMATE_N_CDAYS],
                                   GError               **error)
{
  IsobarClimateReader reader;
  gboolean valid = TRUE;

  if (!output_open (&reader, output, job, ISOBAR_KERNEL_NORMALS, error))
    return FALSE;
  if (isobar_climate_read_u32 (&reader) != ISOBAR_CLIMATE_N_CDAYS)
    valid = FALSE;
  for (guint c = 0; c < ISOBAR_CLIMATE_N_CDAYS && valid; c++)
    {
      normals[c].count = isobar_climate_read_u32 (&reader);
      normals[c].mean = isobar_climate_read_f64 (&reader);
      normals[c].p10 = isobar_climate_read_f64 (&reader);
      normals[c].p90 = isobar_climate_read_f64 (&reader);
      if (!isobar_climate_value_is_valid (normals[c].mean)
          || !isobar_climate_value_is_valid (normals[c].p10)
          || !isobar_climate_value_is_valid (normals[c].p90)
          || (normals[c].count == 0) != (isnan (normals[c].mean) != 0))
        valid = FALSE;
    }
  if (!output_close (&reader, job, error))
    return FALSE;
  return valid || invalid_output (error, job);
}

gboolean
isobar_kernel_output_read_records (GBytes                *output,
                                   const IsobarKernelJob *job,
                                   IsobarRecords         *records,
                                   GError               **error)
{
  IsobarClimateReader reader;
  gboolean valid = TRUE;

  g_return_val_if_fail (records != NULL, FALSE);

  if (!output_open (&reader, output, job, ISOBAR_KERNEL_RECORDS, error))
    return FALSE;
  for (guint m = 0; m <= 12; m++)
    {
      IsobarRecordPair *pair = m == 0 ? &records->overall : &records->months[m - 1];

      read_extreme (&reader, &pair->high, &valid);
      read_extreme (&reader, &pair->low, &valid);
    }
  if (!output_close (&reader, job, error))
    return FALSE;
  return valid || invalid_output (error, job);
}

#define YEAR_ROW_WIRE_SIZE (4 * 4 + 4 * 8 + 2 * 12)

gboolean
isobar_kernel_output_read_yearly (GBytes                *output,
                                  const IsobarKernelJob *job,
                                  GArray               **rows,
                                  GError               **error)
{
  g_autoptr(GArray) result = NULL;
  IsobarClimateReader reader;
  gboolean valid = TRUE;
  guint32 n_rows;

  g_return_val_if_fail (rows != NULL, FALSE);

  if (!output_open (&reader, output, job, ISOBAR_KERNEL_YEARLY, error))
    return FALSE;
  n_rows = isobar_climate_read_u32 (&reader);
  if (n_rows > MAX_YEAR || !isobar_climate_reader_has_room (&reader, n_rows, YEAR_ROW_WIRE_SIZE))
    reader.failed = TRUE;
  if (!reader.failed)
    {
      result = g_array_sized_new (FALSE, TRUE, sizeof (IsobarYearRow), n_rows);
      g_array_set_size (result, n_rows);
    }
  for (guint k = 0; k < n_rows && !reader.failed; k++)
    {
      IsobarYearRow *row = &g_array_index (result, IsobarYearRow, k);

      row->year = isobar_climate_read_i32 (&reader);
      row->flags = isobar_climate_read_u32 (&reader);
      row->n_days = isobar_climate_read_u32 (&reader);
      row->n_missing = isobar_climate_read_u32 (&reader);
      row->mean = isobar_climate_read_f64 (&reader);
      row->min = isobar_climate_read_f64 (&reader);
      row->max = isobar_climate_read_f64 (&reader);
      row->anomaly = isobar_climate_read_f64 (&reader);
      read_extreme (&reader, &row->hottest, &valid);
      read_extreme (&reader, &row->coldest, &valid);
      if (row->year < 1 || row->year > MAX_YEAR
          || (k > 0 && row->year != g_array_index (result, IsobarYearRow, k - 1).year + 1)
          || (row->flags & ~(guint32) ISOBAR_YEAR_INCOMPLETE) != 0
          || row->n_days != (is_leap (row->year) ? 366u : 365u)
          || row->n_missing > row->n_days
          || ((row->flags & ISOBAR_YEAR_INCOMPLETE) != 0) != (row->n_missing > ISOBAR_CLIMATE_MAX_MISSING_DAYS)
          || (row->n_missing == row->n_days) != (isnan (row->mean) != 0)
          || !isobar_climate_value_is_valid (row->mean)
          || !isobar_climate_value_is_valid (row->min)
          || !isobar_climate_value_is_valid (row->max)
          || !(isnan (row->anomaly) || fabs (row->anomaly) <= 2 * ISOBAR_CLIMATE_VALUE_LIMIT))
        valid = FALSE;
    }
  if (!output_close (&reader, job, error))
    return FALSE;
  if (!valid)
    return invalid_output (error, job);
  *rows = g_steal_pointer (&result);
  return TRUE;
}

gboolean
isobar_kernel_output_read_trend (GBytes                *output,
                                 const IsobarKernelJob *job,
                                 IsobarTrend           *trend,
                                 GError               **error)
{
  IsobarClimateReader reader;

  g_return_val_if_fail (trend != NULL, FALSE);

  if (!output_open (&reader, output, job, ISOBAR_KERNEL_TREND, error))
    return FALSE;
  trend->n_years = isobar_climate_read_u32 (&reader);
  trend->slope_per_decade = isobar_climate_read_f64 (&reader);
  trend->intercept = isobar_climate_read_f64 (&reader);
  trend->r_squared = isobar_climate_read_f64 (&reader);
  if (!output_close (&reader, job, error))
    return FALSE;
  if (trend->n_years > MAX_YEAR || isinf (trend->slope_per_decade) || isinf (trend->intercept)
      || !(isnan (trend->r_squared) || (trend->r_squared >= 0 && trend->r_squared <= 1 + 1e-9)))
    return invalid_output (error, job);
  return TRUE;
}

gboolean
isobar_kernel_output_read_bootstrap (GBytes                *output,
                                     const IsobarKernelJob *job,
                                     GArray               **slopes,
                                     guint                 *block_years,
                                     guint                 *n_years,
                                     GError               **error)
{
  g_autoptr(GArray) result = NULL;
  IsobarClimateReader reader;
  guint32 first = 0, end = 0, out_first, n, out_block, out_years;

  g_return_val_if_fail (slopes != NULL, FALSE);

  if (!output_open (&reader, output, job, ISOBAR_KERNEL_BOOTSTRAP, error))
    return FALSE;
  isobar_kernel_job_get_resample_range (job, &first, &end);
  out_first = isobar_climate_read_u32 (&reader);
  n = isobar_climate_read_u32 (&reader);
  out_block = isobar_climate_read_u32 (&reader);
  out_years = isobar_climate_read_u32 (&reader);
  if (!reader.failed && (out_first != first || n != end - first))
    return invalid_output (error, job);
  if (!isobar_climate_reader_has_room (&reader, n, sizeof (double)))
    reader.failed = TRUE;
  if (!reader.failed)
    {
      result = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      g_array_set_size (result, n);
      isobar_climate_read_f64_array (&reader, (double *) (gpointer) result->data, n);
    }
  if (!output_close (&reader, job, error))
    return FALSE;
  if (out_years < 3 || out_years > MAX_YEAR || out_block < 1 || out_block > out_years)
    return invalid_output (error, job);
  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (g_array_index (result, double, i)))
        return invalid_output (error, job);
    }

  *slopes = g_steal_pointer (&result);
  if (block_years != NULL)
    *block_years = out_block;
  if (n_years != NULL)
    *n_years = out_years;
  return TRUE;
}

gboolean
isobar_kernel_output_read_heatmap (GBytes                *output,
                                   const IsobarKernelJob *job,
                                   GBytes               **pixels,
                                   GError               **error)
{
  IsobarClimateReader reader;
  const guint8 *data;
  gint32 year_start;
  guint32 n_rows, width;
  gsize size;

  g_return_val_if_fail (pixels != NULL, FALSE);

  if (!output_open (&reader, output, job, ISOBAR_KERNEL_HEATMAP, error))
    return FALSE;
  year_start = isobar_climate_read_i32 (&reader);
  n_rows = isobar_climate_read_u32 (&reader);
  width = isobar_climate_read_u32 (&reader);
  if (!reader.failed
      && (year_start != job->year_start || job->year_end <= job->year_start
          || n_rows != (guint32) (job->year_end - job->year_start)
          || width != ISOBAR_HEATMAP_WIDTH))
    return invalid_output (error, job);
  size = (gsize) n_rows * ISOBAR_HEATMAP_WIDTH * 4;
  data = isobar_climate_read_raw (&reader, size);
  if (!output_close (&reader, job, error))
    return FALSE;

  *pixels = g_bytes_new (data, size);
  return TRUE;
}
