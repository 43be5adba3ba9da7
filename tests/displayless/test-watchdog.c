/* test-watchdog.c: the main-loop lateness watchdog on a real main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include "isobar-latency-watchdog.h"
#include "test-util.h"

typedef struct
{
  IsobarLatencyWatchdog *watchdog;
  double                 stall_seen_ms;  /* current stall, asked mid-block */
  guint                  n_signals;
  gboolean               signal_off_thread;
  GThread               *loop_thread;
} Fixture;

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Runs @loop for @ms milliseconds. */
static void
run_loop_for (GMainLoop *loop,
              guint      ms)
{
  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

static gboolean
block_cb (gpointer data)
{
  Fixture *fixture = data;

  /* 300 ms of blocked main thread; halfway, the watchdog already knows. */
  g_usleep (150 * 1000);
  fixture->stall_seen_ms = isobar_latency_watchdog_get_current_stall_ms (fixture->watchdog);
  g_usleep (150 * 1000);

  return G_SOURCE_REMOVE;
}

static void
on_sample (IsobarLatencyWatchdog *watchdog,
           gint64                 time_us,
           double                 lateness_ms,
           gpointer               data)
{
  Fixture *fixture = data;

  fixture->n_signals++;
  if (g_thread_self () != fixture->loop_thread || lateness_ms < 0 || time_us <= 0)
    fixture->signal_off_thread = TRUE;
}

static void
test_block_is_one_long_task (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (NULL);
  g_autoptr(IsobarLatencyStats) stats = NULL;
  g_autoptr(GArray) trace = NULL;
  Fixture fixture = { watchdog, 0, 0, FALSE, g_thread_self () };
  guint n_over = 0;

  g_signal_connect (watchdog, "sample", G_CALLBACK (on_sample), &fixture);

  isobar_latency_watchdog_start (watchdog);
  g_assert_true (isobar_latency_watchdog_is_running (watchdog));
  g_timeout_add (100, block_cb, &fixture);
  run_loop_for (loop, 700);
  isobar_latency_watchdog_stop (watchdog);
  g_assert_false (isobar_latency_watchdog_is_running (watchdog));

  stats = isobar_latency_watchdog_get_stats (watchdog);
  g_test_message ("300 ms block: %u samples, p50 %.3f p95 %.3f p99 %.3f max %.3f ms, "
                  "%u long tasks, %.1f ms blocked, stall seen mid-block %.1f ms",
                  stats->n_samples, stats->p50, stats->p95, stats->p99, stats->max,
                  stats->long_tasks, stats->blocked_ms, fixture.stall_seen_ms);

  g_assert_cmpfloat (stats->max, >=, 250.0);
  g_assert_cmpfloat (stats->max, <=, 600.0);
  g_assert_cmpuint (stats->long_tasks, ==, 1);
  g_assert_cmpfloat (stats->blocked_ms, ==, stats->max);
  g_assert_cmpfloat (stats->p50, <, 20.0);
  g_assert_cmpuint (stats->n_samples, >=, 10);
  /* The watchdog kept measuring while the main thread was blocked. */
  g_assert_cmpfloat (fixture.stall_seen_ms, >=, 100.0);
  g_assert_cmpfloat (fixture.stall_seen_ms, <=, stats->max);

  /* The trace holds exactly one sample over 50 ms: the whole block. */
  trace = isobar_latency_watchdog_get_trace (watchdog);
  g_assert_cmpuint (trace->len, ==, stats->n_samples);
  for (guint i = 0; i < trace->len; i++)
    {
      if (g_array_index (trace, IsobarLatencySample, i).lateness_us >= 50000)
        n_over++;
    }
  g_assert_cmpuint (n_over, ==, 1);

  /* One signal per sample, on the loop's thread. */
  g_assert_cmpuint (fixture.n_signals, ==, stats->n_samples);
  g_assert_false (fixture.signal_off_thread);
}

static void
test_idle_has_no_long_task (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (NULL);
  g_autoptr(IsobarLatencyStats) stats = NULL;

  isobar_latency_watchdog_start (watchdog);
  run_loop_for (loop, 500);
  isobar_latency_watchdog_stop (watchdog);

  stats = isobar_latency_watchdog_get_stats (watchdog);
  g_test_message ("idle 500 ms: %u samples, p50 %.3f p99 %.3f max %.3f ms",
                  stats->n_samples, stats->p50, stats->p99, stats->max);

  g_assert_cmpuint (stats->long_tasks, ==, 0);
  g_assert_cmpfloat (stats->blocked_ms, ==, 0.0);
  g_assert_cmpfloat (stats->max, <, ISOBAR_LONG_TASK_MS);
  /* About 100 at 5 ms; far fewer would mean the probes are not flowing. */
  g_assert_cmpuint (stats->n_samples, >=, 20);
  g_assert_cmpuint (stats->n_samples, <=, 500 / 5 + 5);
}

static void
assert_stats_zero (const IsobarLatencyStats *stats)
{
  g_assert_cmpuint (stats->n_samples, ==, 0);
  g_assert_cmpfloat (stats->p50, ==, 0.0);
  g_assert_cmpfloat (stats->p95, ==, 0.0);
  g_assert_cmpfloat (stats->p99, ==, 0.0);
  g_assert_cmpfloat (stats->max, ==, 0.0);
  g_assert_cmpuint (stats->long_tasks, ==, 0);
  g_assert_cmpfloat (stats->blocked_ms, ==, 0.0);
}

static void
test_no_samples_is_zero (void)
{
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (NULL);
  g_autoptr(IsobarLatencyStats) stats = isobar_latency_watchdog_get_stats (watchdog);
  g_autoptr(GArray) trace = isobar_latency_watchdog_get_trace (watchdog);

  assert_stats_zero (stats);
  g_assert_cmpuint (trace->len, ==, 0);
  g_assert_cmpfloat (isobar_latency_watchdog_get_current_stall_ms (watchdog), ==, 0.0);
  g_assert_false (isobar_latency_watchdog_is_running (watchdog));
  g_assert_true (isobar_latency_watchdog_get_context (watchdog) == g_main_context_default ());
  g_assert_cmpuint (isobar_latency_watchdog_get_period_us (watchdog), ==, 5000);
}

static guint
n_samples_of (IsobarLatencyWatchdog *watchdog)
{
  g_autoptr(IsobarLatencyStats) stats = isobar_latency_watchdog_get_stats (watchdog);

  return stats->n_samples;
}

static void
test_stop_start_reset (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (NULL);
  g_autoptr(IsobarLatencyStats) stats = NULL;
  guint n_first, n_stopped;

  isobar_latency_watchdog_start (watchdog);
  isobar_latency_watchdog_start (watchdog);  /* twice is once */
  run_loop_for (loop, 100);
  isobar_latency_watchdog_stop (watchdog);
  n_first = n_samples_of (watchdog);
  g_assert_cmpuint (n_first, >, 0);

  /* Stopped: nothing more, even while the loop runs. */
  run_loop_for (loop, 100);
  n_stopped = n_samples_of (watchdog);
  g_assert_cmpuint (n_stopped, ==, n_first);
  isobar_latency_watchdog_stop (watchdog);  /* twice is harmless */

  /* Started again: counting goes on from where it was. */
  isobar_latency_watchdog_start (watchdog);
  run_loop_for (loop, 100);
  g_assert_cmpuint (n_samples_of (watchdog), >, n_stopped);

  /* Reset while running: zeros, then new samples. */
  isobar_latency_watchdog_reset (watchdog);
  stats = isobar_latency_watchdog_get_stats (watchdog);
  assert_stats_zero (stats);
  run_loop_for (loop, 100);
  g_assert_cmpuint (n_samples_of (watchdog), >, 0);
  isobar_latency_watchdog_stop (watchdog);
}

static void
test_trace_is_bounded (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(IsobarLatencyWatchdog) watchdog = g_object_new (ISOBAR_TYPE_LATENCY_WATCHDOG,
                                                             "period-us", 1000,
                                                             "capacity", 20,
                                                             NULL);
  g_autoptr(IsobarLatencyStats) stats = NULL;
  g_autoptr(GArray) trace = NULL;

  g_assert_cmpuint (isobar_latency_watchdog_get_capacity (watchdog), ==, 20);

  isobar_latency_watchdog_start (watchdog);
  run_loop_for (loop, 300);
  isobar_latency_watchdog_stop (watchdog);

  stats = isobar_latency_watchdog_get_stats (watchdog);
  trace = isobar_latency_watchdog_get_trace (watchdog);
  g_test_message ("1 ms period for 300 ms: %u samples, %u kept", stats->n_samples, trace->len);

  g_assert_cmpuint (stats->n_samples, >, 20);
  g_assert_cmpuint (trace->len, ==, 20);
  /* The most recent ones, oldest first. */
  for (guint i = 1; i < trace->len; i++)
    g_assert_cmpint (g_array_index (trace, IsobarLatencySample, i).time_us, >,
                     g_array_index (trace, IsobarLatencySample, i - 1).time_us);
  g_assert_cmpint (g_array_index (trace, IsobarLatencySample, 0).time_us, >=,
                   isobar_latency_watchdog_get_origin_us (watchdog));
}

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
} LoopThread;

static gboolean
block_200_cb (gpointer data)
{
  g_usleep (200 * 1000);
  return G_SOURCE_REMOVE;
}

static gpointer
loop_thread (gpointer data)
{
  LoopThread *lt = data;

  g_main_context_push_thread_default (lt->context);
  g_main_loop_run (lt->loop);
  g_main_context_pop_thread_default (lt->context);

  return NULL;
}

static void
test_other_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (context);
  g_autoptr(IsobarLatencyStats) stats = NULL;
  g_autoptr(GSource) block = g_timeout_source_new (50);
  g_autoptr(GSource) quit = g_timeout_source_new (400);
  LoopThread lt = { context, loop };
  GThread *thread;

  g_source_set_callback (block, block_200_cb, NULL, NULL);
  g_source_attach (block, context);
  g_source_set_callback (quit, quit_cb, loop, NULL);
  g_source_attach (quit, context);

  isobar_latency_watchdog_start (watchdog);
  thread = g_thread_new ("test-loop", loop_thread, &lt);
  g_thread_join (thread);
  isobar_latency_watchdog_stop (watchdog);

  stats = isobar_latency_watchdog_get_stats (watchdog);
  g_test_message ("other context, 200 ms block: max %.1f ms, %u long tasks",
                  stats->max, stats->long_tasks);
  g_assert_true (isobar_latency_watchdog_get_context (watchdog) == context);
  g_assert_cmpuint (stats->long_tasks, ==, 1);
  g_assert_cmpfloat (stats->max, >=, 150.0);
  g_assert_cmpfloat (stats->max, <=, 500.0);
}

/* The probe is one source for the watchdog's run: asking for a probe
 * attaches nothing to the context (attaching takes the context's lock and
 * wakes its thread while holding it, so the woken thread waited on it). */
static void
test_one_probe_source (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (context);
  g_autoptr(IsobarLatencyStats) stats = NULL;
  g_autoptr(GSource) quit = g_timeout_source_new (300);
  g_autoptr(GSource) after = g_idle_source_new ();
  guint first_id, after_id;

  g_source_set_callback (quit, quit_cb, loop, NULL);
  first_id = g_source_attach (quit, context);

  isobar_latency_watchdog_start (watchdog);
  g_main_loop_run (loop);
  stats = isobar_latency_watchdog_get_stats (watchdog);
  isobar_latency_watchdog_stop (watchdog);

  /* Source ids count every attach to the context. */
  after_id = g_source_attach (after, context);
  g_test_message ("%u probes in 300 ms; sources attached meanwhile: %u",
                  stats->n_samples, after_id - first_id - 1);
  g_assert_cmpuint (stats->n_samples, >=, 10);
  g_assert_cmpuint (after_id - first_id - 1, ==, 1);
  g_source_destroy (after);
}

/* Without a file descriptor to spare, the watchdog says so and measures
 * nothing; the program goes on. */
static void
test_no_pipe (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(IsobarLatencyWatchdog) watchdog = NULL;
      g_autoptr(IsobarLatencyStats) stats = NULL;
      /* The context first: GLib cannot make one without a descriptor. */
      GMainContext *context = g_main_context_default ();
      GArray *taken = test_take_all_descriptors ();

      /* The warning is the point here, not a failure (the parent reads it). */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      watchdog = isobar_latency_watchdog_new (context);
      isobar_latency_watchdog_start (watchdog);
      g_assert_false (isobar_latency_watchdog_is_running (watchdog));
      g_usleep (20 * 1000);
      isobar_latency_watchdog_stop (watchdog);
      stats = isobar_latency_watchdog_get_stats (watchdog);
      g_assert_cmpuint (stats->n_samples, ==, 0);
      test_give_back_descriptors (taken);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*The latency watchdog cannot measure: *");
}

static void
test_dispose_with_probe_outstanding (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  IsobarLatencyWatchdog *watchdog = isobar_latency_watchdog_new (context);
  g_autoptr(IsobarLatencyStats) stats = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* Nobody iterates the context: the first probe stays outstanding. */
  isobar_latency_watchdog_start (watchdog);
  while (isobar_latency_watchdog_get_current_stall_ms (watchdog) < 20.0 &&
         g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpfloat (isobar_latency_watchdog_get_current_stall_ms (watchdog), >=, 20.0);
  stats = isobar_latency_watchdog_get_stats (watchdog);
  g_assert_cmpuint (stats->n_samples, ==, 0);

  /* Dropping the last reference joins the thread and removes the probe. */
  g_object_unref (watchdog);
  g_assert_false (g_main_context_pending (context));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/watchdog/block-is-one-long-task", test_block_is_one_long_task);
  g_test_add_func ("/watchdog/idle", test_idle_has_no_long_task);
  g_test_add_func ("/watchdog/no-samples", test_no_samples_is_zero);
  g_test_add_func ("/watchdog/stop-start-reset", test_stop_start_reset);
  g_test_add_func ("/watchdog/trace-is-bounded", test_trace_is_bounded);
  g_test_add_func ("/watchdog/other-context", test_other_context);
  g_test_add_func ("/watchdog/dispose-with-probe-outstanding", test_dispose_with_probe_outstanding);
  g_test_add_func ("/watchdog/one-probe-source", test_one_probe_source);
  g_test_add_func ("/watchdog/no-pipe", test_no_pipe);

  return g_test_run ();
}
