/* isobar-forecast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-forecast.h"
#include "isobar-model-private.h"

struct _IsobarForecast
{
  GObject      parent_instance;

  double       latitude;
  double       longitude;
  double       elevation;              /* NAN when unknown */
  char        *timezone;               /* (owned) (nullable) */
  char        *timezone_abbreviation;  /* (owned) (nullable) */
  int          utc_offset_seconds;
  IsobarBlock *current;                /* (owned) (nullable) */
  IsobarBlock *hourly;                 /* (owned) (nullable) */
  IsobarBlock *daily;                  /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (IsobarForecast, isobar_forecast, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_ELEVATION,
  PROP_TIMEZONE,
  PROP_TIMEZONE_ABBREVIATION,
  PROP_UTC_OFFSET_SECONDS,
  PROP_CURRENT,
  PROP_HOURLY,
  PROP_DAILY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const IsobarModelField fields[N_PROPS] = {
  [PROP_LATITUDE] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarForecast, latitude),
  [PROP_LONGITUDE] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarForecast, longitude),
  [PROP_ELEVATION] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarForecast, elevation),
  [PROP_TIMEZONE] = ISOBAR_MODEL_FIELD (STRING, IsobarForecast, timezone),
  [PROP_TIMEZONE_ABBREVIATION] = ISOBAR_MODEL_FIELD (STRING, IsobarForecast, timezone_abbreviation),
  [PROP_UTC_OFFSET_SECONDS] = ISOBAR_MODEL_FIELD (INT, IsobarForecast, utc_offset_seconds),
  [PROP_CURRENT] = ISOBAR_MODEL_FIELD (BLOCK, IsobarForecast, current),
  [PROP_HOURLY] = ISOBAR_MODEL_FIELD (BLOCK, IsobarForecast, hourly),
  [PROP_DAILY] = ISOBAR_MODEL_FIELD (BLOCK, IsobarForecast, daily),
};

static const IsobarModelTable table = { fields, N_PROPS };

static void
isobar_forecast_class_init (IsobarForecastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  isobar_model_class_setup (object_class, &table);

  isobar_model_install_place_params (properties, PROP_LATITUDE);
  properties[PROP_TIMEZONE] = isobar_model_string_param ("timezone");
  properties[PROP_TIMEZONE_ABBREVIATION] = isobar_model_string_param ("timezone-abbreviation");
  properties[PROP_UTC_OFFSET_SECONDS] = isobar_model_utc_offset_param ();
  properties[PROP_CURRENT] = isobar_model_block_param ("current");
  properties[PROP_HOURLY] = isobar_model_block_param ("hourly");
  properties[PROP_DAILY] = isobar_model_block_param ("daily");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_forecast_init (IsobarForecast *self)
{
  self->elevation = NAN;
}

IsobarForecast *
isobar_forecast_new (double       latitude,
                     double       longitude,
                     double       elevation,
                     const char  *timezone,
                     const char  *timezone_abbreviation,
                     int          utc_offset_seconds,
                     IsobarBlock *current,
                     IsobarBlock *hourly,
                     IsobarBlock *daily)
{
  g_return_val_if_fail (latitude >= -90.0 && latitude <= 90.0, NULL);
  g_return_val_if_fail (longitude >= -180.0 && longitude <= 180.0, NULL);
  g_return_val_if_fail (utc_offset_seconds >= -86400 && utc_offset_seconds <= 86400, NULL);

  return g_object_new (ISOBAR_TYPE_FORECAST,
                       "latitude", latitude,
                       "longitude", longitude,
                       "elevation", elevation,
                       "timezone", timezone,
                       "timezone-abbreviation", timezone_abbreviation,
                       "utc-offset-seconds", utc_offset_seconds,
                       "current", current,
                       "hourly", hourly,
                       "daily", daily,
                       NULL);
}

double
isobar_forecast_get_latitude (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NAN);
  return self->latitude;
}

double
isobar_forecast_get_longitude (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NAN);
  return self->longitude;
}

double
isobar_forecast_get_elevation (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NAN);
  return self->elevation;
}

const char *
isobar_forecast_get_timezone (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NULL);
  return self->timezone;
}

const char *
isobar_forecast_get_timezone_abbreviation (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NULL);
  return self->timezone_abbreviation;
}

int
isobar_forecast_get_utc_offset_seconds (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), 0);
  return self->utc_offset_seconds;
}

IsobarBlock *
isobar_forecast_get_current (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NULL);
  return self->current;
}

IsobarBlock *
isobar_forecast_get_hourly (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NULL);
  return self->hourly;
}

IsobarBlock *
isobar_forecast_get_daily (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NULL);
  return self->daily;
}
