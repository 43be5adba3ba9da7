/* isobar-runs-chart.h: the recent runs side by side, as small bar charts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-chart.h"

#include "isobar-core.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_RUNS_CHART (isobar_runs_chart_get_type ())

G_DECLARE_FINAL_TYPE (IsobarRunsChart, isobar_runs_chart, ISOBAR, RUNS_CHART, IsobarChart)

/* One small bar chart per IsobarRunMetric (3 × 2 when wide enough, else
 * 2 × 3 or 6 × 1), each with its title, one bar per run in the model's order
 * numbered "#1", "#2"… (the positions in the model, as in the runs table),
 * and the value on every bar; an unknown value is a "—" without a bar. Bars
 * take the colour of the run's verdict level (smooth, janky, froze), which a
 * legend under the charts explains. Hovering a bar shows its run and value.
 *
 * Accessible role IMG, labelled "Recent runs compared", described by the
 * summary. */
GtkWidget  *isobar_runs_chart_new         (void);
/* @runs: IsobarRunRecord items, oldest first; followed as it changes.
 * NULL shows nothing. */
void        isobar_runs_chart_set_model   (IsobarRunsChart *self,
                                           GListModel      *runs);
GListModel *isobar_runs_chart_get_model   (IsobarRunsChart *self);
/* Every value in words, one sentence per run: "Run #1, Recommended,
 * Smooth: Wall time 2.3 s; Longest stall 4.1 ms; …; Dropped frames
 * unknown; …." (labels and values as isobar-run-metric.h writes them);
 * "No runs yet". */
const char *isobar_runs_chart_get_summary (IsobarRunsChart *self);

G_END_DECLS
