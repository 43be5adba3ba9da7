/* test-run-timeline.c: a run's timeline, written in Chrome's trace-event
 * format and read back: the collector and the writer on their own, then
 * real runs against isobar-sim and isobar-helper, whose traces must agree
 * with their run records (jobs, lateness, stalls, the interpreter lock).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/syscall.h>

#include "isobar-core.h"
#include "test-util.h"

#define TIMEOUT 120
#define STALL_MS 80

/* ---------------------------------------------------- reading a trace */

typedef struct
{
  JsonParser *parser;
  JsonArray  *events;
  JsonObject *other;
  GHashTable *thread_names;   /* "pid/tid" → name */
  GHashTable *process_names;  /* pid → name */
} Trace;

static void
trace_free (Trace *trace)
{
  g_clear_object (&trace->parser);
  g_clear_pointer (&trace->thread_names, g_hash_table_unref);
  g_clear_pointer (&trace->process_names, g_hash_table_unref);
  g_free (trace);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Trace, trace_free)

static char *
thread_key (JsonObject *event)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          json_object_get_int_member (event, "pid"),
                          json_object_get_int_member_with_default (event, "tid", 0));
}

/* Parses @text and indexes its names; fails the test on anything that is
 * not the object form of the format. */
static Trace *
trace_load (const char *text)
{
  Trace *trace = g_new0 (Trace, 1);
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  trace->parser = json_parser_new ();
  json_parser_load_from_data (trace->parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (trace->parser));
  g_assert_nonnull (root);
  trace->events = json_object_get_array_member (root, "traceEvents");
  g_assert_nonnull (trace->events);
  trace->other = json_object_get_object_member (root, "otherData");
  g_assert_nonnull (trace->other);
  g_assert_cmpstr (json_object_get_string_member (root, "displayTimeUnit"), ==, "ms");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (trace->other, "generator"), "Isobar "));

  trace->thread_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  trace->process_names = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < json_array_get_length (trace->events); i++)
    {
      JsonObject *event = json_array_get_object_element (trace->events, i);
      const char *phase = json_object_get_string_member (event, "ph");
      const char *name = json_object_get_string_member (event, "name");

      g_assert_nonnull (phase);
      g_assert_nonnull (name);
      g_assert_true (json_object_has_member (event, "pid"));
      if (!g_str_equal (phase, "M"))
        continue;
      if (g_str_equal (name, "thread_name"))
        g_hash_table_insert (trace->thread_names, thread_key (event),
                             (gpointer) json_object_get_string_member (json_object_get_object_member (event, "args"),
                                                                       "name"));
      else if (g_str_equal (name, "process_name"))
        g_hash_table_insert (trace->process_names, GINT_TO_POINTER (json_object_get_int_member (event, "pid")),
                             (gpointer) json_object_get_string_member (json_object_get_object_member (event, "args"),
                                                                       "name"));
    }

  return trace;
}

static const char *
trace_thread_name (Trace      *trace,
                   JsonObject *event)
{
  g_autofree char *key = thread_key (event);

  return g_hash_table_lookup (trace->thread_names, key);
}

static const char *
trace_process_name (Trace      *trace,
                    JsonObject *event)
{
  return g_hash_table_lookup (trace->process_names, GINT_TO_POINTER (json_object_get_int_member (event, "pid")));
}

/* The events of phase @phase (and category @category unless NULL), in
 * file order. (element-type JsonObject) */
static GPtrArray *
trace_events (Trace      *trace,
              const char *phase,
              const char *category)
{
  GPtrArray *events = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (trace->events); i++)
    {
      JsonObject *event = json_array_get_object_element (trace->events, i);

      if (g_str_equal (json_object_get_string_member (event, "ph"), phase) &&
          (category == NULL || g_strcmp0 (json_object_get_string_member_with_default (event, "cat", NULL),
                                          category) == 0))
        g_ptr_array_add (events, event);
    }

  return events;
}

static gint64
ts_of (JsonObject *event)
{
  return json_object_get_int_member (event, "ts");
}

static gint64
end_of (JsonObject *event)
{
  return ts_of (event) + json_object_get_int_member (event, "dur");
}

static int
compare_by_start (gconstpointer a,
                  gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a;
  JsonObject *y = *(JsonObject **) b;

  if (ts_of (x) != ts_of (y))
    return ts_of (x) < ts_of (y) ? -1 : 1;
  /* The longer first: the parent. */
  return end_of (x) > end_of (y) ? -1 : end_of (x) < end_of (y);
}

/* What Perfetto needs: every slice on a named thread, at ts ≥ 0 with a
 * dur ≥ 0, and the slices of one thread nested, never crossing. */
static void
assert_well_formed (Trace *trace)
{
  g_autoptr(GPtrArray) slices = trace_events (trace, "X", NULL);
  g_autoptr(GHashTable) by_thread = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < slices->len; i++)
    {
      JsonObject *slice = g_ptr_array_index (slices, i);
      g_autofree char *key = thread_key (slice);
      GPtrArray *list;

      g_assert_nonnull (trace_thread_name (trace, slice));
      g_assert_cmpint (ts_of (slice), >=, 0);
      g_assert_cmpint (json_object_get_int_member (slice, "dur"), >=, 0);
      list = g_hash_table_lookup (by_thread, key);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_thread, g_steal_pointer (&key), list);
        }
      g_ptr_array_add (list, slice);
    }

  g_hash_table_iter_init (&iter, by_thread);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *list = value;
      g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (gint64));

      g_ptr_array_sort (list, compare_by_start);
      for (guint i = 0; i < list->len; i++)
        {
          JsonObject *slice = g_ptr_array_index (list, i);
          gint64 end = end_of (slice);

          while (open->len > 0 && g_array_index (open, gint64, open->len - 1) <= ts_of (slice))
            g_array_set_size (open, open->len - 1);
          if (open->len > 0 && end > g_array_index (open, gint64, open->len - 1))
            g_error ("“%s” at %" G_GINT64_FORMAT " µs crosses a slice of “%s”",
                     json_object_get_string_member (slice, "name"), ts_of (slice),
                     trace_thread_name (trace, slice));
          g_array_append_val (open, end);
        }
    }
}

/* Whether @event is on the UI thread's track or one of its lanes. */
static gboolean
on_ui_thread (Trace      *trace,
              JsonObject *event)
{
  const char *name = trace_thread_name (trace, event);

  return json_object_get_int_member (event, "pid") == getpid () &&
         (g_strcmp0 (name, "UI thread") == 0 || g_str_has_prefix (name, "UI thread ("));
}

static const char *
string_arg (JsonObject *event,
            const char *name)
{
  JsonObject *args = json_object_get_object_member (event, "args");

  return args != NULL ? json_object_get_string_member_with_default (args, name, NULL) : NULL;
}

/* ------------------------------------------------- the pieces alone */

static gpointer
name_other_thread (gpointer data)
{
  return GUINT_TO_POINTER (isobar_run_timeline_thread_track (data, "Other thread"));
}

static void
test_tracks (void)
{
  g_autoptr(IsobarRunTimeline) timeline = isobar_run_timeline_new (g_get_monotonic_time ());
  g_autoptr(GArray) tracks = NULL;
  const IsobarRunTimelineTrack *ui, *other;
  guint other_track;

  g_assert_cmpuint (isobar_run_timeline_thread_track (timeline, NULL), ==, ISOBAR_RUN_TIMELINE_UI_TRACK);
  other_track = GPOINTER_TO_UINT (g_thread_join (g_thread_new ("other", name_other_thread, timeline)));
  g_assert_cmpuint (other_track, ==, 1);
  g_assert_cmpuint (isobar_run_timeline_virtual_track (timeline, "Interpreter lock"), ==, 2);
  g_assert_cmpuint (isobar_run_timeline_virtual_track (timeline, "Interpreter lock"), ==, 2);
  g_assert_cmpuint (isobar_run_timeline_process_track (timeline, 4242, "isobar-helper"), ==, 3);
  g_assert_cmpuint (isobar_run_timeline_process_track (timeline, 4242, "isobar-helper"), ==, 3);

  tracks = isobar_run_timeline_dup_tracks (timeline);
  g_assert_cmpuint (tracks->len, ==, 4);
  ui = &g_array_index (tracks, IsobarRunTimelineTrack, 0);
  other = &g_array_index (tracks, IsobarRunTimelineTrack, 1);
  g_assert_cmpstr (ui->name, ==, "UI thread");
  g_assert_cmpint (ui->pid, ==, getpid ());
  g_assert_cmpint (ui->tid, ==, (gint64) syscall (SYS_gettid));
  g_assert_cmpstr (other->name, ==, "Other thread");
  g_assert_cmpint (other->tid, !=, ui->tid);
  g_assert_cmpint (g_array_index (tracks, IsobarRunTimelineTrack, 2).tid, ==, 0);
  g_assert_cmpstr (g_array_index (tracks, IsobarRunTimelineTrack, 3).name, ==, "isobar-helper 4242");
  g_assert_cmpint (g_array_index (tracks, IsobarRunTimelineTrack, 3).tid, ==, 4242);
  g_assert_cmpstr (isobar_run_timeline_get_process_name (timeline, 4242), ==, "isobar-helper");
  g_assert_null (isobar_run_timeline_get_process_name (timeline, 4243));

  /* One copy of each string. */
  g_assert_true (isobar_run_timeline_intern (timeline, "bootstrap 1/4") ==
                 isobar_run_timeline_intern (timeline, "bootstrap 1/4"));
  g_assert_true (isobar_run_timeline_get_track_name (timeline, 1) ==
                 isobar_run_timeline_intern (timeline, "Other thread"));
}

static IsobarRunRecord *
record_with (IsobarRunTimeline *timeline,
             double             wall_ms)
{
  IsobarRunRecord *record = isobar_run_record_new ("thread-pool", "gil-threads");
  IsobarRunFigures figures = { 0 };

  figures.wall_ms = wall_ms;
  isobar_run_record_set_figures (record, &figures);
  isobar_run_record_set_preset (record, "python-threads");
  isobar_run_record_set_timeline (record, timeline);
  return record;
}

/* Slices that cross go to lanes of their own; two runs follow each other;
 * counters, args and names come through. */
static void
test_writer (void)
{
  gint64 origin = 1000000;
  g_autoptr(IsobarRunTimeline) first = isobar_run_timeline_new (origin);
  g_autoptr(IsobarRunTimeline) second = isobar_run_timeline_new (origin + 2000000);
  g_autoptr(IsobarRunRecord) python = record_with (first, 0.2);
  g_autoptr(IsobarRunRecord) none = isobar_run_record_new ("none", "serial");
  g_autoptr(IsobarRunRecord) later = record_with (second, 0.005);
  IsobarRunRecord *records[] = { python, none, later };
  g_autofree char *text = NULL;
  g_autoptr(Trace) trace = NULL;
  g_autoptr(GPtrArray) slices = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  guint helper = isobar_run_timeline_process_track (first, 4242, "isobar-helper");

  isobar_run_timeline_add_slice (first, ISOBAR_RUN_TIMELINE_UI_TRACK, "job", "A", origin, origin + 100, NULL, NULL);
  isobar_run_timeline_add_slice (first, ISOBAR_RUN_TIMELINE_UI_TRACK, "job", "C", origin + 10, origin + 20,
                                 "place", "Berlin");
  isobar_run_timeline_add_slice (first, ISOBAR_RUN_TIMELINE_UI_TRACK, "lateness", "B", origin + 50, origin + 150,
                                 NULL, NULL);
  isobar_run_timeline_add_slice (first, helper, "job", "D", origin + 30, origin + 60, NULL, NULL);
  isobar_run_timeline_add_count (first, "Main-loop lateness", "ms", origin + 5, 1.5);
  isobar_run_timeline_add_slice (second, ISOBAR_RUN_TIMELINE_UI_TRACK, "job", "E", origin + 2000000,
                                 origin + 2000005, NULL, NULL);

  text = isobar_trace_events_to_json (records, G_N_ELEMENTS (records));
  trace = trace_load (text);
  assert_well_formed (trace);

  g_assert_true (strstr (json_object_get_string_member (trace->other, "run 1"), "python-threads") != NULL);
  g_assert_true (strstr (json_object_get_string_member (trace->other, "run 2"), "gil-threads") != NULL);
  g_assert_false (json_object_has_member (trace->other, "run 3"));

  slices = trace_events (trace, "X", NULL);
  /* A, B, C, D, E, and the two runs */
  g_assert_cmpuint (slices->len, ==, 7);
  for (guint i = 0; i < slices->len; i++)
    {
      JsonObject *slice = g_ptr_array_index (slices, i);
      const char *name = json_object_get_string_member (slice, "name");
      const char *thread = trace_thread_name (trace, slice);

      if (g_str_equal (name, "A"))
        {
          g_assert_cmpstr (thread, ==, "UI thread");
          g_assert_cmpint (ts_of (slice), ==, 0);
          g_assert_cmpint (end_of (slice), ==, 100);
        }
      else if (g_str_equal (name, "C"))
        {
          g_assert_cmpstr (thread, ==, "UI thread");
          g_assert_cmpstr (string_arg (slice, "place"), ==, "Berlin");
        }
      else if (g_str_equal (name, "B"))
        {
          /* It would cross A. */
          g_assert_cmpstr (thread, ==, "UI thread (2)");
          g_assert_cmpstr (json_object_get_string_member (slice, "cat"), ==, "lateness");
          g_assert_cmpint (ts_of (slice), ==, 50);
        }
      else if (g_str_equal (name, "D"))
        {
          g_assert_cmpint (json_object_get_int_member (slice, "pid"), ==, 4242);
          g_assert_cmpstr (thread, ==, "isobar-helper 4242");
          g_assert_cmpstr (trace_process_name (trace, slice), ==, "isobar-helper");
        }
      else if (g_str_equal (name, "E"))
        {
          /* The second run, as far after the first as it was. */
          g_assert_cmpstr (thread, ==, "UI thread");
          g_assert_cmpint (ts_of (slice), ==, 2000000);
        }
      else if (g_str_equal (name, "Run 1 · python-threads"))
        {
          g_assert_cmpstr (thread, ==, "Runs");
          g_assert_cmpint (ts_of (slice), ==, 0);
          g_assert_cmpint (end_of (slice), ==, 200);
          g_assert_cmpstr (string_arg (slice, "compute"), ==, "gil-threads");
        }
      else
        {
          g_assert_cmpstr (name, ==, "Run 2 · python-threads");
          g_assert_cmpstr (thread, ==, "Runs");
          g_assert_cmpint (ts_of (slice), ==, 2000000);
        }
    }

  counts = trace_events (trace, "C", NULL);
  g_assert_cmpuint (counts->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (counts, 0), "name"), ==, "Main-loop lateness");
  g_assert_cmpint (ts_of (g_ptr_array_index (counts, 0)), ==, 5);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (g_ptr_array_index (counts, 0),
                                                                                   "args"), "ms"), ==, 1.5);
}

/* No timeline, no events: still a document the tools open. */
static void
test_writer_empty (void)
{
  g_autoptr(IsobarRunRecord) record = isobar_run_record_new ("none", "serial");
  g_autofree char *text = isobar_trace_events_to_json (&record, 1);
  g_autoptr(Trace) trace = trace_load (text);

  g_assert_cmpuint (json_array_get_length (trace->events), ==, 0);
}

/* ------------------------------------------------------- real runs */

typedef struct
{
  guint    jobs_total;
  gboolean stalled;
} Seen;

/* Once the jobs are under way, blocks the main loop for a long task. */
static void
on_progress (IsobarPipeline *pipeline,
             guint           places_fetched,
             guint           jobs_done,
             guint           jobs_total,
             Seen           *seen)
{
  seen->jobs_total = jobs_total;
  if (jobs_total > 0 && !seen->stalled)
    {
      seen->stalled = TRUE;
      g_usleep (STALL_MS * 1000);
    }
}

/* The jobs: one slice each, on what ran them. */
static void
assert_jobs (Trace                 *trace,
             IsobarComputeStrategy  compute,
             guint                  jobs_total)
{
  g_autoptr(GPtrArray) jobs = trace_events (trace, "X", ISOBAR_RUN_TIMELINE_JOB);
  g_autoptr(GHashTable) tracks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_cmpuint (jobs->len, ==, jobs_total);
  for (guint i = 0; i < jobs->len; i++)
    {
      JsonObject *job = g_ptr_array_index (jobs, i);
      gint64 pid = json_object_get_int_member (job, "pid");

      g_assert_nonnull (string_arg (job, "place"));
      g_hash_table_add (tracks, thread_key (job));
      switch (compute)
        {
        case ISOBAR_COMPUTE_PROCESS_POOL:
          g_assert_cmpint (pid, !=, getpid ());
          g_assert_cmpstr (trace_process_name (trace, job), ==, "isobar-helper");
          break;
        case ISOBAR_COMPUTE_GIL_THREADS:
          g_assert_cmpint (pid, ==, getpid ());
          g_assert_true (g_str_has_prefix (trace_thread_name (trace, job), "Worker "));
          break;
        case ISOBAR_COMPUTE_UI_THREAD:
          g_assert_true (on_ui_thread (trace, job));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  /* Two workers, with the jobs of two places (a UI thread's lanes aside). */
  if (compute != ISOBAR_COMPUTE_UI_THREAD)
    g_assert_cmpuint (g_hash_table_size (tracks), <=, 2);
}

/* The watchdog's samples: the counter holds the record's trace, the stalls
 * its long tasks. */
static void
assert_lateness (Trace           *trace,
                 IsobarRunRecord *record)
{
  g_autoptr(GPtrArray) counts = trace_events (trace, "C", NULL);
  g_autoptr(GPtrArray) stalls = trace_events (trace, "X", ISOBAR_RUN_TIMELINE_LATENESS);
  const IsobarTracePoint *points;
  guint n_points = 0;
  guint long_tasks = 0;

  points = isobar_run_record_get_trace (record, &n_points);
  g_assert_cmpuint (counts->len, ==, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      JsonObject *count = g_ptr_array_index (counts, i);
      JsonObject *args = json_object_get_object_member (count, "args");

      g_assert_cmpstr (json_object_get_string_member (count, "name"), ==, "Main-loop lateness");
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (args, "ms"), points[i].lateness_ms, 1e-9);
      /* The trace's t counts from the watchdog's start, a moment after the run's. */
      g_assert_cmpfloat (ts_of (count) / 1000.0, >=, points[i].t_ms - 0.001);

      if (points[i].lateness_ms >= ISOBAR_LONG_TASK_MS)
        {
          JsonObject *stall = g_ptr_array_index (stalls, long_tasks++);

          g_assert_cmpstr (json_object_get_string_member (stall, "name"), ==, "Main-loop stall");
          g_assert_true (on_ui_thread (trace, stall));
          g_assert_cmpint (json_object_get_int_member (stall, "dur"), ==, (gint64) (points[i].lateness_ms * 1000.0 + 0.5));
          g_assert_cmpint (ts_of (stall), ==, ts_of (count));
        }
    }
  g_assert_cmpuint (stalls->len, ==, long_tasks);
  g_assert_cmpuint (stalls->len, ==, isobar_run_record_get_figures (record)->lateness.long_tasks);
  /* Ours, at least. */
  g_assert_cmpuint (stalls->len, >=, 1);
}

/* Who held the lock: one holding after another, never two at once, as many
 * as the record counts acquisitions; and the waits of its threads. */
static void
assert_lock (Trace           *trace,
             IsobarRunRecord *record)
{
  g_autoptr(GPtrArray) events = trace_events (trace, "X", ISOBAR_RUN_TIMELINE_LOCK);
  g_autoptr(GPtrArray) holdings = g_ptr_array_new ();
  const IsobarRunLock *lock = isobar_run_record_get_lock (record);
  guint waits = 0;

  g_assert_true (lock->has_lock);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);
      const char *thread = trace_thread_name (trace, event);

      if (g_str_equal (thread, "Interpreter lock"))
        {
          const char *holder = json_object_get_string_member (event, "name");

          g_assert_true (g_str_equal (holder, "UI thread") || g_str_has_prefix (holder, "Worker "));
          g_ptr_array_add (holdings, event);
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (event, "name"), ==, "wait for the interpreter lock");
          g_assert_true (on_ui_thread (trace, event) || g_str_has_prefix (thread, "Worker "));
          waits++;
        }
    }

  g_assert_cmpuint (holdings->len, ==, lock->main_acquisitions + lock->worker_acquisitions);
  g_ptr_array_sort (holdings, compare_by_start);
  for (guint i = 1; i < holdings->len; i++)
    g_assert_cmpint (end_of (g_ptr_array_index (holdings, i - 1)), <=, ts_of (g_ptr_array_index (holdings, i)));
  /* A drop request means a thread waited a whole switch interval. */
  if (lock->drop_requests > 0)
    g_assert_cmpuint (waits, >, 0);
}

static void
test_pipeline (gconstpointer data)
{
  IsobarComputeStrategy compute = GPOINTER_TO_INT (data);
  g_autoptr(IsobarSimulator) simulator = NULL;
  g_autoptr(IsobarClient) client = NULL;
  g_autoptr(IsobarPipeline) pipeline = NULL;
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GPtrArray) locations = isobar_sample_places_new (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(Trace) trace = NULL;
  g_autoptr(GPtrArray) fetches = NULL;
  g_autoptr(GPtrArray) steps = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) lock_events = NULL;
  g_autofree char *text = NULL;
  IsobarPipelineSettings settings = { 0 };
  Seen seen = { 0 };

  if (!test_have_helper () || (simulator = test_start_simulator (NULL, TIMEOUT)) == NULL)
    return;
  client = isobar_client_new_for_server (isobar_simulator_get_base_url (simulator));

  settings.fetch = ISOBAR_FETCH_THREAD_POOL;
  settings.fetch_concurrency = 2;
  settings.compute = compute;
  settings.compute_workers = 2;
  settings.years = 10;
  settings.resamples = 1024;
  settings.seed = 7;
  settings.record_timeline = TRUE;
  pipeline = isobar_pipeline_new (client, &settings);
  g_signal_connect (pipeline, "progress", G_CALLBACK (on_progress), &seen);

  record = test_run_pipeline (pipeline, locations, NULL, TIMEOUT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (isobar_run_record_get_timeline (record));

  text = isobar_trace_events_to_json (&record, 1);
  trace = trace_load (text);
  assert_well_formed (trace);

  assert_jobs (trace, compute, seen.jobs_total);
  assert_lateness (trace, record);
  lock_events = trace_events (trace, "X", ISOBAR_RUN_TIMELINE_LOCK);
  if (compute == ISOBAR_COMPUTE_GIL_THREADS)
    assert_lock (trace, record);
  else
    g_assert_cmpuint (lock_events->len, ==, 0);

  /* Each place downloaded and parsed on a download thread, its series and
   * report made. */
  fetches = trace_events (trace, "X", ISOBAR_RUN_TIMELINE_FETCH);
  g_assert_cmpuint (fetches->len, ==, 2 * locations->len);
  for (guint i = 0; i < fetches->len; i++)
    {
      g_assert_true (g_str_has_prefix (trace_thread_name (trace, g_ptr_array_index (fetches, i)), "Download thread "));
      g_assert_true (g_str_has_prefix (string_arg (g_ptr_array_index (fetches, i), "url"), "http://"));
    }
  steps = trace_events (trace, "X", ISOBAR_RUN_TIMELINE_PIPELINE);
  g_assert_cmpuint (steps->len, ==, 2 * locations->len);

  runs = trace_events (trace, "X", "run");
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (string_arg (g_ptr_array_index (runs, 0), "compute"), ==,
                   isobar_compute_strategy_to_string (compute));
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (runs, 0), "dur"), ==,
                   (gint64) (isobar_run_record_get_figures (record)->wall_ms * 1000.0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/run-timeline/tracks", test_tracks);
  g_test_add_func ("/run-timeline/writer", test_writer);
  g_test_add_func ("/run-timeline/writer-empty", test_writer_empty);
  g_test_add_data_func ("/run-timeline/pipeline/process-pool", GINT_TO_POINTER (ISOBAR_COMPUTE_PROCESS_POOL),
                        test_pipeline);
  g_test_add_data_func ("/run-timeline/pipeline/gil-threads", GINT_TO_POINTER (ISOBAR_COMPUTE_GIL_THREADS),
                        test_pipeline);
  g_test_add_data_func ("/run-timeline/pipeline/ui-thread", GINT_TO_POINTER (ISOBAR_COMPUTE_UI_THREAD),
                        test_pipeline);

  return g_test_run ();
}
