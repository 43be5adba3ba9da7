/* isobar-location.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_LOCATION (isobar_location_get_type ())

G_DECLARE_FINAL_TYPE (IsobarLocation, isobar_location, ISOBAR, LOCATION, GObject)

/* A place: a geocoding result or a saved location. Immutable once built.
 * Absent optional fields are NULL (strings), NAN (elevation) or 0 (id, population).
 *
 * Properties (read-only except at construction): id, name, latitude, longitude,
 * elevation, country, country-code, admin1, timezone, population.
 */
IsobarLocation *isobar_location_new              (const char      *name,
                                                  double           latitude,
                                                  double           longitude);
gint64          isobar_location_get_id           (IsobarLocation  *self);
const char     *isobar_location_get_name         (IsobarLocation  *self);
double          isobar_location_get_latitude     (IsobarLocation  *self);
double          isobar_location_get_longitude    (IsobarLocation  *self);
double          isobar_location_get_elevation    (IsobarLocation  *self);
const char     *isobar_location_get_country      (IsobarLocation  *self);
const char     *isobar_location_get_country_code (IsobarLocation  *self);
const char     *isobar_location_get_admin1       (IsobarLocation  *self);
const char     *isobar_location_get_timezone     (IsobarLocation  *self);
gint64          isobar_location_get_population   (IsobarLocation  *self);

/* "Berlin, State of Berlin, Germany": the name followed by the admin1 region
 * and country that are known and differ from the name. */
char           *isobar_location_dup_description  (IsobarLocation  *self);

/* Same place: same id when both have one, else coordinates within 1e-4°. */
gboolean        isobar_location_equal            (IsobarLocation  *a,
                                                  IsobarLocation  *b);

/* GVariant of type ISOBAR_LOCATION_VARIANT_TYPE, used for the saved-locations
 * setting and the cache index: (id, name, admin1, country, country_code,
 * latitude, longitude, timezone), absent strings as "". */
#define ISOBAR_LOCATION_VARIANT_TYPE "(xssssdds)"
GVariant       *isobar_location_to_variant       (IsobarLocation  *self);
IsobarLocation *isobar_location_new_from_variant (GVariant        *variant);

G_END_DECLS
