/* isobar-climate-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "isobar-climate-series.h"
#include "isobar-job-context.h"
#include "isobar-kernels.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_CLIMATE_REPORT (isobar_climate_report_get_type ())

G_DECLARE_FINAL_TYPE (IsobarClimateReport, isobar_climate_report, ISOBAR, CLIMATE_REPORT, GObject)

/* The jobs (IsobarKernelJob, owned by the array) of one location's analysis,
 * in a fixed order: normals, records, yearly, trend, the bootstrap chunks of
 * ISOBAR_BOOTSTRAP_CHUNK_RESAMPLES (none when @resamples is 0 or the history
 * has fewer than 3 complete years), the heat-map chunks of
 * ISOBAR_HEATMAP_CHUNK_YEARS. The chunking depends only on the data and
 * @resamples, never on how many workers run them, so the report is the same
 * bit for bit whatever runs the jobs and in whatever order. */
GPtrArray           *isobar_climate_plan_jobs                  (IsobarClimateSeries  *series,
                                                                guint                 resamples,
                                                                guint64               base_seed);
/* How many bootstrap chunks isobar_climate_plan_jobs () cuts @resamples
 * into (for a history with 3 complete years or more): 0 for 0. */
guint                isobar_climate_bootstrap_chunk_count      (guint                 resamples);

/* Merges the outputs of @jobs (outputs[i] is jobs[i]'s GBytes): every
 * planned piece exactly once, in any order. ISOBAR_ERROR_INVALID_DATA when an
 * output is malformed, missing, doubled or does not fit @series. */
IsobarClimateReport *isobar_climate_report_new_from_outputs    (IsobarClimateSeries  *series,
                                                                GPtrArray            *jobs,
                                                                GPtrArray            *outputs,
                                                                GError              **error);
/* Plans and runs every job here, in order, then merges: the ui-thread
 * strategy, the CLI and the tests. */
IsobarClimateReport *isobar_climate_report_compute             (IsobarClimateSeries  *series,
                                                                guint                 resamples,
                                                                guint64               base_seed,
                                                                IsobarJobContext     *ctx,
                                                                GError              **error);

int                  isobar_climate_report_get_first_year      (IsobarClimateReport  *self);
guint                isobar_climate_report_get_n_years         (IsobarClimateReport  *self);
/* ISOBAR_CLIMATE_N_CDAYS normals; index cday - 1. */
const IsobarNormal  *isobar_climate_report_get_normals         (IsobarClimateReport  *self);
const IsobarRecords *isobar_climate_report_get_records         (IsobarClimateReport  *self);
/* get_n_years() rows, oldest first. */
const IsobarYearRow *isobar_climate_report_get_yearly          (IsobarClimateReport  *self,
                                                                guint                *n_rows);
const IsobarTrend   *isobar_climate_report_get_trend           (IsobarClimateReport  *self);
/* The 95 % interval of the slope (°C per decade); FALSE (and NANs) without a
 * bootstrap. */
gboolean             isobar_climate_report_get_interval        (IsobarClimateReport  *self,
                                                                double               *low,
                                                                double               *high);
guint                isobar_climate_report_get_resamples       (IsobarClimateReport  *self);
guint                isobar_climate_report_get_block_years     (IsobarClimateReport  *self);
/* All bootstrap slopes in chunk order (not sorted). */
const double        *isobar_climate_report_get_bootstrap_slopes (IsobarClimateReport *self,
                                                                guint                *n_slopes);
/* RGBA pixels, ISOBAR_HEATMAP_WIDTH × get_n_years(), stride width × 4, row 0
 * the first year. */
GBytes              *isobar_climate_report_get_heatmap         (IsobarClimateReport  *self);

/* SHA-256 (hex) over a canonical serialisation of every number of the report
 * (bit patterns): equal digests mean bit-identical results. */
char                *isobar_climate_report_digest              (IsobarClimateReport  *self);
/* SHA-256 (hex) of the heat-map pixels alone. */
char                *isobar_climate_report_heatmap_digest      (IsobarClimateReport  *self);

/* trend, interval, records, yearly rows, the heat map's size and digest, and
 * the digest; missing numbers are null, dates "YYYY-MM-DD". */
JsonNode            *isobar_climate_report_to_json             (IsobarClimateReport  *self);

G_END_DECLS
