/* isobar-year-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-kernels.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_YEAR_ITEM (isobar_year_item_get_type ())

G_DECLARE_FINAL_TYPE (IsobarYearItem, isobar_year_item, ISOBAR, YEAR_ITEM, GObject)

/* One row of a climate report's yearly table (IsobarYearRow, copied), as an
 * immutable object for list models. Temperatures are °C; a missing value is
 * NAN. Dates are GDate julian day numbers, 0 when there is no such day.
 *
 * Read-only properties: year (int), mean, min, max, anomaly (double),
 * n-missing (uint), incomplete (boolean), hottest, coldest (double: the
 * highest tmax and lowest tmin), hottest-julian, coldest-julian (uint). */
IsobarYearItem      *isobar_year_item_new                (const IsobarYearRow *row);
/* The copied row, valid as long as @self. */
const IsobarYearRow *isobar_year_item_get_row            (IsobarYearItem      *self);
int                  isobar_year_item_get_year           (IsobarYearItem      *self);
double               isobar_year_item_get_mean           (IsobarYearItem      *self);
double               isobar_year_item_get_min            (IsobarYearItem      *self);
double               isobar_year_item_get_max            (IsobarYearItem      *self);
double               isobar_year_item_get_anomaly        (IsobarYearItem      *self);
guint                isobar_year_item_get_n_missing      (IsobarYearItem      *self);
/* More than ISOBAR_CLIMATE_MAX_MISSING_DAYS days are missing: the year is
 * left out of the trend and the anomalies' baseline. */
gboolean             isobar_year_item_get_incomplete     (IsobarYearItem      *self);
double               isobar_year_item_get_hottest        (IsobarYearItem      *self);
guint32              isobar_year_item_get_hottest_julian (IsobarYearItem      *self);
double               isobar_year_item_get_coldest        (IsobarYearItem      *self);
guint32              isobar_year_item_get_coldest_julian (IsobarYearItem      *self);

G_END_DECLS
