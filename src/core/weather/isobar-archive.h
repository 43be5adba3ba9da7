/* isobar-archive.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-place-series.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_ARCHIVE (isobar_archive_get_type ())

G_DECLARE_FINAL_TYPE (IsobarArchive, isobar_archive, ISOBAR, ARCHIVE, IsobarPlaceSeries)

/* A parsed /v1/archive response: the history of one place. Same envelope as a
 * forecast, no current block; hourly or daily may be NULL but not both. All
 * it holds is IsobarPlaceSeries's. */
IsobarArchive *isobar_archive_new (double       latitude,
                                   double       longitude,
                                   double       elevation,
                                   const char  *timezone,
                                   int          utc_offset_seconds,
                                   IsobarBlock *hourly,
                                   IsobarBlock *daily);

G_END_DECLS
