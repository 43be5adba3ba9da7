/* isobar-progress-line.h: a progress bar whose changes only redraw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-chart.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_PROGRESS_LINE (isobar_progress_line_get_type ())

G_DECLARE_FINAL_TYPE (IsobarProgressLine, isobar_progress_line, ISOBAR, PROGRESS_LINE, IsobarChart)

GtkWidget *isobar_progress_line_new          (void);
/* 0…1; NaN or below 0: unknown (an activity block moves on each pulse). */
void       isobar_progress_line_set_fraction (IsobarProgressLine *self,
                                              double              fraction);
double     isobar_progress_line_get_fraction (IsobarProgressLine *self);
/* One step of the activity block, as gtk_progress_bar_pulse (). */
void       isobar_progress_line_pulse        (IsobarProgressLine *self);

G_END_DECLS
