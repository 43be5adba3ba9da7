/* isobar-place-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-location.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_PLACE_ROW (isobar_place_row_get_type ())

G_DECLARE_FINAL_TYPE (IsobarPlaceRow, isobar_place_row, ISOBAR, PLACE_ROW, GtkListBoxRow)

/* A saved place in the sidebar: its name, region and country, and a button
 * that emits ::remove. */
GtkWidget      *isobar_place_row_new          (IsobarLocation *location);
IsobarLocation *isobar_place_row_get_location (IsobarPlaceRow *self);

G_END_DECLS
