/* isobar-cli-report.c: `isobar-cli report NAME` and
 * `isobar-cli report --lat LAT --lon LON`: the climate report of one place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-cli.h"
#include "isobar-cli-engine.h"
#include "isobar-cli-output.h"
#include "isobar-cli-session.h"

#define COMMAND "report"

/* The fetch strategy of the Recommended preset; one download either way. */
#define REPORT_FETCH ISOBAR_FETCH_THREAD_POOL
#define REPORT_DEFAULT_COMPUTE "process-pool"

typedef struct
{
  int     years;
  int     resamples;
  char   *compute;
  int     workers;
} ReportOptions;

/* "2019-07-25", or "—" without a day. */
static char *
format_julian (guint32 julian)
{
  GDate date;
  char text[16];

  if (julian == 0 || !g_date_valid_julian (julian))
    return g_strdup ("—");

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);

  return g_strdup (text);
}

/* "38.2 °C on 2019-07-25" */
static char *
format_extreme (const IsobarExtreme *extreme)
{
  g_autofree char *value = isobar_cli_format_quantity (extreme->value, "°C", 1);
  g_autofree char *date = format_julian (extreme->julian);

  /* Translators: a record and its date, as in “38.2 °C on 2019-07-25”. */
  return g_strdup_printf (_("%s on %s"), value, date);
}

/* "+0.32" with a sign, or "—". */
static char *
format_signed (double value,
               int    digits)
{
  if (isnan (value))
    return g_strdup ("—");

  return g_strdup_printf ("%+.*f", digits, fabs (value) < 0.5 * pow (10, -digits) ? 0.0 : value);
}

static void
print_trend (IsobarClimateReport *report)
{
  const IsobarTrend *trend = isobar_climate_report_get_trend (report);
  g_autofree char *slope = format_signed (trend->slope_per_decade, 2);
  double low, high;

  g_print ("\n");
  /* Translators: the warming trend, as in “Trend: +0.32 °C per decade over 40 complete years”. */
  g_print (_("Trend: %s °C per decade over %u complete years"), slope, trend->n_years);
  g_print ("\n");

  if (isobar_climate_report_get_interval (report, &low, &high))
    {
      g_autofree char *low_text = format_signed (low, 2);
      g_autofree char *high_text = format_signed (high, 2);

      /* Translators: as in “95 % interval: +0.21 … +0.44 °C per decade (40000 resamples, blocks of 3 years)”. */
      g_print (_("95 %% interval: %s … %s °C per decade (%u resamples, blocks of %u years)"),
               low_text, high_text, isobar_climate_report_get_resamples (report),
               isobar_climate_report_get_block_years (report));
    }
  else
    /* xgettext:no-c-format */
    g_print ("%s", _("95 % interval: none (no bootstrap resamples)"));
  g_print ("\n");
}

static void
print_records (IsobarClimateReport *report)
{
  const IsobarRecords *records = isobar_climate_report_get_records (report);
  g_autofree char *high = format_extreme (&records->overall.high);
  g_autofree char *low = format_extreme (&records->overall.low);
  g_autoptr(IsobarCliTable) table = isobar_cli_table_new (3);

  g_print ("\n");
  g_print (_("Record high: %s"), high);
  g_print ("\n");
  g_print (_("Record low: %s"), low);
  g_print ("\n");

  isobar_cli_table_add_row (table, _("Month"), _("Record high"), _("Record low"));
  for (guint m = 0; m < 12; m++)
    {
      g_autofree char *month_high = format_extreme (&records->months[m].high);
      g_autofree char *month_low = format_extreme (&records->months[m].low);
      GDate date;
      char month[32];

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, (GDateMonth) (m + 1), 2000);
      g_date_strftime (month, sizeof month, "%B", &date);
      isobar_cli_table_add_row (table, month, month_high, month_low);
    }

  g_print ("\n");
  isobar_cli_table_print (table, "  ", TRUE);
}

static void
print_yearly (IsobarClimateReport *report)
{
  const IsobarYearRow *rows;
  g_autoptr(IsobarCliTable) table = isobar_cli_table_new (7);
  guint n_rows;

  rows = isobar_climate_report_get_yearly (report, &n_rows);
  for (guint c = 1; c <= 4; c++)
    isobar_cli_table_set_align_right (table, c);
  isobar_cli_table_add_row (table, _("Year"), _("Mean"), _("Anomaly"), _("Min"), _("Max"),
                            _("Hottest day"), _("Coldest day"));
  for (guint i = 0; i < n_rows; i++)
    {
      const IsobarYearRow *row = &rows[i];
      g_autofree char *year = g_strdup_printf ("%d%s", row->year,
                                               (row->flags & ISOBAR_YEAR_INCOMPLETE) ? "*" : "");
      g_autofree char *mean = isobar_cli_format_quantity (row->mean, "°C", 1);
      g_autofree char *anomaly = format_signed (row->anomaly, 2);
      g_autofree char *min = isobar_cli_format_quantity (row->min, "°C", 1);
      g_autofree char *max = isobar_cli_format_quantity (row->max, "°C", 1);
      g_autofree char *hottest = format_julian (row->hottest.julian);
      g_autofree char *coldest = format_julian (row->coldest.julian);

      isobar_cli_table_add_row (table, year, mean, anomaly, min, max, hottest, coldest);
    }

  g_print ("\n%s\n", _("Years"));
  isobar_cli_table_print (table, "  ", TRUE);
}

static void
print_report_text (IsobarLocation      *place,
                   IsobarClimateReport *report,
                   IsobarRunRecord     *record)
{
  g_autofree char *description = isobar_location_dup_description (place);
  g_autofree char *position = isobar_cli_format_coordinates (isobar_location_get_latitude (place),
                                                             isobar_location_get_longitude (place));
  g_autofree char *heatmap_digest = isobar_climate_report_heatmap_digest (report);
  g_autofree char *digest = isobar_climate_report_digest (report);
  int first_year = isobar_climate_report_get_first_year (report);
  guint n_years = isobar_climate_report_get_n_years (report);

  if (g_strcmp0 (description, position) != 0)
    g_print ("%s\n", description);
  /* Translators: as in “52.52° N, 13.41° E · 1985–2024 (40 years)”. */
  g_print (_("%s · %d–%d (%u years)"), position, first_year, first_year + (int) n_years - 1, n_years);
  g_print ("\n");

  print_trend (report);
  print_records (report);
  print_yearly (report);

  g_print ("\n");
  /* Translators: as in “Heat map: 366 × 40 pixels, SHA-256 3f2a…”. */
  g_print (_("Heat map: %u × %u pixels, SHA-256 %s"), ISOBAR_HEATMAP_WIDTH, n_years, heatmap_digest);
  g_print ("\n");
  g_print (_("Report digest: %s"), digest);
  g_print ("\n");
  /* Translators: as in “Computed with process-pool in 812 ms”. */
  g_print (_("Computed with %s in %.0f ms"), isobar_run_record_get_compute_strategy (record),
           isobar_run_record_get_figures (record)->wall_ms);
  g_print ("\n");
}

static void
print_report_json (IsobarLocation      *place,
                   IsobarClimateReport *report,
                   IsobarRunRecord     *record)
{
  g_autoptr(JsonNode) root = isobar_climate_report_to_json (report);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *object = json_node_get_object (root);
  const IsobarRunSettings *settings = isobar_run_record_get_settings (record);
  g_autofree char *text = NULL;

  isobar_cli_json_add_location (builder, place);
  json_object_set_member (object, "location", json_builder_get_root (builder));
  json_object_set_string_member (object, "compute_strategy", isobar_run_record_get_compute_strategy (record));
  json_object_set_int_member (object, "years", settings->years);
  json_object_set_double_member (object, "wall_ms", isobar_run_record_get_figures (record)->wall_ms);

  text = isobar_json_node_to_string (root, TRUE);
  g_print ("%s\n", text);
}

static int
check_options (const ReportOptions   *options,
               IsobarComputeStrategy *compute)
{
  g_autoptr(GArray) strategies = NULL;
  int exit_code;

  if (options->years < 1 || options->years > (int) ISOBAR_PIPELINE_MAX_YEARS)
    return isobar_cli_usage_error (COMMAND, _("--years must be between 1 and %u."),
                                   ISOBAR_PIPELINE_MAX_YEARS);
  if (options->resamples < 0 || options->resamples > (int) ISOBAR_MAX_RESAMPLES)
    return isobar_cli_usage_error (COMMAND, _("--resamples must be between 0 and %u."),
                                   ISOBAR_MAX_RESAMPLES);
  if (options->workers < 0 || options->workers > 256)
    return isobar_cli_usage_error (COMMAND, _("--workers must be between 0 (one per core) and 256."));

  exit_code = isobar_cli_parse_compute_strategies (COMMAND, "--compute",
                                                   options->compute != NULL ? options->compute : REPORT_DEFAULT_COMPUTE,
                                                   &strategies);
  if (exit_code != ISOBAR_CLI_EXIT_OK)
    return exit_code;
  if (strategies->len != 1)
    return isobar_cli_usage_error (COMMAND, _("--compute takes one strategy."));
  *compute = (IsobarComputeStrategy) g_array_index (strategies, int, 0);

  return ISOBAR_CLI_EXIT_OK;
}

static void
report_options_clear (ReportOptions *options)
{
  g_clear_pointer (&options->compute, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportOptions, report_options_clear)

int
isobar_cli_report (int    argc,
                   char **argv)
{
  g_auto(IsobarCliCommonOptions) common = { 0 };
  g_auto(IsobarCliPlaceOptions) where = { NULL, NAN, NAN };
  g_auto(ReportOptions) options = { 40, ISOBAR_DEFAULT_RESAMPLES, NULL, 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(IsobarCliSession) session = NULL;
  g_autoptr(IsobarLocation) place = NULL;
  g_autoptr(IsobarPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) locations = NULL;
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  IsobarPipelineSettings settings = { 0 };
  IsobarClimateReport *report;
  int exit_code;
  const GOptionEntry entries[] = {
    { "years", 'y', 0, G_OPTION_ARG_INT, &options.years,
      N_("Years of history, ending with 2024 (default 40)"), N_("N") },
    { "resamples", 'r', 0, G_OPTION_ARG_INT, &options.resamples,
      N_("Bootstrap resamples for the trend's interval (default 40000)"), N_("N") },
    { "compute", 'c', 0, G_OPTION_ARG_STRING, &options.compute,
      N_("How to compute: ui-thread, thread-pool, gil-threads, process-pool (default), pickle-pool or "
         "process-per-job"),
      N_("ID") },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &options.workers,
      N_("Compute workers (default one per core)"), N_("N") },
    { NULL }
  };
  IsobarComputeStrategy compute = ISOBAR_COMPUTE_PROCESS_POOL;

  /* xgettext:no-c-format */
  context = isobar_cli_place_option_context_new (_("Shows the climate of the first place called NAME, or of the "
                                                   "place at --lat and --lon: the warming trend with its 95 % "
                                                   "interval, the records, one row per year and a digest of the "
                                                   "heat map."),
                                                 &common, &where);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!isobar_cli_parse_place_options (context, COMMAND, &argc, &argv, &where, &exit_code))
    return exit_code;

  exit_code = check_options (&options, &compute);
  if (exit_code != ISOBAR_CLI_EXIT_OK)
    return exit_code;

  session = isobar_cli_session_new ();
  if (!isobar_cli_session_open_at_place (session, common.server, &where, &place, &error))
    return isobar_cli_report_error (COMMAND, error);

  settings.fetch = REPORT_FETCH;
  settings.fetch_concurrency = 1;
  settings.compute = compute;
  settings.compute_workers = options.workers;
  settings.years = options.years;
  settings.resamples = options.resamples;
  pipeline = isobar_pipeline_new (isobar_cli_session_get_client (session), &settings);
  locations = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (locations, g_object_ref (place));

  record = isobar_cli_run_pipeline (session, pipeline, locations, _("Analysing"), &error);
  if (record == NULL)
    return isobar_cli_report_error (COMMAND, error);
  report = g_ptr_array_index (isobar_pipeline_get_reports (pipeline), 0);

  if (common.json)
    print_report_json (place, report, record);
  else
    print_report_text (place, report, record);

  return ISOBAR_CLI_EXIT_OK;
}
