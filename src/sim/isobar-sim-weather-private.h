/* isobar-sim-weather-private.h: what the weather model's files share. The
 * climate of a place is set up in isobar-sim-weather-place.c; the weather of
 * an hour (and the current conditions) is made in isobar-sim-weather.c; the
 * days in isobar-sim-weather-days.c add up its hours and place the sun.
 * Calls go one way: days → hours; the place file stands alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-sim-weather.h"

G_BEGIN_DECLS

/* How the numbers are made:
 *
 * - climate: an annual mean from the latitude (warm equator, cold poles) and
 *   the height, a seasonal cosine that peaks in late July in the north and
 *   late January in the south, and a warming trend of 0.2 °C per decade from
 *   1940 that speeds up by 0.12 °C per decade after 1980;
 * - weather: smooth value noise keyed by (seed, 0.1° grid cell, channel,
 *   knot index) with knots every few days (weather systems) and every few
 *   hours, plus small hourly noise; clouds drive precipitation, pressure and
 *   humidity, temperature decides rain or snow;
 * - the day: a solar-time cycle of temperature, humidity and wind, and the
 *   real sun position (NOAA's approximations) for is_day, sunrise, sunset.
 *
 * The knot caches below only memoise pure values while walking through
 * consecutive hours: the result never depends on what was computed before. */

#define YEAR_DAYS       365.2422
#define SUN_ZENITH_COS  (-0.014543897651582657)   /* cos (90.833°) */

enum
{
  CHANNEL_TEMPERATURE_SLOW,
  CHANNEL_TEMPERATURE_FAST,
  CHANNEL_TEMPERATURE_HOUR,
  CHANNEL_CLOUD_SLOW,
  CHANNEL_CLOUD_FAST,
  CHANNEL_HUMIDITY,
  CHANNEL_WIND_SLOW,
  CHANNEL_WIND_FAST,
  CHANNEL_DIRECTION_SLOW,
  CHANNEL_DIRECTION_FAST,
  CHANNEL_PRESSURE,
  N_SMOOTH_CHANNELS,

  /* Draws made once per hour, not interpolated: one hash, cut in five. */
  CHANNEL_HOURLY_DRAWS = N_SMOOTH_CHANNELS,
};

typedef struct
{
  gint64 index;
  double a;
  double b;
} Knots;

/* Memo of knots and solar parameters while walking through time. */
typedef struct
{
  Knots  knots[N_SMOOTH_CHANNELS];
  gint64 sun_day;
  double sin_declination;
  double cos_declination;
  double equation_of_time;   /* minutes */
} Walker;

/* floor () and round () without a libm call: the model runs them a few
 * million times for a long archive. Only for |x| < 2^62. */
static inline double
fast_floor (double x)
{
  double truncated = (double) (gint64) x;

  /* Branch-free: the sign of the fraction is random here. */
  return truncated - (double) (truncated > x);
}

static inline double
fast_round (double x)
{
  return fast_floor (x + 0.5);
}

static inline guint64
mix64 (guint64 z)
{
  /* splitmix64's finaliser */
  z += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in [0, 1) for (key, channel, index). */
static inline double
hash_unit (guint64 key,
           guint   channel,
           gint64  index)
{
  guint64 h = mix64 (key ^ mix64 ((guint64) index * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d) + channel));

  return (double) (h >> 11) * (1.0 / 9007199254740992.0);
}

static inline void
walker_init (Walker *walker)
{
  for (guint i = 0; i < N_SMOOTH_CHANNELS; i++)
    walker->knots[i].index = G_MININT64;
  walker->sun_day = G_MININT64;
}

static inline double
clamp (double value,
       double low,
       double high)
{
  return value < low ? low : value > high ? high : value;
}

/* Rounds to 1/@per_unit (10: tenths). Multiplications only: divisions
 * would be most of the cost of an hour. */
G_ALWAYS_INLINE static inline double
round_to (double value,
          double per_unit)
{
  return fast_round (value * per_unit) * (1.0 / per_unit);
}

/* fmod () for a positive @period, always in [0, period). */
G_ALWAYS_INLINE static inline double
wrap (double value,
      double period)
{
  return value - fast_floor (value * (1.0 / period)) * period;
}

static inline double
days_since_1940 (gint64 utc)
{
  return (double) (utc - ISOBAR_SIM_EPOCH_1940) * (1.0 / 86400.0);
}

/* What the second half of an hour needs from the first. */
typedef struct
{
  double   t;
  gint64   hour;
  guint64  draws;
  double   daily_cycle;
  double   c_slow;
  double   c_raw;
  double   cloud;
  gboolean convective;
  gboolean snow;
} Hour;

/* isobar-sim-weather.c: the weather of an hour. */

/* Solar declination and equation of time (NOAA) for the day around @days. */
void _isobar_sim_weather_walker_sun (Walker               *walker,
                                     double                days);

/* Temperature, clouds and precipitation: all that daily temperatures and
 * sums need. */
void _isobar_sim_weather_hour_core  (const IsobarSimPlace *place,
                                     Walker               *walker,
                                     gint64                utc,
                                     Hour                 *h,
                                     IsobarSimHour        *out);

/* Humidity, wind, pressure, apparent temperature and the weather code. */
void _isobar_sim_weather_hour_rest  (const IsobarSimPlace *place,
                                     Walker               *walker,
                                     const Hour           *h,
                                     IsobarSimHour        *out);

G_END_DECLS
