/* test-loop-log.c: what the main loop spent its time on, and how a late
 * event is explained from it; and the stalls the watchdog explains.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sched.h>

#include "isobar-core.h"

/* Nested pieces: each is charged with its own time only. */
static void
test_nested (void)
{
  gint64 from = g_get_monotonic_time ();
  gint64 outer, inner;
  IsobarLateEvent event;
  const IsobarLateCause *cause;

  outer = isobar_loop_log_begin ();
  g_assert_cmpint (outer, >, 0);
  inner = isobar_loop_log_begin ();
  g_usleep (40 * 1000);
  isobar_loop_log_end_area (inner, "inner", 640, 480);
  g_usleep (20 * 1000);
  isobar_loop_log_end (outer, "outer");
  isobar_loop_log_explain (from, g_get_monotonic_time (), &event);

  g_assert_cmpuint (event.n_causes, ==, 2);
  g_assert_cmpstr (event.causes[0].what, ==, "inner");
  cause = isobar_late_event_find_cause (&event, "inner");
  g_assert_cmpfloat (cause->ms, >=, 40);
  g_assert_cmpuint (cause->width, ==, 640);
  g_assert_cmpuint (cause->height, ==, 480);
  cause = isobar_late_event_find_cause (&event, "outer");
  g_assert_cmpfloat (cause->ms, >=, 20);
  g_assert_cmpfloat (cause->ms, <, 40);
  g_assert_cmpfloat (event.ms, >=, 60);
  g_assert_cmpfloat (event.other_ms, <, event.ms);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* The loop sleeping in poll is idle, not a cause. */
static void
test_idle (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gint64 from = g_get_monotonic_time ();
  IsobarLateEvent event;

  g_timeout_add (50, quit_cb, loop);
  g_main_loop_run (loop);
  isobar_loop_log_explain (from, g_get_monotonic_time (), &event);

  g_assert_cmpfloat (event.idle_ms, >=, 40);
  g_assert_null (isobar_late_event_find_cause (&event, "idle"));
}

/* Elsewhere than the logged thread nothing is logged or explained. */
static gpointer
other_thread (gpointer data)
{
  IsobarLateEvent event;

  g_assert_false (isobar_loop_log_is_here ());
  g_assert_cmpint (isobar_loop_log_begin (), ==, 0);
  isobar_loop_log_explain (g_get_monotonic_time () - 1000, g_get_monotonic_time (), &event);
  g_assert_cmpuint (event.n_causes, ==, 0);
  return NULL;
}

static void
test_other_thread (void)
{
  g_thread_join (g_thread_new ("other", other_thread, NULL));
}

/* A long task blocking the watched loop is explained by what ran. */
static gboolean
block_cb (gpointer data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK ("blocking callback");

  g_usleep (120 * 1000);
  return G_SOURCE_REMOVE;
}

static void
test_watchdog_stall (void)
{
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GArray) stalls = NULL;
  const IsobarLateCause *cause;

  isobar_latency_watchdog_start (watchdog);
  g_timeout_add (50, block_cb, NULL);
  g_timeout_add (400, quit_cb, loop);
  g_main_loop_run (loop);
  isobar_latency_watchdog_stop (watchdog);

  stalls = isobar_latency_watchdog_get_stalls (watchdog);
  g_assert_cmpuint (stalls->len, >=, 1);
  /* On a busy machine the loop may also stall before the callback: the
   * callback's stall is one of them, not necessarily the first. */
  cause = NULL;
  for (guint i = 0; i < stalls->len && cause == NULL; i++)
    cause = isobar_late_event_find_cause (&g_array_index (stalls, IsobarLateEvent, i), "blocking callback");
  g_assert_nonnull (cause);
  g_assert_cmpfloat (cause->ms, >=, ISOBAR_LONG_TASK_MS);
}

static void
test_keep_longest (void)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (IsobarLateEvent));
  double lengths[] = { 30, 80, 40, 90, 35 };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      IsobarLateEvent event = { .at_ms = i, .ms = lengths[i] };

      isobar_late_events_keep_longest (events, &event, 3);
    }

  /* The three longest, oldest first. */
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpfloat (g_array_index (events, IsobarLateEvent, 0).ms, ==, 80);
  g_assert_cmpfloat (g_array_index (events, IsobarLateEvent, 1).ms, ==, 40);
  g_assert_cmpfloat (g_array_index (events, IsobarLateEvent, 2).ms, ==, 90);
}

static gpointer
spin_thread (gpointer data)
{
  gint64 until = *(const gint64 *) data;

  while (g_get_monotonic_time () < until)
    ;
  return NULL;
}

/* A thread that shares its only core with a busy one waits for it, and the
 * loop log says how long: the "waiting for a core" of a late frame. */
static void
test_queued (void)
{
  cpu_set_t one, all;
  gint64 queued, spun, until;
  g_autoptr(GThread) other = NULL;

  queued = isobar_loop_log_thread_queued_us ();
  if (queued < 0)
    {
      g_test_skip ("the kernel does not report a thread's run delay (/proc/thread-self/schedstat)");
      return;
    }
  g_assert_cmpint (isobar_loop_log_thread_queued_us (), >=, queued);

  g_assert_cmpint (sched_getaffinity (0, sizeof all, &all), ==, 0);
  CPU_ZERO (&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
    if (CPU_ISSET (cpu, &all))
      {
        CPU_SET (cpu, &one);
        break;
      }
  g_assert_cmpint (sched_setaffinity (0, sizeof one, &one), ==, 0);

  /* Both spin for 400 ms on one core: each gets about half of it. */
  until = g_get_monotonic_time () + 400 * 1000;
  other = g_thread_new ("spin", spin_thread, &until);
  spun = isobar_loop_log_thread_cpu_us ();
  queued = isobar_loop_log_thread_queued_us ();
  spin_thread (&until);
  spun = isobar_loop_log_thread_cpu_us () - spun;
  queued = isobar_loop_log_thread_queued_us () - queued;
  g_thread_join (g_steal_pointer (&other));
  g_assert_cmpint (sched_setaffinity (0, sizeof all, &all), ==, 0);

  g_test_message ("on the CPU %" G_GINT64_FORMAT " µs, waiting %" G_GINT64_FORMAT " µs", spun, queued);
  /* Generous: a fair share is 200 ms each way. */
  g_assert_cmpint (queued, >=, 50 * 1000);
  g_assert_cmpint (spun, <=, 350 * 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  isobar_loop_log_start (g_main_context_default ());

  g_test_add_func ("/loop-log/nested", test_nested);
  g_test_add_func ("/loop-log/idle", test_idle);
  g_test_add_func ("/loop-log/other-thread", test_other_thread);
  g_test_add_func ("/loop-log/watchdog-stall", test_watchdog_stall);
  g_test_add_func ("/loop-log/keep-longest", test_keep_longest);
  g_test_add_func ("/loop-log/queued", test_queued);

  return g_test_run ();
}
