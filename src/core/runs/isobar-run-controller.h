/* isobar-run-controller.h: runs the hybrid pipeline for the saved places,
 * under the strategies chosen in GSettings, or real Python on what the last
 * run analysed, and keeps what came out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-climate-report.h"
#include "isobar-data-source.h"
#include "isobar-frame-recorder.h"
#include "isobar-latency-watchdog.h"
#include "isobar-location.h"
#include "isobar-run-record.h"

G_BEGIN_DECLS

/* The most recent runs kept side by side. */
#define ISOBAR_RUN_CONTROLLER_MAX_RUNS 12

#define ISOBAR_TYPE_RUN_CONTROLLER (isobar_run_controller_get_type ())

G_DECLARE_FINAL_TYPE (IsobarRunController, isobar_run_controller, ISOBAR, RUN_CONTROLLER, GObject)

/* One per application (the app.run, app.run-cpython, app.cancel,
 * app.preset… actions drive it). It reads the strategy keys of @settings
 * when a run starts, so a change applies to the next run. A run covers the
 * saved places (up to "run-places"), topped up with well-known cities when
 * fewer are saved, and downloads "analysis-years" years of each. Archives
 * come from the data source's servers, or from a private simulator delaying
 * each response by "simulator-latency" ms when the data source uses the
 * simulator.
 *
 * Properties (all read-only, notified on the main context):
 * - "running" (gboolean)
 * - "fraction" (double, 0…1): progress of the run in progress
 * - "status" (string): what the run is doing, in words ("Downloading 3 of 8
 *   places…", "Analysing: 212 of 744 jobs…"), or the outcome of the last run
 *   ("Finished in 4.2 s", "Cancelled", "Failed: …"); "" before the first run
 * - "error" (string, nullable): the last run's error in words, NULL when it
 *   succeeded or was cancelled
 * - "latest" (IsobarRunRecord, nullable): the newest run record
 * - "python-run" (gboolean): the run in progress, or the last one, is real
 *   Python (isobar_run_controller_run_python()), not the pipeline
 * - "python-ready" (gboolean): a run has succeeded, so real Python has
 *   archives to analyse
 *
 * Signals:
 * - "reports-changed" (): the reports of a run that succeeded are in
 * - "message" (string): words for the user about the runs ("Exported 3
 *   runs"): the windows watching the runs show them, the app prints them
 *   when it has no window
 */
IsobarRunController *isobar_run_controller_new          (GSettings            *settings,
                                                         IsobarDataSource     *data_source);

/* Starts a run; does nothing while one is running. */
void                 isobar_run_controller_run          (IsobarRunController  *self);
/* Runs real Python (CPython: one thread, threading, ProcessPoolExecutor,
 * IsobarPythonRunner) on the series of the last run that succeeded, with
 * the "compute-workers" and "switch-interval-ms" settings; its records join
 * the runs. Through the same "running", "fraction", "status" and "error" as
 * a pipeline run, and isobar_run_controller_cancel() stops it. No python3:
 * the run fails with a message that says so. Does nothing while a run is
 * running; fails ("Run all places first…") before a run has succeeded. */
void                 isobar_run_controller_run_python   (IsobarRunController  *self);
gboolean             isobar_run_controller_get_python_run   (IsobarRunController *self);
gboolean             isobar_run_controller_get_python_ready (IsobarRunController *self);
/* Stops the run in progress ("status" says so; no record is kept); does
 * nothing when none is. */
void                 isobar_run_controller_cancel       (IsobarRunController  *self);
gboolean             isobar_run_controller_get_running  (IsobarRunController  *self);
double               isobar_run_controller_get_fraction (IsobarRunController  *self);
const char          *isobar_run_controller_get_status   (IsobarRunController  *self);
const char          *isobar_run_controller_get_error    (IsobarRunController  *self);
IsobarRunRecord     *isobar_run_controller_get_latest   (IsobarRunController  *self);

/* The runs that succeeded, oldest first, at most ISOBAR_RUN_CONTROLLER_MAX_RUNS: a GListModel of
 * IsobarRunRecord. (transfer none) */
GListModel          *isobar_run_controller_get_runs     (IsobarRunController  *self);
void                 isobar_run_controller_clear_runs   (IsobarRunController  *self);

/* Sets the strategies of preset @id ("recommended", "ui-thread",
 * "python-threads", "python-multiprocessing", "custom") in the settings. */
gboolean             isobar_run_controller_apply_preset (IsobarRunController  *self,
                                                         const char           *id,
                                                         GError              **error);

/* What isobar_run_controller_export_async() writes. */
typedef enum
{
  ISOBAR_RUN_CONTROLLER_EXPORT_RUNS,   /* every kept run: CSV for a path ending in ".csv", JSON otherwise */
  ISOBAR_RUN_CONTROLLER_EXPORT_TRACE,  /* the last run, as a Chrome trace-event file for Perfetto UI */
} IsobarRunControllerExport;

/* Writes the runs to @path (in a Flatpak, a path the host cannot see goes
 * to the app's exports folder instead). _finish() returns the words that
 * say how it went ("Exported 3 runs", and where when the sandbox moved
 * it), for whoever asked to show; or an error in words: nothing to export
 * (ISOBAR_ERROR_INVALID_ARGUMENT), or the file could not be written. */
/* Whether there is anything to export: a kept run, or a last run with a
 * trace (real Python's runs have none). */
gboolean             isobar_run_controller_can_export    (IsobarRunController        *self,
                                                          IsobarRunControllerExport   what);
void                 isobar_run_controller_export_async  (IsobarRunController        *self,
                                                          IsobarRunControllerExport   what,
                                                          const char                 *path,
                                                          GCancellable               *cancellable,
                                                          GAsyncReadyCallback         callback,
                                                          gpointer                    user_data);
char                *isobar_run_controller_export_finish (IsobarRunController        *self,
                                                          GAsyncResult               *result,
                                                          GError                    **error);

/* Emits "message" with @text. */
void                 isobar_run_controller_tell         (IsobarRunController  *self,
                                                         const char           *text);
/* Cancels the run in progress, waits (at most 3 s) until it has stopped
 * and its helpers are reaped, then stops the private simulator and the
 * helpers kept warm. For the application's quit: hold the application
 * meanwhile. Never fails; cancelling @cancellable only ends the wait
 * early. */
void                 isobar_run_controller_shutdown_async  (IsobarRunController  *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean             isobar_run_controller_shutdown_finish (IsobarRunController  *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
/* Cancels the run in progress and stops the private simulator and the
 * helpers kept warm, without waiting: for the application's last moment,
 * after isobar_run_controller_shutdown_async() (or instead of it when the
 * main loop is gone). */
void                 isobar_run_controller_stop            (IsobarRunController  *self);

/* The last good report of @location (matched with isobar_location_equal()),
 * or NULL; @finished is when its run ended. (transfer none) */
IsobarClimateReport *isobar_run_controller_get_report   (IsobarRunController  *self,
                                                         IsobarLocation       *location,
                                                         GDateTime           **finished);

/* Always running on the main context while the controller lives: the live
 * lateness graph listens to its "sample" signal. (transfer none) */
IsobarLatencyWatchdog *isobar_run_controller_get_watchdog (IsobarRunController *self);

/* What records the frames of the window the runs are watched in (the app's
 * IsobarFrameMeter): its figures for the run go into the run record. May be
 * NULL (no window: no frame figures). */
void                 isobar_run_controller_set_frame_recorder (IsobarRunController *self,
                                                               IsobarFrameRecorder *recorder);
IsobarFrameRecorder *isobar_run_controller_get_frame_recorder (IsobarRunController *self);

G_END_DECLS
