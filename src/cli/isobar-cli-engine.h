/* isobar-cli-engine.h: what `isobar-cli report` and `isobar-cli bench`
 * share: strategy ids on the command line, and running a pipeline on the
 * session's main loop with a progress line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-cli-session.h"
#include "isobar-pipeline.h"

G_BEGIN_DECLS

/* Parses a comma-separated list of strategy ids ("worker,async") into
 * *strategies (a GArray of int: IsobarFetchStrategy / IsobarComputeStrategy values, in
 * the order given, duplicates dropped). An unknown or empty id is a usage
 * error naming @option and listing the valid ids: reported, and its exit
 * code returned; 0 on success. */
/* The same for any list of ids; @presets words the error for presets. The
 * values are indexes into @valid_ids. */
int              isobar_cli_parse_id_list            (const char         *command,
                                                      const char         *option,
                                                      const char         *list,
                                                      const char * const *valid_ids,
                                                      guint               n_valid,
                                                      gboolean            presets,
                                                      GArray            **values);
int              isobar_cli_parse_fetch_strategies   (const char        *command,
                                                      const char        *option,
                                                      const char        *list,
                                                      GArray           **strategies);
int              isobar_cli_parse_compute_strategies (const char        *command,
                                                      const char        *option,
                                                      const char        *list,
                                                      GArray           **strategies);

/* Runs @pipeline over @locations (IsobarLocation) until it ends; SIGINT
 * cancels it. With @progress_prefix (nullable) and a terminal on stderr,
 * keeps one line there up to date ("PREFIX · places 3/8 · jobs 40/96"),
 * cleared at the end. */
IsobarRunRecord *isobar_cli_run_pipeline             (IsobarCliSession  *session,
                                                      IsobarPipeline    *pipeline,
                                                      GPtrArray         *locations,
                                                      const char        *progress_prefix,
                                                      GError           **error);

G_END_DECLS
