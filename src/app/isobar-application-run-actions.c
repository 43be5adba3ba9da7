/* isobar-application-run-actions.c: the actions of the responsiveness panel
 * and the runs page (app.run, app.run-cpython, app.cancel, app.preset,
 * app.export-runs, app.export-trace, app.clear-runs and one per strategy
 * setting), so that the panel, keyboard shortcuts and outside tools
 * (gapplication action, D-Bus) drive the same code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-application-private.h"

/* The settings behind the panel's detailed choices: app.fetch-strategy
 * ('thread-pool'), app.fetch-concurrency (uint32 8), … */
static const char * const setting_actions[] = {
  "fetch-strategy",
  "fetch-concurrency",
  "compute-strategy",
  "compute-workers",
  "switch-interval-ms",
  "analysis-depth",
  "analysis-years",
  "run-places",
  "simulator-latency",
  "data-source",
};

static IsobarRunController *
controller_of (gpointer user_data)
{
  return isobar_application_get_run_controller (ISOBAR_APPLICATION (user_data));
}

/* Tells the user: the windows watching the runs show it. */
static void
tell (IsobarApplication *self,
      const char        *text)
{
  isobar_run_controller_tell (isobar_application_get_run_controller (self), text);
}

/* No window shows it: the terminal the app was started from does. */
static void
on_message (IsobarApplication   *self,
            const char          *text,
            IsobarRunController *controller)
{
  if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
    g_printerr ("%s\n", text);
}

static void
run_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  isobar_run_controller_run (controller_of (user_data));
}

static void
run_cpython_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  isobar_run_controller_run_python (controller_of (user_data));
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  isobar_run_controller_cancel (controller_of (user_data));
}

static void
clear_runs_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  isobar_run_controller_clear_runs (controller_of (user_data));
}

static void
preset_change_state (GSimpleAction *action,
                     GVariant      *state,
                     gpointer       user_data)
{
  g_autoptr(GError) error = NULL;

  if (!isobar_run_controller_apply_preset (controller_of (user_data), g_variant_get_string (state, NULL), &error))
    tell (ISOBAR_APPLICATION (user_data), error->message);
}

/* An export asked for over D-Bus or with gapplication: its words go to
 * every window (or the terminal when there is none). */
static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IsobarApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = isobar_run_controller_export_finish (ISOBAR_RUN_CONTROLLER (source), result, &error);

  tell (self, text != NULL ? text : error->message);
}

static void
export (IsobarApplication         *self,
        IsobarRunControllerExport  what,
        const char                *path)
{
  isobar_run_controller_export_async (controller_of (self), what, path, NULL, on_export_done, g_object_ref (self));
}

/* Every kept run to the path: CSV when it ends in ".csv", JSON otherwise. */
static void
export_runs_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  export (ISOBAR_APPLICATION (user_data), ISOBAR_RUN_CONTROLLER_EXPORT_RUNS, g_variant_get_string (param, NULL));
}

/* The last run to the path, as a trace for Perfetto UI and chrome://tracing. */
static void
export_trace_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  export (ISOBAR_APPLICATION (user_data), ISOBAR_RUN_CONTROLLER_EXPORT_TRACE, g_variant_get_string (param, NULL));
}

static const GActionEntry run_actions[] = {
  { .name = "run", .activate = run_action },
  { .name = "run-cpython", .activate = run_cpython_action },
  { .name = "cancel", .activate = cancel_action },
  { .name = "clear-runs", .activate = clear_runs_action },
  { .name = "export-runs", .activate = export_runs_action, .parameter_type = "s" },
  { .name = "export-trace", .activate = export_trace_action, .parameter_type = "s" },
  { .name = "preset", .parameter_type = "s", .state = "'recommended'", .change_state = preset_change_state },
};

static void
on_preset_changed (IsobarApplication *self,
                   const char        *key,
                   GSettings         *settings)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "preset");
  g_autoptr(GVariant) preset = g_settings_get_value (settings, "preset");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), preset);
}

static void
on_running_changed (IsobarApplication   *self,
                    GParamSpec          *pspec,
                    IsobarRunController *controller)
{
  gboolean running = isobar_run_controller_get_running (controller);
  GAction *run = g_action_map_lookup_action (G_ACTION_MAP (self), "run");
  GAction *cancel = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel");
  GAction *run_cpython = g_action_map_lookup_action (G_ACTION_MAP (self), "run-cpython");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (run), !running);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (cancel), running);
  /* Real Python analyses the archives of the last run: there must be one. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (run_cpython),
                               !running && isobar_run_controller_get_python_ready (controller));
}

static void
on_runs_changed (IsobarApplication *self,
                 guint              position,
                 guint              removed,
                 guint              added,
                 GListModel        *runs)
{
  IsobarRunController *controller = controller_of (self);
  gboolean any = isobar_run_controller_can_export (controller, ISOBAR_RUN_CONTROLLER_EXPORT_RUNS);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "export-runs")), any);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "export-trace")),
                               isobar_run_controller_can_export (controller, ISOBAR_RUN_CONTROLLER_EXPORT_TRACE));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "clear-runs")), any);
}

void
_isobar_application_add_run_actions (IsobarApplication *self)
{
  GSettings *settings = isobar_application_get_settings (self);
  IsobarRunController *controller = isobar_application_get_run_controller (self);
  GListModel *runs = isobar_run_controller_get_runs (controller);
  const char *run_accels[] = { "<Control>Return", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), run_actions, G_N_ELEMENTS (run_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (setting_actions); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (settings, setting_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (self), action);
    }

  g_signal_connect_object (settings, "changed::preset", G_CALLBACK (on_preset_changed), self, G_CONNECT_SWAPPED);
  on_preset_changed (self, "preset", settings);

  g_signal_connect_object (controller, "notify::running", G_CALLBACK (on_running_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "notify::python-ready", G_CALLBACK (on_running_changed),
                           self, G_CONNECT_SWAPPED);
  on_running_changed (self, NULL, controller);
  g_signal_connect_object (runs, "items-changed", G_CALLBACK (on_runs_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "message", G_CALLBACK (on_message), self, G_CONNECT_SWAPPED);
  on_runs_changed (self, 0, 0, 0, runs);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.run", run_accels);
}

/* The settings actions listen to the settings, which may outlive the app:
 * take them out of the app before it goes, so that no change reaches a
 * group that is gone. */
void
_isobar_application_remove_run_actions (IsobarApplication *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_actions); i++)
    g_action_map_remove_action (G_ACTION_MAP (self), setting_actions[i]);
  for (guint i = 0; i < G_N_ELEMENTS (run_actions); i++)
    g_action_map_remove_action (G_ACTION_MAP (self), run_actions[i].name);
}
