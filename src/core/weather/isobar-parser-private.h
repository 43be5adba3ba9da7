/* isobar-parser-private.h: what the Open-Meteo parser's files share. Each API
 * has its own (isobar-parser-forecast.c, -archive.c, -geocoding.c); they
 * load a body with isobar-parser-response.c, read values with
 * isobar-parser-values.c, and the forecast and the archive, whose responses
 * have the same shape, read it with isobar-parser-envelope.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "isobar-block.h"

G_BEGIN_DECLS

/* isobar-parser-response.c: from a body to the object of a response. */

/* The root of @body, or NULL and an error when it is not JSON (or JSON that
 * json-glib would get wrong). */
JsonNode    *_isobar_parser_load_root            (GBytes     *body,
                                                  GError    **error);
/* Loads @body and points @node at its one object: the root, or the only item
 * of a list; returns the root that owns @node, or NULL and an error. */
JsonNode    *_isobar_parser_load_single_object   (GBytes     *body,
                                                  JsonNode  **node,
                                                  GError    **error);
/* The object of a response, or NULL and an error when @node is no object
 * or is Open-Meteo's error object. */
JsonObject  *_isobar_parser_response_object      (JsonNode   *node,
                                                  GError    **error);

/* isobar-parser-values.c: values out of JSON nodes, and the wording of what
 * is wrong with them. */

/* Sets an ISOBAR_ERROR_INVALID_DATA error and returns FALSE. */
gboolean     _isobar_parser_invalid_data         (GError    **error,
                                                  const char *format,
                                                  ...) G_GNUC_PRINTF (2, 3);
/* "a number", "text"…: what a node is, for messages. */
const char  *_isobar_parser_describe_node        (JsonNode   *node);
/* A string member's UTF-8 text; NULL for any other node. */
const char  *_isobar_parser_node_get_string      (JsonNode   *node);
/* A finite number, integer or double. */
gboolean     _isobar_parser_node_get_number      (JsonNode   *node,
                                                  double     *value);
gboolean     _isobar_parser_node_get_integer     (JsonNode   *node,
                                                  gint64     *value);
/* A `time` entry, to UTC epoch seconds. */
gboolean     _isobar_parser_node_get_time        (JsonNode   *node,
                                                  int         utc_offset,
                                                  gint64     *time);
/* A variable's entry: a number, null (NAN), or a time. */
gboolean     _isobar_parser_node_get_value       (JsonNode   *node,
                                                  int         utc_offset,
                                                  double     *value);

/* isobar-parser-envelope.c: the shape forecast and archive responses share. */

/* Everything of a forecast or archive response but what differs. */
typedef struct
{
  double       latitude;
  double       longitude;
  double       elevation;
  const char  *timezone;               /* borrowed from the JSON */
  const char  *timezone_abbreviation;  /* borrowed from the JSON */
  int          utc_offset_seconds;
  IsobarBlock *current;                /* (owned) (nullable) */
  IsobarBlock *hourly;                 /* (owned) (nullable) */
  IsobarBlock *daily;                  /* (owned) (nullable) */
} IsobarParserEnvelope;

static inline void
isobar_parser_envelope_clear (IsobarParserEnvelope *envelope)
{
  g_clear_pointer (&envelope->current, isobar_block_unref);
  g_clear_pointer (&envelope->hourly, isobar_block_unref);
  g_clear_pointer (&envelope->daily, isobar_block_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsobarParserEnvelope, isobar_parser_envelope_clear)

/* Fills @envelope from the response object @node; on failure the blocks it
 * read so far are left for isobar_parser_envelope_clear(). */
gboolean     _isobar_parser_read_envelope        (JsonNode              *node,
                                                  IsobarParserEnvelope  *envelope,
                                                  GError               **error);

G_END_DECLS
