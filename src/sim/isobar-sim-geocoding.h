/* isobar-sim-geocoding.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes the /v1/search body for the decoded query @params and returns the
 * HTTP status (200, or 400 with an error body). */
guint isobar_sim_geocoding_write (GString    *out,
                                  GHashTable *params,
                                  double      generation_ms);

G_END_DECLS
