/* isobar-window-runs.c: the window's climate and runs pages and its
 * responsiveness panel, all fed by the run controller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-window-private.h"

/* The place shown changed, or a run brought new reports: show its climate
 * report. */
static void
update_climate (IsobarWindow *self)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("climate report shown"));
  IsobarClimateReport *report = NULL;
  GDateTime *finished = NULL;

  if (self->controller == NULL)
    return;

  report = isobar_run_controller_get_report (self->controller, self->location, &finished);
  isobar_climate_view_set_units (self->climate_view, _isobar_window_get_units (self));
  isobar_climate_view_set_report (self->climate_view, self->location, report, finished);
}

/* A pipeline run's progress shows in the responsiveness panel and, while
 * the panel is hidden, on the climate page; real Python's on its card of
 * the runs page (it changes no report). Never twice on screen: besides
 * saying it once, a bar at each end of the window made every progress
 * update repaint the span between them (GTK's cairo renderer on X11 paints
 * the bounding box of what changed in a frame). */
static void
update_progress (IsobarWindow *self)
{
  IsobarRunController *controller = self->controller;
  gboolean running = isobar_run_controller_get_running (controller);
  gboolean python = isobar_run_controller_get_python_run (controller);
  gboolean panel_shown = gtk_revealer_get_reveal_child (self->panel_revealer);

  isobar_climate_view_set_progress (self->climate_view, running && !python && !panel_shown,
                                    isobar_run_controller_get_fraction (controller),
                                    isobar_run_controller_get_status (controller));
  if (python)
    isobar_python_card_set_progress (isobar_runs_view_get_python_card (self->runs_view), running,
                                     isobar_run_controller_get_fraction (controller),
                                     isobar_run_controller_get_status (controller));
}

static void
on_python_ready_changed (IsobarWindow *self)
{
  isobar_runs_view_set_python_ready (self->runs_view, isobar_run_controller_get_python_ready (self->controller));
}

static void
on_running_changed (IsobarWindow        *self,
                    GParamSpec          *pspec,
                    IsobarRunController *controller)
{
  update_progress (self);
  /* The header's spinner shows a refresh only outside runs. */
  _isobar_window_update_refresh_spinner (self);

  /* A run refreshes the forecast on screen as well as every archive. */
  if (isobar_run_controller_get_running (controller) && !isobar_run_controller_get_python_run (controller) &&
      self->location != NULL && !isobar_forecast_loader_get_fetching (self->loader))
    _isobar_window_refresh (self);
}

static void
show_toast (IsobarWindow *self,
            const char   *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_error_changed (IsobarWindow        *self,
                  GParamSpec          *pspec,
                  IsobarRunController *controller)
{
  const char *error = isobar_run_controller_get_error (controller);
  g_autofree char *message = NULL;

  /* Real Python failing leaves the reports as they were: say it where it
   * was asked for, and in a toast. */
  if (isobar_run_controller_get_python_run (controller))
    {
      isobar_python_card_set_error (isobar_runs_view_get_python_card (self->runs_view), error);
      if (error != NULL)
        show_toast (self, error);
      return;
    }

  if (error != NULL)
    /* Translators: %s says why the climate analysis failed */
    message = g_strdup_printf (_("The analysis failed: %s. The report shown is the last good one."), error);
  isobar_climate_view_set_error (self->climate_view, message);
}

static void
on_units_changed (IsobarWindow *self,
                  const char   *key,
                  GSettings    *settings)
{
  isobar_climate_view_set_units (self->climate_view, _isobar_window_get_units (self));
}

/* The controller times frames and input in the window the user is in. */
static void
on_active_changed (IsobarWindow *self)
{
  if (self->controller != NULL && gtk_window_is_active (GTK_WINDOW (self)))
    isobar_run_controller_set_frame_recorder (self->controller, ISOBAR_FRAME_RECORDER (self->frame_meter));
}

void
_isobar_window_setup_runs (IsobarWindow *self)
{
  if (self->controller == NULL)
    self->controller = isobar_run_controller_new (self->settings, self->data_source);

  self->frame_meter = isobar_frame_meter_new (GTK_WIDGET (self));
  if (isobar_run_controller_get_frame_recorder (self->controller) == NULL)
    isobar_run_controller_set_frame_recorder (self->controller, ISOBAR_FRAME_RECORDER (self->frame_meter));
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);

  isobar_responsiveness_panel_bind (self->panel, self->settings, self->controller);
  isobar_runs_view_set_controller (self->runs_view, self->controller);

  g_signal_connect_object (self->controller, "reports-changed",
                           G_CALLBACK (update_climate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::running",
                           G_CALLBACK (on_running_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::fraction",
                           G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::status",
                           G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel_revealer, "notify::reveal-child",
                           G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::error",
                           G_CALLBACK (on_error_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify::python-ready",
                           G_CALLBACK (on_python_ready_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "message",
                           G_CALLBACK (show_toast), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::location", G_CALLBACK (update_climate), NULL);
  g_signal_connect_object (self->settings, "changed::units",
                           G_CALLBACK (on_units_changed), self, G_CONNECT_SWAPPED);

  g_settings_bind (self->settings, "view", self->view_stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);

  update_climate (self);
  update_progress (self);
  on_python_ready_changed (self);
}

void
_isobar_window_teardown_runs (IsobarWindow *self)
{
  if (self->controller != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->controller, self);
      if (isobar_run_controller_get_frame_recorder (self->controller) == ISOBAR_FRAME_RECORDER (self->frame_meter))
        isobar_run_controller_set_frame_recorder (self->controller, NULL);
    }
  if (self->panel != NULL)
    isobar_responsiveness_panel_bind (self->panel, NULL, NULL);

  g_clear_object (&self->frame_meter);
  g_clear_object (&self->controller);
}
