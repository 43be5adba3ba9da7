/* isobar-responsiveness-panel.c: the side panel that runs the pipeline and
 * shows what it does to the window: the class, its template, its life cycle
 * and its binding to the settings and the run controller. What it shows of
 * the run is in isobar-responsiveness-panel-live.c, the strategy rows in
 * isobar-responsiveness-panel-strategy.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-responsiveness-panel-private.h"

G_DEFINE_FINAL_TYPE (IsobarResponsivenessPanel, isobar_responsiveness_panel, ADW_TYPE_BIN)

/* Binding */

void
isobar_responsiveness_panel_bind (IsobarResponsivenessPanel *self,
                                  GSettings                 *settings,
                                  IsobarRunController       *controller)
{
  g_return_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));
  g_return_if_fail (controller == NULL || ISOBAR_IS_RUN_CONTROLLER (controller));

  _isobar_responsiveness_panel_bind_settings (self, settings);
  _isobar_responsiveness_panel_bind_controller (self, controller);
}

/* Life cycle */

static void
isobar_responsiveness_panel_map (GtkWidget *widget)
{
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (widget);

  GTK_WIDGET_CLASS (isobar_responsiveness_panel_parent_class)->map (widget);

  _isobar_responsiveness_panel_follow_frame_meter (self);
  if (self->second_id == 0)
    {
      self->second_id = g_timeout_add (1000, _isobar_responsiveness_panel_on_second, self);
      g_source_set_name_by_id (self->second_id, "[isobar] responsiveness panel second");
    }
}

static void
isobar_responsiveness_panel_unmap (GtkWidget *widget)
{
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (widget);

  g_clear_handle_id (&self->second_id, g_source_remove);

  GTK_WIDGET_CLASS (isobar_responsiveness_panel_parent_class)->unmap (widget);
}

static void
isobar_responsiveness_panel_dispose (GObject *object)
{
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (object);

  g_clear_handle_id (&self->second_id, g_source_remove);
  if (self->latency_graph != NULL)
    isobar_responsiveness_panel_bind (self, NULL, NULL);
  if (self->frame_meter != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_meter, self);
  g_clear_object (&self->frame_meter);

  gtk_widget_dispose_template (GTK_WIDGET (object), ISOBAR_TYPE_RESPONSIVENESS_PANEL);

  G_OBJECT_CLASS (isobar_responsiveness_panel_parent_class)->dispose (object);
}

static void
isobar_responsiveness_panel_finalize (GObject *object)
{
  IsobarResponsivenessPanel *self = ISOBAR_RESPONSIVENESS_PANEL (object);

  g_free (self->figures_text);
  g_free (self->verdict_text);

  G_OBJECT_CLASS (isobar_responsiveness_panel_parent_class)->finalize (object);
}

static void
isobar_responsiveness_panel_class_init (IsobarResponsivenessPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_responsiveness_panel_dispose;
  object_class->finalize = isobar_responsiveness_panel_finalize;

  widget_class->map = isobar_responsiveness_panel_map;
  widget_class->unmap = isobar_responsiveness_panel_unmap;

  g_type_ensure (ISOBAR_TYPE_PROGRESS_LINE);
  g_type_ensure (ISOBAR_TYPE_PULSE);
  g_type_ensure (ISOBAR_TYPE_LATENCY_GRAPH);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/isobar-responsiveness-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, run_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, pulse);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, entry);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, latency_graph);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, figures_grid);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, preset_group);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, details_group);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, workload_group);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, verdict_level_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, verdict_strategy_label);
  gtk_widget_class_bind_template_child (widget_class, IsobarResponsivenessPanel, verdict_label);

  gtk_widget_class_set_css_name (widget_class, "isobar-responsiveness-panel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
isobar_responsiveness_panel_init (IsobarResponsivenessPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  _isobar_responsiveness_panel_build_figures (self);
  _isobar_responsiveness_panel_build_presets (self);
  _isobar_responsiveness_panel_build_setting_rows (self);
}

GtkWidget *
isobar_responsiveness_panel_new (void)
{
  return g_object_new (ISOBAR_TYPE_RESPONSIVENESS_PANEL, NULL);
}

GtkButton *
isobar_responsiveness_panel_get_run_button (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->run_button;
}

GtkButton *
isobar_responsiveness_panel_get_cancel_button (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->cancel_button;
}

GtkEntry *
isobar_responsiveness_panel_get_entry (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->entry;
}

IsobarPulse *
isobar_responsiveness_panel_get_pulse (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->pulse;
}

IsobarLatencyGraph *
isobar_responsiveness_panel_get_latency_graph (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->latency_graph;
}

const char *
isobar_responsiveness_panel_get_figures_text (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->figures_text;
}

const char *
isobar_responsiveness_panel_get_verdict_text (IsobarResponsivenessPanel *self)
{
  g_return_val_if_fail (ISOBAR_IS_RESPONSIVENESS_PANEL (self), NULL);

  return self->verdict_text != NULL ? self->verdict_text : "";
}
