/* isobar-data-source-settings.c: a data source that follows the app's
 * settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-data-source-settings.h"

static void
apply_kind (IsobarDataSource *self,
            GSettings        *settings)
{
  g_autofree char *kind = g_settings_get_string (settings, "data-source");

  isobar_data_source_set_kind (self, isobar_data_source_kind_from_string (kind));
}

static void
apply_urls (IsobarDataSource *self,
            GSettings        *settings)
{
  g_autofree char *forecast = g_settings_get_string (settings, "forecast-url");
  g_autofree char *archive = g_settings_get_string (settings, "archive-url");
  g_autofree char *geocoding = g_settings_get_string (settings, "geocoding-url");

  isobar_data_source_set_urls (self, forecast, archive, geocoding);
}

static void
on_settings_changed (IsobarDataSource *self,
                     const char       *key,
                     GSettings        *settings)
{
  if (g_str_equal (key, "data-source"))
    apply_kind (self, settings);
  else if (g_str_has_suffix (key, "-url"))
    apply_urls (self, settings);
}

void
isobar_data_source_follow_settings (IsobarDataSource *self,
                                    GSettings        *settings)
{
  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  apply_urls (self, settings);
  apply_kind (self, settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
}
