/* isobar-climate-view.c: the climate report page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "isobar-banner.h"
#include "isobar-climate-view.h"
#include "isobar-format.h"
#include "isobar-year-list.h"

/* The columns of the yearly list; the header and every row share them. */
typedef enum
{
  COLUMN_YEAR,
  COLUMN_MEAN,
  COLUMN_MIN,
  COLUMN_MAX,
  COLUMN_ANOMALY,
  COLUMN_HOTTEST,
  COLUMN_COLDEST,
  COLUMN_NOTE,
  N_COLUMNS
} Column;

static const struct
{
  const char *title;
  const char *tooltip;
  int         digits;     /* width, in digits */
  float       xalign;
  gboolean    expand;
} columns[N_COLUMNS] = {
  /* Translators: the yearly list's column titles and their tooltips */
  { N_("Year"), NULL, 4, 0.0, FALSE },
  { N_("Mean"), N_("The mean of the daily mean temperatures"), 6, 1.0, FALSE },
  { N_("Min"), N_("The coldest daily mean"), 5, 1.0, FALSE },
  { N_("Max"), N_("The warmest daily mean"), 5, 1.0, FALSE },
  { N_("Anomaly"), N_("The year’s mean against the mean of all complete years"), 8, 1.0, FALSE },
  { N_("Hottest"), N_("The highest maximum temperature and its day"), 10, 0.0, TRUE },
  { N_("Coldest"), N_("The lowest minimum temperature and its day"), 10, 0.0, TRUE },
  { "", NULL, 9, 0.5, FALSE },
};

struct _IsobarClimateView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  IsobarBanner        *error_banner;
  GtkRevealer         *progress_revealer;
  GtkLabel            *status_label;
  GtkProgressBar      *progress_bar;
  GtkButton           *cancel_button;
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkButton           *run_button;
  GtkPaned            *paned;
  GtkScrolledWindow   *report_scroller;
  GtkLabel            *place_label;
  GtkLabel            *period_label;
  GtkLabel            *trend_label;
  GtkLabel            *interval_label;
  GtkLabel            *fit_label;
  GtkLabel            *hottest_label;
  GtkLabel            *hottest_date_label;
  GtkLabel            *coldest_label;
  GtkLabel            *coldest_date_label;
  GtkGrid             *months_grid;
  IsobarHeatMap       *heat_map;
  IsobarNormalsChart  *normals_chart;
  GtkLabel            *years_caption;
  GtkBox              *years_header;
  GtkListView         *year_list_view;

  /* Owned */
  IsobarYearList      *years;
  IsobarClimateReport *report;
  IsobarLocation      *location;
  GDateTime           *finished;
  char                *error;
  IsobarUnits          units;
  int                  digit_width;
  int                  note_width;        /* fits the "Incomplete" tag */
  GtkLabel            *month_highs[12];  /* in months_grid */
  GtkLabel            *month_lows[12];
};

G_DEFINE_FINAL_TYPE (IsobarClimateView, isobar_climate_view, GTK_TYPE_WIDGET)

/* Numbers */

static const char *
unit_symbol (IsobarClimateView *self)
{
  return self->units == ISOBAR_UNITS_IMPERIAL ? "°F" : "°C";
}

/* A temperature in the view's unit. */
static double
display (IsobarClimateView *self,
         double             celsius)
{
  return self->units == ISOBAR_UNITS_IMPERIAL ? celsius * 1.8 + 32 : celsius;
}

/* A temperature difference in the view's unit. */
static double
display_difference (IsobarClimateView *self,
                    double             celsius)
{
  return self->units == ISOBAR_UNITS_IMPERIAL ? celsius * 1.8 : celsius;
}

/* "36 °C", in the view's unit. */
static char *
format_temperature (IsobarClimateView *self,
                    double             celsius)
{
  return isobar_format_temperature (display (self, celsius), unit_symbol (self));
}

/* The header: place and period */

static void
show_period (IsobarClimateView *self)
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

static void
show_trend (IsobarClimateView *self)
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

  slope = isobar_format_signed (display_difference (self, trend->slope_per_decade), 2);
  /* The figure large, the words around it at the label's size. */
  figure = g_markup_printf_escaped ("<span size=\"xx-large\" weight=\"bold\">%s %s</span>",
                                    slope, unit_symbol (self));
  /* Translators: the warming trend: "+0.31 °C per decade"; %s is the
   * figure with its unit, in Pango markup */
  markup = g_strdup_printf (_("%s per decade"), figure);
  gtk_label_set_label (self->trend_label, markup);

  if (isobar_climate_report_get_interval (self->report, &low, &high))
    {
      g_autofree char *low_text = isobar_format_signed (display_difference (self, low), 2);
      g_autofree char *high_text = isobar_format_signed (display_difference (self, high), 2);
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

/* The records */

static void
show_extreme (IsobarClimateView   *self,
              const IsobarExtreme *extreme,
              GtkLabel            *value_label,
              GtkLabel            *date_label)
{
  g_autofree char *value = NULL;
  g_autofree char *date = NULL;

  value = format_temperature (self, extreme->julian != 0 ? extreme->value : NAN);
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

  value = isobar_format_degrees (display (self, extreme->value));
  gtk_label_set_label (label, value);

  g_clear_pointer (&value, g_free);
  value = format_temperature (self, extreme->value);
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

static void
show_records (IsobarClimateView *self)
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

static void
build_months_grid (IsobarClimateView *self)
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

/* The yearly list */

static void
set_column_width (IsobarClimateView *self,
                  GtkLabel          *label,
                  Column             column)
{
  gtk_label_set_xalign (label, columns[column].xalign);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  /* Natural width no wider than the column: every row lines up with the
   * header, whatever the text. */
  gtk_label_set_max_width_chars (label, 1);
  gtk_widget_set_size_request (GTK_WIDGET (label),
                               column == COLUMN_NOTE ? self->note_width : columns[column].digits * self->digit_width,
                               -1);
  gtk_widget_set_hexpand (GTK_WIDGET (label), columns[column].expand);
}

static GtkWidget *
make_row_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_widget_add_css_class (box, "climate-year-row");
  return box;
}

static void
build_years_header (IsobarClimateView *self)
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *label = gtk_label_new (columns[c].title[0] != '\0' ? _(columns[c].title) : "");

      set_column_width (self, GTK_LABEL (label), c);
      gtk_widget_add_css_class (label, "caption-heading");
      if (columns[c].tooltip != NULL)
        gtk_widget_set_tooltip_text (label, _(columns[c].tooltip));
      gtk_box_append (self->years_header, label);
    }
  gtk_box_set_spacing (self->years_header, 8);
}

static void
show_years_caption (IsobarClimateView *self)
{
  g_autofree char *caption = NULL;

  /* Translators: the caption of the yearly list; %s is a unit, "°C" */
  caption = g_strdup_printf (_("Newest first, in %s. Years with more than %u days missing are left out of "
                               "the trend and the anomalies’ baseline."),
                             unit_symbol (self), ISOBAR_CLIMATE_MAX_MISSING_DAYS);
  gtk_label_set_label (self->years_caption, caption);
}

static void
on_setup_year (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               IsobarClimateView        *self)
{
  GtkWidget *box = make_row_box ();

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      set_column_width (self, GTK_LABEL (label), c);
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static char *
format_day_extreme (IsobarClimateView *self,
                    double             celsius,
                    guint32            julian)
{
  g_autofree char *value = NULL;
  g_autofree char *day = NULL;

  if (julian == 0)
    return g_strdup ("—");

  value = isobar_format_degrees (display (self, celsius));
  day = isobar_format_date_short (julian);

  /* Translators: a year's extreme day in the yearly list: "36° · 12 Jul" */
  return g_strdup_printf (_("%s · %s"), value, day);
}

static void
on_bind_year (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              IsobarClimateView        *self)
{
  IsobarYearItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *cell[N_COLUMNS];
  GtkWidget *child = gtk_widget_get_first_child (box);
  double anomaly = isobar_year_item_get_anomaly (item);
  guint missing = isobar_year_item_get_n_missing (item);
  g_autofree char *year = g_strdup_printf ("%d", isobar_year_item_get_year (item));
  g_autofree char *mean = NULL;
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  g_autofree char *anomaly_text = NULL;
  g_autofree char *hottest = NULL;
  g_autofree char *coldest = NULL;
  g_autofree char *missing_text = NULL;

  for (guint c = 0; c < N_COLUMNS; c++, child = gtk_widget_get_next_sibling (child))
    cell[c] = child;

  mean = isobar_format_decimal (display (self, isobar_year_item_get_mean (item)), 1);
  min = isobar_format_decimal (display (self, isobar_year_item_get_min (item)), 1);
  max = isobar_format_decimal (display (self, isobar_year_item_get_max (item)), 1);
  anomaly_text = isobar_format_signed (display_difference (self, anomaly), 1);
  hottest = format_day_extreme (self, isobar_year_item_get_hottest (item),
                                isobar_year_item_get_hottest_julian (item));
  coldest = format_day_extreme (self, isobar_year_item_get_coldest (item),
                                isobar_year_item_get_coldest_julian (item));

  gtk_label_set_label (GTK_LABEL (cell[COLUMN_YEAR]), year);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_MEAN]), mean);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_MIN]), min);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_MAX]), max);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_ANOMALY]), anomaly_text);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_HOTTEST]), hottest);
  gtk_label_set_label (GTK_LABEL (cell[COLUMN_COLDEST]), coldest);
  gtk_widget_set_tooltip_text (cell[COLUMN_HOTTEST], hottest);
  gtk_widget_set_tooltip_text (cell[COLUMN_COLDEST], coldest);

  /* Colour only what rounds to a visible difference. */
  gtk_widget_remove_css_class (cell[COLUMN_ANOMALY], "anomaly-warm");
  gtk_widget_remove_css_class (cell[COLUMN_ANOMALY], "anomaly-cold");
  if (round (display_difference (self, anomaly) * 10) > 0)
    gtk_widget_add_css_class (cell[COLUMN_ANOMALY], "anomaly-warm");
  else if (round (display_difference (self, anomaly) * 10) < 0)
    gtk_widget_add_css_class (cell[COLUMN_ANOMALY], "anomaly-cold");

  /* The note keeps its width when empty: rows line up with the header. */
  if (isobar_year_item_get_incomplete (item))
    {
      /* Translators: the tooltip of an incomplete year */
      missing_text = g_strdup_printf (ngettext ("%u day missing", "%u days missing", missing), missing);
      gtk_label_set_label (GTK_LABEL (cell[COLUMN_NOTE]), _("Incomplete"));
      gtk_widget_add_css_class (cell[COLUMN_NOTE], "climate-incomplete");
    }
  else
    {
      gtk_label_set_label (GTK_LABEL (cell[COLUMN_NOTE]), "");
      gtk_widget_remove_css_class (cell[COLUMN_NOTE], "climate-incomplete");
    }
  gtk_widget_set_tooltip_text (cell[COLUMN_NOTE], missing_text);
}

/* Filling the page */

static void
show_report (IsobarClimateView *self)
{
  show_period (self);
  show_trend (self);
  show_records (self);
  show_years_caption (self);
}

static void
show_empty (IsobarClimateView *self)
{
  g_autofree char *description = NULL;

  if (self->location != NULL)
    /* Translators: %s is a place name */
    description = g_strdup_printf (_("A run downloads decades of daily weather history for your saved places "
                                     "and analyses it: normals, records, the warming trend and every day "
                                     "against the normal. Run one to see the report for %s."),
                                   isobar_location_get_name (self->location));
  else
    description = g_strdup (_("A run downloads decades of daily weather history for your saved places and "
                              "analyses it: normals, records, the warming trend and every day against the "
                              "normal. Save a place, then run an analysis."));

  adw_status_page_set_description (self->empty_page, description);
}

void
isobar_climate_view_set_report (IsobarClimateView   *self,
                                IsobarLocation      *location,
                                IsobarClimateReport *report,
                                GDateTime           *finished)
{
  gboolean same;

  g_return_if_fail (ISOBAR_IS_CLIMATE_VIEW (self));
  g_return_if_fail (location == NULL || ISOBAR_IS_LOCATION (location));
  g_return_if_fail (report == NULL || ISOBAR_IS_CLIMATE_REPORT (report));

  same = report != NULL && report == self->report;
  g_set_object (&self->location, location);
  g_clear_pointer (&self->finished, g_date_time_unref);
  if (finished != NULL)
    self->finished = g_date_time_ref (finished);

  if (report == NULL)
    {
      g_clear_object (&self->report);
      isobar_year_list_set_report (self->years, NULL);
      isobar_heat_map_set_report (self->heat_map, NULL);
      isobar_normals_chart_set_report (self->normals_chart, NULL);
      show_empty (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_set_object (&self->report, report);
  show_report (self);
  /* The same report again (the window refreshes often): keep the list and
   * its scrolling as they are. */
  if (!same)
    {
      isobar_year_list_set_report (self->years, report);
      isobar_heat_map_set_report (self->heat_map, report);
      isobar_normals_chart_set_report (self->normals_chart, report);
    }
  gtk_stack_set_visible_child_name (self->stack, "report");
}

void
isobar_climate_view_set_units (IsobarClimateView *self,
                               IsobarUnits        units)
{
  g_return_if_fail (ISOBAR_IS_CLIMATE_VIEW (self));

  if (self->units == units)
    return;

  self->units = units;
  isobar_heat_map_set_units (self->heat_map, units);
  isobar_normals_chart_set_units (self->normals_chart, units);

  if (self->report != NULL)
    {
      show_report (self);
      /* New items: the rows bind again, in the new unit. */
      isobar_year_list_set_report (self->years, self->report);
    }
}

IsobarUnits
isobar_climate_view_get_units (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), ISOBAR_UNITS_METRIC);

  return self->units;
}

void
isobar_climate_view_set_progress (IsobarClimateView *self,
                                  gboolean           running,
                                  double             fraction,
                                  const char        *status)
{
  g_return_if_fail (ISOBAR_IS_CLIMATE_VIEW (self));

  gtk_revealer_set_reveal_child (self->progress_revealer, running);
  if (!running)
    return;

  if (isnan (fraction) || fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (fraction, 1.0));

  gtk_label_set_label (self->status_label, status != NULL ? status : _("Analysing…"));
}

void
isobar_climate_view_set_error (IsobarClimateView *self,
                               const char        *message)
{
  g_return_if_fail (ISOBAR_IS_CLIMATE_VIEW (self));

  g_free (self->error);
  self->error = g_strdup (message);

  if (message != NULL)
    isobar_banner_set_title (self->error_banner, message);
  isobar_banner_set_revealed (self->error_banner, message != NULL);
}

/* Getters */

const char *
isobar_climate_view_get_state (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

IsobarClimateReport *
isobar_climate_view_get_report (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->report;
}

const char *
isobar_climate_view_get_error (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->error;
}

const char *
isobar_climate_view_get_trend_text (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return gtk_label_get_text (self->trend_label);
}

const char *
isobar_climate_view_get_interval_text (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return gtk_label_get_label (self->interval_label);
}

const char *
isobar_climate_view_get_period_text (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return gtk_label_get_label (self->period_label);
}

GListModel *
isobar_climate_view_get_years (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return G_LIST_MODEL (self->years);
}

GtkListView *
isobar_climate_view_get_year_list_view (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->year_list_view;
}

IsobarHeatMap *
isobar_climate_view_get_heat_map (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->heat_map;
}

IsobarNormalsChart *
isobar_climate_view_get_normals_chart (IsobarClimateView *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIMATE_VIEW (self), NULL);

  return self->normals_chart;
}

/* Life cycle */

static void
isobar_climate_view_dispose (GObject *object)
{
  IsobarClimateView *self = ISOBAR_CLIMATE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_CLIMATE_VIEW);

  g_clear_object (&self->years);
  g_clear_object (&self->report);
  g_clear_object (&self->location);
  g_clear_pointer (&self->finished, g_date_time_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (isobar_climate_view_parent_class)->dispose (object);
}

static void
isobar_climate_view_class_init (IsobarClimateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_climate_view_dispose;

  g_type_ensure (ISOBAR_TYPE_BANNER);
  g_type_ensure (ISOBAR_TYPE_HEAT_MAP);
  g_type_ensure (ISOBAR_TYPE_NORMALS_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-climate-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, error_banner);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, stack);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, run_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, paned);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, report_scroller);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, place_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, period_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, trend_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, interval_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, fit_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, hottest_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, hottest_date_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, coldest_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, coldest_date_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, months_grid);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, heat_map);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, normals_chart);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, years_caption);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, years_header);
  gtk_widget_class_bind_template_child (widget_class, IsobarClimateView, year_list_view);

  gtk_widget_class_set_css_name (widget_class, "isobar-climate-view");
}

static int
measure_text (IsobarClimateView *self,
              const char        *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
isobar_climate_view_init (IsobarClimateView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->digit_width = MAX (6, (measure_text (self, "0000000000") + 9) / 10);
  /* The tag is smaller bold text with padding: its plain width and some. */
  self->note_width = MAX (columns[COLUMN_NOTE].digits * self->digit_width,
                          measure_text (self, _("Incomplete")) + 16);
  self->years = isobar_year_list_new (NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_year), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_year), self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->years)));
  gtk_list_view_set_factory (self->year_list_view, factory);
  gtk_list_view_set_model (self->year_list_view, GTK_SELECTION_MODEL (selection));

  build_years_header (self);
  build_months_grid (self);
  show_empty (self);
}

GtkWidget *
isobar_climate_view_new (void)
{
  return g_object_new (ISOBAR_TYPE_CLIMATE_VIEW, NULL);
}
