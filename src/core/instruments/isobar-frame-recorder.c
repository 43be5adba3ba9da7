/* isobar-frame-recorder.c: what records the display frames of a run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-frame-recorder.h"

G_DEFINE_INTERFACE (IsobarFrameRecorder, isobar_frame_recorder, G_TYPE_OBJECT)

static void
isobar_frame_recorder_default_init (IsobarFrameRecorderInterface *iface)
{
}

void
isobar_frame_recorder_begin_run (IsobarFrameRecorder *self)
{
  g_return_if_fail (ISOBAR_IS_FRAME_RECORDER (self));

  ISOBAR_FRAME_RECORDER_GET_IFACE (self)->begin_run (self);
}

void
isobar_frame_recorder_end_run (IsobarFrameRecorder *self,
                               IsobarRunFrames     *frames)
{
  g_return_if_fail (ISOBAR_IS_FRAME_RECORDER (self));
  g_return_if_fail (frames != NULL);

  ISOBAR_FRAME_RECORDER_GET_IFACE (self)->end_run (self, frames);
}

gint64
isobar_frame_recorder_get_run_start (IsobarFrameRecorder *self)
{
  g_return_val_if_fail (ISOBAR_IS_FRAME_RECORDER (self), 0);

  return ISOBAR_FRAME_RECORDER_GET_IFACE (self)->get_run_start (self);
}

GArray *
isobar_frame_recorder_get_late_frames (IsobarFrameRecorder *self)
{
  g_return_val_if_fail (ISOBAR_IS_FRAME_RECORDER (self), NULL);

  return ISOBAR_FRAME_RECORDER_GET_IFACE (self)->get_late_frames (self);
}

const char *
isobar_frame_recorder_get_renderer (IsobarFrameRecorder *self)
{
  g_return_val_if_fail (ISOBAR_IS_FRAME_RECORDER (self), NULL);

  return ISOBAR_FRAME_RECORDER_GET_IFACE (self)->get_renderer (self);
}
