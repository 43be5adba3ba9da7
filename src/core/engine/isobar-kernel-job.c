/* isobar-kernel-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-kernel-job.h"
#include "isobar-kernels.h"
#include "isobar-kernels-private.h"

#define JOB_MAGIC      0x314a4b49u /* "IKJ1" */
#define JOB_VERSION    1u
#define JOB_SIZE       40u

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
      if (job->year_start < 1 || job->year_end > ISOBAR_KERNEL_MAX_YEAR + 1 || job->year_start >= job->year_end)
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
