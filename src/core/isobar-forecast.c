/* isobar-forecast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-forecast.h"

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

static void
isobar_forecast_finalize (GObject *object)
{
  IsobarForecast *self = ISOBAR_FORECAST (object);

  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->timezone_abbreviation, g_free);
  g_clear_pointer (&self->current, isobar_block_unref);
  g_clear_pointer (&self->hourly, isobar_block_unref);
  g_clear_pointer (&self->daily, isobar_block_unref);

  G_OBJECT_CLASS (isobar_forecast_parent_class)->finalize (object);
}

static void
isobar_forecast_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  IsobarForecast *self = ISOBAR_FORECAST (object);

  switch (prop_id)
    {
    case PROP_LATITUDE:
      g_value_set_double (value, self->latitude);
      break;
    case PROP_LONGITUDE:
      g_value_set_double (value, self->longitude);
      break;
    case PROP_ELEVATION:
      g_value_set_double (value, self->elevation);
      break;
    case PROP_TIMEZONE:
      g_value_set_string (value, self->timezone);
      break;
    case PROP_TIMEZONE_ABBREVIATION:
      g_value_set_string (value, self->timezone_abbreviation);
      break;
    case PROP_UTC_OFFSET_SECONDS:
      g_value_set_int (value, self->utc_offset_seconds);
      break;
    case PROP_CURRENT:
      g_value_set_boxed (value, self->current);
      break;
    case PROP_HOURLY:
      g_value_set_boxed (value, self->hourly);
      break;
    case PROP_DAILY:
      g_value_set_boxed (value, self->daily);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_forecast_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  IsobarForecast *self = ISOBAR_FORECAST (object);

  switch (prop_id)
    {
    case PROP_LATITUDE:
      self->latitude = g_value_get_double (value);
      break;
    case PROP_LONGITUDE:
      self->longitude = g_value_get_double (value);
      break;
    case PROP_ELEVATION:
      self->elevation = g_value_get_double (value);
      break;
    case PROP_TIMEZONE:
      self->timezone = g_value_dup_string (value);
      break;
    case PROP_TIMEZONE_ABBREVIATION:
      self->timezone_abbreviation = g_value_dup_string (value);
      break;
    case PROP_UTC_OFFSET_SECONDS:
      self->utc_offset_seconds = g_value_get_int (value);
      break;
    case PROP_CURRENT:
      self->current = g_value_dup_boxed (value);
      break;
    case PROP_HOURLY:
      self->hourly = g_value_dup_boxed (value);
      break;
    case PROP_DAILY:
      self->daily = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_forecast_class_init (IsobarForecastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = isobar_forecast_finalize;
  object_class->get_property = isobar_forecast_get_property;
  object_class->set_property = isobar_forecast_set_property;

  properties[PROP_LATITUDE] = g_param_spec_double ("latitude", NULL, NULL, -90.0, 90.0, 0.0, flags);
  properties[PROP_LONGITUDE] = g_param_spec_double ("longitude", NULL, NULL, -180.0, 180.0, 0.0, flags);
  properties[PROP_ELEVATION] = g_param_spec_double ("elevation", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                                                    flags | G_PARAM_LAX_VALIDATION);
  /* Unknown is NAN. g_param_spec_double() refuses a NAN default (it compares
   * it with the bounds) and validation calls NAN invalid (NAN != NAN), so the
   * default is set afterwards and the property validates laxly: the bounds
   * still clamp, and NAN goes through. */
  G_PARAM_SPEC_DOUBLE (properties[PROP_ELEVATION])->default_value = NAN;
  properties[PROP_TIMEZONE] = g_param_spec_string ("timezone", NULL, NULL, NULL, flags);
  properties[PROP_TIMEZONE_ABBREVIATION] = g_param_spec_string ("timezone-abbreviation", NULL, NULL, NULL, flags);
  properties[PROP_UTC_OFFSET_SECONDS] = g_param_spec_int ("utc-offset-seconds", NULL, NULL,
                                                          -86400, 86400, 0, flags);
  properties[PROP_CURRENT] = g_param_spec_boxed ("current", NULL, NULL, ISOBAR_TYPE_BLOCK, flags);
  properties[PROP_HOURLY] = g_param_spec_boxed ("hourly", NULL, NULL, ISOBAR_TYPE_BLOCK, flags);
  properties[PROP_DAILY] = g_param_spec_boxed ("daily", NULL, NULL, ISOBAR_TYPE_BLOCK, flags);

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
