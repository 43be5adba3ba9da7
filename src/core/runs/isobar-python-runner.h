/* isobar-python-runner.h: "Real Python (CPython)" as a run of the app: the
 * CPython reference on the archives of the last run, with the app's
 * settings, its progress in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-climate-series.h"
#include "isobar-location.h"
#include "isobar-reference.h"
#include "isobar-run-record.h"

G_BEGIN_DECLS

/* Resamples per place for real Python, overriding the depth the program
 * chooses for itself (about 3 s per strategy): for tests and scripts. */
#define ISOBAR_PYTHON_RUNNER_RESAMPLES_ENV "ISOBAR_CPYTHON_RESAMPLES"

#define ISOBAR_TYPE_PYTHON_RUNNER (isobar_python_runner_get_type ())

G_DECLARE_FINAL_TYPE (IsobarPythonRunner, isobar_python_runner, ISOBAR, PYTHON_RUNNER, GObject)

/* Runs isobar-reference.py (IsobarReference) under its three strategies —
 * one thread, `threading` and `ProcessPoolExecutor` — on the series it was
 * last given, with the "compute-workers" and "switch-interval-ms" of
 * @settings as they are when the run starts.
 *
 * Property (read-only, notified on the main context of the run):
 * - "ready" (gboolean): it has series to run on
 *
 * Signal ::progress (double fraction, const char *status), on the main
 * context of the run: how far the run is (0…1) and what it does, in words
 * ("Real Python threads: 3 of 16 jobs done"); last, with 1, the outcome of
 * a run that succeeded, before it completes. The run controller shows it
 * as its own progress. */
IsobarPythonRunner *isobar_python_runner_new          (GSettings          *settings);

/* @locations (IsobarLocation) and @series (IsobarClimateSeries), the same
 * length: the places of a run that succeeded and what it analysed; both
 * NULL forget them. Taken by reference, kept until replaced. */
void                isobar_python_runner_set_series   (IsobarPythonRunner *self,
                                                       GPtrArray          *locations,
                                                       GPtrArray          *series);
gboolean            isobar_python_runner_get_ready    (IsobarPythonRunner *self);

/* Fails at once with ISOBAR_ERROR_INVALID_ARGUMENT when not ready or
 * already running, with ISOBAR_ERROR_NOT_FOUND when there is no Python to
 * run (the message says what to do); otherwise as
 * isobar_reference_run_async() does. Cancelling kills the program and
 * returns once it is reaped. */
void                isobar_python_runner_run_async    (IsobarPythonRunner *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* (element-type IsobarRunRecord) (transfer full): presets
 * "cpython-serial", "cpython-threads", "cpython-processes", in that order. */
GPtrArray          *isobar_python_runner_run_finish   (IsobarPythonRunner *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

G_END_DECLS
