/* test-contract.c: every real Open-Meteo response in $ISOBAR_FIXTURES_DIR
 * parses into a model or a clear error, and known facts about several hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "isobar-core.h"
#include "test-util.h"

#define WMO_TABLE "wmo_weather_codes_openmeteo.json"

/* The folder, or NULL after skipping the test (the folder is not part of the
 * project: it may be absent in a tarball build). */
static const char *
fixtures_dir (void)
{
  const char *dir = g_getenv ("ISOBAR_FIXTURES_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("ISOBAR_FIXTURES_DIR is not set or not a folder: no real responses to check");
      return NULL;
    }
  return dir;
}

static GBytes *
load (const char *dir,
      const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return test_load_bytes (path);
}

typedef enum
{
  KIND_FORECAST,
  KIND_FORECAST_LIST,
  KIND_ARCHIVE,
  KIND_LOCATIONS,
  KIND_WMO_TABLE,
} Kind;

static const char * const kind_names[] = { "forecast", "forecast list", "archive", "geocoding", "WMO table" };

/* Which parser fits a file: by its name for the table and the archives, by
 * its shape for the rest. Unreadable JSON goes to the forecast parser, which
 * must then fail cleanly. */
static Kind
classify (const char *name,
          GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (g_str_equal (name, WMO_TABLE))
    return KIND_WMO_TABLE;
  if (strstr (name, "archive") != NULL || strstr (name, "historical") != NULL)
    return KIND_ARCHIVE;

  if (!json_parser_load_from_data (parser, data, size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    return KIND_FORECAST;

  if (JSON_NODE_HOLDS_ARRAY (root))
    return KIND_FORECAST_LIST;

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      if (json_object_has_member (object, "results") ||
          (json_object_get_size (object) == 1 && json_object_has_member (object, "generationtime_ms")))
        return KIND_LOCATIONS;
    }

  return KIND_FORECAST;
}

/* The WMO table is not a response: it must match our own table instead. */
static void
check_wmo_table (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonObject *table;

  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  table = json_node_get_object (json_parser_get_root (parser));

  for (int code = -1; code <= 128; code++)
    {
      g_autofree char *key = g_strdup_printf ("%d", code);
      const char *words = json_object_has_member (table, key)
                          ? json_object_get_string_member (table, key) : NULL;

      g_assert_cmpint (isobar_weather_code_is_valid (code), ==, words != NULL);
      if (words != NULL)
        g_assert_cmpstr (isobar_weather_code_describe (code), ==, words);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_every_file (void)
{
  const char *dir = fixtures_dir ();
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_models = 0;

  if (dir == NULL)
    return;

  handle = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autoptr(GBytes) body = load (dir, file);
      g_autoptr(GObject) model = NULL;
      g_autoptr(GPtrArray) list = NULL;
      g_autoptr(GError) parse_error = NULL;
      Kind kind = classify (file, body);

      switch (kind)
        {
        case KIND_WMO_TABLE:
          check_wmo_table (body);
          g_test_message ("%s: WMO table, matches ours", file);
          continue;
        case KIND_FORECAST:
          model = G_OBJECT (isobar_parse_forecast (body, &parse_error));
          break;
        case KIND_ARCHIVE:
          model = G_OBJECT (isobar_parse_archive (body, &parse_error));
          break;
        case KIND_FORECAST_LIST:
          list = isobar_parse_forecast_list (body, &parse_error);
          break;
        case KIND_LOCATIONS:
          list = isobar_parse_locations (body, &parse_error);
          break;
        default:
          g_assert_not_reached ();
        }

      /* A model, or an ISOBAR_ERROR with words: never both, never neither. */
      if (parse_error != NULL)
        {
          g_test_message ("%s: %s → error %d: %s", file, kind_names[kind],
                          parse_error->code, parse_error->message);
          g_assert_true (parse_error->domain == ISOBAR_ERROR);
          g_assert_cmpuint (strlen (parse_error->message), >, 0);
          g_assert_null (model);
          g_assert_null (list);
        }
      else
        {
          g_test_message ("%s: %s → %u item(s)", file, kind_names[kind],
                          list != NULL ? list->len : 1);
          g_assert_true (model != NULL || list != NULL);
          n_models++;
        }
    }

  /* Every one of these real responses is valid. */
  g_assert_cmpuint (n_models, ==, names->len - (g_ptr_array_find_with_equal_func (names, WMO_TABLE, g_str_equal, NULL) ? 1 : 0));
}

/* Facts checked on single files. */
static IsobarForecast *
forecast_fixture (const char *dir,
                  const char *name)
{
  g_autoptr(GBytes) body = load (dir, name);
  g_autoptr(GError) error = NULL;
  IsobarForecast *forecast;

  forecast = isobar_parse_forecast (body, &error);
  g_assert_no_error (error);
  return forecast;
}

/* The real response @name, parsed; NULL after skipping the test when there
 * are no real responses. */
static IsobarForecast *
real_forecast (const char *name)
{
  const char *dir = fixtures_dir ();

  return dir != NULL ? forecast_fixture (dir, name) : NULL;
}

static void
test_copenhagen (void)
{
  g_autoptr(IsobarForecast) forecast = real_forecast ("forecast_current_hourly_daily_copenhagen.json");
  IsobarBlock *current, *hourly, *daily;

  if (forecast == NULL)
    return;

  current = isobar_forecast_get_current (forecast);
  hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast));
  daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast));

  g_assert_cmpuint (isobar_block_get_length (current), ==, 1);
  g_assert_cmpuint (isobar_block_get_length (hourly), ==, 168);
  g_assert_cmpuint (isobar_block_get_length (daily), ==, 7);

  g_assert_cmpfloat (isobar_block_get_value (current, "relative_humidity_2m", 0), ==, 84.0);
  g_assert_cmpfloat_with_epsilon (isobar_block_get_value (current, "precipitation", 0), 0.3, 1e-12);
  g_assert_cmpfloat (isobar_block_get_value (current, "weather_code", 0), ==, 55.0);
  g_assert_cmpstr (isobar_block_get_unit (current, "is_day"), ==, "");
  g_assert_cmpstr (isobar_block_get_unit (daily, "uv_index_max"), ==, "");
  /* 23:00 at +02:00. */
  g_assert_cmpint (isobar_block_get_times (current)[0], ==, test_utc (2026, 7, 26, 21, 0));

  /* Hour after hour. */
  for (guint i = 1; i < 168; i++)
    g_assert_cmpint (isobar_block_get_times (hourly)[i] - isobar_block_get_times (hourly)[i - 1], ==, 3600);

  /* Sunrise is a time, after local midnight and before noon. */
  for (guint i = 0; i < 7; i++)
    {
      double sunrise = isobar_block_get_value (daily, "sunrise", i);
      double day = (double) isobar_block_get_times (daily)[i];

      g_assert_false (isnan (sunrise));
      g_assert_cmpfloat (sunrise, >, day);
      g_assert_cmpfloat (sunrise, <, day + 12 * 3600);
    }
}

static void
test_virga_nulls (void)
{
  g_autoptr(IsobarForecast) forecast = real_forecast ("virga_forecast_nulls.json");
  IsobarBlock *daily;

  if (forecast == NULL)
    return;

  daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast));
  g_assert_cmpuint (isobar_block_get_length (daily), ==, 8);
  g_assert_null (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast)));
  g_assert_cmpint (isobar_place_series_get_utc_offset_seconds (ISOBAR_PLACE_SERIES (forecast)), ==, -14400);

  /* The last day is past the model's horizon. */
  g_assert_true (isnan (isobar_block_get_value (daily, "temperature_2m_max", 7)));
  g_assert_true (isnan (isobar_block_get_value (daily, "temperature_2m_min", 7)));
  g_assert_true (isnan (isobar_block_get_value (daily, "weather_code", 7)));
  g_assert_cmpfloat (isobar_block_get_value (daily, "temperature_2m_max", 6), ==, 26.8);
  g_assert_cmpfloat (isobar_block_get_value (isobar_forecast_get_current (forecast), "temperature_2m", 0), ==, 32.4);
}

static void
test_virga (void)
{
  g_autoptr(IsobarForecast) forecast = real_forecast ("virga_forecast.json");

  if (forecast == NULL)
    return;

  g_assert_cmpstr (isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (forecast)), ==, "America/Denver");
  g_assert_cmpstr (isobar_forecast_get_timezone_abbreviation (forecast), ==, "GMT-6");
  g_assert_cmpfloat (isobar_place_series_get_elevation (ISOBAR_PLACE_SERIES (forecast)), ==, 1609.0);
  /* 21:30 at -06:00 is 03:30 UTC the next day. */
  g_assert_cmpint (isobar_block_get_times (isobar_forecast_get_current (forecast))[0], ==,
                   test_utc (2026, 8, 8, 3, 30));
}

static void
test_pi_inky (void)
{
  g_autoptr(IsobarForecast) response = real_forecast ("pi_inky_open_meteo_response.json");
  g_autoptr(IsobarForecast) edited = real_forecast ("pi_inky_open_meteo_daily_forecast_EDITED.json");
  IsobarBlock *daily;

  if (response == NULL || edited == NULL)
    return;

  /* "elevation": 19 */
  g_assert_cmpfloat (isobar_place_series_get_elevation (ISOBAR_PLACE_SERIES (response)), ==, 19.0);
  g_assert_cmpuint (isobar_block_get_length (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (response))), ==, 168);

  daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (edited));
  g_assert_null (isobar_forecast_get_current (edited));
  g_assert_true (isnan (isobar_block_get_value (daily, "cloud_cover_mean", 2)));
  g_assert_cmpfloat (isobar_block_get_value (daily, "cloud_cover_mean", 3), ==, 10.0);
  /* weather_code has no unit in this hand-edited file. */
  g_assert_cmpstr (isobar_block_get_unit (daily, "weather_code"), ==, "");
  g_assert_cmpfloat (isobar_block_get_value (daily, "weather_code", 6), ==, 61.0);
  /* 06:21 at +11:00. */
  g_assert_cmpfloat (isobar_block_get_value (daily, "sunrise", 0), ==, (double) test_utc (2025, 10, 24, 19, 21));
}

static void
test_vinea (void)
{
  g_autoptr(IsobarForecast) forecast = real_forecast ("vinea_open_meteo_forecast.json");
  IsobarBlock *hourly;

  if (forecast == NULL)
    return;

  hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast));
  g_assert_cmpint (isobar_place_series_get_utc_offset_seconds (ISOBAR_PLACE_SERIES (forecast)), ==, 34200);
  g_assert_cmpstr (isobar_forecast_get_timezone_abbreviation (forecast), ==, "GMT+9:30");
  g_assert_cmpuint (isobar_block_get_length (hourly), ==, 72);
  /* Written as \u00b0C. */
  g_assert_cmpstr (isobar_block_get_unit (hourly, "temperature_2m"), ==, "°C");
  g_assert_cmpfloat (isobar_block_get_value (hourly, "temperature_2m", 0), ==, 6.5);
  /* Local midnight at +09:30. */
  g_assert_cmpint (isobar_block_get_times (hourly)[0], ==, test_utc (2026, 7, 15, 14, 30));
}

static void
test_minimal (void)
{
  g_autoptr(IsobarForecast) forecast = real_forecast ("frenck_forecast_minimal.json");

  if (forecast == NULL)
    return;

  g_assert_cmpfloat_with_epsilon (isobar_place_series_get_latitude (ISOBAR_PLACE_SERIES (forecast)), 52.276, 1e-9);
  g_assert_null (isobar_forecast_get_current (forecast));
  g_assert_null (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast)));
  g_assert_null (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast)));
}

static void
test_server_output_formats (void)
{
  const char *dir = fixtures_dir ();
  g_autoptr(IsobarForecast) iso = NULL;
  g_autoptr(IsobarForecast) unix_time = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  IsobarBlock *iso_hourly, *unix_hourly;

  if (dir == NULL)
    return;
  iso = forecast_fixture (dir, "openmeteo_server_OutputformatTests_1_json.json");
  unix_time = forecast_fixture (dir, "openmeteo_server_OutputformatTests_2_jsonUnix.json");

  /* No elevation when it is NaN; the legacy block is current. */
  g_assert_true (isnan (isobar_place_series_get_elevation (ISOBAR_PLACE_SERIES (iso))));
  g_assert_nonnull (isobar_forecast_get_current (iso));
  g_assert_cmpfloat (isobar_block_get_value (isobar_forecast_get_current (iso), "wind_speed_100m", 0), ==, 10.0);
  iso_hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (iso));
  g_assert_true (isobar_block_has_variable (iso_hourly, "wind_speed_10m"));

  /* The same response in both time formats gives the same instants. */
  unix_hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (unix_time));
  g_assert_cmpuint (isobar_block_get_length (iso_hourly), ==, 48);
  g_assert_cmpuint (isobar_block_get_length (unix_hourly), ==, 48);
  for (guint i = 0; i < 48; i++)
    g_assert_cmpint (isobar_block_get_times (iso_hourly)[i], ==, isobar_block_get_times (unix_hourly)[i]);
  g_assert_cmpint (isobar_block_get_times (isobar_forecast_get_current (iso))[0], ==,
                   isobar_block_get_times (isobar_forecast_get_current (unix_time))[0]);

  /* The multi-location request: a list of two. */
  body = load (dir, "openmeteo_server_OutputformatTests_3_jsonUnix.json");
  list = isobar_parse_forecast_list (body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      IsobarPlaceSeries *series = g_ptr_array_index (list, i);

      g_assert_cmpuint (isobar_block_get_length (isobar_place_series_get_hourly (series)), ==, 48);
    }
}

static GPtrArray *
locations_fixture (const char *dir,
                   const char *name)
{
  g_autoptr(GBytes) body = load (dir, name);
  g_autoptr(GError) error = NULL;
  GPtrArray *locations = isobar_parse_locations (body, &error);

  g_assert_no_error (error);
  return locations;
}

static void
test_geocoding (void)
{
  const char *dir = fixtures_dir ();
  g_autoptr(GPtrArray) frenck = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) sparse = NULL;
  g_autoptr(GPtrArray) virga = NULL;
  g_autoptr(GPtrArray) virga_empty = NULL;
  IsobarLocation *location;
  g_autofree char *description = NULL;

  if (dir == NULL)
    return;

  frenck = locations_fixture (dir, "frenck_geocoding.json");
  g_assert_cmpuint (frenck->len, ==, 2);
  location = g_ptr_array_index (frenck, 0);
  g_assert_cmpstr (isobar_location_get_name (location), ==, "Enschede");
  g_assert_cmpint (isobar_location_get_id (location), ==, 2756071);
  g_assert_cmpint (isobar_location_get_population (location), ==, 153655);
  description = isobar_location_dup_description (location);
  g_assert_cmpstr (description, ==, "Enschede, Overijssel, The Netherlands");
  /* The airport has no population. */
  g_assert_cmpint (isobar_location_get_population (g_ptr_array_index (frenck, 1)), ==, 0);

  empty = locations_fixture (dir, "frenck_geocoding_empty.json");
  g_assert_cmpuint (empty->len, ==, 0);

  sparse = locations_fixture (dir, "frenck_geocoding_missing_fields.json");
  g_assert_cmpuint (sparse->len, ==, 3);
  location = g_ptr_array_index (sparse, 0);
  g_assert_null (isobar_location_get_country (location));
  g_assert_null (isobar_location_get_admin1 (location));
  g_assert_cmpint (isobar_location_get_population (location), ==, 1100);
  g_assert_cmpstr (isobar_location_get_name (g_ptr_array_index (sparse, 1)), ==, "Île MacMurdo");
  g_assert_true (isnan (isobar_location_get_elevation (g_ptr_array_index (sparse, 2))));

  virga = locations_fixture (dir, "virga_geocode.json");
  g_assert_cmpuint (virga->len, ==, 3);
  for (guint i = 0; i < virga->len; i++)
    g_assert_cmpstr (isobar_location_get_name (g_ptr_array_index (virga, i)), ==, "Frederick");
  g_assert_false (isobar_location_equal (g_ptr_array_index (virga, 0), g_ptr_array_index (virga, 1)));

  virga_empty = locations_fixture (dir, "virga_geocode_empty.json");
  g_assert_cmpuint (virga_empty->len, ==, 0);
}

static void
test_archives (void)
{
  const char *dir = fixtures_dir ();
  g_autoptr(GBytes) vinea_body = NULL;
  g_autoptr(GBytes) frenck_body = NULL;
  g_autoptr(IsobarArchive) vinea = NULL;
  g_autoptr(IsobarArchive) frenck = NULL;
  g_autoptr(GError) error = NULL;
  IsobarBlock *frenck_hourly, *frenck_daily;

  if (dir == NULL)
    return;

  vinea_body = load (dir, "vinea_open_meteo_archive.json");
  vinea = isobar_parse_archive (vinea_body, &error);
  g_assert_no_error (error);
  g_assert_null (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (vinea)));
  g_assert_cmpuint (isobar_block_get_length (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (vinea))), ==, 72);

  frenck_body = load (dir, "frenck_historical_weather.json");
  frenck = isobar_parse_archive (frenck_body, &error);
  g_assert_no_error (error);
  frenck_hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (frenck));
  frenck_daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (frenck));
  g_assert_cmpuint (isobar_block_get_length (frenck_hourly), ==, 3);
  g_assert_cmpuint (isobar_block_get_length (frenck_daily), ==, 2);
  g_assert_cmpstr (isobar_block_get_unit (frenck_hourly, "soil_moisture_index_0_to_7cm"), ==, "fraction");
  /* 1953, before the epoch. */
  g_assert_cmpint (isobar_block_get_times (frenck_daily)[0], ==, test_utc (1953, 1, 30, 22, 0));
  g_assert_cmpfloat (isobar_block_get_value (frenck_daily, "precipitation_sum", 1), ==, 12.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/contract/every-file", test_every_file);
  g_test_add_func ("/contract/copenhagen", test_copenhagen);
  g_test_add_func ("/contract/virga", test_virga);
  g_test_add_func ("/contract/virga-nulls", test_virga_nulls);
  g_test_add_func ("/contract/pi-inky", test_pi_inky);
  g_test_add_func ("/contract/vinea", test_vinea);
  g_test_add_func ("/contract/minimal", test_minimal);
  g_test_add_func ("/contract/server-output-formats", test_server_output_formats);
  g_test_add_func ("/contract/geocoding", test_geocoding);
  g_test_add_func ("/contract/archives", test_archives);

  return g_test_run ();
}
