/* isobar-window-places.c: the saved places in the sidebar. What is kept,
 * and where, is IsobarSavedPlaces'; the window follows it and shows a
 * neighbour when the place on screen is forgotten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-window-private.h"

/* The list changed (here or elsewhere): keep the place shown selected. */
static void
on_places_changed (IsobarWindow *self)
{
  isobar_places_sidebar_select_location (self->sidebar, self->location);
}

static void
on_sidebar_location_selected (IsobarWindow        *self,
                              IsobarLocation      *location,
                              IsobarPlacesSidebar *sidebar)
{
  _isobar_window_set_search_mode (self, FALSE);
  _isobar_window_show_location (self, location);
}

static void
on_sidebar_location_removed (IsobarWindow        *self,
                             IsobarLocation      *location,
                             IsobarPlacesSidebar *sidebar)
{
  _isobar_window_remove_place (self, location);
}

void
_isobar_window_setup_places (IsobarWindow *self)
{
  self->places = isobar_saved_places_new (self->settings);
  g_signal_connect_object (self->places, "items-changed", G_CALLBACK (on_places_changed), self,
                           G_CONNECT_SWAPPED);
  isobar_places_sidebar_set_model (self->sidebar, G_LIST_MODEL (self->places));
}

void
_isobar_window_remove_place (IsobarWindow   *self,
                             IsobarLocation *location)
{
  g_autoptr(IsobarLocation) removed = g_object_ref (location);
  guint position;
  guint n;

  if (!isobar_saved_places_remove (self->places, location, &position))
    return;

  if (self->location == NULL || !isobar_location_equal (self->location, removed))
    return;

  /* The place on screen went away: show its neighbour, or nothing. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->places));
  if (n > 0)
    {
      g_autoptr(IsobarLocation) next = g_list_model_get_item (G_LIST_MODEL (self->places),
                                                              MIN (position, n - 1));

      _isobar_window_show_location (self, next);
    }
  else
    _isobar_window_show_location (self, NULL);
}

void
_isobar_window_class_add_places (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_location_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_location_removed);
}
