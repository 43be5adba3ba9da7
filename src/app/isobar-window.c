/* isobar-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-window-private.h"

G_DEFINE_FINAL_TYPE (IsobarWindow, isobar_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DATA_SOURCE,
  PROP_CACHE,
  PROP_RUN_CONTROLLER,
  PROP_LOCATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Settings */

static void
on_settings_changed (IsobarWindow *self,
                     const char   *key,
                     GSettings    *settings)
{
  if (g_str_equal (key, "units") || g_str_equal (key, "forecast-days"))
    _isobar_window_reload (self);
}

static void
on_using_simulator_changed (IsobarWindow *self)
{
  _isobar_window_update_status (self);
}

static void
restore_size (IsobarWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 400));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_size (IsobarWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width, height;

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
isobar_window_close_request (GtkWindow *window)
{
  IsobarWindow *self = ISOBAR_WINDOW (window);

  save_size (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (isobar_window_parent_class)->close_request (window);
}

/* With ISOBAR_STARTUP_REPORT set, the wall-clock time of the first frame
 * painted goes to stderr, for build-aux/measure-startup.sh. */
static void
on_first_frame_painted (GdkFrameClock *clock,
                        IsobarWindow  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_painted, self);
  g_printerr ("isobar: first frame painted at %" G_GINT64_FORMAT " µs\n", g_get_real_time ());
}

static void
on_mapped_report_startup (IsobarWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, on_mapped_report_startup, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_first_frame_painted), self, 0);
}

static void
isobar_window_constructed (GObject *object)
{
  IsobarWindow *self = ISOBAR_WINDOW (object);
  g_autoptr(IsobarLocation) selected = NULL;

  G_OBJECT_CLASS (isobar_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  g_assert (ISOBAR_IS_DATA_SOURCE (self->data_source));
  g_assert (ISOBAR_IS_CACHE (self->cache));

  restore_size (self);

  g_settings_bind (self->settings, "sidebar-visible", self->sidebar_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->data_source, "notify::using-simulator",
                           G_CALLBACK (on_using_simulator_changed), self, G_CONNECT_SWAPPED);
  _isobar_window_setup_actions (self);

  isobar_search_view_set_data_source (self->search_view, self->data_source);

  _isobar_window_setup_places (self);
  _isobar_window_setup_forecast (self);

  selected = isobar_saved_places_dup_selected (self->places);
  if (selected != NULL)
    {
      g_autoptr(IsobarLocation) saved = isobar_saved_places_add (self->places, selected);

      _isobar_window_show_location (self, saved);
    }
  else
    {
      /* Nothing to show yet: the first thing to do is a search. */
      _isobar_window_update_status (self);
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->search_entry));
    }

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  if (g_getenv ("ISOBAR_STARTUP_REPORT") != NULL)
    g_signal_connect (self, "map", G_CALLBACK (on_mapped_report_startup), NULL);

  _isobar_window_setup_runs (self);
}

static void
isobar_window_dispose (GObject *object)
{
  IsobarWindow *self = ISOBAR_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  _isobar_window_cancel_load (self);

  /* They outlive us; nothing of theirs may reach a disposed window. */
  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      _isobar_window_remove_settings_actions (self);
    }
  if (self->data_source != NULL)
    g_signal_handlers_disconnect_by_data (self->data_source, self);

  _isobar_window_teardown_runs (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_WINDOW);

  g_clear_object (&self->location);
  if (self->places != NULL)
    g_signal_handlers_disconnect_by_data (self->places, self);
  g_clear_object (&self->places);
  if (self->loader != NULL)
    g_signal_handlers_disconnect_by_data (self->loader, self);
  g_clear_object (&self->loader);

  G_OBJECT_CLASS (isobar_window_parent_class)->dispose (object);
}

static void
isobar_window_finalize (GObject *object)
{
  IsobarWindow *self = ISOBAR_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->data_source);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (isobar_window_parent_class)->finalize (object);
}

static void
isobar_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IsobarWindow *self = ISOBAR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DATA_SOURCE:
      g_value_set_object (value, self->data_source);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_RUN_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    case PROP_LOCATION:
      g_value_set_object (value, self->location);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IsobarWindow *self = ISOBAR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_DATA_SOURCE:
      self->data_source = g_value_dup_object (value);
      break;
    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;
    case PROP_RUN_CONTROLLER:
      self->controller = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_window_class_init (IsobarWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = isobar_window_constructed;
  object_class->dispose = isobar_window_dispose;
  object_class->finalize = isobar_window_finalize;
  object_class->get_property = isobar_window_get_property;
  object_class->set_property = isobar_window_set_property;

  window_class->close_request = isobar_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_SOURCE] =
    g_param_spec_object ("data-source", NULL, NULL,
                         ISOBAR_TYPE_DATA_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL,
                         ISOBAR_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The application's, shared by its windows; NULL: one of our own. */
  properties[PROP_RUN_CONTROLLER] =
    g_param_spec_object ("run-controller", NULL, NULL,
                         ISOBAR_TYPE_RUN_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The place shown, or NULL; the window's files follow it. */
  properties[PROP_LOCATION] =
    g_param_spec_object ("location", NULL, NULL,
                         ISOBAR_TYPE_LOCATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ISOBAR_TYPE_BANNER);
  g_type_ensure (ISOBAR_TYPE_CLIMATE_VIEW);
  g_type_ensure (ISOBAR_TYPE_FORECAST_VIEW);
  g_type_ensure (ISOBAR_TYPE_PLACES_SIDEBAR);
  g_type_ensure (ISOBAR_TYPE_RESPONSIVENESS_PANEL);
  g_type_ensure (ISOBAR_TYPE_RUNS_VIEW);
  g_type_ensure (ISOBAR_TYPE_SEARCH_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, climate_view);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, runs_view);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, panel_revealer);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, panel);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, sidebar_revealer);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, error_banner);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, info_banner);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, forecast_view);
  gtk_widget_class_bind_template_child (widget_class, IsobarWindow, search_view);

  _isobar_window_class_add_search (widget_class);
  _isobar_window_class_add_places (widget_class);
  _isobar_window_class_add_actions (widget_class);
}

static void
isobar_window_init (IsobarWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  /* Typing anywhere in the window starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

IsobarWindow *
isobar_window_new (GtkApplication      *application,
                   GSettings           *settings,
                   IsobarDataSource    *data_source,
                   IsobarCache         *cache,
                   IsobarRunController *controller)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (data_source), NULL);
  g_return_val_if_fail (ISOBAR_IS_CACHE (cache), NULL);
  g_return_val_if_fail (controller == NULL || ISOBAR_IS_RUN_CONTROLLER (controller), NULL);

  return g_object_new (ISOBAR_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "data-source", data_source,
                       "cache", cache,
                       "run-controller", controller,
                       NULL);
}
