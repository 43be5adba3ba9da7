/* isobar-search-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "isobar-format.h"
#include "isobar-search-view.h"

#define MAX_RESULTS 10
#define MIN_QUERY_LENGTH 2

struct _IsobarSearchView
{
  GtkWidget         parent_instance;

  /* Template widgets */
  GtkStack         *stack;
  AdwStatusPage    *error_page;
  GtkListBox       *results_list;

  /* Owned */
  IsobarDataSource *data_source;
  GListStore       *results;
  GCancellable     *cancellable;

  /* State: which query is current; older answers are ignored. */
  guint             generation;
  gboolean          searching;
  gboolean          activate_when_ready;
};

G_DEFINE_FINAL_TYPE (IsobarSearchView, isobar_search_view, GTK_TYPE_WIDGET)

enum {
  LOCATION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  IsobarSearchView *self;  /* owned */
  guint             generation;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchData, search_data_free)

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  IsobarLocation *location = item;
  g_autofree char *region = isobar_format_place_region (location);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), isobar_location_get_name (location));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), region);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (icon, _("Add to saved places"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
emit_activated (IsobarSearchView *self,
                guint             position)
{
  g_autoptr(IsobarLocation) location = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  if (location != NULL)
    g_signal_emit (self, signals[LOCATION_ACTIVATED], 0, location);
}

static void
on_row_activated (IsobarSearchView *self,
                  GtkListBoxRow    *row,
                  GtkListBox       *list)
{
  int position = gtk_list_box_row_get_index (row);

  if (position >= 0)
    emit_activated (self, (guint) position);
}

static void
set_state (IsobarSearchView *self,
           const char       *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);
}

static void
cancel_query (IsobarSearchView *self)
{
  self->generation++;
  self->searching = FALSE;
  self->activate_when_ready = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SearchData) data = user_data;
  IsobarSearchView *self = data->self;
  g_autoptr(GPtrArray) locations = NULL;
  g_autoptr(GError) error = NULL;

  locations = isobar_data_source_search_finish (ISOBAR_DATA_SOURCE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->generation != self->generation)
    return;

  self->searching = FALSE;

  if (error != NULL)
    {
      g_list_store_remove_all (self->results);
      adw_status_page_set_description (self->error_page, error->message);
      set_state (self, "error");
      self->activate_when_ready = FALSE;
      return;
    }

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       locations->pdata, locations->len);
  set_state (self, locations->len > 0 ? "results" : "empty");

  if (self->activate_when_ready && locations->len > 0)
    emit_activated (self, 0);
  self->activate_when_ready = FALSE;
}

void
isobar_search_view_search (IsobarSearchView *self,
                           const char       *text)
{
  g_autofree char *query = NULL;
  SearchData *data;

  g_return_if_fail (ISOBAR_IS_SEARCH_VIEW (self));

  cancel_query (self);

  query = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (g_utf8_strlen (query, -1) < MIN_QUERY_LENGTH || self->data_source == NULL)
    {
      g_list_store_remove_all (self->results);
      set_state (self, "hint");
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->searching = TRUE;
  /* Keep the previous results on screen while the next ones come. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0)
    set_state (self, "searching");

  data = g_new0 (SearchData, 1);
  data->self = g_object_ref (self);
  data->generation = self->generation;

  isobar_data_source_search_async (self->data_source, query, MAX_RESULTS,
                                   self->cancellable, search_cb, data);
}

void
isobar_search_view_clear (IsobarSearchView *self)
{
  g_return_if_fail (ISOBAR_IS_SEARCH_VIEW (self));

  cancel_query (self);
  g_list_store_remove_all (self->results);
  set_state (self, "hint");
}

void
isobar_search_view_activate_first (IsobarSearchView *self)
{
  g_return_if_fail (ISOBAR_IS_SEARCH_VIEW (self));

  if (self->searching)
    self->activate_when_ready = TRUE;
  else
    emit_activated (self, 0);
}

gboolean
isobar_search_view_focus_first (IsobarSearchView *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (ISOBAR_IS_SEARCH_VIEW (self), FALSE);

  row = gtk_list_box_get_row_at_index (self->results_list, 0);
  return row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row));
}

void
isobar_search_view_set_data_source (IsobarSearchView *self,
                                    IsobarDataSource *data_source)
{
  g_return_if_fail (ISOBAR_IS_SEARCH_VIEW (self));
  g_return_if_fail (data_source == NULL || ISOBAR_IS_DATA_SOURCE (data_source));

  cancel_query (self);
  g_set_object (&self->data_source, data_source);
}

GListModel *
isobar_search_view_get_results (IsobarSearchView *self)
{
  g_return_val_if_fail (ISOBAR_IS_SEARCH_VIEW (self), NULL);

  return G_LIST_MODEL (self->results);
}

const char *
isobar_search_view_get_state (IsobarSearchView *self)
{
  g_return_val_if_fail (ISOBAR_IS_SEARCH_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
isobar_search_view_is_searching (IsobarSearchView *self)
{
  g_return_val_if_fail (ISOBAR_IS_SEARCH_VIEW (self), FALSE);

  return self->searching;
}

static void
isobar_search_view_dispose (GObject *object)
{
  IsobarSearchView *self = ISOBAR_SEARCH_VIEW (object);

  cancel_query (self);
  if (self->results_list != NULL)
    gtk_list_box_bind_model (self->results_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->results);
  g_clear_object (&self->data_source);

  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_SEARCH_VIEW);

  G_OBJECT_CLASS (isobar_search_view_parent_class)->dispose (object);
}

static void
isobar_search_view_class_init (IsobarSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_search_view_dispose;

  signals[LOCATION_ACTIVATED] =
    g_signal_new ("location-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ISOBAR_TYPE_LOCATION);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-search-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarSearchView, stack);
  gtk_widget_class_bind_template_child (widget_class, IsobarSearchView, error_page);
  gtk_widget_class_bind_template_child (widget_class, IsobarSearchView, results_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "isobar-search-view");
}

static void
isobar_search_view_init (IsobarSearchView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (ISOBAR_TYPE_LOCATION);
  gtk_list_box_bind_model (self->results_list, G_LIST_MODEL (self->results), create_row, NULL, NULL);
  set_state (self, "hint");
}

GtkWidget *
isobar_search_view_new (void)
{
  return g_object_new (ISOBAR_TYPE_SEARCH_VIEW, NULL);
}
