/* isobar-frame-stats.h: frame and input-delay figures from timestamps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-run-record.h"

G_BEGIN_DECLS

/* A frame is "slow" when it missed at least one refresh: 1.5 intervals at
 * 60 Hz (RAIL's 16.7 ms budget, with room for the timer jitter that makes
 * a third of the frames of an idle window last 16.8–19 ms). */
#define ISOBAR_SLOW_FRAME_MS   25.0
/* A frame longer than this is "frozen" (Android vitals' definition). */
#define ISOBAR_FROZEN_FRAME_MS 700.0
/* The refresh interval dropped frames are counted in. */
#define ISOBAR_FRAME_INTERVAL_MS 16.667

/* Accumulates frames (the monotonic time each one was drawn) and input
 * delays between a start and an end; a plain struct, no threads. The first
 * frame after start is timed from the start, and end() counts the gap since
 * the last frame as one frame in progress if it is already slow, so a freeze
 * that is still going on at the end is not missed. */
typedef struct _IsobarFrameStats IsobarFrameStats;

IsobarFrameStats *isobar_frame_stats_new             (void);
void              isobar_frame_stats_free            (IsobarFrameStats *self);
/* Forgets everything; @now_us (monotonic µs) is the new start. */
void              isobar_frame_stats_start           (IsobarFrameStats *self,
                                                      gint64            now_us);
void              isobar_frame_stats_add_frame       (IsobarFrameStats *self,
                                                      gint64            frame_us);
void              isobar_frame_stats_add_input_delay (IsobarFrameStats *self,
                                                      double            delay_ms);
/* Frames stopped on purpose until @now_us (the window was hidden): the next
 * frame is timed from @now_us, so the gap is no frame; it still counts in
 * the elapsed time of fps. */
void              isobar_frame_stats_resync          (IsobarFrameStats *self,
                                                      gint64            now_us);
/* The figures from start to @now_us: fps = frames drawn / elapsed seconds;
 * a slow frame still in progress at @now_us counts in slow, frozen, dropped
 * and longest (not in n_frames or fps). has_frames FALSE when no frame was
 * added and none is in progress; has_input_delay FALSE when no input delay
 * was. Input delays below 0 count as 0. */
/* When the last frame was drawn (or the start), µs. */
gint64            isobar_frame_stats_get_last_frame  (IsobarFrameStats *self);
void              isobar_frame_stats_get             (IsobarFrameStats *self,
                                                      gint64            now_us,
                                                      IsobarRunFrames  *frames);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarFrameStats, isobar_frame_stats_free)

G_END_DECLS
