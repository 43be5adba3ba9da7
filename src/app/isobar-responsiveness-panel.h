/* isobar-responsiveness-panel.h: the side panel that runs the pipeline and
 * shows what it does to the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "isobar-core.h"
#include "isobar-latency-graph.h"
#include "isobar-pulse.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_RESPONSIVENESS_PANEL (isobar_responsiveness_panel_get_type ())

G_DECLARE_FINAL_TYPE (IsobarResponsivenessPanel, isobar_responsiveness_panel, ISOBAR, RESPONSIVENESS_PANEL, AdwBin)

/* The panel beside the weather views (360 px wide, scrolling inside), top
 * to bottom:
 * - Run: "Run All Places" (app.run) and "Cancel" (app.cancel), the run's
 *   progress, status and error;
 * - Feel it: an IsobarPulse and an entry to type in while a run goes on;
 * - Live: the IsobarLatencyGraph of the controller's watchdog, and the
 *   frames of the last second from the controller's frame meter (fps, slow,
 *   frozen, longest), the last input delay, and the worst main-loop
 *   lateness of the last second;
 * - Strategy: the presets as radio buttons of the app.preset action, then
 *   the strategies and the workload, bound to their GSettings keys;
 * - Last run: the verdict of the controller's latest record, and "Compare
 *   Runs" (win.view 'runs').
 *
 * The buttons act through actions, so the panel works with whatever
 * application and window provide them. Accessible label "Responsiveness". */
GtkWidget          *isobar_responsiveness_panel_new               (void);

/* Shows @controller's runs and binds the strategy rows to @settings (schema
 * io.github.isobar.Isobar); both NULL unbinds. The frame meter is looked up
 * again every second while the panel is mapped
 * (isobar_run_controller_get_frame_meter() may change). */
void                isobar_responsiveness_panel_bind              (IsobarResponsivenessPanel *self,
                                                                   GSettings                 *settings,
                                                                   IsobarRunController       *controller);

/* For tests (transfer none). */
GtkButton          *isobar_responsiveness_panel_get_run_button    (IsobarResponsivenessPanel *self);
GtkButton          *isobar_responsiveness_panel_get_cancel_button (IsobarResponsivenessPanel *self);
GtkEntry           *isobar_responsiveness_panel_get_entry         (IsobarResponsivenessPanel *self);
IsobarPulse        *isobar_responsiveness_panel_get_pulse         (IsobarResponsivenessPanel *self);
IsobarLatencyGraph *isobar_responsiveness_panel_get_latency_graph (IsobarResponsivenessPanel *self);
/* The live figures as shown, in words, one per line ("Frames per second:
 * 60"); NULL before any (transfer none, valid until they change). */
const char         *isobar_responsiveness_panel_get_figures_text  (IsobarResponsivenessPanel *self);
/* The verdict as shown ("" before the first run). */
const char         *isobar_responsiveness_panel_get_verdict_text  (IsobarResponsivenessPanel *self);

G_END_DECLS
