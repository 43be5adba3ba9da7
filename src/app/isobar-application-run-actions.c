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

/* One export in flight: what to say when it is over. */
typedef struct
{
  IsobarApplication     *app;     /* (owned) */
  IsobarRunExportFormat  format;
  guint                  n_runs;
  char                  *asked;   /* (owned) (nullable) the path asked for, when the sandbox moved it */
  char                  *path;    /* (owned) where it was written */
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->app);
  g_free (export->asked);
  g_free (export->path);
  g_free (export);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Export *export = user_data;
  gboolean trace = export->format == ISOBAR_RUN_EXPORT_TRACE_EVENTS;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!isobar_run_export_finish (result, &error))
    /* Translators: %s is an error message */
    text = g_strdup_printf (trace ? _("Could not export the trace: %s") : _("Could not export the runs: %s"),
                            error->message);
  else if (export->asked != NULL && trace)
    /* Translators: a toast after exporting a run for Perfetto UI inside a
     * Flatpak sandbox; the first %s is where the file went, the second
     * where it was asked to go */
    text = g_strdup_printf (_("Exported the trace of the last run to “%s”: the sandbox keeps “%s” to itself"),
                            export->path, export->asked);
  else if (export->asked != NULL)
    /* Translators: a toast after exporting the runs inside a Flatpak
     * sandbox; %u is the number of runs, the first %s where the file went,
     * the second where it was asked to go */
    text = g_strdup_printf (ngettext ("Exported %u run to “%s”: the sandbox keeps “%s” to itself",
                                      "Exported %u runs to “%s”: the sandbox keeps “%s” to itself",
                                      export->n_runs),
                            export->n_runs, export->path, export->asked);
  else if (trace)
    /* Translators: a toast after exporting a run for Perfetto UI */
    text = g_strdup (_("Exported the trace of the last run"));
  else
    /* Translators: a toast after exporting the runs */
    text = g_strdup_printf (ngettext ("Exported %u run", "Exported %u runs", export->n_runs), export->n_runs);

  tell (export->app, text);
  export_free (export);
}

static void
export_records (IsobarApplication      *self,
                GPtrArray              *records,
                const char             *path,
                IsobarRunExportFormat   format)
{
  Export *export = g_new0 (Export, 1);
  gboolean moved;
  g_autoptr(GFile) file = NULL;

  /* In a Flatpak, a path outside what the host sees goes to the app's
   * exports folder, and the toast says where. */
  export->path = isobar_sandbox_reachable_path (path, &moved);
  export->asked = moved ? g_strdup (path) : NULL;
  file = g_file_new_for_path (export->path);
  export->app = g_object_ref (self);
  export->format = format;
  export->n_runs = records->len;
  isobar_run_export_async ((IsobarRunRecord * const *) records->pdata, records->len, file, format,
                           NULL, on_export_done, export);
}

/* Every kept run to the path: CSV when it ends in ".csv", JSON otherwise. */
static void
export_runs_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GListModel *runs = isobar_run_controller_get_runs (controller_of (user_data));
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_runs = g_list_model_get_n_items (runs);

  if (n_runs == 0)
    {
      tell (ISOBAR_APPLICATION (user_data), _("There are no runs to export yet."));
      return;
    }

  for (guint i = 0; i < n_runs; i++)
    g_ptr_array_add (records, g_list_model_get_item (runs, i));
  export_records (ISOBAR_APPLICATION (user_data), records, path, isobar_run_export_format_for_path (path));
}

/* The last run, if it has a timeline (only Isobar's own runs do). */
static IsobarRunRecord *
dup_last_traced_run (GListModel *runs)
{
  guint n_runs = g_list_model_get_n_items (runs);
  g_autoptr(IsobarRunRecord) last = n_runs > 0 ? g_list_model_get_item (runs, n_runs - 1) : NULL;

  return last != NULL && isobar_run_record_get_timeline (last) != NULL ? g_steal_pointer (&last) : NULL;
}

/* The last run to the path, as a trace for Perfetto UI and chrome://tracing. */
static void
export_trace_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  GListModel *runs = isobar_run_controller_get_runs (controller_of (user_data));
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  IsobarRunRecord *last = dup_last_traced_run (runs);

  if (last == NULL)
    {
      tell (ISOBAR_APPLICATION (user_data),
            _("The last run has no trace to export: only Isobar’s own runs have one, not real Python’s."));
      return;
    }

  g_ptr_array_add (records, last);
  export_records (ISOBAR_APPLICATION (user_data), records, g_variant_get_string (param, NULL),
                  ISOBAR_RUN_EXPORT_TRACE_EVENTS);
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
  gboolean any = g_list_model_get_n_items (runs) > 0;
  g_autoptr(IsobarRunRecord) traced = dup_last_traced_run (runs);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "export-runs")), any);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "export-trace")),
                               traced != NULL);
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
