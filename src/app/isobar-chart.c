/* isobar-chart.c: what the charts share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "isobar-chart.h"

typedef struct
{
  AdwStyleManager *style_manager;  /* (unowned) the default one */
} IsobarChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (IsobarChart, isobar_chart, GTK_TYPE_WIDGET)

static gboolean
isobar_chart_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_mode,
                            GtkTooltip *tooltip)
{
  IsobarChartClass *klass = ISOBAR_CHART_GET_CLASS (widget);
  g_autofree char *text = NULL;

  /* A point under the pointer; the keyboard has none. */
  if (keyboard_mode || klass->describe_at == NULL)
    return FALSE;

  text = klass->describe_at (ISOBAR_CHART (widget), x, y);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
isobar_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  IsobarChartClass *klass = ISOBAR_CHART_GET_CLASS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = klass->min_width, *natural = klass->natural_width;
  else
    *minimum = klass->min_height, *natural = klass->natural_height;

  if (klass->adjust_size != NULL)
    klass->adjust_size (ISOBAR_CHART (widget), orientation, for_size, minimum, natural);
}

/* Not in init: there the class is still this one, not the chart's. */
static void
isobar_chart_constructed (GObject *object)
{
  G_OBJECT_CLASS (isobar_chart_parent_class)->constructed (object);

  gtk_widget_set_has_tooltip (GTK_WIDGET (object), ISOBAR_CHART_GET_CLASS (object)->describe_at != NULL);
}

static void
isobar_chart_class_init (IsobarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isobar_chart_constructed;
  widget_class->measure = isobar_chart_measure;
  widget_class->query_tooltip = isobar_chart_query_tooltip;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
isobar_chart_init (IsobarChart *self)
{
  IsobarChartPrivate *priv = isobar_chart_get_instance_private (self);

  /* Redraw in the other palette when the style flips between light and dark. */
  priv->style_manager = adw_style_manager_get_default ();
  g_signal_connect_object (priv->style_manager, "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);

}

void
isobar_chart_class_set_size (IsobarChartClass *klass,
                             int               min_width,
                             int               natural_width,
                             int               min_height,
                             int               natural_height)
{
  g_return_if_fail (ISOBAR_IS_CHART_CLASS (klass));
  g_return_if_fail (0 <= min_width && min_width <= natural_width);
  g_return_if_fail (0 <= min_height && min_height <= natural_height);

  klass->min_width = min_width;
  klass->natural_width = natural_width;
  klass->min_height = min_height;
  klass->natural_height = natural_height;
}

gboolean
isobar_chart_is_dark (IsobarChart *self)
{
  IsobarChartPrivate *priv = isobar_chart_get_instance_private (self);

  g_return_val_if_fail (ISOBAR_IS_CHART (self), FALSE);

  return adw_style_manager_get_dark (priv->style_manager);
}

GdkRGBA
isobar_chart_get_foreground (IsobarChart *self)
{
  GdkRGBA color;

  /* GTK 4.8 has no other way to read it (gtk_widget_get_color() is 4.10). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return color;
}

void
isobar_chart_set_source (cairo_t       *cr,
                         const GdkRGBA *color,
                         double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

GdkRGBA
isobar_chart_lookup_color (IsobarChart *self,
                           const char  *name,
                           const char  *fallback)
{
  GdkRGBA color;
  gboolean found;

  /* GTK 4.8 has no other way to read a named colour of the style. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), name, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (!found)
    gdk_rgba_parse (&color, fallback);

  return color;
}
