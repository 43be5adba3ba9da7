/* isobar-helper-pool.c: jobs run on N persistent isobar-helper processes:
 * the class, its settings and its public calls (start, run, shut down,
 * stats). The queue of jobs is in isobar-helper-pool-queue.c, the helpers
 * the pool keeps in isobar-helper-pool-workers.c, a helper's pipes in
 * isobar-helper-process.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-helper-pool-private.h"
#include "isobar-packet.h"

/* How long helpers get to exit on EOF at shutdown before SIGKILL. Built with
 * AddressSanitizer, a helper checks itself for leaks as it exits, which can
 * take longer than 100 ms; killed meanwhile, its report would be lost, and
 * LeakSanitizer's tracer task orphaned with the helper still attached, so
 * that its parent cannot reap it until the tracer lets go (seen in CI: a
 * helper "still there" after the pool was gone, its check slower than 2 s
 * with whole stacks on a loaded machine). */
#if defined(__SANITIZE_ADDRESS__)
#define SHUTDOWN_GRACE_MS 15000
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHUTDOWN_GRACE_MS 15000
#endif
#endif
#ifndef SHUTDOWN_GRACE_MS
#define SHUTDOWN_GRACE_MS 100
#endif

G_DEFINE_FINAL_TYPE (IsobarHelperPool, isobar_helper_pool, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_WORKERS,
  PROP_REUSE,
  PROP_JOB_TIMEOUT,
  PROP_HELPER_PROGRAM,
  PROP_ALLOW_FAULT_INJECTION,
  PROP_MAX_PACKET_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_HELPER_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* For _isobar_helper_pool_spawn_worker(): the signal is the class's. */
void
_isobar_helper_pool_emit_helper_started (IsobarHelperPool *self,
                                         int               pid)
{
  g_signal_emit (self, signals[SIGNAL_HELPER_STARTED], 0, pid);
}

/* ------------------------------------------------------------------ API */

IsobarHelperPool *
isobar_helper_pool_new (guint n_workers)
{
  g_return_val_if_fail (n_workers > 0, NULL);

  return g_object_new (ISOBAR_TYPE_HELPER_POOL, "n-workers", n_workers, NULL);
}

void
isobar_helper_pool_start_async (IsobarHelperPool    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_helper_pool_start_async);
  g_task_set_name (task, "[isobar] start helper pool");

  if (self->shut_down)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The helper pool was shut down"));
      return;
    }
  /* process-per-job starts nothing ahead of time; only check the program. */
  if (!self->reuse)
    {
      if (_isobar_helper_pool_find_program (self, &error) == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  self->keep_warm = TRUE;
  while (self->workers->len < self->n_workers)
    {
      if (_isobar_helper_pool_spawn_worker (self, &error) == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (_isobar_helper_pool_count_workers (self, WORKER_STARTING) == 0)
    g_task_return_boolean (task, TRUE);
  else
    g_ptr_array_add (self->start_tasks, g_steal_pointer (&task));
}

gboolean
isobar_helper_pool_start_finish (IsobarHelperPool  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_POOL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_helper_pool_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
isobar_helper_pool_run_async (IsobarHelperPool         *self,
                              const char               *kind,
                              GBytes                   *payload,
                              IsobarHelperProgressFunc  progress,
                              gpointer                  progress_data,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  const JobRequest request = {
    .kind = kind,
    .payload = payload,
    .progress = progress,
    .progress_data = progress_data,
  };

  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (payload != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _isobar_helper_pool_run_job (self, &request, cancellable, callback, user_data);
}

void
isobar_helper_pool_run_kernel_async (IsobarHelperPool         *self,
                                     GBytes                   *job,
                                     GBytes                   *series_key,
                                     GBytes                   *series,
                                     IsobarHelperProgressFunc  progress,
                                     gpointer                  progress_data,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  const JobRequest request = {
    .kind = series_key != NULL ? ISOBAR_HELPER_KIND_KERNEL : ISOBAR_HELPER_KIND_KERNEL_INLINE,
    .payload = job,
    .series_key = series_key,
    .series = series,
    .progress = progress,
    .progress_data = progress_data,
  };

  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));
  g_return_if_fail (job != NULL);
  g_return_if_fail (series != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _isobar_helper_pool_run_job (self, &request, cancellable, callback, user_data);
}

GBytes *
isobar_helper_pool_run_finish (IsobarHelperPool  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_helper_pool_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
isobar_helper_pool_shutdown (IsobarHelperPool *self)
{
  g_autoptr(IsobarHelperPool) hold = NULL;
  g_autoptr(GPtrArray) subprocesses = NULL;
  g_autoptr(GError) closed = NULL;
  GQueue jobs = G_QUEUE_INIT;
  Job *job;

  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));

  if (self->shut_down)
    return;
  hold = g_object_ref (self);
  self->shut_down = TRUE;
  closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED, _("The helper pool was shut down"));

  /* Detach every job first; their callbacks run only once all is settled. */
  while ((job = g_queue_pop_head (&self->queue)) != NULL)
    g_queue_push_tail (&jobs, job);
  while (self->workers->len > 0)
    {
      Worker *worker = g_ptr_array_index (self->workers, self->workers->len - 1);

      if (worker->job != NULL)
        {
          worker->job->worker = NULL;
          g_queue_push_tail (&jobs, g_steal_pointer (&worker->job));
        }
      isobar_helper_process_close (worker->process);
      _isobar_helper_pool_worker_remove (worker);
    }

  /* Every child closed or killed is in the dying list: reap them all now. */
  subprocesses = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->dying->len; i++)
    g_ptr_array_add (subprocesses, g_object_ref (g_ptr_array_index (self->dying, i)));
  isobar_helper_reap_sync (subprocesses, SHUTDOWN_GRACE_MS);

  _isobar_helper_pool_complete_start_tasks (self, closed);
  while ((job = g_queue_pop_head (&jobs)) != NULL)
    _isobar_helper_pool_job_return (job, NULL, g_error_copy (closed));
}

guint
isobar_helper_pool_get_n_workers (IsobarHelperPool *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_POOL (self), 0);

  return self->n_workers;
}

gboolean
isobar_helper_pool_get_reuse (IsobarHelperPool *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_POOL (self), FALSE);

  return self->reuse;
}

void
isobar_helper_pool_set_reuse (IsobarHelperPool *self,
                              gboolean          reuse)
{
  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));

  reuse = !!reuse;
  if (self->reuse == reuse)
    return;
  self->reuse = reuse;
  /* Idle helpers kept for reuse would now wait forever: let them go. */
  if (!reuse)
    {
      Worker *worker;

      while ((worker = _isobar_helper_pool_find_idle_worker (self)) != NULL)
        {
          isobar_helper_process_close (worker->process);
          _isobar_helper_pool_worker_remove (worker);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REUSE]);
}

guint
isobar_helper_pool_get_job_timeout (IsobarHelperPool *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_POOL (self), 0);

  return self->job_timeout_ms;
}

void
isobar_helper_pool_set_job_timeout (IsobarHelperPool *self,
                                    guint             timeout_ms)
{
  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->job_timeout_ms == timeout_ms)
    return;
  self->job_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_TIMEOUT]);
}

void
isobar_helper_pool_set_keep_spans (IsobarHelperPool *self,
                                   gboolean          keep)
{
  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));

  self->keep_spans = keep;
}

gboolean
isobar_helper_pool_get_job_span (IsobarHelperPool    *self,
                                 GAsyncResult        *result,
                                 IsobarHelperJobSpan *span)
{
  const IsobarHelperJobSpan *kept;

  g_return_val_if_fail (ISOBAR_IS_HELPER_POOL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (span != NULL, FALSE);

  kept = g_task_get_task_data (G_TASK (result));
  if (kept == NULL)
    return FALSE;

  *span = *kept;
  return TRUE;
}

void
isobar_helper_pool_get_stats (IsobarHelperPool      *self,
                              IsobarHelperPoolStats *stats)
{
  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));
  g_return_if_fail (stats != NULL);

  *stats = self->stats;
  stats->bytes_written = self->retired_bytes_written;
  stats->bytes_read = self->retired_bytes_read;
  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (self->workers, i);

      stats->bytes_written += isobar_helper_process_get_bytes_written (worker->process);
      stats->bytes_read += isobar_helper_process_get_bytes_read (worker->process);
    }
}

GArray *
isobar_helper_pool_dup_pids (IsobarHelperPool *self)
{
  GArray *pids;

  g_return_val_if_fail (ISOBAR_IS_HELPER_POOL (self), NULL);

  pids = g_array_sized_new (FALSE, FALSE, sizeof (GPid), self->workers->len);
  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (self->workers, i);
      GPid pid = isobar_helper_process_get_pid (worker->process);

      g_array_append_val (pids, pid);
    }
  return pids;
}

/* --------------------------------------------------------------- GObject */

static void
isobar_helper_pool_dispose (GObject *object)
{
  IsobarHelperPool *self = ISOBAR_HELPER_POOL (object);

  isobar_helper_pool_shutdown (self);

  G_OBJECT_CLASS (isobar_helper_pool_parent_class)->dispose (object);
}

static void
isobar_helper_pool_finalize (GObject *object)
{
  IsobarHelperPool *self = ISOBAR_HELPER_POOL (object);

  g_clear_pointer (&self->workers, g_ptr_array_unref);
  g_clear_pointer (&self->start_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->dying, g_ptr_array_unref);
  g_clear_pointer (&self->kind_gaps, g_hash_table_unref);
  /* Every job has ended, and its watch with it. */
  g_assert (g_hash_table_size (self->cancel_watches) == 0);
  g_clear_pointer (&self->cancel_watches, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->program, g_free);

  G_OBJECT_CLASS (isobar_helper_pool_parent_class)->finalize (object);
}

static void
isobar_helper_pool_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IsobarHelperPool *self = ISOBAR_HELPER_POOL (object);

  switch (prop_id)
    {
    case PROP_N_WORKERS:
      g_value_set_uint (value, self->n_workers);
      break;
    case PROP_REUSE:
      g_value_set_boolean (value, self->reuse);
      break;
    case PROP_JOB_TIMEOUT:
      g_value_set_uint (value, self->job_timeout_ms);
      break;
    case PROP_HELPER_PROGRAM:
      g_value_set_string (value, self->program);
      break;
    case PROP_ALLOW_FAULT_INJECTION:
      g_value_set_boolean (value, self->allow_fault_injection);
      break;
    case PROP_MAX_PACKET_SIZE:
      g_value_set_uint (value, self->max_packet_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_helper_pool_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IsobarHelperPool *self = ISOBAR_HELPER_POOL (object);

  switch (prop_id)
    {
    case PROP_N_WORKERS:
      self->n_workers = g_value_get_uint (value);
      break;
    case PROP_REUSE:
      isobar_helper_pool_set_reuse (self, g_value_get_boolean (value));
      break;
    case PROP_JOB_TIMEOUT:
      isobar_helper_pool_set_job_timeout (self, g_value_get_uint (value));
      break;
    case PROP_HELPER_PROGRAM:
      g_free (self->program);
      self->program = g_value_dup_string (value);
      break;
    case PROP_ALLOW_FAULT_INJECTION:
      self->allow_fault_injection = g_value_get_boolean (value);
      break;
    case PROP_MAX_PACKET_SIZE:
      self->max_packet_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_helper_pool_class_init (IsobarHelperPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_helper_pool_dispose;
  object_class->finalize = isobar_helper_pool_finalize;
  object_class->get_property = isobar_helper_pool_get_property;
  object_class->set_property = isobar_helper_pool_set_property;

  properties[PROP_N_WORKERS] =
    g_param_spec_uint ("n-workers", NULL, NULL, 1, 1024, 1,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REUSE] =
    g_param_spec_boolean ("reuse", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB_TIMEOUT] =
    g_param_spec_uint ("job-timeout", NULL, NULL, 1, G_MAXUINT, ISOBAR_HELPER_POOL_DEFAULT_JOB_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NULL: isobar_helper_find_program() */
  properties[PROP_HELPER_PROGRAM] =
    g_param_spec_string ("helper-program", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_FAULT_INJECTION] =
    g_param_spec_boolean ("allow-fault-injection", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_PACKET_SIZE] =
    g_param_spec_uint ("max-packet-size", NULL, NULL, 64, G_MAXUINT32, ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A helper process was spawned (its pid): for samplers and tests. */
  signals[SIGNAL_HELPER_STARTED] =
    g_signal_new ("helper-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
isobar_helper_pool_init (IsobarHelperPool *self)
{
  self->n_workers = 1;
  self->reuse = TRUE;
  self->job_timeout_ms = ISOBAR_HELPER_POOL_DEFAULT_JOB_TIMEOUT_MS;
  self->max_packet_size = ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD;
  self->context = g_main_context_ref_thread_default ();
  self->workers = g_ptr_array_new ();
  self->start_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->dying = g_ptr_array_new_with_free_func (g_object_unref);
  self->kind_gaps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancel_watches = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_queue_init (&self->queue);
  self->stats.last_startup_us = -1;
}
