/* isobar-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_PREFERENCES_WINDOW (isobar_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (IsobarPreferencesWindow, isobar_preferences_window, ISOBAR, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Data source, server URLs (applied on Enter), units and days of forecast,
 * bound to @settings (io.github.isobar.Isobar). */
GtkWidget *isobar_preferences_window_new (GSettings *settings);

G_END_DECLS
