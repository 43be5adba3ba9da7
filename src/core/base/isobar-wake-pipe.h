/* isobar-wake-pipe.h: a pipe whose only message is "wake up", for a thread
 * to wake a main context's thread without taking that context's lock.
 *
 * Attaching or readying a source on a context from another thread takes
 * the context's lock and wakes its thread while holding it; a thread at
 * background priority preempted there keeps the woken thread waiting
 * (BENCHMARKS.md §5h). A byte written to a pipe that a source on the
 * context watches wakes it with no lock taken. Used by the latency
 * watchdog's probes and by IsobarMailbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Both ends non-blocking and close-on-exec: [0] to watch and drain, [1] to
 * wake. FALSE, with @error set and both ends -1, when no pipe can be made
 * (no descriptor to spare). */
gboolean isobar_wake_pipe_open  (int     fds[2],
                                 GError **error);
/* Closes the ends that are open and sets them to -1. */
void     isobar_wake_pipe_close (int     fds[2]);
/* Any thread: one byte. A full pipe has a wake-up in it already. */
void     isobar_wake_pipe_wake  (int     fds[2]);
/* The watcher: reads every byte written so far. */
void     isobar_wake_pipe_drain (int     fds[2]);

G_END_DECLS
