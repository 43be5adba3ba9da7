/* isobar-helper-pool.c: jobs run on N persistent isobar-helper processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-frame.h"
#include "isobar-helper-pool.h"
#include "isobar-helper-process.h"

/* How long a cancelled job may take to stop before its helper is killed. */
#define CANCEL_GRACE_MS 100
/* How long helpers get to exit on EOF at shutdown before SIGKILL. Built with
 * AddressSanitizer, a helper checks itself for leaks as it exits, which can
 * take longer than 100 ms; killed meanwhile, its report would be lost (and
 * LeakSanitizer's tracer task orphaned). */
#if defined(__SANITIZE_ADDRESS__)
#define SHUTDOWN_GRACE_MS 2000
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHUTDOWN_GRACE_MS 2000
#endif
#endif
#ifndef SHUTDOWN_GRACE_MS
#define SHUTDOWN_GRACE_MS 100
#endif
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
 * longest gap seen between frames of jobs of that kind (progress frames are
 * due at every checkpoint), and at least MIN_SILENCE_MS; the job timeout
 * stays as the last resort, and the whole rule for kinds not seen yet. */
#define SILENCE_FACTOR 10
#define MIN_SILENCE_MS 2000

typedef enum
{
  WORKER_STARTING,    /* spawned, no hello yet */
  WORKER_IDLE,
  WORKER_BUSY,        /* running worker->job */
  WORKER_CANCELLING,  /* its job was cancelled; waiting for it to stop */
} WorkerState;

typedef struct _Job Job;

typedef struct
{
  IsobarHelperPool    *pool;      /* (unowned) the pool owns the worker */
  IsobarHelperProcess *process;   /* (owned) */
  WorkerState          state;
  Job                 *job;       /* (unowned) while BUSY */
  guint64              job_id;    /* while BUSY or CANCELLING */
  gint64               last_frame_us; /* while BUSY: the job's last frame, or when it was sent */
  GSource             *timer;     /* (owned) hello, silence or cancel deadline; ready time -1: unarmed */
  guint                timeout_ms; /* what the timer was last armed with, for the message */
  gboolean             ready;     /* it said hello */
  GBytes              *series_key; /* (owned) (nullable) key of the kernel series it was sent last */
} Worker;

struct _Job
{
  IsobarHelperPool         *pool;           /* (unowned) the task holds a ref */
  GTask                    *task;           /* (owned) */
  guint64                   id;
  char                     *kind;           /* (owned) */
  GBytes                   *payload;        /* (owned) the kernel job's wire form for kernel jobs */
  GBytes                   *series_key;     /* (owned) (nullable) set for `kernel` jobs only */
  GBytes                   *series;         /* (owned) (nullable) set for kernel jobs (both kinds) only */
  IsobarHelperProgressFunc  progress;
  gpointer                  progress_data;
  GSource                  *cancel_source;  /* (owned) */
  Worker                   *worker;         /* (unowned) NULL while queued */
  guint                     attempts;       /* helpers it has been sent to */
  IsobarHelperJobSpan       span;           /* sent_us 0 until sent */
};

struct _IsobarHelperPool
{
  GObject                parent_instance;

  /* settings */
  guint                  n_workers;
  gboolean               reuse;
  guint                  job_timeout_ms;
  char                  *program;            /* (owned) (nullable): found on first spawn */
  gboolean               allow_fault_injection;
  guint                  max_frame_size;

  /* owned references */
  GMainContext          *context;
  GPtrArray             *workers;            /* Worker, freed by worker_remove() */
  GQueue                 queue;              /* Job waiting for a helper */
  GPtrArray             *start_tasks;        /* GTask of start_async */
  GPtrArray             *dying;              /* GSubprocess closed or killed, not yet reaped */
  GHashTable            *kind_gaps;          /* job kind → longest gap between its frames, µs */

  guint64                next_job_id;
  guint                  consecutive_losses;
  gboolean               keep_warm;          /* start_async was called: keep n_workers alive */
  gboolean               keep_spans;
  gboolean               shut_down;

  IsobarHelperPoolStats  stats;
  guint64                retired_bytes_written;
  guint64                retired_bytes_read;
};

G_DEFINE_FINAL_TYPE (IsobarHelperPool, isobar_helper_pool, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_WORKERS,
  PROP_REUSE,
  PROP_JOB_TIMEOUT,
  PROP_HELPER_PROGRAM,
  PROP_ALLOW_FAULT_INJECTION,
  PROP_MAX_FRAME_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_HELPER_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void dispatch (IsobarHelperPool *self);

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

/* ------------------------------------------------------------------ jobs */

static void
job_free (Job *job)
{
  if (job->cancel_source != NULL)
    {
      g_source_destroy (job->cancel_source);
      g_clear_pointer (&job->cancel_source, g_source_unref);
    }
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
static void
job_return (Job     *job,
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
static void
fail_queue (IsobarHelperPool *self,
            const GError     *error)
{
  g_autoptr(IsobarHelperPool) hold = g_object_ref (self);
  GQueue failed = G_QUEUE_INIT;
  Job *job;

  /* Empty the queue first: callbacks may queue new jobs. */
  while ((job = g_queue_pop_head (&self->queue)) != NULL)
    g_queue_push_tail (&failed, job);
  while ((job = g_queue_pop_head (&failed)) != NULL)
    job_return (job, NULL, g_error_copy (error));
}

/* --------------------------------------------------------------- workers */

/* One deadline source per worker, moved rather than replaced: a busy
 * helper's deadline moves on with every progress frame.
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

static void
worker_set_timer (Worker *worker,
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
static guint
silence_ms (IsobarHelperPool *self,
            const char       *kind)
{
  gpointer gap_us;

  if (!g_hash_table_lookup_extended (self->kind_gaps, kind, NULL, &gap_us))
    return self->job_timeout_ms;
  return (guint) MIN ((guint64) self->job_timeout_ms,
                      MAX ((guint64) MIN_SILENCE_MS, SILENCE_FACTOR * (GPOINTER_TO_SIZE (gap_us) / 1000)));
}

/* A frame of @worker's job came: note the gap since the last one. */
static void
worker_heard (Worker *worker)
{
  IsobarHelperPool *self = worker->pool;
  gint64 now = g_get_monotonic_time ();
  gsize gap_us = (gsize) MAX (0, now - worker->last_frame_us);
  gpointer longest;

  worker->last_frame_us = now;
  if (worker->job == NULL)
    return;
  if (!g_hash_table_lookup_extended (self->kind_gaps, worker->job->kind, NULL, &longest) ||
      gap_us > GPOINTER_TO_SIZE (longest))
    g_hash_table_insert (self->kind_gaps, g_strdup (worker->job->kind), GSIZE_TO_POINTER (gap_us));
}

static guint
count_workers (IsobarHelperPool *self,
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
static void
worker_remove (Worker *worker)
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
static void
complete_start_tasks (IsobarHelperPool *self,
                      const GError     *error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (self->start_tasks->len == 0 || (error == NULL && count_workers (self, WORKER_STARTING) > 0))
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
  worker_remove (worker);

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
      complete_start_tasks (self, owned);
      /* Nobody left to run the queue, and helpers do not start (none ever
       * did, or one after another dies as it starts): say why rather than
       * spawn forever. One killed while starting is simply replaced. */
      if (self->workers->len == 0 &&
          (self->stats.helpers_ready == 0 || self->consecutive_losses > MAX_CONSECUTIVE_LOSSES))
        fail_queue (self, owned);
    }
  else
    {
      replenish (self);
    }

  if (job != NULL)
    job_return (job, NULL, g_steal_pointer (&owned));
  dispatch (self);
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
      worker_remove (worker);
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

  complete_start_tasks (self, NULL);
  dispatch (self);
}

static void
on_worker_failed (IsobarHelperProcess *process,
                  const GError        *error,
                  Worker              *worker)
{
  worker_lost (worker, g_error_copy (error));
}

/* A frame from a helper running (or stopping) a job. */
static void
on_worker_frame (IsobarHelperProcess *process,
                 const IsobarFrame   *frame,
                 Worker              *worker)
{
  IsobarHelperPool *self = worker->pool;
  g_autoptr(IsobarHelperPool) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) remote = NULL;
  Job *job = worker->job;

  /* Job id 0: the helper could not make sense of what we sent. */
  if (frame->type == ISOBAR_FRAME_ERROR && frame->job_id == 0)
    {
      if (!isobar_frame_parse_error (frame, &remote, &error))
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
                           _("a %s frame while it had no job"),
                           isobar_frame_type_to_string (frame->type));
      worker_lost_malformed (worker, error);
      return;
    }
  if (frame->job_id != worker->job_id)
    {
      error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                           _("a %s frame for job %llu during job %llu"),
                           isobar_frame_type_to_string (frame->type),
                           (unsigned long long) frame->job_id, (unsigned long long) worker->job_id);
      worker_lost_malformed (worker, error);
      return;
    }

  switch (frame->type)
    {
    case ISOBAR_FRAME_PROGRESS:
      {
        g_autofree char *text = NULL;
        double fraction = 0.0;

        if (!isobar_frame_parse_progress (frame, &fraction, &text, &error))
          {
            worker_lost_malformed (worker, error);
            return;
          }
        if (worker->state == WORKER_BUSY)
          {
            /* A helper that reports progress is not silent. */
            worker_heard (worker);
            worker_set_timer (worker, silence_ms (self, job->kind));
            if (job->progress != NULL)
              job->progress (fraction, text, job->progress_data);
          }
        return;
      }

    case ISOBAR_FRAME_RESULT:
      if (worker->state == WORKER_BUSY)
        worker_heard (worker);
      worker_job_ended (worker);
      if (job != NULL)
        {
          job->worker = NULL;
          job_return (job, frame->payload, NULL);
        }
      dispatch (self);
      return;

    case ISOBAR_FRAME_ERROR:
      if (!isobar_frame_parse_error (frame, &remote, &error))
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
          job_return (job, NULL, g_steal_pointer (&remote));
        }
      dispatch (self);
      return;

    case ISOBAR_FRAME_HELLO:
    case ISOBAR_FRAME_REQUEST:
    case ISOBAR_FRAME_CANCEL:
    default:
      error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                           _("a %s frame, which only the app may send"),
                           isobar_frame_type_to_string (frame->type));
      worker_lost_malformed (worker, error);
      return;
    }
}

static const char *
find_program (IsobarHelperPool  *self,
              GError           **error)
{
  if (self->program == NULL)
    self->program = isobar_helper_find_program (error);
  return self->program;
}

static Worker *
spawn_worker (IsobarHelperPool  *self,
              GError           **error)
{
  IsobarHelperProcessFlags flags = ISOBAR_HELPER_PROCESS_NONE;
  IsobarHelperProcess *process;
  const char *program;
  Worker *worker;

  if ((program = find_program (self, error)) == NULL)
    return NULL;
  if (self->allow_fault_injection)
    flags |= ISOBAR_HELPER_PROCESS_ALLOW_FAULT_INJECTION;
  process = isobar_helper_process_spawn (program, flags, self->max_frame_size, error);
  if (process == NULL)
    return NULL;

  worker = g_new0 (Worker, 1);
  worker->pool = self;
  worker->process = process;
  worker->state = WORKER_STARTING;
  g_signal_connect (process, "ready", G_CALLBACK (on_worker_ready), worker);
  g_signal_connect (process, "frame", G_CALLBACK (on_worker_frame), worker);
  g_signal_connect (process, "failed", G_CALLBACK (on_worker_failed), worker);
  worker_set_timer (worker, start_timeout_ms (self));
  g_ptr_array_add (self->workers, worker);
  self->stats.helpers_started++;

  g_signal_emit (self, signals[SIGNAL_HELPER_STARTED], 0, (int) isobar_helper_process_get_pid (process));
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

      if (spawn_worker (self, &error) == NULL)
        {
          g_warning ("Could not replace a helper process: %s", error->message);
          complete_start_tasks (self, error);
          return;
        }
    }
}

/* ------------------------------------------------------------- dispatching */

static void
assign (Worker *worker,
        Job    *job)
{
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GBytes) input = NULL;
  GBytes *tail = NULL;

  if (job->series_key != NULL)
    {
      /* The series goes to each helper once; then only its key. */
      gboolean has_series = worker->series_key != NULL && g_bytes_equal (worker->series_key, job->series_key);

      input = isobar_frame_pack_kernel_input (job->payload, job->series_key, has_series ? NULL : job->series);
      g_clear_pointer (&worker->series_key, g_bytes_unref);
      worker->series_key = g_bytes_ref (job->series_key);
    }
  else if (job->series != NULL)
    {
      /* `kernel-inline`: the job and the whole series go down the pipe,
       * the series written straight from the caller's bytes rather than
       * copied into the frame on this (the UI) thread, as a Python pool's
       * feeder thread, not its main thread, pickles. The helper keeps
       * nothing of it: worker->series_key stays as it was. */
      frame = isobar_frame_encode_kernel_inline_head (job->id, job->payload, g_bytes_get_size (job->series));
      tail = job->series;
    }
  if (frame == NULL)
    frame = isobar_frame_encode_request (job->id, job->kind, input != NULL ? input : job->payload);
  worker->state = WORKER_BUSY;
  worker->job = job;
  worker->job_id = job->id;
  job->worker = worker;
  job->attempts++;
  worker->last_frame_us = g_get_monotonic_time ();
  if (worker->pool->keep_spans)
    {
      job->span.pid = isobar_helper_process_get_pid (worker->process);
      job->span.sent_us = g_get_monotonic_time ();
    }
  isobar_helper_process_send (worker->process, frame);
  if (tail != NULL)
    isobar_helper_process_send (worker->process, tail);
  worker_set_timer (worker, silence_ms (worker->pool, job->kind));
}

static Worker *
find_idle_worker (IsobarHelperPool *self)
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
static void
dispatch (IsobarHelperPool *self)
{
  guint starting;
  Worker *worker;

  if (self->shut_down)
    return;

  while (!g_queue_is_empty (&self->queue) && (worker = find_idle_worker (self)) != NULL)
    assign (worker, g_queue_pop_head (&self->queue));

  starting = count_workers (self, WORKER_STARTING);
  while (g_queue_get_length (&self->queue) > starting && self->workers->len < self->n_workers)
    {
      g_autoptr(GError) error = NULL;

      if (spawn_worker (self, &error) == NULL)
        {
          if (self->workers->len == 0)
            fail_queue (self, error);
          return;
        }
      starting++;
    }
}

static gboolean
on_job_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  Job *job = user_data;
  IsobarHelperPool *self = job->pool;
  g_autoptr(IsobarHelperPool) hold = g_object_ref (self);
  Worker *worker = job->worker;

  g_clear_pointer (&job->cancel_source, g_source_unref);

  if (worker == NULL)
    {
      g_queue_remove (&self->queue, job);
    }
  else
    {
      g_autoptr(GBytes) frame = isobar_frame_encode_cancel (worker->job_id);

      /* The helper gets CANCEL_GRACE_MS to stop; the caller gets control now. */
      isobar_helper_process_send (worker->process, frame);
      g_clear_pointer (&worker->series_key, g_bytes_unref);
      worker->state = WORKER_CANCELLING;
      worker->job = NULL;
      job->worker = NULL;
      worker_set_timer (worker, CANCEL_GRACE_MS);
    }

  job_return (job, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              _("The job was cancelled")));
  return G_SOURCE_REMOVE;
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
      if (find_program (self, &error) == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  self->keep_warm = TRUE;
  while (self->workers->len < self->n_workers)
    {
      if (spawn_worker (self, &error) == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (count_workers (self, WORKER_STARTING) == 0)
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

/* Queues a job; @series is set for kernel jobs only, whose @payload is then
 * the kernel job's wire form, with @series_key for `kernel` jobs and without
 * it for `kernel-inline` ones (see assign()). */
static void
run_job (IsobarHelperPool         *self,
         gpointer                  source_tag,
         const char               *kind,
         GBytes                   *payload,
         GBytes                   *series_key,
         GBytes                   *series,
         IsobarHelperProgressFunc  progress,
         gpointer                  progress_data,
         GCancellable             *cancellable,
         GAsyncReadyCallback       callback,
         gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *size = NULL;
  g_autofree char *limit = NULL;
  gsize input_size = g_bytes_get_size (payload);
  Job *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[isobar] helper job");

  if (g_task_return_error_if_cancelled (task))
    return;
  if (self->shut_down)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The helper pool was shut down"));
      return;
    }
  if (!isobar_frame_kind_is_valid (kind))
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a valid job kind"), kind);
      return;
    }
  if (series_key != NULL)
    {
      if (g_bytes_get_size (series_key) != ISOBAR_FRAME_SERIES_KEY_SIZE)
        {
          g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                                   _("A series key must be %u bytes"), ISOBAR_FRAME_SERIES_KEY_SIZE);
          return;
        }
      input_size += 4 + ISOBAR_FRAME_SERIES_KEY_SIZE + 1 + g_bytes_get_size (series);
    }
  else if (series != NULL)
    {
      if (g_bytes_get_size (series) == 0)
        {
          g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                                   _("A kernel job needs a series"));
          return;
        }
      input_size += 4 + g_bytes_get_size (series);
    }
  if (input_size + 2 + strlen (kind) > self->max_frame_size)
    {
      size = g_format_size (input_size);
      limit = g_format_size (self->max_frame_size);
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_TOO_LARGE,
                               _("The job’s input (%s) is over the helper’s limit of %s"), size, limit);
      return;
    }

  job = g_new0 (Job, 1);
  job->pool = self;
  job->task = g_steal_pointer (&task);
  job->id = ++self->next_job_id;
  job->kind = g_strdup (kind);
  job->payload = g_bytes_ref (payload);
  job->series_key = series_key != NULL ? g_bytes_ref (series_key) : NULL;
  job->series = series != NULL ? g_bytes_ref (series) : NULL;
  job->progress = progress;
  job->progress_data = progress_data;
  if (cancellable != NULL)
    {
      /* A source, not a handler: cancel may come from any thread. */
      job->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (job->cancel_source, G_SOURCE_FUNC (on_job_cancelled), job, NULL);
      g_source_set_priority (job->cancel_source, G_PRIORITY_HIGH);
      g_source_set_name (job->cancel_source, "[isobar] helper job cancel");
      g_source_attach (job->cancel_source, self->context);
    }

  g_queue_push_tail (&self->queue, job);
  dispatch (self);
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
  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (payload != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run_job (self, isobar_helper_pool_run_async, kind, payload, NULL, NULL,
           progress, progress_data, cancellable, callback, user_data);
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
  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));
  g_return_if_fail (job != NULL);
  g_return_if_fail (series_key != NULL);
  g_return_if_fail (series != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run_job (self, isobar_helper_pool_run_async, ISOBAR_HELPER_KIND_KERNEL, job, series_key, series,
           progress, progress_data, cancellable, callback, user_data);
}

void
isobar_helper_pool_run_kernel_inline_async (IsobarHelperPool         *self,
                                            GBytes                   *job,
                                            GBytes                   *series,
                                            IsobarHelperProgressFunc  progress,
                                            gpointer                  progress_data,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data)
{
  g_return_if_fail (ISOBAR_IS_HELPER_POOL (self));
  g_return_if_fail (job != NULL);
  g_return_if_fail (series != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run_job (self, isobar_helper_pool_run_async, ISOBAR_HELPER_KIND_KERNEL_INLINE, job, NULL, series,
           progress, progress_data, cancellable, callback, user_data);
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
      worker_remove (worker);
    }

  /* Every child closed or killed is in the dying list: reap them all now. */
  subprocesses = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->dying->len; i++)
    g_ptr_array_add (subprocesses, g_object_ref (g_ptr_array_index (self->dying, i)));
  isobar_helper_reap_sync (subprocesses, SHUTDOWN_GRACE_MS);

  complete_start_tasks (self, closed);
  while ((job = g_queue_pop_head (&jobs)) != NULL)
    job_return (job, NULL, g_error_copy (closed));
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

      while ((worker = find_idle_worker (self)) != NULL)
        {
          isobar_helper_process_close (worker->process);
          worker_remove (worker);
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
    case PROP_MAX_FRAME_SIZE:
      g_value_set_uint (value, self->max_frame_size);
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
    case PROP_MAX_FRAME_SIZE:
      self->max_frame_size = g_value_get_uint (value);
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
  properties[PROP_MAX_FRAME_SIZE] =
    g_param_spec_uint ("max-frame-size", NULL, NULL, 64, G_MAXUINT32, ISOBAR_FRAME_DEFAULT_MAX_PAYLOAD,
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
  self->max_frame_size = ISOBAR_FRAME_DEFAULT_MAX_PAYLOAD;
  self->context = g_main_context_ref_thread_default ();
  self->workers = g_ptr_array_new ();
  self->start_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->dying = g_ptr_array_new_with_free_func (g_object_unref);
  self->kind_gaps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->queue);
  self->stats.last_startup_us = -1;
}
