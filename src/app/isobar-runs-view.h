/* isobar-runs-view.h: the "Runs" page: the recent runs compared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-python-card.h"
#include "isobar-runs-chart.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_RUNS_VIEW (isobar_runs_view_get_type ())

G_DECLARE_FINAL_TYPE (IsobarRunsView, isobar_runs_view, ISOBAR, RUNS_VIEW, GtkWidget)

/* The runs of a model side by side: "Export" (CSV or JSON, through a file
 * chooser, then the app.export-runs action with the chosen path; or the last
 * run as a trace for Perfetto UI, then app.export-trace, when that run has a
 * timeline) and "Clear"
 * (app.clear-runs) buttons, the real Python card (IsobarPythonCard: run it,
 * and how close the Python presets came to it), the runs chart, a table
 * with one row per run ("#1"… as in the chart; start time, preset, switch
 * interval, figures, verdict, then strategies, workers, size, depth) and,
 * newest first, a card per run with its verdict in words. With no run, a
 * status page invites one (app.run, and app.run-cpython when ready). */
GtkWidget       *isobar_runs_view_new       (void);
/* @runs: IsobarRunRecord items, oldest first; followed as it changes. */
void             isobar_runs_view_set_model (IsobarRunsView *self,
                                             GListModel     *runs);
GListModel      *isobar_runs_view_get_model (IsobarRunsView *self);
/* The runs of @controller as the model, and the controller the Export…
 * buttons write them through (its words about the export become a toast in
 * this view's window). */
void             isobar_runs_view_set_controller (IsobarRunsView      *self,
                                                  IsobarRunController *controller);

/* "empty" (the status page) or "runs" */
const char      *isobar_runs_view_get_state (IsobarRunsView *self);
GtkColumnView   *isobar_runs_view_get_table (IsobarRunsView *self);
IsobarRunsChart *isobar_runs_view_get_chart (IsobarRunsView *self);
IsobarPythonCard *isobar_runs_view_get_python_card (IsobarRunsView *self);
/* Whether real Python has archives to analyse (a run has succeeded). */
void             isobar_runs_view_set_python_ready (IsobarRunsView *self,
                                                    gboolean        ready);

G_END_DECLS
