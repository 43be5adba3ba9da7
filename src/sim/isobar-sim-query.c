/* isobar-sim-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "isobar-sim-cities.h"
#include "isobar-sim-json.h"
#include "isobar-sim-query.h"
#include "isobar-sim-weather.h"

#define MAX_LOCATIONS        1000
#define MAX_FORECAST_DAYS    16
#define MAX_PAST_DAYS        92
#define ARCHIVE_DELAY_DAYS   5
#define ELEVATION_CITY_KM    20.0

GHashTable *
isobar_sim_params_parse (const char *query)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (query == NULL)
    return g_steal_pointer (&params);

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *equals = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      const char *previous;

      if (*pairs[i] == '\0')
        continue;

      /* Form encoding: '+' is a space. */
      g_strdelimit (pairs[i], "+", ' ');
      if (equals != NULL)
        *equals = '\0';
      key = g_uri_unescape_string (pairs[i], NULL);
      value = g_uri_unescape_string (equals != NULL ? equals + 1 : "", NULL);
      if (key == NULL || value == NULL)
        continue;

      previous = g_hash_table_lookup (params, key);
      if (previous != NULL && *previous != '\0' && *value != '\0')
        {
          char *joined = g_strconcat (previous, ",", value, NULL);

          g_free (value);
          value = joined;
        }
      g_hash_table_replace (params, g_steal_pointer (&key), g_steal_pointer (&value));
    }

  return g_steal_pointer (&params);
}

static char *
float_description (double value)
{
  GString *text = g_string_new (NULL);

  isobar_sim_json_shortest (text, value, TRUE);
  return g_string_free (text, FALSE);
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  char *end = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return FALSE;
  *value = g_ascii_strtod (stripped, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/* A comma list of numbers, or NULL. */
static GArray *
parse_doubles (const char *text)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) items = NULL;

  if (text == NULL)
    return NULL;

  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      double value;

      if (!parse_double (items[i], &value))
        return NULL;
      g_array_append_val (values, value);
    }

  return values->len > 0 ? g_steal_pointer (&values) : NULL;
}

static gboolean
parse_uint_param (GHashTable  *params,
                  const char  *key,
                  guint        default_value,
                  guint        max,
                  const char  *range_message,
                  guint       *value,
                  char       **reason)
{
  const char *text = g_hash_table_lookup (params, key);
  char *end = NULL;
  gint64 number;

  if (text == NULL)
    {
      *value = default_value;
      return TRUE;
    }

  number = g_ascii_strtoll (text, &end, 10);
  if (*text == '\0' || end == NULL || *end != '\0')
    {
      *reason = g_strdup_printf ("Value of type 'Int' required for key '%s'.", key);
      return FALSE;
    }
  if (number < 0 || number > max)
    {
      *reason = g_strdup_printf ("%s Allowed range 0 to %u. Given %" G_GINT64_FORMAT ".",
                                 range_message, max, number);
      return FALSE;
    }

  *value = (guint) number;
  return TRUE;
}

/* An enumeration parameter: the index of @text in @choices. */
static gboolean
parse_choice (GHashTable          *params,
              const char          *key,
              const char          *legacy_key,
              const char          *type_name,
              const char * const  *choices,
              guint               *value,
              char               **reason)
{
  const char *text = g_hash_table_lookup (params, key);

  if (text == NULL && legacy_key != NULL)
    {
      text = g_hash_table_lookup (params, legacy_key);
      key = legacy_key;
    }

  *value = 0;
  if (text == NULL)
    return TRUE;
  for (guint i = 0; choices[i] != NULL; i++)
    if (strcmp (text, choices[i]) == 0)
      {
        *value = i;
        return TRUE;
      }

  *reason = g_strdup_printf ("Cannot initialize %s from invalid String value %s for key %s",
                             type_name, text, key);
  return FALSE;
}

static gboolean
parse_units (GHashTable      *params,
             IsobarSimUnits  *units,
             char           **reason)
{
  static const char * const temperature[] = { "celsius", "fahrenheit", NULL };
  static const char * const wind[] = { "kmh", "ms", "mph", "kn", NULL };
  static const char * const precipitation[] = { "mm", "inch", NULL };
  static const char * const timeformat[] = { "iso8601", "unixtime", NULL };
  guint choice;

  if (!parse_choice (params, "temperature_unit", NULL, "TemperatureUnit", temperature, &choice, reason))
    return FALSE;
  units->fahrenheit = choice == 1;
  if (!parse_choice (params, "wind_speed_unit", "windspeed_unit", "WindspeedUnit", wind, &choice, reason))
    return FALSE;
  units->wind = (IsobarSimWindUnit) choice;
  if (!parse_choice (params, "precipitation_unit", NULL, "PrecipitationUnit", precipitation, &choice, reason))
    return FALSE;
  units->inch = choice == 1;
  if (!parse_choice (params, "timeformat", NULL, "Timeformat", timeformat, &choice, reason))
    return FALSE;
  units->unixtime = choice == 1;
  return TRUE;
}

/* A comma list of variable names; NULL (and no error) when not asked. */
static gboolean
parse_variables (GHashTable                *params,
                 const char                *key,
                 const char                *type_name,
                 const IsobarSimVariable *(*lookup) (const char *name),
                 IsobarSimEndpoint          endpoint,
                 GPtrArray                **variables,
                 char                     **reason)
{
  const char *text = g_hash_table_lookup (params, key);
  g_autoptr(GPtrArray) found = NULL;
  g_auto(GStrv) names = NULL;

  *variables = NULL;
  if (text == NULL || *text == '\0')
    return TRUE;

  found = g_ptr_array_new ();
  names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      const IsobarSimVariable *variable;

      if (*name == '\0')
        continue;
      variable = lookup (name);
      if (variable == NULL || (variable->forecast_only && endpoint == ISOBAR_SIM_ENDPOINT_ARCHIVE))
        {
          *reason = g_strdup_printf ("Cannot initialize %s from invalid String value %s for key %s",
                                     type_name, name, key);
          return FALSE;
        }
      g_ptr_array_add (found, (gpointer) variable);
    }

  *variables = g_steal_pointer (&found);
  return TRUE;
}

static void
location_clear (gpointer data)
{
  IsobarSimLocation *location = data;

  isobar_sim_zone_clear (&location->zone);
}

static char *
date_text (gint64 day)
{
  int year, month, date;

  isobar_sim_civil_from_days (day, &year, &month, &date);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, date);
}

static gboolean
parse_archive_range (IsobarSimQuery        *query,
                     GHashTable            *params,
                     const IsobarSimClock  *clock,
                     char                 **reason)
{
  const char *start = g_hash_table_lookup (params, "start_date");
  const char *end = g_hash_table_lookup (params, "end_date");
  gint64 first = isobar_sim_days_from_civil (1940, 1, 1);
  gint64 last = isobar_sim_clock_today_utc (clock) - ARCHIVE_DELAY_DAYS;
  const char *outside = NULL;

  if (start == NULL || end == NULL)
    {
      *reason = g_strdup ("Both 'start_date' and 'end_date' must be set in the url");
      return FALSE;
    }
  if (!isobar_sim_parse_date (start, &query->start_day) || !isobar_sim_parse_date (end, &query->end_day))
    {
      *reason = g_strdup ("Invalid date format. Make sure to use 'YYYY-MM-DD'");
      return FALSE;
    }
  if (query->end_day < query->start_day)
    {
      *reason = g_strdup ("End-date must be larger or equals than start-date");
      return FALSE;
    }

  if (query->start_day < first || query->start_day > last)
    outside = "start_date";
  else if (query->end_day < first || query->end_day > last)
    outside = "end_date";
  if (outside != NULL)
    {
      g_autofree char *last_text = date_text (last);

      *reason = g_strdup_printf ("Parameter '%s' is out of allowed range from 1940-01-01 to %s",
                                 outside, last_text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_locations (IsobarSimQuery        *query,
                 GHashTable            *params,
                 const IsobarSimClock  *clock,
                 char                 **reason)
{
  g_autoptr(GArray) latitudes = parse_doubles (g_hash_table_lookup (params, "latitude"));
  g_autoptr(GArray) longitudes = parse_doubles (g_hash_table_lookup (params, "longitude"));
  g_autoptr(GArray) elevations = NULL;
  g_auto(GStrv) zones = NULL;
  const char *elevation_text = g_hash_table_lookup (params, "elevation");
  const char *zone_text = g_hash_table_lookup (params, "timezone");
  guint n_zones;

  if (latitudes == NULL)
    {
      *reason = g_strdup ("Value of type 'Float' required for key 'latitude'.");
      return FALSE;
    }
  if (longitudes == NULL)
    {
      *reason = g_strdup ("Value of type 'Float' required for key 'longitude'.");
      return FALSE;
    }
  if (latitudes->len != longitudes->len)
    {
      *reason = g_strdup ("Parameter 'latitude' and 'longitude' must have the same amount of elements");
      return FALSE;
    }
  if (latitudes->len > MAX_LOCATIONS)
    {
      *reason = g_strdup_printf ("Parameter 'latitude' and 'longitude' must not exceed %d coordinates.",
                                 MAX_LOCATIONS);
      return FALSE;
    }
  if (elevation_text != NULL)
    {
      elevations = parse_doubles (elevation_text);
      if (elevations == NULL)
        {
          *reason = g_strdup ("Value of type 'Float' required for key 'elevation'.");
          return FALSE;
        }
      if (elevations->len != latitudes->len)
        {
          *reason = g_strdup ("Parameter 'elevation' must have the same number of elements as coordinates");
          return FALSE;
        }
    }
  zones = zone_text != NULL ? g_strsplit (zone_text, ",", -1) : NULL;
  n_zones = zones != NULL ? g_strv_length (zones) : 0;
  if (n_zones > 1 && n_zones != latitudes->len)
    {
      *reason = g_strdup ("Parameter 'timezone' must have the same number of elements as coordinates");
      return FALSE;
    }

  for (guint i = 0; i < latitudes->len; i++)
    {
      IsobarSimLocation location = { 0 };
      const IsobarSimCity *city;

      location.latitude = g_array_index (latitudes, double, i);
      location.longitude = g_array_index (longitudes, double, i);
      if (location.latitude < -90 || location.latitude > 90)
        {
          g_autofree char *given = float_description (location.latitude);

          *reason = g_strdup_printf ("Latitude must be in range of -90 to 90°. Given: %s.", given);
          return FALSE;
        }
      if (location.longitude < -180 || location.longitude > 180)
        {
          g_autofree char *given = float_description (location.longitude);

          *reason = g_strdup_printf ("Longitude must be in range of -180 to 180°. Given: %s.", given);
          return FALSE;
        }

      if (elevations != NULL)
        location.elevation = g_array_index (elevations, double, i);
      else if ((city = isobar_sim_cities_nearest (location.latitude, location.longitude, ELEVATION_CITY_KM)) != NULL &&
               isfinite (city->elevation))
        location.elevation = city->elevation;
      else
        location.elevation = isobar_sim_terrain_elevation (location.latitude, location.longitude);

      if (!isobar_sim_zone_resolve (&location.zone, n_zones > 0 ? g_strstrip (zones[MIN (i, n_zones - 1)]) : NULL,
                                    location.latitude, location.longitude, clock))
        {
          *reason = g_strdup ("Invalid timezone");
          return FALSE;
        }
      g_array_append_val (query->locations, location);
    }

  return TRUE;
}

IsobarSimQuery *
isobar_sim_query_parse (IsobarSimEndpoint      endpoint,
                        GHashTable            *params,
                        const IsobarSimClock  *clock,
                        char                 **reason)
{
  g_autoptr(IsobarSimQuery) query = g_new0 (IsobarSimQuery, 1);

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (reason != NULL && *reason == NULL, NULL);

  query->endpoint = endpoint;
  query->locations = g_array_new (FALSE, TRUE, sizeof (IsobarSimLocation));
  g_array_set_clear_func (query->locations, location_clear);

  if (!parse_locations (query, params, clock, reason) ||
      !parse_units (params, &query->units, reason) ||
      !parse_variables (params, "hourly", "WeatherVariable", isobar_sim_variable_hourly,
                        endpoint, &query->hourly, reason) ||
      !parse_variables (params, "daily", "ForecastVariableDaily", isobar_sim_variable_daily,
                        endpoint, &query->daily, reason))
    return NULL;

  if (endpoint == ISOBAR_SIM_ENDPOINT_ARCHIVE)
    {
      if (!parse_archive_range (query, params, clock, reason))
        return NULL;
      return g_steal_pointer (&query);
    }

  if (!parse_variables (params, "current", "WeatherVariable", isobar_sim_variable_hourly,
                        endpoint, &query->current, reason) ||
      !parse_uint_param (params, "forecast_days", 7, MAX_FORECAST_DAYS, "Forecast days is invalid.",
                         &query->forecast_days, reason) ||
      !parse_uint_param (params, "past_days", 0, MAX_PAST_DAYS, "Past days is invalid.",
                         &query->past_days, reason))
    return NULL;

  return g_steal_pointer (&query);
}

void
isobar_sim_query_free (IsobarSimQuery *query)
{
  if (query == NULL)
    return;

  g_clear_pointer (&query->locations, g_array_unref);
  g_clear_pointer (&query->current, g_ptr_array_unref);
  g_clear_pointer (&query->hourly, g_ptr_array_unref);
  g_clear_pointer (&query->daily, g_ptr_array_unref);
  g_free (query);
}
