/* isobar-executor.c: runs kernel jobs under one of the compute strategies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-executor.h"
#include "isobar-executor-threads.h"
#include "isobar-frame.h"
#include "isobar-helper-pool.h"
#include "isobar-interpreter-lock.h"
#include "isobar-job-context.h"

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
  IsobarClimateSeries   *wire_series;      /* the series of wire_bytes */
  GBytes                *wire_bytes;
  GBytes                *wire_key;         /* (nullable) isobar_frame_kernel_series_key () of wire_bytes,
                                            * computed for the keyed strategies only */

  /* with a timeline: the slices of the jobs; arg interned */
  IsobarRunTimeline     *timeline;         /* (nullable) (owned) */
  const char            *arg_name;         /* (nullable) */
  const char            *arg_value;        /* (nullable) */

  /* ui-thread: the jobs waiting for ui_source, in submission order */
  GQueue                 ui_queue;         /* (element-type GTask) (owned) */
  GSource               *ui_source;        /* (nullable) (owned) */
  guint64                n_checkpoints;
};

G_DEFINE_FINAL_TYPE (IsobarExecutor, isobar_executor, G_TYPE_OBJECT)

static const char *const strategy_ids[] = {
  [ISOBAR_COMPUTE_UI_THREAD] = "ui-thread",
  [ISOBAR_COMPUTE_THREAD_POOL] = "thread-pool",
  [ISOBAR_COMPUTE_GIL_THREADS] = "gil-threads",
  [ISOBAR_COMPUTE_PROCESS_POOL] = "process-pool",
  [ISOBAR_COMPUTE_PICKLE_POOL] = "pickle-pool",
  [ISOBAR_COMPUTE_PROCESS_PER_JOB] = "process-per-job",
};

const char *
isobar_compute_strategy_to_string (IsobarComputeStrategy strategy)
{
  if ((guint) strategy >= G_N_ELEMENTS (strategy_ids))
    return NULL;
  return strategy_ids[strategy];
}

gboolean
isobar_compute_strategy_from_string (const char            *id,
                                     IsobarComputeStrategy *strategy)
{
  g_return_val_if_fail (strategy != NULL, FALSE);

  if (id == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (strategy_ids); i++)
    {
      if (g_str_equal (id, strategy_ids[i]))
        {
          *strategy = (IsobarComputeStrategy) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------ the interpreter lock */

static void
lock_attach (IsobarExecutor *self)
{
  if (self->lock == NULL || self->lock_context != NULL)
    return;
  self->lock_context = g_main_context_ref_thread_default ();
  isobar_interpreter_lock_attach_to_main_context (self->lock, self->lock_context);
}

/* Releases the lock if the context's thread holds it, so that workers (and
 * a join in shutdown) never wait for a main loop that no longer polls. */
static void
lock_detach (IsobarExecutor *self)
{
  if (self->lock_context == NULL)
    return;
  isobar_interpreter_lock_detach (self->lock);
  g_clear_pointer (&self->lock_context, g_main_context_unref);
}

/* ------------------------------------------------------------ the tasks */

static void
on_task_completed (GTask          *task,
                   GParamSpec     *pspec,
                   IsobarExecutor *self)
{
  g_assert (self->n_pending > 0);
  if (--self->n_pending == 0)
    lock_detach (self);
}

static GTask *
new_run_task (IsobarExecutor      *self,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, isobar_executor_run_async);
  g_task_set_name (task, "[isobar] run analysis job");
  /* Runs on the task's context after the callback. */
  self->n_pending++;
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (on_task_completed), self, 0);
  return task;
}

static void
return_output (GTask   *task,
               GBytes  *output,
               GError  *error)
{
  if (output != NULL)
    g_task_return_pointer (task, output, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

/* ------------------------------------------------------------ ui-thread */

typedef struct
{
  IsobarKernelJob     *job;
  IsobarClimateSeries *series;
  IsobarJobSlice       slice;    /* name NULL without a timeline */
} UiJob;

static void
ui_job_free (UiJob *ui_job)
{
  g_clear_pointer (&ui_job->job, isobar_kernel_job_free);
  g_clear_pointer (&ui_job->series, isobar_climate_series_unref);
  g_free (ui_job);
}

static gboolean
ui_checkpoint (gpointer   user_data,
               double     fraction_done,
               GError   **error)
{
  GTask *task = user_data;
  IsobarExecutor *self = g_task_get_source_object (task);

  self->n_checkpoints++;
  if (self->shut_down)
    {
      isobar_executor_set_closed_error (error);
      return FALSE;
    }
  return !g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), error);
}

/* Runs one job; takes @task. */
static void
ui_job_run (GTask *task)
{
  static const IsobarJobContextFuncs funcs = { ui_checkpoint };
  UiJob *ui_job = g_task_get_task_data (task);
  g_autoptr(IsobarJobContext) ctx = isobar_job_context_new (&funcs, task, NULL);
  IsobarExecutor *self = g_task_get_source_object (task);
  GError *error = NULL;
  GBytes *output = NULL;

  /* Between jobs: a cancelled job or a shut-down executor runs nothing. */
  if (ui_checkpoint (task, 0.0, &error))
    {
      gint64 start_us = g_get_monotonic_time ();

      output = isobar_kernel_run (ui_job->job, ui_job->series, ctx, &error);
      if (ui_job->slice.name != NULL)
        isobar_run_timeline_add_slice (self->timeline, isobar_run_timeline_thread_track (self->timeline, NULL),
                                       ISOBAR_RUN_TIMELINE_JOB, ui_job->slice.name, start_us,
                                       g_get_monotonic_time (), ui_job->slice.arg_name, ui_job->slice.arg_value);
    }
  return_output (task, output, error);
  g_object_unref (task);
}

/* Every queued job in one main-loop callback, the ones queued meanwhile
 * (by the callbacks of those done) too: the analysis freezes the loop in
 * one piece, the freeze this strategy is there to show. One idle source
 * per job would let GLib dispatch them apart, cutting it into pieces. */
static gboolean
ui_queue_dispatch (gpointer user_data)
{
  IsobarExecutor *self = user_data;
  GTask *task;

  while ((task = g_queue_pop_head (&self->ui_queue)) != NULL)
    ui_job_run (task);

  /* The context still holds the source until it is removed. */
  g_clear_pointer (&self->ui_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
run_on_ui_thread (IsobarExecutor        *self,
                  GTask                 *task,
                  const IsobarKernelJob *job,
                  IsobarClimateSeries   *series,
                  const IsobarJobSlice  *slice)
{
  UiJob *ui_job = g_new0 (UiJob, 1);

  ui_job->job = isobar_kernel_job_copy (job);
  ui_job->series = isobar_climate_series_ref (series);
  if (slice != NULL)
    ui_job->slice = *slice;
  g_task_set_task_data (task, ui_job, (GDestroyNotify) ui_job_free);
  g_queue_push_tail (&self->ui_queue, g_object_ref (task));

  /* The source is waiting, or running the jobs before: it takes this one
   * too. */
  if (self->ui_source != NULL)
    return;

  /* Submitted from inside a main-loop callback on our context (the
   * pipeline does so when a download arrives): run it right there, as a
   * program that knows no better would, so that the download and the
   * analysis on the UI thread are one freeze, not two. */
  if (g_main_depth () > 0 && g_main_context_is_owner (g_task_get_context (task)))
    {
      while ((task = g_queue_pop_head (&self->ui_queue)) != NULL)
        ui_job_run (task);
      return;
    }

  self->ui_source = g_idle_source_new ();
  g_source_set_priority (self->ui_source, G_PRIORITY_DEFAULT);
  g_source_set_name (self->ui_source, "[isobar] analysis jobs on the UI thread");
  /* The source keeps the executor alive until the queue is empty. */
  g_source_set_callback (self->ui_source, ui_queue_dispatch, g_object_ref (self), g_object_unref);
  g_source_attach (self->ui_source, g_task_get_context (task));
}

/* ------------------------------------------------------------ processes */

static void
on_pool_job_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsobarExecutor *self = g_task_get_source_object (task);
  const IsobarJobSlice *slice = g_task_get_task_data (task);
  IsobarHelperJobSpan span;
  GError *error = NULL;
  GBytes *output = isobar_helper_pool_run_finish (ISOBAR_HELPER_POOL (source), result, &error);

  /* From the send to the result, on the helper's track. */
  if (slice != NULL && isobar_helper_pool_get_job_span (ISOBAR_HELPER_POOL (source), result, &span))
    isobar_run_timeline_add_slice (self->timeline,
                                   isobar_run_timeline_process_track (self->timeline, span.pid, "isobar-helper"),
                                   ISOBAR_RUN_TIMELINE_JOB, slice->name, span.sent_us, span.ended_us,
                                   slice->arg_name, slice->arg_value);
  return_output (task, output, error);
}

/* The jobs of one place all carry the same series: serialise it once. */
static GBytes *
series_wire_bytes (IsobarExecutor      *self,
                   IsobarClimateSeries *series)
{
  if (self->wire_series != series)
    {
      g_clear_pointer (&self->wire_bytes, g_bytes_unref);
      g_clear_pointer (&self->wire_key, g_bytes_unref);
      g_clear_pointer (&self->wire_series, isobar_climate_series_unref);
      self->wire_bytes = isobar_climate_series_serialize (series);
      self->wire_series = isobar_climate_series_ref (series);
    }
  return self->wire_bytes;
}

static void
run_in_helper (IsobarExecutor        *self,
               GTask                 *task,
               const IsobarKernelJob *job,
               IsobarClimateSeries   *series,
               const IsobarJobSlice  *slice)
{
  g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (job);
  GBytes *wire = series_wire_bytes (self, series);

  if (slice != NULL)
    g_task_set_task_data (task, g_memdup2 (slice, sizeof *slice), g_free);

  /* pickle-pool: the job and the whole series cross the pipe every time
   * (written when a helper takes the job) and the helper caches nothing,
   * as a ProcessPoolExecutor worker keeps nothing of a call. */
  if (self->strategy == ISOBAR_COMPUTE_PICKLE_POOL)
    {
      isobar_helper_pool_run_kernel_inline_async (self->pool, job_bytes, wire, NULL, NULL,
                                                  g_task_get_cancellable (task), on_pool_job_done,
                                                  g_object_ref (task));
      return;
    }

  if (self->wire_key == NULL)
    self->wire_key = isobar_frame_kernel_series_key (wire);
  isobar_helper_pool_run_kernel_async (self->pool, job_bytes, self->wire_key, wire, NULL, NULL,
                                       g_task_get_cancellable (task), on_pool_job_done, g_object_ref (task));
}

/* ---------------------------------------------------------- the object */

static void
isobar_executor_dispose (GObject *object)
{
  isobar_executor_shutdown (ISOBAR_EXECUTOR (object));

  G_OBJECT_CLASS (isobar_executor_parent_class)->dispose (object);
}

static void
isobar_executor_finalize (GObject *object)
{
  IsobarExecutor *self = ISOBAR_EXECUTOR (object);

  /* Queued jobs and their source keep the executor alive. */
  g_assert (g_queue_is_empty (&self->ui_queue));
  g_assert (self->ui_source == NULL);

  g_clear_object (&self->pool);
  g_clear_object (&self->lock);
  g_clear_object (&self->timeline);
  g_clear_pointer (&self->wire_bytes, g_bytes_unref);
  g_clear_pointer (&self->wire_key, g_bytes_unref);
  g_clear_pointer (&self->wire_series, isobar_climate_series_unref);

  G_OBJECT_CLASS (isobar_executor_parent_class)->finalize (object);
}

static void
isobar_executor_class_init (IsobarExecutorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_executor_dispose;
  object_class->finalize = isobar_executor_finalize;
}

static void
isobar_executor_init (IsobarExecutor *self)
{
  g_queue_init (&self->ui_queue);
}

guint
isobar_executor_resolve_workers (guint n_workers)
{
  return n_workers > 0 ? n_workers : MAX (1u, g_get_num_processors ());
}

IsobarExecutor *
isobar_executor_new (IsobarComputeStrategy strategy,
                     guint                 n_workers)
{
  IsobarExecutor *self;

  g_return_val_if_fail (isobar_compute_strategy_to_string (strategy) != NULL, NULL);

  self = g_object_new (ISOBAR_TYPE_EXECUTOR, NULL);
  self->strategy = strategy;
  self->n_workers = isobar_executor_resolve_workers (n_workers);

  switch (strategy)
    {
    case ISOBAR_COMPUTE_UI_THREAD:
      self->n_workers = 1;
      break;
    case ISOBAR_COMPUTE_GIL_THREADS:
      self->lock = isobar_interpreter_lock_new ();
      isobar_interpreter_lock_set_switch_interval (self->lock, ISOBAR_INTERPRETER_LOCK_DEFAULT_SWITCH_INTERVAL_US);
      G_GNUC_FALLTHROUGH;
    case ISOBAR_COMPUTE_THREAD_POOL:
      self->threads = isobar_worker_threads_new (self->n_workers, self->lock);
      break;
    case ISOBAR_COMPUTE_PROCESS_PER_JOB:
    case ISOBAR_COMPUTE_PROCESS_POOL:
    case ISOBAR_COMPUTE_PICKLE_POOL:
      self->pool = isobar_helper_pool_new (self->n_workers);
      isobar_helper_pool_set_reuse (self->pool, strategy != ISOBAR_COMPUTE_PROCESS_PER_JOB);
      break;
    default:
      g_assert_not_reached ();
    }

  return self;
}

void
isobar_executor_set_timeline (IsobarExecutor    *self,
                              IsobarRunTimeline *timeline)
{
  g_return_if_fail (ISOBAR_IS_EXECUTOR (self));
  g_return_if_fail (timeline == NULL || ISOBAR_IS_RUN_TIMELINE (timeline));
  /* Threads and the lock take one timeline for good; a pool's executor,
   * kept warm between runs, takes each run's in turn (NULL in between). */
  g_return_if_fail (self->timeline == NULL || (self->threads == NULL && self->lock == NULL));

  g_set_object (&self->timeline, timeline);
  self->arg_name = NULL;
  self->arg_value = NULL;
  if (self->threads != NULL && timeline != NULL)
    isobar_worker_threads_set_timeline (self->threads, timeline);
  if (self->lock != NULL && timeline != NULL)
    isobar_interpreter_lock_set_timeline (self->lock, timeline);
  if (self->pool != NULL)
    isobar_helper_pool_set_keep_spans (self->pool, timeline != NULL);
}

void
isobar_executor_set_timeline_arg (IsobarExecutor *self,
                                  const char     *name,
                                  const char     *value)
{
  g_return_if_fail (ISOBAR_IS_EXECUTOR (self));

  if (self->timeline == NULL)
    return;
  self->arg_name = isobar_run_timeline_intern (self->timeline, name);
  self->arg_value = isobar_run_timeline_intern (self->timeline, name != NULL ? value : NULL);
}

static void
on_pool_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (isobar_helper_pool_start_finish (ISOBAR_HELPER_POOL (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
isobar_executor_start_async (IsobarExecutor      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ISOBAR_IS_EXECUTOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_executor_start_async);
  g_task_set_name (task, "[isobar] start executor");

  if (self->shut_down)
    {
      GError *error = NULL;

      isobar_executor_set_closed_error (&error);
      g_task_return_error (task, error);
    }
  else if (self->pool != NULL)
    isobar_helper_pool_start_async (self->pool, cancellable, on_pool_started, g_steal_pointer (&task));
  else
    g_task_return_boolean (task, TRUE);
}

gboolean
isobar_executor_start_finish (IsobarExecutor  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_executor_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
isobar_executor_run_async (IsobarExecutor        *self,
                           const IsobarKernelJob *job,
                           IsobarClimateSeries   *series,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  IsobarJobSlice slice = { NULL };
  GError *error = NULL;

  g_return_if_fail (ISOBAR_IS_EXECUTOR (self));
  g_return_if_fail (job != NULL);
  g_return_if_fail (series != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_run_task (self, cancellable, callback, user_data);

  if (self->shut_down)
    isobar_executor_set_closed_error (&error);
  else
    isobar_kernel_job_validate (job, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->timeline != NULL)
    {
      g_autofree char *name = isobar_kernel_job_describe (job);

      slice.name = isobar_run_timeline_intern (self->timeline, name);
      slice.arg_name = self->arg_name;
      slice.arg_value = self->arg_value;
    }

  switch (self->strategy)
    {
    case ISOBAR_COMPUTE_UI_THREAD:
      run_on_ui_thread (self, task, job, series, slice.name != NULL ? &slice : NULL);
      break;
    case ISOBAR_COMPUTE_GIL_THREADS:
      lock_attach (self);
      G_GNUC_FALLTHROUGH;
    case ISOBAR_COMPUTE_THREAD_POOL:
      isobar_worker_threads_push (self->threads, task, job, series, slice.name != NULL ? &slice : NULL);
      break;
    case ISOBAR_COMPUTE_PROCESS_POOL:
    case ISOBAR_COMPUTE_PICKLE_POOL:
    case ISOBAR_COMPUTE_PROCESS_PER_JOB:
      run_in_helper (self, task, job, series, slice.name != NULL ? &slice : NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

GBytes *
isobar_executor_run_finish (IsobarExecutor  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_executor_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
isobar_executor_fits (IsobarExecutor        *self,
                      IsobarComputeStrategy  strategy,
                      guint                  n_workers)
{
  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), FALSE);

  if (self->shut_down || self->strategy != strategy)
    return FALSE;
  if (strategy == ISOBAR_COMPUTE_UI_THREAD)
    return TRUE;
  return self->n_workers == isobar_executor_resolve_workers (n_workers);
}

IsobarComputeStrategy
isobar_executor_get_strategy (IsobarExecutor *self)
{
  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), ISOBAR_COMPUTE_UI_THREAD);

  return self->strategy;
}

guint
isobar_executor_get_n_workers (IsobarExecutor *self)
{
  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), 0);

  return self->n_workers;
}

void
isobar_executor_get_helper_stats (IsobarExecutor        *self,
                                  IsobarHelperPoolStats *stats)
{
  g_return_if_fail (ISOBAR_IS_EXECUTOR (self));
  g_return_if_fail (stats != NULL);

  memset (stats, 0, sizeof *stats);
  if (self->pool != NULL)
    isobar_helper_pool_get_stats (self->pool, stats);
}

guint64
isobar_executor_get_pipe_bytes (IsobarExecutor *self)
{
  IsobarHelperPoolStats stats;

  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), 0);

  isobar_executor_get_helper_stats (self, &stats);
  return stats.bytes_written + stats.bytes_read;
}

GArray *
isobar_executor_dup_helper_pids (IsobarExecutor *self)
{
  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), NULL);

  if (self->pool == NULL)
    return g_array_new (FALSE, FALSE, sizeof (GPid));
  return isobar_helper_pool_dup_pids (self->pool);
}

guint64
isobar_executor_get_n_checkpoints (IsobarExecutor *self)
{
  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), 0);

  if (self->threads != NULL)
    return isobar_worker_threads_get_n_checkpoints (self->threads);
  return self->n_checkpoints;
}

IsobarInterpreterLock *
isobar_executor_get_interpreter_lock (IsobarExecutor *self)
{
  g_return_val_if_fail (ISOBAR_IS_EXECUTOR (self), NULL);

  return self->lock;
}

void
isobar_executor_shutdown (IsobarExecutor *self)
{
  g_return_if_fail (ISOBAR_IS_EXECUTOR (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;

  /* First, so that no worker waits for a main loop that holds the lock
   * while this thread joins it. */
  lock_detach (self);
  g_clear_pointer (&self->threads, isobar_worker_threads_free);
  /* The pool and the lock stay, for their figures. */
  if (self->pool != NULL)
    isobar_helper_pool_shutdown (self->pool);
}
