/* isobar-simulator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_SIMULATOR (isobar_simulator_get_type ())

G_DECLARE_FINAL_TYPE (IsobarSimulator, isobar_simulator, ISOBAR, SIMULATOR, GObject)

/* A private isobar-sim process on loopback. The program is found through the
 * ISOBAR_SIM environment variable (uninstalled runs and tests), then
 * BINDIR/isobar-sim, then the PATH. It is started with `--port 0
 * --exit-on-eof` plus the extra arguments, with its stdin a pipe we hold: it
 * exits on its own when we close the pipe or die, so it never outlives us.
 * start reads the "Listening on http://127.0.0.1:PORT" line it prints. stop
 * closes stdin, force-exits it if it is still there after a second, and reaps
 * it (no zombie). Disposing a running simulator stops it. */
IsobarSimulator *isobar_simulator_new          (const char * const *extra_arguments);
void             isobar_simulator_start_async  (IsobarSimulator     *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean         isobar_simulator_start_finish (IsobarSimulator     *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* "http://127.0.0.1:PORT", or NULL when not running. */
const char      *isobar_simulator_get_base_url (IsobarSimulator     *self);
gboolean         isobar_simulator_is_running   (IsobarSimulator     *self);
void             isobar_simulator_stop         (IsobarSimulator     *self);
/* The path of the isobar-sim program, or NULL with ISOBAR_ERROR_SIMULATOR. */
char            *isobar_simulator_find_program (GError             **error);

G_END_DECLS
