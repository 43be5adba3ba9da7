/* isobar-helper-process.h: one isobar-helper child and its two pipes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-packet.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_HELPER_PROCESS (isobar_helper_process_get_type ())

G_DECLARE_FINAL_TYPE (IsobarHelperProcess, isobar_helper_process, ISOBAR, HELPER_PROCESS, GObject)

/* The environment variable that names the helper program when Isobar runs
 * uninstalled (tests, `meson devenv`). */
#define ISOBAR_HELPER_ENV "ISOBAR_HELPER"

/**
 * IsobarHelperProcessFlags:
 * @ISOBAR_HELPER_PROCESS_NONE: nothing special
 * @ISOBAR_HELPER_PROCESS_ALLOW_FAULT_INJECTION: start the helper with
 *   `--allow-fault-injection`, enabling the `crash`, `hang`, `garbage`,
 *   `oversize`, `bad-type` and `exit` job kinds (tests only)
 */
typedef enum
{
  ISOBAR_HELPER_PROCESS_NONE = 0,
  ISOBAR_HELPER_PROCESS_ALLOW_FAULT_INJECTION = 1 << 0,
} IsobarHelperProcessFlags;

/* The helper program: $ISOBAR_HELPER if set, else LIBEXECDIR/isobar-helper
 * (/app/libexec/isobar-helper in the Flatpak). */
char                *isobar_helper_find_program            (GError                  **error);

/* Spawns the helper and starts reading its stdout on the thread-default
 * main context. It is ready after emitting ::ready (its hello was valid);
 * ::packet then delivers each packet it sends; ::failed is emitted once, when
 * it exits, dies, or breaks the protocol, with an ISOBAR_ERROR_HELPER error
 * that says which. After ::failed, or after
 * isobar_helper_process_kill() or _close(), nothing more is emitted. */
IsobarHelperProcess *isobar_helper_process_spawn           (const char               *program,
                                                            IsobarHelperProcessFlags  flags,
                                                            gsize                     max_payload,
                                                            GError                  **error);
gboolean             isobar_helper_process_is_ready        (IsobarHelperProcess      *self);
/* Queues an encoded packet; written without blocking, in order. */
void                 isobar_helper_process_send            (IsobarHelperProcess      *self,
                                                            GBytes                   *packet);
/* Closes the helper's stdin: it exits on its own (EOF). Stops reading. */
void                 isobar_helper_process_close           (IsobarHelperProcess      *self);
/* SIGKILL. Stops reading and writing. */
void                 isobar_helper_process_kill            (IsobarHelperProcess      *self);
GSubprocess         *isobar_helper_process_get_subprocess  (IsobarHelperProcess      *self);
GPid                 isobar_helper_process_get_pid         (IsobarHelperProcess      *self);
/* Microseconds from spawn to a valid hello; -1 before. */
gint64               isobar_helper_process_get_startup_us  (IsobarHelperProcess      *self);
guint64              isobar_helper_process_get_bytes_written (IsobarHelperProcess    *self);
guint64              isobar_helper_process_get_bytes_read  (IsobarHelperProcess      *self);

/* Waits, iterating a private main context (never the caller's), until every
 * subprocess in @subprocesses has exited and been reaped or @timeout_ms has
 * passed; then sends SIGKILL to the rest and waits for those too. Closes
 * nothing: close their stdin first to let them exit on their own. */
void                 isobar_helper_reap_sync               (GPtrArray                *subprocesses,
                                                            guint                     timeout_ms);

G_END_DECLS
