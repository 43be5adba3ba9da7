/* isobar-sample-places.c: well-known places around the world, for runs and
 * benchmarks that need more places than were saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-sample-places.h"

/* Names in the places' own spelling, not translated: they name the same
 * requests in every language, so that runs compare. */
static const struct
{
  const char *name;
  double      latitude;
  double      longitude;
} sample_places[] = {
  { "Berlin", 52.52, 13.41 },
  { "Tokyo", 35.69, 139.69 },
  { "New York", 40.71, -74.01 },
  { "Sydney", -33.87, 151.21 },
  { "São Paulo", -23.55, -46.63 },
  { "Cairo", 30.04, 31.24 },
  { "Mumbai", 19.08, 72.88 },
  { "Reykjavík", 64.15, -21.94 },
  { "Nairobi", -1.29, 36.82 },
  { "Mexico City", 19.43, -99.13 },
  { "Moscow", 55.76, 37.62 },
  { "Buenos Aires", -34.60, -58.38 },
  { "Lagos", 6.52, 3.38 },
  { "Vancouver", 49.28, -123.12 },
  { "Singapore", 1.29, 103.85 },
  { "Cape Town", -33.92, 18.42 },
};

GPtrArray *
isobar_sample_places_new (guint n)
{
  GPtrArray *places = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      guint round = i / G_N_ELEMENTS (sample_places);
      guint k = i % G_N_ELEMENTS (sample_places);
      /* Each round 0.01° further north-east, so that every request differs. */
      double shift = 0.01 * round;
      g_autofree char *name = NULL;

      if (round == 0)
        name = g_strdup (sample_places[k].name);
      else
        name = g_strdup_printf ("%s #%u", sample_places[k].name, round + 1);
      g_ptr_array_add (places,
                       isobar_location_new (name,
                                            CLAMP (sample_places[k].latitude + shift, -90.0, 90.0),
                                            fmod (sample_places[k].longitude + shift + 540.0, 360.0) - 180.0));
    }

  return places;
}
