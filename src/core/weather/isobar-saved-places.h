/* isobar-saved-places.h: the places the user keeps, and the one shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-location.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_SAVED_PLACES (isobar_saved_places_get_type ())

G_DECLARE_FINAL_TYPE (IsobarSavedPlaces, isobar_saved_places, ISOBAR, SAVED_PLACES, GObject)

/* A GListModel of IsobarLocation: the places kept in @settings'
 * "saved-locations" key (an array of ISOBAR_LOCATION_VARIANT_TYPE), in order,
 * no two equal (isobar_location_equal()), entries that do not read as a
 * place left out. A change made elsewhere (another window, `gsettings
 * set`) is followed; the model's own writes do not reload it. The place
 * shown is kept in "selected-location" (a maybe of the same type).
 *
 * Nothing here waits: GSettings hands writes to its backend, which stores
 * them in the background (dconf), so there is no _async form. */
IsobarSavedPlaces *isobar_saved_places_new          (GSettings         *settings);
/* Whether @location is kept, and where. */
gboolean           isobar_saved_places_find         (IsobarSavedPlaces *self,
                                                     IsobarLocation    *location,
                                                     guint             *position);
/* Keeps @location at the end unless it is kept already; returns the kept
 * instance. (transfer full) */
IsobarLocation    *isobar_saved_places_add          (IsobarSavedPlaces *self,
                                                     IsobarLocation    *location);
/* Forgets @location; FALSE if it was not kept. @position: where it was. */
gboolean           isobar_saved_places_remove       (IsobarSavedPlaces *self,
                                                     IsobarLocation    *location,
                                                     guint             *position);
/* The place shown when the app last ran, or NULL. (transfer full) */
IsobarLocation    *isobar_saved_places_dup_selected (IsobarSavedPlaces *self);
void               isobar_saved_places_set_selected (IsobarSavedPlaces *self,
                                                     IsobarLocation    *location);

G_END_DECLS
