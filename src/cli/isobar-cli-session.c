/* isobar-cli-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>

#include "isobar-cli.h"
#include "isobar-cli-output.h"
#include "isobar-cli-session.h"

struct _IsobarCliSession
{
  GMainLoop       *loop;        /* (owned) */
  GCancellable    *cancellable; /* (owned): cancelled by SIGINT/SIGTERM */
  IsobarSimulator *simulator;   /* (owned) (nullable): the private isobar-sim */
  IsobarClient    *client;      /* (owned) (nullable) */
  GAsyncResult    *result;      /* (owned) (nullable): the last finished operation */
  guint            sigint_id;
  guint            sigterm_id;
};

void
isobar_cli_common_options_clear (IsobarCliCommonOptions *options)
{
  g_clear_pointer (&options->server, g_free);
}

void
isobar_cli_place_options_clear (IsobarCliPlaceOptions *place)
{
  g_clear_pointer (&place->name, g_free);
}

GOptionContext *
isobar_cli_option_context_new (const char             *parameter_string,
                               const char             *summary,
                               IsobarCliCommonOptions *options)
{
  const GOptionEntry common_entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &options->server,
      N_("Use the Open-Meteo compatible server at URL instead of a private simulator"), N_("URL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print machine-readable JSON"), NULL },
    { NULL }
  };
  GOptionContext *context;

  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);

  return context;
}

gboolean
isobar_cli_parse_options (GOptionContext   *context,
                          const char       *command,
                          int              *argc,
                          char           ***argv,
                          int              *exit_code)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = isobar_cli_report_error (command, error);
      return FALSE;
    }

  return TRUE;
}

char *
isobar_cli_join_name (int    argc,
                      char **argv)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;
  g_autofree char *name = NULL;

  /* argv[0] is the command itself. */
  for (int i = 1; i < argc; i++)
    g_strv_builder_add (builder, argv[i]);
  words = g_strv_builder_end (builder);
  name = g_strstrip (g_strjoinv (" ", words));

  return name[0] != '\0' ? g_steal_pointer (&name) : NULL;
}

GOptionContext *
isobar_cli_place_option_context_new (const char             *summary,
                                     IsobarCliCommonOptions *options,
                                     IsobarCliPlaceOptions  *place)
{
  const GOptionEntry place_entries[] = {
    { "lat", 0, 0, G_OPTION_ARG_DOUBLE, &place->latitude,
      N_("Latitude of the place, in degrees north (-90…90)"), N_("LAT") },
    { "lon", 0, 0, G_OPTION_ARG_DOUBLE, &place->longitude,
      N_("Longitude of the place, in degrees east (-180…180)"), N_("LON") },
    { NULL }
  };
  GOptionContext *context = isobar_cli_option_context_new (_("[NAME]"), summary, options);

  g_option_context_add_main_entries (context, place_entries, GETTEXT_PACKAGE);

  return context;
}

/* Checks a place given either by its name or by its latitude and longitude
 * (NAN when not given); returns 0 when usable, else reports the usage error
 * and returns its exit code. */
static int
check_place (const char                  *command,
             const IsobarCliPlaceOptions *place)
{
  gboolean has_latitude = !isnan (place->latitude);
  gboolean has_longitude = !isnan (place->longitude);

  if (place->name != NULL && (has_latitude || has_longitude))
    return isobar_cli_usage_error (command, _("Give either a place name or --lat and --lon, not both."));
  if (place->name == NULL && !has_latitude && !has_longitude)
    return isobar_cli_usage_error (command, _("Name a place, or give its position with --lat and --lon."));
  if (has_latitude != has_longitude)
    return isobar_cli_usage_error (command, _("--lat and --lon go together."));
  if (has_latitude && (place->latitude < -90 || place->latitude > 90))
    return isobar_cli_usage_error (command, _("--lat must be between -90 and 90."));
  if (has_longitude && (place->longitude < -180 || place->longitude > 180))
    return isobar_cli_usage_error (command, _("--lon must be between -180 and 180."));

  return ISOBAR_CLI_EXIT_OK;
}

gboolean
isobar_cli_parse_place_options (GOptionContext         *context,
                                const char             *command,
                                int                    *argc,
                                char                 ***argv,
                                IsobarCliPlaceOptions  *place,
                                int                    *exit_code)
{
  if (!isobar_cli_parse_options (context, command, argc, argv, exit_code))
    return FALSE;

  place->name = isobar_cli_join_name (*argc, *argv);
  *exit_code = check_place (command, place);

  return *exit_code == ISOBAR_CLI_EXIT_OK;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  IsobarCliSession *self = user_data;

  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_CONTINUE;
}

IsobarCliSession *
isobar_cli_session_new (void)
{
  IsobarCliSession *self = g_new0 (IsobarCliSession, 1);

  self->loop = g_main_loop_new (NULL, FALSE);
  self->cancellable = g_cancellable_new ();
  /* Interrupting cancels the operation in flight, so that the command
   * returns normally and stops its simulator on the way out. */
  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, self);

  return self;
}

void
isobar_cli_session_free (IsobarCliSession *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_object (&self->client);
  if (self->simulator != NULL)
    isobar_simulator_stop (self->simulator);
  g_clear_object (&self->simulator);
  g_clear_object (&self->result);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_free (self);
}

void
isobar_cli_session_callback (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  IsobarCliSession *self = user_data;

  g_assert (self->result == NULL);
  self->result = g_object_ref (result);
  g_main_loop_quit (self->loop);
}

/* Runs the main loop until the operation started with
 * isobar_cli_session_callback as its callback has finished. The session outlives
 * the operation, as every caller waits here. */
GAsyncResult *
isobar_cli_session_wait (IsobarCliSession *self)
{
  while (self->result == NULL)
    g_main_loop_run (self->loop);

  return g_steal_pointer (&self->result);
}

gboolean
isobar_cli_session_open (IsobarCliSession  *self,
                         const char        *server_url,
                         GError           **error)
{
  return isobar_cli_session_open_full (self, server_url, NULL, error);
}

IsobarClient *
isobar_cli_session_get_client (IsobarCliSession *self)
{
  g_return_val_if_fail (self->client != NULL, NULL);

  return self->client;
}

GCancellable *
isobar_cli_session_get_cancellable (IsobarCliSession *self)
{
  return self->cancellable;
}

gboolean
isobar_cli_session_open_full (IsobarCliSession   *self,
                              const char         *server_url,
                              const char * const *simulator_arguments,
                              GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (self->client == NULL, FALSE);

  if (server_url != NULL)
    {
      if (!g_str_has_prefix (server_url, "http://") && !g_str_has_prefix (server_url, "https://"))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not a server address: use http://HOST:PORT or https://HOST"),
                       server_url);
          return FALSE;
        }
      self->client = isobar_client_new_for_server (server_url);
      return TRUE;
    }

  self->simulator = isobar_simulator_new (simulator_arguments);
  isobar_simulator_start_async (self->simulator, self->cancellable,
                                isobar_cli_session_callback, self);
  result = isobar_cli_session_wait (self);
  if (!isobar_simulator_start_finish (self->simulator, result, error))
    return FALSE;

  self->client = isobar_client_new_for_server (isobar_simulator_get_base_url (self->simulator));

  return TRUE;
}

GPtrArray *
isobar_cli_session_search (IsobarCliSession  *self,
                           const char        *name,
                           guint              count,
                           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) places = NULL;

  g_return_val_if_fail (self->client != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  isobar_client_search_async (self->client, name, count, self->cancellable,
                              isobar_cli_session_callback, self);
  result = isobar_cli_session_wait (self);
  places = isobar_client_search_finish (self->client, result, error);
  if (places == NULL)
    return NULL;

  if (places->len == 0)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                   _("No place called “%s” was found."), name);
      return NULL;
    }

  return g_steal_pointer (&places);
}

IsobarLocation *
isobar_cli_session_find_place (IsobarCliSession  *self,
                               const char        *name,
                               GError           **error)
{
  g_autoptr(GPtrArray) places = isobar_cli_session_search (self, name, 1, error);

  if (places == NULL)
    return NULL;

  return g_object_ref (g_ptr_array_index (places, 0));
}

gboolean
isobar_cli_session_open_at_place (IsobarCliSession             *self,
                                  const char                   *server_url,
                                  const IsobarCliPlaceOptions  *where,
                                  IsobarLocation              **place,
                                  GError                      **error)
{
  g_autofree char *position = NULL;

  if (!isobar_cli_session_open (self, server_url, error))
    return FALSE;

  if (where->name != NULL)
    *place = isobar_cli_session_find_place (self, where->name, error);
  else
    {
      position = isobar_cli_format_coordinates (where->latitude, where->longitude);
      *place = isobar_location_new (position, where->latitude, where->longitude);
    }

  return *place != NULL;
}

IsobarForecast *
isobar_cli_session_forecast (IsobarCliSession  *self,
                             IsobarLocation    *location,
                             IsobarUnits        units,
                             guint              days,
                             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  IsobarForecastRequest request = { .units = units, .days = days };

  g_return_val_if_fail (self->client != NULL, NULL);
  g_return_val_if_fail (ISOBAR_IS_LOCATION (location), NULL);

  request.latitude = isobar_location_get_latitude (location);
  request.longitude = isobar_location_get_longitude (location);
  isobar_client_forecast_async (self->client, &request, self->cancellable,
                                isobar_cli_session_callback, self);
  result = isobar_cli_session_wait (self);

  return isobar_client_forecast_finish (self->client, result, NULL, error);
}

int
isobar_cli_usage_error (const char *command,
                        const char *format,
                        ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  error = g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);

  return isobar_cli_report_error (command, error);
}

int
isobar_cli_report_error (const char   *command,
                         const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("isobar-cli: %s\n", _("Interrupted"));
      return ISOBAR_CLI_EXIT_INTERRUPTED;
    }

  g_printerr ("isobar-cli: %s\n", error->message);

  if (error->domain == G_OPTION_ERROR ||
      g_error_matches (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT))
    {
      g_autofree char *help = g_strdup_printf ("isobar-cli %s --help", command);

      /* Translators: %s is a command, like “isobar-cli forecast --help”. */
      g_printerr (_("Try “%s” for more information."), help);
      g_printerr ("\n");
      return ISOBAR_CLI_EXIT_USAGE;
    }

  if (g_error_matches (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND))
    return ISOBAR_CLI_EXIT_USAGE;

  return ISOBAR_CLI_EXIT_FAILURE;
}
