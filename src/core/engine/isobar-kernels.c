/* isobar-kernels.c: the one entry point of the climate kernels: it checks a
 * job, writes its output's header, runs its kernel (isobar-kernels-days.c or
 * isobar-kernels-trend.c) under a pacer and reports what stopped it; and the
 * pacer's eval breaker, the checkpoint the kernels take when the interpreter
 * lock asks them to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-kernels.h"
#include "isobar-kernels-private.h"
#include "isobar-kernels-run-private.h"

/* The eval breaker, read in innermost loops: a checkpoint right now when it
 * is set. A failure (a cancel) is kept for the next
 * _isobar_kernel_pacer_step(), which stops the kernel: the loop around this
 * one finishes its turn first. */
G_GNUC_NO_INLINE void
_isobar_kernel_pacer_break (Pacer *pacer)
{
  if (pacer->error == NULL)
    isobar_job_context_checkpoint (pacer->ctx, pacer->fraction, &pacer->error);
}

/* Each kind of job's kernel. */
static const KernelFunc kernels[] = {
  [ISOBAR_KERNEL_NORMALS] = _isobar_kernel_run_normals,
  [ISOBAR_KERNEL_RECORDS] = _isobar_kernel_run_records,
  [ISOBAR_KERNEL_YEARLY] = _isobar_kernel_run_yearly,
  [ISOBAR_KERNEL_TREND] = _isobar_kernel_run_trend,
  [ISOBAR_KERNEL_BOOTSTRAP] = _isobar_kernel_run_bootstrap,
  [ISOBAR_KERNEL_HEATMAP] = _isobar_kernel_run_heatmap,
};

/* The output's header. */

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

GBytes *
isobar_kernel_run (const IsobarKernelJob  *job,
                   IsobarClimateSeries    *series,
                   IsobarJobContext       *ctx,
                   GError                **error)
{
  g_autoptr(GByteArray) out = NULL;
  KernelRun run = { job, series, { ctx, 0, 0.0, isobar_job_context_get_breaker (ctx), NULL }, NULL };
  gboolean ok;

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!isobar_kernel_job_validate (job, error))
    return NULL;
  if (!isobar_job_context_checkpoint (ctx, 0.0, error))
    return NULL;

  g_assert ((guint) job->kernel < G_N_ELEMENTS (kernels) && kernels[job->kernel] != NULL);

  out = output_begin (job);
  run.out = out;
  ok = kernels[job->kernel] (&run, error);

  /* A break's checkpoint failed after the kernel's last
   * _isobar_kernel_pacer_step(). */
  if (ok && run.pacer.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run.pacer.error));
      ok = FALSE;
    }
  g_clear_error (&run.pacer.error);

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
