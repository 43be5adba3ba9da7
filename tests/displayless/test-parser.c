/* test-parser.c: the Open-Meteo parser on hand-written fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "isobar-core.h"
#include "test-util.h"

/* G_TEST_SRCDIR is tests/: the fixtures are beside displayless/. */
static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);

  return test_load_bytes (path);
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_variables (IsobarBlock        *block,
                  const char * const *expected)
{
  const char * const *names = isobar_block_get_variables (block);

  g_assert_nonnull (names);
  g_assert_cmpstrv (names, expected);
}

static IsobarForecast *
parse_forecast_fixture (const char *name)
{
  g_autoptr(GBytes) body = load_fixture (name);
  g_autoptr(GError) error = NULL;
  IsobarForecast *forecast = isobar_parse_forecast (body, &error);

  g_assert_no_error (error);
  g_assert_true (ISOBAR_IS_FORECAST (forecast));
  return forecast;
}

/* The parser fails on @name with @code and exactly @message. */
static void
assert_forecast_error (const char *name,
                       int         code,
                       const char *message)
{
  g_autoptr(GBytes) body = load_fixture (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = isobar_parse_forecast (body, &error);

  g_test_message ("%s: %s", name, error != NULL ? error->message : "(no error)");
  g_assert_null (forecast);
  g_assert_error (error, ISOBAR_ERROR, code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_quirks_envelope (void)
{
  g_autoptr(IsobarForecast) forecast = parse_forecast_fixture ("forecast-quirks.json");

  g_assert_cmpfloat_with_epsilon (isobar_place_series_get_latitude (ISOBAR_PLACE_SERIES (forecast)), 52.52, 1e-9);
  g_assert_cmpfloat_with_epsilon (isobar_place_series_get_longitude (ISOBAR_PLACE_SERIES (forecast)), 13.419998, 1e-9);
  /* Written as the integer 38. */
  g_assert_cmpfloat (isobar_place_series_get_elevation (ISOBAR_PLACE_SERIES (forecast)), ==, 38.0);
  g_assert_cmpstr (isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (forecast)), ==, "Europe/Berlin");
  g_assert_cmpstr (isobar_forecast_get_timezone_abbreviation (forecast), ==, "CEST");
  g_assert_cmpint (isobar_place_series_get_utc_offset_seconds (ISOBAR_PLACE_SERIES (forecast)), ==, 7200);
  g_assert_nonnull (isobar_forecast_get_current (forecast));
  g_assert_nonnull (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast)));
  g_assert_nonnull (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast)));
}

static void
test_quirks_current (void)
{
  g_autoptr(IsobarForecast) forecast = parse_forecast_fixture ("forecast-quirks.json");
  IsobarBlock *current = isobar_forecast_get_current (forecast);
  const char * const expected[] = {
    "temperature_2m", "relative_humidity_2m", "is_day", "precipitation", "weather_code", NULL
  };

  /* One row; `interval` is not a variable. */
  g_assert_cmpuint (isobar_block_get_length (current), ==, 1);
  assert_variables (current, expected);
  g_assert_false (isobar_block_has_variable (current, "interval"));

  /* 14:15 at +02:00. */
  g_assert_cmpint (isobar_block_get_times (current)[0], ==, test_utc (2022, 7, 12, 12, 15));

  /* -0, 84 and 0.30 as Open-Meteo prints them. */
  g_assert_cmpfloat (isobar_block_get_value (current, "temperature_2m", 0), ==, 0.0);
  g_assert_cmpfloat (isobar_block_get_value (current, "relative_humidity_2m", 0), ==, 84.0);
  g_assert_cmpfloat_with_epsilon (isobar_block_get_value (current, "precipitation", 0), 0.3, 1e-12);
  g_assert_cmpfloat (isobar_block_get_value (current, "weather_code", 0), ==, 61.0);

  g_assert_cmpstr (isobar_block_get_unit (current, "is_day"), ==, "");
  g_assert_cmpstr (isobar_block_get_unit (current, "relative_humidity_2m"), ==, "%");
  g_assert_cmpstr (isobar_block_get_unit (current, "temperature_2m"), ==, "°C");
}

static void
test_quirks_hourly (void)
{
  g_autoptr(IsobarForecast) forecast = parse_forecast_fixture ("forecast-quirks.json");
  IsobarBlock *hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast));
  const char * const expected[] = {
    "temperature_2m", "weather_code", "relative_humidity_2m", "wind_speed_10m",
    "wind_direction_10m", "freezing_level_height", NULL
  };
  const gint64 *times;

  g_assert_cmpuint (isobar_block_get_length (hourly), ==, 4);
  /* Legacy names under their current names, in the server's order. */
  assert_variables (hourly, expected);
  g_assert_false (isobar_block_has_variable (hourly, "weathercode"));
  g_assert_false (isobar_block_has_variable (hourly, "relativehumidity_2m"));
  g_assert_cmpstr (isobar_block_get_unit (hourly, "weather_code"), ==, "wmo code");
  g_assert_cmpstr (isobar_block_get_unit (hourly, "wind_speed_10m"), ==, "km/h");

  /* Local midnight at +02:00 is 22:00 UTC the day before. */
  times = isobar_block_get_times (hourly);
  g_assert_cmpint (times[0], ==, test_utc (2022, 7, 11, 22, 0));
  g_assert_cmpint (times[1], ==, test_utc (2022, 7, 11, 23, 0));
  g_assert_cmpint (times[3], ==, test_utc (2022, 7, 12, 1, 0));

  g_assert_cmpfloat (isobar_block_get_value (hourly, "temperature_2m", 0), ==, 17.5);
  g_assert_true (isnan (isobar_block_get_value (hourly, "temperature_2m", 2)));
  g_assert_cmpfloat (isobar_block_get_value (hourly, "temperature_2m", 3), ==, 15.25);
  g_assert_cmpfloat (isobar_block_get_value (hourly, "weather_code", 3), ==, 3.0);
  g_assert_cmpfloat_with_epsilon (isobar_block_get_value (hourly, "wind_speed_10m", 0), 0.3, 1e-12);
  g_assert_cmpfloat (isobar_block_get_value (hourly, "wind_speed_10m", 3), ==, 0.0);

  /* "undefined" with nulls only. */
  g_assert_cmpstr (isobar_block_get_unit (hourly, "freezing_level_height"), ==, "undefined");
  for (guint i = 0; i < 4; i++)
    g_assert_true (isnan (isobar_block_get_values (hourly, "freezing_level_height")[i]));

  /* Past the end, or unknown: NAN, never a read out of bounds. */
  g_assert_true (isnan (isobar_block_get_value (hourly, "temperature_2m", 4)));
  g_assert_true (isnan (isobar_block_get_value (hourly, "temperature_2m", G_MAXUINT)));
  g_assert_true (isnan (isobar_block_get_value (hourly, "snowfall", 0)));
  g_assert_null (isobar_block_get_unit (hourly, "snowfall"));
  g_assert_null (isobar_block_get_values (hourly, "snowfall"));
}

static void
test_quirks_daily (void)
{
  g_autoptr(IsobarForecast) forecast = parse_forecast_fixture ("forecast-quirks.json");
  IsobarBlock *daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast));

  g_assert_cmpuint (isobar_block_get_length (daily), ==, 2);
  g_assert_cmpint (isobar_block_get_times (daily)[0], ==, test_utc (2022, 7, 11, 22, 0));
  g_assert_cmpint (isobar_block_get_times (daily)[1], ==, test_utc (2022, 7, 12, 22, 0));

  g_assert_cmpfloat (isobar_block_get_value (daily, "weather_code", 0), ==, 61.0);
  g_assert_true (isnan (isobar_block_get_value (daily, "weather_code", 1)));
  g_assert_cmpstr (isobar_block_get_unit (daily, "uv_index_max"), ==, "");
  g_assert_cmpfloat (isobar_block_get_value (daily, "uv_index_max", 0), ==, 5.55);

  /* Sunrise and sunset: local text to UTC epoch seconds. */
  g_assert_cmpstr (isobar_block_get_unit (daily, "sunrise"), ==, "iso8601");
  g_assert_cmpfloat (isobar_block_get_value (daily, "sunrise", 0), ==, (double) test_utc (2022, 7, 12, 3, 1));
  g_assert_cmpfloat (isobar_block_get_value (daily, "sunrise", 1), ==, (double) test_utc (2022, 7, 13, 3, 2));
  g_assert_cmpfloat (isobar_block_get_value (daily, "sunset", 0), ==, (double) test_utc (2022, 7, 12, 19, 28));
  g_assert_true (isnan (isobar_block_get_value (daily, "sunset", 1)));
}

static void
test_legacy (void)
{
  g_autoptr(IsobarForecast) forecast = parse_forecast_fixture ("forecast-legacy.json");
  IsobarBlock *current = isobar_forecast_get_current (forecast);
  IsobarBlock *hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast));
  const char * const expected[] = {
    "temperature_2m", "wind_speed_10m", "wind_direction_10m", "weather_code", "is_day", NULL
  };

  /* No elevation in the response. */
  g_assert_true (isnan (isobar_place_series_get_elevation (ISOBAR_PLACE_SERIES (forecast))));
  g_assert_null (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast)));

  /* current_weather read as current, with today's names. */
  g_assert_nonnull (current);
  g_assert_cmpuint (isobar_block_get_length (current), ==, 1);
  assert_variables (current, expected);
  g_assert_cmpfloat (isobar_block_get_value (current, "temperature_2m", 0), ==, -3.5);
  g_assert_cmpfloat (isobar_block_get_value (current, "wind_speed_10m", 0), ==, 12.2);
  g_assert_cmpfloat (isobar_block_get_value (current, "wind_direction_10m", 0), ==, 270.0);
  g_assert_cmpfloat (isobar_block_get_value (current, "weather_code", 0), ==, 71.0);
  /* No current_weather_units: units are empty, not missing. */
  g_assert_cmpstr (isobar_block_get_unit (current, "temperature_2m"), ==, "");
  /* 23:45 at -04:00. */
  g_assert_cmpint (isobar_block_get_times (current)[0], ==, test_utc (2023, 2, 1, 3, 45));

  /* Both spellings present: the current one wins. */
  g_assert_cmpuint (isobar_block_get_length (hourly), ==, 2);
  g_assert_cmpfloat (isobar_block_get_value (hourly, "weather_code", 0), ==, 71.0);
  g_assert_cmpfloat (isobar_block_get_value (hourly, "weather_code", 1), ==, 73.0);
  g_assert_false (isobar_block_has_variable (hourly, "weathercode"));
}

static void
test_unixtime (void)
{
  g_autoptr(IsobarForecast) forecast = parse_forecast_fixture ("forecast-unixtime.json");
  IsobarBlock *current = isobar_forecast_get_current (forecast);
  IsobarBlock *hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast));
  IsobarBlock *daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast));

  /* Epoch seconds are taken as they are, whatever the offset. */
  g_assert_cmpint (isobar_block_get_times (current)[0], ==, 1657588500);
  g_assert_cmpuint (isobar_block_get_length (hourly), ==, 3);
  g_assert_cmpint (isobar_block_get_times (hourly)[2], ==, 1657591200);
  g_assert_cmpint (isobar_block_get_times (daily)[1], ==, 1657634400);
  g_assert_cmpfloat (isobar_block_get_value (daily, "sunrise", 1), ==, 1657659600.0);
  g_assert_cmpfloat (isobar_block_get_value (daily, "temperature_2m_max", 1), ==, 18.5);
}

static void
test_envelope_only (void)
{
  g_autoptr(GBytes) body = load_fixture ("forecast-envelope-only.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = isobar_parse_forecast (body, &error);
  g_autoptr(IsobarArchive) archive = NULL;

  g_assert_no_error (error);
  g_assert_null (isobar_forecast_get_current (forecast));
  g_assert_null (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast)));
  g_assert_null (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast)));
  g_assert_cmpfloat (isobar_place_series_get_longitude (ISOBAR_PLACE_SERIES (forecast)), ==, 0.0);

  /* A history needs a block. */
  archive = isobar_parse_archive (body, &error);
  g_assert_null (archive);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
}

static void
test_shape_errors (void)
{
  assert_forecast_error ("forecast-unequal-lengths.json", ISOBAR_ERROR_INVALID_DATA,
                         "The hourly block has 3 times but 2 values of precipitation");
  assert_forecast_error ("forecast-wrong-type.json", ISOBAR_ERROR_INVALID_DATA,
                         "Item 2 of temperature_2m_max in the daily block is text where a number belongs");
  assert_forecast_error ("forecast-missing-time.json", ISOBAR_ERROR_INVALID_DATA,
                         "The hourly block has no time");
  assert_forecast_error ("forecast-time-not-list.json", ISOBAR_ERROR_INVALID_DATA,
                         "The daily block’s time is not a list");
  assert_forecast_error ("forecast-bad-time.json", ISOBAR_ERROR_INVALID_DATA,
                         "Item 2 of the hourly block’s time is not a valid time");
  assert_forecast_error ("forecast-no-latitude.json", ISOBAR_ERROR_INVALID_DATA,
                         "latitude is missing");
  assert_forecast_error ("forecast-latitude-text.json", ISOBAR_ERROR_INVALID_DATA,
                         "latitude is text where a number belongs");
  assert_forecast_error ("forecast-block-not-object.json", ISOBAR_ERROR_INVALID_DATA,
                         "The hourly block is a list where an object belongs");
  assert_forecast_error ("top-level-number.json", ISOBAR_ERROR_INVALID_DATA,
                         "The server sent a number where an object was expected");
  assert_forecast_error ("top-level-string.json", ISOBAR_ERROR_INVALID_DATA,
                         "The server sent text where an object was expected");
}

/* Small inline bodies for the shapes not worth a file each. */
static void
test_inline_errors (void)
{
  static const struct {
    const char *body;
    int         code;
    const char *message;
  } cases[] = {
    { "{\"latitude\":1,\"longitude\":2,\"current\":{\"time\":\"2022-07-12T00:00\",\"temperature_2m\":[1]}}",
      ISOBAR_ERROR_INVALID_DATA, "temperature_2m in the current block is a list where a number belongs" },
    { "{\"latitude\":1,\"longitude\":2,\"current\":{\"temperature_2m\":1}}",
      ISOBAR_ERROR_INVALID_DATA, "The current block has no time" },
    { "{\"latitude\":1,\"longitude\":2,\"current\":{\"time\":true}}",
      ISOBAR_ERROR_INVALID_DATA, "The current block’s time is not a valid time" },
    { "{\"latitude\":1,\"longitude\":2,\"hourly\":{\"time\":[0],\"temperature_2m\":[true]}}",
      ISOBAR_ERROR_INVALID_DATA, "Item 1 of temperature_2m in the hourly block is true or false where a number belongs" },
    { "{\"latitude\":1,\"longitude\":2,\"hourly\":{\"time\":[0],\"temperature_2m\":[1e400]}}",
      ISOBAR_ERROR_INVALID_DATA, "Item 1 of temperature_2m in the hourly block is an infinite number where a number belongs" },
    { "{\"latitude\":1,\"longitude\":2,\"hourly\":{\"time\":[0.5]}}",
      ISOBAR_ERROR_INVALID_DATA, "Item 1 of the hourly block’s time is not a valid time" },
    { "{\"latitude\":1,\"longitude\":2,\"hourly\":{\"time\":[0],\"x\":1}}",
      ISOBAR_ERROR_INVALID_DATA, "x in the hourly block is not a list" },
    { "{\"latitude\":95,\"longitude\":2}",
      ISOBAR_ERROR_INVALID_DATA, "latitude 95 is out of range" },
    { "{\"latitude\":1,\"longitude\":2,\"utc_offset_seconds\":1.5}",
      ISOBAR_ERROR_INVALID_DATA, "utc_offset_seconds 1.5 is not a valid offset" },
    { "{\"latitude\":1,\"longitude\":2,\"timezone\":7}",
      ISOBAR_ERROR_INVALID_DATA, "timezone is a number where text belongs" },
    { "[]", ISOBAR_ERROR_INVALID_DATA, "The server sent 0 places where one was expected" },
    { "[1]", ISOBAR_ERROR_INVALID_DATA, "The server sent a number where an object was expected" },
    { "null", ISOBAR_ERROR_INVALID_DATA, "The server sent null where an object was expected" },
    { "   \n", ISOBAR_ERROR_MALFORMED, "The server sent an empty answer" },
    { "{\"latitude\":1,\"longitude\":2} trailing", ISOBAR_ERROR_MALFORMED, NULL },
    /* Found by the fuzzers (FUZZING.md). A nameless variable met
     * isobar_block_add_variable()'s precondition. */
    { "{\"latitude\":1,\"longitude\":2,\"hourly\":{\"time\":[0],\"\":[1]}}",
      ISOBAR_ERROR_INVALID_DATA, "The hourly block has a variable without a proper name" },
    /* json-glib 1.6 returned the first value and leaked the second. */
    { "{\"latitude\":1,\"longitude\":2} {\"latitude\":3,\"longitude\":4}",
      ISOBAR_ERROR_MALFORMED, "The server sent data that is not valid JSON: more than one value" },
    { "42\n{\"latitude\":1,\"longitude\":2}",
      ISOBAR_ERROR_MALFORMED, "The server sent data that is not valid JSON: more than one value" },
    /* json-glib 1.6 let these through as bytes that are not UTF-8 (into
     * names, error messages, GVariants), or failed and leaked the string. */
    { "[\"\\ude,l\"", ISOBAR_ERROR_MALFORMED, "The server sent data that is not valid JSON: a broken escape in a string" },
    /* fuzz-geocoding: json-glib leaked on it (tests/fuzz/corpus/json/crash-slash-backslash.json) */
    { "/\"/\"\\udd\\\\u", ISOBAR_ERROR_MALFORMED,
      "The server sent data that is not valid JSON: a backslash or a slash outside a string" },
    { "{\"a\": 1} // a comment", ISOBAR_ERROR_MALFORMED,
      "The server sent data that is not valid JSON: a backslash or a slash outside a string" },
    { "{\"latitude\":1,\"longitude\":2,\"timezone\":\"C\\ud83d\\(ude00\"}",
      ISOBAR_ERROR_MALFORMED, "The server sent data that is not valid JSON: a broken escape in a string" },
    { "{\"latitude\":1,\"longitude\":2,\"timezone\":\"\\udc00\"}",
      ISOBAR_ERROR_MALFORMED, "The server sent data that is not valid JSON: a broken escape in a string" },
    { "{\"latitude\":1,\"longitude\":2,\"timezone\":\"\\x41\"}",
      ISOBAR_ERROR_MALFORMED, "The server sent data that is not valid JSON: a broken escape in a string" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = bytes_from_string (cases[i].body);
      g_autoptr(GError) error = NULL;
      g_autoptr(IsobarForecast) forecast = isobar_parse_forecast (body, &error);

      g_test_message ("%s → %s", cases[i].body, error != NULL ? error->message : "(no error)");
      g_assert_null (forecast);
      g_assert_error (error, ISOBAR_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* What check_body() lets json-glib see: every escape JSON has, a surrogate
 * pair, a byte order mark. */
static void
test_escapes (void)
{
  static const char text[] = "\xef\xbb\xbf {\"latitude\":1,\"longitude\":2,"
                             "\"timezone\":\"\\ud83d\\ude00 \\u00e9 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = isobar_parse_forecast (body, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (forecast)), ==, "😀 é \" \\ / \b\f\n\r\t");
}

static void
test_null_block_is_absent (void)
{
  g_autoptr(GBytes) body = bytes_from_string ("{\"latitude\":1,\"longitude\":2,\"elevation\":null,\"hourly\":null}");
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = isobar_parse_forecast (body, &error);

  g_assert_no_error (error);
  g_assert_null (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast)));
  g_assert_true (isnan (isobar_place_series_get_elevation (ISOBAR_PLACE_SERIES (forecast))));
}

static void
test_multi_location (void)
{
  g_autoptr(GBytes) body = load_fixture ("forecast-multi.json");
  g_autoptr(GBytes) single = load_fixture ("forecast-quirks.json");
  g_autoptr(GBytes) broken = load_fixture ("multi-second-broken.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(IsobarForecast) forecast = NULL;
  IsobarForecast *paris;

  list = isobar_parse_forecast_list (body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  paris = g_ptr_array_index (list, 1);
  g_assert_cmpstr (isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (paris)), ==, "Europe/Paris");
  g_assert_cmpfloat (isobar_block_get_value (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (paris)),
                                             "temperature_2m_max", 0), ==, 27.3);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* One place expected, two sent. */
  forecast = isobar_parse_forecast (body, &error);
  g_assert_null (forecast);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "The server sent 2 places where one was expected");
  g_clear_error (&error);

  /* An object is a list of one. */
  list = isobar_parse_forecast_list (single, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The error says which place. */
  list = isobar_parse_forecast_list (broken, &error);
  g_assert_null (list);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "Place 2 of 2: longitude is missing");
}

static void
test_server_error (void)
{
  const char *reason = "Latitude must be in range of -90 to 90°. Given: 95.0.";
  g_autoptr(GBytes) body = load_fixture ("server-error.json");
  g_autoptr(GBytes) no_reason = load_fixture ("server-error-no-reason.json");
  g_autoptr(GBytes) normal = load_fixture ("forecast-quirks.json");
  g_autoptr(GBytes) malformed = load_fixture ("malformed.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autoptr(IsobarArchive) archive = NULL;
  g_autoptr(GPtrArray) locations = NULL;
  g_autofree char *parsed_reason = NULL;
  g_autofree char *none = NULL;

  forecast = isobar_parse_forecast (body, &error);
  g_assert_null (forecast);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, reason);
  g_clear_error (&error);

  archive = isobar_parse_archive (body, &error);
  g_assert_null (archive);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, reason);
  g_clear_error (&error);

  locations = isobar_parse_locations (body, &error);
  g_assert_null (locations);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, reason);
  g_clear_error (&error);

  parsed_reason = isobar_parse_error_reason (body);
  g_assert_cmpstr (parsed_reason, ==, reason);

  forecast = isobar_parse_forecast (no_reason, &error);
  g_assert_null (forecast);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, "The server reported an error without saying why");

  none = isobar_parse_error_reason (no_reason);
  g_assert_null (none);
  none = isobar_parse_error_reason (normal);
  g_assert_null (none);
  none = isobar_parse_error_reason (malformed);
  g_assert_null (none);
}

static void
test_malformed (void)
{
  const char * const files[] = { "malformed.json", "truncated.json" };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) body = load_fixture (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(IsobarForecast) forecast = isobar_parse_forecast (body, &error);
      g_autoptr(GPtrArray) locations = NULL;

      g_test_message ("%s: %s", files[i], error->message);
      g_assert_null (forecast);
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED);
      g_assert_true (g_str_has_prefix (error->message, "The server sent data that is not valid JSON: "));
      g_clear_error (&error);

      locations = isobar_parse_locations (body, &error);
      g_assert_null (locations);
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED);
    }

  assert_forecast_error ("empty.json", ISOBAR_ERROR_MALFORMED, "The server sent an empty answer");
}

/* A few hundred thousand '[' overflow json-glib's stack: refused first. */
static void
test_deep_nesting (void)
{
  const gsize depth = 500000;
  g_autofree char *text = g_malloc (2 * depth);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) fine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autofree char *json = NULL;

  memset (text, '[', depth);
  memset (text + depth, ']', depth);
  body = g_bytes_new (text, 2 * depth);

  forecast = isobar_parse_forecast (body, &error);
  g_assert_null (forecast);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Brackets inside strings are text, not nesting. */
  memset (text, '[', 200);
  json = g_strdup_printf ("{\"latitude\":1,\"longitude\":2,\"timezone\":\"%.*s\"}", 200, text);
  fine = bytes_from_string (json);
  g_clear_object (&forecast);
  forecast = isobar_parse_forecast (fine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (forecast))), ==, 200);
}

/* A body past the parser's limit is refused before it is read: a sparse
 * file mapped in memory costs nothing. */
static void
test_absurd_size (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "huge.json", NULL);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = NULL;
  int fd;

  fd = g_open (path, O_CREAT | O_RDWR | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 300 * 1024 * 1024), ==, 0);
  close (fd);

  mapped = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  body = g_mapped_file_get_bytes (mapped);

  forecast = isobar_parse_forecast (body, &error);
  g_assert_null (forecast);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);

  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&mapped, g_mapped_file_unref);
  g_unlink (path);
}

static void
test_geocoding_sparse (void)
{
  g_autoptr(GBytes) body = load_fixture ("geocoding-sparse.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) locations = isobar_parse_locations (body, &error);
  IsobarLocation *berlin, *monaco, *island;

  g_assert_no_error (error);
  /* Skipped: no coordinates, no name, not an object, latitude 95. */
  g_assert_cmpuint (locations->len, ==, 3);

  berlin = g_ptr_array_index (locations, 0);
  g_assert_cmpint (isobar_location_get_id (berlin), ==, 2950159);
  g_assert_cmpstr (isobar_location_get_name (berlin), ==, "Berlin");
  g_assert_cmpfloat (isobar_location_get_latitude (berlin), ==, 52.52437);
  g_assert_cmpfloat (isobar_location_get_longitude (berlin), ==, 13.41053);
  g_assert_cmpfloat (isobar_location_get_elevation (berlin), ==, 74.0);
  g_assert_cmpstr (isobar_location_get_country (berlin), ==, "Germany");
  g_assert_cmpstr (isobar_location_get_country_code (berlin), ==, "DE");
  g_assert_cmpstr (isobar_location_get_admin1 (berlin), ==, "Land Berlin");
  g_assert_cmpstr (isobar_location_get_timezone (berlin), ==, "Europe/Berlin");
  g_assert_cmpint (isobar_location_get_population (berlin), ==, 3426354);

  /* A population of the wrong type and a null elevation count as absent. */
  monaco = g_ptr_array_index (locations, 1);
  g_assert_cmpstr (isobar_location_get_name (monaco), ==, "Monaco");
  g_assert_cmpint (isobar_location_get_population (monaco), ==, 0);
  g_assert_true (isnan (isobar_location_get_elevation (monaco)));

  island = g_ptr_array_index (locations, 2);
  g_assert_cmpstr (isobar_location_get_name (island), ==, "Nameless Island");
  g_assert_cmpint (isobar_location_get_id (island), ==, 0);
  g_assert_null (isobar_location_get_country (island));
  g_assert_null (isobar_location_get_admin1 (island));
  g_assert_null (isobar_location_get_timezone (island));
  g_assert_cmpstr (isobar_location_get_country_code (island), ==, "TF");
  g_assert_true (isnan (isobar_location_get_elevation (island)));
}

static void
test_geocoding_none (void)
{
  g_autoptr(GBytes) none = load_fixture ("geocoding-none.json");
  g_autoptr(GBytes) not_list = load_fixture ("geocoding-results-not-list.json");
  g_autoptr(GBytes) number = load_fixture ("top-level-number.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) locations = NULL;

  locations = isobar_parse_locations (none, &error);
  g_assert_no_error (error);
  g_assert_nonnull (locations);
  g_assert_cmpuint (locations->len, ==, 0);
  g_clear_pointer (&locations, g_ptr_array_unref);

  locations = isobar_parse_locations (not_list, &error);
  g_assert_null (locations);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "The search results are an object where a list belongs");
  g_clear_error (&error);

  locations = isobar_parse_locations (number, &error);
  g_assert_null (locations);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
}

static void
test_archive (void)
{
  g_autoptr(GBytes) body = load_fixture ("archive-daily.json");
  g_autoptr(GBytes) no_blocks = load_fixture ("archive-no-blocks.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarArchive) archive = isobar_parse_archive (body, &error);
  IsobarBlock *daily;

  g_assert_no_error (error);
  g_assert_null (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (archive)));
  daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (archive));
  g_assert_nonnull (daily);
  g_assert_cmpint (isobar_place_series_get_utc_offset_seconds (ISOBAR_PLACE_SERIES (archive)), ==, 3600);
  g_assert_cmpstr (isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (archive)), ==, "Europe/Berlin");
  g_assert_cmpfloat (isobar_place_series_get_elevation (ISOBAR_PLACE_SERIES (archive)), ==, 38.0);

  /* Local midnight of 1940-01-01 at +01:00: before the epoch. */
  g_assert_cmpuint (isobar_block_get_length (daily), ==, 3);
  g_assert_cmpint (isobar_block_get_times (daily)[0], ==, test_utc (1939, 12, 31, 23, 0));
  g_assert_cmpint (isobar_block_get_times (daily)[0], <, 0);
  g_assert_cmpfloat (isobar_block_get_value (daily, "temperature_2m_min", 1), ==, -9.9);
  g_assert_true (isnan (isobar_block_get_value (daily, "precipitation_sum", 2)));

  g_clear_object (&archive);
  archive = isobar_parse_archive (no_blocks, &error);
  g_assert_null (archive);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "The history has neither a daily nor an hourly block");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/parser/quirks/envelope", test_quirks_envelope);
  g_test_add_func ("/parser/quirks/current", test_quirks_current);
  g_test_add_func ("/parser/quirks/hourly", test_quirks_hourly);
  g_test_add_func ("/parser/quirks/daily", test_quirks_daily);
  g_test_add_func ("/parser/legacy", test_legacy);
  g_test_add_func ("/parser/unixtime", test_unixtime);
  g_test_add_func ("/parser/envelope-only", test_envelope_only);
  g_test_add_func ("/parser/null-block", test_null_block_is_absent);
  g_test_add_func ("/parser/errors/shape", test_shape_errors);
  g_test_add_func ("/parser/errors/inline", test_inline_errors);
  g_test_add_func ("/parser/escapes", test_escapes);
  g_test_add_func ("/parser/errors/server", test_server_error);
  g_test_add_func ("/parser/errors/malformed", test_malformed);
  g_test_add_func ("/parser/errors/deep-nesting", test_deep_nesting);
  g_test_add_func ("/parser/errors/absurd-size", test_absurd_size);
  g_test_add_func ("/parser/multi-location", test_multi_location);
  g_test_add_func ("/parser/geocoding/sparse", test_geocoding_sparse);
  g_test_add_func ("/parser/geocoding/none", test_geocoding_none);
  g_test_add_func ("/parser/archive", test_archive);

  return g_test_run ();
}
