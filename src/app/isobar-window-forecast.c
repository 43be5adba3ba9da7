/* isobar-window-forecast.c: loading a place's forecast. The cached body (if
 * any) is parsed in a worker thread and shown, marked stale, while the
 * network fetch runs; the fresh answer replaces it and goes to the cache. A
 * failed fetch leaves what is on screen and says why in the error banner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-cache.h"
#include "isobar-format.h"
#include "isobar-parser.h"
#include "isobar-window-private.h"

typedef struct
{
  IsobarWindow   *self;       /* owned */
  IsobarLocation *location;   /* owned */
  GDateTime      *stored_at;  /* owned, for cache loads */
  char           *cache_key;
  guint           generation;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->location);
  g_clear_pointer (&data->stored_at, g_date_time_unref);
  g_clear_pointer (&data->cache_key, g_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static LoadData *
load_data_new (IsobarWindow *self,
               const char   *cache_key)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = g_object_ref (self);
  data->location = g_object_ref (self->location);
  data->cache_key = g_strdup (cache_key);
  data->generation = self->load_generation;

  return data;
}

/* Whether the result of @data's step is to be dropped: cancelled, or a later
 * load has started since. */
static gboolean
load_is_stale (LoadData     *data,
               const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         data->generation != data->self->load_generation;
}

static IsobarUnits
current_units (IsobarWindow *self)
{
  g_autofree char *units = g_settings_get_string (self->settings, "units");

  return g_strcmp0 (units, "imperial") == 0 ? ISOBAR_UNITS_IMPERIAL : ISOBAR_UNITS_METRIC;
}

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

/* Banners, spinner and the view's state, from the load state. */
void
_isobar_window_update_status (IsobarWindow *self)
{
  gboolean loading = self->fetching || self->cache_pending;
  gboolean shown = has_forecast (self);
  gboolean from_cache = shown && isobar_forecast_view_get_from_cache (self->forecast_view);

  if (self->location == NULL)
    isobar_forecast_view_show_empty (self->forecast_view);
  else if (!shown && !loading && self->load_error != NULL)
    isobar_forecast_view_show_error (self->forecast_view, self->location, self->load_error->message);

  /* The last good data stays on screen; the banner says why it is not new. */
  isobar_banner_set_title (self->error_banner, self->load_error != NULL ? self->load_error->message : NULL);
  isobar_banner_set_revealed (self->error_banner, self->load_error != NULL && shown);

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

  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), self->fetching && shown);
  gtk_spinner_set_spinning (self->refresh_spinner, self->fetching && shown);
  isobar_forecast_view_set_refreshing (self->forecast_view, self->fetching);
}

/* The cache: read, parse in a worker, show if nothing fresher came. */

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *body = task_data;
  GError *error = NULL;
  IsobarForecast *forecast = isobar_parse_forecast (body, &error);

  if (forecast == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, forecast, g_object_unref);
}

static void
cache_set_aside_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = isobar_cache_set_aside_finish (ISOBAR_CACHE (object), result, &error);

  if (aside != NULL)
    g_message ("The unreadable cache entry was moved to %s; the forecast is fetched again", aside);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("%s", error->message);
}

static void
cache_parse_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  IsobarWindow *self = data->self;
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autoptr(GError) error = NULL;

  forecast = g_task_propagate_pointer (G_TASK (result), &error);

  if (load_is_stale (data, error))
    return;

  self->cache_pending = FALSE;

  if (forecast == NULL)
    {
      g_message ("Ignoring the cached forecast for %s: %s",
                 isobar_location_get_name (data->location), error->message);
      /* Corrupt, truncated or not ours: out of the way of the fresh copy
       * (unless that copy has replaced it already). */
      if (!self->fresh)
        isobar_cache_set_aside_async (self->cache, data->cache_key, NULL, cache_set_aside_cb, NULL);
    }
  else if (!self->fresh)
    isobar_forecast_view_show_forecast (self->forecast_view, data->location, forecast,
                                        data->stored_at, TRUE);

  _isobar_window_update_status (self);
}

static void
cache_load_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  IsobarWindow *self = data->self;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  GCancellable *cancellable;

  body = isobar_cache_load_finish (ISOBAR_CACHE (object), result, &data->stored_at, &error);

  if (load_is_stale (data, error))
    return;

  if (body == NULL || self->fresh)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_message ("Could not read the cached forecast: %s", error->message);
      self->cache_pending = FALSE;
      _isobar_window_update_status (self);
      return;
    }

  cancellable = self->load_cancellable;
  task = g_task_new (self, cancellable, cache_parse_cb, g_steal_pointer (&data));
  g_task_set_source_tag (task, cache_load_cb);
  g_task_set_name (task, "[isobar] parse cached forecast");
  g_task_set_task_data (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

/* The network */

static void
cache_store_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!isobar_cache_store_finish (ISOBAR_CACHE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not save the forecast for offline use: %s", error->message);
}

static void
forecast_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  IsobarWindow *self = data->self;
  g_autoptr(IsobarForecast) forecast = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;

  forecast = isobar_data_source_forecast_finish (ISOBAR_DATA_SOURCE (object), result, &body, &error);

  if (load_is_stale (data, error))
    return;

  self->fetching = FALSE;
  g_clear_error (&self->load_error);

  if (forecast == NULL)
    {
      self->load_error = g_steal_pointer (&error);
      _isobar_window_update_status (self);
      return;
    }

  self->fresh = TRUE;
  now = g_date_time_new_now_local ();
  isobar_forecast_view_show_forecast (self->forecast_view, data->location, forecast, now, FALSE);
  _isobar_window_update_status (self);

  /* Not the load's cancellable: switching places must not lose the copy. */
  if (body != NULL)
    isobar_cache_store_async (self->cache, data->cache_key, body, NULL, cache_store_cb, NULL);
}

void
_isobar_window_cancel_load (IsobarWindow *self)
{
  self->load_generation++;
  self->fetching = FALSE;
  self->cache_pending = FALSE;
  self->fresh = FALSE;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
}

/* Starts a load of self->location: @read_cache shows the cached copy first. */
static void
start_load (IsobarWindow *self,
            gboolean      read_cache)
{
  IsobarUnits units = current_units (self);
  guint days = g_settings_get_uint (self->settings, "forecast-days");
  g_autofree char *cache_key = NULL;

  _isobar_window_cancel_load (self);

  /* A closing window starts nothing new. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (self->location == NULL)
    {
      _isobar_window_update_status (self);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  cache_key = isobar_cache_key_for_forecast (self->location, units);

  if (!has_forecast (self))
    isobar_forecast_view_show_loading (self->forecast_view, self->location);

  if (read_cache)
    {
      self->cache_pending = TRUE;
      isobar_cache_load_async (self->cache, cache_key, self->load_cancellable,
                               cache_load_cb, load_data_new (self, cache_key));
    }

  self->fetching = TRUE;
  isobar_data_source_forecast_async (self->data_source,
                                     isobar_location_get_latitude (self->location),
                                     isobar_location_get_longitude (self->location),
                                     units, days,
                                     self->load_cancellable,
                                     forecast_cb, load_data_new (self, cache_key));

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
      if (!self->fetching)
        start_load (self, FALSE);
      return;
    }

  if (g_set_object (&self->location, location))
    g_object_notify (G_OBJECT (self), "location");
  g_clear_error (&self->load_error);
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

  g_clear_error (&self->load_error);
  start_load (self, TRUE);
}
