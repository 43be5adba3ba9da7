/* test-latency-stats.c: percentiles and long tasks on hand-checked arrays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-latency-stats.h"

#define EPS 1e-9

static void
test_percentile_known (void)
{
  /* The classic five values; type 7: h = (n − 1)·p/100 = 4p/100. */
  const double v[] = { 15, 20, 35, 40, 50 };

  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 5, 0), 15, EPS);
  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 5, 40), 29, EPS);   /* h 1.6: 20 + .6·15 */
  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 5, 50), 35, EPS);   /* h 2 */
  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 5, 95), 48, EPS);   /* h 3.8: 40 + .8·10 */
  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 5, 99), 49.6, EPS); /* h 3.96 */
  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 5, 100), 50, EPS);
}

static void
test_percentile_one_to_ten (void)
{
  double v[10];

  for (guint i = 0; i < 10; i++)
    v[i] = i + 1;

  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 10, 50), 5.5, EPS);   /* mean of 5 and 6 */
  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 10, 95), 9.55, EPS);  /* h 8.55 */
  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 10, 99), 9.91, EPS);  /* h 8.91 */
  g_assert_cmpfloat_with_epsilon (isobar_latency_percentile (v, 10, 25), 3.25, EPS);  /* h 2.25 */
}

static void
test_percentile_edges (void)
{
  const double one[] = { 7.25 };

  g_assert_cmpfloat (isobar_latency_percentile (NULL, 0, 50), ==, 0.0);
  g_assert_cmpfloat (isobar_latency_percentile (one, 1, 0), ==, 7.25);
  g_assert_cmpfloat (isobar_latency_percentile (one, 1, 50), ==, 7.25);
  g_assert_cmpfloat (isobar_latency_percentile (one, 1, 100), ==, 7.25);
}

static void
test_stats_compute (void)
{
  /* Unsorted on purpose; two long tasks (50 counts, 49.9 does not). */
  const double v[] = { 1, 300, 2, 50, 49.9, 3 };
  const double copy[] = { 1, 300, 2, 50, 49.9, 3 };
  IsobarLatencyStats stats;

  isobar_latency_stats_compute (&stats, v, G_N_ELEMENTS (v));

  g_assert_cmpmem (v, sizeof v, copy, sizeof copy);  /* input untouched */
  g_assert_cmpuint (stats.n_samples, ==, 6);
  /* sorted 1 2 3 49.9 50 300; p50: h 2.5 → 3 + .5·46.9 */
  g_assert_cmpfloat_with_epsilon (stats.p50, 26.45, EPS);
  /* p95: h 4.75 → 50 + .75·250 */
  g_assert_cmpfloat_with_epsilon (stats.p95, 237.5, EPS);
  /* p99: h 4.95 → 50 + .95·250 */
  g_assert_cmpfloat_with_epsilon (stats.p99, 287.5, EPS);
  g_assert_cmpfloat (stats.max, ==, 300);
  g_assert_cmpuint (stats.long_tasks, ==, 2);
  g_assert_cmpfloat_with_epsilon (stats.blocked_ms, 350, EPS);
}

static void
test_stats_empty (void)
{
  IsobarLatencyStats stats;

  memset (&stats, 0xAA, sizeof stats);  /* garbage, to be overwritten */
  isobar_latency_stats_compute (&stats, NULL, 0);

  g_assert_cmpuint (stats.n_samples, ==, 0);
  g_assert_cmpfloat (stats.p50, ==, 0);
  g_assert_cmpfloat (stats.p95, ==, 0);
  g_assert_cmpfloat (stats.p99, ==, 0);
  g_assert_cmpfloat (stats.max, ==, 0);
  g_assert_cmpuint (stats.long_tasks, ==, 0);
  g_assert_cmpfloat (stats.blocked_ms, ==, 0);
}

static void
test_stats_samples_and_boxed (void)
{
  const IsobarLatencySample samples[] = {
    { 1000, 250 }, { 6000, 120000 }, { 130000, 750 },
  };
  IsobarLatencyStats stats;
  g_autoptr(IsobarLatencyStats) copy = NULL;

  isobar_latency_stats_compute_samples (&stats, samples, G_N_ELEMENTS (samples));
  g_assert_cmpuint (stats.n_samples, ==, 3);
  g_assert_cmpfloat_with_epsilon (stats.p50, 0.75, EPS);
  g_assert_cmpfloat_with_epsilon (stats.max, 120.0, EPS);
  g_assert_cmpuint (stats.long_tasks, ==, 1);
  g_assert_cmpfloat_with_epsilon (stats.blocked_ms, 120.0, EPS);

  copy = g_boxed_copy (ISOBAR_TYPE_LATENCY_STATS, &stats);
  g_assert_cmpmem (copy, sizeof *copy, &stats, sizeof stats);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/latency-stats/percentile/known", test_percentile_known);
  g_test_add_func ("/latency-stats/percentile/one-to-ten", test_percentile_one_to_ten);
  g_test_add_func ("/latency-stats/percentile/edges", test_percentile_edges);
  g_test_add_func ("/latency-stats/compute", test_stats_compute);
  g_test_add_func ("/latency-stats/empty", test_stats_empty);
  g_test_add_func ("/latency-stats/samples-and-boxed", test_stats_samples_and_boxed);

  return g_test_run ();
}
