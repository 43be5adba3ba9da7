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

/* The main window: saved places, search, the forecast and the climate
 * report of one place, the runs compared, and the responsiveness panel.
 * Everything it needs is given: @settings (io.github.isobar.Isobar), the
 * @data_source and the @cache; @application may be NULL (tests), and then
 * the window has a run controller of its own. */
IsobarWindow *isobar_window_new        (GtkApplication   *application,
                                        GSettings        *settings,
                                        IsobarDataSource *data_source,
                                        IsobarCache      *cache);
/* A short message over the window ("Exported 3 runs to …"). */
void          isobar_window_show_toast (IsobarWindow     *self,
                                        const char       *text);

G_END_DECLS
