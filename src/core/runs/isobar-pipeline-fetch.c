/* isobar-pipeline-fetch.c: the pipeline's fetch side: the archives asked
 * for, and each one, as it arrives, handed to the compute side (or counted
 * done, for a fetch-only run).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-loop-log.h"
#include "isobar-pipeline-private.h"

static void
on_archive (guint          index,
            IsobarArchive *archive,
            const GError  *error,
            gpointer       user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("archive handled"));
  GTask *task = user_data;
  IsobarPipeline *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  g_return_if_fail (index < run->n_places);

  if (run->error != NULL)
    return;

  if (archive == NULL)
    {
      _isobar_pipeline_fail_run (task, _isobar_pipeline_place_error (&run->places[index], error));
      return;
    }

  run->places_fetched++;
  run->fetch_end_us = g_get_monotonic_time ();
  _isobar_pipeline_emit_progress (task);

  if (self->settings.fetch_only)
    run->places_done++;
  else
    _isobar_pipeline_run_step (task, STEP_CONVERT, index, archive);
}

static void
on_fetch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->fetch_finished = TRUE;
  isobar_fetcher_fetch_archives_finish (ISOBAR_FETCHER (source), result, &error);
  _isobar_pipeline_end_operation (task, error);

  _isobar_pipeline_maybe_complete (task);
}

void
_isobar_pipeline_start_fetching (GTask *task)
{
  IsobarPipeline *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  run->fetcher = isobar_fetcher_new (self->client, self->settings.fetch,
                                     self->settings.fetch_concurrency);
  isobar_fetcher_set_timeline (run->fetcher, run->timeline);
  run->fetch_start_us = g_get_monotonic_time ();
  run->pending++;
  isobar_fetcher_fetch_archives_async (run->fetcher, run->requests, run->n_places,
                                       on_archive, g_object_ref (task), g_object_unref,
                                       run->cancellable, on_fetch_done, g_object_ref (task));
}
