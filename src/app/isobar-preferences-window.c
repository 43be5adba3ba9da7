/* isobar-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-preferences-window.h"
#include "isobar-settings-choice.h"

struct _IsobarPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *data_source_row;
  AdwEntryRow          *forecast_url_row;
  AdwEntryRow          *archive_url_row;
  AdwEntryRow          *geocoding_url_row;
  AdwComboRow          *units_row;
  GtkAdjustment        *days_adjustment;

  /* Owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (IsobarPreferencesWindow, isobar_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The order of the rows in the combo rows, as setting values. */
static const char * const data_source_ids[] = { "auto", "open-meteo", "simulator", NULL };
static const char * const units_ids[] = { "metric", "imperial", NULL };

static const char *
url_key_for_row (IsobarPreferencesWindow *self,
                 AdwEntryRow             *row)
{
  if (row == self->forecast_url_row)
    return "forecast-url";
  if (row == self->archive_url_row)
    return "archive-url";
  if (row == self->geocoding_url_row)
    return "geocoding-url";

  g_assert_not_reached ();
}

static gboolean
is_http_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0;
}

static void
on_url_apply (IsobarPreferencesWindow *self,
              AdwEntryRow             *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *url = g_strstrip (g_strdup (text));

  if (!is_http_url (url))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Enter an address that starts with http:// or https://")));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, url_key_for_row (self, row), url);
}

static void
on_url_changed (IsobarPreferencesWindow *self,
                AdwEntryRow             *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
load_url (IsobarPreferencesWindow *self,
          AdwEntryRow             *row)
{
  g_autofree char *url = g_settings_get_string (self->settings, url_key_for_row (self, row));

  gtk_editable_set_text (GTK_EDITABLE (row), url);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
on_settings_changed (IsobarPreferencesWindow *self,
                     const char              *key,
                     GSettings               *settings)
{
  AdwEntryRow *rows[] = { self->forecast_url_row, self->archive_url_row, self->geocoding_url_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_str_equal (key, url_key_for_row (self, rows[i])))
      load_url (self, rows[i]);
}

static void
on_reset_servers (IsobarPreferencesWindow *self)
{
  g_settings_reset (self->settings, "forecast-url");
  g_settings_reset (self->settings, "archive-url");
  g_settings_reset (self->settings, "geocoding-url");
}

static void
isobar_preferences_window_constructed (GObject *object)
{
  IsobarPreferencesWindow *self = ISOBAR_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (isobar_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  isobar_settings_bind_choice (self->settings, "data-source", self->data_source_row, data_source_ids);
  isobar_settings_bind_choice (self->settings, "units", self->units_row, units_ids);
  g_settings_bind (self->settings, "forecast-days", self->days_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);

  load_url (self, self->forecast_url_row);
  load_url (self, self->archive_url_row);
  load_url (self, self->geocoding_url_row);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

static void
isobar_preferences_window_dispose (GObject *object)
{
  IsobarPreferencesWindow *self = ISOBAR_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isobar_preferences_window_parent_class)->dispose (object);
}

static void
isobar_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  IsobarPreferencesWindow *self = ISOBAR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  IsobarPreferencesWindow *self = ISOBAR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_preferences_window_class_init (IsobarPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isobar_preferences_window_constructed;
  object_class->dispose = isobar_preferences_window_dispose;
  object_class->get_property = isobar_preferences_window_get_property;
  object_class->set_property = isobar_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarPreferencesWindow, data_source_row);
  gtk_widget_class_bind_template_child (widget_class, IsobarPreferencesWindow, forecast_url_row);
  gtk_widget_class_bind_template_child (widget_class, IsobarPreferencesWindow, archive_url_row);
  gtk_widget_class_bind_template_child (widget_class, IsobarPreferencesWindow, geocoding_url_row);
  gtk_widget_class_bind_template_child (widget_class, IsobarPreferencesWindow, units_row);
  gtk_widget_class_bind_template_child (widget_class, IsobarPreferencesWindow, days_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, on_url_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_url_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_servers);
}

static void
isobar_preferences_window_init (IsobarPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
isobar_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (ISOBAR_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}
