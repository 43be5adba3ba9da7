/* isobar-parser-geocoding.c: the geocoding API's search results, as places.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "isobar-error.h"
#include "isobar-parser.h"
#include "isobar-parser-private.h"

/* A geocoding result, or NULL when it lacks a name or coordinates. */
static IsobarLocation *
location_from_node (JsonNode *node)
{
  JsonObject *object;
  const char *name;
  double latitude, longitude, elevation = NAN, number;
  gint64 id = 0, population = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  name = _isobar_parser_node_get_string (json_object_get_member (object, "name"));
  if (name == NULL || *name == '\0' ||
      !json_object_has_member (object, "latitude") ||
      !json_object_has_member (object, "longitude") ||
      !_isobar_parser_node_get_number (json_object_get_member (object, "latitude"), &latitude) ||
      !_isobar_parser_node_get_number (json_object_get_member (object, "longitude"), &longitude) ||
      latitude < -90.0 || latitude > 90.0 ||
      longitude < -180.0 || longitude > 180.0)
    return NULL;

  /* Optional fields of the wrong type count as absent. */
  if (json_object_has_member (object, "elevation") &&
      _isobar_parser_node_get_number (json_object_get_member (object, "elevation"), &number))
    elevation = number;
  if (json_object_has_member (object, "id") &&
      (!_isobar_parser_node_get_integer (json_object_get_member (object, "id"), &id) || id < 0))
    id = 0;
  if (json_object_has_member (object, "population") &&
      (!_isobar_parser_node_get_integer (json_object_get_member (object, "population"), &population) ||
       population < 0))
    population = 0;

  return g_object_new (ISOBAR_TYPE_LOCATION,
                       "id", id,
                       "name", name,
                       "latitude", latitude,
                       "longitude", longitude,
                       "elevation", elevation,
                       "country", _isobar_parser_node_get_string (json_object_get_member (object, "country")),
                       "country-code", _isobar_parser_node_get_string (json_object_get_member (object, "country_code")),
                       "admin1", _isobar_parser_node_get_string (json_object_get_member (object, "admin1")),
                       "timezone", _isobar_parser_node_get_string (json_object_get_member (object, "timezone")),
                       "population", population,
                       NULL);
}

GPtrArray *
isobar_parse_locations (GBytes  *body,
                        GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) locations = NULL;
  JsonObject *object;
  JsonNode *results;
  JsonArray *array;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = _isobar_parser_load_root (body, error);
  if (root == NULL)
    return NULL;

  object = _isobar_parser_response_object (root, error);
  if (object == NULL)
    return NULL;

  locations = g_ptr_array_new_with_free_func (g_object_unref);

  /* No match: Open-Meteo leaves `results` out altogether. */
  results = json_object_get_member (object, "results");
  if (results == NULL || JSON_NODE_HOLDS_NULL (results))
    return g_steal_pointer (&locations);

  if (!JSON_NODE_HOLDS_ARRAY (results))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The search results are %s where a list belongs"),
                   _isobar_parser_describe_node (results));
      return NULL;
    }

  array = json_node_get_array (results);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      IsobarLocation *location = location_from_node (json_array_get_element (array, i));

      if (location != NULL)
        g_ptr_array_add (locations, location);
    }

  return g_steal_pointer (&locations);
}
