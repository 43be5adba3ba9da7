/* isobar-chart-text.c: text in the charts drawn with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-chart.h"
#include "isobar-chart-text.h"

PangoLayout *
isobar_chart_text_layout (GtkWidget  *widget,
                          const char *text,
                          double      scale,
                          gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *desc;
  int size;

  desc = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));
  size = (int) (pango_font_description_get_size (desc) * scale);
  if (pango_font_description_get_size_is_absolute (desc))
    pango_font_description_set_absolute_size (desc, size);
  else
    pango_font_description_set_size (desc, size);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  return layout;
}

int
isobar_chart_text_width (GtkWidget  *widget,
                         const char *text,
                         double      scale)
{
  g_autoptr(PangoLayout) layout = isobar_chart_text_layout (widget, text, scale, FALSE);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

void
isobar_chart_text_show (cairo_t     *cr,
                        PangoLayout *layout,
                        double       x,
                        double       y,
                        double       xalign,
                        double       yalign)
{
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, round (x - width * xalign), round (y - height * yalign));
  pango_cairo_show_layout (cr, layout);
}

void
isobar_chart_text_draw (GtkWidget                  *widget,
                        cairo_t                    *cr,
                        const char                 *text,
                        double                      x,
                        double                      y,
                        const IsobarChartTextStyle *style)
{
  g_autoptr(PangoLayout) layout = isobar_chart_text_layout (widget, text, style->scale, style->bold);
  int width, height;
  double left;

  pango_layout_get_pixel_size (layout, &width, &height);
  left = x - width * style->xalign;
  if (style->inside)
    left = CLAMP (left, 0, MAX (0, gtk_widget_get_width (widget) - width));
  left = round (left);
  y = round (y - height * style->yalign);

  if (style->plate != NULL)
    {
      cairo_save (cr);
      isobar_chart_set_source (cr, style->plate, 0.85);
      cairo_rectangle (cr, left - 3, y, width + 6, height);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  cairo_move_to (cr, left, y);
  pango_cairo_show_layout (cr, layout);
}
