/* test-pipeline.c: the hybrid pipeline against a real isobar-sim and real
 * isobar-helper processes: equal results under every strategy (and equal to
 * the report computed directly), sane figures, cancellation, failures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "isobar-core.h"
#include "isobar-pipeline.h"
#include "test-util.h"

/* Generous: a run downloads and analyses a few places on 2 cores. */
#define TIMEOUT 120
#define YEARS 20
#define RESAMPLES 2048
#define SEED 7

static IsobarSimulator *
start_simulator (const char * const *arguments)
{
  return test_start_simulator (arguments, TIMEOUT);
}

static IsobarClient *
client_for (IsobarSimulator *simulator)
{
  return isobar_client_new_for_server (isobar_simulator_get_base_url (simulator));
}

static GPtrArray *
make_locations (guint n)
{
  static const struct { const char *name; double latitude, longitude; } places[] = {
    { "Berlin", 52.52, 13.41 },
    { "Sydney", -33.87, 151.21 },
    { "Reykjavík", 64.15, -21.94 },
    { "Cairo", 30.04, 31.24 },
  };
  GPtrArray *locations = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (places));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (locations, isobar_location_new (places[i].name, places[i].latitude,
                                                     places[i].longitude));

  return locations;
}

static IsobarPipelineSettings
make_settings (IsobarFetchStrategy   fetch,
               IsobarComputeStrategy compute)
{
  IsobarPipelineSettings settings = { 0 };

  settings.fetch = fetch;
  settings.fetch_concurrency = 4;
  settings.compute = compute;
  settings.compute_workers = 2;
  settings.years = YEARS;
  settings.resamples = RESAMPLES;
  settings.seed = SEED;

  return settings;
}

typedef struct
{
  guint places_fetched;
  guint jobs_done;
  guint jobs_total;
  guint n_signals;
  gboolean monotonic;
} ProgressSeen;

static void
on_progress (IsobarPipeline *pipeline,
             guint           places_fetched,
             guint           jobs_done,
             guint           jobs_total,
             gpointer        user_data)
{
  ProgressSeen *seen = user_data;

  if (places_fetched < seen->places_fetched || jobs_done < seen->jobs_done ||
      jobs_total < seen->jobs_total || jobs_done > jobs_total)
    seen->monotonic = FALSE;
  seen->places_fetched = places_fetched;
  seen->jobs_done = jobs_done;
  seen->jobs_total = jobs_total;
  seen->n_signals++;
}

static IsobarRunRecord *
run_pipeline (IsobarPipeline  *pipeline,
              GPtrArray       *locations,
              GCancellable    *cancellable,
              GError         **error)
{
  return test_run_pipeline (pipeline, locations, cancellable, TIMEOUT, error);
}

/* The report of one place computed directly, on this thread, from an
 * archive fetched with the client alone: the pipeline must match it. */
static char *
direct_digest (IsobarClient   *client,
               IsobarLocation *location,
               double         *longest_job_ms)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsobarArchive) archive = NULL;
  g_autoptr(IsobarClimateSeries) series = NULL;
  g_autoptr(IsobarClimateReport) report = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  IsobarPlaceSeries *place_series;
  IsobarArchiveRequest request = { 0 };

  request.latitude = isobar_location_get_latitude (location);
  request.longitude = isobar_location_get_longitude (location);
  g_date_clear (&request.start, 1);
  g_date_clear (&request.end, 1);
  g_date_set_dmy (&request.start, 1, G_DATE_JANUARY, ISOBAR_PIPELINE_LAST_YEAR - YEARS + 1);
  g_date_set_dmy (&request.end, 31, G_DATE_DECEMBER, ISOBAR_PIPELINE_LAST_YEAR);
  isobar_client_archive_async (client, &request, NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  archive = isobar_client_archive_finish (client, result, &error);
  g_assert_no_error (error);

  place_series = ISOBAR_PLACE_SERIES (archive);
  series = isobar_climate_series_new_from_block (isobar_place_series_get_daily (place_series),
                                                 isobar_place_series_get_utc_offset_seconds (place_series),
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpint (isobar_climate_series_get_first_year (series), ==, ISOBAR_PIPELINE_LAST_YEAR - YEARS + 1);
  g_assert_cmpint (isobar_climate_series_get_last_year (series), ==, ISOBAR_PIPELINE_LAST_YEAR);

  /* The longest job, timed here. */
  jobs = isobar_climate_plan_jobs (series, RESAMPLES, SEED);
  for (guint i = 0; i < jobs->len; i++)
    {
      gint64 before = g_get_monotonic_time ();
      g_autoptr(GBytes) output = isobar_kernel_run (g_ptr_array_index (jobs, i), series, NULL, &error);

      g_assert_no_error (error);
      *longest_job_ms = MAX (*longest_job_ms, (g_get_monotonic_time () - before) / 1000.0);
    }

  report = isobar_climate_report_compute (series, RESAMPLES, SEED, NULL, &error);
  g_assert_no_error (error);

  return isobar_climate_report_digest (report);
}

static void
test_strategies_agree (void)
{
  const struct
  {
    IsobarFetchStrategy   fetch;
    IsobarComputeStrategy compute;
  } combinations[] = {
    { ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_THREAD_POOL },
    { ISOBAR_FETCH_ASYNC, ISOBAR_COMPUTE_PROCESS_POOL },
    { ISOBAR_FETCH_WORKER, ISOBAR_COMPUTE_UI_THREAD },
  };
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GPtrArray) locations = make_locations (2);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  double longest_job_ms = 0;

  if (!test_have_helper () || (simulator = start_simulator (NULL)) == NULL)
    return;
  client = client_for (simulator);

  /* The expected digest, without the pipeline. */
  for (guint i = 0; i < locations->len; i++)
    {
      g_autofree char *digest = direct_digest (client, g_ptr_array_index (locations, i), &longest_job_ms);

      g_checksum_update (checksum, (const guchar *) digest, -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }
  g_test_message ("expected digest %s; longest job %.1f ms", g_checksum_get_string (checksum), longest_job_ms);

  for (guint c = 0; c < G_N_ELEMENTS (combinations); c++)
    {
      IsobarPipelineSettings settings = make_settings (combinations[c].fetch, combinations[c].compute);
      g_autoptr(IsobarPipeline) pipeline = isobar_pipeline_new (client, &settings);
      g_autoptr(IsobarRunRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      ProgressSeen seen = { 0, 0, 0, 0, TRUE };
      const IsobarRunFigures *figures;
      const IsobarRunSettings *recorded;
      GPtrArray *reports;
      guint n_points = 0;

      g_signal_connect (pipeline, "progress", G_CALLBACK (on_progress), &seen);
      record = run_pipeline (pipeline, locations, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (record);

      figures = isobar_run_record_get_figures (record);
      recorded = isobar_run_record_get_settings (record);
      g_test_message ("%s × %s: wall %.0f ms, fetch %.0f ms, compute %.0f ms, lateness max %.1f ms, "
                      "long tasks %u, CPU %.0f + %.0f ms, pipe %" G_GUINT64_FORMAT " bytes, digest %s",
                      isobar_run_record_get_fetch_strategy (record),
                      isobar_run_record_get_compute_strategy (record),
                      figures->wall_ms, figures->fetch_ms, figures->compute_ms, figures->lateness.max,
                      figures->lateness.long_tasks, figures->cpu_ms_app, figures->cpu_ms_helpers,
                      figures->pipe_bytes, isobar_run_record_get_digest (record));

      g_assert_cmpstr (isobar_run_record_get_digest (record), ==, g_checksum_get_string (checksum));
      g_assert_cmpstr (isobar_run_record_get_fetch_strategy (record), ==,
                       isobar_fetch_strategy_to_string (combinations[c].fetch));
      g_assert_cmpstr (isobar_run_record_get_compute_strategy (record), ==,
                       isobar_compute_strategy_to_string (combinations[c].compute));
      g_assert_cmpuint (recorded->locations, ==, 2);
      g_assert_cmpuint (recorded->years, ==, YEARS);
      g_assert_cmpuint (recorded->resamples, ==, RESAMPLES);
      g_assert_cmpuint (recorded->workers, ==, 2);
      g_assert_cmpuint (recorded->concurrency, ==, 4);

      reports = isobar_pipeline_get_reports (pipeline);
      g_assert_cmpuint (reports->len, ==, 2);
      g_assert_cmpuint (isobar_climate_report_get_n_years (g_ptr_array_index (reports, 0)), ==, YEARS);

      /* Figures that hold whatever the machine. */
      g_assert_cmpfloat (figures->wall_ms, >, 0);
      g_assert_cmpfloat (figures->fetch_ms, >, 0);
      g_assert_cmpfloat (figures->compute_ms, >, 0);
      g_assert_cmpfloat (figures->fetch_ms, <=, figures->wall_ms);
      g_assert_cmpfloat (figures->compute_ms, <=, figures->wall_ms);
      g_assert_cmpfloat (figures->cpu_ms_app + figures->cpu_ms_helpers, >, 0);
      g_assert_cmpuint (figures->peak_rss_kb, >, 0);
      g_assert_cmpuint (figures->lateness.n_samples, >, 0);
      g_assert_nonnull (isobar_run_record_get_trace (record, &n_points));
      g_assert_cmpuint (n_points, >, 0);
      /* Only when asked for. */
      g_assert_null (isobar_run_record_get_timeline (record));

      if (combinations[c].compute == ISOBAR_COMPUTE_PROCESS_POOL)
        {
          /* Every series went down a pipe and every output came back. */
          g_assert_cmpuint (figures->pipe_bytes, >, 2 * YEARS * 365 * 3 * sizeof (double));
          g_assert_cmpfloat (figures->cpu_ms_helpers, >, 0);
        }
      else
        g_assert_cmpuint (figures->pipe_bytes, ==, 0);

      /* On the UI thread every job blocks the main loop while it runs. */
      if (combinations[c].compute == ISOBAR_COMPUTE_UI_THREAD)
        g_assert_cmpfloat (figures->lateness.max, >=, 0.5 * longest_job_ms);

      g_assert_true (seen.monotonic);
      g_assert_cmpuint (seen.places_fetched, ==, 2);
      g_assert_cmpuint (seen.jobs_total, >, 2 * 4);
      g_assert_cmpuint (seen.jobs_done, ==, seen.jobs_total);
    }
}

static void
test_fetch_only (void)
{
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GPtrArray) locations = make_locations (4);
  g_autoptr(IsobarPipeline) pipeline = NULL;
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  IsobarPipelineSettings settings = make_settings (ISOBAR_FETCH_ASYNC, ISOBAR_COMPUTE_THREAD_POOL);
  ProgressSeen seen = { 0, 0, 0, 0, TRUE };

  if ((simulator = start_simulator (NULL)) == NULL)
    return;
  client = client_for (simulator);
  settings.fetch_only = TRUE;
  pipeline = isobar_pipeline_new (client, &settings);
  g_signal_connect (pipeline, "progress", G_CALLBACK (on_progress), &seen);

  before = g_date_time_new_now_utc ();
  record = run_pipeline (pipeline, locations, NULL, &error);
  after = g_date_time_new_now_utc ();
  g_assert_no_error (error);
  /* When the run started, not when its record was made at the end. */
  g_assert_cmpint (g_date_time_compare (isobar_run_record_get_started (record), before), >=, 0);
  g_assert_cmpint (g_date_time_difference (after, isobar_run_record_get_started (record)), >=,
                   (GTimeSpan) (isobar_run_record_get_figures (record)->wall_ms * 1000) - 1);
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (record), ==, "none");
  g_assert_null (isobar_run_record_get_digest (record));
  g_assert_cmpuint (isobar_pipeline_get_reports (pipeline)->len, ==, 0);
  g_assert_cmpfloat (isobar_run_record_get_figures (record)->wall_ms, >, 0);
  g_assert_cmpfloat (isobar_run_record_get_figures (record)->compute_ms, ==, 0);
  g_assert_cmpuint (seen.places_fetched, ==, 4);
  g_assert_cmpuint (seen.jobs_total, ==, 0);
}

typedef struct
{
  TestCancel    cancel;        /* cancelled_us: when the cancel ran */
  guint         places;
  guint         cancel_after_jobs;
  gint64        asked_us;      /* when the progress handler asked */
} CancelAt;

/* Cancels (from an idle, not inside the signal) once every place is
 * downloaded and some jobs are done, as a Cancel button would: under
 * ui-thread the idle waits for the frozen main loop, the freeze that
 * strategy shows. After the downloads, because a download's parse cannot be
 * interrupted (json-glib parses a body in one call) and the run returns once
 * its threads are joined: a cancel during one waits for that parse, 40
 * years of it up to seconds under the sanitizers at background priority. */
static void
on_progress_cancel (IsobarPipeline *pipeline,
                    guint           places_fetched,
                    guint           jobs_done,
                    guint           jobs_total,
                    gpointer        user_data)
{
  CancelAt *at = user_data;

  if (at->asked_us == 0 && places_fetched == at->places && jobs_done >= at->cancel_after_jobs)
    {
      at->asked_us = g_get_monotonic_time ();
      g_idle_add_full (G_PRIORITY_HIGH, test_cancel_source_cb, &at->cancel, NULL);
    }
}

/* Waits for the run's helpers to be gone. Generous: under AddressSanitizer,
 * beside the rest of the suite, a helper's exit and reaping once took over
 * 10 s in CI; what is checked is that none is left behind. */
static void
wait_for_children (guint expected)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint zombies = 0;

  while (test_count_children (&zombies) > expected && g_get_monotonic_time () < deadline)
    test_async_spin (20);

  g_assert_cmpuint (test_count_children (&zombies), ==, expected);
  g_assert_cmpuint (zombies, ==, 0);
}

static void
test_cancel (gconstpointer data)
{
  IsobarComputeStrategy compute = GPOINTER_TO_INT (data);
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GPtrArray) locations = make_locations (4);
  g_autoptr(IsobarPipeline) pipeline = NULL;
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  IsobarPipelineSettings settings = make_settings (ISOBAR_FETCH_THREAD_POOL, compute);
  CancelAt at = { { cancellable, 0 }, locations->len, 3, 0 };
  guint children;
  double stop_ms;

  if (!test_have_helper () || (simulator = start_simulator (NULL)) == NULL)
    return;
  client = client_for (simulator);
  children = test_count_children (NULL);

  /* Enough work that cancelling after three jobs is mid-run. */
  settings.years = 40;
  settings.resamples = 20480;
  pipeline = isobar_pipeline_new (client, &settings);
  g_signal_connect (pipeline, "progress", G_CALLBACK (on_progress_cancel), &at);

  record = run_pipeline (pipeline, locations, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (record);
  g_assert_cmpint (at.cancel.cancelled_us, >, 0);
  stop_ms = (g_get_monotonic_time () - at.cancel.cancelled_us) / 1000.0;
  g_test_message ("%s: the cancel ran %.1f ms after it was asked for, the run stopped %.1f ms after it",
                  isobar_compute_strategy_to_string (compute), (at.cancel.cancelled_us - at.asked_us) / 1000.0, stop_ms);
  /* Generous, from the cancel itself: the target is 100 ms, and the jobs
   * in flight check for it every slice of their work. (Under ui-thread,
   * the idle that cancels waits for the jobs queued in the frozen loop;
   * that wait is the freeze, not a slow stop, and is not bounded here.) */
  g_assert_cmpfloat (stop_ms, <, 5000);
  g_assert_cmpuint (isobar_pipeline_get_reports (pipeline)->len, ==, 0);

  /* No helper left behind, none a zombie: only the sim remains. */
  wait_for_children (children);

  /* The pipeline runs again afterwards. */
  g_clear_error (&error);
  settings.years = 5;
  settings.resamples = 512;
  g_clear_object (&pipeline);
  pipeline = isobar_pipeline_new (client, &settings);
  record = run_pipeline (pipeline, locations, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (isobar_run_record_get_digest (record));
  wait_for_children (children);
}

/* SIGKILLs one isobar-helper child of this process (not the simulator). */
static gboolean
kill_one_helper (void)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (pid_t));

  test_find_children (pids, NULL);
  for (guint i = 0; i < pids->len; i++)
    {
      pid_t pid = g_array_index (pids, pid_t, i);
      g_autofree char *name = test_process_name (pid);

      if (g_strcmp0 (name, "isobar-helper") == 0 && kill (pid, SIGKILL) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  guint kill_at[2];   /* jobs done */
  guint n_killed;
} KillAt;

static void
on_progress_kill (IsobarPipeline *pipeline,
                  guint           places_fetched,
                  guint           jobs_done,
                  guint           jobs_total,
                  gpointer        user_data)
{
  KillAt *at = user_data;

  if (at->n_killed < G_N_ELEMENTS (at->kill_at) && jobs_done >= at->kill_at[at->n_killed] &&
      kill_one_helper ())
    at->n_killed++;
}

/* Helpers SIGKILLed in the middle of a run: they are replaced, their jobs
 * run again, and the run ends with the digest of an undisturbed one; the
 * record says what happened; nothing is left behind. */
static void
test_helpers_killed (gconstpointer data)
{
  IsobarComputeStrategy compute = GPOINTER_TO_INT (data);
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GPtrArray) locations = make_locations (2);
  g_autoptr(IsobarPipeline) calm = NULL;
  g_autoptr(IsobarPipeline) killed = NULL;
  g_autoptr(IsobarRunRecord) expected = NULL;
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  IsobarPipelineSettings settings = make_settings (ISOBAR_FETCH_THREAD_POOL, compute);
  const IsobarRunFigures *figures;
  KillAt at = { { 3, 12 }, 0 };
  guint children;

  if (!test_have_helper () || (simulator = start_simulator (NULL)) == NULL)
    return;
  client = client_for (simulator);
  children = test_count_children (NULL);
  settings.years = 20;
  settings.resamples = 8192;

  calm = isobar_pipeline_new (client, &settings);
  expected = run_pipeline (calm, locations, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isobar_run_record_get_figures (expected)->helpers_restarted, ==, 0);
  g_assert_cmpuint (isobar_run_record_get_figures (expected)->jobs_retried, ==, 0);

  killed = isobar_pipeline_new (client, &settings);
  g_signal_connect (killed, "progress", G_CALLBACK (on_progress_kill), &at);
  record = run_pipeline (killed, locations, NULL, &error);
  g_assert_no_error (error);
  figures = isobar_run_record_get_figures (record);
  g_test_message ("%s: %u helpers killed, %u restarted, %u jobs retried",
                  isobar_compute_strategy_to_string (compute), at.n_killed,
                  figures->helpers_restarted, figures->jobs_retried);
  g_assert_cmpuint (at.n_killed, ==, 2);
  g_assert_cmpstr (isobar_run_record_get_digest (record), ==, isobar_run_record_get_digest (expected));
  /* A helper killed while it started is not counted: it had not run. */
  g_assert_cmpuint (figures->helpers_restarted, <=, 2);
  g_assert_cmpuint (figures->jobs_retried, <=, figures->helpers_restarted);
  if (compute != ISOBAR_COMPUTE_PROCESS_PER_JOB)
    g_assert_cmpuint (figures->helpers_restarted, >=, 1);

  g_clear_object (&calm);
  g_clear_object (&killed);
  wait_for_children (children);
}

static void
test_cancelled_before (void)
{
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GPtrArray) locations = make_locations (2);
  g_autoptr(IsobarPipeline) pipeline = NULL;
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  IsobarPipelineSettings settings = make_settings (ISOBAR_FETCH_ASYNC, ISOBAR_COMPUTE_PROCESS_POOL);

  if (!test_have_helper () || (simulator = start_simulator (NULL)) == NULL)
    return;
  client = client_for (simulator);
  pipeline = isobar_pipeline_new (client, &settings);

  g_cancellable_cancel (cancellable);
  record = run_pipeline (pipeline, locations, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (record);
}

static void
test_fault_503 (void)
{
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GPtrArray) locations = make_locations (4);
  g_autoptr(IsobarPipeline) pipeline = NULL;
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  IsobarPipelineSettings settings = make_settings (ISOBAR_FETCH_THREAD_POOL, ISOBAR_COMPUTE_PROCESS_POOL);
  guint children;

  if (!test_have_helper () ||
      (simulator = start_simulator ((const char * const[]) { "--fault=http-503", NULL })) == NULL)
    return;
  client = client_for (simulator);
  children = test_count_children (NULL);
  pipeline = isobar_pipeline_new (client, &settings);

  record = run_pipeline (pipeline, locations, NULL, &error);
  g_assert_null (record);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_UNAVAILABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "The service is overloaded"));
  g_assert_cmpuint (isobar_pipeline_get_reports (pipeline)->len, ==, 0);
  wait_for_children (children);
}

static void
test_bad_settings (void)
{
  g_autoptr(IsobarClient) client = isobar_client_new_for_server ("http://127.0.0.1:9");
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) locations = make_locations (1);
  IsobarPipelineSettings settings = make_settings (ISOBAR_FETCH_ASYNC, ISOBAR_COMPUTE_THREAD_POOL);
  g_autoptr(IsobarPipeline) pipeline = isobar_pipeline_new (client, &settings);
  g_autoptr(IsobarPipeline) no_years = NULL;
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = run_pipeline (pipeline, none, NULL, &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  settings.years = 0;
  no_years = isobar_pipeline_new (client, &settings);
  record = run_pipeline (no_years, locations, NULL, &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Nobody listens there: a network error names the problem. */
  record = run_pipeline (pipeline, locations, NULL, &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NETWORK);
  g_test_message ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pipeline/strategies-agree", test_strategies_agree);
  g_test_add_func ("/pipeline/fetch-only", test_fetch_only);
  g_test_add_data_func ("/pipeline/cancel/process-pool", GINT_TO_POINTER (ISOBAR_COMPUTE_PROCESS_POOL), test_cancel);
  g_test_add_data_func ("/pipeline/cancel/thread-pool", GINT_TO_POINTER (ISOBAR_COMPUTE_THREAD_POOL), test_cancel);
  g_test_add_data_func ("/pipeline/cancel/ui-thread", GINT_TO_POINTER (ISOBAR_COMPUTE_UI_THREAD), test_cancel);
  g_test_add_func ("/pipeline/cancelled-before", test_cancelled_before);
  g_test_add_data_func ("/pipeline/helpers-killed/process-pool", GINT_TO_POINTER (ISOBAR_COMPUTE_PROCESS_POOL),
                        test_helpers_killed);
  g_test_add_data_func ("/pipeline/helpers-killed/pickle-pool", GINT_TO_POINTER (ISOBAR_COMPUTE_PICKLE_POOL),
                        test_helpers_killed);
  g_test_add_data_func ("/pipeline/helpers-killed/process-per-job",
                        GINT_TO_POINTER (ISOBAR_COMPUTE_PROCESS_PER_JOB), test_helpers_killed);
  g_test_add_func ("/pipeline/fault/http-503", test_fault_503);
  g_test_add_func ("/pipeline/bad-settings", test_bad_settings);

  return g_test_run ();
}
