/* isobar-fetcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isobar-background.h"
#include "isobar-loop-log.h"
#include "isobar-error.h"
#include "isobar-fetcher.h"
#include "isobar-http.h"
#include "isobar-parser.h"
#include "isobar-urls.h"

struct _IsobarFetcher
{
  GObject              parent_instance;

  IsobarClient        *client;          /* (owned) */
  IsobarFetchStrategy  strategy;
  guint                concurrency;

  /* Made on the caller's thread, kept from run to run, remade when the
   * client's timeout changes: the async strategy's session (its requests run
   * in the caller's main context), and the sessions that blocking requests
   * take, one per thread at a time (isobar-http.h says why). */
  SoupSession         *session;         /* (owned) (nullable) */
  IsobarHttpSessions  *sessions;        /* (owned) (nullable) */
  guint                session_timeout;
  IsobarRunTimeline   *timeline;        /* (owned) (nullable) */

  /* Figures of the last run, written on the caller's thread. */
  guint64              bytes_received;
  double               wall_ms;
  guint                n_done;
  guint                n_failed;
};

G_DEFINE_FINAL_TYPE (IsobarFetcher, isobar_fetcher, G_TYPE_OBJECT)

static const char * const strategy_ids[] = {
  [ISOBAR_FETCH_UI_THREAD] = "ui-thread",
  [ISOBAR_FETCH_WORKER] = "worker",
  [ISOBAR_FETCH_THREAD_POOL] = "thread-pool",
  [ISOBAR_FETCH_ASYNC] = "async",
};

const char *
isobar_fetch_strategy_to_string (IsobarFetchStrategy strategy)
{
  g_return_val_if_fail ((guint) strategy < G_N_ELEMENTS (strategy_ids), NULL);

  return strategy_ids[strategy];
}

gboolean
isobar_fetch_strategy_from_string (const char          *id,
                                   IsobarFetchStrategy *strategy)
{
  g_return_val_if_fail (strategy != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (strategy_ids); i++)
    if (g_strcmp0 (id, strategy_ids[i]) == 0)
      {
        *strategy = (IsobarFetchStrategy) i;
        return TRUE;
      }

  return FALSE;
}

/* A finished request, from a worker thread to the caller's thread; with
 * @exited set, the news that a worker thread is done instead. */
typedef struct
{
  guint          index;
  IsobarArchive *archive;  /* (owned) (nullable) */
  GError        *error;    /* (owned) (nullable) */
  gsize          n_bytes;
  gboolean       exited;
} Outcome;

static void
outcome_free (gpointer data)
{
  Outcome *outcome = data;

  g_clear_object (&outcome->archive);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

/* One call of fetch_archives_async: the GTask's data. Everything but the
 * fields marked "any thread" belongs to the caller's thread. */
typedef struct
{
  IsobarFetchStrategy  strategy;
  guint                concurrency;
  SoupSession         *session;        /* (owned) async */
  IsobarHttpSessions  *sessions;       /* (owned) any thread: blocking requests */
  GCancellable        *cancellable;    /* (owned) any thread */
  guint                timeout;        /* any thread */
  gsize                max_body_size;  /* any thread */
  guint                n_requests;
  char               **urls;           /* (owned) any thread; n_requests, NULL where the request is invalid */
  GError             **url_errors;     /* (owned) any thread; why urls[i] is NULL */

  IsobarRunTimeline   *timeline;       /* (owned) (nullable) any thread */
  gint                 n_named;        /* (atomic) download threads named */

  GMainContext        *context;        /* (owned) the caller's */
  IsobarFetchItemFunc  item_func;
  gpointer             item_data;
  GDestroyNotify       item_data_free;
  gint64               started;

  /* Thread strategies. */
  GAsyncQueue         *queue;          /* (owned) any thread: index + 1 of the requests left */
  GAsyncQueue         *mailbox;        /* (owned) any thread: Outcome, in the order they happened */
  GPtrArray           *threads;        /* (owned) GThread */

  guint                delivered;
  guint                producers;      /* threads, requests in flight, parsers, the ui-thread callback */
  guint                next;           /* async: the next request to start */
  guint                in_flight;      /* async: downloads running */
  gboolean             completed;
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  /* Threads are joined before the run completes. */
  g_assert (run->threads == NULL || run->threads->len == 0);

  g_clear_object (&run->session);
  g_clear_pointer (&run->sessions, isobar_http_sessions_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->timeline);
  /* Not a strv: an invalid request leaves a NULL in the middle. */
  for (guint i = 0; i < run->n_requests; i++)
    {
      g_clear_pointer (&run->urls[i], g_free);
      g_clear_error (&run->url_errors[i]);
    }
  g_clear_pointer (&run->urls, g_free);
  g_clear_pointer (&run->url_errors, g_free);
  g_clear_pointer (&run->context, g_main_context_unref);
  if (run->item_data_free != NULL)
    g_clear_pointer (&run->item_data, run->item_data_free);
  g_clear_pointer (&run->queue, g_async_queue_unref);
  g_clear_pointer (&run->mailbox, g_async_queue_unref);
  g_clear_pointer (&run->threads, g_ptr_array_unref);
  g_free (run);
}

static void
isobar_fetcher_dispose (GObject *object)
{
  IsobarFetcher *self = ISOBAR_FETCHER (object);

  /* A run holds a reference on the fetcher: none is left here. */
  g_clear_object (&self->session);
  g_clear_pointer (&self->sessions, isobar_http_sessions_unref);
  g_clear_object (&self->timeline);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (isobar_fetcher_parent_class)->dispose (object);
}

static void
isobar_fetcher_class_init (IsobarFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_fetcher_dispose;
}

static void
isobar_fetcher_init (IsobarFetcher *self)
{
}

IsobarFetcher *
isobar_fetcher_new (IsobarClient        *client,
                    IsobarFetchStrategy  strategy,
                    guint                concurrency)
{
  IsobarFetcher *self;

  g_return_val_if_fail (ISOBAR_IS_CLIENT (client), NULL);
  g_return_val_if_fail ((guint) strategy < G_N_ELEMENTS (strategy_ids), NULL);
  g_return_val_if_fail (concurrency >= 1, NULL);

  self = g_object_new (ISOBAR_TYPE_FETCHER, NULL);
  self->client = g_object_ref (client);
  self->strategy = strategy;
  self->concurrency = concurrency;

  return self;
}

IsobarFetchStrategy
isobar_fetcher_get_strategy (IsobarFetcher *self)
{
  g_return_val_if_fail (ISOBAR_IS_FETCHER (self), ISOBAR_FETCH_WORKER);
  return self->strategy;
}

guint
isobar_fetcher_get_concurrency (IsobarFetcher *self)
{
  g_return_val_if_fail (ISOBAR_IS_FETCHER (self), 0);
  return self->concurrency;
}

guint64
isobar_fetcher_get_bytes_received (IsobarFetcher *self)
{
  g_return_val_if_fail (ISOBAR_IS_FETCHER (self), 0);
  return self->bytes_received;
}

double
isobar_fetcher_get_wall_ms (IsobarFetcher *self)
{
  g_return_val_if_fail (ISOBAR_IS_FETCHER (self), 0);
  return self->wall_ms;
}

guint
isobar_fetcher_get_n_done (IsobarFetcher *self)
{
  g_return_val_if_fail (ISOBAR_IS_FETCHER (self), 0);
  return self->n_done;
}

guint
isobar_fetcher_get_n_failed (IsobarFetcher *self)
{
  g_return_val_if_fail (ISOBAR_IS_FETCHER (self), 0);
  return self->n_failed;
}

/* The sessions for a run: the async one allows as many connections to the
 * host as requests can be in flight at once; each blocking one makes one
 * request at a time. */
static void
update_sessions (IsobarFetcher *self)
{
  guint timeout = isobar_client_get_timeout (self->client);
  gboolean direct = isobar_http_is_loopback (isobar_client_get_archive_url (self->client));

  if (self->session == NULL || self->session_timeout != timeout)
    {
      g_clear_object (&self->session);
      g_clear_pointer (&self->sessions, isobar_http_sessions_unref);
      self->session = isobar_http_session_new (timeout, self->concurrency, direct);
      self->sessions = isobar_http_sessions_new (timeout, 1, direct);
      self->session_timeout = timeout;
    }
}

static char *
build_url (IsobarFetcher              *self,
           const IsobarArchiveRequest *request,
           GError                    **error)
{
  if (!g_date_valid (&request->start) || !g_date_valid (&request->end) ||
      g_date_compare (&request->start, &request->end) > 0)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                           _("The history needs a valid first and last day, in that order"));
      return NULL;
    }

  return isobar_url_for_archive (isobar_client_get_archive_url (self->client),
                                 request->latitude, request->longitude,
                                 &request->start, &request->end, error);
}

/* The start of a step, with a timeline (0 without). Any thread. */
static gint64
step_start (IsobarRunTimeline *timeline)
{
  return timeline != NULL ? g_get_monotonic_time () : 0;
}

/* With a timeline: step @name of @url, from @start_us until now, on the
 * calling thread's track. Any thread. */
static void
step_end (IsobarRunTimeline *timeline,
          const char        *name,
          const char        *url,
          gint64             start_us)
{
  if (timeline != NULL)
    isobar_run_timeline_add_slice (timeline, isobar_run_timeline_thread_track (timeline, NULL),
                                   ISOBAR_RUN_TIMELINE_FETCH, name, start_us, g_get_monotonic_time (),
                                   "url", url);
}

static IsobarArchive *
parse_recorded (IsobarRunTimeline  *timeline,
                const char         *url,
                GBytes             *body,
                GError            **error)
{
  gint64 start_us = step_start (timeline);
  IsobarArchive *archive = isobar_parse_archive (body, error);

  step_end (timeline, "parse", url, start_us);
  return archive;
}

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

  start_us = step_start (run->timeline);
  body = isobar_http_get (session, run->urls[index], run->timeout, run->max_body_size,
                          run->cancellable, error);
  step_end (run->timeline, "download", run->urls[index], start_us);
  if (body == NULL)
    return NULL;

  *n_bytes = g_bytes_get_size (body);
  return parse_recorded (run->timeline, run->urls[index], body, error);
}

/* Caller's thread: hands one finished request to item_func, unless the run
 * was cancelled (callbacks stay quiet then). */
static void
deliver (GTask         *task,
         guint          index,
         IsobarArchive *archive,
         const GError  *error,
         gsize          n_bytes)
{
  Run *run = g_task_get_task_data (task);
  IsobarFetcher *self = g_task_get_source_object (task);

  if (g_cancellable_is_cancelled (run->cancellable))
    return;

  run->delivered++;
  self->n_done++;
  self->bytes_received += n_bytes;
  if (error != NULL)
    self->n_failed++;

  if (run->item_func != NULL)
    run->item_func (index, error == NULL ? archive : NULL, error, run->item_data);
}

/* Caller's thread: ends the run once nothing is left running. */
static void
check_done (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  IsobarFetcher *self = g_task_get_source_object (task);
  gboolean cancelled = g_cancellable_is_cancelled (run->cancellable);

  if (run->completed || run->producers > 0)
    return;
  if (!cancelled && run->delivered < run->n_requests)
    return;

  run->completed = TRUE;
  for (guint i = 0; run->threads != NULL && i < run->threads->len; i++)
    g_thread_join (g_ptr_array_index (run->threads, i));
  if (run->threads != NULL)
    g_ptr_array_set_size (run->threads, 0);

  self->wall_ms = (g_get_monotonic_time () - run->started) / 1000.0;
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

/* ---- ui-thread: the whole list inside one main-loop callback ---- */

static gboolean
ui_thread_run_cb (gpointer user_data)
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
      deliver (task, i, archive, error, n_bytes);
    }
  isobar_http_sessions_give_back (run->sessions, session);

  run->producers--;
  check_done (task);
  return G_SOURCE_REMOVE;
}

/* ---- worker and thread-pool: our own threads pulling from a queue ---- */

static gboolean
mailbox_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  Outcome *outcome = g_async_queue_try_pop (run->mailbox);

  /* One callback per outcome, each taking the oldest: order is kept. */
  g_assert (outcome != NULL);
  if (outcome->exited)
    run->producers--;
  else
    deliver (task, outcome->index, outcome->archive, outcome->error, outcome->n_bytes);
  outcome_free (outcome);

  check_done (task);
  return G_SOURCE_REMOVE;
}

/* Any thread: posts @outcome to the caller's thread. */
static void
post (GTask   *task,
      Outcome *outcome)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GSource) source = g_idle_source_new ();

  g_async_queue_push (run->mailbox, outcome);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_name (source, "[isobar] fetch outcome");
  g_source_set_callback (source, mailbox_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, run->context);
}

/* Holds a reference on the task (the run), dropped once its exit is posted:
 * that post holds one until the caller's thread has joined us. */
static gpointer
worker_thread (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  SoupSession *session = isobar_http_sessions_take (run->sessions);
  Outcome *exited;
  gpointer item;

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
      post (task, outcome);
    }
  isobar_http_sessions_give_back (run->sessions, session);

  exited = g_new0 (Outcome, 1);
  exited->exited = TRUE;
  post (task, exited);
  return NULL;
}

static void
start_threads (GTask *task,
               guint  n_threads)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->queue = g_async_queue_new ();
  run->mailbox = g_async_queue_new_full (outcome_free);
  run->threads = g_ptr_array_new ();
  for (guint i = 0; i < run->n_requests; i++)
    g_async_queue_push (run->queue, GUINT_TO_POINTER (i + 1));

  for (guint i = 0; i < n_threads; i++)
    {
      g_autofree char *name = g_strdup_printf ("isobar-fetch-%u", i);
      GThread *thread = g_thread_try_new (name, worker_thread, g_object_ref (task), &error);

      if (thread == NULL)
        {
          g_object_unref (task);
          break;
        }
      g_ptr_array_add (run->threads, thread);
      run->producers++;
    }

  if (n_threads > 0 && run->threads->len == 0)
    {
      g_warn_if_fail (error != NULL);
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                               _("Could not start a download thread: %s"),
                               error != NULL ? error->message : "");
      run->completed = TRUE;
    }
}

/* ---- async: libsoup's async API, N in flight, parsing in a worker ---- */

static void async_start_next (GTask *task);

/* One request of the async strategy. */
typedef struct
{
  GTask  *task;    /* (owned) the run */
  guint   index;
  gsize   n_bytes;
  gint64  started_us;
} Pending;

/* What a parser thread needs. */
typedef struct
{
  GBytes            *body;      /* (owned) */
  IsobarRunTimeline *timeline;  /* (owned) (nullable) */
  const char        *url;       /* (unowned) the run's, alive while it waits */
} ParseData;

static void
parse_data_free (ParseData *data)
{
  g_clear_pointer (&data->body, g_bytes_unref);
  g_clear_object (&data->timeline);
  g_free (data);
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_clear_object (&pending->task);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
parse_thread (GTask        *parse_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseData *data = task_data;
  GError *error = NULL;
  IsobarArchive *archive;

  isobar_background_thread_enter ();

  if (data->timeline != NULL)
    isobar_run_timeline_thread_track (data->timeline, "GTask thread");
  archive = parse_recorded (data->timeline, data->url, data->body, &error);
  if (archive == NULL)
    g_task_return_error (parse_task, error);
  else
    g_task_return_pointer (parse_task, archive, g_object_unref);
}

static void
parse_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  Run *run = g_task_get_task_data (pending->task);
  g_autoptr(IsobarArchive) archive = NULL;
  g_autoptr(GError) error = NULL;

  archive = g_task_propagate_pointer (G_TASK (result), &error);
  run->producers--;
  deliver (pending->task, pending->index, archive, error, pending->n_bytes);
  check_done (pending->task);
}

static void
http_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("download handled"));
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GTask) task = g_object_ref (pending->task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = isobar_http_get_finish (result, &error);
  run->in_flight--;
  if (run->timeline != NULL)
    isobar_run_timeline_add_slice (run->timeline,
                                   isobar_run_timeline_virtual_track (run->timeline, "Downloads in flight"),
                                   ISOBAR_RUN_TIMELINE_FETCH, "download", pending->started_us,
                                   g_get_monotonic_time (), "url", run->urls[pending->index]);
  if (body == NULL || g_cancellable_is_cancelled (run->cancellable))
    {
      run->producers--;
      deliver (task, pending->index, NULL, error, 0);
    }
  else
    {
      /* Still a producer, until the parser returns. */
      g_autoptr(GTask) parse_task = NULL;
      ParseData *data = g_new0 (ParseData, 1);

      pending->n_bytes = g_bytes_get_size (body);
      data->body = g_steal_pointer (&body);
      data->timeline = run->timeline != NULL ? g_object_ref (run->timeline) : NULL;
      data->url = run->urls[pending->index];
      parse_task = g_task_new (NULL, NULL, parse_done_cb, g_steal_pointer (&pending));
      g_task_set_source_tag (parse_task, http_done_cb);
      g_task_set_name (parse_task, "[isobar] parse archive");
      g_task_set_task_data (parse_task, data, (GDestroyNotify) parse_data_free);
      g_task_run_in_thread (parse_task, parse_thread);
    }

  /* The connection is free: the next download starts while this one parses. */
  async_start_next (task);
  check_done (task);
}

/* Starts requests until N are in flight or none is left. */
static void
async_start_next (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  while (run->in_flight < run->concurrency && run->next < run->n_requests &&
         !g_cancellable_is_cancelled (run->cancellable))
    {
      guint index = run->next++;
      Pending *pending;

      if (run->urls[index] == NULL)
        {
          deliver (task, index, NULL, run->url_errors[index], 0);
          continue;
        }

      pending = g_new0 (Pending, 1);
      pending->task = g_object_ref (task);
      pending->index = index;
      pending->started_us = g_get_monotonic_time ();
      run->producers++;
      run->in_flight++;
      isobar_http_get_async (run->session, run->urls[index], run->timeout, run->max_body_size,
                             run->cancellable, http_done_cb, pending);
    }
}

static gboolean
async_run_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->producers--;
  async_start_next (task);
  check_done (task);
  return G_SOURCE_REMOVE;
}

/* Caller's thread: runs @func once from the caller's main context, as the
 * run's first producer. */
static void
schedule (GTask       *task,
          GSourceFunc  func,
          const char  *name)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GSource) source = g_idle_source_new ();

  run->producers++;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_name (source, name);
  g_source_set_callback (source, func, g_object_ref (task), g_object_unref);
  g_source_attach (source, run->context);
}

void
isobar_fetcher_fetch_archives_async (IsobarFetcher              *self,
                                     const IsobarArchiveRequest *requests,
                                     guint                       n_requests,
                                     IsobarFetchItemFunc         item_func,
                                     gpointer                    item_data,
                                     GDestroyNotify              item_data_free,
                                     GCancellable               *cancellable,
                                     GAsyncReadyCallback         callback,
                                     gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (ISOBAR_IS_FETCHER (self));
  g_return_if_fail (requests != NULL || n_requests == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_fetcher_fetch_archives_async);
  g_task_set_name (task, "[isobar] fetch archives");

  run = g_new0 (Run, 1);
  run->strategy = self->strategy;
  run->concurrency = self->concurrency;
  update_sessions (self);
  run->session = g_object_ref (self->session);
  run->sessions = isobar_http_sessions_ref (self->sessions);
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  run->timeout = isobar_client_get_timeout (self->client);
  run->max_body_size = isobar_client_get_max_body_size (self->client);
  run->n_requests = n_requests;
  run->urls = g_new0 (char *, MAX (n_requests, 1));
  run->url_errors = g_new0 (GError *, MAX (n_requests, 1));
  run->context = g_main_context_ref_thread_default ();
  run->item_func = item_func;
  run->item_data = item_data;
  run->item_data_free = item_data_free;
  run->started = g_get_monotonic_time ();
  run->timeline = self->timeline != NULL ? g_object_ref (self->timeline) : NULL;
  g_task_set_task_data (task, run, run_free);

  /* Built here, so that workers need nothing of the client. */
  for (guint i = 0; i < n_requests; i++)
    run->urls[i] = build_url (self, &requests[i], &run->url_errors[i]);

  self->bytes_received = 0;
  self->wall_ms = 0;
  self->n_done = 0;
  self->n_failed = 0;

  switch (self->strategy)
    {
    case ISOBAR_FETCH_UI_THREAD:
      schedule (task, ui_thread_run_cb, "[isobar] fetch on the UI thread");
      break;
    case ISOBAR_FETCH_WORKER:
      start_threads (task, MIN (1, n_requests));
      break;
    case ISOBAR_FETCH_THREAD_POOL:
      start_threads (task, MIN (self->concurrency, n_requests));
      break;
    case ISOBAR_FETCH_ASYNC:
      schedule (task, async_run_cb, "[isobar] fetch async");
      break;
    default:
      g_assert_not_reached ();
    }

  /* No request at all: nothing will come back to end the run. */
  if (n_requests == 0 && run->producers == 0 && !run->completed)
    schedule (task, async_run_cb, "[isobar] fetch nothing");
}

void
isobar_fetcher_set_timeline (IsobarFetcher     *self,
                             IsobarRunTimeline *timeline)
{
  g_return_if_fail (ISOBAR_IS_FETCHER (self));
  g_return_if_fail (timeline == NULL || ISOBAR_IS_RUN_TIMELINE (timeline));

  g_set_object (&self->timeline, timeline);
}

gboolean
isobar_fetcher_fetch_archives_finish (IsobarFetcher  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (ISOBAR_IS_FETCHER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_fetcher_fetch_archives_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
