/* app-fixture.c: the whole application, run as main() runs it, for tests
 * that drive it through its actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/wait.h>

#include "app-fixture.h"

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

void
app_fixture_set_up (AppFixture    *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  if (display_skip_without ())
    return;

  /* The memory backend lives as long as the process: start clean. */
  f->settings = g_settings_new ("io.github.isobar.Isobar");
  reset_settings (f->settings);
  g_settings_set_string (f->settings, "data-source", "simulator");
  g_settings_set_uint (f->settings, "run-places", APP_RUN_PLACES);
  g_settings_set_uint (f->settings, "analysis-years", APP_RUN_YEARS);
  g_settings_set_uint (f->settings, "analysis-depth", APP_RUN_DEPTH);
  g_settings_set_uint (f->settings, "simulator-latency", 20);
  g_settings_set_int (f->settings, "window-width", 1400);
  g_settings_set_int (f->settings, "window-height", 900);

  f->tmp_dir = g_dir_make_tmp ("isobar-test-app-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
on_activate (GApplication *app,
             AppFixture   *f)
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

/* As main() runs it, so that it registers on the session bus and
 * unregisters at the end. */
void
app_fixture_run (AppFixture *f,
                 AppBody     body)
{
  f->app = isobar_application_new ();
  if (f->non_unique)
    g_application_set_flags (G_APPLICATION (f->app),
                             g_application_get_flags (G_APPLICATION (f->app)) | G_APPLICATION_NON_UNIQUE);
  g_object_set_data (G_OBJECT (f->app), "test-body", body);
  g_signal_connect_after (f->app, "activate", G_CALLBACK (on_activate), f);
  g_assert_cmpint (g_application_run (G_APPLICATION (f->app), 0, NULL), ==, 0);
  g_assert_null (f->window);
}

void
app_fixture_tear_down (AppFixture    *f,
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

  /* No helper, simulator or Python is left as a zombie either. */
  while (waitpid (-1, NULL, WNOHANG) > 0)
    ;
  g_assert_cmpint (waitpid (-1, NULL, WNOHANG), ==, -1);
  g_assert_cmpint (errno, ==, ECHILD);
}

guint
app_fixture_n_runs (AppFixture *f)
{
  return g_list_model_get_n_items (isobar_run_controller_get_runs (f->controller));
}

gboolean
app_fixture_run_over (gpointer user_data)
{
  AppFixture *f = user_data;

  return !isobar_run_controller_get_running (f->controller);
}

void
app_fixture_activate (AppFixture *f,
                      const char *name,
                      GVariant   *parameter)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), name));
  g_action_group_activate_action (G_ACTION_GROUP (f->app), name, parameter);
}

IsobarRunRecord *
app_fixture_run_preset (AppFixture *f,
                        const char *preset)
{
  guint before = app_fixture_n_runs (f);
  g_autoptr(GVariant) state = NULL;

  app_fixture_activate (f, "preset", g_variant_new_string (preset));
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->app), "preset");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, preset);

  app_fixture_activate (f, "run", NULL);
  g_assert_true (isobar_run_controller_get_running (f->controller));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "run"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->app), "cancel"));

  g_assert_true (display_wait_for (app_fixture_run_over, f, APP_RUN_SECONDS, "the run to end"));
  g_assert_cmpstr (isobar_run_controller_get_error (f->controller), ==, NULL);
  g_assert_cmpuint (app_fixture_n_runs (f), ==, before + 1);
  g_test_message ("%s: %s", preset, isobar_run_controller_get_status (f->controller));

  return g_list_model_get_item (isobar_run_controller_get_runs (f->controller), app_fixture_n_runs (f) - 1);
}

void
app_fixture_log_record (IsobarRunRecord *record)
{
  const IsobarRunFigures *figures = isobar_run_record_get_figures (record);
  const IsobarRunFrames *frames = isobar_run_record_get_frames (record);
  g_autofree char *verdict = isobar_verdict_describe (record);

  g_test_message ("%s (%s + %s): wall %.0f ms, compute %.0f ms, max %.1f ms, p99 %.1f ms, long tasks %u "
                  "(%.0f ms), fps %.1f, dropped %u, longest frame %.1f ms",
                  isobar_run_record_get_preset (record),
                  isobar_run_record_get_fetch_strategy (record),
                  isobar_run_record_get_compute_strategy (record),
                  figures->wall_ms, figures->compute_ms, figures->lateness.max, figures->lateness.p99,
                  figures->lateness.long_tasks, figures->lateness.blocked_ms,
                  frames->fps, frames->dropped_frames, frames->longest_frame_ms);
  g_test_message ("Verdict: %s", verdict);
}

void
app_fixture_show_view (AppFixture *f,
                       const char *view)
{
  g_settings_set_string (f->settings, "view", view);
  display_settle (400);
}

void
app_fixture_shoot (AppFixture *f,
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
