/* isobar-hourly-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "isobar-draw-mark.h"
#include "isobar-format.h"
#include "isobar-hourly-chart-private.h"

G_DEFINE_FINAL_TYPE (IsobarHourlyChart, isobar_hourly_chart, ISOBAR_TYPE_CHART)

static void
isobar_hourly_chart_clear (IsobarHourlyChart *self)
{
  g_array_set_size (self->times, 0);
  g_array_set_size (self->temperature, 0);
  g_array_set_size (self->precip, 0);
  g_array_set_size (self->probability, 0);
  g_clear_pointer (&self->temperature_unit, g_free);
  g_clear_pointer (&self->precip_unit, g_free);
  g_clear_pointer (&self->summary, g_free);
}

double
_isobar_hourly_chart_value (GArray *array,
                            guint   i)
{
  return g_array_index (array, double, i);
}

gboolean
_isobar_hourly_chart_temperature_range (IsobarHourlyChart *self,
                                        double            *tmin,
                                        double            *tmax,
                                        guint             *imin,
                                        guint             *imax)
{
  gboolean found = FALSE;

  *tmin = INFINITY;
  *tmax = -INFINITY;
  *imin = *imax = 0;

  for (guint i = 0; i < self->temperature->len; i++)
    {
      double t = _isobar_hourly_chart_value (self->temperature, i);

      if (isnan (t))
        continue;
      if (t < *tmin)
        *tmin = t, *imin = i;
      if (t > *tmax)
        *tmax = t, *imax = i;
      found = TRUE;
    }

  return found;
}

static double
precip_total (IsobarHourlyChart *self)
{
  double total = 0;

  for (guint i = 0; i < self->precip->len; i++)
    if (!isnan (_isobar_hourly_chart_value (self->precip, i)))
      total += _isobar_hourly_chart_value (self->precip, i);

  return total;
}

double
_isobar_hourly_chart_precip_max (IsobarHourlyChart *self)
{
  double max = 0;

  for (guint i = 0; i < self->precip->len; i++)
    if (_isobar_hourly_chart_value (self->precip, i) > max)
      max = _isobar_hourly_chart_value (self->precip, i);

  return max;
}

static char *
build_summary (IsobarHourlyChart *self)
{
  guint n = self->times->len;
  double tmin, tmax, total;
  guint imin, imax;
  g_autofree char *range = NULL;
  g_autofree char *rain = NULL;

  if (n == 0)
    return NULL;

  if (_isobar_hourly_chart_temperature_range (self, &tmin, &tmax, &imin, &imax))
    /* Translators: a temperature range, e.g. "12 to 19 °C" */
    range = g_strdup_printf (_("%d to %d %s"),
                             isobar_format_round_degrees (tmin),
                             isobar_format_round_degrees (tmax),
                             self->temperature_unit != NULL ? self->temperature_unit : "");
  else
    range = g_strdup (_("no temperature data"));

  total = precip_total (self);
  if (total > 0)
    {
      g_autofree char *amount = isobar_format_amount (total, self->precip_unit, 1);

      /* Translators: e.g. "2.4 mm of precipitation" */
      rain = g_strdup_printf (_("%s of precipitation"), amount);
    }
  else
    rain = g_strdup (_("no precipitation"));

  /* Translators: the chart's summary for screen readers:
   * "Next 48 hours: 12 to 19 °C, 2.4 mm of precipitation" */
  return g_strdup_printf (ngettext ("Next %u hour: %s, %s",
                                    "Next %u hours: %s, %s",
                                    n),
                          n, range, rain);
}

static void
update_accessible (IsobarHourlyChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->summary != NULL ? self->summary : _("No hourly forecast"),
                                  -1);
}

static void
copy_column (GArray      *dest,
             IsobarBlock *hourly,
             const char  *name,
             guint        start,
             guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      double v = isobar_block_get_value (hourly, name, start + i);

      g_array_append_val (dest, v);
    }
}

void
isobar_hourly_chart_set_hourly (IsobarHourlyChart *self,
                                IsobarBlock       *hourly,
                                int                utc_offset_seconds,
                                gint64             now)
{
  const gint64 *times;
  guint length;
  guint start = 0;
  guint n;

  g_return_if_fail (ISOBAR_IS_HOURLY_CHART (self));

  isobar_hourly_chart_clear (self);
  self->utc_offset = utc_offset_seconds;
  self->now = now;

  if (hourly != NULL && (length = isobar_block_get_length (hourly)) > 0)
    {
      times = isobar_block_get_times (hourly);

      /* Start at the hour that contains now; an old forecast whose hours
       * are all past shows nothing rather than yesterday's weather. */
      for (guint i = 0; i < length && times[i] <= now; i++)
        start = i;

      if (times[start] + 3600 > now || times[start] > now)
        {
          n = MIN (ISOBAR_HOURLY_CHART_HOURS, length - start);
          g_array_append_vals (self->times, times + start, n);
          copy_column (self->temperature, hourly, "temperature_2m", start, n);
          copy_column (self->precip, hourly, "precipitation", start, n);
          copy_column (self->probability, hourly, "precipitation_probability", start, n);
          self->temperature_unit = g_strdup (isobar_block_get_unit (hourly, "temperature_2m"));
          self->precip_unit = g_strdup (isobar_block_get_unit (hourly, "precipitation"));
          self->summary = build_summary (self);
        }
    }

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
isobar_hourly_chart_get_n_hours (IsobarHourlyChart *self)
{
  g_return_val_if_fail (ISOBAR_IS_HOURLY_CHART (self), 0);

  return self->times->len;
}

const char *
isobar_hourly_chart_get_summary (IsobarHourlyChart *self)
{
  g_return_val_if_fail (ISOBAR_IS_HOURLY_CHART (self), NULL);

  return self->summary;
}

static void
isobar_hourly_chart_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("hourly chart drawn"), widget);
  IsobarHourlyChart *self = ISOBAR_HOURLY_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA foreground;
  cairo_t *cr;

  if (width <= 2 * PAD_X || height <= TOP_SPACE + BOTTOM_SPACE)
    return;

  foreground = isobar_chart_get_foreground (ISOBAR_CHART (self));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  _isobar_hourly_chart_paint (self, cr, width, height, &foreground,
                              isobar_chart_is_dark (ISOBAR_CHART (self)));
  cairo_destroy (cr);
}

static char *
isobar_hourly_chart_describe_at (IsobarChart *chart,
                                 double       x,
                                 double       y)
{
  IsobarHourlyChart *self = ISOBAR_HOURLY_CHART (chart);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *hour = NULL;
  g_autofree char *temperature = NULL;
  g_autofree char *precip = NULL;
  g_autofree char *text = NULL;
  double slot;
  int i;

  if (self->times->len == 0)
    return NULL;

  slot = (gtk_widget_get_width (GTK_WIDGET (chart)) - 2 * PAD_X) / self->times->len;
  i = (int) floor ((x - PAD_X) / slot);
  if (i < 0 || i >= (int) self->times->len)
    return NULL;

  local = isobar_format_place_time (g_array_index (self->times, gint64, i), self->utc_offset);
  if (local == NULL)
    return NULL;

  hour = isobar_format_short_time (local, NULL);
  temperature = isobar_format_temperature (_isobar_hourly_chart_value (self->temperature, i), self->temperature_unit);
  precip = isobar_format_amount (_isobar_hourly_chart_value (self->precip, i), self->precip_unit, 1);

  if (isnan (_isobar_hourly_chart_value (self->probability, i)))
    /* Translators: a tooltip: "14:00 · 18 °C · 0.4 mm" */
    text = g_strdup_printf (_("%s · %s · %s"), hour, temperature, precip);
  else
    /* Translators: a tooltip: "14:00 · 18 °C · 0.4 mm (30 % chance)" */
    text = g_strdup_printf (_("%s · %s · %s (%.0f %% chance)"),
                            hour, temperature, precip, _isobar_hourly_chart_value (self->probability, i));

  return g_steal_pointer (&text);
}

static void
isobar_hourly_chart_finalize (GObject *object)
{
  IsobarHourlyChart *self = ISOBAR_HOURLY_CHART (object);

  isobar_hourly_chart_clear (self);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->temperature, g_array_unref);
  g_clear_pointer (&self->precip, g_array_unref);
  g_clear_pointer (&self->probability, g_array_unref);

  G_OBJECT_CLASS (isobar_hourly_chart_parent_class)->finalize (object);
}

static void
isobar_hourly_chart_class_init (IsobarHourlyChartClass *klass)
{
  IsobarChartClass *chart_class = ISOBAR_CHART_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = isobar_hourly_chart_finalize;

  widget_class->snapshot = isobar_hourly_chart_snapshot;

  chart_class->describe_at = isobar_hourly_chart_describe_at;
  isobar_chart_class_set_size (chart_class, 240, 720, 180, 220);

  gtk_widget_class_set_css_name (widget_class, "isobar-hourly-chart");
}

static void
isobar_hourly_chart_init (IsobarHourlyChart *self)
{
  self->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->temperature = g_array_new (FALSE, FALSE, sizeof (double));
  self->precip = g_array_new (FALSE, FALSE, sizeof (double));
  self->probability = g_array_new (FALSE, FALSE, sizeof (double));


  update_accessible (self);
}

GtkWidget *
isobar_hourly_chart_new (void)
{
  return g_object_new (ISOBAR_TYPE_HOURLY_CHART, NULL);
}
