/* test-reference.c: the CPython reference program and IsobarReference, run
 * for real at a tiny depth, checked against the C kernel's report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>

#include <glib/gstdio.h>

#include "isobar-climate-report.h"
#include "isobar-climate-series.h"
#include "isobar-error.h"
#include "isobar-random.h"
#include "isobar-reference.h"
#include "isobar-run-record.h"

#include "test-util.h"

#define DEPTH   200u
#define SEED    G_GUINT64_CONSTANT (20240601)
#define WAIT_S  90

/* --- Series --------------------------------------------------------------- */

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

/* A seasonal cycle, a trend of 0.2 °C per decade and AR(1) noise, from
 * @first to @last; every day for which @missing says so is NAN. */
static IsobarClimateSeries *
noisy_series (guint32   first,
              guint32   last,
              guint64   seed,
              gboolean (*missing) (guint32 day_index, int year))
{
  guint n = last - first + 1;
  g_autofree double *tmean = g_new (double, n);
  g_autoptr(GError) error = NULL;
  IsobarClimateSeries *series;
  IsobarRandom rng;
  double ar = 0;
  GDate date;

  isobar_random_init (&rng, seed);
  g_date_clear (&date, 1);
  for (guint i = 0; i < n; i++)
    {
      double years = i / 365.2425;

      g_date_set_julian (&date, first + i);
      ar = 0.7 * ar + 6.0 * (isobar_random_double (&rng) - 0.5);
      tmean[i] = 10.0 + 8.0 * sin (2 * G_PI * (years - 0.3)) + 0.02 * years + ar;
      if (missing != NULL && missing (i, g_date_get_year (&date)))
        tmean[i] = NAN;
    }
  series = isobar_climate_series_new (first, n, NULL, NULL, tmean, &error);
  g_assert_no_error (error);
  return series;
}

/* A few scattered gaps: every year stays complete. */
static gboolean
missing_scattered (guint32 i,
                   int     year)
{
  return i % 97 == 13;
}

/* 1999 loses a month: an incomplete year inside the fit's range. */
static gboolean
missing_1999_march (guint32 i,
                    int     year)
{
  return year == 1999 && (i % 365) >= 59 && (i % 365) < 90;
}

/* Two places: 12 whole years with gaps, and one that starts in March (a
 * partial first year) with an incomplete year in the middle. */
static void
make_places (GPtrArray **series,
             GPtrArray **names)
{
  *series = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_climate_series_unref);
  *names = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (*series, noisy_series (julian (1991, 1, 1), julian (2002, 12, 31), 11, missing_scattered));
  g_ptr_array_add (*names, g_strdup ("Gapford"));
  g_ptr_array_add (*series, noisy_series (julian (1995, 3, 15), julian (2004, 12, 31), 29, missing_1999_march));
  g_ptr_array_add (*names, g_strdup ("Łódź “Partial”"));
}

/* --- Running -------------------------------------------------------------- */

/* Skips the test when no interpreter is there at all. */
static gboolean
have_python (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *override = g_getenv ("ISOBAR_PYTHON");

  if (python == NULL && (override == NULL || *override == '\0'))
    {
      g_test_skip ("No python3 on PATH and no ISOBAR_PYTHON: real Python cannot run here");
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GHashTable *last_done;     /* preset → last "done" */
  GHashTable *last_total;    /* preset → last "total" */
  GPtrArray  *order;         /* presets in the order first seen */
  guint       events;
  /* Cancelling on the n-th progress event, when set. */
  GCancellable *cancel_on;
  guint         cancel_after;
  GArray       *pool_pids;   /* the processes under python3 at that moment */
} Progress;

static void
progress_init (Progress *progress)
{
  memset (progress, 0, sizeof *progress);
  progress->last_done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  progress->last_total = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  progress->order = g_ptr_array_new_with_free_func (g_free);
  progress->pool_pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
}

static void
progress_clear (Progress *progress)
{
  g_clear_pointer (&progress->last_done, g_hash_table_unref);
  g_clear_pointer (&progress->last_total, g_hash_table_unref);
  g_clear_pointer (&progress->order, g_ptr_array_unref);
  g_clear_pointer (&progress->pool_pids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Progress, progress_clear)

static void
progress_cb (IsobarReference *reference,
             const char      *preset,
             guint            done,
             guint            total,
             gpointer         user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, <=, total);
  if (!g_hash_table_contains (progress->last_done, preset))
    g_ptr_array_add (progress->order, g_strdup (preset));
  else
    g_assert_cmpuint (done, >=, GPOINTER_TO_UINT (g_hash_table_lookup (progress->last_done, preset)));
  g_hash_table_insert (progress->last_done, g_strdup (preset), GUINT_TO_POINTER (done));
  g_hash_table_insert (progress->last_total, g_strdup (preset), GUINT_TO_POINTER (total));
  progress->events++;

  if (progress->cancel_on != NULL && progress->events == progress->cancel_after)
    {
      g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (pid_t));

      /* Our child is python3; its children are the pool. */
      test_find_children (ours, NULL);
      g_assert_cmpuint (ours->len, ==, 1);
      test_find_children_of (g_array_index (ours, pid_t, 0), progress->pool_pids, NULL);
      g_cancellable_cancel (progress->cancel_on);
    }
}

static GPtrArray *
run_reference (IsobarReference               *reference,
               GPtrArray                     *series,
               GPtrArray                     *names,
               const IsobarReferenceSettings *settings,
               GCancellable                  *cancellable,
               GError                       **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_reference_run_async (reference, series, names, settings, cancellable,
                              test_async_store_cb, &pending);
  result = test_async_wait (&pending, WAIT_S);
  return isobar_reference_run_finish (reference, result, error);
}

static void
assert_no_children (void)
{
  guint zombies = 0;

  g_assert_cmpuint (test_count_children (&zombies), ==, 0);
  g_assert_cmpuint (zombies, ==, 0);
}

/* --- Tests ------------------------------------------------------------------- */

/* The interval end's Monte-Carlo tolerance: the standard error of a 2.5 %
 * (or 97.5 %) quantile of @n resamples is √(p(1−p)/n) / f(q), with the
 * density f at the quantile taken from a normal of the bootstrap's own
 * spread (f = φ(1.96) / sd). Two independent estimates differ by √2 of
 * that; 4 of those standard errors is a miss by chance once in ~16 000. */
static double
interval_tolerance (const double *slopes,
                    guint         n)
{
  const double p = 0.025, phi = 0.0584409443334515; /* φ(1.959964) */
  double mean = 0, var = 0;

  for (guint i = 0; i < n; i++)
    mean += slopes[i];
  mean /= n;
  for (guint i = 0; i < n; i++)
    var += (slopes[i] - mean) * (slopes[i] - mean);
  var /= n - 1;

  return 4.0 * G_SQRT2 * sqrt (p * (1 - p) / n) * sqrt (var) / phi;
}

/* What the runs below share: the places, their names, a reference and
 * its progress. */
typedef struct
{
  GPtrArray       *series;
  GPtrArray       *names;
  IsobarReference *reference;
  Progress         progress;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  make_places (&f->series, &f->names);
  f->reference = isobar_reference_new ();
  progress_init (&f->progress);
  g_signal_connect (f->reference, "progress", G_CALLBACK (progress_cb), &f->progress);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->reference);
  g_clear_pointer (&f->series, g_ptr_array_unref);
  g_clear_pointer (&f->names, g_ptr_array_unref);
  progress_clear (&f->progress);
}

/* @preset's trends from @reference: the C kernel's point estimate, and an
 * interval within the bootstrap's own noise of the C report's at the same
 * depth and seed. Widens *worst_point and *worst_end to the differences. */
static void
assert_trends_agree (IsobarReference *reference,
                     const char      *preset,
                     GPtrArray       *series,
                     GPtrArray       *names,
                     double          *worst_point,
                     double          *worst_end)
{
  g_autoptr(GPtrArray) trends = isobar_reference_get_trends (reference, preset);
  guint resamples = isobar_reference_get_resamples (reference, NULL);

  g_assert_nonnull (trends);
  g_assert_cmpuint (trends->len, ==, series->len);
  for (guint p = 0; p < series->len; p++)
    {
      const IsobarReferenceTrend *trend = g_ptr_array_index (trends, p);
      g_autoptr(GError) error = NULL;
      g_autoptr(IsobarClimateReport) report =
        isobar_climate_report_compute (g_ptr_array_index (series, p), resamples, SEED, NULL, &error);
      const IsobarTrend *c_trend;
      const double *slopes;
      double low, high, tolerance;
      guint n_slopes = 0;

      g_assert_no_error (error);
      c_trend = isobar_climate_report_get_trend (report);
      g_assert_true (isobar_climate_report_get_interval (report, &low, &high));
      slopes = isobar_climate_report_get_bootstrap_slopes (report, &n_slopes);
      g_assert_cmpuint (n_slopes, ==, resamples);
      tolerance = interval_tolerance (slopes, n_slopes);

      g_assert_cmpstr (trend->name, ==, g_ptr_array_index (names, p));
      g_assert_cmpfloat_with_epsilon (trend->trend, c_trend->slope_per_decade, 1e-6);
      g_assert_cmpfloat_with_epsilon (trend->ci_low, low, tolerance);
      g_assert_cmpfloat_with_epsilon (trend->ci_high, high, tolerance);
      g_assert_cmpfloat (trend->ci_low, <, trend->trend);
      g_assert_cmpfloat (trend->ci_high, >, trend->trend);

      *worst_point = MAX (*worst_point, fabs (trend->trend - c_trend->slope_per_decade));
      *worst_end = MAX (*worst_end, MAX (fabs (trend->ci_low - low), fabs (trend->ci_high - high)));
      g_test_message ("%s %s: trend %.6f [%.6f, %.6f]; C %.6f [%.6f, %.6f]; tolerance %.4f",
                      preset, trend->name, trend->trend, trend->ci_low, trend->ci_high,
                      c_trend->slope_per_decade, low, high, tolerance);
    }
}

static void
test_run (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *const strategies[] = { "serial", "threads", "processes", NULL };
  const char *const presets[] = { "cpython-serial", "cpython-threads", "cpython-processes" };
  const char *const compute[] = { "serial", "threading", "process-pool-executor" };
  IsobarReferenceSettings settings = { strategies, 2, 5.0, DEPTH, 0, SEED };
  gboolean calibrated = TRUE;
  double worst_point = 0, worst_end = 0;

  if (!have_python ())
    return;

  g_assert_true (isobar_reference_check (f->reference, &error));
  g_assert_no_error (error);

  records = run_reference (f->reference, f->series, f->names, &settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, ==, 3);
  assert_no_children ();

  g_assert_cmpuint (isobar_reference_get_resamples (f->reference, &calibrated), ==, DEPTH);
  g_assert_false (calibrated);

  /* Progress: each strategy in order, ending with its every chunk done
   * (one chunk of 200 resamples per place). */
  g_assert_cmpuint (f->progress.order->len, ==, 3);
  for (guint s = 0; s < 3; s++)
    {
      g_assert_cmpstr (g_ptr_array_index (f->progress.order, s), ==, presets[s]);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->progress.last_total, presets[s])), ==, 2);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->progress.last_done, presets[s])), ==, 2);
    }

  for (guint s = 0; s < 3; s++)
    {
      IsobarRunRecord *record = g_ptr_array_index (records, s);
      const IsobarRunSettings *run_settings = isobar_run_record_get_settings (record);
      const IsobarRunFigures *figures = isobar_run_record_get_figures (record);
      const IsobarLatencyStats *lateness = &figures->lateness;
      const IsobarTracePoint *trace;
      guint n_points = 0;

      g_assert_cmpstr (isobar_run_record_get_fetch_strategy (record), ==, "none");
      g_assert_cmpstr (isobar_run_record_get_compute_strategy (record), ==, compute[s]);
      g_assert_cmpuint (run_settings->resamples, ==, DEPTH);
      g_assert_cmpuint (run_settings->workers, ==, s == 0 ? 1 : 2);
      g_assert_cmpuint (run_settings->locations, ==, 2);
      g_assert_cmpuint (run_settings->years, ==, 12);

      g_assert_cmpfloat (figures->wall_ms, >, 0);
      g_assert_cmpfloat (figures->compute_ms, ==, figures->wall_ms);
      g_assert_cmpfloat (figures->cpu_ms_app, >, 0);
      g_assert_cmpuint (figures->peak_rss_kb, >, 0);
      if (s == 2)
        {
          /* The pool's work is the children's; every job's input was
           * pickled into the pipe, every result back. */
          g_assert_cmpfloat (figures->cpu_ms_helpers, >, 0);
          g_assert_cmpuint (figures->pipe_bytes, >, 2 * 8 * 3000);
        }
      else
        {
          g_assert_cmpfloat (figures->cpu_ms_helpers, ==, 0);
          g_assert_cmpuint (figures->pipe_bytes, ==, 0);
        }

      /* The watchdog's figures, consistent with one another. */
      g_assert_cmpuint (lateness->n_samples, >, 0);
      g_assert_cmpfloat (lateness->p50, >=, 0);
      g_assert_cmpfloat (lateness->p50, <=, lateness->p95);
      g_assert_cmpfloat (lateness->p95, <=, lateness->p99);
      g_assert_cmpfloat (lateness->p99, <=, lateness->max);
      g_assert_cmpfloat (lateness->blocked_ms, >=, lateness->long_tasks * 50.0);
      trace = isobar_run_record_get_trace (record, &n_points);
      g_assert_cmpuint (n_points, ==, lateness->n_samples);
      for (guint i = 0; i < n_points; i++)
        {
          g_assert_cmpfloat (trace[i].lateness_ms, >=, 0);
          g_assert_cmpfloat (trace[i].lateness_ms, <=, lateness->max);
          g_assert_cmpfloat (trace[i].t_ms, <=, figures->wall_ms);
          if (i > 0)
            g_assert_cmpfloat (trace[i].t_ms, >, trace[i - 1].t_ms);
        }
      g_test_message ("%s: wall %.1f ms, lateness p99 %.2f ms, max %.2f ms",
                      presets[s], figures->wall_ms, lateness->p99, lateness->max);
    }

  /* The trends: CPython's against the C kernel's report of the same
   * series, seed and depth. */
  for (guint s = 0; s < 3; s++)
    assert_trends_agree (f->reference, presets[s], f->series, f->names, &worst_point, &worst_end);
  /* The same generator and summation order: on x86-64 these are 0. */
  g_test_message ("largest difference from C: point %.3g, interval end %.3g", worst_point, worst_end);
}

/* With no depth given it times its kernel and picks one. */
static void
test_calibrate (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *const strategies[] = { "serial", NULL };
  IsobarReferenceSettings settings = { strategies, 1, 0, 0, 0.2, SEED };
  gboolean calibrated = FALSE;
  guint resamples;

  if (!have_python ())
    return;

  records = run_reference (f->reference, f->series, NULL, &settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);

  resamples = isobar_reference_get_resamples (f->reference, &calibrated);
  g_assert_true (calibrated);
  g_assert_cmpuint (resamples, >, 0);
  g_assert_cmpuint (isobar_run_record_get_settings (g_ptr_array_index (records, 0))->resamples, ==, resamples);
  g_assert_cmpstr (g_ptr_array_index (f->progress.order, 0), ==, "calibration");
  g_assert_cmpstr (g_ptr_array_index (f->progress.order, 1), ==, "cpython-serial");
  g_test_message ("calibrated for 0.2 s: %u resamples, serial wall %.0f ms", resamples,
                  isobar_run_record_get_figures (g_ptr_array_index (records, 0))->wall_ms);

  {
    /* Names default to "Place N". */
    g_autoptr(GPtrArray) trends = isobar_reference_get_trends (f->reference, "cpython-serial");

    g_assert_cmpstr (((IsobarReferenceTrend *) g_ptr_array_index (trends, 1))->name, ==, "Place 2");
    g_assert_null (isobar_reference_get_trends (f->reference, "cpython-threads"));
  }
  assert_no_children ();
}

/* Cut into the engine's count of chunks: as many jobs (and results) a
 * place as the app ran, fewer resamples each; the same estimates within
 * the bootstrap's noise, no longer bit for bit (other seeds a chunk). */
static void
test_chunks (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *const strategies[] = { "threads", NULL };
  IsobarReferenceSettings settings = { strategies, 2, 1.0, DEPTH, 0, SEED, 7 };
  double worst_point = 0, worst_end = 0;

  if (!have_python ())
    return;

  records = run_reference (f->reference, f->series, f->names, &settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->progress.order, 0), ==, "cpython-threads");
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->progress.last_total, "cpython-threads")), ==, 2 * 7);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->progress.last_done, "cpython-threads")), ==, 2 * 7);
  assert_trends_agree (f->reference, "cpython-threads", f->series, f->names, &worst_point, &worst_end);
  g_test_message ("7 chunks a place: largest difference from C: point %.3g, interval end %.3g",
                  worst_point, worst_end);
  assert_no_children ();
}

static gboolean
process_is_gone (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *end;
  char state;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return TRUE;
  /* A zombie is dead; its new parent reaps it. */
  end = strrchr (stat, ')');
  return end != NULL && sscanf (end + 1, " %c", &state) == 1 && (state == 'Z' || state == 'X');
}

/* Cancel while the pool works: the program and its pool are killed, the
 * program reaped before the run returns. */
static void
test_cancel (void)
{
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(IsobarReference) reference = isobar_reference_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Progress) progress;
  const char *const strategies[] = { "processes", NULL };
  IsobarReferenceSettings settings = { strategies, 2, 0, 200000, 0, SEED };
  gint64 deadline;

  if (!have_python ())
    return;

  make_places (&series, &names);
  progress_init (&progress);
  /* The second line of the processes run comes once its pool exists. */
  progress.cancel_on = cancellable;
  progress.cancel_after = 2;
  g_signal_connect (reference, "progress", G_CALLBACK (progress_cb), &progress);

  records = run_reference (reference, series, names, &settings, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (records);
  assert_no_children ();

  g_assert_cmpuint (progress.pool_pids->len, ==, 2);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (guint i = 0; i < progress.pool_pids->len; i++)
    {
      pid_t pid = g_array_index (progress.pool_pids, pid_t, i);

      while (!process_is_gone (pid) && g_get_monotonic_time () < deadline)
        g_usleep (10000);
      if (!process_is_gone (pid))
        g_error ("pool process %d outlived a cancelled run", (int) pid);
    }

  /* The object is free for another run. */
  g_clear_error (&error);
  g_cancellable_reset (cancellable);
  settings.resamples = 50;
  progress.cancel_on = NULL;
  records = run_reference (reference, series, names, &settings, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  assert_no_children ();
}

/* Tests that change the environment run in a subprocess of their own,
 * which changes it first, before any thread exists. */
static gboolean
in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, WAIT_S * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

/* ISOBAR_PYTHON names no program: a message that says so, nothing spawned. */
static void
test_bad_override (void)
{
  g_autoptr(IsobarReference) reference = NULL;
  g_autoptr(GError) error = NULL;

  if (!in_subprocess ())
    return;

  g_setenv ("ISOBAR_PYTHON", "/nonexistent/python3", TRUE);
  reference = isobar_reference_new ();
  g_assert_false (isobar_reference_check (reference, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Real Python could not be run: ISOBAR_PYTHON is set to “/nonexistent/python3”, which is not a program");
  assert_no_children ();
}

/* No python3 on PATH: the message a user can act on, for a check and for
 * a run, which spawns nothing. */
static void
test_no_python (void)
{
  g_autoptr(IsobarReference) reference = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;

  if (!in_subprocess ())
    return;

  empty = g_dir_make_tmp ("isobar-no-python-XXXXXX", NULL);
  g_assert_nonnull (empty);
  g_unsetenv ("ISOBAR_PYTHON");
  g_setenv ("PATH", empty, TRUE);

  reference = isobar_reference_new ();
  g_assert_false (isobar_reference_check (reference, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Real Python could not be run: no python3 was found on PATH (set ISOBAR_PYTHON to use another)");
  g_clear_error (&error);

  make_places (&series, &names);
  records = run_reference (reference, series, names, NULL, NULL, &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Real Python could not be run: no python3 was found on PATH (set ISOBAR_PYTHON to use another)");
  g_assert_null (records);
  assert_no_children ();
  g_rmdir (empty);
}

static void
test_no_script (void)
{
  g_autoptr(IsobarReference) reference = NULL;
  g_autoptr(IsobarReference) given = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_python () || !in_subprocess ())
    return;

  g_setenv ("ISOBAR_REFERENCE_SCRIPT", "/nonexistent/isobar-reference.py", TRUE);
  reference = isobar_reference_new ();
  g_assert_false (isobar_reference_check (reference, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Real Python could not be run: its program /nonexistent/isobar-reference.py is missing");
  g_clear_error (&error);

  /* The properties win over the environment. */
  given = isobar_reference_new_full ("/nonexistent/python3", NULL);
  g_assert_false (isobar_reference_check (given, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Real Python could not be run: “/nonexistent/python3” is not a program");
}

/* A stand-in program that misbehaves: @body is its Python source. Returns
 * the error of a run with it. */
static GError *
run_impostor (const char *body)
{
  g_autoptr(IsobarReference) reference = NULL;
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isobar-impostor-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "impostor.py", NULL);

  g_assert_true (g_file_set_contents (path, body, -1, NULL));
  make_places (&series, &names);
  reference = isobar_reference_new_full (NULL, path);
  records = run_reference (reference, series, names, NULL, NULL, &error);
  g_assert_null (records);
  assert_no_children ();

  g_unlink (path);
  g_rmdir (dir);
  return g_steal_pointer (&error);
}

static void
test_failures (void)
{
  g_autoptr(GError) error = NULL;
  gint64 started;

  if (!have_python ())
    return;

  /* Exits non-zero: its stderr is in the message. */
  error = run_impostor ("import sys\n"
                        "sys.stderr.write('Traceback (most recent call last):\\n  ...\\nValueError: boom\\n')\n"
                        "sys.exit(3)\n");
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Real Python failed (exit status 3): "));
  g_assert_nonnull (strstr (error->message, "ValueError: boom"));
  g_clear_error (&error);

  /* Prints garbage and would hang on, never reading its input (larger
   * than a pipe holds): killed at once, its stderr folded in. A write
   * that blocked the main loop would hold this up for the whole minute. */
  started = g_get_monotonic_time ();
  error = run_impostor ("import sys, time\n"
                        "sys.stderr.write('warming up\\n'); sys.stderr.flush()\n"
                        "print('hello, world', flush=True)\n"
                        "time.sleep(60)\n");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 20 * G_USEC_PER_SEC);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "not its output"));
  g_assert_nonnull (strstr (error->message, "hello, world"));
  g_clear_error (&error);

  /* Succeeds without its records. */
  error = run_impostor ("print('{\"schema\": \"isobar-reference-progress\", \"preset\": \"cpython-serial\", "
                        "\"done\": 0, \"total\": 1}')\n");
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "0 of its 3"));
  g_clear_error (&error);

  /* A record Isobar cannot read. */
  error = run_impostor ("print('{\"schema\": \"isobar-run-record\", \"version\": 1}')\n");
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "cannot read"));
}

/* The program's own refusals: one line on stderr, a status, no traceback. */
static void
test_program_errors (void)
{
  const char *script = g_getenv ("ISOBAR_REFERENCE_SCRIPT");
  const char *const cases[][2] = {
    { "{\"schema\": \"isobar-reference-input\", \"version\": 1, \"places\": []}", "the input has no places" },
    { "not json", "the input is not valid JSON" },
    { "{\"schema\": \"isobar-reference-input\", \"version\": 1, \"places\": [{\"first_julian\": 1, \"tmean\": [\"x\"]}]}",
      "not a temperature" },
  };
  g_autofree char *python = NULL;

  if (!have_python ())
    return;
  python = g_find_program_in_path (g_getenv ("ISOBAR_PYTHON") != NULL ? g_getenv ("ISOBAR_PYTHON") : "python3");
  g_assert_nonnull (script);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  python, script, "--resamples", "10", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, cases[i][0], NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "isobar-reference: "));
      g_assert_nonnull (strstr (err, cases[i][1]));
      /* One line. */
      g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
    }
}

/* An interpreter that can import PyGObject, or NULL: python3 on PATH,
 * then the system's. */
static char *
find_python_with_gi (void)
{
  const char *candidates[] = { "python3", "/usr/bin/python3" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_find_program_in_path (candidates[i]);
      g_autoptr(GSubprocess) process = NULL;

      if (path == NULL)
        continue;
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL,
                                  path, "-c", "import gi; gi.require_version('GLib', '2.0'); "
                                  "from gi.repository import GLib", NULL);
      if (process != NULL && g_subprocess_wait_check (process, NULL, NULL))
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* Runs the program itself with @loop ("asyncio" or "glib"): its records
 * read as run records and say which main loop measured them. */
static void
check_loop (const char *python,
            const char *loop,
            const char *expected)
{
  const char *script = g_getenv ("ISOBAR_REFERENCE_SCRIPT");
  g_autoptr(GPtrArray) series = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_records = 0;

  g_assert_nonnull (script);
  make_places (&series, &names);
  /* The smallest valid input: the first place's dates and values. */
  {
    IsobarClimateSeries *first = g_ptr_array_index (series, 0);
    const double *tmean = isobar_climate_series_get_tmean (first);
    GString *text = g_string_new ("{\"schema\": \"isobar-reference-input\", \"version\": 1, "
                                  "\"places\": [{\"first_julian\": ");
    char number[G_ASCII_DTOSTR_BUF_SIZE];

    g_string_append_printf (text, "%u, \"tmean\": [", isobar_climate_series_get_first_julian (first));
    for (guint d = 0; d < isobar_climate_series_get_n_days (first); d++)
      g_string_append_printf (text, "%s%s", d > 0 ? ", " : "",
                              isnan (tmean[d]) ? "null" : g_ascii_dtostr (number, sizeof number, tmean[d]));
    g_string_append (text, "]}]}");
    input = g_string_free (text, FALSE);
  }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              python, script, "--loop", loop, "--resamples", "64",
                              "--strategies", "serial,threads", "--workers", "2", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_subprocess_get_successful (process));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(IsobarRunRecord) record = NULL;
      JsonObject *root, *python_object;

      if (*lines[i] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      root = json_node_get_object (json_parser_get_root (parser));
      if (g_strcmp0 (json_object_get_string_member (root, "schema"), "isobar-run-record") != 0)
        continue;

      record = isobar_run_record_new_from_json (lines[i], -1, &error);
      g_assert_no_error (error);
      python_object = json_object_get_object_member (root, "python");
      g_assert_cmpstr (json_object_get_string_member (python_object, "implementation"), ==, "CPython");
      g_assert_cmpstr (json_object_get_string_member (python_object, "loop"), ==, expected);
      g_assert_cmpstr (json_object_get_string_member (root, "preset"), ==,
                       n_records == 0 ? "cpython-serial" : "cpython-threads");
      g_assert_true (json_object_get_null_member (root, "interpreter_lock"));
      g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (root, "settings"),
                                                        "switch_interval_ms"), ==, 5.0);
      g_assert_cmpuint (isobar_run_record_get_figures (record)->lateness.n_samples, >, 0);
      n_records++;
    }
  g_assert_cmpuint (n_records, ==, 2);
}

static void
test_loops (void)
{
  g_autofree char *python = NULL;
  g_autofree char *with_gi = NULL;

  if (!have_python ())
    return;

  python = g_find_program_in_path (g_getenv ("ISOBAR_PYTHON") != NULL ? g_getenv ("ISOBAR_PYTHON") : "python3");
  check_loop (python, "asyncio", "asyncio");

  with_gi = find_python_with_gi ();
  if (with_gi == NULL)
    {
      g_test_message ("No python3 here imports PyGObject: GLib.MainLoop not tried");
      return;
    }
  check_loop (with_gi, "glib", "GLib.MainLoop");
  check_loop (with_gi, "auto", "GLib.MainLoop");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/reference/bad-override", test_bad_override);
  g_test_add_func ("/reference/no-python", test_no_python);
  g_test_add_func ("/reference/no-script", test_no_script);
  g_test_add_func ("/reference/program-errors", test_program_errors);
  g_test_add_func ("/reference/failures", test_failures);
  g_test_add_func ("/reference/loops", test_loops);
  g_test_add ("/reference/run", Fixture, NULL, fixture_set_up, test_run, fixture_tear_down);
  g_test_add ("/reference/calibrate", Fixture, NULL, fixture_set_up, test_calibrate, fixture_tear_down);
  g_test_add ("/reference/chunks", Fixture, NULL, fixture_set_up, test_chunks, fixture_tear_down);
  g_test_add_func ("/reference/cancel", test_cancel);

  return g_test_run ();
}
