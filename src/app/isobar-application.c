/* isobar-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-application-private.h"
#include "isobar-window.h"

struct _IsobarApplication
{
  AdwApplication    parent_instance;

  /* Owned references, created at startup */
  GSettings           *settings;
  IsobarDataSource    *data_source;
  IsobarCache         *cache;
  IsobarRunController *run_controller;

  gboolean             held_for_run;  /* a run keeps the application alive */
  gboolean             quitting;
};

G_DEFINE_FINAL_TYPE (IsobarApplication, isobar_application, ADW_TYPE_APPLICATION)

/* A run goes on without a window (an action over D-Bus, or the window
 * closed): the application lives until it has ended. */
static void
on_running_changed (IsobarApplication *self)
{
  gboolean running = isobar_run_controller_get_running (self->run_controller);

  if (running == self->held_for_run)
    return;
  self->held_for_run = running;
  if (running)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

static void
on_shutdown_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IsobarApplication) self = user_data;

  isobar_run_controller_shutdown_finish (ISOBAR_RUN_CONTROLLER (source), result, NULL);
  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));
}

void
_isobar_application_quit (IsobarApplication *self)
{
  g_return_if_fail (ISOBAR_IS_APPLICATION (self));

  if (self->quitting)
    return;
  self->quitting = TRUE;
  g_application_hold (G_APPLICATION (self));
  isobar_run_controller_shutdown_async (self->run_controller, NULL, on_shutdown_done, g_object_ref (self));
}

/* Closing the last window quits, as app.quit does: a run in progress is
 * cancelled rather than left to go on unseen. */
static void
isobar_application_window_removed (GtkApplication *application,
                                   GtkWindow      *window)
{
  IsobarApplication *self = ISOBAR_APPLICATION (application);

  GTK_APPLICATION_CLASS (isobar_application_parent_class)->window_removed (application, window);

  if (gtk_application_get_windows (application) == NULL && self->run_controller != NULL &&
      isobar_run_controller_get_running (self->run_controller))
    _isobar_application_quit (self);
}

static void
isobar_application_startup (GApplication *application)
{
  static gsize named;
  IsobarApplication *self = ISOBAR_APPLICATION (application);
  g_autofree char *cache_dir = NULL;

  G_APPLICATION_CLASS (isobar_application_parent_class)->startup (application);

  /* Once per process (tests start the application several times). */
  if (g_once_init_enter (&named))
    {
      g_set_application_name (_("Isobar"));
      /* What the main loop does, so that late frames and stalls say why. */
      isobar_loop_log_start (g_main_context_default ());
      g_once_init_leave (&named, 1);
    }
  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->settings = g_settings_new ("io.github.isobar.Isobar");
  self->data_source = isobar_data_source_new ();
  isobar_data_source_follow_settings (self->data_source, self->settings);

  cache_dir = g_build_filename (g_get_user_cache_dir (), "isobar", NULL);
  self->cache = isobar_cache_new (cache_dir);
  self->run_controller = isobar_run_controller_new (self->settings, self->data_source);
  g_signal_connect_object (self->run_controller, "notify::running", G_CALLBACK (on_running_changed),
                           self, G_CONNECT_SWAPPED);

  _isobar_application_add_actions (self);
  _isobar_application_add_run_actions (self);
}

static void
isobar_application_activate (GApplication *application)
{
  IsobarApplication *self = ISOBAR_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (isobar_window_new (GTK_APPLICATION (self), self->settings,
                                            self->data_source, self->cache, self->run_controller));

  gtk_window_present (window);
}

static void
isobar_application_shutdown (GApplication *application)
{
  IsobarApplication *self = ISOBAR_APPLICATION (application);

  /* No helper or simulator process may outlive the app (app.quit has
   * waited for them already; this is for the other ways out). */
  if (self->run_controller != NULL)
    isobar_run_controller_stop (self->run_controller);
  if (self->data_source != NULL)
    isobar_data_source_shutdown (self->data_source);

  G_APPLICATION_CLASS (isobar_application_parent_class)->shutdown (application);
}

static void
isobar_application_dispose (GObject *object)
{
  IsobarApplication *self = ISOBAR_APPLICATION (object);

  if (self->run_controller != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->run_controller, self);
      g_signal_handlers_disconnect_by_data (isobar_run_controller_get_runs (self->run_controller), self);
    }
  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      _isobar_application_remove_run_actions (self);
    }
  g_clear_object (&self->run_controller);
  g_clear_object (&self->data_source);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isobar_application_parent_class)->dispose (object);
}

static void
isobar_application_class_init (IsobarApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = isobar_application_dispose;

  app_class->startup = isobar_application_startup;
  app_class->activate = isobar_application_activate;
  app_class->shutdown = isobar_application_shutdown;

  gtk_app_class->window_removed = isobar_application_window_removed;
}

static void
isobar_application_init (IsobarApplication *self)
{
}

IsobarApplication *
isobar_application_new (void)
{
  /* The resource base path is shared by both profiles (the .Devel app id
   * would otherwise look for its own). */
  return g_object_new (ISOBAR_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GSettings *
isobar_application_get_settings (IsobarApplication *self)
{
  g_return_val_if_fail (ISOBAR_IS_APPLICATION (self), NULL);

  return self->settings;
}

IsobarDataSource *
isobar_application_get_data_source (IsobarApplication *self)
{
  g_return_val_if_fail (ISOBAR_IS_APPLICATION (self), NULL);

  return self->data_source;
}

IsobarCache *
isobar_application_get_cache (IsobarApplication *self)
{
  g_return_val_if_fail (ISOBAR_IS_APPLICATION (self), NULL);

  return self->cache;
}

IsobarRunController *
isobar_application_get_run_controller (IsobarApplication *self)
{
  g_return_val_if_fail (ISOBAR_IS_APPLICATION (self), NULL);

  return self->run_controller;
}
