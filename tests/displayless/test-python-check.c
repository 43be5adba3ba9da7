/* test-python-check.c: the emulated Python presets beside real CPython,
 * compared from run records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-preset.h"
#include "isobar-python-check.h"

static IsobarRunRecord *
make_record (const char *preset,
             guint       workers,
             double      interval_ms,
             double      compute_ms,
             double      p99_ms,
             double      max_ms)
{
  IsobarRunRecord *record = isobar_run_record_new ("thread-pool", "x");
  IsobarRunSettings settings = { .workers = workers, .switch_interval_ms = interval_ms };
  IsobarRunFigures figures = { .wall_ms = compute_ms, .compute_ms = compute_ms };

  figures.lateness.p99 = p99_ms;
  figures.lateness.max = max_ms;
  isobar_run_record_set_settings (record, &settings);
  isobar_run_record_set_figures (record, &figures);
  isobar_run_record_set_preset (record, preset);
  if (g_str_has_prefix (preset, "cpython-"))
    isobar_run_record_set_python (record, "CPython", "3.11.2", "plain");

  return record;
}

static GPtrArray *
new_records (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

#define CHECK(records, cores, check) \
  isobar_python_check_compute ((IsobarRunRecord * const *) (records)->pdata, (records)->len, (cores), (check))

static void
test_agree (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_auto(IsobarPythonCheck) check = { 0 };
  g_autofree char *text = NULL;

  g_ptr_array_add (records, make_record (ISOBAR_PRESET_PYTHON_THREADS, 2, 5.0, 2000, 40, 95));
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_PYTHON_MULTIPROCESSING, 2, 0.0, 1100, 2, 5));
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_CPYTHON_SERIAL, 1, 5.0, 3000, 8, 10));
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_CPYTHON_THREADS, 2, 5.0, 3000, 60, 98));
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_CPYTHON_PROCESSES, 2, 5.0, 1500, 1, 4));
  CHECK (records, 2, &check);

  g_assert_true (check.has_threads);
  g_assert_cmpuint (check.workers, ==, 2);
  g_assert_cmpfloat (check.emulated_max_ms, ==, 95);
  g_assert_cmpfloat (check.cpython_max_ms, ==, 98);
  g_assert_true (check.threads_agree);
  g_assert_true (check.has_emulated_saving);
  g_assert_cmpfloat_with_epsilon (check.emulated_saved, 0.45, 1e-9);
  g_assert_true (check.has_cpython_saving);
  g_assert_cmpfloat_with_epsilon (check.cpython_saved, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (check.ceiling, 0.5, 1e-9);
  g_assert_cmpstr (check.python_version, ==, "3.11.2");

  text = isobar_python_check_describe (&check);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "95 ms"));
  g_assert_nonnull (strstr (text, "98 ms"));
  g_assert_nonnull (strstr (text, "3.11.2"));
  g_assert_nonnull (strstr (text, "within the bounds"));
  g_assert_nonnull (strstr (text, "processes saved 50 %"));
  g_assert_nonnull (strstr (text, "processes saved 45 %"));
  g_assert_nonnull (strstr (text, "at most 50 %"));
}

/* One worker: processes pay the shipping and gain no core. */
static void
test_processes_slower (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_auto(IsobarPythonCheck) check = { 0 };
  g_autofree char *text = NULL;

  g_ptr_array_add (records, make_record (ISOBAR_PRESET_PYTHON_THREADS, 1, 5.0, 1000, 6, 9));
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_PYTHON_MULTIPROCESSING, 1, 0.0, 1400, 1, 3));
  CHECK (records, 2, &check);
  g_assert_true (check.has_emulated_saving);
  g_assert_cmpfloat_with_epsilon (check.emulated_saved, -0.4, 1e-9);
  text = isobar_python_check_describe (&check);
  g_assert_nonnull (strstr (text, "processes took 40 % longer than the threads"));
  g_assert_null (strstr (text, "-"));
}

/* Outside the bounds either way, and only like for like is compared. */
static void
test_bounds_and_pairs (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_auto(IsobarPythonCheck) check = { 0 };
  g_autofree char *text = NULL;

  /* 4 workers in CPython only: nothing to compare with 2 emulated. */
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_CPYTHON_THREADS, 4, 5.0, 3000, 60, 98));
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_PYTHON_THREADS, 2, 5.0, 2000, 10, 20));
  CHECK (records, 2, &check);
  g_assert_false (check.has_threads);
  isobar_python_check_clear (&check);

  /* Same workers, another interval: not compared either. */
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_CPYTHON_THREADS, 2, 1.0, 3000, 60, 98));
  CHECK (records, 2, &check);
  g_assert_false (check.has_threads);
  isobar_python_check_clear (&check);

  /* The same interval: compared, the emulation kinder than CPython. */
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_CPYTHON_THREADS, 2, 5.0, 3000, 60, 98));
  CHECK (records, 4, &check);
  g_assert_true (check.has_threads);
  g_assert_false (check.threads_agree);
  g_assert_cmpfloat_with_epsilon (check.ceiling, 0.75, 1e-9);
  text = isobar_python_check_describe (&check);
  g_assert_nonnull (strstr (text, "less than real Python"));
  g_clear_pointer (&text, g_free);
  isobar_python_check_clear (&check);

  /* A newer emulated run, worse than CPython: its p99 over twice. */
  g_ptr_array_add (records, make_record (ISOBAR_PRESET_PYTHON_THREADS, 2, 5.0, 2000, 130, 150));
  CHECK (records, 2, &check);
  g_assert_true (check.has_threads);
  g_assert_cmpfloat (check.emulated_max_ms, ==, 150);
  g_assert_false (check.threads_agree);
  text = isobar_python_check_describe (&check);
  g_assert_nonnull (strstr (text, "more than real Python"));
}

static void
test_nothing_to_compare (void)
{
  g_autoptr(GPtrArray) records = new_records ();
  g_auto(IsobarPythonCheck) check = { 0 };

  CHECK (records, 2, &check);
  g_assert_false (check.has_threads);
  g_assert_false (check.has_cpython_saving);
  g_assert_null (isobar_python_check_describe (&check));

  g_ptr_array_add (records, make_record (ISOBAR_PRESET_RECOMMENDED, 2, 0.0, 900, 1, 2));
  isobar_python_check_clear (&check);
  CHECK (records, 2, &check);
  g_assert_null (isobar_python_check_describe (&check));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/python-check/agree", test_agree);
  g_test_add_func ("/python-check/bounds-and-pairs", test_bounds_and_pairs);
  g_test_add_func ("/python-check/processes-slower", test_processes_slower);
  g_test_add_func ("/python-check/nothing-to-compare", test_nothing_to_compare);

  return g_test_run ();
}
