/* isobar-cli-run.c: `isobar-cli run`: what the app's Run button does, from
 * a terminal: the run controller the app uses, with the app's settings
 * (places, years, depth, strategies, data source), and its record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "isobar-cli.h"
#include "isobar-cli-session.h"

#define COMMAND "run"

/* The app's settings (the same schema for the development profile). */
#define SETTINGS_SCHEMA "io.github.isobar.Isobar"

/* Progress in words, as the app's status line says it, on one line of a
 * terminal (and nowhere when stderr is not one). */
static void
on_status (IsobarRunController *controller)
{
  if (isobar_run_controller_get_running (controller))
    g_printerr ("\r%s\033[K", isobar_run_controller_get_status (controller));
  else
    g_printerr ("\r\033[K");
}

static void
on_cancelled (GCancellable        *cancellable,
              IsobarRunController *controller)
{
  isobar_run_controller_cancel (controller);
}

static void
print_record (IsobarRunRecord *record)
{
  const IsobarRunFigures *figures = isobar_run_record_get_figures (record);
  const IsobarRunSettings *settings = isobar_run_record_get_settings (record);
  g_autofree char *verdict = isobar_verdict_describe (record);

  /* Translators: the preset and the strategies of a run, as in
   * “recommended: fetch thread-pool, compute process-pool, 2 workers”. */
  g_print (_("%s: fetch %s, compute %s, %u workers\n"), isobar_run_record_get_preset (record),
           isobar_run_record_get_fetch_strategy (record), isobar_run_record_get_compute_strategy (record),
           settings->workers);
  /* Translators: %.0f are milliseconds. */
  g_print (_("Wall time %.0f ms (downloads %.0f ms, analysis %.0f ms)\n"),
           figures->wall_ms, figures->fetch_ms, figures->compute_ms);
  /* Translators: the main loop's lateness in milliseconds. */
  g_print (_("Main-loop lateness p99 %.1f ms, worst %.1f ms\n"), figures->lateness.p99, figures->lateness.max);
  g_print ("%s\n", verdict);
}

static void
on_shutdown (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;

  isobar_run_controller_shutdown_finish (ISOBAR_RUN_CONTROLLER (source), result, NULL);
  *done = TRUE;
}

int
isobar_cli_run (int    argc,
                char **argv)
{
  g_auto(IsobarCliCommonOptions) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(IsobarCliSession) session = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(IsobarDataSource) data_source = NULL;
  g_autoptr(IsobarRunController) controller = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *preset = NULL;
  GCancellable *cancellable;
  gboolean shut_down = FALSE;
  gulong cancelled_id;
  IsobarRunRecord *record;
  int exit_code;
  const GOptionEntry entries[] = {
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset,
      N_("Run this preset (recommended, ui-thread, python-threads, python-multiprocessing) instead "
         "of the strategies in the settings; the settings are not changed"), N_("ID") },
    { NULL }
  };

  context = isobar_cli_option_context_new (NULL,
                                           _("Runs the analysis of the saved places as the app’s Run "
                                             "button does, with the app’s settings, and prints its "
                                             "record: its strategies, times, lateness and verdict."),
                                           &options);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!isobar_cli_parse_options (context, COMMAND, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 1)
    return isobar_cli_usage_error (COMMAND, _("run takes no place: it runs the saved places."));

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), SETTINGS_SCHEMA, TRUE);
  if (schema == NULL)
    {
      g_printerr ("isobar-cli: ");
      /* Translators: %s is the id of the settings schema, io.github.isobar.Isobar. */
      g_printerr (_("The settings of Isobar (%s) are not installed: install Isobar, or set "
                    "GSETTINGS_SCHEMA_DIR to the folder of its compiled schema"), SETTINGS_SCHEMA);
      g_printerr ("\n");
      return ISOBAR_CLI_EXIT_FAILURE;
    }

  /* A preset or a server given here is for this run only: the settings
   * keep what the app chose. */
  settings = g_settings_new (SETTINGS_SCHEMA);
  g_settings_delay (settings);
  if (options.server != NULL)
    {
      /* The server's endpoints, as every --server names them. */
      g_autoptr(IsobarClient) server = isobar_client_new_for_server (options.server);

      g_settings_set_string (settings, "forecast-url", isobar_client_get_forecast_url (server));
      g_settings_set_string (settings, "archive-url", isobar_client_get_archive_url (server));
      g_settings_set_string (settings, "geocoding-url", isobar_client_get_geocoding_url (server));
      g_settings_set_string (settings, "data-source", "open-meteo");
    }
  data_source = isobar_data_source_new ();
  isobar_data_source_follow_settings (data_source, settings);

  controller = isobar_run_controller_new (settings, data_source);
  if (preset != NULL && !isobar_run_controller_apply_preset (controller, preset, &error))
    return isobar_cli_usage_error (COMMAND, "%s", error->message);

  session = isobar_cli_session_new ();
  cancellable = isobar_cli_session_get_cancellable (session);
  cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), controller, NULL);

  if (isatty (STDERR_FILENO))
    g_signal_connect (controller, "notify::status", G_CALLBACK (on_status), NULL);
  isobar_run_controller_run (controller);
  while (isobar_run_controller_get_running (controller))
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_func (controller, on_status, NULL);
  g_cancellable_disconnect (cancellable, cancelled_id);

  /* Its helpers and simulator stop before the command returns. */
  isobar_run_controller_shutdown_async (controller, NULL, on_shutdown, &shut_down);
  while (!shut_down)
    g_main_context_iteration (NULL, TRUE);
  isobar_data_source_shutdown (data_source);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_printerr ("%s\n", isobar_run_controller_get_status (controller));
      return ISOBAR_CLI_EXIT_INTERRUPTED;
    }
  if (isobar_run_controller_get_error (controller) != NULL)
    {
      g_printerr ("isobar-cli: %s\n", isobar_run_controller_get_error (controller));
      return ISOBAR_CLI_EXIT_FAILURE;
    }

  record = isobar_run_controller_get_latest (controller);
  if (options.json)
    {
      g_autofree char *text = isobar_run_record_to_json (record, FALSE);

      g_print ("%s\n", text);
    }
  else
    {
      g_print ("%s\n", isobar_run_controller_get_status (controller));
      print_record (record);
    }

  return ISOBAR_CLI_EXIT_OK;
}
