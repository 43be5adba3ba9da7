/* isobar-climate-view-summary.c: the top of the climate page in words:
 * the place, the period, and the warming trend with its interval and fit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-climate-view-private.h"
#include "isobar-format.h"

/* The header: place and period */

void
_isobar_climate_view_show_period (IsobarClimateView *self)
{
  int first = isobar_climate_report_get_first_year (self->report);
  guint n = isobar_climate_report_get_n_years (self->report);
  g_autofree char *range = NULL;
  g_autofree char *years = NULL;
  g_autofree char *text = NULL;

  range = n <= 1 ? g_strdup_printf ("%d", first) : g_strdup_printf ("%d–%d", first, first + (int) n - 1);
  years = g_strdup_printf (ngettext ("%u year", "%u years", n), n);

  if (self->finished != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (g_date_time_get_timezone (self->finished));
      g_autofree char *when = isobar_format_short_time (self->finished, now);

      /* Translators: the report's period: "1985–2024 · 40 years · analysed 14:02" */
      text = g_strdup_printf (_("%s · %s · analysed %s"), range, years, when);
    }
  else
    /* Translators: the report's period: "1985–2024 · 40 years" */
    text = g_strdup_printf (_("%s · %s"), range, years);

  gtk_label_set_label (self->place_label,
                       self->location != NULL ? isobar_location_get_name (self->location) : "");
  gtk_label_set_label (self->period_label, text);
}

/* The trend card */

void
_isobar_climate_view_show_trend (IsobarClimateView *self)
{
  const IsobarTrend *trend = isobar_climate_report_get_trend (self->report);
  double low, high;
  g_autofree char *slope = NULL;
  g_autofree char *figure = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *fit = NULL;

  if (isnan (trend->slope_per_decade))
    {
      gtk_label_set_label (self->trend_label, "—");
      gtk_label_set_label (self->interval_label, _("Too few complete years for a trend"));
      gtk_label_set_label (self->fit_label, "");
      return;
    }

  slope = isobar_format_signed (_isobar_climate_view_display_difference (self, trend->slope_per_decade), 2);
  /* The figure large, the words around it at the label's size. */
  figure = g_markup_printf_escaped ("<span size=\"xx-large\" weight=\"bold\">%s %s</span>",
                                    slope, _isobar_climate_view_unit_symbol (self));
  /* Translators: the warming trend: "+0.31 °C per decade"; %s is the
   * figure with its unit, in Pango markup */
  markup = g_strdup_printf (_("%s per decade"), figure);
  gtk_label_set_label (self->trend_label, markup);

  if (isobar_climate_report_get_interval (self->report, &low, &high))
    {
      g_autofree char *low_text =
        isobar_format_signed (_isobar_climate_view_display_difference (self, low), 2);
      g_autofree char *high_text =
        isobar_format_signed (_isobar_climate_view_display_difference (self, high), 2);
      guint resamples = isobar_climate_report_get_resamples (self->report);

      /* Translators: the trend's confidence interval: "95 % interval +0.22
       * to +0.40 (bootstrap, 40000 resamples)" */
      interval = g_strdup_printf (ngettext ("95 %% interval %s to %s (bootstrap, %u resample)",
                                            "95 %% interval %s to %s (bootstrap, %u resamples)",
                                            resamples),
                                  low_text, high_text, resamples);
    }
  else if (trend->n_years < 3)
    interval = g_strdup (_("No interval: fewer than 3 complete years"));
  else
    interval = g_strdup (_("No interval: the analysis made no bootstrap resamples"));
  gtk_label_set_label (self->interval_label, interval);

  if (isnan (trend->r_squared))
    /* Translators: how the trend was fitted: "Least squares over 38 complete years" */
    fit = g_strdup_printf (ngettext ("Least squares over %u complete year",
                                     "Least squares over %u complete years",
                                     trend->n_years),
                           trend->n_years);
  else
    {
      g_autofree char *r2 = isobar_format_decimal (trend->r_squared, 2);

      /* Translators: how the trend was fitted: "Least squares over 38
       * complete years, r² 0.42" */
      fit = g_strdup_printf (ngettext ("Least squares over %u complete year, r² %s",
                                       "Least squares over %u complete years, r² %s",
                                       trend->n_years),
                             trend->n_years, r2);
    }
  gtk_label_set_label (self->fit_label, fit);
}
