/* isobar-sim-cities.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A few hundred real places for the simulated geocoding and for
 * timezone=auto. Strings are static; elevation is NAN when unknown, admin1
 * and local_name may be NULL. */
typedef struct
{
  guint32     id;            /* GeoNames id */
  const char *name;          /* English name */
  const char *local_name;    /* GeoNames' own name when it differs */
  double      latitude;
  double      longitude;
  double      elevation;
  const char *feature_code;
  const char *country_code;
  const char *country;
  const char *admin1;
  const char *timezone;
  guint32     population;
} IsobarSimCity;

const IsobarSimCity *isobar_sim_cities         (gsize      *n_cities);

/* Places whose name (or local name) starts with @name, ignoring case and
 * accents ("zur" finds Zürich), most populous first, at most @max_results.
 * An array of borrowed IsobarSimCity pointers. */
GPtrArray           *isobar_sim_cities_search  (const char *name,
                                                guint       max_results);

/* The place nearest to the coordinates if it is within @max_km, else NULL. */
const IsobarSimCity *isobar_sim_cities_nearest (double      latitude,
                                                double      longitude,
                                                double      max_km);

/* Great-circle distance in kilometres. */
double               isobar_sim_distance_km    (double      latitude1,
                                                double      longitude1,
                                                double      latitude2,
                                                double      longitude2);

G_END_DECLS
