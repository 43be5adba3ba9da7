/* isobar-hourly-chart-paint.c: drawing the hourly chart with cairo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-chart-text.h"
#include "isobar-format.h"
#include "isobar-hourly-chart-private.h"

typedef struct
{
  double red, green, blue;
} Rgb;

/* GNOME palette: orange 4 / orange 2, blue 4 / blue 2. */
static const Rgb temperature_light = { 0xe6 / 255., 0x61 / 255., 0x00 / 255. };
static const Rgb temperature_dark  = { 0xff / 255., 0xa3 / 255., 0x48 / 255. };
static const Rgb precip_light      = { 0x1c / 255., 0x71 / 255., 0xd8 / 255. };
static const Rgb precip_dark       = { 0x62 / 255., 0xa0 / 255., 0xea / 255. };

typedef struct
{
  double left;
  double slot;
  double temp_top;
  double temp_bottom;
  double precip_top;
  double precip_bottom;
  double tmin;
  double tmax;
  double pmax;
} Layout;

/* All kept inside the chart: the first and last labels would be cut. The
 * days and hours above their slots at the bottom, the highest temperature
 * above its point and the lowest below, "Now" right of its line; in the
 * middle, what stands for a missing forecast. */
static const IsobarChartTextStyle day_style = { .xalign = 0.5, .yalign = 1.0, .scale = 0.85, .bold = TRUE, .inside = TRUE };
static const IsobarChartTextStyle hour_style = { .xalign = 0.5, .yalign = 1.0, .scale = 0.85, .inside = TRUE };
static const IsobarChartTextStyle high_style = { .xalign = 0.5, .yalign = 1.0, .scale = 1.0, .bold = TRUE, .inside = TRUE };
static const IsobarChartTextStyle low_style = { .xalign = 0.5, .yalign = 0.0, .scale = 1.0, .bold = TRUE, .inside = TRUE };
static const IsobarChartTextStyle now_style = { .xalign = 0.0, .yalign = 0.0, .scale = 0.85, .bold = TRUE, .inside = TRUE };
static const IsobarChartTextStyle empty_style = { .xalign = 0.5, .yalign = 0.5, .scale = 1.0, .inside = TRUE };

static GdkRGBA
rgba_from (const Rgb *rgb)
{
  return (GdkRGBA) { rgb->red, rgb->green, rgb->blue, 1.0 };
}

static double
slot_x (const Layout *l,
        double        i)
{
  return l->left + (i + 0.5) * l->slot;
}

static double
temperature_y (const Layout *l,
               double        t)
{
  return l->temp_bottom - (t - l->tmin) / (l->tmax - l->tmin) * (l->temp_bottom - l->temp_top);
}

static void
compute_layout (IsobarHourlyChart *self,
                double             width,
                double             height,
                Layout            *l)
{
  guint n = self->times->len;
  double plot = height - TOP_SPACE - BOTTOM_SPACE;
  double metric_floor;
  guint imin, imax;

  l->left = PAD_X;
  l->slot = (width - 2 * PAD_X) / n;
  l->temp_top = TOP_SPACE + 6;
  l->temp_bottom = TOP_SPACE + plot * TEMP_SHARE - 8;
  l->precip_bottom = TOP_SPACE + plot;
  l->precip_top = l->precip_bottom - plot * PRECIP_SHARE;

  if (!_isobar_hourly_chart_temperature_range (self, &l->tmin, &l->tmax, &imin, &imax))
    l->tmin = 0, l->tmax = 1;
  if (l->tmax - l->tmin < MIN_TEMP_SPAN)
    {
      double mid = (l->tmax + l->tmin) / 2;

      l->tmin = mid - MIN_TEMP_SPAN / 2;
      l->tmax = mid + MIN_TEMP_SPAN / 2;
    }

  /* Light rain should look light: bars are scaled to at least 2 mm (or a
   * tenth of an inch) per hour. */
  metric_floor = g_strcmp0 (self->precip_unit, "inch") == 0 ? 0.1 : 2.0;
  l->pmax = MAX (_isobar_hourly_chart_precip_max (self), metric_floor);
}

static void
draw_day_lines_and_hours (IsobarHourlyChart *self,
                          cairo_t           *cr,
                          const Layout      *l,
                          const GdkRGBA     *fg,
                          double             height)
{
  guint step = l->slot >= 9 ? 3 : 6;

  for (guint i = 0; i < self->times->len; i++)
    {
      g_autoptr(GDateTime) local = isobar_format_place_time (g_array_index (self->times, gint64, i),
                                                             self->utc_offset);
      int hour;
      double x = slot_x (l, i);

      if (local == NULL)
        continue;

      hour = g_date_time_get_hour (local);

      if (hour == 0)
        {
          g_autofree char *day = g_date_time_format (local, "%a");

          isobar_chart_set_source (cr, fg, 0.15);
          cairo_set_line_width (cr, 1);
          cairo_move_to (cr, round (x - l->slot / 2) + 0.5, TOP_SPACE - 4);
          cairo_line_to (cr, round (x - l->slot / 2) + 0.5, l->precip_bottom);
          cairo_stroke (cr);

          isobar_chart_set_source (cr, fg, 0.9);
          isobar_chart_text_draw (GTK_WIDGET (self), cr, day, x, height - 4, &day_style);
        }
      else if (hour % step == 0)
        {
          g_autofree char *label = g_date_time_format (local, "%H");

          isobar_chart_set_source (cr, fg, 0.6);
          isobar_chart_text_draw (GTK_WIDGET (self), cr, label, x, height - 4, &hour_style);
        }
    }

  /* The baseline of the precipitation bars */
  isobar_chart_set_source (cr, fg, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, l->left, round (l->precip_bottom) + 0.5);
  cairo_line_to (cr, l->left + l->slot * self->times->len, round (l->precip_bottom) + 0.5);
  cairo_stroke (cr);
}

static void
draw_precipitation (IsobarHourlyChart *self,
                    cairo_t           *cr,
                    const Layout      *l,
                    const GdkRGBA     *color)
{
  double span = l->precip_bottom - l->precip_top;

  /* Probability: a pale step area behind the bars */
  for (guint i = 0; i < self->probability->len; i++)
    {
      double p = _isobar_hourly_chart_value (self->probability, i);

      if (isnan (p) || p <= 0)
        continue;

      isobar_chart_set_source (cr, color, 0.16);
      cairo_rectangle (cr, l->left + i * l->slot, l->precip_bottom - span * MIN (p, 100) / 100,
                       l->slot, span * MIN (p, 100) / 100);
      cairo_fill (cr);
    }

  /* Amount: solid bars */
  for (guint i = 0; i < self->precip->len; i++)
    {
      double p = _isobar_hourly_chart_value (self->precip, i);
      double h, w;

      if (isnan (p) || p <= 0)
        continue;

      h = MAX (2, span * MIN (p, l->pmax) / l->pmax);
      w = MAX (2, l->slot * 0.6);
      isobar_chart_set_source (cr, color, 0.85);
      cairo_rectangle (cr, slot_x (l, i) - w / 2, l->precip_bottom - h, w, h);
      cairo_fill (cr);
    }
}

static void
trace_temperature (IsobarHourlyChart *self,
                   cairo_t           *cr,
                   const Layout      *l,
                   double            *first_x,
                   double            *last_x)
{
  gboolean started = FALSE;
  gboolean any = FALSE;
  double px = 0, py = 0;

  for (guint i = 0; i < self->temperature->len; i++)
    {
      double t = _isobar_hourly_chart_value (self->temperature, i);
      double x = slot_x (l, i);
      double y;

      if (isnan (t))
        {
          started = FALSE;
          continue;
        }

      y = temperature_y (l, t);
      if (!started)
        {
          cairo_move_to (cr, x, y);
          if (first_x != NULL && !any)
            *first_x = x;
          started = any = TRUE;
        }
      else
        cairo_curve_to (cr, (px + x) / 2, py, (px + x) / 2, y, x, y);

      px = x, py = y;
      if (last_x != NULL)
        *last_x = x;
    }
}

static void
draw_temperature (IsobarHourlyChart *self,
                  cairo_t           *cr,
                  const Layout      *l,
                  const GdkRGBA     *color,
                  const GdkRGBA     *fg)
{
  cairo_pattern_t *gradient;
  double tmin, tmax;
  guint imin, imax;
  double first_x = slot_x (l, 0), last_x = first_x;

  if (!_isobar_hourly_chart_temperature_range (self, &tmin, &tmax, &imin, &imax))
    return;

  /* A soft fill under the line */
  trace_temperature (self, cr, l, &first_x, &last_x);
  cairo_line_to (cr, last_x, l->precip_top);
  cairo_line_to (cr, first_x, l->precip_top);
  cairo_close_path (cr);
  gradient = cairo_pattern_create_linear (0, l->temp_top, 0, l->precip_top);
  cairo_pattern_add_color_stop_rgba (gradient, 0, color->red, color->green, color->blue, 0.25);
  cairo_pattern_add_color_stop_rgba (gradient, 1, color->red, color->green, color->blue, 0.0);
  cairo_set_source (cr, gradient);
  cairo_fill (cr);
  cairo_pattern_destroy (gradient);

  cairo_set_line_width (cr, 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  trace_temperature (self, cr, l, NULL, NULL);
  isobar_chart_set_source (cr, color, 1.0);
  cairo_stroke (cr);

  /* The highest and lowest hours, marked and labelled */
  for (guint k = 0; k < 2; k++)
    {
      guint i = k == 0 ? imax : imin;
      double t = k == 0 ? tmax : tmin;
      double x = slot_x (l, i);
      double y = temperature_y (l, t);
      g_autofree char *label = isobar_format_degrees (t);

      isobar_chart_set_source (cr, color, 1.0);
      cairo_arc (cr, x, y, POINT_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);

      isobar_chart_set_source (cr, fg, 1.0);
      if (k == 0)
        isobar_chart_text_draw (GTK_WIDGET (self), cr, label, x, y - 6, &high_style);
      else
        isobar_chart_text_draw (GTK_WIDGET (self), cr, label, x, y + 6, &low_style);

      if (imin == imax)
        break;
    }
}

static void
draw_now (IsobarHourlyChart *self,
          cairo_t           *cr,
          const Layout      *l,
          const GdkRGBA     *fg)
{
  gint64 t0 = g_array_index (self->times, gint64, 0);
  double x = slot_x (l, (self->now - t0) / 3600.0);
  const double dashes[] = { 3, 3 };

  if (self->now < t0 || x > l->left + l->slot * self->times->len)
    return;

  x = MAX (x, l->left);
  isobar_chart_set_source (cr, fg, 0.55);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_move_to (cr, round (x), TOP_SPACE - 6);
  cairo_line_to (cr, round (x), l->precip_bottom);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  isobar_chart_set_source (cr, fg, 0.8);
  /* Translators: the marker of the current time in the hourly chart */
  isobar_chart_text_draw (GTK_WIDGET (self), cr, C_("chart", "Now"), x, 2, &now_style);
}

void
_isobar_hourly_chart_paint (IsobarHourlyChart *self,
                            cairo_t           *cr,
                            double             width,
                            double             height,
                            const GdkRGBA     *foreground,
                            gboolean           dark)
{
  GdkRGBA temperature = rgba_from (dark ? &temperature_dark : &temperature_light);
  GdkRGBA precip = rgba_from (dark ? &precip_dark : &precip_light);
  Layout layout;

  if (self->times->len == 0)
    {
      isobar_chart_set_source (cr, foreground, 0.55);
      isobar_chart_text_draw (GTK_WIDGET (self), cr, _("No hourly forecast"), width / 2, height / 2, &empty_style);
      return;
    }

  compute_layout (self, width, height, &layout);
  draw_day_lines_and_hours (self, cr, &layout, foreground, height);
  draw_precipitation (self, cr, &layout, &precip);
  draw_temperature (self, cr, &layout, &temperature, foreground);
  draw_now (self, cr, &layout, foreground);
}
