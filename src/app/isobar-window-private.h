/* isobar-window-private.h: the window's insides, shared by its files
 * (isobar-window*.c) and the display tests.
 *
 * The calls between the files go one way: isobar-window.c sets the others up;
 * places → search, forecast; search → forecast; actions → search, forecast;
 * runs → forecast; forecast calls none of them. What the others need to know
 * of the forecast's side they follow as the window's "location" property.
 * State that is not the window's lives in objects of its own: the saved
 * places (IsobarSavedPlaces), the forecast loading (IsobarForecastLoader), the
 * runs (IsobarRunController, given by the application).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-core.h"
#include "isobar-banner.h"
#include "isobar-climate-view.h"
#include "isobar-forecast-view.h"
#include "isobar-frame-meter.h"
#include "isobar-places-sidebar.h"
#include "isobar-responsiveness-panel.h"
#include "isobar-runs-view.h"
#include "isobar-search-view.h"
#include "isobar-window.h"

G_BEGIN_DECLS

struct _IsobarWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkToggleButton      *sidebar_button;
  AdwViewSwitcher      *view_switcher;
  GtkToggleButton      *panel_button;
  GtkSearchEntry       *search_entry;
  GtkButton            *refresh_button;
  GtkSpinner           *refresh_spinner;
  GtkRevealer          *sidebar_revealer;
  IsobarPlacesSidebar  *sidebar;
  IsobarBanner         *error_banner;
  IsobarBanner         *info_banner;
  GtkStack             *content_stack;
  AdwViewStack         *view_stack;
  IsobarForecastView   *forecast_view;
  IsobarClimateView    *climate_view;
  IsobarRunsView       *runs_view;
  IsobarSearchView     *search_view;
  GtkRevealer          *panel_revealer;
  IsobarResponsivenessPanel *panel;

  /* Owned references */
  GSettings            *settings;
  IsobarDataSource     *data_source;
  IsobarCache          *cache;
  IsobarRunController  *controller;        /* the application's, or our own */
  IsobarFrameMeter     *frame_meter;       /* frames and input of this window */
  IsobarSavedPlaces    *places;            /* the saved places, and the one shown */
  GCancellable         *cancellable;       /* the window's lifetime */
  IsobarForecastLoader *loader;            /* the forecast of the place shown */
  IsobarLocation       *location;          /* the place shown, or NULL */
};

/* The units setting, which the forecast and the climate page both show in. */
static inline IsobarUnits
_isobar_window_get_units (IsobarWindow *self)
{
  g_autofree char *units = g_settings_get_string (self->settings, "units");

  return g_strcmp0 (units, "imperial") == 0 ? ISOBAR_UNITS_IMPERIAL : ISOBAR_UNITS_METRIC;
}

/* isobar-window-actions.c */
void     _isobar_window_class_add_actions (GtkWidgetClass *widget_class);
void     _isobar_window_setup_actions  (IsobarWindow *self);
void     _isobar_window_remove_settings_actions (IsobarWindow *self);

/* isobar-window-forecast.c: the forecast of the place shown */
void     _isobar_window_setup_forecast    (IsobarWindow   *self);
void     _isobar_window_show_location     (IsobarWindow   *self,
                                           IsobarLocation *location);
void     _isobar_window_refresh           (IsobarWindow   *self);
/* Units or days changed: fetch again, keeping what is on screen. */
void     _isobar_window_reload            (IsobarWindow   *self);
void     _isobar_window_cancel_load       (IsobarWindow   *self);
void     _isobar_window_update_status     (IsobarWindow   *self);
void     _isobar_window_update_refresh_spinner (IsobarWindow *self);

/* isobar-window-search.c: the search entry and page */
void     _isobar_window_class_add_search  (GtkWidgetClass *widget_class);
gboolean _isobar_window_get_search_mode   (IsobarWindow   *self);
void     _isobar_window_set_search_mode   (IsobarWindow   *self,
                                           gboolean        search_mode);
void     _isobar_window_focus_search      (IsobarWindow   *self);

/* isobar-window-places.c: the saved places in the sidebar */
void     _isobar_window_class_add_places  (GtkWidgetClass *widget_class);
void     _isobar_window_setup_places      (IsobarWindow   *self);
/* Forgets @location; if it was on screen, shows its neighbour. */
void     _isobar_window_remove_place      (IsobarWindow   *self,
                                           IsobarLocation *location);

/* isobar-window-runs.c: the climate and runs pages and the panel */
void     _isobar_window_setup_runs        (IsobarWindow   *self);
void     _isobar_window_teardown_runs     (IsobarWindow   *self);

G_END_DECLS
