/* isobar-cli.c: the command line face of libisobar-core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "isobar-cli.h"
#include "isobar-loop-log.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} IsobarCliCommand;

static const IsobarCliCommand commands[] = {
  { "search", N_("Find places by name"), isobar_cli_search },
  { "forecast", N_("Show the weather forecast for a place"), isobar_cli_forecast },
  { "report", N_("Show the climate report of a place"), isobar_cli_report },
  { "bench", N_("Compare the fetch and compute strategies"), isobar_cli_bench },
  { "run", N_("Run the analysis of the saved places, as the app does"), isobar_cli_run },
};

static const IsobarCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

static GOptionContext *
main_option_context_new (gboolean *show_version)
{
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, show_version, N_("Show the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GString) summary = g_string_new (_("Weather forecasts from Open-Meteo, or from a private "
                                               "offline simulator, on the command line."));
  GOptionContext *context;

  g_string_append_printf (summary, "\n\n%s", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (summary, "\n  %-10s %s", commands[i].name, _(commands[i].summary));

  context = g_option_context_new (_("COMMAND"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary->str);
  g_option_context_set_description (context,
                                    _("Run “isobar-cli COMMAND --help” to see the options of a command."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

/* Global options only: --help, --version; anything else is a usage error. */
static int
run_main_options (int    argc,
                  char **argv)
{
  gboolean show_version = FALSE;
  g_autoptr(GOptionContext) context = main_option_context_new (&show_version);
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("isobar-cli: %s\n", error->message);
      g_printerr ("%s\n", _("Try “isobar-cli --help” for more information."));
      return ISOBAR_CLI_EXIT_USAGE;
    }

  if (show_version)
    {
      g_print ("isobar-cli %s\n", PACKAGE_VERSION);
      return ISOBAR_CLI_EXIT_OK;
    }

  if (argc > 1)
    g_printerr ("isobar-cli: %s\n", _("Put the command first, then its options."));
  else
    g_printerr ("isobar-cli: %s\n", _("Missing command."));
  g_printerr ("%s\n", _("Try “isobar-cli --help” for more information."));

  return ISOBAR_CLI_EXIT_USAGE;
}

int
main (int    argc,
      char **argv)
{
  const IsobarCliCommand *command;
  g_autofree char *prgname = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* What the main loop does, so that stalls say why. */
  isobar_loop_log_start (g_main_context_default ());

  if (argc < 2 || argv[1][0] == '-')
    {
      g_set_prgname ("isobar-cli");
      return run_main_options (argc, argv);
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_printerr ("isobar-cli: ");
      g_printerr (_("Unknown command “%s”."), argv[1]);
      g_printerr ("\n%s\n", _("Try “isobar-cli --help” for more information."));
      return ISOBAR_CLI_EXIT_USAGE;
    }

  /* The usage line of the command's --help reads "isobar-cli COMMAND …". */
  prgname = g_strdup_printf ("isobar-cli %s", command->name);
  g_set_prgname (prgname);

  return command->run (argc - 1, argv + 1);
}
