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

G_END_DECLS
