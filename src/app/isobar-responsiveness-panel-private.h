/* isobar-responsiveness-panel-private.h: the panel's insides, shared by the
 * class (isobar-responsiveness-panel.c), the live part that shows the run
 * controller (isobar-responsiveness-panel-live.c) and the strategy rows bound
 * to the settings (isobar-responsiveness-panel-strategy.c). The side files
 * call no one but themselves; the class file calls them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-frame-meter.h"
#include "isobar-progress-line.h"
#include "isobar-responsiveness-panel.h"

G_BEGIN_DECLS

/* The live figures, in the order of the grid (three to a line). */
enum {
  FIGURE_FPS,
  FIGURE_SLOW,
  FIGURE_FROZEN,
  FIGURE_LONGEST,
  FIGURE_INPUT,
  FIGURE_LATENESS,
  N_FIGURES
};

/* The strategy rows, one per entry of the table in
 * isobar-responsiveness-panel-strategy.c (checked there). */
#define N_SETTING_ROWS 9

struct _IsobarResponsivenessPanel
{
  AdwBin                 parent_instance;

  /* Template widgets */
  GtkButton             *run_button;
  GtkButton             *cancel_button;
  IsobarProgressLine    *progress_bar;
  GtkInscription        *status_label;
  GtkLabel              *error_label;
  IsobarPulse           *pulse;
  GtkEntry              *entry;
  IsobarLatencyGraph    *latency_graph;
  GtkGrid               *figures_grid;
  AdwPreferencesGroup   *preset_group;
  AdwPreferencesGroup   *details_group;
  AdwPreferencesGroup   *workload_group;
  GtkLabel              *verdict_level_label;
  GtkLabel              *verdict_strategy_label;
  GtkLabel              *verdict_label;

  /* Built in code */
  GtkInscription        *figure_values[N_FIGURES];
  GObject               *setting_targets[N_SETTING_ROWS];  /* adjustment or combo row */
  AdwActionRow          *setting_widgets[N_SETTING_ROWS];

  /* Owned */
  GSettings             *settings;
  IsobarRunController   *controller;
  IsobarLatencyWatchdog *watchdog;
  IsobarFrameMeter      *frame_meter;
  guint                  second_id;      /* while mapped */
  double                 worst_lateness_ms;  /* since the last second */
  char                  *figures_text;
  char                  *verdict_text;
};

/* isobar-responsiveness-panel-live.c */
void     _isobar_responsiveness_panel_build_figures      (IsobarResponsivenessPanel *self);
void     _isobar_responsiveness_panel_follow_frame_meter (IsobarResponsivenessPanel *self);
/* Every second while mapped: the figures of the last second. */
gboolean _isobar_responsiveness_panel_on_second          (gpointer                   user_data);
void     _isobar_responsiveness_panel_bind_controller    (IsobarResponsivenessPanel *self,
                                                          IsobarRunController       *controller);

/* isobar-responsiveness-panel-strategy.c */
void     _isobar_responsiveness_panel_build_presets      (IsobarResponsivenessPanel *self);
void     _isobar_responsiveness_panel_build_setting_rows (IsobarResponsivenessPanel *self);
void     _isobar_responsiveness_panel_bind_settings      (IsobarResponsivenessPanel *self,
                                                          GSettings                 *settings);

G_END_DECLS
