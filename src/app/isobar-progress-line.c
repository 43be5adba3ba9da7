/* isobar-progress-line.c: a progress bar whose changes only redraw.
 *
 * GtkProgressBar queues an allocation on every set_fraction (), which lays
 * the whole window out again; on X11 each layout of a toplevel asks the X
 * server for the monitor's work area (round trips in
 * gdk_x11_monitor_get_workarea). A run's progress changes ten times a
 * second, so the bars of the climate page and the responsiveness panel are
 * drawn here instead: same look (Adwaita's trough and accent fill, 6 px
 * with rounded ends), same accessible role and values, and a change queues
 * a draw only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-progress-line.h"

#define LINE_HEIGHT     6
/* The activity block: its share of the width, and its step per pulse. */
#define BLOCK_FRACTION  0.2
#define PULSE_STEP      0.1

struct _IsobarProgressLine
{
  IsobarChart parent_instance;

  double      fraction;        /* NaN: unknown */
  double      block_position;  /* 0…1: where the activity block starts */
  int         block_direction; /* +1 or -1 */
};

G_DEFINE_FINAL_TYPE (IsobarProgressLine, isobar_progress_line, ISOBAR_TYPE_CHART)

enum {
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rounded_bar (cairo_t *cr,
             double   x,
             double   y,
             double   width,
             double   height)
{
  double r = height / 2;

  if (width < height)
    width = height;
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - r, y + r, r, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, x + r, y + r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
isobar_progress_line_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  IsobarProgressLine *self = ISOBAR_PROGRESS_LINE (widget);
  IsobarChart *chart = ISOBAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double y = floor ((height - LINE_HEIGHT) / 2.0);
  GdkRGBA foreground = isobar_chart_get_foreground (chart);
  GdkRGBA accent = isobar_chart_lookup_color (chart, "accent_bg_color", "#3584e4");
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The trough: the text colour, faint, as Adwaita's. */
  isobar_chart_set_source (cr, &foreground, 0.15);
  rounded_bar (cr, 0, y, width, LINE_HEIGHT);
  cairo_fill (cr);

  isobar_chart_set_source (cr, &accent, 1.0);
  if (isnan (self->fraction))
    rounded_bar (cr, self->block_position * (1 - BLOCK_FRACTION) * width, y,
                 BLOCK_FRACTION * width, LINE_HEIGHT);
  else if (self->fraction > 0)
    rounded_bar (cr, 0, y, self->fraction * width, LINE_HEIGHT);
  cairo_fill (cr);

  cairo_destroy (cr);
}

static void
update_accessible (IsobarProgressLine *self)
{
  if (isnan (self->fraction))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->fraction,
                                    -1);
}

static void
isobar_progress_line_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IsobarProgressLine *self = ISOBAR_PROGRESS_LINE (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, isnan (self->fraction) ? -1 : self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_progress_line_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IsobarProgressLine *self = ISOBAR_PROGRESS_LINE (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      isobar_progress_line_set_fraction (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_progress_line_class_init (IsobarProgressLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = isobar_progress_line_get_property;
  object_class->set_property = isobar_progress_line_set_property;
  widget_class->snapshot = isobar_progress_line_snapshot;

  /* IsobarProgressLine:fraction: 0…1, or -1 while unknown. */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  isobar_chart_class_set_size (ISOBAR_CHART_CLASS (klass), 32, 32, LINE_HEIGHT, LINE_HEIGHT);
  gtk_widget_class_set_css_name (widget_class, "isobar-progress-line");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
isobar_progress_line_init (IsobarProgressLine *self)
{
  self->block_direction = 1;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0,
                                  -1);
}

GtkWidget *
isobar_progress_line_new (void)
{
  return g_object_new (ISOBAR_TYPE_PROGRESS_LINE, NULL);
}

void
isobar_progress_line_set_fraction (IsobarProgressLine *self,
                                   double              fraction)
{
  g_return_if_fail (ISOBAR_IS_PROGRESS_LINE (self));

  fraction = isnan (fraction) || fraction < 0 ? NAN : MIN (fraction, 1.0);
  if (fraction == self->fraction || (isnan (fraction) && isnan (self->fraction)))
    return;

  self->fraction = fraction;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

double
isobar_progress_line_get_fraction (IsobarProgressLine *self)
{
  g_return_val_if_fail (ISOBAR_IS_PROGRESS_LINE (self), 0);

  return self->fraction;
}

void
isobar_progress_line_pulse (IsobarProgressLine *self)
{
  g_return_if_fail (ISOBAR_IS_PROGRESS_LINE (self));

  isobar_progress_line_set_fraction (self, NAN);
  self->block_position += self->block_direction * PULSE_STEP;
  if (self->block_position >= 1 || self->block_position <= 0)
    {
      self->block_position = CLAMP (self->block_position, 0, 1);
      self->block_direction = -self->block_direction;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
