/* isobar-normals-chart.c: the daily normals of a climate report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "isobar-draw-mark.h"
#include "isobar-chart-text.h"
#include "isobar-format.h"
#include "isobar-normals-chart.h"

/* Layout, in pixels */
#define PAD_X          4.0
#define TOP_SPACE     24.0
#define BOTTOM_SPACE  22.0
#define MIN_SPAN       5.0
#define LABEL_SCALE    0.85
/* Half the window of the moving average that finds the warmest and coldest
 * time of the year (one day's normal alone is noisy). */
#define SMOOTH_HALF    7

/* The first calendar day (cday) of each month, as in a leap year. */
static const guint month_starts[13] = { 1, 32, 61, 92, 122, 153, 183, 214, 245, 275, 306, 336, 367 };

typedef struct
{
  double red, green, blue;
} Rgb;

/* GNOME palette: orange 4 / orange 2, as the hourly chart. */
static const Rgb line_light = { 0xe6 / 255., 0x61 / 255., 0x00 / 255. };
static const Rgb line_dark  = { 0xff / 255., 0xa3 / 255., 0x48 / 255. };

struct _IsobarNormalsChart
{
  IsobarChart parent_instance;

  /* Owned */
  IsobarClimateReport *report;
  char                *summary;
  IsobarUnits          units;
  guint                hover_cday;   /* 0: none */
};

G_DEFINE_FINAL_TYPE (IsobarNormalsChart, isobar_normals_chart, ISOBAR_TYPE_CHART)

typedef struct
{
  double left;
  double top;
  double width;
  double height;
  double low;    /* display units */
  double high;
  double step;
} Plot;

/* Values */

static const char *
unit_symbol (IsobarUnits units)
{
  return units == ISOBAR_UNITS_IMPERIAL ? "°F" : "°C";
}

static double
display (IsobarNormalsChart *self,
         double              celsius)
{
  return self->units == ISOBAR_UNITS_IMPERIAL ? celsius * 1.8 + 32 : celsius;
}

static char *
format_temperature (IsobarNormalsChart *self,
                    double              celsius)
{
  return isobar_format_temperature (display (self, celsius), unit_symbol (self->units));
}

static const IsobarNormal *
normal_at (IsobarNormalsChart *self,
           guint               cday)
{
  const IsobarNormal *normal;

  if (self->report == NULL || cday < 1 || cday > ISOBAR_CLIMATE_N_CDAYS)
    return NULL;

  normal = &isobar_climate_report_get_normals (self->report)[cday - 1];
  return normal->count > 0 && !isnan (normal->mean) ? normal : NULL;
}

/* The mean of the normals within SMOOTH_HALF days of @cday, around the
 * year's end; NAN without any. */
static double
smoothed_mean (IsobarNormalsChart *self,
               guint               cday)
{
  double sum = 0;
  guint n = 0;

  for (int d = -SMOOTH_HALF; d <= SMOOTH_HALF; d++)
    {
      int c = ((int) cday - 1 + d + (int) ISOBAR_CLIMATE_N_CDAYS) % (int) ISOBAR_CLIMATE_N_CDAYS + 1;
      const IsobarNormal *normal = normal_at (self, (guint) c);

      if (normal != NULL)
        sum += normal->mean, n++;
    }

  return n > 0 ? sum / n : NAN;
}

static char *
build_summary (IsobarNormalsChart *self)
{
  guint warmest = 0, coldest = 0, n_days = 0;
  double warm = -INFINITY, cold = INFINITY, width = 0;
  int first, last;
  g_autofree char *warm_text = NULL;
  g_autofree char *cold_text = NULL;
  g_autofree char *warm_day = NULL;
  g_autofree char *cold_day = NULL;
  g_autofree char *band = NULL;

  if (self->report == NULL)
    return NULL;

  for (guint cday = 1; cday <= ISOBAR_CLIMATE_N_CDAYS; cday++)
    {
      const IsobarNormal *normal = normal_at (self, cday);
      double smooth = smoothed_mean (self, cday);

      if (normal == NULL)
        continue;

      if (smooth > warm)
        warm = smooth, warmest = cday;
      if (smooth < cold)
        cold = smooth, coldest = cday;
      if (!isnan (normal->p10) && !isnan (normal->p90))
        width += normal->p90 - normal->p10, n_days++;
    }

  if (warmest == 0)
    return g_strdup (_("No daily normals"));

  first = isobar_climate_report_get_first_year (self->report);
  last = first + (int) isobar_climate_report_get_n_years (self->report) - 1;
  warm_text = format_temperature (self, warm);
  cold_text = format_temperature (self, cold);
  warm_day = isobar_format_cday (warmest);
  cold_day = isobar_format_cday (coldest);
  /* A width: ×1.8 without the offset. */
  band = isobar_format_temperature ((self->units == ISOBAR_UNITS_IMPERIAL ? 1.8 : 1.0) * width / MAX (n_days, 1),
                                    unit_symbol (self->units));

  /* Translators: the normals chart's summary for screen readers: "Daily
   * normals 1985–2024: warmest 24 °C around 28 July, coldest −1 °C around
   * 15 January; 8 days in 10 fall within a band 9 °C wide on average" */
  return g_strdup_printf (_("Daily normals %d–%d: warmest %s around %s, coldest %s around %s; "
                            "8 days in 10 fall within a band %s wide on average"),
                          first, last, warm_text, warm_day, cold_text, cold_day, band);
}

static void
update_summary (IsobarNormalsChart *self)
{
  g_clear_pointer (&self->summary, g_free);
  self->summary = build_summary (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->summary != NULL ? self->summary : _("No daily normals"),
                                  -1);
}

void
isobar_normals_chart_set_report (IsobarNormalsChart  *self,
                                 IsobarClimateReport *report)
{
  g_return_if_fail (ISOBAR_IS_NORMALS_CHART (self));
  g_return_if_fail (report == NULL || ISOBAR_IS_CLIMATE_REPORT (report));

  g_set_object (&self->report, report);
  self->hover_cday = 0;
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
isobar_normals_chart_set_units (IsobarNormalsChart *self,
                                IsobarUnits         units)
{
  g_return_if_fail (ISOBAR_IS_NORMALS_CHART (self));

  if (self->units == units)
    return;

  self->units = units;
  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
isobar_normals_chart_get_summary (IsobarNormalsChart *self)
{
  g_return_val_if_fail (ISOBAR_IS_NORMALS_CHART (self), NULL);

  return self->summary;
}

char *
isobar_normals_chart_describe_day (IsobarNormalsChart *self,
                                   guint               cday)
{
  const IsobarNormal *normal;
  g_autofree char *day = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  g_return_val_if_fail (ISOBAR_IS_NORMALS_CHART (self), NULL);

  if ((normal = normal_at (self, cday)) == NULL)
    return NULL;

  day = isobar_format_cday (cday);
  mean = format_temperature (self, normal->mean);
  low = isobar_format_degrees (display (self, normal->p10));
  high = isobar_format_degrees (display (self, normal->p90));

  /* Translators: the normals chart's tooltip: "28 July: normal 24 °C, 8
   * days in 10 between 19° and 28° (40 years)" */
  return g_strdup_printf (ngettext ("%s: normal %s, 8 days in 10 between %s and %s (%u year)",
                                    "%s: normal %s, 8 days in 10 between %s and %s (%u years)",
                                    normal->count),
                          day, mean, low, high, normal->count);
}

/* Layout */

static gboolean
compute_plot (IsobarNormalsChart *self,
              Plot               *plot)
{
  double low = INFINITY, high = -INFINITY;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  int label_width = isobar_chart_text_width (GTK_WIDGET (self), "−00°", LABEL_SCALE);

  for (guint cday = 1; cday <= ISOBAR_CLIMATE_N_CDAYS; cday++)
    {
      const IsobarNormal *normal = normal_at (self, cday);

      if (normal == NULL)
        continue;
      low = MIN (low, display (self, isnan (normal->p10) ? normal->mean : normal->p10));
      high = MAX (high, display (self, isnan (normal->p90) ? normal->mean : normal->p90));
    }

  if (!isfinite (low) || !isfinite (high))
    return FALSE;

  if (high - low < MIN_SPAN)
    {
      double mid = (high + low) / 2;

      low = mid - MIN_SPAN / 2;
      high = mid + MIN_SPAN / 2;
    }

  /* About four to six grid lines, on round numbers. */
  plot->step = high - low > 40 ? 10 : high - low > 16 ? 5 : 2;
  plot->low = floor (low / plot->step) * plot->step;
  plot->high = ceil (high / plot->step) * plot->step;

  plot->left = PAD_X + label_width + 6;
  plot->top = TOP_SPACE;
  plot->width = width - plot->left - PAD_X;
  plot->height = height - TOP_SPACE - BOTTOM_SPACE;

  return plot->width > 20 && plot->height > 20;
}

static double
cday_x (const Plot *plot,
        double      cday)
{
  /* A day is a slot; its value sits in the slot's middle. */
  return plot->left + (cday - 0.5) * plot->width / ISOBAR_CLIMATE_N_CDAYS;
}

static double
value_y (const Plot *plot,
         double      value)
{
  return plot->top + plot->height - (value - plot->low) / (plot->high - plot->low) * plot->height;
}

/* Painting */

static void
draw_axes (IsobarNormalsChart *self,
           cairo_t            *cr,
           const Plot         *plot,
           const GdkRGBA      *fg)
{
  cairo_set_line_width (cr, 1);

  /* Temperature grid and labels */
  for (double v = plot->low; v <= plot->high + plot->step / 2; v += plot->step)
    {
      double y = round (value_y (plot, v)) + 0.5;
      g_autofree char *label = isobar_format_degrees (v);

      isobar_chart_set_source (cr, fg, v == 0 || (self->units == ISOBAR_UNITS_IMPERIAL && v == 32) ? 0.3 : 0.12);
      cairo_move_to (cr, plot->left, y);
      cairo_line_to (cr, plot->left + plot->width, y);
      cairo_stroke (cr);

      isobar_chart_set_source (cr, fg, 0.7);
      isobar_chart_text_draw (GTK_WIDGET (self), cr, label, plot->left - 6, y, 1.0, 0.5, LABEL_SCALE, FALSE);
    }

  /* Month boundaries and names */
  for (guint m = 0; m < 13; m++)
    {
      double x = round (plot->left + (month_starts[m] - 1) * plot->width / ISOBAR_CLIMATE_N_CDAYS) + 0.5;

      isobar_chart_set_source (cr, fg, 0.12);
      cairo_move_to (cr, x, plot->top);
      cairo_line_to (cr, x, plot->top + plot->height + 4);
      cairo_stroke (cr);

      if (m < 12)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, m + 1, 15, 12, 0, 0);
          g_autofree char *name = g_date_time_format (dt, "%b");
          double centre = plot->left + ((month_starts[m] + month_starts[m + 1]) / 2.0 - 1) * plot->width / ISOBAR_CLIMATE_N_CDAYS;

          if (plot->width / 12 < 30)
            {
              g_autofree char *full = g_steal_pointer (&name);

              name = g_utf8_substring (full, 0, 1);
            }

          isobar_chart_set_source (cr, fg, 0.75);
          isobar_chart_text_draw (GTK_WIDGET (self), cr, name, centre, plot->top + plot->height + 4, 0.5, 0.0, LABEL_SCALE, FALSE);
        }
    }
}

static void
draw_legend (IsobarNormalsChart *self,
             cairo_t            *cr,
             const Plot         *plot,
             const GdkRGBA      *fg,
             const GdkRGBA      *color)
{
  /* Translators: the normals chart's legend: the line */
  const char *mean = _("Mean");
  /* Translators: the normals chart's legend: the shaded band */
  const char *band = _("8 days in 10");
  double y = TOP_SPACE / 2 - 2;
  double x = plot->left + plot->width;
  int band_width = isobar_chart_text_width (GTK_WIDGET (self), band, LABEL_SCALE);
  int mean_width = isobar_chart_text_width (GTK_WIDGET (self), mean, LABEL_SCALE);

  /* Right to left: band label, band swatch, mean label, line swatch. */
  x -= band_width;
  isobar_chart_set_source (cr, fg, 0.75);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, band, x, y, 0.0, 0.5, LABEL_SCALE, FALSE);
  x -= 18;
  isobar_chart_set_source (cr, color, 0.25);
  cairo_rectangle (cr, x, y - 5, 14, 10);
  cairo_fill (cr);

  x -= 12 + mean_width;
  isobar_chart_set_source (cr, fg, 0.75);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, mean, x, y, 0.0, 0.5, LABEL_SCALE, FALSE);
  x -= 20;
  isobar_chart_set_source (cr, color, 1.0);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + 14, y);
  cairo_stroke (cr);

  /* The unit, above the axis labels */
  isobar_chart_set_source (cr, fg, 0.7);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, unit_symbol (self->units), PAD_X, y, 0.0, 0.5, LABEL_SCALE, FALSE);
}

/* Traces the mean line; a day without a normal breaks it. */
static void
trace_mean (IsobarNormalsChart *self,
            cairo_t            *cr,
            const Plot         *plot)
{
  gboolean started = FALSE;

  for (guint cday = 1; cday <= ISOBAR_CLIMATE_N_CDAYS; cday++)
    {
      const IsobarNormal *normal = normal_at (self, cday);
      double x, y;

      if (normal == NULL)
        {
          started = FALSE;
          continue;
        }

      x = cday_x (plot, cday);
      y = value_y (plot, display (self, normal->mean));
      if (started)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      started = TRUE;
    }
}

static void
draw_normals (IsobarNormalsChart *self,
              cairo_t            *cr,
              const Plot         *plot,
              const GdkRGBA      *color)
{
  /* The band: each run of days with both percentiles, closed on itself. */
  guint start = 1;

  while (start <= ISOBAR_CLIMATE_N_CDAYS)
    {
      guint end = start;
      const IsobarNormal *normal;

      while (end <= ISOBAR_CLIMATE_N_CDAYS && (normal = normal_at (self, end)) != NULL
             && !isnan (normal->p10) && !isnan (normal->p90))
        end++;

      if (end > start)
        {
          for (guint c = start; c < end; c++)
            {
              double y = value_y (plot, display (self, normal_at (self, c)->p90));

              if (c == start)
                cairo_move_to (cr, cday_x (plot, c), y);
              else
                cairo_line_to (cr, cday_x (plot, c), y);
            }
          for (guint c = end; c > start; c--)
            cairo_line_to (cr, cday_x (plot, c - 1), value_y (plot, display (self, normal_at (self, c - 1)->p10)));
          cairo_close_path (cr);
        }

      start = end + 1;
    }
  isobar_chart_set_source (cr, color, 0.25);
  cairo_fill (cr);

  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  trace_mean (self, cr, plot);
  isobar_chart_set_source (cr, color, 1.0);
  cairo_stroke (cr);
}

static void
draw_hover (IsobarNormalsChart *self,
            cairo_t            *cr,
            const Plot         *plot,
            const GdkRGBA      *fg,
            const GdkRGBA      *color)
{
  const IsobarNormal *normal = normal_at (self, self->hover_cday);
  double x;

  if (normal == NULL)
    return;

  x = round (cday_x (plot, self->hover_cday)) + 0.5;
  isobar_chart_set_source (cr, fg, 0.45);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, x, plot->top);
  cairo_line_to (cr, x, plot->top + plot->height);
  cairo_stroke (cr);

  isobar_chart_set_source (cr, color, 1.0);
  cairo_arc (cr, x, value_y (plot, display (self, normal->mean)), 4, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
isobar_normals_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("normals chart drawn"), widget);
  IsobarNormalsChart *self = ISOBAR_NORMALS_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  const Rgb *rgb = isobar_chart_is_dark (ISOBAR_CHART (self)) ? &line_dark : &line_light;
  GdkRGBA color = { rgb->red, rgb->green, rgb->blue, 1.0 };
  GdkRGBA foreground;
  Plot plot;
  cairo_t *cr;

  if (width < 1 || height < 1)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);
  G_GNUC_END_IGNORE_DEPRECATIONS

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!compute_plot (self, &plot))
    {
      isobar_chart_set_source (cr, &foreground, 0.55);
      isobar_chart_text_draw (GTK_WIDGET (self), cr, _("No daily normals"), width / 2, height / 2, 0.5, 0.5, 1.0, FALSE);
    }
  else
    {
      draw_axes (self, cr, &plot, &foreground);
      draw_normals (self, cr, &plot, &color);
      draw_hover (self, cr, &plot, &foreground, &color);
      draw_legend (self, cr, &plot, &foreground, &color);
    }

  cairo_destroy (cr);
}

/* Hovering */

static guint
cday_at (IsobarNormalsChart *self,
         double              x,
         double              y)
{
  Plot plot;
  int cday;

  if (!compute_plot (self, &plot) || y < plot.top || y > plot.top + plot.height)
    return 0;

  cday = (int) floor ((x - plot.left) / plot.width * ISOBAR_CLIMATE_N_CDAYS) + 1;
  return cday >= 1 && cday <= (int) ISOBAR_CLIMATE_N_CDAYS ? (guint) cday : 0;
}

static void
set_hover (IsobarNormalsChart *self,
           guint               cday)
{
  if (self->hover_cday == cday)
    return;

  self->hover_cday = cday;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           IsobarNormalsChart       *self)
{
  set_hover (self, cday_at (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller,
          IsobarNormalsChart       *self)
{
  set_hover (self, 0);
}

static char *
isobar_normals_chart_describe_at (IsobarChart *chart,
                                  double       x,
                                  double       y)
{
  IsobarNormalsChart *self = ISOBAR_NORMALS_CHART (chart);
  guint cday;

  if ((cday = cday_at (self, x, y)) == 0)
    return NULL;

  return isobar_normals_chart_describe_day (self, cday);
}

static void
isobar_normals_chart_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = 280, *natural = 720;
  else
    *minimum = 160, *natural = 220;
}

static void
isobar_normals_chart_finalize (GObject *object)
{
  IsobarNormalsChart *self = ISOBAR_NORMALS_CHART (object);

  g_clear_object (&self->report);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (isobar_normals_chart_parent_class)->finalize (object);
}

static void
isobar_normals_chart_class_init (IsobarNormalsChartClass *klass)
{
  IsobarChartClass *chart_class = ISOBAR_CHART_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = isobar_normals_chart_finalize;

  widget_class->snapshot = isobar_normals_chart_snapshot;
  widget_class->measure = isobar_normals_chart_measure;

  chart_class->describe_at = isobar_normals_chart_describe_at;

  gtk_widget_class_set_css_name (widget_class, "isobar-normals-chart");
}

static void
isobar_normals_chart_init (IsobarNormalsChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);


  update_summary (self);
}

GtkWidget *
isobar_normals_chart_new (void)
{
  return g_object_new (ISOBAR_TYPE_NORMALS_CHART, NULL);
}
