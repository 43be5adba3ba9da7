/* isobar-frame-meter.h: frames and input delay, measured in a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-core.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_FRAME_METER (isobar_frame_meter_get_type ())

G_DECLARE_FINAL_TYPE (IsobarFrameMeter, isobar_frame_meter, ISOBAR, FRAME_METER, GObject)

/* Watches @widget (a toplevel, normally the window) while it is mapped:
 * a tick callback on its GdkFrameClock times every frame (so the clock keeps
 * producing frames, at the display's rate, which is what is measured), and
 * capture-phase event controllers time real key presses, button presses and
 * scrolls: the delay from the event's timestamp to its handling. Holds a weak
 * reference on @widget.
 *
 * Two sets of figures (IsobarFrameStats): the live one over the last second
 * (for the panel's labels), and the run one between begin_run() and
 * end_run() (for the run record).
 *
 * Signal "updated" (): about once a second, and after every input event
 * measured; read the live figures then. */
IsobarFrameMeter *isobar_frame_meter_new          (GtkWidget        *widget);
GtkWidget        *isobar_frame_meter_get_widget   (IsobarFrameMeter *self);

/* The figures of the last full second: fps, slow and frozen frames, the
 * longest frame (has_frames FALSE before the first full second); and the
 * input events of the last 5 s: their number and the worst delay. */
void              isobar_frame_meter_get_live     (IsobarFrameMeter *self,
                                                   IsobarRunFrames  *frames);
/* The last input delay measured, ms (negative when none yet). */
double            isobar_frame_meter_get_last_input_delay (IsobarFrameMeter *self);

/* The GSK renderer drawing the widget's window: "cairo", "gl", "ngl",
 * "vulkan" (or the renderer's type name); NULL while it is not realized. */
const char       *isobar_frame_meter_get_renderer (IsobarFrameMeter *self);

void              isobar_frame_meter_begin_run    (IsobarFrameMeter *self);
/* The figures since begin_run() (has_frames FALSE when the window produced
 * no frame, e.g. it was not mapped; all zero without begin_run()). A freeze
 * still going on counts as a frame in progress; the time the window was
 * hidden does not. */
void              isobar_frame_meter_end_run      (IsobarFrameMeter *self,
                                                   IsobarRunFrames  *frames);

/* The longest late frames (that missed a refresh) of the run in progress
 * or the last one, explained (isobar-loop-log.h), oldest first: a GArray
 * of IsobarLateEvent with at_ms counted from begin_run(). */
GArray           *isobar_frame_meter_get_late_frames (IsobarFrameMeter *self);
/* When the run in progress or the last one began (monotonic µs): the
 * origin of the late frames' at_ms. */
gint64            isobar_frame_meter_get_run_start   (IsobarFrameMeter *self);

G_END_DECLS
