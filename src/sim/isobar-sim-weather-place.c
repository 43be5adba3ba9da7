/* isobar-sim-weather-place.c: the climate of a place (its annual mean,
 * seasons, wetness, winds and pressure, by latitude and height), a plausible
 * ground height for coordinates far from any known place, and the seeded
 * draws the server uses for its faults.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-sim-weather-private.h"

/* Linear interpolation in a table with one entry per 10° of |latitude|. */
static double
by_latitude (const double table[10],
             double       latitude)
{
  double x = clamp (fabs (latitude), 0, 89.999) / 10.0;
  int i = (int) x;

  return table[i] + (table[i + 1] - table[i]) * (x - i);
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
