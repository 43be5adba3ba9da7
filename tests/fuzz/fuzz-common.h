/* fuzz-common.h: what the fuzz-* targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-block.h"
#include "isobar-climate-report.h"
#include "isobar-kernels.h"
#include "isobar-packet.h"

G_BEGIN_DECLS

/* Every program that links fuzz-common.c has GLib's criticals and
 * warnings abort, so that a g_return_if_fail() reached from fuzzed input is
 * a finding (its input saved), not a line on stderr. */

/* libFuzzer's entry points (no header of its own in C). */
int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const guint8  *data,
                            size_t         size);

/* What every parser promises: a result or an error, never both; an
 * ISOBAR_ERROR with a message a person can read (shown as is in the UI, so
 * valid UTF-8). */
void                 fuzz_check_outcome        (gboolean       succeeded,
                                                const GError  *error);
/* Reads every time, name, unit and value of @block (nullable). */
void                 fuzz_check_block          (IsobarBlock   *block);

/* Every packet of @data, decoded as a pipe delivers it: all at once, and
 * again in small uneven chunks; aborts unless both give the same packets
 * and the same error. Returns (element-type IsobarPacket) the packets decoded
 * before the end of the stream or its first fault; @error is that fault
 * (decoder_finish()'s included). */
GPtrArray           *fuzz_decode_packets       (const guint8  *data,
                                                gsize          size,
                                                gsize          max_payload,
                                                GError       **error);

/* The helper → app and app → helper seeds are made from these: a fixed
 * nine-year series, the jobs planned for it (600 resamples, so two
 * bootstrap chunks and two heat-map chunks), and their outputs. Job i has
 * the job id i + 1 on the wire. */
#define FUZZ_PID       4242
#define FUZZ_RESAMPLES 600
#define FUZZ_SEED      G_GUINT64_CONSTANT (20261206)

IsobarClimateSeries *fuzz_reference_series     (void);
GPtrArray           *fuzz_reference_jobs       (IsobarClimateSeries *series);
GPtrArray           *fuzz_reference_outputs    (IsobarClimateSeries *series,
                                                GPtrArray           *jobs);

G_END_DECLS
