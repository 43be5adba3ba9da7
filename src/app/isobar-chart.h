/* isobar-chart.h: what the charts share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_CHART (isobar_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (IsobarChart, isobar_chart, ISOBAR, CHART, GtkWidget)

/* The base of the widgets that draw a chart with cairo: an image to
 * assistive technologies, redrawn when the style turns dark or light, with
 * a tooltip for the point under the pointer when the chart describes one. */
struct _IsobarChartClass
{
  GtkWidgetClass parent_class;

  /* The tooltip's text for the point at (@x, @y) in widget coordinates, or
   * NULL where there is nothing to say. A chart that sets it has tooltips. */
  char *(*describe_at) (IsobarChart *self,
                        double       x,
                        double       y);
};

/* Whether the chart is drawn in the dark palette. */
gboolean isobar_chart_is_dark     (IsobarChart   *self);

/* The named colour of the style (libadwaita's "accent_color", …), or
 * @fallback (a colour gdk_rgba_parse() reads) when the style has none. */
GdkRGBA  isobar_chart_lookup_color (IsobarChart  *self,
                                    const char   *name,
                                    const char   *fallback);

/* Sets @cr's source to @color at @alpha times its own opacity. */
void     isobar_chart_set_source  (cairo_t       *cr,
                                   const GdkRGBA *color,
                                   double         alpha);

G_END_DECLS
