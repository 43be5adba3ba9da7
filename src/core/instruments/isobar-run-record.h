/* isobar-run-record.h: what one run did and what it cost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "isobar-json.h"
#include "isobar-late-event.h"
#include "isobar-latency-stats.h"
#include "isobar-run-timeline.h"

G_BEGIN_DECLS

/* The "version" member of the JSON form; bumped when the schema changes in
 * a way an older reader would get wrong. */
#define ISOBAR_RUN_RECORD_SCHEMA_VERSION 1

/* What the run was asked to do. */
typedef struct
{
  guint concurrency;    /* fetch concurrency N */
  guint workers;        /* compute workers N */
  guint locations;
  guint years;
  guint resamples;
  guint latency_ms;     /* simulated server latency */
  double switch_interval_ms; /* the interpreter lock's switch interval
                              * (gil-threads, Python threads); 0: none */
} IsobarRunSettings;

/* What it cost. Times in ms; lateness is the watchdog's summary. */
typedef struct
{
  double             wall_ms;
  double             fetch_ms;
  double             compute_ms;
  IsobarLatencyStats lateness;
  double             cpu_ms_app;
  double             cpu_ms_helpers;
  guint64            peak_rss_kb;
  guint64            pipe_bytes;   /* bytes through helper pipes, both ways */
  guint              helpers_restarted; /* helpers that died or hung and were replaced */
  guint              jobs_retried;      /* jobs sent again after their helper was lost */
} IsobarRunFigures;

/* Measured only with a window (the responsiveness panel): optional. */
typedef struct
{
  gboolean has_frames;
  double   fps;
  guint    n_frames;           /* frames drawn */
  guint    slow_frames;        /* missed a refresh: > 25 ms */
  guint    frozen_frames;      /* > 700 ms */
  guint    dropped_frames;     /* frames the display would have shown but
                                * did not get: Σ over frames of
                                * round (interval / 16.667 ms) − 1 */
  double   longest_frame_ms;
  gboolean has_input_delay;
  guint    n_input_events;
  double   input_delay_ms;     /* the worst input delay seen */
} IsobarRunFrames;

/* How the threads shared the interpreter lock (gil-threads only):
 * optional. "main" is the main loop's thread, "workers" the kernel threads;
 * waits in ms. */
typedef struct
{
  gboolean has_lock;
  guint64  switches;             /* the lock changed hands */
  guint64  drop_requests;        /* a waiter waited a whole interval */
  guint64  forced_drops;         /* a holder dropped it for a waiter */
  guint64  main_acquisitions;
  guint64  worker_acquisitions;
  double   main_wait_ms;         /* in all */
  double   worker_wait_ms;
  double   main_max_wait_ms;     /* the longest single wait */
  double   worker_max_wait_ms;
} IsobarRunLock;

/* The "preset" of a run that matches none, and of old records. */
#define ISOBAR_RUN_RECORD_PRESET_CUSTOM "custom"

/* One point of the latency trace, relative to the run's start. */
typedef struct
{
  double t_ms;
  double lateness_ms;
} IsobarTracePoint;

#define ISOBAR_TYPE_RUN_RECORD (isobar_run_record_get_type ())

G_DECLARE_FINAL_TYPE (IsobarRunRecord, isobar_run_record, ISOBAR, RUN_RECORD, GObject)

/* A new record started now (UTC), with every figure zero. Not thread-safe:
 * fill it on one thread, then share it read-only. */
IsobarRunRecord         *isobar_run_record_new              (const char              *fetch_strategy,
                                                             const char              *compute_strategy);

const char              *isobar_run_record_get_fetch_strategy   (IsobarRunRecord *self);
const char              *isobar_run_record_get_compute_strategy (IsobarRunRecord *self);
void                     isobar_run_record_set_strategies   (IsobarRunRecord         *self,
                                                             const char              *fetch_strategy,
                                                             const char              *compute_strategy);

GDateTime               *isobar_run_record_get_started      (IsobarRunRecord         *self);
void                     isobar_run_record_set_started      (IsobarRunRecord         *self,
                                                             GDateTime               *started);

const IsobarRunSettings *isobar_run_record_get_settings     (IsobarRunRecord         *self);
void                     isobar_run_record_set_settings     (IsobarRunRecord         *self,
                                                             const IsobarRunSettings *settings);

const IsobarRunFigures  *isobar_run_record_get_figures      (IsobarRunRecord         *self);
void                     isobar_run_record_set_figures      (IsobarRunRecord         *self,
                                                             const IsobarRunFigures  *figures);

const IsobarRunFrames   *isobar_run_record_get_frames       (IsobarRunRecord         *self);
void                     isobar_run_record_set_frames       (IsobarRunRecord         *self,
                                                             const IsobarRunFrames   *frames);

/* The id of the preset the run ran ("recommended", "python-threads", …,
 * "cpython-threads" for the CPython reference); "custom" when none. */
const char              *isobar_run_record_get_preset       (IsobarRunRecord         *self);
void                     isobar_run_record_set_preset       (IsobarRunRecord         *self,
                                                             const char              *preset);

const IsobarRunLock     *isobar_run_record_get_lock         (IsobarRunRecord         *self);
void                     isobar_run_record_set_lock         (IsobarRunRecord         *self,
                                                             const IsobarRunLock     *lock);

/* Runs of real Python (the CPython reference): the interpreter and its
 * version ("CPython", "3.11.2") and the main loop that kept the probe
 * ("GLib.MainLoop", "asyncio", or "plain" in records
 * written before asyncio replaced its plain loop); NULL for Isobar's own runs. */
const char              *isobar_run_record_get_python_implementation (IsobarRunRecord *self);
const char              *isobar_run_record_get_python_version (IsobarRunRecord       *self);
const char              *isobar_run_record_get_python_loop  (IsobarRunRecord         *self);
void                     isobar_run_record_set_python       (IsobarRunRecord         *self,
                                                             const char              *implementation,
                                                             const char              *version,
                                                             const char              *loop);

/* The GSK renderer that drew the window during the run ("cairo", "gl",
 * "ngl", "vulkan"); NULL without a window (the CLI). */
const char              *isobar_run_record_get_renderer     (IsobarRunRecord         *self);
void                     isobar_run_record_set_renderer     (IsobarRunRecord         *self,
                                                             const char              *renderer);

/* The result digest (equal across strategies for the same work); NULL
 * until set. */
const char              *isobar_run_record_get_digest       (IsobarRunRecord         *self);
void                     isobar_run_record_set_digest       (IsobarRunRecord         *self,
                                                             const char              *digest);

/* The trace, oldest first. */
const IsobarTracePoint  *isobar_run_record_get_trace        (IsobarRunRecord         *self,
                                                             guint                   *n_points);
void                     isobar_run_record_set_trace        (IsobarRunRecord         *self,
                                                             const IsobarTracePoint  *points,
                                                             guint                    n_points);
/* From watchdog samples (isobar_latency_watchdog_get_trace()): t_ms is
 * counted from @origin_us (monotonic µs, e.g. the watchdog's origin). */
void                     isobar_run_record_set_trace_from_samples (IsobarRunRecord           *self,
                                                                   const IsobarLatencySample *samples,
                                                                   guint                      n_samples,
                                                                   gint64                     origin_us);

/* Why the run was not smooth: its longest late frames (measured in a
 * window) and main-loop stalls (long tasks), each with what the main loop
 * did meanwhile, oldest first. Empty when none was late, or not explained. */
typedef enum
{
  ISOBAR_LATE_FRAME,
  ISOBAR_LATE_STALL,
} IsobarLateKind;

const IsobarLateEvent   *isobar_run_record_get_late         (IsobarRunRecord         *self,
                                                             IsobarLateKind           kind,
                                                             guint                   *n_events);
void                     isobar_run_record_set_late         (IsobarRunRecord         *self,
                                                             IsobarLateKind           kind,
                                                             const IsobarLateEvent   *events,
                                                             guint                    n_events);

/* The timeline of the run (what ran where, for isobar_trace_events_to_json()),
 * or NULL: a run's when it was recorded (IsobarPipelineSettings.record_timeline),
 * never one of real Python's nor one read from JSON. Not part of the JSON
 * nor of the CSV. */
IsobarRunTimeline       *isobar_run_record_get_timeline     (IsobarRunRecord         *self);
void                     isobar_run_record_set_timeline     (IsobarRunRecord         *self,
                                                             IsobarRunTimeline       *timeline);

/* JSON: an object with "schema": "isobar-run-record" and "version" (see
 * ISOBAR_RUN_RECORD_SCHEMA_VERSION). Numbers are written so that reading them
 * back gives the same doubles; non-finite ones are written as null and read
 * back as NAN. A record from a newer schema version is refused; members
 * added within version 1 (frames.n_frames, frames.dropped_frames,
 * input_events, settings.switch_interval_ms) read as 0 when missing, the
 * groups added within it ("interpreter_lock", "python") and "renderer" as
 * absent, and a missing "preset" as "custom", so older files still load. Errors:
 * ISOBAR_ERROR_MALFORMED (not JSON), ISOBAR_ERROR_INVALID_DATA (wrong shape).
 *
 * Write the text with isobar_run_record_to_json() or
 * isobar_run_records_to_json(), or isobar_json_node_to_string() (isobar-json.h,
 * included here) for a tree that embeds nodes from
 * isobar_run_record_to_json_node(): json-glib 1.6's
 * JsonGenerator writes doubles such as 1e-300 as "1e-300.0", which is not
 * JSON. */
JsonNode                *isobar_run_record_to_json_node     (IsobarRunRecord         *self);
char                    *isobar_run_record_to_json          (IsobarRunRecord         *self,
                                                             gboolean                 pretty);
/* A JSON array of @n_records records. */
char                    *isobar_run_records_to_json         (IsobarRunRecord * const *records,
                                                             guint                    n_records,
                                                             gboolean                 pretty);
IsobarRunRecord         *isobar_run_record_new_from_json_node (JsonNode              *node,
                                                               GError               **error);
IsobarRunRecord         *isobar_run_record_new_from_json    (const char              *data,
                                                             gssize                   length,
                                                             GError                 **error);

/* CSV (RFC 4180, comma-separated, no line terminator): one header line and
 * one row per record, with the same columns. The trace is not in the CSV.
 * Absent optional fields are empty cells; times are written with 3
 * decimals. */
const char              *isobar_run_record_csv_header       (void);
char                    *isobar_run_record_to_csv_row       (IsobarRunRecord         *self);

G_END_DECLS
