/* isobar-frame-recorder.h: what records the display frames of a run.
 *
 * The core measures runs without a display; a window that draws while a run
 * goes on implements this interface (IsobarFrameMeter in the app) and hands
 * it to the run controller, whose records then carry the frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-run-record.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_FRAME_RECORDER (isobar_frame_recorder_get_type ())

G_DECLARE_INTERFACE (IsobarFrameRecorder, isobar_frame_recorder, ISOBAR, FRAME_RECORDER, GObject)

struct _IsobarFrameRecorderInterface
{
  GTypeInterface parent_iface;

  void         (*begin_run)      (IsobarFrameRecorder *self);
  void         (*end_run)        (IsobarFrameRecorder *self,
                                  IsobarRunFrames     *frames);
  gint64       (*get_run_start)  (IsobarFrameRecorder *self);
  GArray      *(*get_late_frames) (IsobarFrameRecorder *self);
  const char  *(*get_renderer)   (IsobarFrameRecorder *self);
};

/* Starts counting the frames of a run (g_get_monotonic_time() now is its
 * start). */
void         isobar_frame_recorder_begin_run       (IsobarFrameRecorder *self);
/* Stops counting; @frames gets the run's figures. */
void         isobar_frame_recorder_end_run         (IsobarFrameRecorder *self,
                                                    IsobarRunFrames     *frames);
/* When the run began (g_get_monotonic_time()), 0 before the first. */
gint64       isobar_frame_recorder_get_run_start   (IsobarFrameRecorder *self);
/* The longest late frames of the last run, explained: IsobarLateEvent.
 * (transfer none) */
GArray      *isobar_frame_recorder_get_late_frames (IsobarFrameRecorder *self);
/* What drew the frames ("cairo", "gl", …), NULL when unknown. */
const char  *isobar_frame_recorder_get_renderer    (IsobarFrameRecorder *self);

G_END_DECLS
