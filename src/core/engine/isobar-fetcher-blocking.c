/* isobar-fetcher-blocking.c: the fetcher's blocking strategies, each
 * request downloaded and parsed in one call, on a session taken from the
 * run's IsobarHttpSessions: ui-thread (the whole list inside one main-loop
 * callback), and worker and thread-pool (threads of ours pulling requests
 * from a queue and posting what came of each to the caller's thread, in the
 * order it happened).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-background.h"
#include "isobar-fetcher-private.h"
#include "isobar-http.h"
#include "isobar-mailbox.h"

/* Downloads and parses request @index on @session, blocking. Any thread. */
static IsobarArchive *
fetch_one (Run          *run,
           SoupSession  *session,
           guint         index,
           gsize        *n_bytes,
           GError      **error)
{
  g_autoptr(GBytes) body = NULL;
  gint64 start_us;

  *n_bytes = 0;
  if (run->urls[index] == NULL)
    {
      g_propagate_error (error, g_error_copy (run->url_errors[index]));
      return NULL;
    }

  start_us = _isobar_fetcher_step_start (run->timeline);
  body = isobar_http_get (session, run->urls[index], run->timeout, run->max_body_size,
                          run->cancellable, error);
  _isobar_fetcher_step_end (run->timeline, "download", run->urls[index], start_us);
  if (body == NULL)
    return NULL;

  *n_bytes = g_bytes_get_size (body);
  return _isobar_fetcher_parse_recorded (run, run->urls[index], body, error);
}

/* ---- ui-thread: the whole list inside one main-loop callback ---- */

gboolean
_isobar_fetcher_ui_thread_run_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  SoupSession *session = isobar_http_sessions_take (run->sessions);

  for (guint i = 0; i < run->n_requests && !g_cancellable_is_cancelled (run->cancellable); i++)
    {
      g_autoptr(IsobarArchive) archive = NULL;
      g_autoptr(GError) error = NULL;
      gsize n_bytes;

      archive = fetch_one (run, session, i, &n_bytes, &error);
      _isobar_fetcher_deliver (task, i, archive, error, n_bytes);
    }
  isobar_http_sessions_give_back (run->sessions, session);

  run->producers--;
  _isobar_fetcher_check_done (task);
  return G_SOURCE_REMOVE;
}

/* ---- worker and thread-pool: our own threads pulling from a queue ---- */

/* A finished request, from a worker thread to the caller's thread; with
 * @run_task set, the news that a worker thread is done instead, holding
 * the run until the caller's thread has taken it (and joined the thread). */
typedef struct
{
  guint          index;
  IsobarArchive *archive;   /* (owned) (nullable) */
  GError        *error;     /* (owned) (nullable) */
  gsize          n_bytes;
  GTask         *run_task;  /* (owned) (nullable) */
} Outcome;

static void
outcome_free (gpointer data)
{
  Outcome *outcome = data;

  g_clear_object (&outcome->archive);
  g_clear_error (&outcome->error);
  g_clear_object (&outcome->run_task);
  g_free (outcome);
}


/* Caller's thread, from the run's mailbox: one outcome, in the order they
 * happened. The last exit's delivery may free the run and the mailbox. */
static void
deliver_outcome (gpointer item,
                 gpointer user_data)
{
  Outcome *outcome = item;
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  if (outcome->run_task != NULL)
    run->producers--;
  else
    _isobar_fetcher_deliver (task, outcome->index, outcome->archive, outcome->error, outcome->n_bytes);

  _isobar_fetcher_check_done (task);
  outcome_free (outcome);
}

/* Posts a download thread's exit: the news, holding the run (@task's
 * reference, taken over) until the caller's thread has taken it. */
static void
post_exit (Run   *run,
           GTask *task)
{
  Outcome *exited = g_new0 (Outcome, 1);

  exited->run_task = task;
  isobar_mailbox_post (run->mailbox, exited);
}

/* Requests go through libsoup with a main context of this thread's own,
 * and outcomes through the run's mailbox, so that this thread (at
 * background priority) never holds the caller's main context's lock. */
static void
download_requests (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GMainContext) own = g_main_context_new ();
  SoupSession *session;
  gpointer item;

  /* libsoup attaches the sources of a session and of each request to the
   * thread-default context, the caller's main context in a thread without
   * one: every request then took that context's lock from this thread (at
   * background priority, so the UI thread waited while it was preempted
   * holding it) and woke the UI thread for libsoup's queue. The requests
   * are synchronous and need no context iterated; this one never is
   * (BENCHMARKS.md §5j). */
  g_main_context_push_thread_default (own);
  session = isobar_http_sessions_take (run->sessions);

  if (run->timeline != NULL)
    {
      g_autofree char *name = g_strdup_printf ("Download thread %d", g_atomic_int_add (&run->n_named, 1) + 1);

      isobar_run_timeline_thread_track (run->timeline, name);
    }

  /* The queue is filled before the threads start: empty means drained. */
  while (!g_cancellable_is_cancelled (run->cancellable) &&
         (item = g_async_queue_try_pop (run->queue)) != NULL)
    {
      Outcome *outcome = g_new0 (Outcome, 1);

      outcome->index = GPOINTER_TO_UINT (item) - 1;
      outcome->archive = fetch_one (run, session, outcome->index, &outcome->n_bytes, &outcome->error);
      isobar_mailbox_post (run->mailbox, outcome);
    }
  isobar_http_sessions_give_back (run->sessions, session);
  g_main_context_pop_thread_default (own);
}

/* A download thread after the first: holds a reference on the task (the
 * run) until its exit has been posted. */
static gpointer
worker_thread (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  /* Downloads and their parsing must not take a core from the UI thread. */
  isobar_background_thread_enter ();
  download_requests (task);
  post_exit (run, task);
  return NULL;
}

/* The first download thread, the only one the caller's thread starts and
 * joins: it starts the others and joins them before it exits. Making a
 * thread costs this machine ~0.2 ms of the calling thread (its kernel
 * stack included), which the caller's thread, the UI thread, paid for all
 * eight at a run's start (BENCHMARKS.md §5m). The caller counted every
 * thread wanted as a producer: one that cannot be started is posted as
 * having exited at once. */
static gpointer
first_worker_thread (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();

  isobar_background_thread_enter ();
  for (guint i = 1; i < run->n_threads; i++)
    {
      g_autofree char *name = g_strdup_printf ("isobar-fetch-%u", i);
      g_autoptr(GError) error = NULL;
      GThread *thread = g_thread_try_new (name, worker_thread, g_object_ref (task), &error);

      if (thread == NULL)
        {
          g_debug ("Download thread %u not started: %s", i, error->message);
          post_exit (run, g_object_ref (task));
          continue;
        }
      g_ptr_array_add (others, thread);
    }

  download_requests (task);
  for (guint i = 0; i < others->len; i++)
    g_thread_join (g_ptr_array_index (others, i));
  post_exit (run, task);
  return NULL;
}

void
_isobar_fetcher_start_threads (GTask *task,
                               guint  n_threads)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The task is the mailbox's delivery data: the run owns the mailbox
   * and the task owns the run. */
  run->mailbox = isobar_mailbox_new (run->context, "[isobar] fetch outcomes", deliver_outcome, task,
                                     outcome_free, &error);
  if (run->mailbox == NULL)
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               /* Translators: %s is the system's reason, e.g. "Too many open files" */
                               _("Could not start the downloads: %s"), error->message);
      run->completed = TRUE;
      return;
    }
  run->queue = g_async_queue_new ();
  for (guint i = 0; i < run->n_requests; i++)
    g_async_queue_push (run->queue, GUINT_TO_POINTER (i + 1));
  if (n_threads == 0)
    return;

  /* Each thread wanted is a producer until its exit is delivered. */
  run->n_threads = n_threads;
  run->producers += n_threads;
  run->first_thread = g_thread_try_new ("isobar-fetch-0", first_worker_thread, g_object_ref (task), &error);
  if (run->first_thread == NULL)
    {
      g_object_unref (task);
      run->producers -= n_threads;
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               _("Could not start a download thread: %s"), error->message);
      run->completed = TRUE;
    }
}
