/* isobar-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-archive.h"
#include "isobar-forecast.h"
#include "isobar-location.h"

G_BEGIN_DECLS

/* Parsers for Open-Meteo response bodies (json-glib). Pure functions, safe in
 * any thread. Every failure is an ISOBAR_ERROR with a message a user can act
 * on: ISOBAR_ERROR_MALFORMED for bad JSON, ISOBAR_ERROR_INVALID_DATA for the
 * wrong shape (naming the block and variable), ISOBAR_ERROR_SERVER when the
 * body is Open-Meteo's {"error":true,"reason":…} (the message is the reason,
 * as is). Each API has a file of its own (isobar-parser-forecast.c,
 * -archive.c, -geocoding.c); isobar-parser-private.h says what they share. */

/* A single-location forecast. A top-level array is accepted when it holds
 * exactly one object. */
IsobarForecast *isobar_parse_forecast      (GBytes   *body,
                                            GError  **error);
/* One forecast per location: accepts an object or an array of objects.
 * Returns (element-type IsobarForecast). */
GPtrArray      *isobar_parse_forecast_list (GBytes   *body,
                                            GError  **error);
IsobarArchive  *isobar_parse_archive       (GBytes   *body,
                                            GError  **error);
/* Geocoding results; an empty array when there is no `results` key.
 * Results without a name or coordinates are skipped.
 * Returns (element-type IsobarLocation). */
GPtrArray      *isobar_parse_locations     (GBytes   *body,
                                            GError  **error);
/* When @body is {"error":true,"reason":"…"}, returns the reason. */
char           *isobar_parse_error_reason  (GBytes   *body);

G_END_DECLS
