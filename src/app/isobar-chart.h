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
 * a tooltip for the point under the pointer when the chart describes one,
 * and the size its class sets (isobar_chart_class_set_size()). */
struct _IsobarChartClass
{
  GtkWidgetClass parent_class;

  /* The tooltip's text for the point at (@x, @y) in widget coordinates, or
   * NULL where there is nothing to say. A chart that sets it has tooltips. */
  char *(*describe_at) (IsobarChart    *self,
                        double          x,
                        double          y);

  /* For a chart whose size depends on its data, or its height on its width:
   * *@minimum and *@natural along @orientation come in as the class set them
   * and leave as the chart wants them, @for_size the size across (-1 when
   * not known). NULL: the class's sizes are all. */
  void  (*adjust_size) (IsobarChart    *self,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural);

  /*< private >*/
  int   min_width;
  int   natural_width;
  int   min_height;
  int   natural_height;
};

/* The size a chart of @klass asks for, in pixels, for its class_init. */
void     isobar_chart_class_set_size (IsobarChartClass *klass,
                                      int               min_width,
                                      int               natural_width,
                                      int               min_height,
                                      int               natural_height);

/* Whether the chart is drawn in the dark palette. */
gboolean isobar_chart_is_dark        (IsobarChart      *self);

/* The chart's own colour (its CSS "color"), so that what is drawn in it
 * follows the style, dark included. */
GdkRGBA  isobar_chart_get_foreground (IsobarChart      *self);

/* The named colour of the style (libadwaita's "accent_color", …), or
 * @fallback (a colour gdk_rgba_parse() reads) when the style has none. */
GdkRGBA  isobar_chart_lookup_color   (IsobarChart      *self,
                                      const char       *name,
                                      const char       *fallback);

/* Sets @cr's source to @color at @alpha times its own opacity. */
void     isobar_chart_set_source     (cairo_t          *cr,
                                      const GdkRGBA    *color,
                                      double            alpha);

G_END_DECLS
