/* isobar-pipeline-compute.c: the pipeline's compute side, from an archive
 * to a place's report: the archive converted to a series, the series'
 * jobs planned and submitted to the executor a few at a time, their
 * outputs collected and merged into the report. Conversion and merge are
 * steps, run in a step thread at background priority that posts them back
 * through the run's mailbox (or on the UI thread when the strategy puts
 * everything there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-background.h"
#include "isobar-error.h"
#include "isobar-loop-log.h"
#include "isobar-mailbox.h"
#include "isobar-pipeline-private.h"

/* A job in flight. */
typedef struct
{
  GTask *task;        /* (owned): the run's */
  guint  place_index;
  guint  job_index;
} JobData;

static void
job_data_free (JobData *data)
{
  g_clear_object (&data->task);
  g_free (data);
}

/* The bootstrap's merge and the heat map's assembly. */
static IsobarClimateReport *
place_merge (Place   *place,
             GError **error)
{
  return isobar_climate_report_new_from_outputs (place->series, place->jobs, place->outputs, error);
}

static void
place_report_ready (GTask               *task,
                    guint                place_index,
                    IsobarClimateReport *report,
                    const GError        *error)
{
  Run *run = g_task_get_task_data (task);
  Place *place = &run->places[place_index];

  if (report == NULL)
    {
      _isobar_pipeline_fail_run (task, _isobar_pipeline_place_error (place, error));
      return;
    }

  place->report = g_object_ref (report);
  run->places_done++;
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data);

/* Submitting a job costs the UI thread some 0.1 ms (tasks, the helper's
 * frame); a place has about ninety and places often arrive together. So
 * the jobs are submitted a few at a time, at idle priority, and a frame
 * can be drawn in between. */
#define SUBMIT_CHUNK 16

static gboolean
submit_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("jobs submitted"));
  JobData *data;
  guint submitted = 0;

  while (submitted < SUBMIT_CHUNK && (data = g_queue_pop_head (&run->to_submit)) != NULL)
    {
      Place *place = &run->places[data->place_index];

      /* After a failure nothing more is started; the run waits for none of it. */
      if (run->error != NULL)
        {
          run->pending--;
          job_data_free (data);
          continue;
        }
      isobar_executor_run_async (run->executor, g_ptr_array_index (place->jobs, data->job_index),
                                 place->series, run->cancellable, on_job_done, data);
      submitted++;
    }

  if (!g_queue_is_empty (&run->to_submit))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&run->submit_source, g_source_unref);
  _isobar_pipeline_maybe_complete (task);
  return G_SOURCE_REMOVE;
}

static void
schedule_submit (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->submit_source != NULL)
    return;

  run->submit_source = g_idle_source_new ();
  g_source_set_static_name (run->submit_source, "[isobar] submit jobs");
  g_source_set_callback (run->submit_source, submit_cb, g_object_ref (task), g_object_unref);
  g_source_attach (run->submit_source, g_task_get_context (task));
}

/* Plans the jobs of a location and queues them for submit_cb(). */
static void
place_series_ready (GTask               *task,
                    guint                place_index,
                    IsobarClimateSeries *series,
                    const GError        *error)
{
  IsobarPipeline *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Place *place = &run->places[place_index];

  if (series == NULL)
    {
      _isobar_pipeline_fail_run (task, _isobar_pipeline_place_error (place, error));
      return;
    }
  if (run->error != NULL)
    return;

  place->series = isobar_climate_series_ref (series);
  place->jobs = isobar_climate_plan_jobs (series, self->settings.resamples, self->settings.seed);
  place->outputs = g_ptr_array_new_full (place->jobs->len, (GDestroyNotify) g_bytes_unref);
  g_ptr_array_set_size (place->outputs, place->jobs->len);
  run->jobs_total += place->jobs->len;

  if (run->compute_start_us == 0)
    run->compute_start_us = g_get_monotonic_time ();

  isobar_executor_set_timeline_arg (run->executor, "place", isobar_location_get_name (place->location));
  for (guint i = 0; i < place->jobs->len; i++)
    {
      JobData *data = g_new0 (JobData, 1);

      data->task = g_object_ref (task);
      data->place_index = place_index;
      data->job_index = i;
      run->pending++;
      g_queue_push_tail (&run->to_submit, data);
    }
  schedule_submit (task);

  _isobar_pipeline_emit_progress (task);
}

/* A step of one place in flight (StepKind, in isobar-pipeline-private.h). */
typedef struct
{
  StepKind        kind;
  guint           place_index;
  IsobarArchive  *archive;  /* (owned) (nullable): STEP_CONVERT */
  IsobarExecutor *executor; /* (owned) (nullable): STEP_CONVERT, the run's, taken on
                             * the run's thread (the run may let it go meanwhile) */
  Place          *place;    /* (unowned): STEP_MERGE; alive while the run waits */
  GTask          *run;      /* (owned) */
  gpointer        value;    /* (owned) (nullable): the step's, once it ran */
  GError         *error;    /* (owned) (nullable) */
} StepData;

static void
step_value_free (StepData *data,
                 gpointer  value)
{
  if (value == NULL)
    return;
  if (data->kind == STEP_MERGE)
    g_object_unref (value);
  else
    isobar_climate_series_unref (value);
}

static void
step_data_free (StepData *data)
{
  step_value_free (data, g_steal_pointer (&data->value));
  g_clear_error (&data->error);
  g_clear_object (&data->archive);
  g_clear_object (&data->executor);
  g_clear_object (&data->run);
  g_free (data);
}

static gpointer
step_compute (StepData  *data,
              GError   **error)
{
  IsobarPlaceSeries *series;
  IsobarClimateSeries *climate;
  IsobarBlock *daily;

  if (data->kind == STEP_MERGE)
    return place_merge (data->place, error);

  series = ISOBAR_PLACE_SERIES (data->archive);
  daily = isobar_place_series_get_daily (series);
  if (daily == NULL)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                           _("The server sent no daily history."));
      return NULL;
    }

  climate = isobar_climate_series_new_from_block (daily, isobar_place_series_get_utc_offset_seconds (series), error);
  /* What the jobs send of the series is made here, off the UI thread. */
  if (climate != NULL && data->executor != NULL)
    isobar_executor_prepare_series (data->executor, climate);
  return climate;
}

/* The step, recorded with a timeline on the calling thread's track
 * (renamed @thread_name unless NULL). */
static gpointer
step_execute (StepData    *data,
              const char  *thread_name,
              GError     **error)
{
  IsobarRunTimeline *timeline = ((Run *) g_task_get_task_data (data->run))->timeline;
  gint64 start_us = g_get_monotonic_time ();
  gpointer value = step_compute (data, error);

  if (timeline != NULL)
    isobar_run_timeline_add_slice (timeline, isobar_run_timeline_thread_track (timeline, thread_name),
                                   ISOBAR_RUN_TIMELINE_PIPELINE, data->kind == STEP_MERGE ? "report" : "series",
                                   start_us, g_get_monotonic_time (),
                                   "place", isobar_location_get_name (data->place->location));
  return value;
}

static void
step_deliver (StepData     *data,
              gpointer      value,
              const GError *error)
{
  if (data->kind == STEP_MERGE)
    place_report_ready (data->run, data->place_index, value, error);
  else
    place_series_ready (data->run, data->place_index, value, error);
}

/* A step thread: runs the step and posts it, done, to the run's mailbox.
 * It touches no main context: returning a GTask from a thread attaches a
 * source to the caller's context, which takes that context's lock, and a
 * thread at background priority preempted while holding it kept the UI
 * thread waiting (BENCHMARKS.md §5k). */
static void
step_thread (gpointer data_ptr,
             gpointer pool_data)
{
  StepData *data = data_ptr;
  Run *run = g_task_get_task_data (data->run);

  /* Before the step: a fresh pool thread would run its first at the UI
   * thread's priority. */
  isobar_background_thread_enter ();
  data->value = step_execute (data, "step thread", &data->error);
  isobar_mailbox_post (run->steps_done, data);
}

/* The step threads, shared by every run. As many at most as GTask's pool
 * has, which ran the steps before. */
static GThreadPool *
step_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, (gsize) g_thread_pool_new (step_thread, NULL, 10, FALSE, NULL));
  return (GThreadPool *) pool;
}

/* The run's thread: a step posted done. */
static void
on_step_done (gpointer item,
              gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("place step handled"));
  StepData *data = item;
  g_autoptr(GTask) run_task = g_object_ref (data->run);
  Run *run = g_task_get_task_data (run_task);

  run->pending--;
  step_deliver (data, data->value, data->error);
  step_data_free (data);
  _isobar_pipeline_maybe_complete (run_task);
}

void
_isobar_pipeline_run_step (GTask         *run_task,
                           StepKind       kind,
                           guint          place_index,
                           IsobarArchive *archive)
{
  IsobarPipeline *self = g_task_get_source_object (run_task);
  Run *run = g_task_get_task_data (run_task);
  StepData *data = g_new0 (StepData, 1);

  data->kind = kind;
  data->place_index = place_index;
  data->archive = archive != NULL ? g_object_ref (archive) : NULL;
  data->executor = kind == STEP_CONVERT && run->executor != NULL ? g_object_ref (run->executor) : NULL;
  data->place = &run->places[place_index];
  data->run = g_object_ref (run_task);

  if (self->settings.compute == ISOBAR_COMPUTE_UI_THREAD)
    {
      data->value = step_execute (data, NULL, &data->error);
      step_deliver (data, data->value, data->error);
      step_data_free (data);
      return;
    }

  if (run->steps_done == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Its items hold the run: it outlives them. */
      run->steps_done = isobar_mailbox_new (g_task_get_context (run_task), "[isobar] pipeline steps done",
                                            on_step_done, NULL, (GDestroyNotify) step_data_free, &error);
      if (run->steps_done == NULL)
        {
          step_data_free (data);
          _isobar_pipeline_fail_run (run_task, g_steal_pointer (&error));
          return;
        }
    }

  /* No cancellable: the step is short and always finishes, so that its
   * value is never lost and the run waits for it. */
  run->pending++;
  g_thread_pool_push (step_pool (), data, NULL);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("job result handled"));
  JobData *data = user_data;
  g_autoptr(GTask) task = g_object_ref (data->task);
  Run *run = g_task_get_task_data (task);
  Place *place = &run->places[data->place_index];
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) output = NULL;

  output = isobar_executor_run_finish (ISOBAR_EXECUTOR (source), result, &error);
  run->pending--;

  if (output == NULL)
    {
      const IsobarKernelJob *job = g_ptr_array_index (place->jobs, data->job_index);
      g_autofree char *what = isobar_kernel_job_describe (job);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "%s: ", what);
      _isobar_pipeline_fail_run (task, _isobar_pipeline_place_error (place, error));
    }
  else if (run->error == NULL)
    {
      g_ptr_array_index (place->outputs, data->job_index) = g_steal_pointer (&output);
      place->n_done++;
      run->jobs_done++;
      run->compute_end_us = g_get_monotonic_time ();
      _isobar_pipeline_track_helpers (run);
      _isobar_pipeline_emit_progress (task);

      if (place->n_done == place->jobs->len)
        _isobar_pipeline_run_step (task, STEP_MERGE, data->place_index, NULL);
    }

  job_data_free (data);
  _isobar_pipeline_maybe_complete (task);
}
