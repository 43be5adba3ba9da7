/* isobar-fetcher.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-archive.h"
#include "isobar-client.h"
#include "isobar-run-timeline.h"
#include "isobar-urls.h"

G_BEGIN_DECLS

/* How a list of archive requests is fetched (DESIGN.md, "Strategies"). */
typedef enum
{
  ISOBAR_FETCH_UI_THREAD,    /* "ui-thread": synchronous libsoup on the calling (UI) thread — freezes */
  ISOBAR_FETCH_WORKER,       /* "worker": one worker thread fetches the list one by one */
  ISOBAR_FETCH_THREAD_POOL,  /* "thread-pool": N own worker threads pulling from a queue, one shared SoupSession */
  ISOBAR_FETCH_ASYNC,        /* "async": libsoup async API on the caller's main context, N in flight, parsing in a worker thread */
} IsobarFetchStrategy;

const char *isobar_fetch_strategy_to_string   (IsobarFetchStrategy  strategy);
gboolean    isobar_fetch_strategy_from_string (const char          *id,
                                               IsobarFetchStrategy *strategy);

/* Called on the caller's thread-default main context for each finished
 * request, in COMPLETION order, as soon as it finishes (so a pipeline can
 * compute while other downloads run). Exactly one of @archive / @error is
 * non-NULL; both are owned by the fetcher (ref the archive to keep it). */
typedef void (*IsobarFetchItemFunc) (guint          index,
                                     IsobarArchive *archive,
                                     const GError  *error,
                                     gpointer       user_data);

#define ISOBAR_TYPE_FETCHER (isobar_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (IsobarFetcher, isobar_fetcher, ISOBAR, FETCHER, GObject)

/* Fetches archives through @client's archive endpoint, with its timeout and
 * body size cap, on one SoupSession of the fetcher's own that allows
 * @concurrency connections to one host. @concurrency (≥ 1) is the number of
 * threads under thread-pool and of requests in flight under async; ui-thread
 * and worker fetch one at a time. */
IsobarFetcher      *isobar_fetcher_new                   (IsobarClient               *client,
                                                          IsobarFetchStrategy         strategy,
                                                          guint                       concurrency);
IsobarFetchStrategy isobar_fetcher_get_strategy          (IsobarFetcher              *self);
guint               isobar_fetcher_get_concurrency       (IsobarFetcher              *self);

/* Records the downloads and parses of the runs that start from now on into
 * @timeline (NULL: none), with the URL: each on the thread that did it
 * ("Download thread 1"…, the UI thread under ui-thread); under async the
 * downloads in flight on a track of their own, their parses on the worker
 * thread's. */
void                isobar_fetcher_set_timeline          (IsobarFetcher              *self,
                                                          IsobarRunTimeline          *timeline);

/* Fetches and parses @n_requests archives (the array is copied), calling
 * @item_func for each as it finishes. Parsing runs in worker threads, except
 * under ui-thread where everything runs inside one main-loop callback.
 * Cancelling @cancellable stops every strategy promptly (requests in flight
 * are cancelled too); no item_func is called after that. When @callback runs,
 * no thread of the run is left. */
void                isobar_fetcher_fetch_archives_async  (IsobarFetcher              *self,
                                                          const IsobarArchiveRequest *requests,
                                                          guint                       n_requests,
                                                          IsobarFetchItemFunc         item_func,
                                                          gpointer                    item_data,
                                                          GDestroyNotify              item_data_free,
                                                          GCancellable               *cancellable,
                                                          GAsyncReadyCallback         callback,
                                                          gpointer                    user_data);
/* TRUE when every item was delivered (individual failures are reported to
 * item_func, not here); FALSE with G_IO_ERROR_CANCELLED when cancelled. */
gboolean            isobar_fetcher_fetch_archives_finish (IsobarFetcher              *self,
                                                          GAsyncResult               *result,
                                                          GError                    **error);

/* Figures of the last (or current) run: bytes of bodies received, wall time
 * in ms from the call to the end, requests delivered and how many failed. */
guint64             isobar_fetcher_get_bytes_received    (IsobarFetcher              *self);
double              isobar_fetcher_get_wall_ms           (IsobarFetcher              *self);
guint               isobar_fetcher_get_n_done            (IsobarFetcher              *self);
guint               isobar_fetcher_get_n_failed          (IsobarFetcher              *self);

G_END_DECLS
