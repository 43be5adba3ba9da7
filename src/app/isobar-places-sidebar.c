/* isobar-places-sidebar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-place-row.h"
#include "isobar-places-sidebar.h"

struct _IsobarPlacesSidebar
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkStack   *stack;
  GtkListBox *list;

  /* Owned */
  GListModel *model;

  /* State */
  gboolean    selecting;
};

G_DEFINE_FINAL_TYPE (IsobarPlacesSidebar, isobar_places_sidebar, GTK_TYPE_WIDGET)

enum {
  LOCATION_SELECTED,
  LOCATION_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_row_remove (IsobarPlacesSidebar *self,
               IsobarPlaceRow      *row)
{
  g_autoptr(IsobarLocation) location = g_object_ref (isobar_place_row_get_location (row));

  g_signal_emit (self, signals[LOCATION_REMOVED], 0, location);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  IsobarPlacesSidebar *self = user_data;
  GtkWidget *row = isobar_place_row_new (ISOBAR_LOCATION (item));

  g_signal_connect_object (row, "remove", G_CALLBACK (on_row_remove), self, G_CONNECT_SWAPPED);

  return row;
}

static void
update_page (IsobarPlacesSidebar *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (self->model) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
on_row_selected (IsobarPlacesSidebar *self,
                 GtkListBoxRow       *row,
                 GtkListBox          *list)
{
  if (self->selecting || row == NULL)
    return;

  g_signal_emit (self, signals[LOCATION_SELECTED], 0,
                 isobar_place_row_get_location (ISOBAR_PLACE_ROW (row)));
}

void
isobar_places_sidebar_set_model (IsobarPlacesSidebar *self,
                                 GListModel          *model)
{
  g_return_if_fail (ISOBAR_IS_PLACES_SIDEBAR (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, update_page, self);

  g_set_object (&self->model, model);

  self->selecting = TRUE;
  gtk_list_box_bind_model (self->list, model, create_row, self, NULL);
  self->selecting = FALSE;

  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);

  update_page (self);
}

void
isobar_places_sidebar_select_location (IsobarPlacesSidebar *self,
                                       IsobarLocation      *location)
{
  GtkListBoxRow *found = NULL;

  g_return_if_fail (ISOBAR_IS_PLACES_SIDEBAR (self));
  g_return_if_fail (location == NULL || ISOBAR_IS_LOCATION (location));

  if (location != NULL)
    {
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (ISOBAR_IS_PLACE_ROW (child) &&
              isobar_location_equal (isobar_place_row_get_location (ISOBAR_PLACE_ROW (child)), location))
            {
              found = GTK_LIST_BOX_ROW (child);
              break;
            }
        }
    }

  self->selecting = TRUE;
  if (found != NULL)
    gtk_list_box_select_row (self->list, found);
  else
    gtk_list_box_unselect_all (self->list);
  self->selecting = FALSE;
}

static void
isobar_places_sidebar_dispose (GObject *object)
{
  IsobarPlacesSidebar *self = ISOBAR_PLACES_SIDEBAR (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->model);

  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_PLACES_SIDEBAR);

  G_OBJECT_CLASS (isobar_places_sidebar_parent_class)->dispose (object);
}

static void
isobar_places_sidebar_class_init (IsobarPlacesSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_places_sidebar_dispose;

  signals[LOCATION_SELECTED] =
    g_signal_new ("location-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ISOBAR_TYPE_LOCATION);
  signals[LOCATION_REMOVED] =
    g_signal_new ("location-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ISOBAR_TYPE_LOCATION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-places-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarPlacesSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, IsobarPlacesSidebar, list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "isobar-places-sidebar");
}

static void
isobar_places_sidebar_init (IsobarPlacesSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_page (self);
}

GtkWidget *
isobar_places_sidebar_new (void)
{
  return g_object_new (ISOBAR_TYPE_PLACES_SIDEBAR, NULL);
}
