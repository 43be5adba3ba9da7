/* isobar-run-record.c: what one run did and what it cost: the record and
 * its accessors. Its forms are beside it: isobar-run-record-json-write.c,
 * isobar-run-record-json-read.c and isobar-run-record-csv.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-run-record-private.h"

G_DEFINE_FINAL_TYPE (IsobarRunRecord, isobar_run_record, G_TYPE_OBJECT)

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
