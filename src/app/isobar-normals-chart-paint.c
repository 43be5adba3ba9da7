/* isobar-normals-chart-paint.c: drawing the normals chart with cairo: the
 * plot's layout in the widget (and the day under the pointer), the
 * temperature and month axes, the legend, the band and the mean line, and
 * the hovered day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-chart-text.h"
#include "isobar-format.h"
#include "isobar-normals-chart-private.h"

/* Layout, in pixels */
#define PAD_X          4.0
#define TOP_SPACE     24.0
#define BOTTOM_SPACE  22.0
#define MIN_SPAN       5.0
#define LABEL_SCALE    0.85

/* The first calendar day (cday) of each month, as in a leap year. */
static const guint month_starts[13] = { 1, 32, 61, 92, 122, 153, 183, 214, 245, 275, 306, 336, 367 };

/* The values left of the axis, the month names below the plot, the legend
 * and the unit right of their anchors; in the middle, what stands for a
 * missing chart. */
static const IsobarChartTextStyle axis_style = { .xalign = 1.0, .yalign = 0.5, .scale = LABEL_SCALE };
static const IsobarChartTextStyle month_style = { .xalign = 0.5, .yalign = 0.0, .scale = LABEL_SCALE };
static const IsobarChartTextStyle legend_style = { .xalign = 0.0, .yalign = 0.5, .scale = LABEL_SCALE };
static const IsobarChartTextStyle empty_style = { .xalign = 0.5, .yalign = 0.5, .scale = 1.0 };

typedef struct
{
  double red, green, blue;
} Rgb;

/* GNOME palette: orange 4 / orange 2, as the hourly chart. */
static const Rgb line_light = { 0xe6 / 255., 0x61 / 255., 0x00 / 255. };
static const Rgb line_dark  = { 0xff / 255., 0xa3 / 255., 0x48 / 255. };

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
      const IsobarNormal *normal = _isobar_normals_chart_normal_at (self, cday);

      if (normal == NULL)
        continue;
      low = MIN (low, _isobar_normals_chart_display (self, isnan (normal->p10) ? normal->mean : normal->p10));
      high = MAX (high, _isobar_normals_chart_display (self, isnan (normal->p90) ? normal->mean : normal->p90));
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
      isobar_chart_text_draw (GTK_WIDGET (self), cr, label, plot->left - 6, y, &axis_style);
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
          isobar_chart_text_draw (GTK_WIDGET (self), cr, name, centre, plot->top + plot->height + 4, &month_style);
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
  isobar_chart_text_draw (GTK_WIDGET (self), cr, band, x, y, &legend_style);
  x -= 18;
  isobar_chart_set_source (cr, color, 0.25);
  cairo_rectangle (cr, x, y - 5, 14, 10);
  cairo_fill (cr);

  x -= 12 + mean_width;
  isobar_chart_set_source (cr, fg, 0.75);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, mean, x, y, &legend_style);
  x -= 20;
  isobar_chart_set_source (cr, color, 1.0);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + 14, y);
  cairo_stroke (cr);

  /* The unit, above the axis labels */
  isobar_chart_set_source (cr, fg, 0.7);
  isobar_chart_text_draw (GTK_WIDGET (self), cr, _isobar_normals_chart_unit_symbol (self->units), PAD_X, y,
                          &legend_style);
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
      const IsobarNormal *normal = _isobar_normals_chart_normal_at (self, cday);
      double x, y;

      if (normal == NULL)
        {
          started = FALSE;
          continue;
        }

      x = cday_x (plot, cday);
      y = value_y (plot, _isobar_normals_chart_display (self, normal->mean));
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

      while (end <= ISOBAR_CLIMATE_N_CDAYS && (normal = _isobar_normals_chart_normal_at (self, end)) != NULL
             && !isnan (normal->p10) && !isnan (normal->p90))
        end++;

      if (end > start)
        {
          for (guint c = start; c < end; c++)
            {
              double y = value_y (plot,
                                  _isobar_normals_chart_display (self, _isobar_normals_chart_normal_at (self, c)->p90));

              if (c == start)
                cairo_move_to (cr, cday_x (plot, c), y);
              else
                cairo_line_to (cr, cday_x (plot, c), y);
            }
          for (guint c = end; c > start; c--)
            cairo_line_to (cr, cday_x (plot, c - 1),
                           value_y (plot,
                                    _isobar_normals_chart_display (self, _isobar_normals_chart_normal_at (self, c - 1)->p10)));
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
  const IsobarNormal *normal = _isobar_normals_chart_normal_at (self, self->hover_cday);
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
  cairo_arc (cr, x, value_y (plot, _isobar_normals_chart_display (self, normal->mean)), 4, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* Hit testing */

guint
_isobar_normals_chart_cday_at (IsobarNormalsChart *self,
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

void
_isobar_normals_chart_paint (IsobarNormalsChart *self,
                             cairo_t            *cr,
                             double              width,
                             double              height,
                             const GdkRGBA      *foreground,
                             gboolean            dark)
{
  const Rgb *rgb = dark ? &line_dark : &line_light;
  GdkRGBA color = { rgb->red, rgb->green, rgb->blue, 1.0 };
  Plot plot;

  if (!compute_plot (self, &plot))
    {
      isobar_chart_set_source (cr, foreground, 0.55);
      isobar_chart_text_draw (GTK_WIDGET (self), cr, _("No daily normals"), width / 2, height / 2, &empty_style);
    }
  else
    {
      draw_axes (self, cr, &plot, foreground);
      draw_normals (self, cr, &plot, &color);
      draw_hover (self, cr, &plot, foreground, &color);
      draw_legend (self, cr, &plot, foreground, &color);
    }
}
