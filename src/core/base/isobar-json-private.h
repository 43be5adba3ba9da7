/* isobar-json-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small json-glib helpers shared by the readers of the core (the Open-Meteo
 * parser and the run-record reader).
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Whether @node is a JSON number: json-glib makes integers or doubles. */
static inline gboolean
isobar_json_node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

G_END_DECLS
