/* isobar-latency-graph.h: the live graph of main-loop lateness.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-chart.h"

#include "isobar-core.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_LATENCY_GRAPH (isobar_latency_graph_get_type ())

G_DECLARE_FINAL_TYPE (IsobarLatencyGraph, isobar_latency_graph, ISOBAR, LATENCY_GRAPH, IsobarChart)

/* The window the graph shows: the last 30 seconds, now at the right. */
#define ISOBAR_LATENCY_GRAPH_SECONDS 30

/* How late the main loop answered, over the last 30 seconds. A probe asked
 * at time_us that ran lateness_ms late means the loop was blocked from
 * time_us for lateness_ms: each sample is drawn as a bar spanning that time,
 * as high as the lateness, so an 8 s freeze (which arrives as one sample
 * once it is over) is an 8 s wide block. The vertical scale is logarithmic
 * from 1 ms to 10 s, with lines at one frame (16.7 ms), a long task (50 ms)
 * and the RAIL input budget (100 ms); a bar takes the colour of the highest
 * line it crosses. The graph scrolls while mapped (in 1 s steps when
 * animations are off). Hovering shows the worst stall at that moment.
 *
 * Accessible role IMG, labelled "Main-loop lateness, last 30 seconds", with
 * the summary as its description (refreshed at most 4 times a second).
 *
 * Keeps at most 30 s × 200 samples (a probe every 5 ms). */
GtkWidget  *isobar_latency_graph_new           (void);

/* Follows @watchdog's "sample" signal (which it emits on the main thread),
 * starting from the samples its trace already holds. NULL stops following;
 * the history is then kept. */
void        isobar_latency_graph_set_watchdog  (IsobarLatencyGraph    *self,
                                                IsobarLatencyWatchdog *watchdog);
IsobarLatencyWatchdog *
            isobar_latency_graph_get_watchdog  (IsobarLatencyGraph    *self);

/* A probe asked at @time_us (monotonic, as g_get_monotonic_time()) that ran
 * @lateness_ms late. */
void        isobar_latency_graph_add_sample    (IsobarLatencyGraph    *self,
                                                gint64                 time_us,
                                                double                 lateness_ms);
/* Forgets every sample. */
void        isobar_latency_graph_clear         (IsobarLatencyGraph    *self);

/* The samples that end within the last 30 seconds, and the worst of them,
 * ms (0 with none). */
guint       isobar_latency_graph_get_n_samples (IsobarLatencyGraph    *self);
double      isobar_latency_graph_get_max_ms    (IsobarLatencyGraph    *self);

/* The graph in words, over the last 30 seconds: "Worst 2.3 s; 4 stalls
 * over 50 ms; median 0.2 ms", or "No measurements yet". Valid until the next
 * call. */
const char *isobar_latency_graph_get_summary   (IsobarLatencyGraph    *self);

G_END_DECLS
