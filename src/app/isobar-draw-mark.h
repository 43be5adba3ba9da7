/* isobar-draw-mark.h: a widget's drawing in the loop log, with the area
 * drawn, so that a late frame can say "the latency graph drew 1280×320 px".
 * One line at the top of a snapshot function:
 *
 *   g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("latency graph drawn"), widget);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-core.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      begin_us;
  const char *what;
  GtkWidget  *widget;
} IsobarDrawMark;

#define ISOBAR_DRAW_MARK(what, widget) ((IsobarDrawMark) { isobar_loop_log_begin (), (what), (widget) })

static inline void
isobar_draw_mark_end (IsobarDrawMark *mark)
{
  if (mark->begin_us != 0)
    isobar_loop_log_end_area (mark->begin_us, mark->what,
                              gtk_widget_get_width (mark->widget), gtk_widget_get_height (mark->widget));
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsobarDrawMark, isobar_draw_mark_end)

G_END_DECLS
