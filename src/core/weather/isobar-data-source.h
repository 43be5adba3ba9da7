/* isobar-data-source.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-client.h"

G_BEGIN_DECLS

/* Values of the `data-source` setting. */
typedef enum
{
  ISOBAR_DATA_SOURCE_KIND_AUTO,       /* "auto" */
  ISOBAR_DATA_SOURCE_KIND_OPEN_METEO, /* "open-meteo" */
  ISOBAR_DATA_SOURCE_KIND_SIMULATOR,  /* "simulator" */
} IsobarDataSourceKind;

IsobarDataSourceKind isobar_data_source_kind_from_string (const char *id);
const char          *isobar_data_source_kind_to_string   (IsobarDataSourceKind kind);

#define ISOBAR_TYPE_DATA_SOURCE (isobar_data_source_get_type ())

G_DECLARE_FINAL_TYPE (IsobarDataSource, isobar_data_source, ISOBAR, DATA_SOURCE, GObject)

/* Where the app's weather comes from. Wraps an IsobarClient for the
 * configured server, and a private IsobarSimulator started on demand:
 *  - open-meteo: the configured URLs only;
 *  - simulator: the built-in simulator only;
 *  - auto: the configured URLs; when a request fails with
 *    ISOBAR_ERROR_NETWORK (the server cannot be reached), the simulator is
 *    started, `using-simulator` becomes TRUE, and the request is retried there.
 *    Later requests go to the simulator until the kind or URLs change.
 * Changing kind or URLs drops the current client (and stops the simulator
 * when no longer needed). Every operation is _async/_finish + GCancellable.
 *
 * Properties: kind (IsobarDataSourceKind as int), forecast-url, archive-url,
 * geocoding-url, simulator-arguments (GStrv, passed to isobar-sim),
 * using-simulator (read-only, notifies). */
IsobarDataSource    *isobar_data_source_new                     (void);
IsobarDataSourceKind isobar_data_source_get_kind                (IsobarDataSource             *self);
void                 isobar_data_source_set_kind                (IsobarDataSource             *self,
                                                                 IsobarDataSourceKind          kind);
void                 isobar_data_source_set_urls                (IsobarDataSource             *self,
                                                                 const char                   *forecast_url,
                                                                 const char                   *archive_url,
                                                                 const char                   *geocoding_url);
gboolean             isobar_data_source_get_using_simulator     (IsobarDataSource             *self);

void                 isobar_data_source_search_async            (IsobarDataSource             *self,
                                                                 const char                   *name,
                                                                 guint                         count,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
GPtrArray           *isobar_data_source_search_finish           (IsobarDataSource             *self,
                                                                 GAsyncResult                 *result,
                                                                 GError                      **error);
void                 isobar_data_source_forecast_async          (IsobarDataSource             *self,
                                                                 const IsobarForecastRequest  *request,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
IsobarForecast      *isobar_data_source_forecast_finish         (IsobarDataSource             *self,
                                                                 GAsyncResult                 *result,
                                                                 GBytes                      **body,
                                                                 GError                      **error);
/* The client for the configured Open-Meteo servers (whatever the kind),
 * for requests the data source does not make itself, such as archives.
 * (transfer full) */
IsobarClient        *isobar_data_source_dup_server_client       (IsobarDataSource             *self);
/* The arguments the private simulator is started with (nullable). */
const char * const  *isobar_data_source_get_simulator_arguments (IsobarDataSource             *self);
/* Stops the simulator if one runs (also done on dispose). */
void                 isobar_data_source_shutdown                (IsobarDataSource             *self);

G_END_DECLS
