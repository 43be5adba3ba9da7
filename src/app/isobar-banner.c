/* isobar-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-banner.h"

struct _IsobarBanner
{
  GtkWidget    parent_instance;

  /* Template widgets */
  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *button;
};

G_DEFINE_FINAL_TYPE (IsobarBanner, isobar_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_BUTTON_LABEL,
  PROP_ACTION_NAME,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
isobar_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_BANNER);

  G_OBJECT_CLASS (isobar_banner_parent_class)->dispose (object);
}

static void
isobar_banner_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IsobarBanner *self = ISOBAR_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, isobar_banner_get_title (self));
      break;
    case PROP_BUTTON_LABEL:
      g_value_set_string (value, isobar_banner_get_button_label (self));
      break;
    case PROP_ACTION_NAME:
      g_value_set_string (value, isobar_banner_get_action_name (self));
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, isobar_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_banner_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IsobarBanner *self = ISOBAR_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      isobar_banner_set_title (self, g_value_get_string (value));
      break;
    case PROP_BUTTON_LABEL:
      isobar_banner_set_button_label (self, g_value_get_string (value));
      break;
    case PROP_ACTION_NAME:
      isobar_banner_set_action_name (self, g_value_get_string (value));
      break;
    case PROP_REVEALED:
      isobar_banner_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_banner_class_init (IsobarBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_banner_dispose;
  object_class->get_property = isobar_banner_get_property;
  object_class->set_property = isobar_banner_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUTTON_LABEL] =
    g_param_spec_string ("button-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_NAME] =
    g_param_spec_string ("action-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, IsobarBanner, label);
  gtk_widget_class_bind_template_child (widget_class, IsobarBanner, button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "isobar-banner");
  /* Screen readers announce a revealed banner. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
isobar_banner_init (IsobarBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
isobar_banner_new (void)
{
  return g_object_new (ISOBAR_TYPE_BANNER, NULL);
}

const char *
isobar_banner_get_title (IsobarBanner *self)
{
  g_return_val_if_fail (ISOBAR_IS_BANNER (self), NULL);

  return gtk_label_get_label (self->label);
}

void
isobar_banner_set_title (IsobarBanner *self,
                         const char   *title)
{
  g_return_if_fail (ISOBAR_IS_BANNER (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->label)) == 0)
    return;

  gtk_label_set_label (self->label, title != NULL ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title != NULL ? title : "",
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
isobar_banner_get_button_label (IsobarBanner *self)
{
  g_return_val_if_fail (ISOBAR_IS_BANNER (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->button)))
    return NULL;

  return gtk_button_get_label (self->button);
}

void
isobar_banner_set_button_label (IsobarBanner *self,
                                const char   *label)
{
  g_return_if_fail (ISOBAR_IS_BANNER (self));

  gtk_button_set_label (self->button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->button), label != NULL && *label != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUTTON_LABEL]);
}

const char *
isobar_banner_get_action_name (IsobarBanner *self)
{
  g_return_val_if_fail (ISOBAR_IS_BANNER (self), NULL);

  return gtk_actionable_get_action_name (GTK_ACTIONABLE (self->button));
}

void
isobar_banner_set_action_name (IsobarBanner *self,
                               const char   *action_name)
{
  g_return_if_fail (ISOBAR_IS_BANNER (self));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_NAME]);
}

gboolean
isobar_banner_get_revealed (IsobarBanner *self)
{
  g_return_val_if_fail (ISOBAR_IS_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

void
isobar_banner_set_revealed (IsobarBanner *self,
                            gboolean      revealed)
{
  g_return_if_fail (ISOBAR_IS_BANNER (self));

  revealed = !!revealed;
  if (revealed == gtk_revealer_get_reveal_child (self->revealer))
    return;

  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}
