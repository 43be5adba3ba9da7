/* isobar-climate-report-plan.c: the jobs of one place's report
 * (isobar_climate_plan_jobs()), and running them here, in order, into a
 * report (isobar_climate_report_compute()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-climate-report.h"
#include "isobar-error.h"

/* The planner. */

static void
plan_add (GPtrArray       *jobs,
          IsobarKernel     kernel,
          guint64          base_seed,
          IsobarKernelJob **out)
{
  IsobarKernelJob *job = isobar_kernel_job_new (kernel);

  job->base_seed = base_seed;
  g_ptr_array_add (jobs, job);
  if (out != NULL)
    *out = job;
}

guint
isobar_climate_bootstrap_chunk_count (guint resamples)
{
  return (guint) (((guint64) resamples + ISOBAR_BOOTSTRAP_CHUNK_RESAMPLES - 1) / ISOBAR_BOOTSTRAP_CHUNK_RESAMPLES);
}

GPtrArray *
isobar_climate_plan_jobs (IsobarClimateSeries *series,
                          guint                resamples,
                          guint64              base_seed)
{
  GPtrArray *jobs;
  IsobarKernelJob *job;
  int first_year, end_year;
  guint n_chunks;

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (resamples <= ISOBAR_MAX_RESAMPLES, NULL);

  jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_kernel_job_free);
  plan_add (jobs, ISOBAR_KERNEL_NORMALS, base_seed, NULL);
  plan_add (jobs, ISOBAR_KERNEL_RECORDS, base_seed, NULL);
  plan_add (jobs, ISOBAR_KERNEL_YEARLY, base_seed, NULL);
  plan_add (jobs, ISOBAR_KERNEL_TREND, base_seed, NULL);

  if (resamples > 0 && isobar_kernel_count_complete_years (series) >= 3)
    {
      n_chunks = isobar_climate_bootstrap_chunk_count (resamples);
      for (guint c = 0; c < n_chunks; c++)
        {
          plan_add (jobs, ISOBAR_KERNEL_BOOTSTRAP, base_seed, &job);
          job->chunk_index = c;
          job->chunk_count = n_chunks;
          job->resamples = resamples;
        }
    }

  first_year = isobar_climate_series_get_first_year (series);
  end_year = isobar_climate_series_get_last_year (series) + 1;
  n_chunks = (guint) (end_year - first_year + ISOBAR_HEATMAP_CHUNK_YEARS - 1) / ISOBAR_HEATMAP_CHUNK_YEARS;
  for (guint c = 0; c < n_chunks; c++)
    {
      plan_add (jobs, ISOBAR_KERNEL_HEATMAP, base_seed, &job);
      job->chunk_index = c;
      job->chunk_count = n_chunks;
      job->year_start = first_year + (int) (c * ISOBAR_HEATMAP_CHUNK_YEARS);
      job->year_end = MIN (job->year_start + (int) ISOBAR_HEATMAP_CHUNK_YEARS, end_year);
    }

  return jobs;
}

/* Running the plan here. */

IsobarClimateReport *
isobar_climate_report_compute (IsobarClimateSeries  *series,
                               guint                 resamples,
                               guint64               base_seed,
                               IsobarJobContext     *ctx,
                               GError              **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) outputs = NULL;

  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (resamples > ISOBAR_MAX_RESAMPLES)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The analysis depth is at most %u resamples"), ISOBAR_MAX_RESAMPLES);
      return NULL;
    }

  jobs = isobar_climate_plan_jobs (series, resamples, base_seed);
  outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < jobs->len; i++)
    {
      GBytes *output = isobar_kernel_run (g_ptr_array_index (jobs, i), series, ctx, error);

      if (output == NULL)
        return NULL;
      g_ptr_array_add (outputs, output);
    }
  return isobar_climate_report_new_from_outputs (series, jobs, outputs, error);
}
