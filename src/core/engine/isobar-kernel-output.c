/* isobar-kernel-output.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-kernel-output.h"
#include "isobar-kernels.h"
#include "isobar-kernels-private.h"

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
  if (reader->failed || magic != ISOBAR_KERNEL_OUTPUT_MAGIC || version != ISOBAR_KERNEL_OUTPUT_VERSION
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
  if (n_rows > ISOBAR_KERNEL_MAX_YEAR || !isobar_climate_reader_has_room (&reader, n_rows, YEAR_ROW_WIRE_SIZE))
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
      if (row->year < 1 || row->year > ISOBAR_KERNEL_MAX_YEAR
          || (k > 0 && row->year != g_array_index (result, IsobarYearRow, k - 1).year + 1)
          || (row->flags & ~(guint32) ISOBAR_YEAR_INCOMPLETE) != 0
          || row->n_days != (isobar_kernel_is_leap (row->year) ? 366u : 365u)
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
  if (trend->n_years > ISOBAR_KERNEL_MAX_YEAR || isinf (trend->slope_per_decade) || isinf (trend->intercept)
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
  if (out_years < 3 || out_years > ISOBAR_KERNEL_MAX_YEAR || out_block < 1 || out_block > out_years)
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
