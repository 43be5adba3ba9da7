/* isobar-latency-watchdog.c: a thread that probes a main context's lateness.
 *
 * Over 600 lines because the thread, the probes it posts and the figures read
 * from the UI share one state under one mutex (WatchdogState); the statistics
 * themselves are in isobar-latency-stats.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>

#include "isobar-latency-watchdog.h"
#include "isobar-loop-log.h"
#include "isobar-wake-pipe.h"

/* The longest stalls a run keeps explained. */
#define MAX_STALLS_EXPLAINED 20

/* What the thread and the probe share. It is refcounted apart from the
 * GObject so that neither the thread nor the probe's source keeps the
 * watchdog alive: dispose can stop everything.
 *
 * The probe is one source on the watched context, watching the read end of
 * a pipe; the thread asks for a probe by writing a byte to it. Attaching a
 * fresh source for each probe (as this did before) takes the context's lock
 * and wakes its thread while holding it: the woken UI thread then blocked on
 * that lock behind the watchdog ~70 times a second (BENCHMARKS.md §5h). A
 * write to a pipe wakes it with no lock of the context taken. */
typedef struct
{
  gatomicrefcount      ref_count;
  GMainContext        *context;        /* (owned) */
  GWeakRef             owner;          /* the IsobarLatencyWatchdog */

  GMutex               mutex;
  GCond                cond;

  /* Protected by mutex. */
  gboolean             running;
  gint64               period_us;
  gboolean             probe_asked;    /* a probe is outstanding */
  gboolean             waiting_for_probe; /* the thread waits for an overdue probe to run */
  gint64               asked_us;       /* when the outstanding probe was asked */
  GSource             *probe;          /* (owned) (nullable) attached while running */
  int                  wake_fds[2];    /* the probe's pipe: [0] its source's, [1] the thread's */

  IsobarLatencySample *ring;           /* (owned) capacity samples */
  guint                capacity;
  guint                head;           /* where the next sample goes */
  guint                count;          /* samples held, ≤ capacity */

  guint                total_samples;
  guint                long_tasks;
  gint64               max_us;
  gint64               blocked_us;
  gint64               origin_us;
  GArray              *stalls;         /* (owned) IsobarLateEvent, the longest */
} WatchdogState;

struct _IsobarLatencyWatchdog
{
  GObject        parent_instance;

  WatchdogState *state;                /* (owned) */
  GThread       *thread;               /* (owned) (nullable) */
  GMutex         thread_mutex;         /* serialises start and stop */

  /* Construct properties, copied into state in constructed(). */
  GMainContext  *context;              /* (owned) */
  guint          period_us;
  guint          capacity;
};

G_DEFINE_FINAL_TYPE (IsobarLatencyWatchdog, isobar_latency_watchdog, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PERIOD_US,
  PROP_CAPACITY,
  N_PROPS
};

enum {
  SIGNAL_SAMPLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static WatchdogState *
watchdog_state_ref (WatchdogState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
watchdog_state_unref (WatchdogState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;

  g_assert (state->probe == NULL);
  isobar_wake_pipe_close (state->wake_fds);
  g_weak_ref_clear (&state->owner);
  g_clear_pointer (&state->context, g_main_context_unref);
  g_clear_pointer (&state->ring, g_free);
  g_clear_pointer (&state->stalls, g_array_unref);
  g_mutex_clear (&state->mutex);
  g_cond_clear (&state->cond);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WatchdogState, watchdog_state_unref)

/* Called with the mutex held. */
static void
watchdog_state_clear_samples (WatchdogState *state)
{
  state->head = 0;
  state->count = 0;
  state->total_samples = 0;
  state->long_tasks = 0;
  state->max_us = 0;
  state->blocked_us = 0;
  state->origin_us = g_get_monotonic_time ();
  g_array_set_size (state->stalls, 0);
}

/* Called with the mutex held. */
static void
watchdog_state_record (WatchdogState             *state,
                       const IsobarLatencySample *sample)
{
  state->ring[state->head] = *sample;
  state->head = (state->head + 1) % state->capacity;
  if (state->count < state->capacity)
    state->count++;

  if (state->total_samples < G_MAXUINT)
    state->total_samples++;
  state->max_us = MAX (state->max_us, sample->lateness_us);
  if ((double) sample->lateness_us / 1000.0 >= ISOBAR_LONG_TASK_MS)
    {
      state->long_tasks++;
      state->blocked_us += sample->lateness_us;
    }
}

static void
explain_stall (WatchdogState *state,
               gint64         from_us,
               gint64         to_us)
{
  IsobarLateEvent event;

  isobar_loop_log_explain (from_us, to_us, &event);
  isobar_late_event_log ("stall", &event);

  g_mutex_lock (&state->mutex);
  event.at_ms = (to_us - state->origin_us) / 1000.0;
  isobar_late_events_keep_longest (state->stalls, &event, MAX_STALLS_EXPLAINED);
  g_mutex_unlock (&state->mutex);
}

/* Runs on the watched context, when the thread has written to the pipe. */
static gboolean
probe_cb (int          fd,
          GIOCondition condition,
          gpointer     data)
{
  WatchdogState *state = data;
  gint64 ran_us = g_get_monotonic_time ();
  IsobarLatencySample sample = { 0 };
  gboolean recorded = FALSE;
  g_autoptr(IsobarLatencyWatchdog) owner = NULL;

  /* The bytes of every probe asked so far: one, or one left from before a
   * stop that ran no probe. */
  isobar_wake_pipe_drain (state->wake_fds);

  g_mutex_lock (&state->mutex);
  if (state->probe_asked)
    {
      sample.time_us = state->asked_us;
      sample.lateness_us = MAX (0, ran_us - state->asked_us);
      watchdog_state_record (state, &sample);
      state->probe_asked = FALSE;
      /* Only a thread that waits past the next probe's time needs waking.
       * Otherwise its own timer wakes it: a signal from here would wake it
       * on the UI thread's core and put the UI thread behind it, 200 times
       * a second. */
      if (state->waiting_for_probe)
        g_cond_signal (&state->cond);
      recorded = TRUE;
    }
  g_mutex_unlock (&state->mutex);

  /* A long task: what the loop did meanwhile, while the log still has it. */
  if (recorded && (double) sample.lateness_us / 1000.0 >= ISOBAR_LONG_TASK_MS && isobar_loop_log_is_here ())
    explain_stall (state, sample.time_us, ran_us);

  if (recorded)
    owner = g_weak_ref_get (&state->owner);
  if (owner != NULL && g_signal_has_handler_pending (owner, signals[SIGNAL_SAMPLE], 0, FALSE))
    g_signal_emit (owner, signals[SIGNAL_SAMPLE], 0,
                   sample.time_us, (double) sample.lateness_us / 1000.0);

  return G_SOURCE_CONTINUE;
}

static gpointer
watchdog_thread (gpointer data)
{
  g_autoptr(WatchdogState) state = data;
  gint64 next_due_us = 0;

  g_mutex_lock (&state->mutex);
  while (state->running)
    {
      gint64 now_us = g_get_monotonic_time ();

      /* One probe at a time: while it waits, the stall is still growing.
       * Until the next one is due there is nothing to do either way. */
      if (state->probe_asked && now_us < next_due_us)
        {
          g_cond_wait_until (&state->cond, &state->mutex, next_due_us);
          continue;
        }
      if (state->probe_asked)
        {
          state->waiting_for_probe = TRUE;
          g_cond_wait (&state->cond, &state->mutex);
          state->waiting_for_probe = FALSE;
          continue;
        }

      if (now_us < next_due_us)
        {
          g_cond_wait_until (&state->cond, &state->mutex, next_due_us);
          continue;
        }

      state->probe_asked = TRUE;
      state->asked_us = now_us;
      next_due_us = now_us + state->period_us;

      /* Written outside our lock: the byte wakes the watched thread, which
       * may preempt us at once, and the probe takes the lock first thing.
       * The pipe never fills: one byte is outstanding at a time. */
      g_mutex_unlock (&state->mutex);
      isobar_wake_pipe_wake (state->wake_fds);
      g_mutex_lock (&state->mutex);
    }
  g_mutex_unlock (&state->mutex);

  return NULL;
}

static void
isobar_latency_watchdog_constructed (GObject *object)
{
  IsobarLatencyWatchdog *self = ISOBAR_LATENCY_WATCHDOG (object);
  g_autoptr(GError) error = NULL;
  WatchdogState *state;

  G_OBJECT_CLASS (isobar_latency_watchdog_parent_class)->constructed (object);

  if (self->context == NULL)
    self->context = g_main_context_ref (g_main_context_default ());

  state = g_new0 (WatchdogState, 1);
  g_atomic_ref_count_init (&state->ref_count);
  g_mutex_init (&state->mutex);
  g_cond_init (&state->cond);
  g_weak_ref_init (&state->owner, self);
  state->context = g_main_context_ref (self->context);
  state->period_us = self->period_us;
  state->capacity = self->capacity;
  state->ring = g_new0 (IsobarLatencySample, state->capacity);
  state->stalls = g_array_new (FALSE, FALSE, sizeof (IsobarLateEvent));
  watchdog_state_clear_samples (state);
  if (!isobar_wake_pipe_open (state->wake_fds, &error))
    /* Out of file descriptors, say: the watchdog measures nothing (it
     * does not start), and everything else goes on. */
    g_warning ("The latency watchdog cannot measure: %s", error->message);

  self->state = state;
}

static void
isobar_latency_watchdog_dispose (GObject *object)
{
  IsobarLatencyWatchdog *self = ISOBAR_LATENCY_WATCHDOG (object);

  isobar_latency_watchdog_stop (self);
  if (self->state != NULL)
    g_weak_ref_set (&self->state->owner, NULL);

  G_OBJECT_CLASS (isobar_latency_watchdog_parent_class)->dispose (object);
}

static void
isobar_latency_watchdog_finalize (GObject *object)
{
  IsobarLatencyWatchdog *self = ISOBAR_LATENCY_WATCHDOG (object);

  g_clear_pointer (&self->state, watchdog_state_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->thread_mutex);

  G_OBJECT_CLASS (isobar_latency_watchdog_parent_class)->finalize (object);
}

static void
isobar_latency_watchdog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  IsobarLatencyWatchdog *self = ISOBAR_LATENCY_WATCHDOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_boxed (value, self->context);
      break;
    case PROP_PERIOD_US:
      g_value_set_uint (value, self->period_us);
      break;
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_latency_watchdog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  IsobarLatencyWatchdog *self = ISOBAR_LATENCY_WATCHDOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_boxed (value);
      break;
    case PROP_PERIOD_US:
      self->period_us = g_value_get_uint (value);
      break;
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_latency_watchdog_class_init (IsobarLatencyWatchdogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = isobar_latency_watchdog_constructed;
  object_class->dispose = isobar_latency_watchdog_dispose;
  object_class->finalize = isobar_latency_watchdog_finalize;
  object_class->get_property = isobar_latency_watchdog_get_property;
  object_class->set_property = isobar_latency_watchdog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL,
                        G_TYPE_MAIN_CONTEXT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD_US] =
    g_param_spec_uint ("period-us", NULL, NULL,
                       100, G_USEC_PER_SEC, ISOBAR_LATENCY_WATCHDOG_DEFAULT_PERIOD_US,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       1, 10 * 1000 * 1000, ISOBAR_LATENCY_WATCHDOG_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SAMPLE] =
    g_signal_new ("sample",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_DOUBLE);
}

static void
isobar_latency_watchdog_init (IsobarLatencyWatchdog *self)
{
  g_mutex_init (&self->thread_mutex);
  self->period_us = ISOBAR_LATENCY_WATCHDOG_DEFAULT_PERIOD_US;
  self->capacity = ISOBAR_LATENCY_WATCHDOG_DEFAULT_CAPACITY;
}

/**
 * isobar_latency_watchdog_new:
 * @context: (nullable): the context to watch; NULL for the global default
 *
 * A watchdog with the default period (5 ms) and trace capacity (6000
 * samples); use g_object_new() with "period-us" and "capacity" for others.
 */
IsobarLatencyWatchdog *
isobar_latency_watchdog_new (GMainContext *context)
{
  return g_object_new (ISOBAR_TYPE_LATENCY_WATCHDOG,
                       "context", context,
                       NULL);
}

void
isobar_latency_watchdog_start (IsobarLatencyWatchdog *self)
{
  WatchdogState *state;

  g_return_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self));

  state = self->state;
  g_mutex_lock (&self->thread_mutex);
  if (self->thread == NULL && state->wake_fds[0] >= 0)
    {
      g_mutex_lock (&state->mutex);
      state->running = TRUE;
      if (state->total_samples == 0)
        state->origin_us = g_get_monotonic_time ();
      g_mutex_unlock (&state->mutex);

      state->probe = g_unix_fd_source_new (state->wake_fds[0], G_IO_IN);
      g_source_set_priority (state->probe, G_PRIORITY_DEFAULT);
      g_source_set_static_name (state->probe, "[isobar] latency probe");
      g_source_set_callback (state->probe, G_SOURCE_FUNC (probe_cb), watchdog_state_ref (state),
                             (GDestroyNotify) watchdog_state_unref);
      g_source_attach (state->probe, state->context);

      self->thread = g_thread_new ("isobar-watchdog", watchdog_thread,
                                   watchdog_state_ref (state));
    }
  g_mutex_unlock (&self->thread_mutex);
}

void
isobar_latency_watchdog_stop (IsobarLatencyWatchdog *self)
{
  WatchdogState *state;
  GSource *probe;

  g_return_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self));

  state = self->state;
  g_mutex_lock (&self->thread_mutex);
  if (self->thread != NULL)
    {
      g_mutex_lock (&state->mutex);
      state->running = FALSE;
      g_cond_signal (&state->cond);
      g_mutex_unlock (&state->mutex);

      g_thread_join (g_steal_pointer (&self->thread));

      /* The thread is gone, so nothing can ask for a probe any more; drop
       * the one left waiting (its byte, if read later, finds none asked).
       * Stopped from the watched thread, that thread is busy right now: the
       * wait so far is a stall that really happened (a freeze that ends the
       * work being measured), so it is recorded, not lost. */
      g_mutex_lock (&state->mutex);
      probe = g_steal_pointer (&state->probe);
      if (state->probe_asked && g_main_context_is_owner (self->context))
        {
          IsobarLatencySample sample = { 0 };

          sample.time_us = state->asked_us;
          sample.lateness_us = MAX (0, g_get_monotonic_time () - state->asked_us);
          watchdog_state_record (state, &sample);
        }
      state->probe_asked = FALSE;
      g_mutex_unlock (&state->mutex);

      if (probe != NULL)
        {
          g_source_destroy (probe);
          g_source_unref (probe);
        }
    }
  g_mutex_unlock (&self->thread_mutex);
}

void
isobar_latency_watchdog_reset (IsobarLatencyWatchdog *self)
{
  g_return_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self));

  g_mutex_lock (&self->state->mutex);
  watchdog_state_clear_samples (self->state);
  g_mutex_unlock (&self->state->mutex);
}

gboolean
isobar_latency_watchdog_is_running (IsobarLatencyWatchdog *self)
{
  gboolean running;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), FALSE);

  g_mutex_lock (&self->thread_mutex);
  running = self->thread != NULL;
  g_mutex_unlock (&self->thread_mutex);

  return running;
}

GMainContext *
isobar_latency_watchdog_get_context (IsobarLatencyWatchdog *self)
{
  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), NULL);

  return self->context;
}

guint
isobar_latency_watchdog_get_period_us (IsobarLatencyWatchdog *self)
{
  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), 0);

  return self->period_us;
}

guint
isobar_latency_watchdog_get_capacity (IsobarLatencyWatchdog *self)
{
  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), 0);

  return self->capacity;
}

/* Called with the mutex held: the kept samples, oldest first. */
static GArray *
watchdog_state_copy_trace (WatchdogState *state)
{
  GArray *trace = g_array_sized_new (FALSE, FALSE, sizeof (IsobarLatencySample), state->count);
  guint first = (state->head + state->capacity - state->count) % state->capacity;

  for (guint i = 0; i < state->count; i++)
    g_array_append_val (trace, state->ring[(first + i) % state->capacity]);

  return trace;
}

IsobarLatencyStats *
isobar_latency_watchdog_get_stats (IsobarLatencyWatchdog *self)
{
  WatchdogState *state;
  g_autoptr(GArray) trace = NULL;
  IsobarLatencyStats *stats;
  guint total_samples, long_tasks;
  gint64 max_us, blocked_us;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), NULL);

  state = self->state;
  g_mutex_lock (&state->mutex);
  trace = watchdog_state_copy_trace (state);
  total_samples = state->total_samples;
  long_tasks = state->long_tasks;
  max_us = state->max_us;
  blocked_us = state->blocked_us;
  g_mutex_unlock (&state->mutex);

  /* Sorting happens outside the lock, so probes are never held up by it. */
  stats = g_new0 (IsobarLatencyStats, 1);
  isobar_latency_stats_compute_samples (stats, (const IsobarLatencySample *) trace->data, trace->len);
  stats->n_samples = total_samples;
  stats->max = (double) max_us / 1000.0;
  stats->long_tasks = long_tasks;
  stats->blocked_ms = (double) blocked_us / 1000.0;

  return stats;
}

GArray *
isobar_latency_watchdog_get_trace (IsobarLatencyWatchdog *self)
{
  GArray *trace;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), NULL);

  g_mutex_lock (&self->state->mutex);
  trace = watchdog_state_copy_trace (self->state);
  g_mutex_unlock (&self->state->mutex);

  return trace;
}

gint64
isobar_latency_watchdog_get_origin_us (IsobarLatencyWatchdog *self)
{
  gint64 origin_us;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), 0);

  g_mutex_lock (&self->state->mutex);
  origin_us = self->state->origin_us;
  g_mutex_unlock (&self->state->mutex);

  return origin_us;
}

double
isobar_latency_watchdog_get_current_stall_ms (IsobarLatencyWatchdog *self)
{
  double stall_ms = 0.0;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), 0.0);

  g_mutex_lock (&self->state->mutex);
  if (self->state->probe_asked)
    stall_ms = (double) (g_get_monotonic_time () - self->state->asked_us) / 1000.0;
  g_mutex_unlock (&self->state->mutex);

  return stall_ms;
}

GArray *
isobar_latency_watchdog_get_stalls (IsobarLatencyWatchdog *self)
{
  GArray *stalls;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_WATCHDOG (self), NULL);

  g_mutex_lock (&self->state->mutex);
  stalls = g_array_copy (self->state->stalls);
  g_mutex_unlock (&self->state->mutex);

  return stalls;
}
