/* test-urls.c: request URLs for the three Open-Meteo endpoints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "isobar-core.h"

#define FORECAST  "https://api.open-meteo.com/v1/forecast"
#define ARCHIVE   "https://archive-api.open-meteo.com/v1/archive"
#define GEOCODING "https://geocoding-api.open-meteo.com/v1/search"

#define FORECAST_QUERY(lat, lon, days) \
  "latitude=" lat "&longitude=" lon \
  "&current=" ISOBAR_FORECAST_CURRENT \
  "&hourly=" ISOBAR_FORECAST_HOURLY \
  "&daily=" ISOBAR_FORECAST_DAILY \
  "&forecast_days=" days "&timezone=auto"

static void
test_forecast (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *metric = NULL;
  g_autofree char *imperial = NULL;
  g_autofree char *south_west = NULL;
  IsobarForecastRequest metric_request = { 52.52, 13.405, ISOBAR_UNITS_METRIC, 7 };
  IsobarForecastRequest imperial_request = { 40.7128, -74.006, ISOBAR_UNITS_IMPERIAL, 16 };
  IsobarForecastRequest south_west_request = { -33.868819, -0.00001, ISOBAR_UNITS_METRIC, 0 };

  metric = isobar_url_for_forecast (FORECAST, &metric_request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metric, ==, FORECAST "?" FORECAST_QUERY ("52.5200", "13.4050", "7"));

  imperial = isobar_url_for_forecast (FORECAST, &imperial_request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (imperial, ==,
                   FORECAST "?" FORECAST_QUERY ("40.7128", "-74.0060", "16")
                   "&temperature_unit=fahrenheit&wind_speed_unit=mph&precipitation_unit=inch");

  /* Four decimals, rounded; no "-0.0000". */
  south_west = isobar_url_for_forecast (FORECAST, &south_west_request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (south_west, ==, FORECAST "?" FORECAST_QUERY ("-33.8688", "0.0000", "0"));
}

static void
test_forecast_limits (void)
{
  static const struct {
    double latitude;
    double longitude;
    guint  days;
  } bad[] = {
    { 90.0001, 0, 7 }, { -91, 0, 7 }, { NAN, 0, 7 }, { INFINITY, 0, 7 },
    { 0, 180.5, 7 }, { 0, -181, 7 }, { 0, NAN, 7 }, { 0, 0, 17 }, { 0, 0, G_MAXUINT },
  };
  g_autofree char *edge = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      IsobarForecastRequest request = { bad[i].latitude, bad[i].longitude, ISOBAR_UNITS_METRIC, bad[i].days };
      g_autofree char *url = isobar_url_for_forecast (FORECAST, &request, &error);

      g_assert_null (url);
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
      g_test_message ("%g, %g, %u days: %s", bad[i].latitude, bad[i].longitude, bad[i].days, error->message);
      g_clear_error (&error);
    }

  edge = isobar_url_for_forecast (FORECAST, &(IsobarForecastRequest) { -90, 180, ISOBAR_UNITS_METRIC, 16 }, &error);
  g_assert_no_error (error);
  g_assert_nonnull (edge);
}

static void
test_endpoints (void)
{
  const char * const bad[] = {
    "", "ftp://example.com/v1/forecast", "/v1/forecast", "api.open-meteo.com/v1/forecast",
    "http://", "https://api.open-meteo.com/v1/forecast#top", "not a url", "file:///etc/passwd",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *with_query = NULL;
  g_autofree char *with_question_mark = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *null_endpoint = NULL;
  IsobarForecastRequest request = { 1, 2, ISOBAR_UNITS_METRIC, 7 };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *url = isobar_url_for_forecast (bad[i], &request, &error);

      g_test_message ("“%s”: %s", bad[i], error != NULL ? error->message : "(accepted)");
      g_assert_null (url);
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  null_endpoint = isobar_url_for_search (NULL, "Berlin", 10, "en", &error);
  g_assert_null (null_endpoint);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* An endpoint with a query of its own gets '&'. */
  with_query = isobar_url_for_search ("http://127.0.0.1:8080/v1/search?apikey=abc", "Berlin", 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with_query, ==, "http://127.0.0.1:8080/v1/search?apikey=abc&name=Berlin&count=5&format=json");

  with_question_mark = isobar_url_for_search ("http://127.0.0.1:8080/v1/search?", "Berlin", 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with_question_mark, ==, "http://127.0.0.1:8080/v1/search?name=Berlin&count=5&format=json");

  upper = isobar_url_for_search ("HTTPS://example.com/v1/search", "Berlin", 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (upper);
}

static void
test_archive (void)
{
  g_autoptr(GDate) start = g_date_new_dmy (1, G_DATE_JANUARY, 1991);
  g_autoptr(GDate) end = g_date_new_dmy (31, G_DATE_DECEMBER, 2020);
  g_autoptr(GDate) first = g_date_new_dmy (1, G_DATE_JANUARY, 1940);
  g_autoptr(GDate) too_early = g_date_new_dmy (31, G_DATE_DECEMBER, 1939);
  g_autoptr(GDate) invalid = g_date_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *one_day = NULL;
  char *bad;

  url = isobar_url_for_archive (ARCHIVE, &(IsobarArchiveRequest) { 52.52, 13.405, *start, *end }, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, ARCHIVE "?latitude=52.5200&longitude=13.4050"
                   "&start_date=1991-01-01&end_date=2020-12-31"
                   "&daily=" ISOBAR_ARCHIVE_DAILY "&timezone=auto");

  one_day = isobar_url_for_archive (ARCHIVE, &(IsobarArchiveRequest) { 0, 0, *first, *first }, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (one_day, "&start_date=1940-01-01&end_date=1940-01-01&daily=" ISOBAR_ARCHIVE_DAILY "&timezone=auto"));

  /* Backwards, before the history, not a date (the first, then the last),
   * off the globe. */
  bad = isobar_url_for_archive (ARCHIVE, &(IsobarArchiveRequest) { 0, 0, *end, *start }, &error);
  g_assert_null (bad);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The start date is after the end date");
  g_clear_error (&error);

  bad = isobar_url_for_archive (ARCHIVE, &(IsobarArchiveRequest) { 0, 0, *too_early, *end }, &error);
  g_assert_null (bad);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  bad = isobar_url_for_archive (ARCHIVE, &(IsobarArchiveRequest) { 0, 0, *invalid, *end }, &error);
  g_assert_null (bad);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  bad = isobar_url_for_archive (ARCHIVE, &(IsobarArchiveRequest) { 0, 0, *start, *invalid }, &error);
  g_assert_null (bad);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  bad = isobar_url_for_archive (ARCHIVE, &(IsobarArchiveRequest) { 100, 0, *start, *end }, &error);
  g_assert_null (bad);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  bad = isobar_url_for_archive ("mailto:someone@example.com", &(IsobarArchiveRequest) { 0, 0, *start, *end },
                                &error);
  g_assert_null (bad);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
}

static void
test_search (void)
{
  static const struct {
    const char *name;
    const char *escaped;
  } names[] = {
    { "Berlin", "Berlin" },
    { "New York", "New%20York" },
    { "A&B=C#D?E/F+G%", "A%26B%3DC%23D%3FE%2FF%2BG%25" },
    { "Zürich", "Z%C3%BCrich" },
    { "São Paulo", "S%C3%A3o%20Paulo" },
    { "  Oslo \n", "Oslo" },
    { "東京", "%E6%9D%B1%E4%BA%AC" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = isobar_url_for_search (GEOCODING, names[i].name, 10, "en", &error);
      g_autofree char *expected = g_strdup_printf (GEOCODING "?name=%s&count=10&language=en&format=json",
                                                   names[i].escaped);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, expected);
    }
}

static void
test_search_limits (void)
{
  static const struct {
    const char *name;
    guint       count;
  } bad[] = {
    { "B", 10 }, { " B ", 10 }, { "", 10 }, { "Berlin", 0 }, { "Berlin", 101 }, { "\xff\xfe", 10 },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *two_letters = NULL;
  g_autofree char *language = NULL;
  g_autofree char *hundred = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *url = isobar_url_for_search (GEOCODING, bad[i].name, bad[i].count, NULL, &error);

      g_assert_null (url);
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
      g_test_message ("%u: %s", (guint) i, error->message);
      g_clear_error (&error);
    }

  /* Two characters, not two bytes. */
  two_letters = isobar_url_for_search (GEOCODING, "Åé", 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (two_letters, ==, GEOCODING "?name=%C3%85%C3%A9&count=1&format=json");

  language = isobar_url_for_search (GEOCODING, "Berlin", 100, "de&x=1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (language, ==, GEOCODING "?name=Berlin&count=100&language=de%26x%3D1&format=json");
}

static void
test_join (void)
{
  static const struct {
    const char *base;
    const char *path;
    const char *joined;
  } cases[] = {
    { "http://127.0.0.1:8080", "/v1/forecast", "http://127.0.0.1:8080/v1/forecast" },
    { "http://127.0.0.1:8080/", "/v1/forecast", "http://127.0.0.1:8080/v1/forecast" },
    { "http://127.0.0.1:8080//", "v1/search", "http://127.0.0.1:8080/v1/search" },
    { "https://example.com/open-meteo", "/v1/archive", "https://example.com/open-meteo/v1/archive" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *joined = isobar_url_join (cases[i].base, cases[i].path);

      g_assert_cmpstr (joined, ==, cases[i].joined);
    }
}

/* A locale whose decimal separator is a comma: an installed one, or one
 * compiled for this test with localedef into the isolated cache folder. */
static gboolean
set_comma_locale (void)
{
  const char * const installed[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8" };
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (installed); i++)
    {
      if (setlocale (LC_NUMERIC, installed[i]) != NULL && localeconv ()->decimal_point[0] == ',')
        {
          g_test_message ("Using the installed locale %s", installed[i]);
          return TRUE;
        }
    }

  if (localedef == NULL)
    return FALSE;

  dir = g_build_filename (g_get_user_cache_dir (), "locale", NULL);
  target = g_build_filename (dir, "de_DE.UTF-8", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (!g_spawn_sync (NULL,
                     (char *[]) { localedef, (char *) "-i", (char *) "de_DE", (char *) "-f",
                                  (char *) "UTF-8", target, NULL },
                     NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;

  g_test_message ("Using de_DE.UTF-8 compiled into %s", dir);
  g_setenv ("LOCPATH", dir, TRUE);
  return setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL && localeconv ()->decimal_point[0] == ',';
}

static void
test_comma_locale (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autoptr(IsobarLocation) location = isobar_location_new ("Berlin", 52.52, 13.405);
  IsobarForecastRequest request = { 52.52, 13.405, ISOBAR_UNITS_METRIC, 7 };
  char printed[32];

  if (!set_comma_locale ())
    {
      g_test_skip ("No locale with a decimal comma is installed or can be compiled");
      return;
    }

  /* The locale does bite… */
  snprintf (printed, sizeof printed, "%.4f", 52.52);
  g_assert_cmpstr (printed, ==, "52,5200");

  /* …but not the URLs, nor the cache keys. */
  url = isobar_url_for_forecast (FORECAST, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, FORECAST "?" FORECAST_QUERY ("52.5200", "13.4050", "7"));

  key = isobar_cache_key_for_forecast (location, ISOBAR_UNITS_METRIC);
  g_assert_null (strchr (key, ','));
  g_assert_nonnull (strstr (key, "52.5200"));

  setlocale (LC_NUMERIC, "C");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/urls/forecast", test_forecast);
  g_test_add_func ("/urls/forecast-limits", test_forecast_limits);
  g_test_add_func ("/urls/endpoints", test_endpoints);
  g_test_add_func ("/urls/archive", test_archive);
  g_test_add_func ("/urls/search", test_search);
  g_test_add_func ("/urls/search-limits", test_search_limits);
  g_test_add_func ("/urls/join", test_join);
  g_test_add_func ("/urls/comma-locale", test_comma_locale);

  return g_test_run ();
}
