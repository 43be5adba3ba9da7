/* isobar-executor-processes.c: IsobarExecutor's process strategies
 * (process-pool, pickle-pool, process-per-job): jobs sent to the helper
 * pool, the place's series serialised once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-executor-private.h"
#include "isobar-helper-pool.h"
#include "isobar-loop-log.h"
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

/* The jobs of one place all carry the same series: serialise it once. */
static GBytes *
series_wire_bytes (IsobarExecutor      *self,
                   IsobarClimateSeries *series)
{
  if (self->wire_series != series)
    {
      g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("series serialised"));

      g_clear_pointer (&self->wire_bytes, g_bytes_unref);
      g_clear_pointer (&self->wire_key, g_bytes_unref);
      g_clear_pointer (&self->wire_series, isobar_climate_series_unref);
      self->wire_bytes = isobar_climate_series_serialize (series);
      self->wire_series = isobar_climate_series_ref (series);
    }
  return self->wire_bytes;
}

void
_isobar_executor_run_in_helper (IsobarExecutor        *self,
                                GTask                 *task,
                                const IsobarKernelJob *job,
                                IsobarClimateSeries   *series,
                                const IsobarJobSlice  *slice)
{
  g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (job);
  GBytes *wire = series_wire_bytes (self, series);
  GBytes *key = NULL;

  if (slice != NULL)
    g_task_set_task_data (task, g_memdup2 (slice, sizeof *slice), g_free);

  /* pickle-pool sends no key: the job and the whole series cross the pipe
   * every time (written when a helper takes the job) and the helper caches
   * nothing, as a ProcessPoolExecutor worker keeps nothing of a call. */
  if (self->strategy != ISOBAR_COMPUTE_PICKLE_POOL)
    {
      if (self->wire_key == NULL)
        {
          g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("series key computed"));

          self->wire_key = isobar_packet_kernel_series_key (wire);
        }
      key = self->wire_key;
    }
  isobar_helper_pool_run_kernel_async (self->pool, job_bytes, key, wire, NULL, NULL,
                                       g_task_get_cancellable (task), on_pool_job_done, g_object_ref (task));
}
