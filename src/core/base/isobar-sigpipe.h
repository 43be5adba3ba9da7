/* isobar-sigpipe.h: writing to a child process that has died.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes a write to a pipe whose reader has died (a helper, the CPython
 * reference) fail with EPIPE instead of killing the app with SIGPIPE.
 * Leaves alone a handler the app installed itself. For the class_init of
 * whatever writes to a child's stdin; idempotent. */
void isobar_sigpipe_ignore (void);

G_END_DECLS
