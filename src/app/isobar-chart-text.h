/* isobar-chart-text.h: text in the charts drawn with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A layout of @text in @widget's font, @scale times its size, bold when
 * asked. A font given in pixels stays in pixels (a point size would grow
 * with the screen's DPI). */
PangoLayout *isobar_chart_text_layout (GtkWidget   *widget,
                                       const char  *text,
                                       double       scale,
                                       gboolean     bold);
/* The width in pixels of @text as isobar_chart_text_layout() lays it out. */
int          isobar_chart_text_width  (GtkWidget   *widget,
                                       const char  *text,
                                       double       scale);
/* Shows @layout with its anchor at (@x, @y), on whole pixels: @xalign and
 * @yalign 0 for the left or top, 0.5 for the centre, 1 for the right or
 * bottom. */
void         isobar_chart_text_show   (cairo_t     *cr,
                                       PangoLayout *layout,
                                       double       x,
                                       double       y,
                                       double       xalign,
                                       double       yalign);
/* Both: @text laid out and shown at (@x, @y). */
void         isobar_chart_text_draw   (GtkWidget   *widget,
                                       cairo_t     *cr,
                                       const char  *text,
                                       double       x,
                                       double       y,
                                       double       xalign,
                                       double       yalign,
                                       double       scale,
                                       gboolean     bold);

G_END_DECLS
