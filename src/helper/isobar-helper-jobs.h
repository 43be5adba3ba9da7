/* isobar-helper-jobs.h: the job kinds isobar-helper runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-helper-channel.h"

G_BEGIN_DECLS

/* Runs one job on @input. Returns the result, or NULL with @error set; a
 * fault-injection job that has already written its own (broken) reply
 * returns NULL without an error, and nothing more is sent. */
typedef GBytes *(*IsobarHelperJobFunc) (IsobarHelperChannel  *channel,
                                        GBytes               *input,
                                        GError              **error);

/* Looks up @kind. Fault-injection kinds (crash, hang, garbage, oversize,
 * bad-type, exit) are refused unless @allow_faults: ISOBAR_ERROR_INVALID_ARGUMENT. */
IsobarHelperJobFunc isobar_helper_jobs_lookup (const char  *kind,
                                               gboolean     allow_faults,
                                               GError     **error);

G_END_DECLS
