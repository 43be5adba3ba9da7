/* test-run-export.c: run records written to CSV and JSON files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "isobar-run-export.h"
#include "test-util.h"

#define WAIT_S 30

static IsobarRunRecord *
make_record (guint i)
{
  const char *fetch[] = { "thread-pool", "async", "ui-thread" };
  const char *compute[] = { "process-pool", "gil-threads", "ui-thread" };
  IsobarRunRecord *record = isobar_run_record_new (fetch[i % 3], compute[i % 3]);
  g_autoptr(GDateTime) started = g_date_time_new_utc (2025, 3, 1 + i, 12, 30, 15.25);
  IsobarRunSettings settings = { 8 + i, 4, 8, 40, 40000, 100 };
  IsobarRunFigures figures = {
    .wall_ms = 1234.5 + i / 3.0,
    .fetch_ms = 456.75,
    .compute_ms = 777.125,
    .lateness = { 300 + i, 0.5, 2.25, 16.75, 812.5 * (i + 1), i, 900.0 * i },
    .cpu_ms_app = 3000.0,
    .cpu_ms_helpers = i == 1 ? NAN : 9000.5,
    .peak_rss_kb = 123456,
    .pipe_bytes = G_GUINT64_CONSTANT (1) << 33,
  };
  IsobarTracePoint trace[] = { { 0.0, 0.1 }, { 5.0, 812.5 }, { 10.0 + i, 1.0 / 3.0 } };

  isobar_run_record_set_started (record, started);
  isobar_run_record_set_settings (record, &settings);
  isobar_run_record_set_figures (record, &figures);
  if (i != 1)
    {
      IsobarRunFrames frames = {
        .has_frames = TRUE, .fps = 59.5, .n_frames = 700, .slow_frames = 3, .frozen_frames = 1,
        .dropped_frames = 49, .longest_frame_ms = 820.0,
        .has_input_delay = i == 0, .n_input_events = i == 0 ? 5 : 0, .input_delay_ms = i == 0 ? 640.0 : 0,
      };

      isobar_run_record_set_frames (record, &frames);
    }
  /* A digest a CSV must quote: a comma, quotes and a line break. */
  if (i != 2)
    isobar_run_record_set_digest (record, i == 0 ? "abc, \"def\"\r\nghi" : "0123456789abcdef");
  isobar_run_record_set_trace (record, trace, G_N_ELEMENTS (trace));

  return record;
}

static GPtrArray *
make_records (guint n)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (records, make_record (i));

  return records;
}

/* RFC 4180: records of fields; quoted fields may hold commas, doubled
 * quotes and line breaks; every record ends in CRLF, and there is no bare
 * CR or LF outside quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;
  const char *p = text;

  while (*p != '\0')
    {
      if (quoted)
        {
          if (p[0] == '"' && p[1] == '"')
            {
              g_string_append_c (cell, '"');
              p += 2;
            }
          else if (p[0] == '"')
            {
              quoted = FALSE;
              p++;
              g_assert_true (*p == ',' || *p == '\r');
            }
          else
            g_string_append_c (cell, *p++);
        }
      else if (*p == '"')
        {
          g_assert_cmpuint (cell->len, ==, 0);
          quoted = TRUE;
          p++;
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          p++;
        }
      else if (*p == '\r')
        {
          g_assert_cmpint (p[1], ==, '\n');
          g_ptr_array_add (row, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        {
          g_assert_cmpint (*p, !=, '\n');
          g_string_append_c (cell, *p++);
        }
    }

  g_assert_false (quoted);
  /* The last record ended in CRLF too. */
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (cell->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (cell, TRUE);

  return rows;
}

static const char *
cell (GPtrArray  *rows,
      guint       row,
      const char *column)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);

  for (guint i = 0; i < header->len; i++)
    if (g_str_equal (g_ptr_array_index (header, i), column))
      return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, row), i);

  g_assert_not_reached ();
}

static void
test_format_for_path (void)
{
  g_assert_cmpint (isobar_run_export_format_for_path ("runs.csv"), ==, ISOBAR_RUN_EXPORT_CSV);
  g_assert_cmpint (isobar_run_export_format_for_path ("/tmp/Runs.CSV"), ==, ISOBAR_RUN_EXPORT_CSV);
  g_assert_cmpint (isobar_run_export_format_for_path ("/tmp/a.csv/runs.Csv"), ==, ISOBAR_RUN_EXPORT_CSV);
  g_assert_cmpint (isobar_run_export_format_for_path ("runs.json"), ==, ISOBAR_RUN_EXPORT_JSON);
  g_assert_cmpint (isobar_run_export_format_for_path ("runs"), ==, ISOBAR_RUN_EXPORT_JSON);
  g_assert_cmpint (isobar_run_export_format_for_path ("csv"), ==, ISOBAR_RUN_EXPORT_JSON);
  g_assert_cmpint (isobar_run_export_format_for_path ("runs.csv.json"), ==, ISOBAR_RUN_EXPORT_JSON);
  g_assert_cmpint (isobar_run_export_format_for_path ("runs.csvx"), ==, ISOBAR_RUN_EXPORT_JSON);
}

static void
test_csv (void)
{
  g_autoptr(GPtrArray) records = make_records (3);
  g_autofree char *text = isobar_run_export_to_string ((IsobarRunRecord * const *) records->pdata,
                                                       records->len, ISOBAR_RUN_EXPORT_CSV);
  g_autoptr(GPtrArray) rows = parse_csv (text);
  g_autofree char *header_line = g_strconcat (isobar_run_record_csv_header (), "\r\n", NULL);
  g_autofree char *empty = isobar_run_export_to_string (NULL, 0, ISOBAR_RUN_EXPORT_CSV);

  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, header_line));
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  g_assert_cmpuint (rows->len, ==, 1 + records->len);

  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==,
                      ((GPtrArray *) g_ptr_array_index (rows, 0))->len);
  /* Each row is the record's, in order. */
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *row = isobar_run_record_to_csv_row (g_ptr_array_index (records, i));
      g_autofree char *line = g_strconcat ("\r\n", row, "\r\n", NULL);

      g_assert_nonnull (strstr (text, line));
    }

  /* Quoted cells come back as they were. */
  g_assert_cmpstr (cell (rows, 1, "digest"), ==, "abc, \"def\"\r\nghi");
  g_assert_cmpstr (cell (rows, 2, "digest"), ==, "0123456789abcdef");
  g_assert_cmpstr (cell (rows, 3, "digest"), ==, "");
  g_assert_cmpstr (cell (rows, 1, "fetch_strategy"), ==, "thread-pool");
  g_assert_cmpstr (cell (rows, 2, "compute_strategy"), ==, "gil-threads");
  g_assert_cmpstr (cell (rows, 1, "started"), ==, "2025-03-01T12:30:15.250000Z");
  g_assert_cmpstr (cell (rows, 1, "dropped_frames"), ==, "49");
  g_assert_cmpstr (cell (rows, 2, "dropped_frames"), ==, "");
  g_assert_cmpstr (cell (rows, 1, "input_delay_ms"), ==, "640.000");
  g_assert_cmpstr (cell (rows, 3, "input_delay_ms"), ==, "");
  g_assert_cmpstr (cell (rows, 2, "cpu_ms_helpers"), ==, "");
  g_assert_cmpstr (cell (rows, 3, "lateness_max_ms"), ==, "2437.500");

  /* No records: the header alone. */
  g_assert_cmpstr (empty, ==, header_line);
}

/* The JSON document as records, compared through their own JSON, which
 * holds every figure exactly. */
static void
assert_json_holds (const char *text,
                   GPtrArray  *records)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_true (g_str_has_suffix (text, "\n"));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, records->len);

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(IsobarRunRecord) back =
        isobar_run_record_new_from_json_node (json_array_get_element (array, i), &error);
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      expected = isobar_run_record_to_json (g_ptr_array_index (records, i), FALSE);
      got = isobar_run_record_to_json (back, FALSE);
      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_json (void)
{
  g_autoptr(GPtrArray) records = make_records (3);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *text = isobar_run_export_to_string ((IsobarRunRecord * const *) records->pdata,
                                                       records->len, ISOBAR_RUN_EXPORT_JSON);
  g_autofree char *empty = isobar_run_export_to_string (NULL, 0, ISOBAR_RUN_EXPORT_JSON);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  assert_json_holds (text, records);
  /* Pretty: a member a line. */
  g_assert_cmpuint (g_strv_length (lines), >, 20);
  assert_json_holds (empty, none);
}

static void
export_to (GPtrArray             *records,
           GFile                 *file,
           IsobarRunExportFormat  format,
           GCancellable          *cancellable,
           GError               **error)
{
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  isobar_run_export_async ((IsobarRunRecord * const *) records->pdata, records->len, file, format,
                           cancellable, test_async_store_cb, &pending);
  result = test_async_wait (&pending, WAIT_S);
  isobar_run_export_finish (result, error);
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_write (void)
{
  g_autoptr(GPtrArray) records = make_records (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isobar-export-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "runs.csv", NULL);
  file = g_file_new_for_path (path);
  csv = isobar_run_export_to_string ((IsobarRunRecord * const *) records->pdata, records->len,
                                     ISOBAR_RUN_EXPORT_CSV);
  json = isobar_run_export_to_string ((IsobarRunRecord * const *) records->pdata, records->len,
                                      ISOBAR_RUN_EXPORT_JSON);

  export_to (records, file, ISOBAR_RUN_EXPORT_CSV, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, csv);
  g_clear_pointer (&contents, g_free);

  /* Replaced whole, without a backup file. */
  export_to (records, file, ISOBAR_RUN_EXPORT_JSON, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, json);
  assert_json_holds (contents, records);
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_errors (void)
{
  g_autoptr(GPtrArray) records = make_records (2);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isobar-export-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) cancelled_file = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_no_error (error);

  /* A folder that is not there: GIO's error, naming the file. */
  missing = g_build_filename (dir, "no such folder", NULL);
  path = g_build_filename (missing, "runs.csv", NULL);
  file = g_file_new_for_path (path);
  export_to (records, file, ISOBAR_RUN_EXPORT_CSV, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Cancelled before it started: nothing written, the file named too. */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "runs.json", NULL);
  cancelled_file = g_file_new_for_path (path);
  g_cancellable_cancel (cancellable);
  export_to (records, cancelled_file, ISOBAR_RUN_EXPORT_JSON, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpuint (count_files (dir), ==, 0);

  g_assert_no_errno (g_rmdir (dir));
}

/* A disk that fills up in the middle of an export (a file size limit does
 * the same to a write, and needs no special file system): the error names
 * the file, the old export is still there, whole, and no temporary file is
 * left beside it. */
static void
test_full_disk (void)
{
  g_autoptr(GPtrArray) records = make_records (2);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("isobar-export-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  struct rlimit saved, small;
  void (*saved_handler) (int);

  g_assert_no_error (error);
  path = g_build_filename (dir, "runs.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (g_file_set_contents (path, "the last export", -1, &error));
  json = isobar_run_export_to_string ((IsobarRunRecord * const *) records->pdata, records->len,
                                      ISOBAR_RUN_EXPORT_JSON);
  g_assert_cmpuint (strlen (json), >, 2048);

  g_assert_no_errno (getrlimit (RLIMIT_FSIZE, &saved));
  small = saved;
  small.rlim_cur = 1024;
  /* Past the limit a write fails with EFBIG, and the process is sent
   * SIGXFSZ, which would end it. */
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &small));
  export_to (records, file, ISOBAR_RUN_EXPORT_JSON, NULL, &error);
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &saved));
  signal (SIGXFSZ, saved_handler);

  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "the last export");
  g_assert_cmpuint (count_files (dir), ==, 1);

  /* With room again, the export replaces it whole. */
  export_to (records, file, ISOBAR_RUN_EXPORT_JSON, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, json);
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/run-export/format-for-path", test_format_for_path);
  g_test_add_func ("/run-export/csv", test_csv);
  g_test_add_func ("/run-export/json", test_json);
  g_test_add_func ("/run-export/write", test_write);
  g_test_add_func ("/run-export/errors", test_errors);
  g_test_add_func ("/run-export/full-disk", test_full_disk);

  return g_test_run ();
}
