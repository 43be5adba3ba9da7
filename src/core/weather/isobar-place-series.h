/* isobar-place-series.h: what a forecast and an archive share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-block.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_PLACE_SERIES (isobar_place_series_get_type ())

G_DECLARE_DERIVABLE_TYPE (IsobarPlaceSeries, isobar_place_series, ISOBAR, PLACE_SERIES, GObject)

/* The base of the parsed /v1/forecast and /v1/archive responses: one place
 * (its position, elevation, time zone and UTC offset) and its hourly and
 * daily series, either of which may be NULL. Immutable.
 *
 * Properties (read-only except at construction): latitude, longitude,
 * elevation, timezone, utc-offset-seconds, hourly, daily. */
struct _IsobarPlaceSeriesClass
{
  GObjectClass parent_class;
};

/* The range the constructors of the subclasses accept. */
gboolean     isobar_place_series_place_is_valid         (double             latitude,
                                                         double             longitude,
                                                         int                utc_offset_seconds);

double       isobar_place_series_get_latitude           (IsobarPlaceSeries *self);
double       isobar_place_series_get_longitude          (IsobarPlaceSeries *self);
/* NAN when the response had no elevation. */
double       isobar_place_series_get_elevation          (IsobarPlaceSeries *self);
const char  *isobar_place_series_get_timezone           (IsobarPlaceSeries *self);
int          isobar_place_series_get_utc_offset_seconds (IsobarPlaceSeries *self);
IsobarBlock *isobar_place_series_get_hourly             (IsobarPlaceSeries *self);
IsobarBlock *isobar_place_series_get_daily              (IsobarPlaceSeries *self);

G_END_DECLS
