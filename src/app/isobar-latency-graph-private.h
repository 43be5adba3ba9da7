/* isobar-latency-graph-private.h: the latency graph's insides, shared by
 * its data side (isobar-latency-graph.c: the samples, the window, the
 * summary, the timers and the watchdog) and its painter
 * (isobar-latency-graph-paint.c: the layout, the scale, the colours and the
 * cairo drawing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-latency-graph.c calls the painter. Of isobar-latency-graph.c the
 * painter calls only the two readers of the ring,
 * _isobar_latency_graph_sample_at() and _isobar_latency_graph_sample_end().
 */

#pragma once

#include "isobar-chart-layer.h"
#include "isobar-latency-graph.h"

G_BEGIN_DECLS

/* A probe every 5 ms for the whole window */
#define RING_CAPACITY       (ISOBAR_LATENCY_GRAPH_SECONDS * 200)
#define WINDOW_US           ((gint64) ISOBAR_LATENCY_GRAPH_SECONDS * G_USEC_PER_SEC)

typedef struct
{
  gint64 time_us;
  double lateness_ms;
} Sample;

struct _IsobarLatencyGraph
{
  IsobarChart parent_instance;

  /* Owned */
  Sample                *ring;          /* RING_CAPACITY, oldest at head */
  guint                  head;
  guint                  length;
  char                  *summary;
  gboolean               summary_valid;
  gint64                 summary_expiry;  /* when its oldest sample leaves the window */
  char                  *description;     /* the summary the accessible has */
  IsobarLatencyWatchdog *watchdog;
  gulong                 sample_handler;
  guint                  redraw_id;
  guint                  accessible_id;
  guint                  tick_id;
  IsobarChartLayer      *below;         /* the grid and its labels */
  IsobarChartLayer      *above;         /* the threshold lines and theirs */
};

/* Where the graph goes in the widget, px, and the moment at its right edge */
typedef struct
{
  double  left, right, top, bottom;
  int     n_columns;
  gint64  now;
} Layout;

/* The @i-th sample of the ring, 0 the oldest */
const Sample *_isobar_latency_graph_sample_at      (IsobarLatencyGraph *self,
                                                    guint               i);
/* When the loop answered again: the end of the stall. */
gint64        _isobar_latency_graph_sample_end     (const Sample       *sample);

/* FALSE when the widget is too small to draw on. */
gboolean      _isobar_latency_graph_compute_layout (IsobarLatencyGraph *self,
                                                    Layout             *l);
/* The columns (0…n_columns − 1) the stall of @sample covers; FALSE when it
 * is off the graph. */
gboolean      _isobar_latency_graph_sample_columns (const Layout       *l,
                                                    const Sample       *sample,
                                                    int                *first,
                                                    int                *last);
/* Draws the grid, the bars and the threshold lines on @snapshot. */
void          _isobar_latency_graph_paint          (IsobarLatencyGraph *self,
                                                    GtkSnapshot        *snapshot,
                                                    const Layout       *l);

G_END_DECLS
