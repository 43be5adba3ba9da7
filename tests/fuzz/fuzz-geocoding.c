/* fuzz-geocoding.c: the geocoding (place search) parser, and what the app
 * does with a place it found: describe it, save it, key its cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a response body from a geocoding server. Seeds: the real
 * responses in ../shared/fixtures/open-meteo, tests/fixtures and
 * tests/fuzz/corpus/json.
 */

#include "config.h"

#include <string.h>

#include "isobar-cache.h"
#include "isobar-error.h"
#include "isobar-parser.h"

#include "fuzz-common.h"

static gboolean
is_key_char (char c)
{
  return g_ascii_isdigit (c) || (c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == '-';
}

static void
check_location (IsobarLocation *location)
{
  const char *name = isobar_location_get_name (location);
  const char *strings[] = {
    isobar_location_get_country (location),
    isobar_location_get_country_code (location),
    isobar_location_get_admin1 (location),
    isobar_location_get_timezone (location),
  };
  double latitude = isobar_location_get_latitude (location);
  double longitude = isobar_location_get_longitude (location);
  g_autofree char *description = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(IsobarLocation) restored = NULL;

  g_assert_true (name != NULL && *name != '\0' && g_utf8_validate (name, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    g_assert_true (strings[i] == NULL || g_utf8_validate (strings[i], -1, NULL));
  g_assert_true (latitude >= -90.0 && latitude <= 90.0);
  g_assert_true (longitude >= -180.0 && longitude <= 180.0);
  g_assert_cmpint (isobar_location_get_id (location), >=, 0);
  g_assert_cmpint (isobar_location_get_population (location), >=, 0);

  /* The search list shows it. */
  description = isobar_location_dup_description (location);
  g_assert_true (description != NULL && g_utf8_validate (description, -1, NULL));

  /* Saved places are GVariants in GSettings: what is saved comes back. */
  saved = g_variant_ref_sink (isobar_location_to_variant (location));
  restored = isobar_location_new_from_variant (saved);
  g_assert_nonnull (restored);
  g_assert_true (isobar_location_equal (location, restored));
  g_assert_cmpstr (isobar_location_get_name (restored), ==, name);

  /* Its forecast is cached under a file name made from it. */
  for (IsobarUnits units = ISOBAR_UNITS_METRIC; units <= ISOBAR_UNITS_IMPERIAL; units++)
    {
      g_clear_pointer (&key, g_free);
      key = isobar_cache_key_for_forecast (location, units);
      g_assert_true (key != NULL && key[0] != '\0' && key[0] != '.' && strlen (key) <= 200);
      for (const char *p = key; *p != '\0'; p++)
        g_assert_true (is_key_char (*p));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autofree char *reason = isobar_parse_error_reason (body);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) locations = isobar_parse_locations (body, &error);

  fuzz_check_outcome (locations != NULL, error);
  if (locations != NULL)
    {
      for (guint i = 0; i < locations->len; i++)
        check_location (g_ptr_array_index (locations, i));
    }

  if (reason != NULL)
    g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER);

  return 0;
}
