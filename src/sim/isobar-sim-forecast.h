/* isobar-sim-forecast.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-sim-query.h"

G_BEGIN_DECLS

/* Writes the /v1/forecast or /v1/archive body for @query: one object, or an
 * array of objects for several coordinates, in Open-Meteo's key order.
 * @generation_ms is printed as generationtime_ms. */
void isobar_sim_forecast_write (GString              *out,
                                const IsobarSimQuery *query,
                                guint64               seed,
                                double                generation_ms);

G_END_DECLS
