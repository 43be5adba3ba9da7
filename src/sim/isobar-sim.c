/* isobar-sim.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib-unix.h>

#include "isobar-background.h"
#include "isobar-sim-server.h"

#define DESCRIPTION \
  "An offline Open-Meteo: serves /v1/forecast, /v1/archive and /v1/search on\n" \
  "127.0.0.1 with the real API's parameters, response shapes and error messages,\n" \
  "filled with deterministic synthetic weather (the same request, seed and day\n" \
  "always give the same bytes) and a few hundred real places for the search.\n" \
  "\n" \
  "Once listening it prints one line, \"Listening on http://127.0.0.1:PORT\".\n" \
  "\n" \
  "Faults (--fault): http-400, http-429 and http-503 answer with Open-Meteo's\n" \
  "error bodies; truncated sends the first half of the real body; malformed sends\n" \
  "invalid JSON; stall never answers; huge streams up to 512 MiB of chunked data.\n" \
  "With --fault alone every /v1/ request fails; with --fail-rate a share of them\n" \
  "does (http-503 unless --fault says otherwise).\n" \
  "\n" \
  "The environment variable ISOBAR_SIM_TODAY pins the day like --today.\n" \
  "\n" \
  "Example:\n" \
  "  isobar-sim --port 8080 --today 2024-06-01 --latency-ms 200 --log\n" \
  "  curl 'http://127.0.0.1:8080/v1/forecast?latitude=52.52&longitude=13.41&current=temperature_2m'\n"

static gboolean
on_quit_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

/* --exit-on-eof: the parent holds our stdin; when it closes it (or dies) we go. */
static gboolean
on_stdin (int           fd,
          GIOCondition  condition,
          gpointer      user_data)
{
  GMainLoop *loop = user_data;
  char buffer[256];
  gssize n;

  if ((condition & G_IO_IN) != 0)
    {
      n = read (fd, buffer, sizeof buffer);
      if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN)))
        return G_SOURCE_CONTINUE;
    }

  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_unsigned (const char  *name,
                const char  *text,
                guint64      max,
                guint64     *value,
                GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s must be a whole number from 0 to %" G_GUINT64_FORMAT ", not “%s”", name, max, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_options (int                *argc,
               char             ***argv,
               IsobarSimOptions   *options,
               gboolean           *exit_on_eof,
               gboolean           *version,
               GError            **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *port = NULL, *seed = NULL, *latency = NULL, *jitter = NULL;
  g_autofree char *fail_rate = NULL, *fault = NULL, *today = NULL;
  guint64 value;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_STRING, &port, "Port on 127.0.0.1 (0 or none: any free port)", "N" },
    { "exit-on-eof", 0, 0, G_OPTION_ARG_NONE, exit_on_eof, "Exit when standard input closes", NULL },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed, "Seed of the synthetic weather (default 0)", "N" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today,
      "Pin today: YYYY-MM-DD (noon local time) or YYYY-MM-DDTHH:MM (UTC)", "DATE" },
    { "latency-ms", 0, 0, G_OPTION_ARG_STRING, &latency, "Delay every response by N ms", "N" },
    { "jitter-ms", 0, 0, G_OPTION_ARG_STRING, &jitter, "Add 0…N ms more, drawn from the seed", "N" },
    { "fail-rate", 0, 0, G_OPTION_ARG_STRING, &fail_rate, "Share of /v1/ requests that fail (0…1)", "P" },
    { "fault", 0, 0, G_OPTION_ARG_STRING, &fault, "How requests fail: " ISOBAR_SIM_FAULT_NAMES, "KIND" },
    { "log", 0, 0, G_OPTION_ARG_NONE, &options->log, "Log one line per request to standard error", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, version, "Print the version and exit", NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Serve a simulated Open-Meteo API on loopback.");
  g_option_context_set_description (context, DESCRIPTION);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "Unexpected argument “%s”", (*argv)[1]);
      return FALSE;
    }

  options->fail_rate = -1;
  if (port != NULL)
    {
      if (!parse_unsigned ("--port", port, 65535, &value, error))
        return FALSE;
      options->port = (guint) value;
    }
  if (seed != NULL && !parse_unsigned ("--seed", seed, G_MAXUINT64, &options->seed, error))
    return FALSE;
  if (latency != NULL)
    {
      if (!parse_unsigned ("--latency-ms", latency, 600000, &value, error))
        return FALSE;
      options->latency_ms = (guint) value;
    }
  if (jitter != NULL)
    {
      if (!parse_unsigned ("--jitter-ms", jitter, 600000, &value, error))
        return FALSE;
      options->jitter_ms = (guint) value;
    }
  if (fail_rate != NULL)
    {
      char *end = NULL;

      options->fail_rate = g_ascii_strtod (fail_rate, &end);
      if (*fail_rate == '\0' || *end != '\0' || !(options->fail_rate >= 0 && options->fail_rate <= 1))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--fail-rate must be a number from 0 to 1, not “%s”", fail_rate);
          return FALSE;
        }
    }
  if (fault != NULL && (!isobar_sim_fault_from_string (fault, &options->fault) ||
                        options->fault == ISOBAR_SIM_FAULT_NONE))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Unknown fault “%s” (one of " ISOBAR_SIM_FAULT_NAMES ")", fault);
      return FALSE;
    }
  if (today == NULL && g_getenv ("ISOBAR_SIM_TODAY") != NULL && *g_getenv ("ISOBAR_SIM_TODAY") != '\0')
    today = g_strdup (g_getenv ("ISOBAR_SIM_TODAY"));
  if (today != NULL && !isobar_sim_clock_pin (&options->clock, today, error))
    return FALSE;

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarSimServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  IsobarSimOptions options = { 0 };
  gboolean exit_on_eof = FALSE;
  gboolean version = FALSE;
  guint sigterm_id, sigint_id, stdin_id = 0;

  /* Messages in the user's language and charset; numbers stay in the C
   * locale (the JSON writer never uses the locale). */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");

  /* A stand-in for a server elsewhere: on the machine of the app it serves
   * it must not take a core from the app's UI thread. Before any thread is
   * made, so that the server's threads inherit it. */
  isobar_background_thread_enter ();

  if (!parse_options (&argc, &argv, &options, &exit_on_eof, &version, &error))
    {
      g_printerr ("isobar-sim: %s\n", error->message);
      g_printerr ("Run “isobar-sim --help” to see the options.\n");
      return 2;
    }
  if (version)
    {
      g_print ("isobar-sim %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  server = isobar_sim_server_new (&options, &error);
  if (server == NULL)
    {
      g_printerr ("isobar-sim: cannot listen on 127.0.0.1:%u: %s\n", options.port, error->message);
      return EXIT_FAILURE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  if (exit_on_eof)
    stdin_id = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, loop);

  printf ("Listening on http://127.0.0.1:%u\n", isobar_sim_server_get_port (server));
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  if (stdin_id != 0 && g_main_context_find_source_by_id (NULL, stdin_id) != NULL)
    g_source_remove (stdin_id);
  g_clear_pointer (&server, isobar_sim_server_free);
  /* Let libsoup finish closing connections. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return EXIT_SUCCESS;
}
