/* isobar-run-plan.h: what a run covers and how it runs, read from the
 * settings when it starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-location.h"
#include "isobar-pipeline.h"

G_BEGIN_DECLS

/* (element-type IsobarLocation) (transfer full): the place shown first,
 * then the saved places, then well-known cities, until there are
 * "run-places" of @settings (schema io.github.isobar.Isobar). */
GPtrArray *isobar_run_plan_collect_locations (GSettings              *settings);

/* The strategies, workers, workload and switch interval of @settings;
 * unknown strategy ids fall back to the Recommended ones. Every run records
 * its timeline (record_timeline), for a trace of it. */
void       isobar_run_plan_read_settings     (GSettings              *settings,
                                              IsobarPipelineSettings *pipeline_settings);

G_END_DECLS
