/* isobar-sim-geocoding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-json.h"
#include "isobar-sim-cities.h"
#include "isobar-sim-geocoding.h"
#include "isobar-sim-json.h"

#define DEFAULT_COUNT 10
#define MAX_COUNT     100

static void
write_optional_string (GString    *out,
                       const char *key,
                       const char *value)
{
  if (value == NULL)
    return;
  isobar_sim_json_key (out, key, TRUE);
  isobar_json_append_string (out, value);
}

/* One result, fields in the real API's order, absent ones left out. */
static void
write_city (GString             *out,
            const IsobarSimCity *city)
{
  g_string_append_c (out, '{');
  isobar_sim_json_key (out, "id", FALSE);
  isobar_sim_json_int (out, city->id);
  write_optional_string (out, "name", city->name);
  isobar_sim_json_key (out, "latitude", TRUE);
  isobar_sim_json_shortest (out, city->latitude, TRUE);
  isobar_sim_json_key (out, "longitude", TRUE);
  isobar_sim_json_shortest (out, city->longitude, TRUE);
  if (isfinite (city->elevation))
    {
      isobar_sim_json_key (out, "elevation", TRUE);
      isobar_sim_json_shortest (out, city->elevation, TRUE);
    }
  write_optional_string (out, "feature_code", city->feature_code);
  write_optional_string (out, "country_code", city->country_code);
  write_optional_string (out, "timezone", city->timezone);
  if (city->population > 0)
    {
      isobar_sim_json_key (out, "population", TRUE);
      isobar_sim_json_int (out, city->population);
    }
  write_optional_string (out, "country", city->country);
  write_optional_string (out, "admin1", city->admin1);
  g_string_append_c (out, '}');
}

static gboolean
parse_count (const char *text,
             guint      *count)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL)
    {
      *count = DEFAULT_COUNT;
      return TRUE;
    }

  value = g_ascii_strtoll (text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < 1 || value > MAX_COUNT)
    return FALSE;
  *count = (guint) value;
  return TRUE;
}

guint
isobar_sim_geocoding_write (GString    *out,
                            GHashTable *params,
                            double      generation_ms)
{
  const char *name = g_hash_table_lookup (params, "name");
  g_autoptr(GPtrArray) matches = NULL;
  guint count;

  /* "language" and "format" are accepted and ignored: names are English. */
  if (name == NULL)
    {
      isobar_sim_json_error (out, "Value of type 'String' required for key 'name'.");
      return 400;
    }
  if (!parse_count (g_hash_table_lookup (params, "count"), &count))
    {
      isobar_sim_json_error (out, "Parameter count must be between 1 and 100.");
      return 400;
    }

  matches = isobar_sim_cities_search (name, count);

  g_string_append_c (out, '{');
  if (matches->len > 0)
    {
      isobar_sim_json_key (out, "results", FALSE);
      g_string_append_c (out, '[');
      for (guint i = 0; i < matches->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          write_city (out, g_ptr_array_index (matches, i));
        }
      g_string_append (out, "],");
    }
  isobar_sim_json_key (out, "generationtime_ms", FALSE);
  isobar_sim_json_shortest (out, generation_ms, TRUE);
  g_string_append_c (out, '}');

  return 200;
}
