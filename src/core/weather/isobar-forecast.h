/* isobar-forecast.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-place-series.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_FORECAST (isobar_forecast_get_type ())

G_DECLARE_FINAL_TYPE (IsobarForecast, isobar_forecast, ISOBAR, FORECAST, IsobarPlaceSeries)

/* A parsed /v1/forecast response (the envelope and its blocks). Immutable.
 * current, hourly and daily are NULL when the response has no such block
 * (the legacy current_weather block is read as current). The place and the
 * hourly and daily blocks are IsobarPlaceSeries's; a forecast adds the time
 * zone's abbreviation and the current block (properties
 * timezone-abbreviation and current). */
IsobarForecast *isobar_forecast_new                 (double          latitude,
                                                     double          longitude,
                                                     double          elevation,
                                                     const char     *timezone,
                                                     const char     *timezone_abbreviation,
                                                     int             utc_offset_seconds,
                                                     IsobarBlock    *current,
                                                     IsobarBlock    *hourly,
                                                     IsobarBlock    *daily);
const char     *isobar_forecast_get_timezone_abbreviation (IsobarForecast *self);
IsobarBlock    *isobar_forecast_get_current         (IsobarForecast *self);

G_END_DECLS
