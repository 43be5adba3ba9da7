/* isobar-loop-log.h: what the main loop spent its time on, so that a late
 * frame or a stall can say why it was late.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-late-event.h"

G_BEGIN_DECLS

/* Logs the calling thread's work from now on, and how long @context sleeps
 * in poll (it takes over the context's poll function, calling the one it
 * had). Call once, on the thread that runs @context, before its loop runs. */
void     isobar_loop_log_start   (GMainContext    *context);
/* TRUE on the thread isobar_loop_log_start() was called on. */
gboolean isobar_loop_log_is_here (void);

/* Marks one piece of work: isobar_loop_log_begin() returns the time it
 * began (0 off the logged thread, or before start); pass it to
 * isobar_loop_log_end() with what it was, a static string. Pieces may nest;
 * an outer one is charged only with its own time. */
gint64   isobar_loop_log_begin   (void);
void     isobar_loop_log_end     (gint64           begin_us,
                                  const char      *what);
/* The same for drawing: the area drawn, in px. */
void     isobar_loop_log_end_area (gint64          begin_us,
                                   const char     *what,
                                   int             width,
                                   int             height);
/* A piece measured by other means (a frame clock phase), after the fact. */
void     isobar_loop_log_add     (const char      *what,
                                  gint64           start_us,
                                  gint64           end_us);

/* The same for a whole scope: it ends when the scope does.
 *   g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("progress shown")); */
typedef struct
{
  gint64      begin_us;
  const char *what;
} IsobarLoopMark;

#define ISOBAR_LOOP_MARK(what) ((IsobarLoopMark) { isobar_loop_log_begin (), (what) })

static inline void
isobar_loop_mark_end (IsobarLoopMark *mark)
{
  isobar_loop_log_end (mark->begin_us, mark->what);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsobarLoopMark, isobar_loop_mark_end)

/* Fills @event from what was logged between @from_us and @to_us (monotonic
 * µs, at most a few seconds back: the log is a ring). Call on the logged
 * thread; elsewhere @event only gets its length. */
void     isobar_loop_log_explain (gint64           from_us,
                                  gint64           to_us,
                                  IsobarLateEvent *event);

/* The CPU time the calling thread has used, µs; -1 where unknown. */
gint64   isobar_loop_log_thread_cpu_us (void);
/* The time the calling thread has spent ready to run but waiting for a
 * core (the scheduler's run delay, /proc/thread-self/schedstat), µs; -1
 * where the kernel does not say. */
gint64   isobar_loop_log_thread_queued_us (void);

G_END_DECLS
