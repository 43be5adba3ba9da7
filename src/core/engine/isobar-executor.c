/* isobar-executor.c: runs kernel jobs under one of the compute strategies:
 * the class, the strategy names, the interpreter lock on the caller's
 * context, and the public calls. The strategies themselves run in
 * isobar-executor-ui-thread.c, isobar-executor-threads.c and
 * isobar-executor-processes.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-executor-private.h"
#include "isobar-helper-pool.h"
#include "isobar-interpreter-lock.h"

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
      _isobar_executor_run_on_ui_thread (self, task, job, series, slice.name != NULL ? &slice : NULL);
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
      _isobar_executor_run_in_helper (self, task, job, series, slice.name != NULL ? &slice : NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
isobar_executor_prepare_series (IsobarExecutor      *self,
                                IsobarClimateSeries *series)
{
  g_return_if_fail (ISOBAR_IS_EXECUTOR (self));
  g_return_if_fail (series != NULL);

  /* strategy is set at construction and never changes. */
  switch (self->strategy)
    {
    case ISOBAR_COMPUTE_PROCESS_POOL:
    case ISOBAR_COMPUTE_PICKLE_POOL:
    case ISOBAR_COMPUTE_PROCESS_PER_JOB:
      _isobar_executor_prepare_series_for_helpers (self, series);
      break;
    default:
      break;
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
