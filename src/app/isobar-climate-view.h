/* isobar-climate-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-climate-report.h"
#include "isobar-heat-map.h"
#include "isobar-location.h"
#include "isobar-normals-chart.h"
#include "isobar-units.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_CLIMATE_VIEW (isobar_climate_view_get_type ())

G_DECLARE_FINAL_TYPE (IsobarClimateView, isobar_climate_view, ISOBAR, CLIMATE_VIEW, GtkWidget)

/* The climate page: the report of one place (period, warming trend and its
 * interval, records, the heat map, the normals, and the yearly reports in a
 * list of their own below a movable divider), or an empty state with a
 * "Run Analysis" button (action app.run). Above either: the progress of a
 * run with a Cancel button (action app.cancel), and an error bar. */
GtkWidget           *isobar_climate_view_new                (void);
void                 isobar_climate_view_set_units          (IsobarClimateView   *self,
                                                             IsobarUnits          units);
IsobarUnits          isobar_climate_view_get_units          (IsobarClimateView   *self);
/* @report NULL: the empty state for @location (which may be NULL: no place
 * selected). @finished: when the report's run ended (nullable). Setting the
 * report on screen again keeps the list where it was scrolled. */
void                 isobar_climate_view_set_report         (IsobarClimateView   *self,
                                                             IsobarLocation      *location,
                                                             IsobarClimateReport *report,
                                                             GDateTime           *finished);
/* While a run is going: a progress bar at @fraction (0..1; NAN or negative
 * pulses) with @status (nullable) and a Cancel button; hidden when
 * !@running. */
void                 isobar_climate_view_set_progress       (IsobarClimateView   *self,
                                                             gboolean             running,
                                                             double               fraction,
                                                             const char          *status);
/* An error shown in a bar above the page; the report on screen stays.
 * NULL hides it. */
void                 isobar_climate_view_set_error          (IsobarClimateView   *self,
                                                             const char          *message);

/* "empty" or "report" */
const char          *isobar_climate_view_get_state          (IsobarClimateView   *self);
IsobarClimateReport *isobar_climate_view_get_report         (IsobarClimateView   *self);
/* The error shown, or NULL. */
const char          *isobar_climate_view_get_error          (IsobarClimateView   *self);
/* "+0.31 °C per decade" */
const char          *isobar_climate_view_get_trend_text     (IsobarClimateView   *self);
/* "95 % interval +0.22 to +0.40 (bootstrap, 40000 resamples)" */
const char          *isobar_climate_view_get_interval_text  (IsobarClimateView   *self);
/* "1985–2024 · 40 years · analysed 14:02" */
const char          *isobar_climate_view_get_period_text    (IsobarClimateView   *self);
/* The yearly rows (IsobarYearList: IsobarYearItem, newest first). */
GListModel          *isobar_climate_view_get_years          (IsobarClimateView   *self);
GtkListView         *isobar_climate_view_get_year_list_view (IsobarClimateView   *self);
IsobarHeatMap       *isobar_climate_view_get_heat_map       (IsobarClimateView   *self);
IsobarNormalsChart  *isobar_climate_view_get_normals_chart  (IsobarClimateView   *self);

G_END_DECLS
