/* isobar-normals-chart-private.h: the normals chart's insides, shared by
 * its data side (isobar-normals-chart.c: the report, the units, the summary,
 * the hover and the tooltip text) and its painter
 * (isobar-normals-chart-paint.c: the plot layout, the axes, the legend and
 * the cairo drawing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-normals-chart.c calls the painter. Of isobar-normals-chart.c the
 * painter calls only the three readers of the values,
 * _isobar_normals_chart_unit_symbol(), _isobar_normals_chart_display() and
 * _isobar_normals_chart_normal_at().
 */

#pragma once

#include <adwaita.h>

#include "isobar-normals-chart.h"

G_BEGIN_DECLS

struct _IsobarNormalsChart
{
  IsobarChart parent_instance;

  /* Owned */
  IsobarClimateReport *report;
  char                *summary;
  IsobarUnits          units;
  guint                hover_cday;   /* 0: none */
};

/* "°F" or "°C" */
const char         *_isobar_normals_chart_unit_symbol (IsobarUnits         units);
/* @celsius in the chart's units */
double              _isobar_normals_chart_display     (IsobarNormalsChart *self,
                                                       double              celsius);
/* The normal of calendar day @cday (1..366), or NULL without one. */
const IsobarNormal *_isobar_normals_chart_normal_at   (IsobarNormalsChart *self,
                                                       guint               cday);

/* Draws the chart (or a "no daily normals" line) on @cr, @width × @height
 * pixels. */
void                _isobar_normals_chart_paint       (IsobarNormalsChart *self,
                                                       cairo_t            *cr,
                                                       double              width,
                                                       double              height,
                                                       const GdkRGBA      *foreground,
                                                       gboolean            dark);
/* The calendar day under (@x, @y) in the plot, or 0. */
guint               _isobar_normals_chart_cday_at     (IsobarNormalsChart *self,
                                                       double              x,
                                                       double              y);

G_END_DECLS
