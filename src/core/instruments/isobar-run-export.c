/* isobar-run-export.c: writes run records to a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isobar-file-write.h"
#include "isobar-run-export.h"
#include "isobar-trace-events.h"

IsobarRunExportFormat
isobar_run_export_format_for_path (const char *path)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, ISOBAR_RUN_EXPORT_JSON);

  lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, ".csv") ? ISOBAR_RUN_EXPORT_CSV : ISOBAR_RUN_EXPORT_JSON;
}

char *
isobar_run_export_to_string (IsobarRunRecord * const *records,
                             guint                    n_records,
                             IsobarRunExportFormat    format)
{
  GString *text;

  g_return_val_if_fail (n_records == 0 || records != NULL, NULL);

  if (format == ISOBAR_RUN_EXPORT_JSON || format == ISOBAR_RUN_EXPORT_TRACE_EVENTS)
    {
      g_autofree char *json = format == ISOBAR_RUN_EXPORT_JSON
                              ? isobar_run_records_to_json (records, n_records, TRUE)
                              : isobar_trace_events_to_json (records, n_records);

      return g_strconcat (json, "\n", NULL);
    }

  g_return_val_if_fail (format == ISOBAR_RUN_EXPORT_CSV, NULL);

  /* RFC 4180: CRLF after every record, the last one included. */
  text = g_string_new (isobar_run_record_csv_header ());
  g_string_append (text, "\r\n");
  for (guint i = 0; i < n_records; i++)
    {
      g_autofree char *row = isobar_run_record_to_csv_row (records[i]);

      g_string_append (text, row);
      g_string_append (text, "\r\n");
    }

  return g_string_free (text, FALSE);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *name = NULL;

  if (isobar_file_write_finish (result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* GIO's local errors name the file; others (and cancellation) may not. */
  name = g_file_get_parse_name (file);
  if (strstr (error->message, name) == NULL)
    /* Translators: %s is a file name; an error message follows */
    g_prefix_error (&error, _("Could not save the runs to “%s”: "), name);
  g_task_return_error (task, error);
}

void
isobar_run_export_async (IsobarRunRecord * const *records,
                         guint                    n_records,
                         GFile                   *file,
                         IsobarRunExportFormat    format,
                         GCancellable            *cancellable,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (n_records == 0 || records != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format == ISOBAR_RUN_EXPORT_JSON || format == ISOBAR_RUN_EXPORT_CSV ||
                    format == ISOBAR_RUN_EXPORT_TRACE_EVENTS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_run_export_async);
  g_task_set_name (task, "[isobar] export runs");
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  /* GIO's own error, cancellation too, so that it names the file. */
  g_task_set_check_cancellable (task, FALSE);

  /* The records are read now: the caller may change them once this returns. */
  text = isobar_run_export_to_string (records, n_records, format);
  bytes = g_bytes_new_take (text, strlen (text));

  isobar_file_write_async (file, bytes, ISOBAR_FILE_WRITE_NONE, cancellable, on_written,
                           g_steal_pointer (&task));
}

gboolean
isobar_run_export_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_run_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
