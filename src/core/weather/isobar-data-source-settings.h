/* isobar-data-source-settings.h: a data source that follows the app's
 * settings ("data-source", "forecast-url", "archive-url", "geocoding-url").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-data-source.h"

G_BEGIN_DECLS

/* Applies the kind and the URLs of @settings (of the io.github.isobar.Isobar
 * schema) to @self now, and again whenever they change, for as long as both
 * live. The app's data source and `isobar-cli run`'s are the same. */
void isobar_data_source_follow_settings (IsobarDataSource *self,
                                         GSettings        *settings);

G_END_DECLS
