/* isobar-latency-watchdog.h: measures how late a main loop answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "isobar-latency-stats.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_LATENCY_WATCHDOG (isobar_latency_watchdog_get_type ())

G_DECLARE_FINAL_TYPE (IsobarLatencyWatchdog, isobar_latency_watchdog, ISOBAR, LATENCY_WATCHDOG, GObject)

#define ISOBAR_LATENCY_WATCHDOG_DEFAULT_PERIOD_US    5000
#define ISOBAR_LATENCY_WATCHDOG_DEFAULT_CAPACITY     6000  /* 30 s at 5 ms */

/* A watchdog thread asks the watched context, every period, to run a tiny
 * idle callback at G_PRIORITY_DEFAULT, and records how late it runs. Only one
 * probe is outstanding at a time, so a context blocked for 300 ms yields one
 * sample of ~300 ms (one long task), not sixty. The thread keeps running while
 * the context's thread is blocked: isobar_latency_watchdog_get_current_stall_ms()
 * knows the stall in progress.
 *
 * Start the watchdog while the context is being iterated (or reset it once
 * it is): a probe asked before the loop runs counts the wait as lateness.
 *
 * Signals: "sample" (gint64 time_us, double lateness_ms), emitted on the
 * watched context's thread after each probe; time_us is monotonic.
 *
 * All methods may be called from any thread. */
IsobarLatencyWatchdog *isobar_latency_watchdog_new        (GMainContext          *context);

void                isobar_latency_watchdog_start         (IsobarLatencyWatchdog *self);
/* Joins the thread. A probe still outstanding is recorded with the wait so
 * far when this is called on the watched context's thread while it owns
 * the context (it is busy, so the stall is real), dropped otherwise. */
void                isobar_latency_watchdog_stop          (IsobarLatencyWatchdog *self);
/* Forgets every sample and counter; keeps running if it was. */
void                isobar_latency_watchdog_reset         (IsobarLatencyWatchdog *self);
gboolean            isobar_latency_watchdog_is_running    (IsobarLatencyWatchdog *self);

GMainContext       *isobar_latency_watchdog_get_context   (IsobarLatencyWatchdog *self);
guint               isobar_latency_watchdog_get_period_us (IsobarLatencyWatchdog *self);
/* The number of samples the trace keeps (the most recent ones). */
guint               isobar_latency_watchdog_get_capacity  (IsobarLatencyWatchdog *self);

/* A snapshot. n_samples, max, long_tasks and blocked_ms cover every sample
 * since the last reset; p50/p95/p99 cover the samples the trace still holds
 * (the last `capacity`). A watchdog with no sample gives all zeros. */
IsobarLatencyStats *isobar_latency_watchdog_get_stats     (IsobarLatencyWatchdog *self);

/* The trace kept, oldest first: a GArray of IsobarLatencySample. */
GArray             *isobar_latency_watchdog_get_trace     (IsobarLatencyWatchdog *self);

/* Monotonic time of the last start or reset, µs: the origin of a trace. */
gint64              isobar_latency_watchdog_get_origin_us (IsobarLatencyWatchdog *self);

/* The stall in progress: how long the outstanding probe has been waiting,
 * ms (0 when none is outstanding). */
double              isobar_latency_watchdog_get_current_stall_ms (IsobarLatencyWatchdog *self);

/* The longest stalls (long tasks) since the last reset, explained by the
 * loop log when the watched context's thread keeps one
 * (isobar_loop_log_start()), oldest first: a GArray of IsobarLateEvent with
 * at_ms counted from the origin. */
GArray             *isobar_latency_watchdog_get_stalls    (IsobarLatencyWatchdog *self);

G_END_DECLS
