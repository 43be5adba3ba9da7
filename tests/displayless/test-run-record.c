/* test-run-record.c: run records to and from JSON, and as CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-run-record.h"

/* Numbers chosen to be awkward in decimal. */
static IsobarRunRecord *
make_full_record (void)
{
  IsobarRunRecord *record = isobar_run_record_new ("thread-pool", "gil-threads");
  g_autoptr(GDateTime) started = g_date_time_new_utc (2024, 2, 29, 23, 59, 58.123456);
  IsobarRunSettings settings = { 16, 2, 100, 30, 2000, 250, 0.1 + 0.2 };
  IsobarRunLock lock = {
    .has_lock = TRUE,
    .switches = 321,
    .drop_requests = 4000000000u,
    .forced_drops = 17,
    .main_acquisitions = 99,
    .worker_acquisitions = G_GUINT64_CONSTANT (1) << 33,
    .main_wait_ms = 1234.0625,
    .worker_wait_ms = 1.0 / 7.0,
    .main_max_wait_ms = 98.7,
    .worker_max_wait_ms = 5.000001,
  };
  IsobarRunFigures figures = {
    .wall_ms = 1234.5678901234567,
    .fetch_ms = 0.1,
    .compute_ms = 1.0 / 3.0,
    .lateness = { 4321, 0.123, 2.5e-7, 16.700000000000003, 854.1, 3, 1e-300 },
    .cpu_ms_app = 98765.4321,
    .cpu_ms_helpers = 5e20,
    .peak_rss_kb = G_GUINT64_CONSTANT (123456789012),
    .pipe_bytes = (G_GUINT64_CONSTANT (1) << 40) + 3,
  };
  IsobarRunFrames frames = {
    .has_frames = TRUE,
    .fps = 59.94,
    .n_frames = 4321,
    .slow_frames = 7,
    .frozen_frames = 1,
    .dropped_frames = 123,
    .longest_frame_ms = 812.25,
    .has_input_delay = TRUE,
    .n_input_events = 42,
    .input_delay_ms = 33.333333333333336,
  };
  IsobarTracePoint trace[100];

  for (guint i = 0; i < G_N_ELEMENTS (trace); i++)
    {
      trace[i].t_ms = i * 5.0 + i / 7.0;
      trace[i].lateness_ms = (i % 13 == 0) ? 300.0 + i / 3.0 : 0.001 * (i + 1) / 9.0;
    }

  isobar_run_record_set_started (record, started);
  isobar_run_record_set_settings (record, &settings);
  isobar_run_record_set_figures (record, &figures);
  isobar_run_record_set_frames (record, &frames);
  isobar_run_record_set_lock (record, &lock);
  isobar_run_record_set_preset (record, "python-threads");
  isobar_run_record_set_python (record, "CPython", "3.11.2", "GLib.MainLoop");
  isobar_run_record_set_renderer (record, "cairo");
  isobar_run_record_set_digest (record, "sha256:0f3a…, \"quoted\"\nline");
  isobar_run_record_set_trace (record, trace, G_N_ELEMENTS (trace));

  return record;
}

static void
assert_double_same (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_records_equal (IsobarRunRecord *a,
                      IsobarRunRecord *b)
{
  const IsobarRunSettings *sa = isobar_run_record_get_settings (a);
  const IsobarRunSettings *sb = isobar_run_record_get_settings (b);
  const IsobarRunFigures *fa = isobar_run_record_get_figures (a);
  const IsobarRunFigures *fb = isobar_run_record_get_figures (b);
  const IsobarRunFrames *ra = isobar_run_record_get_frames (a);
  const IsobarRunFrames *rb = isobar_run_record_get_frames (b);
  const IsobarRunLock *la = isobar_run_record_get_lock (a);
  const IsobarRunLock *lb = isobar_run_record_get_lock (b);
  const IsobarTracePoint *ta, *tb;
  guint na, nb;

  g_assert_cmpstr (isobar_run_record_get_preset (a), ==, isobar_run_record_get_preset (b));
  g_assert_cmpstr (isobar_run_record_get_renderer (a), ==, isobar_run_record_get_renderer (b));
  g_assert_cmpstr (isobar_run_record_get_python_implementation (a), ==,
                   isobar_run_record_get_python_implementation (b));
  g_assert_cmpstr (isobar_run_record_get_python_version (a), ==, isobar_run_record_get_python_version (b));
  g_assert_cmpstr (isobar_run_record_get_python_loop (a), ==, isobar_run_record_get_python_loop (b));
  assert_double_same (sa->switch_interval_ms, sb->switch_interval_ms);
  g_assert_cmpint (la->has_lock, ==, lb->has_lock);
  if (la->has_lock)
    {
      g_assert_cmpuint (la->switches, ==, lb->switches);
      g_assert_cmpuint (la->drop_requests, ==, lb->drop_requests);
      g_assert_cmpuint (la->forced_drops, ==, lb->forced_drops);
      g_assert_cmpuint (la->main_acquisitions, ==, lb->main_acquisitions);
      g_assert_cmpuint (la->worker_acquisitions, ==, lb->worker_acquisitions);
      assert_double_same (la->main_wait_ms, lb->main_wait_ms);
      assert_double_same (la->worker_wait_ms, lb->worker_wait_ms);
      assert_double_same (la->main_max_wait_ms, lb->main_max_wait_ms);
      assert_double_same (la->worker_max_wait_ms, lb->worker_max_wait_ms);
    }

  g_assert_cmpstr (isobar_run_record_get_fetch_strategy (a), ==, isobar_run_record_get_fetch_strategy (b));
  g_assert_cmpstr (isobar_run_record_get_compute_strategy (a), ==, isobar_run_record_get_compute_strategy (b));
  g_assert_cmpstr (isobar_run_record_get_digest (a), ==, isobar_run_record_get_digest (b));
  g_assert_true (g_date_time_equal (isobar_run_record_get_started (a), isobar_run_record_get_started (b)));

  g_assert_cmpuint (sa->concurrency, ==, sb->concurrency);
  g_assert_cmpuint (sa->workers, ==, sb->workers);
  g_assert_cmpuint (sa->locations, ==, sb->locations);
  g_assert_cmpuint (sa->years, ==, sb->years);
  g_assert_cmpuint (sa->resamples, ==, sb->resamples);
  g_assert_cmpuint (sa->latency_ms, ==, sb->latency_ms);

  assert_double_same (fa->wall_ms, fb->wall_ms);
  assert_double_same (fa->fetch_ms, fb->fetch_ms);
  assert_double_same (fa->compute_ms, fb->compute_ms);
  g_assert_cmpuint (fa->lateness.n_samples, ==, fb->lateness.n_samples);
  assert_double_same (fa->lateness.p50, fb->lateness.p50);
  assert_double_same (fa->lateness.p95, fb->lateness.p95);
  assert_double_same (fa->lateness.p99, fb->lateness.p99);
  assert_double_same (fa->lateness.max, fb->lateness.max);
  g_assert_cmpuint (fa->lateness.long_tasks, ==, fb->lateness.long_tasks);
  assert_double_same (fa->lateness.blocked_ms, fb->lateness.blocked_ms);
  assert_double_same (fa->cpu_ms_app, fb->cpu_ms_app);
  assert_double_same (fa->cpu_ms_helpers, fb->cpu_ms_helpers);
  g_assert_cmpuint (fa->peak_rss_kb, ==, fb->peak_rss_kb);
  g_assert_cmpuint (fa->pipe_bytes, ==, fb->pipe_bytes);

  g_assert_cmpint (ra->has_frames, ==, rb->has_frames);
  if (ra->has_frames)
    {
      assert_double_same (ra->fps, rb->fps);
      g_assert_cmpuint (ra->n_frames, ==, rb->n_frames);
      g_assert_cmpuint (ra->slow_frames, ==, rb->slow_frames);
      g_assert_cmpuint (ra->frozen_frames, ==, rb->frozen_frames);
      g_assert_cmpuint (ra->dropped_frames, ==, rb->dropped_frames);
      assert_double_same (ra->longest_frame_ms, rb->longest_frame_ms);
    }
  g_assert_cmpint (ra->has_input_delay, ==, rb->has_input_delay);
  if (ra->has_input_delay)
    {
      g_assert_cmpuint (ra->n_input_events, ==, rb->n_input_events);
      assert_double_same (ra->input_delay_ms, rb->input_delay_ms);
    }

  ta = isobar_run_record_get_trace (a, &na);
  tb = isobar_run_record_get_trace (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      assert_double_same (ta[i].t_ms, tb[i].t_ms);
      assert_double_same (ta[i].lateness_ms, tb[i].lateness_ms);
    }
}

static IsobarRunRecord *
round_trip (IsobarRunRecord *record,
            gboolean         pretty)
{
  g_autofree char *json = isobar_run_record_to_json (record, pretty);
  g_autoptr(GError) error = NULL;
  IsobarRunRecord *back = isobar_run_record_new_from_json (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (back);

  return back;
}

static void
test_json_round_trip (void)
{
  g_autoptr(IsobarRunRecord) record = make_full_record ();
  g_autoptr(IsobarRunRecord) back = round_trip (record, FALSE);
  g_autoptr(IsobarRunRecord) back_pretty = round_trip (record, TRUE);
  g_autofree char *json = isobar_run_record_to_json (record, FALSE);
  g_autofree char *json_again = isobar_run_record_to_json (back, FALSE);
  g_autofree char *pretty = isobar_run_record_to_json (record, TRUE);

  assert_records_equal (record, back);
  assert_records_equal (record, back_pretty);
  /* Stable: the same record gives the same text. */
  g_assert_cmpstr (json, ==, json_again);

  g_assert_nonnull (strstr (json, "\"schema\":\"isobar-run-record\""));
  g_assert_nonnull (strstr (json, "\"version\":1"));
  g_assert_nonnull (strstr (json, "\"started\":\"2024-02-29T23:59:58.123456Z\""));
  g_assert_nonnull (strstr (json, "\"fetch\":\"thread-pool\""));
  g_assert_nonnull (strstr (json, "\"cpu_ms_helpers\":5e+20"));
  g_assert_nonnull (strstr (json, "\"fetch_ms\":0.1,"));  /* shortest form */
  g_assert_nonnull (strstr (json, "\"n_frames\":4321"));
  g_assert_nonnull (strstr (json, "\"dropped_frames\":123"));
  g_assert_nonnull (strstr (json, "\"input_events\":42"));
  g_test_message ("%s", pretty);
}

static void
test_json_optional_and_nan (void)
{
  g_autoptr(IsobarRunRecord) record = isobar_run_record_new ("async", "process-pool");
  g_autoptr(IsobarRunRecord) back = NULL;
  g_autofree char *json = NULL;
  IsobarRunFigures figures = { 0 };

  figures.wall_ms = NAN;
  figures.compute_ms = INFINITY;
  isobar_run_record_set_figures (record, &figures);

  json = isobar_run_record_to_json (record, FALSE);
  g_assert_nonnull (strstr (json, "\"frames\":null"));
  g_assert_nonnull (strstr (json, "\"input_delay_ms\":null"));
  g_assert_nonnull (strstr (json, "\"input_events\":null"));
  g_assert_nonnull (strstr (json, "\"digest\":null"));
  g_assert_nonnull (strstr (json, "\"wall_ms\":null"));
  g_assert_nonnull (strstr (json, "\"trace\":[]"));

  back = round_trip (record, FALSE);
  g_assert_false (isobar_run_record_get_frames (back)->has_frames);
  g_assert_false (isobar_run_record_get_frames (back)->has_input_delay);
  g_assert_null (isobar_run_record_get_digest (back));
  g_assert_true (isnan (isobar_run_record_get_figures (back)->wall_ms));
  g_assert_true (isnan (isobar_run_record_get_figures (back)->compute_ms));  /* not finite: null */
  g_assert_cmpfloat (isobar_run_record_get_figures (back)->fetch_ms, ==, 0.0);
}

static void
test_trace_from_samples (void)
{
  g_autoptr(IsobarRunRecord) record = isobar_run_record_new ("worker", "ui-thread");
  const IsobarLatencySample samples[] = { { 1005000, 250 }, { 1010250, 300000 } };
  const IsobarTracePoint *points;
  guint n;

  isobar_run_record_set_trace_from_samples (record, samples, G_N_ELEMENTS (samples), 1000000);
  points = isobar_run_record_get_trace (record, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (points[0].t_ms, ==, 5.0);
  g_assert_cmpfloat (points[0].lateness_ms, ==, 0.25);
  g_assert_cmpfloat (points[1].t_ms, ==, 10.25);
  g_assert_cmpfloat (points[1].lateness_ms, ==, 300.0);
}

static void
test_records_array (void)
{
  g_autoptr(IsobarRunRecord) a = make_full_record ();
  g_autoptr(IsobarRunRecord) b = isobar_run_record_new ("async", "process-per-job");
  IsobarRunRecord *records[] = { a, b };
  g_autofree char *json = isobar_run_records_to_json (records, 2, TRUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(IsobarRunRecord) back =
        isobar_run_record_new_from_json_node (json_array_get_element (array, i), &error);

      g_assert_no_error (error);
      assert_records_equal (records[i], back);
    }
}

/* Splits one RFC 4180 line; quotes and doubled quotes are undone. */
static GPtrArray *
split_csv (const char *line)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; ; p++)
    {
      if (quoted)
        {
          g_assert_true (*p != '\0');
          if (*p == '"' && p[1] == '"')
            g_string_append_c (cell, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (cell, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',' || *p == '\0')
        {
          g_ptr_array_add (cells, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (cell, *p);
    }
  g_string_free (cell, TRUE);

  return cells;
}

static const char *
cell_named (GPtrArray  *header,
            GPtrArray  *row,
            const char *name)
{
  for (guint i = 0; i < header->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (header, i), name))
        return g_ptr_array_index (row, i);
    }

  g_assert_not_reached ();
}

static void
test_csv (void)
{
  g_autoptr(IsobarRunRecord) record = make_full_record ();
  g_autoptr(IsobarRunRecord) bare = isobar_run_record_new ("worker", "ui-thread");
  g_autofree char *line = isobar_run_record_to_csv_row (record);
  g_autofree char *bare_line = isobar_run_record_to_csv_row (bare);
  g_autoptr(GPtrArray) header = split_csv (isobar_run_record_csv_header ());
  g_autoptr(GPtrArray) row = split_csv (line);
  g_autoptr(GPtrArray) bare_row = split_csv (bare_line);

  g_test_message ("%s", isobar_run_record_csv_header ());
  g_test_message ("%s", line);

  g_assert_cmpuint (header->len, >=, 25);
  g_assert_cmpuint (row->len, ==, header->len);
  g_assert_cmpuint (bare_row->len, ==, header->len);
  g_assert_null (strchr (isobar_run_record_csv_header (), '\n'));

  g_assert_cmpstr (cell_named (header, row, "started"), ==, "2024-02-29T23:59:58.123456Z");
  g_assert_cmpstr (cell_named (header, row, "fetch_strategy"), ==, "thread-pool");
  g_assert_cmpstr (cell_named (header, row, "compute_strategy"), ==, "gil-threads");
  g_assert_cmpstr (cell_named (header, row, "concurrency"), ==, "16");
  g_assert_cmpstr (cell_named (header, row, "latency_ms"), ==, "250");
  g_assert_cmpstr (cell_named (header, row, "wall_ms"), ==, "1234.568");
  g_assert_cmpstr (cell_named (header, row, "lateness_max_ms"), ==, "854.100");
  g_assert_cmpstr (cell_named (header, row, "long_tasks"), ==, "3");
  g_assert_cmpstr (cell_named (header, row, "peak_rss_kb"), ==, "123456789012");
  g_assert_cmpstr (cell_named (header, row, "pipe_bytes"), ==, "1099511627779");
  g_assert_cmpstr (cell_named (header, row, "fps"), ==, "59.940");
  g_assert_cmpstr (cell_named (header, row, "n_frames"), ==, "4321");
  g_assert_cmpstr (cell_named (header, row, "slow_frames"), ==, "7");
  g_assert_cmpstr (cell_named (header, row, "frozen_frames"), ==, "1");
  g_assert_cmpstr (cell_named (header, row, "dropped_frames"), ==, "123");
  g_assert_cmpstr (cell_named (header, row, "longest_frame_ms"), ==, "812.250");
  g_assert_cmpstr (cell_named (header, row, "input_events"), ==, "42");
  g_assert_cmpstr (cell_named (header, row, "input_delay_ms"), ==, "33.333");
  g_assert_cmpstr (cell_named (header, row, "digest"), ==, "sha256:0f3a…, \"quoted\"\nline");

  /* Absent optional figures are empty cells. */
  g_assert_cmpstr (cell_named (header, bare_row, "fps"), ==, "");
  g_assert_cmpstr (cell_named (header, bare_row, "input_delay_ms"), ==, "");
  g_assert_cmpstr (cell_named (header, bare_row, "n_frames"), ==, "");
  g_assert_cmpstr (cell_named (header, bare_row, "dropped_frames"), ==, "");
  g_assert_cmpstr (cell_named (header, bare_row, "input_events"), ==, "");
  g_assert_cmpstr (cell_named (header, bare_row, "digest"), ==, "");
  g_assert_cmpstr (cell_named (header, bare_row, "wall_ms"), ==, "0.000");
}

static void
assert_bad_json (const char *json,
                 gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarRunRecord) record = isobar_run_record_new_from_json (json, -1, &error);

  g_assert_null (record);
  g_assert_error (error, ISOBAR_ERROR, code);
  g_test_message ("%.60s… → %s", json, error->message);
}

/* The full record's JSON with one member's text replaced. */
static char *
mutate (const char *from,
        const char *to)
{
  g_autoptr(IsobarRunRecord) record = make_full_record ();
  g_autofree char *json = isobar_run_record_to_json (record, FALSE);
  g_autoptr(GString) text = g_string_new (json);

  g_assert_nonnull (strstr (json, from));
  g_string_replace (text, from, to, 1);

  return g_strdup (text->str);
}

static void
test_bad_json (void)
{
  const struct { const char *from, *to; } mutations[] = {
    { "\"schema\":\"isobar-run-record\"", "\"schema\":\"something-else\"" },
    { "\"version\":1", "\"version\":99" },
    { "\"version\":1", "\"version\":\"1\"" },
    { "\"started\":\"2024-02-29T23:59:58.123456Z\"", "\"started\":\"yesterday\"" },
    { "\"fetch\":\"thread-pool\"", "\"fetch\":7" },
    { "\"wall_ms\":", "\"wall_time\":" },
    { "\"fetch_ms\":0.1", "\"fetch_ms\":\"fast\"" },
    { "\"concurrency\":16", "\"concurrency\":-16" },
    { "\"workers\":2", "\"workers\":2.5" },
    { "\"workers\":2", "\"workers\":99999999999" },
    { "\"settings\":{", "\"settings\":[{" },
    { "\"frames\":{", "\"frames\":[{" },
    { "\"trace\":[[", "\"trace\":[[1],[" },
    { "\"trace\":[", "\"trace\":{\"a\":[" },
    { "\"digest\":\"", "\"digest\":[\"" },
    { "\"n_frames\":4321", "\"n_frames\":\"many\"" },
    { "\"dropped_frames\":123", "\"dropped_frames\":-123" },
    { "\"input_events\":42", "\"input_events\":4.2" },
  };

  assert_bad_json ("", ISOBAR_ERROR_MALFORMED);
  assert_bad_json ("{", ISOBAR_ERROR_MALFORMED);
  assert_bad_json ("{\"schema\": \"isobar-run-record\",}", ISOBAR_ERROR_MALFORMED);
  assert_bad_json ("not json", ISOBAR_ERROR_MALFORMED);
  assert_bad_json ("[]", ISOBAR_ERROR_INVALID_DATA);
  assert_bad_json ("42", ISOBAR_ERROR_INVALID_DATA);
  assert_bad_json ("{}", ISOBAR_ERROR_INVALID_DATA);
  assert_bad_json ("{\"schema\": \"isobar-run-record\", \"version\": 1}", ISOBAR_ERROR_INVALID_DATA);

  for (gsize i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autofree char *json = mutate (mutations[i].from, mutations[i].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(IsobarRunRecord) record = isobar_run_record_new_from_json (json, -1, &error);

      g_test_message ("%s → %s: %s", mutations[i].from, mutations[i].to,
                      error != NULL ? error->message : "(accepted)");
      g_assert_null (record);
      g_assert_true (g_error_matches (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA) ||
                     g_error_matches (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED));
    }
}

/* A record written before n_frames, dropped_frames and input_events
 * existed still loads, with those at 0 and everything else kept. */
static void
test_json_older_file (void)
{
  g_autoptr(IsobarRunRecord) record = make_full_record ();
  g_autofree char *json = isobar_run_record_to_json (record, FALSE);
  g_autoptr(GString) older = g_string_new (json);
  g_autoptr(IsobarRunRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  IsobarRunFrames frames = *isobar_run_record_get_frames (record);

  g_assert_cmpuint (g_string_replace (older, ",\"n_frames\":4321,\"dropped_frames\":123}", "}", 0), ==, 1);
  g_assert_cmpuint (g_string_replace (older, ",\"input_events\":42", "", 0), ==, 1);
  g_assert_null (strstr (older->str, "\"n_frames\""));

  back = isobar_run_record_new_from_json (older->str, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (isobar_run_record_get_frames (back)->n_frames, ==, 0);
  g_assert_cmpuint (isobar_run_record_get_frames (back)->dropped_frames, ==, 0);
  g_assert_cmpuint (isobar_run_record_get_frames (back)->n_input_events, ==, 0);

  frames.n_frames = 0;
  frames.dropped_frames = 0;
  frames.n_input_events = 0;
  isobar_run_record_set_frames (record, &frames);
  assert_records_equal (record, back);
}

/* The columns, in an order that only ever grows. */
/* A record written before "preset", "python", the interpreter lock and the
 * switch interval were added still loads: a custom run, none of them. */
static void
test_json_without_preset (void)
{
  g_autoptr(IsobarRunRecord) record = make_full_record ();
  g_autoptr(JsonNode) node = isobar_run_record_to_json_node (record);
  JsonObject *root = json_node_get_object (node);
  g_autofree char *older = NULL;
  g_autoptr(IsobarRunRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  IsobarRunSettings settings = *isobar_run_record_get_settings (record);
  IsobarRunLock no_lock = { 0 };

  g_assert_true (json_object_has_member (root, "preset"));
  g_assert_true (json_object_has_member (root, "python"));
  g_assert_true (json_object_has_member (root, "interpreter_lock"));
  json_object_remove_member (root, "preset");
  json_object_remove_member (root, "python");
  json_object_remove_member (root, "interpreter_lock");
  json_object_remove_member (root, "renderer");
  json_object_remove_member (json_object_get_object_member (root, "settings"), "switch_interval_ms");
  older = isobar_json_node_to_string (node, FALSE);
  g_assert_null (strstr (older, "switch_interval"));

  back = isobar_run_record_new_from_json (older, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (isobar_run_record_get_preset (back), ==, "custom");
  g_assert_null (isobar_run_record_get_python_version (back));
  g_assert_false (isobar_run_record_get_lock (back)->has_lock);
  g_assert_null (isobar_run_record_get_renderer (back));
  g_assert_cmpfloat (isobar_run_record_get_settings (back)->switch_interval_ms, ==, 0.0);

  isobar_run_record_set_preset (record, NULL);
  isobar_run_record_set_python (record, NULL, NULL, NULL);
  isobar_run_record_set_renderer (record, NULL);
  isobar_run_record_set_lock (record, &no_lock);
  settings.switch_interval_ms = 0.0;
  isobar_run_record_set_settings (record, &settings);
  assert_records_equal (record, back);

  /* And a record without the lock writes it as null, read back as absent. */
  g_clear_pointer (&older, g_free);
  older = isobar_run_record_to_json (record, FALSE);
  g_assert_nonnull (strstr (older, "\"interpreter_lock\":null"));
  g_assert_nonnull (strstr (older, "\"preset\":\"custom\""));
  g_clear_object (&back);
  back = isobar_run_record_new_from_json (older, -1, &error);
  g_assert_no_error (error);
  assert_records_equal (record, back);
}

static void
test_csv_header (void)
{
  g_assert_cmpstr (isobar_run_record_csv_header (), ==,
                   "started,fetch_strategy,compute_strategy,"
                   "concurrency,workers,locations,years,resamples,latency_ms,switch_interval_ms,"
                   "wall_ms,fetch_ms,compute_ms,cpu_ms_app,cpu_ms_helpers,peak_rss_kb,pipe_bytes,helpers_restarted,jobs_retried,"
                   "lateness_samples,lateness_p50_ms,lateness_p95_ms,lateness_p99_ms,lateness_max_ms,"
                   "long_tasks,blocked_ms,"
                   "fps,slow_frames,frozen_frames,longest_frame_ms,n_frames,dropped_frames,"
                   "input_delay_ms,input_events,"
                   "lock_switches,lock_drop_requests,lock_forced_drops,"
                   "lock_main_acquisitions,lock_worker_acquisitions,"
                   "lock_main_wait_ms,lock_worker_wait_ms,lock_main_max_wait_ms,lock_worker_max_wait_ms,"
                   "digest,preset,python_version,renderer");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/run-record/json/round-trip", test_json_round_trip);
  g_test_add_func ("/run-record/json/optional-and-nan", test_json_optional_and_nan);
  g_test_add_func ("/run-record/json/array", test_records_array);
  g_test_add_func ("/run-record/json/bad", test_bad_json);
  g_test_add_func ("/run-record/json/older-file", test_json_older_file);
  g_test_add_func ("/run-record/json/without-preset", test_json_without_preset);
  g_test_add_func ("/run-record/trace-from-samples", test_trace_from_samples);
  g_test_add_func ("/run-record/csv", test_csv);
  g_test_add_func ("/run-record/csv/header", test_csv_header);

  return g_test_run ();
}
