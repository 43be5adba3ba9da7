/* isobar-forecast-loader.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-cache.h"
#include "isobar-data-source.h"
#include "isobar-forecast.h"
#include "isobar-location.h"
#include "isobar-units.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_FORECAST_LOADER (isobar_forecast_loader_get_type ())

G_DECLARE_FINAL_TYPE (IsobarForecastLoader, isobar_forecast_loader, ISOBAR, FORECAST_LOADER, GObject)

/* One place's forecast, cache first, then the network. A load reads the
 * cached body (if asked to), parses it in a worker thread and offers it,
 * marked from-cache, while the data source fetches the fresh one; the fresh
 * answer replaces it and goes to the cache. A failed fetch leaves the last
 * good forecast and says why in "error".
 *
 * One load at a time: a load started while another is in flight supersedes
 * it (the older one completes with G_IO_ERROR_CANCELLED and nothing of it is
 * applied). A load completes when its fetch does; the cached copy it reads
 * may come in after that, as long as nothing fresher has ("reading-cache").
 * Loading a place other than "location" first forgets what belonged to the
 * old one, as clear() does.
 *
 * Used from one thread: callbacks and notifications come in the
 * thread-default main context the loads were started in.
 *
 * Properties (read-only, notified only on change, several at once with the
 * state all set before the first notification):
 *   location      IsobarLocation (nullable): the place of the last load
 *   forecast      IsobarForecast (nullable): what there is to show
 *   updated-at    GDateTime (nullable): when the forecast was fetched
 *   from-cache    gboolean: the forecast is the stored copy, not a fresh one
 *   fetching      gboolean: the network request is in flight
 *   reading-cache gboolean: the cached copy is being read and parsed
 *   error         GError (nullable): why the last fetch failed */
IsobarForecastLoader *isobar_forecast_loader_new                (IsobarDataSource      *data_source,
                                                                 IsobarCache           *cache);

/* Loads @location in @units for @days days; @read_cache offers the cached
 * copy (for @location and @units) while the fetch runs. The fresh body is
 * stored whatever happens to the load afterwards. */
void                  isobar_forecast_loader_load_async         (IsobarForecastLoader  *self,
                                                                 IsobarLocation        *location,
                                                                 IsobarUnits            units,
                                                                 guint                  days,
                                                                 gboolean               read_cache,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
/* TRUE when the fresh forecast came; else the fetch's error (also in
 * "error") or G_IO_ERROR_CANCELLED. */
gboolean              isobar_forecast_loader_load_finish        (IsobarForecastLoader  *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);
/* Stops the load in flight (it completes with G_IO_ERROR_CANCELLED); what
 * was loaded stays. Also done on dispose. */
void                  isobar_forecast_loader_cancel             (IsobarForecastLoader  *self);
/* Cancels, and forgets the forecast, its place and the error: nothing of
 * the previous place may stay. */
void                  isobar_forecast_loader_clear              (IsobarForecastLoader  *self);

IsobarLocation       *isobar_forecast_loader_get_location       (IsobarForecastLoader  *self);
IsobarForecast       *isobar_forecast_loader_get_forecast       (IsobarForecastLoader  *self);
GDateTime            *isobar_forecast_loader_get_updated_at     (IsobarForecastLoader  *self);
gboolean              isobar_forecast_loader_get_from_cache     (IsobarForecastLoader  *self);
gboolean              isobar_forecast_loader_get_fetching       (IsobarForecastLoader  *self);
gboolean              isobar_forecast_loader_get_reading_cache  (IsobarForecastLoader  *self);
const GError         *isobar_forecast_loader_get_error          (IsobarForecastLoader  *self);

G_END_DECLS
