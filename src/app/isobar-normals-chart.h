/* isobar-normals-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-chart.h"

#include "isobar-climate-report.h"
#include "isobar-units.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_NORMALS_CHART (isobar_normals_chart_get_type ())

G_DECLARE_FINAL_TYPE (IsobarNormalsChart, isobar_normals_chart, ISOBAR, NORMALS_CHART, IsobarChart)

/* The daily normals of a climate report over the calendar year: the mean
 * daily temperature as a line over the band from its 10th to its 90th
 * percentile, a temperature axis and month names. Hovering marks a day and
 * shows its figures. Its accessible label summarises the chart in words. */
GtkWidget  *isobar_normals_chart_new         (void);
/* @report may be NULL (clears the chart). */
void        isobar_normals_chart_set_report  (IsobarNormalsChart  *self,
                                              IsobarClimateReport *report);
/* The unit of the axis, tooltips and summary. */
void        isobar_normals_chart_set_units   (IsobarNormalsChart  *self,
                                              IsobarUnits          units);
/* "Daily normals 1985–2024: warmest 24 °C around 28 July, coldest −1 °C
 * around 15 January; …", or NULL without a report. */
const char *isobar_normals_chart_get_summary (IsobarNormalsChart  *self);
/* "28 July: normal 24 °C, 8 days in 10 between 19 and 28 °C (40 years)"
 * for calendar day @cday (1..366, as IsobarClimateDay), or NULL. */
char       *isobar_normals_chart_describe_day (IsobarNormalsChart *self,
                                               guint               cday);

G_END_DECLS
