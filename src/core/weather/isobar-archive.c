/* isobar-archive.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-archive.h"
#include "isobar-model-private.h"

struct _IsobarArchive
{
  GObject      parent_instance;

  double       latitude;
  double       longitude;
  double       elevation;              /* NAN when unknown */
  char        *timezone;               /* (owned) (nullable) */
  int          utc_offset_seconds;
  IsobarBlock *hourly;                 /* (owned) (nullable) */
  IsobarBlock *daily;                  /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (IsobarArchive, isobar_archive, G_TYPE_OBJECT)

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

static const IsobarModelField fields[N_PROPS] = {
  [PROP_LATITUDE] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarArchive, latitude),
  [PROP_LONGITUDE] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarArchive, longitude),
  [PROP_ELEVATION] = ISOBAR_MODEL_FIELD (DOUBLE, IsobarArchive, elevation),
  [PROP_TIMEZONE] = ISOBAR_MODEL_FIELD (STRING, IsobarArchive, timezone),
  [PROP_UTC_OFFSET_SECONDS] = ISOBAR_MODEL_FIELD (INT, IsobarArchive, utc_offset_seconds),
  [PROP_HOURLY] = ISOBAR_MODEL_FIELD (BLOCK, IsobarArchive, hourly),
  [PROP_DAILY] = ISOBAR_MODEL_FIELD (BLOCK, IsobarArchive, daily),
};

static const IsobarModelTable table = { fields, N_PROPS };

static void
isobar_archive_class_init (IsobarArchiveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  isobar_model_class_setup (object_class, &table);

  isobar_model_install_place_params (properties, PROP_LATITUDE);
  properties[PROP_TIMEZONE] = isobar_model_string_param ("timezone");
  properties[PROP_UTC_OFFSET_SECONDS] = isobar_model_utc_offset_param ();
  properties[PROP_HOURLY] = isobar_model_block_param ("hourly");
  properties[PROP_DAILY] = isobar_model_block_param ("daily");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_archive_init (IsobarArchive *self)
{
  self->elevation = NAN;
}

IsobarArchive *
isobar_archive_new (double       latitude,
                    double       longitude,
                    double       elevation,
                    const char  *timezone,
                    int          utc_offset_seconds,
                    IsobarBlock *hourly,
                    IsobarBlock *daily)
{
  g_return_val_if_fail (latitude >= -90.0 && latitude <= 90.0, NULL);
  g_return_val_if_fail (longitude >= -180.0 && longitude <= 180.0, NULL);
  g_return_val_if_fail (utc_offset_seconds >= -86400 && utc_offset_seconds <= 86400, NULL);
  g_return_val_if_fail (hourly != NULL || daily != NULL, NULL);

  return g_object_new (ISOBAR_TYPE_ARCHIVE,
                       "latitude", latitude,
                       "longitude", longitude,
                       "elevation", elevation,
                       "timezone", timezone,
                       "utc-offset-seconds", utc_offset_seconds,
                       "hourly", hourly,
                       "daily", daily,
                       NULL);
}

double
isobar_archive_get_latitude (IsobarArchive *self)
{
  g_return_val_if_fail (ISOBAR_IS_ARCHIVE (self), NAN);
  return self->latitude;
}

double
isobar_archive_get_longitude (IsobarArchive *self)
{
  g_return_val_if_fail (ISOBAR_IS_ARCHIVE (self), NAN);
  return self->longitude;
}

double
isobar_archive_get_elevation (IsobarArchive *self)
{
  g_return_val_if_fail (ISOBAR_IS_ARCHIVE (self), NAN);
  return self->elevation;
}

const char *
isobar_archive_get_timezone (IsobarArchive *self)
{
  g_return_val_if_fail (ISOBAR_IS_ARCHIVE (self), NULL);
  return self->timezone;
}

int
isobar_archive_get_utc_offset_seconds (IsobarArchive *self)
{
  g_return_val_if_fail (ISOBAR_IS_ARCHIVE (self), 0);
  return self->utc_offset_seconds;
}

IsobarBlock *
isobar_archive_get_hourly (IsobarArchive *self)
{
  g_return_val_if_fail (ISOBAR_IS_ARCHIVE (self), NULL);
  return self->hourly;
}

IsobarBlock *
isobar_archive_get_daily (IsobarArchive *self)
{
  g_return_val_if_fail (ISOBAR_IS_ARCHIVE (self), NULL);
  return self->daily;
}
