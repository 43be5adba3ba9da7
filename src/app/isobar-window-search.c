/* isobar-window-search.c: the search entry and the search page that takes
 * the place of the views while a search is under way. Picking a result
 * keeps the place (IsobarSavedPlaces) and shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-window-private.h"

gboolean
_isobar_window_get_search_mode (IsobarWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "search") == 0;
}

void
_isobar_window_set_search_mode (IsobarWindow *self,
                                gboolean      search_mode)
{
  if (search_mode == _isobar_window_get_search_mode (self))
    return;

  gtk_stack_set_visible_child_name (self->content_stack, search_mode ? "search" : "views");

  if (!search_mode)
    {
      isobar_search_view_clear (self->search_view);
      if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    }
}

void
_isobar_window_focus_search (IsobarWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
on_search_changed (IsobarWindow   *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (*text == '\0')
    {
      _isobar_window_set_search_mode (self, FALSE);
      return;
    }

  _isobar_window_set_search_mode (self, TRUE);
  isobar_search_view_search (self->search_view, text);
}

static void
on_search_activate (IsobarWindow   *self,
                    GtkSearchEntry *entry)
{
  if (_isobar_window_get_search_mode (self))
    isobar_search_view_activate_first (self->search_view);
}

/* Typing elsewhere in the window started a search: keep typing in the entry
 * (and let Enter reach it). */
static void
on_search_started (IsobarWindow   *self,
                   GtkSearchEntry *entry)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (entry)) && gtk_widget_get_focus_child (GTK_WIDGET (entry)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (entry));
}

static void
on_stop_search (IsobarWindow   *self,
                GtkSearchEntry *entry)
{
  _isobar_window_set_search_mode (self, FALSE);
}

static gboolean
on_search_key_pressed (IsobarWindow          *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && _isobar_window_get_search_mode (self))
    return isobar_search_view_focus_first (self->search_view);

  return GDK_EVENT_PROPAGATE;
}

static void
on_search_location_activated (IsobarWindow     *self,
                              IsobarLocation   *location,
                              IsobarSearchView *view)
{
  g_autoptr(IsobarLocation) saved = isobar_saved_places_add (self->places, location);

  _isobar_window_set_search_mode (self, FALSE);
  _isobar_window_show_location (self, saved);
}

void
_isobar_window_class_add_search (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_started);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_location_activated);
}
