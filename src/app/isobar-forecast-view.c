/* isobar-forecast-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "isobar-day-row.h"
#include "isobar-format.h"
#include "isobar-forecast-view.h"
#include "isobar-weather-code.h"

#define UPDATED_INTERVAL_SECONDS 30

struct _IsobarForecastView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *error_page;
  GtkLabel          *loading_label;
  GtkLabel          *place_label;
  GtkLabel          *region_label;
  GtkLabel          *updated_label;
  GtkImage          *current_icon;
  GtkLabel          *temperature_label;
  GtkLabel          *description_label;
  GtkLabel          *feels_like_label;
  GtkLabel          *wind_label;
  GtkLabel          *humidity_label;
  GtkLabel          *precipitation_label;
  IsobarHourlyChart *chart;
  GtkLabel          *daily_heading;
  GtkListBox        *daily_list;

  /* Owned */
  IsobarForecast    *forecast;
  GDateTime         *updated_at;
  guint              updated_source;
  guint              n_days;
  gboolean           from_cache;
  gboolean           refreshing;
};

G_DEFINE_FINAL_TYPE (IsobarForecastView, isobar_forecast_view, GTK_TYPE_WIDGET)

static void
set_place (IsobarForecastView *self,
           IsobarLocation     *location)
{
  g_autofree char *region = NULL;
  g_autofree char *loading = NULL;

  if (location == NULL)
    return;

  region = isobar_format_place_region (location);
  gtk_label_set_label (self->place_label, isobar_location_get_name (location));
  gtk_label_set_label (self->region_label, region);

  /* Translators: %s is a place name */
  loading = g_strdup_printf (_("Loading the forecast for %s…"), isobar_location_get_name (location));
  gtk_label_set_label (self->loading_label, loading);
}

static void
update_updated_label (IsobarForecastView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;

  if (self->updated_at == NULL)
    {
      gtk_label_set_label (self->updated_label, "");
      return;
    }

  if (self->from_cache)
    {
      g_autofree char *when = isobar_format_short_time (self->updated_at, now);

      if (self->refreshing)
        /* Translators: %s is a time, e.g. "14:05" */
        text = g_strdup_printf (_("Showing saved data from %s — updating…"), when);
      else
        /* Translators: %s is a time, e.g. "14:05" */
        text = g_strdup_printf (_("Offline — showing data from %s"), when);
    }
  else
    text = isobar_format_updated (self->updated_at, now);

  gtk_label_set_label (self->updated_label, text);
  if (self->from_cache)
    gtk_widget_add_css_class (GTK_WIDGET (self->updated_label), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->updated_label), "stale");
}

static gboolean
on_updated_tick (gpointer user_data)
{
  IsobarForecastView *self = user_data;
  IsobarPlaceSeries *series = ISOBAR_PLACE_SERIES (self->forecast);
  IsobarBlock *hourly;

  update_updated_label (self);

  /* Keep the chart's "now" moving with the clock. */
  if (series != NULL && (hourly = isobar_place_series_get_hourly (series)) != NULL)
    isobar_hourly_chart_set_hourly (self->chart, hourly,
                                    isobar_place_series_get_utc_offset_seconds (series),
                                    g_get_real_time () / G_USEC_PER_SEC);

  return G_SOURCE_CONTINUE;
}

static void
set_state (IsobarForecastView *self,
           const char         *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);

  if (g_str_equal (state, "forecast"))
    {
      if (self->updated_source == 0)
        self->updated_source = g_timeout_add_seconds (UPDATED_INTERVAL_SECONDS, on_updated_tick, self);
    }
  else
    {
      g_clear_handle_id (&self->updated_source, g_source_remove);
      g_clear_object (&self->forecast);
      g_clear_pointer (&self->updated_at, g_date_time_unref);
    }
}

static void
show_current (IsobarForecastView *self,
              IsobarBlock        *current)
{
  double temperature = NAN, apparent = NAN, humidity = NAN, precip = NAN;
  double wind = NAN, direction = NAN, code = NAN, is_day = 1;
  const char *description;
  g_autofree char *temperature_text = NULL;
  g_autofree char *apparent_text = NULL;
  g_autofree char *feels_like = NULL;
  g_autofree char *humidity_text = NULL;
  g_autofree char *precip_text = NULL;
  g_autofree char *speed = NULL;
  g_autofree char *wind_text = NULL;
  g_autofree char *wind_tooltip = NULL;

  if (current != NULL && isobar_block_get_length (current) > 0)
    {
      guint last = isobar_block_get_length (current) - 1;

      temperature = isobar_block_get_value (current, "temperature_2m", last);
      apparent = isobar_block_get_value (current, "apparent_temperature", last);
      humidity = isobar_block_get_value (current, "relative_humidity_2m", last);
      precip = isobar_block_get_value (current, "precipitation", last);
      wind = isobar_block_get_value (current, "wind_speed_10m", last);
      direction = isobar_block_get_value (current, "wind_direction_10m", last);
      code = isobar_block_get_value (current, "weather_code", last);
      if (!isnan (isobar_block_get_value (current, "is_day", last)))
        is_day = isobar_block_get_value (current, "is_day", last);
    }

  description = isobar_weather_code_describe (isobar_format_weather_code (code));
  gtk_image_set_from_icon_name (self->current_icon,
                                isobar_weather_code_icon_name (isobar_format_weather_code (code), is_day != 0));
  gtk_label_set_label (self->description_label, description);

  temperature_text = isobar_format_temperature (temperature,
                                                current ? isobar_block_get_unit (current, "temperature_2m") : NULL);
  gtk_label_set_label (self->temperature_label, temperature_text);

  apparent_text = isobar_format_temperature (apparent,
                                             current ? isobar_block_get_unit (current, "apparent_temperature") : NULL);
  /* Translators: %s is a temperature, e.g. "17 °C" */
  feels_like = g_strdup_printf (_("Feels like %s"), apparent_text);
  gtk_label_set_label (self->feels_like_label, feels_like);

  speed = isobar_format_amount (wind, current ? isobar_block_get_unit (current, "wind_speed_10m") : NULL, 0);
  if (isnan (direction))
    wind_text = g_steal_pointer (&speed);
  else
    {
      /* Translators: wind speed, arrow and compass point: "12 km/h ↘ NW" */
      wind_text = g_strdup_printf (_("%s %s %s"), speed,
                                   isobar_format_wind_arrow (direction),
                                   isobar_format_compass_point (direction));
      /* Translators: %s is a direction, e.g. "northwest" */
      wind_tooltip = g_strdup_printf (_("Wind from the %s"), isobar_format_compass_name (direction));
    }
  gtk_label_set_label (self->wind_label, wind_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->wind_label), wind_tooltip);

  humidity_text = isobar_format_amount (humidity, "%", 0);
  gtk_label_set_label (self->humidity_label, humidity_text);

  precip_text = isobar_format_precipitation (precip,
                                             current ? isobar_block_get_unit (current, "precipitation") : NULL);
  gtk_label_set_label (self->precipitation_label, precip_text);
}

static void
show_daily (IsobarForecastView *self,
            IsobarBlock        *daily,
            int                 utc_offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GtkWidget *child;
  g_autofree char *heading = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->daily_list))) != NULL)
    gtk_list_box_remove (self->daily_list, child);

  self->n_days = daily != NULL ? isobar_block_get_length (daily) : 0;
  for (guint i = 0; i < self->n_days; i++)
    gtk_list_box_append (self->daily_list, isobar_day_row_new (daily, i, utc_offset, now));

  /* Translators: the heading of the daily list, e.g. "10-Day Forecast" */
  heading = g_strdup_printf (ngettext ("%u-Day Forecast", "%u-Day Forecast", self->n_days), self->n_days);
  gtk_label_set_label (self->daily_heading, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->daily_heading), self->n_days > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->daily_list), self->n_days > 0);
}

void
isobar_forecast_view_show_forecast (IsobarForecastView *self,
                                    IsobarLocation     *location,
                                    IsobarForecast     *forecast,
                                    GDateTime          *updated_at,
                                    gboolean            from_cache)
{
  IsobarPlaceSeries *series;
  int utc_offset;

  g_return_if_fail (ISOBAR_IS_FORECAST_VIEW (self));
  g_return_if_fail (ISOBAR_IS_LOCATION (location));
  g_return_if_fail (ISOBAR_IS_FORECAST (forecast));
  g_return_if_fail (updated_at != NULL);

  g_set_object (&self->forecast, forecast);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_date_time_ref (updated_at);
  self->from_cache = !!from_cache;

  series = ISOBAR_PLACE_SERIES (forecast);
  utc_offset = isobar_place_series_get_utc_offset_seconds (series);
  set_place (self, location);
  show_current (self, isobar_forecast_get_current (forecast));
  isobar_hourly_chart_set_hourly (self->chart, isobar_place_series_get_hourly (series),
                                  utc_offset, g_get_real_time () / G_USEC_PER_SEC);
  show_daily (self, isobar_place_series_get_daily (series), utc_offset);
  update_updated_label (self);

  set_state (self, "forecast");
}

void
isobar_forecast_view_show_empty (IsobarForecastView *self)
{
  g_return_if_fail (ISOBAR_IS_FORECAST_VIEW (self));

  set_state (self, "empty");
}

void
isobar_forecast_view_show_loading (IsobarForecastView *self,
                                   IsobarLocation     *location)
{
  g_return_if_fail (ISOBAR_IS_FORECAST_VIEW (self));
  g_return_if_fail (ISOBAR_IS_LOCATION (location));

  set_place (self, location);
  set_state (self, "loading");
}

void
isobar_forecast_view_show_error (IsobarForecastView *self,
                                 IsobarLocation     *location,
                                 const char         *message)
{
  g_autofree char *title = NULL;

  g_return_if_fail (ISOBAR_IS_FORECAST_VIEW (self));
  g_return_if_fail (ISOBAR_IS_LOCATION (location));

  set_place (self, location);
  /* Translators: %s is a place name */
  title = g_strdup_printf (_("No Forecast for %s"), isobar_location_get_name (location));
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  set_state (self, "error");
}

void
isobar_forecast_view_set_refreshing (IsobarForecastView *self,
                                     gboolean            refreshing)
{
  g_return_if_fail (ISOBAR_IS_FORECAST_VIEW (self));

  self->refreshing = !!refreshing;
  update_updated_label (self);
}

const char *
isobar_forecast_view_get_state (IsobarForecastView *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

IsobarForecast *
isobar_forecast_view_get_forecast (IsobarForecastView *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_VIEW (self), NULL);

  return self->forecast;
}

gboolean
isobar_forecast_view_get_from_cache (IsobarForecastView *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_VIEW (self), FALSE);

  return self->forecast != NULL && self->from_cache;
}

GDateTime *
isobar_forecast_view_get_updated_at (IsobarForecastView *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_VIEW (self), NULL);

  return self->updated_at;
}

const char *
isobar_forecast_view_get_temperature_text (IsobarForecastView *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_VIEW (self), NULL);

  return gtk_label_get_label (self->temperature_label);
}

const char *
isobar_forecast_view_get_updated_text (IsobarForecastView *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_VIEW (self), NULL);

  return gtk_label_get_label (self->updated_label);
}

guint
isobar_forecast_view_get_n_days (IsobarForecastView *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_VIEW (self), 0);

  return self->n_days;
}

IsobarHourlyChart *
isobar_forecast_view_get_chart (IsobarForecastView *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST_VIEW (self), NULL);

  return self->chart;
}

static void
isobar_forecast_view_dispose (GObject *object)
{
  IsobarForecastView *self = ISOBAR_FORECAST_VIEW (object);

  g_clear_handle_id (&self->updated_source, g_source_remove);
  g_clear_object (&self->forecast);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_FORECAST_VIEW);

  G_OBJECT_CLASS (isobar_forecast_view_parent_class)->dispose (object);
}

static void
isobar_forecast_view_class_init (IsobarForecastViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_forecast_view_dispose;

  g_type_ensure (ISOBAR_TYPE_HOURLY_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-forecast-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, stack);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, error_page);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, loading_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, place_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, region_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, updated_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, current_icon);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, temperature_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, description_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, feels_like_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, wind_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, humidity_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, precipitation_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, chart);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, daily_heading);
  gtk_widget_class_bind_template_child (widget_class, IsobarForecastView, daily_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "isobar-forecast-view");
}

static void
isobar_forecast_view_init (IsobarForecastView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
isobar_forecast_view_new (void)
{
  return g_object_new (ISOBAR_TYPE_FORECAST_VIEW, NULL);
}
