/* fuzz-archive.c: the archive (history) parser, and the climate series the
 * pipeline makes of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a response body from an archive server. Seeds: the real responses
 * in ../shared/fixtures/open-meteo, tests/fixtures and
 * tests/fuzz/corpus/json.
 */

#include "config.h"

#include <math.h>

#include "isobar-climate-report.h"
#include "isobar-error.h"
#include "isobar-parser.h"

#include "fuzz-common.h"

/* The analysis of a series this long takes well under a millisecond; a
 * longer one (up to 410 years from a few kilobytes of JSON) would only slow
 * the search down. */
#define MAX_ANALYSED_DAYS 4000

static void
check_series (IsobarClimateSeries *series)
{
  g_autoptr(GBytes) wire = isobar_climate_series_serialize (series);
  g_autoptr(IsobarClimateSeries) copy = NULL;
  g_autoptr(GBytes) copy_wire = NULL;
  g_autoptr(GError) error = NULL;
  guint n_days = isobar_climate_series_get_n_days (series);

  g_assert_cmpuint (n_days, >, 0);
  g_assert_cmpuint (n_days, <=, ISOBAR_CLIMATE_SERIES_MAX_DAYS);
  g_assert_cmpint (isobar_climate_series_get_first_year (series), >=, 1);
  g_assert_cmpint (isobar_climate_series_get_last_year (series), <=, 9999);

  /* What goes down the pipe to a helper comes out the same. */
  copy = isobar_climate_series_deserialize (wire, &error);
  g_assert_no_error (error);
  copy_wire = isobar_climate_series_serialize (copy);
  g_assert_true (g_bytes_equal (wire, copy_wire));

  if (n_days <= MAX_ANALYSED_DAYS)
    {
      g_autoptr(IsobarClimateReport) report = NULL;
      g_autoptr(JsonNode) json = NULL;
      g_autofree char *digest = NULL;

      report = isobar_climate_report_compute (series, 0, 1, NULL, &error);
      g_assert_no_error (error);
      digest = isobar_climate_report_digest (report);
      json = isobar_climate_report_to_json (report);
      g_assert_true (digest != NULL && json != NULL);
    }
}

static void
check_archive (IsobarArchive *archive)
{
  g_autoptr(IsobarClimateSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  IsobarPlaceSeries *place = ISOBAR_PLACE_SERIES (archive);
  double latitude = isobar_place_series_get_latitude (place);
  double longitude = isobar_place_series_get_longitude (place);
  IsobarBlock *daily = isobar_place_series_get_daily (place);

  g_assert_true (latitude >= -90.0 && latitude <= 90.0);
  g_assert_true (longitude >= -180.0 && longitude <= 180.0);
  (void) isobar_place_series_get_elevation (place);
  (void) isobar_place_series_get_timezone (place);
  fuzz_check_block (isobar_place_series_get_hourly (place));
  fuzz_check_block (daily);
  g_assert_true (daily != NULL || isobar_place_series_get_hourly (place) != NULL);

  /* The pipeline's next step (isobar-pipeline.c, step_execute). */
  if (daily == NULL)
    return;
  series = isobar_climate_series_new_from_block (daily, isobar_place_series_get_utc_offset_seconds (place),
                                                 &error);
  fuzz_check_outcome (series != NULL, error);
  if (series != NULL)
    check_series (series);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarArchive) archive = isobar_parse_archive (body, &error);

  fuzz_check_outcome (archive != NULL, error);
  if (archive != NULL)
    check_archive (archive);
  return 0;
}
