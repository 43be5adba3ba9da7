/* test-app.c: the whole application driven through its actions, as the
 * panel, shortcuts and `gapplication action` drive it: runs under the
 * Recommended and the UI-thread presets against the simulator, cancel,
 * export, and a real click on the Run button with xdotool (app-fixture.c
 * runs the application).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <unistd.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "app-fixture.h"

/* Steps */

static gboolean
run_going (gpointer user_data)
{
  AppFixture *f = user_data;

  return isobar_run_controller_get_running (f->controller);
}

/* Cases */

static void
presets_body (AppFixture *f)
{
  g_autoptr(IsobarRunRecord) frozen = NULL;
  g_autoptr(IsobarRunRecord) smooth = NULL;
  const IsobarRunFigures *figures;
  g_autoptr(GVariant) fetch = NULL;

  /* The preset sets the strategies, which outside tools can read. */
  frozen = app_fixture_run_preset (f, "ui-thread");
  fetch = g_action_group_get_action_state (G_ACTION_GROUP (f->app), "fetch-strategy");
  g_assert_cmpstr (g_variant_get_string (fetch, NULL), ==, "ui-thread");
  app_fixture_log_record (frozen);
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (frozen), ==, "ui-thread");
  figures = isobar_run_record_get_figures (frozen);
  g_assert_cmpuint (figures->lateness.long_tasks, >=, 1);
  g_assert_cmpfloat (figures->lateness.max, >=, ISOBAR_LONG_TASK_MS);
  g_assert_true (isobar_run_record_get_frames (frozen)->has_frames);
  g_assert_cmpint (isobar_verdict_level (frozen), !=, ISOBAR_VERDICT_SMOOTH);
  /* The renderer that drew it: the suite runs GSK_RENDERER=cairo. */
  g_assert_cmpstr (isobar_run_record_get_renderer (frozen), ==, g_getenv ("GSK_RENDERER"));
  g_assert_cmpstr (isobar_run_record_get_preset (frozen), ==, "ui-thread");

  smooth = app_fixture_run_preset (f, "recommended");
  app_fixture_log_record (smooth);
  g_assert_cmpstr (isobar_run_record_get_fetch_strategy (smooth), ==, "thread-pool");
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (smooth), ==, "process-pool");
  /* How smooth it was is test-app-smooth's to check, alone on the
   * machine: beside the other display tests it would measure their load. */

  /* Only time changed: the results are the same bit for bit. */
  g_assert_nonnull (isobar_run_record_get_digest (frozen));
  g_assert_cmpstr (isobar_run_record_get_digest (frozen), ==, isobar_run_record_get_digest (smooth));

  /* The climate page shows the shown place's report, if it was in the run. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->window->places)), ==, 0);
  g_assert_cmpstr (isobar_climate_view_get_state (f->window->climate_view), ==, "empty");
}

static gboolean
run_has_progress (gpointer user_data)
{
  AppFixture *f = user_data;

  return isobar_run_controller_get_fraction (f->controller) > 0.0;
}

static gboolean
climate_progress_shown (AppFixture *f)
{
  GObject *revealer = gtk_widget_get_template_child (GTK_WIDGET (f->window->climate_view),
                                                     ISOBAR_TYPE_CLIMATE_VIEW, "progress_revealer");

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static gboolean
climate_progress_hidden (gpointer user_data)
{
  return !climate_progress_shown (user_data);
}

static gboolean
climate_progress_revealed (gpointer user_data)
{
  return climate_progress_shown (user_data);
}

static void
cancel_body (AppFixture *f)
{
  g_autoptr(IsobarRunRecord) after = NULL;

  /* A slow server, so that the run is surely still going when cancelled. */
  g_settings_set_uint (f->settings, "simulator-latency", 1500);
  app_fixture_activate (f, "preset", g_variant_new_string ("recommended"));
  app_fixture_activate (f, "run", NULL);
  g_assert_true (run_going (f));

  /* The run's progress shows once: in the panel while it is shown, on the
   * climate page while it is not. */
  g_settings_set_boolean (f->settings, "panel-visible", TRUE);
  g_assert_true (display_wait_for (climate_progress_hidden, f, DISPLAY_WAIT_SECONDS, "the climate page's bar hidden"));
  g_settings_set_boolean (f->settings, "panel-visible", FALSE);
  g_assert_true (display_wait_for (climate_progress_revealed, f, DISPLAY_WAIT_SECONDS, "the climate page's bar shown"));

  display_settle (200);
  app_fixture_activate (f, "cancel", NULL);
  g_assert_true (display_wait_for (app_fixture_run_over, f, DISPLAY_WAIT_SECONDS, "the cancelled run to stop"));
  g_assert_cmpuint (app_fixture_n_runs (f), ==, 0);
  g_assert_cmpstr (isobar_run_controller_get_error (f->controller), ==, NULL);
  g_assert_true (g_str_has_prefix (isobar_run_controller_get_status (f->controller), "Cancelled"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "run"));

  /* Escape stops a run too, through the window's shortcut. */
  app_fixture_activate (f, "run", NULL);
  g_assert_true (display_wait_for (run_has_progress, f, DISPLAY_WAIT_SECONDS, "some progress"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "app.cancel", NULL);
  g_assert_true (display_wait_for (app_fixture_run_over, f, DISPLAY_WAIT_SECONDS, "the run to stop"));
  g_assert_cmpuint (app_fixture_n_runs (f), ==, 0);

  /* The app is still usable: the next run goes through. */
  g_settings_set_uint (f->settings, "simulator-latency", 0);
  after = app_fixture_run_preset (f, "recommended");
  g_assert_nonnull (isobar_run_record_get_digest (after));
}

static gboolean
file_exists (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_EXISTS);
}

/* Export Trace: the last run (python-multiprocessing) alone, its jobs on
 * the helper processes that ran them. */
static void
assert_trace_export (AppFixture *f,
                     const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *events;
  guint runs = 0, jobs = 0;

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "export-trace"));
  app_fixture_activate (f, "export-trace", g_variant_new_string (path));
  g_assert_true (display_wait_for (file_exists, (gpointer) path, DISPLAY_WAIT_SECONDS, "the trace file"));
  display_settle (100);

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (root, "otherData"),
                                                           "run 1"), "python-multiprocessing"));
  events = json_object_get_array_member (root, "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *category = json_object_get_string_member_with_default (event, "cat", "");

      runs += g_str_equal (category, "run");
      if (g_str_equal (category, "job"))
        {
          g_assert_cmpint (json_object_get_int_member (event, "pid"), !=, getpid ());
          jobs++;
        }
    }
  g_assert_cmpuint (runs, ==, 1);
  g_assert_cmpuint (jobs, >, 0);
}

static gboolean
window_says_sandbox (gpointer user_data)
{
  AppFixture *f = user_data;

  return display_find_label_text (GTK_WIDGET (f->window), "the sandbox keeps") != NULL;
}

/* In a Flatpak, an export to a path the host cannot see lands in the app's
 * exports folder, and the toast says where: the sandbox is told apart by
 * its info file, here a stand-in named by ISOBAR_FLATPAK_INFO. */
static void
assert_sandboxed_export (AppFixture *f)
{
  g_autofree char *info = g_build_filename (f->tmp_dir, "flatpak-info", NULL);
  g_autofree char *asked = g_build_filename (f->tmp_dir, "lost.csv", NULL);
  g_autofree char *exports = isobar_sandbox_get_exports_dir ();
  g_autofree char *landed = g_build_filename (exports, "lost.csv", NULL);
  g_autofree char *expected = g_strdup_printf ("Exported 2 runs to “%s”: the sandbox keeps “%s” to itself",
                                               landed, asked);
  g_autoptr(GError) error = NULL;
  const char *toast;

  g_file_set_contents (info, "[Application]\nname=io.github.isobar.Isobar\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("ISOBAR_FLATPAK_INFO", info, TRUE);
  app_fixture_activate (f, "export-runs", g_variant_new_string (asked));
  g_assert_true (display_wait_for (file_exists, landed, DISPLAY_WAIT_SECONDS, "the export in the app's folder"));
  display_settle (100);
  g_unsetenv ("ISOBAR_FLATPAK_INFO");

  g_assert_false (g_file_test (asked, G_FILE_TEST_EXISTS));
  g_assert_true (display_wait_for (window_says_sandbox, f, DISPLAY_WAIT_SECONDS, "the toast"));
  toast = display_find_label_text (GTK_WIDGET (f->window), "the sandbox keeps");
  g_assert_cmpstr (toast, ==, expected);
}

static void
export_body (AppFixture *f)
{
  g_autofree char *csv_path = g_build_filename (f->tmp_dir, "runs.csv", NULL);
  g_autofree char *json_path = g_build_filename (f->tmp_dir, "runs.json", NULL);
  g_autofree char *trace_path = g_build_filename (f->tmp_dir, "trace.json", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) lines = NULL;
  g_autoptr(IsobarRunRecord) first = NULL;
  g_autoptr(IsobarRunRecord) second = NULL;
  JsonArray *array;

  g_settings_set_uint (f->settings, "analysis-depth", 0);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "export-runs"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "export-trace"));
  first = app_fixture_run_preset (f, "python-threads");
  second = app_fixture_run_preset (f, "python-multiprocessing");
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (first), ==, "gil-threads");
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (second), ==, "pickle-pool");

  /* First, while no other toast is queued before its own. */
  assert_sandboxed_export (f);

  app_fixture_activate (f, "export-runs", g_variant_new_string (csv_path));
  app_fixture_activate (f, "export-runs", g_variant_new_string (json_path));
  g_assert_true (display_wait_for (file_exists, csv_path, DISPLAY_WAIT_SECONDS, "the CSV file"));
  g_assert_true (display_wait_for (file_exists, json_path, DISPLAY_WAIT_SECONDS, "the JSON file"));
  display_settle (100);

  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\r\n", -1);
  /* A header, two rows, and the empty string after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, isobar_run_record_csv_header ());
  g_assert_true (strstr (lines[1], "gil-threads") != NULL);
  g_assert_true (strstr (lines[2], "pickle-pool") != NULL);

  g_assert_true (g_file_get_contents (json_path, &json, NULL, &error));
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(IsobarRunRecord) read = isobar_run_record_new_from_json_node (json_array_get_element (array, i),
                                                                              &error);

      g_assert_no_error (error);
      g_assert_cmpstr (isobar_run_record_get_digest (read), ==, isobar_run_record_get_digest (i == 0 ? first : second));
    }

  assert_trace_export (f, trace_path);

  /* Clearing empties the comparison and disables export. */
  app_fixture_activate (f, "clear-runs", NULL);
  g_assert_cmpuint (app_fixture_n_runs (f), ==, 0);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "export-runs"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "export-trace"));
}

static gboolean
have_runs (gpointer user_data)
{
  AppFixture *f = user_data;

  return app_fixture_n_runs (f) > 0 && !isobar_run_controller_get_running (f->controller);
}

/* A real pointer click on the panel's Run button, through the X server. */
static void
click_run_body (AppFixture *f)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GtkWidget *button;
  GdkSurface *surface;
  graphene_point_t point;
  double dx, dy;
  g_autofree char *window_id = NULL;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  g_autoptr(GSubprocess) click = NULL;
  g_autoptr(GError) error = NULL;

  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("xdotool clicks need an X11 display");
      return;
    }
  g_assert_nonnull (xdotool);

  g_settings_set_uint (f->settings, "analysis-depth", 0);
  g_settings_set_boolean (f->settings, "panel-visible", TRUE);
  display_settle (500);

  button = GTK_WIDGET (isobar_responsiveness_panel_get_run_button (f->window->panel));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_compute_point (button, GTK_WIDGET (f->window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (button) / 2.0,
                                                                 gtk_widget_get_height (button) / 2.0),
                                           &point));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &dx, &dy);
  surface = gtk_native_get_surface (GTK_NATIVE (f->window));

  window_id = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  x = g_strdup_printf ("%d", (int) (point.x + dx));
  y = g_strdup_printf ("%d", (int) (point.y + dy));
  click = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, xdotool,
                            "mousemove", "--window", window_id, x, y, "click", "1", NULL);
  g_assert_no_error (error);

  g_assert_true (display_wait_for (have_runs, f, APP_RUN_SECONDS, "the run the click started"));
  g_assert_cmpuint (app_fixture_n_runs (f), ==, 1);
  g_subprocess_wait (click, NULL, NULL);
  g_assert_true (g_subprocess_get_successful (click));
#else
  g_test_skip ("built without X11");
#endif
}

static gboolean
run_half_way (gpointer user_data)
{
  AppFixture *f = user_data;

  return isobar_run_controller_get_fraction (f->controller) >= 0.3;
}

static gboolean
forecast_shown (gpointer user_data)
{
  AppFixture *f = user_data;

  return !isobar_forecast_loader_get_fetching (f->window->loader) &&
         g_strcmp0 (isobar_forecast_view_get_state (f->window->forecast_view), "forecast") == 0;
}

static void
save_places (GSettings *settings,
             guint      n)
{
  g_autoptr(GPtrArray) places = isobar_sample_places_new (n);
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a(xssssdds)"));

  for (guint i = 0; i < places->len; i++)
    g_variant_builder_add_value (builder, isobar_location_to_variant (g_ptr_array_index (places, i)));
  g_settings_set_value (settings, "saved-locations", g_variant_builder_end (builder));
  g_settings_set_value (settings, "selected-location",
                        g_variant_new_maybe (G_VARIANT_TYPE ("(xssssdds)"),
                                             isobar_location_to_variant (g_ptr_array_index (places, 0))));
}

/* The states the README and the metainfo show, each page in light and
 * dark style: build-aux/dev.sh screenshots copies them to data/screenshots. */
static void
screenshots_body (AppFixture *f)
{
  g_autoptr(IsobarRunRecord) first = NULL;
  g_autoptr(IsobarRunRecord) second = NULL;
  g_autoptr(IsobarRunRecord) third = NULL;

  g_assert_true (display_wait_for (forecast_shown, f, DISPLAY_WAIT_SECONDS, "the forecast"));
  app_fixture_show_view (f, "forecast");
  app_fixture_shoot (f, "forecast");

  /* Three runs to compare, each chosen a moment before it is run, as a
   * user does: the window has drawn what the last run changed, and the
   * helpers of a preset that uses them have started. */
  first = app_fixture_run_preset (f, "ui-thread");
  app_fixture_activate (f, "preset", g_variant_new_string ("recommended"));
  display_settle (1000);
  second = app_fixture_run_preset (f, "recommended");
  app_fixture_activate (f, "preset", g_variant_new_string ("python-threads"));
  display_settle (1000);
  third = app_fixture_run_preset (f, "python-threads");
  app_fixture_log_record (first);
  app_fixture_log_record (second);
  app_fixture_log_record (third);

  app_fixture_show_view (f, "climate");
  g_assert_cmpstr (isobar_climate_view_get_state (f->window->climate_view), ==, "report");
  app_fixture_shoot (f, "climate");

  app_fixture_show_view (f, "runs");
  app_fixture_shoot (f, "runs");

  /* The panel in the middle of a run, beside the climate page: a run deep
   * enough to outlast the two shots (a second or more) that follow 30 %. */
  app_fixture_show_view (f, "climate");
  g_settings_set_uint (f->settings, "simulator-latency", 1500);
  g_settings_set_uint (f->settings, "analysis-depth", 8 * ISOBAR_DEFAULT_RESAMPLES);
  app_fixture_activate (f, "preset", g_variant_new_string ("recommended"));
  app_fixture_activate (f, "run", NULL);
  g_assert_true (display_wait_for (run_half_way, f, APP_RUN_SECONDS, "the run to be under way"));
  app_fixture_shoot (f, "running");
  g_assert_true (isobar_run_controller_get_running (f->controller));
}

static void
test_app_screenshots (AppFixture    *f,
                      gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  g_settings_set_int (f->settings, "window-width", 1480);
  g_settings_set_int (f->settings, "window-height", 920);
  g_settings_set_boolean (f->settings, "sidebar-visible", FALSE);
  g_settings_set_boolean (f->settings, "panel-visible", TRUE);
  g_settings_set_uint (f->settings, "run-places", 8);
  g_settings_set_uint (f->settings, "analysis-years", 40);
  g_settings_set_uint (f->settings, "analysis-depth", 10000);
  g_settings_set_uint (f->settings, "simulator-latency", 100);
  save_places (f->settings, 8);
  app_fixture_run (f, screenshots_body);
}

/* What the window showed each time the forecast's fetching changed. */
typedef struct
{
  AppFixture *f;
  guint       fetches_in_run;   /* refreshes that began while a run ran */
  guint       spinner_in_run;   /* changes with the header's spinner on during a run */
  guint       spinner_outside;  /* fetches outside runs with the spinner on */
} RefreshSeen;

/* Connected after the window's own handler: sees what it made of it. */
static void
on_fetching_changed (IsobarForecastLoader *loader,
                     GParamSpec           *pspec,
                     RefreshSeen          *seen)
{
  gboolean running = isobar_run_controller_get_running (seen->f->controller);
  gboolean fetching = isobar_forecast_loader_get_fetching (loader);
  gboolean spinner = gtk_widget_get_visible (GTK_WIDGET (seen->f->window->refresh_spinner));

  if (running && fetching)
    seen->fetches_in_run++;
  if (running && spinner)
    seen->spinner_in_run++;
  if (!running && fetching && spinner)
    seen->spinner_outside++;
}

/* A run refreshes the forecast on screen; its progress is the run's, so
 * the header's spinner, which says so outside runs, stays hidden, while
 * the forecast view says it is refreshing. */
static void
refresh_during_run_body (AppFixture *f)
{
  RefreshSeen seen = { f, 0, 0, 0 };
  g_autoptr(IsobarRunRecord) record = NULL;
  gulong id;

  g_assert_true (display_wait_for (forecast_shown, f, DISPLAY_WAIT_SECONDS, "the forecast"));
  id = g_signal_connect (f->window->loader, "notify::fetching", G_CALLBACK (on_fetching_changed), &seen);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL);
  g_assert_true (display_wait_for (forecast_shown, f, DISPLAY_WAIT_SECONDS, "the refreshed forecast"));
  g_assert_cmpuint (seen.spinner_outside, ==, 1);

  record = app_fixture_run_preset (f, "recommended");
  g_assert_true (display_wait_for (forecast_shown, f, DISPLAY_WAIT_SECONDS, "the forecast after the run"));
  g_signal_handler_disconnect (f->window->loader, id);

  g_test_message ("%u refreshes during the run, the spinner on in %u", seen.fetches_in_run, seen.spinner_in_run);
  g_assert_cmpuint (seen.fetches_in_run, ==, 1);
  g_assert_cmpuint (seen.spinner_in_run, ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window->refresh_spinner)));
}

static void
test_app_refresh_during_run (AppFixture    *f,
                             gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  g_settings_set_uint (f->settings, "simulator-latency", 300);
  save_places (f->settings, 1);
  app_fixture_run (f, refresh_during_run_body);
}

APP_TEST (presets)
APP_TEST (cancel)
APP_TEST (export)
APP_TEST (click_run)

int
main (int   argc,
      char *argv[])
{
  display_remember_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  display_init ();

  g_test_add ("/app/presets", AppFixture, NULL, app_fixture_set_up, test_app_presets, app_fixture_tear_down);
  g_test_add ("/app/cancel", AppFixture, NULL, app_fixture_set_up, test_app_cancel, app_fixture_tear_down);
  g_test_add ("/app/export", AppFixture, NULL, app_fixture_set_up, test_app_export, app_fixture_tear_down);
  g_test_add ("/app/click-run", AppFixture, NULL, app_fixture_set_up, test_app_click_run, app_fixture_tear_down);
  g_test_add ("/app/refresh-during-run", AppFixture, NULL, app_fixture_set_up, test_app_refresh_during_run,
              app_fixture_tear_down);
  g_test_add ("/app/screenshots", AppFixture, NULL, app_fixture_set_up, test_app_screenshots, app_fixture_tear_down);

  return g_test_run ();
}
