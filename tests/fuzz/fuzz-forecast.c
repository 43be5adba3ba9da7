/* fuzz-forecast.c: the forecast parser, as the app and the CLI call it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a response body from a forecast server (any server a user
 * configures). Seeds: the real responses in ../shared/fixtures/open-meteo,
 * tests/fixtures and tests/fuzz/corpus/json.
 */

#include "config.h"

#include <math.h>

#include "isobar-error.h"
#include "isobar-parser.h"

#include "fuzz-common.h"

static void
check_forecast (IsobarForecast *forecast)
{
  double latitude = isobar_place_series_get_latitude (ISOBAR_PLACE_SERIES (forecast));
  double longitude = isobar_place_series_get_longitude (ISOBAR_PLACE_SERIES (forecast));
  int offset = isobar_place_series_get_utc_offset_seconds (ISOBAR_PLACE_SERIES (forecast));
  const char *zone = isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (forecast));
  const char *abbreviation = isobar_forecast_get_timezone_abbreviation (forecast);

  g_assert_true (latitude >= -90.0 && latitude <= 90.0);
  g_assert_true (longitude >= -180.0 && longitude <= 180.0);
  g_assert_true (offset >= -86400 && offset <= 86400);
  g_assert_true (zone == NULL || g_utf8_validate (zone, -1, NULL));
  g_assert_true (abbreviation == NULL || g_utf8_validate (abbreviation, -1, NULL));
  (void) isobar_place_series_get_elevation (ISOBAR_PLACE_SERIES (forecast));

  fuzz_check_block (isobar_forecast_get_current (forecast));
  fuzz_check_block (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast)));
  fuzz_check_block (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast)));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autoptr(GPtrArray) forecasts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) list_error = NULL;
  g_autofree char *reason = NULL;

  forecast = isobar_parse_forecast (body, &error);
  fuzz_check_outcome (forecast != NULL, error);
  if (forecast != NULL)
    check_forecast (forecast);

  forecasts = isobar_parse_forecast_list (body, &list_error);
  fuzz_check_outcome (forecasts != NULL, list_error);
  if (forecasts != NULL)
    {
      g_assert_cmpuint (forecasts->len, >, 0);
      for (guint i = 0; i < forecasts->len; i++)
        check_forecast (g_ptr_array_index (forecasts, i));
    }

  /* One place is a list of one place. */
  if (forecast != NULL)
    {
      IsobarPlaceSeries *first;
      IsobarPlaceSeries *series = ISOBAR_PLACE_SERIES (forecast);

      g_assert_nonnull (forecasts);
      g_assert_cmpuint (forecasts->len, ==, 1);
      first = g_ptr_array_index (forecasts, 0);
      g_assert_cmpfloat (isobar_place_series_get_latitude (first), ==, isobar_place_series_get_latitude (series));
      g_assert_cmpfloat (isobar_place_series_get_longitude (first), ==, isobar_place_series_get_longitude (series));
    }

  /* Open-Meteo's error body is an error whichever way it is read, with
   * the server's own words. */
  reason = isobar_parse_error_reason (body);
  if (reason != NULL)
    {
      g_assert_true (g_utf8_validate (reason, -1, NULL));
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER);
      g_assert_error (list_error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER);
      if (*reason != '\0')
        g_assert_cmpstr (error->message, ==, reason);
    }

  return 0;
}
