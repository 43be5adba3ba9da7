/* isobar-warm-executor.h: keeps the helper processes of the compute
 * strategy the settings name running between runs, started when the window
 * opens, so that no run spawns helpers: spawning from a process with GL
 * loaded blocks the UI thread for tens of milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-executor.h"
#include "isobar-pipeline.h"

G_BEGIN_DECLS

typedef struct _IsobarWarmExecutor IsobarWarmExecutor;

/* Follows "compute-strategy" and "compute-workers" of @settings; starts
 * nothing until isobar_warm_executor_warm(). */
IsobarWarmExecutor *isobar_warm_executor_new  (GSettings          *settings);
/* Starts (in the background) an executor for the settings' strategy when
 * it keeps helpers (process-pool, pickle-pool) and none fits; a thread or
 * UI-thread strategy keeps nothing warm. */
void                isobar_warm_executor_warm (IsobarWarmExecutor *self);
/* The warm executor, or NULL. */
IsobarExecutor     *isobar_warm_executor_get  (IsobarWarmExecutor *self);
/* Shuts the helpers down and frees. */
void                isobar_warm_executor_free (IsobarWarmExecutor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarWarmExecutor, isobar_warm_executor_free)

G_END_DECLS
