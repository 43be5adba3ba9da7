/* isobar-run-record.c: what one run did and what it cost, as JSON and CSV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-json.h"
#include "isobar-json-private.h"
#include "isobar-run-record.h"

#define SCHEMA_NAME "isobar-run-record"

struct _IsobarRunRecord
{
  GObject            parent_instance;

  char              *fetch_strategy;     /* (owned) */
  char              *compute_strategy;   /* (owned) */
  GDateTime         *started;            /* (owned) */
  char              *digest;             /* (owned) (nullable) */
  char              *preset;             /* (owned) */
  char              *python_implementation; /* (owned) (nullable) */
  char              *python_version;     /* (owned) (nullable) */
  char              *python_loop;        /* (owned) (nullable) */
  char              *renderer;           /* (owned) (nullable) */
  IsobarRunSettings  settings;
  IsobarRunFigures   figures;
  IsobarRunFrames    frames;
  IsobarRunLock      lock;
  GArray            *trace;              /* (owned) (element-type IsobarTracePoint) */
  GArray            *late_frames;        /* (owned) (element-type IsobarLateEvent) */
  GArray            *stalls;             /* (owned) (element-type IsobarLateEvent) */
  IsobarRunTimeline *timeline;           /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (IsobarRunRecord, isobar_run_record, G_TYPE_OBJECT)

/* Every number of a record, once: the JSON writer, the JSON reader and the
 * CSV all walk this table, so they cannot disagree. Fields of one group are
 * contiguous; a new field goes at the end of its group (the CSV columns keep
 * their order). */
typedef enum
{
  FIELD_UINT,
  FIELD_UINT64,
  FIELD_DOUBLE,
} FieldKind;

typedef struct
{
  const char *group;          /* the JSON object holding it; NULL: top level */
  const char *name;           /* its JSON member name */
  const char *column;         /* its CSV column */
  FieldKind   kind;
  gsize       offset;         /* in struct _IsobarRunRecord */
  gssize      present_offset; /* a gboolean saying it is there; -1: always */
  gboolean    added;          /* added to schema version 1 later: a file
                               * without it reads as 0; outside a group it
                               * never sets its presence flag, the earlier
                               * field sharing that flag does */
} Field;

#define AT(member) offsetof (struct _IsobarRunRecord, member)
#define ALWAYS (-1)
#define ADDED TRUE

static const Field fields[] = {
  { "settings", "concurrency", "concurrency", FIELD_UINT, AT (settings.concurrency), ALWAYS },
  { "settings", "workers", "workers", FIELD_UINT, AT (settings.workers), ALWAYS },
  { "settings", "locations", "locations", FIELD_UINT, AT (settings.locations), ALWAYS },
  { "settings", "years", "years", FIELD_UINT, AT (settings.years), ALWAYS },
  { "settings", "resamples", "resamples", FIELD_UINT, AT (settings.resamples), ALWAYS },
  { "settings", "latency_ms", "latency_ms", FIELD_UINT, AT (settings.latency_ms), ALWAYS },
  { "settings", "switch_interval_ms", "switch_interval_ms", FIELD_DOUBLE, AT (settings.switch_interval_ms), ALWAYS, ADDED },
  { "figures", "wall_ms", "wall_ms", FIELD_DOUBLE, AT (figures.wall_ms), ALWAYS },
  { "figures", "fetch_ms", "fetch_ms", FIELD_DOUBLE, AT (figures.fetch_ms), ALWAYS },
  { "figures", "compute_ms", "compute_ms", FIELD_DOUBLE, AT (figures.compute_ms), ALWAYS },
  { "figures", "cpu_ms_app", "cpu_ms_app", FIELD_DOUBLE, AT (figures.cpu_ms_app), ALWAYS },
  { "figures", "cpu_ms_helpers", "cpu_ms_helpers", FIELD_DOUBLE, AT (figures.cpu_ms_helpers), ALWAYS },
  { "figures", "peak_rss_kb", "peak_rss_kb", FIELD_UINT64, AT (figures.peak_rss_kb), ALWAYS },
  { "figures", "pipe_bytes", "pipe_bytes", FIELD_UINT64, AT (figures.pipe_bytes), ALWAYS },
  { "figures", "helpers_restarted", "helpers_restarted", FIELD_UINT, AT (figures.helpers_restarted), ALWAYS, ADDED },
  { "figures", "jobs_retried", "jobs_retried", FIELD_UINT, AT (figures.jobs_retried), ALWAYS, ADDED },
  { "lateness", "samples", "lateness_samples", FIELD_UINT, AT (figures.lateness.n_samples), ALWAYS },
  { "lateness", "p50_ms", "lateness_p50_ms", FIELD_DOUBLE, AT (figures.lateness.p50), ALWAYS },
  { "lateness", "p95_ms", "lateness_p95_ms", FIELD_DOUBLE, AT (figures.lateness.p95), ALWAYS },
  { "lateness", "p99_ms", "lateness_p99_ms", FIELD_DOUBLE, AT (figures.lateness.p99), ALWAYS },
  { "lateness", "max_ms", "lateness_max_ms", FIELD_DOUBLE, AT (figures.lateness.max), ALWAYS },
  { "lateness", "long_tasks", "long_tasks", FIELD_UINT, AT (figures.lateness.long_tasks), ALWAYS },
  { "lateness", "blocked_ms", "blocked_ms", FIELD_DOUBLE, AT (figures.lateness.blocked_ms), ALWAYS },
  { "frames", "fps", "fps", FIELD_DOUBLE, AT (frames.fps), AT (frames.has_frames) },
  { "frames", "slow_frames", "slow_frames", FIELD_UINT, AT (frames.slow_frames), AT (frames.has_frames) },
  { "frames", "frozen_frames", "frozen_frames", FIELD_UINT, AT (frames.frozen_frames), AT (frames.has_frames) },
  { "frames", "longest_frame_ms", "longest_frame_ms", FIELD_DOUBLE, AT (frames.longest_frame_ms), AT (frames.has_frames) },
  { "frames", "n_frames", "n_frames", FIELD_UINT, AT (frames.n_frames), AT (frames.has_frames), ADDED },
  { "frames", "dropped_frames", "dropped_frames", FIELD_UINT, AT (frames.dropped_frames), AT (frames.has_frames), ADDED },
  { NULL, "input_delay_ms", "input_delay_ms", FIELD_DOUBLE, AT (frames.input_delay_ms), AT (frames.has_input_delay) },
  { NULL, "input_events", "input_events", FIELD_UINT, AT (frames.n_input_events), AT (frames.has_input_delay), ADDED },
  { "interpreter_lock", "switches", "lock_switches", FIELD_UINT64, AT (lock.switches), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "drop_requests", "lock_drop_requests", FIELD_UINT64, AT (lock.drop_requests), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "forced_drops", "lock_forced_drops", FIELD_UINT64, AT (lock.forced_drops), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "main_acquisitions", "lock_main_acquisitions", FIELD_UINT64, AT (lock.main_acquisitions), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "worker_acquisitions", "lock_worker_acquisitions", FIELD_UINT64, AT (lock.worker_acquisitions), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "main_wait_ms", "lock_main_wait_ms", FIELD_DOUBLE, AT (lock.main_wait_ms), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "worker_wait_ms", "lock_worker_wait_ms", FIELD_DOUBLE, AT (lock.worker_wait_ms), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "main_max_wait_ms", "lock_main_max_wait_ms", FIELD_DOUBLE, AT (lock.main_max_wait_ms), AT (lock.has_lock), ADDED },
  { "interpreter_lock", "worker_max_wait_ms", "lock_worker_max_wait_ms", FIELD_DOUBLE, AT (lock.worker_max_wait_ms), AT (lock.has_lock), ADDED },
};

#undef AT
#undef ADDED

#define FIELD_PTR(self, type, off) ((type *) (gpointer) ((guint8 *) (self) + (off)))

static gboolean
field_present (IsobarRunRecord *self,
               const Field     *field)
{
  return field->present_offset == ALWAYS || *FIELD_PTR (self, gboolean, field->present_offset);
}

static void
field_clear (IsobarRunRecord *self,
             const Field     *field)
{
  switch (field->kind)
    {
    case FIELD_UINT:
      *FIELD_PTR (self, guint, field->offset) = 0;
      break;
    case FIELD_UINT64:
      *FIELD_PTR (self, guint64, field->offset) = 0;
      break;
    case FIELD_DOUBLE:
      *FIELD_PTR (self, double, field->offset) = 0.0;
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
isobar_run_record_finalize (GObject *object)
{
  IsobarRunRecord *self = ISOBAR_RUN_RECORD (object);

  g_clear_pointer (&self->fetch_strategy, g_free);
  g_clear_pointer (&self->compute_strategy, g_free);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->digest, g_free);
  g_clear_pointer (&self->preset, g_free);
  g_clear_pointer (&self->python_implementation, g_free);
  g_clear_pointer (&self->python_version, g_free);
  g_clear_pointer (&self->python_loop, g_free);
  g_clear_pointer (&self->renderer, g_free);
  g_clear_pointer (&self->trace, g_array_unref);
  g_clear_pointer (&self->late_frames, g_array_unref);
  g_clear_pointer (&self->stalls, g_array_unref);
  g_clear_object (&self->timeline);

  G_OBJECT_CLASS (isobar_run_record_parent_class)->finalize (object);
}

static void
isobar_run_record_class_init (IsobarRunRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = isobar_run_record_finalize;
}

static void
isobar_run_record_init (IsobarRunRecord *self)
{
  self->fetch_strategy = g_strdup ("");
  self->compute_strategy = g_strdup ("");
  self->preset = g_strdup (ISOBAR_RUN_RECORD_PRESET_CUSTOM);
  self->started = g_date_time_new_now_utc ();
  self->trace = g_array_new (FALSE, FALSE, sizeof (IsobarTracePoint));
  self->late_frames = g_array_new (FALSE, FALSE, sizeof (IsobarLateEvent));
  self->stalls = g_array_new (FALSE, FALSE, sizeof (IsobarLateEvent));
}

IsobarRunRecord *
isobar_run_record_new (const char *fetch_strategy,
                       const char *compute_strategy)
{
  IsobarRunRecord *self;

  g_return_val_if_fail (fetch_strategy != NULL, NULL);
  g_return_val_if_fail (compute_strategy != NULL, NULL);

  self = g_object_new (ISOBAR_TYPE_RUN_RECORD, NULL);
  isobar_run_record_set_strategies (self, fetch_strategy, compute_strategy);

  return self;
}

const char *
isobar_run_record_get_fetch_strategy (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->fetch_strategy;
}

const char *
isobar_run_record_get_compute_strategy (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->compute_strategy;
}

void
isobar_run_record_set_strategies (IsobarRunRecord *self,
                                  const char      *fetch_strategy,
                                  const char      *compute_strategy)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (fetch_strategy != NULL);
  g_return_if_fail (compute_strategy != NULL);

  g_free (self->fetch_strategy);
  self->fetch_strategy = g_strdup (fetch_strategy);
  g_free (self->compute_strategy);
  self->compute_strategy = g_strdup (compute_strategy);
}

const char *
isobar_run_record_get_preset (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->preset;
}

void
isobar_run_record_set_preset (IsobarRunRecord *self,
                              const char      *preset)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));

  g_free (self->preset);
  self->preset = g_strdup (preset != NULL && *preset != '\0' ? preset : ISOBAR_RUN_RECORD_PRESET_CUSTOM);
}

const IsobarRunLock *
isobar_run_record_get_lock (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return &self->lock;
}

void
isobar_run_record_set_lock (IsobarRunRecord     *self,
                            const IsobarRunLock *lock)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (lock != NULL);

  self->lock = *lock;
}

const char *
isobar_run_record_get_python_implementation (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->python_implementation;
}

const char *
isobar_run_record_get_python_version (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->python_version;
}

const char *
isobar_run_record_get_python_loop (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->python_loop;
}

void
isobar_run_record_set_python (IsobarRunRecord *self,
                              const char      *implementation,
                              const char      *version,
                              const char      *loop)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));

  g_free (self->python_implementation);
  self->python_implementation = g_strdup (implementation);
  g_free (self->python_version);
  self->python_version = g_strdup (version);
  g_free (self->python_loop);
  self->python_loop = g_strdup (loop);
}

const char *
isobar_run_record_get_renderer (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->renderer;
}

void
isobar_run_record_set_renderer (IsobarRunRecord *self,
                                const char      *renderer)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));

  g_free (self->renderer);
  self->renderer = g_strdup (renderer);
}

GDateTime *
isobar_run_record_get_started (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->started;
}

void
isobar_run_record_set_started (IsobarRunRecord *self,
                               GDateTime       *started)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (started != NULL);

  g_date_time_unref (self->started);
  self->started = g_date_time_to_utc (started);
}

const IsobarRunSettings *
isobar_run_record_get_settings (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return &self->settings;
}

void
isobar_run_record_set_settings (IsobarRunRecord         *self,
                                const IsobarRunSettings *settings)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (settings != NULL);

  self->settings = *settings;
}

const IsobarRunFigures *
isobar_run_record_get_figures (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return &self->figures;
}

void
isobar_run_record_set_figures (IsobarRunRecord        *self,
                               const IsobarRunFigures *figures)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (figures != NULL);

  self->figures = *figures;
}

const IsobarRunFrames *
isobar_run_record_get_frames (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return &self->frames;
}

void
isobar_run_record_set_frames (IsobarRunRecord       *self,
                              const IsobarRunFrames *frames)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (frames != NULL);

  self->frames = *frames;
}

const char *
isobar_run_record_get_digest (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->digest;
}

void
isobar_run_record_set_digest (IsobarRunRecord *self,
                              const char      *digest)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));

  g_free (self->digest);
  self->digest = g_strdup (digest);
}

const IsobarTracePoint *
isobar_run_record_get_trace (IsobarRunRecord *self,
                             guint           *n_points)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  *n_points = self->trace->len;
  return (const IsobarTracePoint *) (gpointer) self->trace->data;
}

void
isobar_run_record_set_trace (IsobarRunRecord        *self,
                             const IsobarTracePoint *points,
                             guint                   n_points)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (n_points == 0 || points != NULL);

  g_array_set_size (self->trace, 0);
  if (n_points > 0)
    g_array_append_vals (self->trace, points, n_points);
}

void
isobar_run_record_set_trace_from_samples (IsobarRunRecord           *self,
                                          const IsobarLatencySample *samples,
                                          guint                      n_samples,
                                          gint64                     origin_us)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (n_samples == 0 || samples != NULL);

  g_array_set_size (self->trace, n_samples);
  for (guint i = 0; i < n_samples; i++)
    {
      IsobarTracePoint *point = &g_array_index (self->trace, IsobarTracePoint, i);

      point->t_ms = (double) (samples[i].time_us - origin_us) / 1000.0;
      point->lateness_ms = (double) samples[i].lateness_us / 1000.0;
    }
}

IsobarRunTimeline *
isobar_run_record_get_timeline (IsobarRunRecord *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  return self->timeline;
}

void
isobar_run_record_set_timeline (IsobarRunRecord   *self,
                                IsobarRunTimeline *timeline)
{
  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (timeline == NULL || ISOBAR_IS_RUN_TIMELINE (timeline));

  g_set_object (&self->timeline, timeline);
}

/* --- JSON out ---------------------------------------------------------- */

static GArray *
late_events (IsobarRunRecord *self,
             IsobarLateKind   kind)
{
  return kind == ISOBAR_LATE_FRAME ? self->late_frames : self->stalls;
}

const IsobarLateEvent *
isobar_run_record_get_late (IsobarRunRecord *self,
                            IsobarLateKind   kind,
                            guint           *n_events)
{
  GArray *events;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);
  g_return_val_if_fail (n_events != NULL, NULL);

  events = late_events (self, kind);
  *n_events = events->len;
  return (const IsobarLateEvent *) events->data;
}

void
isobar_run_record_set_late (IsobarRunRecord       *self,
                            IsobarLateKind         kind,
                            const IsobarLateEvent *events,
                            guint                  n_events)
{
  GArray *kept;

  g_return_if_fail (ISOBAR_IS_RUN_RECORD (self));
  g_return_if_fail (events != NULL || n_events == 0);

  kept = late_events (self, kind);
  g_array_set_size (kept, 0);
  g_array_append_vals (kept, events, n_events);
}

static void
builder_add_number (JsonBuilder *builder,
                    double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
builder_add_field (JsonBuilder     *builder,
                   IsobarRunRecord *self,
                   const Field     *field)
{
  json_builder_set_member_name (builder, field->name);
  if (!field_present (self, field))
    {
      json_builder_add_null_value (builder);
      return;
    }

  switch (field->kind)
    {
    case FIELD_UINT:
      json_builder_add_int_value (builder, *FIELD_PTR (self, guint, field->offset));
      break;
    case FIELD_UINT64:
      json_builder_add_int_value (builder, (gint64) MIN (*FIELD_PTR (self, guint64, field->offset),
                                                         (guint64) G_MAXINT64));
      break;
    case FIELD_DOUBLE:
      builder_add_number (builder, *FIELD_PTR (self, double, field->offset));
      break;
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
isobar_run_record_to_json_node (IsobarRunRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *started = NULL;
  const char *group = NULL;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  started = g_date_time_format_iso8601 (self->started);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, SCHEMA_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, ISOBAR_RUN_RECORD_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "started");
  json_builder_add_string_value (builder, started);

  json_builder_set_member_name (builder, "strategies");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fetch");
  json_builder_add_string_value (builder, self->fetch_strategy);
  json_builder_set_member_name (builder, "compute");
  json_builder_add_string_value (builder, self->compute_strategy);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "preset");
  json_builder_add_string_value (builder, self->preset);

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *field = &fields[i];

      if (g_strcmp0 (group, field->group) != 0)
        {
          if (group != NULL)
            json_builder_end_object (builder);
          group = field->group;
          if (group != NULL)
            {
              json_builder_set_member_name (builder, group);
              if (!field_present (self, field))
                {
                  /* An absent optional group is one null. */
                  json_builder_add_null_value (builder);
                  while (i + 1 < G_N_ELEMENTS (fields) && g_strcmp0 (fields[i + 1].group, group) == 0)
                    i++;
                  group = NULL;
                  continue;
                }
              json_builder_begin_object (builder);
            }
        }
      builder_add_field (builder, self, field);
    }
  if (group != NULL)
    json_builder_end_object (builder);

  json_builder_set_member_name (builder, "renderer");
  if (self->renderer != NULL)
    json_builder_add_string_value (builder, self->renderer);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "python");
  if (self->python_version != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "implementation");
      json_builder_add_string_value (builder, self->python_implementation != NULL ? self->python_implementation : "");
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, self->python_version);
      json_builder_set_member_name (builder, "loop");
      json_builder_add_string_value (builder, self->python_loop != NULL ? self->python_loop : "");
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "digest");
  if (self->digest != NULL)
    json_builder_add_string_value (builder, self->digest);
  else
    json_builder_add_null_value (builder);

  /* Why frames were late and the loop stalled: only when something was. */
  if (self->late_frames->len > 0 || self->stalls->len > 0)
    {
      json_builder_set_member_name (builder, "late");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "frames");
      isobar_late_events_build (builder, self->late_frames);
      json_builder_set_member_name (builder, "stalls");
      isobar_late_events_build (builder, self->stalls);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "trace");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->trace->len; i++)
    {
      const IsobarTracePoint *point = &g_array_index (self->trace, IsobarTracePoint, i);

      json_builder_begin_array (builder);
      builder_add_number (builder, point->t_ms);
      builder_add_number (builder, point->lateness_ms);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
isobar_run_record_to_json (IsobarRunRecord *self,
                           gboolean         pretty)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  node = isobar_run_record_to_json_node (self);
  return isobar_json_node_to_string (node, pretty);
}

char *
isobar_run_records_to_json (IsobarRunRecord * const *records,
                            guint                    n_records,
                            gboolean                 pretty)
{
  g_autoptr(JsonArray) array = json_array_sized_new (n_records);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  g_return_val_if_fail (n_records == 0 || records != NULL, NULL);

  for (guint i = 0; i < n_records; i++)
    {
      g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (records[i]), NULL);
      json_array_add_element (array, isobar_run_record_to_json_node (records[i]));
    }
  json_node_set_array (node, array);

  return isobar_json_node_to_string (node, pretty);
}

/* --- JSON in ----------------------------------------------------------- */

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *problem)
{
  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
               _("This is not a valid Isobar run record: “%s” %s"), path, problem);
  return FALSE;
}

/* The member @name of @object, which must be there; NULL and an error if not. */
static JsonNode *
require_member (JsonObject  *object,
                const char  *path,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      g_autofree char *full = path != NULL ? g_strdup_printf ("%s.%s", path, name) : g_strdup (name);

      invalid (error, full, _("is missing"));
    }

  return node;
}

static gboolean
read_double (JsonNode    *node,
             const char  *path,
             double      *value,
             GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return TRUE;
    }
  if (!isobar_json_node_is_number (node))
    return invalid (error, path, _("is not a number"));

  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
read_unsigned (JsonNode    *node,
               const char  *path,
               guint64      max,
               guint64     *value,
               GError     **error)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, path, _("is not a whole number"));

  v = json_node_get_int (node);
  if (v < 0 || (guint64) v > max)
    return invalid (error, path, _("is out of range"));

  *value = (guint64) v;
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *path,
             const char  *name,
             gboolean     nullable,
             const char **value,
             GError     **error)
{
  JsonNode *node = require_member (object, path, name, error);
  g_autofree char *full = NULL;

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      full = path != NULL ? g_strdup_printf ("%s.%s", path, name) : g_strdup (name);
      return invalid (error, full, _("is not a string"));
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_field (IsobarRunRecord  *self,
            JsonObject       *object,
            const Field      *field,
            GError          **error)
{
  g_autofree char *path = field->group != NULL ?
    g_strdup_printf ("%s.%s", field->group, field->name) : g_strdup (field->name);
  JsonNode *node;
  guint64 value;

  if (field->added)
    {
      /* Written by an Isobar that did not know it yet: 0. */
      node = json_object_get_member (object, field->name);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          field_clear (self, field);
          return TRUE;
        }
    }
  else if ((node = require_member (object, field->group, field->name, error)) == NULL)
    return FALSE;

  /* An optional group is present or null as a whole (field_container());
   * a lone optional field by itself. */
  if (field->group == NULL && field->present_offset != ALWAYS && !field->added)
    {
      gboolean present = !JSON_NODE_HOLDS_NULL (node);

      *FIELD_PTR (self, gboolean, field->present_offset) = present;
      if (!present)
        return TRUE;
    }

  switch (field->kind)
    {
    case FIELD_UINT:
      if (!read_unsigned (node, path, G_MAXUINT, &value, error))
        return FALSE;
      *FIELD_PTR (self, guint, field->offset) = (guint) value;
      return TRUE;
    case FIELD_UINT64:
      if (!read_unsigned (node, path, G_MAXINT64, &value, error))
        return FALSE;
      *FIELD_PTR (self, guint64, field->offset) = value;
      return TRUE;
    case FIELD_DOUBLE:
      return read_double (node, path, FIELD_PTR (self, double, field->offset), error);
    default:
      g_assert_not_reached ();
    }
}

/* The object holding @field's group, or the root; *absent when an optional
 * group is null. */
static JsonObject *
field_container (IsobarRunRecord  *self,
                 JsonObject       *root,
                 const Field      *field,
                 gboolean         *absent,
                 GError          **error)
{
  JsonNode *node;

  *absent = FALSE;
  if (field->group == NULL)
    return root;

  /* A group added within the schema version: older files lack it. */
  if (field->added && field->present_offset != ALWAYS &&
      json_object_get_member (root, field->group) == NULL)
    {
      *FIELD_PTR (self, gboolean, field->present_offset) = FALSE;
      *absent = TRUE;
      return NULL;
    }

  node = require_member (root, NULL, field->group, error);
  if (node == NULL)
    return NULL;

  if (field->present_offset != ALWAYS)
    {
      *FIELD_PTR (self, gboolean, field->present_offset) = !JSON_NODE_HOLDS_NULL (node);
      if (JSON_NODE_HOLDS_NULL (node))
        {
          *absent = TRUE;
          return NULL;
        }
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, field->group, _("is not an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
read_trace (IsobarRunRecord  *self,
            JsonObject       *root,
            GError          **error)
{
  JsonNode *node = require_member (root, NULL, "trace", error);
  JsonArray *array;
  guint length;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "trace", _("is not an array"));

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  g_array_set_size (self->trace, length);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *pair_node = json_array_get_element (array, i);
      IsobarTracePoint *point = &g_array_index (self->trace, IsobarTracePoint, i);
      JsonArray *pair;

      if (!JSON_NODE_HOLDS_ARRAY (pair_node) ||
          json_array_get_length (pair = json_node_get_array (pair_node)) != 2)
        return invalid (error, "trace", _("holds something other than [time, lateness] pairs"));

      if (!read_double (json_array_get_element (pair, 0), "trace", &point->t_ms, error) ||
          !read_double (json_array_get_element (pair, 1), "trace", &point->lateness_ms, error))
        return FALSE;
    }

  return TRUE;
}

/* "late", added within schema version 1: absent in older files and when
 * nothing was late. */
static gboolean
read_late (IsobarRunRecord  *self,
           JsonObject       *root,
           GError          **error)
{
  static const struct
  {
    const char    *name;
    const char    *path;
    IsobarLateKind kind;
  } groups[] = {
    { "frames", "late.frames", ISOBAR_LATE_FRAME },
    { "stalls", "late.stalls", ISOBAR_LATE_STALL },
  };
  JsonNode *node = json_object_get_member (root, "late");
  JsonObject *late;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "late", _("is not an object"));

  late = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      JsonNode *member = json_object_get_member (late, groups[i].name);

      if (member == NULL)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, groups[i].path, _("is not an array"));
      if (!isobar_late_events_read (member, late_events (self, groups[i].kind)))
        return invalid (error, groups[i].path, _("holds something other than late events"));
    }

  return TRUE;
}

/* "preset", "renderer" and "python", added within schema version 1:
 * absent in older files. */
static gboolean
read_optional_strings (IsobarRunRecord  *self,
                       JsonObject       *root,
                       GError          **error)
{
  const char *preset = NULL, *implementation, *version, *loop;
  JsonNode *node;
  JsonObject *python;

  if (json_object_has_member (root, "preset") &&
      !read_string (root, NULL, "preset", TRUE, &preset, error))
    return FALSE;
  isobar_run_record_set_preset (self, preset);

  if (json_object_has_member (root, "renderer"))
    {
      const char *renderer;

      if (!read_string (root, NULL, "renderer", TRUE, &renderer, error))
        return FALSE;
      isobar_run_record_set_renderer (self, renderer);
    }

  node = json_object_get_member (root, "python");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "python", _("is not an object"));
  python = json_node_get_object (node);
  if (!read_string (python, "python", "implementation", FALSE, &implementation, error) ||
      !read_string (python, "python", "version", FALSE, &version, error) ||
      !read_string (python, "python", "loop", FALSE, &loop, error))
    return FALSE;
  isobar_run_record_set_python (self, implementation, version, loop);

  return TRUE;
}

IsobarRunRecord *
isobar_run_record_new_from_json_node (JsonNode  *node,
                                      GError   **error)
{
  g_autoptr(IsobarRunRecord) self = NULL;
  JsonObject *root, *strategies;
  JsonNode *member;
  const char *schema, *started, *fetch, *compute, *digest;
  guint64 version;
  g_autoptr(GDateTime) started_time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "(root)", _("is not an object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!read_string (root, NULL, "schema", FALSE, &schema, error))
    return NULL;
  if (g_strcmp0 (schema, SCHEMA_NAME) != 0)
    {
      invalid (error, "schema", _("is not “isobar-run-record”"));
      return NULL;
    }

  if ((member = require_member (root, NULL, "version", error)) == NULL ||
      !read_unsigned (member, "version", G_MAXUINT, &version, error))
    return NULL;
  if (version < 1 || version > ISOBAR_RUN_RECORD_SCHEMA_VERSION)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("This run record has schema version %llu; this version of Isobar reads up to %d"),
                   (unsigned long long) version, ISOBAR_RUN_RECORD_SCHEMA_VERSION);
      return NULL;
    }

  self = g_object_new (ISOBAR_TYPE_RUN_RECORD, NULL);

  if (!read_string (root, NULL, "started", FALSE, &started, error))
    return NULL;
  started_time = g_date_time_new_from_iso8601 (started, utc);
  if (started_time == NULL)
    {
      invalid (error, "started", _("is not an ISO 8601 date and time"));
      return NULL;
    }
  isobar_run_record_set_started (self, started_time);

  if ((member = require_member (root, NULL, "strategies", error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (member))
    {
      invalid (error, "strategies", _("is not an object"));
      return NULL;
    }
  strategies = json_node_get_object (member);
  if (!read_string (strategies, "strategies", "fetch", FALSE, &fetch, error) ||
      !read_string (strategies, "strategies", "compute", FALSE, &compute, error))
    return NULL;
  isobar_run_record_set_strategies (self, fetch, compute);

  if (!read_optional_strings (self, root, error))
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gboolean absent;
      JsonObject *container = field_container (self, root, &fields[i], &absent, error);

      if (absent)
        continue;
      if (container == NULL || !read_field (self, container, &fields[i], error))
        return NULL;
    }

  if (!read_string (root, NULL, "digest", TRUE, &digest, error))
    return NULL;
  isobar_run_record_set_digest (self, digest);

  if (!read_trace (self, root, error) || !read_late (self, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

IsobarRunRecord *
isobar_run_record_new_from_json (const char  *data,
                                 gssize       length,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                   _("This run record is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                           _("This run record is empty"));
      return NULL;
    }

  return isobar_run_record_new_from_json_node (root, error);
}

/* --- CSV --------------------------------------------------------------- */

/* RFC 4180: a cell with a comma, a quote or a line break is quoted, its
 * quotes doubled. A NULL cell is empty. */
static char *
csv_join (GPtrArray *cells)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; i < cells->len; i++)
    {
      const char *text = g_ptr_array_index (cells, i);

      if (i > 0)
        g_string_append_c (line, ',');
      if (text == NULL)
        continue;

      if (strpbrk (text, ",\"\r\n") == NULL)
        {
          g_string_append (line, text);
          continue;
        }

      g_string_append_c (line, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }

  return g_string_free (line, FALSE);
}

static char *
field_to_csv (IsobarRunRecord *self,
              const Field     *field)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (!field_present (self, field))
    return NULL;

  switch (field->kind)
    {
    case FIELD_UINT:
      return g_strdup_printf ("%u", *FIELD_PTR (self, guint, field->offset));
    case FIELD_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *FIELD_PTR (self, guint64, field->offset));
    case FIELD_DOUBLE:
      value = *FIELD_PTR (self, double, field->offset);
      if (!isfinite (value))
        return NULL;
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", value));
    default:
      g_assert_not_reached ();
    }
}

const char *
isobar_run_record_csv_header (void)
{
  static gsize header = 0;

  if (g_once_init_enter (&header))
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();

      g_ptr_array_add (cells, (gpointer) "started");
      g_ptr_array_add (cells, (gpointer) "fetch_strategy");
      g_ptr_array_add (cells, (gpointer) "compute_strategy");
      for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
        g_ptr_array_add (cells, (gpointer) fields[i].column);
      g_ptr_array_add (cells, (gpointer) "digest");
      g_ptr_array_add (cells, (gpointer) "preset");
      g_ptr_array_add (cells, (gpointer) "python_version");
      g_ptr_array_add (cells, (gpointer) "renderer");

      g_once_init_leave (&header, (gsize) csv_join (cells));
    }

  return (const char *) header;
}

char *
isobar_run_record_to_csv_row (IsobarRunRecord *self)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  g_ptr_array_add (cells, g_date_time_format_iso8601 (self->started));
  g_ptr_array_add (cells, g_strdup (self->fetch_strategy));
  g_ptr_array_add (cells, g_strdup (self->compute_strategy));
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    g_ptr_array_add (cells, field_to_csv (self, &fields[i]));
  g_ptr_array_add (cells, g_strdup (self->digest));
  g_ptr_array_add (cells, g_strdup (self->preset));
  g_ptr_array_add (cells, g_strdup (self->python_version));
  g_ptr_array_add (cells, g_strdup (self->renderer));

  return csv_join (cells);
}
