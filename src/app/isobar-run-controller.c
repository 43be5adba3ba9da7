/* isobar-run-controller.c: runs the hybrid pipeline for the saved places,
 * or real Python on what the last run analysed, and keeps the records and
 * reports they produced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-python-runner.h"
#include "isobar-run-plan.h"
#include "isobar-run-controller.h"
#include "isobar-warm-executor.h"

/* Downloading counts for this share of the progress bar. */
#define FETCH_SHARE 0.2

typedef struct
{
  IsobarLocation      *location;
  IsobarClimateReport *report;
  GDateTime           *finished;
} ReportEntry;

struct _IsobarRunController
{
  GObject                 parent_instance;

  GSettings              *settings;
  IsobarDataSource       *data_source;
  IsobarLatencyWatchdog  *watchdog;
  guint                   watchdog_start_id;
  IsobarWarmExecutor     *warm;          /* helpers kept running between runs */
  IsobarFrameMeter       *frame_meter;
  GListStore             *runs;          /* IsobarRunRecord, oldest first */
  GArray                 *reports;       /* ReportEntry */

  /* Real Python, on the series of the last run that succeeded. */
  IsobarPythonRunner     *python;

  /* The private simulator runs use, delaying each answer. */
  IsobarSimulator        *simulator;
  guint                   simulator_latency;

  /* The run in progress */
  GCancellable           *cancellable;
  IsobarPipeline         *pipeline;
  GPtrArray              *locations;     /* IsobarLocation */
  IsobarPipelineSettings  pipeline_settings;
  gboolean                on_simulator;
  gboolean                fell_back;     /* auto: Open-Meteo out of reach, the simulator stands in */
  gint64                  started_us;
  struct {
    guint    places_fetched;
    guint    jobs_done;
    guint    jobs_total;
    gboolean due;                         /* changed since shown */
  }                       progress;
  guint                   progress_id;   /* the next showing is due */

  gboolean                running;
  gboolean                python_run;    /* the run is (or was) real Python */
  double                  fraction;
  char                   *status;
  char                   *error;
  IsobarRunRecord        *latest;
};

G_DEFINE_FINAL_TYPE (IsobarRunController, isobar_run_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_FRACTION,
  PROP_STATUS,
  PROP_ERROR,
  PROP_LATEST,
  PROP_PYTHON_RUN,
  PROP_PYTHON_READY,
  N_PROPS
};

enum {
  REPORTS_CHANGED,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_pipeline (IsobarRunController *self,
                            IsobarClient        *client);

static void
report_entry_clear (ReportEntry *entry)
{
  g_clear_object (&entry->location);
  g_clear_object (&entry->report);
  g_clear_pointer (&entry->finished, g_date_time_unref);
}

/* ------------------------------------------------------------- state */

static void
set_status (IsobarRunController *self,
            const char          *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_fraction (IsobarRunController *self,
              double               fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_error (IsobarRunController *self,
           const char          *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_running (IsobarRunController *self,
             gboolean             running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_latest (IsobarRunController *self,
            IsobarRunRecord     *record)
{
  if (g_set_object (&self->latest, record))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST]);
}

/* ------------------------------------------------------------ the run */

static void
end_run (IsobarRunController *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pipeline);
  g_clear_pointer (&self->locations, g_ptr_array_unref);
  set_running (self, FALSE);
  /* What the run's threads freed goes back to the system, not kept for the
   * next run: without this the window grows by ~25 MB a run. */
  isobar_memory_trim_async (NULL, NULL, NULL);
  /* A failed run may have shut its helpers down: the next one finds new ones. */
  if (self->warm != NULL)
    isobar_warm_executor_warm (self->warm);
}

static void
fail_run (IsobarRunController *self,
          const GError        *error)
{
  double seconds = (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC;
  g_autofree char *status = NULL;

  if (self->frame_meter != NULL)
    {
      IsobarRunFrames unused;

      isobar_frame_meter_end_run (self->frame_meter, &unused);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %.1f is a number of seconds */
      status = g_strdup_printf (_("Cancelled after %.1f s"), seconds);
      set_error (self, NULL);
    }
  else
    {
      /* Translators: %s is an error message */
      status = g_strdup_printf (_("Failed: %s"), error->message);
      set_error (self, error->message);
    }

  set_fraction (self, 0.0);
  set_status (self, status);
  end_run (self);
}

static void
keep_reports (IsobarRunController *self,
              GPtrArray           *reports)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = 0; i < reports->len && i < self->locations->len; i++)
    {
      IsobarLocation *location = g_ptr_array_index (self->locations, i);
      ReportEntry entry = { 0 };
      guint j;

      for (j = 0; j < self->reports->len; j++)
        if (isobar_location_equal (g_array_index (self->reports, ReportEntry, j).location, location))
          break;
      if (j < self->reports->len)
        g_array_remove_index (self->reports, j);

      entry.location = g_object_ref (location);
      entry.report = g_object_ref (g_ptr_array_index (reports, i));
      entry.finished = g_date_time_ref (now);
      g_array_append_val (self->reports, entry);
    }

  g_signal_emit (self, signals[REPORTS_CHANGED], 0);
}

static void
keep_record (IsobarRunController *self,
             IsobarRunRecord     *record)
{
  guint n_runs = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  if (n_runs >= ISOBAR_RUN_CONTROLLER_MAX_RUNS)
    g_list_store_splice (self->runs, 0, n_runs - ISOBAR_RUN_CONTROLLER_MAX_RUNS + 1, NULL, 0);
  g_list_store_append (self->runs, record);
  set_latest (self, record);
}

static void
on_simulator_started (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(IsobarRunController) self = user_data;
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (!isobar_simulator_start_finish (ISOBAR_SIMULATOR (source), result, &error))
    {
      if (self->cancellable != NULL)
        fail_run (self, error);
      return;
    }

  /* Cancelled while the simulator started. */
  if (g_cancellable_set_error_if_cancelled (self->cancellable, &error))
    {
      fail_run (self, error);
      return;
    }

  client = isobar_client_new_for_server (isobar_simulator_get_base_url (self->simulator));
  start_pipeline (self, client);
}

/* The private simulator, delaying every answer by "simulator-latency". */
static void
run_on_simulator (IsobarRunController *self)
{
  guint latency = g_settings_get_uint (self->settings, "simulator-latency");

  self->on_simulator = TRUE;
  self->pipeline_settings.latency_ms = latency;

  if (self->simulator != NULL && self->simulator_latency != latency)
    {
      isobar_simulator_stop (self->simulator);
      g_clear_object (&self->simulator);
    }

  if (self->simulator != NULL && isobar_simulator_is_running (self->simulator))
    {
      g_autoptr(IsobarClient) client = isobar_client_new_for_server (isobar_simulator_get_base_url (self->simulator));

      start_pipeline (self, client);
      return;
    }

  if (self->simulator == NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_autofree char *latency_text = g_strdup_printf ("%u", latency);
      const char * const *extra = isobar_data_source_get_simulator_arguments (self->data_source);
      g_auto(GStrv) arguments = NULL;

      if (extra != NULL)
        g_strv_builder_addv (builder, (const char **) extra);
      g_strv_builder_add_many (builder, "--latency-ms", latency_text, NULL);
      arguments = g_strv_builder_end (builder);

      self->simulator = isobar_simulator_new ((const char * const *) arguments);
      self->simulator_latency = latency;
    }

  set_status (self, _("Starting the simulator…"));
  isobar_simulator_start_async (self->simulator, self->cancellable, on_simulator_started, g_object_ref (self));
}

/* The late frames on the UI thread's track of the run's trace, each with
 * what took most of its time. */
static void
add_late_frames_to_timeline (IsobarRunController *self,
                             IsobarRunRecord     *record,
                             GArray              *late_frames)
{
  IsobarRunTimeline *timeline = isobar_run_record_get_timeline (record);
  gint64 origin_us = isobar_frame_meter_get_run_start (self->frame_meter);

  for (guint i = 0; timeline != NULL && i < late_frames->len; i++)
    {
      const IsobarLateEvent *late = &g_array_index (late_frames, IsobarLateEvent, i);
      gint64 end_us = origin_us + (gint64) (late->at_ms * 1000.0);

      isobar_run_timeline_add_slice (timeline, ISOBAR_RUN_TIMELINE_UI_TRACK, ISOBAR_RUN_TIMELINE_FRAME,
                                     "late frame", end_us - (gint64) (late->ms * 1000.0), end_us,
                                     late->n_causes > 0 ? "spent most on" : NULL,
                                     late->n_causes > 0 ? late->causes[0].what : NULL);
    }
}

static void
on_pipeline_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("run finished"));
  g_autoptr(IsobarRunController) self = user_data;
  IsobarPipeline *pipeline = ISOBAR_PIPELINE (source);
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  IsobarRunFrames frames = { 0 };

  record = isobar_pipeline_run_finish (pipeline, result, &error);
  if (pipeline != self->pipeline)
    return;

  if (record == NULL)
    {
      /* "auto" uses Open-Meteo and, when it cannot be reached, the simulator. */
      if (g_error_matches (error, ISOBAR_ERROR, ISOBAR_ERROR_NETWORK) &&
          !self->on_simulator && !self->fell_back &&
          isobar_data_source_get_kind (self->data_source) == ISOBAR_DATA_SOURCE_KIND_AUTO)
        {
          self->fell_back = TRUE;
          g_message ("%s: the run uses the built-in simulator instead", error->message);
          g_clear_object (&self->pipeline);
          if (self->frame_meter != NULL)
            isobar_frame_meter_end_run (self->frame_meter, &frames);
          run_on_simulator (self);
          return;
        }

      fail_run (self, error);
      return;
    }

  if (self->frame_meter != NULL)
    {
      GArray *late_frames;

      isobar_frame_meter_end_run (self->frame_meter, &frames);
      isobar_run_record_set_frames (record, &frames);
      late_frames = isobar_frame_meter_get_late_frames (self->frame_meter);
      isobar_run_record_set_late (record, ISOBAR_LATE_FRAME,
                                  (const IsobarLateEvent *) late_frames->data, late_frames->len);
      add_late_frames_to_timeline (self, record, late_frames);
      isobar_run_record_set_renderer (record, isobar_frame_meter_get_renderer (self->frame_meter));
    }

  keep_reports (self, isobar_pipeline_get_reports (pipeline));
  keep_record (self, record);
  /* What real Python will analyse next: the same archives. */
  if (isobar_pipeline_get_series (pipeline)->len == self->locations->len && self->locations->len > 0)
    isobar_python_runner_set_series (self->python, self->locations, isobar_pipeline_get_series (pipeline));

  if (self->fell_back)
    /* Translators: %.1f is a number of seconds, %u a number of places */
    status = g_strdup_printf (ngettext ("Finished in %.1f s: %u place analysed, with simulated history: "
                                        "Open-Meteo could not be reached",
                                        "Finished in %.1f s: %u places analysed, with simulated history: "
                                        "Open-Meteo could not be reached",
                                        self->locations->len),
                              isobar_run_record_get_figures (record)->wall_ms / 1000.0,
                              self->locations->len);
  else
    /* Translators: %.1f is a number of seconds, %u a number of places */
    status = g_strdup_printf (ngettext ("Finished in %.1f s: %u place analysed",
                                        "Finished in %.1f s: %u places analysed",
                                        self->locations->len),
                              isobar_run_record_get_figures (record)->wall_ms / 1000.0,
                              self->locations->len);
  set_error (self, NULL);
  set_fraction (self, 1.0);
  set_status (self, status);
  end_run (self);
}

/* The progress shown at most every PROGRESS_INTERVAL_MS: a place brings
 * about ninety results and each changed the status line, relaying out the
 * window; ten changes a second read just as well. */
#define PROGRESS_INTERVAL_MS 100

static void
show_progress (IsobarRunController *self)
{
  guint places_fetched = self->progress.places_fetched;
  guint jobs_done = self->progress.jobs_done;
  guint jobs_total = self->progress.jobs_total;
  guint n_places = self->locations->len;
  double fetched = n_places > 0 ? (double) places_fetched / n_places : 1.0;
  double computed = 0.0;
  g_autofree char *status = NULL;

  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("progress shown"));

  self->progress.due = FALSE;

  if (jobs_total > 0 && places_fetched > 0)
    {
      /* Every place has about as many jobs: estimate the final total. */
      double expected_total = (double) jobs_total * n_places / places_fetched;

      computed = jobs_done / expected_total;
    }

  if (self->pipeline_settings.fetch_only)
    set_fraction (self, fetched);
  else
    set_fraction (self, FETCH_SHARE * fetched + (1.0 - FETCH_SHARE) * computed);

  if (places_fetched < n_places)
    /* Translators: progress of a run; “3 of 8 places downloaded · 212 of 744 jobs analysed” */
    status = g_strdup_printf (_("%u of %u places downloaded · %u of %u jobs analysed"),
                              places_fetched, n_places, jobs_done, jobs_total);
  else
    /* Translators: progress of a run once every place is downloaded */
    status = g_strdup_printf (_("Analysing: %u of %u jobs done"), jobs_done, jobs_total);
  set_status (self, status);
}

static gboolean
progress_due_cb (gpointer user_data)
{
  IsobarRunController *self = user_data;

  if (!self->progress.due)
    {
      self->progress_id = 0;
      return G_SOURCE_REMOVE;
    }
  show_progress (self);
  return G_SOURCE_CONTINUE;
}

static void
on_pipeline_progress (IsobarRunController *self,
                      guint                places_fetched,
                      guint                jobs_done,
                      guint                jobs_total,
                      IsobarPipeline      *pipeline)
{
  self->progress.places_fetched = places_fetched;
  self->progress.jobs_done = jobs_done;
  self->progress.jobs_total = jobs_total;
  self->progress.due = TRUE;

  /* The first at once, the next when the interval is over. */
  if (self->progress_id != 0)
    return;
  show_progress (self);
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, progress_due_cb, self);
}

static void
start_pipeline (IsobarRunController *self,
                IsobarClient        *client)
{
  self->pipeline = isobar_pipeline_new (client, &self->pipeline_settings);
  if (self->warm != NULL)
    isobar_pipeline_set_executor (self->pipeline, isobar_warm_executor_get (self->warm));
  g_signal_connect_object (self->pipeline, "progress", G_CALLBACK (on_pipeline_progress),
                           self, G_CONNECT_SWAPPED);

  set_status (self, _("Downloading…"));
  if (self->frame_meter != NULL)
    isobar_frame_meter_begin_run (self->frame_meter);
  isobar_pipeline_run_async (self->pipeline, self->locations, self->cancellable,
                             on_pipeline_done, g_object_ref (self));
}

static void
begin_run (IsobarRunController *self,
           gboolean             python)
{
  self->cancellable = g_cancellable_new ();
  self->started_us = g_get_monotonic_time ();
  if (self->python_run != python)
    {
      self->python_run = python;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PYTHON_RUN]);
    }
  set_error (self, NULL);
  set_fraction (self, 0.0);
  set_running (self, TRUE);
}

void
isobar_run_controller_run (IsobarRunController *self)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("run started"));
  IsobarDataSourceKind kind;

  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  if (self->running)
    return;

  begin_run (self, FALSE);
  self->locations = isobar_run_plan_collect_locations (self->settings);
  self->on_simulator = FALSE;
  self->fell_back = FALSE;
  isobar_run_plan_read_settings (self->settings, &self->pipeline_settings);

  kind = isobar_data_source_get_kind (self->data_source);
  if (kind == ISOBAR_DATA_SOURCE_KIND_AUTO && isobar_data_source_get_using_simulator (self->data_source))
    {
      /* The forecast found Open-Meteo out of reach a moment ago. */
      self->fell_back = TRUE;
      g_message ("Open-Meteo could not be reached: the run uses the built-in simulator instead");
      run_on_simulator (self);
    }
  else if (kind == ISOBAR_DATA_SOURCE_KIND_SIMULATOR)
    {
      run_on_simulator (self);
    }
  else
    {
      g_autoptr(IsobarClient) client = isobar_data_source_dup_server_client (self->data_source);

      start_pipeline (self, client);
    }
}

void
isobar_run_controller_cancel (IsobarRunController *self)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* ----------------------------------------------------- real Python */

static void
on_python_progress (IsobarRunController *self,
                    GParamSpec          *pspec,
                    IsobarPythonRunner  *python)
{
  if (!self->python_run || !self->running)
    return;
  set_fraction (self, isobar_python_runner_get_fraction (python));
  set_status (self, isobar_python_runner_get_status (python));
}

static void
on_python_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IsobarRunController) self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = isobar_python_runner_run_finish (ISOBAR_PYTHON_RUNNER (source), result, &error);
  if (records == NULL)
    {
      fail_run (self, error);
      return;
    }

  for (guint i = 0; i < records->len; i++)
    keep_record (self, g_ptr_array_index (records, i));
  set_error (self, NULL);
  set_fraction (self, 1.0);
  set_status (self, isobar_python_runner_get_status (ISOBAR_PYTHON_RUNNER (source)));
  end_run (self);
}

void
isobar_run_controller_run_python (IsobarRunController *self)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  if (self->running)
    return;

  begin_run (self, TRUE);
  set_status (self, _("Starting real Python…"));
  isobar_python_runner_run_async (self->python, self->cancellable, on_python_done, g_object_ref (self));
}

gboolean
isobar_run_controller_get_python_run (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  return self->python_run;
}

gboolean
isobar_run_controller_get_python_ready (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  return isobar_python_runner_get_ready (self->python);
}

static void
on_python_ready (IsobarRunController *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PYTHON_READY]);
}

/* ------------------------------------------------------- the rest */

gboolean
isobar_run_controller_apply_preset (IsobarRunController  *self,
                                    const char           *id,
                                    GError              **error)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  return isobar_preset_apply (self->settings, id, error);
}

/* A strategy chosen by hand makes the preset the one it matches, or
 * "custom". */
static void
on_strategy_changed (IsobarRunController *self,
                     const char          *key,
                     GSettings           *settings)
{
  g_autofree char *fetch_id = g_settings_get_string (settings, "fetch-strategy");
  g_autofree char *compute_id = g_settings_get_string (settings, "compute-strategy");
  g_autofree char *current = g_settings_get_string (settings, "preset");
  IsobarFetchStrategy fetch;
  IsobarComputeStrategy compute;
  const char *preset;

  if (!isobar_fetch_strategy_from_string (fetch_id, &fetch) ||
      !isobar_compute_strategy_from_string (compute_id, &compute))
    return;

  preset = isobar_preset_match (fetch, compute);
  if (g_strcmp0 (preset, current) != 0)
    g_settings_set_string (settings, "preset", preset);
}

IsobarClimateReport *
isobar_run_controller_get_report (IsobarRunController  *self,
                                  IsobarLocation       *location,
                                  GDateTime           **finished)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  if (finished != NULL)
    *finished = NULL;
  if (location == NULL)
    return NULL;

  for (guint i = 0; i < self->reports->len; i++)
    {
      ReportEntry *entry = &g_array_index (self->reports, ReportEntry, i);

      if (isobar_location_equal (entry->location, location))
        {
          if (finished != NULL)
            *finished = entry->finished;
          return entry->report;
        }
    }

  return NULL;
}

gboolean
isobar_run_controller_get_running (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  return self->running;
}

double
isobar_run_controller_get_fraction (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), 0.0);

  return self->fraction;
}

const char *
isobar_run_controller_get_status (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->status;
}

const char *
isobar_run_controller_get_error (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->error;
}

IsobarRunRecord *
isobar_run_controller_get_latest (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->latest;
}

GListModel *
isobar_run_controller_get_runs (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return G_LIST_MODEL (self->runs);
}

void
isobar_run_controller_clear_runs (IsobarRunController *self)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  g_list_store_remove_all (self->runs);
  set_latest (self, NULL);
}

IsobarLatencyWatchdog *
isobar_run_controller_get_watchdog (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->watchdog;
}

void
isobar_run_controller_set_frame_meter (IsobarRunController *self,
                                       IsobarFrameMeter    *meter)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));
  g_return_if_fail (meter == NULL || ISOBAR_IS_FRAME_METER (meter));

  g_set_object (&self->frame_meter, meter);
}

IsobarFrameMeter *
isobar_run_controller_get_frame_meter (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return self->frame_meter;
}

void
isobar_run_controller_shutdown (IsobarRunController *self)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  /* A cancelled run stops its helpers and reaps them on the main loop:
   * let it, for a bounded time, rather than leave them to init. */
  isobar_run_controller_cancel (self);
  while (self->running && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  if (self->simulator != NULL)
    isobar_simulator_stop (self->simulator);
  g_clear_object (&self->simulator);
  g_clear_pointer (&self->warm, isobar_warm_executor_free);
}

/* The watchdog starts once the main loop runs, or its first probe would
 * count the wait for the loop as lateness. */
static gboolean
start_watchdog_cb (gpointer user_data)
{
  IsobarRunController *self = user_data;

  self->watchdog_start_id = 0;
  isobar_latency_watchdog_start (self->watchdog);
  /* The helpers start with the window, not with the first run. */
  if (self->warm != NULL)
    isobar_warm_executor_warm (self->warm);

  return G_SOURCE_REMOVE;
}

IsobarRunController *
isobar_run_controller_new (GSettings        *settings,
                           IsobarDataSource *data_source)
{
  IsobarRunController *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (data_source), NULL);

  self = g_object_new (ISOBAR_TYPE_RUN_CONTROLLER, NULL);
  self->settings = g_object_ref (settings);
  self->data_source = g_object_ref (data_source);
  self->python = isobar_python_runner_new (settings);
  self->warm = isobar_warm_executor_new (settings);
  g_signal_connect_object (self->python, "notify::fraction", G_CALLBACK (on_python_progress),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->python, "notify::status", G_CALLBACK (on_python_progress),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->python, "notify::ready", G_CALLBACK (on_python_ready),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::fetch-strategy", G_CALLBACK (on_strategy_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::compute-strategy", G_CALLBACK (on_strategy_changed),
                           self, G_CONNECT_SWAPPED);

  return self;
}

static void
isobar_run_controller_dispose (GObject *object)
{
  IsobarRunController *self = ISOBAR_RUN_CONTROLLER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->watchdog_start_id, g_source_remove);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->watchdog != NULL)
    isobar_latency_watchdog_stop (self->watchdog);
  if (self->simulator != NULL)
    isobar_simulator_stop (self->simulator);

  g_clear_pointer (&self->warm, isobar_warm_executor_free);
  g_clear_object (&self->simulator);
  g_clear_object (&self->python);
  g_clear_object (&self->frame_meter);
  g_clear_object (&self->watchdog);
  g_clear_object (&self->settings);
  g_clear_object (&self->data_source);
  g_clear_object (&self->latest);
  if (self->runs != NULL)
    g_list_store_remove_all (self->runs);
  if (self->reports != NULL)
    g_array_set_size (self->reports, 0);

  G_OBJECT_CLASS (isobar_run_controller_parent_class)->dispose (object);
}

static void
isobar_run_controller_finalize (GObject *object)
{
  IsobarRunController *self = ISOBAR_RUN_CONTROLLER (object);

  g_clear_object (&self->runs);
  g_clear_pointer (&self->reports, g_array_unref);
  g_clear_pointer (&self->locations, g_ptr_array_unref);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->cancellable);
  g_free (self->status);
  g_free (self->error);

  G_OBJECT_CLASS (isobar_run_controller_parent_class)->finalize (object);
}

static void
isobar_run_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  IsobarRunController *self = ISOBAR_RUN_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_LATEST:
      g_value_set_object (value, self->latest);
      break;
    case PROP_PYTHON_RUN:
      g_value_set_boolean (value, self->python_run);
      break;
    case PROP_PYTHON_READY:
      g_value_set_boolean (value, self->python != NULL && isobar_python_runner_get_ready (self->python));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_run_controller_class_init (IsobarRunControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_run_controller_dispose;
  object_class->finalize = isobar_run_controller_finalize;
  object_class->get_property = isobar_run_controller_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATEST] =
    g_param_spec_object ("latest", NULL, NULL, ISOBAR_TYPE_RUN_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PYTHON_RUN] =
    g_param_spec_boolean ("python-run", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PYTHON_READY] =
    g_param_spec_boolean ("python-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REPORTS_CHANGED] =
    g_signal_new ("reports-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

void
isobar_run_controller_tell (IsobarRunController *self,
                            const char          *text)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));
  g_return_if_fail (text != NULL);

  g_signal_emit (self, signals[MESSAGE], 0, text);
}

static void
isobar_run_controller_init (IsobarRunController *self)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  self->status = g_strdup ("");
  self->runs = g_list_store_new (ISOBAR_TYPE_RUN_RECORD);
  self->reports = g_array_new (FALSE, TRUE, sizeof (ReportEntry));
  g_array_set_clear_func (self->reports, (GDestroyNotify) report_entry_clear);
  self->watchdog = isobar_latency_watchdog_new (context);
  self->watchdog_start_id = g_idle_add (start_watchdog_cb, self);
}
