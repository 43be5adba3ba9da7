/* isobar-helper-pool-workers.c: the helpers the pool keeps: spawned (and
 * replenished), heard from (hello, packets, failure), held to deadlines
 * (start, silence, cancel), and, when one dies, hangs or breaks the
 * protocol, forgotten and replaced while its job runs again elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-helper-pool-private.h"
#include "isobar-packet.h"

/* Helpers lost in a row, with no job ending in between, after which dead
 * helpers are no longer replaced ahead of time (only when a job needs one):
 * a helper that dies as soon as it starts must not make a spawn loop. */
#define MAX_CONSECUTIVE_LOSSES 8
/* A helper gets at least this long to say hello, however short the job
 * timeout: start-up is slower on a loaded machine or in a sandbox. */
#define MIN_START_TIMEOUT_MS 10000
/* A job whose helper died, hung or broke the protocol runs again on a
 * fresh helper this many times (jobs are pure functions of their input)
 * before it fails. */
#define MAX_RETRIES 2
/* A busy helper is hung when it has been silent for SILENCE_FACTOR times the
 * longest gap seen between packets of jobs of that kind (progress packets are
 * due at every checkpoint), and at least MIN_SILENCE_MS; the job timeout
 * stays as the last resort, and the whole rule for kinds not seen yet. */
#define SILENCE_FACTOR 10
#define MIN_SILENCE_MS 2000

/* "60 s", "250 ms", "1.5 s" */
static char *
format_duration (guint ms)
{
  if (ms % 1000 == 0)
    return g_strdup_printf (_("%u s"), ms / 1000);
  if (ms < 1000)
    return g_strdup_printf (_("%u ms"), ms);
  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

/* --------------------------------------------------------------- workers */

/* One deadline source per worker, moved rather than replaced: a busy
 * helper's deadline moves on with every progress packet.
 *
 * GLib picks the sources due before it dispatches any of them: when the
 * helper's answer and its deadline are both due in one iteration (a late
 * main loop), the answer may clear or move the deadline first, and GLib still
 * dispatches it. Only a deadline still due when dispatched counts. */
static gboolean
deadline_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  gint64 ready_time = g_source_get_ready_time (source);

  if (ready_time < 0 || ready_time > g_source_get_time (source))
    return G_SOURCE_CONTINUE;
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs deadline_funcs = {
  .dispatch = deadline_dispatch,
};

static gboolean on_worker_deadline (gpointer user_data);

static void
worker_clear_timer (Worker *worker)
{
  if (worker->timer != NULL)
    g_source_set_ready_time (worker->timer, -1);
}

void
_isobar_helper_pool_worker_set_timer (Worker *worker,
                                      guint   timeout_ms)
{
  if (worker->timer == NULL)
    {
      worker->timer = g_source_new (&deadline_funcs, sizeof (GSource));
      g_source_set_callback (worker->timer, on_worker_deadline, worker, NULL);
      g_source_set_name (worker->timer, "[isobar] helper deadline");
      g_source_attach (worker->timer, worker->pool->context);
    }
  worker->timeout_ms = timeout_ms;
  g_source_set_ready_time (worker->timer, g_get_monotonic_time () + (gint64) timeout_ms * 1000);
}

static void
worker_free_timer (Worker *worker)
{
  if (worker->timer != NULL)
    {
      g_source_destroy (worker->timer);
      g_clear_pointer (&worker->timer, g_source_unref);
    }
}

/* How long a helper running a job of @kind may stay silent. */
guint
_isobar_helper_pool_silence_ms (IsobarHelperPool *self,
                                const char       *kind)
{
  gpointer gap_us;

  if (!g_hash_table_lookup_extended (self->kind_gaps, kind, NULL, &gap_us))
    return self->job_timeout_ms;
  return (guint) MIN ((guint64) self->job_timeout_ms,
                      MAX ((guint64) MIN_SILENCE_MS, SILENCE_FACTOR * (GPOINTER_TO_SIZE (gap_us) / 1000)));
}

/* A packet of @worker's job came: note the gap since the last one. */
static void
worker_heard (Worker *worker)
{
  IsobarHelperPool *self = worker->pool;
  gint64 now = g_get_monotonic_time ();
  gsize gap_us = (gsize) MAX (0, now - worker->last_packet_us);
  gpointer longest;

  worker->last_packet_us = now;
  if (worker->job == NULL)
    return;
  if (!g_hash_table_lookup_extended (self->kind_gaps, worker->job->kind, NULL, &longest) ||
      gap_us > GPOINTER_TO_SIZE (longest))
    g_hash_table_insert (self->kind_gaps, g_strdup (worker->job->kind), GSIZE_TO_POINTER (gap_us));
}

guint
_isobar_helper_pool_count_workers (IsobarHelperPool *self,
                                   WorkerState       state)
{
  guint n = 0;

  for (guint i = 0; i < self->workers->len; i++)
    if (((Worker *) g_ptr_array_index (self->workers, i))->state == state)
      n++;
  return n;
}

static void
on_dying_reaped (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GPtrArray) dying = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_ptr_array_remove_fast (dying, source);
}

/* Forgets @worker; its process, already closed or killed, is kept in the
 * dying list until it has been reaped, so that shutdown can wait for it. */
void
_isobar_helper_pool_worker_remove (Worker *worker)
{
  IsobarHelperPool *self = worker->pool;
  GSubprocess *subprocess = isobar_helper_process_get_subprocess (worker->process);

  g_assert (worker->job == NULL);

  worker_free_timer (worker);
  g_signal_handlers_disconnect_by_data (worker->process, worker);
  self->retired_bytes_written += isobar_helper_process_get_bytes_written (worker->process);
  self->retired_bytes_read += isobar_helper_process_get_bytes_read (worker->process);

  g_ptr_array_add (self->dying, g_object_ref (subprocess));
  g_subprocess_wait_async (subprocess, NULL, on_dying_reaped, g_ptr_array_ref (self->dying));

  g_ptr_array_remove (self->workers, worker);
  g_object_unref (worker->process);
  g_clear_pointer (&worker->series_key, g_bytes_unref);
  g_free (worker);
}

/* Completes the start tasks once no helper is starting any more. */
void
_isobar_helper_pool_complete_start_tasks (IsobarHelperPool *self,
                                          const GError     *error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (self->start_tasks->len == 0 ||
      (error == NULL && _isobar_helper_pool_count_workers (self, WORKER_STARTING) > 0))
    return;

  tasks = g_steal_pointer (&self->start_tasks);
  self->start_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void replenish (IsobarHelperPool *self);

/* @worker is gone for good (it died, or we killed it): its job runs again
 * on a healthy helper, or, after MAX_RETRIES, fails with @error (owned) as
 * the last cause; the helper is forgotten and replaced. */
static void
worker_lost (Worker *worker,
             GError *error)
{
  IsobarHelperPool *self = worker->pool;
  g_autoptr(IsobarHelperPool) hold = g_object_ref (self);
  g_autoptr(GError) owned = error;
  gboolean was_starting = worker->state == WORKER_STARTING;
  Job *job = g_steal_pointer (&worker->job);

  g_debug ("Helper %d lost: %s", (int) isobar_helper_process_get_pid (worker->process), owned->message);

  isobar_helper_process_kill (worker->process);
  if (job != NULL)
    job->worker = NULL;
  self->stats.helpers_lost++;
  if (worker->ready && !self->shut_down)
    self->stats.helpers_restarted++;
  self->consecutive_losses++;
  _isobar_helper_pool_worker_remove (worker);

  if (job != NULL && job->attempts <= MAX_RETRIES && !self->shut_down)
    {
      /* The job is a pure function of its input: it runs again, first in
       * line, on a helper that works. */
      g_debug ("Job %" G_GUINT64_FORMAT " (%s) runs again", job->id, job->kind);
      self->stats.jobs_retried++;
      job->span.sent_us = 0;
      g_queue_push_head (&self->queue, g_steal_pointer (&job));
    }
  else if (job != NULL && job->attempts > 1)
    {
      /* Translators: the end of an error message: “The helper process exited
       * with signal 9 (Killed); the job “kernel” failed on 3 helpers in turn” */
      g_autofree char *message = g_strdup_printf (_("%s; the job “%s” failed on %u helpers in turn"),
                                                  owned->message, job->kind, job->attempts);

      g_free (owned->message);
      owned->message = g_steal_pointer (&message);
    }

  if (was_starting)
    {
      _isobar_helper_pool_complete_start_tasks (self, owned);
      /* Nobody left to run the queue, and helpers do not start (none ever
       * did, or one after another dies as it starts): say why rather than
       * spawn forever. One killed while starting is simply replaced. */
      if (self->workers->len == 0 &&
          (self->stats.helpers_ready == 0 || self->consecutive_losses > MAX_CONSECUTIVE_LOSSES))
        _isobar_helper_pool_fail_queue (self, owned);
    }
  else
    {
      replenish (self);
    }

  if (job != NULL)
    _isobar_helper_pool_job_return (job, NULL, g_steal_pointer (&owned));
  _isobar_helper_pool_dispatch (self);
}

static void
worker_lost_malformed (Worker       *worker,
                       const GError *cause)
{
  worker_lost (worker, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                    _("The helper process sent a malformed reply: %s"),
                                    cause->message));
}

static guint
start_timeout_ms (IsobarHelperPool *self)
{
  return MAX (self->job_timeout_ms, MIN_START_TIMEOUT_MS);
}

static gboolean
on_worker_deadline (gpointer user_data)
{
  Worker *worker = user_data;
  g_autofree char *duration = format_duration (worker->timeout_ms);

  switch (worker->state)
    {
    case WORKER_STARTING:
      worker_lost (worker, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_TIMEOUT,
                                        _("The helper process did not start within %s"), duration));
      break;
    case WORKER_BUSY:
      worker_lost (worker, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_TIMEOUT,
                                        _("The helper process did not answer within %s"), duration));
      break;
    case WORKER_CANCELLING:
      worker_lost (worker, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_TIMEOUT,
                                        _("The helper process did not stop within %d ms of a cancel"),
                                        (int) worker->timeout_ms));
      break;
    case WORKER_IDLE:
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

/* The job of @worker ended (result, error, or the end of a cancelled one). */
static void
worker_job_ended (Worker *worker)
{
  IsobarHelperPool *self = worker->pool;

  self->consecutive_losses = 0;
  worker->job = NULL;
  worker->job_id = 0;
  worker->state = WORKER_IDLE;
  worker_clear_timer (worker);
  if (!self->reuse)
    {
      /* process-per-job: this helper has had its one job; EOF makes it exit. */
      isobar_helper_process_close (worker->process);
      _isobar_helper_pool_worker_remove (worker);
    }
}

static void
on_worker_ready (IsobarHelperProcess *process,
                 Worker              *worker)
{
  IsobarHelperPool *self = worker->pool;
  gint64 startup_us = isobar_helper_process_get_startup_us (process);

  worker->state = WORKER_IDLE;
  worker->ready = TRUE;
  worker_clear_timer (worker);
  self->stats.helpers_ready++;
  self->stats.last_startup_us = startup_us;
  self->stats.total_startup_us += startup_us;
  g_debug ("Helper %d ready in %" G_GINT64_FORMAT " µs",
           (int) isobar_helper_process_get_pid (process), startup_us);

  _isobar_helper_pool_complete_start_tasks (self, NULL);
  _isobar_helper_pool_dispatch (self);
}

static void
on_worker_failed (IsobarHelperProcess *process,
                  const GError        *error,
                  Worker              *worker)
{
  worker_lost (worker, g_error_copy (error));
}

/* A packet from a helper running (or stopping) a job. */
static void
on_worker_packet (IsobarHelperProcess *process,
                  const IsobarPacket  *packet,
                  Worker              *worker)
{
  IsobarHelperPool *self = worker->pool;
  g_autoptr(IsobarHelperPool) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) remote = NULL;
  Job *job = worker->job;

  /* Job id 0: the helper could not make sense of what we sent. */
  if (packet->type == ISOBAR_PACKET_ERROR && packet->job_id == 0)
    {
      if (!isobar_packet_parse_error (packet, &remote, &error))
        worker_lost_malformed (worker, error);
      else
        worker_lost (worker, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                          _("The helper process refused a request: %s"),
                                          remote->message));
      return;
    }

  if (worker->state != WORKER_BUSY && worker->state != WORKER_CANCELLING)
    {
      error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                           /* Translators: %s is a packet type (“progress”) */
                           _("a %s packet while it had no job"),
                           isobar_packet_type_to_string (packet->type));
      worker_lost_malformed (worker, error);
      return;
    }
  if (packet->job_id != worker->job_id)
    {
      error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                           /* Translators: %s is a packet type (“result”), then the job it
                            * names and the job the helper was running */
                           _("a %s packet for job %llu during job %llu"),
                           isobar_packet_type_to_string (packet->type),
                           (unsigned long long) packet->job_id, (unsigned long long) worker->job_id);
      worker_lost_malformed (worker, error);
      return;
    }

  switch (packet->type)
    {
    case ISOBAR_PACKET_PROGRESS:
      {
        g_autofree char *text = NULL;
        double fraction = 0.0;

        if (!isobar_packet_parse_progress (packet, &fraction, &text, &error))
          {
            worker_lost_malformed (worker, error);
            return;
          }
        if (worker->state == WORKER_BUSY)
          {
            /* A helper that reports progress is not silent. */
            worker_heard (worker);
            _isobar_helper_pool_worker_set_timer (worker, _isobar_helper_pool_silence_ms (self, job->kind));
            if (job->progress != NULL)
              job->progress (fraction, text, job->progress_data);
          }
        return;
      }

    case ISOBAR_PACKET_RESULT:
      if (worker->state == WORKER_BUSY)
        worker_heard (worker);
      worker_job_ended (worker);
      if (job != NULL)
        {
          job->worker = NULL;
          _isobar_helper_pool_job_return (job, packet->payload, NULL);
        }
      _isobar_helper_pool_dispatch (self);
      return;

    case ISOBAR_PACKET_ERROR:
      if (!isobar_packet_parse_error (packet, &remote, &error))
        {
          worker_lost_malformed (worker, error);
          return;
        }
      /* The helper may not have kept the series of a failed job. */
      g_clear_pointer (&worker->series_key, g_bytes_unref);
      worker_job_ended (worker);
      if (job != NULL)
        {
          job->worker = NULL;
          _isobar_helper_pool_job_return (job, NULL, g_steal_pointer (&remote));
        }
      _isobar_helper_pool_dispatch (self);
      return;

    case ISOBAR_PACKET_HELLO:
    case ISOBAR_PACKET_REQUEST:
    case ISOBAR_PACKET_CANCEL:
    default:
      error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                           /* Translators: %s is a packet type (“request”) */
                           _("a %s packet, which only the app may send"),
                           isobar_packet_type_to_string (packet->type));
      worker_lost_malformed (worker, error);
      return;
    }
}

const char *
_isobar_helper_pool_find_program (IsobarHelperPool  *self,
                                  GError           **error)
{
  if (self->program == NULL)
    self->program = isobar_helper_find_program (error);
  return self->program;
}

Worker *
_isobar_helper_pool_spawn_worker (IsobarHelperPool  *self,
                                  GError           **error)
{
  IsobarHelperProcessFlags flags = ISOBAR_HELPER_PROCESS_NONE;
  IsobarHelperProcess *process;
  const char *program;
  Worker *worker;

  if ((program = _isobar_helper_pool_find_program (self, error)) == NULL)
    return NULL;
  if (self->allow_fault_injection)
    flags |= ISOBAR_HELPER_PROCESS_ALLOW_FAULT_INJECTION;
  process = isobar_helper_process_spawn (program, flags, self->max_packet_size, error);
  if (process == NULL)
    return NULL;

  worker = g_new0 (Worker, 1);
  worker->pool = self;
  worker->process = process;
  worker->state = WORKER_STARTING;
  g_signal_connect (process, "ready", G_CALLBACK (on_worker_ready), worker);
  g_signal_connect (process, "packet", G_CALLBACK (on_worker_packet), worker);
  g_signal_connect (process, "failed", G_CALLBACK (on_worker_failed), worker);
  _isobar_helper_pool_worker_set_timer (worker, start_timeout_ms (self));
  g_ptr_array_add (self->workers, worker);
  self->stats.helpers_started++;

  _isobar_helper_pool_emit_helper_started (self, (int) isobar_helper_process_get_pid (process));
  return worker;
}

/* Keeps n_workers helpers alive once the pool has been started (reuse only). */
static void
replenish (IsobarHelperPool *self)
{
  if (self->shut_down || !self->keep_warm || !self->reuse ||
      self->consecutive_losses > MAX_CONSECUTIVE_LOSSES)
    return;

  while (self->workers->len < self->n_workers)
    {
      g_autoptr(GError) error = NULL;

      if (_isobar_helper_pool_spawn_worker (self, &error) == NULL)
        {
          g_warning ("Could not replace a helper process: %s", error->message);
          _isobar_helper_pool_complete_start_tasks (self, error);
          return;
        }
    }
}
