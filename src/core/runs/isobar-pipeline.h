/* isobar-pipeline.h: the hybrid run: downloads stream into the compute pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-client.h"
#include "isobar-climate-report.h"
#include "isobar-executor.h"
#include "isobar-fetcher.h"
#include "isobar-location.h"
#include "isobar-run-record.h"

G_BEGIN_DECLS

/* The last complete year of every run: fixed, so that a run gives the same
 * results whatever the date. A run of N years covers
 * (ISOBAR_PIPELINE_LAST_YEAR - N + 1)-01-01 … ISOBAR_PIPELINE_LAST_YEAR-12-31. */
#define ISOBAR_PIPELINE_LAST_YEAR 2024
#define ISOBAR_PIPELINE_MAX_YEARS 200u

/* The seed of every run of the app and of isobar-cli bench: the same data
 * analysed with the same seed gives the same digest, whatever the
 * strategies, the program or the sandbox that ran it. */
#define ISOBAR_PIPELINE_SEED 20240601u

/* What a run does. @compute_workers 0 means the number of cores.
 * @latency_ms is only recorded (the server applies it). With @fetch_only
 * the archives are downloaded and parsed, nothing is computed, the run has
 * no reports and no digest. */
typedef struct
{
  IsobarFetchStrategy   fetch;
  guint                 fetch_concurrency;
  IsobarComputeStrategy compute;
  guint                 compute_workers;
  guint                 years;
  guint                 resamples;
  guint64               seed;
  guint                 latency_ms;
  gboolean              fetch_only;
  guint                 switch_interval_us; /* gil-threads: 0 is CPython's
                                             * default, 5 ms */
  gboolean              record_timeline;    /* the record gets the run's
                                             * timeline (see below) */
} IsobarPipelineSettings;

#define ISOBAR_TYPE_PIPELINE (isobar_pipeline_get_type ())

G_DECLARE_FINAL_TYPE (IsobarPipeline, isobar_pipeline, ISOBAR, PIPELINE, GObject)

/* For each location: the archive of @years full years (fetched with the
 * fetch strategy), its climate series, its jobs (isobar_climate_plan_jobs())
 * submitted to the executor as soon as its archive arrives, and its report
 * once every job is done. Instruments the whole run: a latency watchdog on
 * the caller's thread-default main context, a resource sampler over this
 * process and the helpers, the wall, fetch (first request to last archive)
 * and compute (first job submitted to last job done) times, the bytes
 * through helper pipes.
 *
 * Signal "progress" (guint places_fetched, guint jobs_done, guint jobs_total),
 * emitted on the caller's context whenever one of them changes (jobs_total
 * grows as archives arrive).
 *
 * One run at a time. */
IsobarPipeline        *isobar_pipeline_new          (IsobarClient                 *client,
                                                     const IsobarPipelineSettings *settings);
const IsobarPipelineSettings *
                       isobar_pipeline_get_settings (IsobarPipeline               *self);

/* Runs the jobs on @executor (started or not) rather than on a fresh one,
 * when it has the run's compute strategy and worker count: its helpers,
 * already running, are reused, and the run does not shut it down (the
 * caller does). NULL: a fresh executor for each run, shut down at its end. */
void                   isobar_pipeline_set_executor (IsobarPipeline               *self,
                                                     IsobarExecutor               *executor);

/* @locations: (element-type IsobarLocation), at least one.
 * The first failed download or job fails the run (the rest is cancelled);
 * the callback runs once everything has stopped and every helper is shut
 * down (but those of an executor given with isobar_pipeline_set_executor()). Cancelling gives G_IO_ERROR_CANCELLED. */
void                   isobar_pipeline_run_async    (IsobarPipeline               *self,
                                                     GPtrArray                    *locations,
                                                     GCancellable                 *cancellable,
                                                     GAsyncReadyCallback           callback,
                                                     gpointer                      user_data);
/* The run record: strategies and the preset they match, settings, figures
 * (watchdog stats, CPU, peak RSS, pipe bytes), under gil-threads how the
 * interpreter lock was shared, the latency trace, and the digest: SHA-256 (hex) over
 * the locations' report digests in location order.
 *
 * With record_timeline, also the run's timeline
 * (isobar_run_record_get_timeline(); its origin the run's start): the
 * downloads and parses (see isobar_fetcher_set_timeline()), each job on what
 * ran it and the interpreter lock (isobar_executor_set_timeline()), each
 * place's series and report on the thread that made them, the watchdog's
 * samples as the counter "Main-loop lateness" (ms) and those of long tasks
 * as "Main-loop stall" slices on the UI thread. */
IsobarRunRecord       *isobar_pipeline_run_finish   (IsobarPipeline               *self,
                                                     GAsyncResult                 *result,
                                                     GError                      **error);

/* The reports of the last successful run (IsobarClimateReport), in location
 * order; empty before, after a failed run and with fetch_only. (transfer none) */
GPtrArray             *isobar_pipeline_get_reports  (IsobarPipeline               *self);
/* The climate series those reports were made from (IsobarClimateSeries),
 * in the same order: what the CPython reference is given to analyse.
 * (transfer none) */
GPtrArray             *isobar_pipeline_get_series   (IsobarPipeline               *self);

G_END_DECLS
