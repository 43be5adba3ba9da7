/* isobar-executor-threads.c: the worker threads behind IsobarExecutor's
 * thread-pool and gil-threads strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Own GThreads pulling from a GAsyncQueue rather than GTask's shared pool,
 * so that N means N. The threads touch only this structure, never the
 * executor object, so they never keep it alive or dispose it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-executor-threads.h"
#include "isobar-job-context.h"

struct _IsobarWorkerThreads
{
  GAsyncQueue           *queue;          /* (element-type WorkItem) */
  GPtrArray             *threads;        /* (element-type GThread) */
  IsobarInterpreterLock *lock;           /* (nullable) (owned) */
  IsobarRunTimeline     *timeline;       /* (nullable) (owned): set before the first push */
  gint                   closing;        /* (atomic) */
  gsize                  n_checkpoints;  /* (atomic) */
  gint                   n_started;      /* (atomic) threads that took a number */
};

typedef struct
{
  GTask               *task;
  IsobarKernelJob     *job;
  IsobarClimateSeries *series;
  gulong               cancelled_id;
  gint                 claimed;          /* (atomic) by a worker or the cancel */
  IsobarJobSlice       slice;            /* name NULL without a timeline */
} WorkItem;

/* One thread's own. */
typedef struct
{
  IsobarWorkerThreads *threads;
  guint                number;           /* 1, 2, … */
  guint                track;            /* in the timeline, once has_track */
  gboolean             has_track;
} Worker;

typedef struct
{
  IsobarWorkerThreads *threads;
  GCancellable        *cancellable;      /* (nullable) the job's */
} Checkpoint;

/* Pushed once per thread to make it exit: a queue cannot hold NULL. */
static WorkItem stop_item;

void
isobar_executor_set_closed_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                       _("The analysis was stopped because its executor was shut down"));
}

static void
work_item_free (WorkItem *item)
{
  /* (waits for a handler running in another thread, so item outlives it) */
  g_cancellable_disconnect (g_task_get_cancellable (item->task), item->cancelled_id);
  g_clear_object (&item->task);
  g_clear_pointer (&item->job, isobar_kernel_job_free);
  g_clear_pointer (&item->series, isobar_climate_series_unref);
  g_free (item);
}

static gboolean
stopped (IsobarWorkerThreads  *self,
         GCancellable         *cancellable,
         GError              **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return TRUE;
  if (g_atomic_int_get (&self->closing))
    {
      isobar_executor_set_closed_error (error);
      return TRUE;
    }
  return FALSE;
}

static gboolean
thread_checkpoint (gpointer   user_data,
                   double     fraction_done,
                   GError   **error)
{
  Checkpoint *checkpoint = user_data;
  IsobarWorkerThreads *self = checkpoint->threads;

  g_atomic_pointer_add (&self->n_checkpoints, 1);
  /* gil-threads: the only place the lock changes hands during a job, as
   * CPython's eval loop checks its drop request between bytecodes. */
  if (self->lock != NULL)
    isobar_interpreter_lock_yield_if_requested (self->lock);
  return !stopped (self, checkpoint->cancellable, error);
}

static GBytes *
run_item (IsobarWorkerThreads  *self,
          WorkItem             *item,
          GError              **error)
{
  static const IsobarJobContextFuncs funcs = { thread_checkpoint };
  Checkpoint checkpoint = { self, g_task_get_cancellable (item->task) };
  g_autoptr(IsobarJobContext) ctx = NULL;

  if (stopped (self, checkpoint.cancellable, error))
    return NULL;

  ctx = isobar_job_context_new (&funcs, &checkpoint, NULL);
  /* gil-threads: the kernel checks the drop request as often as CPython's
   * eval loop would (every turn of its innermost loop), and reaches the
   * checkpoint that yields at once. */
  if (self->lock != NULL)
    isobar_job_context_set_breaker (ctx, isobar_interpreter_lock_get_drop_request (self->lock));
  return isobar_kernel_run (item->job, item->series, ctx, error);
}

/* The thread's track, named before the thread takes the interpreter lock,
 * whose waits go on it. (The timeline is set before the first push, so
 * a popped item shows it.) */
static void
worker_name_track (Worker *worker)
{
  g_autofree char *name = NULL;

  if (worker->has_track || worker->threads->timeline == NULL)
    return;

  name = g_strdup_printf ("Worker %u", worker->number);
  worker->track = isobar_run_timeline_thread_track (worker->threads->timeline, name);
  worker->has_track = TRUE;
}

/* The next item. gil-threads: a worker of Python's ThreadPoolExecutor takes
 * its next job from the queue without letting go of the interpreter lock
 * (SimpleQueue.get() returns at once when an item is there); it releases
 * the lock only to block on an empty queue, and takes it back before it
 * runs Python code again. So does this one: between two queued jobs the
 * lock does not change hands, nor wake its waiters. */
static WorkItem *
next_item (Worker   *worker,
           gboolean *holding)
{
  IsobarWorkerThreads *self = worker->threads;
  WorkItem *item = NULL;

  if (*holding)
    {
      item = g_async_queue_try_pop (self->queue);
      if (item == NULL)
        {
          isobar_interpreter_lock_release (self->lock);
          *holding = FALSE;
        }
    }
  if (item == NULL)
    item = g_async_queue_pop (self->queue);
  if (item != &stop_item)
    worker_name_track (worker);
  if (self->lock != NULL && !*holding && item != &stop_item)
    {
      isobar_interpreter_lock_acquire (self->lock);
      *holding = TRUE;
    }

  return item;
}

static gpointer
worker_main (gpointer data)
{
  IsobarWorkerThreads *self = data;
  Worker worker = { self, g_atomic_int_add (&self->n_started, 1) + 1 };
  gboolean holding = FALSE;

  for (;;)
    {
      WorkItem *item = next_item (&worker, &holding);
      g_autoptr(GError) error = NULL;
      GBytes *output;
      gint64 start_us = 0;

      if (item == &stop_item)
        break;
      /* Cancelled while it waited: already returned. */
      if (!g_atomic_int_compare_and_exchange (&item->claimed, FALSE, TRUE))
        {
          work_item_free (item);
          continue;
        }

      if (item->slice.name != NULL)
        start_us = g_get_monotonic_time ();
      output = run_item (self, item, &error);
      if (item->slice.name != NULL)
        isobar_run_timeline_add_slice (self->timeline, worker.track, ISOBAR_RUN_TIMELINE_JOB, item->slice.name,
                                       start_us, g_get_monotonic_time (),
                                       item->slice.arg_name, item->slice.arg_value);
      /* The task's context gets the result: the caller's thread. */
      if (output != NULL)
        g_task_return_pointer (item->task, output, (GDestroyNotify) g_bytes_unref);
      else
        g_task_return_error (item->task, g_steal_pointer (&error));
      work_item_free (item);
    }

  if (holding)
    isobar_interpreter_lock_release (self->lock);

  return NULL;
}

IsobarWorkerThreads *
isobar_worker_threads_new (guint                  n_threads,
                           IsobarInterpreterLock *lock)
{
  IsobarWorkerThreads *self = g_new0 (IsobarWorkerThreads, 1);

  g_return_val_if_fail (n_threads > 0, NULL);

  self->queue = g_async_queue_new ();
  self->threads = g_ptr_array_new ();
  self->lock = lock != NULL ? g_object_ref (lock) : NULL;
  for (guint i = 0; i < n_threads; i++)
    {
      /* At most 15 bytes, or Linux refuses the name. */
      g_autofree char *name = g_strdup_printf ("isobar-exec-%.3u", i % 1000);

      g_ptr_array_add (self->threads, g_thread_new (name, worker_main, self));
    }

  return self;
}

/* A job cancelled while it waits in the queue returns at once, from
 * whatever thread cancelled it, rather than when a worker gets to it. */
static void
on_queued_item_cancelled (GCancellable *cancellable,
                          WorkItem     *item)
{
  GError *error = NULL;

  if (!g_atomic_int_compare_and_exchange (&item->claimed, FALSE, TRUE))
    return;
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  g_task_return_error (item->task, error);
}

void
isobar_worker_threads_set_timeline (IsobarWorkerThreads *self,
                                    IsobarRunTimeline   *timeline)
{
  g_return_if_fail (self->timeline == NULL);

  self->timeline = g_object_ref (timeline);
}

void
isobar_worker_threads_push (IsobarWorkerThreads   *self,
                            GTask                 *task,
                            const IsobarKernelJob *job,
                            IsobarClimateSeries   *series,
                            const IsobarJobSlice  *slice)
{
  WorkItem *item = g_new0 (WorkItem, 1);

  item->task = g_object_ref (task);
  if (slice != NULL && self->timeline != NULL)
    item->slice = *slice;
  item->job = isobar_kernel_job_copy (job);
  item->series = isobar_climate_series_ref (series);
  /* Before it is queued: once queued, a worker may free it. (When already
   * cancelled, this returns the task at once and the worker skips it.) */
  if (g_task_get_cancellable (task) != NULL)
    item->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task),
                                                G_CALLBACK (on_queued_item_cancelled), item, NULL);
  g_async_queue_push (self->queue, item);
}

guint64
isobar_worker_threads_get_n_checkpoints (IsobarWorkerThreads *self)
{
  return (guint64) g_atomic_pointer_get (&self->n_checkpoints);
}

void
isobar_worker_threads_free (IsobarWorkerThreads *self)
{
  if (self == NULL)
    return;

  /* Running jobs stop at their next checkpoint; queued ones fail as they
   * are popped, before the stop items that come after them. */
  g_atomic_int_set (&self->closing, TRUE);
  for (guint i = 0; i < self->threads->len; i++)
    g_async_queue_push (self->queue, &stop_item);
  for (guint i = 0; i < self->threads->len; i++)
    {
      GThread *thread = g_ptr_array_index (self->threads, i);

      /* (never join oneself, should the last reference drop in a worker) */
      if (thread == g_thread_self ())
        g_thread_unref (thread);
      else
        g_thread_join (thread);
    }

  g_ptr_array_unref (self->threads);
  g_async_queue_unref (self->queue);
  g_clear_object (&self->lock);
  g_clear_object (&self->timeline);
  g_free (self);
}
