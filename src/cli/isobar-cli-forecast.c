/* isobar-cli-forecast.c: `isobar-cli forecast NAME` and
 * `isobar-cli forecast --lat LAT --lon LON`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-cli.h"
#include "isobar-cli-output.h"
#include "isobar-cli-session.h"

#define COMMAND "forecast"

/* Hours shown: in the text output, and in the JSON output. */
#define TEXT_HOURS 12
#define JSON_HOURS 48

typedef struct
{
  const char *units;
  int         days;
} ForecastOptions;

static void
print_forecast_json (IsobarLocation *place,
                     IsobarForecast *forecast,
                     IsobarUnits     units)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GTimeZone) zone = isobar_cli_forecast_time_zone (forecast);
  IsobarPlaceSeries *series = ISOBAR_PLACE_SERIES (forecast);
  IsobarBlock *current = isobar_forecast_get_current (forecast);
  IsobarBlock *hourly = isobar_place_series_get_hourly (series);
  IsobarBlock *daily = isobar_place_series_get_daily (series);
  guint first_hour = 0;

  if (hourly != NULL)
    first_hour = isobar_cli_block_find_hour (hourly, isobar_cli_forecast_now (forecast));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "location");
  isobar_cli_json_add_location (builder, place);
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, isobar_place_series_get_timezone (series));
  json_builder_set_member_name (builder, "timezone_abbreviation");
  json_builder_add_string_value (builder, isobar_forecast_get_timezone_abbreviation (forecast));
  json_builder_set_member_name (builder, "utc_offset_seconds");
  json_builder_add_int_value (builder, isobar_place_series_get_utc_offset_seconds (series));
  json_builder_set_member_name (builder, "elevation");
  isobar_cli_json_add_number (builder, isobar_place_series_get_elevation (series));

  json_builder_set_member_name (builder, "current");
  isobar_cli_json_add_block_row (builder, current, 0, zone, ISOBAR_CLI_TIME_DATE_TIME);
  json_builder_set_member_name (builder, "hourly");
  isobar_cli_json_add_block_columns (builder, hourly, first_hour, JSON_HOURS,
                                     zone, ISOBAR_CLI_TIME_DATE_TIME);
  json_builder_set_member_name (builder, "daily");
  isobar_cli_json_add_block_columns (builder, daily, 0, G_MAXUINT,
                                     zone, ISOBAR_CLI_TIME_DATE);

  json_builder_set_member_name (builder, "units");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "system");
  json_builder_add_string_value (builder, units == ISOBAR_UNITS_IMPERIAL ? "imperial" : "metric");
  json_builder_set_member_name (builder, "current");
  isobar_cli_json_add_units (builder, current);
  json_builder_set_member_name (builder, "hourly");
  isobar_cli_json_add_units (builder, hourly);
  json_builder_set_member_name (builder, "daily");
  isobar_cli_json_add_units (builder, daily);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  isobar_cli_json_print (builder);
}

static void
print_place (IsobarLocation *place,
             IsobarForecast *forecast)
{
  g_autofree char *description = isobar_location_dup_description (place);
  g_autofree char *position = isobar_cli_format_coordinates (isobar_location_get_latitude (place),
                                                             isobar_location_get_longitude (place));
  const char *timezone = isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (forecast));

  /* The name already is the position when the place was given by coordinates. */
  if (g_strcmp0 (description, position) != 0)
    g_print ("%s\n", description);
  g_print ("%s · %s\n", position, timezone != NULL ? timezone : "UTC");
}

static void
print_current (IsobarForecast *forecast)
{
  IsobarBlock *current = isobar_forecast_get_current (forecast);
  g_autofree char *temperature = NULL;
  g_autofree char *feels_like = NULL;
  g_autofree char *wind = NULL;
  g_autofree char *humidity = NULL;

  if (current == NULL || isobar_block_get_length (current) == 0)
    return;

  temperature = isobar_cli_format_block_value (current, "temperature_2m", 0, 1);
  feels_like = isobar_cli_format_block_value (current, "apparent_temperature", 0, 1);
  wind = isobar_cli_format_block_value (current, "wind_speed_10m", 0, 0);
  humidity = isobar_cli_format_block_value (current, "relative_humidity_2m", 0, 0);

  g_print ("\n");
  /* Translators: the current weather, as in “Now: 12.3 °C, Partly cloudy”. */
  g_print (_("Now: %s, %s"), temperature, isobar_cli_describe_block_weather (current, 0));
  g_print ("\n");
  /* Translators: as in “Feels like 10.1 °C · Wind 14 km/h NW · Humidity 72 %”;
   * the last %s of the wind is a compass point. */
  g_print (_("Feels like %s · Wind %s %s · Humidity %s"),
           feels_like, wind,
           isobar_cli_compass_point (isobar_block_get_value (current, "wind_direction_10m", 0)),
           humidity);
  g_print ("\n");
}

static void
print_hourly (IsobarForecast *forecast,
              GTimeZone      *zone)
{
  IsobarBlock *hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast));
  g_autoptr(IsobarCliTable) table = NULL;
  guint first, end;

  if (hourly == NULL)
    return;

  first = isobar_cli_block_find_hour (hourly, isobar_cli_forecast_now (forecast));
  end = MIN (first + TEXT_HOURS, isobar_block_get_length (hourly));
  if (first >= end)
    return;

  table = isobar_cli_table_new (5);
  for (guint c = 1; c <= 3; c++)
    isobar_cli_table_set_align_right (table, c);
  isobar_cli_table_add_row (table, _("Time"), _("Temperature"), _("Chance of rain"),
                            _("Precipitation"), _("Conditions"));
  for (guint i = first; i < end; i++)
    {
      g_autofree char *time = isobar_cli_format_time (isobar_block_get_times (hourly)[i], zone, "%H:%M");
      g_autofree char *temperature = isobar_cli_format_block_value (hourly, "temperature_2m", i, 1);
      g_autofree char *chance = isobar_cli_format_block_value (hourly, "precipitation_probability", i, 0);
      g_autofree char *precipitation = isobar_cli_format_block_value (hourly, "precipitation", i, 1);

      isobar_cli_table_add_row (table, time, temperature, chance, precipitation,
                                isobar_cli_describe_block_weather (hourly, i));
    }

  g_print ("\n%s\n", _("Next hours"));
  isobar_cli_table_print (table, "  ", TRUE);
}

static void
print_daily (IsobarForecast *forecast,
             GTimeZone      *zone)
{
  IsobarBlock *daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast));
  g_autoptr(IsobarCliTable) table = NULL;
  guint length;

  if (daily == NULL || (length = isobar_block_get_length (daily)) == 0)
    return;

  table = isobar_cli_table_new (5);
  for (guint c = 1; c <= 3; c++)
    isobar_cli_table_set_align_right (table, c);
  isobar_cli_table_add_row (table, _("Date"), _("Low"), _("High"),
                            _("Precipitation"), _("Conditions"));
  for (guint i = 0; i < length; i++)
    {
      /* Translators: a day in the daily forecast, see g_date_time_format(). */
      g_autofree char *date = isobar_cli_format_time (isobar_block_get_times (daily)[i], zone, _("%a %e %b"));
      g_autofree char *low = isobar_cli_format_block_value (daily, "temperature_2m_min", i, 1);
      g_autofree char *high = isobar_cli_format_block_value (daily, "temperature_2m_max", i, 1);
      g_autofree char *precipitation = isobar_cli_format_block_value (daily, "precipitation_sum", i, 1);

      isobar_cli_table_add_row (table, date, low, high, precipitation,
                                isobar_cli_describe_block_weather (daily, i));
    }

  g_print ("\n%s\n", _("Next days"));
  isobar_cli_table_print (table, "  ", TRUE);
}

static void
print_forecast_text (IsobarLocation *place,
                     IsobarForecast *forecast)
{
  g_autoptr(GTimeZone) zone = isobar_cli_forecast_time_zone (forecast);

  print_place (place, forecast);
  print_current (forecast);
  print_hourly (forecast, zone);
  print_daily (forecast, zone);
}

/* Checks the options of the command's own; 0 when they are usable. */
static int
check_options (const ForecastOptions *options,
               IsobarUnits           *units)
{
  if (options->days < 1 || options->days > 16)
    return isobar_cli_usage_error (COMMAND, _("--days must be between 1 and 16."));

  if (options->units == NULL || g_str_equal (options->units, "metric"))
    *units = ISOBAR_UNITS_METRIC;
  else if (g_str_equal (options->units, "imperial"))
    *units = ISOBAR_UNITS_IMPERIAL;
  else
    return isobar_cli_usage_error (COMMAND, _("Unknown units “%s”: use metric or imperial."),
                                   options->units);

  return ISOBAR_CLI_EXIT_OK;
}

int
isobar_cli_forecast (int    argc,
                     char **argv)
{
  g_auto(IsobarCliCommonOptions) common = { 0 };
  g_auto(IsobarCliPlaceOptions) where = { NULL, NAN, NAN };
  ForecastOptions options = { NULL, 7 };
  g_autofree char *units_option = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(IsobarCliSession) session = NULL;
  g_autoptr(IsobarLocation) place = NULL;
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autoptr(GError) error = NULL;
  IsobarUnits units = ISOBAR_UNITS_METRIC;
  int exit_code;
  const GOptionEntry entries[] = {
    { "units", 'u', 0, G_OPTION_ARG_STRING, &units_option,
      N_("metric (°C, km/h, mm; the default) or imperial (°F, mph, inch)"), N_("UNITS") },
    { "days", 'd', 0, G_OPTION_ARG_INT, &options.days,
      N_("Days of forecast, 1–16 (default 7)"), N_("N") },
    { NULL }
  };

  context = isobar_cli_place_option_context_new (_("Shows the current weather, the next hours and the next days "
                                                   "for the first place called NAME, or for the place at --lat "
                                                   "and --lon."),
                                                 &common, &where);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!isobar_cli_parse_place_options (context, COMMAND, &argc, &argv, &where, &exit_code))
    return exit_code;

  options.units = units_option;
  exit_code = check_options (&options, &units);
  if (exit_code != ISOBAR_CLI_EXIT_OK)
    return exit_code;

  session = isobar_cli_session_new ();
  if (!isobar_cli_session_open_at_place (session, common.server, &where, &place, &error))
    return isobar_cli_report_error (COMMAND, error);
  forecast = isobar_cli_session_forecast (session, place, units, options.days, &error);
  if (forecast == NULL)
    return isobar_cli_report_error (COMMAND, error);

  if (common.json)
    print_forecast_json (place, forecast, units);
  else
    print_forecast_text (place, forecast);

  return ISOBAR_CLI_EXIT_OK;
}
