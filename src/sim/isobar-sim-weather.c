/* isobar-sim-weather.c: the weather of an hour, and of any second for the
 * current conditions: the season, the sun and the weather systems (smooth
 * noise channels) give temperature, clouds and precipitation first (all that
 * a day's sums need), then humidity, wind, pressure, apparent temperature
 * and the weather code. How the numbers are made is told in
 * isobar-sim-weather-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-sim-weather-private.h"

#define TREND_2005      (0.02 * 65 + 0.012 * 25)

/* Cloudiness above which it rains, and how hard (mm/h per unit above). */
#define PRECIPITATION_THRESHOLD 0.87
#define PRECIPITATION_RATE      3.8

enum
{
  DRAW_PRECIPITATION,
  DRAW_SHOWER,
  DRAW_SHOWER_AMOUNT,
  DRAW_GUST,
  DRAW_STORM,
};

/* The @which-th of five 12-bit uniforms in [0, 1) packed in @draws. */
static inline double
draw (guint64 draws,
      guint   which)
{
  return (double) ((draws >> (12 * which)) & 0xfff) * (1.0 / 4096.0);
}

/* sin and cos of any angle to about 4e-6, enough for values printed with one
 * decimal, at a fraction of libm's cost. */
static inline void
fast_sincos (double  x,
             double *sine,
             double *cosine)
{
  double quadrant = fast_round (x * (2.0 / G_PI));
  double r = x - quadrant * (G_PI / 2.0);
  double r2 = r * r;
  double s = r * (1 + r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880)))));
  double c = 1 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 - r2 * (1.0 / 3628800)))));

  switch ((gint64) quadrant & 3)
    {
    case 0:
      *sine = s, *cosine = c;
      break;
    case 1:
      *sine = c, *cosine = -s;
      break;
    case 2:
      *sine = -s, *cosine = -c;
      break;
    default:
      *sine = -c, *cosine = s;
    }
}

/* Smooth value noise in [0, 1) with knots at integer @x. */
static inline double
noise (Walker  *walker,
       guint64  key,
       guint    channel,
       double   x)
{
  Knots *k = &walker->knots[channel];
  double floor_x = fast_floor (x);
  gint64 i = (gint64) floor_x;
  double f;

  if (i != k->index)
    {
      k->a = (i == k->index + 1) ? k->b : hash_unit (key, channel, i);
      k->b = hash_unit (key, channel, i + 1);
      k->index = i;
    }

  f = x - floor_x;
  f = f * f * (3.0 - 2.0 * f);
  return k->a + (k->b - k->a) * f;
}

/* Centred noise in [-1, 1). */
static inline double
swing (Walker  *walker,
       guint64  key,
       guint    channel,
       double   x)
{
  return 2.0 * noise (walker, key, channel, x) - 1.0;
}

void
_isobar_sim_weather_walker_sun (Walker *walker,
                                double  days)
{
  gint64 day = (gint64) fast_floor (days);
  double gamma, declination;

  if (day == walker->sun_day)
    return;

  gamma = 2.0 * G_PI / 365.0 * wrap ((double) day + 0.5, YEAR_DAYS);
  declination = 0.006918 - 0.399912 * cos (gamma) + 0.070257 * sin (gamma)
                - 0.006758 * cos (2 * gamma) + 0.000907 * sin (2 * gamma)
                - 0.002697 * cos (3 * gamma) + 0.00148 * sin (3 * gamma);
  walker->sin_declination = sin (declination);
  walker->cos_declination = cos (declination);
  walker->equation_of_time = 229.18 * (0.000075 + 0.001868 * cos (gamma) - 0.032077 * sin (gamma)
                                       - 0.014615 * cos (2 * gamma) - 0.040849 * sin (2 * gamma));
  walker->sun_day = day;
}

static double
warming_trend (double year)
{
  return 0.02 * (year - 1940) + 0.012 * MAX (0.0, year - 1980) - TREND_2005;
}

static int
weather_code (double   precipitation,
              gboolean snow,
              gboolean convective,
              double   temperature,
              double   cloud_cover,
              double   humidity,
              double   wind_speed,
              double   storm_draw)
{
  if (precipitation >= 0.1)
    {
      if (snow)
        {
          if (convective)
            return precipitation < 1.5 ? 85 : 86;
          return precipitation < 0.7 ? 71 : precipitation < 2.0 ? 73 : 75;
        }
      if (convective)
        {
          if (precipitation >= 3.0 && temperature > 20 && storm_draw < 0.5)
            return 95;
          return precipitation < 2.5 ? 80 : precipitation < 7.6 ? 81 : 82;
        }
      if (precipitation < 0.3)
        return 51;
      if (precipitation < 0.5)
        return 53;
      return precipitation < 2.5 ? 61 : precipitation < 7.6 ? 63 : 65;
    }
  if (humidity >= 97 && wind_speed < 8)
    return 45;
  if (cloud_cover <= 12)
    return 0;
  if (cloud_cover <= 37)
    return 1;
  return cloud_cover <= 75 ? 2 : 3;
}

void
_isobar_sim_weather_hour_core (const IsobarSimPlace *place,
                               Walker               *walker,
                               gint64                utc,
                               Hour                 *h,
                               IsobarSimHour        *out)
{
  const guint64 key = place->key;
  double t = days_since_1940 (utc);
  double season, season_sine, solar_hours, sin_ha, cos_ha;
  double synoptic, amplitude, temperature, precipitation = 0, shower_chance = 0, probability;

  h->t = t;
  /* Hours since 1940 (the nudge keeps whole hours whole); no 64-bit
   * division, it is slow. */
  h->hour = (gint64) fast_floor (t * 24.0 + 1e-7);
  h->draws = mix64 (key ^ mix64 ((guint64) h->hour * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d) + CHANNEL_HOURLY_DRAWS));
  h->convective = FALSE;

  fast_sincos ((2.0 * G_PI / YEAR_DAYS) * (wrap (t, YEAR_DAYS) - 200.0), &season_sine, &season);
  season *= place->hemisphere;

  /* The sun: local solar time and its height. */
  _isobar_sim_weather_walker_sun (walker, t);
  solar_hours = wrap (t * 24.0 + place->solar_offset_hours + walker->equation_of_time * (1.0 / 60.0), 24.0);
  fast_sincos ((solar_hours - 12.0) * (G_PI / 12.0), &sin_ha, &cos_ha);
  out->is_day = (place->sin_latitude * walker->sin_declination
                 + place->cos_latitude * walker->cos_declination * cos_ha) > SUN_ZENITH_COS ? 1 : 0;
  /* Warmest at 14:30 solar time: cos (hour angle − 37.5°). */
  h->daily_cycle = cos_ha * 0.79335334029 + sin_ha * 0.60876142900;

  /* Clouds: weather systems every few days, and showers of a few hours. */
  h->c_slow = noise (walker, key, CHANNEL_CLOUD_SLOW, t * (1 / 2.3));
  h->c_raw = place->wetness + place->cloud_season * season + 0.55 * (2 * h->c_slow - 1)
             + 0.22 * swing (walker, key, CHANNEL_CLOUD_FAST, t * (1 / 0.45));
  h->cloud = clamp (h->c_raw, 0, 1);

  /* Temperature: climate, weather systems, the day, a little noise. */
  synoptic = place->synoptic_amplitude * (1.2 * swing (walker, key, CHANNEL_TEMPERATURE_SLOW, t * (1 / 3.3))
                                          + 0.45 * swing (walker, key, CHANNEL_TEMPERATURE_FAST, t * (1 / 1.1)));
  amplitude = 1.5 + 4.5 * (1 - h->cloud);
  temperature = place->annual_mean + place->season_amplitude * season
                + warming_trend (1940.0 + t * (1.0 / YEAR_DAYS))
                + synoptic + amplitude * h->daily_cycle
                + 0.35 * swing (walker, key, CHANNEL_TEMPERATURE_HOUR, t * 24.0);

  /* Precipitation: steady from thick cloud, showers on warm afternoons. */
  if (h->c_raw > PRECIPITATION_THRESHOLD)
    precipitation = (h->c_raw - PRECIPITATION_THRESHOLD) * PRECIPITATION_RATE * place->wetness
                    * (0.2 + 3.0 * draw (h->draws, DRAW_PRECIPITATION) * draw (h->draws, DRAW_PRECIPITATION));
  if (temperature > 17 && h->c_raw > 0.55 && h->daily_cycle > 0.3)
    shower_chance = clamp ((h->c_raw - 0.55) * 0.12 * (temperature - 17), 0, 0.8);
  if (draw (h->draws, DRAW_SHOWER) < shower_chance * 0.5)
    {
      h->convective = TRUE;
      precipitation += 0.4 + 6.0 * draw (h->draws, DRAW_SHOWER_AMOUNT);
    }
  precipitation = round_to (precipitation, 10);
  if (precipitation > 0)
    temperature -= 1.0;                         /* rain cools the air */
  temperature = round_to (temperature, 10);
  h->snow = temperature < 0.5;

  out->temperature_2m = temperature;
  out->precipitation = precipitation;
  out->rain = h->snow ? 0 : precipitation;
  out->snowfall = h->snow ? round_to (precipitation * 0.7, 100) : 0;
  out->cloud_cover = fast_round (h->cloud * 100);
  probability = MAX ((h->c_raw - PRECIPITATION_THRESHOLD + 0.2) * 300.0, shower_chance * 100.0);
  out->precipitation_probability = fast_round (clamp (probability, 0, 100));
}

void
_isobar_sim_weather_hour_rest (const IsobarSimPlace *place,
                               Walker               *walker,
                               const Hour           *h,
                               IsobarSimHour        *out)
{
  const guint64 key = place->key;
  const double t = h->t;
  double humidity, wind, gust, direction, pressure, vapour;

  /* Humidity: high under clouds and at dawn, low on sunny afternoons. */
  humidity = 48 + 38 * h->cloud + 28 * (place->wetness - 0.5) - 12 * h->daily_cycle
             + 8 * swing (walker, key, CHANNEL_HUMIDITY, t * (24.0 / 5.0));
  if (out->precipitation > 0)
    humidity = MAX (humidity, 85 + 3 * out->precipitation);
  humidity = clamp (fast_round (humidity), 5, 100);
  out->relative_humidity_2m = humidity;

  /* Wind: strongest with deep lows and in the afternoon. */
  wind = place->wind_base * (0.3 + 1.3 * noise (walker, key, CHANNEL_WIND_SLOW, t * (1 / 2.1)))
         + 0.25 * place->wind_base * swing (walker, key, CHANNEL_WIND_FAST, t * (24.0 / 3.0))
         + 0.2 * place->wind_base * MAX (0.0, h->daily_cycle)
         + 25 * MAX (0.0, h->c_raw - 0.85);
  wind = round_to (MAX (0.4, wind), 10);
  gust = wind * (1.45 + 0.4 * draw (h->draws, DRAW_GUST)) + 2 + (h->convective ? 15 : 0);
  direction = place->prevailing_wind + 170 * swing (walker, key, CHANNEL_DIRECTION_SLOW, t * (1 / 2.7))
              + 25 * swing (walker, key, CHANNEL_DIRECTION_FAST, t * (24.0 / 4.0));
  out->wind_speed_10m = wind;
  out->wind_gusts_10m = round_to (gust, 10);
  out->wind_direction_10m = wrap (fast_round (direction), 360.0);

  /* Pressure: low under the same systems that bring the clouds. */
  pressure = place->mean_pressure - 26 * (h->c_slow - 0.5)
             + 3 * swing (walker, key, CHANNEL_PRESSURE, t * (1 / 0.9));
  out->pressure_msl = round_to (pressure, 10);

  /* Apparent temperature (Steadman, as Open-Meteo): vapour pressure in hPa,
   * wind in m/s. */
  vapour = humidity * 0.06105 * exp (17.27 * out->temperature_2m / (237.7 + out->temperature_2m));
  out->apparent_temperature = round_to (out->temperature_2m + 0.33 * vapour - (0.70 / 3.6) * wind - 4.0, 10);

  out->weather_code = weather_code (out->precipitation, h->snow, h->convective, out->temperature_2m,
                                    out->cloud_cover, humidity, wind, draw (h->draws, DRAW_STORM));
}

static void
compute (const IsobarSimPlace *place,
         Walker               *walker,
         gint64                utc,
         IsobarSimHour        *out)
{
  Hour h;

  _isobar_sim_weather_hour_core (place, walker, utc, &h, out);
  _isobar_sim_weather_hour_rest (place, walker, &h, out);
}

void
isobar_sim_weather_at (const IsobarSimPlace *place,
                       gint64                utc,
                       IsobarSimHour        *out)
{
  Walker walker;

  walker_init (&walker);
  compute (place, &walker, utc, out);
}

void
isobar_sim_weather_hours (const IsobarSimPlace *place,
                          gint64                start_utc,
                          gsize                 n_hours,
                          IsobarSimHour        *out)
{
  Walker walker;

  walker_init (&walker);
  for (gsize i = 0; i < n_hours; i++)
    compute (place, &walker, start_utc + (gint64) i * 3600, &out[i]);
}
