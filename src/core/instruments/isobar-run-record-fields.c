/* isobar-run-record-fields.c: every number of a run record, once, as the
 * table that its JSON writer, JSON reader and CSV walk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>

#include "isobar-run-record-private.h"

#define AT(member) offsetof (struct _IsobarRunRecord, member)
#define ADDED TRUE

const Field _isobar_run_record_fields[] = {
  { "settings", "concurrency", "concurrency", FIELD_UINT, AT (settings.concurrency), ALWAYS },
  { "settings", "workers", "workers", FIELD_UINT, AT (settings.workers), ALWAYS },
  { "settings", "locations", "locations", FIELD_UINT, AT (settings.locations), ALWAYS },
  { "settings", "years", "years", FIELD_UINT, AT (settings.years), ALWAYS },
  { "settings", "resamples", "resamples", FIELD_UINT, AT (settings.resamples), ALWAYS },
  { "settings", "latency_ms", "latency_ms", FIELD_UINT, AT (settings.latency_ms), ALWAYS },
  { "settings", "switch_interval_ms", "switch_interval_ms", FIELD_DOUBLE, AT (settings.switch_interval_ms), ALWAYS, ADDED },
  { "figures", "wall_ms", "wall_ms", FIELD_DOUBLE, AT (figures.wall_ms), ALWAYS },
  { "figures", "fetch_ms", "fetch_ms", FIELD_DOUBLE, AT (figures.fetch_ms), ALWAYS },
  { "figures", "compute_ms", "compute_ms", FIELD_DOUBLE, AT (figures.compute_ms), ALWAYS },
  { "figures", "cpu_ms_app", "cpu_ms_app", FIELD_DOUBLE, AT (figures.cpu_ms_app), ALWAYS },
  { "figures", "cpu_ms_helpers", "cpu_ms_helpers", FIELD_DOUBLE, AT (figures.cpu_ms_helpers), ALWAYS },
  { "figures", "peak_rss_kb", "peak_rss_kb", FIELD_UINT64, AT (figures.peak_rss_kb), ALWAYS },
  { "figures", "pipe_bytes", "pipe_bytes", FIELD_UINT64, AT (figures.pipe_bytes), ALWAYS },
  { "figures", "helpers_restarted", "helpers_restarted", FIELD_UINT, AT (figures.helpers_restarted), ALWAYS, ADDED },
  { "figures", "jobs_retried", "jobs_retried", FIELD_UINT, AT (figures.jobs_retried), ALWAYS, ADDED },
  { "lateness", "samples", "lateness_samples", FIELD_UINT, AT (figures.lateness.n_samples), ALWAYS },
  { "lateness", "p50_ms", "lateness_p50_ms", FIELD_DOUBLE, AT (figures.lateness.p50), ALWAYS },
  { "lateness", "p95_ms", "lateness_p95_ms", FIELD_DOUBLE, AT (figures.lateness.p95), ALWAYS },
  { "lateness", "p99_ms", "lateness_p99_ms", FIELD_DOUBLE, AT (figures.lateness.p99), ALWAYS },
  { "lateness", "max_ms", "lateness_max_ms", FIELD_DOUBLE, AT (figures.lateness.max), ALWAYS },
  { "lateness", "long_tasks", "long_tasks", FIELD_UINT, AT (figures.lateness.long_tasks), ALWAYS },
  { "lateness", "blocked_ms", "blocked_ms", FIELD_DOUBLE, AT (figures.lateness.blocked_ms), ALWAYS },
  { "frames", "fps", "fps", FIELD_DOUBLE, AT (frames.fps), AT (frames.has_frames) },
  { "frames", "slow_frames", "slow_frames", FIELD_UINT, AT (frames.slow_frames), AT (frames.has_frames) },
  { "frames", "frozen_frames", "frozen_frames", FIELD_UINT, AT (frames.frozen_frames), AT (frames.has_frames) },
  { "frames", "longest_frame_ms", "longest_frame_ms", FIELD_DOUBLE, AT (frames.longest_frame_ms), AT (frames.has_frames) },
  { "frames", "n_frames", "n_frames", FIELD_UINT, AT (frames.n_frames), AT (frames.has_frames), ADDED },
  { "frames", "dropped_frames", "dropped_frames", FIELD_UINT, AT (frames.dropped_frames), AT (frames.has_frames), ADDED },
  { NULL, "input_delay_ms", "input_delay_ms", FIELD_DOUBLE, AT (frames.input_delay_ms), AT (frames.has_input_delay) },
  { NULL, "input_events", "input_events", FIELD_UINT, AT (frames.n_input_events), AT (frames.has_input_delay), ADDED },
  { "interpreter_lock", "switches", "lock_switches", FIELD_UINT64, AT (lock.switches), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "drop_requests", "lock_drop_requests", FIELD_UINT64, AT (lock.drop_requests), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "forced_drops", "lock_forced_drops", FIELD_UINT64, AT (lock.forced_drops), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "main_acquisitions", "lock_main_acquisitions", FIELD_UINT64, AT (lock.main_acquisitions), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "worker_acquisitions", "lock_worker_acquisitions", FIELD_UINT64, AT (lock.worker_acquisitions), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "main_wait_ms", "lock_main_wait_ms", FIELD_DOUBLE, AT (lock.main_wait_ms), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "worker_wait_ms", "lock_worker_wait_ms", FIELD_DOUBLE, AT (lock.worker_wait_ms), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "main_max_wait_ms", "lock_main_max_wait_ms", FIELD_DOUBLE, AT (lock.main_max_wait_ms), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "worker_max_wait_ms", "lock_worker_max_wait_ms", FIELD_DOUBLE, AT (lock.worker_max_wait_ms), AT (lock.has_lock), ADDED },
};

const gsize _isobar_run_record_n_fields = G_N_ELEMENTS (_isobar_run_record_fields);
