/* isobar-run-metric.h: the figures of a run that the runs page compares,
 * read from a record and written for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-run-record.h"

G_BEGIN_DECLS

/* In the order the runs chart draws them. */
typedef enum
{
  ISOBAR_RUN_METRIC_WALL_TIME,       /* ms */
  ISOBAR_RUN_METRIC_LONGEST_STALL,   /* ms: the worst main-loop lateness */
  ISOBAR_RUN_METRIC_P99,             /* ms: the 99th percentile lateness */
  ISOBAR_RUN_METRIC_DROPPED_FRAMES,  /* a count; unknown without frame figures */
  ISOBAR_RUN_METRIC_CPU,             /* ms of CPU time, the app and its helpers */
  ISOBAR_RUN_METRIC_PEAK_MEMORY,     /* bytes: the peak resident set; unknown when 0 */
  ISOBAR_N_RUN_METRICS
} IsobarRunMetric;

/* Translated, sentence case: "Wall time", "Longest stall", "p99 lateness",
 * "Dropped frames", "CPU (app + helpers)", "Peak memory". */
const char *isobar_run_metric_get_label  (IsobarRunMetric  metric);

/* Sets @value to the figure of @record in the unit above; FALSE (and NAN)
 * when the record does not know it (no frame figures, not measured, not a
 * finite number). */
gboolean    isobar_run_metric_get_value  (IsobarRunMetric  metric,
                                          IsobarRunRecord *record,
                                          double          *value);

/* @value written in the metric's unit: "2.3 s", "4.1 ms", "139", "95 MB";
 * "—" for NAN. */
char       *isobar_run_metric_format     (IsobarRunMetric  metric,
                                          double           value);

/* The preset @record ran, translated ("Recommended", "Custom"…; the one
 * its strategies match for records without one; the strategy ids when they
 * are unknown; "Real Python threads (CPython 3.11.2)" for real Python). */
char       *isobar_run_metric_dup_preset_label (IsobarRunRecord *record);

/* The switch interval of the interpreter lock its threads shared ("5 ms"),
 * for runs with one (gil-threads; real Python's serial and threads runs);
 * NULL for others. */
char       *isobar_run_metric_dup_switch_interval (IsobarRunRecord *record);

/* The preset label, with the switch interval when there is one: "Python
 * Threads, switch interval 1 ms". */
char       *isobar_run_metric_dup_run_label (IsobarRunRecord *record);

/* A duration in ms as the metrics write it: "< 0.1 ms", "0.2 ms", "4.1 ms",
 * "350 ms", "2.3 s", "75 s"; "—" for NAN. */
char       *isobar_run_metric_format_ms  (double           ms);

G_END_DECLS
