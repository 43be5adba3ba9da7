/* isobar-weather-code.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* WMO weather interpretation codes as Open-Meteo uses them (0 clear sky … 99
 * thunderstorm with heavy hail). */

/* The translated description ("Partly cloudy"); "Unknown conditions" for a
 * code outside the table (and for NAN/negative input). */
const char *isobar_weather_code_describe  (int      code);
/* A themed icon name from the standard weather icons
 * (weather-clear-symbolic, weather-clear-night-symbolic, weather-few-clouds…,
 * weather-overcast…, weather-fog…, weather-showers-scattered…,
 * weather-showers…, weather-snow…, weather-storm…), night variants where the
 * theme has them; "weather-severe-alert-symbolic" for unknown codes. */
const char *isobar_weather_code_icon_name (int      code,
                                           gboolean is_day);
/* TRUE for the codes in the table. */
gboolean    isobar_weather_code_is_valid  (int      code);

G_END_DECLS
