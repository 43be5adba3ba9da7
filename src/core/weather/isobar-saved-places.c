/* isobar-saved-places.c: the places the user keeps (the saved-locations
 * setting), and the one shown (selected-location).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-saved-places.h"

#define SAVED_KEY    "saved-locations"
#define SELECTED_KEY "selected-location"

struct _IsobarSavedPlaces
{
  GObject     parent_instance;

  GSettings  *settings;   /* (owned) */
  GListStore *store;      /* (owned) IsobarLocation */
  gboolean    saving;     /* our own write is under way */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IsobarSavedPlaces, isobar_saved_places, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return ISOBAR_TYPE_LOCATION;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ISOBAR_SAVED_PLACES (model)->store));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (ISOBAR_SAVED_PLACES (model)->store), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
save (IsobarSavedPlaces *self)
{
  GVariantBuilder builder;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a" ISOBAR_LOCATION_VARIANT_TYPE));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsobarLocation) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      g_variant_builder_add_value (&builder, isobar_location_to_variant (item));
    }

  /* Our own write must not reload the list under its users. */
  self->saving = TRUE;
  g_settings_set_value (self->settings, SAVED_KEY, g_variant_builder_end (&builder));
  self->saving = FALSE;
}

static void
load (IsobarSavedPlaces *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, SAVED_KEY);
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

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
}

static void
on_saved_changed (IsobarSavedPlaces *self)
{
  if (!self->saving)
    load (self);
}

static void
on_store_changed (IsobarSavedPlaces *self,
                  guint              position,
                  guint              removed,
                  guint              added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
isobar_saved_places_dispose (GObject *object)
{
  IsobarSavedPlaces *self = ISOBAR_SAVED_PLACES (object);

  /* The settings outlive us. */
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isobar_saved_places_parent_class)->dispose (object);
}

static void
isobar_saved_places_finalize (GObject *object)
{
  IsobarSavedPlaces *self = ISOBAR_SAVED_PLACES (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (isobar_saved_places_parent_class)->finalize (object);
}

static void
isobar_saved_places_class_init (IsobarSavedPlacesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_saved_places_dispose;
  object_class->finalize = isobar_saved_places_finalize;
}

static void
isobar_saved_places_init (IsobarSavedPlaces *self)
{
  self->store = g_list_store_new (ISOBAR_TYPE_LOCATION);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
}

IsobarSavedPlaces *
isobar_saved_places_new (GSettings *settings)
{
  IsobarSavedPlaces *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ISOBAR_TYPE_SAVED_PLACES, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::" SAVED_KEY, G_CALLBACK (on_saved_changed), self,
                           G_CONNECT_SWAPPED);
  load (self);

  return self;
}

gboolean
isobar_saved_places_find (IsobarSavedPlaces *self,
                          IsobarLocation    *location,
                          guint             *position)
{
  guint n;

  g_return_val_if_fail (ISOBAR_IS_SAVED_PLACES (self), FALSE);
  g_return_val_if_fail (ISOBAR_IS_LOCATION (location), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IsobarLocation) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (isobar_location_equal (item, location))
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

IsobarLocation *
isobar_saved_places_add (IsobarSavedPlaces *self,
                         IsobarLocation    *location)
{
  guint position;

  g_return_val_if_fail (ISOBAR_IS_SAVED_PLACES (self), NULL);
  g_return_val_if_fail (ISOBAR_IS_LOCATION (location), NULL);

  if (isobar_saved_places_find (self, location, &position))
    return g_list_model_get_item (G_LIST_MODEL (self->store), position);

  g_list_store_append (self->store, location);
  save (self);

  return g_object_ref (location);
}

gboolean
isobar_saved_places_remove (IsobarSavedPlaces *self,
                            IsobarLocation    *location,
                            guint             *position)
{
  guint found;

  g_return_val_if_fail (ISOBAR_IS_SAVED_PLACES (self), FALSE);
  g_return_val_if_fail (ISOBAR_IS_LOCATION (location), FALSE);

  if (!isobar_saved_places_find (self, location, &found))
    return FALSE;

  g_list_store_remove (self->store, found);
  save (self);
  if (position != NULL)
    *position = found;

  return TRUE;
}

IsobarLocation *
isobar_saved_places_dup_selected (IsobarSavedPlaces *self)
{
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariant) child = NULL;

  g_return_val_if_fail (ISOBAR_IS_SAVED_PLACES (self), NULL);

  value = g_settings_get_value (self->settings, SELECTED_KEY);
  child = g_variant_get_maybe (value);

  return child != NULL ? isobar_location_new_from_variant (child) : NULL;
}

void
isobar_saved_places_set_selected (IsobarSavedPlaces *self,
                                  IsobarLocation    *location)
{
  g_return_if_fail (ISOBAR_IS_SAVED_PLACES (self));
  g_return_if_fail (location == NULL || ISOBAR_IS_LOCATION (location));

  g_settings_set_value (self->settings, SELECTED_KEY,
                        g_variant_new_maybe (G_VARIANT_TYPE (ISOBAR_LOCATION_VARIANT_TYPE),
                                             location != NULL ? isobar_location_to_variant (location) : NULL));
}
