/* isobar-run-controller-pipeline.c: a pipeline run: the settings and places
 * it reads, the server or the private simulator it downloads from (with
 * "auto" falling back to the simulator), the warm helpers it computes on, its
 * progress in words, and its end: the record with the window's frame figures,
 * the reports, and what real Python will analyse next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-background.h"
#include "isobar-run-controller-private.h"
#include "isobar-run-plan.h"

/* Downloading counts for this share of the progress bar. */
#define FETCH_SHARE 0.2

static void start_pipeline (IsobarRunController *self,
                            IsobarClient        *client);

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
        _isobar_run_controller_fail_run (self, error);
      return;
    }

  /* Cancelled while the simulator started. */
  if (g_cancellable_set_error_if_cancelled (self->cancellable, &error))
    {
      _isobar_run_controller_fail_run (self, error);
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

  _isobar_run_controller_set_status (self, _("Starting the simulator…"));
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
  gint64 origin_us = isobar_frame_recorder_get_run_start (self->frame_recorder);

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
          if (self->frame_recorder != NULL)
            isobar_frame_recorder_end_run (self->frame_recorder, &frames);
          run_on_simulator (self);
          return;
        }

      _isobar_run_controller_fail_run (self, error);
      return;
    }

  if (self->frame_recorder != NULL)
    {
      GArray *late_frames;

      isobar_frame_recorder_end_run (self->frame_recorder, &frames);
      isobar_run_record_set_frames (record, &frames);
      late_frames = isobar_frame_recorder_get_late_frames (self->frame_recorder);
      isobar_run_record_set_late (record, ISOBAR_LATE_FRAME,
                                  (const IsobarLateEvent *) late_frames->data, late_frames->len);
      add_late_frames_to_timeline (self, record, late_frames);
      isobar_run_record_set_renderer (record, isobar_frame_recorder_get_renderer (self->frame_recorder));
    }

  _isobar_run_controller_keep_reports (self, isobar_pipeline_get_reports (pipeline));
  _isobar_run_controller_keep_record (self, record);
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
  _isobar_run_controller_set_error (self, NULL);
  _isobar_run_controller_set_fraction (self, 1.0);
  _isobar_run_controller_set_status (self, status);
  _isobar_run_controller_end_run (self);
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
    _isobar_run_controller_set_fraction (self, fetched);
  else
    _isobar_run_controller_set_fraction (self, FETCH_SHARE * fetched + (1.0 - FETCH_SHARE) * computed);

  if (places_fetched < n_places)
    /* Translators: progress of a run; “3 of 8 places downloaded · 212 of 744 jobs analysed” */
    status = g_strdup_printf (_("%u of %u places downloaded · %u of %u jobs analysed"),
                              places_fetched, n_places, jobs_done, jobs_total);
  else
    /* Translators: progress of a run once every place is downloaded */
    status = g_strdup_printf (_("Analysing: %u of %u jobs done"), jobs_done, jobs_total);
  _isobar_run_controller_set_status (self, status);
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

  _isobar_run_controller_set_status (self, _("Downloading…"));
  /* An emulated Python program's main loop asks the scheduler for nothing,
   * as CPython's main thread: with the UI thread's short slices, Python
   * Threads froze the window twice as long as real CPython's threads did
   * (BENCHMARKS.md §5p). Until the run ends. */
  if (self->pipeline_settings.compute == ISOBAR_COMPUTE_GIL_THREADS)
    isobar_foreground_thread_pause (TRUE);
  if (self->frame_recorder != NULL)
    isobar_frame_recorder_begin_run (self->frame_recorder);
  isobar_pipeline_run_async (self->pipeline, self->locations, self->cancellable,
                             on_pipeline_done, g_object_ref (self));
}

void
isobar_run_controller_run (IsobarRunController *self)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("run started"));
  IsobarDataSourceKind kind;

  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  if (self->running)
    return;

  _isobar_run_controller_begin_run (self, FALSE);
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
