/* isobar-parser-forecast.c: the forecast API's answers, for one place or
 * for several (see isobar-parser-envelope.c for their shape).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "isobar-error.h"
#include "isobar-parser.h"
#include "isobar-parser-private.h"

static IsobarForecast *
forecast_from_node (JsonNode  *node,
                    GError   **error)
{
  g_auto(IsobarParserEnvelope) envelope = { 0 };

  if (!_isobar_parser_read_envelope (node, &envelope, error))
    return NULL;

  return isobar_forecast_new (envelope.latitude,
                              envelope.longitude,
                              envelope.elevation,
                              envelope.timezone,
                              envelope.timezone_abbreviation,
                              envelope.utc_offset_seconds,
                              envelope.current,
                              envelope.hourly,
                              envelope.daily);
}

IsobarForecast *
isobar_parse_forecast (GBytes  *body,
                       GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *node;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = _isobar_parser_load_single_object (body, &node, error);
  if (root == NULL)
    return NULL;

  return forecast_from_node (node, error);
}

GPtrArray *
isobar_parse_forecast_list (GBytes  *body,
                            GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) forecasts = NULL;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = _isobar_parser_load_root (body, error);
  if (root == NULL)
    return NULL;

  forecasts = g_ptr_array_new_with_free_func (g_object_unref);

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      IsobarForecast *forecast = forecast_from_node (root, error);

      if (forecast == NULL)
        return NULL;
      g_ptr_array_add (forecasts, forecast);
      return g_steal_pointer (&forecasts);
    }

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  if (n == 0)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                           _("The server sent an empty list of places"));
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;
      IsobarForecast *forecast;

      forecast = forecast_from_node (json_array_get_element (array, i), &local_error);
      if (forecast == NULL)
        {
          /* A server error is shown as is; a shape error says where. */
          if (g_error_matches (local_error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, local_error->domain, local_error->code,
                         _("Place %u of %u: %s"), i + 1, n, local_error->message);
          return NULL;
        }
      g_ptr_array_add (forecasts, forecast);
    }

  return g_steal_pointer (&forecasts);
}
