/* isobar-frame-meter.c: frames and input delay, measured in a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-frame-meter.h"
#include "isobar-frame-phases.h"

/* How often the live figures start over, and how far back the live input
 * delay looks. */
#define LIVE_PERIOD_US  G_USEC_PER_SEC
#define INPUT_WINDOW_US (5 * G_USEC_PER_SEC)

/* Event timestamps are milliseconds of CLOCK_MONOTONIC on X.Org, Xvfb and
 * Wayland compositors, as g_get_monotonic_time() is. A timestamp further
 * back than a minute, or ahead by more than a coarse clock's tick, comes
 * from another clock (or none, as in synthetic events): not measured. */
#define MAX_INPUT_DELAY_MS 60000
#define MIN_INPUT_DELAY_MS (-20)

/* The longest late frames a run keeps explained. */
#define MAX_LATE_FRAMES 20

typedef struct
{
  gint64 time_us;
  double delay_ms;
} InputDelay;

struct _IsobarFrameMeter
{
  GObject             parent_instance;

  /* Borrowed */
  GtkWidget          *widget;            /* (weak) */
  GtkEventController *controller;        /* (owned by the widget) */
  guint               tick_id;           /* 0 while the widget is not mapped */
  IsobarFramePhases  *phases;            /* (owned) (nullable) while mapped */

  /* Owned */
  IsobarFrameStats   *live;              /* the second in progress */
  gint64              live_start_us;
  IsobarRunFrames     live_figures;      /* the last full second */
  GArray             *input_delays;      /* InputDelay, the last 5 s */
  double              last_input_delay_ms;

  IsobarFrameStats   *run;
  gboolean            in_run;
  gint64              run_start_us;
  gint64              last_cpu_us;       /* the thread's CPU time at the last frame */
  gint64              last_queued_us;    /* and its time waiting for a core */
  GArray             *late_frames;       /* IsobarLateEvent, of the run */
};

static void isobar_frame_meter_recorder_init (IsobarFrameRecorderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IsobarFrameMeter, isobar_frame_meter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ISOBAR_TYPE_FRAME_RECORDER,
                                                      isobar_frame_meter_recorder_init))

enum {
  PROP_0,
  PROP_WIDGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A frame that missed a refresh: what the loop did since the last one. */
static void
explain_late_frame (IsobarFrameMeter *self,
                    gint64            last_us,
                    gint64            now,
                    gint64            cpu_us,
                    gint64            queued_us)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("late frame explained"));
  IsobarLateEvent event;

  isobar_loop_log_explain (last_us, now, &event);
  if (cpu_us >= 0 && self->last_cpu_us >= 0)
    event.cpu_ms = (cpu_us - self->last_cpu_us) / 1000.0;
  if (queued_us >= 0 && self->last_queued_us >= 0)
    event.queued_ms = (queued_us - self->last_queued_us) / 1000.0;
  event.at_ms = (now - self->run_start_us) / 1000.0;
  isobar_late_event_log ("late frame", &event);
  isobar_late_events_keep_longest (self->late_frames, &event, MAX_LATE_FRAMES);
}

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  IsobarFrameMeter *self = ISOBAR_FRAME_METER (user_data);
  /* When the frame is handled, not the clock's smoothed frame time: a stall
   * must show as the gap it was. */
  gint64 now = g_get_monotonic_time ();

  isobar_frame_stats_add_frame (self->live, now);
  if (self->in_run)
    {
      /* The run's own idea of the last frame, so that the frames explained
       * are the slow frames it counts. */
      gint64 last_us = isobar_frame_stats_get_last_frame (self->run);

      gint64 cpu_us = isobar_loop_log_thread_cpu_us ();
      gint64 queued_us = isobar_loop_log_thread_queued_us ();

      isobar_frame_stats_add_frame (self->run, now);
      if ((now - last_us) / 1000.0 > ISOBAR_SLOW_FRAME_MS)
        explain_late_frame (self, last_us, now, cpu_us, queued_us);
      self->last_cpu_us = cpu_us;
      self->last_queued_us = queued_us;
    }

  /* The second closes at a frame, so no frame straddles two seconds. */
  if (now - self->live_start_us >= LIVE_PERIOD_US)
    {
      isobar_frame_stats_get (self->live, now, &self->live_figures);
      isobar_frame_stats_start (self->live, now);
      self->live_start_us = now;
      g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
    }

  return G_SOURCE_CONTINUE;
}

static void
on_widget_map (IsobarFrameMeter *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->tick_id != 0)
    return;

  /* The time it was hidden is no frame. */
  isobar_frame_stats_start (self->live, now);
  self->live_start_us = now;
  if (self->in_run)
    isobar_frame_stats_resync (self->run, now);

  self->tick_id = gtk_widget_add_tick_callback (self->widget, on_tick, self, NULL);
  self->phases = isobar_frame_phases_new (gtk_widget_get_frame_clock (self->widget));
}

static void
on_widget_unmap (IsobarFrameMeter *self)
{
  if (self->tick_id == 0)
    return;

  gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  self->tick_id = 0;
  g_clear_pointer (&self->phases, isobar_frame_phases_free);
}

static void
prune_input_delays (IsobarFrameMeter *self,
                    gint64            now)
{
  guint old = 0;

  while (old < self->input_delays->len &&
         now - g_array_index (self->input_delays, InputDelay, old).time_us > INPUT_WINDOW_US)
    old++;

  if (old > 0)
    g_array_remove_range (self->input_delays, 0, old);
}

static gboolean
is_measured_input (GdkEvent *event)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_event (IsobarFrameMeter        *self,
          GdkEvent                *event,
          GtkEventControllerLegacy *controller)
{
  gint64 now = g_get_monotonic_time ();
  guint32 event_ms;
  gint32 delta_ms;
  InputDelay input;

  if (!is_measured_input (event))
    return GDK_EVENT_PROPAGATE;

  /* Both in ms of the same clock, the event's wrapped to 32 bits. */
  event_ms = gdk_event_get_time (event);
  delta_ms = (gint32) ((guint32) (now / 1000) - event_ms);
  if (event_ms == GDK_CURRENT_TIME || delta_ms < MIN_INPUT_DELAY_MS || delta_ms > MAX_INPUT_DELAY_MS)
    {
      g_debug ("Input event at %u ms, now %u ms: another clock, not measured",
               event_ms, (guint32) (now / 1000));
      return GDK_EVENT_PROPAGATE;
    }

  /* The event's millisecond is truncated; so is now's, add its fraction. */
  input.time_us = now;
  input.delay_ms = MAX (delta_ms + (now % 1000) / 1000.0, 0.0);

  prune_input_delays (self, now);
  g_array_append_val (self->input_delays, input);
  self->last_input_delay_ms = input.delay_ms;
  if (self->in_run)
    isobar_frame_stats_add_input_delay (self->run, input.delay_ms);

  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);

  return GDK_EVENT_PROPAGATE;
}

static void
isobar_frame_meter_set_widget (IsobarFrameMeter *self,
                               GtkWidget        *widget)
{
  g_assert (self->widget == NULL);

  if (widget == NULL)
    return;

  self->widget = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->widget);

  /* Capture phase: the event is timed before any widget handles it, and
   * still reaches them. */
  self->controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_name (self->controller, "isobar-frame-meter");
  gtk_event_controller_set_propagation_phase (self->controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (self->controller, "event", G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, self->controller);

  g_signal_connect_object (widget, "map", G_CALLBACK (on_widget_map), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (widget, "unmap", G_CALLBACK (on_widget_unmap), self, G_CONNECT_SWAPPED);
  if (gtk_widget_get_mapped (widget))
    on_widget_map (self);
}

static void
isobar_frame_meter_dispose (GObject *object)
{
  IsobarFrameMeter *self = ISOBAR_FRAME_METER (object);

  if (self->widget != NULL)
    {
      on_widget_unmap (self);
      g_signal_handlers_disconnect_by_data (self->widget, self);
      gtk_widget_remove_controller (self->widget, self->controller);
      g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
      self->widget = NULL;
    }
  self->controller = NULL;
  self->tick_id = 0;

  G_OBJECT_CLASS (isobar_frame_meter_parent_class)->dispose (object);
}

static void
isobar_frame_meter_finalize (GObject *object)
{
  IsobarFrameMeter *self = ISOBAR_FRAME_METER (object);

  g_clear_pointer (&self->live, isobar_frame_stats_free);
  g_clear_pointer (&self->run, isobar_frame_stats_free);
  g_clear_pointer (&self->input_delays, g_array_unref);
  g_clear_pointer (&self->late_frames, g_array_unref);

  G_OBJECT_CLASS (isobar_frame_meter_parent_class)->finalize (object);
}

static void
isobar_frame_meter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IsobarFrameMeter *self = ISOBAR_FRAME_METER (object);

  switch (prop_id)
    {
    case PROP_WIDGET:
      g_value_set_object (value, self->widget);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_frame_meter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IsobarFrameMeter *self = ISOBAR_FRAME_METER (object);

  switch (prop_id)
    {
    case PROP_WIDGET:
      isobar_frame_meter_set_widget (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_frame_meter_class_init (IsobarFrameMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_frame_meter_dispose;
  object_class->finalize = isobar_frame_meter_finalize;
  object_class->get_property = isobar_frame_meter_get_property;
  object_class->set_property = isobar_frame_meter_set_property;

  properties[PROP_WIDGET] =
    g_param_spec_object ("widget", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
isobar_frame_meter_init (IsobarFrameMeter *self)
{
  self->live = isobar_frame_stats_new ();
  self->live_start_us = g_get_monotonic_time ();
  isobar_frame_stats_start (self->live, self->live_start_us);
  self->run = isobar_frame_stats_new ();
  self->input_delays = g_array_new (FALSE, FALSE, sizeof (InputDelay));
  self->late_frames = g_array_new (FALSE, FALSE, sizeof (IsobarLateEvent));
  self->last_input_delay_ms = -1;
}

IsobarFrameMeter *
isobar_frame_meter_new (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_new (ISOBAR_TYPE_FRAME_METER,
                       "widget", widget,
                       NULL);
}

GtkWidget *
isobar_frame_meter_get_widget (IsobarFrameMeter *self)
{
  g_return_val_if_fail (ISOBAR_IS_FRAME_METER (self), NULL);

  return self->widget;
}

void
isobar_frame_meter_get_live (IsobarFrameMeter *self,
                             IsobarRunFrames  *frames)
{
  g_return_if_fail (ISOBAR_IS_FRAME_METER (self));
  g_return_if_fail (frames != NULL);

  *frames = self->live_figures;

  prune_input_delays (self, g_get_monotonic_time ());
  frames->has_input_delay = self->input_delays->len > 0;
  frames->n_input_events = self->input_delays->len;
  frames->input_delay_ms = 0;
  for (guint i = 0; i < self->input_delays->len; i++)
    frames->input_delay_ms = MAX (frames->input_delay_ms,
                                  g_array_index (self->input_delays, InputDelay, i).delay_ms);
}

double
isobar_frame_meter_get_last_input_delay (IsobarFrameMeter *self)
{
  g_return_val_if_fail (ISOBAR_IS_FRAME_METER (self), -1);

  return self->last_input_delay_ms;
}

const char *
isobar_frame_meter_get_renderer (IsobarFrameMeter *self)
{
  static const struct
  {
    const char *type_name;
    const char *id;
  } renderers[] = {
    { "GskCairoRenderer", "cairo" },
    { "GskGLRenderer", "gl" },
    { "GskNglRenderer", "ngl" },
    { "GskVulkanRenderer", "vulkan" },
  };
  GtkNative *native;
  GskRenderer *renderer;
  const char *type_name;

  g_return_val_if_fail (ISOBAR_IS_FRAME_METER (self), NULL);

  if (self->widget == NULL || (native = gtk_widget_get_native (self->widget)) == NULL ||
      (renderer = gtk_native_get_renderer (native)) == NULL)
    return NULL;

  /* The ids GSK_RENDERER takes. */
  type_name = G_OBJECT_TYPE_NAME (renderer);
  for (gsize i = 0; i < G_N_ELEMENTS (renderers); i++)
    if (g_str_equal (type_name, renderers[i].type_name))
      return renderers[i].id;
  return type_name;
}

void
isobar_frame_meter_begin_run (IsobarFrameMeter *self)
{
  g_return_if_fail (ISOBAR_IS_FRAME_METER (self));

  self->run_start_us = g_get_monotonic_time ();
  isobar_frame_stats_start (self->run, self->run_start_us);
  g_array_set_size (self->late_frames, 0);
  self->last_cpu_us = isobar_loop_log_thread_cpu_us ();
  self->last_queued_us = isobar_loop_log_thread_queued_us ();
  self->in_run = TRUE;
}

void
isobar_frame_meter_end_run (IsobarFrameMeter *self,
                            IsobarRunFrames  *frames)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (ISOBAR_IS_FRAME_METER (self));
  g_return_if_fail (frames != NULL);

  if (!self->in_run)
    {
      *frames = (IsobarRunFrames) { 0 };
      return;
    }

  /* A hidden window is not a frozen one: no frame is in progress. */
  if (self->tick_id == 0)
    isobar_frame_stats_resync (self->run, now);

  isobar_frame_stats_get (self->run, now, frames);
  self->in_run = FALSE;
}

GArray *
isobar_frame_meter_get_late_frames (IsobarFrameMeter *self)
{
  g_return_val_if_fail (ISOBAR_IS_FRAME_METER (self), NULL);

  return self->late_frames;
}

gint64
isobar_frame_meter_get_run_start (IsobarFrameMeter *self)
{
  g_return_val_if_fail (ISOBAR_IS_FRAME_METER (self), 0);

  return self->run_start_us;
}

/* IsobarFrameRecorder: the run controller's view of the meter. */

static void
recorder_begin_run (IsobarFrameRecorder *recorder)
{
  isobar_frame_meter_begin_run (ISOBAR_FRAME_METER (recorder));
}

static void
recorder_end_run (IsobarFrameRecorder *recorder,
                  IsobarRunFrames     *frames)
{
  isobar_frame_meter_end_run (ISOBAR_FRAME_METER (recorder), frames);
}

static gint64
recorder_get_run_start (IsobarFrameRecorder *recorder)
{
  return isobar_frame_meter_get_run_start (ISOBAR_FRAME_METER (recorder));
}

static GArray *
recorder_get_late_frames (IsobarFrameRecorder *recorder)
{
  return isobar_frame_meter_get_late_frames (ISOBAR_FRAME_METER (recorder));
}

static const char *
recorder_get_renderer (IsobarFrameRecorder *recorder)
{
  return isobar_frame_meter_get_renderer (ISOBAR_FRAME_METER (recorder));
}

static void
isobar_frame_meter_recorder_init (IsobarFrameRecorderInterface *iface)
{
  iface->begin_run = recorder_begin_run;
  iface->end_run = recorder_end_run;
  iface->get_run_start = recorder_get_run_start;
  iface->get_late_frames = recorder_get_late_frames;
  iface->get_renderer = recorder_get_renderer;
}
