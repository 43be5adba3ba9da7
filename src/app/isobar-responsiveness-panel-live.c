/* isobar-responsiveness-panel-live.c: what the panel shows of the run
 * controller: the live figures of the last second (frames, input delay,
 * main-loop lateness), the run's progress, status and error, and the
 * verdict of the last run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-responsiveness-panel-private.h"
#include "isobar-run-metric.h"

/* Figures */

typedef struct
{
  const char *caption;   /* short, under the grid's narrow columns */
  const char *name;      /* in words, for the accessible text */
  const char *tooltip;
} Figure;

static const Figure figures[N_FIGURES] = {
  { N_("Frames/s"), N_("Frames per second"), N_("Frames the window drew in the last second") },
  { N_("Slow"), N_("Slow frames"), N_("Frames that missed a screen refresh (over 25 ms), in the last second") },
  { N_("Frozen"), N_("Frozen frames"), N_("Frames that took longer than 700 ms, in the last second") },
  { N_("Longest"), N_("Longest frame"), N_("The longest time between two frames, in the last second") },
  { N_("Input delay"), N_("Input delay"), N_("From the last key press, click or scroll to its handling") },
  { N_("Lateness"), N_("Main-loop lateness"), N_("How late the main loop answered, at worst, in the last second") },
};

/* "0.4 ms", "17 ms", "2.3 s" */
static char *
format_ms (double ms)
{
  if (ms < 10)
    /* Translators: a short duration in milliseconds */
    return g_strdup_printf (_("%.1f ms"), ms);
  if (ms < 1000)
    return g_strdup_printf (_("%.0f ms"), ms);

  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%.1f s"), ms / 1000);
}

static void
show_figures (IsobarResponsivenessPanel *self)
{
  IsobarRunFrames frames = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);
  char *values[N_FIGURES] = { NULL };
  double input_ms = -1;

  if (self->frame_meter != NULL)
    {
      isobar_frame_meter_get_live (self->frame_meter, &frames);
      input_ms = isobar_frame_meter_get_last_input_delay (self->frame_meter);
    }

  if (frames.has_frames)
    {
      values[FIGURE_FPS] = g_strdup_printf ("%.0f", frames.fps);
      values[FIGURE_SLOW] = g_strdup_printf ("%u", frames.slow_frames);
      values[FIGURE_FROZEN] = g_strdup_printf ("%u", frames.frozen_frames);
      values[FIGURE_LONGEST] = format_ms (frames.longest_frame_ms);
    }
  if (input_ms >= 0)
    values[FIGURE_INPUT] = format_ms (input_ms);
  if (self->watchdog != NULL)
    values[FIGURE_LATENESS] = format_ms (self->worst_lateness_ms);

  for (guint i = 0; i < N_FIGURES; i++)
    {
      const char *value = values[i] != NULL ? values[i] : "—";

      gtk_inscription_set_text (self->figure_values[i], value);
      /* Translators: a live figure for screen readers, "Frames per second: 60" */
      g_string_append_printf (text, _("%s: %s"), gettext (figures[i].name), value);
      if (i + 1 < N_FIGURES)
        g_string_append_c (text, '\n');
      g_free (values[i]);
    }

  /* "updated" comes with every scroll event too: tell only changes. */
  if (g_strcmp0 (self->figures_text, text->str) == 0)
    return;

  g_free (self->figures_text);
  self->figures_text = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->figures_grid),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->figures_text,
                                  -1);
}

void
_isobar_responsiveness_panel_build_figures (IsobarResponsivenessPanel *self)
{
  for (guint i = 0; i < N_FIGURES; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *caption = gtk_label_new (gettext (figures[i].caption));
      /* The values change with every frame and key press: inscriptions
       * redraw when their text changes, labels would lay the window out. */
      GtkWidget *value = gtk_inscription_new ("—");

      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (value, "figure-value");
      gtk_widget_add_css_class (value, "numeric");
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (value), 8);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (value), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (box), value);
      gtk_widget_set_tooltip_text (box, gettext (figures[i].tooltip));
      gtk_grid_attach (self->figures_grid, box, i % 3, i / 3, 1, 1);

      self->figure_values[i] = GTK_INSCRIPTION (value);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->figures_grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Live figures"),
                                  -1);
  show_figures (self);
}

static void
on_sample (IsobarResponsivenessPanel *self,
           gint64                     time_us,
           double                     lateness_ms)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency sample shown"));
  self->worst_lateness_ms = MAX (self->worst_lateness_ms, lateness_ms);
}

/* The frame meter may come and go with the window: follow the current one. */
void
_isobar_responsiveness_panel_follow_frame_meter (IsobarResponsivenessPanel *self)
{
  IsobarFrameRecorder *recorder = NULL;
  IsobarFrameMeter *meter = NULL;

  /* The live figures are the window's frame meter's. */
  if (self->controller != NULL)
    recorder = isobar_run_controller_get_frame_recorder (self->controller);
  if (ISOBAR_IS_FRAME_METER (recorder))
    meter = ISOBAR_FRAME_METER (recorder);
  if (meter == self->frame_meter)
    return;

  if (self->frame_meter != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_meter, self);
  g_set_object (&self->frame_meter, meter);
  if (meter != NULL)
    g_signal_connect_object (meter, "updated", G_CALLBACK (show_figures), self, G_CONNECT_SWAPPED);

  show_figures (self);
}

gboolean
_isobar_responsiveness_panel_on_second (gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("panel figures updated"));
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (user_data);

  _isobar_responsiveness_panel_follow_frame_meter (self);
  if (self->watchdog != NULL)
    self->worst_lateness_ms = MAX (self->worst_lateness_ms,
                                   isobar_latency_watchdog_get_current_stall_ms (self->watchdog));
  show_figures (self);
  self->worst_lateness_ms = 0;

  return G_SOURCE_CONTINUE;
}

/* Run */

static void
show_fraction (IsobarResponsivenessPanel *self)
{
  isobar_progress_line_set_fraction (self->progress_bar,
                                     self->controller != NULL ? isobar_run_controller_get_fraction (self->controller) : 0);
}

static void
show_status (IsobarResponsivenessPanel *self)
{
  const char *status = NULL;

  if (self->controller != NULL)
    status = isobar_run_controller_get_status (self->controller);
  if (status == NULL || *status == '\0')
    status = _("Not run yet");

  gtk_inscription_set_text (self->status_label, status);
}

static void
show_error (IsobarResponsivenessPanel *self)
{
  const char *error = NULL;

  if (self->controller != NULL)
    error = isobar_run_controller_get_error (self->controller);

  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL && *error != '\0');
  /* The status of a failed run ("Failed: …") would say it twice. */
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), error == NULL || *error == '\0');
}

/* Last run */

static const char *
strategy_label (const char *id,
                gboolean    fetch)
{
  IsobarFetchStrategy fetch_strategy;
  IsobarComputeStrategy compute_strategy;

  if (fetch && id != NULL && isobar_fetch_strategy_from_string (id, &fetch_strategy))
    return isobar_fetch_strategy_get_label (fetch_strategy);
  if (!fetch && id != NULL && isobar_compute_strategy_from_string (id, &compute_strategy))
    return isobar_compute_strategy_get_label (compute_strategy);

  return id != NULL ? id : "";
}

static void
show_verdict (IsobarResponsivenessPanel *self)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("verdict shown"));
  IsobarRunRecord *record = NULL;
  const char * const level_classes[] = { "success", "warning", "error" };
  g_autofree char *description = NULL;
  g_autofree char *wall = NULL;
  g_autofree char *strategies = NULL;
  IsobarVerdictLevel level;

  if (self->controller != NULL)
    record = isobar_run_controller_get_latest (self->controller);

  for (guint i = 0; i < G_N_ELEMENTS (level_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_level_label), level_classes[i]);

  if (record == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->verdict_level_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->verdict_strategy_label), FALSE);
      gtk_label_set_text (self->verdict_label,
                          _("No run yet. Run all places to see what the strategy does to this window."));
      g_clear_pointer (&self->verdict_text, g_free);
      return;
    }

  level = isobar_verdict_level (record);
  description = isobar_verdict_describe (record);
  wall = format_ms (isobar_run_record_get_figures (record)->wall_ms);
  if (isobar_run_record_get_python_version (record) != NULL)
    {
      g_autofree char *python = isobar_run_metric_dup_preset_label (record);

      /* Translators: a real Python run and its wall time:
       * "Real Python threads (CPython 3.11.2) · 4.2 s" */
      strategies = g_strdup_printf (_("%s · %s"), python, wall);
    }
  else
    /* Translators: the last run's strategies and wall time:
     * "Thread pool · Helper process pool · 4.2 s" */
    strategies = g_strdup_printf (_("%s · %s · %s"),
                                  strategy_label (isobar_run_record_get_fetch_strategy (record), TRUE),
                                  strategy_label (isobar_run_record_get_compute_strategy (record), FALSE),
                                  wall);

  gtk_label_set_text (self->verdict_level_label, isobar_verdict_level_label (level));
  if ((guint) level < G_N_ELEMENTS (level_classes))
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_level_label), level_classes[level]);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_level_label), TRUE);
  gtk_label_set_text (self->verdict_strategy_label, strategies);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_strategy_label), TRUE);
  gtk_label_set_text (self->verdict_label, description);

  g_free (self->verdict_text);
  self->verdict_text = g_strdup_printf ("%s\n%s\n%s", isobar_verdict_level_label (level), strategies, description);
}

/* Binding */

void
_isobar_responsiveness_panel_bind_controller (IsobarResponsivenessPanel *self,
                                              IsobarRunController       *controller)
{
  IsobarLatencyWatchdog *watchdog = NULL;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  if (self->watchdog != NULL)
    g_signal_handlers_disconnect_by_data (self->watchdog, self);
  if (controller != NULL)
    watchdog = isobar_run_controller_get_watchdog (controller);
  g_set_object (&self->controller, controller);
  g_set_object (&self->watchdog, watchdog);

  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify::fraction", G_CALLBACK (show_fraction), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::status", G_CALLBACK (show_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::error", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::latest", G_CALLBACK (show_verdict), self, G_CONNECT_SWAPPED);
    }
  if (self->watchdog != NULL)
    g_signal_connect_object (self->watchdog, "sample", G_CALLBACK (on_sample), self, G_CONNECT_SWAPPED);

  isobar_latency_graph_set_watchdog (self->latency_graph, self->watchdog);
  self->worst_lateness_ms = 0;

  show_fraction (self);
  show_status (self);
  show_error (self);
  show_verdict (self);
  _isobar_responsiveness_panel_follow_frame_meter (self);
  show_figures (self);
}
