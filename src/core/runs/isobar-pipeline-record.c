/* isobar-pipeline-record.c: the run record of a finished run: its
 * settings, its figures (times, CPU, memory, pipe bytes), the watchdog's
 * lateness and stalls, the interpreter lock's stats and the digest of the
 * reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-interpreter-lock.h"
#include "isobar-pipeline-private.h"
#include "isobar-preset.h"

static double
elapsed_ms (gint64 from_us,
            gint64 to_us)
{
  return from_us > 0 && to_us >= from_us ? (to_us - from_us) / 1000.0 : 0.0;
}

static guint
effective_workers (const IsobarPipelineSettings *settings)
{
  if (settings->fetch_only)
    return 0;

  return isobar_executor_resolve_workers (settings->compute_workers);
}

static char *
compute_digest (Run *run)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < run->n_places; i++)
    {
      g_autofree char *digest = isobar_climate_report_digest (run->places[i].report);

      g_checksum_update (checksum, (const guchar *) digest, -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static double
us_to_ms (gint64 us)
{
  return (double) us / 1000.0;
}

/* gil-threads: the switch interval, and how the lock was shared. */
static void
record_lock_stats (IsobarRunRecord *record,
                   Run             *run)
{
  IsobarInterpreterLock *lock = NULL;
  IsobarInterpreterLockStats stats;
  IsobarRunSettings settings = *isobar_run_record_get_settings (record);
  IsobarRunLock figures = { 0 };

  if (run->executor != NULL)
    lock = isobar_executor_get_interpreter_lock (run->executor);
  if (lock == NULL)
    return;

  settings.switch_interval_ms = isobar_interpreter_lock_get_switch_interval (lock) / 1000.0;
  isobar_run_record_set_settings (record, &settings);

  isobar_interpreter_lock_get_stats (lock, &stats);
  figures.has_lock = TRUE;
  figures.switches = stats.switches;
  figures.drop_requests = stats.drop_requests;
  figures.forced_drops = stats.forced_drops;
  figures.main_acquisitions = stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP];
  figures.worker_acquisitions = stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER];
  figures.main_wait_ms = us_to_ms (stats.wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP]);
  figures.worker_wait_ms = us_to_ms (stats.wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER]);
  figures.main_max_wait_ms = us_to_ms (stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP]);
  figures.worker_max_wait_ms = us_to_ms (stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER]);
  isobar_run_record_set_lock (record, &figures);
}

/* The watchdog's samples: the lateness counter, and the long tasks as
 * stalls of the UI thread, from when the probe was asked until it ran. */
static void
record_lateness (IsobarRunTimeline *timeline,
                 GArray            *samples)
{
  for (guint i = 0; i < samples->len; i++)
    {
      const IsobarLatencySample *sample = &g_array_index (samples, IsobarLatencySample, i);
      double lateness_ms = (double) sample->lateness_us / 1000.0;

      isobar_run_timeline_add_count (timeline, "Main-loop lateness", "ms", sample->time_us, lateness_ms);
      if (lateness_ms >= ISOBAR_LONG_TASK_MS)
        isobar_run_timeline_add_slice (timeline, ISOBAR_RUN_TIMELINE_UI_TRACK, ISOBAR_RUN_TIMELINE_LATENESS,
                                       "Main-loop stall", sample->time_us, sample->time_us + sample->lateness_us,
                                       NULL, NULL);
    }
}

IsobarRunRecord *
_isobar_pipeline_build_record (IsobarPipeline *self,
                               Run            *run,
                               gint64          end_us)
{
  const IsobarPipelineSettings *settings = &self->settings;
  IsobarRunRecord *record;
  IsobarRunSettings record_settings = { 0 };
  IsobarRunFigures figures = { 0 };
  IsobarResourceUsage usage = { 0 };
  g_autoptr(IsobarLatencyStats) lateness = NULL;
  g_autoptr(GArray) trace = NULL;
  g_autoptr(GArray) stalls = NULL;

  record = isobar_run_record_new (isobar_fetch_strategy_to_string (settings->fetch),
                                  settings->fetch_only ? "none" : isobar_compute_strategy_to_string (settings->compute));
  /* Made at the end: it started when the run did. */
  isobar_run_record_set_started (record, run->started);

  record_settings.concurrency = settings->fetch_concurrency;
  record_settings.workers = effective_workers (settings);
  record_settings.locations = run->n_places;
  record_settings.years = settings->years;
  record_settings.resamples = settings->fetch_only ? 0 : settings->resamples;
  record_settings.latency_ms = settings->latency_ms;
  isobar_run_record_set_settings (record, &record_settings);

  isobar_resource_sampler_sample (run->sampler, &usage);
  lateness = isobar_latency_watchdog_get_stats (run->watchdog);

  figures.wall_ms = elapsed_ms (run->start_us, end_us);
  figures.fetch_ms = elapsed_ms (run->fetch_start_us, run->fetch_end_us);
  figures.compute_ms = elapsed_ms (run->compute_start_us, run->compute_end_us);
  figures.lateness = *lateness;
  figures.cpu_ms_app = usage.cpu_ms_app;
  figures.cpu_ms_helpers = usage.cpu_ms_helpers;
  figures.peak_rss_kb = usage.peak_rss_kb;
  if (run->executor != NULL)
    {
      IsobarHelperPoolStats helpers;

      isobar_executor_get_helper_stats (run->executor, &helpers);
      figures.pipe_bytes = (helpers.bytes_written + helpers.bytes_read) -
                           (run->helpers_before.bytes_written + run->helpers_before.bytes_read);
      figures.helpers_restarted = helpers.helpers_restarted - run->helpers_before.helpers_restarted;
      figures.jobs_retried = helpers.jobs_retried - run->helpers_before.jobs_retried;
    }
  isobar_run_record_set_figures (record, &figures);

  if (!settings->fetch_only)
    isobar_run_record_set_preset (record, isobar_preset_match (settings->fetch, settings->compute));
  record_lock_stats (record, run);

  trace = isobar_latency_watchdog_get_trace (run->watchdog);
  isobar_run_record_set_trace_from_samples (record, (const IsobarLatencySample *) trace->data,
                                            trace->len,
                                            isobar_latency_watchdog_get_origin_us (run->watchdog));
  stalls = isobar_latency_watchdog_get_stalls (run->watchdog);
  isobar_run_record_set_late (record, ISOBAR_LATE_STALL, (const IsobarLateEvent *) stalls->data, stalls->len);
  if (run->timeline != NULL)
    {
      record_lateness (run->timeline, trace);
      isobar_run_record_set_timeline (record, run->timeline);
    }

  if (!settings->fetch_only)
    {
      g_autofree char *digest = compute_digest (run);

      isobar_run_record_set_digest (record, digest);
    }

  return record;
}
