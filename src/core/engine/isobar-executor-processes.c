/* isobar-executor-processes.c: IsobarExecutor's process strategies
 * (process-pool, pickle-pool, process-per-job): jobs sent to the helper
 * pool, the place's series serialised once (by the series itself)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-executor-private.h"
#include "isobar-helper-pool.h"
#include "isobar-packet.h"

static void
on_pool_job_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsobarExecutor *self = g_task_get_source_object (task);
  const IsobarJobSlice *slice = g_task_get_task_data (task);
  IsobarHelperJobSpan span;
  GError *error = NULL;
  GBytes *output = isobar_helper_pool_run_finish (ISOBAR_HELPER_POOL (source), result, &error);

  /* From the send to the result, on the helper's track. */
  if (slice != NULL && isobar_helper_pool_get_job_span (ISOBAR_HELPER_POOL (source), result, &span))
    isobar_run_timeline_add_slice (self->timeline,
                                   isobar_run_timeline_process_track (self->timeline, span.pid, "isobar-helper"),
                                   ISOBAR_RUN_TIMELINE_JOB, slice->name, span.sent_us, span.ended_us,
                                   slice->arg_name, slice->arg_value);
  _isobar_executor_return_output (task, output, error);
}

/* pickle-pool sends no key: the job and the whole series cross the pipe
 * every time (written when a helper takes the job) and the helper caches
 * nothing, as a ProcessPoolExecutor worker keeps nothing of a call. */
static gboolean
sends_series_key (IsobarExecutor *self)
{
  return self->strategy != ISOBAR_COMPUTE_PICKLE_POOL;
}

void
_isobar_executor_prepare_series_for_helpers (IsobarExecutor      *self,
                                             IsobarClimateSeries *series)
{
  isobar_climate_series_get_serialized (series);
  /* The series' key (isobar_packet_kernel_series_key ()) is the SHA-256
   * of its serialised form, which the series keeps. */
  if (sends_series_key (self))
    isobar_climate_series_get_serialized_sha256 (series);
}

void
_isobar_executor_run_in_helper (IsobarExecutor        *self,
                                GTask                 *task,
                                const IsobarKernelJob *job,
                                IsobarClimateSeries   *series,
                                const IsobarJobSlice  *slice)
{
  g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (job);
  GBytes *wire = isobar_climate_series_get_serialized (series);
  GBytes *key = sends_series_key (self) ? isobar_climate_series_get_serialized_sha256 (series) : NULL;

  if (slice != NULL)
    g_task_set_task_data (task, g_memdup2 (slice, sizeof *slice), g_free);

  isobar_helper_pool_run_kernel_async (self->pool, job_bytes, key, wire, NULL, NULL,
                                       g_task_get_cancellable (task), on_pool_job_done, g_object_ref (task));
}
