/* isobar-run-export.h: writes run records to a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "isobar-run-record.h"

G_BEGIN_DECLS

/* @ISOBAR_RUN_EXPORT_TRACE_EVENTS: the runs' timelines in Chrome's
 * trace-event format (isobar_trace_events_to_json()), for Perfetto UI and
 * chrome://tracing; runs without a timeline are left out. */
typedef enum
{
  ISOBAR_RUN_EXPORT_JSON,
  ISOBAR_RUN_EXPORT_CSV,
  ISOBAR_RUN_EXPORT_TRACE_EVENTS,
} IsobarRunExportFormat;

/* CSV when @path ends in ".csv" (any case), JSON otherwise (never a trace:
 * that is a choice, not a file name). */
IsobarRunExportFormat isobar_run_export_format_for_path (const char *path);

/* The whole document: for CSV the header and one row per record, each line
 * ending in "\r\n" (RFC 4180); for JSON a pretty array as
 * isobar_run_records_to_json() plus a final newline; for a trace
 * isobar_trace_events_to_json() plus a final newline. */
char     *isobar_run_export_to_string (IsobarRunRecord * const *records,
                                       guint                    n_records,
                                       IsobarRunExportFormat    format);

/* Writes the document atomically (g_file_replace_contents_bytes_async, no
 * backup); the records are read before this returns. Errors are GIO's,
 * with the file's name in the message. */
void      isobar_run_export_async     (IsobarRunRecord * const *records,
                                       guint                    n_records,
                                       GFile                   *file,
                                       IsobarRunExportFormat    format,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data);
gboolean  isobar_run_export_finish    (GAsyncResult            *result,
                                       GError                 **error);

G_END_DECLS
