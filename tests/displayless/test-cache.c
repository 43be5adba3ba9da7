/* test-cache.c: IsobarCache on disk, in the test's isolated folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "isobar-core.h"
#include "test-util.h"

#define TIMEOUT 30

static gboolean
store (IsobarCache  *cache,
       const char   *key,
       const char   *text,
       GError      **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_cache_store_async (cache, key, body, NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_cache_store_finish (cache, result, error);
}

static GBytes *
load (IsobarCache  *cache,
      const char   *key,
      GDateTime   **stored_at,
      GError      **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_cache_load_async (cache, key, NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_cache_load_finish (cache, result, stored_at, error);
}

static IsobarCache *
new_cache (void)
{
  /* Not created yet: the first store makes it. */
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "isobar", "deeper", NULL);

  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  return isobar_cache_new (dir);
}

static void
assert_bytes (GBytes     *bytes,
              const char *text)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpmem (data, size, text, strlen (text));
}

static void
test_round_trip (void)
{
  g_autoptr(IsobarCache) cache = new_cache ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GDateTime) stored_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GStatBuf st;

  g_assert_true (store (cache, "forecast_1.0000_2.0000_metric.json", "{\"latitude\":1}", &error));
  g_assert_no_error (error);

  /* A private folder. */
  g_assert_cmpint (g_stat (isobar_cache_get_directory (cache), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  loaded = load (cache, "forecast_1.0000_2.0000_metric.json", &stored_at, &error);
  g_assert_no_error (error);
  assert_bytes (loaded, "{\"latitude\":1}");

  /* Stored just now, in local time. */
  g_assert_nonnull (stored_at);
  g_assert_cmpint (ABS (g_date_time_difference (now, stored_at)), <, 60 * G_USEC_PER_SEC);
  g_assert_cmpint (g_date_time_get_utc_offset (stored_at), ==, g_date_time_get_utc_offset (now));
}

static void
test_replace (void)
{
  g_autoptr(IsobarCache) cache = new_cache ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  g_assert_true (store (cache, "a.json", "first, and longer than the second", &error));
  g_assert_true (store (cache, "a.json", "second", &error));
  g_assert_true (store (cache, "b.json", "", &error));
  g_assert_no_error (error);

  loaded = load (cache, "a.json", NULL, &error);
  g_assert_no_error (error);
  assert_bytes (loaded, "second");
  g_clear_pointer (&loaded, g_bytes_unref);

  /* An empty body is a body. */
  loaded = load (cache, "b.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (loaded), ==, 0);

  /* Atomic replacement leaves no temporary files behind, and no backups. */
  dir = g_dir_open (isobar_cache_get_directory (cache), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_test_message ("in the cache: %s", name);
      g_assert_true (g_str_equal (name, "a.json") || g_str_equal (name, "b.json"));
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 2);
}

static void
test_missing (void)
{
  g_autoptr(IsobarCache) cache = new_cache ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) loaded = NULL;
  GDateTime *stored_at = (GDateTime *) 0x1;

  /* Nothing stored yet, the folder does not even exist. */
  loaded = load (cache, "nothing.json", &stored_at, &error);
  g_assert_null (loaded);
  g_assert_null (stored_at);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_bad_keys (void)
{
  g_autoptr(IsobarCache) cache = new_cache ();
  const char * const bad[] = { "", ".hidden", "../escape", "a/b", "UPPER", "space key", "ü" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) loaded = NULL;

      g_assert_false (store (cache, bad[i], "x", &error));
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);

      loaded = load (cache, bad[i], NULL, &error);
      g_assert_null (loaded);
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
    }
}

static char *
set_aside (IsobarCache  *cache,
           const char   *key,
           GError      **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_cache_set_aside_async (cache, key, NULL, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  return isobar_cache_set_aside_finish (cache, result, error);
}

/* Entries only ever appear whole (a temporary file, renamed), and one that
 * cannot be read is moved aside for a fresh copy, replacing the last one
 * moved aside. */
static void
test_whole_and_set_aside (void)
{
  g_autoptr(IsobarCache) cache = new_cache ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *again = NULL;
  g_autofree char *contents = NULL;
  const char *name;
  guint n = 0;

  g_assert_true (store (cache, "forecast.json", "{\"truncat", &error));
  g_assert_no_error (error);
  /* Only the entry in the folder: no temporary file left. */
  dir = g_dir_open (isobar_cache_get_directory (cache), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpstr (name, ==, "forecast.json");
      n++;
    }
  g_assert_cmpuint (n, ==, 1);

  aside = set_aside (cache, "forecast.json", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (aside, "forecast.json.unreadable"));
  g_assert_true (g_file_get_contents (aside, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "{\"truncat");
  loaded = load (cache, "forecast.json", NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A second bad copy replaces the first one set aside. */
  g_assert_true (store (cache, "forecast.json", "not json at all", &error));
  again = set_aside (cache, "forecast.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, aside);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (aside, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "not json at all");

  /* Nothing to set aside: an error that says so, not a crash. */
  g_clear_pointer (&again, g_free);
  again = set_aside (cache, "forecast.json", &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
}

static void
test_unwritable (void)
{
  g_autofree char *file = g_build_filename (g_get_user_cache_dir (), "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "isobar", NULL);
  g_autoptr(IsobarCache) cache = NULL;
  g_autoptr(GError) error = NULL;

  /* The folder cannot be made: a file stands where its parent should be. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_file_set_contents (file, "", 0, &error);
  g_assert_no_error (error);

  cache = isobar_cache_new (under_file);
  g_assert_false (store (cache, "a.json", "x", &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_CACHE);
  g_test_message ("%s", error->message);
}

static void
test_keys (void)
{
  g_autoptr(IsobarLocation) berlin = isobar_location_new ("Berlin", 52.52437, 13.41053);
  g_autoptr(IsobarLocation) near_berlin = isobar_location_new ("Berlin again", 52.524371, 13.410529);
  g_autoptr(IsobarLocation) south_west = isobar_location_new ("Somewhere", -33.8688, -151.2093);
  g_autofree char *metric = isobar_cache_key_for_forecast (berlin, ISOBAR_UNITS_METRIC);
  g_autofree char *imperial = isobar_cache_key_for_forecast (berlin, ISOBAR_UNITS_IMPERIAL);
  g_autofree char *near = isobar_cache_key_for_forecast (near_berlin, ISOBAR_UNITS_METRIC);
  g_autofree char *negative = isobar_cache_key_for_forecast (south_west, ISOBAR_UNITS_METRIC);
  const char * const keys[] = { metric, imperial, near, negative };

  g_test_message ("keys: %s %s %s", metric, imperial, negative);
  g_assert_cmpstr (metric, ==, "forecast_52.5244_13.4105_metric.json");
  g_assert_cmpstr (imperial, ==, "forecast_52.5244_13.4105_imperial.json");
  /* Rounded to 4 decimals: the same place has the same key. */
  g_assert_cmpstr (near, ==, metric);
  g_assert_cmpstr (negative, ==, "forecast_-33.8688_-151.2093_metric.json");

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      for (const char *p = keys[i]; *p != '\0'; p++)
        g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'z') || *p == '.' || *p == '_' || *p == '-');
    }
}

static void
test_cancelled (void)
{
  g_autoptr(IsobarCache) cache = new_cache ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) body = g_bytes_new_static ("x", 1);
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  isobar_cache_store_async (cache, "a.json", body, cancellable, test_async_store_cb, &pending);
  result = test_async_wait (&pending, TIMEOUT);
  g_assert_false (isobar_cache_store_finish (cache, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cache/round-trip", test_round_trip);
  g_test_add_func ("/cache/replace", test_replace);
  g_test_add_func ("/cache/missing", test_missing);
  g_test_add_func ("/cache/bad-keys", test_bad_keys);
  g_test_add_func ("/cache/unwritable", test_unwritable);
  g_test_add_func ("/cache/whole-and-set-aside", test_whole_and_set_aside);
  g_test_add_func ("/cache/keys", test_keys);
  g_test_add_func ("/cache/cancelled", test_cancelled);

  return g_test_run ();
}
