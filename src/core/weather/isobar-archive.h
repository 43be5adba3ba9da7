/* isobar-archive.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-block.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_ARCHIVE (isobar_archive_get_type ())

G_DECLARE_FINAL_TYPE (IsobarArchive, isobar_archive, ISOBAR, ARCHIVE, GObject)

/* A parsed /v1/archive response: the history of one place. Same envelope as a
 * forecast, no current block; hourly or daily may be NULL but not both. */
IsobarArchive *isobar_archive_new                    (double         latitude,
                                                      double         longitude,
                                                      double         elevation,
                                                      const char    *timezone,
                                                      int            utc_offset_seconds,
                                                      IsobarBlock   *hourly,
                                                      IsobarBlock   *daily);
double         isobar_archive_get_latitude           (IsobarArchive *self);
double         isobar_archive_get_longitude          (IsobarArchive *self);
double         isobar_archive_get_elevation          (IsobarArchive *self);
const char    *isobar_archive_get_timezone           (IsobarArchive *self);
int            isobar_archive_get_utc_offset_seconds (IsobarArchive *self);
IsobarBlock   *isobar_archive_get_hourly             (IsobarArchive *self);
IsobarBlock   *isobar_archive_get_daily              (IsobarArchive *self);

G_END_DECLS
