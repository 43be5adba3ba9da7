/* isobar-latency-graph.c: the live graph of main-loop lateness.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "isobar-draw-mark.h"
#include "isobar-chart-text.h"
#include "isobar-latency-graph.h"
#include "isobar-run-metric.h"

/* A probe every 5 ms for the whole window */
#define RING_CAPACITY       (ISOBAR_LATENCY_GRAPH_SECONDS * 200)
#define WINDOW_US           ((gint64) ISOBAR_LATENCY_GRAPH_SECONDS * G_USEC_PER_SEC)

/* How often the picture and the words follow new samples, ms */
#define REDRAW_INTERVAL     100
#define REDRAW_INTERVAL_STILL 1000
#define SUMMARY_INTERVAL    250

/* Layout, px */
#define AXIS_WIDTH   54.0
#define PAD_RIGHT    10.0
#define PAD_TOP       8.0
#define AXIS_HEIGHT  20.0

/* The scale: log10 from 1 ms to 10 s, the decade of the three lines
 * (10…100 ms) drawn taller than the others so that their labels fit. */
static const double decade_weight[] = { 1.0, 1.6, 1.0, 1.0 };
#define N_DECADES G_N_ELEMENTS (decade_weight)

typedef struct
{
  gint64 time_us;
  double lateness_ms;
} Sample;

typedef enum
{
  LEVEL_OK,
  LEVEL_FRAME,
  LEVEL_LONG_TASK,
  LEVEL_INPUT,
  N_LEVELS
} Level;

struct _IsobarLatencyGraph
{
  IsobarChart parent_instance;

  /* Owned */
  Sample                *ring;          /* RING_CAPACITY, oldest at head */
  guint                  head;
  guint                  length;
  char                  *summary;
  gboolean               summary_valid;
  gint64                 summary_expiry;  /* when its oldest sample leaves the window */
  char                  *description;     /* the summary the accessible has */
  IsobarLatencyWatchdog *watchdog;
  gulong                 sample_handler;
  guint                  redraw_id;
  guint                  accessible_id;
  guint                  tick_id;
};

G_DEFINE_FINAL_TYPE (IsobarLatencyGraph, isobar_latency_graph, ISOBAR_TYPE_CHART)

static const Sample *
sample_at (IsobarLatencyGraph *self,
           guint               i)
{
  return &self->ring[(self->head + i) % RING_CAPACITY];
}

/* When the loop answered again: the end of the stall. */
static gint64
sample_end (const Sample *sample)
{
  return sample->time_us + (gint64) (sample->lateness_ms * 1000.0);
}

static gboolean
in_window (const Sample *sample,
           gint64        now)
{
  return sample_end (sample) >= now - WINDOW_US;
}

/* Samples arrive in order: the expired ones are at the head. */
static void
prune (IsobarLatencyGraph *self,
       gint64              now)
{
  while (self->length > 0 && !in_window (sample_at (self, 0), now))
    {
      self->head = (self->head + 1) % RING_CAPACITY;
      self->length--;
    }
}

static Level
level_of (double lateness_ms)
{
  if (lateness_ms >= ISOBAR_RAIL_INPUT_MS)
    return LEVEL_INPUT;
  if (lateness_ms >= ISOBAR_LONG_TASK_MS)
    return LEVEL_LONG_TASK;
  if (lateness_ms >= ISOBAR_RAIL_FRAME_MS)
    return LEVEL_FRAME;

  return LEVEL_OK;
}

/* Summary */

static char *
build_summary (IsobarLatencyGraph *self,
               gint64              now,
               gint64             *expiry)
{
  g_autoptr(GArray) values = g_array_sized_new (FALSE, FALSE, sizeof (double), self->length);
  g_autofree char *worst = NULL;
  g_autofree char *median = NULL;
  g_autofree char *stalls = NULL;
  IsobarLatencyStats stats;

  *expiry = G_MAXINT64;
  for (guint i = 0; i < self->length; i++)
    if (in_window (sample_at (self, i), now))
      {
        g_array_append_val (values, sample_at (self, i)->lateness_ms);
        *expiry = MIN (*expiry, sample_end (sample_at (self, i)) + WINDOW_US);
      }

  if (values->len == 0)
    return g_strdup (_("No measurements yet"));

  isobar_latency_stats_compute (&stats, (const double *) values->data, values->len);
  worst = isobar_run_metric_format_ms (stats.max);
  median = isobar_run_metric_format_ms (stats.p50);
  /* Translators: stalls are stretches when the app did not respond */
  stalls = g_strdup_printf (ngettext ("%u stall over 50 ms", "%u stalls over 50 ms", stats.long_tasks),
                            stats.long_tasks);

  /* Translators: the lateness graph in words: "Worst 2.3 s; 4 stalls over
   * 50 ms; median 0.2 ms" */
  return g_strdup_printf (_("Worst %s; %s; median %s"), worst, stalls, median);
}

const char *
isobar_latency_graph_get_summary (IsobarLatencyGraph *self)
{
  gint64 now;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_GRAPH (self), NULL);

  /* The words change with a new sample, or when one leaves the window. */
  now = g_get_monotonic_time ();
  if (!self->summary_valid || now > self->summary_expiry)
    {
      g_free (self->summary);
      self->summary = build_summary (self, now, &self->summary_expiry);
      self->summary_valid = TRUE;
    }

  return self->summary;
}

static void
update_accessible (IsobarLatencyGraph *self)
{
  const char *summary = isobar_latency_graph_get_summary (self);

  if (g_strcmp0 (summary, self->description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

/* Timers: only while mapped, so a hidden graph costs nothing but the
 * bookkeeping of its samples. */

static gboolean
redraw_cb (gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency graph updated"));
  IsobarLatencyGraph *self = user_data;

  self->redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static gboolean
accessible_cb (gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency graph summary updated"));
  IsobarLatencyGraph *self = user_data;

  self->accessible_id = 0;
  update_accessible (self);

  return G_SOURCE_REMOVE;
}

/* Keeps the graph scrolling when no sample arrives (a stalled or stopped
 * watchdog), and the words current as samples age out. */
static gboolean
tick_cb (gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency graph updated"));
  IsobarLatencyGraph *self = user_data;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
animations_enabled (IsobarLatencyGraph *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);

  return enabled;
}

static void
schedule_updates (IsobarLatencyGraph *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  /* Without animations the graph moves in one-second steps. */
  if (self->redraw_id == 0)
    self->redraw_id = g_timeout_add (animations_enabled (self) ? REDRAW_INTERVAL : REDRAW_INTERVAL_STILL,
                                     redraw_cb, self);
  if (self->accessible_id == 0)
    self->accessible_id = g_timeout_add (SUMMARY_INTERVAL, accessible_cb, self);
}

static void
stop_timers (IsobarLatencyGraph *self)
{
  g_clear_handle_id (&self->redraw_id, g_source_remove);
  g_clear_handle_id (&self->accessible_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* Samples */

static void
append (IsobarLatencyGraph *self,
        gint64              time_us,
        double              lateness_ms)
{
  if (!isfinite (lateness_ms))
    return;

  if (self->length == RING_CAPACITY)
    {
      self->head = (self->head + 1) % RING_CAPACITY;
      self->length--;
    }

  self->ring[(self->head + self->length) % RING_CAPACITY] = (Sample) { time_us, MAX (lateness_ms, 0.0) };
  self->length++;
  self->summary_valid = FALSE;
}

void
isobar_latency_graph_add_sample (IsobarLatencyGraph *self,
                                 gint64              time_us,
                                 double              lateness_ms)
{
  g_return_if_fail (ISOBAR_IS_LATENCY_GRAPH (self));

  append (self, time_us, lateness_ms);
  prune (self, g_get_monotonic_time ());
  schedule_updates (self);
}

void
isobar_latency_graph_clear (IsobarLatencyGraph *self)
{
  g_return_if_fail (ISOBAR_IS_LATENCY_GRAPH (self));

  self->head = 0;
  self->length = 0;
  self->summary_valid = FALSE;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
isobar_latency_graph_get_n_samples (IsobarLatencyGraph *self)
{
  gint64 now;
  guint n = 0;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_GRAPH (self), 0);

  now = g_get_monotonic_time ();
  for (guint i = 0; i < self->length; i++)
    if (in_window (sample_at (self, i), now))
      n++;

  return n;
}

double
isobar_latency_graph_get_max_ms (IsobarLatencyGraph *self)
{
  gint64 now;
  double max = 0;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_GRAPH (self), 0);

  now = g_get_monotonic_time ();
  for (guint i = 0; i < self->length; i++)
    if (in_window (sample_at (self, i), now))
      max = MAX (max, sample_at (self, i)->lateness_ms);

  return max;
}

static void
on_sample (IsobarLatencyGraph    *self,
           gint64                 time_us,
           double                 lateness_ms,
           IsobarLatencyWatchdog *watchdog)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency sample shown"));
  isobar_latency_graph_add_sample (self, time_us, lateness_ms);
}

void
isobar_latency_graph_set_watchdog (IsobarLatencyGraph    *self,
                                   IsobarLatencyWatchdog *watchdog)
{
  g_autoptr(GArray) trace = NULL;

  g_return_if_fail (ISOBAR_IS_LATENCY_GRAPH (self));
  g_return_if_fail (watchdog == NULL || ISOBAR_IS_LATENCY_WATCHDOG (watchdog));

  if (self->watchdog == watchdog)
    return;

  g_clear_signal_handler (&self->sample_handler, self->watchdog);
  g_clear_object (&self->watchdog);

  if (watchdog == NULL)
    return;

  self->watchdog = g_object_ref (watchdog);
  self->head = 0;
  self->length = 0;

  trace = isobar_latency_watchdog_get_trace (watchdog);
  for (guint i = 0; i < trace->len; i++)
    {
      const IsobarLatencySample *sample = &g_array_index (trace, IsobarLatencySample, i);

      append (self, sample->time_us, sample->lateness_us / 1000.0);
    }
  prune (self, g_get_monotonic_time ());

  self->sample_handler = g_signal_connect_swapped (watchdog, "sample", G_CALLBACK (on_sample), self);

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

IsobarLatencyWatchdog *
isobar_latency_graph_get_watchdog (IsobarLatencyGraph *self)
{
  g_return_val_if_fail (ISOBAR_IS_LATENCY_GRAPH (self), NULL);

  return self->watchdog;
}

/* Drawing */

typedef struct
{
  double  left, right, top, bottom;
  int     n_columns;
  gint64  now;
} Layout;

static gboolean
compute_layout (IsobarLatencyGraph *self,
                Layout             *l)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  l->left = AXIS_WIDTH;
  l->right = width - PAD_RIGHT;
  l->top = PAD_TOP;
  l->bottom = height - AXIS_HEIGHT;
  l->n_columns = (int) floor (l->right - l->left);
  l->now = g_get_monotonic_time ();

  return l->n_columns > 10 && l->bottom - l->top > 20;
}

/* 0 at 1 ms (and below), 1 at 10 s (and above) */
static double
scale_position (double ms)
{
  double total = 0, position = 0, exponent;
  guint decade;

  for (guint i = 0; i < N_DECADES; i++)
    total += decade_weight[i];

  if (!(ms > 1.0))
    return 0;
  exponent = log10 (ms);
  if (exponent >= N_DECADES)
    return 1;

  decade = (guint) floor (exponent);
  for (guint i = 0; i < decade; i++)
    position += decade_weight[i];
  position += decade_weight[decade] * (exponent - decade);

  return position / total;
}

static double
y_of (const Layout *l,
      double        ms)
{
  return l->bottom - scale_position (ms) * (l->bottom - l->top);
}

/* The columns (0…n_columns − 1) the stall of @sample covers; FALSE when it
 * is off the graph. */
static gboolean
sample_columns (const Layout *l,
                const Sample *sample,
                int          *first,
                int          *last)
{
  double per_us = (double) l->n_columns / WINDOW_US;
  double x0 = l->n_columns - (l->now - sample->time_us) * per_us;
  double x1 = l->n_columns - (l->now - sample_end (sample)) * per_us;

  *first = (int) floor (x0);
  *last = MAX (*first, (int) ceil (x1) - 1);
  if (*last < 0 || *first >= l->n_columns)
    return FALSE;

  *first = MAX (*first, 0);
  *last = MIN (*last, l->n_columns - 1);

  return TRUE;
}

static GdkRGBA
lookup_color (IsobarLatencyGraph *self,
              const char         *name,
              const char         *fallback)
{
  GdkRGBA color;
  gboolean found;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), name, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (!found)
    gdk_rgba_parse (&color, fallback);

  return color;
}

/* Draws @text with its anchor at (@x, @y), aligned as @xalign and @yalign
 * (0 left/top … 1 right/bottom), on a plate of @plate when not NULL. */
static void
draw_text (IsobarLatencyGraph *self,
           cairo_t            *cr,
           const char         *text,
           double              x,
           double              y,
           double              xalign,
           double              yalign,
           const GdkRGBA      *color,
           const GdkRGBA      *plate)
{
  g_autoptr(PangoLayout) layout = isobar_chart_text_layout (GTK_WIDGET (self), text, 0.8, FALSE);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  x = round (x - width * xalign);
  y = round (y - height * yalign);

  if (plate != NULL)
    {
      isobar_chart_set_source (cr, plate, 0.85);
      cairo_rectangle (cr, x - 3, y, width + 6, height);
      cairo_fill (cr);
    }

  isobar_chart_set_source (cr, color, 1.0);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_grid (IsobarLatencyGraph *self,
           cairo_t            *cr,
           const Layout       *l,
           const GdkRGBA      *fg)
{
  static const struct { double ms; const char *label; } decades[] = {
    { 1, N_("1 ms") }, { 10, N_("10 ms") }, { 1000, N_("1 s") }, { 10000, N_("10 s") },
  };

  cairo_set_line_width (cr, 1);

  for (guint i = 0; i < G_N_ELEMENTS (decades); i++)
    {
      double y = round (y_of (l, decades[i].ms)) + 0.5;

      isobar_chart_set_source (cr, fg, 0.1);
      cairo_move_to (cr, l->left, y);
      cairo_line_to (cr, l->right, y);
      cairo_stroke (cr);
      draw_text (self, cr, _(decades[i].label), l->left - 6, y, 1.0, 0.5, fg, NULL);
    }

  /* Every 10 s, labelled as seconds before now */
  for (int seconds = ISOBAR_LATENCY_GRAPH_SECONDS; seconds >= 0; seconds -= 10)
    {
      double x = round (l->right - (l->right - l->left) * seconds / ISOBAR_LATENCY_GRAPH_SECONDS) + 0.5;
      g_autofree char *label = NULL;
      double xalign = seconds == ISOBAR_LATENCY_GRAPH_SECONDS ? 0.0 : seconds == 0 ? 1.0 : 0.5;

      isobar_chart_set_source (cr, fg, 0.1);
      cairo_move_to (cr, x, l->top);
      cairo_line_to (cr, x, l->bottom);
      cairo_stroke (cr);

      if (seconds == 0)
        label = g_strdup (_("now"));
      else
        /* Translators: on the time axis, "−20 s": 20 seconds ago */
        label = g_strdup_printf (_("−%d s"), seconds);

      isobar_chart_set_source (cr, fg, 0.7);
      draw_text (self, cr, label, x, l->bottom + 3, xalign, 0.0, fg, NULL);
    }
}

static void
draw_bars (IsobarLatencyGraph *self,
           cairo_t            *cr,
           const Layout       *l,
           const GdkRGBA      *level_colors)
{
  g_autofree double *column_max = g_new0 (double, l->n_columns);
  int start = 0;

  /* Several probes share a pixel: each column shows the worst. */
  for (guint i = 0; i < self->length; i++)
    {
      const Sample *sample = sample_at (self, i);
      int first, last;

      if (!sample_columns (l, sample, &first, &last))
        continue;
      for (int c = first; c <= last; c++)
        column_max[c] = MAX (column_max[c], sample->lateness_ms);
    }

  /* Runs of equal columns as one rectangle */
  for (int c = 1; c <= l->n_columns; c++)
    {
      double value = column_max[start];
      double y;

      if (c < l->n_columns && column_max[c] == value)
        continue;

      y = y_of (l, value);
      if (y < l->bottom)
        {
          const GdkRGBA *color = &level_colors[level_of (value)];

          isobar_chart_set_source (cr, color, 1.0);
          cairo_rectangle (cr, l->left + start, y, c - start, l->bottom - y);
          cairo_fill (cr);
        }
      start = c;
    }

  /* The baseline */
  isobar_chart_set_source (cr, &level_colors[LEVEL_OK], 1.0);
  cairo_rectangle (cr, l->left, l->bottom - 1, l->right - l->left, 1);
  cairo_fill (cr);
}

static void
draw_thresholds (IsobarLatencyGraph *self,
                 cairo_t            *cr,
                 const Layout       *l,
                 const GdkRGBA      *level_colors,
                 const GdkRGBA      *plate)
{
  static const double dash[] = { 6, 3 };
  const struct { double ms; Level level; const char *label; } lines[] = {
    /* Translators: labels of lines on the lateness graph */
    { ISOBAR_RAIL_FRAME_MS, LEVEL_FRAME, _("Frame 16.7 ms") },
    { ISOBAR_LONG_TASK_MS, LEVEL_LONG_TASK, _("Long task 50 ms") },
    { ISOBAR_RAIL_INPUT_MS, LEVEL_INPUT, _("Input 100 ms") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      double y = round (y_of (l, lines[i].ms)) + 0.5;
      const GdkRGBA *color = &level_colors[lines[i].level];

      isobar_chart_set_source (cr, color, 1.0);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, l->left, y);
      cairo_line_to (cr, l->right, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      draw_text (self, cr, lines[i].label, l->left + 6, y - 1, 0.0, 1.0, color, plate);
    }
}

static void
isobar_latency_graph_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("latency graph drawn"), widget);
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (widget);
  GdkRGBA fg, plate, level_colors[N_LEVELS];
  Layout l;
  cairo_t *cr;

  if (!compute_layout (self, &l))
    return;

  prune (self, l.now);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* Quiet grey below a frame; then the accent, warning and error colours
   * of the style, which libadwaita lightens in the dark style. */
  level_colors[LEVEL_OK] = fg;
  level_colors[LEVEL_OK].alpha *= 0.45;
  level_colors[LEVEL_FRAME] = lookup_color (self, "accent_color", "#1c71d8");
  level_colors[LEVEL_LONG_TASK] = lookup_color (self, "warning_color", "#9c6e03");
  level_colors[LEVEL_INPUT] = lookup_color (self, "error_color", "#c01c28");
  plate = lookup_color (self, "window_bg_color", "#fafafa");

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0,
                                                                 gtk_widget_get_width (widget),
                                                                 gtk_widget_get_height (widget)));
  draw_grid (self, cr, &l, &fg);
  draw_bars (self, cr, &l, level_colors);
  draw_thresholds (self, cr, &l, level_colors, &plate);
  cairo_destroy (cr);
}

static char *
isobar_latency_graph_describe_at (IsobarChart *chart,
                                  double       x,
                                  double       y)
{
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (chart);
  const Sample *worst = NULL;
  g_autofree char *lateness = NULL;
  g_autofree char *text = NULL;
  Layout l;
  int column, seconds;

  if (!compute_layout (self, &l))
    return NULL;

  column = (int) floor (x - l.left);
  if (column < 0 || column >= l.n_columns)
    return NULL;

  for (guint i = 0; i < self->length; i++)
    {
      const Sample *sample = sample_at (self, i);
      int first, last;

      if (sample_columns (&l, sample, &first, &last) && first <= column && column <= last &&
          (worst == NULL || sample->lateness_ms > worst->lateness_ms))
        worst = sample;
    }

  if (worst == NULL)
    return NULL;

  lateness = isobar_run_metric_format_ms (worst->lateness_ms);
  seconds = (int) MAX (0, (l.now - worst->time_us) / G_USEC_PER_SEC);
  /* Translators: a tooltip on the lateness graph: "2.3 s late, 12 seconds ago" */
  text = g_strdup_printf (ngettext ("%s late, %d second ago", "%s late, %d seconds ago", seconds),
                          lateness, seconds);
  return g_steal_pointer (&text);
}

static void
isobar_latency_graph_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 240, *natural = 720;
  else
    *minimum = 170, *natural = 200;
}

static void
isobar_latency_graph_map (GtkWidget *widget)
{
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (widget);

  GTK_WIDGET_CLASS (isobar_latency_graph_parent_class)->map (widget);

  update_accessible (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
isobar_latency_graph_unmap (GtkWidget *widget)
{
  stop_timers (ISOBAR_LATENCY_GRAPH (widget));

  GTK_WIDGET_CLASS (isobar_latency_graph_parent_class)->unmap (widget);
}

static void
isobar_latency_graph_dispose (GObject *object)
{
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (object);

  stop_timers (self);
  g_clear_signal_handler (&self->sample_handler, self->watchdog);
  g_clear_object (&self->watchdog);

  G_OBJECT_CLASS (isobar_latency_graph_parent_class)->dispose (object);
}

static void
isobar_latency_graph_finalize (GObject *object)
{
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (object);

  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (isobar_latency_graph_parent_class)->finalize (object);
}

static void
isobar_latency_graph_class_init (IsobarLatencyGraphClass *klass)
{
  IsobarChartClass *chart_class = ISOBAR_CHART_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_latency_graph_dispose;
  object_class->finalize = isobar_latency_graph_finalize;

  widget_class->snapshot = isobar_latency_graph_snapshot;
  widget_class->measure = isobar_latency_graph_measure;
  widget_class->map = isobar_latency_graph_map;
  widget_class->unmap = isobar_latency_graph_unmap;

  chart_class->describe_at = isobar_latency_graph_describe_at;

  gtk_widget_class_set_css_name (widget_class, "isobar-latency-graph");
}

static void
isobar_latency_graph_init (IsobarLatencyGraph *self)
{
  self->ring = g_new (Sample, RING_CAPACITY);


  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main-loop lateness, last 30 seconds"),
                                  -1);
  update_accessible (self);
}

GtkWidget *
isobar_latency_graph_new (void)
{
  return g_object_new (ISOBAR_TYPE_LATENCY_GRAPH, NULL);
}
