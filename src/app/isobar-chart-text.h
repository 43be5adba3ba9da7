/* isobar-chart-text.h: text in the charts drawn with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How a text of a chart stands against its anchor point and how it looks:
 * a chart declares one for each kind of text it draws. */
typedef struct
{
  /* Where the anchor is on the text: 0 its left, 0.5 its centre, 1 its
   * right; and 0 its top … 1 its bottom. */
  double         xalign;
  double         yalign;
  /* Times the widget's font size. */
  double         scale;
  gboolean       bold;
  /* Moved in from the widget's left and right sides rather than cut. */
  gboolean       inside;
  /* (nullable) A plate of this colour behind the text, to keep it legible
   * over what is drawn under it. */
  const GdkRGBA *plate;
} IsobarChartTextStyle;

/* A layout of @text in @widget's font, @scale times its size, bold when
 * asked. A font given in pixels stays in pixels (a point size would grow
 * with the screen's DPI). */
PangoLayout *isobar_chart_text_layout (GtkWidget                  *widget,
                                       const char                 *text,
                                       double                      scale,
                                       gboolean                    bold);
/* The width in pixels of @text as isobar_chart_text_layout() lays it out. */
int          isobar_chart_text_width  (GtkWidget                  *widget,
                                       const char                 *text,
                                       double                      scale);
/* Shows @layout with its anchor at (@x, @y), on whole pixels: @xalign and
 * @yalign 0 for the left or top, 0.5 for the centre, 1 for the right or
 * bottom. */
void         isobar_chart_text_show   (cairo_t                    *cr,
                                       PangoLayout                *layout,
                                       double                      x,
                                       double                      y,
                                       double                      xalign,
                                       double                      yalign);
/* @text laid out and shown with its anchor at (@x, @y), on whole pixels,
 * in @style and @cr's source. */
void         isobar_chart_text_draw   (GtkWidget                  *widget,
                                       cairo_t                    *cr,
                                       const char                 *text,
                                       double                      x,
                                       double                      y,
                                       const IsobarChartTextStyle *style);

G_END_DECLS
