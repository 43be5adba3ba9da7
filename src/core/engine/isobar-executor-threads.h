/* isobar-executor-threads.h: the worker threads behind IsobarExecutor's
 * thread-pool and gil-threads strategies (private to libisobar-core)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-climate-series.h"
#include "isobar-interpreter-lock.h"
#include "isobar-kernels.h"
#include "isobar-run-timeline.h"

G_BEGIN_DECLS

typedef struct _IsobarWorkerThreads IsobarWorkerThreads;

/* How a job shows in a run's timeline: its slice's name and one arg, all
 * interned in the timeline (isobar_run_timeline_intern()). */
typedef struct
{
  const char *name;
  const char *arg_name;   /* (nullable) */
  const char *arg_value;  /* (nullable) */
} IsobarJobSlice;

/* Starts @n_threads threads waiting on a FIFO queue. With @lock (gil-threads)
 * a thread holds it while kernel code runs and yields it at checkpoints. */
IsobarWorkerThreads *isobar_worker_threads_new             (guint                  n_threads,
                                                            IsobarInterpreterLock *lock);
/* Each thread then records the jobs it runs as slices on its track
 * ("Worker 1"…). Before the first push; once. */
void                 isobar_worker_threads_set_timeline    (IsobarWorkerThreads   *self,
                                                            IsobarRunTimeline     *timeline);
/* Queues @job on @series; a thread runs it and returns @task (a GBytes
 * pointer, or the error), checking the task's cancellable at every
 * checkpoint. @slice: (nullable): the job's slice, with a timeline. */
void                 isobar_worker_threads_push            (IsobarWorkerThreads   *self,
                                                            GTask                 *task,
                                                            const IsobarKernelJob *job,
                                                            IsobarClimateSeries   *series,
                                                            const IsobarJobSlice  *slice);
guint64              isobar_worker_threads_get_n_checkpoints (IsobarWorkerThreads *self);
/* Fails queued jobs and stops running ones with G_IO_ERROR_CLOSED, then
 * joins every thread. */
void                 isobar_worker_threads_free            (IsobarWorkerThreads   *self);

/* The checkpoint error when an executor was shut down. */
void                 isobar_executor_set_closed_error      (GError               **error);

G_END_DECLS
