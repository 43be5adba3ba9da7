/* isobar-sim-weather.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-sim-weather.h"

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
#define TREND_2005      (0.02 * 65 + 0.012 * 25)

/* Cloudiness above which it rains, and how hard (mm/h per unit above). */
#define PRECIPITATION_THRESHOLD 0.87
#define PRECIPITATION_RATE      3.8

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

/* floor () and round () without a libm call: this file runs them a few
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

static void
walker_init (Walker *walker)
{
  for (guint i = 0; i < N_SMOOTH_CHANNELS; i++)
    walker->knots[i].index = G_MININT64;
  walker->sun_day = G_MININT64;
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

static double
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

/* Linear interpolation in a table with one entry per 10° of |latitude|. */
static double
by_latitude (const double table[10],
             double       latitude)
{
  double x = clamp (fabs (latitude), 0, 89.999) / 10.0;
  int i = (int) x;

  return table[i] + (table[i + 1] - table[i]) * (x - i);
}

static double
days_since_1940 (gint64 utc)
{
  return (double) (utc - ISOBAR_SIM_EPOCH_1940) * (1.0 / 86400.0);
}

/* Solar declination and equation of time (NOAA) for the day around @days. */
static void
walker_sun (Walker *walker,
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

void
isobar_sim_place_init (IsobarSimPlace *place,
                       guint64         seed,
                       double          latitude,
                       double          longitude,
                       double          elevation)
{
  static const double annual_mean[10] = { 27, 26.5, 24.5, 20, 14.5, 11, 6, -1, -8, -18 };
  static const double season_amplitude[10] = { 0.8, 1.5, 4, 7, 9, 9.5, 10.5, 12, 14, 16 };
  static const double synoptic_amplitude[10] = { 1.0, 1.2, 2.0, 3.0, 4.0, 4.5, 5.0, 5.5, 5.5, 5.0 };
  static const double wetness[10] = { 0.62, 0.55, 0.25, 0.3, 0.48, 0.56, 0.56, 0.5, 0.45, 0.4 };
  static const double wind_base[10] = { 9, 12, 13, 12, 13, 15, 16, 16, 15, 14 };
  gint64 cell_latitude = (gint64) llround (latitude * 10);
  gint64 cell_longitude = (gint64) llround (longitude * 10);
  double abs_latitude = fabs (latitude);
  double sun_latitude = clamp (latitude, -89.9, 89.9) * G_PI / 180.0;
  double subtropics;

  place->key = mix64 (mix64 (seed) ^ mix64 ((guint64) cell_latitude << 32 ^ (guint64) (cell_longitude & 0xffffffff)));
  place->latitude = latitude;
  place->longitude = longitude;
  place->elevation = elevation;
  place->sin_latitude = sin (sun_latitude);
  place->cos_latitude = cos (sun_latitude);
  place->hemisphere = latitude >= 0 ? 1.0 : -1.0;

  place->annual_mean = by_latitude (annual_mean, latitude) - 0.0045 * MAX (0.0, elevation);
  if (latitude < -60)
    place->annual_mean -= (-60 - latitude) * 0.6;   /* Antarctica is colder than the Arctic */
  place->season_amplitude = by_latitude (season_amplitude, latitude);
  if (latitude < -20)
    place->season_amplitude *= 0.7;                 /* more ocean in the south */
  place->synoptic_amplitude = by_latitude (synoptic_amplitude, latitude);
  place->wetness = by_latitude (wetness, latitude);
  place->wind_base = by_latitude (wind_base, latitude);
  subtropics = (abs_latitude - 30.0) / 12.0;
  place->mean_pressure = 1012 + 5 * exp (-subtropics * subtropics);
  place->solar_offset_hours = longitude / 15.0;
  if (abs_latitude >= 35)
    place->cloud_season = -0.08;   /* cloudier winters */
  else if (abs_latitude >= 8 && abs_latitude < 28)
    place->cloud_season = 0.12;    /* summer monsoon */
  else
    place->cloud_season = 0;

  if (abs_latitude < 30)
    place->prevailing_wind = latitude >= 0 ? 45 : 135;   /* trade winds */
  else if (abs_latitude < 60)
    place->prevailing_wind = latitude >= 0 ? 250 : 290;  /* westerlies */
  else
    place->prevailing_wind = 90;                         /* polar easterlies */
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

/* Temperature, clouds and precipitation: all that daily temperatures and
 * sums need. */
static void
compute_core (const IsobarSimPlace *place,
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
  walker_sun (walker, t);
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

/* Humidity, wind, pressure, apparent temperature and the weather code. */
static void
compute_rest (const IsobarSimPlace *place,
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

  compute_core (place, walker, utc, &h, out);
  compute_rest (place, walker, &h, out);
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

  walker_sun (walker, days_since_1940 (date_midnight + 43200));
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

          compute_core (place, &walker, start + h * 3600, &state, &hour);
          if (all_variables)
            compute_rest (place, &walker, &state, &hour);
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

double
isobar_sim_hash_unit (guint64 key,
                      guint   channel,
                      gint64  index)
{
  return hash_unit (mix64 (key), channel, index);
}

double
isobar_sim_terrain_elevation (double latitude,
                              double longitude)
{
  /* Two octaves of 2-D value noise on fixed (seedless) knots: geography does
   * not change with the weather seed. */
  double height = 0;
  double scale = 1.0 / 3.0;   /* knots every 3° */
  double amplitude = 700;

  for (int octave = 0; octave < 2; octave++)
    {
      double x = (longitude + 180.0) * scale, y = (latitude + 90.0) * scale;
      gint64 ix = (gint64) floor (x), iy = (gint64) floor (y);
      double fx = x - ix, fy = y - iy;
      double v00 = hash_unit (0x7e77a1, octave, iy * 4096 + ix);
      double v10 = hash_unit (0x7e77a1, octave, iy * 4096 + ix + 1);
      double v01 = hash_unit (0x7e77a1, octave, (iy + 1) * 4096 + ix);
      double v11 = hash_unit (0x7e77a1, octave, (iy + 1) * 4096 + ix + 1);

      fx = fx * fx * (3 - 2 * fx);
      fy = fy * fy * (3 - 2 * fy);
      height += amplitude * ((v00 + (v10 - v00) * fx) * (1 - fy) + (v01 + (v11 - v01) * fx) * fy);
      scale *= 4;
      amplitude /= 3.5;
    }

  return round (MAX (0.0, height - 120.0));
}
