/* isobar-place-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-format.h"
#include "isobar-place-row.h"

struct _IsobarPlaceRow
{
  GtkListBoxRow   parent_instance;

  /* Template widgets */
  GtkLabel       *name_label;
  GtkLabel       *region_label;
  GtkButton      *remove_button;

  /* Owned */
  IsobarLocation *location;
};

G_DEFINE_FINAL_TYPE (IsobarPlaceRow, isobar_place_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_remove_clicked (IsobarPlaceRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
isobar_place_row_dispose (GObject *object)
{
  IsobarPlaceRow *self = ISOBAR_PLACE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_PLACE_ROW);
  g_clear_object (&self->location);

  G_OBJECT_CLASS (isobar_place_row_parent_class)->dispose (object);
}

static void
isobar_place_row_class_init (IsobarPlaceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_place_row_dispose;

  /* The user asked to remove this place. */
  signals[REMOVE] =
    g_signal_new ("remove",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-place-row.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarPlaceRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarPlaceRow, region_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarPlaceRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

static void
isobar_place_row_init (IsobarPlaceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
isobar_place_row_new (IsobarLocation *location)
{
  IsobarPlaceRow *self;
  g_autofree char *region = NULL;
  g_autofree char *remove_label = NULL;

  g_return_val_if_fail (ISOBAR_IS_LOCATION (location), NULL);

  self = g_object_new (ISOBAR_TYPE_PLACE_ROW, NULL);
  self->location = g_object_ref (location);

  region = isobar_format_place_region (location);
  gtk_label_set_label (self->name_label, isobar_location_get_name (location));
  gtk_label_set_label (self->region_label, region);

  /* Translators: the accessible name of the remove button; %s is a place */
  remove_label = g_strdup_printf (_("Remove %s"), isobar_location_get_name (location));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);

  return GTK_WIDGET (self);
}

IsobarLocation *
isobar_place_row_get_location (IsobarPlaceRow *self)
{
  g_return_val_if_fail (ISOBAR_IS_PLACE_ROW (self), NULL);

  return self->location;
}
