/* isobar-fetcher.c: IsobarFetcher: the class, its settings, sessions and
 * figures, the public calls, and the bookkeeping of one fetch (the run: its
 * URLs, its items delivered in completion order, its end, its cancellation).
 * The strategies live beside it: the blocking ones (ui-thread, worker,
 * thread-pool) in isobar-fetcher-blocking.c, async in isobar-fetcher-async.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-fetcher-private.h"
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

static void
run_free (gpointer data)
{
  Run *run = data;

  /* Threads are joined before the run completes. */
  g_assert (run->first_thread == NULL);

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
  g_mutex_clear (&run->parse_mutex);
  g_cond_clear (&run->parse_cond);
  if (run->item_data_free != NULL)
    g_clear_pointer (&run->item_data, run->item_data_free);
  g_clear_pointer (&run->queue, g_async_queue_unref);
  g_clear_pointer (&run->mailbox, isobar_mailbox_free);
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

  return isobar_url_for_archive (isobar_client_get_archive_url (self->client), request, error);
}

/* The start of a step, with a timeline (0 without). Any thread. */
gint64
_isobar_fetcher_step_start (IsobarRunTimeline *timeline)
{
  return timeline != NULL ? g_get_monotonic_time () : 0;
}

/* With a timeline: step @name of @url, from @start_us until now, on the
 * calling thread's track. Any thread. */
void
_isobar_fetcher_step_end (IsobarRunTimeline *timeline,
                          const char        *name,
                          const char        *url,
                          gint64             start_us)
{
  if (timeline != NULL)
    isobar_run_timeline_add_slice (timeline, isobar_run_timeline_thread_track (timeline, NULL),
                                   ISOBAR_RUN_TIMELINE_FETCH, name, start_us, g_get_monotonic_time (),
                                   "url", url);
}

/* How many bodies a run parses at once: one core fewer than the machine
 * has, and at least one. A parse is CPU work on a download thread; more
 * parses than cores buy nothing, and on the cores the UI thread needs they
 * cost it twice: they take the cores, and, preempted, they hold the locks it
 * waits for (GObject's signal lock, which JsonParser takes for every value
 * it reads, malloc's arenas, the address space's lock that a growing heap
 * takes). BENCHMARKS.md §5h. */
static guint
max_parsers (void)
{
  return MAX (g_get_num_processors (), 2) - 1;
}

/* Any thread: parses @body of @url, waiting first until fewer than the
 * run's limit of parses run, and records the parse on the timeline. */
IsobarArchive *
_isobar_fetcher_parse_recorded (Run         *run,
                                const char  *url,
                                GBytes      *body,
                                GError     **error)
{
  IsobarArchive *archive;
  gint64 start_us;

  g_mutex_lock (&run->parse_mutex);
  while (run->parsers_free == 0)
    g_cond_wait (&run->parse_cond, &run->parse_mutex);
  run->parsers_free--;
  g_mutex_unlock (&run->parse_mutex);

  start_us = _isobar_fetcher_step_start (run->timeline);
  archive = isobar_parse_archive (body, error);
  _isobar_fetcher_step_end (run->timeline, "parse", url, start_us);

  g_mutex_lock (&run->parse_mutex);
  run->parsers_free++;
  g_cond_signal (&run->parse_cond);
  g_mutex_unlock (&run->parse_mutex);

  return archive;
}

/* Caller's thread: hands one finished request to item_func, unless the run
 * was cancelled (callbacks stay quiet then). */
void
_isobar_fetcher_deliver (GTask         *task,
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
void
_isobar_fetcher_check_done (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  IsobarFetcher *self = g_task_get_source_object (task);
  gboolean cancelled = g_cancellable_is_cancelled (run->cancellable);

  if (run->completed || run->producers > 0)
    return;
  if (!cancelled && run->delivered < run->n_requests)
    return;

  run->completed = TRUE;
  /* It joined the other download threads before it exited. */
  if (run->first_thread != NULL)
    g_thread_join (g_steal_pointer (&run->first_thread));

  self->wall_ms = (g_get_monotonic_time () - run->started) / 1000.0;
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
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
  g_mutex_init (&run->parse_mutex);
  g_cond_init (&run->parse_cond);
  run->parsers_free = max_parsers ();
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
      schedule (task, _isobar_fetcher_ui_thread_run_cb, "[isobar] fetch on the UI thread");
      break;
    case ISOBAR_FETCH_WORKER:
      _isobar_fetcher_start_threads (task, MIN (1, n_requests));
      break;
    case ISOBAR_FETCH_THREAD_POOL:
      _isobar_fetcher_start_threads (task, MIN (self->concurrency, n_requests));
      break;
    case ISOBAR_FETCH_ASYNC:
      schedule (task, _isobar_fetcher_async_run_cb, "[isobar] fetch async");
      break;
    default:
      g_assert_not_reached ();
    }

  /* No request at all: nothing will come back to end the run. */
  if (n_requests == 0 && run->producers == 0 && !run->completed)
    schedule (task, _isobar_fetcher_async_run_cb, "[isobar] fetch nothing");
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
