/* test-window.c: the real window against a real isobar-sim.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "isobar-core.h"
#include "isobar-preferences-window.h"
#include "isobar-window-private.h"

#include "display-util.h"

#define WAIT_SECONDS DISPLAY_WAIT_SECONDS

typedef struct
{
  IsobarSimulator  *sim;
  IsobarSimulator  *faulty_sim;
  IsobarDataSource *data_source;
  IsobarCache      *cache;
  GSettings        *settings;
  IsobarWindow     *window;  /* weak: GTK owns the toplevel */
} Fixture;

typedef gboolean (*Condition) (Fixture *f);


static gboolean
wait_for (Fixture    *f,
          Condition   condition,
          const char *what)
{
  return display_wait_for ((DisplayCondition) condition, f, WAIT_SECONDS, what);
}

/* Lets animations and pending redraws finish. */

static void
start_simulator_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError **error = user_data;

  if (!isobar_simulator_start_finish (ISOBAR_SIMULATOR (object), result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "start failed without an error");
}

static IsobarSimulator *
start_simulator (const char * const *arguments)
{
  g_autoptr(IsobarSimulator) sim = isobar_simulator_new (arguments);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  isobar_simulator_start_async (sim, NULL, start_simulator_cb, &error);
  while (!isobar_simulator_is_running (sim) && error == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (error);
  g_assert_true (isobar_simulator_is_running (sim));
  g_test_message ("isobar-sim listening on %s", isobar_simulator_get_base_url (sim));

  return g_steal_pointer (&sim);
}

static void
point_at (IsobarDataSource *data_source,
          IsobarSimulator  *sim)
{
  const char *base = isobar_simulator_get_base_url (sim);
  g_autofree char *forecast = isobar_url_join (base, "/v1/forecast");
  g_autofree char *archive = isobar_url_join (base, "/v1/archive");
  g_autofree char *search = isobar_url_join (base, "/v1/search");

  isobar_data_source_set_urls (data_source, forecast, archive, search);
}




static gboolean
window_mapped (Fixture *f)
{
  return gtk_widget_get_mapped (GTK_WIDGET (f->window));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autofree char *cache_dir = NULL;

  if (display_skip_without ())
    return;


  f->settings = g_settings_new ("io.github.isobar.Isobar");
  /* The memory backend lives as long as the process: start each case clean. */
  g_settings_reset (f->settings, "saved-locations");
  g_settings_reset (f->settings, "selected-location");
  g_settings_reset (f->settings, "units");
  g_settings_set_int (f->settings, "window-width", 1000);
  g_settings_set_int (f->settings, "window-height", 820);

  f->sim = start_simulator (NULL);
  f->data_source = isobar_data_source_new ();
  isobar_data_source_set_kind (f->data_source, ISOBAR_DATA_SOURCE_KIND_OPEN_METEO);
  point_at (f->data_source, f->sim);

  cache_dir = g_build_filename (g_get_user_cache_dir (), "isobar", NULL);
  f->cache = isobar_cache_new (cache_dir);

  f->window = isobar_window_new (NULL, f->settings, f->data_source, f->cache, NULL);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (f, window_mapped, "the window to be mapped"));
}

static gboolean
window_gone (Fixture *f)
{
  return f->window == NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      /* Pending requests hold the window until they are cancelled and
       * called back: it must then go away, nothing may keep it. */
      g_assert_true (wait_for (f, window_gone, "the window to be finalized"));
    }

  isobar_data_source_shutdown (f->data_source);
  g_clear_object (&f->data_source);
  g_clear_object (&f->cache);
  g_clear_object (&f->settings);

  /* Stopping reaps the processes: no isobar-sim is left behind. */
  for (IsobarSimulator **sim = (IsobarSimulator *[]) { f->sim, f->faulty_sim, NULL }; *sim != NULL; sim++)
    {
      isobar_simulator_stop (*sim);
      g_assert_false (isobar_simulator_is_running (*sim));
    }
  g_clear_object (&f->sim);
  g_clear_object (&f->faulty_sim);
}


/* Conditions */

static gboolean
results_ready (Fixture *f)
{
  return !isobar_search_view_is_searching (f->window->search_view) &&
         g_strcmp0 (isobar_search_view_get_state (f->window->search_view), "searching") != 0 &&
         g_strcmp0 (isobar_search_view_get_state (f->window->search_view), "hint") != 0;
}

static gboolean
forecast_fresh (Fixture *f)
{
  return !isobar_forecast_loader_get_fetching (f->window->loader) &&
         g_strcmp0 (isobar_forecast_view_get_state (f->window->forecast_view), "forecast") == 0 &&
         !isobar_forecast_view_get_from_cache (f->window->forecast_view);
}

static gboolean
fetch_done (Fixture *f)
{
  return !isobar_forecast_loader_get_fetching (f->window->loader);
}

/* Steps shared by the cases */

static void
search (Fixture    *f,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (f->window->search_entry), text);
  g_assert_true (wait_for (f, results_ready, "search results"));
}

static gboolean
is_saved (Fixture        *f,
          IsobarLocation *location)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->window->places)); i++)
    {
      g_autoptr(IsobarLocation) saved = g_list_model_get_item (G_LIST_MODEL (f->window->places), i);

      if (isobar_location_equal (saved, location))
        return TRUE;
    }

  return FALSE;
}

/* Searches @text, picks the first result with Enter, waits for its forecast;
 * returns the place. */
/* A spinner spins only where it is shown: one spinning on a hidden page
 * restyles and lays out the window again on every frame. Returns how many
 * spin. */
static guint
assert_spinners_shown (GtkWidget *widget)
{
  guint spinning = 0;

  if (GTK_IS_SPINNER (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget)))
    {
      g_assert_true (gtk_widget_get_mapped (widget));
      spinning++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    spinning += assert_spinners_shown (child);

  return spinning;
}

static IsobarLocation *
open_first_result_of (Fixture    *f,
                      const char *text)
{
  GListModel *results;
  g_autoptr(IsobarLocation) first = NULL;

  search (f, text);
  results = isobar_search_view_get_results (f->window->search_view);
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  first = g_list_model_get_item (results, 0);

  /* Enter in the search entry picks the first result. */
  g_signal_emit_by_name (f->window->search_entry, "activate");
  g_assert_true (wait_for (f, forecast_fresh, "the forecast"));

  /* It is saved, shown, and the search is closed. */
  g_assert_false (_isobar_window_get_search_mode (f->window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->window->search_entry)), ==, "");
  g_assert_true (is_saved (f, first));
  g_assert_nonnull (f->window->location);
  g_assert_true (isobar_location_equal (f->window->location, first));

  return g_steal_pointer (&first);
}

static void
open_first_result (Fixture *f)
{
  g_autoptr(IsobarLocation) location = open_first_result_of (f, "Ber");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->window->places)), ==, 1);
}

static guint
n_saved_in_settings (Fixture *f)
{
  g_autoptr(GVariant) saved = g_settings_get_value (f->settings, "saved-locations");

  return g_variant_n_children (saved);
}

static void
assert_forecast_shown (Fixture *f)
{
  const char *temperature = isobar_forecast_view_get_temperature_text (f->window->forecast_view);
  IsobarHourlyChart *chart = isobar_forecast_view_get_chart (f->window->forecast_view);

  g_assert_cmpstr (isobar_forecast_view_get_state (f->window->forecast_view), ==, "forecast");
  g_assert_nonnull (isobar_forecast_view_get_forecast (f->window->forecast_view));
  g_assert_nonnull (temperature);
  g_assert_cmpstr (temperature, !=, "");
  g_assert_cmpstr (temperature, !=, "—");
  g_assert_cmpuint (isobar_forecast_view_get_n_days (f->window->forecast_view), >=, 7);
  g_assert_cmpuint (isobar_hourly_chart_get_n_hours (chart), >, 0);
  g_assert_nonnull (isobar_hourly_chart_get_summary (chart));
  g_test_message ("Shown: %s; chart: %s", temperature, isobar_hourly_chart_get_summary (chart));
}

static void
save_screenshot (Fixture    *f,
                 const char *name)
{
  g_autofree char *path = NULL;

  display_settle (600);
  path = display_save_screenshot (GTK_WIDGET (f->window), name);
}

/* Cases */

static void
test_window_opens (Fixture       *f,
                   gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  /* Nothing saved yet: the empty state invites a search. */
  g_assert_cmpstr (isobar_forecast_view_get_state (f->window->forecast_view), ==, "empty");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f->window->search_entry)));
  g_assert_false (isobar_banner_get_revealed (f->window->error_banner));
  /* At rest nothing spins. */
  g_assert_cmpuint (assert_spinners_shown (GTK_WIDGET (f->window)), ==, 0);
}

static gboolean
window_shows_message (Fixture *f)
{
  return display_find_label_text (GTK_WIDGET (f->window), "Told by the controller") != NULL;
}

/* What the app says about the runs reaches the window through the run
 * controller it was given, not by the app calling into the window. */
static void
test_window_message (Fixture       *f,
                     gconstpointer  user_data)
{
  IsobarRunController *controller = NULL;

  if (display_skip_without ())
    return;

  g_object_get (f->window, "run-controller", &controller, NULL);
  g_assert_nonnull (controller);
  g_assert_null (display_find_label_text (GTK_WIDGET (f->window), "Told by the controller"));
  isobar_run_controller_tell (controller, "Told by the controller");
  g_assert_true (display_wait_for ((DisplayCondition) window_shows_message, f, 10, "the toast"));
  g_object_unref (controller);
}

static void
test_window_search (Fixture       *f,
                    gconstpointer  user_data)
{
  GListModel *results;

  if (display_skip_without ())
    return;

  search (f, "Ber");
  g_assert_true (_isobar_window_get_search_mode (f->window));
  g_assert_cmpstr (isobar_search_view_get_state (f->window->search_view), ==, "results");
  results = isobar_search_view_get_results (f->window->search_view);
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  assert_spinners_shown (GTK_WIDGET (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(IsobarLocation) location = g_list_model_get_item (results, i);

      g_test_message ("Result %u: %s", i, isobar_location_get_name (location));
    }

  /* Escape (stop-search) closes the search and forgets the results. */
  g_signal_emit_by_name (f->window->search_entry, "stop-search");
  g_assert_false (_isobar_window_get_search_mode (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
}

static void
test_window_forecast (Fixture       *f,
                      gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  open_first_result (f);
  assert_forecast_shown (f);
  g_assert_false (isobar_banner_get_revealed (f->window->error_banner));
  g_assert_cmpstr (isobar_forecast_view_get_updated_text (f->window->forecast_view), ==, "Updated just now");

  save_screenshot (f, "screenshot-window.png");
}

/* The cache file of the place on screen, and the one it is moved aside to. */
static char *
cache_path (Fixture    *f,
            const char *suffix)
{
  g_autofree char *key = isobar_cache_key_for_forecast (f->window->location, ISOBAR_UNITS_METRIC);
  g_autofree char *name = g_strconcat (key, suffix, NULL);

  return g_build_filename (isobar_cache_get_directory (f->cache), name, NULL);
}

static gboolean
cache_stored (Fixture *f)
{
  g_autofree char *path = cache_path (f, "");

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
cache_set_aside (Fixture *f)
{
  g_autofree char *path = cache_path (f, ".unreadable");

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* A cached forecast that cannot be read (here: truncated) is moved aside,
 * the window fetches the forecast again and shows it, and the cache holds
 * a good copy once more. */
static void
test_window_corrupt_cache (Fixture       *f,
                           gconstpointer  user_data)
{
  const char *slow[] = { "--latency-ms", "1500", NULL };
  const char *truncated = "{\"latitude\": 52.5, \"hourly\": {\"ti";
  g_autofree char *path = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(IsobarForecast) parsed = NULL;

  if (display_skip_without ())
    return;

  open_first_result (f);
  assert_forecast_shown (f);
  g_assert_true (wait_for (f, cache_stored, "the forecast to be cached"));
  path = cache_path (f, "");
  aside = cache_path (f, ".unreadable");

  /* The next copy comes slowly: the cached one is read first. */
  g_assert_true (g_file_set_contents (path, truncated, -1, &error));
  f->faulty_sim = start_simulator (slow);
  point_at (f->data_source, f->faulty_sim);
  _isobar_window_reload (f->window);

  g_assert_true (wait_for (f, cache_set_aside, "the unreadable cache entry to be moved aside"));
  g_assert_true (g_file_get_contents (aside, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, truncated);

  g_assert_true (wait_for (f, forecast_fresh, "the forecast fetched again"));
  assert_forecast_shown (f);
  g_assert_false (isobar_banner_get_revealed (f->window->error_banner));
  g_assert_true (wait_for (f, cache_stored, "a good copy in the cache"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  parsed = isobar_parse_forecast (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
}

static void
test_window_refresh_error_keeps_data (Fixture       *f,
                                      gconstpointer  user_data)
{
  const char *fault[] = { "--fault", "http-503", NULL };
  g_autofree char *temperature_before = NULL;
  IsobarForecast *forecast_before;
  const char *message;

  if (display_skip_without ())
    return;

  open_first_result (f);
  assert_forecast_shown (f);
  temperature_before = g_strdup (isobar_forecast_view_get_temperature_text (f->window->forecast_view));
  forecast_before = isobar_forecast_view_get_forecast (f->window->forecast_view);

  f->faulty_sim = start_simulator (fault);
  point_at (f->data_source, f->faulty_sim);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL);
  g_assert_true (isobar_forecast_loader_get_fetching (f->window->loader));
  g_assert_true (wait_for (f, fetch_done, "the refresh to fail"));

  g_assert_true (isobar_banner_get_revealed (f->window->error_banner));
  message = isobar_banner_get_title (f->window->error_banner);
  g_test_message ("Error banner: %s", message);
  g_assert_nonnull (strstr (message, "The service is overloaded"));
  g_assert_cmpstr (isobar_banner_get_button_label (f->window->error_banner), ==, "Retry");

  /* The last good data stays on screen. */
  assert_forecast_shown (f);
  g_assert_true (isobar_forecast_view_get_forecast (f->window->forecast_view) == forecast_before);
  g_assert_cmpstr (isobar_forecast_view_get_temperature_text (f->window->forecast_view), ==, temperature_before);

  save_screenshot (f, "screenshot-window-error.png");

  /* Retry against the healthy server clears the banner. */
  point_at (f->data_source, f->sim);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL);
  g_assert_true (wait_for (f, forecast_fresh, "the retried forecast"));
  g_assert_false (isobar_banner_get_revealed (f->window->error_banner));
  assert_forecast_shown (f);
}

/* Counts main-loop turns and the longest gap between two, while waiting. */
typedef struct
{
  gint64 last_us;
  gint64 longest_us;
  gint64 longest_at_us;
} Pulse;

static gboolean
pulse_cb (gpointer user_data)
{
  Pulse *pulse = user_data;
  gint64 now = g_get_monotonic_time ();

  if (pulse->last_us != 0 && now - pulse->last_us > pulse->longest_us)
    {
      pulse->longest_us = now - pulse->last_us;
      pulse->longest_at_us = now;
    }
  pulse->last_us = now;
  return G_SOURCE_CONTINUE;
}

/* A server that takes the request and never answers: within the request
 * timeout the window says so in a banner with a Retry that works, keeps
 * the last good forecast, and its main loop never stops meanwhile. */
static void
test_window_stalled_server (Fixture       *f,
                            gconstpointer  user_data)
{
  const char *stall[] = { "--fault", "stall", NULL };
  g_autoptr(IsobarClient) client = NULL;
  IsobarForecast *forecast_before;
  Pulse pulse = { 0 };
  guint pulse_id;
  gint64 start;
  double waited_ms;
  const char *message;

  if (display_skip_without ())
    return;

  open_first_result (f);
  assert_forecast_shown (f);
  forecast_before = isobar_forecast_view_get_forecast (f->window->forecast_view);

  f->faulty_sim = start_simulator (stall);
  point_at (f->data_source, f->faulty_sim);
  client = isobar_data_source_dup_server_client (f->data_source);
  isobar_client_set_timeout (client, 2);

  pulse_id = g_timeout_add (10, pulse_cb, &pulse);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL);
  g_assert_true (wait_for (f, fetch_done, "the stalled refresh to time out"));
  waited_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_source_remove (pulse_id);

  message = isobar_banner_get_title (f->window->error_banner);
  g_test_message ("after %.0f ms: %s; longest main-loop gap %.1f ms, ending %.0f ms in", waited_ms, message,
                  pulse.longest_us / 1000.0, (pulse.longest_at_us - start) / 1000.0);
  g_assert_true (isobar_banner_get_revealed (f->window->error_banner));
  g_assert_nonnull (strstr (message, "did not answer within 2 seconds"));
  g_assert_cmpstr (isobar_banner_get_button_label (f->window->error_banner), ==, "Retry");
  /* The timeout, not a hang; generous bounds for a loaded machine. */
  g_assert_cmpfloat (waited_ms, >=, 1900);
  g_assert_cmpfloat (waited_ms, <, 20000);
  g_assert_cmpint (pulse.longest_us, <, 1000 * 1000);
  g_assert_true (isobar_forecast_view_get_forecast (f->window->forecast_view) == forecast_before);

  /* Retry, the banner's own action, with the server healthy again. */
  point_at (f->data_source, f->sim);
  gtk_widget_activate_action (GTK_WIDGET (f->window),
                              isobar_banner_get_action_name (f->window->error_banner), NULL);
  g_assert_true (wait_for (f, forecast_fresh, "the retried forecast"));
  g_assert_false (isobar_banner_get_revealed (f->window->error_banner));
  assert_forecast_shown (f);
}

static void
test_window_places (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(IsobarLocation) first = NULL;
  g_autoptr(IsobarLocation) second = NULL;
  g_autoptr(IsobarLocation) again = NULL;
  g_autoptr(GVariant) selected = NULL;
  g_autoptr(GVariant) child = NULL;

  if (display_skip_without ())
    return;

  first = open_first_result_of (f, "Paris");
  second = open_first_result_of (f, "Tokyo");
  g_assert_false (isobar_location_equal (first, second));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->window->places)), ==, 2);
  g_assert_cmpuint (n_saved_in_settings (f), ==, 2);

  /* Picking a saved place again adds no duplicate. */
  again = open_first_result_of (f, "Paris");
  g_assert_true (isobar_location_equal (again, first));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->window->places)), ==, 2);

  /* The shown place is remembered for the next start. */
  selected = g_settings_get_value (f->settings, "selected-location");
  child = g_variant_get_maybe (selected);
  g_assert_nonnull (child);
  g_clear_pointer (&selected, g_variant_unref);

  /* Removing the shown place shows the other one... */
  g_signal_emit_by_name (f->window->sidebar, "location-removed", first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->window->places)), ==, 1);
  g_assert_cmpuint (n_saved_in_settings (f), ==, 1);
  g_assert_true (isobar_location_equal (f->window->location, second));
  g_assert_true (wait_for (f, forecast_fresh, "the other place's forecast"));

  /* ...and removing the last one leaves the empty state. */
  g_signal_emit_by_name (f->window->sidebar, "location-removed", second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->window->places)), ==, 0);
  g_assert_null (f->window->location);
  g_assert_cmpstr (isobar_forecast_view_get_state (f->window->forecast_view), ==, "empty");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f->window->refresh_button)));
  selected = g_settings_get_value (f->settings, "selected-location");
  g_clear_pointer (&child, g_variant_unref);
  child = g_variant_get_maybe (selected);
  g_assert_null (child);
}

/* Finds the descendant of @widget with the accessible title or label @title:
 * preferences rows have no ids outside their template. */
static GtkWidget *
find_row (GtkWidget  *widget,
          GType       type,
          const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_first (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *url = NULL;
  g_autofree char *kind = NULL;
  GtkWidget *window;
  GtkWidget *forecast_row;
  GtkWidget *source_row;
  GtkWidget *spin;

  if (display_skip_without ())
    return;

  settings = g_settings_new ("io.github.isobar.Isobar");
  g_settings_reset (settings, "forecast-url");
  g_settings_reset (settings, "data-source");

  window = isobar_preferences_window_new (settings);
  gtk_window_present (GTK_WINDOW (window));

  forecast_row = find_row (window, ADW_TYPE_ENTRY_ROW, "Forecast");
  source_row = find_row (window, ADW_TYPE_COMBO_ROW, "_Source");
  g_assert_nonnull (forecast_row);
  g_assert_nonnull (source_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (forecast_row)), ==, ISOBAR_OPEN_METEO_FORECAST_URL);

  /* Applied on Enter, trimmed */
  gtk_editable_set_text (GTK_EDITABLE (forecast_row), " http://127.0.0.1:8080/v1/forecast ");
  g_signal_emit_by_name (forecast_row, "apply");
  url = g_settings_get_string (settings, "forecast-url");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8080/v1/forecast");
  g_clear_pointer (&url, g_free);

  /* Not a web address: refused, marked, the setting unchanged */
  gtk_editable_set_text (GTK_EDITABLE (forecast_row), "ftp://example.org/forecast");
  g_signal_emit_by_name (forecast_row, "apply");
  url = g_settings_get_string (settings, "forecast-url");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8080/v1/forecast");
  g_assert_true (gtk_widget_has_css_class (forecast_row, "error"));

  /* The combo row and the setting follow each other. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (source_row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (source_row), 2);
  kind = g_settings_get_string (settings, "data-source");
  g_assert_cmpstr (kind, ==, "simulator");
  g_settings_set_string (settings, "data-source", "open-meteo");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (source_row)), ==, 1);

  /* Days of forecast: a spin button on an unsigned setting */
  spin = find_first (window, GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  g_settings_set_uint (settings, "forecast-days", 14);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 14);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 8);
  g_assert_cmpuint (g_settings_get_uint (settings, "forecast-days"), ==, 8);
  g_settings_reset (settings, "forecast-days");

  /* Reset brings back the Open-Meteo servers. */
  g_settings_reset (settings, "forecast-url");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (forecast_row)), ==, ISOBAR_OPEN_METEO_FORECAST_URL);

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "data-source");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  display_remember_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  display_init ();

  g_test_add ("/window/opens", Fixture, NULL, fixture_set_up, test_window_opens, fixture_tear_down);
  g_test_add ("/window/message", Fixture, NULL, fixture_set_up, test_window_message, fixture_tear_down);
  g_test_add ("/window/search", Fixture, NULL, fixture_set_up, test_window_search, fixture_tear_down);
  g_test_add ("/window/forecast", Fixture, NULL, fixture_set_up, test_window_forecast, fixture_tear_down);
  g_test_add ("/window/places", Fixture, NULL, fixture_set_up, test_window_places, fixture_tear_down);
  g_test_add ("/window/corrupt-cache", Fixture, NULL, fixture_set_up, test_window_corrupt_cache,
              fixture_tear_down);
  g_test_add ("/window/stalled-server", Fixture, NULL, fixture_set_up, test_window_stalled_server,
              fixture_tear_down);
  g_test_add ("/window/refresh-error-keeps-data", Fixture, NULL,
              fixture_set_up, test_window_refresh_error_keeps_data, fixture_tear_down);
  g_test_add_func ("/preferences/bindings", test_preferences);

  status = g_test_run ();

  return status;
}
