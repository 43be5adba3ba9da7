/* isobar-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-archive.h"
#include "isobar-forecast.h"
#include "isobar-location.h"
#include "isobar-urls.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_CLIENT (isobar_client_get_type ())

G_DECLARE_FINAL_TYPE (IsobarClient, isobar_client, ISOBAR, CLIENT, GObject)

/* Talks to one Open-Meteo-compatible server over real HTTP (libsoup). Each
 * request runs in a GTask worker thread: fetch, size cap, status check and
 * json-glib parsing all happen there; the callback runs in the thread-default
 * main context of the caller.
 *
 * Properties: forecast-url, archive-url, geocoding-url (construct-only),
 * timeout (seconds, default 30; socket I/O that stalls longer fails with
 * ISOBAR_ERROR_TIMEOUT), max-body-size (bytes, default 32 MiB; a larger body,
 * announced or streamed, fails with ISOBAR_ERROR_TOO_LARGE without reading
 * the rest).
 *
 * Errors: G_IO_ERROR_CANCELLED when cancelled; otherwise ISOBAR_ERROR_*:
 * NETWORK (cannot connect: the message names the host), TIMEOUT, SERVER
 * (4xx; Open-Meteo's reason as is), RATE_LIMITED (429), UNAVAILABLE (5xx),
 * TOO_LARGE, MALFORMED, INVALID_DATA.
 */
IsobarClient   *isobar_client_new               (const char                   *forecast_url,
                                                 const char                   *archive_url,
                                                 const char                   *geocoding_url);
/* All three endpoints on one server: base_url + /v1/forecast, /v1/archive, /v1/search. */
IsobarClient   *isobar_client_new_for_server    (const char                   *base_url);

const char     *isobar_client_get_forecast_url  (IsobarClient                 *self);
const char     *isobar_client_get_archive_url   (IsobarClient                 *self);
const char     *isobar_client_get_geocoding_url (IsobarClient                 *self);
guint           isobar_client_get_timeout       (IsobarClient                 *self);
void            isobar_client_set_timeout       (IsobarClient                 *self,
                                                 guint                         seconds);
gsize           isobar_client_get_max_body_size (IsobarClient                 *self);
void            isobar_client_set_max_body_size (IsobarClient                 *self,
                                                 gsize                         max_body_size);

/* Geocoding: up to @count places matching @name (a name under 2 characters
 * gives an empty result without a request). */
void            isobar_client_search_async      (IsobarClient                 *self,
                                                 const char                   *name,
                                                 guint                         count,
                                                 GCancellable                 *cancellable,
                                                 GAsyncReadyCallback           callback,
                                                 gpointer                      user_data);
/* Returns (element-type IsobarLocation) (transfer container). */
GPtrArray      *isobar_client_search_finish     (IsobarClient                 *self,
                                                 GAsyncResult                 *result,
                                                 GError                      **error);

/* The forecast @request asks for (copied: it need not outlive the call). */
void            isobar_client_forecast_async    (IsobarClient                 *self,
                                                 const IsobarForecastRequest  *request,
                                                 GCancellable                 *cancellable,
                                                 GAsyncReadyCallback           callback,
                                                 gpointer                      user_data);
/* @body: (out) (optional): the raw response body, for the cache. */
IsobarForecast *isobar_client_forecast_finish   (IsobarClient                 *self,
                                                 GAsyncResult                 *result,
                                                 GBytes                      **body,
                                                 GError                      **error);

/* The history @request asks for (copied: it need not outlive the call). */
void            isobar_client_archive_async     (IsobarClient                 *self,
                                                 const IsobarArchiveRequest   *request,
                                                 GCancellable                 *cancellable,
                                                 GAsyncReadyCallback           callback,
                                                 gpointer                      user_data);
IsobarArchive  *isobar_client_archive_finish    (IsobarClient                 *self,
                                                 GAsyncResult                 *result,
                                                 GError                      **error);

G_END_DECLS
