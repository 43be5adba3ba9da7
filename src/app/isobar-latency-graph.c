/* isobar-latency-graph.c: the live graph of main-loop lateness: the class,
 * its samples and the 30 s window over them, the summary in words, the
 * timers that keep it moving while mapped, and the watchdog it follows.
 * Drawing it is in isobar-latency-graph-paint.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "isobar-draw-mark.h"
#include "isobar-latency-graph-private.h"
#include "isobar-run-metric.h"

/* How often the picture and the words follow new samples, ms */
#define REDRAW_INTERVAL     100
#define REDRAW_INTERVAL_STILL 1000
#define SUMMARY_INTERVAL    250

G_DEFINE_FINAL_TYPE (IsobarLatencyGraph, isobar_latency_graph, ISOBAR_TYPE_CHART)

const Sample *
_isobar_latency_graph_sample_at (IsobarLatencyGraph *self,
                                 guint               i)
{
  return &self->ring[(self->head + i) % RING_CAPACITY];
}

gint64
_isobar_latency_graph_sample_end (const Sample *sample)
{
  return sample->time_us + (gint64) (sample->lateness_ms * 1000.0);
}

static gboolean
in_window (const Sample *sample,
           gint64        now)
{
  return _isobar_latency_graph_sample_end (sample) >= now - WINDOW_US;
}

/* Samples arrive in order: the expired ones are at the head. */
static void
prune (IsobarLatencyGraph *self,
       gint64              now)
{
  while (self->length > 0 && !in_window (_isobar_latency_graph_sample_at (self, 0), now))
    {
      self->head = (self->head + 1) % RING_CAPACITY;
      self->length--;
    }
}

/* Summary */

static char *
build_summary (IsobarLatencyGraph *self,
               gint64              now,
               gint64             *expiry)
{
  g_autoptr(GArray) values = g_array_sized_new (FALSE, FALSE, sizeof (double), self->length);
  g_autofree char *worst = NULL;
  g_autofree char *median = NULL;
  g_autofree char *stalls = NULL;
  IsobarLatencyStats stats;

  *expiry = G_MAXINT64;
  for (guint i = 0; i < self->length; i++)
    if (in_window (_isobar_latency_graph_sample_at (self, i), now))
      {
        g_array_append_val (values, _isobar_latency_graph_sample_at (self, i)->lateness_ms);
        *expiry = MIN (*expiry,
                       _isobar_latency_graph_sample_end (_isobar_latency_graph_sample_at (self, i)) + WINDOW_US);
      }

  if (values->len == 0)
    return g_strdup (_("No measurements yet"));

  isobar_latency_stats_compute (&stats, (const double *) values->data, values->len);
  worst = isobar_run_metric_format_ms (stats.max);
  median = isobar_run_metric_format_ms (stats.p50);
  /* Translators: stalls are stretches when the app did not respond */
  stalls = g_strdup_printf (ngettext ("%u stall over 50 ms", "%u stalls over 50 ms", stats.long_tasks),
                            stats.long_tasks);

  /* Translators: the lateness graph in words: "Worst 2.3 s; 4 stalls over
   * 50 ms; median 0.2 ms" */
  return g_strdup_printf (_("Worst %s; %s; median %s"), worst, stalls, median);
}

const char *
isobar_latency_graph_get_summary (IsobarLatencyGraph *self)
{
  gint64 now;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_GRAPH (self), NULL);

  /* The words change with a new sample, or when one leaves the window. */
  now = g_get_monotonic_time ();
  if (!self->summary_valid || now > self->summary_expiry)
    {
      g_free (self->summary);
      self->summary = build_summary (self, now, &self->summary_expiry);
      self->summary_valid = TRUE;
    }

  return self->summary;
}

static void
update_accessible (IsobarLatencyGraph *self)
{
  const char *summary = isobar_latency_graph_get_summary (self);

  if (g_strcmp0 (summary, self->description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

/* Timers: only while mapped, so a hidden graph costs nothing but the
 * bookkeeping of its samples. */

static gboolean
redraw_cb (gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency graph updated"));
  IsobarLatencyGraph *self = user_data;

  self->redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static gboolean
accessible_cb (gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency graph summary updated"));
  IsobarLatencyGraph *self = user_data;

  self->accessible_id = 0;
  update_accessible (self);

  return G_SOURCE_REMOVE;
}

/* Keeps the graph scrolling when no sample arrives (a stalled or stopped
 * watchdog), and the words current as samples age out. */
static gboolean
tick_cb (gpointer user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency graph updated"));
  IsobarLatencyGraph *self = user_data;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible (self);

  return G_SOURCE_CONTINUE;
}

static gboolean
animations_enabled (IsobarLatencyGraph *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);

  return enabled;
}

static void
schedule_updates (IsobarLatencyGraph *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  /* Without animations the graph moves in one-second steps. */
  if (self->redraw_id == 0)
    self->redraw_id = g_timeout_add (animations_enabled (self) ? REDRAW_INTERVAL : REDRAW_INTERVAL_STILL,
                                     redraw_cb, self);
  if (self->accessible_id == 0)
    self->accessible_id = g_timeout_add (SUMMARY_INTERVAL, accessible_cb, self);
}

static void
stop_timers (IsobarLatencyGraph *self)
{
  g_clear_handle_id (&self->redraw_id, g_source_remove);
  g_clear_handle_id (&self->accessible_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

/* Samples */

static void
append (IsobarLatencyGraph *self,
        gint64              time_us,
        double              lateness_ms)
{
  if (!isfinite (lateness_ms))
    return;

  if (self->length == RING_CAPACITY)
    {
      self->head = (self->head + 1) % RING_CAPACITY;
      self->length--;
    }

  self->ring[(self->head + self->length) % RING_CAPACITY] = (Sample) { time_us, MAX (lateness_ms, 0.0) };
  self->length++;
  self->summary_valid = FALSE;
}

void
isobar_latency_graph_add_sample (IsobarLatencyGraph *self,
                                 gint64              time_us,
                                 double              lateness_ms)
{
  g_return_if_fail (ISOBAR_IS_LATENCY_GRAPH (self));

  append (self, time_us, lateness_ms);
  prune (self, g_get_monotonic_time ());
  schedule_updates (self);
}

void
isobar_latency_graph_clear (IsobarLatencyGraph *self)
{
  g_return_if_fail (ISOBAR_IS_LATENCY_GRAPH (self));

  self->head = 0;
  self->length = 0;
  self->summary_valid = FALSE;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
isobar_latency_graph_get_n_samples (IsobarLatencyGraph *self)
{
  gint64 now;
  guint n = 0;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_GRAPH (self), 0);

  now = g_get_monotonic_time ();
  for (guint i = 0; i < self->length; i++)
    if (in_window (_isobar_latency_graph_sample_at (self, i), now))
      n++;

  return n;
}

double
isobar_latency_graph_get_max_ms (IsobarLatencyGraph *self)
{
  gint64 now;
  double max = 0;

  g_return_val_if_fail (ISOBAR_IS_LATENCY_GRAPH (self), 0);

  now = g_get_monotonic_time ();
  for (guint i = 0; i < self->length; i++)
    if (in_window (_isobar_latency_graph_sample_at (self, i), now))
      max = MAX (max, _isobar_latency_graph_sample_at (self, i)->lateness_ms);

  return max;
}

static void
on_sample (IsobarLatencyGraph    *self,
           gint64                 time_us,
           double                 lateness_ms,
           IsobarLatencyWatchdog *watchdog)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("latency sample shown"));
  isobar_latency_graph_add_sample (self, time_us, lateness_ms);
}

void
isobar_latency_graph_set_watchdog (IsobarLatencyGraph    *self,
                                   IsobarLatencyWatchdog *watchdog)
{
  g_autoptr(GArray) trace = NULL;

  g_return_if_fail (ISOBAR_IS_LATENCY_GRAPH (self));
  g_return_if_fail (watchdog == NULL || ISOBAR_IS_LATENCY_WATCHDOG (watchdog));

  if (self->watchdog == watchdog)
    return;

  g_clear_signal_handler (&self->sample_handler, self->watchdog);
  g_clear_object (&self->watchdog);

  if (watchdog == NULL)
    return;

  self->watchdog = g_object_ref (watchdog);
  self->head = 0;
  self->length = 0;

  trace = isobar_latency_watchdog_get_trace (watchdog);
  for (guint i = 0; i < trace->len; i++)
    {
      const IsobarLatencySample *sample = &g_array_index (trace, IsobarLatencySample, i);

      append (self, sample->time_us, sample->lateness_us / 1000.0);
    }
  prune (self, g_get_monotonic_time ());

  self->sample_handler = g_signal_connect_swapped (watchdog, "sample", G_CALLBACK (on_sample), self);

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

IsobarLatencyWatchdog *
isobar_latency_graph_get_watchdog (IsobarLatencyGraph *self)
{
  g_return_val_if_fail (ISOBAR_IS_LATENCY_GRAPH (self), NULL);

  return self->watchdog;
}

/* The widget */

static void
isobar_latency_graph_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  g_auto (IsobarDrawMark) mark = ISOBAR_DRAW_MARK (N_("latency graph drawn"), widget);
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (widget);
  Layout l;

  if (!_isobar_latency_graph_compute_layout (self, &l))
    return;

  prune (self, l.now);
  _isobar_latency_graph_paint (self, snapshot, &l);
}

static char *
isobar_latency_graph_describe_at (IsobarChart *chart,
                                  double       x,
                                  double       y)
{
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (chart);
  const Sample *worst = NULL;
  g_autofree char *lateness = NULL;
  g_autofree char *text = NULL;
  Layout l;
  int column, seconds;

  if (!_isobar_latency_graph_compute_layout (self, &l))
    return NULL;

  column = (int) floor (x - l.left);
  if (column < 0 || column >= l.n_columns)
    return NULL;

  for (guint i = 0; i < self->length; i++)
    {
      const Sample *sample = _isobar_latency_graph_sample_at (self, i);
      int first, last;

      if (_isobar_latency_graph_sample_columns (&l, sample, &first, &last) &&
          first <= column && column <= last &&
          (worst == NULL || sample->lateness_ms > worst->lateness_ms))
        worst = sample;
    }

  if (worst == NULL)
    return NULL;

  lateness = isobar_run_metric_format_ms (worst->lateness_ms);
  seconds = (int) MAX (0, (l.now - worst->time_us) / G_USEC_PER_SEC);
  /* Translators: a tooltip on the lateness graph: "2.3 s late, 12 seconds ago" */
  text = g_strdup_printf (ngettext ("%s late, %d second ago", "%s late, %d seconds ago", seconds),
                          lateness, seconds);
  return g_steal_pointer (&text);
}

static void
isobar_latency_graph_map (GtkWidget *widget)
{
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (widget);

  GTK_WIDGET_CLASS (isobar_latency_graph_parent_class)->map (widget);

  update_accessible (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

static void
isobar_latency_graph_unmap (GtkWidget *widget)
{
  stop_timers (ISOBAR_LATENCY_GRAPH (widget));

  GTK_WIDGET_CLASS (isobar_latency_graph_parent_class)->unmap (widget);
}

static void
isobar_latency_graph_dispose (GObject *object)
{
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (object);

  stop_timers (self);
  g_clear_signal_handler (&self->sample_handler, self->watchdog);
  g_clear_object (&self->watchdog);

  G_OBJECT_CLASS (isobar_latency_graph_parent_class)->dispose (object);
}

static void
isobar_latency_graph_finalize (GObject *object)
{
  IsobarLatencyGraph *self = ISOBAR_LATENCY_GRAPH (object);

  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->below, isobar_chart_layer_free);
  g_clear_pointer (&self->above, isobar_chart_layer_free);

  G_OBJECT_CLASS (isobar_latency_graph_parent_class)->finalize (object);
}

static void
isobar_latency_graph_class_init (IsobarLatencyGraphClass *klass)
{
  IsobarChartClass *chart_class = ISOBAR_CHART_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isobar_latency_graph_dispose;
  object_class->finalize = isobar_latency_graph_finalize;

  widget_class->snapshot = isobar_latency_graph_snapshot;
  widget_class->map = isobar_latency_graph_map;
  widget_class->unmap = isobar_latency_graph_unmap;

  chart_class->describe_at = isobar_latency_graph_describe_at;
  isobar_chart_class_set_size (chart_class, 240, 720, 170, 200);

  gtk_widget_class_set_css_name (widget_class, "isobar-latency-graph");
}

static void
isobar_latency_graph_init (IsobarLatencyGraph *self)
{
  self->ring = g_new (Sample, RING_CAPACITY);
  self->below = isobar_chart_layer_new ();
  self->above = isobar_chart_layer_new ();


  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main-loop lateness, last 30 seconds"),
                                  -1);
  update_accessible (self);
}

GtkWidget *
isobar_latency_graph_new (void)
{
  return g_object_new (ISOBAR_TYPE_LATENCY_GRAPH, NULL);
}
