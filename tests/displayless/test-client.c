/* test-client.c: IsobarClient over real HTTP, against the real isobar-sim
 * (its faults included) and, for the shapes the sim never sends, a small
 * SoupServer of our own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "isobar-core.h"
#include "test-util.h"

#define TIMEOUT 60

#define BERLIN_LATITUDE  52.52
#define BERLIN_LONGITUDE 13.405

static IsobarSimulator *
start_simulator (const char * const *arguments)
{
  return test_start_simulator (arguments, TIMEOUT);
}

/* A sim answering every /v1/ request with @fault. */
static IsobarSimulator *
start_faulty_simulator (const char *fault)
{
  g_autofree char *option = g_strconcat ("--fault=", fault, NULL);

  return start_simulator ((const char * const[]) { option, "--fail-rate=1", NULL });
}

static IsobarClient *
client_for (IsobarSimulator *simulator)
{
  return isobar_client_new_for_server (isobar_simulator_get_base_url (simulator));
}

static GPtrArray *
search (IsobarClient  *client,
        const char    *name,
        guint          count,
        GError       **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_client_search_async (client, name, count, NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_client_search_finish (client, result, error);
}

static IsobarForecast *
forecast_with_cancellable (IsobarClient  *client,
                           IsobarUnits    units,
                           GCancellable  *cancellable,
                           GBytes       **body,
                           GError       **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  IsobarForecastRequest request = { BERLIN_LATITUDE, BERLIN_LONGITUDE, units, 7 };

  isobar_client_forecast_async (client, &request, cancellable, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_client_forecast_finish (client, result, body, error);
}

static IsobarForecast *
forecast (IsobarClient  *client,
          IsobarUnits    units,
          GBytes       **body,
          GError       **error)
{
  return forecast_with_cancellable (client, units, NULL, body, error);
}

/* A forecast that must fail with @code: logs the error and returns it, and
 * in @elapsed (nullable) the time it took. */
static GError *
forecast_fails (IsobarClient  *client,
                GBytes       **body,
                int            code,
                gint64        *elapsed)
{
  g_autoptr(IsobarForecast) result = NULL;
  GError *error = NULL;
  gint64 before = g_get_monotonic_time ();
  gint64 took;

  result = forecast (client, ISOBAR_UNITS_METRIC, body, &error);
  took = g_get_monotonic_time () - before;
  g_assert_null (result);
  g_assert_error (error, ISOBAR_ERROR, code);
  g_test_message ("%s (after %.2f s)", error->message, took / 1e6);
  if (elapsed != NULL)
    *elapsed = took;
  return error;
}

static IsobarArchive *
archive (IsobarClient  *client,
         const GDate   *start,
         const GDate   *end,
         GError       **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  IsobarArchiveRequest request = { BERLIN_LATITUDE, BERLIN_LONGITUDE, *start, *end };

  isobar_client_archive_async (client, &request, NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_client_archive_finish (client, result, error);
}

static void
test_properties (void)
{
  g_autoptr(IsobarClient) client = isobar_client_new_for_server ("http://127.0.0.1:8080/");
  guint64 max_body_size = 0;

  g_assert_cmpstr (isobar_client_get_forecast_url (client), ==, "http://127.0.0.1:8080/v1/forecast");
  g_assert_cmpstr (isobar_client_get_archive_url (client), ==, "http://127.0.0.1:8080/v1/archive");
  g_assert_cmpstr (isobar_client_get_geocoding_url (client), ==, "http://127.0.0.1:8080/v1/search");
  g_assert_cmpuint (isobar_client_get_timeout (client), ==, 30);
  g_assert_cmpuint (isobar_client_get_max_body_size (client), ==, 32 * 1024 * 1024);

  isobar_client_set_timeout (client, 5);
  isobar_client_set_max_body_size (client, 1024);
  g_object_get (client, "max-body-size", &max_body_size, NULL);
  g_assert_cmpuint (isobar_client_get_timeout (client), ==, 5);
  g_assert_cmpuint (max_body_size, ==, 1024);
}

static void
test_search (void)
{
  g_autoptr(IsobarSimulator) simulator = start_simulator (NULL);
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  IsobarLocation *berlin;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  places = search (client, "Berlin", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (places->len, >=, 1);
  g_assert_cmpuint (places->len, <=, 5);
  berlin = g_ptr_array_index (places, 0);
  g_assert_cmpstr (isobar_location_get_name (berlin), ==, "Berlin");
  g_assert_cmpfloat_with_epsilon (isobar_location_get_latitude (berlin), 52.52, 0.1);
  g_assert_cmpfloat_with_epsilon (isobar_location_get_longitude (berlin), 13.41, 0.1);

  /* One letter: nothing, and no request. */
  none = search (client, " B ", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_forecast (void)
{
  g_autoptr(IsobarSimulator) simulator = start_simulator ((const char * const[]) { "--seed=3", NULL });
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(IsobarForecast) metric = NULL;
  g_autoptr(IsobarForecast) reparsed = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) current_names = g_strsplit (ISOBAR_FORECAST_CURRENT, ",", -1);
  g_auto(GStrv) hourly_names = g_strsplit (ISOBAR_FORECAST_HOURLY, ",", -1);
  g_auto(GStrv) daily_names = g_strsplit (ISOBAR_FORECAST_DAILY, ",", -1);
  IsobarBlock *current, *hourly, *daily;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  metric = forecast (client, ISOBAR_UNITS_METRIC, &body, &error);
  g_assert_no_error (error);
  current = isobar_forecast_get_current (metric);
  hourly = isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (metric));
  daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (metric));

  g_assert_cmpuint (isobar_block_get_length (current), ==, 1);
  g_assert_cmpuint (isobar_block_get_length (hourly), >=, 48);
  g_assert_cmpuint (isobar_block_get_length (daily), ==, 7);
  for (guint i = 0; current_names[i] != NULL; i++)
    g_assert_true (isobar_block_has_variable (current, current_names[i]));
  for (guint i = 0; hourly_names[i] != NULL; i++)
    g_assert_true (isobar_block_has_variable (hourly, hourly_names[i]));
  for (guint i = 0; daily_names[i] != NULL; i++)
    g_assert_true (isobar_block_has_variable (daily, daily_names[i]));
  g_assert_cmpstr (isobar_block_get_unit (hourly, "temperature_2m"), ==, "°C");
  g_assert_false (isnan (isobar_block_get_value (current, "temperature_2m", 0)));
  g_assert_nonnull (isobar_place_series_get_timezone (ISOBAR_PLACE_SERIES (metric)));

  /* The body handed back is the one parsed. */
  g_assert_nonnull (body);
  reparsed = isobar_parse_forecast (body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isobar_block_get_length (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (reparsed))), ==,
                    isobar_block_get_length (hourly));
  g_assert_cmpfloat (isobar_block_get_value (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (reparsed)),
                                             "temperature_2m_max", 3), ==,
                     isobar_block_get_value (daily, "temperature_2m_max", 3));
}

static void
test_imperial (void)
{
  g_autoptr(IsobarSimulator) simulator = start_simulator (NULL);
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(IsobarForecast) imperial = NULL;
  g_autoptr(GError) error = NULL;
  const char *wind_unit;
  IsobarBlock *daily;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  imperial = forecast (client, ISOBAR_UNITS_IMPERIAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isobar_block_get_unit (isobar_forecast_get_current (imperial), "temperature_2m"), ==, "°F");
  /* Open-Meteo itself writes "mp/h". */
  daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (imperial));
  wind_unit = isobar_block_get_unit (daily, "wind_speed_10m_max");
  g_assert_true (g_strcmp0 (wind_unit, "mp/h") == 0 || g_strcmp0 (wind_unit, "mph") == 0);
  g_assert_cmpstr (isobar_block_get_unit (daily, "precipitation_sum"), ==, "inch");
}

static void
test_archive (void)
{
  g_autoptr(IsobarSimulator) simulator = start_simulator ((const char * const[]) { "--today=2026-07-01", NULL });
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(IsobarArchive) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) start = g_date_new_dmy (1, G_DATE_JANUARY, 1991);
  g_autoptr(GDate) end = g_date_new_dmy (31, G_DATE_DECEMBER, 2020);
  g_auto(GStrv) names = g_strsplit (ISOBAR_ARCHIVE_DAILY, ",", -1);
  IsobarBlock *daily;
  guint n_days = (guint) (g_date_days_between (start, end) + 1);

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  history = archive (client, start, end, &error);
  g_assert_no_error (error);
  daily = isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (history));
  g_assert_nonnull (daily);
  g_assert_cmpuint (isobar_block_get_length (daily), ==, n_days);
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (isobar_block_has_variable (daily, names[i]));
  /* One day apart, more or less a daylight-saving hour. */
  for (guint i = 1; i < n_days; i++)
    {
      gint64 step = isobar_block_get_times (daily)[i] - isobar_block_get_times (daily)[i - 1];

      g_assert_cmpint (step, >=, 23 * 3600);
      g_assert_cmpint (step, <=, 25 * 3600);
    }
}

/* The server's reason, as is, with the right code. */
static void
check_http_fault (const char *fault,
                  int         code,
                  const char *reason)
{
  g_autoptr(IsobarSimulator) simulator = start_faulty_simulator (fault);
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GError) error = NULL;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  error = forecast_fails (client, NULL, code, NULL);
  g_assert_cmpstr (error->message, ==, reason);
  g_clear_error (&error);

  places = search (client, "Berlin", 5, &error);
  g_assert_null (places);
  g_assert_error (error, ISOBAR_ERROR, code);
}

static void
test_fault_400 (void)
{
  check_http_fault ("http-400", ISOBAR_ERROR_SERVER,
                    "Cannot initialize WeatherVariable from invalid String value simulated_fault for key hourly");
}

static void
test_fault_429 (void)
{
  check_http_fault ("http-429", ISOBAR_ERROR_RATE_LIMITED,
                    "Minutely API request limit exceeded. Please try again in one minute.");
}

static void
test_fault_503 (void)
{
  check_http_fault ("http-503", ISOBAR_ERROR_UNAVAILABLE, "The service is overloaded");
}

static void
check_body_fault (const char *fault)
{
  g_autoptr(IsobarSimulator) simulator = start_faulty_simulator (fault);
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  error = forecast_fails (client, &body, ISOBAR_ERROR_MALFORMED, NULL);
  g_assert_null (body);
  g_assert_true (g_str_has_prefix (error->message, "The server sent data that is not valid JSON: "));
}

static void
test_fault_truncated (void)
{
  check_body_fault ("truncated");
}

static void
test_fault_malformed (void)
{
  check_body_fault ("malformed");
}

static void
test_fault_stall (void)
{
  g_autoptr(IsobarSimulator) simulator = start_faulty_simulator ("stall");
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gint64 elapsed;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  isobar_client_set_timeout (client, 1);
  error = forecast_fails (client, NULL, ISOBAR_ERROR_TIMEOUT, &elapsed);
  expected = g_strdup_printf ("%s did not answer within 1 second",
                              isobar_simulator_get_base_url (simulator) + strlen ("http://"));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (elapsed, <, 15 * G_USEC_PER_SEC);
}

static void
test_fault_huge (void)
{
  g_autoptr(IsobarSimulator) simulator = start_faulty_simulator ("huge");
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GError) error = NULL;
  gint64 elapsed;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  isobar_client_set_max_body_size (client, 1024 * 1024);
  error = forecast_fails (client, NULL, ISOBAR_ERROR_TOO_LARGE, &elapsed);
  /* Stopped at the cap, not after reading the 512 MiB. */
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
}

static void
test_connection_refused (void)
{
  g_autoptr(IsobarClient) client = isobar_client_new_for_server ("http://127.0.0.1:1");
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GError) error = NULL;

  error = forecast_fails (client, NULL, ISOBAR_ERROR_NETWORK, NULL);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach 127.0.0.1:1: "));
  g_clear_error (&error);

  places = search (client, "Berlin", 5, &error);
  g_assert_null (places);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NETWORK);
}

static void
test_invalid_arguments (void)
{
  g_autoptr(IsobarClient) client = isobar_client_new ("not a url", "ftp://x/archive", "http://127.0.0.1:1/v1/search");
  g_autoptr(IsobarArchive) history = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GDate) start = g_date_new_dmy (1, G_DATE_JANUARY, 2000);
  g_autoptr(GError) error = NULL;

  error = forecast_fails (client, NULL, ISOBAR_ERROR_INVALID_ARGUMENT, NULL);
  g_clear_error (&error);

  history = archive (client, start, start, &error);
  g_assert_null (history);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  places = search (client, "Berlin", 1000, &error);
  g_assert_null (places);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
}

static void
test_cancel (void)
{
  g_autoptr(IsobarSimulator) simulator = start_faulty_simulator ("stall");
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) already = g_cancellable_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsobarForecast) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  IsobarForecastRequest request = { BERLIN_LATITUDE, BERLIN_LONGITUDE, ISOBAR_UNITS_METRIC, 7 };
  gint64 before;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  isobar_client_forecast_async (client, &request, cancellable, test_async_store_cb, &pending);
  test_async_spin (300);
  g_assert_null (pending);
  before = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  result = test_async_wait (&pending, TIMEOUT);
  cancelled = isobar_client_forecast_finish (client, result, NULL, &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - before, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Cancelled before it starts. */
  g_cancellable_cancel (already);
  cancelled = forecast_with_cancellable (client, ISOBAR_UNITS_METRIC, already, NULL, &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  guint          remaining;
  GMainContext  *expected_context;
  guint          n_ok;
} Parallel;

static void
parallel_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Parallel *parallel = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = NULL;

  /* The callback runs in the caller's thread-default context. */
  g_assert_true (g_main_context_is_owner (parallel->expected_context));
  forecast = isobar_client_forecast_finish (ISOBAR_CLIENT (object), result, NULL, &error);
  g_assert_no_error (error);
  parallel->n_ok++;
  parallel->remaining--;
}

/* Eight requests at once, from a private main context. */
static void
test_parallel (void)
{
  g_autoptr(IsobarSimulator) simulator = start_simulator ((const char * const[]) { "--latency-ms=100", NULL });
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GMainContext) context = NULL;
  Parallel parallel = { 8, NULL, 0 };
  gint64 deadline;

  if (simulator == NULL)
    return;

  client = client_for (simulator);
  context = g_main_context_new ();
  parallel.expected_context = context;
  g_main_context_push_thread_default (context);

  for (guint i = 0; i < 8; i++)
    {
      IsobarForecastRequest request = { BERLIN_LATITUDE + i, BERLIN_LONGITUDE, ISOBAR_UNITS_METRIC, 7 };

      isobar_client_forecast_async (client, &request, NULL, parallel_cb, &parallel);
    }

  deadline = g_get_monotonic_time () + TIMEOUT * G_USEC_PER_SEC;
  while (parallel.remaining > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, TRUE);

  g_main_context_pop_thread_default (context);
  g_assert_cmpuint (parallel.n_ok, ==, 8);
}

/* A request's libsoup sources go to a context of the request thread's own:
 * what a forecast attaches to the caller's context is its task's return
 * and the wait's timeout, two a forecast, and nothing of libsoup's (before,
 * the session it created attached one there, from a thread at background
 * priority, and left the session bound to the caller's context). */
static void
test_requests_off_main_context (void)
{
  const guint n = 8;
  g_autoptr(IsobarSimulator) simulator = start_simulator (NULL);
  g_autoptr(IsobarClient) client = NULL;
  /* Markers that never fire: source ids count every attach. */
  g_autoptr(GSource) before = g_timeout_source_new_seconds (3600);
  g_autoptr(GSource) after = g_timeout_source_new_seconds (3600);
  guint before_id, after_id;

  if (simulator == NULL)
    return;
  client = client_for (simulator);

  before_id = g_source_attach (before, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsobarForecast) result = NULL;
      g_autoptr(GError) error = NULL;

      result = forecast (client, ISOBAR_UNITS_METRIC, NULL, &error);
      g_assert_no_error (error);
    }
  after_id = g_source_attach (after, NULL);
  g_test_message ("%u sources attached for %u forecasts", after_id - before_id - 1, n);
  g_assert_cmpuint (after_id - before_id - 1, <=, 2 * n);
  g_source_destroy (before);
  g_source_destroy (after);
}

/* Each thread takes a session of its own, and a session given back is the
 * next one taken, idle connections and all. */
static void
test_sessions (void)
{
  g_autoptr(IsobarHttpSessions) sessions = isobar_http_sessions_new (7, 1, TRUE);
  SoupSession *first = isobar_http_sessions_take (sessions);
  SoupSession *second = isobar_http_sessions_take (sessions);
  SoupSession *again;

  g_assert_true (SOUP_IS_SESSION (first));
  g_assert_true (SOUP_IS_SESSION (second));
  g_assert_true (first != second);
  g_assert_cmpuint (soup_session_get_timeout (first), ==, 7);
  g_assert_cmpuint (isobar_http_sessions_get_timeout (sessions), ==, 7);
  g_assert_null (soup_session_get_proxy_resolver (first));

  isobar_http_sessions_give_back (sessions, first);
  again = isobar_http_sessions_take (sessions);
  g_assert_true (again == first);

  isobar_http_sessions_give_back (sessions, again);
  isobar_http_sessions_give_back (sessions, second);
}

/* Threads that open their first connections to a host at the same moment,
 * as the thread strategies do when a run starts: each round with fresh
 * sessions, every thread released at once. On one shared session this is
 * where GIO's address cache races (isobar-http.h). */
typedef struct
{
  IsobarHttpSessions *sessions;
  const char         *url;
  gint               *go;       /* (atomic) */
} FirstConnection;

static gpointer
first_connection_thread (gpointer data)
{
  FirstConnection *first = data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  while (!g_atomic_int_get (first->go))
    g_thread_yield ();
  body = isobar_http_sessions_get (first->sessions, first->url, 1024 * 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (body), >, 0);
  return NULL;
}

static void
test_sessions_first_connections (void)
{
  g_autoptr(IsobarSimulator) simulator = start_simulator (NULL);
  g_autofree char *url = NULL;
  g_autofree char *endpoint = NULL;
  IsobarForecastRequest request = { BERLIN_LATITUDE, BERLIN_LONGITUDE, ISOBAR_UNITS_METRIC, 1 };

  if (simulator == NULL)
    return;

  endpoint = isobar_url_join (isobar_simulator_get_base_url (simulator), "/v1/forecast");
  url = isobar_url_for_forecast (endpoint, &request, NULL);
  g_assert_nonnull (url);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(IsobarHttpSessions) sessions = isobar_http_sessions_new (TIMEOUT, 1, TRUE);
      FirstConnection first = { sessions, url, g_new0 (gint, 1) };
      GThread *threads[8];

      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("first-connection", first_connection_thread, &first);
      g_atomic_int_set (first.go, 1);
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        g_thread_join (threads[i]);
      g_free (first.go);
    }
}

/* A server of our own for answers the sim never gives. */

static const char no_hourly_body[] =
  "{\"latitude\":52.52,\"longitude\":13.41,\"utc_offset_seconds\":0,"
  "\"current\":{\"time\":\"2026-07-01T12:00\",\"temperature_2m\":20},"
  "\"daily\":{\"time\":[\"2026-07-01\"],\"temperature_2m_max\":[25]}}";

static void
own_server_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  if (g_str_equal (path, "/no-hourly"))
    {
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        no_hourly_body, strlen (no_hourly_body));
    }
  else if (g_str_equal (path, "/big"))
    {
      /* 2 MiB with a Content-Length: refused before a byte is read. */
      gsize size = 2 * 1024 * 1024;
      char *body = g_malloc (size);

      memset (body, ' ', size);
      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE, body, size);
    }
  else if (g_str_equal (path, "/crash"))
    {
      soup_server_message_set_status (message, 500, NULL);
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<h1>oops</h1>", 13);
    }
  else
    {
      soup_server_message_set_status (message, 404, NULL);
      soup_message_headers_replace (headers, "Content-Type", "text/html");
      soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<h1>Not Found</h1>", 18);
    }
}

static SoupServer *
own_server_new (char **base_url)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, own_server_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  *base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&server);
}

/* A forecast from @path of our own server, which must fail with @code. */
static GError *
forecast_from_fails (const char *base_url,
                     const char *path,
                     int         code)
{
  g_autofree char *url = isobar_url_join (base_url, path);
  g_autoptr(IsobarClient) client = isobar_client_new (url, url, url);

  isobar_client_set_max_body_size (client, 1024 * 1024);
  return forecast_fails (client, NULL, code, NULL);
}

static void
test_own_server (void)
{
  g_autofree char *base_url = NULL;
  g_autoptr(SoupServer) server = own_server_new (&base_url);
  g_autoptr(GError) error = NULL;

  /* Valid JSON, but the app needs every block. */
  error = forecast_from_fails (base_url, "/no-hourly", ISOBAR_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "The forecast has no hourly block");
  g_clear_error (&error);

  /* An announced length over the cap. */
  error = forecast_from_fails (base_url, "/big", ISOBAR_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Error statuses without Open-Meteo's body. */
  error = forecast_from_fails (base_url, "/missing", ISOBAR_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, "The server answered HTTP 404 Not Found");
  g_clear_error (&error);

  error = forecast_from_fails (base_url, "/crash", ISOBAR_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "The server answered HTTP 500 Internal Server Error");

  /* Let the server close its side of the connections before it goes. */
  soup_server_disconnect (server);
  test_async_spin (100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/client/properties", test_properties);
  g_test_add_func ("/client/search", test_search);
  g_test_add_func ("/client/forecast", test_forecast);
  g_test_add_func ("/client/imperial", test_imperial);
  g_test_add_func ("/client/archive", test_archive);
  g_test_add_func ("/client/parallel", test_parallel);
  g_test_add_func ("/client/requests-off-main-context", test_requests_off_main_context);
  g_test_add_func ("/client/sessions", test_sessions);
  g_test_add_func ("/client/sessions/first-connections", test_sessions_first_connections);
  g_test_add_func ("/client/fault/http-400", test_fault_400);
  g_test_add_func ("/client/fault/http-429", test_fault_429);
  g_test_add_func ("/client/fault/http-503", test_fault_503);
  g_test_add_func ("/client/fault/truncated", test_fault_truncated);
  g_test_add_func ("/client/fault/malformed", test_fault_malformed);
  g_test_add_func ("/client/fault/stall", test_fault_stall);
  g_test_add_func ("/client/fault/huge", test_fault_huge);
  g_test_add_func ("/client/connection-refused", test_connection_refused);
  g_test_add_func ("/client/invalid-arguments", test_invalid_arguments);
  g_test_add_func ("/client/cancel", test_cancel);
  g_test_add_func ("/client/own-server", test_own_server);

  return g_test_run ();
}
