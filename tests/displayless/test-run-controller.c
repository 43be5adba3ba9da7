/* test-run-controller.c: the run controller without a window: a run of the
 * saved places on the simulator, and the shutdown that waits for the run's
 * processes on the main loop, not in a nested one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "isobar-core.h"

/* Generous: a slow machine is not a failure. */
#define RUN_SECONDS 120

typedef struct
{
  GSettings           *settings;
  IsobarDataSource    *data_source;
  IsobarRunController *controller;
  GAsyncResult        *result;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  /* The memory backend lives as long as the process: start clean. */
  f->settings = g_settings_new ("io.github.isobar.Isobar");
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);
  g_settings_set_uint (f->settings, "run-places", 2);
  g_settings_set_uint (f->settings, "analysis-years", 10);
  g_settings_set_uint (f->settings, "analysis-depth", 2000);
  g_settings_set_uint (f->settings, "simulator-latency", 20);

  f->data_source = isobar_data_source_new ();
  isobar_data_source_set_kind (f->data_source, ISOBAR_DATA_SOURCE_KIND_SIMULATOR);
  f->controller = isobar_run_controller_new (f->settings, f->data_source);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  isobar_run_controller_stop (f->controller);
  isobar_data_source_shutdown (f->data_source);
  g_clear_object (&f->controller);
  g_clear_object (&f->data_source);
  g_clear_object (&f->settings);
  g_clear_object (&f->result);
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Fixture *f);

/* Iterates the main context until @condition holds, at most @seconds. */
static gboolean
wait_for (Fixture   *f,
          Condition  condition,
          guint      seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  while (!condition (f) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return !timed_out;
}

static gboolean
run_over (Fixture *f)
{
  return !isobar_run_controller_get_running (f->controller);
}

static gboolean
analysing (Fixture *f)
{
  return g_str_has_prefix (isobar_run_controller_get_status (f->controller), "Analysing");
}

static gboolean
have_result (Fixture *f)
{
  return f->result != NULL;
}

/* Every child of the test (simulator, helpers) has exited and been reaped:
 * GSubprocess reaps them on GLib's worker thread, so give it a moment. */
static gboolean
children_gone (Fixture *f)
{
  return waitpid (-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static void
shutdown (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  isobar_run_controller_shutdown_async (f->controller, NULL, on_result, f);
  g_assert_true (wait_for (f, have_result, RUN_SECONDS));
  g_assert_true (isobar_run_controller_shutdown_finish (f->controller, f->result, &error));
  g_assert_no_error (error);
  g_assert_false (isobar_run_controller_get_running (f->controller));
}

/* Exports through the controller; returns its words, or NULL with @error. */
static char *
export (Fixture                   *f,
        IsobarRunControllerExport  what,
        const char                *path,
        GError                   **error)
{
  char *text;

  g_clear_object (&f->result);
  isobar_run_controller_export_async (f->controller, what, path, NULL, on_result, f);
  g_assert_true (wait_for (f, have_result, RUN_SECONDS));
  text = isobar_run_controller_export_finish (f->controller, f->result, error);
  g_clear_object (&f->result);

  return text;
}

/* A whole run without a window: a record with no frames, the reports kept;
 * then the shutdown leaves no process behind. */
static void
test_run_then_shutdown (Fixture       *f,
                        gconstpointer  user_data)
{
  IsobarRunRecord *record;

  g_assert_true (isobar_run_controller_apply_preset (f->controller, "recommended", NULL));
  isobar_run_controller_run (f->controller);
  g_assert_true (isobar_run_controller_get_running (f->controller));
  g_assert_true (wait_for (f, run_over, RUN_SECONDS));

  g_assert_cmpstr (isobar_run_controller_get_error (f->controller), ==, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (isobar_run_controller_get_runs (f->controller)), ==, 1);
  record = isobar_run_controller_get_latest (f->controller);
  g_assert_nonnull (record);
  g_assert_cmpstr (isobar_run_record_get_preset (record), ==, "recommended");
  g_assert_true (isobar_run_controller_get_python_ready (f->controller));

  /* The runs and the trace, written through the controller, with the
   * words whoever asked shows. */
  {
    g_autofree char *dir = g_dir_make_tmp ("isobar-test-run-controller-XXXXXX", NULL);
    g_autofree char *csv = g_build_filename (dir, "runs.csv", NULL);
    g_autofree char *trace = g_build_filename (dir, "trace.json", NULL);
    g_autofree char *csv_text = NULL;
    g_autofree char *said = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (isobar_run_controller_can_export (f->controller, ISOBAR_RUN_CONTROLLER_EXPORT_RUNS));
    g_assert_true (isobar_run_controller_can_export (f->controller, ISOBAR_RUN_CONTROLLER_EXPORT_TRACE));
    said = export (f, ISOBAR_RUN_CONTROLLER_EXPORT_RUNS, csv, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (said, ==, "Exported 1 run");
    g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv_text, "started,"));
    g_clear_pointer (&said, g_free);
    said = export (f, ISOBAR_RUN_CONTROLLER_EXPORT_TRACE, trace, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (said, ==, "Exported the trace of the last run");
    g_assert_true (g_file_test (trace, G_FILE_TEST_IS_REGULAR));

    /* Cleared: nothing to export, in words. */
    isobar_run_controller_clear_runs (f->controller);
    g_assert_false (isobar_run_controller_can_export (f->controller, ISOBAR_RUN_CONTROLLER_EXPORT_RUNS));
    g_clear_pointer (&said, g_free);
    said = export (f, ISOBAR_RUN_CONTROLLER_EXPORT_RUNS, csv, &error);
    g_assert_null (said);
    g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
    g_assert_cmpstr (error->message, ==, "There are no runs to export yet.");

    g_unlink (csv);
    g_unlink (trace);
    g_rmdir (dir);
  }

  shutdown (f);
  g_assert_true (wait_for (f, children_gone, 30));
}

/* Shutting down in the middle of a run cancels it and waits for it to stop:
 * no record is kept, the status says it was cancelled, no process is left. */
static void
test_shutdown_cancels_run (Fixture       *f,
                           gconstpointer  user_data)
{
  /* Deep enough that the run is still analysing when the shutdown comes. */
  g_settings_set_uint (f->settings, "analysis-depth", 400000);
  g_assert_true (isobar_run_controller_apply_preset (f->controller, "recommended", NULL));
  isobar_run_controller_run (f->controller);
  g_assert_true (wait_for (f, analysing, RUN_SECONDS));

  shutdown (f);
  g_assert_true (g_str_has_prefix (isobar_run_controller_get_status (f->controller), "Cancelled"));
  g_assert_cmpuint (g_list_model_get_n_items (isobar_run_controller_get_runs (f->controller)), ==, 0);
  g_assert_true (wait_for (f, children_gone, 30));
}

/* Nothing running: the shutdown completes on the next iteration, never
 * inside the call. */
static void
test_shutdown_idle (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  isobar_run_controller_shutdown_async (f->controller, NULL, on_result, f);
  g_assert_null (f->result);
  g_assert_true (wait_for (f, have_result, RUN_SECONDS));
  g_assert_true (isobar_run_controller_shutdown_finish (f->controller, f->result, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/run-controller/run-then-shutdown", Fixture, NULL,
              fixture_set_up, test_run_then_shutdown, fixture_tear_down);
  g_test_add ("/run-controller/shutdown-cancels-run", Fixture, NULL,
              fixture_set_up, test_shutdown_cancels_run, fixture_tear_down);
  g_test_add ("/run-controller/shutdown-idle", Fixture, NULL,
              fixture_set_up, test_shutdown_idle, fixture_tear_down);

  return g_test_run ();
}
