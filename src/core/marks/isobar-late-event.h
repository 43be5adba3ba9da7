/* isobar-late-event.h: a late frame or a main-loop stall, and what the
 * loop did meanwhile (isobar-loop-log.h finds it; run records keep it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The most causes one late event keeps: the longest. */
#define ISOBAR_LATE_MAX_CAUSES 4

/* One thing that ran on the main loop inside a late event's window: the
 * time it took there, its own (what ran inside it is counted apart), how
 * often it ran and the largest area it drew, when it drew. */
typedef struct
{
  const char *what;        /* interned: "paint", "latency graph drawn", … */
  double      ms;
  guint       count;
  guint       width;
  guint       height;
} IsobarLateCause;

/* A late frame or a main-loop stall, explained: its window, the part the
 * loop slept waiting for something to do, the busy part nothing named
 * (GTK's own event handling, sources Isobar does not instrument), and the
 * named causes, longest first. @at_ms is when it ended, relative to the
 * run's start. @cpu_ms, when measured, tells work from waiting: a window
 * much longer than the CPU its thread used was spent off the CPU; @queued_ms
 * says how much of that the thread was ready but had no core (another
 * thread or process had it), the rest it waited (for the display, a lock,
 * a file). */
typedef struct
{
  double          at_ms;
  double          ms;
  double          idle_ms;
  double          other_ms;
  double          cpu_ms;      /* CPU the loop's thread used meanwhile; < 0: not measured */
  double          queued_ms;   /* ready to run but without a core; < 0: not measured */
  guint           n_causes;
  IsobarLateCause causes[ISOBAR_LATE_MAX_CAUSES];
} IsobarLateEvent;

/* Adds @cause to @causes (a GArray of IsobarLateCause): to the one that
 * names the same thing (times and counts summed, the larger area kept), or
 * as a new one. */
void     isobar_late_causes_add      (GArray                *causes,
                                      const IsobarLateCause *cause);
/* Longest first. */
void     isobar_late_causes_sort     (GArray                *causes);
/* The cause of @event that names @what, or NULL. */
const IsobarLateCause *
         isobar_late_event_find_cause (const IsobarLateEvent *event,
                                       const char            *what);

/* One line for a log: "41.2 ms: paint 30.1 ms, latency graph drawn
 * 1280×320 px 12.0 ms ×2, other 3.0 ms, idle 1.1 ms". */
char    *isobar_late_event_to_string (const IsobarLateEvent *event);

/* The debug option: with G_MESSAGES_DEBUG=Isobar-Late, each late frame and
 * stall is logged as it is found ("late frame 41.2 ms: …"). */
#define ISOBAR_LATE_LOG_DOMAIN "Isobar-Late"
void     isobar_late_event_log       (const char            *kind,
                                      const IsobarLateEvent *event);

/* Keeps the @max longest of a run's late events in @events (a GArray of
 * IsobarLateEvent), oldest first. */
void     isobar_late_events_keep_longest (GArray                *events,
                                          const IsobarLateEvent *event,
                                          guint                  max);

/* JSON: an array of objects {"at_ms", "ms", "idle_ms", "other_ms", "cpu_ms" and "queued_ms" (when measured),
 * "causes": [{"what", "ms", "count", "width", "height"}]}; width and height
 * only for drawing. The reader appends to @events; FALSE when @node is
 * something else (the run record says so in its own words). */
void     isobar_late_events_build     (JsonBuilder           *builder,
                                       GArray                *events);
gboolean isobar_late_events_read      (JsonNode              *node,
                                       GArray                *events);

G_END_DECLS
