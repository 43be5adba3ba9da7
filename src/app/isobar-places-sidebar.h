/* isobar-places-sidebar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-location.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_PLACES_SIDEBAR (isobar_places_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (IsobarPlacesSidebar, isobar_places_sidebar, ISOBAR, PLACES_SIDEBAR, GtkWidget)

/* The saved places: a list of IsobarLocation (the model, not owned by the
 * sidebar's user) with a remove button per row, or a hint when it is empty.
 * Signals: ::location-selected (IsobarLocation) when the user picks a row,
 * ::location-removed (IsobarLocation) when the user removes one. */
GtkWidget *isobar_places_sidebar_new             (void);
void       isobar_places_sidebar_set_model       (IsobarPlacesSidebar *self,
                                                  GListModel          *model);
/* Highlights @location (NULL: none) without emitting ::location-selected. */
void       isobar_places_sidebar_select_location (IsobarPlacesSidebar *self,
                                                  IsobarLocation      *location);

G_END_DECLS
