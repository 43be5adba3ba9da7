/* isobar-window-places.c: the saved places (the saved-locations setting) and
 * the place shown (selected-location).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-window-private.h"

static gboolean
find_place (IsobarWindow   *self,
            IsobarLocation *location,
            guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->places));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsobarLocation) item = g_list_model_get_item (G_LIST_MODEL (self->places), i);

      if (isobar_location_equal (item, location))
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
save_places (IsobarWindow *self)
{
  GVariantBuilder builder;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->places));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a" ISOBAR_LOCATION_VARIANT_TYPE));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsobarLocation) item = g_list_model_get_item (G_LIST_MODEL (self->places), i);

      g_variant_builder_add_value (&builder, isobar_location_to_variant (item));
    }

  /* Our own write must not reload the list under the sidebar. */
  self->saving_places = TRUE;
  g_settings_set_value (self->settings, "saved-locations", g_variant_builder_end (&builder));
  self->saving_places = FALSE;
}

void
_isobar_window_load_places (IsobarWindow *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "saved-locations");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  GVariant *child;

  g_variant_iter_init (&iter, value);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) owned = child;
      g_autoptr(IsobarLocation) location = isobar_location_new_from_variant (owned);
      gboolean duplicate = FALSE;

      if (location == NULL)
        continue;

      for (guint i = 0; i < items->len && !duplicate; i++)
        duplicate = isobar_location_equal (g_ptr_array_index (items, i), location);

      if (!duplicate)
        g_ptr_array_add (items, g_steal_pointer (&location));
    }

  g_list_store_splice (self->places, 0, g_list_model_get_n_items (G_LIST_MODEL (self->places)),
                       items->pdata, items->len);
  isobar_places_sidebar_select_location (self->sidebar, self->location);
}

IsobarLocation *
_isobar_window_add_place (IsobarWindow   *self,
                          IsobarLocation *location)
{
  guint position;

  g_assert (ISOBAR_IS_LOCATION (location));

  if (find_place (self, location, &position))
    return g_list_model_get_item (G_LIST_MODEL (self->places), position);

  g_list_store_append (self->places, location);
  save_places (self);

  return g_object_ref (location);
}

void
_isobar_window_remove_place (IsobarWindow   *self,
                             IsobarLocation *location)
{
  g_autoptr(IsobarLocation) removed = g_object_ref (location);
  guint position;
  guint n;

  if (!find_place (self, location, &position))
    return;

  g_list_store_remove (self->places, position);
  save_places (self);

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
_isobar_window_save_selected (IsobarWindow *self)
{
  GVariant *child = NULL;

  if (self->location != NULL)
    child = isobar_location_to_variant (self->location);

  g_settings_set_value (self->settings, "selected-location",
                        g_variant_new_maybe (G_VARIANT_TYPE (ISOBAR_LOCATION_VARIANT_TYPE), child));
}

IsobarLocation *
_isobar_window_dup_selected_setting (IsobarWindow *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "selected-location");
  g_autoptr(GVariant) child = g_variant_get_maybe (value);

  if (child == NULL)
    return NULL;

  return isobar_location_new_from_variant (child);
}
