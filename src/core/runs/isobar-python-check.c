/* isobar-python-check.c: how close the emulated Python presets came to
 * real CPython.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "isobar-preset.h"
#include "isobar-python-check.h"
#include "isobar-verdict.h"

/* Same switch interval: within a microsecond. */
#define SAME_INTERVAL_MS 0.001

static gboolean
is_preset (IsobarRunRecord *record,
           const char      *preset)
{
  return g_strcmp0 (isobar_run_record_get_preset (record), preset) == 0;
}

static gboolean
same_workers (IsobarRunRecord *a,
              IsobarRunRecord *b)
{
  return isobar_run_record_get_settings (a)->workers == isobar_run_record_get_settings (b)->workers;
}

static gboolean
same_interval (IsobarRunRecord *a,
               IsobarRunRecord *b)
{
  return fabs (isobar_run_record_get_settings (a)->switch_interval_ms -
               isobar_run_record_get_settings (b)->switch_interval_ms) < SAME_INTERVAL_MS;
}

/* The newest record of @preset, like @like (same workers, and same switch
 * interval when @interval too) when @like is given. Records are in the
 * order they ran. */
static IsobarRunRecord *
find_newest (IsobarRunRecord * const *records,
             guint                    n_records,
             const char              *preset,
             IsobarRunRecord         *like,
             gboolean                 interval)
{
  for (guint i = n_records; i-- > 0;)
    {
      IsobarRunRecord *record = records[i];

      if (!is_preset (record, preset))
        continue;
      if (like != NULL && !same_workers (record, like))
        continue;
      if (like != NULL && interval && !same_interval (record, like))
        continue;
      return record;
    }

  return NULL;
}

/* 1 − processes / threads, from their compute times. */
static gboolean
saving (IsobarRunRecord *threads,
        IsobarRunRecord *processes,
        double          *saved)
{
  double threads_ms, processes_ms;

  if (threads == NULL || processes == NULL)
    return FALSE;
  threads_ms = isobar_run_record_get_figures (threads)->compute_ms;
  processes_ms = isobar_run_record_get_figures (processes)->compute_ms;
  if (!(threads_ms > 0.0) || !isfinite (processes_ms))
    return FALSE;

  *saved = 1.0 - processes_ms / threads_ms;
  return TRUE;
}

void
isobar_python_check_compute (IsobarRunRecord * const *records,
                             guint                    n_records,
                             guint                    n_cores,
                             IsobarPythonCheck       *check)
{
  IsobarRunRecord *emulated_threads, *cpython_threads;
  IsobarRunRecord *emulated_processes = NULL, *cpython_processes = NULL;

  g_return_if_fail (records != NULL || n_records == 0);
  g_return_if_fail (check != NULL);

  *check = (IsobarPythonCheck) { 0 };
  if (n_cores == 0)
    n_cores = MAX (1u, g_get_num_processors ());
  check->ceiling = 1.0 - 1.0 / n_cores;

  emulated_threads = find_newest (records, n_records, ISOBAR_PRESET_PYTHON_THREADS, NULL, FALSE);
  cpython_threads = find_newest (records, n_records, ISOBAR_PRESET_CPYTHON_THREADS, emulated_threads, TRUE);
  if (cpython_threads == NULL)
    cpython_threads = find_newest (records, n_records, ISOBAR_PRESET_CPYTHON_THREADS, NULL, FALSE);

  if (emulated_threads != NULL && cpython_threads != NULL &&
      same_workers (emulated_threads, cpython_threads) && same_interval (emulated_threads, cpython_threads))
    {
      const IsobarLatencyStats *emulated = &isobar_run_record_get_figures (emulated_threads)->lateness;
      const IsobarLatencyStats *cpython = &isobar_run_record_get_figures (cpython_threads)->lateness;

      check->has_threads = TRUE;
      check->workers = isobar_run_record_get_settings (emulated_threads)->workers;
      check->switch_interval_ms = isobar_run_record_get_settings (emulated_threads)->switch_interval_ms;
      check->emulated_max_ms = emulated->max;
      check->cpython_max_ms = cpython->max;
      check->emulated_p99_ms = emulated->p99;
      check->cpython_p99_ms = cpython->p99;
      check->threads_agree = cpython->max > 0.0 && cpython->p99 > 0.0 &&
                             emulated->max >= ISOBAR_PYTHON_CHECK_MAX_RATIO_LOW * cpython->max &&
                             emulated->max <= ISOBAR_PYTHON_CHECK_MAX_RATIO_HIGH * cpython->max &&
                             emulated->p99 <= ISOBAR_PYTHON_CHECK_P99_RATIO_HIGH * cpython->p99;
    }

  if (emulated_threads != NULL)
    emulated_processes = find_newest (records, n_records, ISOBAR_PRESET_PYTHON_MULTIPROCESSING,
                                      emulated_threads, FALSE);
  if (cpython_threads != NULL)
    cpython_processes = find_newest (records, n_records, ISOBAR_PRESET_CPYTHON_PROCESSES,
                                     cpython_threads, FALSE);
  check->has_emulated_saving = saving (emulated_threads, emulated_processes, &check->emulated_saved);
  check->has_cpython_saving = saving (cpython_threads, cpython_processes, &check->cpython_saved);

  if (cpython_threads != NULL)
    check->python_version = g_strdup (isobar_run_record_get_python_version (cpython_threads));
  else if (cpython_processes != NULL)
    check->python_version = g_strdup (isobar_run_record_get_python_version (cpython_processes));
}

void
isobar_python_check_clear (IsobarPythonCheck *check)
{
  g_clear_pointer (&check->python_version, g_free);
}

static int
percent (double share)
{
  return (int) lround (share * 100.0);
}

/* "In CPython 3.11.2, processes saved 45 % of the threads' time." — or,
 * when they were slower (one worker: the shipping costs, no second core to
 * gain), how much more they took. */
static void
describe_saving (GString    *text,
                 double      saved,
                 gboolean    cpython,
                 const char *version)
{
  if (saved >= 0.0 && cpython)
    /* Translators: %s is a Python version, %d a percentage; keep “%%” */
    g_string_append_printf (text, _("In CPython %s, processes saved %d %% of the threads’ time."),
                            version, percent (saved));
  else if (saved >= 0.0)
    /* Translators: %d is a percentage; keep “%%” */
    g_string_append_printf (text, _("In Isobar’s emulation, processes saved %d %% of the threads’ time."),
                            percent (saved));
  else if (cpython)
    /* Translators: %s is a Python version, %d a percentage; keep “%%” */
    g_string_append_printf (text, _("In CPython %s, processes took %d %% longer than the threads."),
                            version, percent (-saved));
  else
    /* Translators: %d is a percentage; keep “%%” */
    g_string_append_printf (text, _("In Isobar’s emulation, processes took %d %% longer than the threads."),
                            percent (-saved));
}

char *
isobar_python_check_describe (const IsobarPythonCheck *check)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *version;

  g_return_val_if_fail (check != NULL, NULL);

  version = check->python_version != NULL ? check->python_version : "3";

  if (check->has_threads)
    {
      g_autofree char *emulated = isobar_verdict_format_duration (check->emulated_max_ms);
      g_autofree char *cpython = isobar_verdict_format_duration (check->cpython_max_ms);

      /* Translators: the first %s is a duration (“95 ms”), the second a
       * Python version (“3.11.2”), the third a duration (“98 ms”) */
      g_string_append_printf (text, _("Python Threads froze the window %s at worst; real CPython %s on "
                                      "this computer: %s."), emulated, version, cpython);
      g_string_append_c (text, ' ');
      if (check->threads_agree)
        g_string_append (text, _("The emulation is within the bounds it is checked against: half to twice "
                                 "CPython’s worst stall, at most twice its p99."));
      else if (check->emulated_max_ms > check->cpython_max_ms)
        g_string_append (text, _("The emulation stalls more than real Python here: it is outside the bounds "
                                 "it is checked against."));
      else
        g_string_append (text, _("The emulation stalls less than real Python here: it is outside the bounds "
                                 "it is checked against."));
    }

  if (check->has_cpython_saving || check->has_emulated_saving)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (check->has_cpython_saving)
        describe_saving (text, check->cpython_saved, TRUE, version);
      if (check->has_cpython_saving && check->has_emulated_saving)
        g_string_append_c (text, ' ');
      if (check->has_emulated_saving)
        describe_saving (text, check->emulated_saved, FALSE, version);
      g_string_append_c (text, ' ');
      /* Translators: %d is a percentage: what this computer's cores allow */
      g_string_append_printf (text, _("The cores of this computer allow processes to save at most %d %%."),
                              percent (check->ceiling));
    }

  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}
