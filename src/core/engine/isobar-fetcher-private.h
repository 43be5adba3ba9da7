/* isobar-fetcher-private.h: the fetcher's insides, shared by its files: the
 * run of one fetch, the bookkeeping of the class's file (isobar-fetcher.c),
 * and the strategies' starts (isobar-fetcher-blocking.c,
 * isobar-fetcher-async.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-fetcher.c starts a run on one strategy; the strategies call back
 * only into isobar-fetcher.c (to record a step, parse, deliver an item, and
 * end the run), never into each other.
 */

#pragma once

#include "isobar-fetcher.h"
#include "isobar-http.h"
#include "isobar-mailbox.h"

G_BEGIN_DECLS

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

  /* Any thread: parsing is work for a core, not waiting, so however many
   * bodies arrive together only parsers_free more are parsed at once
   * (_isobar_fetcher_parse_recorded). */
  GMutex               parse_mutex;
  GCond                parse_cond;
  guint                parsers_free;

  GMainContext        *context;        /* (owned) the caller's */
  IsobarFetchItemFunc  item_func;
  gpointer             item_data;
  GDestroyNotify       item_data_free;
  gint64               started;

  /* Thread strategies. */
  GAsyncQueue         *queue;          /* (owned) any thread: index + 1 of the requests left */
  IsobarMailbox       *mailbox;        /* (owned) any thread posts an Outcome; delivered in order */
  GThread             *first_thread;   /* (owned) (nullable) the first download thread, which joins the others */
  guint                n_threads;      /* any thread, set before the first starts: download threads wanted */

  guint                delivered;
  guint                producers;      /* threads, requests in flight, parsers, the ui-thread callback */
  guint                next;           /* async: the next request to start */
  guint                in_flight;      /* async: downloads running */
  gboolean             completed;
} Run;


/* isobar-fetcher.c: steps on the timeline, and the run's bookkeeping */
gint64         _isobar_fetcher_step_start       (IsobarRunTimeline  *timeline);
void           _isobar_fetcher_step_end         (IsobarRunTimeline  *timeline,
                                                 const char         *name,
                                                 const char         *url,
                                                 gint64              start_us);
IsobarArchive *_isobar_fetcher_parse_recorded   (Run                *run,
                                                 const char         *url,
                                                 GBytes             *body,
                                                 GError            **error);
void           _isobar_fetcher_deliver          (GTask              *task,
                                                 guint               index,
                                                 IsobarArchive      *archive,
                                                 const GError       *error,
                                                 gsize               n_bytes);
void           _isobar_fetcher_check_done       (GTask              *task);

/* isobar-fetcher-blocking.c: ui-thread, worker and thread-pool */
gboolean       _isobar_fetcher_ui_thread_run_cb (gpointer            user_data);
void           _isobar_fetcher_start_threads    (GTask              *task,
                                                 guint               n_threads);

/* isobar-fetcher-async.c */
gboolean       _isobar_fetcher_async_run_cb     (gpointer            user_data);

G_END_DECLS
