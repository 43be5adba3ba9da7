/* isobar-archive.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-archive.h"

struct _IsobarArchive
{
  IsobarPlaceSeries parent_instance;
};

G_DEFINE_FINAL_TYPE (IsobarArchive, isobar_archive, ISOBAR_TYPE_PLACE_SERIES)

static void
isobar_archive_class_init (IsobarArchiveClass *klass)
{
}

static void
isobar_archive_init (IsobarArchive *self)
{
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
  g_return_val_if_fail (isobar_place_series_place_is_valid (latitude, longitude, utc_offset_seconds), NULL);
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
