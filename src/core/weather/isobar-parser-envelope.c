/* isobar-parser-envelope.c: what the forecast and the archive APIs answer
 * alike: the coordinates, the timezone and its offset, and the current,
 * hourly and daily blocks of variables (with the old names Open-Meteo still
 * answers to).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "isobar-parser-private.h"

#define MAX_UTC_OFFSET 86400

/* Old names Open-Meteo still answers to, and their current spelling. */
static const struct {
  const char *legacy;
  const char *current;
} legacy_prefixes[] = {
  { "weathercode", "weather_code" },
  { "relativehumidity", "relative_humidity" },
  { "windspeed", "wind_speed" },
  { "winddirection", "wind_direction" },
  { "windgusts", "wind_gusts" },
  { "dewpoint", "dew_point" },
  { "cloudcover", "cloud_cover" },
};

/* The legacy current_weather block's own short names. */
static const struct {
  const char *legacy;
  const char *current;
} legacy_current_weather[] = {
  { "temperature", "temperature_2m" },
  { "windspeed", "wind_speed_10m" },
  { "winddirection", "wind_direction_10m" },
};

/* The current name of a variable (newly allocated). */
static char *
canonical_name (const char *name,
                gboolean    legacy_block)
{
  if (legacy_block)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (legacy_current_weather); i++)
        {
          if (strcmp (name, legacy_current_weather[i].legacy) == 0)
            return g_strdup (legacy_current_weather[i].current);
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (legacy_prefixes); i++)
    {
      gsize len = strlen (legacy_prefixes[i].legacy);

      if (strncmp (name, legacy_prefixes[i].legacy, len) == 0 &&
          (name[len] == '\0' || name[len] == '_'))
        return g_strconcat (legacy_prefixes[i].current, name + len, NULL);
    }

  return g_strdup (name);
}

/* The unit the server gave a variable, "" when it gave none. */
static const char *
lookup_unit (JsonObject *units,
             const char *name)
{
  const char *unit;

  if (units == NULL)
    return "";
  unit = _isobar_parser_node_get_string (json_object_get_member (units, name));
  return unit != NULL ? unit : "";
}

typedef struct
{
  const char *name;         /* "hourly", "current_weather"… as in the JSON */
  gboolean    is_current;   /* one row of scalars rather than columns */
  gboolean    legacy;       /* the old current_weather block */
  int         utc_offset;
  JsonObject *object;
  JsonObject *units;        /* (nullable) */
} BlockSource;

static gboolean
read_times (const BlockSource  *source,
            GArray            **times_out,
            GError            **error)
{
  JsonNode *time_node = json_object_get_member (source->object, "time");
  g_autoptr(GArray) times = NULL;

  if (time_node == NULL)
    return _isobar_parser_invalid_data (error, _("The %s block has no time"), source->name);

  if (source->is_current)
    {
      gint64 t;

      if (!_isobar_parser_node_get_time (time_node, source->utc_offset, &t))
        return _isobar_parser_invalid_data (error, _("The %s block’s time is not a valid time"),
                                            source->name);
      times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1);
      g_array_append_val (times, t);
    }
  else
    {
      JsonArray *array;
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (time_node))
        return _isobar_parser_invalid_data (error, _("The %s block’s time is not a list"),
                                            source->name);

      array = json_node_get_array (time_node);
      n = json_array_get_length (array);
      times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
      for (guint i = 0; i < n; i++)
        {
          gint64 t;

          if (!_isobar_parser_node_get_time (json_array_get_element (array, i), source->utc_offset, &t))
            return _isobar_parser_invalid_data (error,
                                                _("Item %u of the %s block’s time is not a valid time"),
                                                i + 1, source->name);
          g_array_append_val (times, t);
        }
    }

  *times_out = g_steal_pointer (&times);
  return TRUE;
}

/* Fills @values (n_times doubles) from the member @name. */
static gboolean
read_column (const BlockSource  *source,
             const char         *name,
             JsonNode           *node,
             guint               n_times,
             double             *values,
             GError            **error)
{
  JsonArray *array;
  guint n;

  if (source->is_current)
    {
      if (!_isobar_parser_node_get_value (node, source->utc_offset, &values[0]))
        return _isobar_parser_invalid_data (error,
                                            _("%s in the %s block is %s where a number belongs"),
                                            name, source->name,
                                            _isobar_parser_describe_node (node));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _isobar_parser_invalid_data (error, _("%s in the %s block is not a list"),
                                        name, source->name);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n != n_times)
    return _isobar_parser_invalid_data (error, _("The %s block has %u times but %u values of %s"),
                                        source->name, n_times, n, name);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!_isobar_parser_node_get_value (element, source->utc_offset, &values[i]))
        return _isobar_parser_invalid_data (error,
                                            _("Item %u of %s in the %s block is %s where a number belongs"),
                                            i + 1, name, source->name,
                                            _isobar_parser_describe_node (element));
    }

  return TRUE;
}

static IsobarBlock *
read_block (const BlockSource  *source,
            GError            **error)
{
  g_autoptr(GArray) times = NULL;
  g_autoptr(IsobarBlock) block = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree double *values = NULL;

  if (!read_times (source, &times, error))
    return NULL;

  block = isobar_block_new ((const gint64 *) (gpointer) times->data, times->len);
  values = g_new (double, MAX (times->len, 1));

  /* In the server's order, which the block keeps. */
  members = json_object_get_members (source->object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *canonical = NULL;

      if (strcmp (name, "time") == 0 ||
          (source->is_current && strcmp (name, "interval") == 0))
        continue;
      /* A variable is known by its name, kept and shown as text (see
       * _isobar_parser_node_get_string). */
      if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
        {
          _isobar_parser_invalid_data (error,
                                       _("The %s block has a variable without a proper name"),
                                       source->name);
          return NULL;
        }

      canonical = canonical_name (name, source->legacy);
      /* A response with both spellings: the current one wins. */
      if (strcmp (canonical, name) != 0 && json_object_has_member (source->object, canonical))
        continue;

      if (!read_column (source, name, json_object_get_member (source->object, name),
                        times->len, values, error))
        return NULL;

      isobar_block_add_variable (block, canonical, lookup_unit (source->units, name), values);
    }

  return g_steal_pointer (&block);
}

/* Reads the block @name (with its @name_units) when the response has one. */
static gboolean
read_optional_block (JsonObject   *root,
                     const char   *name,
                     gboolean      is_current,
                     gboolean      legacy,
                     int           utc_offset,
                     IsobarBlock **block_out,
                     GError      **error)
{
  g_autofree char *units_name = g_strconcat (name, "_units", NULL);
  JsonNode *node = json_object_get_member (root, name);
  JsonNode *units_node = json_object_get_member (root, units_name);
  BlockSource source = { name, is_current, legacy, utc_offset, NULL, NULL };

  *block_out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _isobar_parser_invalid_data (error, _("The %s block is %s where an object belongs"),
                                        name, _isobar_parser_describe_node (node));

  source.object = json_node_get_object (node);
  if (units_node != NULL && JSON_NODE_HOLDS_OBJECT (units_node))
    source.units = json_node_get_object (units_node);

  *block_out = read_block (&source, error);
  return *block_out != NULL;
}

static gboolean
read_coordinate (JsonObject  *object,
                 const char  *name,
                 double       limit,
                 double      *value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _isobar_parser_invalid_data (error, _("%s is missing"), name);
  if (!_isobar_parser_node_get_number (node, value))
    return _isobar_parser_invalid_data (error, _("%s is %s where a number belongs"),
                                        name, _isobar_parser_describe_node (node));
  if (*value < -limit || *value > limit)
    return _isobar_parser_invalid_data (error, _("%s %g is out of range"), name, *value);
  return TRUE;
}

/* A member that may be absent: @value keeps its default then. */
static gboolean
read_optional_number (JsonObject  *object,
                      const char  *name,
                      double      *value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!_isobar_parser_node_get_number (node, value))
    return _isobar_parser_invalid_data (error, _("%s is %s where a number belongs"),
                                        name, _isobar_parser_describe_node (node));
  return TRUE;
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *name,
                      const char **value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *value = _isobar_parser_node_get_string (node);
  if (*value == NULL)
    return _isobar_parser_invalid_data (error, _("%s is %s where text belongs"),
                                        name, _isobar_parser_describe_node (node));
  return TRUE;
}

gboolean
_isobar_parser_read_envelope (JsonNode              *node,
                              IsobarParserEnvelope  *envelope,
                              GError               **error)
{
  JsonObject *root;
  double offset = 0.0;
  IsobarBlock *legacy_current = NULL;

  root = _isobar_parser_response_object (node, error);
  if (root == NULL)
    return FALSE;

  envelope->elevation = NAN;
  if (!read_coordinate (root, "latitude", 90.0, &envelope->latitude, error) ||
      !read_coordinate (root, "longitude", 180.0, &envelope->longitude, error) ||
      !read_optional_number (root, "elevation", &envelope->elevation, error) ||
      !read_optional_number (root, "utc_offset_seconds", &offset, error) ||
      !read_optional_string (root, "timezone", &envelope->timezone, error) ||
      !read_optional_string (root, "timezone_abbreviation", &envelope->timezone_abbreviation, error))
    return FALSE;

  if (offset != floor (offset) || fabs (offset) > MAX_UTC_OFFSET)
    return _isobar_parser_invalid_data (error, _("utc_offset_seconds %g is not a valid offset"),
                                        offset);
  envelope->utc_offset_seconds = (int) offset;

  if (!read_optional_block (root, "current", TRUE, FALSE, envelope->utc_offset_seconds,
                            &envelope->current, error) ||
      !read_optional_block (root, "current_weather", TRUE, TRUE, envelope->utc_offset_seconds,
                            &legacy_current, error) ||
      !read_optional_block (root, "hourly", FALSE, FALSE, envelope->utc_offset_seconds,
                            &envelope->hourly, error) ||
      !read_optional_block (root, "daily", FALSE, FALSE, envelope->utc_offset_seconds,
                            &envelope->daily, error))
    {
      g_clear_pointer (&legacy_current, isobar_block_unref);
      return FALSE;
    }

  /* The legacy block stands in for a current one only when there is none. */
  if (envelope->current == NULL)
    envelope->current = legacy_current;
  else
    g_clear_pointer (&legacy_current, isobar_block_unref);

  return TRUE;
}
