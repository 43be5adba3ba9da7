/* isobar-normals-chart.c: the daily normals of a climate report: the
 * report and the units it shows them in, the summary for screen readers,
 * the hovered day and the tooltip text. The painter is in
 * isobar-normals-chart-paint.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "isobar-draw-mark.h"
#include "isobar-format.h"
#include "isobar-normals-chart-private.h"

/* Half the window of the moving average that finds the warmest and coldest
 * time of the year (one day's normal alone is noisy). */
#define SMOOTH_HALF    7

G_DEFINE_FINAL_TYPE (IsobarNormalsChart, isobar_normals_chart, ISOBAR_TYPE_CHART)

/* Values */

const char *
_isobar_normals_chart_unit_symbol (IsobarUnits units)
{
  return units == ISOBAR_UNITS_IMPERIAL ? "°F" : "°C";
}

double
_isobar_normals_chart_display (IsobarNormalsChart *self,
                               double              celsius)
{
  return self->units == ISOBAR_UNITS_IMPERIAL ? celsius * 1.8 + 32 : celsius;
}

static char *
format_temperature (IsobarNormalsChart *self,
                    double              celsius)
{
  return isobar_format_temperature (_isobar_normals_chart_display (self, celsius),
                                    _isobar_normals_chart_unit_symbol (self->units));
}

const IsobarNormal *
_isobar_normals_chart_normal_at (IsobarNormalsChart *self,
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
      const IsobarNormal *normal = _isobar_normals_chart_normal_at (self, (guint) c);

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
      const IsobarNormal *normal = _isobar_normals_chart_normal_at (self, cday);
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
                                    _isobar_normals_chart_unit_symbol (self->units));

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

  if ((normal = _isobar_normals_chart_normal_at (self, cday)) == NULL)
    return NULL;

  day = isobar_format_cday (cday);
  mean = format_temperature (self, normal->mean);
  low = isobar_format_degrees (_isobar_normals_chart_display (self, normal->p10));
  high = isobar_format_degrees (_isobar_normals_chart_display (self, normal->p90));

  /* Translators: the normals chart's tooltip: "28 July: normal 24 °C, 8
   * days in 10 between 19° and 28° (40 years)" */
  return g_strdup_printf (ngettext ("%s: normal %s, 8 days in 10 between %s and %s (%u year)",
                                    "%s: normal %s, 8 days in 10 between %s and %s (%u years)",
                                    normal->count),
                          day, mean, low, high, normal->count);
}

static void
isobar_normals_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("normals chart drawn"), widget);
  IsobarNormalsChart *self = ISOBAR_NORMALS_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA foreground;
  cairo_t *cr;

  if (width < 1 || height < 1)
    return;

  foreground = isobar_chart_get_foreground (ISOBAR_CHART (self));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  _isobar_normals_chart_paint (self, cr, width, height, &foreground,
                               isobar_chart_is_dark (ISOBAR_CHART (self)));
  cairo_destroy (cr);
}

/* Hovering */

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
  set_hover (self, _isobar_normals_chart_cday_at (self, x, y));
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

  if ((cday = _isobar_normals_chart_cday_at (self, x, y)) == 0)
    return NULL;

  return isobar_normals_chart_describe_day (self, cday);
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

  chart_class->describe_at = isobar_normals_chart_describe_at;
  isobar_chart_class_set_size (chart_class, 280, 720, 160, 220);

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
