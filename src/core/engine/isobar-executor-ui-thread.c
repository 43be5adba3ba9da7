/* isobar-executor-ui-thread.c: IsobarExecutor's ui-thread strategy: the
 * jobs run on the caller's main context, in one main-loop callback, and
 * freeze it on purpose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-executor-private.h"
#include "isobar-job-context.h"

typedef struct
{
  IsobarKernelJob     *job;
  IsobarClimateSeries *series;
  IsobarJobSlice       slice;    /* name NULL without a timeline */
} UiJob;

static void
ui_job_free (UiJob *ui_job)
{
  g_clear_pointer (&ui_job->job, isobar_kernel_job_free);
  g_clear_pointer (&ui_job->series, isobar_climate_series_unref);
  g_free (ui_job);
}

static gboolean
ui_checkpoint (gpointer   user_data,
               double     fraction_done,
               GError   **error)
{
  GTask *task = user_data;
  IsobarExecutor *self = g_task_get_source_object (task);

  self->n_checkpoints++;
  if (self->shut_down)
    {
      isobar_executor_set_closed_error (error);
      return FALSE;
    }
  return !g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), error);
}

/* Runs one job; takes @task. */
static void
ui_job_run (GTask *task)
{
  static const IsobarJobContextFuncs funcs = { ui_checkpoint };
  UiJob *ui_job = g_task_get_task_data (task);
  g_autoptr(IsobarJobContext) ctx = isobar_job_context_new (&funcs, task, NULL);
  IsobarExecutor *self = g_task_get_source_object (task);
  GError *error = NULL;
  GBytes *output = NULL;

  /* Between jobs: a cancelled job or a shut-down executor runs nothing. */
  if (ui_checkpoint (task, 0.0, &error))
    {
      gint64 start_us = g_get_monotonic_time ();

      output = isobar_kernel_run (ui_job->job, ui_job->series, ctx, &error);
      if (ui_job->slice.name != NULL)
        isobar_run_timeline_add_slice (self->timeline, isobar_run_timeline_thread_track (self->timeline, NULL),
                                       ISOBAR_RUN_TIMELINE_JOB, ui_job->slice.name, start_us,
                                       g_get_monotonic_time (), ui_job->slice.arg_name, ui_job->slice.arg_value);
    }
  _isobar_executor_return_output (task, output, error);
  g_object_unref (task);
}

/* Every queued job in one main-loop callback, the ones queued meanwhile
 * (by the callbacks of those done) too: the analysis freezes the loop in
 * one piece, the freeze this strategy is there to show. One idle source
 * per job would let GLib dispatch them apart, cutting it into pieces. */
static gboolean
ui_queue_dispatch (gpointer user_data)
{
  IsobarExecutor *self = user_data;
  GTask *task;

  while ((task = g_queue_pop_head (&self->ui_queue)) != NULL)
    ui_job_run (task);

  /* The context still holds the source until it is removed. */
  g_clear_pointer (&self->ui_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

void
_isobar_executor_run_on_ui_thread (IsobarExecutor        *self,
                                   GTask                 *task,
                                   const IsobarKernelJob *job,
                                   IsobarClimateSeries   *series,
                                   const IsobarJobSlice  *slice)
{
  UiJob *ui_job = g_new0 (UiJob, 1);

  ui_job->job = isobar_kernel_job_copy (job);
  ui_job->series = isobar_climate_series_ref (series);
  if (slice != NULL)
    ui_job->slice = *slice;
  g_task_set_task_data (task, ui_job, (GDestroyNotify) ui_job_free);
  g_queue_push_tail (&self->ui_queue, g_object_ref (task));

  /* The source is waiting, or running the jobs before: it takes this one
   * too. */
  if (self->ui_source != NULL)
    return;

  /* Submitted from inside a main-loop callback on our context (the
   * pipeline does so when a download arrives): run it right there, as a
   * program that knows no better would, so that the download and the
   * analysis on the UI thread are one freeze, not two. */
  if (g_main_depth () > 0 && g_main_context_is_owner (g_task_get_context (task)))
    {
      while ((task = g_queue_pop_head (&self->ui_queue)) != NULL)
        ui_job_run (task);
      return;
    }

  self->ui_source = g_idle_source_new ();
  g_source_set_priority (self->ui_source, G_PRIORITY_DEFAULT);
  g_source_set_name (self->ui_source, "[isobar] analysis jobs on the UI thread");
  /* The source keeps the executor alive until the queue is empty. */
  g_source_set_callback (self->ui_source, ui_queue_dispatch, g_object_ref (self), g_object_unref);
  g_source_attach (self->ui_source, g_task_get_context (task));
}
