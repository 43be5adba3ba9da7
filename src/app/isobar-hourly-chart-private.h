/* isobar-hourly-chart-private.h: the chart's insides, shared by its data
 * side (isobar-hourly-chart.c) and its painter (isobar-hourly-chart-paint.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "isobar-hourly-chart.h"

G_BEGIN_DECLS

/* Layout, in pixels */
#define PAD_X          8.0
#define TOP_SPACE     40.0
#define BOTTOM_SPACE  26.0
#define TEMP_SHARE     0.62
#define PRECIP_SHARE   0.30
#define POINT_RADIUS   3.5
#define MIN_TEMP_SPAN  4.0

struct _IsobarHourlyChart
{
  IsobarChart parent_instance;

  /* Owned: one entry per hour shown */
  GArray    *times;        /* gint64, UTC seconds */
  GArray    *temperature;  /* double, NAN when absent */
  GArray    *precip;       /* double */
  GArray    *probability;  /* double, percent */
  char      *temperature_unit;
  char      *precip_unit;
  char      *summary;
  int        utc_offset;
  gint64     now;
};

double   _isobar_hourly_chart_value             (GArray            *array,
                                                 guint              index);
gboolean _isobar_hourly_chart_temperature_range (IsobarHourlyChart *self,
                                                 double            *tmin,
                                                 double            *tmax,
                                                 guint             *imin,
                                                 guint             *imax);
double   _isobar_hourly_chart_precip_max        (IsobarHourlyChart *self);
/* Draws the chart (or a "no data" line) on @cr, @width × @height pixels. */
void     _isobar_hourly_chart_paint             (IsobarHourlyChart *self,
                                                 cairo_t           *cr,
                                                 double             width,
                                                 double             height,
                                                 const GdkRGBA     *foreground,
                                                 gboolean           dark);

G_END_DECLS
