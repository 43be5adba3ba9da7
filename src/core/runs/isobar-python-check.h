/* isobar-python-check.h: how close the emulated Python presets came to
 * real CPython, from run records of both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-run-record.h"

G_BEGIN_DECLS

/* The presets of the CPython reference's runs (isobar-reference.py). */
#define ISOBAR_PRESET_CPYTHON_SERIAL    "cpython-serial"
#define ISOBAR_PRESET_CPYTHON_THREADS   "cpython-threads"
#define ISOBAR_PRESET_CPYTHON_PROCESSES "cpython-processes"

/* The bounds within which the emulation counts as faithful: its worst
 * main-loop stall within 0.5–2× CPython's, its p99 at most 2× CPython's. */
#define ISOBAR_PYTHON_CHECK_MAX_RATIO_LOW  0.5
#define ISOBAR_PYTHON_CHECK_MAX_RATIO_HIGH 2.0
#define ISOBAR_PYTHON_CHECK_P99_RATIO_HIGH 2.0

typedef struct
{
  /* Python Threads beside CPython's threading, same workers. */
  gboolean  has_threads;
  guint     workers;
  double    switch_interval_ms;
  double    emulated_max_ms;
  double    cpython_max_ms;
  double    emulated_p99_ms;
  double    cpython_p99_ms;
  gboolean  threads_agree;

  /* The share of the threads' compute time that processes saved:
   * 1 − processes / threads, for the emulation (Python Multiprocessing vs
   * Python Threads) and for CPython (ProcessPoolExecutor vs threading). */
  gboolean  has_emulated_saving;
  double    emulated_saved;
  gboolean  has_cpython_saving;
  double    cpython_saved;
  /* What this computer's cores allow: 1 − 1 / cores. */
  double    ceiling;

  char     *python_version;   /* (owned) (nullable) */
} IsobarPythonCheck;

/* Compares the newest "python-threads" record of @records with the newest
 * "cpython-threads" one of the same worker count and switch interval, and
 * each of those with the newest processes run (of its own kind) of the same
 * worker count. @n_cores: 0 for this computer's. */
void  isobar_python_check_compute  (IsobarRunRecord * const *records,
                                    guint                    n_records,
                                    guint                    n_cores,
                                    IsobarPythonCheck       *check);
void  isobar_python_check_clear    (IsobarPythonCheck       *check);

/* In plain words, translated: "Python Threads froze the window 34 ms at
 * worst; real CPython 3.11.2 on this computer: 81 ms. …"; NULL when there
 * is nothing to compare. */
char *isobar_python_check_describe (const IsobarPythonCheck *check);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsobarPythonCheck, isobar_python_check_clear)

G_END_DECLS
