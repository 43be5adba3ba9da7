/* test-data-source.c: IsobarDataSource, with the real isobar-sim and a
 * server that cannot be reached (a closed port on loopback).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-core.h"
#include "test-util.h"

#define TIMEOUT 60

#define UNREACHABLE_FORECAST  "http://127.0.0.1:1/v1/forecast"
#define UNREACHABLE_ARCHIVE   "http://127.0.0.1:1/v1/archive"
#define UNREACHABLE_GEOCODING "http://127.0.0.1:1/v1/search"

static IsobarDataSource *
new_source (IsobarDataSourceKind kind,
            gboolean             unreachable)
{
  IsobarDataSource *source = isobar_data_source_new ();

  g_object_set (source, "simulator-arguments", (const char * const[]) { "--seed=5", NULL }, NULL);
  if (unreachable)
    isobar_data_source_set_urls (source, UNREACHABLE_FORECAST, UNREACHABLE_ARCHIVE, UNREACHABLE_GEOCODING);
  isobar_data_source_set_kind (source, kind);
  return source;
}

static IsobarForecast *
forecast (IsobarDataSource  *source,
          GBytes           **body,
          GError           **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_data_source_forecast_async (source, &(IsobarForecastRequest) { 52.52, 13.405, ISOBAR_UNITS_METRIC, 7 },
                                     NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_data_source_forecast_finish (source, result, body, error);
}

static GPtrArray *
search (IsobarDataSource  *source,
        const char        *name,
        GError           **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_data_source_search_async (source, name, 5, NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_data_source_search_finish (source, result, error);
}

/* A forecast that must come, from whichever server answers. */
static IsobarForecast *
forecast_ok (IsobarDataSource  *source,
             GBytes           **body)
{
  g_autoptr(GError) error = NULL;
  IsobarForecast *result = forecast (source, body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* A search for @name that must find at least one place. */
static GPtrArray *
search_ok (IsobarDataSource *source,
           const char       *name)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *places = search (source, name, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (places->len, >=, 1);
  return places;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_kinds (void)
{
  g_autoptr(IsobarDataSource) source = isobar_data_source_new ();
  g_autofree char *forecast_url = NULL;
  int kind = -1;

  g_assert_cmpint (isobar_data_source_kind_from_string ("auto"), ==, ISOBAR_DATA_SOURCE_KIND_AUTO);
  g_assert_cmpint (isobar_data_source_kind_from_string ("open-meteo"), ==, ISOBAR_DATA_SOURCE_KIND_OPEN_METEO);
  g_assert_cmpint (isobar_data_source_kind_from_string ("simulator"), ==, ISOBAR_DATA_SOURCE_KIND_SIMULATOR);
  g_assert_cmpint (isobar_data_source_kind_from_string ("bogus"), ==, ISOBAR_DATA_SOURCE_KIND_AUTO);
  g_assert_cmpint (isobar_data_source_kind_from_string (NULL), ==, ISOBAR_DATA_SOURCE_KIND_AUTO);
  for (int k = ISOBAR_DATA_SOURCE_KIND_AUTO; k <= ISOBAR_DATA_SOURCE_KIND_SIMULATOR; k++)
    g_assert_cmpint (isobar_data_source_kind_from_string (isobar_data_source_kind_to_string (k)), ==, k);

  /* Defaults: auto, on Open-Meteo's own servers, not simulated. */
  g_object_get (source, "kind", &kind, "forecast-url", &forecast_url, NULL);
  g_assert_cmpint (kind, ==, ISOBAR_DATA_SOURCE_KIND_AUTO);
  g_assert_cmpstr (forecast_url, ==, ISOBAR_OPEN_METEO_FORECAST_URL);
  g_assert_false (isobar_data_source_get_using_simulator (source));
}

static void
test_simulator_kind (void)
{
  g_autoptr(IsobarDataSource) source = NULL;
  g_autoptr(IsobarForecast) result = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GBytes) body = NULL;

  if (test_simulator_program () == NULL)
    return;

  source = new_source (ISOBAR_DATA_SOURCE_KIND_SIMULATOR, TRUE);
  g_assert_true (isobar_data_source_get_using_simulator (source));

  places = search_ok (source, "Berlin");
  g_assert_cmpstr (isobar_location_get_name (g_ptr_array_index (places, 0)), ==, "Berlin");

  result = forecast_ok (source, &body);
  g_assert_nonnull (body);
  g_assert_cmpuint (isobar_block_get_length (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (result))), ==, 7);
  /* One simulator serves both requests. */
  g_assert_cmpuint (test_count_children (NULL), ==, 1);

  isobar_data_source_shutdown (source);
  g_assert_cmpuint (test_count_children (NULL), ==, 0);

  /* It starts again when needed. */
  g_clear_object (&result);
  g_clear_pointer (&body, g_bytes_unref);
  result = forecast_ok (source, &body);
  g_assert_cmpuint (test_count_children (NULL), ==, 1);
}

static void
test_auto_fallback (void)
{
  g_autoptr(IsobarDataSource) source = NULL;
  g_autoptr(IsobarForecast) first = NULL;
  g_autoptr(IsobarForecast) second = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GBytes) body = NULL;
  guint notified = 0;
  guint zombies = 0;

  if (test_simulator_program () == NULL)
    return;

  source = new_source (ISOBAR_DATA_SOURCE_KIND_AUTO, TRUE);
  g_signal_connect (source, "notify::using-simulator", G_CALLBACK (count_notify), &notified);
  g_assert_false (isobar_data_source_get_using_simulator (source));

  /* The server cannot be reached: the simulator answers instead. */
  first = forecast_ok (source, &body);
  g_assert_nonnull (body);
  g_assert_true (isobar_data_source_get_using_simulator (source));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (test_count_children (NULL), ==, 1);

  /* Later requests go straight there. */
  places = search_ok (source, "Berlin");
  second = forecast_ok (source, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (test_count_children (NULL), ==, 1);

  /* New URLs: the server gets another chance, the simulator goes. */
  isobar_data_source_set_urls (source, "http://127.0.0.1:2/v1/forecast",
                               "http://127.0.0.1:2/v1/archive", "http://127.0.0.1:2/v1/search");
  g_assert_false (isobar_data_source_get_using_simulator (source));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (test_find_children (NULL, &zombies), ==, 0);
  g_assert_cmpuint (zombies, ==, 0);
}

/* Two requests fail at once: one simulator starts, both are answered. */
static void
test_auto_fallback_concurrent (void)
{
  g_autoptr(IsobarDataSource) source = NULL;
  g_autoptr(GAsyncResult) pending_forecast = NULL;
  g_autoptr(GAsyncResult) pending_search = NULL;
  g_autoptr(GAsyncResult) forecast_result = NULL;
  g_autoptr(GAsyncResult) search_result = NULL;
  g_autoptr(IsobarForecast) result = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GError) error = NULL;

  if (test_simulator_program () == NULL)
    return;

  source = new_source (ISOBAR_DATA_SOURCE_KIND_AUTO, TRUE);
  isobar_data_source_forecast_async (source, &(IsobarForecastRequest) { 48.86, 2.35, ISOBAR_UNITS_IMPERIAL, 3 },
                                     NULL, test_async_store_cb, &pending_forecast);
  isobar_data_source_search_async (source, "Paris", 3, NULL, test_async_store_cb, &pending_search);

  forecast_result = test_async_wait (&pending_forecast, TIMEOUT);
  search_result = test_async_wait (&pending_search, TIMEOUT);

  result = isobar_data_source_forecast_finish (source, forecast_result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isobar_block_get_length (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (result))), ==, 3);
  places = isobar_data_source_search_finish (source, search_result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (places->len, >=, 1);

  g_assert_true (isobar_data_source_get_using_simulator (source));
  g_assert_cmpuint (test_count_children (NULL), ==, 1);
}

static void
test_open_meteo_no_fallback (void)
{
  g_autoptr(IsobarDataSource) source = new_source (ISOBAR_DATA_SOURCE_KIND_OPEN_METEO, TRUE);
  g_autoptr(IsobarForecast) result = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (source, "notify::using-simulator", G_CALLBACK (count_notify), &notified);

  result = forecast (source, &body, &error);
  g_assert_null (result);
  g_assert_null (body);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  places = search (source, "Berlin", &error);
  g_assert_null (places);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NETWORK);

  g_assert_false (isobar_data_source_get_using_simulator (source));
  g_assert_cmpuint (notified, ==, 0);
  g_assert_cmpuint (test_count_children (NULL), ==, 0);
}

/* Only NETWORK falls back: a bad argument is the caller's problem. */
static void
test_auto_other_errors (void)
{
  g_autoptr(IsobarDataSource) source = new_source (ISOBAR_DATA_SOURCE_KIND_AUTO, TRUE);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsobarForecast) forecast_result = NULL;
  g_autoptr(GError) error = NULL;

  isobar_data_source_forecast_async (source, &(IsobarForecastRequest) { 95.0, 0.0, ISOBAR_UNITS_METRIC, 7 },
                                     NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  forecast_result = isobar_data_source_forecast_finish (source, result, NULL, &error);
  g_assert_null (forecast_result);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_assert_false (isobar_data_source_get_using_simulator (source));
  g_assert_cmpuint (test_count_children (NULL), ==, 0);
}

/* Switching kind stops a simulator that is no longer needed. */
static void
test_kind_switch (void)
{
  g_autoptr(IsobarDataSource) source = NULL;
  g_autoptr(IsobarForecast) result = NULL;
  guint notified = 0;

  if (test_simulator_program () == NULL)
    return;

  source = new_source (ISOBAR_DATA_SOURCE_KIND_SIMULATOR, TRUE);
  g_signal_connect (source, "notify::using-simulator", G_CALLBACK (count_notify), &notified);
  result = forecast_ok (source, NULL);
  g_assert_cmpuint (test_count_children (NULL), ==, 1);

  isobar_data_source_set_kind (source, ISOBAR_DATA_SOURCE_KIND_OPEN_METEO);
  g_assert_false (isobar_data_source_get_using_simulator (source));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (test_count_children (NULL), ==, 0);

  /* Disposing stops it too. */
  isobar_data_source_set_kind (source, ISOBAR_DATA_SOURCE_KIND_SIMULATOR);
  g_clear_object (&result);
  result = forecast_ok (source, NULL);
  g_assert_cmpuint (test_count_children (NULL), ==, 1);
  g_clear_object (&source);
  g_assert_cmpuint (test_count_children (NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/data-source/kinds", test_kinds);
  g_test_add_func ("/data-source/simulator", test_simulator_kind);
  g_test_add_func ("/data-source/auto-fallback", test_auto_fallback);
  g_test_add_func ("/data-source/auto-fallback-concurrent", test_auto_fallback_concurrent);
  g_test_add_func ("/data-source/auto-other-errors", test_auto_other_errors);
  g_test_add_func ("/data-source/open-meteo-no-fallback", test_open_meteo_no_fallback);
  g_test_add_func ("/data-source/kind-switch", test_kind_switch);

  return g_test_run ();
}
