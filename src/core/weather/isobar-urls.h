/* isobar-urls.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-units.h"

G_BEGIN_DECLS

/* Request URLs for the three Open-Meteo endpoints. @endpoint is the full
 * endpoint URL (e.g. "https://api.open-meteo.com/v1/forecast"); the query is
 * appended (with '&' when the endpoint already has a query). User text is
 * percent-escaped. Each returns NULL with ISOBAR_ERROR_INVALID_ARGUMENT when
 * the endpoint is not an absolute http(s) URL or an argument is out of range
 * (latitude outside -90…90, longitude outside -180…180, more than 16 forecast
 * days, a name shorter than 2 characters, dates outside 1940-01-01…). */

/* The URLs the default settings point at. */
#define ISOBAR_OPEN_METEO_FORECAST_URL  "https://api.open-meteo.com/v1/forecast"
#define ISOBAR_OPEN_METEO_ARCHIVE_URL   "https://archive-api.open-meteo.com/v1/archive"
#define ISOBAR_OPEN_METEO_GEOCODING_URL "https://geocoding-api.open-meteo.com/v1/search"

/* The variables Isobar asks for. */
#define ISOBAR_FORECAST_CURRENT "temperature_2m,relative_humidity_2m,apparent_temperature,is_day,precipitation,weather_code,wind_speed_10m,wind_direction_10m"
#define ISOBAR_FORECAST_HOURLY  "temperature_2m,precipitation_probability,precipitation,weather_code"
#define ISOBAR_FORECAST_DAILY   "weather_code,temperature_2m_max,temperature_2m_min,precipitation_sum,precipitation_probability_max,wind_speed_10m_max"
#define ISOBAR_ARCHIVE_DAILY    "temperature_2m_max,temperature_2m_min,temperature_2m_mean,precipitation_sum"

/* A place's forecast: current, 48+ hours and @days days (at most 16), in
 * @units, timezone=auto. */
typedef struct
{
  double      latitude;
  double      longitude;
  IsobarUnits units;
  guint       days;
} IsobarForecastRequest;

/* One place's daily history (ISOBAR_ARCHIVE_DAILY), from @start to @end
 * inclusive (both valid, start <= end). */
typedef struct
{
  double latitude;
  double longitude;
  GDate  start;
  GDate  end;
} IsobarArchiveRequest;

char *isobar_url_for_forecast (const char                   *endpoint,
                               const IsobarForecastRequest  *request,
                               GError                      **error);
char *isobar_url_for_archive  (const char                   *endpoint,
                               const IsobarArchiveRequest   *request,
                               GError                      **error);
char *isobar_url_for_search   (const char                   *endpoint,
                               const char                   *name,
                               guint                         count,
                               const char                   *language,
                               GError                      **error);

/* "<base>/v1/forecast" etc. for an Open-Meteo-compatible server at @base_url
 * ("http://127.0.0.1:8080", with or without a trailing slash). */
char *isobar_url_join         (const char                   *base_url,
                               const char                   *path);

G_END_DECLS
