/* isobar-runs-chart.c: the recent runs side by side, as small bar charts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "isobar-model-follow.h"
#include "isobar-draw-mark.h"
#include "isobar-chart-text.h"
#include "isobar-run-metric.h"
#include "isobar-runs-chart.h"

/* Layout, px */
#define CELL_WIDTH_MIN  220
#define CELL_HEIGHT     170
#define CELL_PAD         10.0
#define TITLE_SPACE      24.0
#define NUMBER_SPACE     18.0
#define LEGEND_HEIGHT    30
#define BAR_WIDTH_MAX    40.0
#define TEXT_SCALE        0.8

#define N_LEVELS 3

/* What the chart needs of a run, read once when the model changes */
typedef struct
{
  double              values[ISOBAR_N_RUN_METRICS];  /* NAN: unknown */
  IsobarVerdictLevel  level;
  char               *preset;
  gboolean            python;   /* a run of real Python: hatched bars */
} Run;

struct _IsobarRunsChart
{
  IsobarChart parent_instance;

  /* Owned */
  GListModel      *model;
  gulong           items_changed_handler;
  GArray          *runs;     /* Run */
  char            *summary;
};

G_DEFINE_FINAL_TYPE (IsobarRunsChart, isobar_runs_chart, ISOBAR_TYPE_CHART)

static void
run_clear (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->preset, g_free);
}

static Run *
run_at (IsobarRunsChart *self,
        guint            i)
{
  return &g_array_index (self->runs, Run, i);
}

/* Summary */

static char *
build_summary (IsobarRunsChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->runs->len == 0)
    return g_strdup (_("No runs yet"));

  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = run_at (self, i);
      g_autoptr(GString) values = g_string_new (NULL);

      for (IsobarRunMetric m = 0; m < ISOBAR_N_RUN_METRICS; m++)
        {
          g_autofree char *value = NULL;

          if (isnan (run->values[m]))
            value = g_strdup (_("unknown"));
          else
            value = isobar_run_metric_format (m, run->values[m]);

          if (values->len > 0)
            /* Translators: between the figures of a run in the runs chart's summary */
            g_string_append (values, _("; "));
          /* Translators: a figure in the runs chart's summary: "Wall time 2.3 s" */
          g_string_append_printf (values, _("%s %s"), isobar_run_metric_get_label (m), value);
        }

      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: one run in the runs chart's summary: "Run #2, Recommended,
       * Smooth: Wall time 2.3 s; Longest stall 4.1 ms; …" */
      g_string_append_printf (text, _("Run #%u, %s, %s: %s."),
                              i + 1, run->preset, isobar_verdict_level_label (run->level), values->str);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
isobar_runs_chart_get_summary (IsobarRunsChart *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUNS_CHART (self), NULL);

  return self->summary;
}

/* The model */

static void
reload (IsobarRunsChart *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  g_array_set_size (self->runs, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsobarRunRecord) record = g_list_model_get_item (self->model, i);
      Run run;

      for (IsobarRunMetric m = 0; m < ISOBAR_N_RUN_METRICS; m++)
        isobar_run_metric_get_value (m, record, &run.values[m]);
      run.level = isobar_verdict_level (record);
      run.preset = isobar_run_metric_dup_run_label (record);
      run.python = isobar_run_record_get_python_version (record) != NULL;
      g_array_append_val (self->runs, run);
    }

  g_free (self->summary);
  self->summary = build_summary (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
isobar_runs_chart_set_model (IsobarRunsChart *self,
                             GListModel      *runs)
{
  g_return_if_fail (ISOBAR_IS_RUNS_CHART (self));
  g_return_if_fail (runs == NULL || G_IS_LIST_MODEL (runs));

  if (!isobar_model_follow (&self->model, &self->items_changed_handler, runs, G_CALLBACK (reload), self))
    return;

  reload (self);
}

GListModel *
isobar_runs_chart_get_model (IsobarRunsChart *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUNS_CHART (self), NULL);

  return self->model;
}

/* Layout */

typedef struct
{
  int    columns;
  double cell_width;
} Grid;

static int
columns_for_width (int width)
{
  if (width >= 3 * CELL_WIDTH_MIN)
    return 3;
  if (width >= 2 * CELL_WIDTH_MIN)
    return 2;

  return 1;
}

static int
height_for_columns (int columns)
{
  int rows = (ISOBAR_N_RUN_METRICS + columns - 1) / columns;

  return rows * CELL_HEIGHT + LEGEND_HEIGHT;
}

static void
cell_origin (const Grid      *grid,
             IsobarRunMetric  metric,
             double          *x,
             double          *y)
{
  *x = (metric % grid->columns) * grid->cell_width;
  *y = (metric / grid->columns) * CELL_HEIGHT;
}

/* Drawing */

static void
level_colors (IsobarRunsChart *self,
              GdkRGBA          colors[N_LEVELS])
{
  /* The style's own colours, lighter in the dark style */
  colors[ISOBAR_VERDICT_SMOOTH] = isobar_chart_lookup_color (ISOBAR_CHART (self), "success_color", "#1b8553");
  colors[ISOBAR_VERDICT_JANKY] = isobar_chart_lookup_color (ISOBAR_CHART (self), "warning_color", "#9c6e03");
  colors[ISOBAR_VERDICT_FROZEN] = isobar_chart_lookup_color (ISOBAR_CHART (self), "error_color", "#c01c28");
}

static double
metric_max (IsobarRunsChart *self,
            IsobarRunMetric  metric)
{
  double max = 0;

  for (guint i = 0; i < self->runs->len; i++)
    if (!isnan (run_at (self, i)->values[metric]))
      max = MAX (max, run_at (self, i)->values[metric]);

  return max;
}

/* Stripes over a bar of real Python, so that it reads apart from Isobar's:
 * light on the dark bars of the light style, dark on the light bars of the
 * dark style. */
static void
hatch (IsobarRunsChart *self,
       cairo_t         *cr,
       double           x,
       double           y,
       double           width,
       double           height)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  if (isobar_chart_is_dark (ISOBAR_CHART (self)))
    cairo_set_source_rgba (cr, 0, 0, 0, 0.4);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, 0.5);
  cairo_set_line_width (cr, 2);
  for (double d = -height; d < width; d += 6)
    {
      cairo_move_to (cr, x + d, y + height);
      cairo_line_to (cr, x + d + height, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static gboolean
any_python (IsobarRunsChart *self)
{
  for (guint i = 0; i < self->runs->len; i++)
    if (run_at (self, i)->python)
      return TRUE;

  return FALSE;
}

static void
draw_cell (IsobarRunsChart *self,
           cairo_t         *cr,
           IsobarRunMetric  metric,
           double           x0,
           double           y0,
           double           width,
           const GdkRGBA   *fg,
           const GdkRGBA   *colors)
{
  g_autoptr(PangoLayout) title = isobar_chart_text_layout (GTK_WIDGET (self), isobar_run_metric_get_label (metric), 0.9, TRUE);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = self->runs->len;
  double left = x0 + CELL_PAD, right = x0 + width - CELL_PAD;
  double slot = (right - left) / n;
  double bar_width = MIN (slot * 0.7, BAR_WIDTH_MAX);
  double max = metric_max (self, metric);
  double bottom = y0 + CELL_HEIGHT - CELL_PAD - NUMBER_SPACE;
  double top = y0 + CELL_PAD + TITLE_SPACE;
  double label_space;
  int widest = 0, label_height = 0;
  gboolean rotated;

  isobar_chart_set_source (cr, fg, 1.0);
  isobar_chart_text_show (cr, title, left, y0 + CELL_PAD, 0, 0);

  /* Value labels across the bars when they fit, else up along them */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = isobar_run_metric_format (metric, run_at (self, i)->values[metric]);
      PangoLayout *layout = isobar_chart_text_layout (GTK_WIDGET (self), text, TEXT_SCALE, FALSE);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      widest = MAX (widest, w);
      label_height = MAX (label_height, h);
      g_ptr_array_add (labels, layout);
    }
  rotated = widest > slot - 2;
  label_space = (rotated ? widest : label_height) + 3;

  for (guint i = 0; i < n; i++)
    {
      Run *run = run_at (self, i);
      double cx = left + (i + 0.5) * slot;
      g_autofree char *number = g_strdup_printf ("#%u", i + 1);
      g_autoptr(PangoLayout) number_layout = isobar_chart_text_layout (GTK_WIDGET (self), number, TEXT_SCALE, FALSE);
      PangoLayout *label = g_ptr_array_index (labels, i);
      double bar_top = bottom;

      if (!isnan (run->values[metric]))
        {
          double height = max > 0 ? (bottom - top - label_space) * run->values[metric] / max : 0;

          /* A value above zero stays visible next to a much larger one */
          if (run->values[metric] > 0)
            height = MAX (height, 2);
          bar_top = bottom - height;

          isobar_chart_set_source (cr, &colors[run->level], 1.0);
          cairo_rectangle (cr, round (cx - bar_width / 2), bar_top,
                           round (bar_width), height);
          cairo_fill (cr);
          if (run->python)
            hatch (self, cr, round (cx - bar_width / 2), bar_top, round (bar_width), height);
          isobar_chart_set_source (cr, fg, 1.0);
        }
      else
        isobar_chart_set_source (cr, fg, 0.55);

      if (rotated)
        {
          cairo_save (cr);
          cairo_translate (cr, round (cx - label_height / 2.0), bar_top - 3);
          cairo_rotate (cr, -G_PI / 2);
          isobar_chart_text_show (cr, label, 0, 0, 0, 0);
          cairo_restore (cr);
        }
      else
        isobar_chart_text_show (cr, label, cx, bar_top - 2, 0.5, 1.0);

      isobar_chart_set_source (cr, fg, 0.7);
      isobar_chart_text_show (cr, number_layout, cx, bottom + 3, 0.5, 0);
    }

  /* The baseline */
  isobar_chart_set_source (cr, fg, 0.25);
  cairo_rectangle (cr, left, round (bottom), right - left, 1);
  cairo_fill (cr);
}

static void
draw_legend (IsobarRunsChart *self,
             cairo_t         *cr,
             double           y,
             const GdkRGBA   *fg,
             const GdkRGBA   *colors)
{
  g_autoptr(PangoLayout) intro = isobar_chart_text_layout (GTK_WIDGET (self), _("Bars are coloured by verdict:"), TEXT_SCALE, FALSE);
  double x = CELL_PAD;
  int width, height;

  isobar_chart_set_source (cr, fg, 0.7);
  pango_layout_get_pixel_size (intro, &width, &height);
  isobar_chart_text_show (cr, intro, x, y, 0, 0.5);
  x += width + 10;

  for (IsobarVerdictLevel level = ISOBAR_VERDICT_SMOOTH; level < N_LEVELS; level++)
    {
      g_autoptr(PangoLayout) layout = isobar_chart_text_layout (GTK_WIDGET (self), isobar_verdict_level_label (level), TEXT_SCALE, FALSE);

      isobar_chart_set_source (cr, &colors[level], 1.0);
      cairo_rectangle (cr, x, round (y - 5), 10, 10);
      cairo_fill (cr);
      x += 14;

      isobar_chart_set_source (cr, fg, 0.9);
      pango_layout_get_pixel_size (layout, &width, &height);
      isobar_chart_text_show (cr, layout, x, y, 0, 0.5);
      x += width + 14;
    }

  if (any_python (self))
    {
      /* Translators: the legend of the hatched bars in the runs chart */
      const char *text = _("Hatched: real Python (CPython)");
      g_autoptr(PangoLayout) layout = isobar_chart_text_layout (GTK_WIDGET (self), text, TEXT_SCALE, FALSE);

      x += 6;
      isobar_chart_set_source (cr, fg, 0.45);
      cairo_rectangle (cr, x, round (y - 5), 10, 10);
      cairo_fill (cr);
      hatch (self, cr, x, round (y - 5), 10, 10);
      x += 14;

      isobar_chart_set_source (cr, fg, 0.9);
      isobar_chart_text_show (cr, layout, x, y, 0, 0.5);
    }
}

static void
isobar_runs_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("runs chart drawn"), widget);
  IsobarRunsChart *self = ISOBAR_RUNS_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg, colors[N_LEVELS];
  Grid grid;
  cairo_t *cr;

  if (self->runs->len == 0 || width <= 2 * CELL_PAD)
    return;

  grid.columns = columns_for_width (width);
  grid.cell_width = (double) width / grid.columns;

  fg = isobar_chart_get_foreground (ISOBAR_CHART (self));
  level_colors (self, colors);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (IsobarRunMetric m = 0; m < ISOBAR_N_RUN_METRICS; m++)
    {
      double x, y;

      cell_origin (&grid, m, &x, &y);
      draw_cell (self, cr, m, x, y, grid.cell_width, &fg, colors);
    }
  draw_legend (self, cr, height_for_columns (grid.columns) - LEGEND_HEIGHT / 2.0, &fg, colors);
  cairo_destroy (cr);
}

static GtkSizeRequestMode
isobar_runs_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The height: as many columns as the width holds, three when not known. */
static void
isobar_runs_chart_adjust_size (IsobarChart    *chart,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = height_for_columns (for_size < 0 ? 3 : columns_for_width (for_size));
}

static char *
isobar_runs_chart_describe_at (IsobarChart *chart,
                               double       x,
                               double       y)
{
  IsobarRunsChart *self = ISOBAR_RUNS_CHART (chart);
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  IsobarRunMetric metric;
  Grid grid;
  double slot;
  int column, row, i;
  Run *run;

  if (self->runs->len == 0)
    return NULL;

  grid.columns = columns_for_width (gtk_widget_get_width (GTK_WIDGET (chart)));
  grid.cell_width = (double) gtk_widget_get_width (GTK_WIDGET (chart)) / grid.columns;
  column = (int) (x / grid.cell_width);
  row = y / CELL_HEIGHT;
  metric = row * grid.columns + column;
  if (column >= grid.columns || metric >= ISOBAR_N_RUN_METRICS)
    return NULL;

  slot = (grid.cell_width - 2 * CELL_PAD) / self->runs->len;
  i = (int) floor ((x - column * grid.cell_width - CELL_PAD) / slot);
  if (i < 0 || i >= (int) self->runs->len)
    return NULL;

  run = run_at (self, i);
  value = isobar_run_metric_format (metric, run->values[metric]);
  /* Translators: a tooltip on the runs chart: "#2 · Recommended · Smooth\nWall time: 2.3 s" */
  text = g_strdup_printf (_("#%d · %s · %s\n%s: %s"),
                          i + 1, run->preset, isobar_verdict_level_label (run->level),
                          isobar_run_metric_get_label (metric), value);
  return g_steal_pointer (&text);
}

static void
isobar_runs_chart_dispose (GObject *object)
{
  IsobarRunsChart *self = ISOBAR_RUNS_CHART (object);

  g_clear_signal_handler (&self->items_changed_handler, self->model);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (isobar_runs_chart_parent_class)->dispose (object);
}

static void
isobar_runs_chart_finalize (GObject *object)
{
  IsobarRunsChart *self = ISOBAR_RUNS_CHART (object);

  g_clear_pointer (&self->runs, g_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (isobar_runs_chart_parent_class)->finalize (object);
}

static void
isobar_runs_chart_class_init (IsobarRunsChartClass *klass)
{
  IsobarChartClass *chart_class = ISOBAR_CHART_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_runs_chart_dispose;
  object_class->finalize = isobar_runs_chart_finalize;

  widget_class->snapshot = isobar_runs_chart_snapshot;
  widget_class->get_request_mode = isobar_runs_chart_get_request_mode;

  chart_class->describe_at = isobar_runs_chart_describe_at;
  chart_class->adjust_size = isobar_runs_chart_adjust_size;
  /* The height is adjust_size()'s. */
  isobar_chart_class_set_size (chart_class, CELL_WIDTH_MIN, 3 * CELL_WIDTH_MIN + 60, 0, 0);

  gtk_widget_class_set_css_name (widget_class, "isobar-runs-chart");
}

static void
isobar_runs_chart_init (IsobarRunsChart *self)
{
  self->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  g_array_set_clear_func (self->runs, run_clear);
  self->summary = build_summary (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recent runs compared"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
}

GtkWidget *
isobar_runs_chart_new (void)
{
  return g_object_new (ISOBAR_TYPE_RUNS_CHART, NULL);
}
