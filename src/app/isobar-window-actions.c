/* isobar-window-actions.c: the window's actions and their shortcuts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-window-private.h"

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  _isobar_window_refresh (ISOBAR_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _isobar_window_focus_search (ISOBAR_WINDOW (widget));
}

static void
close_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  IsobarWindow *self = ISOBAR_WINDOW (widget);

  _isobar_window_set_search_mode (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->forecast_view));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  IsobarWindow *self = ISOBAR_WINDOW (widget);

  gtk_toggle_button_set_active (self->sidebar_button,
                                !gtk_toggle_button_get_active (self->sidebar_button));
}

static void
toggle_panel_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  IsobarWindow *self = ISOBAR_WINDOW (widget);

  g_settings_set_boolean (self->settings, "panel-visible",
                          !g_settings_get_boolean (self->settings, "panel-visible"));
}

void
_isobar_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.close-search", NULL, close_search_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panel", NULL, toggle_panel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  /* Escape leaves the search first; out of it, it stops a run. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.close-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "app.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.toggle-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.view", "s", "forecast");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.view", "s", "climate");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.view", "s", "runs");
}

/* Refresh needs a place; leaving the search, a search. */
static void
update_actions (IsobarWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", self->location != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-search",
                                 _isobar_window_get_search_mode (self));
}

/* Settings that are menu items or toggles: win.units ("metric" or
 * "imperial"), win.view ("forecast", "climate", "runs"), win.panel-visible. */
static const char * const settings_action_keys[] = { "units", "view", "panel-visible" };

void
_isobar_window_setup_actions (IsobarWindow *self)
{
  const char * const *keys = settings_action_keys;

  g_signal_connect (self, "notify::location", G_CALLBACK (update_actions), NULL);
  g_signal_connect_object (self->content_stack, "notify::visible-child-name", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);

  for (guint i = 0; i < G_N_ELEMENTS (settings_action_keys); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, keys[i]);

      g_action_map_add_action (G_ACTION_MAP (self), action);
    }
}

/* They listen to the settings, which outlive the window: out of the
 * window's group before it goes. */
void
_isobar_window_remove_settings_actions (IsobarWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings_action_keys); i++)
    g_action_map_remove_action (G_ACTION_MAP (self), settings_action_keys[i]);
}
