/* isobar-background.h: the priority of background work.
 *
 * Helper processes run at this niceness; so do the threads that download,
 * parse and convert archives, so that on a machine with few cores the UI
 * thread (and the display server) win the CPU while a run goes on. Not the
 * compute strategies' own worker threads: what they do to the UI is what
 * the strategies are there to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ISOBAR_BACKGROUND_NICENESS 10

/* Lowers the calling thread to ISOBAR_BACKGROUND_NICENESS (Linux: each
 * thread has its own; elsewhere nothing), once per thread. A GLib worker
 * thread stays so for the other background work it may run later; threads
 * it starts inherit it. */
void isobar_background_thread_enter (void);

G_END_DECLS
