/* isobar-trace-events.h: runs as a file in Chrome's trace-event format, for
 * Perfetto UI and chrome://tracing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-run-record.h"

G_BEGIN_DECLS

/* The runs of @records that have a timeline (isobar_run_record_get_timeline()),
 * the others left out, as one JSON document in the object form of the Trace
 * Event Format: {"traceEvents": […], "displayTimeUnit": "ms", "otherData":
 * {…}}. Times (ts, dur) are µs from the start of the first of those runs, so
 * later runs follow it as they followed it in time.
 *
 * Every slice of a timeline is a complete event (ph "X") on the thread
 * (pid, tid) of its track; a virtual track gets a thread id of its own above
 * any the kernel gives. Perfetto cannot draw slices that cross on one
 * thread, so a slice that would cross another of its track goes to a lane
 * of its own, "<track name> (2)", beside it. Counters are ph "C" events of
 * the process, their unit the name of their one arg. Metadata events (ph
 * "M") name the processes and threads and keep the tracks in the order
 * they were made. Each run is also a slice "Run N · preset" on a track
 * "Runs", and otherData says, per run, its preset, strategies and size. */
char *isobar_trace_events_to_json (IsobarRunRecord * const *records,
                                   guint                    n_records);

G_END_DECLS
