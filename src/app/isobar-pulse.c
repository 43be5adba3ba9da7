/* isobar-pulse.c: an animation that stops when the main loop does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "isobar-draw-mark.h"
#include "isobar-pulse.h"

/* One sweep from end to end, µs: about 250 px/s on the panel's track, a
 * few pixels a frame at 60 Hz, so a missed frame is a visible step. */
#define SWEEP_US      (1200 * 1000)
/* Frames of trail behind the dot. */
#define TRAIL_LENGTH  10
/* A gap between frames longer than this (a long task) is marked... */
#define JUMP_MIN_US   (50 * 1000)
/* ...for this long after the frame that ended it. */
#define JUMP_SHOWN_US (1500 * 1000)

#define DOT_RADIUS    6.0
#define TRACK_HEIGHT  28

typedef struct
{
  gint64 time_us;
  double position;   /* 0…1 along the track */
} TrailPoint;

struct _IsobarPulse
{
  IsobarChart parent_instance;

  /* Borrowed */
  GtkSettings *settings;

  guint        tick_id;          /* while mapped */
  guint64      n_frames;
  gboolean     reduced_motion;
  char        *counter;          /* the text shown with reduced motion */

  TrailPoint   trail[TRAIL_LENGTH];  /* newest first */
  guint        n_trail;

  /* The last long gap: where the dot stopped and where it came back. */
  gint64       jump_time_us;     /* 0: none shown */
  double       jump_from;
  double       jump_to;
};

G_DEFINE_FINAL_TYPE (IsobarPulse, isobar_pulse, ISOBAR_TYPE_CHART)

/* A triangle wave: 0 → 1 → 0 every two sweeps. */
static double
position_at (gint64 time_us)
{
  double phase = fmod ((double) time_us / SWEEP_US, 2.0);

  return phase <= 1.0 ? phase : 2.0 - phase;
}

static char *
format_counter (guint64    n_frames,
                GDateTime *now)
{
  g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n_frames);
  g_autofree char *clock = g_date_time_format (now, "%H:%M:%S");

  /* Translators: the reduced-motion stand-in for the animation, rewritten
   * on every frame: "Frame 1234 · 12:03:04.56" (a frame count, then the
   * time with hundredths of a second) */
  return g_strdup_printf (_("Frame %s · %s.%02d"),
                          count, clock, g_date_time_get_microsecond (now) / 10000);
}

/* Drawn rather than set on a GtkLabel: a label would lay the whole window
 * out again on every frame. */
static void
update_counter (IsobarPulse *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_free (self->counter);
  self->counter = format_counter (self->n_frames, now);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static PangoLayout *
create_counter_layout (IsobarPulse *self,
                       const char  *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  /* Tabular figures: the text does not wobble as the digits change. */
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);

  return layout;
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  IsobarPulse *self = ISOBAR_PULSE (widget);
  gint64 time_us = gdk_frame_clock_get_frame_time (frame_clock);
  TrailPoint point = { time_us, position_at (time_us) };

  self->n_frames++;

  if (self->n_trail > 0 && time_us - self->trail[0].time_us > JUMP_MIN_US)
    {
      self->jump_time_us = time_us;
      self->jump_from = self->trail[0].position;
      self->jump_to = point.position;
    }
  if (self->jump_time_us != 0 && time_us - self->jump_time_us > JUMP_SHOWN_US)
    self->jump_time_us = 0;

  memmove (self->trail + 1, self->trail, (TRAIL_LENGTH - 1) * sizeof (TrailPoint));
  self->trail[0] = point;
  self->n_trail = MIN (self->n_trail + 1, TRAIL_LENGTH);

  if (self->reduced_motion)
    update_counter (self);
  else
    gtk_widget_queue_draw (widget);

  return G_SOURCE_CONTINUE;
}

static void
update_reduced_motion (IsobarPulse *self)
{
  gboolean enable_animations = TRUE;

  g_object_get (self->settings, "gtk-enable-animations", &enable_animations, NULL);
  self->reduced_motion = !enable_animations;

  if (self->reduced_motion)
    update_counter (self);
  self->jump_time_us = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
isobar_pulse_map (GtkWidget *widget)
{
  IsobarPulse *self = ISOBAR_PULSE (widget);

  GTK_WIDGET_CLASS (isobar_pulse_parent_class)->map (widget);

  /* The time it was hidden is not a stall. */
  self->n_trail = 0;
  self->jump_time_us = 0;
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (widget, on_tick, NULL, NULL);
}

static void
isobar_pulse_unmap (GtkWidget *widget)
{
  IsobarPulse *self = ISOBAR_PULSE (widget);

  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (widget, self->tick_id);
  self->tick_id = 0;

  GTK_WIDGET_CLASS (isobar_pulse_parent_class)->unmap (widget);
}

/* With reduced motion: room for the widest text, so that it never asks
 * for more. */
static void
isobar_pulse_adjust_size (IsobarChart    *chart,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural)
{
  IsobarPulse *self = ISOBAR_PULSE (chart);
  g_autoptr(GDateTime) sample_time = NULL;
  g_autofree char *sample = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int text_width, text_height;

  if (!self->reduced_motion)
    return;

  sample_time = g_date_time_new_local (2000, 1, 1, 20, 0, 0);
  sample = format_counter (88888888, sample_time);
  layout = create_counter_layout (self, sample);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (*minimum, text_width);
      *natural = MAX (*natural, text_width);
    }
  else
    *minimum = *natural = MAX (*minimum, text_height);
}

static void
get_colors (GtkWidget *widget,
            GdkRGBA   *foreground,
            GdkRGBA   *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, foreground);
  if (!gtk_style_context_lookup_color (context, "accent_color", accent))
    *accent = *foreground;
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static double
track_x (double position,
         double width)
{
  return DOT_RADIUS + 1 + position * (width - 2 * (DOT_RADIUS + 1));
}

static void
paint_motion (IsobarPulse *self,
              cairo_t     *cr,
              double       width,
              double       height)
{
  GdkRGBA foreground, accent;
  double y = height / 2;

  get_colors (GTK_WIDGET (self), &foreground, &accent);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* The track */
  cairo_set_line_width (cr, 4);
  cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, foreground.alpha * 0.12);
  cairo_move_to (cr, track_x (0, width), y);
  cairo_line_to (cr, track_x (1, width), y);
  cairo_stroke (cr);

  if (self->n_trail == 0)
    return;

  /* The last long gap: a ring where the dot stopped, a dashed line to where
   * it came back, fading out. */
  if (self->jump_time_us != 0)
    {
      double age = (double) (self->trail[0].time_us - self->jump_time_us) / JUMP_SHOWN_US;
      double alpha = 0.7 * (1.0 - CLAMP (age, 0.0, 1.0));
      double from = track_x (self->jump_from, width);
      double to = track_x (self->jump_to, width);
      const double dash[] = { 3, 3 };

      cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, foreground.alpha * alpha);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, from, y - DOT_RADIUS - 3);
      cairo_line_to (cr, to, y - DOT_RADIUS - 3);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_arc (cr, from, y, DOT_RADIUS - 0.75, 0, 2 * G_PI);
      cairo_stroke (cr);
    }

  /* The trail: one segment per frame, fading with age. */
  cairo_set_line_width (cr, 3);
  for (guint i = 1; i < self->n_trail; i++)
    {
      double alpha = 0.5 * (1.0 - (double) i / TRAIL_LENGTH);

      cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, accent.alpha * alpha);
      cairo_move_to (cr, track_x (self->trail[i - 1].position, width), y);
      cairo_line_to (cr, track_x (self->trail[i].position, width), y);
      cairo_stroke (cr);
    }

  /* The dot */
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_arc (cr, track_x (self->trail[0].position, width), y, DOT_RADIUS, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
snapshot_counter (IsobarPulse *self,
                  GtkSnapshot *snapshot,
                  double       width,
                  double       height)
{
  g_autoptr(PangoLayout) layout = create_counter_layout (self, self->counter);
  GdkRGBA foreground, accent;
  int text_width, text_height;

  get_colors (GTK_WIDGET (self), &foreground, &accent);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (floor ((width - text_width) / 2),
                                                          floor ((height - text_height) / 2)));
  gtk_snapshot_append_layout (snapshot, layout, &foreground);
  gtk_snapshot_restore (snapshot);
}

static void
isobar_pulse_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("pulse drawn"), widget);
  IsobarPulse *self = ISOBAR_PULSE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->reduced_motion)
    {
      snapshot_counter (self, snapshot, width, height);
      return;
    }

  if (width <= 2 * DOT_RADIUS + 2 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  paint_motion (self, cr, width, height);
  cairo_destroy (cr);
}

static void
isobar_pulse_finalize (GObject *object)
{
  IsobarPulse *self = ISOBAR_PULSE (object);

  g_free (self->counter);

  G_OBJECT_CLASS (isobar_pulse_parent_class)->finalize (object);
}

static void
isobar_pulse_class_init (IsobarPulseClass *klass)
{
  IsobarChartClass *chart_class = ISOBAR_CHART_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = isobar_pulse_finalize;

  widget_class->map = isobar_pulse_map;
  widget_class->unmap = isobar_pulse_unmap;
  widget_class->snapshot = isobar_pulse_snapshot;

  chart_class->adjust_size = isobar_pulse_adjust_size;
  isobar_chart_class_set_size (chart_class, 120, 240, TRACK_HEIGHT, TRACK_HEIGHT);

  gtk_widget_class_set_css_name (widget_class, "isobar-pulse");
}

static void
isobar_pulse_init (IsobarPulse *self)
{
  self->settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_signal_connect_object (self->settings, "notify::gtk-enable-animations",
                           G_CALLBACK (update_reduced_motion), self,
                           G_CONNECT_SWAPPED);
  update_reduced_motion (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Animation: stops when the window freezes"),
                                  -1);
}

GtkWidget *
isobar_pulse_new (void)
{
  return g_object_new (ISOBAR_TYPE_PULSE, NULL);
}

gboolean
isobar_pulse_get_reduced_motion (IsobarPulse *self)
{
  g_return_val_if_fail (ISOBAR_IS_PULSE (self), FALSE);

  return self->reduced_motion;
}

guint64
isobar_pulse_get_n_frames (IsobarPulse *self)
{
  g_return_val_if_fail (ISOBAR_IS_PULSE (self), 0);

  return self->n_frames;
}
