/* isobar-run-timeline.h: what ran where, and when, during one run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_RUN_TIMELINE (isobar_run_timeline_get_type ())

G_DECLARE_FINAL_TYPE (IsobarRunTimeline, isobar_run_timeline, ISOBAR, RUN_TIMELINE, GObject)

/* The track of the thread that made the timeline, named "UI thread". What
 * the window measures goes there too, after the run if need be: a late
 * frame is
 *   isobar_run_timeline_add_slice (isobar_run_record_get_timeline (record),
 *                                  ISOBAR_RUN_TIMELINE_UI_TRACK,
 *                                  ISOBAR_RUN_TIMELINE_FRAME, "late frame",
 *                                  frame_start_us, frame_end_us,
 *                                  "spent on", "paint");
 * with the frame clock's times, which are monotonic µs too. */
#define ISOBAR_RUN_TIMELINE_UI_TRACK 0u

/* The categories of the slices Isobar records. */
#define ISOBAR_RUN_TIMELINE_JOB      "job"              /* a kernel job, on what ran it */
#define ISOBAR_RUN_TIMELINE_FETCH    "fetch"            /* a download or the parse of its archive */
#define ISOBAR_RUN_TIMELINE_PIPELINE "pipeline"         /* a place's series, its merged report */
#define ISOBAR_RUN_TIMELINE_LATENESS "lateness"         /* a main-loop stall */
#define ISOBAR_RUN_TIMELINE_FRAME    "frame"            /* a late frame */
#define ISOBAR_RUN_TIMELINE_LOCK     "interpreter-lock" /* holding or waiting for it */

/**
 * IsobarRunTimelineTrack:
 * @pid: the process
 * @tid: the thread (its kernel id), or 0 for a track of the process that
 *   is no thread's: the interpreter lock, the downloads in flight
 * @name: what the track is called ("UI thread", "Worker 2", "Helper 4242")
 */
typedef struct
{
  GPid        pid;
  gint64      tid;
  const char *name;
} IsobarRunTimelineTrack;

/**
 * IsobarRunTimelineSlice:
 * @track: where it happened (an index into the tracks)
 * @category: one of the ISOBAR_RUN_TIMELINE_ categories, or another
 * @name: what happened ("bootstrap 3/16", "download")
 * @start_us: when it began, monotonic µs (g_get_monotonic_time())
 * @duration_us: how long it lasted, µs
 * @arg_name: (nullable): one detail's name ("place", "url")
 * @arg_value: (nullable): and its value
 */
typedef struct
{
  guint       track;
  const char *category;
  const char *name;
  gint64      start_us;
  gint64      duration_us;
  const char *arg_name;
  const char *arg_value;
} IsobarRunTimelineSlice;

/**
 * IsobarRunTimelineCount:
 * @name: the counter ("Main-loop lateness")
 * @unit: its unit ("ms")
 * @time_us: when, monotonic µs
 * @value: its value then
 */
typedef struct
{
  const char *name;
  const char *unit;
  gint64      time_us;
  double      value;
} IsobarRunTimelineCount;

/* A collector of slices (something that ran on a track from one time to
 * another) and counter values, for one run; isobar_trace_events_to_json()
 * writes it for Perfetto and chrome://tracing. Every method may be called
 * from any thread: recording takes a mutex and appends a small record
 * whose strings are interned (kept once per timeline), so a slice costs no
 * allocation of its own.
 *
 * Make it on the UI thread (the thread of the run's main context): that
 * thread gets ISOBAR_RUN_TIMELINE_UI_TRACK. @origin_us (monotonic) is the
 * run's start, the zero of the written trace. */
IsobarRunTimeline *isobar_run_timeline_new           (gint64             origin_us);
gint64             isobar_run_timeline_get_origin_us (IsobarRunTimeline *self);

/* The timeline's copy of @string, valid as long as the timeline: a name to
 * keep for later slices without a copy of one's own. */
const char        *isobar_run_timeline_intern        (IsobarRunTimeline *self,
                                                      const char        *string);

/* The track of the calling thread, made on first use. A @name renames it;
 * NULL keeps its name ("Thread <tid>" for a new one). */
guint              isobar_run_timeline_thread_track  (IsobarRunTimeline *self,
                                                      const char        *name);
/* The track of another process's main thread (a helper), made on first use:
 * the process is called @process_name, the track "@process_name <pid>". */
guint              isobar_run_timeline_process_track (IsobarRunTimeline *self,
                                                      GPid               pid,
                                                      const char        *process_name);
/* A track of this process that belongs to no thread, found by its name. */
guint              isobar_run_timeline_virtual_track (IsobarRunTimeline *self,
                                                      const char        *name);

/* The name of @track, valid as long as the timeline. */
const char        *isobar_run_timeline_get_track_name (IsobarRunTimeline *self,
                                                       guint              track);

/* Something on @track from @start_us to @end_us (monotonic µs; an end
 * before the start counts as the start). Slices of one track may overlap:
 * the writer puts one that crosses another on a second lane. */
void               isobar_run_timeline_add_slice     (IsobarRunTimeline *self,
                                                      guint              track,
                                                      const char        *category,
                                                      const char        *name,
                                                      gint64             start_us,
                                                      gint64             end_us,
                                                      const char        *arg_name,
                                                      const char        *arg_value);
/* The value of the counter @name (in @unit) at @time_us (monotonic). */
void               isobar_run_timeline_add_count     (IsobarRunTimeline *self,
                                                      const char        *name,
                                                      const char        *unit,
                                                      gint64             time_us,
                                                      double             value);

/* What was recorded, in the order it was: copies whose strings belong to
 * the timeline. The track indexes of the slices index the tracks' array. */
GArray            *isobar_run_timeline_dup_tracks    (IsobarRunTimeline *self);
GArray            *isobar_run_timeline_dup_slices    (IsobarRunTimeline *self);
GArray            *isobar_run_timeline_dup_counts    (IsobarRunTimeline *self);
/* The name of process @pid: the program for this one ("isobar"), the name
 * given to isobar_run_timeline_process_track() for others; NULL when the
 * timeline knows no such process. */
const char        *isobar_run_timeline_get_process_name (IsobarRunTimeline *self,
                                                         GPid               pid);

G_END_DECLS
