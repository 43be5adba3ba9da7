/* isobar-climate-view-records.c: the climate page's records: the hottest and
 * coldest days of the period, and the table of each month's high and low.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-climate-view-private.h"
#include "isobar-format.h"

/* The records */

static void
show_extreme (IsobarClimateView   *self,
              const IsobarExtreme *extreme,
              GtkLabel            *value_label,
              GtkLabel            *date_label)
{
  g_autofree char *value = NULL;
  g_autofree char *date = NULL;

  value = _isobar_climate_view_format_temperature (self, extreme->julian != 0 ? extreme->value : NAN);
  date = isobar_format_date (extreme->julian);
  gtk_label_set_label (value_label, value);
  gtk_label_set_label (date_label, date != NULL ? date : _("No data"));
}

static void
show_month_record (IsobarClimateView   *self,
                   GtkLabel            *label,
                   const IsobarExtreme *extreme,
                   gboolean             high,
                   guint                month)
{
  g_autoptr(GDateTime) month_dt = g_date_time_new_utc (2000, month + 1, 1, 12, 0, 0);
  g_autofree char *month_name = g_date_time_format (month_dt, "%B");
  g_autofree char *value = NULL;
  g_autofree char *date = NULL;
  g_autofree char *tooltip = NULL;

  if (extreme->julian == 0)
    {
      gtk_label_set_label (label, "—");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), NULL);
      return;
    }

  value = isobar_format_degrees (_isobar_climate_view_display (self, extreme->value));
  gtk_label_set_label (label, value);

  g_clear_pointer (&value, g_free);
  value = _isobar_climate_view_format_temperature (self, extreme->value);
  date = isobar_format_date (extreme->julian);
  tooltip = high
    /* Translators: a monthly record: "Highest in July: 38 °C on 12 July 2019" */
    ? g_strdup_printf (_("Highest in %s: %s on %s"), month_name, value, date)
    /* Translators: a monthly record: "Lowest in January: −21 °C on 3 January 1987" */
    : g_strdup_printf (_("Lowest in %s: %s on %s"), month_name, value, date);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                  -1);
}

void
_isobar_climate_view_show_records (IsobarClimateView *self)
{
  const IsobarRecords *records = isobar_climate_report_get_records (self->report);

  show_extreme (self, &records->overall.high, self->hottest_label, self->hottest_date_label);
  show_extreme (self, &records->overall.low, self->coldest_label, self->coldest_date_label);

  for (guint m = 0; m < 12; m++)
    {
      show_month_record (self, self->month_highs[m], &records->months[m].high, TRUE, m);
      show_month_record (self, self->month_lows[m], &records->months[m].low, FALSE, m);
    }
}

static GtkLabel *
add_grid_label (GtkGrid    *grid,
                const char *text,
                int         column,
                int         row,
                const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 0.5);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (grid, label, column, row, 1, 1);

  return GTK_LABEL (label);
}

void
_isobar_climate_view_build_months_grid (IsobarClimateView *self)
{
  for (guint m = 0; m < 12; m++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, m + 1, 1, 12, 0, 0);
      g_autofree char *name = g_date_time_format (dt, "%b");
      GtkLabel *label = add_grid_label (self->months_grid, name, m + 1, 0, "caption-heading");

      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      self->month_highs[m] = add_grid_label (self->months_grid, "", m + 1, 1, "numeric");
      gtk_widget_add_css_class (GTK_WIDGET (self->month_highs[m]), "anomaly-warm");
      self->month_lows[m] = add_grid_label (self->months_grid, "", m + 1, 2, "numeric");
      gtk_widget_add_css_class (GTK_WIDGET (self->month_lows[m]), "anomaly-cold");
    }

  /* Translators: the row of the highest temperature of each month */
  add_grid_label (self->months_grid, C_("records", "High"), 0, 1, "caption-heading");
  /* Translators: the row of the lowest temperature of each month */
  add_grid_label (self->months_grid, C_("records", "Low"), 0, 2, "caption-heading");
}
