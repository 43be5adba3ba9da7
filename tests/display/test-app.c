/* test-app.c: the whole application driven through its actions, as the
 * panel, shortcuts and `gapplication action` drive it: runs under the
 * Recommended and the UI-thread presets against the simulator, cancel,
 * export, and a real click on the Run button with xdotool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <string.h>
#include <sys/wait.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "isobar-application.h"
#include "isobar-core.h"
#include "isobar-window-private.h"

#include "display-util.h"

/* A run long enough that the analysis on the UI thread is one long task,
 * short enough for CI: 3 places × 20 years. */
#define RUN_PLACES 4
#define RUN_YEARS 20
#define RUN_DEPTH 20000
#define RUN_SECONDS 180

typedef struct
{
  IsobarApplication   *app;
  IsobarRunController *controller;
  IsobarWindow        *window;
  GSettings           *settings;
  char                *tmp_dir;
} Fixture;

static void
reset_settings (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  if (display_skip_without ())
    return;

  /* The memory backend lives as long as the process: start clean. */
  f->settings = g_settings_new ("io.github.isobar.Isobar");
  reset_settings (f->settings);
  g_settings_set_string (f->settings, "data-source", "simulator");
  g_settings_set_uint (f->settings, "run-places", RUN_PLACES);
  g_settings_set_uint (f->settings, "analysis-years", RUN_YEARS);
  g_settings_set_uint (f->settings, "analysis-depth", RUN_DEPTH);
  g_settings_set_uint (f->settings, "simulator-latency", 20);
  g_settings_set_int (f->settings, "window-width", 1400);
  g_settings_set_int (f->settings, "window-height", 900);

  f->tmp_dir = g_dir_make_tmp ("isobar-test-app-XXXXXX", &error);
  g_assert_no_error (error);

}

typedef void (*AppBody) (Fixture *f);

static void
on_activate (GApplication *app,
             Fixture      *f)
{
  AppBody body = g_object_get_data (G_OBJECT (app), "test-body");

  f->controller = isobar_application_get_run_controller (f->app);
  f->window = ISOBAR_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (f->app)));
  g_assert_nonnull (f->controller);
  g_assert_nonnull (f->window);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  display_settle (300);

  body (f);

  if (isobar_run_controller_get_running (f->controller))
    g_action_group_activate_action (G_ACTION_GROUP (app), "cancel", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* The real application, run as main() runs it (so that it registers on
 * the session bus and unregisters at the end), with @body called once its
 * window is up; @body drives it through its actions. */
static void
run_app (Fixture *f,
         AppBody  body)
{
  f->app = isobar_application_new ();
  g_object_set_data (G_OBJECT (f->app), "test-body", body);
  g_signal_connect_after (f->app, "activate", G_CALLBACK (on_activate), f);
  g_assert_cmpint (g_application_run (G_APPLICATION (f->app), 0, NULL), ==, 0);
  g_assert_null (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  if (f->app != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (f->app), (gpointer *) &f->app);
      g_object_unref (f->app);
      /* Nothing may keep the application alive once it has quit. */
      g_assert_null (f->app);
    }
  g_clear_object (&f->settings);
  if (f->tmp_dir != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (f->tmp_dir);
      g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                       G_FILE_QUERY_INFO_NONE, NULL, NULL);
      GFile *child;

      while (children != NULL && g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
        g_file_delete (child, NULL, NULL);
      g_file_delete (dir, NULL, NULL);
    }
  g_clear_pointer (&f->tmp_dir, g_free);

  /* No helper or simulator is left as a zombie either. */
  while (waitpid (-1, NULL, WNOHANG) > 0)
    ;
  g_assert_cmpint (waitpid (-1, NULL, WNOHANG), ==, -1);
  g_assert_cmpint (errno, ==, ECHILD);
}

/* Steps */

static guint
n_runs (Fixture *f)
{
  return g_list_model_get_n_items (isobar_run_controller_get_runs (f->controller));
}

static gboolean
run_over (gpointer user_data)
{
  Fixture *f = user_data;

  return !isobar_run_controller_get_running (f->controller);
}

static gboolean
run_going (gpointer user_data)
{
  Fixture *f = user_data;

  return isobar_run_controller_get_running (f->controller);
}

static void
activate (Fixture    *f,
          const char *name,
          GVariant   *parameter)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), name));
  g_action_group_activate_action (G_ACTION_GROUP (f->app), name, parameter);
}

/* Runs under @preset through the actions; returns the new record. */
static IsobarRunRecord *
run_preset (Fixture    *f,
            const char *preset)
{
  guint before = n_runs (f);
  g_autoptr(GVariant) state = NULL;

  activate (f, "preset", g_variant_new_string (preset));
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->app), "preset");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, preset);

  activate (f, "run", NULL);
  g_assert_true (isobar_run_controller_get_running (f->controller));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "run"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "cancel"));

  g_assert_true (display_wait_for (run_over, f, RUN_SECONDS, "the run to end"));
  g_assert_cmpstr (isobar_run_controller_get_error (f->controller), ==, NULL);
  g_assert_cmpuint (n_runs (f), ==, before + 1);
  g_test_message ("%s: %s", preset, isobar_run_controller_get_status (f->controller));

  return g_list_model_get_item (isobar_run_controller_get_runs (f->controller), n_runs (f) - 1);
}

static void
log_record (IsobarRunRecord *record)
{
  const IsobarRunFigures *figures = isobar_run_record_get_figures (record);
  const IsobarRunFrames *frames = isobar_run_record_get_frames (record);
  g_autofree char *verdict = isobar_verdict_describe (record);

  g_test_message ("%s + %s: wall %.0f ms, compute %.0f ms, max %.1f ms, p99 %.1f ms, long tasks %u "
                  "(%.0f ms), fps %.1f, dropped %u, longest frame %.1f ms",
                  isobar_run_record_get_fetch_strategy (record),
                  isobar_run_record_get_compute_strategy (record),
                  figures->wall_ms, figures->compute_ms, figures->lateness.max, figures->lateness.p99,
                  figures->lateness.long_tasks, figures->lateness.blocked_ms,
                  frames->fps, frames->dropped_frames, frames->longest_frame_ms);
  g_test_message ("Verdict: %s", verdict);
}

/* Cases */

static void
presets_body (Fixture *f)
{
  g_autoptr(IsobarRunRecord) frozen = NULL;
  g_autoptr(IsobarRunRecord) smooth = NULL;
  const IsobarRunFigures *figures;
  g_autoptr(GVariant) fetch = NULL;

  /* The preset sets the strategies, which outside tools can read. */
  frozen = run_preset (f, "ui-thread");
  fetch = g_action_group_get_action_state (G_ACTION_GROUP (f->app), "fetch-strategy");
  g_assert_cmpstr (g_variant_get_string (fetch, NULL), ==, "ui-thread");
  log_record (frozen);
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (frozen), ==, "ui-thread");
  figures = isobar_run_record_get_figures (frozen);
  g_assert_cmpuint (figures->lateness.long_tasks, >=, 1);
  g_assert_cmpfloat (figures->lateness.max, >=, ISOBAR_LONG_TASK_MS);
  g_assert_true (isobar_run_record_get_frames (frozen)->has_frames);
  g_assert_cmpint (isobar_verdict_level (frozen), !=, ISOBAR_VERDICT_SMOOTH);

  smooth = run_preset (f, "recommended");
  log_record (smooth);
  g_assert_cmpstr (isobar_run_record_get_fetch_strategy (smooth), ==, "thread-pool");
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (smooth), ==, "process-pool");
  figures = isobar_run_record_get_figures (smooth);
  g_assert_cmpuint (figures->lateness.long_tasks, ==, 0);

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
  Fixture *f = user_data;

  return isobar_run_controller_get_fraction (f->controller) > 0.0;
}

static void
cancel_body (Fixture *f)
{
  g_autoptr(IsobarRunRecord) after = NULL;

  /* A slow server, so that the run is surely still going when cancelled. */
  g_settings_set_uint (f->settings, "simulator-latency", 1500);
  activate (f, "preset", g_variant_new_string ("recommended"));
  activate (f, "run", NULL);
  g_assert_true (run_going (f));
  display_settle (200);
  activate (f, "cancel", NULL);
  g_assert_true (display_wait_for (run_over, f, DISPLAY_WAIT_SECONDS, "the cancelled run to stop"));
  g_assert_cmpuint (n_runs (f), ==, 0);
  g_assert_cmpstr (isobar_run_controller_get_error (f->controller), ==, NULL);
  g_assert_true (g_str_has_prefix (isobar_run_controller_get_status (f->controller), "Cancelled"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "run"));

  /* Escape stops a run too, through the window's shortcut. */
  activate (f, "run", NULL);
  g_assert_true (display_wait_for (run_has_progress, f, DISPLAY_WAIT_SECONDS, "some progress"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "app.cancel", NULL);
  g_assert_true (display_wait_for (run_over, f, DISPLAY_WAIT_SECONDS, "the run to stop"));
  g_assert_cmpuint (n_runs (f), ==, 0);

  /* The app is still usable: the next run goes through. */
  g_settings_set_uint (f->settings, "simulator-latency", 0);
  after = run_preset (f, "recommended");
  g_assert_nonnull (isobar_run_record_get_digest (after));
}

static gboolean
file_exists (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_EXISTS);
}

static void
export_body (Fixture *f)
{
  g_autofree char *csv_path = g_build_filename (f->tmp_dir, "runs.csv", NULL);
  g_autofree char *json_path = g_build_filename (f->tmp_dir, "runs.json", NULL);
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
  first = run_preset (f, "python-threads");
  second = run_preset (f, "python-multiprocessing");
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (first), ==, "gil-threads");
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (second), ==, "pickle-pool");

  activate (f, "export-runs", g_variant_new_string (csv_path));
  activate (f, "export-runs", g_variant_new_string (json_path));
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

  /* Clearing empties the comparison and disables export. */
  activate (f, "clear-runs", NULL);
  g_assert_cmpuint (n_runs (f), ==, 0);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "export-runs"));
}

static gboolean
have_runs (gpointer user_data)
{
  Fixture *f = user_data;

  return n_runs (f) > 0 && !isobar_run_controller_get_running (f->controller);
}

/* A real pointer click on the panel's Run button, through the X server. */
static void
click_run_body (Fixture *f)
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

  g_assert_true (display_wait_for (have_runs, f, RUN_SECONDS, "the run the click started"));
  g_assert_cmpuint (n_runs (f), ==, 1);
  g_subprocess_wait (click, NULL, NULL);
  g_assert_true (g_subprocess_get_successful (click));
#else
  g_test_skip ("built without X11");
#endif
}

static gboolean
run_half_way (gpointer user_data)
{
  Fixture *f = user_data;

  return isobar_run_controller_get_fraction (f->controller) >= 0.3;
}

static gboolean
forecast_shown (gpointer user_data)
{
  Fixture *f = user_data;

  return !f->window->fetching &&
         g_strcmp0 (isobar_forecast_view_get_state (f->window->forecast_view), "forecast") == 0;
}

static void
show_view (Fixture    *f,
           const char *view)
{
  g_settings_set_string (f->settings, "view", view);
  display_settle (400);
}

/* @name-light.png and @name-dark.png. */
static void
shoot (Fixture    *f,
       const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *schemes[] = { "light", "dark" };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autofree char *file = g_strdup_printf ("screenshot-%s-%s.png", name, schemes[i]);
      g_autofree char *path = NULL;

      adw_style_manager_set_color_scheme (style, i == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                                        : ADW_COLOR_SCHEME_FORCE_DARK);
      display_settle (500);
      path = display_save_screenshot (GTK_WIDGET (f->window), file);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
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
screenshots_body (Fixture *f)
{
  g_autoptr(IsobarRunRecord) first = NULL;
  g_autoptr(IsobarRunRecord) second = NULL;
  g_autoptr(IsobarRunRecord) third = NULL;

  g_assert_true (display_wait_for (forecast_shown, f, DISPLAY_WAIT_SECONDS, "the forecast"));
  show_view (f, "forecast");
  shoot (f, "forecast");

  /* Three runs to compare. */
  first = run_preset (f, "ui-thread");
  second = run_preset (f, "recommended");
  third = run_preset (f, "python-threads");

  show_view (f, "climate");
  g_assert_cmpstr (isobar_climate_view_get_state (f->window->climate_view), ==, "report");
  shoot (f, "climate");

  show_view (f, "runs");
  shoot (f, "runs");

  /* The panel in the middle of a run, beside the climate page. */
  show_view (f, "climate");
  g_settings_set_uint (f->settings, "simulator-latency", 1500);
  g_settings_set_uint (f->settings, "analysis-depth", ISOBAR_DEFAULT_RESAMPLES);
  activate (f, "preset", g_variant_new_string ("recommended"));
  activate (f, "run", NULL);
  g_assert_true (display_wait_for (run_half_way, f, RUN_SECONDS, "the run to be under way"));
  shoot (f, "running");
  g_assert_true (isobar_run_controller_get_running (f->controller));
}

static void
test_app_screenshots (Fixture       *f,
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
  run_app (f, screenshots_body);
}

/* Each case runs the whole application once. */
#define APP_TEST(name)                                  \
  static void                                           \
  test_app_##name (Fixture       *f,                    \
                   gconstpointer  user_data)            \
  {                                                     \
    if (!display_skip_without ())                       \
      run_app (f, name##_body);                         \
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

  g_test_add ("/app/presets", Fixture, NULL, fixture_set_up, test_app_presets, fixture_tear_down);
  g_test_add ("/app/cancel", Fixture, NULL, fixture_set_up, test_app_cancel, fixture_tear_down);
  g_test_add ("/app/export", Fixture, NULL, fixture_set_up, test_app_export, fixture_tear_down);
  g_test_add ("/app/click-run", Fixture, NULL, fixture_set_up, test_app_click_run, fixture_tear_down);
  g_test_add ("/app/screenshots", Fixture, NULL, fixture_set_up, test_app_screenshots, fixture_tear_down);

  return g_test_run ();
}
