/* isobar-preset.h: the presets of the responsiveness panel, and the names
 * of the strategies in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-executor.h"
#include "isobar-fetcher.h"

G_BEGIN_DECLS

/* Stable ids (GSettings "preset", the app.preset action's parameter). */
#define ISOBAR_PRESET_RECOMMENDED            "recommended"
#define ISOBAR_PRESET_UI_THREAD              "ui-thread"
#define ISOBAR_PRESET_PYTHON_THREADS         "python-threads"
#define ISOBAR_PRESET_PYTHON_MULTIPROCESSING "python-multiprocessing"
#define ISOBAR_PRESET_CUSTOM                 "custom"

/* Every preset id, in the panel's order, NULL-terminated. */
const char * const *isobar_preset_list           (void);
gboolean            isobar_preset_is_valid        (const char            *id);
/* The strategies of @id; FALSE for "custom" and unknown ids. */
gboolean            isobar_preset_get_strategies  (const char            *id,
                                                   IsobarFetchStrategy   *fetch,
                                                   IsobarComputeStrategy *compute);
/* The preset whose strategies these are, or "custom". */
const char         *isobar_preset_match           (IsobarFetchStrategy    fetch,
                                                   IsobarComputeStrategy  compute);
/* Translated: "Recommended", "Everything on the UI Thread", … */
const char         *isobar_preset_get_label       (const char            *id);
/* Translated, one sentence: what the preset does and what to expect. */
const char         *isobar_preset_get_description (const char            *id);

/* Translated names of the strategies: "UI thread", "One worker thread",
 * "Thread pool", "Asynchronous (libsoup)"; "UI thread", "Thread pool",
 * "Threads with an interpreter lock", "Helper process pool", "Process pool
 * shipping every job, as Python’s ProcessPoolExecutor", "A helper process
 * per job". */
const char         *isobar_fetch_strategy_get_label   (IsobarFetchStrategy   strategy);
const char         *isobar_compute_strategy_get_label (IsobarComputeStrategy strategy);

/* With GSettings of schema io.github.isobar.Isobar: sets "preset" and, for
 * every id but "custom", "fetch-strategy" and "compute-strategy", in one
 * change (g_settings_delay/apply on a private GSettings of the same schema,
 * backend and path, so that @settings itself is not left in delay-apply
 * mode). ISOBAR_ERROR_INVALID_ARGUMENT for an unknown id. */
gboolean            isobar_preset_apply           (GSettings             *settings,
                                                   const char            *id,
                                                   GError               **error);

G_END_DECLS
