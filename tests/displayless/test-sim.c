/* test-sim.c: the isobar-sim program, run as a real process and spoken to
 * over real HTTP on loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "test-util.h"

/* Every simulator here is pinned to this day. */
#define TODAY        "2024-06-15"
#define WAIT_MS      20000

#define BERLIN       "latitude=52.52&longitude=13.41"
#define FORECAST_ALL "/v1/forecast?" BERLIN \
  "&current=temperature_2m,relative_humidity_2m,apparent_temperature,is_day,precipitation,weather_code," \
  "wind_speed_10m,wind_direction_10m" \
  "&hourly=temperature_2m,relative_humidity_2m,precipitation_probability,precipitation,rain,snowfall," \
  "weather_code,cloud_cover,pressure_msl,wind_speed_10m,wind_gusts_10m" \
  "&daily=weather_code,temperature_2m_max,temperature_2m_min,precipitation_sum," \
  "precipitation_probability_max,wind_speed_10m_max,sunrise,sunset,daylight_duration" \
  "&timezone=auto"

/* --- bounded waiting ---------------------------------------------------- */

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main context until @condition holds or @timeout_ms passes. */
static gboolean
wait_until (gboolean (*condition) (gpointer data),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint tick = g_timeout_add (20, on_tick, NULL);
  gboolean done;

  while (!(done = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return done;
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot,
                 guint          timeout_ms)
{
  g_assert_true (wait_until (result_ready, slot, timeout_ms));
  return *slot;
}

/* --- the simulator process --------------------------------------------- */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *output;
  char             *base_url;
} Sim;

/* Starts isobar-sim --port 0 --exit-on-eof --today=TODAY plus the
 * NULL-terminated extra arguments and reads its "Listening on" line. */
static Sim *
sim_start (const char *first_argument,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *line = NULL;
  Sim *sim = g_new0 (Sim, 1);
  const char *prefix = "Listening on http://127.0.0.1:";
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ISOBAR_SIM"));
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--exit-on-eof");
  g_ptr_array_add (argv, (gpointer) "--today=" TODAY);
  va_start (args, first_argument);
  for (const char *a = first_argument; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  sim->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                    &error);
  g_assert_no_error (error);
  sim->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));

  g_data_input_stream_read_line_async (sim->output, G_PRIORITY_DEFAULT, NULL, on_async_done, &result);
  line = g_data_input_stream_read_line_finish_utf8 (sim->output, wait_for_result (&result, WAIT_MS),
                                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  g_assert_cmpint (atoi (line + strlen (prefix)), >, 0);
  sim->base_url = g_strdup (line + strlen ("Listening on "));

  return sim;
}

/* Waits for the process to end; FALSE if it is still running at the deadline. */
static gboolean
sim_wait (Sim   *sim,
          guint  timeout_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_async (sim->process, NULL, on_async_done, &result);
  if (!wait_until (result_ready, &result, timeout_ms))
    {
      /* Never leave it behind: kill it and reap it. */
      g_subprocess_force_exit (sim->process);
      g_subprocess_wait (sim->process, NULL, NULL);
      wait_until (result_ready, &result, WAIT_MS);
      return FALSE;
    }
  g_assert_true (g_subprocess_wait_finish (sim->process, result, &error));
  g_assert_no_error (error);
  return TRUE;
}

static gboolean
sim_is_running (Sim *sim)
{
  return g_subprocess_get_identifier (sim->process) != NULL;
}

static void
sim_free (Sim *sim)
{
  g_clear_object (&sim->output);
  g_clear_object (&sim->process);
  g_free (sim->base_url);
  g_free (sim);
}

/* Closes its stdin, which must make it exit cleanly, and reaps it. */
static void
sim_stop (Sim *sim)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (sim->process), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sim_wait (sim, WAIT_MS));
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);
  sim_free (sim);
}

/* --- HTTP ---------------------------------------------------------------- */

typedef struct
{
  guint   status;
  GBytes *body;
  char   *content_type;
  double  elapsed_ms;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply->content_type);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static SoupSession *
new_session (guint timeout_seconds)
{
  return soup_session_new_with_options ("timeout", timeout_seconds, NULL);
}

/* GET @path on @sim; NULL with @error when the transfer fails. */
static Reply *
http_get_full (SoupSession  *session,
               Sim          *sim,
               const char   *path,
               GError      **error)
{
  g_autofree char *url = g_strconcat (sim->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  Reply *reply;
  gint64 start = g_get_monotonic_time ();
  GBytes *body;

  g_assert_nonnull (msg);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_async_done, &result);
  body = soup_session_send_and_read_finish (session, wait_for_result (&result, WAIT_MS * 3), error);
  if (body == NULL)
    return NULL;

  reply = g_new0 (Reply, 1);
  reply->status = soup_message_get_status (msg);
  reply->body = body;
  reply->content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                                         NULL));
  reply->elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  return reply;
}

static Reply *
http_get (SoupSession *session,
          Sim         *sim,
          const char  *path)
{
  g_autoptr(GError) error = NULL;
  Reply *reply = http_get_full (session, sim, path, &error);

  g_assert_no_error (error);
  return reply;
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
is_valid_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return json_parser_load_from_data (parser, data, (gssize) size, NULL);
}

/* GET, expect 200 JSON, return the parsed root. */
static JsonNode *
get_json (SoupSession *session,
          Sim         *sim,
          const char  *path)
{
  g_autoptr(Reply) reply = http_get (session, sim, path);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (reply->content_type, ==, "application/json");
  return parse_json (reply->body);
}

static void
assert_members (JsonObject         *object,
                const char * const *expected)
{
  g_autoptr(GList) members = json_object_get_members (object);
  GList *l = members;

  for (guint i = 0; expected[i] != NULL; i++, l = l->next)
    {
      g_assert_nonnull (l);
      g_assert_cmpstr (l->data, ==, expected[i]);
    }
  g_assert_null (l);
}

static JsonArray *
block_array (JsonObject *root,
             const char *block,
             const char *variable)
{
  JsonObject *object = json_object_get_object_member (root, block);

  g_assert_nonnull (object);
  g_assert_true (json_object_has_member (object, variable));
  return json_object_get_array_member (object, variable);
}

/* Every array of a block is as long as its time axis, and its units list
 * the same variables. */
static guint
assert_block (JsonObject *root,
              const char *block)
{
  g_autofree char *units_name = g_strconcat (block, "_units", NULL);
  JsonObject *data = json_object_get_object_member (root, block);
  JsonObject *units = json_object_get_object_member (root, units_name);
  g_autoptr(GList) members = NULL;
  guint length;

  g_assert_nonnull (data);
  g_assert_nonnull (units);
  length = json_array_get_length (json_object_get_array_member (data, "time"));
  members = json_object_get_members (data);
  g_assert_cmpstr (members->data, ==, "time");
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (data, l->data)), ==, length);
      g_assert_true (json_object_has_member (units, l->data));
    }
  g_assert_cmpuint (json_object_get_size (units), ==, json_object_get_size (data));
  return length;
}

static void
assert_unit (JsonObject *root,
             const char *units_block,
             const char *variable,
             const char *unit)
{
  JsonObject *units = json_object_get_object_member (root, units_block);

  g_assert_nonnull (units);
  g_assert_cmpstr (json_object_get_string_member (units, variable), ==, unit);
}

static void
assert_error_reply (Reply      *reply,
                    guint       status,
                    const char *reason)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_assert_cmpuint (reply->status, ==, status);
  root = parse_json (reply->body);
  object = json_node_get_object (root);
  assert_members (object, (const char * const[]) { "error", "reason", NULL });
  g_assert_true (json_object_get_boolean_member (object, "error"));
  if (reason != NULL)
    g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, reason);
}

/* --- tests --------------------------------------------------------------- */

static void
test_exit_on_eof_and_signal (void)
{
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  /* Closing stdin ends it with status 0 (asserted by sim_stop). */
  sim = sim_start (NULL);
  g_assert_true (sim_is_running (sim));
  sim_stop (sim);

  /* So does SIGTERM. */
  sim = sim_start (NULL);
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_assert_true (sim_wait (sim, WAIT_MS));
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);
  sim_free (sim);
}

static void
test_determinism (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  const char *archive = "/v1/archive?" BERLIN "&start_date=2000-01-01&end_date=2000-12-31"
                        "&daily=temperature_2m_max,precipitation_sum&hourly=temperature_2m&timezone=auto";
  Sim *a, *b, *other;

  if (test_simulator_program () == NULL)
    return;

  a = sim_start (NULL);
  b = sim_start (NULL);
  other = sim_start ("--seed", "7", NULL);

  {
    g_autoptr(Reply) first = http_get (session, a, FORECAST_ALL);
    g_autoptr(Reply) archive_a = http_get (session, a, archive);
    g_autoptr(Reply) again = http_get (session, a, FORECAST_ALL);
    /* The other process sees the requests in the other order. */
    g_autoptr(Reply) archive_b = http_get (session, b, archive);
    g_autoptr(Reply) second_process = http_get (session, b, FORECAST_ALL);
    g_autoptr(Reply) other_seed = http_get (session, other, FORECAST_ALL);

    g_assert_cmpuint (first->status, ==, 200);
    g_assert_cmpuint (archive_a->status, ==, 200);
    g_assert_true (g_bytes_equal (first->body, again->body));
    g_assert_true (g_bytes_equal (first->body, second_process->body));
    g_assert_true (g_bytes_equal (archive_a->body, archive_b->body));
    g_assert_false (g_bytes_equal (first->body, other_seed->body));
  }

  sim_stop (a);
  sim_stop (b);
  sim_stop (other);
}

static void
test_forecast_shape (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *current;
  JsonArray *times, *array;
  const char *time;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  node = get_json (session, sim, FORECAST_ALL);
  root = json_node_get_object (node);

  assert_members (root, (const char * const[]) {
    "latitude", "longitude", "generationtime_ms", "utc_offset_seconds", "timezone",
    "timezone_abbreviation", "elevation", "current_units", "current", "hourly_units", "hourly",
    "daily_units", "daily", NULL });
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "latitude"), 52.52, 0.001);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (root, "longitude"), 13.41, 0.001);
  g_assert_cmpstr (json_object_get_string_member (root, "timezone"), ==, "Europe/Berlin");
  g_assert_cmpint (json_object_get_int_member (root, "utc_offset_seconds"), ==, 7200);
  g_assert_cmpstr (json_object_get_string_member (root, "timezone_abbreviation"), ==, "CEST");

  /* current */
  assert_members (json_object_get_object_member (root, "current_units"), (const char * const[]) {
    "time", "interval", "temperature_2m", "relative_humidity_2m", "apparent_temperature", "is_day",
    "precipitation", "weather_code", "wind_speed_10m", "wind_direction_10m", NULL });
  assert_unit (root, "current_units", "time", "iso8601");
  assert_unit (root, "current_units", "interval", "seconds");
  assert_unit (root, "current_units", "temperature_2m", "°C");
  assert_unit (root, "current_units", "relative_humidity_2m", "%");
  assert_unit (root, "current_units", "is_day", "");
  assert_unit (root, "current_units", "precipitation", "mm");
  assert_unit (root, "current_units", "weather_code", "wmo code");
  assert_unit (root, "current_units", "wind_speed_10m", "km/h");
  assert_unit (root, "current_units", "wind_direction_10m", "°");
  current = json_object_get_object_member (root, "current");
  g_assert_cmpint (json_object_get_int_member (current, "interval"), ==, 900);
  time = json_object_get_string_member (current, "time");
  g_assert_cmpuint (strlen (time), ==, 16);
  g_assert_true (g_str_has_prefix (time, TODAY "T"));
  g_assert_cmpint (atoi (time + 14) % 15, ==, 0);

  /* hourly: 7 days from today's local midnight */
  g_assert_cmpuint (assert_block (root, "hourly"), ==, 7 * 24);
  times = block_array (root, "hourly", "time");
  g_assert_cmpstr (json_array_get_string_element (times, 0), ==, TODAY "T00:00");
  g_assert_cmpstr (json_array_get_string_element (times, 1), ==, TODAY "T01:00");
  assert_unit (root, "hourly_units", "precipitation_probability", "%");
  assert_unit (root, "hourly_units", "snowfall", "cm");
  assert_unit (root, "hourly_units", "pressure_msl", "hPa");
  assert_unit (root, "hourly_units", "cloud_cover", "%");
  array = block_array (root, "hourly", "temperature_2m");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      double t = json_array_get_double_element (array, i);

      g_assert_cmpfloat (t, >, -20);
      g_assert_cmpfloat (t, <, 45);
    }
  array = block_array (root, "hourly", "relative_humidity_2m");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_assert_cmpint (json_array_get_int_element (array, i), >=, 0);
      g_assert_cmpint (json_array_get_int_element (array, i), <=, 100);
    }

  /* daily */
  g_assert_cmpuint (assert_block (root, "daily"), ==, 7);
  g_assert_cmpstr (json_array_get_string_element (block_array (root, "daily", "time"), 0), ==, TODAY);
  assert_unit (root, "daily_units", "sunrise", "iso8601");
  assert_unit (root, "daily_units", "daylight_duration", "s");
  assert_unit (root, "daily_units", "weather_code", "wmo code");
  array = block_array (root, "daily", "sunrise");
  g_assert_true (g_str_has_prefix (json_array_get_string_element (array, 0), TODAY "T0"));
  array = block_array (root, "daily", "temperature_2m_max");
  for (guint i = 0; i < 7; i++)
    g_assert_cmpfloat (json_array_get_double_element (array, i), >=,
                       json_array_get_double_element (block_array (root, "daily", "temperature_2m_min"), i));

  sim_stop (sim);
}

static void
test_forecast_days (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  const struct { const char *query; guint days; const char *first; } cases[] = {
    { "&forecast_days=0", 0, NULL },
    { "&forecast_days=1", 1, TODAY },
    { "&forecast_days=16", 16, TODAY },
    { "&past_days=3&forecast_days=2", 5, "2024-06-12" },
    { "&past_days=92&forecast_days=16", 108, "2024-03-15" },
  };
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/v1/forecast?" BERLIN "&hourly=temperature_2m"
                                           "&daily=temperature_2m_max&timezone=Europe/Berlin",
                                           cases[i].query, NULL);
      g_autoptr(JsonNode) node = get_json (session, sim, path);
      JsonObject *root = json_node_get_object (node);

      g_test_message ("%s → %u days", cases[i].query, cases[i].days);
      g_assert_cmpuint (assert_block (root, "daily"), ==, cases[i].days);
      g_assert_cmpuint (assert_block (root, "hourly"), ==, cases[i].days * 24);
      if (cases[i].first != NULL)
        g_assert_cmpstr (json_array_get_string_element (block_array (root, "daily", "time"), 0), ==,
                         cases[i].first);
    }
  sim_stop (sim);
}

static gint64
iso_to_unix (const char *text,
             int         utc_offset)
{
  int year, month, day, hour = 0, minute = 0;
  g_autoptr(GDateTime) time = NULL;

  g_assert_cmpint (sscanf (text, "%d-%d-%dT%d:%d", &year, &month, &day, &hour, &minute), >=, 3);
  time = g_date_time_new_utc (year, month, day, hour, minute, 0);
  return g_date_time_to_unix (time) - utc_offset;
}

static void
test_timeformat (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  const char *base = "/v1/forecast?" BERLIN "&current=temperature_2m&hourly=temperature_2m"
                     "&daily=sunrise,sunset&timezone=auto&forecast_days=3";
  g_autofree char *unix_path = g_strconcat (base, "&timeformat=unixtime", NULL);
  g_autoptr(JsonNode) iso_node = NULL;
  g_autoptr(JsonNode) epoch_node = NULL;
  JsonObject *iso, *epoch;
  int offset;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  iso_node = get_json (session, sim, base);
  epoch_node = get_json (session, sim, unix_path);
  iso = json_node_get_object (iso_node);
  epoch = json_node_get_object (epoch_node);
  offset = (int) json_object_get_int_member (epoch, "utc_offset_seconds");

  assert_unit (epoch, "hourly_units", "time", "unixtime");
  assert_unit (epoch, "daily_units", "time", "unixtime");
  assert_unit (epoch, "daily_units", "sunrise", "unixtime");
  assert_unit (epoch, "current_units", "time", "unixtime");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (epoch, "current"), "time") % 900, ==, 0);

  for (guint i = 0; i < 3 * 24; i++)
    {
      JsonArray *iso_times = block_array (iso, "hourly", "time");
      JsonArray *unix_times = block_array (epoch, "hourly", "time");

      g_assert_cmpint (json_node_get_value_type (json_array_get_element (unix_times, i)), ==, G_TYPE_INT64);
      g_assert_cmpint (json_array_get_int_element (unix_times, i), ==,
                       iso_to_unix (json_array_get_string_element (iso_times, i), offset));
    }
  for (guint i = 0; i < 3; i++)
    {
      const char *variables[] = { "time", "sunrise", "sunset" };

      for (guint v = 0; v < G_N_ELEMENTS (variables); v++)
        g_assert_cmpint (json_array_get_int_element (block_array (epoch, "daily", variables[v]), i), ==,
                         iso_to_unix (json_array_get_string_element (block_array (iso, "daily", variables[v]), i),
                                      offset));
    }
  /* Unix daily times are local midnights, as the hours. */
  g_assert_cmpint (json_array_get_int_element (block_array (epoch, "daily", "time"), 1), ==,
                   json_array_get_int_element (block_array (epoch, "hourly", "time"), 24));

  sim_stop (sim);
}

static void
test_units (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  const char *base = "/v1/forecast?" BERLIN "&hourly=temperature_2m,wind_speed_10m,precipitation"
                     "&current=temperature_2m&timezone=auto&past_days=30&forecast_days=1";
  g_autofree char *converted_path = g_strconcat (base, "&temperature_unit=fahrenheit&wind_speed_unit=ms"
                                                 "&precipitation_unit=inch", NULL);
  g_autoptr(JsonNode) metric_node = NULL;
  g_autoptr(JsonNode) converted_node = NULL;
  JsonObject *metric, *converted;
  JsonArray *c, *f, *kmh, *ms, *mm, *inch;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  metric_node = get_json (session, sim, base);
  converted_node = get_json (session, sim, converted_path);
  metric = json_node_get_object (metric_node);
  converted = json_node_get_object (converted_node);

  assert_unit (converted, "hourly_units", "temperature_2m", "°F");
  assert_unit (converted, "hourly_units", "wind_speed_10m", "m/s");
  assert_unit (converted, "hourly_units", "precipitation", "inch");
  assert_unit (converted, "current_units", "temperature_2m", "°F");

  c = block_array (metric, "hourly", "temperature_2m");
  f = block_array (converted, "hourly", "temperature_2m");
  kmh = block_array (metric, "hourly", "wind_speed_10m");
  ms = block_array (converted, "hourly", "wind_speed_10m");
  mm = block_array (metric, "hourly", "precipitation");
  inch = block_array (converted, "hourly", "precipitation");
  for (guint i = 0; i < json_array_get_length (c); i++)
    {
      g_assert_cmpfloat_with_epsilon (json_array_get_double_element (f, i),
                                      json_array_get_double_element (c, i) * 1.8 + 32, 0.051);
      g_assert_cmpfloat_with_epsilon (json_array_get_double_element (ms, i),
                                      json_array_get_double_element (kmh, i) / 3.6, 0.0051);
      g_assert_cmpfloat_with_epsilon (json_array_get_double_element (inch, i),
                                      json_array_get_double_element (mm, i) / 25.4, 0.00051);
    }
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (converted, "current"),
                                                                 "temperature_2m"),
                                  json_object_get_double_member (json_object_get_object_member (metric, "current"),
                                                                 "temperature_2m") * 1.8 + 32, 0.051);
  sim_stop (sim);
}

static void
test_multiple_locations (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *locations;
  JsonObject *berlin, *paris;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  node = get_json (session, sim, "/v1/forecast?latitude=52.52,48.85&longitude=13.41,2.35"
                                 "&daily=temperature_2m_max&timezone=auto");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  locations = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (locations), ==, 2);
  berlin = json_array_get_object_element (locations, 0);
  paris = json_array_get_object_element (locations, 1);
  g_assert_false (json_object_has_member (berlin, "location_id"));
  g_assert_cmpint (json_object_get_int_member (paris, "location_id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (berlin, "timezone"), ==, "Europe/Berlin");
  g_assert_cmpstr (json_object_get_string_member (paris, "timezone"), ==, "Europe/Paris");
  g_assert_cmpuint (assert_block (paris, "daily"), ==, 7);
  sim_stop (sim);
}

static double
mean_between (JsonArray  *times,
              JsonArray  *values,
              const char *first,
              const char *last)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (times); i++)
    {
      const char *day = json_array_get_string_element (times, i);

      if (strcmp (day, first) >= 0 && strcmp (day, last) <= 0)
        {
          sum += json_array_get_double_element (values, i);
          n++;
        }
    }
  g_assert_cmpuint (n, >, 0);
  return sum / n;
}

/* Mean of one calendar month ("-01-") over all years. */
static double
month_mean (JsonArray  *times,
            JsonArray  *values,
            const char *month)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (times); i++)
    if (strncmp (json_array_get_string_element (times, i) + 4, month, 4) == 0)
      {
        sum += json_array_get_double_element (values, i);
        n++;
      }
  g_assert_cmpuint (n, >, 0);
  return sum / n;
}

static void
test_archive (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  g_autoptr(Reply) reply = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonArray *times, *means;
  double early, late;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  reply = http_get (session, sim, "/v1/archive?" BERLIN "&start_date=1940-01-01&end_date=2020-12-31"
                                  "&daily=temperature_2m_max,temperature_2m_min,temperature_2m_mean,"
                                  "precipitation_sum&timezone=auto");
  g_assert_cmpuint (reply->status, ==, 200);
  g_test_message ("85 years of daily data: %.1f ms for %zu bytes",
                  reply->elapsed_ms, g_bytes_get_size (reply->body));
  g_assert_cmpfloat (reply->elapsed_ms, <, 2000);

  node = parse_json (reply->body);
  root = json_node_get_object (node);
  assert_members (root, (const char * const[]) {
    "latitude", "longitude", "generationtime_ms", "utc_offset_seconds", "timezone",
    "timezone_abbreviation", "elevation", "daily_units", "daily", NULL });
  g_assert_cmpuint (assert_block (root, "daily"), ==, 29586);
  times = block_array (root, "daily", "time");
  means = block_array (root, "daily", "temperature_2m_mean");
  g_assert_cmpstr (json_array_get_string_element (times, 0), ==, "1940-01-01");
  g_assert_cmpstr (json_array_get_string_element (times, 29585), ==, "2020-12-31");

  /* The climate warms. */
  early = mean_between (times, means, "1950-01-01", "1969-12-31");
  late = mean_between (times, means, "2000-01-01", "2019-12-31");
  g_test_message ("Berlin mean 1950–1969: %.2f °C, 2000–2019: %.2f °C", early, late);
  g_assert_cmpfloat (late, >, early);
  /* Summer is warmer than winter in the north. */
  g_assert_cmpfloat (month_mean (times, means, "-07-"), >, month_mean (times, means, "-01-") + 10);

  sim_stop (sim);
}

static void
test_southern_seasons (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonArray *times, *means;
  double january, july;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  node = get_json (session, sim, "/v1/archive?latitude=-33.87&longitude=151.21&start_date=1991-01-01"
                                 "&end_date=2020-12-31&daily=temperature_2m_mean&timezone=auto");
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "timezone"), ==, "Australia/Sydney");
  times = block_array (root, "daily", "time");
  means = block_array (root, "daily", "temperature_2m_mean");
  january = month_mean (times, means, "-01-");
  july = month_mean (times, means, "-07-");
  g_test_message ("Sydney January %.1f °C, July %.1f °C", january, july);
  g_assert_cmpfloat (january, >, july + 4);
  sim_stop (sim);
}

static void
test_geocoding (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  {
    g_autoptr(JsonNode) node = get_json (session, sim, "/v1/search?name=Berlin&count=10&language=en&format=json");
    JsonObject *root = json_node_get_object (node);
    JsonArray *results = json_object_get_array_member (root, "results");
    JsonObject *first;

    assert_members (root, (const char * const[]) { "results", "generationtime_ms", NULL });
    g_assert_cmpuint (json_array_get_length (results), >=, 2);
    first = json_array_get_object_element (results, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Berlin");
    g_assert_cmpstr (json_object_get_string_member (first, "country_code"), ==, "DE");
    g_assert_cmpstr (json_object_get_string_member (first, "timezone"), ==, "Europe/Berlin");
    g_assert_cmpstr (json_object_get_string_member (first, "country"), ==, "Germany");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "latitude"), 52.52, 0.01);
    assert_members (first, (const char * const[]) {
      "id", "name", "latitude", "longitude", "elevation", "feature_code", "country_code", "timezone",
      "population", "country", "admin1", NULL });
    /* Most populous first. */
    for (guint i = 1; i < json_array_get_length (results); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, i - 1), "population"), >=,
                       json_object_get_int_member (json_array_get_object_element (results, i), "population"));
  }
  {
    /* Accents and case do not matter. */
    const char *queries[] = { "/v1/search?name=z%C3%BCr", "/v1/search?name=ZUR" };

    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autoptr(JsonNode) node = get_json (session, sim, queries[q]);
        JsonArray *results = json_object_get_array_member (json_node_get_object (node), "results");

        g_assert_nonnull (results);
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "name"), ==,
                         "Zürich");
      }
  }
  {
    g_autoptr(JsonNode) node = get_json (session, sim, "/v1/search?name=ber&count=3");
    JsonArray *results = json_object_get_array_member (json_node_get_object (node), "results");

    g_assert_cmpuint (json_array_get_length (results), ==, 3);
  }
  {
    /* Nothing found: no "results" key at all. */
    const char *empty[] = { "/v1/search?name=x", "/v1/search?name=qqqqzzz" };

    for (guint q = 0; q < G_N_ELEMENTS (empty); q++)
      {
        g_autoptr(JsonNode) node = get_json (session, sim, empty[q]);

        assert_members (json_node_get_object (node), (const char * const[]) { "generationtime_ms", NULL });
      }
  }
  {
    g_autoptr(Reply) reply = http_get (session, sim, "/v1/search?name=Paris&count=0");

    assert_error_reply (reply, 400, NULL);
  }
  sim_stop (sim);
}

static void
test_validation (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  const struct { const char *path; guint status; const char *reason; } cases[] = {
    { "/v1/forecast?latitude=95&longitude=10", 400, "Latitude must be in range of -90 to 90°. Given: 95.0." },
    { "/v1/forecast?latitude=10&longitude=-190.5", 400,
      "Longitude must be in range of -180 to 180°. Given: -190.5." },
    { "/v1/forecast?longitude=10", 400, "Value of type 'Float' required for key 'latitude'." },
    { "/v1/forecast?latitude=abc&longitude=10", 400, "Value of type 'Float' required for key 'latitude'." },
    { "/v1/forecast?" BERLIN "&hourly=tempeture_2m", 400,
      "Cannot initialize WeatherVariable from invalid String value tempeture_2m for key hourly" },
    { "/v1/forecast?" BERLIN "&forecast_days=17", 400,
      "Forecast days is invalid. Allowed range 0 to 16. Given 17." },
    { "/v1/forecast?" BERLIN "&past_days=93", 400, "Past days is invalid. Allowed range 0 to 92. Given 93." },
    { "/v1/forecast?" BERLIN "&timezone=Mars/Olympus", 400, "Invalid timezone" },
    { "/v1/forecast?latitude=1,2&longitude=3", 400,
      "Parameter 'latitude' and 'longitude' must have the same amount of elements" },
    { "/v1/archive?" BERLIN "&start_date=1939-12-31&end_date=1940-01-05", 400,
      "Parameter 'start_date' is out of allowed range from 1940-01-01 to 2024-06-10" },
    { "/v1/archive?" BERLIN "&start_date=2024-06-01&end_date=2024-06-11", 400,
      "Parameter 'end_date' is out of allowed range from 1940-01-01 to 2024-06-10" },
    { "/v1/archive?" BERLIN "&start_date=2020-01-01", 400,
      "Both 'start_date' and 'end_date' must be set in the url" },
    { "/v1/archive?" BERLIN "&start_date=2020-02-30&end_date=2020-03-01", 400,
      "Invalid date format. Make sure to use 'YYYY-MM-DD'" },
    { "/v1/archive?" BERLIN "&start_date=2020-03-01&end_date=2020-02-01", 400,
      "End-date must be larger or equals than start-date" },
    { "/v1/search", 400, "Value of type 'String' required for key 'name'." },
    { "/v2/forecast?" BERLIN, 404, "Not Found" },
    { "/", 404, "Not Found" },
  };
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = http_get (session, sim, cases[i].path);

      g_test_message ("%s → %u %s", cases[i].path, cases[i].status, cases[i].reason);
      assert_error_reply (reply, cases[i].status, cases[i].reason);
    }
  {
    /* A good archive request has no current block even when asked. */
    g_autoptr(JsonNode) node = get_json (session, sim, "/v1/archive?" BERLIN "&start_date=2024-06-10"
                                                       "&end_date=2024-06-10&current=temperature_2m"
                                                       "&hourly=temperature_2m");
    JsonObject *root = json_node_get_object (node);

    g_assert_false (json_object_has_member (root, "current"));
    g_assert_cmpuint (assert_block (root, "hourly"), ==, 24);
  }
  sim_stop (sim);
}

static void
test_fault_errors (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  const struct { const char *kind; guint status; const char *reason; } cases[] = {
    { "http-400", 400, NULL },
    { "http-429", 429, "Minutely API request limit exceeded. Please try again in one minute." },
    { "http-503", 503, "The service is overloaded" },
  };

  if (test_simulator_program () == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Sim *sim = sim_start ("--fault", cases[i].kind, NULL);
      g_autoptr(Reply) forecast = http_get (session, sim, FORECAST_ALL);
      g_autoptr(Reply) search = http_get (session, sim, "/v1/search?name=Berlin");

      g_test_message ("fault %s", cases[i].kind);
      assert_error_reply (forecast, cases[i].status, cases[i].reason);
      assert_error_reply (search, cases[i].status, cases[i].reason);
      sim_stop (sim);
    }
}

static void
test_fault_bodies (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  g_autoptr(Reply) normal = NULL;
  Sim *reference, *truncated, *malformed;

  if (test_simulator_program () == NULL)
    return;

  reference = sim_start (NULL);
  truncated = sim_start ("--fault", "truncated", NULL);
  malformed = sim_start ("--fault", "malformed", NULL);
  normal = http_get (session, reference, FORECAST_ALL);

  {
    /* The first half of the real body, as a complete 200 response. */
    g_autoptr(Reply) reply = http_get (session, truncated, FORECAST_ALL);
    gsize size = g_bytes_get_size (reply->body);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpuint (size, ==, g_bytes_get_size (normal->body) / 2);
    g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), size, g_bytes_get_data (normal->body, NULL), size);
    g_assert_false (is_valid_json (reply->body));
  }
  {
    g_autoptr(Reply) reply = http_get (session, malformed, FORECAST_ALL);
    g_autoptr(Reply) search = http_get (session, malformed, "/v1/search?name=x");

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_false (is_valid_json (reply->body));
    g_assert_cmpuint (search->status, ==, 200);
    g_assert_false (is_valid_json (search->body));
  }

  sim_stop (reference);
  sim_stop (truncated);
  sim_stop (malformed);
}

static void
test_fault_stall (void)
{
  g_autoptr(SoupSession) impatient = new_session (1);
  g_autoptr(SoupSession) session = new_session (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) stalled = NULL;
  g_autoptr(Reply) other = NULL;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start ("--fault", "stall", NULL);
  stalled = http_get_full (impatient, sim, FORECAST_ALL, &error);
  g_assert_null (stalled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);

  /* Still alive: paths outside /v1/ do not fault. */
  other = http_get (session, sim, "/status");
  assert_error_reply (other, 404, "Not Found");
  sim_stop (sim);
}

static void
test_fault_huge (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) start = g_string_new (NULL);
  g_autofree char *url = NULL;
  gsize total = 0;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start ("--fault", "huge", NULL);
  url = g_strconcat (sim->base_url, FORECAST_ALL, NULL);
  msg = soup_message_new ("GET", url);
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_async_done, &sent);
  stream = soup_session_send_finish (session, wait_for_result (&sent, WAIT_MS), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_response_headers (msg)), ==,
                   SOUP_ENCODING_CHUNKED);

  /* Read 4 MB of it, then hang up. */
  while (total < 4 * 1024 * 1024)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_input_stream_read_bytes_async (stream, 64 * 1024, G_PRIORITY_DEFAULT, NULL, on_async_done, &result);
      bytes = g_input_stream_read_bytes_finish (stream, wait_for_result (&result, WAIT_MS), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
      if (start->len < 64)
        g_string_append_len (start, g_bytes_get_data (bytes, NULL), MIN (g_bytes_get_size (bytes), 64));
      total += g_bytes_get_size (bytes);
    }
  g_assert_true (g_str_has_prefix (start->str, "{\"latitude\":"));
  g_input_stream_close (stream, NULL, NULL);
  g_test_message ("read %zu bytes of the huge body", total);

  /* The simulator is still there and answering. */
  g_assert_true (sim_is_running (sim));
  {
    g_autoptr(Reply) reply = http_get (session, sim, "/status");

    assert_error_reply (reply, 404, "Not Found");
  }
  sim_stop (sim);
}

typedef struct
{
  GAsyncResult *results[3];
} Parallel;

static gboolean
all_done (gpointer data)
{
  Parallel *parallel = data;

  for (guint i = 0; i < G_N_ELEMENTS (parallel->results); i++)
    if (parallel->results[i] == NULL)
      return FALSE;
  return TRUE;
}

static void
test_latency (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  g_autoptr(Reply) single = NULL;
  g_autofree char *url = NULL;
  SoupSession *sessions[3];
  SoupMessage *messages[3];
  Parallel parallel = { { NULL } };
  gint64 start;
  double elapsed_ms;
  Sim *sim;

  if (test_simulator_program () == NULL)
    return;

  sim = sim_start ("--latency-ms", "600", "--jitter-ms", "50", NULL);
  single = http_get (session, sim, "/v1/search?name=Paris");
  g_assert_cmpuint (single->status, ==, 200);
  g_assert_cmpfloat (single->elapsed_ms, >=, 600);

  /* Three at once (three clients) take about one delay, not three: the
   * delay never blocks the simulator's main loop. */
  url = g_strconcat (sim->base_url, "/v1/search?name=Rome", NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 3; i++)
    {
      sessions[i] = new_session (0);
      messages[i] = soup_message_new ("GET", url);
      soup_session_send_and_read_async (sessions[i], messages[i], G_PRIORITY_DEFAULT, NULL, on_async_done,
                                        &parallel.results[i]);
    }
  g_assert_true (wait_until (all_done, &parallel, WAIT_MS));
  elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("three parallel requests with 600 ms latency: %.0f ms", elapsed_ms);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) body = soup_session_send_and_read_finish (sessions[i], parallel.results[i], NULL);

      g_assert_nonnull (body);
      g_assert_cmpuint (soup_message_get_status (messages[i]), ==, 200);
      g_object_unref (parallel.results[i]);
      g_object_unref (messages[i]);
      g_object_unref (sessions[i]);
    }
  g_assert_cmpfloat (elapsed_ms, >=, 600);
  g_assert_cmpfloat (elapsed_ms, <, 1700);
  sim_stop (sim);
}

static char *
status_sequence (SoupSession *session,
                 Sim         *sim)
{
  GString *sequence = g_string_new (NULL);

  for (guint i = 0; i < 24; i++)
    {
      g_autoptr(Reply) reply = http_get (session, sim, "/v1/search?name=Oslo");

      g_assert_true (reply->status == 200 || reply->status == 503);
      g_string_append_c (sequence, reply->status == 200 ? '.' : 'x');
    }
  return g_string_free (sequence, FALSE);
}

static void
test_fail_rate (void)
{
  g_autoptr(SoupSession) session = new_session (0);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  Sim *a, *b;

  if (test_simulator_program () == NULL)
    return;

  a = sim_start ("--fail-rate", "0.5", "--seed", "3", NULL);
  b = sim_start ("--fail-rate", "0.5", "--seed", "3", NULL);
  first = status_sequence (session, a);
  second = status_sequence (session, b);
  g_test_message ("failures with --fail-rate 0.5: %s", first);
  /* Some fail, some do not, and the same seed fails the same requests. */
  g_assert_nonnull (strchr (first, 'x'));
  g_assert_nonnull (strchr (first, '.'));
  g_assert_cmpstr (first, ==, second);
  sim_stop (a);
  sim_stop (b);
}

int
main (int   argc,
      char *argv[])
{
  /* No proxy lookups: GIO's GNOME resolver would read the GNOME proxy
   * settings, whose schema the test environment (GSETTINGS_SCHEMA_DIR is the
   * build's) does not have, and the simulator is on loopback anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sim/process/exit", test_exit_on_eof_and_signal);
  g_test_add_func ("/sim/determinism", test_determinism);
  g_test_add_func ("/sim/forecast/shape", test_forecast_shape);
  g_test_add_func ("/sim/forecast/days", test_forecast_days);
  g_test_add_func ("/sim/forecast/timeformat", test_timeformat);
  g_test_add_func ("/sim/forecast/units", test_units);
  g_test_add_func ("/sim/forecast/multiple-locations", test_multiple_locations);
  g_test_add_func ("/sim/archive/long", test_archive);
  g_test_add_func ("/sim/archive/southern-seasons", test_southern_seasons);
  g_test_add_func ("/sim/geocoding", test_geocoding);
  g_test_add_func ("/sim/validation", test_validation);
  g_test_add_func ("/sim/fault/errors", test_fault_errors);
  g_test_add_func ("/sim/fault/bodies", test_fault_bodies);
  g_test_add_func ("/sim/fault/stall", test_fault_stall);
  g_test_add_func ("/sim/fault/huge", test_fault_huge);
  g_test_add_func ("/sim/knobs/latency", test_latency);
  g_test_add_func ("/sim/knobs/fail-rate", test_fail_rate);

  return g_test_run ();
}
