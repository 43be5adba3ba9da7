/* isobar-place-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-model-private.h"
#include "isobar-place-series.h"

typedef struct
{
  double       latitude;
  double       longitude;
  double       elevation;              /* NAN when unknown */
  char        *timezone;               /* (owned) (nullable) */
  int          utc_offset_seconds;
  IsobarBlock *hourly;                 /* (owned) (nullable) */
  IsobarBlock *daily;                  /* (owned) (nullable) */
} IsobarPlaceSeriesPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (IsobarPlaceSeries, isobar_place_series, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_ELEVATION,
  PROP_TIMEZONE,
  PROP_UTC_OFFSET_SECONDS,
  PROP_HOURLY,
  PROP_DAILY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The fields live in the private struct: the table's offsets are into it. */
static const IsobarModelField fields[N_PROPS] = {
  [PROP_LATITUDE] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarPlaceSeriesPrivate, latitude),
  [PROP_LONGITUDE] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarPlaceSeriesPrivate, longitude),
  [PROP_ELEVATION] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarPlaceSeriesPrivate, elevation),
  [PROP_TIMEZONE] = ISOBAR_MODEL_FIELD (STRING, IsobarPlaceSeriesPrivate, timezone),
  [PROP_UTC_OFFSET_SECONDS] = ISOBAR_MODEL_FIELD (INT, IsobarPlaceSeriesPrivate, utc_offset_seconds),
  [PROP_HOURLY] = ISOBAR_MODEL_FIELD (BLOCK, IsobarPlaceSeriesPrivate, hourly),
  [PROP_DAILY] = ISOBAR_MODEL_FIELD (BLOCK, IsobarPlaceSeriesPrivate, daily),
};

static void
isobar_place_series_finalize (GObject *object)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (ISOBAR_PLACE_SERIES (object));

  isobar_model_clear_fields (priv, fields, N_PROPS);

  G_OBJECT_CLASS (isobar_place_series_parent_class)->finalize (object);
}

static void
isobar_place_series_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (ISOBAR_PLACE_SERIES (object));

  if (!isobar_model_get_field (priv, fields, N_PROPS, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
isobar_place_series_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (ISOBAR_PLACE_SERIES (object));

  if (!isobar_model_set_field (priv, fields, N_PROPS, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
isobar_place_series_class_init (IsobarPlaceSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = isobar_place_series_finalize;
  object_class->get_property = isobar_place_series_get_property;
  object_class->set_property = isobar_place_series_set_property;

  isobar_model_install_place_params (properties, PROP_LATITUDE);
  properties[PROP_TIMEZONE] = isobar_model_string_param ("timezone");
  properties[PROP_UTC_OFFSET_SECONDS] = g_param_spec_int ("utc-offset-seconds", NULL, NULL, -86400, 86400, 0,
                                                          ISOBAR_MODEL_PARAM_FLAGS);
  properties[PROP_HOURLY] = isobar_model_block_param ("hourly");
  properties[PROP_DAILY] = isobar_model_block_param ("daily");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_place_series_init (IsobarPlaceSeries *self)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (self);

  priv->elevation = NAN;
}

gboolean
isobar_place_series_place_is_valid (double latitude,
                                    double longitude,
                                    int    utc_offset_seconds)
{
  return latitude >= -90.0 && latitude <= 90.0 &&
         longitude >= -180.0 && longitude <= 180.0 &&
         utc_offset_seconds >= -86400 && utc_offset_seconds <= 86400;
}

double
isobar_place_series_get_latitude (IsobarPlaceSeries *self)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (self);

  g_return_val_if_fail (ISOBAR_IS_PLACE_SERIES (self), NAN);
  return priv->latitude;
}

double
isobar_place_series_get_longitude (IsobarPlaceSeries *self)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (self);

  g_return_val_if_fail (ISOBAR_IS_PLACE_SERIES (self), NAN);
  return priv->longitude;
}

double
isobar_place_series_get_elevation (IsobarPlaceSeries *self)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (self);

  g_return_val_if_fail (ISOBAR_IS_PLACE_SERIES (self), NAN);
  return priv->elevation;
}

const char *
isobar_place_series_get_timezone (IsobarPlaceSeries *self)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (self);

  g_return_val_if_fail (ISOBAR_IS_PLACE_SERIES (self), NULL);
  return priv->timezone;
}

int
isobar_place_series_get_utc_offset_seconds (IsobarPlaceSeries *self)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (self);

  g_return_val_if_fail (ISOBAR_IS_PLACE_SERIES (self), 0);
  return priv->utc_offset_seconds;
}

IsobarBlock *
isobar_place_series_get_hourly (IsobarPlaceSeries *self)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (self);

  g_return_val_if_fail (ISOBAR_IS_PLACE_SERIES (self), NULL);
  return priv->hourly;
}

IsobarBlock *
isobar_place_series_get_daily (IsobarPlaceSeries *self)
{
  IsobarPlaceSeriesPrivate *priv = isobar_place_series_get_instance_private (self);

  g_return_val_if_fail (ISOBAR_IS_PLACE_SERIES (self), NULL);
  return priv->daily;
}
