/* isobar-latency-graph-paint.c: drawing the latency graph with cairo: where
 * it goes in the widget, its logarithmic scale, the colours of the levels of
 * lateness, and the grid, the bars and the threshold lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "isobar-chart-layer.h"
#include "isobar-chart-text.h"
#include "isobar-latency-graph-private.h"

/* Layout, px */
#define AXIS_WIDTH   54.0
#define PAD_RIGHT    10.0
#define PAD_TOP       8.0
#define AXIS_HEIGHT  20.0
#define LABEL_SCALE   0.8

/* The decades left of the axis. */
static const IsobarChartTextStyle decade_style = { .xalign = 1.0, .yalign = 0.5, .scale = LABEL_SCALE };

/* The scale: log10 from 1 ms to 10 s, the decade of the three lines
 * (10…100 ms) drawn taller than the others so that their labels fit. */
static const double decade_weight[] = { 1.0, 1.6, 1.0, 1.0 };
#define N_DECADES G_N_ELEMENTS (decade_weight)

/* The highest line a stall crosses, which gives it its colour */
typedef enum
{
  LEVEL_OK,
  LEVEL_FRAME,
  LEVEL_LONG_TASK,
  LEVEL_INPUT,
  N_LEVELS
} Level;

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

gboolean
_isobar_latency_graph_compute_layout (IsobarLatencyGraph *self,
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

gboolean
_isobar_latency_graph_sample_columns (const Layout *l,
                                      const Sample *sample,
                                      int          *first,
                                      int          *last)
{
  double per_us = (double) l->n_columns / WINDOW_US;
  double x0 = l->n_columns - (l->now - sample->time_us) * per_us;
  double x1 = l->n_columns - (l->now - _isobar_latency_graph_sample_end (sample)) * per_us;

  *first = (int) floor (x0);
  *last = MAX (*first, (int) ceil (x1) - 1);
  if (*last < 0 || *first >= l->n_columns)
    return FALSE;

  *first = MAX (*first, 0);
  *last = MIN (*last, l->n_columns - 1);

  return TRUE;
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
      isobar_chart_set_source (cr, fg, 1.0);
      isobar_chart_text_draw (GTK_WIDGET (self), cr, _(decades[i].label), l->left - 6, y, &decade_style);
    }

  /* Every 10 s, labelled as seconds before now */
  for (int seconds = ISOBAR_LATENCY_GRAPH_SECONDS; seconds >= 0; seconds -= 10)
    {
      double x = round (l->right - (l->right - l->left) * seconds / ISOBAR_LATENCY_GRAPH_SECONDS) + 0.5;
      g_autofree char *label = NULL;
      /* Below the line; the first and last inside the plot. */
      const IsobarChartTextStyle style = {
        .xalign = seconds == ISOBAR_LATENCY_GRAPH_SECONDS ? 0.0 : seconds == 0 ? 1.0 : 0.5,
        .yalign = 0.0,
        .scale = LABEL_SCALE,
      };

      isobar_chart_set_source (cr, fg, 0.1);
      cairo_move_to (cr, x, l->top);
      cairo_line_to (cr, x, l->bottom);
      cairo_stroke (cr);

      if (seconds == 0)
        label = g_strdup (_("now"));
      else
        /* Translators: on the time axis, "−20 s": 20 seconds ago */
        label = g_strdup_printf (_("−%d s"), seconds);

      isobar_chart_set_source (cr, fg, 1.0);
      isobar_chart_text_draw (GTK_WIDGET (self), cr, label, x, l->bottom + 3, &style);
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
      const Sample *sample = _isobar_latency_graph_sample_at (self, i);
      int first, last;

      if (!_isobar_latency_graph_sample_columns (l, sample, &first, &last))
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
  /* Above the line, on a plate: the bars may pass behind. */
  const IsobarChartTextStyle style = { .xalign = 0.0, .yalign = 1.0, .scale = LABEL_SCALE, .plate = plate };
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

      isobar_chart_text_draw (GTK_WIDGET (self), cr, lines[i].label, l->left + 6, y - 1, &style);
    }
}

/* What the grid and the thresholds look like besides the widget's size
 * and scale: when any of it changes, their layers are drawn again. */
typedef struct
{
  GdkRGBA fg;
  GdkRGBA plate;
  GdkRGBA level_colors[N_LEVELS];
  guint   font_serial;
} StaticKey;

typedef struct
{
  IsobarLatencyGraph *self;
  const Layout       *l;
  const StaticKey    *key;
} StaticDraw;

static void
draw_below (cairo_t  *cr,
            gpointer  user_data)
{
  const StaticDraw *d = user_data;

  draw_grid (d->self, cr, d->l, &d->key->fg);
}

static void
draw_above (cairo_t  *cr,
            gpointer  user_data)
{
  const StaticDraw *d = user_data;

  draw_thresholds (d->self, cr, d->l, d->key->level_colors, &d->key->plate);
}

void
_isobar_latency_graph_paint (IsobarLatencyGraph *self,
                             GtkSnapshot        *snapshot,
                             const Layout       *l)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  StaticKey key;
  StaticDraw d = { self, l, &key };
  cairo_t *cr;

  /* Zeroed whole: the key is compared byte for byte. */
  memset (&key, 0, sizeof key);
  key.fg = isobar_chart_get_foreground (ISOBAR_CHART (self));
  key.font_serial = pango_context_get_serial (gtk_widget_get_pango_context (widget));

  /* Quiet grey below a frame; then the accent, warning and error colours
   * of the style, which libadwaita lightens in the dark style. */
  key.level_colors[LEVEL_OK] = key.fg;
  key.level_colors[LEVEL_OK].alpha *= 0.45;
  key.level_colors[LEVEL_FRAME] = isobar_chart_lookup_color (ISOBAR_CHART (self), "accent_color", "#1c71d8");
  key.level_colors[LEVEL_LONG_TASK] = isobar_chart_lookup_color (ISOBAR_CHART (self), "warning_color", "#9c6e03");
  key.level_colors[LEVEL_INPUT] = isobar_chart_lookup_color (ISOBAR_CHART (self), "error_color", "#c01c28");
  key.plate = isobar_chart_lookup_color (ISOBAR_CHART (self), "window_bg_color", "#fafafa");

  /* The bars change with every redraw, ten times a second while samples
   * come; the grid under them and the threshold lines over them only with
   * the size and the style, so those are painted from images
   * (isobar-chart-layer.c): a redraw is then two composites and a few
   * hundred rectangles, not the grid's paths and a dozen labels shaped and
   * antialiased again (BENCHMARKS.md §5h). */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  isobar_chart_layer_paint (self->below, cr, width, height, scale, &key, sizeof key, draw_below, &d);
  draw_bars (self, cr, l, key.level_colors);
  isobar_chart_layer_paint (self->above, cr, width, height, scale, &key, sizeof key, draw_above, &d);
  cairo_destroy (cr);
}
