/* test-kernels.c: the climate analysis kernels, their codecs and the report,
 * checked against values computed independently here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>

#include "isobar-climate-report.h"
#include "isobar-climate-series.h"
#include "isobar-error.h"
#include "isobar-job-context.h"
#include "isobar-kernels.h"
#include "isobar-random.h"

/* Helpers. */

static guint32
julian (int year,
        int month,
        int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

/* One day for a FillFunc: the date and its index in the series, and the
 * temperatures to fill in (NAN, missing, unless set). */
typedef struct
{
  int    year;
  int    month;
  int    day;
  guint  index;
  double tmax;
  double tmin;
  double tmean;
} FillDay;

typedef void (*FillFunc) (FillDay  *d,
                          gpointer  user_data);

/* A series from @first to @last (julian days) filled by @fill. */
static IsobarClimateSeries *
series_fill (guint32  first,
             guint32  last,
             FillFunc fill,
             gpointer user_data)
{
  guint n = last - first + 1;
  g_autofree double *tmax = g_new (double, n);
  g_autofree double *tmin = g_new (double, n);
  g_autofree double *tmean = g_new (double, n);
  g_autoptr(GError) error = NULL;
  IsobarClimateSeries *series;
  GDate date;

  g_date_clear (&date, 1);
  for (guint i = 0; i < n; i++)
    {
      FillDay d = { 0, 0, 0, i, NAN, NAN, NAN };

      g_date_set_julian (&date, first + i);
      d.year = g_date_get_year (&date);
      d.month = g_date_get_month (&date);
      d.day = g_date_get_day (&date);
      fill (&d, user_data);
      tmax[i] = d.tmax;
      tmin[i] = d.tmin;
      tmean[i] = d.tmean;
    }
  series = isobar_climate_series_new (first, n, tmax, tmin, tmean, &error);
  g_assert_no_error (error);
  g_assert_nonnull (series);
  return series;
}

/* Running @job fails with @domain and @code, and gives no output. */
static void
assert_run_fails (IsobarKernelJob     *job,
                  IsobarClimateSeries *series,
                  IsobarJobContext    *ctx,
                  GQuark               domain,
                  int                  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) output = isobar_kernel_run (job, series, ctx, &error);

  g_assert_error (error, domain, code);
  g_assert_null (output);
}

/* Seasonal cycle, a trend of 0.2 °C/decade and AR(1) noise: a realistic
 * history whose numbers nobody could guess. */
typedef struct
{
  IsobarRandom rng;
  double       ar;
} NoisyState;

static void
fill_noisy (FillDay  *d,
            gpointer  user_data)
{
  NoisyState *state = user_data;
  double years = d->index / 365.2425;
  double t;

  state->ar = 0.7 * state->ar + 6.0 * (isobar_random_double (&state->rng) - 0.5);
  t = 10.0 + 8.0 * sin (2 * G_PI * (years - 0.3)) + 0.02 * years + state->ar;
  d->tmax = t + 4.0;
  d->tmin = t - 4.0;
  d->tmean = t;
}

static IsobarClimateSeries *
noisy_series (int      first_year,
              int      n_years,
              guint64  seed)
{
  NoisyState state = { { { 0 } }, 0 };

  isobar_random_init (&state.rng, seed);
  return series_fill (julian (first_year, 1, 1), julian (first_year + n_years - 1, 12, 31),
                      fill_noisy, &state);
}

/* Runs @jobs in the order given by @order (indices), outputs by job index. */
static GPtrArray *
run_jobs_in_order (IsobarClimateSeries *series,
                   GPtrArray           *jobs,
                   const guint         *order)
{
  GPtrArray *outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_ptr_array_set_size (outputs, jobs->len);
  for (guint i = 0; i < jobs->len; i++)
    {
      guint j = order != NULL ? order[i] : i;
      g_autoptr(GError) error = NULL;
      GBytes *output = isobar_kernel_run (jobs->pdata[j], series, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (output);
      outputs->pdata[j] = output;
    }
  return outputs;
}

static IsobarClimateReport *
report_from_outputs (IsobarClimateSeries *series,
                     GPtrArray           *jobs,
                     GPtrArray           *outputs)
{
  g_autoptr(GError) error = NULL;
  IsobarClimateReport *report = isobar_climate_report_new_from_outputs (series, jobs, outputs, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static GBytes *
run_one (IsobarClimateSeries *series,
         IsobarKernel         kernel)
{
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (kernel);
  g_autoptr(GError) error = NULL;
  GBytes *output = isobar_kernel_run (job, series, NULL, &error);

  g_assert_no_error (error);
  return output;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Percentile by the textbook definition of numpy's "linear" method, written
 * out again here: the rank (n-1)p between two order statistics. */
static double
reference_percentile (const double *values,
                      gsize         n,
                      double        p)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));
  double rank;
  gsize below;

  qsort (sorted, n, sizeof (double), compare_doubles);
  rank = p * (n - 1);
  below = (gsize) rank;
  if (below == n - 1)
    return sorted[n - 1];
  return sorted[below] * (1 - (rank - below)) + sorted[below + 1] * (rank - below);
}

/* The random generator. */

static void
test_random_reference (void)
{
  /* splitmix64 from seed 1234567: the reference vectors published with
   * Vigna's splitmix64.c. */
  static const guint64 splitmix[] = {
    G_GUINT64_CONSTANT (6457827717110365317), G_GUINT64_CONSTANT (3203168211198807973),
    G_GUINT64_CONSTANT (9817491932198370423), G_GUINT64_CONSTANT (4593380528125082431),
    G_GUINT64_CONSTANT (16408922859458223821),
  };
  /* xoshiro256** seeded through splitmix64 from 42, computed with a
   * separate Python transcription of the published algorithm. */
  static const guint64 xoshiro[] = {
    G_GUINT64_CONSTANT (1546998764402558742), G_GUINT64_CONSTANT (6990951692964543102),
    G_GUINT64_CONSTANT (12544586762248559009), G_GUINT64_CONSTANT (17057574109182124193),
  };
  guint64 state = 1234567;
  IsobarRandom rng;

  for (guint i = 0; i < G_N_ELEMENTS (splitmix); i++)
    g_assert_cmpuint (isobar_splitmix64_next (&state), ==, splitmix[i]);

  isobar_random_init (&rng, 42);
  for (guint i = 0; i < G_N_ELEMENTS (xoshiro); i++)
    g_assert_cmpuint (isobar_random_next (&rng), ==, xoshiro[i]);
}

static void
test_random_streams (void)
{
  IsobarRandom a, b;
  guint counts[7] = { 0 };

  g_assert_cmpuint (isobar_random_derive_seed (1, 0), ==, isobar_random_derive_seed (1, 0));
  g_assert_cmpuint (isobar_random_derive_seed (1, 0), !=, isobar_random_derive_seed (1, 1));
  g_assert_cmpuint (isobar_random_derive_seed (1, 0), !=, isobar_random_derive_seed (2, 0));

  isobar_random_init (&a, 99);
  isobar_random_init (&b, 99);
  for (guint i = 0; i < 70000; i++)
    {
      guint32 u = isobar_random_uniform (&a, 7);
      double d = isobar_random_double (&b);

      g_assert_cmpuint (u, <, 7);
      g_assert_cmpfloat (d, >=, 0.0);
      g_assert_cmpfloat (d, <, 1.0);
      counts[u]++;
    }
  /* Each of 7 outcomes near 10000 (binomial sd ≈ 93): 8 sd of slack. */
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpuint (counts[i], >, 9250);
      g_assert_cmpuint (counts[i], <, 10750);
    }
}

/* Percentiles. */

static void
test_percentiles (void)
{
  const double one_to_ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  const double four[] = { 1, 2, 3, 4 };
  const double single[] = { 7.5 };

  /* Worked by hand: h = 9 × 0.1 = 0.9 → 1 + 0.9 × (2 - 1) = 1.9, and
   * h = 9 × 0.9 = 8.1 → 9 + 0.1 × (10 - 9) = 9.1. */
  g_assert_cmpfloat_with_epsilon (isobar_percentile_sorted (one_to_ten, 10, 0.10), 1.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (isobar_percentile_sorted (one_to_ten, 10, 0.90), 9.1, 1e-12);
  g_assert_cmpfloat (isobar_percentile_sorted (one_to_ten, 10, 0.5), ==, 5.5);
  g_assert_cmpfloat (isobar_percentile_sorted (one_to_ten, 10, 0.0), ==, 1.0);
  g_assert_cmpfloat (isobar_percentile_sorted (one_to_ten, 10, 1.0), ==, 10.0);
  /* numpy.percentile([1, 2, 3, 4], 25) == 1.75; (…, 97.5) == 3.925. */
  g_assert_cmpfloat_with_epsilon (isobar_percentile_sorted (four, 4, 0.25), 1.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (isobar_percentile_sorted (four, 4, 0.975), 3.925, 1e-12);
  g_assert_cmpfloat (isobar_percentile_sorted (single, 1, 0.1), ==, 7.5);
  g_assert_true (isnan (isobar_percentile_sorted (NULL, 0, 0.5)));
}

/* The calendar and leap years. */

static void
fill_zero (FillDay  *d,
           gpointer  user_data)
{
  d->tmean = 0;
}

static void
test_calendar_leap (void)
{
  g_autoptr(IsobarClimateSeries) series =
    series_fill (julian (2023, 2, 27), julian (2024, 12, 31), fill_zero, NULL);
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  guint32 first = julian (2023, 2, 27);

  g_assert_cmpint (isobar_climate_series_get_first_year (series), ==, 2023);
  g_assert_cmpint (isobar_climate_series_get_last_year (series), ==, 2024);
  g_assert_cmpuint (isobar_climate_series_get_n_years (series), ==, 2);
  /* A common year skips slot 60: Feb 28 is 59, Mar 1 is 61. */
  g_assert_cmpuint (days[julian (2023, 2, 28) - first].cday, ==, 59);
  g_assert_cmpuint (days[julian (2023, 3, 1) - first].cday, ==, 61);
  g_assert_cmpuint (days[julian (2023, 12, 31) - first].cday, ==, 366);
  /* A leap year fills it. */
  g_assert_cmpuint (days[julian (2024, 2, 29) - first].cday, ==, 60);
  g_assert_cmpuint (days[julian (2024, 2, 29) - first].month, ==, 2);
  g_assert_cmpuint (days[julian (2024, 2, 29) - first].mday, ==, 29);
  g_assert_cmpuint (days[julian (2024, 3, 1) - first].cday, ==, 61);
  g_assert_cmpuint (days[julian (2024, 12, 31) - first].cday, ==, 366);
  g_assert_cmpuint (days[julian (2024, 12, 31) - first].year, ==, 2024);
}

/* Normals. */

static void
fill_normals (FillDay  *d,
              gpointer  user_data)
{
  d->tmean = 0;
  if (d->month == 1 && d->day == 1)
    d->tmean = d->year - 2000;               /* 1..10 over 2001..2010 */
  else if (d->month == 1 && d->day == 2)
    d->tmean = d->year == 2005 ? NAN : (d->year - 2000) * 2.0;
  else if (d->month == 2 && d->day == 29)
    d->tmean = d->year == 2004 ? 3.0 : 5.0;  /* 2004 and 2008 only */
}

static void
test_normals (void)
{
  g_autoptr(IsobarClimateSeries) series =
    series_fill (julian (2001, 1, 1), julian (2010, 12, 31), fill_normals, NULL);
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (ISOBAR_KERNEL_NORMALS);
  g_autoptr(GBytes) output = run_one (series, ISOBAR_KERNEL_NORMALS);
  g_autoptr(GError) error = NULL;
  IsobarNormal normals[ISOBAR_CLIMATE_N_CDAYS];
  const double jan2[] = { 2, 4, 6, 8, 12, 14, 16, 18, 20 };

  g_assert_true (isobar_kernel_output_read_normals (output, job, normals, &error));
  g_assert_no_error (error);

  /* Jan 1: 1..10. */
  g_assert_cmpuint (normals[0].count, ==, 10);
  g_assert_cmpfloat_with_epsilon (normals[0].mean, 5.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (normals[0].p10, 1.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (normals[0].p90, 9.1, 1e-12);

  /* Jan 2: 2, 4, …, 20 without 10 (the NaN of 2005 is skipped). */
  g_assert_cmpuint (normals[1].count, ==, 9);
  g_assert_cmpfloat_with_epsilon (normals[1].mean, 100.0 / 9.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (normals[1].p10, reference_percentile (jan2, 9, 0.1), 1e-12);
  g_assert_cmpfloat_with_epsilon (normals[1].p10, 3.6, 1e-12); /* h = 0.8: 2 + 0.8 × 2 */
  g_assert_cmpfloat_with_epsilon (normals[1].p90, 18.4, 1e-12); /* h = 7.2: 18 + 0.2 × 2 */

  /* Feb 29 (slot 60): the two leap years only; Mar 1 (61): all ten. */
  g_assert_cmpuint (normals[59].count, ==, 2);
  g_assert_cmpfloat_with_epsilon (normals[59].mean, 4.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (normals[59].p10, 3.2, 1e-12);
  g_assert_cmpfloat_with_epsilon (normals[59].p90, 4.8, 1e-12);
  g_assert_cmpuint (normals[60].count, ==, 10);
  g_assert_cmpuint (normals[58].count, ==, 10);
  g_assert_cmpuint (normals[365].count, ==, 10);
  g_assert_cmpfloat (normals[365].mean, ==, 0.0);
}

/* Records. */

static void
fill_records (FillDay  *d,
              gpointer  user_data)
{
  d->tmax = 20;
  d->tmin = 10;
  if (d->year == 2003 && d->month == 7 && d->day == 15)
    d->tmax = 41.5;
  if (d->year == 2007 && d->month == 7 && d->day == 20)
    d->tmax = 41.5;                       /* a tie: the earlier date keeps it */
  if (d->year == 2005 && d->month == 1 && d->day == 10)
    d->tmin = -25;
  if (d->year == 2004 && d->month == 2 && d->day == 29)
    d->tmax = 30;
  if (d->year == 2006 && d->month == 3 && d->day == 3)
    {
      d->tmax = NAN;                      /* missing: no record */
      d->tmin = NAN;
    }
  if (d->year == 2002 && d->month == 11 && d->day == 30)
    d->tmin = 2;
}

static void
assert_extreme (const IsobarExtreme *extreme,
                double               value,
                int                  year,
                int                  month,
                int                  day)
{
  g_assert_cmpfloat (extreme->value, ==, value);
  g_assert_cmpuint (extreme->julian, ==, julian (year, month, day));
}

static void
test_records (void)
{
  g_autoptr(IsobarClimateSeries) series =
    series_fill (julian (2001, 3, 1), julian (2008, 12, 31), fill_records, NULL);
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (ISOBAR_KERNEL_RECORDS);
  g_autoptr(GBytes) output = run_one (series, ISOBAR_KERNEL_RECORDS);
  g_autoptr(GError) error = NULL;
  IsobarRecords records;

  g_assert_true (isobar_kernel_output_read_records (output, job, &records, &error));
  g_assert_no_error (error);

  assert_extreme (&records.overall.high, 41.5, 2003, 7, 15);
  assert_extreme (&records.overall.low, -25, 2005, 1, 10);
  assert_extreme (&records.months[6].high, 41.5, 2003, 7, 15);
  assert_extreme (&records.months[0].low, -25, 2005, 1, 10);
  assert_extreme (&records.months[1].high, 30, 2004, 2, 29);
  assert_extreme (&records.months[10].low, 2, 2002, 11, 30);
  /* Months without a planted extreme: the plain value, first seen on the
   * first day of that month in the series (January starts in 2002). */
  assert_extreme (&records.months[0].high, 20, 2002, 1, 1);
  assert_extreme (&records.months[2].high, 20, 2001, 3, 1);
  assert_extreme (&records.months[11].low, 10, 2001, 12, 1);
}

/* Yearly rows. */

static void
fill_yearly (FillDay  *d,
             gpointer  user_data)
{
  d->tmax = 15;
  d->tmin = 5;
  d->tmean = 10;
  if (d->year == 2019)
    d->tmean = 20;
  if (d->year == 2020 && d->month == 8 && d->day == 8)
    {
      d->tmean = 10 + 366;                /* lifts 2020's mean by exactly 1 */
      d->tmax = 33;
    }
  if (d->year == 2020 && d->month == 1 && d->day == 20)
    {
      d->tmean = -4;
      d->tmin = -9;
    }
  if (d->year == 2021 && d->month == 6 && d->day <= 5)
    {
      d->tmean = NAN;                     /* 5 missing: still complete */
      d->tmax = NAN;
      d->tmin = NAN;
    }
  if (d->year == 2021 && d->month == 12 && d->day == 1)
    d->tmean = 7;
}

static void
test_yearly (void)
{
  g_autoptr(IsobarClimateSeries) series =
    series_fill (julian (2019, 7, 1), julian (2021, 12, 31), fill_yearly, NULL);
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (ISOBAR_KERNEL_YEARLY);
  g_autoptr(GBytes) output = run_one (series, ISOBAR_KERNEL_YEARLY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  const IsobarYearRow *r2019, *r2020, *r2021;
  double mean2020, mean2021, baseline;

  g_assert_true (isobar_kernel_output_read_yearly (output, job, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  r2019 = &g_array_index (rows, IsobarYearRow, 0);
  r2020 = &g_array_index (rows, IsobarYearRow, 1);
  r2021 = &g_array_index (rows, IsobarYearRow, 2);

  /* 2019 starts on Jul 1: 184 days of 365, flagged. */
  g_assert_cmpint (r2019->year, ==, 2019);
  g_assert_cmpuint (r2019->n_days, ==, 365);
  g_assert_cmpuint (r2019->n_missing, ==, 181);
  g_assert_cmpuint (r2019->flags & ISOBAR_YEAR_INCOMPLETE, !=, 0);
  g_assert_cmpfloat (r2019->mean, ==, 20);

  /* 2020 (leap): 364 days of 10, one of 376, one of -4. */
  mean2020 = (364 * 10.0 + 376.0 - 4.0) / 366.0;
  g_assert_cmpint (r2020->year, ==, 2020);
  g_assert_cmpuint (r2020->n_days, ==, 366);
  g_assert_cmpuint (r2020->n_missing, ==, 0);
  g_assert_cmpuint (r2020->flags, ==, 0);
  g_assert_cmpfloat_with_epsilon (r2020->mean, mean2020, 1e-12);
  g_assert_cmpfloat (r2020->min, ==, -4);
  g_assert_cmpfloat (r2020->max, ==, 376);
  assert_extreme (&r2020->hottest, 33, 2020, 8, 8);
  assert_extreme (&r2020->coldest, -9, 2020, 1, 20);

  /* 2021: 5 days missing, one of 7 among 359 of 10. */
  mean2021 = (359 * 10.0 + 7.0) / 360.0;
  g_assert_cmpuint (r2021->n_missing, ==, 5);
  g_assert_cmpuint (r2021->flags, ==, 0);
  g_assert_cmpfloat_with_epsilon (r2021->mean, mean2021, 1e-12);
  g_assert_cmpfloat (r2021->min, ==, 7);
  g_assert_cmpfloat (r2021->max, ==, 10);
  /* All 15s: the first day of the year keeps the tie. */
  assert_extreme (&r2021->hottest, 15, 2021, 1, 1);

  /* Anomalies against the complete years only (2020, 2021). */
  baseline = (mean2020 + mean2021) / 2;
  g_assert_cmpfloat_with_epsilon (r2020->anomaly, mean2020 - baseline, 1e-12);
  g_assert_cmpfloat_with_epsilon (r2021->anomaly, mean2021 - baseline, 1e-12);
  g_assert_cmpfloat_with_epsilon (r2019->anomaly, 20 - baseline, 1e-12);

  /* Two complete years: a trend but no interval; the planner leaves the
   * bootstrap out, and a bootstrap job is refused. */
  g_assert_cmpuint (isobar_kernel_count_complete_years (series), ==, 2);
  {
    g_autoptr(GPtrArray) jobs = isobar_climate_plan_jobs (series, 1000, 1);
    g_autoptr(IsobarKernelJob) boot = isobar_kernel_job_new (ISOBAR_KERNEL_BOOTSTRAP);

    for (guint i = 0; i < jobs->len; i++)
      g_assert_cmpint (((IsobarKernelJob *) jobs->pdata[i])->kernel, !=, ISOBAR_KERNEL_BOOTSTRAP);
    boot->resamples = 10;
    assert_run_fails (boot, series, NULL, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  }
}

/* The trend: an exact line. */

static void
fill_linear (FillDay  *d,
             gpointer  user_data)
{
  d->tmean = 10.0 + 0.025 * (d->year - 1950);
  d->tmax = d->tmean + 5;
  d->tmin = d->tmean - 5;
}

static void
test_trend_exact (void)
{
  g_autoptr(IsobarClimateSeries) series =
    series_fill (julian (1950, 1, 1), julian (2019, 12, 31), fill_linear, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarClimateReport) report =
    isobar_climate_report_compute (series, 700, 12345, NULL, &error);
  const IsobarTrend *trend;
  double low, high;
  guint n_slopes;
  const double *slopes;

  g_assert_no_error (error);
  trend = isobar_climate_report_get_trend (report);
  g_assert_cmpuint (trend->n_years, ==, 70);
  g_assert_cmpfloat_with_epsilon (trend->slope_per_decade, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (trend->intercept, 10.0 - 0.025 * 1950, 1e-6);
  g_assert_cmpfloat_with_epsilon (trend->r_squared, 1.0, 1e-9);

  /* No noise, no spread: the interval collapses onto the slope. */
  g_assert_true (isobar_climate_report_get_interval (report, &low, &high));
  g_assert_cmpfloat_with_epsilon (low, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 0.25, 1e-9);
  slopes = isobar_climate_report_get_bootstrap_slopes (report, &n_slopes);
  g_assert_cmpuint (n_slopes, ==, 700);
  g_assert_cmpuint (isobar_climate_report_get_resamples (report), ==, 700);
  for (guint i = 0; i < n_slopes; i++)
    g_assert_cmpfloat_with_epsilon (slopes[i], 0.25, 1e-9);
  /* ⌈70^(1/3)⌉ = 5 (4³ = 64 < 70 ≤ 125). */
  g_assert_cmpuint (isobar_climate_report_get_block_years (report), ==, 5);
}

/* The trend on noisy data against a least-squares fit written here, and
 * the interval against the percentiles of the slopes. */
static void
test_trend_noisy (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (1961, 40, 2024);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarClimateReport) report =
    isobar_climate_report_compute (series, 2000, 777, NULL, &error);
  const double *tmean = isobar_climate_series_get_tmean (series);
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  guint n_days = isobar_climate_series_get_n_days (series);
  long double sum_x = 0, sum_y = 0, sum_xx = 0, sum_xy = 0, slope;
  double annual[40] = { 0 }, counts[40] = { 0 };
  const IsobarTrend *trend;
  const double *slopes;
  guint n_slopes;
  double low, high;
  int n = 40;

  g_assert_no_error (error);
  for (guint i = 0; i < n_days; i++)
    {
      annual[days[i].year - 1961] += tmean[i];
      counts[days[i].year - 1961] += 1;
    }
  for (int k = 0; k < n; k++)
    {
      long double x = 1961 + k, y = annual[k] / counts[k];

      sum_x += x;
      sum_y += y;
      sum_xx += x * x;
      sum_xy += x * y;
    }
  slope = (n * sum_xy - sum_x * sum_y) / (n * sum_xx - sum_x * sum_x);

  trend = isobar_climate_report_get_trend (report);
  g_assert_cmpuint (trend->n_years, ==, 40);
  g_assert_cmpfloat_with_epsilon (trend->slope_per_decade, (double) (10 * slope), 1e-9);
  g_test_message ("noisy trend %.4f °C/decade, r² %.3f", trend->slope_per_decade, trend->r_squared);

  slopes = isobar_climate_report_get_bootstrap_slopes (report, &n_slopes);
  g_assert_cmpuint (n_slopes, ==, 2000);
  g_assert_true (isobar_climate_report_get_interval (report, &low, &high));
  /* The two formulas of the interpolation may differ in the last bit. */
  g_assert_cmpfloat_with_epsilon (low, reference_percentile (slopes, n_slopes, 0.025), 1e-12);
  g_assert_cmpfloat_with_epsilon (high, reference_percentile (slopes, n_slopes, 0.975), 1e-12);
  g_test_message ("95 %% interval [%.4f, %.4f]", low, high);
  g_assert_cmpfloat (low, <, trend->slope_per_decade);
  g_assert_cmpfloat (high, >, trend->slope_per_decade);
  /* Resampling noise that exists gives a spread that exists. */
  g_assert_cmpfloat (high - low, >, 0.01);
  g_assert_cmpfloat (high - low, <, 1.0);
}

/* The bootstrap, resample by resample, against the documented method done
 * the slow way: rebuild every day of the series, then annual means, then a
 * fit. Same generator, same draws. */
static double
reference_slope (const double *years,
                 const double *means,
                 guint         n)
{
  long double sx = 0, sy = 0, sxx = 0, sxy = 0;

  for (guint k = 0; k < n; k++)
    {
      sx += years[k];
      sy += means[k];
      sxx += (long double) years[k] * years[k];
      sxy += (long double) years[k] * means[k];
    }
  return (double) (10 * (n * sxy - sx * sy) / (n * sxx - sx * sx));
}

/* The mean of @values (one a day of @days) in each of the @n_years years
 * from @first_year, into @means. */
static void
reference_yearly_means (const IsobarClimateDay *days,
                        const double           *values,
                        guint                   m,
                        guint                   first_year,
                        guint                   n_years,
                        double                 *means)
{
  for (guint k = 0; k < n_years; k++)
    {
      double sum = 0;
      guint count = 0;

      for (guint i = 0; i < m; i++)
        {
          if (days[i].year == first_year + k)
            {
              sum += values[i];
              count++;
            }
        }
      means[k] = sum / count;
    }
}

static void
test_bootstrap_reference (void)
{
  const guint n_years = 30, n_resamples = 6;
  g_autoptr(IsobarClimateSeries) series = noisy_series (1990, n_years, 77);
  const double *tmean = isobar_climate_series_get_tmean (series);
  const IsobarClimateDay *days = isobar_climate_series_get_days (series);
  guint m = isobar_climate_series_get_n_days (series);
  g_autofree double *resid = g_new (double, m);
  g_autofree double *rebuilt = g_new (double, m);
  double years[30], means[30], seasonal[367] = { 0 }, seasonal_n[367] = { 0 };
  double b, x_mean = 0;
  guint block_days;
  IsobarRandom rng;
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (ISOBAR_KERNEL_BOOTSTRAP);
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GArray) slopes = NULL;
  g_autoptr(GError) error = NULL;
  guint block_years = 0, fit_years = 0;

  reference_yearly_means (days, tmean, m, 1990, n_years, means);
  for (guint k = 0; k < n_years; k++)
    {
      years[k] = 1990 + k;
      x_mean += years[k] / n_years;
    }
  b = reference_slope (years, means, n_years) / 10;
  for (guint i = 0; i < m; i++)
    {
      seasonal[days[i].cday] += tmean[i] - b * (days[i].year - x_mean);
      seasonal_n[days[i].cday] += 1;
    }
  for (guint c = 1; c <= 366; c++)
    seasonal[c] /= seasonal_n[c];
  for (guint i = 0; i < m; i++)
    resid[i] = tmean[i] - b * (days[i].year - x_mean) - seasonal[days[i].cday];
  block_days = 4 * 365; /* ⌈30^(1/3)⌉ = 4 years (27 < 30 ≤ 64) */

  job->resamples = n_resamples;
  job->base_seed = 31337;
  output = isobar_kernel_run (job, series, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isobar_kernel_output_read_bootstrap (output, job, &slopes, &block_years, &fit_years, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (block_years, ==, 4);
  g_assert_cmpuint (fit_years, ==, n_years);
  g_assert_cmpuint (slopes->len, ==, n_resamples);

  isobar_random_init (&rng, isobar_random_derive_seed (31337, 0));
  for (guint r = 0; r < n_resamples; r++)
    {
      for (guint j = 0; j < m;)
        {
          guint start = isobar_random_uniform (&rng, m - block_days + 1);

          for (guint t = 0; t < block_days && j < m; t++, j++)
            rebuilt[j] = seasonal[days[j].cday] + b * (days[j].year - x_mean) + resid[start + t];
        }
      reference_yearly_means (days, rebuilt, m, 1990, n_years, means);
      g_assert_cmpfloat_with_epsilon (g_array_index (slopes, double, r),
                                      reference_slope (years, means, n_years), 1e-9);
    }
}

/* The heat map. */

static void
fill_heatmap (FillDay  *d,
              gpointer  user_data)
{
  d->tmean = 10;
  if (d->month == 6 && d->day == 10)
    d->tmean = d->year == 2001 ? 18 : 10;    /* normal 14: anomalies +4 and -4 */
  if (d->month == 8 && d->day == 1)
    d->tmean = d->year == 2001 ? 60 : 10;    /* normal 35: ±25, clamped */
  if (d->year == 2001 && d->month == 9 && d->day == 1)
    d->tmean = NAN;                       /* missing: grey; 2002's alone: 0 */
}

static void
assert_pixel (GBytes *pixels,
              guint   row,
              guint   cday,
              guint8  r,
              guint8  g,
              guint8  b,
              guint8  a)
{
  const guint8 *p = (const guint8 *) g_bytes_get_data (pixels, NULL)
                    + (row * ISOBAR_HEATMAP_WIDTH + cday - 1) * 4;

  g_assert_cmpuint (p[0], ==, r);
  g_assert_cmpuint (p[1], ==, g);
  g_assert_cmpuint (p[2], ==, b);
  g_assert_cmpuint (p[3], ==, a);
}

static void
test_heatmap (void)
{
  g_autoptr(IsobarClimateSeries) series =
    series_fill (julian (2001, 1, 1), julian (2002, 12, 30), fill_heatmap, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarClimateReport) report = isobar_climate_report_compute (series, 0, 1, NULL, &error);
  GBytes *pixels;
  guint jun10 = 31 + 29 + 31 + 30 + 31 + 10; /* slot of Jun 10 in a leap year: 162 */
  guint aug1 = 31 + 29 + 31 + 30 + 31 + 30 + 31 + 1;
  guint sep1 = aug1 + 31;
  guint8 colour[4];

  g_assert_no_error (error);
  g_assert_cmpuint (isobar_climate_report_get_n_years (report), ==, 2);
  pixels = isobar_climate_report_get_heatmap (report);
  g_assert_cmpuint (g_bytes_get_size (pixels), ==, 2 * 366 * 4);

  /* By hand from the documented scale (white 247,247,247; red 178,24,43;
   * blue 33,102,172; clamp 8 °C): +4 °C is halfway to red:
   * 247 - 34.5 = 212.5 → 213, 247 - 111.5 = 135.5 → 136, 247 - 102 = 145.
   * -4 °C is halfway to blue: 140, 174.5 → 175, 209.5 → 210. */
  assert_pixel (pixels, 0, jun10, 213, 136, 145, 255);
  assert_pixel (pixels, 1, jun10, 140, 175, 210, 255);
  assert_pixel (pixels, 0, aug1, 178, 24, 43, 255);
  assert_pixel (pixels, 1, aug1, 33, 102, 172, 255);
  assert_pixel (pixels, 0, 1, 247, 247, 247, 255);
  assert_pixel (pixels, 0, sep1, 128, 128, 128, 255);
  assert_pixel (pixels, 1, sep1, 247, 247, 247, 255);
  /* Feb 29 of common years and Dec 31, 2002 (after the series): none. */
  assert_pixel (pixels, 0, 60, 0, 0, 0, 0);
  assert_pixel (pixels, 1, 60, 0, 0, 0, 0);
  assert_pixel (pixels, 1, 366, 0, 0, 0, 0);
  assert_pixel (pixels, 1, 365, 247, 247, 247, 255);

  isobar_heatmap_colour (NAN, colour);
  g_assert_cmpuint (colour[0], ==, 128);
  isobar_heatmap_colour (-1000, colour);
  g_assert_cmpuint (colour[2], ==, 172);

  /* Without resamples: no interval. */
  g_assert_false (isobar_climate_report_get_interval (report, NULL, NULL));
}

/* Digests: any order, any interleaving, any process boundary. */

typedef struct
{
  IsobarClimateSeries *series;
  GPtrArray           *jobs;
  GPtrArray           *outputs;
  GAsyncQueue         *queue;   /* job indices + 1 */
} Workers;

static gpointer
worker_thread (gpointer data)
{
  Workers *workers = data;
  g_autoptr(IsobarJobContext) ctx = isobar_job_context_new_simple (NULL);
  g_autoptr(GBytes) series_bytes = isobar_climate_series_serialize (workers->series);
  gpointer item;

  /* Go through the wire forms, as a helper process would. */
  while ((item = g_async_queue_try_pop (workers->queue)) != NULL)
    {
      guint index = GPOINTER_TO_UINT (item) - 1;
      g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (workers->jobs->pdata[index]);
      g_autoptr(GError) error = NULL;
      GBytes *output = isobar_kernel_run_serialized (job_bytes, series_bytes, ctx, &error);

      g_assert_no_error (error);
      workers->outputs->pdata[index] = output;
    }
  return NULL;
}

static char *
digest_with_threads (IsobarClimateSeries *series,
                     GPtrArray           *jobs,
                     guint                n_threads)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  g_autoptr(IsobarClimateReport) report = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Workers workers = { series, jobs, outputs, queue };

  g_ptr_array_set_size (outputs, jobs->len);
  /* Odd ones first, then the even ones backwards: another interleaving. */
  for (guint i = 1; i < jobs->len; i += 2)
    g_async_queue_push (queue, GUINT_TO_POINTER (i + 1));
  for (guint i = (jobs->len - 1) & ~1u; i < jobs->len; i -= 2)
    g_async_queue_push (queue, GUINT_TO_POINTER (i + 1));

  for (guint t = 0; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("test-worker", worker_thread, &workers));
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads->pdata[t]);

  report = report_from_outputs (series, jobs, outputs);
  return isobar_climate_report_digest (report);
}

static void
test_digest_stable (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (1971, 30, 5);
  g_autoptr(GPtrArray) jobs = isobar_climate_plan_jobs (series, 2000, 42);
  g_autoptr(GPtrArray) in_order = run_jobs_in_order (series, jobs, NULL);
  g_autofree guint *reverse = g_new (guint, jobs->len);
  g_autoptr(GPtrArray) reversed = NULL;
  g_autoptr(IsobarClimateReport) a = NULL;
  g_autoptr(IsobarClimateReport) b = NULL;
  g_autoptr(GPtrArray) jobs_shuffled = g_ptr_array_new ();
  g_autoptr(GPtrArray) outputs_shuffled = g_ptr_array_new ();
  g_autoptr(IsobarClimateReport) c = NULL;
  g_autofree char *digest_a = NULL;
  g_autofree char *digest_b = NULL;
  g_autofree char *digest_c = NULL;
  g_autofree char *digest_t1 = NULL;
  g_autofree char *digest_t3 = NULL;
  guint n_boot = 0, n_heat = 0;

  /* 4 bootstrap chunks (2000 / 512 rounded up), 4 heat-map chunks of
   * 30 years in 8s, and the four single kernels. */
  for (guint i = 0; i < jobs->len; i++)
    {
      const IsobarKernelJob *job = jobs->pdata[i];

      n_boot += job->kernel == ISOBAR_KERNEL_BOOTSTRAP;
      n_heat += job->kernel == ISOBAR_KERNEL_HEATMAP;
    }
  g_assert_cmpuint (n_boot, ==, 4);
  g_assert_cmpuint (n_heat, ==, 4);
  g_assert_cmpuint (jobs->len, ==, 12);

  for (guint i = 0; i < jobs->len; i++)
    reverse[i] = jobs->len - 1 - i;
  reversed = run_jobs_in_order (series, jobs, reverse);
  a = report_from_outputs (series, jobs, in_order);
  b = report_from_outputs (series, jobs, reversed);

  /* The merge takes the pairs in any order too. */
  for (guint i = 0; i < jobs->len; i++)
    {
      guint j = (i * 5) % jobs->len; /* 5 and 12 are coprime: a permutation */

      g_ptr_array_add (jobs_shuffled, jobs->pdata[j]);
      g_ptr_array_add (outputs_shuffled, reversed->pdata[j]);
    }
  c = report_from_outputs (series, jobs_shuffled, outputs_shuffled);

  digest_a = isobar_climate_report_digest (a);
  digest_b = isobar_climate_report_digest (b);
  digest_c = isobar_climate_report_digest (c);
  digest_t1 = digest_with_threads (series, jobs, 1);
  digest_t3 = digest_with_threads (series, jobs, 3);
  g_test_message ("digest %s", digest_a);
  g_assert_cmpuint (strlen (digest_a), ==, 64);
  g_assert_cmpstr (digest_a, ==, digest_b);
  g_assert_cmpstr (digest_a, ==, digest_c);
  g_assert_cmpstr (digest_a, ==, digest_t1);
  g_assert_cmpstr (digest_a, ==, digest_t3);

  /* The planner is a function of the data and the resamples only. */
  {
    g_autoptr(GPtrArray) again = isobar_climate_plan_jobs (series, 2000, 42);

    g_assert_cmpuint (again->len, ==, jobs->len);
    for (guint i = 0; i < jobs->len; i++)
      g_assert_cmpmem (again->pdata[i], sizeof (IsobarKernelJob), jobs->pdata[i], sizeof (IsobarKernelJob));
  }
}

static void
test_seeds (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (1981, 25, 9);
  g_autoptr(IsobarClimateReport) a = isobar_climate_report_compute (series, 600, 1, NULL, NULL);
  g_autoptr(IsobarClimateReport) b = isobar_climate_report_compute (series, 600, 1, NULL, NULL);
  g_autoptr(IsobarClimateReport) c = isobar_climate_report_compute (series, 600, 2, NULL, NULL);
  g_autofree char *digest_a = isobar_climate_report_digest (a);
  g_autofree char *digest_b = isobar_climate_report_digest (b);
  g_autofree char *digest_c = isobar_climate_report_digest (c);
  g_autofree char *heat_a = isobar_climate_report_heatmap_digest (a);
  g_autofree char *heat_c = isobar_climate_report_heatmap_digest (c);
  const double *slopes_a, *slopes_b, *slopes_c;
  guint n_a, n_b, n_c, n_same = 0;
  double low_a, high_a, low_b, high_b, low_c, high_c;

  slopes_a = isobar_climate_report_get_bootstrap_slopes (a, &n_a);
  slopes_b = isobar_climate_report_get_bootstrap_slopes (b, &n_b);
  slopes_c = isobar_climate_report_get_bootstrap_slopes (c, &n_c);
  g_assert_cmpuint (n_a, ==, 600);
  g_assert_cmpmem (slopes_a, n_a * sizeof (double), slopes_b, n_b * sizeof (double));
  isobar_climate_report_get_interval (a, &low_a, &high_a);
  isobar_climate_report_get_interval (b, &low_b, &high_b);
  isobar_climate_report_get_interval (c, &low_c, &high_c);
  g_assert_cmpfloat (low_a, ==, low_b);
  g_assert_cmpfloat (high_a, ==, high_b);
  g_assert_cmpstr (digest_a, ==, digest_b);

  /* Another seed: other samples, other digest; the deterministic parts
   * (trend, heat map) stay. */
  g_assert_cmpuint (n_c, ==, n_a);
  for (guint i = 0; i < n_a; i++)
    n_same += slopes_a[i] == slopes_c[i];
  g_assert_cmpuint (n_same, <, n_a / 10);
  /* The two chunks of one run draw from different streams. */
  n_same = 0;
  for (guint i = 0; i < n_a / 2; i++)
    n_same += slopes_a[i] == slopes_a[i + n_a / 2];
  g_assert_cmpuint (n_same, <, n_a / 20);
  g_assert_true (low_a != low_c || high_a != high_c);
  g_assert_cmpstr (digest_a, !=, digest_c);
  g_assert_cmpstr (heat_a, ==, heat_c);
  g_assert_cmpfloat (isobar_climate_report_get_trend (a)->slope_per_decade, ==,
                     isobar_climate_report_get_trend (c)->slope_per_decade);
}

/* Serialisation. */

static void
test_series_roundtrip (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (1999, 3, 3);
  g_autoptr(IsobarClimateSeries) copy = NULL;
  g_autoptr(GBytes) bytes = isobar_climate_series_serialize (series);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  guint n = isobar_climate_series_get_n_days (series);
  double tmax[3] = { 1, NAN, 3 }, tmin[3] = { -1, 0, NAN }, tmean[3] = { NAN, NAN, NAN };
  g_autoptr(IsobarClimateSeries) small = NULL;
  g_autoptr(IsobarClimateSeries) small_copy = NULL;
  g_autoptr(GBytes) small_bytes = NULL;

  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 16 + 24 * n);
  copy = isobar_climate_series_deserialize (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isobar_climate_series_get_first_julian (copy), ==, julian (1999, 1, 1));
  g_assert_cmpuint (isobar_climate_series_get_n_days (copy), ==, n);
  g_assert_cmpmem (isobar_climate_series_get_tmax (copy), n * 8, isobar_climate_series_get_tmax (series), n * 8);
  g_assert_cmpmem (isobar_climate_series_get_tmin (copy), n * 8, isobar_climate_series_get_tmin (series), n * 8);
  g_assert_cmpmem (isobar_climate_series_get_tmean (copy), n * 8, isobar_climate_series_get_tmean (series), n * 8);
  again = isobar_climate_series_serialize (copy);
  g_assert_true (g_bytes_equal (bytes, again));

  /* Missing values, and tmean from max and min. */
  small = isobar_climate_series_new (julian (2000, 2, 28), 3, tmax, tmin, tmean, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (isobar_climate_series_get_tmean (small)[0], ==, 0.0);
  g_assert_true (isnan (isobar_climate_series_get_tmean (small)[1]));
  g_assert_true (isnan (isobar_climate_series_get_tmean (small)[2]));
  small_bytes = isobar_climate_series_serialize (small);
  small_copy = isobar_climate_series_deserialize (small_bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (isobar_climate_series_get_tmax (small_copy), 24, tmax, 24);
}

static GBytes *
patched (GBytes *bytes,
         gsize   offset,
         guint32 value)
{
  gsize size;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &size);
  guint32 le = GUINT32_TO_LE (value);

  g_assert_cmpuint (offset + 4, <=, size);
  memcpy (data + offset, &le, 4);
  return g_bytes_new_take (data, size);
}

static void
assert_series_rejected (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarClimateSeries) series = isobar_climate_series_deserialize (bytes, &error);

  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_assert_null (series);
}

static void
assert_job_rejected (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_deserialize (bytes, &error);

  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_assert_null (job);
}

static void
test_series_rejects (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (2000, 1, 4);
  g_autoptr(GBytes) bytes = isobar_climate_series_serialize (series);
  gsize size = g_bytes_get_size (bytes);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  double inf = INFINITY, huge = 1e300;

  /* Every truncation. */
  for (gsize cut = 0; cut < size; cut += (cut < 64 ? 1 : 37))
    {
      g_autoptr(GBytes) truncated = g_bytes_new (data, cut);

      assert_series_rejected (truncated);
    }
  /* A byte too many. */
  {
    g_autofree guint8 *longer = g_malloc0 (size + 1);
    g_autoptr(GBytes) extra = NULL;

    memcpy (longer, data, size);
    extra = g_bytes_new (longer, size + 1);
    assert_series_rejected (extra);
  }
  /* Bad magic, version, dates, counts (huge counts must not allocate). */
  {
    g_autoptr(GBytes) b1 = patched (bytes, 0, 0x12345678);
    g_autoptr(GBytes) b2 = patched (bytes, 4, 2);
    g_autoptr(GBytes) b3 = patched (bytes, 8, 0);
    g_autoptr(GBytes) b4 = patched (bytes, 8, G_MAXUINT32);
    g_autoptr(GBytes) b5 = patched (bytes, 12, G_MAXUINT32);
    g_autoptr(GBytes) b6 = patched (bytes, 12, ISOBAR_CLIMATE_SERIES_MAX_DAYS + 1);
    g_autoptr(GBytes) b7 = patched (bytes, 12, 0);
    g_autoptr(GBytes) b8 = patched (bytes, 12, 365);  /* 366 days of data */

    assert_series_rejected (b1);
    assert_series_rejected (b2);
    assert_series_rejected (b3);
    assert_series_rejected (b4);
    assert_series_rejected (b5);
    assert_series_rejected (b6);
    assert_series_rejected (b7);
    assert_series_rejected (b8);
  }
  /* Impossible values. */
  {
    guint8 *copy1 = g_memdup2 (data, size);
    guint8 *copy2 = g_memdup2 (data, size);
    g_autoptr(GBytes) b9 = NULL;
    g_autoptr(GBytes) b10 = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(IsobarClimateSeries) bad = NULL;

    memcpy (copy1 + 16 + 8 * 10, &inf, 8);
    memcpy (copy2 + 16 + 8 * 20, &huge, 8);
    b9 = g_bytes_new_take (copy1, size);
    b10 = g_bytes_new_take (copy2, size);
    assert_series_rejected (b9);
    assert_series_rejected (b10);

    bad = isobar_climate_series_new (julian (2000, 1, 1), 1, &inf, NULL, NULL, &error);
    g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
    g_assert_null (bad);
  }
}

static void
test_job_roundtrip (void)
{
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (ISOBAR_KERNEL_BOOTSTRAP);
  g_autoptr(IsobarKernelJob) copy = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  guint32 first, end;
  IsobarKernel kernel;

  job->chunk_index = 3;
  job->chunk_count = 7;
  job->resamples = 1000;
  job->base_seed = G_GUINT64_CONSTANT (0xfedcba9876543210);
  bytes = isobar_kernel_job_serialize (job);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 40);
  copy = isobar_kernel_job_deserialize (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (copy, sizeof *copy, job, sizeof *job);

  /* [3·1000/7, 4·1000/7) = [428, 571). */
  isobar_kernel_job_get_resample_range (job, &first, &end);
  g_assert_cmpuint (first, ==, 428);
  g_assert_cmpuint (end, ==, 571);
  description = isobar_kernel_job_describe (job);
  g_assert_cmpstr (description, ==, "bootstrap 4/7");

  g_assert_true (isobar_kernel_from_string ("heatmap", &kernel));
  g_assert_cmpint (kernel, ==, ISOBAR_KERNEL_HEATMAP);
  g_assert_cmpstr (isobar_kernel_to_string (ISOBAR_KERNEL_NORMALS), ==, "normals");
  g_assert_false (isobar_kernel_from_string ("nope", NULL));
  g_assert_null (isobar_kernel_to_string (0));

  /* Fields that make no job. */
  {
    struct { gsize offset; guint32 value; } bad[] = {
      { 0, 0 }, { 4, 9 }, { 8, 0 }, { 8, 99 }, { 12, 7 }, { 16, 0 },
      { 20, 0 }, { 20, ISOBAR_MAX_RESAMPLES + 1 }, { 16, 1001 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GBytes) b = patched (bytes, bad[i].offset, bad[i].value);

        assert_job_rejected (b);
      }
    for (gsize cut = 0; cut < 40; cut++)
      {
        g_autoptr(GBytes) b = g_bytes_new (g_bytes_get_data (bytes, NULL), cut);

        assert_job_rejected (b);
      }
  }

  /* A heat map outside the series is refused by run(). */
  {
    g_autoptr(IsobarClimateSeries) series = noisy_series (2000, 2, 1);
    g_autoptr(IsobarKernelJob) heat = isobar_kernel_job_new (ISOBAR_KERNEL_HEATMAP);

    heat->year_start = 1999;
    heat->year_end = 2001;
    assert_run_fails (heat, series, NULL, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  }
}

/* The merge refuses what does not fit. */
static void
assert_merge_fails (IsobarClimateSeries *series,
                    GPtrArray           *jobs,
                    GPtrArray           *outputs,
                    gint                 code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarClimateReport) report =
    isobar_climate_report_new_from_outputs (series, jobs, outputs, &error);

  g_assert_error (error, ISOBAR_ERROR, code);
  g_assert_null (report);
}

static void
test_merge_rejects (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (1991, 10, 8);
  g_autoptr(GPtrArray) jobs = isobar_climate_plan_jobs (series, 300, 3);
  g_autoptr(GPtrArray) outputs = run_jobs_in_order (series, jobs, NULL);
  g_autoptr(GPtrArray) fewer_jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) fewer_outputs = g_ptr_array_new ();
  g_autoptr(GPtrArray) doubled_jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) doubled_outputs = g_ptr_array_new ();
  g_autoptr(GPtrArray) swapped = g_ptr_array_new ();

  for (guint i = 0; i < jobs->len; i++)
    {
      g_ptr_array_add (doubled_jobs, jobs->pdata[i]);
      g_ptr_array_add (doubled_outputs, outputs->pdata[i]);
      g_ptr_array_add (swapped, outputs->pdata[i]);
      if (i == 5)
        continue;
      g_ptr_array_add (fewer_jobs, jobs->pdata[i]);
      g_ptr_array_add (fewer_outputs, outputs->pdata[i]);
    }
  g_ptr_array_add (doubled_jobs, jobs->pdata[jobs->len - 1]);
  g_ptr_array_add (doubled_outputs, outputs->pdata[jobs->len - 1]);
  swapped->pdata[0] = outputs->pdata[1];
  swapped->pdata[1] = outputs->pdata[0];

  assert_merge_fails (series, fewer_jobs, fewer_outputs, ISOBAR_ERROR_INVALID_DATA);
  assert_merge_fails (series, doubled_jobs, doubled_outputs, ISOBAR_ERROR_INVALID_DATA);
  assert_merge_fails (series, jobs, swapped, ISOBAR_ERROR_INVALID_DATA);
  assert_merge_fails (series, jobs, fewer_outputs, ISOBAR_ERROR_INVALID_ARGUMENT);
}

/* Fuzzing: random byte flips must end in a result or an error, never a
 * crash, a hang or a leak (run this under valgrind once). */
static void
test_fuzz (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (2001, 9, 11);
  g_autoptr(GBytes) series_bytes = isobar_climate_series_serialize (series);
  g_autoptr(GPtrArray) jobs = isobar_climate_plan_jobs (series, 40, 5);
  g_autoptr(GPtrArray) outputs = run_jobs_in_order (series, jobs, NULL);
  guint iterations = g_test_slow () ? 20000 : 2000;
  guint n_rejected = 0, n_accepted = 0;
  IsobarRandom rng;

  isobar_random_init (&rng, 2718);
  for (guint it = 0; it < iterations; it++)
    {
      guint which = isobar_random_uniform (&rng, jobs->len + 2);
      GBytes *target = which == jobs->len ? series_bytes
                       : which == jobs->len + 1 ? NULL
                       : outputs->pdata[which];
      g_autoptr(GBytes) job_bytes = NULL;
      g_autoptr(GBytes) mutated = NULL;
      g_autoptr(GError) error = NULL;
      guint8 *data;
      gsize size;
      guint flips = 1 + isobar_random_uniform (&rng, 4);

      if (target == NULL)
        target = job_bytes = isobar_kernel_job_serialize (jobs->pdata[isobar_random_uniform (&rng, jobs->len)]);
      data = g_bytes_unref_to_data (g_bytes_ref (target), &size);
      for (guint f = 0; f < flips; f++)
        {
          /* Mostly the headers, where the counts are. */
          gsize at = isobar_random_uniform (&rng, 4) == 0 ? isobar_random_uniform (&rng, size)
                                                          : isobar_random_uniform (&rng, MIN (size, 48));
          data[at] ^= (guint8) (1u << isobar_random_uniform (&rng, 8));
        }
      if (isobar_random_uniform (&rng, 8) == 0)
        size = isobar_random_uniform (&rng, size + 1);
      mutated = g_bytes_new_take (data, size);

      if (which == jobs->len)
        {
          g_autoptr(IsobarClimateSeries) s = isobar_climate_series_deserialize (mutated, &error);

          g_assert_true ((s == NULL) == (error != NULL));
        }
      else if (which == jobs->len + 1)
        {
          g_autoptr(IsobarKernelJob) job = isobar_kernel_job_deserialize (mutated, &error);

          g_assert_true ((job == NULL) == (error != NULL));
          /* Run the valid ones that stay small (a flip can ask for a
           * million resamples). */
          if (job != NULL && isobar_kernel_job_estimate_cost (job, series) < 2000000)
            {
              g_autoptr(GBytes) out = isobar_kernel_run_serialized (mutated, series_bytes, NULL, &error);

              g_assert_true ((out == NULL) == (error != NULL));
              if (error != NULL)
                {
                  /* A valid job the series cannot take. */
                  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
                  g_clear_error (&error);
                }
            }
        }
      else
        {
          g_autoptr(GPtrArray) mixed = g_ptr_array_new ();  /* borrowed */
          g_autoptr(IsobarClimateReport) report = NULL;

          for (guint i = 0; i < outputs->len; i++)
            g_ptr_array_add (mixed, i == which ? mutated : outputs->pdata[i]);
          report = isobar_climate_report_new_from_outputs (series, jobs, mixed, &error);
          g_assert_true ((report == NULL) == (error != NULL));
        }

      if (error != NULL)
        {
          g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
          n_rejected++;
        }
      else
        n_accepted++;
    }
  g_test_message ("fuzz: %u rejected, %u accepted (flips in values)", n_rejected, n_accepted);
  g_assert_cmpuint (n_rejected, >, iterations / 4);
}

/* Cancellation and the context. */

typedef struct
{
  GCancellable *cancellable;
  gint64        cancelled_at;
} CancelLater;

static gpointer
cancel_thread (gpointer data)
{
  CancelLater *later = data;

  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  later->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (later->cancellable);
  return NULL;
}

static void
test_cancel (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (1945, 80, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IsobarJobContext) ctx = isobar_job_context_new_simple (cancellable);
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (ISOBAR_KERNEL_BOOTSTRAP);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) output = NULL;
  CancelLater later = { cancellable, 0 };
  GThread *thread;
  gint64 returned_at;

  /* One chunk that would take many seconds. */
  job->resamples = 200000;
  thread = g_thread_new ("test-cancel", cancel_thread, &later);
  output = isobar_kernel_run (job, series, ctx, &error);
  returned_at = g_get_monotonic_time ();
  g_thread_join (thread);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (output);
  g_assert_cmpuint (isobar_job_context_get_n_checkpoints (ctx), >, 1);
  g_assert_cmpfloat (isobar_job_context_get_fraction (ctx), <, 0.5);
  g_test_message ("cancel returned after %.2f ms (checkpoints: %" G_GUINT64_FORMAT ")",
                  (returned_at - later.cancelled_at) / 1000.0,
                  isobar_job_context_get_n_checkpoints (ctx));
  /* Generous: a checkpoint comes every few hundred microseconds. */
  g_assert_cmpint (returned_at - later.cancelled_at, <, 500 * G_TIME_SPAN_MILLISECOND);

  /* Already cancelled: nothing runs. */
  assert_run_fails (job, series, ctx, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  guint  calls;
  guint  stop_after;
  double last;
  gboolean with_error;
  gboolean decreased;
} Recorder;

static gboolean
recorder_checkpoint (gpointer   user_data,
                     double     fraction_done,
                     GError   **error)
{
  Recorder *recorder = user_data;

  if (fraction_done < recorder->last)
    recorder->decreased = TRUE;
  recorder->last = fraction_done;
  if (++recorder->calls < recorder->stop_after)
    return TRUE;
  if (recorder->with_error)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "too slow");
  return FALSE;
}

static void
test_context_funcs (void)
{
  static const IsobarJobContextFuncs funcs = { recorder_checkpoint };
  g_autoptr(IsobarClimateSeries) series = noisy_series (1990, 20, 1);
  g_autoptr(IsobarKernelJob) job = isobar_kernel_job_new (ISOBAR_KERNEL_BOOTSTRAP);
  Recorder recorder = { 0, G_MAXUINT, 0, FALSE, FALSE };
  Recorder stopper = { 0, 3, 0, FALSE, FALSE };
  Recorder failing = { 0, 2, 0, TRUE, FALSE };
  g_autoptr(GError) error = NULL;

  job->resamples = 1000;
  {
    g_autoptr(IsobarJobContext) ctx = isobar_job_context_new (&funcs, &recorder, NULL);
    g_autoptr(GBytes) output = isobar_kernel_run (job, series, ctx, &error);

    g_assert_no_error (error);
    g_assert_nonnull (output);
    g_assert_cmpuint (recorder.calls, >, 10);
    g_assert_false (recorder.decreased);
    g_assert_cmpfloat (recorder.last, >, 0.9);
  }
  {
    g_autoptr(IsobarJobContext) ctx = isobar_job_context_new (&funcs, &stopper, NULL);

    assert_run_fails (job, series, ctx, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (stopper.calls, ==, 3);
  }
  {
    g_autoptr(IsobarJobContext) ctx = isobar_job_context_new (&funcs, &failing, NULL);

    assert_run_fails (job, series, ctx, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  }
}

/* From a parsed daily block. */

static void
test_from_block (void)
{
  const int offset = 34200; /* Australia/Adelaide, +09:30 */
  /* Local midnights of 1969-12-30, 12-31, 1970-01-02 (01-01 absent). */
  const gint64 times[] = { -2 * 86400 - offset, -86400 - offset, 86400 - offset };
  const double tmax[] = { 30, 31, 32 };
  const double tmin[] = { 10, NAN, 12 };
  const double fahrenheit[] = { 212, 32, 50 };
  g_autoptr(IsobarBlock) block = isobar_block_new (times, 3);
  g_autoptr(IsobarClimateSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  const double *tmean;

  isobar_block_add_variable (block, "temperature_2m_max", "°C", tmax);
  isobar_block_add_variable (block, "temperature_2m_min", "°C", tmin);
  series = isobar_climate_series_new_from_block (block, offset, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isobar_climate_series_get_first_julian (series), ==, julian (1969, 12, 30));
  g_assert_cmpuint (isobar_climate_series_get_n_days (series), ==, 4);
  tmean = isobar_climate_series_get_tmean (series);
  g_assert_cmpfloat (tmean[0], ==, 20);
  g_assert_true (isnan (tmean[1]));         /* no tmin */
  g_assert_true (isnan (tmean[2]));         /* the absent day */
  g_assert_true (isnan (isobar_climate_series_get_tmax (series)[2]));
  g_assert_cmpfloat (tmean[3], ==, 22);
  g_clear_pointer (&series, isobar_climate_series_unref);

  /* An hour of daylight saving does not move a day; °F is converted. */
  {
    const gint64 dst_times[] = { 1700000000 - 1700000000 % 86400 + 3600, 1700000000 - 1700000000 % 86400 + 86400 };
    g_autoptr(IsobarBlock) dst = isobar_block_new (dst_times, 2);

    isobar_block_add_variable (dst, "temperature_2m_mean", "°F", fahrenheit + 1);
    series = isobar_climate_series_new_from_block (dst, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (isobar_climate_series_get_n_days (series), ==, 2);
    g_assert_cmpfloat (isobar_climate_series_get_tmean (series)[0], ==, 0);
    g_assert_cmpfloat (isobar_climate_series_get_tmean (series)[1], ==, 10);
    g_clear_pointer (&series, isobar_climate_series_unref);
  }

  /* Refused: days out of order, no temperatures, an unknown unit, empty. */
  {
    const gint64 backwards[] = { 86400, 0 };
    g_autoptr(IsobarBlock) b1 = isobar_block_new (backwards, 2);
    g_autoptr(IsobarBlock) b2 = isobar_block_new (times, 3);
    g_autoptr(IsobarBlock) b3 = isobar_block_new (times, 3);
    g_autoptr(IsobarBlock) b4 = isobar_block_new (NULL, 0);
    IsobarBlock *blocks[] = { b1, b2, b3, b4 };

    isobar_block_add_variable (b1, "temperature_2m_mean", "°C", tmax);
    isobar_block_add_variable (b2, "precipitation_sum", "mm", tmax);
    isobar_block_add_variable (b3, "temperature_2m_mean", "K", tmax);
    isobar_block_add_variable (b4, "temperature_2m_mean", "°C", NULL);
    for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
      {
        g_autoptr(GError) e = NULL;
        g_autoptr(IsobarClimateSeries) s = isobar_climate_series_new_from_block (blocks[i], 0, &e);

        g_assert_error (e, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
        g_assert_null (s);
      }
  }
}

/* The JSON form. */

static void
test_json (void)
{
  g_autoptr(IsobarClimateSeries) series =
    series_fill (julian (2019, 7, 1), julian (2021, 12, 31), fill_yearly, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarClimateReport) report = isobar_climate_report_compute (series, 100, 1, NULL, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *text = NULL;
  JsonObject *root, *trend, *interval, *records, *heatmap, *row;
  JsonArray *yearly;

  g_assert_no_error (error);
  node = isobar_climate_report_to_json (report);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (text);
  root = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (root, "first_year"), ==, 2019);
  g_assert_cmpint (json_object_get_int_member (root, "last_year"), ==, 2021);
  trend = json_object_get_object_member (root, "trend");
  g_assert_cmpint (json_object_get_int_member (trend, "years"), ==, 2);
  interval = json_object_get_object_member (trend, "interval");
  /* Two complete years: no bootstrap, so the bounds are null. */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (interval, "low")));
  g_assert_cmpint (json_object_get_int_member (interval, "resamples"), ==, 0);
  records = json_object_get_object_member (root, "records");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (records, "high"), "date"),
                   ==, "2020-08-08");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (records, "months")), ==, 12);
  yearly = json_object_get_array_member (root, "yearly");
  g_assert_cmpuint (json_array_get_length (yearly), ==, 3);
  row = json_array_get_object_element (yearly, 0);
  g_assert_false (json_object_get_boolean_member (row, "complete"));
  g_assert_cmpint (json_object_get_int_member (row, "missing"), ==, 181);
  heatmap = json_object_get_object_member (root, "heatmap");
  g_assert_cmpint (json_object_get_int_member (heatmap, "height"), ==, 3);
  g_assert_cmpuint (strlen (json_object_get_string_member (heatmap, "sha256")), ==, 64);
  digest = isobar_climate_report_digest (report);
  g_assert_cmpstr (json_object_get_string_member (root, "digest"), ==, digest);
}

/* Not a test: how long one location takes on this machine. Run with
 * `test-kernels -m perf -p /kernels/benchmark`. */
static void
test_benchmark (void)
{
  g_autoptr(IsobarClimateSeries) series = noisy_series (1945, 80, 1);
  double best = G_MAXDOUBLE;

  if (!g_test_perf ())
    {
      g_test_skip ("benchmark only: run with -m perf");
      return;
    }
  for (guint rep = 0; rep < 3; rep++)
    {
      g_autoptr(IsobarClimateReport) report = NULL;
      double elapsed;

      clock_t cpu = clock ();

      g_test_timer_start ();
      report = isobar_climate_report_compute (series, ISOBAR_DEFAULT_RESAMPLES, 1, NULL, NULL);
      elapsed = g_test_timer_elapsed ();
      best = MIN (best, elapsed);
      g_test_message ("80 years, %u resamples: %.3f s wall, %.3f s CPU", ISOBAR_DEFAULT_RESAMPLES,
                      elapsed, (double) (clock () - cpu) / CLOCKS_PER_SEC);
    }
  g_test_minimized_result (best, "one location: %.3f s", best);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kernels/random/reference", test_random_reference);
  g_test_add_func ("/kernels/random/streams", test_random_streams);
  g_test_add_func ("/kernels/percentiles", test_percentiles);
  g_test_add_func ("/kernels/calendar-leap", test_calendar_leap);
  g_test_add_func ("/kernels/normals", test_normals);
  g_test_add_func ("/kernels/records", test_records);
  g_test_add_func ("/kernels/yearly", test_yearly);
  g_test_add_func ("/kernels/trend/exact", test_trend_exact);
  g_test_add_func ("/kernels/trend/noisy", test_trend_noisy);
  g_test_add_func ("/kernels/bootstrap/reference", test_bootstrap_reference);
  g_test_add_func ("/kernels/heatmap", test_heatmap);
  g_test_add_func ("/kernels/digest-stable", test_digest_stable);
  g_test_add_func ("/kernels/seeds", test_seeds);
  g_test_add_func ("/kernels/series/roundtrip", test_series_roundtrip);
  g_test_add_func ("/kernels/series/rejects", test_series_rejects);
  g_test_add_func ("/kernels/job/roundtrip", test_job_roundtrip);
  g_test_add_func ("/kernels/merge-rejects", test_merge_rejects);
  g_test_add_func ("/kernels/fuzz", test_fuzz);
  g_test_add_func ("/kernels/cancel", test_cancel);
  g_test_add_func ("/kernels/context-funcs", test_context_funcs);
  g_test_add_func ("/kernels/from-block", test_from_block);
  g_test_add_func ("/kernels/json", test_json);
  g_test_add_func ("/kernels/benchmark", test_benchmark);

  return g_test_run ();
}
