/* isobar-day-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-block.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_DAY_ROW (isobar_day_row_get_type ())

G_DECLARE_FINAL_TYPE (IsobarDayRow, isobar_day_row, ISOBAR, DAY_ROW, GtkListBoxRow)

/* One day of the daily forecast: day name and date, icon, description,
 * precipitation (probability and sum), lowest and highest temperature.
 * @daily is read at @index; @now decides "Today" in the place's time. */
GtkWidget  *isobar_day_row_new            (IsobarBlock  *daily,
                                           guint         index,
                                           int           utc_offset_seconds,
                                           GDateTime    *now);
const char *isobar_day_row_get_day_name   (IsobarDayRow *self);

G_END_DECLS
