/* isobar-frame-stats.c: frame and input-delay figures from timestamps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-frame-stats.h"

struct _IsobarFrameStats
{
  gint64  start_us;
  gint64  last_frame_us;     /* start_us before the first frame */

  guint   n_frames;
  guint   slow_frames;
  guint   frozen_frames;
  guint   dropped_frames;
  double  longest_frame_ms;

  guint   n_input_events;
  double  worst_input_delay_ms;
};

IsobarFrameStats *
isobar_frame_stats_new (void)
{
  IsobarFrameStats *self = g_new0 (IsobarFrameStats, 1);

  isobar_frame_stats_start (self, g_get_monotonic_time ());

  return self;
}

void
isobar_frame_stats_free (IsobarFrameStats *self)
{
  g_free (self);
}

void
isobar_frame_stats_start (IsobarFrameStats *self,
                          gint64            now_us)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
  self->start_us = now_us;
  self->last_frame_us = now_us;
}

/* The refresh intervals a frame of @interval_ms covered beyond its own. */
static guint
dropped_in (double interval_ms)
{
  double intervals = round (interval_ms / ISOBAR_FRAME_INTERVAL_MS);

  return intervals > 1 ? (guint) intervals - 1 : 0;
}

/* Adds one frame of @interval_ms to the slow, frozen, dropped and longest
 * figures of @frames. */
static void
count_interval (IsobarRunFrames *frames,
                double           interval_ms)
{
  if (interval_ms > ISOBAR_SLOW_FRAME_MS)
    frames->slow_frames++;
  if (interval_ms > ISOBAR_FROZEN_FRAME_MS)
    frames->frozen_frames++;
  frames->dropped_frames += dropped_in (interval_ms);
  frames->longest_frame_ms = MAX (frames->longest_frame_ms, interval_ms);
}

void
isobar_frame_stats_add_frame (IsobarFrameStats *self,
                              gint64            frame_us)
{
  IsobarRunFrames frames = { 0 };
  double interval_ms;

  g_return_if_fail (self != NULL);

  /* A clock never goes back; a frame stamped before the previous one (or
   * the start) is counted, but as taking no time. */
  interval_ms = MAX (frame_us - self->last_frame_us, 0) / 1000.0;
  self->last_frame_us = MAX (frame_us, self->last_frame_us);

  count_interval (&frames, interval_ms);
  self->n_frames++;
  self->slow_frames += frames.slow_frames;
  self->frozen_frames += frames.frozen_frames;
  self->dropped_frames += frames.dropped_frames;
  self->longest_frame_ms = MAX (self->longest_frame_ms, frames.longest_frame_ms);
}

void
isobar_frame_stats_add_input_delay (IsobarFrameStats *self,
                                    double            delay_ms)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!isnan (delay_ms));

  self->n_input_events++;
  self->worst_input_delay_ms = MAX (self->worst_input_delay_ms, MAX (delay_ms, 0.0));
}

void
isobar_frame_stats_resync (IsobarFrameStats *self,
                           gint64            now_us)
{
  g_return_if_fail (self != NULL);

  self->last_frame_us = MAX (now_us, self->last_frame_us);
}

gint64
isobar_frame_stats_get_last_frame (IsobarFrameStats *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->last_frame_us;
}

void
isobar_frame_stats_get (IsobarFrameStats *self,
                        gint64            now_us,
                        IsobarRunFrames  *frames)
{
  double elapsed_s;
  double pending_ms;

  g_return_if_fail (self != NULL);
  g_return_if_fail (frames != NULL);

  memset (frames, 0, sizeof *frames);
  frames->n_frames = self->n_frames;
  frames->slow_frames = self->slow_frames;
  frames->frozen_frames = self->frozen_frames;
  frames->dropped_frames = self->dropped_frames;
  frames->longest_frame_ms = self->longest_frame_ms;

  /* The frame in progress: only once it is late, so that ending between
   * two ordinary frames adds nothing. */
  pending_ms = MAX (now_us - self->last_frame_us, 0) / 1000.0;
  if (pending_ms > ISOBAR_SLOW_FRAME_MS)
    count_interval (frames, pending_ms);

  frames->has_frames = self->n_frames > 0 || frames->slow_frames > self->slow_frames;
  elapsed_s = (now_us - self->start_us) / (double) G_USEC_PER_SEC;
  frames->fps = elapsed_s > 0 ? self->n_frames / elapsed_s : 0.0;

  frames->has_input_delay = self->n_input_events > 0;
  frames->n_input_events = self->n_input_events;
  frames->input_delay_ms = self->worst_input_delay_ms;
}
