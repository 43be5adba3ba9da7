/* isobar-sim-weather.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The synthetic weather: pure functions of (seed, place, time). Every value
 * comes from a stateless hash of the seed, the rounded coordinates and the
 * time, so any hour or day can be computed alone, in any order, and gives the
 * same numbers every time. Units are the API's defaults: °C, %, mm, cm,
 * km/h, hPa, degrees, WMO codes. */

typedef struct
{
  guint64 key;                 /* seed and grid cell */
  double  latitude;
  double  longitude;
  double  elevation;           /* metres */
  double  sin_latitude;
  double  cos_latitude;
  double  annual_mean;         /* °C at this elevation, around 2005 */
  double  season_amplitude;    /* °C, half the July-January difference */
  double  hemisphere;          /* +1 north, -1 south */
  double  synoptic_amplitude;  /* °C of day-to-day swings */
  double  wetness;             /* 0 desert … 1 rain forest */
  double  wind_base;           /* km/h */
  double  prevailing_wind;     /* degrees */
  double  mean_pressure;       /* hPa */
  double  solar_offset_hours;  /* longitude / 15 */
  double  cloud_season;        /* how clouds follow the season */
} IsobarSimPlace;

/* Hourly (and current) values. All doubles so that a variable table can
 * address them by offset. */
typedef struct
{
  double temperature_2m;
  double relative_humidity_2m;
  double apparent_temperature;
  double is_day;
  double precipitation;
  double precipitation_probability;
  double rain;
  double snowfall;
  double weather_code;
  double cloud_cover;
  double pressure_msl;
  double wind_speed_10m;
  double wind_direction_10m;
  double wind_gusts_10m;
} IsobarSimHour;

/* Daily aggregates over the 24 hours of a local day. sunrise and sunset are
 * Unix times. */
typedef struct
{
  double weather_code;
  double temperature_2m_max;
  double temperature_2m_min;
  double temperature_2m_mean;
  double apparent_temperature_max;
  double apparent_temperature_min;
  double precipitation_sum;
  double precipitation_probability_max;
  double rain_sum;
  double snowfall_sum;
  double wind_speed_10m_max;
  double wind_gusts_10m_max;
  double sunrise;
  double sunset;
  double daylight_duration;
} IsobarSimDay;

/* Unix time of 1940-01-01T00:00Z, where the archive starts. */
#define ISOBAR_SIM_EPOCH_1940 (G_GINT64_CONSTANT (-946771200))

void isobar_sim_place_init (IsobarSimPlace  *place,
                            guint64          seed,
                            double           latitude,
                            double           longitude,
                            double           elevation);

/* The weather at @utc (any second; the current block uses quarter hours). */
void isobar_sim_weather_at (const IsobarSimPlace *place,
                            gint64                utc,
                            IsobarSimHour        *out);

/* @n_hours hourly values from @start_utc on. */
void isobar_sim_weather_hours (const IsobarSimPlace *place,
                               gint64                start_utc,
                               gsize                 n_hours,
                               IsobarSimHour        *out);

/* @n_days days, day i covering [@first_day_utc + i·86400, +86400), i.e. local
 * days when @first_day_utc is a local midnight. @utc_offset (seconds) gives
 * the local calendar date for sunrise and sunset. Without @all_variables
 * only temperatures, sums, probabilities and the sun are computed (the rest
 * is NAN), which is faster. */
void isobar_sim_weather_days  (const IsobarSimPlace *place,
                               gint64                first_day_utc,
                               int                   utc_offset,
                               gsize                 n_days,
                               gboolean              all_variables,
                               IsobarSimDay         *out);

/* Whether a daily variable needs all_variables (weather code, apparent
 * temperature, wind). @offset is its offset in IsobarSimDay. */
gboolean isobar_sim_day_field_needs_all (gsize offset);

/* A uniform draw in [0, 1) that depends only on its arguments. */
double isobar_sim_hash_unit (guint64 key,
                             guint   channel,
                             gint64  index);

/* A plausible ground height for coordinates far from any known place. */
double isobar_sim_terrain_elevation (double latitude,
                                     double longitude);

G_END_DECLS
