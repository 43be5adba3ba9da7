/* isobar-latency-stats.c: percentiles and long tasks over a lateness trace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "isobar-latency-stats.h"

G_DEFINE_BOXED_TYPE (IsobarLatencyStats, isobar_latency_stats,
                     isobar_latency_stats_copy, isobar_latency_stats_free)

IsobarLatencyStats *
isobar_latency_stats_copy (const IsobarLatencyStats *stats)
{
  g_return_val_if_fail (stats != NULL, NULL);

  return g_memdup2 (stats, sizeof *stats);
}

void
isobar_latency_stats_free (IsobarLatencyStats *stats)
{
  g_free (stats);
}

double
isobar_latency_percentile (const double *sorted,
                           gsize         n,
                           double        p)
{
  double h;
  gsize lo;

  g_return_val_if_fail (n == 0 || sorted != NULL, 0.0);
  g_return_val_if_fail (p >= 0.0 && p <= 100.0, 0.0);

  if (n == 0)
    return 0.0;

  h = (double) (n - 1) * p / 100.0;
  lo = (gsize) floor (h);
  if (lo >= n - 1)
    return sorted[n - 1];

  return sorted[lo] + (h - (double) lo) * (sorted[lo + 1] - sorted[lo]);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

void
isobar_latency_stats_compute (IsobarLatencyStats *stats,
                              const double       *values_ms,
                              gsize               n)
{
  g_autofree double *sorted = NULL;

  g_return_if_fail (stats != NULL);
  g_return_if_fail (n == 0 || values_ms != NULL);

  *stats = (IsobarLatencyStats) { 0 };
  if (n == 0)
    return;

  sorted = g_memdup2 (values_ms, n * sizeof (double));
  qsort (sorted, n, sizeof (double), compare_doubles);

  stats->n_samples = (guint) MIN (n, G_MAXUINT);
  stats->p50 = isobar_latency_percentile (sorted, n, 50.0);
  stats->p95 = isobar_latency_percentile (sorted, n, 95.0);
  stats->p99 = isobar_latency_percentile (sorted, n, 99.0);
  stats->max = sorted[n - 1];

  for (gsize i = 0; i < n; i++)
    {
      if (sorted[i] >= ISOBAR_LONG_TASK_MS)
        {
          stats->long_tasks++;
          stats->blocked_ms += sorted[i];
        }
    }
}

void
isobar_latency_stats_compute_samples (IsobarLatencyStats        *stats,
                                      const IsobarLatencySample *samples,
                                      gsize                      n)
{
  g_autofree double *values = NULL;

  g_return_if_fail (stats != NULL);
  g_return_if_fail (n == 0 || samples != NULL);

  values = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    values[i] = (double) samples[i].lateness_us / 1000.0;

  isobar_latency_stats_compute (stats, values, n);
}
