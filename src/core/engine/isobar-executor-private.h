/* isobar-executor-private.h: IsobarExecutor's insides, shared by its files:
 * the class, the strategy names and the public calls (isobar-executor.c),
 * the ui-thread strategy (isobar-executor-ui-thread.c) and the process
 * strategies on the helper pool (isobar-executor-processes.c). The worker
 * threads of thread-pool and gil-threads have their own structure, in
 * isobar-executor-threads.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-executor.c calls the other two; they call nothing of it, and
 * nothing of each other.
 */

#pragma once

#include "isobar-executor.h"
#include "isobar-executor-threads.h"

G_BEGIN_DECLS

struct _IsobarExecutor
{
  GObject                parent_instance;

  IsobarComputeStrategy  strategy;
  guint                  n_workers;
  gboolean               shut_down;
  guint                  n_pending;        /* jobs accepted and not completed */

  /* thread-pool, gil-threads */
  IsobarWorkerThreads   *threads;
  /* gil-threads: attached to lock_context while jobs are in flight */
  IsobarInterpreterLock *lock;
  GMainContext          *lock_context;     /* (nullable) (owned) */

  /* process-pool, pickle-pool, process-per-job */
  IsobarHelperPool      *pool;

  /* with a timeline: the slices of the jobs; arg interned */
  IsobarRunTimeline     *timeline;         /* (nullable) (owned) */
  const char            *arg_name;         /* (nullable) */
  const char            *arg_value;        /* (nullable) */

  /* ui-thread: the jobs waiting for ui_source, in submission order */
  GQueue                 ui_queue;         /* (element-type GTask) (owned) */
  GSource               *ui_source;        /* (nullable) (owned) */
  guint64                n_checkpoints;
};

static inline void
_isobar_executor_return_output (GTask  *task,
                                GBytes *output,
                                GError *error)
{
  if (output != NULL)
    g_task_return_pointer (task, output, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

/* ui-thread: queues @job (@task's data) to run on @task's context, or runs
 * it right there when submitted from a callback on that context. @slice:
 * (nullable). */
void _isobar_executor_run_on_ui_thread (IsobarExecutor        *self,
                                        GTask                 *task,
                                        const IsobarKernelJob *job,
                                        IsobarClimateSeries   *series,
                                        const IsobarJobSlice  *slice);

/* process-pool, pickle-pool, process-per-job: makes what the jobs of
 * @series will send of it (any thread). */
void _isobar_executor_prepare_series_for_helpers (IsobarExecutor      *self,
                                                  IsobarClimateSeries *series);

/* process-pool, pickle-pool, process-per-job: sends @job to a helper of
 * the pool. @slice: (nullable). */
void _isobar_executor_run_in_helper    (IsobarExecutor        *self,
                                        GTask                 *task,
                                        const IsobarKernelJob *job,
                                        IsobarClimateSeries   *series,
                                        const IsobarJobSlice  *slice);

G_END_DECLS
