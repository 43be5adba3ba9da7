/* isobar-run-timeline.c: what ran where, and when, during one run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs stay in memory (the app keeps the recent ones), so a slice is a
 * 32-byte record in one array, its strings ids into a table of interned
 * strings: the names of jobs and threads repeat, run after run of them.
 */

#include "config.h"

#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "isobar-run-timeline.h"

/* Strings are ids into self->strings; 0 is NULL. */
typedef guint32 StringId;

typedef struct
{
  GPid     pid;
  gint64   tid;
  StringId name;
} Track;

typedef struct
{
  gint64   start_us;
  guint32  duration_us;
  guint32  track;
  StringId category;
  StringId name;
  StringId arg_name;
  StringId arg_value;
} Slice;

typedef struct
{
  gint64   time_us;
  double   value;
  StringId name;
  StringId unit;
} Count;

typedef struct
{
  GPid     pid;
  StringId name;
} Process;

struct _IsobarRunTimeline
{
  GObject     parent_instance;

  gint64      origin_us;
  GPid        pid;

  GMutex      mutex;
  /* Protected by mutex. */
  GPtrArray  *strings;         /* (owned) (element-type utf8): index = StringId */
  GHashTable *string_ids;      /* (owned) string (borrowed from strings) → StringId */
  GArray     *tracks;          /* (owned) Track */
  GHashTable *thread_tracks;   /* (owned) tid → track index + 1 */
  GHashTable *virtual_tracks;  /* (owned) StringId → track index + 1 */
  GArray     *processes;       /* (owned) Process */
  GArray     *slices;          /* (owned) Slice */
  GArray     *counts;          /* (owned) Count */
};

G_DEFINE_FINAL_TYPE (IsobarRunTimeline, isobar_run_timeline, G_TYPE_OBJECT)

/* The kernel's id of the calling thread, as Perfetto and `ps -L` show it. */
static gint64
current_tid (void)
{
#if defined(__linux__) && defined(SYS_gettid)
  return (gint64) syscall (SYS_gettid);
#else
  return (gint64) GPOINTER_TO_SIZE (g_thread_self ());
#endif
}

static void
isobar_run_timeline_finalize (GObject *object)
{
  IsobarRunTimeline *self = ISOBAR_RUN_TIMELINE (object);

  g_clear_pointer (&self->string_ids, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->tracks, g_array_unref);
  g_clear_pointer (&self->thread_tracks, g_hash_table_unref);
  g_clear_pointer (&self->virtual_tracks, g_hash_table_unref);
  g_clear_pointer (&self->processes, g_array_unref);
  g_clear_pointer (&self->slices, g_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (isobar_run_timeline_parent_class)->finalize (object);
}

static void
isobar_run_timeline_class_init (IsobarRunTimelineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isobar_run_timeline_finalize;
}

static void
isobar_run_timeline_init (IsobarRunTimeline *self)
{
  g_mutex_init (&self->mutex);
  self->pid = getpid ();
  self->strings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->strings, NULL);
  self->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->tracks = g_array_new (FALSE, FALSE, sizeof (Track));
  self->thread_tracks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->virtual_tracks = g_hash_table_new (NULL, NULL);
  self->processes = g_array_new (FALSE, FALSE, sizeof (Process));
  self->slices = g_array_new (FALSE, FALSE, sizeof (Slice));
  self->counts = g_array_new (FALSE, FALSE, sizeof (Count));
}

/* Called with the mutex held. */
static StringId
intern_locked (IsobarRunTimeline *self,
               const char        *string)
{
  gpointer id;
  char *copy;

  if (string == NULL)
    return 0;
  if (g_hash_table_lookup_extended (self->string_ids, string, NULL, &id))
    return GPOINTER_TO_UINT (id);

  copy = g_strdup (string);
  g_ptr_array_add (self->strings, copy);
  g_hash_table_insert (self->string_ids, copy, GUINT_TO_POINTER (self->strings->len - 1));
  return self->strings->len - 1;
}

/* Called with the mutex held. */
static const char *
string_of (IsobarRunTimeline *self,
           StringId           id)
{
  return g_ptr_array_index (self->strings, id);
}

/* Called with the mutex held. @tid is the key of thread and process tracks
 * (a helper's pid is its main thread's tid), 0 for a virtual track. */
static guint
add_track_locked (IsobarRunTimeline *self,
                  GPid               pid,
                  gint64             tid,
                  StringId           name)
{
  Track track = { pid, tid, name };

  g_array_append_val (self->tracks, track);
  if (tid != 0)
    {
      gint64 *key = g_new (gint64, 1);

      *key = tid;
      g_hash_table_insert (self->thread_tracks, key, GUINT_TO_POINTER (self->tracks->len));
    }
  else
    g_hash_table_insert (self->virtual_tracks, GUINT_TO_POINTER (name), GUINT_TO_POINTER (self->tracks->len));

  return self->tracks->len - 1;
}

IsobarRunTimeline *
isobar_run_timeline_new (gint64 origin_us)
{
  IsobarRunTimeline *self = g_object_new (ISOBAR_TYPE_RUN_TIMELINE, NULL);
  Process process = { 0 };
  const char *program = g_get_prgname ();

  self->origin_us = origin_us;

  g_mutex_lock (&self->mutex);
  process.pid = self->pid;
  process.name = intern_locked (self, program != NULL ? program : "isobar");
  g_array_append_val (self->processes, process);
  add_track_locked (self, self->pid, current_tid (), intern_locked (self, "UI thread"));
  g_mutex_unlock (&self->mutex);

  return self;
}

gint64
isobar_run_timeline_get_origin_us (IsobarRunTimeline *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), 0);

  return self->origin_us;
}

const char *
isobar_run_timeline_intern (IsobarRunTimeline *self,
                            const char        *string)
{
  const char *interned;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), NULL);

  g_mutex_lock (&self->mutex);
  interned = string_of (self, intern_locked (self, string));
  g_mutex_unlock (&self->mutex);

  return interned;
}

/* Called with the mutex held: the track of @tid, or -1. */
static gint
find_thread_track (IsobarRunTimeline *self,
                   gint64             tid)
{
  return (gint) GPOINTER_TO_UINT (g_hash_table_lookup (self->thread_tracks, &tid)) - 1;
}

guint
isobar_run_timeline_thread_track (IsobarRunTimeline *self,
                                  const char        *name)
{
  gint64 tid = current_tid ();
  gint track;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), 0);

  g_mutex_lock (&self->mutex);
  track = find_thread_track (self, tid);
  if (track < 0)
    {
      g_autofree char *fallback = name == NULL ? g_strdup_printf ("Thread %" G_GINT64_FORMAT, tid) : NULL;

      track = add_track_locked (self, self->pid, tid, intern_locked (self, name != NULL ? name : fallback));
    }
  else if (name != NULL)
    g_array_index (self->tracks, Track, track).name = intern_locked (self, name);
  g_mutex_unlock (&self->mutex);

  return track;
}

guint
isobar_run_timeline_process_track (IsobarRunTimeline *self,
                                   GPid               pid,
                                   const char        *process_name)
{
  gint track;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), 0);
  g_return_val_if_fail (pid > 0, 0);
  g_return_val_if_fail (process_name != NULL, 0);

  g_mutex_lock (&self->mutex);
  track = find_thread_track (self, pid);
  if (track < 0)
    {
      g_autofree char *name = g_strdup_printf ("%s %d", process_name, (int) pid);
      Process process = { pid, intern_locked (self, process_name) };

      g_array_append_val (self->processes, process);
      track = add_track_locked (self, pid, pid, intern_locked (self, name));
    }
  g_mutex_unlock (&self->mutex);

  return track;
}

guint
isobar_run_timeline_virtual_track (IsobarRunTimeline *self,
                                   const char        *name)
{
  StringId id;
  guint track;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  g_mutex_lock (&self->mutex);
  id = intern_locked (self, name);
  track = GPOINTER_TO_UINT (g_hash_table_lookup (self->virtual_tracks, GUINT_TO_POINTER (id)));
  if (track > 0)
    track--;
  else
    track = add_track_locked (self, self->pid, 0, id);
  g_mutex_unlock (&self->mutex);

  return track;
}

const char *
isobar_run_timeline_get_track_name (IsobarRunTimeline *self,
                                    guint              track)
{
  const char *name = NULL;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), NULL);

  g_mutex_lock (&self->mutex);
  if (track < self->tracks->len)
    name = string_of (self, g_array_index (self->tracks, Track, track).name);
  g_mutex_unlock (&self->mutex);

  g_return_val_if_fail (name != NULL, NULL);
  return name;
}

void
isobar_run_timeline_add_slice (IsobarRunTimeline *self,
                               guint              track,
                               const char        *category,
                               const char        *name,
                               gint64             start_us,
                               gint64             end_us,
                               const char        *arg_name,
                               const char        *arg_value)
{
  Slice slice;

  g_return_if_fail (ISOBAR_IS_RUN_TIMELINE (self));
  g_return_if_fail (name != NULL);

  slice.start_us = start_us;
  slice.duration_us = (guint32) CLAMP (end_us - start_us, 0, (gint64) G_MAXUINT32);
  slice.track = track;

  g_mutex_lock (&self->mutex);
  if (track >= self->tracks->len)
    {
      g_mutex_unlock (&self->mutex);
      g_critical ("%s: there is no track %u", G_STRFUNC, track);
      return;
    }
  slice.category = intern_locked (self, category);
  slice.name = intern_locked (self, name);
  slice.arg_name = intern_locked (self, arg_value != NULL ? arg_name : NULL);
  slice.arg_value = intern_locked (self, arg_name != NULL ? arg_value : NULL);
  g_array_append_val (self->slices, slice);
  g_mutex_unlock (&self->mutex);
}

void
isobar_run_timeline_add_count (IsobarRunTimeline *self,
                               const char        *name,
                               const char        *unit,
                               gint64             time_us,
                               double             value)
{
  Count count;

  g_return_if_fail (ISOBAR_IS_RUN_TIMELINE (self));
  g_return_if_fail (name != NULL);

  count.time_us = time_us;
  count.value = value;

  g_mutex_lock (&self->mutex);
  count.name = intern_locked (self, name);
  count.unit = intern_locked (self, unit);
  g_array_append_val (self->counts, count);
  g_mutex_unlock (&self->mutex);
}

GArray *
isobar_run_timeline_dup_tracks (IsobarRunTimeline *self)
{
  GArray *tracks;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), NULL);

  g_mutex_lock (&self->mutex);
  tracks = g_array_sized_new (FALSE, FALSE, sizeof (IsobarRunTimelineTrack), self->tracks->len);
  for (guint i = 0; i < self->tracks->len; i++)
    {
      const Track *track = &g_array_index (self->tracks, Track, i);
      IsobarRunTimelineTrack copy = { track->pid, track->tid, string_of (self, track->name) };

      g_array_append_val (tracks, copy);
    }
  g_mutex_unlock (&self->mutex);

  return tracks;
}

GArray *
isobar_run_timeline_dup_slices (IsobarRunTimeline *self)
{
  GArray *slices;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), NULL);

  g_mutex_lock (&self->mutex);
  slices = g_array_sized_new (FALSE, FALSE, sizeof (IsobarRunTimelineSlice), self->slices->len);
  for (guint i = 0; i < self->slices->len; i++)
    {
      const Slice *slice = &g_array_index (self->slices, Slice, i);
      IsobarRunTimelineSlice copy = {
        slice->track,
        string_of (self, slice->category),
        string_of (self, slice->name),
        slice->start_us,
        slice->duration_us,
        string_of (self, slice->arg_name),
        string_of (self, slice->arg_value),
      };

      g_array_append_val (slices, copy);
    }
  g_mutex_unlock (&self->mutex);

  return slices;
}

GArray *
isobar_run_timeline_dup_counts (IsobarRunTimeline *self)
{
  GArray *counts;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), NULL);

  g_mutex_lock (&self->mutex);
  counts = g_array_sized_new (FALSE, FALSE, sizeof (IsobarRunTimelineCount), self->counts->len);
  for (guint i = 0; i < self->counts->len; i++)
    {
      const Count *count = &g_array_index (self->counts, Count, i);
      IsobarRunTimelineCount copy = {
        string_of (self, count->name),
        string_of (self, count->unit),
        count->time_us,
        count->value,
      };

      g_array_append_val (counts, copy);
    }
  g_mutex_unlock (&self->mutex);

  return counts;
}

const char *
isobar_run_timeline_get_process_name (IsobarRunTimeline *self,
                                      GPid               pid)
{
  const char *name = NULL;

  g_return_val_if_fail (ISOBAR_IS_RUN_TIMELINE (self), NULL);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->processes->len && name == NULL; i++)
    {
      const Process *process = &g_array_index (self->processes, Process, i);

      if (process->pid == pid)
        name = string_of (self, process->name);
    }
  g_mutex_unlock (&self->mutex);

  return name;
}
