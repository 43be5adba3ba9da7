/* isobar-forecast-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-forecast.h"
#include "isobar-hourly-chart.h"
#include "isobar-location.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_FORECAST_VIEW (isobar_forecast_view_get_type ())

G_DECLARE_FINAL_TYPE (IsobarForecastView, isobar_forecast_view, ISOBAR, FORECAST_VIEW, GtkWidget)

/* The weather of one place: current conditions, the hourly chart and the
 * daily list; or one of the states around it: nothing selected ("empty"),
 * the first load ("loading"), a first load that failed ("error"). The
 * "Updated … ago" line refreshes itself every 30 seconds. */
GtkWidget         *isobar_forecast_view_new                  (void);
void               isobar_forecast_view_show_empty           (IsobarForecastView *self);
void               isobar_forecast_view_show_loading         (IsobarForecastView *self,
                                                              IsobarLocation     *location);
void               isobar_forecast_view_show_error           (IsobarForecastView *self,
                                                              IsobarLocation     *location,
                                                              const char         *message);
/* @updated_at: when the data was fetched; @from_cache: it was read from
 * the on-disk cache rather than fetched now (shown as stale). */
void               isobar_forecast_view_show_forecast        (IsobarForecastView *self,
                                                              IsobarLocation     *location,
                                                              IsobarForecast     *forecast,
                                                              GDateTime          *updated_at,
                                                              gboolean            from_cache);
/* A refresh is under way: the stale marking says so. */
void               isobar_forecast_view_set_refreshing       (IsobarForecastView *self,
                                                              gboolean            refreshing);

/* "empty", "loading", "error" or "forecast" */
const char        *isobar_forecast_view_get_state            (IsobarForecastView *self);
IsobarForecast    *isobar_forecast_view_get_forecast         (IsobarForecastView *self);
gboolean           isobar_forecast_view_get_from_cache       (IsobarForecastView *self);
/* When the data on screen was fetched, or NULL. */
GDateTime         *isobar_forecast_view_get_updated_at       (IsobarForecastView *self);
const char        *isobar_forecast_view_get_temperature_text (IsobarForecastView *self);
const char        *isobar_forecast_view_get_updated_text     (IsobarForecastView *self);
guint              isobar_forecast_view_get_n_days           (IsobarForecastView *self);
IsobarHourlyChart *isobar_forecast_view_get_chart            (IsobarForecastView *self);

G_END_DECLS
