/* isobar-background.h: the priority of background work, and the UI thread's
 * request to be scheduled first.
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

/* The shortest time slice Linux's EEVDF scheduler grants on request. */
#define ISOBAR_FOREGROUND_SLICE_US 100

/* For the thread whose delays the user sees (the UI thread): asks the
 * scheduler (Linux 6.12 and later) for ISOBAR_FOREGROUND_SLICE_US slices,
 * which let it take a core from a running thread with a longer slice as
 * soon as it wakes, instead of when that slice ends. Its niceness and
 * policy stay; the threads and processes it starts afterwards get the
 * default slice again (SCHED_FLAG_RESET_ON_FORK). FALSE where the system
 * refused or does not have it (the call is then harmless). */
gboolean isobar_foreground_thread_enter (void);

/* For a thread that has entered the foreground: back to the default slice
 * while @paused, and short slices again after. Does nothing in a thread that
 * has not asked (isobar-cli's). While an emulated Python program runs, its
 * main loop is scheduled like CPython's main thread, which asks nothing. */
void     isobar_foreground_thread_pause  (gboolean paused);

G_END_DECLS
