/* test-app-python.c: real Python in the application, driven through its
 * actions: the switch interval setting, "Real Python (CPython)" runs
 * (app.run-cpython) beside the emulated Python presets on the runs page,
 * their cancel, and no Python to run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app-fixture.h"
#include "isobar-core.h"
#include "isobar-run-metric.h"

/* Every process this test starts carries it, so that one left behind is
 * found wherever it was reparented. */
#define MARK_ENV "ISOBAR_TEST_APP_PYTHON_MARK"

/* Short emulated runs: the comparison is of lateness, not of depth. */
#define EMULATED_DEPTH 10000
/* Real Python's depth (ISOBAR_CPYTHON_RESAMPLES): a second or so per
 * strategy for the runs compared, a tiny one, and one long enough to be
 * cancelled while its processes work. */
#define PYTHON_RUN_DEPTH 2048
#define PYTHON_TINY_DEPTH 256
#define PYTHON_CANCEL_DEPTH 3000

/* How a case runs real Python: the depth, and ISOBAR_PYTHON (NULL: as
 * the test runs). Set before the application starts, not while its
 * threads run. */
typedef struct
{
  AppBody     body;
  guint       depth;
  const char *python;
} PythonCase;

/* Widgets */

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;

  g_test_message ("No label “%s”", text);
  return FALSE;
}

static gboolean
has_label_starting (GtkWidget  *widget,
                    const char *prefix)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, i)), prefix))
      return TRUE;

  g_test_message ("No label starting with “%s”", prefix);
  return FALSE;
}

/* The panel's row of the switch interval. */
static GtkWidget *
switch_interval_row (AppFixture *f)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (f->window->panel), ADW_TYPE_PREFERENCES_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), "Switch interval (ms)") == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

static IsobarPythonCard *
python_card (AppFixture *f)
{
  return isobar_runs_view_get_python_card (f->window->runs_view);
}

/* Scrolls the page of @view so that @widget is @offset px from its top. */
static void
scroll_to (GtkWidget *view,
           GtkWidget *widget,
           double     offset)
{
  g_autoptr(GPtrArray) scrolled = g_ptr_array_new ();
  GtkScrolledWindow *page;
  GtkAdjustment *adjustment;
  graphene_point_t point;

  /* Depth first: the page's own comes before the table's. */
  collect (view, GTK_TYPE_SCROLLED_WINDOW, scrolled);
  for (guint i = 0; i < scrolled->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (scrolled, i)))
      {
        page = g_ptr_array_index (scrolled, i);
        g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (page),
                                                 &GRAPHENE_POINT_INIT (0, 0), &point));
        adjustment = gtk_scrolled_window_get_vadjustment (page);
        gtk_adjustment_set_value (adjustment, point.y - offset);
        display_settle (300);
        return;
      }
  g_assert_not_reached ();
}

/* Processes */

static gboolean
python_available (void)
{
  const char *override = g_getenv ("ISOBAR_PYTHON");
  g_autofree char *path = g_find_program_in_path (override != NULL ? override : "python3");

  return path != NULL;
}

static char *
read_proc (const char *pid,
           const char *what,
           gsize      *length)
{
  g_autofree char *path = g_build_filename ("/proc", pid, what, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, length, NULL))
    return NULL;
  return contents;
}

/* A process of ours that runs Python: a child (even a zombie), or one
 * that carries our mark (a pool process orphaned by its parent). */
static gboolean
python_left (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autofree char *mark = g_strdup_printf ("%s=%d", MARK_ENV, (int) getpid ());
  const char *name;
  gboolean found = FALSE;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat = NULL;
      g_autofree char *environ = NULL;
      g_autofree char *cmdline = NULL;
      gsize environ_length = 0, cmdline_length = 0;
      const char *after_comm;
      int ppid = 0;
      gboolean ours = FALSE;

      if (!g_ascii_isdigit (name[0]) || atoi (name) == getpid ())
        continue;
      stat = read_proc (name, "stat", NULL);
      if (stat == NULL)
        continue;

      /* "pid (comm) state ppid …": a child of ours running Python */
      after_comm = strrchr (stat, ')');
      if (after_comm != NULL && sscanf (after_comm + 1, " %*c %d", &ppid) == 1 && ppid == getpid () &&
          strstr (stat, "(python") != NULL)
        ours = TRUE;

      environ = read_proc (name, "environ", &environ_length);
      cmdline = read_proc (name, "cmdline", &cmdline_length);
      for (gsize i = 0; environ != NULL && i < environ_length; i += strlen (environ + i) + 1)
        if (g_str_equal (environ + i, mark))
          {
            for (gsize j = 0; cmdline != NULL && j < cmdline_length; j += strlen (cmdline + j) + 1)
              if (strstr (cmdline + j, "isobar-reference") != NULL)
                ours = TRUE;
            break;
          }

      if (ours)
        {
          g_test_message ("Left behind: %s", stat);
          found = TRUE;
        }
    }

  return found;
}

static gboolean
no_python_left (gpointer user_data)
{
  return !python_left ();
}

/* Steps */

static gboolean
run_over (gpointer user_data)
{
  return app_fixture_run_over (user_data);
}

static gboolean
action_enabled (AppFixture *f,
                const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), name);
}

/* Runs real Python through app.run-cpython until it ends; returns the
 * records it added. */
static GPtrArray *
run_python (AppFixture *f)
{
  GListModel *runs = isobar_run_controller_get_runs (f->controller);
  guint before = app_fixture_n_runs (f);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_true (action_enabled (f, "run-cpython"));
  app_fixture_activate (f, "run-cpython", NULL);
  g_assert_true (isobar_run_controller_get_running (f->controller));
  g_assert_true (isobar_run_controller_get_python_run (f->controller));
  g_assert_false (action_enabled (f, "run-cpython"));
  g_assert_false (action_enabled (f, "run"));
  g_assert_true (action_enabled (f, "cancel"));

  g_assert_true (display_wait_for (run_over, f, APP_RUN_SECONDS, "real Python to end"));
  g_test_message ("Real Python: %s", isobar_run_controller_get_status (f->controller));
  g_assert_cmpstr (isobar_run_controller_get_error (f->controller), ==, NULL);
  g_assert_true (action_enabled (f, "run-cpython"));

  for (guint i = before; i < g_list_model_get_n_items (runs); i++)
    g_ptr_array_add (added, g_list_model_get_item (runs, i));
  return g_steal_pointer (&added);
}

/* Cases */

/* The setting, its action and its row; the emulation runs with it. */
static void
switch_interval_body (AppFixture *f)
{
  g_autoptr(GVariant) state = NULL;
  g_autoptr(IsobarRunRecord) fast = NULL;
  g_autoptr(IsobarRunRecord) usual = NULL;
  GtkWidget *row = switch_interval_row (f);
  GtkWidget *runs_view = GTK_WIDGET (f->window->runs_view);

  g_assert_cmpfloat (g_settings_get_double (f->settings, "switch-interval-ms"), ==, 5.0);
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->app), "switch-interval-ms");
  g_assert_cmpfloat (g_variant_get_double (state), ==, 5.0);

  /* The row says what it is, and shows only where it matters. */
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "sys.setswitchinterval"));
  app_fixture_activate (f, "preset", g_variant_new_string ("recommended"));
  g_assert_false (gtk_widget_get_visible (row));
  app_fixture_activate (f, "preset", g_variant_new_string ("python-threads"));
  g_assert_true (gtk_widget_get_visible (row));
  /* The panel as the user finds the setting: the Python presets, the row. */
  g_settings_set_boolean (f->settings, "panel-visible", TRUE);
  display_settle (500);
  scroll_to (GTK_WIDGET (f->window->panel), row, 560);
  app_fixture_shoot (f, "panel-switch-interval");

  g_settings_set_uint (f->settings, "analysis-depth", EMULATED_DEPTH);
  app_fixture_activate (f, "switch-interval-ms", g_variant_new_double (1.0));
  g_assert_cmpfloat (g_settings_get_double (f->settings, "switch-interval-ms"), ==, 1.0);
  fast = app_fixture_run_preset (f, "python-threads");
  app_fixture_activate (f, "switch-interval-ms", g_variant_new_double (5.0));
  usual = app_fixture_run_preset (f, "python-threads");
  app_fixture_log_record (fast);
  app_fixture_log_record (usual);

  g_assert_cmpfloat_with_epsilon (isobar_run_record_get_settings (fast)->switch_interval_ms, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (isobar_run_record_get_settings (usual)->switch_interval_ms, 5.0, 1e-9);
  g_assert_true (isobar_run_record_get_lock (fast)->has_lock);
  /* Only time changed. */
  g_assert_cmpstr (isobar_run_record_get_digest (fast), ==, isobar_run_record_get_digest (usual));

  /* Side by side on the runs page: the interval in the table and on the cards. */
  app_fixture_show_view (f, "runs");
  g_assert_true (has_label (runs_view, "1 ms"));
  g_assert_true (has_label (runs_view, "5 ms"));
  g_assert_true (has_label_starting (runs_view, "#1 · Python Threads, switch interval 1 ms · "));
  g_assert_true (has_label_starting (runs_view, "#2 · Python Threads, switch interval 5 ms · "));

  /* Where no interpreter lock is shared, no interval is shown. */
  {
    g_autoptr(IsobarRunRecord) other = isobar_run_record_new ("thread-pool", "process-pool");
    IsobarRunSettings settings = { .workers = 2, .switch_interval_ms = 5.0 };
    g_autofree char *interval = NULL;

    isobar_run_record_set_settings (other, &settings);
    interval = isobar_run_metric_dup_switch_interval (other);
    g_assert_null (interval);
  }
}

/* Real Python beside the emulated presets. */
static void
python_body (AppFixture *f)
{
  g_autoptr(IsobarRunRecord) threads = NULL;
  g_autoptr(IsobarRunRecord) processes = NULL;
  g_autoptr(GPtrArray) python = NULL;
  const char * const presets[] = {
    ISOBAR_PRESET_CPYTHON_SERIAL, ISOBAR_PRESET_CPYTHON_THREADS, ISOBAR_PRESET_CPYTHON_PROCESSES,
  };
  const char *comparison;
  GtkWidget *runs_view = GTK_WIDGET (f->window->runs_view);
  g_autofree char *threads_label = NULL;

  /* Nothing to analyse yet. */
  g_assert_false (action_enabled (f, "run-cpython"));
  g_assert_false (isobar_run_controller_get_python_ready (f->controller));
  g_assert_true (g_str_has_prefix (isobar_python_card_get_text (python_card (f)), "Run all places first"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (isobar_python_card_get_run_button (python_card (f)))),
                   ==, "Run All Places first");

  g_settings_set_uint (f->settings, "analysis-depth", EMULATED_DEPTH);
  app_fixture_activate (f, "switch-interval-ms", g_variant_new_double (1.0));
  g_object_unref (app_fixture_run_preset (f, "python-threads"));
  app_fixture_activate (f, "switch-interval-ms", g_variant_new_double (5.0));
  threads = app_fixture_run_preset (f, "python-threads");
  processes = app_fixture_run_preset (f, "python-multiprocessing");
  g_assert_true (isobar_run_controller_get_python_ready (f->controller));
  g_assert_true (action_enabled (f, "run-cpython"));
  g_assert_null (strstr (isobar_python_card_get_text (python_card (f)), "first"));

  python = run_python (f);
  g_assert_cmpuint (python->len, ==, G_N_ELEMENTS (presets));
  g_assert_cmpuint (app_fixture_n_runs (f), ==, 6);
  for (guint i = 0; i < python->len; i++)
    {
      IsobarRunRecord *record = g_ptr_array_index (python, i);
      const IsobarRunSettings *settings = isobar_run_record_get_settings (record);
      g_autofree char *label = isobar_run_metric_dup_preset_label (record);

      app_fixture_log_record (record);
      g_assert_cmpstr (isobar_run_record_get_preset (record), ==, presets[i]);
      g_assert_cmpstr (isobar_run_record_get_python_implementation (record), ==, "CPython");
      g_assert_nonnull (isobar_run_record_get_python_version (record));
      g_assert_true (g_str_has_prefix (label, "Real Python"));
      g_assert_nonnull (strstr (label, isobar_run_record_get_python_version (record)));
      /* The settings of the app: workers, switch interval, places. */
      g_assert_cmpfloat_with_epsilon (settings->switch_interval_ms, 5.0, 1e-9);
      g_assert_cmpuint (settings->resamples, ==, PYTHON_RUN_DEPTH);
      g_assert_cmpuint (settings->locations, ==, APP_RUN_PLACES);
      if (i > 0)
        g_assert_cmpuint (settings->workers, ==, isobar_run_record_get_settings (threads)->workers);
    }

  /* The comparison, in words, on the runs page. */
  comparison = isobar_python_card_get_comparison (python_card (f));
  g_assert_nonnull (comparison);
  g_test_message ("Comparison: %s", comparison);
  g_assert_nonnull (strstr (comparison, "Python Threads froze the window"));
  g_assert_nonnull (strstr (comparison, "real CPython"));
  g_assert_nonnull (strstr (comparison, "The cores of this computer allow processes to save at most"));
  g_assert_cmpstr (isobar_python_card_get_text (python_card (f)), ==, comparison);
  g_assert_true (g_str_has_prefix (isobar_python_card_get_status (python_card (f)), "Real Python "));
  g_assert_cmpstr (isobar_python_card_get_error (python_card (f)), ==, "");

  /* The rows beside the emulated ones: table, cards and charts. */
  app_fixture_show_view (f, "runs");
  threads_label = isobar_run_metric_dup_preset_label (g_ptr_array_index (python, 1));
  g_assert_true (g_str_has_prefix (threads_label, "Real Python threads (CPython "));
  g_assert_true (has_label (runs_view, threads_label));
  g_assert_true (has_label (runs_view, "ProcessPoolExecutor"));
  g_assert_true (has_label_starting (runs_view, "#5 · Real Python threads (CPython "));
  g_assert_nonnull (strstr (isobar_runs_chart_get_summary (isobar_runs_view_get_chart (f->window->runs_view)),
                            "Run #6, Real Python processes"));

  /* What the user sees: the card and the charts, then the table and the
   * newest verdicts. */
  g_settings_set_boolean (f->settings, "panel-visible", FALSE);
  g_settings_set_boolean (f->settings, "sidebar-visible", FALSE);
  app_fixture_shoot (f, "runs-python");
  scroll_to (runs_view, GTK_WIDGET (isobar_runs_view_get_table (f->window->runs_view)), 48);
  app_fixture_shoot (f, "runs-python-table");
  g_assert_false (python_left ());
}

static gboolean
python_processes_working (gpointer user_data)
{
  AppFixture *f = user_data;
  const char *status = isobar_run_controller_get_status (f->controller);

  return isobar_run_controller_get_running (f->controller) &&
         g_str_has_prefix (status, "Real Python processes: ") &&
         !g_str_has_prefix (status, "Real Python processes: 0 ");
}

/* Cancel stops real Python and its pool at once, and keeps nothing. */
static void
python_cancel_body (AppFixture *f)
{
  g_autoptr(GPtrArray) python = NULL;

  g_settings_set_uint (f->settings, "analysis-depth", 0);
  g_object_unref (app_fixture_run_preset (f, "python-threads"));

  /* At once, before the program has its input. */
  app_fixture_activate (f, "run-cpython", NULL);
  app_fixture_activate (f, "cancel", NULL);
  g_assert_true (display_wait_for (run_over, f, DISPLAY_WAIT_SECONDS, "real Python to stop at once"));
  g_assert_true (g_str_has_prefix (isobar_run_controller_get_status (f->controller), "Cancelled"));
  g_assert_cmpstr (isobar_run_controller_get_error (f->controller), ==, NULL);
  g_assert_cmpuint (app_fixture_n_runs (f), ==, 1);
  g_assert_false (python_left ());

  /* While its ProcessPoolExecutor works. */
  app_fixture_activate (f, "run-cpython", NULL);
  g_assert_true (display_wait_for (python_processes_working, f, APP_RUN_SECONDS, "real Python’s processes"));
  /* Its progress and Cancel, where it was asked for. */
  g_assert_true (g_str_has_prefix (isobar_python_card_get_status (python_card (f)), "Real Python processes: "));
  app_fixture_show_view (f, "runs");
  display_save_screenshot (GTK_WIDGET (f->window), "screenshot-runs-python-running.png");
  g_test_message ("Cancelling at: %s", isobar_run_controller_get_status (f->controller));
  app_fixture_activate (f, "cancel", NULL);
  g_assert_true (display_wait_for (run_over, f, DISPLAY_WAIT_SECONDS, "real Python to stop"));
  g_assert_true (g_str_has_prefix (isobar_run_controller_get_status (f->controller), "Cancelled"));
  g_assert_cmpstr (isobar_run_controller_get_error (f->controller), ==, NULL);
  g_assert_cmpuint (app_fixture_n_runs (f), ==, 1);
  g_assert_false (python_left ());

  /* And the next one goes through. */
  python = run_python (f);
  g_assert_cmpuint (python->len, ==, 3);
  g_assert_false (python_left ());

  /* Quitting while real Python runs stops it too: the fixture checks that
   * no child is left once the application has quit. */
  app_fixture_activate (f, "run-cpython", NULL);
  g_assert_true (display_wait_for (python_processes_working, f, APP_RUN_SECONDS, "real Python’s processes again"));
}

/* No Python to run (ISOBAR_PYTHON names no program): the user reads why,
 * and nothing else changes. */
static void
python_missing_body (AppFixture *f)
{
  const char *error;
  g_autofree char *expected = NULL;

  g_settings_set_uint (f->settings, "analysis-depth", 0);
  g_object_unref (app_fixture_run_preset (f, "recommended"));

  app_fixture_activate (f, "run-cpython", NULL);
  g_assert_true (display_wait_for (run_over, f, DISPLAY_WAIT_SECONDS, "real Python to fail"));

  error = isobar_run_controller_get_error (f->controller);
  expected = g_strdup ("Real Python could not be run: ISOBAR_PYTHON is set to “/nonexistent/python3”, "
                       "which is not a program");
  g_assert_cmpstr (error, ==, expected);
  g_assert_true (g_str_has_prefix (isobar_run_controller_get_status (f->controller), "Failed: "));
  /* Where the user asked for it, and on the panel's run status. */
  g_assert_cmpstr (isobar_python_card_get_error (python_card (f)), ==, expected);
  g_assert_true (has_label (GTK_WIDGET (f->window->panel), expected));
  g_assert_cmpuint (app_fixture_n_runs (f), ==, 1);
  g_assert_true (action_enabled (f, "run-cpython"));
  g_assert_true (action_enabled (f, "run"));
  g_assert_false (python_left ());

  /* The next pipeline run clears the error and keeps the card's. */
  g_object_unref (app_fixture_run_preset (f, "recommended"));
  g_assert_cmpstr (isobar_python_card_get_error (python_card (f)), ==, expected);
}

/* test-app runs the application with its id at the same time: this one
 * must not take the id, or one would drive the other's. */
static void
test_switch_interval (AppFixture    *f,
                      gconstpointer  user_data)
{
  f->non_unique = TRUE;
  if (!display_skip_without ())
    app_fixture_run (f, switch_interval_body);
}

/* Real Python cases: skipped without a python3. */
static void
test_python (AppFixture    *f,
             gconstpointer  user_data)
{
  const PythonCase *python_case = user_data;
  g_autofree char *depth = g_strdup_printf ("%u", python_case->depth);
  g_autofree char *python = g_strdup (g_getenv ("ISOBAR_PYTHON"));

  if (display_skip_without ())
    return;
  if (python_case->python == NULL && !python_available ())
    {
      g_test_skip ("No python3 on PATH and no ISOBAR_PYTHON: real Python cannot run here");
      return;
    }

  f->non_unique = TRUE;
  g_setenv (ISOBAR_PYTHON_RUNNER_RESAMPLES_ENV, depth, TRUE);
  if (python_case->python != NULL)
    g_setenv ("ISOBAR_PYTHON", python_case->python, TRUE);
  app_fixture_run (f, python_case->body);
  /* Not even a pool process of real Python outlives the application. */
  g_assert_true (display_wait_for (no_python_left, NULL, DISPLAY_WAIT_SECONDS, "no Python left"));
  g_unsetenv (ISOBAR_PYTHON_RUNNER_RESAMPLES_ENV);
  if (python != NULL)
    g_setenv ("ISOBAR_PYTHON", python, TRUE);
  else
    g_unsetenv ("ISOBAR_PYTHON");
}

static const PythonCase run_case = { python_body, PYTHON_RUN_DEPTH, NULL };
static const PythonCase cancel_case = { python_cancel_body, PYTHON_CANCEL_DEPTH, NULL };
static const PythonCase missing_case = { python_missing_body, PYTHON_TINY_DEPTH, "/nonexistent/python3" };

int
main (int   argc,
      char *argv[])
{
  g_autofree char *mark = g_strdup_printf ("%d", (int) getpid ());

  /* Before any thread can read the environment. */
  g_setenv (MARK_ENV, mark, TRUE);
  display_remember_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  display_init ();

  g_test_add ("/app-python/switch-interval", AppFixture, NULL,
              app_fixture_set_up, test_switch_interval, app_fixture_tear_down);
  g_test_add ("/app-python/run", AppFixture, &run_case,
              app_fixture_set_up, test_python, app_fixture_tear_down);
  g_test_add ("/app-python/cancel", AppFixture, &cancel_case,
              app_fixture_set_up, test_python, app_fixture_tear_down);
  g_test_add ("/app-python/missing", AppFixture, &missing_case,
              app_fixture_set_up, test_python, app_fixture_tear_down);

  return g_test_run ();
}
