/* fuzz-cache.c: the forecast cache read back, as the window reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the contents of a cache file (whatever a crash, a full disk, another
 * program or another version left there). It is written where Berlin's
 * forecast is cached, loaded with isobar_cache_load_async() and parsed as
 * the window does (isobar-window-forecast.c: cache_load_cb, parse_thread).
 * The input's first line is also tried as a cache key: a key either is
 * refused or names a file in the cache folder. Seeds: the forecast seeds.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isobar-cache.h"
#include "isobar-error.h"
#include "isobar-parser.h"

#include "fuzz-common.h"

#define MAX_KEY_LINE 256

static char *directory;
static char *key;
static char *path;
static IsobarCache *cache;

typedef struct
{
  gboolean   done;
  GBytes    *body;
  GDateTime *stored_at;
  GError    *error;
} Load;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Load *load = user_data;

  load->body = isobar_cache_load_finish (ISOBAR_CACHE (object), result, &load->stored_at, &load->error);
  load->done = TRUE;
}

static void
load_clear (Load *load)
{
  g_clear_pointer (&load->body, g_bytes_unref);
  g_clear_pointer (&load->stored_at, g_date_time_unref);
  g_clear_error (&load->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Load, load_clear)

static void
load_key (const char *name,
          Load       *load)
{
  isobar_cache_load_async (cache, name, NULL, load_cb, load);
  while (!load->done)
    g_main_context_iteration (NULL, TRUE);
}

/* Not g_file_set_contents(), which syncs to disk every run, nor its
 * G_FILE_SET_CONTENTS_NONE form, which in GLib 2.74 leaves the tail of a
 * longer old file in place. */
static void
write_file (const guint8 *data,
            gsize         size)
{
  FILE *file = g_fopen (path, "wb");

  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (data, 1, size, file), ==, size);
  g_assert_cmpint (fclose (file), ==, 0);
}

static void
remove_files (void)
{
  g_unlink (path);
  g_rmdir (directory);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(IsobarLocation) berlin = NULL;
  g_autoptr(GError) error = NULL;

  directory = g_dir_make_tmp ("isobar-fuzz-cache-XXXXXX", &error);
  g_assert_no_error (error);
  cache = isobar_cache_new (directory);
  berlin = isobar_location_new ("Berlin", 52.52, 13.41);
  key = isobar_cache_key_for_forecast (berlin, ISOBAR_UNITS_METRIC);
  path = g_build_filename (directory, key, NULL);
  atexit (remove_files);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_auto(Load) load = { 0 };
  g_auto(Load) other = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autofree char *line = NULL;
  const guint8 *newline;

  write_file (data, size);

  load_key (key, &load);
  g_assert_no_error (load.error);
  g_assert_nonnull (load.body);
  g_assert_nonnull (load.stored_at);
  g_assert_cmpmem (g_bytes_get_data (load.body, NULL), g_bytes_get_size (load.body), data, size);

  forecast = isobar_parse_forecast (load.body, &error);
  fuzz_check_outcome (forecast != NULL, error);

  newline = memchr (data, '\n', MIN (size, MAX_KEY_LINE));
  line = g_strndup ((const char *) data, newline != NULL ? (gsize) (newline - data) : MIN (size, MAX_KEY_LINE));
  load_key (line, &other);
  if (other.body != NULL)
    {
      g_assert_cmpstr (line, ==, key);
      return 0;
    }
  g_assert_nonnull (other.error);
  if (!g_error_matches (other.error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT))
    {
      g_assert_error (other.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_true (*line != '\0' && *line != '.' && strchr (line, '/') == NULL);
    }
  return 0;
}
