/* isobar-helper-pool-queue.c: the helper pool's jobs: queued in FIFO order,
 * handed to idle helpers (spawning helpers, up to n_workers, for jobs that
 * would wait), cancelled, and returned to their callers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-helper-pool-private.h"
#include "isobar-packet.h"

/* How long a cancelled job may take to stop before its helper is killed. */
#define CANCEL_GRACE_MS 100

/* ------------------------------------------------------------------ jobs */

static gboolean on_cancelled (GCancellable *cancellable,
                              gpointer      user_data);

/* Counts @job among the jobs of @cancellable's watch, made if need be. */
static void
cancel_watch_add (IsobarHelperPool *self,
                  Job              *job,
                  GCancellable     *cancellable)
{
  CancelWatch *watch = g_hash_table_lookup (self->cancel_watches, cancellable);

  if (watch == NULL)
    {
      watch = g_new0 (CancelWatch, 1);
      watch->pool = self;
      watch->cancellable = g_object_ref (cancellable);
      /* A source, not a handler: cancel may come from any thread. */
      watch->source = g_cancellable_source_new (cancellable);
      g_source_set_callback (watch->source, G_SOURCE_FUNC (on_cancelled), watch, NULL);
      g_source_set_priority (watch->source, G_PRIORITY_HIGH);
      g_source_set_static_name (watch->source, "[isobar] helper jobs cancel");
      g_source_attach (watch->source, self->context);
      g_hash_table_insert (self->cancel_watches, cancellable, watch);
    }
  watch->n_jobs++;
  job->cancel_watch = watch;
}

static void
cancel_watch_release (Job *job)
{
  CancelWatch *watch = g_steal_pointer (&job->cancel_watch);

  if (watch == NULL || --watch->n_jobs > 0)
    return;

  g_hash_table_remove (watch->pool->cancel_watches, watch->cancellable);
  g_source_destroy (watch->source);
  g_source_unref (watch->source);
  g_object_unref (watch->cancellable);
  g_free (watch);
}

static void
job_free (Job *job)
{
  cancel_watch_release (job);
  g_clear_object (&job->task);
  g_clear_pointer (&job->kind, g_free);
  g_clear_pointer (&job->payload, g_bytes_unref);
  g_clear_pointer (&job->series_key, g_bytes_unref);
  g_clear_pointer (&job->series, g_bytes_unref);
  g_free (job);
}

/* Ends @job with @result or @error (owned). The caller must have detached it
 * from its worker and the queue, and must not touch pool state it cached:
 * the callback may run right now and do anything with the pool. */
void
_isobar_helper_pool_job_return (Job     *job,
                                GBytes  *result,
                                GError  *error)
{
  IsobarHelperPool *self = job->pool;
  g_autoptr(GTask) task = g_steal_pointer (&job->task);

  g_assert (job->worker == NULL);

  if (error == NULL)
    self->stats.jobs_done++;
  else
    self->stats.jobs_failed++;
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->stats.jobs_cancelled++;
  if (self->keep_spans && job->span.sent_us > 0)
    {
      job->span.ended_us = g_get_monotonic_time ();
      g_task_set_task_data (task, g_memdup2 (&job->span, sizeof job->span), g_free);
    }

  job_free (job);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_bytes_ref (result), (GDestroyNotify) g_bytes_unref);
}

/* Fails every queued job with a copy of @error. */
void
_isobar_helper_pool_fail_queue (IsobarHelperPool *self,
                                const GError     *error)
{
  g_autoptr(IsobarHelperPool) hold = g_object_ref (self);
  GQueue failed = G_QUEUE_INIT;
  Job *job;

  /* Empty the queue first: callbacks may queue new jobs. */
  while ((job = g_queue_pop_head (&self->queue)) != NULL)
    g_queue_push_tail (&failed, job);
  while ((job = g_queue_pop_head (&failed)) != NULL)
    _isobar_helper_pool_job_return (job, NULL, g_error_copy (error));
}

/* ------------------------------------------------------------- dispatching */

static void
assign (Worker *worker,
        Job    *job)
{
  g_autoptr(GBytes) packet = NULL;
  GBytes *tail = NULL;

  if (job->series_key != NULL)
    {
      /* The series goes to each helper once; then only its key. Like the
       * inline series below, it is written after the packet's head from
       * the caller's own bytes, not copied into one packet: on this (the
       * UI) thread a copy of a 40-year series is a fresh mapping of a few
       * hundred KiB to fault in and fill (BENCHMARKS.md §5i). */
      gboolean has_series = worker->series_key != NULL && g_bytes_equal (worker->series_key, job->series_key);

      if (!has_series)
        tail = job->series;
      packet = isobar_packet_encode_kernel_head (job->id, job->payload, job->series_key,
                                                 tail != NULL ? g_bytes_get_size (tail) : 0);
      g_clear_pointer (&worker->series_key, g_bytes_unref);
      worker->series_key = g_bytes_ref (job->series_key);
    }
  else if (job->series != NULL)
    {
      /* `kernel-inline`: the job and the whole series go down the pipe,
       * the series written straight from the caller's bytes rather than
       * copied into the packet on this (the UI) thread, as a Python pool's
       * feeder thread, not its main thread, pickles. The helper keeps
       * nothing of it: worker->series_key stays as it was. */
      packet = isobar_packet_encode_kernel_inline_head (job->id, job->payload, g_bytes_get_size (job->series));
      tail = job->series;
    }
  if (packet == NULL)
    packet = isobar_packet_encode_request (job->id, job->kind, job->payload);
  worker->state = WORKER_BUSY;
  worker->job = job;
  worker->job_id = job->id;
  job->worker = worker;
  job->attempts++;
  worker->last_packet_us = g_get_monotonic_time ();
  if (worker->pool->keep_spans)
    {
      job->span.pid = isobar_helper_process_get_pid (worker->process);
      job->span.sent_us = g_get_monotonic_time ();
    }
  isobar_helper_process_send (worker->process, packet);
  if (tail != NULL)
    isobar_helper_process_send (worker->process, tail);
  _isobar_helper_pool_worker_set_timer (worker, _isobar_helper_pool_silence_ms (worker->pool, job->kind));
}

Worker *
_isobar_helper_pool_find_idle_worker (IsobarHelperPool *self)
{
  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (self->workers, i);

      if (worker->state == WORKER_IDLE)
        return worker;
    }
  return NULL;
}

/* Hands queued jobs to idle helpers, and spawns helpers (up to n_workers)
 * for jobs that would otherwise wait. */
void
_isobar_helper_pool_dispatch (IsobarHelperPool *self)
{
  guint starting;
  Worker *worker;

  if (self->shut_down)
    return;

  while (!g_queue_is_empty (&self->queue) && (worker = _isobar_helper_pool_find_idle_worker (self)) != NULL)
    assign (worker, g_queue_pop_head (&self->queue));

  starting = _isobar_helper_pool_count_workers (self, WORKER_STARTING);
  while (g_queue_get_length (&self->queue) > starting && self->workers->len < self->n_workers)
    {
      g_autoptr(GError) error = NULL;

      if (_isobar_helper_pool_spawn_worker (self, &error) == NULL)
        {
          if (self->workers->len == 0)
            _isobar_helper_pool_fail_queue (self, error);
          return;
        }
      starting++;
    }
}

/* Takes @job out of the queue or off its helper, which is told to stop
 * (it gets CANCEL_GRACE_MS; the caller gets control now). */
static void
job_detach_cancelled (Job *job)
{
  IsobarHelperPool *self = job->pool;
  Worker *worker = job->worker;

  if (worker == NULL)
    {
      g_queue_remove (&self->queue, job);
      return;
    }

  {
    g_autoptr(GBytes) packet = isobar_packet_encode_cancel (worker->job_id);

    isobar_helper_process_send (worker->process, packet);
  }
  g_clear_pointer (&worker->series_key, g_bytes_unref);
  worker->state = WORKER_CANCELLING;
  worker->job = NULL;
  job->worker = NULL;
  _isobar_helper_pool_worker_set_timer (worker, CANCEL_GRACE_MS);
}

/* Every job of the cancelled cancellable, queued or on a helper, ends. */
static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  CancelWatch *watch = user_data;
  IsobarHelperPool *self = watch->pool;
  g_autoptr(IsobarHelperPool) hold = g_object_ref (self);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

  /* Detached first, returned after: a callback may do anything with the
   * pool, and the last job's end frees the watch. */
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    if (((Job *) l->data)->cancel_watch == watch)
      g_ptr_array_add (jobs, l->data);
  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (self->workers, i);

      if (worker->job != NULL && worker->job->cancel_watch == watch)
        g_ptr_array_add (jobs, worker->job);
    }
  for (guint i = 0; i < jobs->len; i++)
    job_detach_cancelled (g_ptr_array_index (jobs, i));
  for (guint i = 0; i < jobs->len; i++)
    _isobar_helper_pool_job_return (g_ptr_array_index (jobs, i), NULL,
                                    g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         _("The job was cancelled")));
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------- queueing */

/* Queues the job @request describes (see assign() for how each kind is
 * sent). Every job ends in isobar_helper_pool_run_finish(), which checks
 * that its task is tagged with isobar_helper_pool_run_async. */
void
_isobar_helper_pool_run_job (IsobarHelperPool    *self,
                             const JobRequest    *request,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *size = NULL;
  g_autofree char *limit = NULL;
  gsize input_size = g_bytes_get_size (request->payload);
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_helper_pool_run_async);
  g_task_set_name (task, "[isobar] helper job");

  if (g_task_return_error_if_cancelled (task))
    return;
  if (self->shut_down)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The helper pool was shut down"));
      return;
    }
  if (!isobar_packet_kind_is_valid (request->kind))
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a valid job kind"), request->kind);
      return;
    }
  if (request->series_key != NULL)
    {
      if (g_bytes_get_size (request->series_key) != ISOBAR_PACKET_SERIES_KEY_SIZE)
        {
          g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                                   _("A series key must be %u bytes"), ISOBAR_PACKET_SERIES_KEY_SIZE);
          return;
        }
      input_size += 4 + ISOBAR_PACKET_SERIES_KEY_SIZE + 1 + g_bytes_get_size (request->series);
    }
  else if (request->series != NULL)
    {
      if (g_bytes_get_size (request->series) == 0)
        {
          g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                                   _("A kernel job needs a series"));
          return;
        }
      input_size += 4 + g_bytes_get_size (request->series);
    }
  if (input_size + 2 + strlen (request->kind) > self->max_packet_size)
    {
      size = g_format_size (input_size);
      limit = g_format_size (self->max_packet_size);
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_TOO_LARGE,
                               _("The job’s input (%s) is over the helper’s limit of %s"), size, limit);
      return;
    }

  job = g_new0 (Job, 1);
  job->pool = self;
  job->task = g_steal_pointer (&task);
  job->id = ++self->next_job_id;
  job->kind = g_strdup (request->kind);
  job->payload = g_bytes_ref (request->payload);
  job->series_key = request->series_key != NULL ? g_bytes_ref (request->series_key) : NULL;
  job->series = request->series != NULL ? g_bytes_ref (request->series) : NULL;
  job->progress = request->progress;
  job->progress_data = request->progress_data;
  if (cancellable != NULL)
    cancel_watch_add (self, job, cancellable);

  g_queue_push_tail (&self->queue, job);
  _isobar_helper_pool_dispatch (self);
}
