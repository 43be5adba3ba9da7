/* isobar-frame-phases.h: logs the phases of each frame a GdkFrameClock
 * draws (update, layout, paint, after-paint) in the loop log, so that a late
 * frame can say which phase took its time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _IsobarFramePhases IsobarFramePhases;

/* Starts logging @clock's phases; a no-op off the thread that keeps the
 * loop log (isobar_loop_log_start()). */
IsobarFramePhases *isobar_frame_phases_new  (GdkFrameClock     *clock);
/* Stops logging and frees. */
void               isobar_frame_phases_free (IsobarFramePhases *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarFramePhases, isobar_frame_phases_free)

G_END_DECLS
