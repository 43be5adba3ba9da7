/* isobar-latency-stats.h: summary figures of a main-loop lateness trace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A stall at least this long is a "long task" (the web's Long Tasks API). */
#define ISOBAR_LONG_TASK_MS 50.0

/* One probe of the main loop: when it was asked to run (monotonic µs, as
 * g_get_monotonic_time()) and how late it ran (µs). */
typedef struct
{
  gint64 time_us;
  gint64 lateness_us;
} IsobarLatencySample;

#define ISOBAR_TYPE_LATENCY_STATS (isobar_latency_stats_get_type ())

/**
 * IsobarLatencyStats:
 * @n_samples: number of probes measured
 * @p50: median lateness, ms
 * @p95: 95th percentile lateness, ms
 * @p99: 99th percentile lateness, ms
 * @max: worst lateness, ms
 * @long_tasks: number of stalls of ISOBAR_LONG_TASK_MS or more
 * @blocked_ms: total time spent in those long tasks (the sum of their
 *   durations), ms
 *
 * A plain value type (boxed, copied by value). A zero-filled struct is the
 * summary of no samples.
 */
typedef struct
{
  guint  n_samples;
  double p50;
  double p95;
  double p99;
  double max;
  guint  long_tasks;
  double blocked_ms;
} IsobarLatencyStats;

GType               isobar_latency_stats_get_type   (void) G_GNUC_CONST;
IsobarLatencyStats *isobar_latency_stats_copy       (const IsobarLatencyStats *stats);
void                isobar_latency_stats_free       (IsobarLatencyStats       *stats);

/* The @p-th percentile (0 ≤ @p ≤ 100) of @sorted (ascending, @n values) by
 * linear interpolation between closest ranks, the method of NumPy's default
 * and of R's type 7: with h = (n − 1) · p / 100, the value is
 * x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]). So p0 is the minimum, p100 the
 * maximum, and p50 of an even count the mean of the two middle values.
 * Returns 0 when @n is 0. */
double              isobar_latency_percentile       (const double             *sorted,
                                                     gsize                     n,
                                                     double                    p);

/* Fills @stats from @n lateness values in ms (any order; not modified):
 * percentiles as isobar_latency_percentile(), max, the long tasks among
 * them and their total duration. @values may be NULL when @n is 0. */
void                isobar_latency_stats_compute    (IsobarLatencyStats       *stats,
                                                     const double             *values_ms,
                                                     gsize                     n);

/* The same from watchdog samples. */
void                isobar_latency_stats_compute_samples (IsobarLatencyStats        *stats,
                                                          const IsobarLatencySample *samples,
                                                          gsize                      n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarLatencyStats, isobar_latency_stats_free)

G_END_DECLS
