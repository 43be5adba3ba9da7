/* isobar-pipeline.c: one measured run: the class, its settings and its
 * public calls, and the state of a run: its start (the instruments, the
 * executor), its cancellation, its failure and its end. The archives
 * arriving are in isobar-pipeline-fetch.c, the series, jobs and reports
 * made of them in isobar-pipeline-compute.c, the run record filled at the
 * end in isobar-pipeline-record.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-interpreter-lock.h"
#include "isobar-pipeline-private.h"

G_DEFINE_FINAL_TYPE (IsobarPipeline, isobar_pipeline, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
place_clear (Place *place)
{
  g_clear_object (&place->location);
  g_clear_pointer (&place->series, isobar_climate_series_unref);
  g_clear_pointer (&place->jobs, g_ptr_array_unref);
  g_clear_pointer (&place->outputs, g_ptr_array_unref);
  g_clear_object (&place->report);
}

/* Stops everything the run started; idempotent. */
static void
run_release (Run *run)
{
  if (run->caller_cancellable != NULL)
    g_cancellable_disconnect (run->caller_cancellable, run->cancelled_id);
  run->cancelled_id = 0;
  g_clear_object (&run->caller_cancellable);
  /* The fetcher holds the run's task until it lets its item data go. */
  g_clear_object (&run->fetcher);
  if (run->executor != NULL && !run->executor_shared)
    isobar_executor_shutdown (run->executor);
  else if (run->executor != NULL)
    isobar_executor_set_timeline (run->executor, NULL);
  g_clear_object (&run->executor);
  if (run->watchdog != NULL)
    isobar_latency_watchdog_stop (run->watchdog);
  if (run->sampler != NULL)
    isobar_resource_sampler_stop (run->sampler);
}

static void
run_free (Run *run)
{
  g_assert (run->pending == 0);

  run_release (run);
  g_clear_object (&run->cancellable);
  for (guint i = 0; i < run->n_places; i++)
    place_clear (&run->places[i]);
  g_clear_pointer (&run->started, g_date_time_unref);
  g_clear_pointer (&run->places, g_free);
  g_clear_pointer (&run->requests, g_free);
  g_clear_object (&run->watchdog);
  g_clear_object (&run->sampler);
  g_clear_object (&run->timeline);
  g_clear_pointer (&run->steps_done, isobar_mailbox_free);
  g_clear_error (&run->error);
  g_free (run);
}

static void
isobar_pipeline_finalize (GObject *object)
{
  IsobarPipeline *self = ISOBAR_PIPELINE (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);

  g_clear_object (&self->executor);

  G_OBJECT_CLASS (isobar_pipeline_parent_class)->finalize (object);
}

static void
isobar_pipeline_class_init (IsobarPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isobar_pipeline_finalize;

  /**
   * IsobarPipeline::progress:
   * @places_fetched: archives received so far
   * @jobs_done: jobs finished so far
   * @jobs_total: jobs planned so far (grows as archives arrive)
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
isobar_pipeline_init (IsobarPipeline *self)
{
  self->reports = g_ptr_array_new_with_free_func (g_object_unref);
  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_climate_series_unref);
}

IsobarPipeline *
isobar_pipeline_new (IsobarClient                 *client,
                     const IsobarPipelineSettings *settings)
{
  IsobarPipeline *self;

  g_return_val_if_fail (ISOBAR_IS_CLIENT (client), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  self = g_object_new (ISOBAR_TYPE_PIPELINE, NULL);
  self->client = g_object_ref (client);
  self->settings = *settings;

  return self;
}

const IsobarPipelineSettings *
isobar_pipeline_get_settings (IsobarPipeline *self)
{
  g_return_val_if_fail (ISOBAR_IS_PIPELINE (self), NULL);

  return &self->settings;
}

GPtrArray *
isobar_pipeline_get_reports (IsobarPipeline *self)
{
  g_return_val_if_fail (ISOBAR_IS_PIPELINE (self), NULL);

  return self->reports;
}

GPtrArray *
isobar_pipeline_get_series (IsobarPipeline *self)
{
  g_return_val_if_fail (ISOBAR_IS_PIPELINE (self), NULL);

  return self->series;
}

void
_isobar_pipeline_emit_progress (GTask *task)
{
  IsobarPipeline *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0,
                 run->places_fetched, run->jobs_done, run->jobs_total);
}

/* Tracks the helpers alive now (the sampler ignores those it knows). */
void
_isobar_pipeline_track_helpers (Run *run)
{
  g_autoptr(GArray) pids = NULL;

  if (run->executor == NULL)
    return;

  pids = isobar_executor_dup_helper_pids (run->executor);
  for (guint i = 0; pids != NULL && i < pids->len; i++)
    isobar_resource_sampler_add_pid (run->sampler, g_array_index (pids, GPid, i));
}

/* Ends the run once nothing is in flight any more: after a failure, or
 * when every archive has arrived and every location is done. */
void
_isobar_pipeline_maybe_complete (GTask *task)
{
  IsobarPipeline *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  IsobarRunRecord *record;
  gint64 end_us;

  if (run->completed || run->pending > 0)
    return;
  if (run->error == NULL && !run->fetch_finished)
    return;

  run->completed = TRUE;
  end_us = g_get_monotonic_time ();
  isobar_latency_watchdog_stop (run->watchdog);
  self->running = FALSE;

  if (run->error == NULL && run->places_done < run->n_places)
    run->error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                              _("Only %u of %u places were analysed."),
                              run->places_done, run->n_places);

  if (run->error != NULL)
    {
      run_release (run);
      g_task_return_error (task, g_steal_pointer (&run->error));
      return;
    }

  /* Figures first: the executor's pipe bytes go with it. */
  record = _isobar_pipeline_build_record (self, run, end_us);
  run_release (run);

  for (guint i = 0; i < run->n_places; i++)
    if (run->places[i].report != NULL)
      {
        g_ptr_array_add (self->reports, g_object_ref (run->places[i].report));
        g_ptr_array_add (self->series, isobar_climate_series_ref (run->places[i].series));
      }

  g_task_return_pointer (task, record, g_object_unref);
}

/* Takes @error; the first failure wins and cancels everything else. */
void
_isobar_pipeline_fail_run (GTask  *task,
                           GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->error != NULL)
    {
      g_error_free (error);
      return;
    }

  run->error = error;
  g_cancellable_cancel (run->cancellable);
}

/* One of the run's operations in flight has ended, with @error (taken,
 * nullable) when it failed, which fails the run. TRUE when the run goes on:
 * the operation succeeded and nothing else has failed. */
gboolean
_isobar_pipeline_end_operation (GTask  *task,
                                GError *error)
{
  Run *run = g_task_get_task_data (task);

  run->pending--;
  if (error != NULL)
    _isobar_pipeline_fail_run (task, error);

  return run->error == NULL;
}

/* Names the place in front of @error's message (not on cancellation). */
GError *
_isobar_pipeline_place_error (Place        *place,
                              const GError *error)
{
  GError *copy = g_error_copy (error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&copy, "%s: ", isobar_location_get_name (place->location));

  return copy;
}

static void
on_executor_started (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  isobar_executor_start_finish (ISOBAR_EXECUTOR (source), result, &error);
  if (_isobar_pipeline_end_operation (task, error))
    {
      _isobar_pipeline_track_helpers (g_task_get_task_data (task));
      _isobar_pipeline_start_fetching (task);
    }

  _isobar_pipeline_maybe_complete (task);
}

static void
on_caller_cancelled (GCancellable *caller,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
check_settings (const IsobarPipelineSettings  *settings,
                GPtrArray                     *locations,
                GError                       **error)
{
  if (locations->len == 0)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                           _("There is no place to analyse."));
      return FALSE;
    }
  if (settings->years < 1 || settings->years > ISOBAR_PIPELINE_MAX_YEARS)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The history must span 1 to %u years."), ISOBAR_PIPELINE_MAX_YEARS);
      return FALSE;
    }
  if (settings->resamples > ISOBAR_MAX_RESAMPLES)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("At most %u resamples can be drawn."), ISOBAR_MAX_RESAMPLES);
      return FALSE;
    }
  if (settings->fetch_concurrency < 1)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                           _("At least one download must be allowed at a time."));
      return FALSE;
    }

  return TRUE;
}

static void
fill_requests (Run   *run,
               guint  years)
{
  for (guint i = 0; i < run->n_places; i++)
    {
      IsobarArchiveRequest *request = &run->requests[i];

      request->latitude = isobar_location_get_latitude (run->places[i].location);
      request->longitude = isobar_location_get_longitude (run->places[i].location);
      g_date_clear (&request->start, 1);
      g_date_clear (&request->end, 1);
      g_date_set_dmy (&request->start, 1, G_DATE_JANUARY, ISOBAR_PIPELINE_LAST_YEAR - years + 1);
      g_date_set_dmy (&request->end, 31, G_DATE_DECEMBER, ISOBAR_PIPELINE_LAST_YEAR);
    }
}

void
isobar_pipeline_run_async (IsobarPipeline      *self,
                           GPtrArray           *locations,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Run *run;

  g_return_if_fail (ISOBAR_IS_PIPELINE (self));
  g_return_if_fail (locations != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_pipeline_run_async);
  g_task_set_name (task, "[isobar] pipeline run");

  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A run is already in progress."));
      return;
    }
  if (!check_settings (&self->settings, locations, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->running = TRUE;
  g_ptr_array_set_size (self->reports, 0);
  g_ptr_array_set_size (self->series, 0);

  run = g_new0 (Run, 1);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  run->n_places = locations->len;
  run->places = g_new0 (Place, run->n_places);
  for (guint i = 0; i < run->n_places; i++)
    run->places[i].location = g_object_ref (g_ptr_array_index (locations, i));
  run->requests = g_new0 (IsobarArchiveRequest, run->n_places);
  fill_requests (run, self->settings.years);

  run->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      run->caller_cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                 g_object_ref (run->cancellable), g_object_unref);
    }

  context = g_main_context_ref_thread_default ();
  run->watchdog = isobar_latency_watchdog_new (context);
  run->sampler = isobar_resource_sampler_new ();
  run->started = g_date_time_new_now_utc ();
  run->start_us = g_get_monotonic_time ();
  if (self->settings.record_timeline)
    run->timeline = isobar_run_timeline_new (run->start_us);
  isobar_latency_watchdog_start (run->watchdog);
  isobar_resource_sampler_start (run->sampler);

  if (self->settings.fetch_only)
    {
      _isobar_pipeline_start_fetching (task);
      return;
    }

  if (self->executor != NULL &&
      isobar_executor_fits (self->executor, self->settings.compute, self->settings.compute_workers))
    {
      /* Warm: its helpers are running already, the run spawns none. */
      run->executor = g_object_ref (self->executor);
      run->executor_shared = TRUE;
      isobar_executor_get_helper_stats (run->executor, &run->helpers_before);
      _isobar_pipeline_track_helpers (run);
    }
  else
    run->executor = isobar_executor_new (self->settings.compute, self->settings.compute_workers);
  if (run->timeline != NULL)
    isobar_executor_set_timeline (run->executor, run->timeline);
  if (self->settings.switch_interval_us > 0 && isobar_executor_get_interpreter_lock (run->executor) != NULL)
    isobar_interpreter_lock_set_switch_interval (isobar_executor_get_interpreter_lock (run->executor),
                                                 self->settings.switch_interval_us);
  run->pending++;
  isobar_executor_start_async (run->executor, run->cancellable, on_executor_started,
                               g_object_ref (task));
}

void
isobar_pipeline_set_executor (IsobarPipeline *self,
                              IsobarExecutor *executor)
{
  g_return_if_fail (ISOBAR_IS_PIPELINE (self));
  g_return_if_fail (executor == NULL || ISOBAR_IS_EXECUTOR (executor));

  g_set_object (&self->executor, executor);
}

IsobarRunRecord *
isobar_pipeline_run_finish (IsobarPipeline  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (ISOBAR_IS_PIPELINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_pipeline_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
