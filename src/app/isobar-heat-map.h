/* isobar-heat-map.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-chart.h"

#include "isobar-climate-report.h"
#include "isobar-units.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_HEAT_MAP (isobar_heat_map_get_type ())

G_DECLARE_FINAL_TYPE (IsobarHeatMap, isobar_heat_map, ISOBAR, HEAT_MAP, IsobarChart)

/* The calendar heat map of a climate report: one row per year (oldest at
 * the top), one column per calendar day, coloured by the day's anomaly
 * (the report's pixels, scaled to the widget's width without smoothing).
 * Month names along the top, years down the side, a colour legend below.
 * Hovering names the day and its anomaly, read back from the colour. Its
 * accessible label summarises the map in words. */
GtkWidget  *isobar_heat_map_new         (void);
/* @report may be NULL (clears the map). */
void        isobar_heat_map_set_report  (IsobarHeatMap       *self,
                                         IsobarClimateReport *report);
/* The unit of the legend, tooltips and summary (anomalies: ×1.8 in °F). */
void        isobar_heat_map_set_units   (IsobarHeatMap       *self,
                                         IsobarUnits          units);
/* "Daily temperature anomalies 1985–2024: warmest year 2023 (+1.2 °C),
 * coldest 1987 (−0.9 °C)", or NULL without a report. */
const char *isobar_heat_map_get_summary (IsobarHeatMap       *self);
/* The text of the tooltip at (@x, @y) in widget coordinates, or NULL
 * outside the map. */
char       *isobar_heat_map_describe_at (IsobarHeatMap       *self,
                                         double               x,
                                         double               y);

G_END_DECLS
