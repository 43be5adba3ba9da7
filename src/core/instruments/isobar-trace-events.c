/* isobar-trace-events.c: runs as a file in Chrome's trace-event format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format: "Trace Event Format" (Google, the document behind
 * chrome://tracing); Perfetto reads it as a legacy format.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <unistd.h>

#include "isobar-json.h"
#include "isobar-trace-events.h"

/* Thread ids for tracks no kernel thread owns: above any Linux tid (the
 * largest pid_max is 2^22). */
#define SYNTHETIC_TID_BASE (G_GINT64_CONSTANT (1) << 30)

#define RUNS_TRACK "Runs"

typedef struct
{
  JsonBuilder *builder;        /* (owned) at the traceEvents array */
  gint64       zero_us;        /* monotonic µs of ts 0 */
  GHashTable  *synthetic_tids; /* (owned) "pid/tid/name/lane" → tid */
  GHashTable  *named;          /* (owned) "pid/tid" of the threads named so far */
  GHashTable  *processes;      /* (owned) pids named so far */
  gint64       next_tid;
  gint         next_sort_index;
} Writer;

static void
writer_clear (Writer *writer)
{
  g_clear_object (&writer->builder);
  g_clear_pointer (&writer->synthetic_tids, g_hash_table_unref);
  g_clear_pointer (&writer->named, g_hash_table_unref);
  g_clear_pointer (&writer->processes, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Opens an event: {"name", "ph", "pid", ["tid"]. The caller closes it. */
static void
begin_event (Writer     *writer,
             const char *name,
             const char *phase,
             GPid        pid,
             gint64      tid)
{
  json_builder_begin_object (writer->builder);
  add_string_member (writer->builder, "name", name);
  add_string_member (writer->builder, "ph", phase);
  add_int_member (writer->builder, "pid", pid);
  if (tid != 0)
    add_int_member (writer->builder, "tid", tid);
}

/* A metadata event whose one arg is @member: @string_value, or
 * @int_value when that is NULL. (With a ts, which the format does not ask
 * of metadata, but some readers do.) */
static void
add_metadata (Writer     *writer,
              const char *name,
              GPid        pid,
              gint64      tid,
              const char *member,
              const char *string_value,
              gint64      int_value)
{
  begin_event (writer, name, "M", pid, tid);
  add_int_member (writer->builder, "ts", 0);
  json_builder_set_member_name (writer->builder, "args");
  json_builder_begin_object (writer->builder);
  if (string_value != NULL)
    add_string_member (writer->builder, member, string_value);
  else
    add_int_member (writer->builder, member, int_value);
  json_builder_end_object (writer->builder);
  json_builder_end_object (writer->builder);
}

static void
writer_name_process (Writer     *writer,
                     GPid        pid,
                     const char *name)
{
  if (name == NULL || g_hash_table_contains (writer->processes, GINT_TO_POINTER (pid)))
    return;

  g_hash_table_add (writer->processes, GINT_TO_POINTER (pid));
  add_metadata (writer, "process_name", pid, 0, "name", name, 0);
}

/* The tid of lane @lane of a track (a thread's @tid, or the process's
 * virtual track @name when @tid is 0), named after the track the first time. */
static gint64
writer_thread (Writer     *writer,
               GPid        pid,
               gint64      tid,
               const char *name,
               guint       lane)
{
  g_autofree char *named_key = NULL;
  gint64 json_tid = tid;

  if (tid == 0 || lane > 0)
    {
      g_autofree char *key = g_strdup_printf ("%d/%" G_GINT64_FORMAT "/%s/%u", (int) pid, tid,
                                              tid == 0 ? name : "", lane);
      gpointer value;

      if (g_hash_table_lookup_extended (writer->synthetic_tids, key, NULL, &value))
        json_tid = GPOINTER_TO_SIZE (value);
      else
        {
          json_tid = writer->next_tid++;
          g_hash_table_insert (writer->synthetic_tids, g_steal_pointer (&key), GSIZE_TO_POINTER (json_tid));
        }
    }

  named_key = g_strdup_printf ("%d/%" G_GINT64_FORMAT, (int) pid, json_tid);
  if (!g_hash_table_contains (writer->named, named_key))
    {
      g_autofree char *lane_name = lane > 0 ? g_strdup_printf ("%s (%u)", name, lane + 1) : NULL;

      add_metadata (writer, "thread_name", pid, json_tid, "name", lane > 0 ? lane_name : name, 0);
      add_metadata (writer, "thread_sort_index", pid, json_tid, "sort_index", NULL, writer->next_sort_index++);
      g_hash_table_add (writer->named, g_steal_pointer (&named_key));
    }

  return json_tid;
}

/* A complete event; the caller closes it after adding what it wants. */
static void
begin_slice (Writer     *writer,
             GPid        pid,
             gint64      tid,
             const char *category,
             const char *name,
             gint64      start_us,
             gint64      duration_us)
{
  begin_event (writer, name, "X", pid, tid);
  if (category != NULL)
    add_string_member (writer->builder, "cat", category);
  add_int_member (writer->builder, "ts", start_us - writer->zero_us);
  add_int_member (writer->builder, "dur", duration_us);
}

/* ---------------------------------------------------------------- runs */

static char *
describe_run (IsobarRunRecord *record)
{
  const IsobarRunSettings *settings = isobar_run_record_get_settings (record);
  g_autofree char *started = g_date_time_format_iso8601 (isobar_run_record_get_started (record));

  return g_strdup_printf ("%s: fetch %s, compute %s, %u workers, %u places × %u years, started %s",
                          isobar_run_record_get_preset (record),
                          isobar_run_record_get_fetch_strategy (record),
                          isobar_run_record_get_compute_strategy (record),
                          settings->workers, settings->locations, settings->years, started);
}

/* The run as a whole, on the "Runs" track. */
static void
write_run_slice (Writer            *writer,
                 IsobarRunRecord   *record,
                 IsobarRunTimeline *timeline,
                 guint              number)
{
  const IsobarRunSettings *settings = isobar_run_record_get_settings (record);
  GPid pid = getpid ();
  gint64 tid = writer_thread (writer, pid, 0, RUNS_TRACK, 0);
  g_autofree char *name = g_strdup_printf ("Run %u · %s", number, isobar_run_record_get_preset (record));
  JsonBuilder *builder = writer->builder;

  begin_slice (writer, pid, tid, "run", name, isobar_run_timeline_get_origin_us (timeline),
               (gint64) (isobar_run_record_get_figures (record)->wall_ms * 1000.0));
  json_builder_set_member_name (builder, "args");
  json_builder_begin_object (builder);
  add_string_member (builder, "preset", isobar_run_record_get_preset (record));
  add_string_member (builder, "fetch", isobar_run_record_get_fetch_strategy (record));
  add_string_member (builder, "compute", isobar_run_record_get_compute_strategy (record));
  add_int_member (builder, "workers", settings->workers);
  add_int_member (builder, "places", settings->locations);
  add_int_member (builder, "years", settings->years);
  add_int_member (builder, "resamples", settings->resamples);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static int
compare_slices (gconstpointer a,
                gconstpointer b)
{
  const IsobarRunTimelineSlice *x = a;
  const IsobarRunTimelineSlice *y = b;

  if (x->track != y->track)
    return x->track < y->track ? -1 : 1;
  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  /* The longer first: it is the parent of the shorter. */
  if (x->duration_us != y->duration_us)
    return x->duration_us > y->duration_us ? -1 : 1;
  return 0;
}

/* The first lane where @slice nests in what is open (or starts after it
 * ended), given one stack of open ends per lane; makes one if none fits. */
static guint
fit_lane (GPtrArray                    *lanes,
          const IsobarRunTimelineSlice *slice)
{
  gint64 end_us = slice->start_us + slice->duration_us;
  guint lane;

  for (lane = 0; lane < lanes->len; lane++)
    {
      GArray *open = g_ptr_array_index (lanes, lane);

      /* (slices come in order of start: what ended before this one has
       * ended for every later one too) */
      while (open->len > 0 && g_array_index (open, gint64, open->len - 1) <= slice->start_us)
        g_array_set_size (open, open->len - 1);
      if (open->len == 0 || end_us <= g_array_index (open, gint64, open->len - 1))
        break;
    }
  if (lane == lanes->len)
    g_ptr_array_add (lanes, g_array_new (FALSE, FALSE, sizeof (gint64)));

  g_array_append_val ((GArray *) g_ptr_array_index (lanes, lane), end_us);
  return lane;
}

static void
write_slices (Writer            *writer,
              IsobarRunTimeline *timeline,
              GArray            *tracks)
{
  g_autoptr(GArray) slices = isobar_run_timeline_dup_slices (timeline);
  g_autoptr(GPtrArray) lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  g_array_sort (slices, compare_slices);
  for (guint i = 0; i < slices->len; i++)
    {
      const IsobarRunTimelineSlice *slice = &g_array_index (slices, IsobarRunTimelineSlice, i);
      const IsobarRunTimelineTrack *track = &g_array_index (tracks, IsobarRunTimelineTrack, slice->track);
      guint lane;
      gint64 tid;

      if (i == 0 || slice->track != g_array_index (slices, IsobarRunTimelineSlice, i - 1).track)
        g_ptr_array_set_size (lanes, 0);
      lane = fit_lane (lanes, slice);
      tid = writer_thread (writer, track->pid, track->tid, track->name, lane);

      begin_slice (writer, track->pid, tid, slice->category, slice->name, slice->start_us, slice->duration_us);
      if (slice->arg_name != NULL)
        {
          json_builder_set_member_name (writer->builder, "args");
          json_builder_begin_object (writer->builder);
          add_string_member (writer->builder, slice->arg_name, slice->arg_value);
          json_builder_end_object (writer->builder);
        }
      json_builder_end_object (writer->builder);
    }
}

static void
write_counts (Writer            *writer,
              IsobarRunTimeline *timeline)
{
  g_autoptr(GArray) counts = isobar_run_timeline_dup_counts (timeline);
  GPid pid = getpid ();

  for (guint i = 0; i < counts->len; i++)
    {
      const IsobarRunTimelineCount *count = &g_array_index (counts, IsobarRunTimelineCount, i);

      begin_event (writer, count->name, "C", pid, 0);
      add_int_member (writer->builder, "ts", count->time_us - writer->zero_us);
      json_builder_set_member_name (writer->builder, "args");
      json_builder_begin_object (writer->builder);
      json_builder_set_member_name (writer->builder, count->unit != NULL ? count->unit : "value");
      json_builder_add_double_value (writer->builder, count->value);
      json_builder_end_object (writer->builder);
      json_builder_end_object (writer->builder);
    }
}

static void
write_run (Writer            *writer,
           IsobarRunRecord   *record,
           IsobarRunTimeline *timeline,
           guint              number)
{
  g_autoptr(GArray) tracks = isobar_run_timeline_dup_tracks (timeline);

  for (guint i = 0; i < tracks->len; i++)
    {
      const IsobarRunTimelineTrack *track = &g_array_index (tracks, IsobarRunTimelineTrack, i);

      writer_name_process (writer, track->pid, isobar_run_timeline_get_process_name (timeline, track->pid));
      /* Every track in the order it was made, the UI thread first, even
       * those that are empty or whose slices land on other lanes. */
      writer_thread (writer, track->pid, track->tid, track->name, 0);
    }

  write_run_slice (writer, record, timeline, number);
  write_slices (writer, timeline, tracks);
  write_counts (writer, timeline);
}

char *
isobar_trace_events_to_json (IsobarRunRecord * const *records,
                             guint                    n_records)
{
  g_auto(Writer) writer = { 0 };
  g_autoptr(JsonBuilder) other = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_runs = 0;

  g_return_val_if_fail (n_records == 0 || records != NULL, NULL);

  writer.builder = json_builder_new ();
  writer.synthetic_tids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  writer.named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  writer.processes = g_hash_table_new (NULL, NULL);
  writer.next_tid = SYNTHETIC_TID_BASE;
  writer.zero_us = G_MAXINT64;
  for (guint i = 0; i < n_records; i++)
    {
      IsobarRunTimeline *timeline = isobar_run_record_get_timeline (records[i]);

      if (timeline != NULL)
        writer.zero_us = MIN (writer.zero_us, isobar_run_timeline_get_origin_us (timeline));
    }

  json_builder_begin_object (writer.builder);
  json_builder_set_member_name (writer.builder, "traceEvents");
  json_builder_begin_array (writer.builder);

  json_builder_begin_object (other);
  add_string_member (other, "generator", "Isobar " PACKAGE_VERSION);

  /* The runs track first. */
  if (writer.zero_us != G_MAXINT64)
    writer_thread (&writer, getpid (), 0, RUNS_TRACK, 0);

  for (guint i = 0; i < n_records; i++)
    {
      IsobarRunTimeline *timeline = isobar_run_record_get_timeline (records[i]);
      g_autofree char *member = NULL;
      g_autofree char *description = NULL;

      if (timeline == NULL)
        continue;

      write_run (&writer, records[i], timeline, ++n_runs);
      member = g_strdup_printf ("run %u", n_runs);
      description = describe_run (records[i]);
      add_string_member (other, member, description);
    }

  json_builder_end_array (writer.builder);
  add_string_member (writer.builder, "displayTimeUnit", "ms");
  json_builder_end_object (other);
  json_builder_set_member_name (writer.builder, "otherData");
  json_builder_add_value (writer.builder, json_builder_get_root (other));
  json_builder_end_object (writer.builder);

  root = json_builder_get_root (writer.builder);
  return isobar_json_node_to_string (root, FALSE);
}
