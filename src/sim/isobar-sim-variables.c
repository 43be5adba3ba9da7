/* isobar-sim-variables.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-sim-json.h"
#include "isobar-sim-variables.h"
#include "isobar-sim-weather.h"

#define HOUR(field, unit)        { #field, ISOBAR_SIM_UNIT_ ## unit, G_STRUCT_OFFSET (IsobarSimHour, field), FALSE }
#define HOUR_AS(name, field, unit) { name, ISOBAR_SIM_UNIT_ ## unit, G_STRUCT_OFFSET (IsobarSimHour, field), FALSE }
#define DAY(field, unit)         { #field, ISOBAR_SIM_UNIT_ ## unit, G_STRUCT_OFFSET (IsobarSimDay, field), FALSE }
#define DAY_AS(name, field, unit)  { name, ISOBAR_SIM_UNIT_ ## unit, G_STRUCT_OFFSET (IsobarSimDay, field), FALSE }

static const IsobarSimVariable hourly_variables[] = {
  HOUR (temperature_2m, TEMPERATURE),
  HOUR (relative_humidity_2m, PERCENT),
  HOUR (apparent_temperature, TEMPERATURE),
  HOUR (is_day, DIMENSIONLESS),
  HOUR (precipitation, PRECIPITATION),
  { "precipitation_probability", ISOBAR_SIM_UNIT_PERCENT,
    G_STRUCT_OFFSET (IsobarSimHour, precipitation_probability), TRUE },
  HOUR (rain, PRECIPITATION),
  HOUR (snowfall, SNOW),
  HOUR (weather_code, WMO_CODE),
  HOUR (cloud_cover, PERCENT),
  HOUR (pressure_msl, PRESSURE),
  HOUR (wind_speed_10m, WIND),
  HOUR (wind_direction_10m, DIRECTION),
  HOUR (wind_gusts_10m, WIND),
  /* Names of the older API, still accepted. */
  HOUR_AS ("relativehumidity_2m", relative_humidity_2m, PERCENT),
  HOUR_AS ("weathercode", weather_code, WMO_CODE),
  HOUR_AS ("cloudcover", cloud_cover, PERCENT),
  HOUR_AS ("windspeed_10m", wind_speed_10m, WIND),
  HOUR_AS ("winddirection_10m", wind_direction_10m, DIRECTION),
  HOUR_AS ("windgusts_10m", wind_gusts_10m, WIND),
};

static const IsobarSimVariable daily_variables[] = {
  DAY (weather_code, WMO_CODE),
  DAY (temperature_2m_max, TEMPERATURE),
  DAY (temperature_2m_min, TEMPERATURE),
  DAY (temperature_2m_mean, TEMPERATURE),
  DAY (apparent_temperature_max, TEMPERATURE),
  DAY (apparent_temperature_min, TEMPERATURE),
  DAY (precipitation_sum, PRECIPITATION),
  { "precipitation_probability_max", ISOBAR_SIM_UNIT_PERCENT,
    G_STRUCT_OFFSET (IsobarSimDay, precipitation_probability_max), TRUE },
  DAY (rain_sum, PRECIPITATION),
  DAY (snowfall_sum, SNOW),
  DAY (wind_speed_10m_max, WIND),
  DAY (wind_gusts_10m_max, WIND),
  DAY (sunrise, TIMESTAMP),
  DAY (sunset, TIMESTAMP),
  DAY (daylight_duration, SECONDS),
  DAY_AS ("weathercode", weather_code, WMO_CODE),
  DAY_AS ("windspeed_10m_max", wind_speed_10m_max, WIND),
  DAY_AS ("windgusts_10m_max", wind_gusts_10m_max, WIND),
};

static const IsobarSimVariable *
lookup (const IsobarSimVariable *table,
        gsize                    n_entries,
        const char              *name)
{
  for (gsize i = 0; i < n_entries; i++)
    if (strcmp (table[i].name, name) == 0)
      return &table[i];
  return NULL;
}

const IsobarSimVariable *
isobar_sim_variable_hourly (const char *name)
{
  return lookup (hourly_variables, G_N_ELEMENTS (hourly_variables), name);
}

const IsobarSimVariable *
isobar_sim_variable_daily (const char *name)
{
  return lookup (daily_variables, G_N_ELEMENTS (daily_variables), name);
}

static const char *
wind_label (IsobarSimWindUnit wind)
{
  switch (wind)
    {
    case ISOBAR_SIM_WIND_MS:
      return "m/s";
    case ISOBAR_SIM_WIND_MPH:
      return "mph";
    case ISOBAR_SIM_WIND_KN:
      return "kn";
    case ISOBAR_SIM_WIND_KMH:
    default:
      return "km/h";
    }
}

const char *
isobar_sim_unit_label (IsobarSimUnit         unit,
                       const IsobarSimUnits *units)
{
  switch (unit)
    {
    case ISOBAR_SIM_UNIT_TEMPERATURE:
      return units->fahrenheit ? "°F" : "°C";
    case ISOBAR_SIM_UNIT_PERCENT:
      return "%";
    case ISOBAR_SIM_UNIT_PRECIPITATION:
      return units->inch ? "inch" : "mm";
    case ISOBAR_SIM_UNIT_SNOW:
      return units->inch ? "inch" : "cm";
    case ISOBAR_SIM_UNIT_WIND:
      return wind_label (units->wind);
    case ISOBAR_SIM_UNIT_DIRECTION:
      return "°";
    case ISOBAR_SIM_UNIT_PRESSURE:
      return "hPa";
    case ISOBAR_SIM_UNIT_WMO_CODE:
      return "wmo code";
    case ISOBAR_SIM_UNIT_SECONDS:
      return "s";
    case ISOBAR_SIM_UNIT_TIMESTAMP:
      return units->unixtime ? "unixtime" : "iso8601";
    case ISOBAR_SIM_UNIT_DIMENSIONLESS:
    default:
      return "";
    }
}

void
isobar_sim_unit_write (GString              *out,
                       IsobarSimUnit         unit,
                       const IsobarSimUnits *units,
                       double                value,
                       int                   utc_offset)
{
  switch (unit)
    {
    case ISOBAR_SIM_UNIT_TEMPERATURE:
      isobar_sim_json_fixed (out, units->fahrenheit ? value * 1.8 + 32 : value, 1);
      break;
    case ISOBAR_SIM_UNIT_PRECIPITATION:
      if (units->inch)
        isobar_sim_json_fixed (out, value / 25.4, 3);
      else
        isobar_sim_json_fixed (out, value, 1);
      break;
    case ISOBAR_SIM_UNIT_SNOW:
      isobar_sim_json_fixed (out, units->inch ? value / 2.54 : value, units->inch ? 3 : 2);
      break;
    case ISOBAR_SIM_UNIT_WIND:
      switch (units->wind)
        {
        case ISOBAR_SIM_WIND_MS:
          isobar_sim_json_fixed (out, value / 3.6, 2);
          break;
        case ISOBAR_SIM_WIND_MPH:
          isobar_sim_json_fixed (out, value / 1.609344, 1);
          break;
        case ISOBAR_SIM_WIND_KN:
          isobar_sim_json_fixed (out, value / 1.852, 1);
          break;
        case ISOBAR_SIM_WIND_KMH:
        default:
          isobar_sim_json_fixed (out, value, 1);
        }
      break;
    case ISOBAR_SIM_UNIT_PRESSURE:
      isobar_sim_json_fixed (out, value, 1);
      break;
    case ISOBAR_SIM_UNIT_SECONDS:
      isobar_sim_json_fixed (out, value, 2);
      break;
    case ISOBAR_SIM_UNIT_TIMESTAMP:
      isobar_sim_json_time (out, (gint64) value, utc_offset, FALSE, units->unixtime);
      break;
    case ISOBAR_SIM_UNIT_PERCENT:
    case ISOBAR_SIM_UNIT_DIRECTION:
    case ISOBAR_SIM_UNIT_WMO_CODE:
    case ISOBAR_SIM_UNIT_DIMENSIONLESS:
    default:
      isobar_sim_json_fixed (out, value, 0);
    }
}
