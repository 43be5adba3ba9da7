/* isobar-hourly-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-chart.h"

#include "isobar-block.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_HOURLY_CHART (isobar_hourly_chart_get_type ())

G_DECLARE_FINAL_TYPE (IsobarHourlyChart, isobar_hourly_chart, ISOBAR, HOURLY_CHART, IsobarChart)

#define ISOBAR_HOURLY_CHART_HOURS 48

/* The next 48 hours of an hourly block, from the hour that contains @now:
 * temperature as a line (lowest and highest labelled), precipitation as bars
 * over its probability, hour labels in the place's time, a "now" marker.
 * Hovering shows the values of an hour. Its accessible label summarises the
 * chart in words. */
GtkWidget  *isobar_hourly_chart_new         (void);
/* @hourly may be NULL (clears the chart). @now is UTC epoch seconds. */
void        isobar_hourly_chart_set_hourly  (IsobarHourlyChart *self,
                                             IsobarBlock       *hourly,
                                             int                utc_offset_seconds,
                                             gint64             now);
/* The number of hours shown (0 when there is nothing to draw). */
guint       isobar_hourly_chart_get_n_hours (IsobarHourlyChart *self);
/* "Next 48 hours: 12 to 19 °C, 2.4 mm of precipitation", or NULL. */
const char *isobar_hourly_chart_get_summary (IsobarHourlyChart *self);

G_END_DECLS
