/* isobar-forecast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-forecast.h"
#include "isobar-model-private.h"

struct _IsobarForecast
{
  IsobarPlaceSeries  parent_instance;

  char              *timezone_abbreviation;  /* (owned) (nullable) */
  IsobarBlock       *current;                /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (IsobarForecast, isobar_forecast, ISOBAR_TYPE_PLACE_SERIES)

enum {
  PROP_0,
  PROP_TIMEZONE_ABBREVIATION,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const IsobarModelField fields[N_PROPS] = {
  [PROP_TIMEZONE_ABBREVIATION] = ISOBAR_MODEL_FIELD (STRING, IsobarForecast, timezone_abbreviation),
  [PROP_CURRENT] = ISOBAR_MODEL_FIELD (BLOCK, IsobarForecast, current),
};

static const IsobarModelTable table = { fields, N_PROPS };

static void
isobar_forecast_class_init (IsobarForecastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  isobar_model_class_setup (object_class, &table);

  properties[PROP_TIMEZONE_ABBREVIATION] = isobar_model_string_param ("timezone-abbreviation");
  properties[PROP_CURRENT] = isobar_model_block_param ("current");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_forecast_init (IsobarForecast *self)
{
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
  g_return_val_if_fail (isobar_place_series_place_is_valid (latitude, longitude, utc_offset_seconds), NULL);

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

const char *
isobar_forecast_get_timezone_abbreviation (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NULL);
  return self->timezone_abbreviation;
}

IsobarBlock *
isobar_forecast_get_current (IsobarForecast *self)
{
  g_return_val_if_fail (ISOBAR_IS_FORECAST (self), NULL);
  return self->current;
}
