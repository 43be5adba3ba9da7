/* test-climate-view.c: the climate page with a real report, computed here
 * from a real isobar-sim archive: its states, figures, the lazy yearly
 * model, the charts' summaries, units, errors, progress, and screenshots in
 * light and dark style.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "isobar-banner.h"
#include "isobar-climate-view.h"
#include "isobar-progress-line.h"
#include "isobar-core.h"
#include "isobar-pipeline.h"
#include "isobar-year-list.h"

#include "display-util.h"

#define YEARS 40
#define FIRST_YEAR (ISOBAR_PIPELINE_LAST_YEAR - YEARS + 1)
#define RESAMPLES 2000
#define SEED 11
#define TIMEOUT_SECONDS 60

/* One report for the whole file: computing it is the slow part. */
static IsobarClimateReport *shared_report;
static IsobarClimateSeries *shared_series;

typedef struct
{
  IsobarClimateReport *report;
  IsobarLocation      *location;
  GDateTime           *finished;
  GtkWindow           *window;
  IsobarClimateView   *view;
} Fixture;

/* The report */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static gboolean
simulator_ready (gpointer user_data)
{
  return isobar_simulator_is_running (user_data);
}

static void
start_simulator_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  isobar_simulator_start_finish (ISOBAR_SIMULATOR (object), result, &error);
  g_assert_no_error (error);
}

static IsobarClimateReport *
compute_report (void)
{
  g_autoptr(IsobarSimulator) sim = isobar_simulator_new (NULL);
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IsobarArchive) archive = NULL;
  g_autoptr(IsobarClimateSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  IsobarPlaceSeries *place_series;
  IsobarClimateReport *report;
  IsobarArchiveRequest request = { 52.52, 13.41 };

  isobar_simulator_start_async (sim, NULL, start_simulator_cb, NULL);
  g_assert_true (display_wait_for (simulator_ready, sim, TIMEOUT_SECONDS, "isobar-sim"));
  client = isobar_client_new_for_server (isobar_simulator_get_base_url (sim));

  g_date_clear (&request.start, 1);
  g_date_clear (&request.end, 1);
  g_date_set_dmy (&request.start, 1, G_DATE_JANUARY, FIRST_YEAR);
  g_date_set_dmy (&request.end, 31, G_DATE_DECEMBER, ISOBAR_PIPELINE_LAST_YEAR);
  isobar_client_archive_async (client, &request, NULL, store_result_cb, &result);
  g_assert_true (display_wait_for (result_arrived, &result, TIMEOUT_SECONDS, "the archive"));
  archive = isobar_client_archive_finish (client, result, &error);
  g_assert_no_error (error);

  place_series = ISOBAR_PLACE_SERIES (archive);
  series = isobar_climate_series_new_from_block (isobar_place_series_get_daily (place_series),
                                                 isobar_place_series_get_utc_offset_seconds (place_series),
                                                 &error);
  g_assert_no_error (error);

  report = isobar_climate_report_compute (series, RESAMPLES, SEED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (isobar_climate_report_get_first_year (report), ==, FIRST_YEAR);
  g_assert_cmpuint (isobar_climate_report_get_n_years (report), ==, YEARS);
  shared_series = isobar_climate_series_ref (series);

  return report;
}

static IsobarClimateReport *
get_report (void)
{
  if (shared_report == NULL)
    shared_report = compute_report ();

  return shared_report;
}

/* Expected texts, written independently of the view */

static char *
signed_number (double value,
               int    digits)
{
  double rounded = round (value * pow (10, digits)) / pow (10, digits);

  if (rounded == 0)
    return g_strdup_printf ("%.*f", digits, 0.0);
  return rounded < 0
    ? g_strdup_printf ("−%.*f", digits, -rounded)
    : g_strdup_printf ("+%.*f", digits, rounded);
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  if (display_skip_without ())
    return;

  f->report = g_object_ref (get_report ());
  f->location = isobar_location_new ("Berlin", 52.52, 13.41);
  f->finished = g_date_time_new_now_local ();

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 700, 900);
  f->view = ISOBAR_CLIMATE_VIEW (isobar_climate_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  display_settle (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_clear_object (&f->report);
  g_clear_object (&f->location);
  g_clear_pointer (&f->finished, g_date_time_unref);
}

static GtkWidget *
template_child (Fixture    *f,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->view), ISOBAR_TYPE_CLIMATE_VIEW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* Cases */

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_signals;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->n_signals++;
}

/* "30 July 2008: +2.9 °C against the normal": the anomaly read back from
 * the pixel's colour must be the day's tmean minus its normal. */
static void
assert_heat_map_tooltip (const char *tooltip)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([0-9]{1,2}) ([A-Za-z]+) ([0-9]{4}): ([+−]?)([0-9]+\\.[0-9]) °C against the normal$",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *day = NULL;
  g_autofree char *month_name = NULL;
  g_autofree char *year = NULL;
  g_autofree char *sign = NULL;
  g_autofree char *amount = NULL;
  const IsobarClimateDay *days = isobar_climate_series_get_days (shared_series);
  const IsobarNormal *normals = isobar_climate_report_get_normals (shared_report);
  const double *tmean = isobar_climate_series_get_tmean (shared_series);
  guint month = 0;
  guint32 index;
  double shown, anomaly;
  GDate date;

  g_assert_true (g_regex_match (regex, tooltip, 0, &match));
  day = g_match_info_fetch (match, 1);
  month_name = g_match_info_fetch (match, 2);
  year = g_match_info_fetch (match, 3);
  sign = g_match_info_fetch (match, 4);
  amount = g_match_info_fetch (match, 5);

  for (guint m = 1; m <= 12; m++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_utc (2001, m, 1, 0, 0, 0);
      g_autofree char *name = g_date_time_format (dt, "%B");

      if (g_str_equal (name, month_name))
        month = m;
    }
  g_assert_cmpuint (month, >, 0);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, atoi (day), month, atoi (year));
  index = g_date_get_julian (&date) - isobar_climate_series_get_first_julian (shared_series);
  g_assert_cmpuint (index, <, isobar_climate_series_get_n_days (shared_series));
  g_assert_cmpuint (days[index].mday, ==, atoi (day));

  anomaly = tmean[index] - normals[days[index].cday - 1].mean;
  shown = g_ascii_strtod (amount, NULL) * (g_str_equal (sign, "−") ? -1 : 1);
  g_test_message ("%s: anomaly %.3f °C", tooltip, anomaly);
  /* One decimal, and 8-bit colour steps of about 0.06 °C. */
  g_assert_cmpfloat (fabs (shown - anomaly), <=, 0.1);
}

static void
test_year_list (void)
{
  IsobarClimateReport *report;
  g_autoptr(IsobarYearList) list = NULL;
  g_autoptr(IsobarYearItem) newest = NULL;
  g_autoptr(IsobarYearItem) again = NULL;
  g_autoptr(IsobarYearItem) oldest = NULL;
  const IsobarYearRow *rows;
  guint n_rows;
  Changes changes = { 0 };
  int year;
  double mean, anomaly;
  guint32 hottest_julian;
  gboolean incomplete;

  if (display_skip_without ())
    return;

  report = get_report ();
  rows = isobar_climate_report_get_yearly (report, &n_rows);
  g_assert_cmpuint (n_rows, ==, YEARS);

  list = isobar_year_list_new (NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == ISOBAR_TYPE_YEAR_ITEM);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  isobar_year_list_set_report (list, report);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, YEARS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, YEARS);

  /* Nothing exists until asked for. */
  g_assert_cmpuint (isobar_year_list_get_n_created (list), ==, 0);
  newest = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpuint (isobar_year_list_get_n_created (list), ==, 1);
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (newest == again);
  g_assert_cmpuint (isobar_year_list_get_n_created (list), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), YEARS));

  /* Newest first, by value. */
  g_assert_cmpint (isobar_year_item_get_year (newest), ==, ISOBAR_PIPELINE_LAST_YEAR);
  g_assert_true (memcmp (isobar_year_item_get_row (newest), &rows[YEARS - 1], sizeof (IsobarYearRow)) == 0);
  oldest = g_list_model_get_item (G_LIST_MODEL (list), YEARS - 1);
  g_assert_cmpint (isobar_year_item_get_year (oldest), ==, FIRST_YEAR);
  g_assert_cmpuint (isobar_year_list_get_n_created (list), ==, 2);

  g_object_get (newest, "year", &year, "mean", &mean, "anomaly", &anomaly,
                "hottest-julian", &hottest_julian, "incomplete", &incomplete, NULL);
  g_assert_cmpint (year, ==, rows[YEARS - 1].year);
  g_assert_cmpfloat (mean, ==, rows[YEARS - 1].mean);
  g_assert_cmpfloat (anomaly, ==, rows[YEARS - 1].anomaly);
  g_assert_cmpuint (hottest_julian, ==, rows[YEARS - 1].hottest.julian);
  g_assert_cmpint (incomplete, ==, (rows[YEARS - 1].flags & ISOBAR_YEAR_INCOMPLETE) != 0);
  g_assert_cmpfloat (isobar_year_item_get_hottest (newest), ==, rows[YEARS - 1].hottest.value);
  g_assert_cmpfloat (isobar_year_item_get_coldest (newest), ==, rows[YEARS - 1].coldest.value);

  /* The same report again: new items, announced. */
  isobar_year_list_set_report (list, report);
  g_assert_cmpuint (changes.n_signals, ==, 2);
  g_assert_cmpuint (changes.removed, ==, YEARS);
  g_assert_cmpuint (changes.added, ==, YEARS);
  g_assert_cmpuint (isobar_year_list_get_n_created (list), ==, 0);

  isobar_year_list_set_report (list, NULL);
  g_assert_cmpuint (changes.n_signals, ==, 3);
  g_assert_cmpuint (changes.removed, ==, YEARS);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (isobar_year_list_get_report (list));
}

static gboolean
rows_created (gpointer user_data)
{
  Fixture *f = user_data;

  return isobar_year_list_get_n_created (ISOBAR_YEAR_LIST (isobar_climate_view_get_years (f->view))) > 0;
}

static void
assert_report_shown (Fixture *f)
{
  g_assert_cmpstr (isobar_climate_view_get_state (f->view), ==, "report");
  g_assert_true (isobar_climate_view_get_report (f->view) == f->report);
}

static void
test_view_report (Fixture       *f,
                  gconstpointer  user_data)
{
  const IsobarTrend *trend;
  const IsobarYearRow *rows;
  const IsobarYearRow *warmest = NULL, *coldest = NULL;
  GListModel *years;
  g_autoptr(IsobarYearItem) first = NULL;
  g_autoptr(IsobarYearItem) last = NULL;
  g_autofree char *slope = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *warmest_text = NULL;
  g_autofree char *coldest_text = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *day_one = NULL;
  const char *summary;
  guint n_rows;
  double low, high;

  if (display_skip_without ())
    return;

  /* Before any report: the empty state. */
  g_assert_cmpstr (isobar_climate_view_get_state (f->view), ==, "empty");
  g_assert_null (isobar_climate_view_get_report (f->view));
  g_assert_cmpuint (g_list_model_get_n_items (isobar_climate_view_get_years (f->view)), ==, 0);

  isobar_climate_view_set_report (f->view, f->location, f->report, f->finished);
  assert_report_shown (f);

  /* The period */
  g_assert_true (g_str_has_prefix (isobar_climate_view_get_period_text (f->view),
                                   "1985–2024 · 40 years · analysed "));

  /* The trend and its interval, in °C */
  trend = isobar_climate_report_get_trend (f->report);
  g_assert_false (isnan (trend->slope_per_decade));
  slope = signed_number (trend->slope_per_decade, 2);
  expected = g_strdup_printf ("%s °C per decade", slope);
  g_assert_cmpstr (isobar_climate_view_get_trend_text (f->view), ==, expected);

  g_assert_true (isobar_climate_report_get_interval (f->report, &low, &high));
  g_clear_pointer (&expected, g_free);
  {
    g_autofree char *low_text = signed_number (low, 2);
    g_autofree char *high_text = signed_number (high, 2);

    expected = g_strdup_printf ("95 %% interval %s to %s (bootstrap, %u resamples)",
                                low_text, high_text, RESAMPLES);
  }
  g_assert_cmpstr (isobar_climate_view_get_interval_text (f->view), ==, expected);

  /* The yearly model behind the list: all years, newest first, made lazily
   * (the list view asked for the rows it shows). */
  years = isobar_climate_view_get_years (f->view);
  g_assert_true (ISOBAR_IS_YEAR_LIST (years));
  g_assert_cmpuint (g_list_model_get_n_items (years), ==, YEARS);
  g_assert_true (display_wait_for (rows_created, f, 5, "the list view to ask for rows"));
  g_assert_true (GTK_IS_NO_SELECTION (gtk_list_view_get_model (isobar_climate_view_get_year_list_view (f->view))));
  g_assert_true (gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (isobar_climate_view_get_year_list_view (f->view)))) == years);
  first = g_list_model_get_item (years, 0);
  last = g_list_model_get_item (years, YEARS - 1);
  g_assert_cmpint (isobar_year_item_get_year (first), ==, ISOBAR_PIPELINE_LAST_YEAR);
  g_assert_cmpint (isobar_year_item_get_year (last), ==, FIRST_YEAR);

  /* The heat map's summary names the warmest and coldest complete years. */
  rows = isobar_climate_report_get_yearly (f->report, &n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      if (rows[i].flags & ISOBAR_YEAR_INCOMPLETE)
        continue;
      if (warmest == NULL || rows[i].anomaly > warmest->anomaly)
        warmest = &rows[i];
      if (coldest == NULL || rows[i].anomaly < coldest->anomaly)
        coldest = &rows[i];
    }
  g_assert_nonnull (warmest);
  summary = isobar_heat_map_get_summary (isobar_climate_view_get_heat_map (f->view));
  g_test_message ("Heat map: %s", summary);
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_prefix (summary, "Daily temperature anomalies 1985–2024: "));
  {
    g_autofree char *warm = signed_number (warmest->anomaly, 1);
    g_autofree char *cold = signed_number (coldest->anomaly, 1);

    warmest_text = g_strdup_printf ("warmest year %d (%s °C)", warmest->year, warm);
    coldest_text = g_strdup_printf ("coldest %d (%s °C)", coldest->year, cold);
  }
  g_assert_nonnull (strstr (summary, warmest_text));
  g_assert_nonnull (strstr (summary, coldest_text));

  /* The normals: the simulator's seasons peak in late July in the north. */
  summary = isobar_normals_chart_get_summary (isobar_climate_view_get_normals_chart (f->view));
  g_test_message ("Normals: %s", summary);
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_prefix (summary, "Daily normals 1985–2024: warmest "));
  g_assert_true (strstr (summary, "July, coldest") != NULL || strstr (summary, "August, coldest") != NULL);
  g_assert_nonnull (strstr (summary, "°C"));
  day_one = isobar_normals_chart_describe_day (isobar_climate_view_get_normals_chart (f->view), 1);
  g_assert_true (g_str_has_prefix (day_one, "1 January: normal "));
  g_assert_nonnull (strstr (day_one, "(40 years)"));

  /* Hovering the heat map names a day of the history. */
  display_settle (300);
  {
    GtkWidget *map = GTK_WIDGET (isobar_climate_view_get_heat_map (f->view));
    int width = gtk_widget_get_width (map);
    int height = gtk_widget_get_height (map);

    g_assert_cmpint (width, >, 300);
    tooltip = isobar_heat_map_describe_at (ISOBAR_HEAT_MAP (map), width * 0.6, height * 0.5);
    g_test_message ("Heat map tooltip: %s", tooltip);
    g_assert_nonnull (tooltip);
    assert_heat_map_tooltip (tooltip);
    g_assert_null (isobar_heat_map_describe_at (ISOBAR_HEAT_MAP (map), 1, 1));
  }

  /* The same report again keeps the rows made so far. */
  {
    guint made = isobar_year_list_get_n_created (ISOBAR_YEAR_LIST (years));

    isobar_climate_view_set_report (f->view, f->location, f->report, f->finished);
    g_assert_cmpuint (isobar_year_list_get_n_created (ISOBAR_YEAR_LIST (years)), ==, made);
  }
}

static void
test_view_units (Fixture       *f,
                 gconstpointer  user_data)
{
  const IsobarTrend *trend;
  g_autofree char *metric_trend = NULL;
  g_autofree char *metric_summary = NULL;
  g_autofree char *slope = NULL;
  g_autofree char *expected = NULL;
  const char *summary;

  if (display_skip_without ())
    return;

  isobar_climate_view_set_report (f->view, f->location, f->report, f->finished);
  metric_trend = g_strdup (isobar_climate_view_get_trend_text (f->view));
  metric_summary = g_strdup (isobar_normals_chart_get_summary (isobar_climate_view_get_normals_chart (f->view)));

  isobar_climate_view_set_units (f->view, ISOBAR_UNITS_IMPERIAL);
  g_assert_cmpint (isobar_climate_view_get_units (f->view), ==, ISOBAR_UNITS_IMPERIAL);
  trend = isobar_climate_report_get_trend (f->report);
  slope = signed_number (trend->slope_per_decade * 1.8, 2);
  expected = g_strdup_printf ("%s °F per decade", slope);
  g_assert_cmpstr (isobar_climate_view_get_trend_text (f->view), ==, expected);
  g_assert_cmpstr (isobar_climate_view_get_trend_text (f->view), !=, metric_trend);
  g_assert_nonnull (strstr (isobar_climate_view_get_interval_text (f->view), "95 % interval"));

  summary = isobar_normals_chart_get_summary (isobar_climate_view_get_normals_chart (f->view));
  g_assert_cmpstr (summary, !=, metric_summary);
  g_assert_nonnull (strstr (summary, "°F"));
  g_assert_null (strstr (summary, "°C"));
  g_assert_nonnull (strstr (isobar_heat_map_get_summary (isobar_climate_view_get_heat_map (f->view)), "°F)"));

  /* The rows bind again, in °F. */
  g_assert_true (display_wait_for (rows_created, f, 5, "the rows to bind again"));
  assert_report_shown (f);

  isobar_climate_view_set_units (f->view, ISOBAR_UNITS_METRIC);
  g_assert_cmpstr (isobar_climate_view_get_trend_text (f->view), ==, metric_trend);
}

/* A report given while the view is not shown fills the yearly list when it
 * is: a run ending behind another page does not rebuild its rows. */
static void
test_view_hidden (Fixture       *f,
                  gconstpointer  user_data)
{
  GListModel *years;

  if (display_skip_without ())
    return;

  years = isobar_climate_view_get_years (f->view);
  gtk_widget_set_visible (GTK_WIDGET (f->view), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  isobar_climate_view_set_report (f->view, f->location, f->report, f->finished);
  g_assert_cmpuint (g_list_model_get_n_items (years), ==, 0);
  g_assert_cmpstr (isobar_climate_view_get_state (f->view), ==, "report");

  gtk_widget_set_visible (GTK_WIDGET (f->view), TRUE);
  g_assert_true (display_wait_for (rows_created, f, DISPLAY_WAIT_SECONDS, "the yearly rows"));
  g_assert_cmpuint (g_list_model_get_n_items (years), ==, YEARS);
  assert_report_shown (f);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_view_error_and_progress (Fixture       *f,
                              gconstpointer  user_data)
{
  GtkWidget *banner;
  GtkWidget *revealer;
  GtkWidget *progress;

  if (display_skip_without ())
    return;

  isobar_climate_view_set_report (f->view, f->location, f->report, f->finished);
  banner = template_child (f, "error_banner");
  revealer = template_child (f, "progress_revealer");
  progress = template_child (f, "progress_bar");

  /* An error keeps the last good report on screen. */
  g_assert_false (isobar_banner_get_revealed (ISOBAR_BANNER (banner)));
  isobar_climate_view_set_error (f->view, "The analysis failed: the helper exited with signal 9.");
  g_assert_true (isobar_banner_get_revealed (ISOBAR_BANNER (banner)));
  g_assert_cmpstr (isobar_banner_get_title (ISOBAR_BANNER (banner)), ==,
                   "The analysis failed: the helper exited with signal 9.");
  g_assert_cmpstr (isobar_climate_view_get_error (f->view), ==,
                   "The analysis failed: the helper exited with signal 9.");
  assert_report_shown (f);

  /* A run under way */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  isobar_climate_view_set_progress (f->view, TRUE, 0.4, "Analysing 2 of 3 places…");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpfloat_with_epsilon (isobar_progress_line_get_fraction (ISOBAR_PROGRESS_LINE (progress)), 0.4, 1e-9);
  g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (template_child (f, "status_label"))), ==,
                   "Analysing 2 of 3 places…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (template_child (f, "cancel_button"))), ==,
                   "app.cancel");
  display_settle (400);
  g_free (display_save_screenshot (GTK_WIDGET (f->window), "climate-view-error-progress.png"));

  /* Unknown progress moves a block; a fraction comes back clamped, and
   * setting the same one again tells nobody. */
  {
    guint notified = 0;
    gulong id = g_signal_connect_swapped (progress, "notify::fraction", G_CALLBACK (count_notify), &notified);

    isobar_climate_view_set_progress (f->view, TRUE, NAN, "Analysing…");
    g_assert_true (isnan (isobar_progress_line_get_fraction (ISOBAR_PROGRESS_LINE (progress))));
    isobar_progress_line_set_fraction (ISOBAR_PROGRESS_LINE (progress), 7.0);
    g_assert_cmpfloat (isobar_progress_line_get_fraction (ISOBAR_PROGRESS_LINE (progress)), ==, 1.0);
    isobar_progress_line_set_fraction (ISOBAR_PROGRESS_LINE (progress), 1.0);
    g_assert_cmpuint (notified, ==, 2);
    g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (progress)), ==,
                     GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
    g_signal_handler_disconnect (progress, id);
  }

  isobar_climate_view_set_progress (f->view, FALSE, 1.0, NULL);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  isobar_climate_view_set_error (f->view, NULL);
  g_assert_false (isobar_banner_get_revealed (ISOBAR_BANNER (banner)));
  g_assert_null (isobar_climate_view_get_error (f->view));
  assert_report_shown (f);
}

static void
test_view_empty (Fixture       *f,
                 gconstpointer  user_data)
{
  AdwStatusPage *page;

  if (display_skip_without ())
    return;

  isobar_climate_view_set_report (f->view, f->location, f->report, f->finished);
  assert_report_shown (f);

  /* No report for this place: the empty state, naming it. */
  isobar_climate_view_set_report (f->view, f->location, NULL, NULL);
  g_assert_cmpstr (isobar_climate_view_get_state (f->view), ==, "empty");
  g_assert_null (isobar_climate_view_get_report (f->view));
  g_assert_cmpuint (g_list_model_get_n_items (isobar_climate_view_get_years (f->view)), ==, 0);
  g_assert_null (isobar_heat_map_get_summary (isobar_climate_view_get_heat_map (f->view)));
  page = ADW_STATUS_PAGE (template_child (f, "empty_page"));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No Climate Report Yet");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "Berlin"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (template_child (f, "run_button"))), ==,
                   "app.run");

  /* No place at all */
  isobar_climate_view_set_report (f->view, NULL, NULL, NULL);
  g_assert_cmpstr (isobar_climate_view_get_state (f->view), ==, "empty");
  g_assert_null (strstr (adw_status_page_get_description (page), "Berlin"));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "decades of daily"));
  display_settle (400);
  g_free (display_save_screenshot (GTK_WIDGET (f->window), "climate-view-empty.png"));
}

/* Counts the labels under @widget whose text is @text. */
static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  guint n = GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget)
            && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);

  return n;
}

static void
test_view_incomplete_year (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(IsobarClimateSeries) series = NULL;
  g_autoptr(IsobarClimateReport) report = NULL;
  g_autoptr(IsobarYearItem) middle = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *tmean = NULL;
  GListModel *years;
  GDate start, end;
  guint n_days;

  if (display_skip_without ())
    return;

  /* Three years of a seasonal cycle; 2022 misses 30 days of June. */
  g_date_clear (&start, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&start, 1, G_DATE_JANUARY, 2021);
  g_date_set_dmy (&end, 31, G_DATE_DECEMBER, 2023);
  n_days = g_date_days_between (&start, &end) + 1;
  tmean = g_new (double, n_days);
  for (guint i = 0; i < n_days; i++)
    tmean[i] = 10 - 9 * cos (2 * G_PI * (i % 365) / 365.0) + (i / 365) * 0.5;
  for (guint i = 365 + 151; i < 365 + 181; i++)
    tmean[i] = NAN;
  series = isobar_climate_series_new (g_date_get_julian (&start), n_days, NULL, NULL, tmean, &error);
  g_assert_no_error (error);
  report = isobar_climate_report_compute (series, 0, 1, NULL, &error);
  g_assert_no_error (error);

  isobar_climate_view_set_report (f->view, f->location, report, NULL);
  g_assert_cmpstr (isobar_climate_view_get_state (f->view), ==, "report");
  g_assert_cmpstr (isobar_climate_view_get_period_text (f->view), ==, "2021–2023 · 3 years");
  g_assert_cmpstr (isobar_climate_view_get_interval_text (f->view), ==, "No interval: fewer than 3 complete years");

  years = isobar_climate_view_get_years (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (years), ==, 3);
  middle = g_list_model_get_item (years, 1);
  g_assert_cmpint (isobar_year_item_get_year (middle), ==, 2022);
  g_assert_true (isobar_year_item_get_incomplete (middle));
  g_assert_cmpuint (isobar_year_item_get_n_missing (middle), ==, 30);

  /* Its row carries the tag, and only its row. */
  display_settle (300);
  g_assert_cmpuint (count_labels (GTK_WIDGET (isobar_climate_view_get_year_list_view (f->view)), "Incomplete"), ==, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (isobar_climate_view_get_year_list_view (f->view)), "2022"), ==, 1);
  g_free (display_save_screenshot (GTK_WIDGET (f->window), "climate-view-incomplete.png"));
}

static void
test_view_screenshots (Fixture       *f,
                       gconstpointer  user_data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkAdjustment *adjustment;

  if (display_skip_without ())
    return;

  isobar_climate_view_set_report (f->view, f->location, f->report, f->finished);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  display_settle (600);
  g_free (display_save_screenshot (GTK_WIDGET (f->window), "climate-view-light.png"));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  display_settle (600);
  g_free (display_save_screenshot (GTK_WIDGET (f->window), "climate-view-dark.png"));

  /* The lower charts, scrolled to, in both styles. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (template_child (f, "report_scroller")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  display_settle (300);
  g_free (display_save_screenshot (GTK_WIDGET (f->window), "climate-view-dark-charts.png"));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  display_settle (600);
  g_free (display_save_screenshot (GTK_WIDGET (f->window), "climate-view-light-charts.png"));
  gtk_adjustment_set_value (adjustment, 0);

  /* About what the page gets in a 1000×720 window beside the side panel. */
  gtk_window_set_default_size (f->window, 620, 640);
  display_settle (800);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->view)), <=, 640);
  g_free (display_save_screenshot (GTK_WIDGET (f->window), "climate-view-small.png"));

  /* Both halves keep a usable size. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (isobar_climate_view_get_year_list_view (f->view))), >=, 120);
  g_assert_cmpint (gtk_widget_get_height (template_child (f, "report_scroller")), >=, 120);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  display_remember_system_dirs ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  display_init ();

  g_test_add_func ("/climate-view/year-list", test_year_list);
  g_test_add ("/climate-view/report", Fixture, NULL, fixture_set_up, test_view_report, fixture_tear_down);
  g_test_add ("/climate-view/units", Fixture, NULL, fixture_set_up, test_view_units, fixture_tear_down);
  g_test_add ("/climate-view/error-and-progress", Fixture, NULL,
              fixture_set_up, test_view_error_and_progress, fixture_tear_down);
  g_test_add ("/climate-view/empty", Fixture, NULL, fixture_set_up, test_view_empty, fixture_tear_down);
  g_test_add ("/climate-view/hidden", Fixture, NULL, fixture_set_up, test_view_hidden, fixture_tear_down);
  g_test_add ("/climate-view/incomplete-year", Fixture, NULL,
              fixture_set_up, test_view_incomplete_year, fixture_tear_down);
  g_test_add ("/climate-view/screenshots", Fixture, NULL,
              fixture_set_up, test_view_screenshots, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&shared_report);
  g_clear_pointer (&shared_series, isobar_climate_series_unref);

  return status;
}
