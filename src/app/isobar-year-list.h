/* isobar-year-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-climate-report.h"
#include "isobar-year-item.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_YEAR_LIST (isobar_year_list_get_type ())

G_DECLARE_FINAL_TYPE (IsobarYearList, isobar_year_list, ISOBAR, YEAR_LIST, GObject)

/* A GListModel of IsobarYearItem: the yearly rows of a climate report,
 * newest year first. Items are made on the first get_item() of their
 * position and kept until the report changes, so a long history costs
 * nothing until its rows are shown. */
IsobarYearList      *isobar_year_list_new           (IsobarClimateReport *report);
/* Replaces the report (NULL empties the list) and emits items-changed over
 * the whole list. Setting the same report again makes new items, so that
 * views bound to them redraw (after a change of units, say). */
void                 isobar_year_list_set_report    (IsobarYearList      *self,
                                                     IsobarClimateReport *report);
IsobarClimateReport *isobar_year_list_get_report    (IsobarYearList      *self);
/* How many items exist: made by get_item() since the report was set. */
guint                isobar_year_list_get_n_created (IsobarYearList      *self);

G_END_DECLS
