/* isobar-json.h: JSON text that reads back to the same values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Any JSON tree to text, doubles written in the shortest form that reads
 * back to the same value (non-finite ones as null); pretty output keeps
 * arrays of plain values on one line. json-glib 1.6's JsonGenerator writes
 * doubles such as 1e-300 as "1e-300.0", which is not JSON. */
char *isobar_json_node_to_string (JsonNode   *node,
                                  gboolean    pretty);

/* Appends @text to @out as a JSON string: quoted, with '"', '\\' and the
 * control characters escaped (\n, \r and \t by name, the others as
 * \u00XX). The core's writer and isobar-sim's write strings with it. */
void  isobar_json_append_string  (GString    *out,
                                  const char *text);

G_END_DECLS
