/* isobar-cli-search.c: `isobar-cli search NAME`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-cli.h"
#include "isobar-cli-output.h"
#include "isobar-cli-session.h"

#define COMMAND "search"

static void
print_places_json (const char *name,
                   GPtrArray  *places)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < places->len; i++)
    isobar_cli_json_add_location (builder, g_ptr_array_index (places, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  isobar_cli_json_print (builder);
}

static void
print_places_text (GPtrArray *places)
{
  g_autoptr(IsobarCliTable) table = isobar_cli_table_new (4);

  isobar_cli_table_set_align_right (table, 2);
  isobar_cli_table_add_row (table, _("Place"), _("Position"), _("Elevation"), _("Time zone"));
  for (guint i = 0; i < places->len; i++)
    {
      IsobarLocation *place = g_ptr_array_index (places, i);
      g_autofree char *description = isobar_location_dup_description (place);
      g_autofree char *position = isobar_cli_format_coordinates (isobar_location_get_latitude (place),
                                                                 isobar_location_get_longitude (place));
      /* Translators: the unit of an elevation, in metres. */
      const char *metres = _("m");
      g_autofree char *elevation = isobar_cli_format_quantity (isobar_location_get_elevation (place),
                                                               metres, 0);

      isobar_cli_table_add_row (table, description, position, elevation,
                                isobar_location_get_timezone (place));
    }

  isobar_cli_table_print (table, "", TRUE);
}

int
isobar_cli_search (int    argc,
                   char **argv)
{
  g_auto(IsobarCliCommonOptions) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(IsobarCliSession) session = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  int count = 10;
  int exit_code;
  const GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count,
      N_("Show at most N places (1–100, default 10)"), N_("N") },
    { NULL }
  };

  context = isobar_cli_option_context_new (_("NAME"),
                                           _("Finds places by name and lists them with their "
                                             "position, elevation and time zone."),
                                           &options);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!isobar_cli_parse_options (context, COMMAND, &argc, &argv, &exit_code))
    return exit_code;

  name = isobar_cli_join_name (argc, argv);
  if (name == NULL)
    return isobar_cli_usage_error (COMMAND, _("Name a place to search for."));
  if (count < 1 || count > 100)
    return isobar_cli_usage_error (COMMAND, _("--count must be between 1 and 100."));

  session = isobar_cli_session_new ();
  if (!isobar_cli_session_open (session, options.server, &error))
    return isobar_cli_report_error (COMMAND, error);
  places = isobar_cli_session_search (session, name, count, &error);
  if (places == NULL)
    return isobar_cli_report_error (COMMAND, error);

  if (options.json)
    print_places_json (name, places);
  else
    print_places_text (places);

  return ISOBAR_CLI_EXIT_OK;
}
