/* isobar-sim-weather-days.c: the days of the weather model: the 24 hours of
 * a local day added up (extremes, means, sums, the worst weather code) and
 * its sunrise, sunset and daylight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-sim-weather-private.h"

/* Sunrise, sunset (Unix times, to the minute) and daylight (seconds) of the
 * local calendar day that starts at @day_start_utc. */
static void
sun_times (const IsobarSimPlace *place,
           Walker               *walker,
           gint64                day_start_utc,
           int                   utc_offset,
           IsobarSimDay         *out)
{
  /* UTC midnight of the local calendar date. */
  gint64 date_midnight = day_start_utc + utc_offset;
  double tan_latitude = place->sin_latitude / place->cos_latitude;
  double tan_declination, arg, half_day, noon_minutes;

  _isobar_sim_weather_walker_sun (walker, days_since_1940 (date_midnight + 43200));
  tan_declination = walker->sin_declination / walker->cos_declination;
  arg = SUN_ZENITH_COS / (place->cos_latitude * walker->cos_declination) - tan_latitude * tan_declination;

  if (arg >= 1)
    {
      /* Polar night. */
      out->sunrise = out->sunset = (double) day_start_utc;
      out->daylight_duration = 0;
      return;
    }
  if (arg <= -1)
    {
      /* Midnight sun. */
      out->sunrise = (double) day_start_utc;
      out->sunset = (double) (day_start_utc + 86400);
      out->daylight_duration = 86400;
      return;
    }

  half_day = acos (arg) * 180.0 / G_PI;
  noon_minutes = 720.0 - 4.0 * place->longitude - walker->equation_of_time;
  out->sunrise = (double) date_midnight + round (noon_minutes - 4.0 * half_day) * 60.0;
  out->sunset = (double) date_midnight + round (noon_minutes + 4.0 * half_day) * 60.0;
  out->daylight_duration = round_to (480.0 * half_day, 100);
}

/* Adds one hour to its day. */
static void
day_add_hour (IsobarSimDay        *day,
              const IsobarSimHour *hour,
              gboolean             all_variables)
{
  day->temperature_2m_mean += hour->temperature_2m;
  day->temperature_2m_max = MAX (day->temperature_2m_max, hour->temperature_2m);
  day->temperature_2m_min = MIN (day->temperature_2m_min, hour->temperature_2m);
  day->precipitation_sum += hour->precipitation;
  day->rain_sum += hour->rain;
  day->snowfall_sum += hour->snowfall;
  day->precipitation_probability_max = MAX (day->precipitation_probability_max, hour->precipitation_probability);
  if (!all_variables)
    return;
  day->apparent_temperature_max = MAX (day->apparent_temperature_max, hour->apparent_temperature);
  day->apparent_temperature_min = MIN (day->apparent_temperature_min, hour->apparent_temperature);
  day->wind_speed_10m_max = MAX (day->wind_speed_10m_max, hour->wind_speed_10m);
  day->wind_gusts_10m_max = MAX (day->wind_gusts_10m_max, hour->wind_gusts_10m);
  /* WMO codes grow with severity: the day shows its worst hour. */
  day->weather_code = MAX (day->weather_code, hour->weather_code);
}

void
isobar_sim_weather_days (const IsobarSimPlace *place,
                         gint64                first_day_utc,
                         int                   utc_offset,
                         gsize                 n_days,
                         gboolean              all_variables,
                         IsobarSimDay         *out)
{
  Walker walker;

  walker_init (&walker);
  for (gsize d = 0; d < n_days; d++)
    {
      gint64 start = first_day_utc + (gint64) d * 86400;
      IsobarSimDay *day = &out[d];

      day->temperature_2m_max = day->apparent_temperature_max = -G_MAXDOUBLE;
      day->temperature_2m_min = day->apparent_temperature_min = G_MAXDOUBLE;
      day->temperature_2m_mean = day->precipitation_sum = day->rain_sum = day->snowfall_sum = 0;
      day->precipitation_probability_max = day->wind_speed_10m_max = day->wind_gusts_10m_max = 0;
      day->weather_code = 0;

      for (int h = 0; h < 24; h++)
        {
          IsobarSimHour hour;
          Hour state;

          _isobar_sim_weather_hour_core (place, &walker, start + h * 3600, &state, &hour);
          if (all_variables)
            _isobar_sim_weather_hour_rest (place, &walker, &state, &hour);
          day_add_hour (day, &hour, all_variables);
        }
      day->temperature_2m_mean = round_to (day->temperature_2m_mean * (1.0 / 24.0), 10);
      day->precipitation_sum = round_to (day->precipitation_sum, 10);
      day->rain_sum = round_to (day->rain_sum, 10);
      day->snowfall_sum = round_to (day->snowfall_sum, 100);
      if (!all_variables)
        day->apparent_temperature_max = day->apparent_temperature_min = day->wind_speed_10m_max =
          day->wind_gusts_10m_max = day->weather_code = NAN;

      sun_times (place, &walker, start, utc_offset, day);
    }
}

gboolean
isobar_sim_day_field_needs_all (gsize offset)
{
  return offset == G_STRUCT_OFFSET (IsobarSimDay, weather_code) ||
         offset == G_STRUCT_OFFSET (IsobarSimDay, apparent_temperature_max) ||
         offset == G_STRUCT_OFFSET (IsobarSimDay, apparent_temperature_min) ||
         offset == G_STRUCT_OFFSET (IsobarSimDay, wind_speed_10m_max) ||
         offset == G_STRUCT_OFFSET (IsobarSimDay, wind_gusts_10m_max);
}
