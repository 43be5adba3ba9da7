/* test-interpreter-lock.c: the Python-style lock serialises kernel code and
 * stalls a main loop that must win it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <time.h>

#include "isobar-interpreter-lock.h"
#include "isobar-latency-watchdog.h"

#define PIECE_CPU_US (200 * 1000)

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* "Kernel" work: @cpu_us of this thread's CPU time, with a checkpoint every
 * few microseconds, as kernels do. Time spent waiting for the lock is not
 * CPU time, so the work is the same with or without the lock. */
static void
burn (IsobarInterpreterLock *lock,
      gint64                 cpu_us)
{
  gint64 end = thread_cpu_us () + cpu_us;
  volatile double x = 1.0;

  while (thread_cpu_us () < end)
    {
      for (guint i = 0; i < 2000; i++)
        x = x * 1.0000001 + 1e-9;
      if (lock != NULL)
        isobar_interpreter_lock_yield_if_requested (lock);
    }
}

typedef struct
{
  IsobarInterpreterLock *lock;     /* (nullable) */
  gint64                 cpu_us;
  gint                   acquired; /* (atomic) */
  gint                   done;     /* (atomic) */
  gint                  *gate;     /* (nullable) (atomic) threads yet to start */
} Work;

static gpointer
worker (gpointer data)
{
  Work *work = data;

  /* Start together, so that they really compete. */
  if (work->gate != NULL)
    {
      g_atomic_int_dec_and_test (work->gate);
      while (g_atomic_int_get (work->gate) > 0)
        g_thread_yield ();
    }

  if (work->lock != NULL)
    isobar_interpreter_lock_acquire (work->lock);
  g_atomic_int_set (&work->acquired, 1);
  burn (work->lock, work->cpu_us);
  if (work->lock != NULL)
    isobar_interpreter_lock_release (work->lock);
  g_atomic_int_set (&work->done, 1);
  g_main_context_wakeup (NULL);

  return NULL;
}

/* Wall time, ms, of @n threads each doing one piece. */
static double
run_pieces (IsobarInterpreterLock *lock,
            guint                  n)
{
  g_autofree Work *works = g_new0 (Work, n);
  g_autofree GThread **threads = g_new0 (GThread *, n);
  gint gate = (gint) n;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      works[i].lock = lock;
      works[i].cpu_us = PIECE_CPU_US;
      works[i].gate = &gate;
      threads[i] = g_thread_new ("test-kernel", worker, &works[i]);
    }
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);

  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

static void
test_serialises_threads (void)
{
  g_autoptr(IsobarInterpreterLock) lock = isobar_interpreter_lock_new ();
  IsobarInterpreterLockStats stats;
  double one, two_free, two_locked;

  g_assert_cmpuint (isobar_interpreter_lock_get_switch_interval (lock), ==, 5000);

  one = run_pieces (NULL, 1);
  two_free = run_pieces (NULL, 2);
  two_locked = run_pieces (lock, 2);
  isobar_interpreter_lock_get_stats (lock, &stats);

  g_test_message ("200 ms CPU pieces: one alone %.0f ms; two without the lock %.0f ms; "
                  "two with the lock %.0f ms; %" G_GUINT64_FORMAT " switches, %"
                  G_GUINT64_FORMAT " forced drops, worker wait %.0f ms in total, %.1f ms at most",
                  one, two_free, two_locked, stats.switches, stats.forced_drops,
                  stats.wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER] / 1000.0,
                  stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER] / 1000.0);

  /* 2 × 200 ms of CPU that cannot overlap. */
  g_assert_cmpfloat (two_locked, >=, 350.0);
  g_assert_cmpfloat (two_locked, >=, 1.6 * PIECE_CPU_US / 1000.0);
  /* With a 5 ms interval, they took turns. */
  g_assert_cmpuint (stats.switches, >, 0);
  g_assert_cmpuint (stats.forced_drops, >, 0);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER], >=, 2);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], ==, 0);
  g_assert_cmpint (stats.wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER], >, 0);
}

static void
test_checkpoint_without_waiter (void)
{
  g_autoptr(IsobarInterpreterLock) lock = isobar_interpreter_lock_new ();
  IsobarInterpreterLockStats stats;

  g_assert_false (isobar_interpreter_lock_is_held_by_self (lock));
  isobar_interpreter_lock_acquire (lock);
  g_assert_true (isobar_interpreter_lock_is_held_by_self (lock));
  g_usleep (20 * 1000);  /* longer than the interval, but nobody waits */
  g_assert_false (isobar_interpreter_lock_yield_if_requested (lock));
  isobar_interpreter_lock_release (lock);
  g_assert_false (isobar_interpreter_lock_is_held_by_self (lock));

  isobar_interpreter_lock_get_stats (lock, &stats);
  g_assert_cmpuint (stats.switches, ==, 0);
  g_assert_cmpuint (stats.forced_drops, ==, 0);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER], ==, 1);

  isobar_interpreter_lock_reset_stats (lock);
  isobar_interpreter_lock_get_stats (lock, &stats);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER], ==, 0);
}

static gboolean
quit_when_done_cb (gpointer data)
{
  gpointer *pair = data;
  Work *work = pair[0];

  if (g_atomic_int_get (&work->done))
    {
      g_main_loop_quit (pair[1]);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Runs the default main loop, with the watchdog, while one worker does a
 * 300 ms piece holding @lock. */
static IsobarLatencyStats *
measure_main_loop (IsobarInterpreterLock *lock,
                   IsobarLatencyWatchdog *watchdog)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Work work = { lock, 300 * 1000, 0, 0, NULL };
  gpointer pair[2] = { &work, loop };
  GThread *thread;
  guint tick;

  isobar_latency_watchdog_reset (watchdog);
  isobar_latency_watchdog_start (watchdog);
  thread = g_thread_new ("test-kernel", worker, &work);
  tick = g_timeout_add (10, quit_when_done_cb, pair);
  g_main_loop_run (loop);
  g_thread_join (thread);
  isobar_latency_watchdog_stop (watchdog);
  g_assert_null (g_main_context_find_source_by_id (NULL, tick));

  return isobar_latency_watchdog_get_stats (watchdog);
}

static void
test_main_loop_must_win_the_lock (void)
{
  g_autoptr(IsobarInterpreterLock) lock = isobar_interpreter_lock_new ();
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (NULL);
  g_autoptr(IsobarLatencyStats) attached = NULL;
  g_autoptr(IsobarLatencyStats) detached = NULL;
  GPollFunc original = g_main_context_get_poll_func (NULL);
  IsobarInterpreterLockStats stats;
  double interval_ms = isobar_interpreter_lock_get_switch_interval (lock) / 1000.0;

  isobar_interpreter_lock_attach_to_main_context (lock, NULL);
  g_assert_true (g_main_context_get_poll_func (NULL) != original);

  attached = measure_main_loop (lock, watchdog);
  isobar_interpreter_lock_get_stats (lock, &stats);
  g_test_message ("attached: lateness p50 %.2f p99 %.2f max %.2f ms over %u samples; "
                  "main loop took the lock %" G_GUINT64_FORMAT " times, waited %.1f ms at most; "
                  "%" G_GUINT64_FORMAT " switches",
                  attached->p50, attached->p99, attached->max, attached->n_samples,
                  stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP],
                  stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP] / 1000.0,
                  stats.switches);

  /* The main loop had to wait a switch interval for a busy worker. */
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], >, 0);
  g_assert_cmpfloat (stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP] / 1000.0, >=, interval_ms);
  g_assert_cmpfloat (attached->max, >=, interval_ms);
  g_assert_cmpuint (stats.switches, >, 0);

  /* The loop ended holding the lock (between poll and poll); detaching
   * gives it back and restores the context's own poll function. */
  g_assert_true (isobar_interpreter_lock_is_held_by_self (lock));
  isobar_interpreter_lock_detach (lock);
  g_assert_false (isobar_interpreter_lock_is_held_by_self (lock));
  g_assert_true (g_main_context_get_poll_func (NULL) == original);

  isobar_interpreter_lock_reset_stats (lock);
  detached = measure_main_loop (lock, watchdog);
  isobar_interpreter_lock_get_stats (lock, &stats);
  g_test_message ("detached: lateness p50 %.2f p99 %.2f max %.2f ms over %u samples",
                  detached->p50, detached->p99, detached->max, detached->n_samples);

  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], ==, 0);
  g_assert_cmpuint (stats.switches, ==, 0);
  g_assert_cmpfloat (detached->p50, <, attached->p50);
}

/* A worker that runs many short jobs back to back, as the executor's
 * gil-threads workers do: it holds the lock from the first to the last (a
 * Python worker takes its next job without letting go of it) and gives it
 * up only when asked, at checkpoints. */
typedef struct
{
  IsobarInterpreterLock *lock;
  gint64                 job_cpu_us;
  guint                  n_jobs;
  gint                  *running;  /* (atomic) workers not yet done */
} JobWorker;

static gpointer
job_worker (gpointer data)
{
  JobWorker *work = data;

  isobar_interpreter_lock_acquire (work->lock);
  for (guint i = 0; i < work->n_jobs; i++)
    burn (work->lock, work->job_cpu_us);
  isobar_interpreter_lock_release (work->lock);
  g_atomic_int_dec_and_test (work->running);
  g_main_context_wakeup (NULL);

  return NULL;
}

static gboolean
quit_when_all_done_cb (gpointer data)
{
  gpointer *pair = data;

  if (g_atomic_int_get ((gint *) pair[0]) == 0)
    {
      g_main_loop_quit (pair[1]);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* @n_holders CPU-bound threads share the lock with a main loop that the
 * watchdog probes every 5 ms. The main loop must get its turn: its worst
 * wait is bounded by the switch interval, 20 times over for each other
 * contender (a starving loop waits as long as the workers run), and the
 * lock really changed hands on request. */
static void
test_main_loop_among_holders (gconstpointer data)
{
  guint n_holders = GPOINTER_TO_UINT (data);
  g_autoptr(IsobarInterpreterLock) lock = isobar_interpreter_lock_new ();
  g_autoptr(IsobarLatencyWatchdog) watchdog = isobar_latency_watchdog_new (NULL);
  g_autoptr(IsobarLatencyStats) lateness = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree JobWorker *works = g_new0 (JobWorker, n_holders);
  g_autofree GThread **threads = g_new0 (GThread *, n_holders);
  gint running = (gint) n_holders;
  gpointer pair[2] = { &running, loop };
  IsobarInterpreterLockStats stats;
  double interval_ms = isobar_interpreter_lock_get_switch_interval (lock) / 1000.0;
  double bound_ms = 20.0 * interval_ms * n_holders;
  double main_max_ms;

  isobar_interpreter_lock_attach_to_main_context (lock, NULL);
  isobar_latency_watchdog_start (watchdog);
  for (guint i = 0; i < n_holders; i++)
    {
      works[i] = (JobWorker) { lock, 2000, 600 / n_holders, &running };
      threads[i] = g_thread_new ("test-kernel", job_worker, &works[i]);
    }
  g_timeout_add (10, quit_when_all_done_cb, pair);
  g_main_loop_run (loop);
  for (guint i = 0; i < n_holders; i++)
    g_thread_join (threads[i]);
  isobar_latency_watchdog_stop (watchdog);
  isobar_interpreter_lock_detach (lock);

  lateness = isobar_latency_watchdog_get_stats (watchdog);
  isobar_interpreter_lock_get_stats (lock, &stats);
  main_max_ms = stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP] / 1000.0;
  g_test_message ("%u holders: main loop waited %.1f ms at most (bound %.0f ms), "
                  "lateness p99 %.1f max %.1f ms; %" G_GUINT64_FORMAT " switches, %"
                  G_GUINT64_FORMAT " drop requests, %" G_GUINT64_FORMAT " forced drops",
                  n_holders, main_max_ms, bound_ms, lateness->p99, lateness->max,
                  stats.switches, stats.drop_requests, stats.forced_drops);

  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], >, 10);
  g_assert_cmpfloat (main_max_ms, <, bound_ms);
  g_assert_cmpfloat (lateness->max, <, bound_ms);
  g_assert_cmpuint (stats.switches, >, 0);
  g_assert_cmpuint (stats.drop_requests, >, 0);
  g_assert_cmpuint (stats.forced_drops, >, 0);
}

static void
test_shutdown_does_not_deadlock (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  IsobarInterpreterLock *lock = isobar_interpreter_lock_new ();
  GPollFunc original = g_main_context_get_poll_func (context);
  Work work = { lock, 10 * 1000, 0, 0, NULL };
  GThread *thread;

  isobar_interpreter_lock_attach_to_main_context (lock, context);

  /* One iteration leaves this thread holding the lock, as after a dispatch. */
  g_main_context_iteration (context, FALSE);
  g_assert_true (isobar_interpreter_lock_is_held_by_self (lock));

  /* A worker cannot get it while the loop is not iterated… */
  thread = g_thread_new ("test-kernel", worker, &work);
  g_usleep (50 * 1000);
  g_assert_false (g_atomic_int_get (&work.acquired));

  /* …until the context is detached, which hands it over. */
  isobar_interpreter_lock_detach (lock);
  g_thread_join (thread);
  g_assert_true (g_atomic_int_get (&work.done));
  g_assert_true (g_main_context_get_poll_func (context) == original);

  /* Disposing an attached lock detaches it too. */
  isobar_interpreter_lock_attach_to_main_context (lock, context);
  g_assert_true (g_main_context_get_poll_func (context) != original);
  g_main_context_iteration (context, FALSE);
  g_object_unref (lock);
  g_assert_true (g_main_context_get_poll_func (context) == original);
  g_main_context_iteration (context, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/interpreter-lock/serialises-threads", test_serialises_threads);
  g_test_add_func ("/interpreter-lock/checkpoint-without-waiter", test_checkpoint_without_waiter);
  g_test_add_func ("/interpreter-lock/main-loop-must-win-the-lock", test_main_loop_must_win_the_lock);
  g_test_add_data_func ("/interpreter-lock/main-loop-among-2-holders", GUINT_TO_POINTER (2),
                        test_main_loop_among_holders);
  g_test_add_data_func ("/interpreter-lock/main-loop-among-4-holders", GUINT_TO_POINTER (4),
                        test_main_loop_among_holders);
  g_test_add_func ("/interpreter-lock/shutdown", test_shutdown_does_not_deadlock);

  return g_test_run ();
}
