/* isobar-verdict.h: what a run did to the UI, in plain words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-run-record.h"

G_BEGIN_DECLS

/* RAIL: input handled within 100 ms, a frame within 16.7 ms, no task over
 * 50 ms (ISOBAR_LONG_TASK_MS). */
#define ISOBAR_RAIL_INPUT_MS 100.0
#define ISOBAR_RAIL_FRAME_MS 16.667

typedef enum
{
  ISOBAR_VERDICT_SMOOTH,    /* no long task, p99 under a frame, no slow input */
  ISOBAR_VERDICT_JANKY,     /* long tasks or slow frames, none frozen (< 700 ms) */
  ISOBAR_VERDICT_FROZEN,    /* the window froze (a stall ≥ 700 ms) */
} IsobarVerdictLevel;

/* The level of @record from its figures. */
IsobarVerdictLevel isobar_verdict_level (IsobarRunRecord *record);
/* A short headline: "Smooth", "Janky", "Froze". */
const char        *isobar_verdict_level_label (IsobarVerdictLevel level);

/* Translated: "2.3 s" from a second on, "180 ms" above a millisecond,
 * "0.4 ms" below. */
char              *isobar_verdict_format_duration (double ms);

/* Two to three sentences, translated, derived only from the record's
 * figures and strategies: what the UI felt (the longest stall, in one piece
 * or in how many, the frames lost, the input delay, the p99 lateness and the
 * fps when known), then why and what to change, e.g. "The window froze for
 * 2.3 s in one piece: 139 frames were lost. The analysis ran on the UI
 * thread; move it to worker threads or helper processes." */
char              *isobar_verdict_describe (IsobarRunRecord *record);

G_END_DECLS
