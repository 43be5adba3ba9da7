/* isobar-window-forecast.c: the forecast of the place shown. Loading it is
 * IsobarForecastLoader's (the cached copy first, marked stale, then the
 * network); the window shows what the loader has, with banners that say
 * when it is old or why it is not new, and the last good data stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-format.h"
#include "isobar-window-private.h"

static gboolean
has_forecast (IsobarWindow *self)
{
  return isobar_forecast_view_get_forecast (self->forecast_view) != NULL;
}

static void
show_info_banner (IsobarWindow *self,
                  const char   *title,
                  const char   *button_label)
{
  isobar_banner_set_title (self->info_banner, title);
  isobar_banner_set_button_label (self->info_banner, button_label);
  isobar_banner_set_revealed (self->info_banner, TRUE);
}

/* The header's spinner: a refresh of the forecast on screen, outside runs.
 * While an analysis runs, its progress is on screen and the forecast view
 * says "Refreshing…": the spinner would be a second indicator at the other
 * end of the window, and GTK's cairo renderer on X11 repaints the bounding
 * box of what changed in a frame, the span between the two, on every
 * frame it spins (BENCHMARKS.md §5l). */
void
_isobar_window_update_refresh_spinner (IsobarWindow *self)
{
  gboolean running = self->controller != NULL && isobar_run_controller_get_running (self->controller);
  gboolean spinner = isobar_forecast_loader_get_fetching (self->loader) && has_forecast (self) && !running;

  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), spinner);
  gtk_spinner_set_spinning (self->refresh_spinner, spinner);
}

/* Banners, spinner and the view's state, from the load state. */
void
_isobar_window_update_status (IsobarWindow *self)
{
  gboolean fetching = isobar_forecast_loader_get_fetching (self->loader);
  gboolean loading = fetching || isobar_forecast_loader_get_reading_cache (self->loader);
  const GError *load_error = isobar_forecast_loader_get_error (self->loader);
  gboolean shown = has_forecast (self);
  gboolean from_cache = shown && isobar_forecast_view_get_from_cache (self->forecast_view);

  if (self->location == NULL)
    isobar_forecast_view_show_empty (self->forecast_view);
  else if (!shown && !loading && load_error != NULL)
    isobar_forecast_view_show_error (self->forecast_view, self->location, load_error->message);

  /* The last good data stays on screen; the banner says why it is not new. */
  isobar_banner_set_title (self->error_banner, load_error != NULL ? load_error->message : NULL);
  isobar_banner_set_revealed (self->error_banner, load_error != NULL && shown);

  if (isobar_data_source_get_using_simulator (self->data_source))
    {
      /* Chosen in Preferences, or fallen back to because nothing answered */
      gboolean chosen = isobar_data_source_get_kind (self->data_source) == ISOBAR_DATA_SOURCE_KIND_SIMULATOR;

      show_info_banner (self,
                        chosen ? _("Showing simulated weather from the built-in simulator.")
                               : _("Open-Meteo could not be reached. Showing simulated weather from the built-in simulator."),
                        _("Preferences"));
    }
  else if (from_cache && !loading)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *when = isobar_format_short_time (isobar_forecast_view_get_updated_at (self->forecast_view),
                                                        now);
      /* Translators: %s is a time, e.g. "14:05" or "Mon 14:05" */
      g_autofree char *title = g_strdup_printf (_("Showing the forecast saved at %s. It may be out of date."), when);

      show_info_banner (self, title, NULL);
    }
  else
    isobar_banner_set_revealed (self->info_banner, FALSE);

  _isobar_window_update_refresh_spinner (self);
  isobar_forecast_view_set_refreshing (self->forecast_view, fetching);
}

/* What the loader has for the place shown. */
static void
on_forecast_changed (IsobarWindow *self)
{
  IsobarForecast *forecast = isobar_forecast_loader_get_forecast (self->loader);

  /* Forgotten (another place, a reload): what is on screen stays until
   * something replaces it. */
  if (forecast != NULL)
    isobar_forecast_view_show_forecast (self->forecast_view, isobar_forecast_loader_get_location (self->loader),
                                        forecast, isobar_forecast_loader_get_updated_at (self->loader),
                                        isobar_forecast_loader_get_from_cache (self->loader));
  _isobar_window_update_status (self);
}

void
_isobar_window_setup_forecast (IsobarWindow *self)
{
  self->loader = isobar_forecast_loader_new (self->data_source, self->cache);
  g_signal_connect_object (self->loader, "notify::forecast", G_CALLBACK (on_forecast_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loader, "notify::fetching", G_CALLBACK (_isobar_window_update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loader, "notify::reading-cache", G_CALLBACK (_isobar_window_update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loader, "notify::error", G_CALLBACK (_isobar_window_update_status), self,
                           G_CONNECT_SWAPPED);
}

void
_isobar_window_cancel_load (IsobarWindow *self)
{
  if (self->loader != NULL)
    isobar_forecast_loader_cancel (self->loader);
}

/* What a load did is in the loader's properties, which the window follows. */
static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  isobar_forecast_loader_load_finish (ISOBAR_FORECAST_LOADER (object), result, &error);
}

/* Starts a load of self->location: @read_cache shows the cached copy first. */
static void
start_load (IsobarWindow *self,
            gboolean      read_cache)
{
  /* A closing window starts nothing new. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* No place (show_location() has cleared the loader already). */
  if (self->location == NULL)
    {
      _isobar_window_update_status (self);
      return;
    }

  if (!has_forecast (self))
    isobar_forecast_view_show_loading (self->forecast_view, self->location);

  isobar_forecast_loader_load_async (self->loader, self->location, _isobar_window_get_units (self),
                                     g_settings_get_uint (self->settings, "forecast-days"), read_cache,
                                     self->cancellable, load_cb, NULL);
  _isobar_window_update_status (self);
}

void
_isobar_window_show_location (IsobarWindow   *self,
                              IsobarLocation *location)
{
  gboolean same;

  g_assert (location == NULL || ISOBAR_IS_LOCATION (location));

  same = location != NULL && self->location != NULL && isobar_location_equal (location, self->location);

  isobar_places_sidebar_select_location (self->sidebar, location);

  if (same && has_forecast (self))
    {
      /* Picking the place on screen again: just make sure it is fresh. */
      if (!isobar_forecast_loader_get_fetching (self->loader))
        start_load (self, FALSE);
      return;
    }

  if (g_set_object (&self->location, location))
    g_object_notify (G_OBJECT (self), "location");
  isobar_forecast_loader_clear (self->loader);
  isobar_saved_places_set_selected (self->places, location);

  gtk_window_set_title (GTK_WINDOW (self),
                        location != NULL ? isobar_location_get_name (location) : _("Isobar"));

  /* A different place: nothing of the previous one may stay. */
  isobar_forecast_view_show_empty (self->forecast_view);
  start_load (self, TRUE);
}

void
_isobar_window_refresh (IsobarWindow *self)
{
  if (self->location == NULL)
    return;

  start_load (self, !has_forecast (self));
}

void
_isobar_window_reload (IsobarWindow *self)
{
  if (self->location == NULL)
    return;

  /* Forget the error with the rest; what is on screen stays. */
  isobar_forecast_loader_clear (self->loader);
  start_load (self, TRUE);
}
