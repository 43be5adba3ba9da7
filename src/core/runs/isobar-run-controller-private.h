/* isobar-run-controller-private.h: the run controller's insides, shared by
 * its files: the class, its properties and the state of a run
 * (isobar-run-controller.c), starting and finishing a pipeline run
 * (isobar-run-controller-pipeline.c), real Python's run
 * (isobar-run-controller-python.c), the runs and reports kept
 * (isobar-run-controller-results.c), their export
 * (isobar-run-controller-export.c) and the shutdown
 * (isobar-run-controller-shutdown.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pipeline and Python files call the results file and the class file;
 * the results file calls only the class file. Of the others, the class file
 * only connects _isobar_run_controller_on_python_progress() and calls
 * _isobar_run_controller_stop_processes() to dispose. The export and
 * shutdown files use the class's public calls and fields only.
 */

#pragma once

#include "isobar-error.h"
#include "isobar-loop-log.h"
#include "isobar-memory.h"
#include "isobar-pipeline.h"
#include "isobar-preset.h"
#include "isobar-python-runner.h"
#include "isobar-run-controller.h"
#include "isobar-simulator.h"
#include "isobar-warm-executor.h"

G_BEGIN_DECLS

typedef struct
{
  IsobarLocation      *location;
  IsobarClimateReport *report;
  GDateTime           *finished;
} ReportEntry;

struct _IsobarRunController
{
  GObject                 parent_instance;

  GSettings              *settings;
  IsobarDataSource       *data_source;
  IsobarLatencyWatchdog  *watchdog;
  guint                   watchdog_start_id;
  IsobarWarmExecutor     *warm;          /* helpers kept running between runs */
  IsobarFrameRecorder    *frame_recorder;
  GListStore             *runs;          /* IsobarRunRecord, oldest first */
  GArray                 *reports;       /* ReportEntry */

  /* Real Python, on the series of the last run that succeeded. */
  IsobarPythonRunner     *python;

  /* The private simulator runs use, delaying each answer. */
  IsobarSimulator        *simulator;
  guint                   simulator_latency;

  /* The run in progress */
  GCancellable           *cancellable;
  IsobarPipeline         *pipeline;
  GPtrArray              *locations;     /* IsobarLocation */
  IsobarPipelineSettings  pipeline_settings;
  gboolean                on_simulator;
  gboolean                fell_back;     /* auto: Open-Meteo out of reach, the simulator stands in */
  gint64                  started_us;
  struct {
    guint    places_fetched;
    guint    jobs_done;
    guint    jobs_total;
    gboolean due;                         /* changed since shown */
  }                       progress;
  guint                   progress_id;   /* the next showing is due */

  gboolean                running;
  gboolean                python_run;    /* the run is (or was) real Python */
  double                  fraction;
  char                   *status;
  char                   *error;
  IsobarRunRecord        *latest;
};

/* isobar-run-controller.c: the properties, each notified when it changes */
void _isobar_run_controller_set_status           (IsobarRunController *self,
                                                  const char          *status);
void _isobar_run_controller_set_fraction         (IsobarRunController *self,
                                                  double               fraction);
void _isobar_run_controller_set_error            (IsobarRunController *self,
                                                  const char          *error);
void _isobar_run_controller_set_latest           (IsobarRunController *self,
                                                  IsobarRunRecord     *record);
void _isobar_run_controller_emit_reports_changed (IsobarRunController *self);

/* isobar-run-controller.c: a run of either kind starts, and ends (having
 * failed or been cancelled, with the status saying so) */
void _isobar_run_controller_begin_run            (IsobarRunController *self,
                                                  gboolean             python);
void _isobar_run_controller_end_run              (IsobarRunController *self);
void _isobar_run_controller_fail_run             (IsobarRunController *self,
                                                  const GError        *error);

/* isobar-run-controller-results.c: what a run that succeeded leaves */
void _isobar_run_controller_keep_reports         (IsobarRunController *self,
                                                  GPtrArray           *reports);
void _isobar_run_controller_keep_record          (IsobarRunController *self,
                                                  IsobarRunRecord     *record);

/* isobar-run-controller-python.c: real Python's progress, shown while its
 * run is the one running */
void _isobar_run_controller_on_python_progress   (IsobarRunController *self,
                                                  double               fraction,
                                                  const char          *status,
                                                  IsobarPythonRunner  *python);

/* isobar-run-controller-shutdown.c: stops the private simulator and frees
 * the helpers kept warm (the shutdown's last step, and dispose's). */
void _isobar_run_controller_stop_processes     (IsobarRunController *self);

G_END_DECLS
