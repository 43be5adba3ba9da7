/* isobar-pulse.h: an animation that stops when the main loop does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-chart.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_PULSE (isobar_pulse_get_type ())

G_DECLARE_FINAL_TYPE (IsobarPulse, isobar_pulse, ISOBAR, PULSE, IsobarChart)

/* Something to feel responsiveness with: a dot that sweeps to and fro along
 * a track at a constant speed, placed from the frame time on every frame
 * (a tick callback while mapped), with a short trail. It moves only when
 * the main loop draws frames, so a stall shows as a jump, and a jump of a
 * long task (over 50 ms) stays marked for a moment.
 *
 * With reduced motion (GtkSettings "gtk-enable-animations" FALSE) nothing
 * moves: a line of text counts the frames and shows the clock to the
 * hundredth of a second ("Frame 1234 · 12:03:04.56"), rewritten on every
 * frame, which freezes just as visibly.
 *
 * Accessible role: image, labelled "Animation: stops when the window
 * freezes". */
GtkWidget *isobar_pulse_new                (void);
/* TRUE when showing the text instead of the motion. */
gboolean   isobar_pulse_get_reduced_motion (IsobarPulse *self);
/* The frames drawn since the widget was created. */
guint64    isobar_pulse_get_n_frames       (IsobarPulse *self);

G_END_DECLS
