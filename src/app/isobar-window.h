/* isobar-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "isobar-core.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_WINDOW (isobar_window_get_type ())

G_DECLARE_FINAL_TYPE (IsobarWindow, isobar_window, ISOBAR, WINDOW, AdwApplicationWindow)

/* The main window: saved places, search, the forecast and the climate
 * report of one place, the runs compared, and the responsiveness panel.
 * Everything it needs is given: @settings (io.github.isobar.Isobar), the
 * @data_source, the @cache and the run @controller it shows and drives
 * (NULL: one of its own, for tests); @application may be NULL (tests).
 * It never calls up into the application: what the app has to say about
 * the runs arrives as the controller's "message" signal. */
IsobarWindow *isobar_window_new (GtkApplication      *application,
                                 GSettings           *settings,
                                 IsobarDataSource    *data_source,
                                 IsobarCache         *cache,
                                 IsobarRunController *controller);

G_END_DECLS
