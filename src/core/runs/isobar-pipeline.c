/* isobar-pipeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-background.h"
#include "isobar-error.h"
#include "isobar-interpreter-lock.h"
#include "isobar-latency-watchdog.h"
#include "isobar-loop-log.h"
#include "isobar-pipeline.h"
#include "isobar-preset.h"
#include "isobar-resource-sampler.h"

struct _IsobarPipeline
{
  GObject                parent_instance;

  IsobarClient          *client;   /* (owned) */
  IsobarPipelineSettings settings;
  GPtrArray             *reports;  /* (owned) IsobarClimateReport */
  GPtrArray             *series;   /* (owned) IsobarClimateSeries */
  IsobarExecutor        *executor; /* (owned) (nullable): a warm one to reuse */
  gboolean               running;
};

G_DEFINE_FINAL_TYPE (IsobarPipeline, isobar_pipeline, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One location of a run. */
typedef struct
{
  IsobarLocation      *location; /* (owned) */
  IsobarClimateSeries *series;   /* (owned) (nullable) */
  GPtrArray           *jobs;     /* (owned) (nullable) IsobarKernelJob */
  GPtrArray           *outputs;  /* (owned) (nullable) GBytes; NULL until done */
  guint                n_done;
  IsobarClimateReport *report;   /* (owned) (nullable) */
} Place;

/* The state of one run: the task data of its GTask. */
typedef struct
{
  GCancellable          *cancellable;        /* (owned): ours, cancelled on failure too */
  GCancellable          *caller_cancellable; /* (owned) (nullable) */
  gulong                 cancelled_id;

  Place                 *places;             /* (owned) n_places */
  guint                  n_places;
  IsobarArchiveRequest  *requests;           /* (owned) n_places */

  IsobarFetcher         *fetcher;            /* (owned) (nullable) */
  IsobarExecutor        *executor;           /* (owned) (nullable) */
  gboolean               executor_shared;    /* the caller's: never shut down */
  IsobarHelperPoolStats  helpers_before;     /* the shared executor's, at the start */
  IsobarLatencyWatchdog *watchdog;           /* (owned) */
  IsobarResourceSampler *sampler;            /* (owned) */
  IsobarRunTimeline     *timeline;           /* (owned) (nullable) */

  GQueue                 to_submit;          /* JobData planned, not yet given to the executor */
  GSource               *submit_source;      /* (owned) (nullable) submits them a few at a time */

  GError                *error;              /* (owned) (nullable): the first failure */
  guint                  pending;            /* operations in flight */
  gboolean               fetch_finished;
  gboolean               completed;

  guint                  places_fetched;
  guint                  places_done;
  guint                  jobs_done;
  guint                  jobs_total;

  gint64                 start_us;
  gint64                 fetch_start_us;
  gint64                 fetch_end_us;
  gint64                 compute_start_us;
  gint64                 compute_end_us;
} Run;

/* A job in flight. */
typedef struct
{
  GTask *task;        /* (owned): the run's */
  guint  place_index;
  guint  job_index;
} JobData;

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
  g_clear_pointer (&run->places, g_free);
  g_clear_pointer (&run->requests, g_free);
  g_clear_object (&run->watchdog);
  g_clear_object (&run->sampler);
  g_clear_object (&run->timeline);
  g_clear_error (&run->error);
  g_free (run);
}

static void
job_data_free (JobData *data)
{
  g_clear_object (&data->task);
  g_free (data);
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

static double
elapsed_ms (gint64 from_us,
            gint64 to_us)
{
  return from_us > 0 && to_us >= from_us ? (to_us - from_us) / 1000.0 : 0.0;
}

static guint
effective_workers (const IsobarPipelineSettings *settings)
{
  if (settings->fetch_only)
    return 0;

  return isobar_executor_resolve_workers (settings->compute_workers);
}

static void
emit_progress (GTask *task)
{
  IsobarPipeline *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0,
                 run->places_fetched, run->jobs_done, run->jobs_total);
}

/* Tracks the helpers alive now (the sampler ignores those it knows). */
static void
track_helpers (Run *run)
{
  g_autoptr(GArray) pids = NULL;

  if (run->executor == NULL)
    return;

  pids = isobar_executor_dup_helper_pids (run->executor);
  for (guint i = 0; pids != NULL && i < pids->len; i++)
    isobar_resource_sampler_add_pid (run->sampler, g_array_index (pids, GPid, i));
}

static char *
compute_digest (Run *run)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < run->n_places; i++)
    {
      g_autofree char *digest = isobar_climate_report_digest (run->places[i].report);

      g_checksum_update (checksum, (const guchar *) digest, -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static double
us_to_ms (gint64 us)
{
  return (double) us / 1000.0;
}

/* gil-threads: the switch interval, and how the lock was shared. */
static void
record_lock_stats (IsobarRunRecord *record,
                   Run             *run)
{
  IsobarInterpreterLock *lock = NULL;
  IsobarInterpreterLockStats stats;
  IsobarRunSettings settings = *isobar_run_record_get_settings (record);
  IsobarRunLock figures = { 0 };

  if (run->executor != NULL)
    lock = isobar_executor_get_interpreter_lock (run->executor);
  if (lock == NULL)
    return;

  settings.switch_interval_ms = isobar_interpreter_lock_get_switch_interval (lock) / 1000.0;
  isobar_run_record_set_settings (record, &settings);

  isobar_interpreter_lock_get_stats (lock, &stats);
  figures.has_lock = TRUE;
  figures.switches = stats.switches;
  figures.drop_requests = stats.drop_requests;
  figures.forced_drops = stats.forced_drops;
  figures.main_acquisitions = stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP];
  figures.worker_acquisitions = stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER];
  figures.main_wait_ms = us_to_ms (stats.wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP]);
  figures.worker_wait_ms = us_to_ms (stats.wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER]);
  figures.main_max_wait_ms = us_to_ms (stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP]);
  figures.worker_max_wait_ms = us_to_ms (stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER]);
  isobar_run_record_set_lock (record, &figures);
}

/* The watchdog's samples: the lateness counter, and the long tasks as
 * stalls of the UI thread, from when the probe was asked until it ran. */
static void
record_lateness (IsobarRunTimeline *timeline,
                 GArray            *samples)
{
  for (guint i = 0; i < samples->len; i++)
    {
      const IsobarLatencySample *sample = &g_array_index (samples, IsobarLatencySample, i);
      double lateness_ms = (double) sample->lateness_us / 1000.0;

      isobar_run_timeline_add_count (timeline, "Main-loop lateness", "ms", sample->time_us, lateness_ms);
      if (lateness_ms >= ISOBAR_LONG_TASK_MS)
        isobar_run_timeline_add_slice (timeline, ISOBAR_RUN_TIMELINE_UI_TRACK, ISOBAR_RUN_TIMELINE_LATENESS,
                                       "Main-loop stall", sample->time_us, sample->time_us + sample->lateness_us,
                                       NULL, NULL);
    }
}

static IsobarRunRecord *
build_record (IsobarPipeline *self,
              Run            *run,
              gint64          end_us)
{
  const IsobarPipelineSettings *settings = &self->settings;
  IsobarRunRecord *record;
  IsobarRunSettings record_settings = { 0 };
  IsobarRunFigures figures = { 0 };
  IsobarResourceUsage usage = { 0 };
  g_autoptr(IsobarLatencyStats) lateness = NULL;
  g_autoptr(GArray) trace = NULL;
  g_autoptr(GArray) stalls = NULL;

  record = isobar_run_record_new (isobar_fetch_strategy_to_string (settings->fetch),
                                  settings->fetch_only ? "none" : isobar_compute_strategy_to_string (settings->compute));

  record_settings.concurrency = settings->fetch_concurrency;
  record_settings.workers = effective_workers (settings);
  record_settings.locations = run->n_places;
  record_settings.years = settings->years;
  record_settings.resamples = settings->fetch_only ? 0 : settings->resamples;
  record_settings.latency_ms = settings->latency_ms;
  isobar_run_record_set_settings (record, &record_settings);

  isobar_resource_sampler_sample (run->sampler, &usage);
  lateness = isobar_latency_watchdog_get_stats (run->watchdog);

  figures.wall_ms = elapsed_ms (run->start_us, end_us);
  figures.fetch_ms = elapsed_ms (run->fetch_start_us, run->fetch_end_us);
  figures.compute_ms = elapsed_ms (run->compute_start_us, run->compute_end_us);
  figures.lateness = *lateness;
  figures.cpu_ms_app = usage.cpu_ms_app;
  figures.cpu_ms_helpers = usage.cpu_ms_helpers;
  figures.peak_rss_kb = usage.peak_rss_kb;
  if (run->executor != NULL)
    {
      IsobarHelperPoolStats helpers;

      isobar_executor_get_helper_stats (run->executor, &helpers);
      figures.pipe_bytes = (helpers.bytes_written + helpers.bytes_read) -
                           (run->helpers_before.bytes_written + run->helpers_before.bytes_read);
      figures.helpers_restarted = helpers.helpers_restarted - run->helpers_before.helpers_restarted;
      figures.jobs_retried = helpers.jobs_retried - run->helpers_before.jobs_retried;
    }
  isobar_run_record_set_figures (record, &figures);

  if (!settings->fetch_only)
    isobar_run_record_set_preset (record, isobar_preset_match (settings->fetch, settings->compute));
  record_lock_stats (record, run);

  trace = isobar_latency_watchdog_get_trace (run->watchdog);
  isobar_run_record_set_trace_from_samples (record, (const IsobarLatencySample *) trace->data,
                                            trace->len,
                                            isobar_latency_watchdog_get_origin_us (run->watchdog));
  stalls = isobar_latency_watchdog_get_stalls (run->watchdog);
  isobar_run_record_set_late (record, ISOBAR_LATE_STALL, (const IsobarLateEvent *) stalls->data, stalls->len);
  if (run->timeline != NULL)
    {
      record_lateness (run->timeline, trace);
      isobar_run_record_set_timeline (record, run->timeline);
    }

  if (!settings->fetch_only)
    {
      g_autofree char *digest = compute_digest (run);

      isobar_run_record_set_digest (record, digest);
    }

  return record;
}

/* Ends the run once nothing is in flight any more: after a failure, or
 * when every archive has arrived and every location is done. */
static void
maybe_complete (GTask *task)
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
  record = build_record (self, run, end_us);
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
static void
fail_run (GTask  *task,
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

/* Names the place in front of @error's message (not on cancellation). */
static GError *
place_error (Place        *place,
             const GError *error)
{
  GError *copy = g_error_copy (error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&copy, "%s: ", isobar_location_get_name (place->location));

  return copy;
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
      fail_run (task, place_error (place, error));
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
  maybe_complete (task);
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
      fail_run (task, place_error (place, error));
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

  emit_progress (task);
}

/* Work that is light enough for a UI thread only when the strategy puts
 * everything there; otherwise it runs in a GTask worker thread. */
typedef enum
{
  STEP_CONVERT,
  STEP_MERGE,
} StepKind;

typedef struct
{
  StepKind       kind;
  guint          place_index;
  IsobarArchive *archive; /* (owned) (nullable): STEP_CONVERT */
  Place         *place;   /* (unowned): STEP_MERGE; alive while the run waits */
  GTask         *run;     /* (owned) */
} StepData;

static void
step_data_free (StepData *data)
{
  g_clear_object (&data->archive);
  g_clear_object (&data->run);
  g_free (data);
}

static gpointer
step_compute (StepData  *data,
              GError   **error)
{
  IsobarBlock *daily;

  if (data->kind == STEP_MERGE)
    return place_merge (data->place, error);

  daily = isobar_archive_get_daily (data->archive);
  if (daily == NULL)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                           _("The server sent no daily history."));
      return NULL;
    }

  return isobar_climate_series_new_from_block (daily,
                                               isobar_archive_get_utc_offset_seconds (data->archive),
                                               error);
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
step_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  StepData *data = task_data;
  GError *error = NULL;
  gpointer value = step_execute (data, "GTask thread", &error);

  isobar_background_thread_enter ();

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, NULL);
}

static void
on_step_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("place step handled"));
  StepData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GTask) run_task = g_object_ref (data->run);
  Run *run = g_task_get_task_data (run_task);
  g_autoptr(GError) error = NULL;
  gpointer value;

  value = g_task_propagate_pointer (G_TASK (result), &error);

  run->pending--;
  step_deliver (data, value, error);
  step_value_free (data, value);
  maybe_complete (run_task);
}

static void
run_step (GTask         *run_task,
          StepKind       kind,
          guint          place_index,
          IsobarArchive *archive)
{
  IsobarPipeline *self = g_task_get_source_object (run_task);
  Run *run = g_task_get_task_data (run_task);
  StepData *data = g_new0 (StepData, 1);
  g_autoptr(GTask) step = NULL;

  data->kind = kind;
  data->place_index = place_index;
  data->archive = archive != NULL ? g_object_ref (archive) : NULL;
  data->place = &run->places[place_index];
  data->run = g_object_ref (run_task);

  if (self->settings.compute == ISOBAR_COMPUTE_UI_THREAD)
    {
      g_autoptr(GError) error = NULL;
      gpointer value = step_execute (data, NULL, &error);

      step_deliver (data, value, error);
      step_value_free (data, value);
      step_data_free (data);
      return;
    }

  /* No cancellable: the step is short and always finishes, so that its
   * value is never lost and the run waits for it. */
  step = g_task_new (NULL, NULL, on_step_done, NULL);
  g_task_set_source_tag (step, run_step);
  g_task_set_name (step, kind == STEP_MERGE ? "[isobar] pipeline merge" : "[isobar] pipeline series");
  g_task_set_task_data (step, data, (GDestroyNotify) step_data_free);
  run->pending++;
  g_task_run_in_thread (step, step_thread);
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
      fail_run (task, place_error (place, error));
    }
  else if (run->error == NULL)
    {
      g_ptr_array_index (place->outputs, data->job_index) = g_steal_pointer (&output);
      place->n_done++;
      run->jobs_done++;
      run->compute_end_us = g_get_monotonic_time ();
      track_helpers (run);
      emit_progress (task);

      if (place->n_done == place->jobs->len)
        run_step (task, STEP_MERGE, data->place_index, NULL);
    }

  job_data_free (data);
  maybe_complete (task);
}

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
      fail_run (task, place_error (&run->places[index], error));
      return;
    }

  run->places_fetched++;
  run->fetch_end_us = g_get_monotonic_time ();
  emit_progress (task);

  if (self->settings.fetch_only)
    run->places_done++;
  else
    run_step (task, STEP_CONVERT, index, archive);
}

static void
on_fetch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->pending--;
  run->fetch_finished = TRUE;
  if (!isobar_fetcher_fetch_archives_finish (ISOBAR_FETCHER (source), result, &error))
    fail_run (task, g_steal_pointer (&error));

  maybe_complete (task);
}

static void
start_fetching (GTask *task)
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

static void
on_executor_started (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->pending--;
  if (!isobar_executor_start_finish (ISOBAR_EXECUTOR (source), result, &error))
    fail_run (task, g_steal_pointer (&error));
  else if (run->error == NULL)
    {
      track_helpers (run);
      start_fetching (task);
    }

  maybe_complete (task);
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
  run->start_us = g_get_monotonic_time ();
  if (self->settings.record_timeline)
    run->timeline = isobar_run_timeline_new (run->start_us);
  isobar_latency_watchdog_start (run->watchdog);
  isobar_resource_sampler_start (run->sampler);

  if (self->settings.fetch_only)
    {
      start_fetching (task);
      return;
    }

  if (self->executor != NULL &&
      isobar_executor_fits (self->executor, self->settings.compute, self->settings.compute_workers))
    {
      /* Warm: its helpers are running already, the run spawns none. */
      run->executor = g_object_ref (self->executor);
      run->executor_shared = TRUE;
      isobar_executor_get_helper_stats (run->executor, &run->helpers_before);
      track_helpers (run);
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
