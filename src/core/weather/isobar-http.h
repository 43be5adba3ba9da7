/* isobar-http.h: the HTTP machinery IsobarClient and IsobarFetcher share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A session for Isobar's requests: @timeout seconds for each socket operation
 * (and idle connections), at least @max_conns_per_host connections to one
 * host (and as many in all). With @direct, no proxy is used: for servers on
 * loopback, so that the simulator never needs the system's proxy settings. */
SoupSession *isobar_http_session_new  (guint                 timeout,
                                       guint                 max_conns_per_host,
                                       gboolean              direct);
/* Sessions for blocking requests made from many threads at once, each
 * session used by one thread at a time. GIO's GNetworkAddress fills its
 * address cache without a lock, and libsoup shares one per host among the
 * threads of a session: two threads opening their first connections to a
 * host at once lose a list, or trip an assertion in GLib 2.74 (see
 * SANITIZERS.md). A thread takes a session, makes its requests and gives
 * it back; the next thread reuses it, idle connections and all. Made with
 * the arguments of isobar_http_session_new(). Any thread. */
typedef struct _IsobarHttpSessions IsobarHttpSessions;

IsobarHttpSessions *isobar_http_sessions_new       (guint               timeout,
                                                    guint               max_conns_per_host,
                                                    gboolean            direct);
IsobarHttpSessions *isobar_http_sessions_ref       (IsobarHttpSessions *self);
void                isobar_http_sessions_unref     (IsobarHttpSessions *self);
guint               isobar_http_sessions_get_timeout (IsobarHttpSessions *self);
/* An idle session, or a new one when every session is out. */
SoupSession        *isobar_http_sessions_take      (IsobarHttpSessions *self);
void                isobar_http_sessions_give_back (IsobarHttpSessions *self,
                                                    SoupSession        *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarHttpSessions, isobar_http_sessions_unref)

/* TRUE when @url names localhost or a loopback address. */
gboolean     isobar_http_is_loopback  (const char           *url);

/* One GET of @url on @session, blocking: any thread may call it (libsoup ≥
 * 3.2). The body is read up to @max_body_size bytes; a larger one (announced
 * or streamed) fails with ISOBAR_ERROR_TOO_LARGE without reading the rest.
 * Errors: G_IO_ERROR_CANCELLED, or ISOBAR_ERROR_* as IsobarClient documents
 * (@timeout only names the limit in the TIMEOUT message). */
GBytes      *isobar_http_get          (SoupSession          *session,
                                       const char           *url,
                                       guint                 timeout,
                                       gsize                 max_body_size,
                                       GCancellable         *cancellable,
                                       GError              **error);
/* The same with libsoup's async API, in the caller's thread-default main
 * context, which must be the one @session was made in. */
void         isobar_http_get_async    (SoupSession          *session,
                                       const char           *url,
                                       guint                 timeout,
                                       gsize                 max_body_size,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GBytes      *isobar_http_get_finish   (GAsyncResult         *result,
                                       GError              **error);
/* isobar_http_get() on a session of @sessions, taken for the request,
 * with a main context of its own for libsoup: nothing is attached to the
 * calling thread's context (the caller's main context in a worker). */
GBytes      *isobar_http_sessions_get (IsobarHttpSessions   *sessions,
                                       const char           *url,
                                       gsize                 max_body_size,
                                       GCancellable         *cancellable,
                                       GError              **error);

G_END_DECLS
