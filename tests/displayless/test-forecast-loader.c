/* test-forecast-loader.c: IsobarForecastLoader with the real isobar-sim, a
 * real cache in the test's isolated folders and, where the cache must come
 * before the network, a gate: a loopback server of our own that holds the
 * forecast request until the test lets it answer (with a body the sim gave).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>

#include "isobar-core.h"
#include "test-util.h"

#define TIMEOUT 60
#define DAYS    3

#define UNREACHABLE "http://127.0.0.1:1"

/* The messages the code under test logs (domain Isobar), oldest first. */
static GPtrArray *logged; /* (element-type utf8) */

static GLogWriterOutput
record_writer (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_MESSAGE) != 0 && g_strcmp0 (domain, "Isobar") == 0 && message != NULL)
    g_ptr_array_add (logged, g_strdup (message));

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Bounded waits */

typedef gboolean (*Condition) (gconstpointer data);

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the default main context until @condition holds; fails the
 * test after TIMEOUT seconds. */
static void
wait_until (Condition      condition,
            gconstpointer  data,
            const char    *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (TIMEOUT, test_async_timeout_cb, &timed_out);
  /* Files appear without an event of ours: look again now and then. */
  guint wake_id = g_timeout_add (50, wake_cb, NULL);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Waited %u seconds in vain for %s", TIMEOUT, what);

  g_source_remove (wake_id);
  g_source_remove (timeout_id);
}

static gboolean
file_exists (gconstpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
done_reading_cache (gconstpointer loader)
{
  return !isobar_forecast_loader_get_reading_cache ((IsobarForecastLoader *) loader);
}

static gboolean
has_forecast (gconstpointer loader)
{
  return isobar_forecast_loader_get_forecast ((IsobarForecastLoader *) loader) != NULL;
}

static gboolean
was_logged (gconstpointer prefix)
{
  for (guint i = 0; i < logged->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (logged, i), prefix))
      return TRUE;
  return FALSE;
}

/* The gate: a loopback server that holds every request until opened, then
 * answers all with the body it was opened with. */

typedef struct
{
  SoupServer *server;    /* (owned) */
  char       *base_url;  /* (owned) */
  GPtrArray  *held;      /* (owned) (element-type SoupServerMessage) */
  GBytes     *body;      /* (owned) (nullable) once open */
} Gate;

static void
gate_answer (SoupServerMessage *message,
             GBytes            *body)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, data, size);
}

static void
gate_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Gate *gate = user_data;

  if (gate->body != NULL)
    {
      gate_answer (message, gate->body);
      return;
    }

  soup_server_message_pause (message);
  g_ptr_array_add (gate->held, g_object_ref (message));
}

static Gate *
gate_new (void)
{
  Gate *gate = g_new0 (Gate, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  gate->held = g_ptr_array_new_with_free_func (g_object_unref);
  gate->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (gate->server, NULL, gate_cb, gate, NULL);
  soup_server_listen_local (gate->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (gate->server);
  g_assert_nonnull (uris);
  gate->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return gate;
}

static void
gate_open (Gate   *gate,
           GBytes *body)
{
  g_assert_null (gate->body);
  gate->body = g_bytes_ref (body);

  for (guint i = 0; i < gate->held->len; i++)
    {
      SoupServerMessage *message = g_ptr_array_index (gate->held, i);

      gate_answer (message, body);
      soup_server_message_unpause (message);
    }
  g_ptr_array_set_size (gate->held, 0);
}

static void
gate_free (Gate *gate)
{
  soup_server_disconnect (gate->server);
  g_clear_object (&gate->server);
  g_clear_pointer (&gate->held, g_ptr_array_unref);
  g_clear_pointer (&gate->body, g_bytes_unref);
  g_clear_pointer (&gate->base_url, g_free);
  g_free (gate);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gate, gate_free)

/* The parts: a simulator, a cache in the test's folders, a data source on
 * the simulator and the loader, watched. */

typedef struct
{
  IsobarSimulator      *simulator;    /* (owned) (nullable) NULL when the test is skipped */
  IsobarCache          *cache;        /* (owned) */
  IsobarDataSource     *source;       /* (owned) the loader's */
  IsobarForecastLoader *loader;       /* (owned) */
  IsobarLocation       *berlin;       /* (owned) */
  IsobarLocation       *paris;        /* (owned) */

  /* What the loader notified */
  GPtrArray            *forecasts;    /* (owned) (element-type IsobarForecast) each "forecast", NULL included */
  GArray               *from_cache;   /* (owned) (element-type gboolean) "from-cache" at each of them */
  guint                 n_location;
  guint                 n_updated_at;
  guint                 n_error;
  guint                 n_fetching;
  guint                 n_reading_cache;
} Fixture;

/* A data source asking only the server at @base_url (no fallback). */
static IsobarDataSource *
source_for (const char *base_url)
{
  IsobarDataSource *source = isobar_data_source_new ();
  g_autofree char *forecast = isobar_url_join (base_url, "/v1/forecast");
  g_autofree char *archive = isobar_url_join (base_url, "/v1/archive");
  g_autofree char *geocoding = isobar_url_join (base_url, "/v1/search");

  isobar_data_source_set_kind (source, ISOBAR_DATA_SOURCE_KIND_OPEN_METEO);
  isobar_data_source_set_urls (source, forecast, archive, geocoding);
  return source;
}

/* Sends the loader's requests to @base_url. */
static void
point_at (Fixture    *f,
          const char *base_url)
{
  g_autofree char *forecast = isobar_url_join (base_url, "/v1/forecast");

  isobar_data_source_set_urls (f->source, forecast, NULL, NULL);
}

static char *
cache_path (Fixture        *f,
            IsobarLocation *location)
{
  g_autofree char *key = isobar_cache_key_for_forecast (location, ISOBAR_UNITS_METRIC);

  return g_build_filename (isobar_cache_get_directory (f->cache), key, NULL);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  IsobarForecastLoader *loader = ISOBAR_FORECAST_LOADER (object);
  Fixture *f = user_data;
  IsobarForecast *forecast = isobar_forecast_loader_get_forecast (loader);
  IsobarLocation *location = isobar_forecast_loader_get_location (loader);
  gboolean from_cache = isobar_forecast_loader_get_from_cache (loader);
  const char *name = g_param_spec_get_name (pspec);

  /* Whatever changed, the rest is already consistent with it. */
  g_assert_true ((forecast == NULL) == (isobar_forecast_loader_get_updated_at (loader) == NULL));
  g_assert_true (forecast != NULL || !from_cache);
  if (forecast != NULL)
    {
      /* The forecast is the place's. */
      g_assert_nonnull (location);
      g_assert_cmpfloat (fabs (isobar_place_series_get_latitude (ISOBAR_PLACE_SERIES (forecast)) -
                               isobar_location_get_latitude (location)), <, 0.5);
      g_assert_cmpfloat (fabs (isobar_place_series_get_longitude (ISOBAR_PLACE_SERIES (forecast)) -
                               isobar_location_get_longitude (location)), <, 0.5);
    }

  if (g_str_equal (name, "forecast"))
    {
      g_ptr_array_add (f->forecasts, forecast != NULL ? g_object_ref (forecast) : NULL);
      g_array_append_val (f->from_cache, from_cache);
    }
  else if (g_str_equal (name, "location"))
    f->n_location++;
  else if (g_str_equal (name, "updated-at"))
    f->n_updated_at++;
  else if (g_str_equal (name, "error"))
    f->n_error++;
  else if (g_str_equal (name, "fetching"))
    f->n_fetching++;
  else if (g_str_equal (name, "reading-cache"))
    f->n_reading_cache++;
}

static void
forget_notifications (Fixture *f)
{
  g_ptr_array_set_size (f->forecasts, 0);
  g_array_set_size (f->from_cache, 0);
  f->n_location = f->n_updated_at = f->n_error = f->n_fetching = f->n_reading_cache = 0;
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "isobar", NULL);

  g_ptr_array_set_size (logged, 0);
  f->simulator = test_start_simulator ((const char * const[]) { "--seed=5", NULL }, TIMEOUT);
  if (f->simulator == NULL)
    return;

  f->cache = isobar_cache_new (dir);
  f->source = source_for (isobar_simulator_get_base_url (f->simulator));
  f->loader = isobar_forecast_loader_new (f->source, f->cache);
  f->berlin = isobar_location_new ("Berlin", 52.52, 13.405);
  f->paris = isobar_location_new ("Paris", 48.8566, 2.3522);
  f->forecasts = g_ptr_array_new_with_free_func (unref_nullable);
  f->from_cache = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_signal_connect (f->loader, "notify", G_CALLBACK (notify_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->loader != NULL)
    g_signal_handlers_disconnect_by_data (f->loader, f);
  g_clear_object (&f->loader);
  g_clear_object (&f->source);
  g_clear_object (&f->cache);
  g_clear_object (&f->berlin);
  g_clear_object (&f->paris);
  g_clear_pointer (&f->forecasts, g_ptr_array_unref);
  g_clear_pointer (&f->from_cache, g_array_unref);
  g_clear_object (&f->simulator);
}

static void
load_async (Fixture         *f,
            IsobarLocation  *location,
            gboolean         read_cache,
            GCancellable    *cancellable,
            GAsyncResult   **pending)
{
  isobar_forecast_loader_load_async (f->loader, location, ISOBAR_UNITS_METRIC, DAYS, read_cache,
                                     cancellable, test_async_store_cb, pending);
}

static gboolean
load_wait (Fixture       *f,
           GAsyncResult **pending,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = test_async_wait (pending, TIMEOUT);

  return isobar_forecast_loader_load_finish (f->loader, result, error);
}

static gboolean
load (Fixture         *f,
      IsobarLocation  *location,
      GError         **error)
{
  g_autoptr(GAsyncResult) pending = NULL;

  load_async (f, location, FALSE, NULL, &pending);
  return load_wait (f, &pending, error);
}

/* Loads @location (not reading the cache) with @loader, which must
 * succeed, and waits for the fresh body in the cache: no store may outlive
 * the test's folders. */
static void
load_ok_with (Fixture              *f,
              IsobarForecastLoader *loader,
              IsobarLocation       *location)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = cache_path (f, location);
  g_autoptr(GError) error = NULL;

  g_unlink (path);
  isobar_forecast_loader_load_async (loader, location, ISOBAR_UNITS_METRIC, DAYS, FALSE,
                                     NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  g_assert_true (isobar_forecast_loader_load_finish (loader, result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (isobar_forecast_loader_get_forecast (loader));
  /* Stored after the load completes, whole (written aside, then renamed). */
  wait_until (file_exists, path, "the forecast in the cache");
}

static void
load_ok (Fixture        *f,
         IsobarLocation *location)
{
  load_ok_with (f, f->loader, location);
}

/* Puts the simulator's forecast for @location in the cache (through a
 * loader of its own), and returns the body stored. */
static GBytes *
fill_cache (Fixture        *f,
            IsobarLocation *location)
{
  g_autoptr(IsobarDataSource) source = source_for (isobar_simulator_get_base_url (f->simulator));
  g_autoptr(IsobarForecastLoader) loader = isobar_forecast_loader_new (source, f->cache);
  g_autofree char *path = cache_path (f, location);

  load_ok_with (f, loader, location);
  return test_load_bytes (path);
}

/* The tests */

/* Empty cache: the fresh forecast, stored for next time. */
static void
test_fresh (Fixture       *f,
            gconstpointer  data)
{
  IsobarForecastLoader *loader = f->loader;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autoptr(IsobarForecast) stored = NULL;
  g_autoptr(IsobarLocation) location = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) property_error = NULL;
  g_autofree char *path = NULL;
  IsobarPlaceSeries *series;
  gboolean from_cache = TRUE;
  gboolean fetching = TRUE;

  if (f->simulator == NULL)
    return;

  /* Nothing yet. */
  g_assert_null (isobar_forecast_loader_get_location (loader));
  g_assert_null (isobar_forecast_loader_get_forecast (loader));
  g_assert_null (isobar_forecast_loader_get_updated_at (loader));
  g_assert_null (isobar_forecast_loader_get_error (loader));
  g_assert_false (isobar_forecast_loader_get_from_cache (loader));
  g_assert_false (isobar_forecast_loader_get_fetching (loader));
  g_assert_false (isobar_forecast_loader_get_reading_cache (loader));

  load_async (f, f->berlin, TRUE, NULL, &pending);
  g_assert_true (isobar_forecast_loader_get_location (loader) == f->berlin);
  g_assert_true (isobar_forecast_loader_get_fetching (loader));
  g_assert_true (isobar_forecast_loader_get_reading_cache (loader));

  g_assert_true (load_wait (f, &pending, &error));
  g_assert_no_error (error);
  g_assert_nonnull (isobar_forecast_loader_get_forecast (loader));
  g_assert_nonnull (isobar_forecast_loader_get_updated_at (loader));
  g_assert_false (isobar_forecast_loader_get_from_cache (loader));
  g_assert_false (isobar_forecast_loader_get_fetching (loader));
  g_assert_null (isobar_forecast_loader_get_error (loader));
  series = ISOBAR_PLACE_SERIES (isobar_forecast_loader_get_forecast (loader));
  g_assert_cmpuint (isobar_block_get_length (isobar_place_series_get_daily (series)), ==, DAYS);

  /* Nothing was cached: the read ends without offering anything. */
  wait_until (done_reading_cache, loader, "the end of the cache read");
  g_assert_cmpuint (f->forecasts->len, ==, 1);
  g_assert_false (g_array_index (f->from_cache, gboolean, 0));
  g_assert_cmpuint (f->n_location, ==, 1);
  g_assert_cmpuint (f->n_updated_at, ==, 1);
  g_assert_cmpuint (f->n_error, ==, 0);
  g_assert_cmpuint (f->n_fetching, ==, 2);
  g_assert_cmpuint (f->n_reading_cache, ==, 2);

  /* The same through the properties. */
  g_object_get (loader,
                "location", &location,
                "forecast", &forecast,
                "updated-at", &updated_at,
                "from-cache", &from_cache,
                "fetching", &fetching,
                "error", &property_error,
                NULL);
  g_assert_true (location == f->berlin);
  g_assert_true (forecast == isobar_forecast_loader_get_forecast (loader));
  g_assert_true (g_date_time_equal (updated_at, isobar_forecast_loader_get_updated_at (loader)));
  g_assert_false (from_cache);
  g_assert_false (fetching);
  g_assert_null (property_error);

  /* The body went to the cache. */
  path = cache_path (f, f->berlin);
  wait_until (file_exists, path, "the forecast in the cache");
  body = test_load_bytes (path);
  stored = isobar_parse_forecast (body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isobar_block_get_length (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (stored))), ==, DAYS);
}

/* The cached copy first, marked, then the fresh one in its place. */
static void
test_cache_first (Fixture       *f,
                  gconstpointer  data)
{
  IsobarForecastLoader *loader = f->loader;
  g_autoptr(Gate) gate = gate_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;

  if (f->simulator == NULL)
    return;

  body = fill_cache (f, f->berlin);
  path = cache_path (f, f->berlin);
  g_assert_cmpint (g_stat (path, &st), ==, 0);

  /* The network is held at the gate: only the cache can answer. */
  point_at (f, gate->base_url);
  load_async (f, f->berlin, TRUE, NULL, &pending);
  wait_until (has_forecast, loader, "the cached forecast");
  g_assert_true (isobar_forecast_loader_get_from_cache (loader));
  g_assert_false (isobar_forecast_loader_get_reading_cache (loader));
  g_assert_true (isobar_forecast_loader_get_fetching (loader));
  g_assert_null (pending);
  /* Dated when it was stored. */
  g_assert_cmpint (g_date_time_to_unix (isobar_forecast_loader_get_updated_at (loader)), ==, st.st_mtime);

  /* Read: out of the way, so that the fresh copy shows when it is stored. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  gate_open (gate, body);
  g_assert_true (load_wait (f, &pending, &error));
  g_assert_no_error (error);
  g_assert_false (isobar_forecast_loader_get_from_cache (loader));
  g_assert_false (isobar_forecast_loader_get_fetching (loader));

  g_assert_cmpuint (f->forecasts->len, ==, 2);
  g_assert_true (g_array_index (f->from_cache, gboolean, 0));
  g_assert_false (g_array_index (f->from_cache, gboolean, 1));
  g_assert_true (g_ptr_array_index (f->forecasts, 1) == isobar_forecast_loader_get_forecast (loader));
  wait_until (file_exists, path, "the fresh forecast in the cache");
}

/* A corrupt cached entry is set aside; the fresh forecast still comes and
 * takes its place. */
static void
test_corrupt_cache (Fixture       *f,
                    gconstpointer  data)
{
  static const char garbage[] = "{\"latitude\": 52.52, \"hourly\": [tru";
  IsobarForecastLoader *loader = f->loader;
  g_autoptr(Gate) gate = gate_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) aside_body = NULL;
  g_autoptr(IsobarForecast) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *moved = NULL;

  if (f->simulator == NULL)
    return;

  body = fill_cache (f, f->berlin);
  path = cache_path (f, f->berlin);
  aside = g_strconcat (path, ".unreadable", NULL);
  g_file_set_contents (path, garbage, -1, &error);
  g_assert_no_error (error);
  g_ptr_array_set_size (logged, 0);

  point_at (f, gate->base_url);
  load_async (f, f->berlin, TRUE, NULL, &pending);
  wait_until (done_reading_cache, loader, "the end of the cache read");
  g_assert_null (isobar_forecast_loader_get_forecast (loader));
  g_assert_true (isobar_forecast_loader_get_fetching (loader));

  /* Said as the window said it. */
  moved = g_strdup_printf ("The unreadable cache entry was moved to %s; the forecast is fetched again", aside);
  wait_until (was_logged, moved, "the entry set aside");
  g_assert_cmpuint (logged->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (logged, 0), "Ignoring the cached forecast for Berlin: "));
  g_assert_cmpstr (g_ptr_array_index (logged, 1), ==, moved);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  aside_body = test_load_bytes (aside);
  g_assert_cmpmem (g_bytes_get_data (aside_body, NULL), g_bytes_get_size (aside_body),
                   garbage, strlen (garbage));

  gate_open (gate, body);
  g_assert_true (load_wait (f, &pending, &error));
  g_assert_no_error (error);
  g_assert_false (isobar_forecast_loader_get_from_cache (loader));
  g_assert_cmpuint (f->forecasts->len, ==, 1);

  /* The fresh copy took the key. */
  wait_until (file_exists, path, "the fresh forecast in the cache");
  g_clear_pointer (&body, g_bytes_unref);
  body = test_load_bytes (path);
  stored = isobar_parse_forecast (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
}

/* A second load supersedes the first: the first completes cancelled, and
 * nothing it read or fetched is applied. */
static void
test_supersede (Fixture       *f,
                gconstpointer  data)
{
  IsobarForecastLoader *loader = f->loader;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  IsobarPlaceSeries *series;

  if (f->simulator == NULL)
    return;

  /* The first place has a cached copy that must not show. */
  body = fill_cache (f, f->berlin);

  load_async (f, f->berlin, TRUE, NULL, &first);
  load_async (f, f->paris, TRUE, NULL, &second);
  g_assert_true (isobar_forecast_loader_get_location (loader) == f->paris);

  g_assert_true (load_wait (f, &second, &error));
  g_assert_no_error (error);
  g_assert_false (load_wait (f, &first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  wait_until (done_reading_cache, loader, "the end of the cache read");
  /* Give the first load's cache read every chance to land (it must not). */
  test_async_spin (300);

  /* (notify_cb checked that each forecast was the second place's) */
  g_assert_cmpuint (f->forecasts->len, ==, 1);
  g_assert_false (isobar_forecast_loader_get_from_cache (loader));
  series = ISOBAR_PLACE_SERIES (isobar_forecast_loader_get_forecast (loader));
  g_assert_cmpfloat (fabs (isobar_place_series_get_latitude (series) - 48.8566), <, 0.5);

  /* The fresh body went to the cache. */
  path = cache_path (f, f->paris);
  wait_until (file_exists, path, "the second place's forecast in the cache");
}

/* A failed fetch keeps the last good forecast and says why. */
static void
test_fetch_error (Fixture       *f,
                  gconstpointer  data)
{
  IsobarForecastLoader *loader = f->loader;
  g_autoptr(IsobarSimulator) failing = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autoptr(GError) error = NULL;
  IsobarForecast *good;

  if (f->simulator == NULL)
    return;

  failing = test_start_simulator ((const char * const[]) { "--fault=http-503", "--fail-rate=1", NULL }, TIMEOUT);
  load_ok (f, f->berlin);
  good = isobar_forecast_loader_get_forecast (loader);
  updated_at = g_date_time_ref (isobar_forecast_loader_get_updated_at (loader));

  /* Nothing answers. */
  point_at (f, UNREACHABLE);
  g_assert_false (load (f, f->berlin, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NETWORK);
  g_assert_error (isobar_forecast_loader_get_error (loader), ISOBAR_ERROR, ISOBAR_ERROR_NETWORK);
  g_assert_cmpstr (isobar_forecast_loader_get_error (loader)->message, ==, error->message);
  g_clear_error (&error);
  g_assert_true (isobar_forecast_loader_get_forecast (loader) == good);
  g_assert_true (isobar_forecast_loader_get_updated_at (loader) == updated_at);
  g_assert_false (isobar_forecast_loader_get_from_cache (loader));
  g_assert_false (isobar_forecast_loader_get_fetching (loader));
  g_assert_cmpuint (f->n_error, ==, 1);

  /* The same failure again: no change to notify. */
  g_assert_false (load (f, f->berlin, &error));
  g_clear_error (&error);
  g_assert_cmpuint (f->n_error, ==, 1);

  /* The server answers, with an error (the sim's fault injection). */
  point_at (f, isobar_simulator_get_base_url (failing));
  g_assert_false (load (f, f->berlin, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_error (isobar_forecast_loader_get_error (loader), ISOBAR_ERROR, ISOBAR_ERROR_UNAVAILABLE);
  g_assert_true (isobar_forecast_loader_get_forecast (loader) == good);
  g_assert_cmpuint (f->n_error, ==, 2);
  g_assert_cmpuint (f->forecasts->len, ==, 1);

  /* Back: the fresh forecast clears the error. */
  point_at (f, isobar_simulator_get_base_url (f->simulator));
  load_ok (f, f->berlin);
  g_assert_null (isobar_forecast_loader_get_error (loader));
  g_assert_true (isobar_forecast_loader_get_forecast (loader) != good);
  g_assert_cmpuint (f->n_error, ==, 3);
  g_assert_cmpuint (f->forecasts->len, ==, 2);
}

/* cancel(), and the caller's cancellable: the load completes cancelled,
 * the flags go down, nothing is applied, and no error is set. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  IsobarForecastLoader *loader = f->loader;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (f->simulator == NULL)
    return;

  body = fill_cache (f, f->berlin);

  load_async (f, f->berlin, TRUE, NULL, &pending);
  isobar_forecast_loader_cancel (loader);
  g_assert_false (isobar_forecast_loader_get_fetching (loader));
  g_assert_false (isobar_forecast_loader_get_reading_cache (loader));
  g_assert_false (load_wait (f, &pending, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  test_async_spin (300);
  g_assert_null (isobar_forecast_loader_get_forecast (loader));
  g_assert_null (isobar_forecast_loader_get_error (loader));
  g_assert_cmpuint (f->forecasts->len, ==, 0);
  /* The place stays: cancel is not clear. */
  g_assert_true (isobar_forecast_loader_get_location (loader) == f->berlin);

  load_async (f, f->berlin, TRUE, cancellable, &pending);
  g_cancellable_cancel (cancellable);
  g_assert_false (load_wait (f, &pending, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  wait_until (done_reading_cache, loader, "the end of the cache read");
  g_assert_false (isobar_forecast_loader_get_fetching (loader));
  g_assert_null (isobar_forecast_loader_get_error (loader));

  /* It loads again afterwards. */
  load_ok (f, f->berlin);
}

/* clear() forgets everything, and so does loading another place. */
static void
test_clear (Fixture       *f,
            gconstpointer  data)
{
  IsobarForecastLoader *loader = f->loader;
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GError) error = NULL;

  if (f->simulator == NULL)
    return;

  load_ok (f, f->berlin);
  point_at (f, UNREACHABLE);
  g_assert_false (load (f, f->berlin, &error));
  g_clear_error (&error);
  g_assert_nonnull (isobar_forecast_loader_get_forecast (loader));
  g_assert_nonnull (isobar_forecast_loader_get_error (loader));

  forget_notifications (f);
  isobar_forecast_loader_clear (loader);
  g_assert_null (isobar_forecast_loader_get_location (loader));
  g_assert_null (isobar_forecast_loader_get_forecast (loader));
  g_assert_null (isobar_forecast_loader_get_updated_at (loader));
  g_assert_null (isobar_forecast_loader_get_error (loader));
  g_assert_false (isobar_forecast_loader_get_from_cache (loader));
  g_assert_cmpuint (f->n_location, ==, 1);
  g_assert_cmpuint (f->forecasts->len, ==, 1);
  g_assert_cmpuint (f->n_updated_at, ==, 1);
  g_assert_cmpuint (f->n_error, ==, 1);

  /* Cleared while loading: the load is cancelled, nothing comes of it. */
  point_at (f, isobar_simulator_get_base_url (f->simulator));
  load_async (f, f->berlin, TRUE, NULL, &pending);
  isobar_forecast_loader_clear (loader);
  g_assert_false (isobar_forecast_loader_get_fetching (loader));
  g_assert_false (load_wait (f, &pending, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (isobar_forecast_loader_get_location (loader));
  g_assert_null (isobar_forecast_loader_get_forecast (loader));

  /* Another place without clear(): the first one's forecast goes at once. */
  load_ok (f, f->berlin);
  point_at (f, UNREACHABLE);
  load_async (f, f->paris, FALSE, NULL, &pending);
  g_assert_null (isobar_forecast_loader_get_forecast (loader));
  g_assert_false (load_wait (f, &pending, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NETWORK);
  g_assert_null (isobar_forecast_loader_get_forecast (loader));
  g_assert_true (isobar_forecast_loader_get_location (loader) == f->paris);
}

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  logged = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (record_writer, NULL, NULL);

  add_test ("/forecast-loader/fresh", test_fresh);
  add_test ("/forecast-loader/cache-first", test_cache_first);
  add_test ("/forecast-loader/corrupt-cache", test_corrupt_cache);
  add_test ("/forecast-loader/supersede", test_supersede);
  add_test ("/forecast-loader/fetch-error", test_fetch_error);
  add_test ("/forecast-loader/cancel", test_cancel);
  add_test ("/forecast-loader/clear", test_clear);

  return g_test_run ();
}
