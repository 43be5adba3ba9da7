/* isobar-forecast.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-block.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_FORECAST (isobar_forecast_get_type ())

G_DECLARE_FINAL_TYPE (IsobarForecast, isobar_forecast, ISOBAR, FORECAST, GObject)

/* A parsed /v1/forecast response (the envelope and its blocks). Immutable.
 * current, hourly and daily are NULL when the response has no such block
 * (the legacy current_weather block is read as current). */
IsobarForecast *isobar_forecast_new                 (double          latitude,
                                                     double          longitude,
                                                     double          elevation,
                                                     const char     *timezone,
                                                     const char     *timezone_abbreviation,
                                                     int             utc_offset_seconds,
                                                     IsobarBlock    *current,
                                                     IsobarBlock    *hourly,
                                                     IsobarBlock    *daily);
double          isobar_forecast_get_latitude        (IsobarForecast *self);
double          isobar_forecast_get_longitude       (IsobarForecast *self);
/* NAN when the response had no elevation. */
double          isobar_forecast_get_elevation       (IsobarForecast *self);
const char     *isobar_forecast_get_timezone        (IsobarForecast *self);
const char     *isobar_forecast_get_timezone_abbreviation (IsobarForecast *self);
int             isobar_forecast_get_utc_offset_seconds (IsobarForecast *self);
IsobarBlock    *isobar_forecast_get_current         (IsobarForecast *self);
IsobarBlock    *isobar_forecast_get_hourly          (IsobarForecast *self);
IsobarBlock    *isobar_forecast_get_daily           (IsobarForecast *self);

G_END_DECLS
