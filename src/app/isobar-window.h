/* isobar-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "isobar-cache.h"
#include "isobar-data-source.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_WINDOW (isobar_window_get_type ())

G_DECLARE_FINAL_TYPE (IsobarWindow, isobar_window, ISOBAR, WINDOW, AdwApplicationWindow)

/* The main window: saved places, search, and the forecast of one place.
 * Everything it needs is given: @settings (io.github.isobar.Isobar), the
 * @data_source and the @cache; @application may be NULL (tests). */
IsobarWindow *isobar_window_new (GtkApplication   *application,
                                 GSettings        *settings,
                                 IsobarDataSource *data_source,
                                 IsobarCache      *cache);

G_END_DECLS
