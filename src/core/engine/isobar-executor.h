/* isobar-executor.h: runs kernel jobs under one of the compute strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-climate-series.h"
#include "isobar-helper-pool.h"
#include "isobar-interpreter-lock.h"
#include "isobar-kernels.h"
#include "isobar-run-timeline.h"

G_BEGIN_DECLS

/**
 * IsobarComputeStrategy:
 * @ISOBAR_COMPUTE_UI_THREAD: "ui-thread": a job submitted from inside a
 *   main-loop callback on the caller's context runs right there, in that
 *   callback; otherwise queued jobs run one after another inside one
 *   main-loop callback (one idle source per executor, default priority),
 *   jobs submitted meanwhile too. It blocks that context while it runs, on
 *   purpose
 * @ISOBAR_COMPUTE_THREAD_POOL: "thread-pool": N own threads pull jobs from a
 *   queue; they scale, as C has no interpreter lock
 * @ISOBAR_COMPUTE_GIL_THREADS: "gil-threads": N threads that must hold one
 *   IsobarInterpreterLock to run kernel code (switch interval 5 ms); the
 *   caller's main context takes the same lock around dispatch while jobs
 *   are in flight, as CPython with PyGObject does
 * @ISOBAR_COMPUTE_PROCESS_POOL: "process-pool": N isobar-helper processes,
 *   started ahead of time by isobar_executor_start_async(); each place's
 *   series goes to a helper once, then only its key
 * @ISOBAR_COMPUTE_PICKLE_POOL: "pickle-pool": the same N persistent helpers,
 *   but every job ships its whole input (the job and the place's whole
 *   series) through the pipe and gets its whole result back, the helper
 *   keeping nothing between jobs, as Python's ProcessPoolExecutor does
 * @ISOBAR_COMPUTE_PROCESS_PER_JOB: "process-per-job": a fresh helper for
 *   every job (N at a time)
 */
typedef enum
{
  ISOBAR_COMPUTE_UI_THREAD,
  ISOBAR_COMPUTE_THREAD_POOL,
  ISOBAR_COMPUTE_GIL_THREADS,
  ISOBAR_COMPUTE_PROCESS_POOL,
  ISOBAR_COMPUTE_PICKLE_POOL,
  ISOBAR_COMPUTE_PROCESS_PER_JOB,
} IsobarComputeStrategy;

/* The stable ids above; NULL for an unknown value. */
const char *isobar_compute_strategy_to_string   (IsobarComputeStrategy  strategy);
gboolean    isobar_compute_strategy_from_string (const char            *id,
                                                 IsobarComputeStrategy *strategy);

#define ISOBAR_TYPE_EXECUTOR (isobar_executor_get_type ())

G_DECLARE_FINAL_TYPE (IsobarExecutor, isobar_executor, ISOBAR, EXECUTOR, GObject)

/* The workers a request for @n_workers gets: 0 means one per core
 * (g_get_num_processors ()). */
guint                 isobar_executor_resolve_workers (guint                 n_workers);

/* @n_workers: 0 = the number of cores (g_get_num_processors ()); ignored by
 * ui-thread. An executor is used from the thread-default main context it was
 * created in: every callback runs there. */
IsobarExecutor       *isobar_executor_new            (IsobarComputeStrategy  strategy,
                                                      guint                  n_workers);

/* Records each job into @timeline as a slice named after it
 * (isobar_kernel_job_describe()) on what ran it: the worker thread
 * (thread-pool, gil-threads), the helper process, from the moment the job
 * was sent to it until its result came back (process-pool, pickle-pool,
 * process-per-job), the UI thread (ui-thread); and under gil-threads who
 * holds the interpreter lock and who waits for it. Before the first job.
 * Thread executors take one for good; a helper executor kept between runs
 * takes each run's in turn, and NULL in between. Without a timeline nothing
 * is recorded. */
void                  isobar_executor_set_timeline   (IsobarExecutor        *self,
                                                      IsobarRunTimeline     *timeline);
/* The one arg of the slices of the jobs submitted from now on (the place
 * they analyse: "place", "Berlin"); NULL @name for none. */
void                  isobar_executor_set_timeline_arg (IsobarExecutor      *self,
                                                        const char          *name,
                                                        const char          *value);

/* Starts the helpers ahead of time for process-pool and pickle-pool
 * (process-per-job only checks that the helper program exists); nothing to
 * do for the others. */
void                  isobar_executor_start_async    (IsobarExecutor        *self,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
gboolean              isobar_executor_start_finish   (IsobarExecutor        *self,
                                                      GAsyncResult          *result,
                                                      GError               **error);

/* Runs one kernel job on @series; the output is isobar_kernel_run()'s, bit
 * for bit, whatever the strategy. Errors: ISOBAR_ERROR_INVALID_ARGUMENT for
 * a job that is invalid or does not fit the series; G_IO_ERROR_CANCELLED
 * when @cancellable fires (within a checkpoint, well under a millisecond of
 * kernel work; the helper pool's own grace for processes);
 * G_IO_ERROR_CLOSED after isobar_executor_shutdown(); the helper pool's
 * errors (ISOBAR_ERROR_HELPER, ISOBAR_ERROR_TIMEOUT) for processes. */
void                  isobar_executor_run_async      (IsobarExecutor        *self,
                                                      const IsobarKernelJob *job,
                                                      IsobarClimateSeries   *series,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
GBytes               *isobar_executor_run_finish     (IsobarExecutor        *self,
                                                      GAsyncResult          *result,
                                                      GError               **error);

/* Makes, on the calling thread, whatever the strategy derives from @series
 * for every job (the helpers' serialised series and its key), so that
 * submitting the jobs later costs the UI thread nothing of it. Thread-safe;
 * call it where the series is made. */
void                  isobar_executor_prepare_series (IsobarExecutor        *self,
                                                      IsobarClimateSeries   *series);

IsobarComputeStrategy isobar_executor_get_strategy   (IsobarExecutor        *self);
guint                 isobar_executor_get_n_workers  (IsobarExecutor        *self);
/* TRUE when it runs jobs as isobar_executor_new (@strategy, @n_workers)
 * would (0 workers: one per core), and is not shut down. */
gboolean              isobar_executor_fits           (IsobarExecutor        *self,
                                                      IsobarComputeStrategy  strategy,
                                                      guint                  n_workers);
/* Bytes written to and read from helper pipes so far (0 without helpers). */
guint64               isobar_executor_get_pipe_bytes (IsobarExecutor        *self);
/* The helper pool's figures so far (pipe bytes, helpers lost and
 * restarted, jobs retried…); all 0 without helpers. */
void                  isobar_executor_get_helper_stats (IsobarExecutor        *self,
                                                        IsobarHelperPoolStats *stats);
/* The pids (GPid) of the helpers alive now; empty without helpers. */
GArray               *isobar_executor_dup_helper_pids (IsobarExecutor       *self);
/* Checkpoints run by the kernels of the thread and ui-thread strategies so
 * far: a progress counter for instruments and tests. */
guint64               isobar_executor_get_n_checkpoints (IsobarExecutor     *self);

/* (transfer none) (nullable): the gil-threads strategy's lock, for its
 * statistics (switches, how long the main loop waited for it). */
IsobarInterpreterLock *isobar_executor_get_interpreter_lock (IsobarExecutor *self);

/* Fails queued jobs and stops running ones (G_IO_ERROR_CLOSED), joins the
 * threads, shuts the helper pool down (no child left) and detaches the
 * interpreter lock. Idempotent; also done on dispose. */
void                  isobar_executor_shutdown       (IsobarExecutor        *self);

G_END_DECLS
