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
  PROP_0,
  PROP_LOCATION,
  N_PROPS
};

enum {
  REMOVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_remove_clicked (IsobarPlaceRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
isobar_place_row_constructed (GObject *object)
{
  IsobarPlaceRow *self = ISOBAR_PLACE_ROW (object);
  g_autofree char *region = NULL;
  g_autofree char *remove_label = NULL;

  G_OBJECT_CLASS (isobar_place_row_parent_class)->constructed (object);

  g_assert (self->location != NULL);

  region = isobar_format_place_region (self->location);
  gtk_label_set_label (self->name_label, isobar_location_get_name (self->location));
  gtk_label_set_label (self->region_label, region);

  /* Translators: the accessible name of the remove button; %s is a place */
  remove_label = g_strdup_printf (_("Remove %s"), isobar_location_get_name (self->location));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
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
isobar_place_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IsobarPlaceRow *self = ISOBAR_PLACE_ROW (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      g_value_set_object (value, self->location);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_place_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IsobarPlaceRow *self = ISOBAR_PLACE_ROW (object);

  switch (prop_id)
    {
    case PROP_LOCATION:
      self->location = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_place_row_class_init (IsobarPlaceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isobar_place_row_constructed;
  object_class->dispose = isobar_place_row_dispose;
  object_class->get_property = isobar_place_row_get_property;
  object_class->set_property = isobar_place_row_set_property;

  properties[PROP_LOCATION] =
    g_param_spec_object ("location", NULL, NULL,
                         ISOBAR_TYPE_LOCATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  g_return_val_if_fail (ISOBAR_IS_LOCATION (location), NULL);

  return g_object_new (ISOBAR_TYPE_PLACE_ROW,
                       "location", location,
                       NULL);
}

IsobarLocation *
isobar_place_row_get_location (IsobarPlaceRow *self)
{
  g_return_val_if_fail (ISOBAR_IS_PLACE_ROW (self), NULL);

  return self->location;
}
