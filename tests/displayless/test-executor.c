/* test-executor.c: IsobarExecutor under every compute strategy, with real
 * isobar-helper processes (ISOBAR_HELPER)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>

#include "isobar-climate-report.h"
#include "isobar-error.h"
#include "isobar-executor.h"
#include "isobar-packet.h"
#include "isobar-kernels.h"
#include "test-util.h"

#define WAIT_S 120             /* generous bound for a whole run */
#define RESAMPLES 2048u
#define SEED G_GUINT64_CONSTANT (20260401)
#define CANCEL_AFTER_MS 50
#define CANCEL_BOUND_MS 1000   /* cancel → callback, generous on a loaded machine */

static const IsobarComputeStrategy all_strategies[] = {
  ISOBAR_COMPUTE_UI_THREAD,
  ISOBAR_COMPUTE_THREAD_POOL,
  ISOBAR_COMPUTE_GIL_THREADS,
  ISOBAR_COMPUTE_PROCESS_POOL,
  ISOBAR_COMPUTE_PICKLE_POOL,
  ISOBAR_COMPUTE_PROCESS_PER_JOB,
};

static const guint worker_counts[] = { 1, 2, 4 };

/* ------------------------------------------------------------- utilities */

/* A deterministic history of @years years from Jan 1 1990: a seasonal
 * cycle, a warming of 0.3 °C per decade, noise from a fixed LCG and a few
 * missing days. */
static IsobarClimateSeries *
make_series (guint years)
{
  GDate start, end;
  g_autofree double *tmax = NULL;
  g_autofree double *tmin = NULL;
  g_autoptr(GError) error = NULL;
  IsobarClimateSeries *series;
  guint32 first;
  guint n;
  guint64 state = 0x1234567u;

  g_date_clear (&start, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&start, 1, G_DATE_JANUARY, 1990);
  g_date_set_dmy (&end, 1, G_DATE_JANUARY, (GDateYear) (1990 + years));
  first = g_date_get_julian (&start);
  n = g_date_get_julian (&end) - first;
  tmax = g_new (double, n);
  tmin = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      double season = 10.0 * sin (2.0 * G_PI * i / 365.2425);
      double trend = 0.03 * i / 365.2425;
      double noise;

      state = state * 6364136223846793005u + 1442695040888963407u;
      noise = ((double) (state >> 11) / 9007199254740992.0 - 0.5) * 6.0;
      tmax[i] = 15.0 + season + trend + noise + 4.0;
      tmin[i] = 15.0 + season + trend + noise - 4.0;
      if (i % 997 == 13)
        tmax[i] = tmin[i] = NAN;
    }

  series = isobar_climate_series_new (first, n, tmax, tmin, NULL, &error);
  g_assert_no_error (error);
  return series;
}

static IsobarClimateSeries *
shared_series (void)
{
  static IsobarClimateSeries *series;

  if (series == NULL)
    series = make_series (30);
  return series;
}

static const char *
reference_digest (void)
{
  static char *digest;

  if (digest == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IsobarClimateReport) report =
        isobar_climate_report_compute (shared_series (), RESAMPLES, SEED, NULL, &error);

      g_assert_no_error (error);
      digest = isobar_climate_report_digest (report);
    }
  return digest;
}

static IsobarExecutor *
new_started_executor (IsobarComputeStrategy strategy,
                      guint                 n_workers)
{
  IsobarExecutor *executor = isobar_executor_new (strategy, n_workers);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (executor);
  isobar_executor_start_async (executor, NULL, test_async_store_cb, &result);
  result = test_async_wait (&result, WAIT_S);
  g_assert_true (isobar_executor_start_finish (executor, result, &error));
  g_assert_no_error (error);
  return executor;
}

static GBytes *
run_one (IsobarExecutor         *executor,
         const IsobarKernelJob  *job,
         IsobarClimateSeries    *series,
         GCancellable           *cancellable,
         GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  isobar_executor_run_async (executor, job, series, cancellable, test_async_store_cb, &result);
  result = test_async_wait (&result, WAIT_S);
  return isobar_executor_run_finish (executor, result, error);
}

typedef struct
{
  IsobarExecutor *executor;
  GPtrArray      *outputs;   /* (element-type GBytes) by job index */
  GPtrArray      *pids;      /* every helper pid seen, as GINT_TO_POINTER */
  guint           n_left;
  GError         *error;     /* the first failure */
} Batch;

typedef struct
{
  Batch *batch;
  guint  index;
} BatchSlot;

static void
remember_pids (Batch *batch)
{
  g_autoptr(GArray) pids = isobar_executor_dup_helper_pids (batch->executor);

  for (guint i = 0; i < pids->len; i++)
    {
      gpointer pid = GINT_TO_POINTER (g_array_index (pids, GPid, i));

      if (!g_ptr_array_find (batch->pids, pid, NULL))
        g_ptr_array_add (batch->pids, pid);
    }
}

static void
on_batch_job_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree BatchSlot *slot = user_data;
  Batch *batch = slot->batch;
  g_autoptr(GError) error = NULL;
  GBytes *output = isobar_executor_run_finish (ISOBAR_EXECUTOR (source), result, &error);

  remember_pids (batch);
  if (output == NULL && batch->error == NULL)
    batch->error = g_steal_pointer (&error);
  g_ptr_array_index (batch->outputs, slot->index) = output;
  batch->n_left--;
}

/* Runs all @jobs at once and waits for every result; returns the outputs in
 * job order, or NULL and the first error. */
static GPtrArray *
run_batch (IsobarExecutor       *executor,
           GPtrArray            *jobs,
           IsobarClimateSeries  *series,
           GPtrArray            *pids,
           GError              **error)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gboolean timed_out = FALSE;
  guint timeout_id;
  Batch batch = { executor, outputs, pids, jobs->len, NULL };

  g_ptr_array_set_size (outputs, jobs->len);
  for (guint i = 0; i < jobs->len; i++)
    {
      BatchSlot *slot = g_new0 (BatchSlot, 1);

      slot->batch = &batch;
      slot->index = i;
      isobar_executor_run_async (executor, g_ptr_array_index (jobs, i), series, NULL,
                                 on_batch_job_done, slot);
      remember_pids (&batch);
    }

  timeout_id = g_timeout_add_seconds (WAIT_S, test_async_timeout_cb, &timed_out);
  while (batch.n_left > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("%u jobs still running after %u s", batch.n_left, WAIT_S);
  g_source_remove (timeout_id);

  if (batch.error != NULL)
    {
      g_propagate_error (error, batch.error);
      return NULL;
    }
  return g_steal_pointer (&outputs);
}

static gboolean
process_gone (int pid)
{
  g_autofree char *proc = g_strdup_printf ("/proc/%d", pid);

  /* kill(0) succeeds on a zombie too: ESRCH means reaped. */
  return kill (pid, 0) == -1 && errno == ESRCH && !g_file_test (proc, G_FILE_TEST_EXISTS);
}

static void
assert_processes_gone (GPtrArray *pids)
{
  for (guint i = 0; i < pids->len; i++)
    {
      int pid = GPOINTER_TO_INT (g_ptr_array_index (pids, i));

      if (!process_gone (pid))
        g_error ("helper %d is still there (alive or a zombie)", pid);
    }
}

/* Threads of this process named like the executor's ("isobar-exec-N"). */
static guint
count_compute_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", name, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, "isobar-exec-"))
        count++;
    }
  return count;
}

static gboolean
is_thread_strategy (IsobarComputeStrategy strategy)
{
  return strategy == ISOBAR_COMPUTE_THREAD_POOL || strategy == ISOBAR_COMPUTE_GIL_THREADS;
}

/* Adds the helpers alive now to @pids. */
static void
collect_pids (IsobarExecutor *executor,
              GPtrArray      *pids)
{
  g_autoptr(GArray) running = isobar_executor_dup_helper_pids (executor);

  for (guint i = 0; i < running->len; i++)
    g_ptr_array_add (pids, GINT_TO_POINTER (g_array_index (running, GPid, i)));
}

/* Shuts @executor down and checks nothing of it is left. */
static void
shutdown_and_check (IsobarExecutor *executor,
                    GPtrArray      *pids)
{
  g_autoptr(GArray) left = NULL;

  isobar_executor_shutdown (executor);
  g_assert_cmpuint (count_compute_threads (), ==, 0);
  assert_processes_gone (pids);
  left = isobar_executor_dup_helper_pids (executor);
  g_assert_cmpuint (left->len, ==, 0);
}

/* -------------------------------------------------------------- the tests */

static void
test_strategy_ids (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_strategies); i++)
    {
      const char *id = isobar_compute_strategy_to_string (all_strategies[i]);
      IsobarComputeStrategy back;

      g_assert_nonnull (id);
      g_assert_true (isobar_compute_strategy_from_string (id, &back));
      g_assert_cmpint (back, ==, all_strategies[i]);
    }
  g_assert_cmpstr (isobar_compute_strategy_to_string (ISOBAR_COMPUTE_GIL_THREADS), ==, "gil-threads");
  g_assert_cmpstr (isobar_compute_strategy_to_string (ISOBAR_COMPUTE_PROCESS_PER_JOB), ==, "process-per-job");
  g_assert_cmpstr (isobar_compute_strategy_to_string (ISOBAR_COMPUTE_PICKLE_POOL), ==, "pickle-pool");
  g_assert_null (isobar_compute_strategy_to_string ((IsobarComputeStrategy) 99));
  {
    IsobarComputeStrategy unused = ISOBAR_COMPUTE_UI_THREAD;

    g_assert_false (isobar_compute_strategy_from_string ("threads", &unused));
    g_assert_false (isobar_compute_strategy_from_string (NULL, &unused));
    g_assert_false (isobar_compute_strategy_from_string ("", &unused));
  }
}

/* Every strategy and worker count gives the in-process report, bit for bit. */
static void
test_digest (gconstpointer data)
{
  IsobarComputeStrategy strategy = GPOINTER_TO_UINT (data);
  IsobarClimateSeries *series = shared_series ();
  g_autoptr(GPtrArray) jobs = isobar_climate_plan_jobs (series, RESAMPLES, SEED);

  g_autoptr(GBytes) series_wire = isobar_climate_series_serialize (series);
  guint64 series_size = g_bytes_get_size (series_wire);

  g_assert_cmpuint (jobs->len, >, 8);
  for (guint w = 0; w < G_N_ELEMENTS (worker_counts); w++)
    {
      g_autoptr(IsobarExecutor) executor = new_started_executor (strategy, worker_counts[w]);
      g_autoptr(GPtrArray) pids = g_ptr_array_new ();
      g_autoptr(GPtrArray) outputs = NULL;
      g_autoptr(IsobarClimateReport) report = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *digest = NULL;
      gint64 start = g_get_monotonic_time ();
      guint64 pipe_bytes;

      if (is_thread_strategy (strategy))
        {
          /* (a new thread names itself once it runs) */
          for (guint i = 0; i < 1000 && count_compute_threads () != worker_counts[w]; i++)
            g_usleep (1000);
          g_assert_cmpuint (count_compute_threads (), ==, worker_counts[w]);
        }

      outputs = run_batch (executor, jobs, series, pids, &error);
      g_assert_no_error (error);
      report = isobar_climate_report_new_from_outputs (series, jobs, outputs, &error);
      g_assert_no_error (error);
      digest = isobar_climate_report_digest (report);
      g_assert_cmpstr (digest, ==, reference_digest ());

      g_assert_true ((isobar_executor_get_interpreter_lock (executor) != NULL) ==
                     (strategy == ISOBAR_COMPUTE_GIL_THREADS));
      pipe_bytes = isobar_executor_get_pipe_bytes (executor);
      if (strategy == ISOBAR_COMPUTE_PROCESS_PER_JOB)
        {
          /* Every job's fresh helper needed the series, and sent its output back. */
          g_assert_cmpuint (pipe_bytes, >, (guint64) jobs->len * series_size);
          g_assert_cmpuint (pids->len, >=, 1);
        }
      else if (strategy == ISOBAR_COMPUTE_PICKLE_POOL)
        {
          /* Every job shipped the whole series and got its whole output
           * back, on helpers started once: at most one per worker. */
          guint64 outputs_size = 0;

          for (guint i = 0; i < outputs->len; i++)
            outputs_size += g_bytes_get_size (g_ptr_array_index (outputs, i));
          g_assert_cmpuint (pipe_bytes, >=, (guint64) jobs->len * series_size + outputs_size);
          g_assert_cmpuint (pipe_bytes, <, (guint64) jobs->len * (series_size + 512) + outputs_size);
          g_assert_cmpuint (pids->len, >=, 1);
          g_assert_cmpuint (pids->len, <=, worker_counts[w]);
        }
      else if (strategy == ISOBAR_COMPUTE_PROCESS_POOL)
        {
          /* The series went to each helper once (a few times at most), not
           * with every job: the rest is jobs, keys and outputs. */
          guint64 outputs_size = 0;

          for (guint i = 0; i < outputs->len; i++)
            outputs_size += g_bytes_get_size (g_ptr_array_index (outputs, i));
          /* One series, no failure: at most once per helper. */
          g_assert_cmpuint (pipe_bytes, >=, series_size + outputs_size);
          g_assert_cmpuint (pipe_bytes, <, MIN (jobs->len, worker_counts[w]) * series_size +
                                           outputs_size + jobs->len * 512);
          g_assert_cmpuint (pids->len, >=, 1);
        }
      else
        {
          g_assert_cmpuint (pipe_bytes, ==, 0);
          g_assert_cmpuint (pids->len, ==, 0);
          g_assert_cmpuint (isobar_executor_get_n_checkpoints (executor), >, 0);
        }
      g_test_message ("%s × %u: %u jobs in %.1f ms, %" G_GUINT64_FORMAT " pipe bytes, %u helpers seen",
                      isobar_compute_strategy_to_string (strategy), worker_counts[w], jobs->len,
                      (g_get_monotonic_time () - start) / 1000.0, pipe_bytes, pids->len);

      shutdown_and_check (executor, pids);
    }
}

static gpointer
cancel_thread (gpointer data)
{
  g_usleep (CANCEL_AFTER_MS * 1000);
  test_cancel_now (data);
  return NULL;
}

/* A job of a few seconds, cancelled after ~50 ms: G_IO_ERROR_CANCELLED
 * promptly, then the executor still works, and nothing is left after
 * shutdown. Under ui-thread the main loop is blocked by the job, so the
 * cancel comes from another thread, as a watchdog or a signal would. */
static void
test_cancel (gconstpointer data)
{
  IsobarComputeStrategy strategy = GPOINTER_TO_UINT (data);
  IsobarClimateSeries *series = shared_series ();
  const IsobarKernelJob big = { ISOBAR_KERNEL_BOOTSTRAP, 0, 1, 500000, 0, 0, SEED };
  const IsobarKernelJob small = { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 };
  g_autoptr(IsobarExecutor) executor = new_started_executor (strategy, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) pids = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GThread) thread = NULL;
  TestCancel later = { cancellable, 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 ended, reaction_ms;

  isobar_executor_run_async (executor, &big, series, cancellable, test_async_store_cb, &result);
  if (strategy == ISOBAR_COMPUTE_UI_THREAD)
    thread = g_thread_new ("test-cancel", cancel_thread, &later);
  else
    g_timeout_add (CANCEL_AFTER_MS, test_cancel_source_cb, &later);

  while (result == NULL && g_get_monotonic_time () - start < (gint64) WAIT_S * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, FALSE);
      collect_pids (executor, pids);
      if (result == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  ended = g_get_monotonic_time ();
  g_assert_nonnull (result);
  if (thread != NULL)
    g_thread_join (g_steal_pointer (&thread));

  g_assert_null (isobar_executor_run_finish (executor, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (later.cancelled_us, >, 0);
  reaction_ms = (ended - later.cancelled_us) / 1000;
  g_test_message ("%s: cancelled after %.1f ms, result %" G_GINT64_FORMAT " ms later",
                  isobar_compute_strategy_to_string (strategy),
                  (later.cancelled_us - start) / 1000.0, reaction_ms);
  g_assert_cmpint (reaction_ms, <, CANCEL_BOUND_MS);

  /* Still works. */
  g_clear_error (&error);
  g_clear_object (&result);
  output = run_one (executor, &small, series, NULL, &error);
  g_assert_no_error (error);
  expected = isobar_kernel_run (&small, series, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (output, expected));

  collect_pids (executor, pids);
  shutdown_and_check (executor, pids);

  /* Nothing runs after shutdown. */
  g_clear_pointer (&output, g_bytes_unref);
  g_clear_error (&error);
  output = run_one (executor, &small, series, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* Shutdown with jobs queued and running: every job ends with
 * G_IO_ERROR_CLOSED (or had finished), nothing is left. */
static void
test_shutdown_busy (gconstpointer data)
{
  IsobarComputeStrategy strategy = GPOINTER_TO_UINT (data);
  IsobarClimateSeries *series = shared_series ();
  const IsobarKernelJob big = { ISOBAR_KERNEL_BOOTSTRAP, 0, 1, 500000, 0, 0, SEED };
  g_autoptr(IsobarExecutor) executor = new_started_executor (strategy, 2);
  g_autoptr(GPtrArray) pids = g_ptr_array_new ();
  GAsyncResult *results[4] = { NULL, };
  gint64 start;

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    isobar_executor_run_async (executor, &big, series, NULL, test_async_store_cb, &results[i]);
  if (strategy != ISOBAR_COMPUTE_UI_THREAD)
    test_async_spin (30);
  collect_pids (executor, pids);

  start = g_get_monotonic_time ();
  shutdown_and_check (executor, pids);
  g_test_message ("%s: shutdown took %.1f ms", isobar_compute_strategy_to_string (strategy),
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GAsyncResult) result = test_async_wait (&results[i], WAIT_S);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) output = isobar_executor_run_finish (executor, result, &error);

      g_assert_null (output);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
    }
}

/* With one worker busy, a job cancelled while it waits in the queue
 * returns at once, not when the worker gets to it. (Not under ui-thread,
 * where nothing can return while a job holds the one thread.) */
static void
test_cancel_queued (gconstpointer data)
{
  IsobarComputeStrategy strategy = GPOINTER_TO_UINT (data);
  IsobarClimateSeries *series = shared_series ();
  const IsobarKernelJob big = { ISOBAR_KERNEL_BOOTSTRAP, 0, 1, 500000, 0, 0, SEED };
  g_autoptr(IsobarExecutor) executor = new_started_executor (strategy, 1);
  g_autoptr(GCancellable) running_cancel = g_cancellable_new ();
  g_autoptr(GCancellable) queued_cancel = g_cancellable_new ();
  g_autoptr(GPtrArray) pids = g_ptr_array_new ();
  g_autoptr(GAsyncResult) running = NULL;
  g_autoptr(GAsyncResult) queued = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cancelled_at;

  isobar_executor_run_async (executor, &big, series, running_cancel, test_async_store_cb, &running);
  isobar_executor_run_async (executor, &big, series, queued_cancel, test_async_store_cb, &queued);
  test_async_spin (CANCEL_AFTER_MS);
  collect_pids (executor, pids);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (queued_cancel);
  queued = test_async_wait (&queued, WAIT_S);
  g_test_message ("%s: queued job cancelled, result %.1f ms later",
                  isobar_compute_strategy_to_string (strategy),
                  (g_get_monotonic_time () - cancelled_at) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, CANCEL_BOUND_MS * 1000);
  g_assert_null (isobar_executor_run_finish (executor, queued, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* The running one is still running. */
  g_assert_null (running);

  g_cancellable_cancel (running_cancel);
  running = test_async_wait (&running, WAIT_S);
  g_assert_null (isobar_executor_run_finish (executor, running, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  collect_pids (executor, pids);
  shutdown_and_check (executor, pids);
}

/* gil-threads: while jobs run, the caller's main loop takes the workers'
 * lock around dispatch (waiting for it, as PyGObject's loop does); once
 * the executor is idle, the lock is detached and the loop runs freely. */
static void
test_gil_attached (void)
{
  IsobarClimateSeries *series = shared_series ();
  const IsobarKernelJob big = { ISOBAR_KERNEL_BOOTSTRAP, 0, 1, 500000, 0, 0, SEED };
  const IsobarKernelJob small = { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 };
  g_autoptr(IsobarExecutor) executor = new_started_executor (ISOBAR_COMPUTE_GIL_THREADS, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) pids = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) output = NULL;
  IsobarInterpreterLock *lock = isobar_executor_get_interpreter_lock (executor);
  IsobarInterpreterLockStats stats;

  g_assert_nonnull (lock);
  g_assert_cmpuint (isobar_interpreter_lock_get_switch_interval (lock), ==, 5000);

  isobar_interpreter_lock_reset_stats (lock);
  isobar_executor_run_async (executor, &big, series, cancellable, test_async_store_cb, &result);
  test_async_spin (200);
  isobar_interpreter_lock_get_stats (lock, &stats);
  g_test_message ("while busy: main loop took the lock %" G_GUINT64_FORMAT " times, waited up to %"
                  G_GINT64_FORMAT " µs; %" G_GUINT64_FORMAT " switches, %" G_GUINT64_FORMAT " forced drops",
                  stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP],
                  stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP],
                  stats.switches, stats.forced_drops);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], >, 0);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER], >, 0);
  g_assert_cmpuint (stats.forced_drops, >, 0);
  /* It had to wait for the worker: at least most of a switch interval. */
  g_assert_cmpint (stats.max_wait_us[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], >=, 1000);

  g_cancellable_cancel (cancellable);
  result = test_async_wait (&result, WAIT_S);
  g_assert_null (isobar_executor_run_finish (executor, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Idle: detached. */
  isobar_interpreter_lock_reset_stats (lock);
  test_async_spin (50);
  isobar_interpreter_lock_get_stats (lock, &stats);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], ==, 0);

  /* And attached again for the next job. */
  output = run_one (executor, &small, series, NULL, &error);
  g_assert_no_error (error);
  isobar_interpreter_lock_get_stats (lock, &stats);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], >, 0);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_WORKER], ==, 1);

  shutdown_and_check (executor, pids);
  /* Shutdown detached it too. */
  isobar_interpreter_lock_reset_stats (lock);
  test_async_spin (20);
  isobar_interpreter_lock_get_stats (lock, &stats);
  g_assert_cmpuint (stats.acquisitions[ISOBAR_INTERPRETER_LOCK_ROLE_MAIN_LOOP], ==, 0);
}

/* Jobs that make no sense, or do not fit the series, fail clearly under
 * every strategy, and the executor goes on working. */
static void
test_bad_jobs (gconstpointer data)
{
  IsobarComputeStrategy strategy = GPOINTER_TO_UINT (data);
  IsobarClimateSeries *series = shared_series ();
  g_autoptr(IsobarClimateSeries) short_series = make_series (1);
  const IsobarKernelJob bad_chunk = { ISOBAR_KERNEL_BOOTSTRAP, 5, 4, 400, 0, 0, SEED };
  const IsobarKernelJob bad_kernel = { (IsobarKernel) 77, 0, 1, 0, 0, 0, 0 };
  const IsobarKernelJob outside = { ISOBAR_KERNEL_HEATMAP, 0, 1, 0, 1800, 1808, 0 };
  const IsobarKernelJob too_short = { ISOBAR_KERNEL_BOOTSTRAP, 0, 1, 400, 0, 0, SEED };
  const IsobarKernelJob good = { ISOBAR_KERNEL_RECORDS, 0, 1, 0, 0, 0, 0 };
  struct { const IsobarKernelJob *job; IsobarClimateSeries *series; } cases[] = {
    { &bad_chunk, series },
    { &bad_kernel, series },
    { &outside, series },
    { &too_short, short_series },
  };
  g_autoptr(IsobarExecutor) executor = new_started_executor (strategy, 2);
  g_autoptr(GPtrArray) pids = g_ptr_array_new ();
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) case_error = NULL;
      g_autoptr(GBytes) nothing = run_one (executor, cases[i].job, cases[i].series, NULL, &case_error);

      g_assert_null (nothing);
      g_assert_error (case_error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (case_error->message);
      g_assert_cmpuint (strlen (case_error->message), >, 10);
      g_test_message ("%s: case %u: %s", isobar_compute_strategy_to_string (strategy), i, case_error->message);
    }

  output = run_one (executor, &good, series, NULL, &error);
  g_assert_no_error (error);
  expected = isobar_kernel_run (&good, series, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (output, expected));

  collect_pids (executor, pids);
  shutdown_and_check (executor, pids);
}

/* ---------------------------------------------- ui-thread: one dispatch */

typedef struct
{
  IsobarExecutor        *executor;
  guint                  n_done;
  GPtrArray             *outputs;      /* (element-type GBytes) by slot */
  GPtrArray             *errors;       /* (element-type GError) by slot */
  gpointer              *sources;      /* g_main_current_source() in each callback */
  /* What the first callback submits (nullable), into the last slot. */
  const IsobarKernelJob *extra;
  IsobarClimateSeries   *extra_series;
  /* Cancelled by the callback of slot cancel_after; -1: none. */
  GCancellable          *cancel;
  int                    cancel_after;
  /* The callback of slot shut_down_after shuts the executor down; -1: none. */
  int                    shut_down_after;
} UiRun;

typedef struct
{
  UiRun *run;
  guint  index;
} UiSlot;

static void ui_submit (UiRun                 *run,
                       guint                  index,
                       const IsobarKernelJob *job,
                       IsobarClimateSeries   *series,
                       GCancellable          *cancellable);

static void
on_ui_job_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree UiSlot *slot = user_data;
  UiRun *run = slot->run;
  GError *error = NULL;

  g_ptr_array_index (run->outputs, slot->index) =
    isobar_executor_run_finish (ISOBAR_EXECUTOR (source), result, &error);
  g_ptr_array_index (run->errors, slot->index) = error;
  run->sources[slot->index] = g_main_current_source ();
  run->n_done++;

  if (slot->index == 0 && run->extra != NULL)
    ui_submit (run, run->outputs->len - 1, run->extra, run->extra_series, NULL);
  if ((int) slot->index == run->cancel_after)
    g_cancellable_cancel (run->cancel);
  if ((int) slot->index == run->shut_down_after)
    isobar_executor_shutdown (run->executor);
}

static void
ui_submit (UiRun                 *run,
           guint                  index,
           const IsobarKernelJob *job,
           IsobarClimateSeries   *series,
           GCancellable          *cancellable)
{
  UiSlot *slot = g_new0 (UiSlot, 1);

  slot->run = run;
  slot->index = index;
  isobar_executor_run_async (run->executor, job, series, cancellable, on_ui_job_done, slot);
}

static void
error_free0 (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
ui_run_init (UiRun          *run,
             IsobarExecutor *executor,
             guint           n_slots)
{
  memset (run, 0, sizeof *run);
  run->executor = executor;
  run->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_set_size (run->outputs, n_slots);
  run->errors = g_ptr_array_new_with_free_func (error_free0);
  g_ptr_array_set_size (run->errors, n_slots);
  run->sources = g_new0 (gpointer, n_slots);
  run->cancel_after = -1;
  run->shut_down_after = -1;
}

static void
ui_run_clear (UiRun *run)
{
  g_clear_pointer (&run->outputs, g_ptr_array_unref);
  g_clear_pointer (&run->errors, g_ptr_array_unref);
  g_clear_pointer (&run->sources, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UiRun, ui_run_clear)

/* Iterates the default context until every slot is done; returns how many
 * iterations ran analysis (moved the executor's checkpoint count). */
static guint
ui_run_wait (UiRun *run)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (WAIT_S, test_async_timeout_cb, &timed_out);
  guint busy_iterations = 0;

  while (run->n_done < run->outputs->len && !timed_out)
    {
      guint64 before = isobar_executor_get_n_checkpoints (run->executor);

      g_main_context_iteration (NULL, TRUE);
      if (isobar_executor_get_n_checkpoints (run->executor) != before)
        busy_iterations++;
    }
  if (timed_out)
    g_error ("%u of %u jobs still running after %u s", run->outputs->len - run->n_done,
             run->outputs->len, WAIT_S);
  g_source_remove (timeout_id);

  return busy_iterations;
}

/* Lets whatever earlier tests left on the default context run first. */
static void
settle_main_context (void)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

/* ui-thread: every queued job runs in one main-loop callback, so the
 * analysis freezes the loop in one piece, not in as many pieces as jobs;
 * a job submitted by a callback meanwhile runs in it too. The results are
 * still bit for bit those of the kernels. */
static void
test_ui_thread_one_dispatch (void)
{
  IsobarClimateSeries *series = shared_series ();
  g_autoptr(GPtrArray) jobs = isobar_climate_plan_jobs (series, RESAMPLES, SEED);
  g_autoptr(IsobarExecutor) executor = new_started_executor (ISOBAR_COMPUTE_UI_THREAD, 0);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(IsobarClimateReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_auto(UiRun) run = { 0 };
  guint busy_iterations;

  g_assert_cmpuint (jobs->len, >, 8);
  ui_run_init (&run, executor, jobs->len + 1);
  run.extra = g_ptr_array_index (jobs, 1);
  run.extra_series = series;

  settle_main_context ();
  for (guint i = 0; i < jobs->len; i++)
    ui_submit (&run, i, g_ptr_array_index (jobs, i), series, NULL);
  /* Nothing runs before the loop does. */
  g_assert_cmpuint (isobar_executor_get_n_checkpoints (executor), ==, 0);

  busy_iterations = ui_run_wait (&run);
  g_test_message ("%u jobs and one submitted meanwhile: analysis in %u main-loop iteration(s)",
                  jobs->len, busy_iterations);
  g_assert_cmpuint (busy_iterations, ==, 1);

  for (guint i = 0; i < run.outputs->len; i++)
    {
      g_assert_null (g_ptr_array_index (run.errors, i));
      g_assert_nonnull (g_ptr_array_index (run.outputs, i));
    }
  /* The jobs queued together completed in the same source's dispatch. */
  g_assert_nonnull (run.sources[0]);
  for (guint i = 1; i < jobs->len; i++)
    g_assert_true (run.sources[i] == run.sources[0]);

  for (guint i = 0; i < jobs->len; i++)
    g_ptr_array_add (outputs, g_bytes_ref (g_ptr_array_index (run.outputs, i)));
  report = isobar_climate_report_new_from_outputs (series, jobs, outputs, &error);
  g_assert_no_error (error);
  digest = isobar_climate_report_digest (report);
  g_assert_cmpstr (digest, ==, reference_digest ());
  g_assert_true (g_bytes_equal (g_ptr_array_index (run.outputs, jobs->len),
                                g_ptr_array_index (run.outputs, 1)));

  isobar_executor_shutdown (executor);
}

/* ui-thread: between two jobs of the same callback, a job cancelled by an
 * earlier one's callback does not run, and after a shutdown none does. */
static void
test_ui_thread_between_jobs (void)
{
  IsobarClimateSeries *series = shared_series ();
  const IsobarKernelJob small = { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 };
  g_autoptr(IsobarExecutor) executor = new_started_executor (ISOBAR_COMPUTE_UI_THREAD, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(UiRun) run = { 0 };
  const GError *e;

  expected = isobar_kernel_run (&small, series, NULL, &error);
  g_assert_no_error (error);

  /* 0 cancels 1; 2 shuts the executor down, so 3 and 4 never run. */
  ui_run_init (&run, executor, 5);
  run.cancel = cancellable;
  run.cancel_after = 0;
  run.shut_down_after = 2;

  settle_main_context ();
  ui_submit (&run, 0, &small, series, NULL);
  ui_submit (&run, 1, &small, series, cancellable);
  for (guint i = 2; i < 5; i++)
    ui_submit (&run, i, &small, series, NULL);
  g_assert_cmpuint (ui_run_wait (&run), ==, 1);

  g_assert_true (g_bytes_equal (g_ptr_array_index (run.outputs, 0), expected));
  e = g_ptr_array_index (run.errors, 1);
  g_assert_error (e, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_bytes_equal (g_ptr_array_index (run.outputs, 2), expected));
  for (guint i = 3; i < 5; i++)
    {
      e = g_ptr_array_index (run.errors, i);
      g_assert_null (g_ptr_array_index (run.outputs, i));
      g_assert_error (e, G_IO_ERROR, G_IO_ERROR_CLOSED);
    }
}

typedef struct
{
  double wall_ms;
  double cpu_ms;   /* this process's, all threads */
} Timing;

static double
process_cpu_ms (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts), ==, 0);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* CPU-bound wall and CPU time of the same jobs on @n_workers. */
static Timing
measure (IsobarComputeStrategy strategy,
         guint                 n_workers,
         GPtrArray            *jobs)
{
  g_autoptr(IsobarExecutor) executor = new_started_executor (strategy, n_workers);
  g_autoptr(GPtrArray) pids = g_ptr_array_new ();
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = process_cpu_ms ();
  Timing timing;

  outputs = run_batch (executor, jobs, shared_series (), pids, &error);
  g_assert_no_error (error);
  timing.wall_ms = (g_get_monotonic_time () - start) / 1000.0;
  timing.cpu_ms = process_cpu_ms () - cpu_start;
  shutdown_and_check (executor, pids);
  return timing;
}

/* The best of a few runs: load from elsewhere only ever adds wall time. */
static Timing
best_of_three (IsobarComputeStrategy strategy,
               guint                 n_workers,
               GPtrArray            *jobs)
{
  Timing best = { G_MAXDOUBLE, G_MAXDOUBLE };

  for (guint i = 0; i < 3; i++)
    {
      Timing timing = measure (strategy, n_workers, jobs);

      if (timing.wall_ms < best.wall_ms)
        best = timing;
    }
  return best;
}

/* gil-threads with 2 workers uses no more than one core: one lock lets one
 * thread run kernel code at a time, so CPU time ≈ wall time, whatever the
 * load from elsewhere.
 * thread-pool with 2 uses both cores; how much faster that makes it depends
 * on what else runs on this machine, so it is only reported. */
static void
test_gil_scaling (void)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_kernel_job_free);
  Timing gil1, gil2, pool1, pool2;

  if (g_get_num_processors () < 2)
    {
      g_test_skip ("needs at least 2 cores");
      return;
    }

  /* 8 bootstrap chunks of ~35 ms each on one core. */
  for (guint i = 0; i < 8; i++)
    {
      IsobarKernelJob *job = isobar_kernel_job_new (ISOBAR_KERNEL_BOOTSTRAP);

      job->chunk_index = i;
      job->chunk_count = 8;
      job->resamples = 8 * 4096;
      job->base_seed = SEED;
      g_ptr_array_add (jobs, job);
    }

  gil1 = best_of_three (ISOBAR_COMPUTE_GIL_THREADS, 1, jobs);
  gil2 = best_of_three (ISOBAR_COMPUTE_GIL_THREADS, 2, jobs);
  pool1 = best_of_three (ISOBAR_COMPUTE_THREAD_POOL, 1, jobs);
  pool2 = best_of_three (ISOBAR_COMPUTE_THREAD_POOL, 2, jobs);
  g_test_message ("gil-threads: ×1 %.1f ms wall / %.1f ms CPU, ×2 %.1f ms wall / %.1f ms CPU (speed-up %.2f)",
                  gil1.wall_ms, gil1.cpu_ms, gil2.wall_ms, gil2.cpu_ms, gil1.wall_ms / gil2.wall_ms);
  g_test_message ("thread-pool: ×1 %.1f ms wall / %.1f ms CPU, ×2 %.1f ms wall / %.1f ms CPU (speed-up %.2f)",
                  pool1.wall_ms, pool1.cpu_ms, pool2.wall_ms, pool2.cpu_ms, pool1.wall_ms / pool2.wall_ms);

  /* The wall times depend on what else the machine runs while each is
   * measured (the suite runs tests in parallel): only reported. */
  g_assert_cmpfloat (gil2.cpu_ms, <, 1.3 * gil2.wall_ms);
}

/* What the process strategies send of a series is made once, by the
 * series, on whichever thread prepares it; its key is the packet's. */
static gpointer
prepare_in_thread (gpointer data)
{
  gpointer *pair = data;

  isobar_executor_prepare_series (pair[0], pair[1]);
  return NULL;
}

static void
test_prepare_series (void)
{
  g_autoptr(IsobarClimateSeries) series = make_series (3);
  g_autoptr(IsobarExecutor) executor = isobar_executor_new (ISOBAR_COMPUTE_PROCESS_POOL, 1);
  g_autoptr(GBytes) fresh = isobar_climate_series_serialize (series);
  g_autoptr(GBytes) key = NULL;
  gpointer pair[2] = { executor, series };
  GBytes *serialized;

  g_thread_join (g_thread_new ("test-prepare", prepare_in_thread, pair));
  serialized = isobar_climate_series_get_serialized (series);
  g_assert_true (g_bytes_equal (serialized, fresh));
  /* Made once: the same bytes every time. */
  g_assert_true (isobar_climate_series_get_serialized (series) == serialized);
  key = isobar_packet_kernel_series_key (serialized);
  g_assert_true (g_bytes_equal (isobar_climate_series_get_serialized_sha256 (series), key));
  g_assert_true (isobar_climate_series_get_serialized_sha256 (series) ==
                 isobar_climate_series_get_serialized_sha256 (series));

  /* Threads need nothing of it; the call is harmless. */
  {
    g_autoptr(IsobarExecutor) threads = isobar_executor_new (ISOBAR_COMPUTE_THREAD_POOL, 1);

    isobar_executor_prepare_series (threads, series);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/executor/strategy-ids", test_strategy_ids);
  g_test_add_func ("/executor/prepare-series", test_prepare_series);
  for (guint i = 0; i < G_N_ELEMENTS (all_strategies); i++)
    {
      const char *id = isobar_compute_strategy_to_string (all_strategies[i]);
      gconstpointer data = GUINT_TO_POINTER (all_strategies[i]);
      g_autofree char *digest = g_strdup_printf ("/executor/%s/digest", id);
      g_autofree char *cancel = g_strdup_printf ("/executor/%s/cancel", id);
      g_autofree char *busy = g_strdup_printf ("/executor/%s/shutdown-busy", id);
      g_autofree char *bad = g_strdup_printf ("/executor/%s/bad-jobs", id);

      g_test_add_data_func (digest, data, test_digest);
      g_test_add_data_func (cancel, data, test_cancel);
      g_test_add_data_func (busy, data, test_shutdown_busy);
      g_test_add_data_func (bad, data, test_bad_jobs);
      if (all_strategies[i] != ISOBAR_COMPUTE_UI_THREAD)
        {
          g_autofree char *queued = g_strdup_printf ("/executor/%s/cancel-queued", id);

          g_test_add_data_func (queued, data, test_cancel_queued);
        }
    }
  g_test_add_func ("/executor/ui-thread/one-dispatch", test_ui_thread_one_dispatch);
  g_test_add_func ("/executor/ui-thread/between-jobs", test_ui_thread_between_jobs);
  g_test_add_func ("/executor/gil-attached", test_gil_attached);
  g_test_add_func ("/executor/gil-scaling", test_gil_scaling);

  return g_test_run ();
}
