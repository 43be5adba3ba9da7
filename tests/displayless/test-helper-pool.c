/* test-helper-pool.c: real isobar-helper processes behind IsobarHelperPool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>

#include "isobar-error.h"
#include "isobar-helper-pool.h"
#include "isobar-helper-process.h"
#include "isobar-kernels.h"
#include "isobar-packet.h"

#define WAIT_MS 30000  /* generous bound for anything that should take ms */

/* ------------------------------------------------------------- utilities */

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @cond holds, at most @timeout_ms; a
 * ticking source keeps the wait bounded without spinning the CPU. */
#define SPIN_UNTIL(cond, timeout_ms)                                          \
  G_STMT_START {                                                             \
    guint tick_id_ = g_timeout_add (5, tick, NULL);                          \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    while (!(cond) && g_get_monotonic_time () < deadline_)                   \
      g_main_context_iteration (NULL, TRUE);                                 \
    g_source_remove (tick_id_);                                              \
    g_assert_true (cond);                                                    \
  } G_STMT_END

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static void
on_helper_started (IsobarHelperPool *pool,
                   int               pid,
                   GArray           *pids)
{
  g_array_append_val (pids, pid);
}

static IsobarHelperPool *
new_pool (guint    n_workers,
          gboolean reuse,
          GArray  *pids)
{
  IsobarHelperPool *pool = g_object_new (ISOBAR_TYPE_HELPER_POOL,
                                         "n-workers", n_workers,
                                         "reuse", reuse,
                                         "allow-fault-injection", TRUE,
                                         NULL);

  if (pids != NULL)
    g_signal_connect (pool, "helper-started", G_CALLBACK (on_helper_started), pids);
  return pool;
}

static void
start_pool (IsobarHelperPool *pool)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  isobar_helper_pool_start_async (pool, NULL, store_result, &result);
  SPIN_UNTIL (result != NULL, WAIT_MS);
  g_assert_true (isobar_helper_pool_start_finish (pool, result, &error));
  g_assert_no_error (error);
}

static GBytes *
run_job (IsobarHelperPool  *pool,
         const char        *kind,
         GBytes            *payload,
         GCancellable      *cancellable,
         GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  isobar_helper_pool_run_async (pool, kind, payload, NULL, NULL, cancellable, store_result, &result);
  SPIN_UNTIL (result != NULL, WAIT_MS);
  return isobar_helper_pool_run_finish (pool, result, error);
}

static GBytes *
run_text (IsobarHelperPool  *pool,
          const char        *kind,
          const char        *text,
          GError           **error)
{
  g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));

  return run_job (pool, kind, payload, NULL, error);
}

static void
assert_echo_works (IsobarHelperPool *pool)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) result = run_text (pool, "echo", "still alive", &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (result, NULL), g_bytes_get_size (result), "still alive", 11);
}

static gboolean
process_gone (int pid)
{
  g_autofree char *proc = g_strdup_printf ("/proc/%d", pid);

  /* kill(0) succeeds on a zombie too: ESRCH means reaped. */
  return kill (pid, 0) == -1 && errno == ESRCH && !g_file_test (proc, G_FILE_TEST_EXISTS);
}

static gboolean
all_gone (GArray *pids)
{
  for (guint i = 0; i < pids->len; i++)
    if (!process_gone (g_array_index (pids, int, i)))
      return FALSE;
  return TRUE;
}

static void
assert_all_gone (GArray *pids)
{
  for (guint i = 0; i < pids->len; i++)
    {
      int pid = g_array_index (pids, int, i);

      if (!process_gone (pid))
        g_error ("helper %d is still there (alive or a zombie)", pid);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
describe (const char *what,
          GArray     *values)
{
  double sum = 0;

  g_array_sort (values, compare_doubles);
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  g_test_message ("MEASURE %s: n=%u mean=%.1f median=%.1f min=%.1f p95=%.1f max=%.1f",
                  what, values->len, sum / values->len,
                  g_array_index (values, double, values->len / 2),
                  g_array_index (values, double, 0),
                  g_array_index (values, double, (values->len * 95) / 100),
                  g_array_index (values, double, values->len - 1));
}

/* ------------------------------------------------------------ the pool */

static void
test_echo (void)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, pids);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autoptr(GError) error = NULL;
  IsobarHelperPoolStats stats;
  gsize big_size = 8 * 1024 * 1024 + 17;
  guint8 *big_data = g_malloc (big_size);

  start_pool (pool);
  g_assert_cmpuint (pids->len, ==, 1);
  assert_echo_works (pool);

  result = run_job (pool, "echo", empty, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (result), ==, 0);
  g_clear_pointer (&result, g_bytes_unref);

  /* Far over a pipe's buffer both ways: non-blocking writes resume. */
  for (gsize i = 0; i < big_size; i++)
    big_data[i] = (guint8) (i * 2654435761u >> 13);
  big = g_bytes_new_take (big_data, big_size);
  result = run_job (pool, "echo", big, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (result, big));

  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.jobs_done, ==, 3);
  g_assert_cmpuint (stats.jobs_failed, ==, 0);
  g_assert_cmpuint (stats.helpers_started, ==, 1);
  g_assert_cmpuint (stats.helpers_lost, ==, 0);
  g_assert_cmpuint (stats.bytes_written, >, big_size);
  g_assert_cmpuint (stats.bytes_read, >, big_size);
  g_assert_cmpint (stats.last_startup_us, >, 0);
  g_test_message ("bytes written %" G_GUINT64_FORMAT ", read %" G_GUINT64_FORMAT,
                  stats.bytes_written, stats.bytes_read);

  {
    g_autoptr(GArray) live = isobar_helper_pool_dup_pids (pool);

    g_assert_cmpuint (live->len, ==, 1);
    g_assert_cmpint (g_array_index (live, GPid, 0), ==, g_array_index (pids, int, 0));
  }

  g_clear_object (&pool);
  assert_all_gone (pids);
}

typedef struct
{
  GAsyncResult *result;
  char         *expected;
} PendingJob;

static void
test_many_jobs (gconstpointer data)
{
  guint n_workers = GPOINTER_TO_UINT (data);
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (n_workers, TRUE, pids);
  PendingJob jobs[30] = { { NULL, NULL } };
  IsobarHelperPoolStats stats;
  gint64 start;

  start_pool (pool);
  g_assert_cmpuint (pids->len, ==, n_workers);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(GBytes) payload = NULL;
      const char *kind = i % 3 == 0 ? "spin" : "echo";

      jobs[i].expected = i % 3 == 0 ? g_strdup ("20") : g_strdup_printf ("job number %u", i);
      payload = g_bytes_new (jobs[i].expected, strlen (jobs[i].expected));
      isobar_helper_pool_run_async (pool, kind, payload, NULL, NULL, NULL, store_result, &jobs[i].result);
    }

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) result = NULL;

      SPIN_UNTIL (jobs[i].result != NULL, WAIT_MS);
      result = isobar_helper_pool_run_finish (pool, jobs[i].result, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (result, NULL), g_bytes_get_size (result),
                       jobs[i].expected, strlen (jobs[i].expected));
      g_clear_object (&jobs[i].result);
      g_clear_pointer (&jobs[i].expected, g_free);
    }
  g_test_message ("%u jobs (10 of them 20 ms of CPU) on %u workers: %.1f ms",
                  (guint) G_N_ELEMENTS (jobs), n_workers, (g_get_monotonic_time () - start) / 1000.0);

  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.jobs_done, ==, G_N_ELEMENTS (jobs));
  g_assert_cmpuint (stats.helpers_started, ==, n_workers);
  g_assert_cmpuint (stats.helpers_lost, ==, 0);

  g_clear_object (&pool);
  assert_all_gone (pids);
}

typedef struct
{
  guint  count;
  double last;
  gboolean ordered;
} Progress;

static void
on_progress (double      fraction,
             const char *text,
             gpointer    user_data)
{
  Progress *progress = user_data;

  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  if (fraction < progress->last)
    progress->ordered = FALSE;
  progress->last = fraction;
  progress->count++;
}

static void
test_progress (void)
{
  g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, NULL);
  g_autoptr(GBytes) payload = g_bytes_new ("500", 3);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0, 0.0, TRUE };

  start_pool (pool);
  isobar_helper_pool_run_async (pool, "spin", payload, on_progress, &progress, NULL, store_result, &result);
  SPIN_UNTIL (result != NULL, WAIT_MS);
  output = isobar_helper_pool_run_finish (pool, result, &error);
  g_assert_no_error (error);

  /* One packet every ~50 ms of a 500 ms job, never more often; a starved
   * helper (it runs at a lower priority) may send fewer. */
  g_test_message ("%u progress callbacks, last fraction %.3f", progress.count, progress.last);
  g_assert_cmpuint (progress.count, >=, 2);
  g_assert_cmpuint (progress.count, <=, 10);
  g_assert_true (progress.ordered);
  g_assert_cmpfloat (progress.last, >, 0.0);
}

static void
test_faults (void)
{
  struct {
    const char *kind;
    GQuark      domain;
    int         code;
    const char *message;
  } faults[] = {
    { "crash", ISOBAR_ERROR, ISOBAR_ERROR_HELPER, "The helper process exited with signal 11 (Segmentation fault)" },
    { "exit", ISOBAR_ERROR, ISOBAR_ERROR_HELPER, "The helper process exited with status 3" },
    { "garbage", ISOBAR_ERROR, ISOBAR_ERROR_HELPER, "The helper process sent a malformed reply: the packet does not start with “ISOB”" },
    { "oversize", ISOBAR_ERROR, ISOBAR_ERROR_HELPER, "The helper process sent a malformed reply: a packet of 67108865 bytes, over the limit of 67108864 bytes" },
    { "bad-type", ISOBAR_ERROR, ISOBAR_ERROR_HELPER, "The helper process sent a malformed reply: unknown packet type 99" },
    { "hang", ISOBAR_ERROR, ISOBAR_ERROR_TIMEOUT, "The helper process did not answer within 500 ms" },
  };
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, pids);
  IsobarHelperPoolStats stats;

  start_pool (pool);

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) result = NULL;
      g_autoptr(GArray) before = isobar_helper_pool_dup_pids (pool);
      gint64 start = g_get_monotonic_time ();

      /* Only the hang waits for the timeout: on a loaded machine a short one
       * could overtake the other faults. */
      isobar_helper_pool_set_job_timeout (pool, g_str_equal (faults[i].kind, "hang")
                                                ? 500 : ISOBAR_HELPER_POOL_DEFAULT_JOB_TIMEOUT_MS);
      result = run_text (pool, faults[i].kind, "", &error);
      g_test_message ("%s → %s (%.1f ms)", faults[i].kind, error ? error->message : "no error",
                      (g_get_monotonic_time () - start) / 1000.0);
      g_assert_null (result);
      g_assert_error (error, faults[i].domain, faults[i].code);
      /* The last cause, and how often the job was tried: a fault that
       * comes with the job itself kills every helper it is sent to. */
      g_assert_true (g_str_has_prefix (error->message, faults[i].message));
      g_assert_nonnull (strstr (error->message, "failed on 3 helpers in turn"));

      /* The pool goes on with a fresh helper; the broken one is reaped. */
      assert_echo_works (pool);
      SPIN_UNTIL (all_gone (before), WAIT_MS);
    }

  /* Each fault: the job sent to 3 helpers (2 retries), each lost and
   * replaced. */
  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.helpers_lost, ==, 3 * G_N_ELEMENTS (faults));
  g_assert_cmpuint (stats.helpers_restarted, ==, 3 * G_N_ELEMENTS (faults));
  g_assert_cmpuint (stats.jobs_retried, ==, 2 * G_N_ELEMENTS (faults));
  g_assert_cmpuint (stats.jobs_failed, ==, G_N_ELEMENTS (faults));
  g_assert_cmpuint (stats.jobs_done, ==, G_N_ELEMENTS (faults));
  g_assert_cmpuint (pids->len, ==, 3 * G_N_ELEMENTS (faults) + 1);

  g_clear_object (&pool);
  assert_all_gone (pids);
}

/* Runs a "spin" job of @ms on @pool (one helper), doing @fault to the
 * helper that runs it once it has reported progress; returns the error or
 * NULL, and checks the result is the job's own. */
typedef enum
{
  FAULT_KILL,      /* SIGKILL once */
  FAULT_STOP,      /* SIGSTOP once: silent, not dead */
  FAULT_STORM,     /* SIGKILL every helper every 300 ms, without end */
} Fault;

typedef struct
{
  IsobarHelperPool *pool;
  Fault             fault;
  gboolean          done;
  GArray           *victims;   /* pids signalled */
} FaultState;

static void
signal_helpers (FaultState *state,
                int         signal_number)
{
  g_autoptr(GArray) pids = isobar_helper_pool_dup_pids (state->pool);

  for (guint i = 0; i < pids->len; i++)
    {
      int pid = g_array_index (pids, GPid, i);

      /* (one that just died may be reaped already) */
      if (kill (pid, signal_number) == 0)
        g_array_append_val (state->victims, pid);
    }
}

static void
on_fault_progress (double      fraction,
                   const char *text,
                   gpointer    user_data)
{
  FaultState *state = user_data;

  if (state->done || state->fault == FAULT_STORM)
    return;
  state->done = TRUE;
  signal_helpers (state, state->fault == FAULT_KILL ? SIGKILL : SIGSTOP);
}

static gboolean
on_storm (gpointer user_data)
{
  signal_helpers (user_data, SIGKILL);
  return G_SOURCE_CONTINUE;
}

static GError *
run_with_fault (IsobarHelperPool *pool,
                Fault             fault,
                const char       *ms,
                GArray           *victims,
                double           *elapsed_ms)
{
  g_autoptr(GBytes) payload = g_bytes_new (ms, strlen (ms));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) output = NULL;
  GError *error = NULL;
  FaultState state = { pool, fault, FALSE, victims };
  gint64 start = g_get_monotonic_time ();
  guint storm_id = 0;

  if (fault == FAULT_STORM)
    storm_id = g_timeout_add (300, on_storm, &state);
  isobar_helper_pool_run_async (pool, "spin", payload, on_fault_progress, &state, NULL, store_result, &result);
  SPIN_UNTIL (result != NULL, WAIT_MS);
  g_clear_handle_id (&storm_id, g_source_remove);
  *elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  output = isobar_helper_pool_run_finish (pool, result, &error);
  if (error == NULL)
    g_assert_cmpmem (g_bytes_get_data (output, NULL), g_bytes_get_size (output), ms, strlen (ms));
  return error;
}

/* A helper killed, or stopped, in the middle of a job: the job runs again on
 * a fresh helper and returns its result; the stopped helper is found by its
 * silence well before the job timeout, killed and reaped. */
static void
test_supervised (void)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) victims = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, pids);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) warm = NULL;
  IsobarHelperPoolStats stats;
  double elapsed_ms;

  start_pool (pool);
  /* The pool learns how often spin jobs report progress (~50 ms). */
  warm = run_text (pool, "spin", "300", &error);
  g_assert_no_error (error);

  error = run_with_fault (pool, FAULT_KILL, "1000", victims, &elapsed_ms);
  g_assert_no_error (error);
  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.helpers_restarted, ==, 1);
  g_assert_cmpuint (stats.jobs_retried, ==, 1);
  g_assert_cmpuint (stats.jobs_failed, ==, 0);

  error = run_with_fault (pool, FAULT_STOP, "1000", victims, &elapsed_ms);
  g_test_message ("stopped helper: the job ended after %.0f ms", elapsed_ms);
  g_assert_no_error (error);
  /* Silent for 2 s (the floor: 10 × ~50 ms is less), not the 60 s timeout. */
  g_assert_cmpfloat (elapsed_ms, >=, 2000);
  g_assert_cmpfloat (elapsed_ms, <, ISOBAR_HELPER_POOL_DEFAULT_JOB_TIMEOUT_MS / 2);
  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.helpers_restarted, ==, 2);
  g_assert_cmpuint (stats.jobs_retried, ==, 2);

  /* Every helper killed every 300 ms: each try of a 1 s job is lost, and
   * after the third the job fails, saying why; it never hangs. */
  error = run_with_fault (pool, FAULT_STORM, "1000", victims, &elapsed_ms);
  g_test_message ("storm: %s after %.0f ms", error ? error->message : "no error", elapsed_ms);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
  g_assert_true (g_str_has_prefix (error->message, "The helper process exited with signal 9"));
  g_assert_nonnull (strstr (error->message, "the job “spin” failed on 3 helpers in turn"));

  /* The pool still works; no helper signalled is left, not even a zombie. */
  assert_echo_works (pool);
  SPIN_UNTIL (all_gone (victims), WAIT_MS);
  g_clear_object (&pool);
  assert_all_gone (pids);
}

/* The answer of a job and its deadline both due when the main loop comes
 * back (it was late): the answer, read first, ends the job, and the deadline
 * it cleared is not dispatched after it all the same. */
static void
test_late_loop (void)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, pids);
  g_autoptr(GBytes) payload = g_bytes_new_static ("on time", 7);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  IsobarHelperPoolStats stats;

  start_pool (pool);
  /* A kind not run yet: its deadline is the job timeout. */
  isobar_helper_pool_set_job_timeout (pool, 100);
  isobar_helper_pool_run_async (pool, "echo", payload, NULL, NULL, NULL, store_result, &result);
  /* The helper answers within ms; the loop looks again only after 1 s. */
  g_usleep (G_USEC_PER_SEC);
  SPIN_UNTIL (result != NULL, WAIT_MS);
  answer = isobar_helper_pool_run_finish (pool, result, &error);
  g_clear_object (&result);  /* it holds the pool */
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), "on time", 7);

  /* Idle, the helper is not killed later by that deadline either. */
  isobar_helper_pool_set_job_timeout (pool, ISOBAR_HELPER_POOL_DEFAULT_JOB_TIMEOUT_MS);
  g_usleep (200 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_echo_works (pool);
  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.helpers_lost, ==, 0);
  g_assert_cmpuint (stats.helpers_started, ==, 1);
  g_assert_cmpuint (stats.jobs_done, ==, 2);

  g_clear_object (&pool);
  assert_all_gone (pids);
}

static void
test_refused_jobs (void)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, pids);
  g_autoptr(IsobarHelperPool) strict = g_object_new (ISOBAR_TYPE_HELPER_POOL, "n-workers", 1, NULL);
  g_autoptr(IsobarHelperPool) small = g_object_new (ISOBAR_TYPE_HELPER_POOL,
                                                    "n-workers", 1, "max-packet-size", 1024, NULL);
  g_autoptr(GBytes) result = NULL;
  g_autoptr(GBytes) payload = g_bytes_new_take (g_malloc0 (2000), 2000);
  g_autoptr(GError) error = NULL;
  IsobarHelperPoolStats stats;

  /* The helper refuses; the helper stays. */
  result = run_text (pool, "no-such-kind", "", &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no job kind “no-such-kind”"));
  g_clear_error (&error);
  result = run_text (pool, "spin", "soon", &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  result = run_text (pool, ISOBAR_HELPER_KIND_KERNEL, "not a kernel job", &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_clear_error (&error);
  assert_echo_works (pool);
  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.helpers_started, ==, 1);
  g_assert_cmpuint (stats.helpers_lost, ==, 0);

  /* The pool refuses before any helper sees it. */
  result = run_text (pool, "Not A Kind", "", &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Fault injection is off unless asked for. */
  result = run_text (strict, "crash", "", &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "--allow-fault-injection"));
  g_clear_error (&error);
  isobar_helper_pool_get_stats (strict, &stats);
  g_assert_cmpuint (stats.helpers_lost, ==, 0);

  /* Over the packet limit. */
  result = run_job (small, "echo", payload, NULL, &error);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_TOO_LARGE);
  g_clear_error (&error);
  isobar_helper_pool_get_stats (small, &stats);
  g_assert_cmpuint (stats.helpers_started, ==, 0);
}

static void
test_missing_program (void)
{
  g_autoptr(IsobarHelperPool) pool = g_object_new (ISOBAR_TYPE_HELPER_POOL,
                                                   "helper-program", "/nonexistent/isobar-helper",
                                                   NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_strdup (g_getenv (ISOBAR_HELPER_ENV));
  g_autofree char *found = NULL;

  isobar_helper_pool_start_async (pool, NULL, store_result, &result);
  SPIN_UNTIL (result != NULL, WAIT_MS);
  g_assert_false (isobar_helper_pool_start_finish (pool, result, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* A job fails the same way rather than waiting for a helper forever. */
  g_assert_null (run_text (pool, "echo", "x", &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
  g_clear_error (&error);

  g_setenv (ISOBAR_HELPER_ENV, "/", TRUE);
  found = isobar_helper_find_program (&error);
  g_assert_null (found);
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
  g_assert_nonnull (strstr (error->message, "not an executable program"));
  g_setenv (ISOBAR_HELPER_ENV, saved, TRUE);
  g_clear_error (&error);
  found = isobar_helper_find_program (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, saved);
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancels a job once it has reported progress; returns how long the pool
 * took to hand control back (µs). */
static gint64
cancel_running_job (IsobarHelperPool *pool,
                    const char       *kind,
                    const char       *input)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) payload = g_bytes_new (input, strlen (input));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0, 0.0, TRUE };
  gint64 cancelled_at;

  isobar_helper_pool_run_async (pool, kind, payload, on_progress, &progress, cancellable,
                                store_result, &result);
  if (g_str_equal (kind, "spin"))
    SPIN_UNTIL (progress.count > 0, WAIT_MS);
  else
    g_usleep (50 * 1000);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  SPIN_UNTIL (result != NULL, WAIT_MS);
  output = isobar_helper_pool_run_finish (pool, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (output);
  return g_get_monotonic_time () - cancelled_at;
}

static void
test_cancel (void)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, pids);
  IsobarHelperPoolStats stats;
  gint64 latency;

  start_pool (pool);

  /* A job that obeys: the helper stops it and stays. */
  latency = cancel_running_job (pool, "spin", "20000");
  g_test_message ("cancel of a spinning job returned after %.2f ms", latency / 1000.0);
  g_assert_cmpint (latency, <, G_USEC_PER_SEC);
  assert_echo_works (pool);
  isobar_helper_pool_get_stats (pool, &stats);
  g_test_message ("helpers lost so far: %u (0 if the helper stopped within 100 ms)", stats.helpers_lost);
  g_assert_cmpuint (stats.jobs_cancelled, ==, 1);

  /* A job that does not: killed after 100 ms, replaced. */
  latency = cancel_running_job (pool, "hang", "");
  g_test_message ("cancel of a hung job returned after %.2f ms", latency / 1000.0);
  g_assert_cmpint (latency, <, G_USEC_PER_SEC);
  assert_echo_works (pool);
  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.helpers_lost, >=, 1);

  /* A queued job: removed from the queue; the running one goes on. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GBytes) spin = g_bytes_new ("200", 3);
    g_autoptr(GBytes) echo = g_bytes_new ("queued", 6);
    g_autoptr(GAsyncResult) spin_result = NULL;
    g_autoptr(GAsyncResult) echo_result = NULL;
    g_autoptr(GBytes) output = NULL;
    g_autoptr(GError) error = NULL;

    isobar_helper_pool_run_async (pool, "spin", spin, NULL, NULL, NULL, store_result, &spin_result);
    isobar_helper_pool_run_async (pool, "echo", echo, NULL, NULL, cancellable, store_result, &echo_result);
    g_timeout_add (20, cancel_later, cancellable);
    SPIN_UNTIL (echo_result != NULL, WAIT_MS);
    g_assert_null (spin_result);
    g_assert_null (isobar_helper_pool_run_finish (pool, echo_result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    SPIN_UNTIL (spin_result != NULL, WAIT_MS);
    output = isobar_helper_pool_run_finish (pool, spin_result, &error);
    g_assert_no_error (error);
  }

  /* Many jobs of one cancellable and a few of another: cancelling the
   * first ends all of its jobs, queued or running, and none of the other's. */
  {
    g_autoptr(GCancellable) run = g_cancellable_new ();
    g_autoptr(GCancellable) other = g_cancellable_new ();
    g_autoptr(GBytes) spin = g_bytes_new ("100", 3);
    g_autoptr(GBytes) echo = g_bytes_new ("kept", 4);
    GAsyncResult *results[24] = { NULL };
    guint cancelled = 0, done = 0;

    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      {
        gboolean mine = i % 6 != 5;

        isobar_helper_pool_run_async (pool, mine ? "spin" : "echo", mine ? spin : echo, NULL, NULL,
                                      mine ? run : other, store_result, &results[i]);
      }
    g_timeout_add (20, cancel_later, run);
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      {
        g_autoptr(GBytes) output = NULL;
        g_autoptr(GError) error = NULL;

        SPIN_UNTIL (results[i] != NULL, WAIT_MS);
        output = isobar_helper_pool_run_finish (pool, results[i], &error);
        if (i % 6 != 5)
          {
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
            cancelled++;
          }
        else
          {
            g_assert_no_error (error);
            g_assert_cmpmem (g_bytes_get_data (output, NULL), g_bytes_get_size (output), "kept", 4);
            done++;
          }
        g_clear_object (&results[i]);
      }
    g_assert_cmpuint (cancelled, ==, 20);
    g_assert_cmpuint (done, ==, 4);
  }

  /* Cancelled before it starts. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GBytes) echo = g_bytes_new ("never", 5);
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_null (run_job (pool, "echo", echo, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  assert_echo_works (pool);
  g_clear_object (&pool);
  assert_all_gone (pids);
}

static void
test_per_job (void)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (2, FALSE, pids);
  PendingJob jobs[6] = { { NULL, NULL } };
  IsobarHelperPoolStats stats;

  start_pool (pool);  /* nothing is started ahead of time */
  g_assert_cmpuint (pids->len, ==, 0);
  g_assert_false (isobar_helper_pool_get_reuse (pool));

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(GBytes) payload = NULL;

      jobs[i].expected = g_strdup_printf ("fresh %u", i);
      payload = g_bytes_new (jobs[i].expected, strlen (jobs[i].expected));
      isobar_helper_pool_run_async (pool, "echo", payload, NULL, NULL, NULL, store_result, &jobs[i].result);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) result = NULL;

      SPIN_UNTIL (jobs[i].result != NULL, WAIT_MS);
      result = isobar_helper_pool_run_finish (pool, jobs[i].result, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (result, NULL), g_bytes_get_size (result),
                       jobs[i].expected, strlen (jobs[i].expected));
      g_clear_object (&jobs[i].result);
      g_clear_pointer (&jobs[i].expected, g_free);
    }

  /* One helper per job, each gone once its job is done. */
  isobar_helper_pool_get_stats (pool, &stats);
  g_assert_cmpuint (stats.helpers_started, ==, G_N_ELEMENTS (jobs));
  g_assert_cmpuint (pids->len, ==, G_N_ELEMENTS (jobs));
  g_assert_cmpuint (stats.helpers_lost, ==, 0);
  SPIN_UNTIL (all_gone (pids), WAIT_MS);
  {
    g_autoptr(GArray) live = isobar_helper_pool_dup_pids (pool);

    g_assert_cmpuint (live->len, ==, 0);
  }
  g_test_message ("per-job helpers: mean start-up %.2f ms",
                  stats.total_startup_us / 1000.0 / stats.helpers_ready);
}

static void
test_shutdown (void)
{
  const char *kinds[] = { "spin", "hang", "spin", "echo" };
  const char *inputs[] = { "20000", "", "20000", "queued" };
  GAsyncResult *results[G_N_ELEMENTS (kinds)] = { NULL };
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (3, TRUE, pids);
  g_autoptr(GError) error = NULL;
  gint64 start;

  start_pool (pool);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GBytes) payload = g_bytes_new (inputs[i], strlen (inputs[i]));

      isobar_helper_pool_run_async (pool, kinds[i], payload, NULL, NULL, NULL, store_result, &results[i]);
    }
  /* Let the three helpers get into their jobs. */
  g_usleep (100 * 1000);
  g_main_context_iteration (NULL, FALSE);

  start = g_get_monotonic_time ();
  isobar_helper_pool_shutdown (pool);
  g_test_message ("shutdown with 3 busy helpers took %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
  /* Every child is reaped by the time shutdown returns. */
  g_assert_cmpuint (pids->len, ==, 3);
  assert_all_gone (pids);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GBytes) output = NULL;

      SPIN_UNTIL (results[i] != NULL, WAIT_MS);
      output = isobar_helper_pool_run_finish (pool, results[i], &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
      g_clear_error (&error);
      g_clear_object (&results[i]);
    }

  g_assert_null (run_text (pool, "echo", "too late", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

static void
test_dispose (void)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  IsobarHelperPool *pool = new_pool (2, TRUE, pids);

  start_pool (pool);
  assert_echo_works (pool);
  g_object_add_weak_pointer (G_OBJECT (pool), (gpointer *) &pool);
  g_object_unref (pool);
  g_assert_null (pool);
  g_assert_cmpuint (pids->len, ==, 2);
  assert_all_gone (pids);
}

/* A deterministic series: 30 years from 1960 with a trend, a season and
 * pseudo-random weather. */
static IsobarClimateSeries *
make_series_days (guint n_days)
{
  GDate start;
  g_autofree double *tmax = g_new (double, n_days);
  g_autofree double *tmin = g_new (double, n_days);
  g_autoptr(GError) error = NULL;
  guint32 state = 12345;
  IsobarClimateSeries *series;

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, G_DATE_JANUARY, 1960);
  for (guint i = 0; i < n_days; i++)
    {
      double mean = 10.0 + 0.03 * i / 365.25 + 8.0 * sin (2 * G_PI * i / 365.25);

      state = state * 1664525u + 1013904223u;
      mean += ((state >> 8) % 1000) / 250.0 - 2.0;
      tmax[i] = mean + 4.0;
      tmin[i] = mean - 4.0;
    }
  series = isobar_climate_series_new (g_date_get_julian (&start), n_days, tmax, tmin, NULL, &error);
  g_assert_no_error (error);
  return series;
}

static IsobarClimateSeries *
make_series (void)
{
  return make_series_days (10958);
}

/* The kernels give the same bytes in a helper as in this process. */
static void
test_kernel (void)
{
  g_autoptr(IsobarHelperPool) pool = new_pool (2, TRUE, NULL);
  g_autoptr(IsobarClimateSeries) series = make_series ();
  g_autoptr(GBytes) series_bytes = isobar_climate_series_serialize (series);
  g_autoptr(GBytes) series_key = isobar_packet_kernel_series_key (series_bytes);
  IsobarKernelJob jobs[] = {
    { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 },
    { ISOBAR_KERNEL_NORMALS, 0, 1, 0, 0, 0, 0 },
    { ISOBAR_KERNEL_BOOTSTRAP, 1, 4, 400, 0, 0, 7 },
    { ISOBAR_KERNEL_BOOTSTRAP, 3, 4, 400, 0, 0, 7 },
    { ISOBAR_KERNEL_HEATMAP, 0, 1, 0, 1970, 1978, 0 },
  };
  GAsyncResult *results[G_N_ELEMENTS (jobs)] = { NULL };
  IsobarHelperPoolStats stats;

  start_pool (pool);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (&jobs[i]);

      isobar_helper_pool_run_kernel_async (pool, job_bytes, series_key, series_bytes, NULL, NULL, NULL,
                                           store_result, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) remote = NULL;
      g_autoptr(GBytes) local = NULL;
      g_autofree char *name = isobar_kernel_job_describe (&jobs[i]);

      SPIN_UNTIL (results[i] != NULL, WAIT_MS);
      remote = isobar_helper_pool_run_finish (pool, results[i], &error);
      g_assert_no_error (error);
      local = isobar_kernel_run (&jobs[i], series, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %zu bytes, identical", name, g_bytes_get_size (remote));
      g_assert_true (g_bytes_equal (remote, local));
      g_clear_object (&results[i]);
    }

  /* A long bootstrap stops when cancelled, and its helper stays. */
  {
    IsobarKernelJob long_job = { ISOBAR_KERNEL_BOOTSTRAP, 0, 1, 1000000, 0, 0, 7 };
    g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (&long_job);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    Progress progress = { 0, 0.0, TRUE };

    isobar_helper_pool_run_kernel_async (pool, job_bytes, series_key, series_bytes, on_progress, &progress,
                                         cancellable, store_result, &result);
    SPIN_UNTIL (progress.count > 0, WAIT_MS);
    g_cancellable_cancel (cancellable);
    SPIN_UNTIL (result != NULL, WAIT_MS);
    g_assert_null (isobar_helper_pool_run_finish (pool, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_true (progress.ordered);
    assert_echo_works (pool);
  }

  isobar_helper_pool_get_stats (pool, &stats);
  g_test_message ("helpers lost: %u", stats.helpers_lost);
  g_assert_cmpuint (stats.jobs_done, ==, G_N_ELEMENTS (jobs) + 1);
}

/* Runs @n_jobs trend jobs on @series_bytes; each must give @expected. */
static void
run_kernel_batch (IsobarHelperPool *pool,
                  guint             n_jobs,
                  GBytes           *series_key,
                  GBytes           *series_bytes,
                  GBytes           *expected)
{
  IsobarKernelJob trend = { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 };
  g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (&trend);
  g_autofree GAsyncResult **results = g_new0 (GAsyncResult *, n_jobs);

  for (guint i = 0; i < n_jobs; i++)
    isobar_helper_pool_run_kernel_async (pool, job_bytes, series_key, series_bytes, NULL, NULL, NULL,
                                         store_result, &results[i]);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) output = NULL;

      SPIN_UNTIL (results[i] != NULL, WAIT_MS);
      output = isobar_helper_pool_run_finish (pool, results[i], &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (output, expected));
      g_clear_object (&results[i]);
    }
}

/* The series goes through each helper's pipe once, not with every job; a
 * helper that replaces a lost one gets it again; a new series is sent too. */
static void
test_kernel_series_once (void)
{
  const guint n_workers = 2, n_jobs = 40;
  g_autoptr(IsobarHelperPool) pool = new_pool (n_workers, TRUE, NULL);
  g_autoptr(IsobarClimateSeries) series = make_series ();
  g_autoptr(GBytes) series_bytes = isobar_climate_series_serialize (series);
  g_autoptr(GBytes) series_key = isobar_packet_kernel_series_key (series_bytes);
  IsobarKernelJob trend = { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 };
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  gsize series_size = g_bytes_get_size (series_bytes);
  IsobarHelperPoolStats before, after;
  guint64 written;

  expected = isobar_kernel_run (&trend, series, NULL, &error);
  g_assert_no_error (error);
  start_pool (pool);

  isobar_helper_pool_get_stats (pool, &before);
  run_kernel_batch (pool, n_jobs, series_key, series_bytes, expected);
  isobar_helper_pool_get_stats (pool, &after);
  written = after.bytes_written - before.bytes_written;
  g_test_message ("%u jobs of a %zu-byte series: %" G_GUINT64_FORMAT " bytes written",
                  n_jobs, series_size, written);
  g_assert_cmpuint (written, >=, series_size);
  g_assert_cmpuint (written, <, (guint64) n_workers * series_size + (guint64) n_jobs * 256);

  /* A crashed helper's replacement starts without the series: it is sent again. */
  {
    g_autoptr(GBytes) crash = g_bytes_new_static ("", 0);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GBytes) output = NULL;

    isobar_helper_pool_run_async (pool, "crash", crash, NULL, NULL, NULL, store_result, &result);
    SPIN_UNTIL (result != NULL, WAIT_MS);
    output = isobar_helper_pool_run_finish (pool, result, &error);
    g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER);
    g_clear_error (&error);
  }
  run_kernel_batch (pool, n_jobs, series_key, series_bytes, expected);

  /* Another series goes to each helper once too. */
  {
    g_autoptr(IsobarClimateSeries) other = make_series_days (9000);
    g_autoptr(GBytes) other_bytes = isobar_climate_series_serialize (other);
    g_autoptr(GBytes) other_key = isobar_packet_kernel_series_key (other_bytes);
    g_autoptr(GBytes) other_expected = isobar_kernel_run (&trend, other, NULL, &error);

    g_assert_no_error (error);
    g_assert_false (g_bytes_equal (other_key, series_key));
    g_assert_false (g_bytes_equal (other_expected, expected));
    isobar_helper_pool_get_stats (pool, &before);
    run_kernel_batch (pool, n_jobs, other_key, other_bytes, other_expected);
    isobar_helper_pool_get_stats (pool, &after);
    written = after.bytes_written - before.bytes_written;
    g_assert_cmpuint (written, >=, g_bytes_get_size (other_bytes));
    g_assert_cmpuint (written, <, (guint64) n_workers * g_bytes_get_size (other_bytes) + (guint64) n_jobs * 256);
  }
  /* and back to the first, which the helpers no longer hold */
  run_kernel_batch (pool, n_jobs, series_key, series_bytes, expected);
  assert_echo_works (pool);
}

/* `kernel-inline` (the pickle-pool strategy): every job's whole input goes
 * through the pipe, job after job on the same persistent helpers, and the
 * whole result comes back; the outputs are the in-process kernel's, bit for
 * bit; and the helper keeps nothing, so a key-only request for that series
 * afterwards fails on the same helper. */
static void
test_kernel_inline (void)
{
  const guint n_workers = 2, n_jobs = 40, n_single = 8;
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(IsobarHelperPool) pool = new_pool (n_workers, TRUE, pids);
  g_autoptr(IsobarClimateSeries) series = make_series ();
  g_autoptr(GBytes) series_bytes = isobar_climate_series_serialize (series);
  gsize series_size = g_bytes_get_size (series_bytes);
  IsobarKernelJob jobs[] = {
    { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 },
    { ISOBAR_KERNEL_NORMALS, 0, 1, 0, 0, 0, 0 },
    { ISOBAR_KERNEL_BOOTSTRAP, 1, 4, 400, 0, 0, 7 },
    { ISOBAR_KERNEL_HEATMAP, 0, 1, 0, 1970, 1978, 0 },
  };
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) job_bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree GAsyncResult **results = g_new0 (GAsyncResult *, n_jobs);
  IsobarHelperPoolStats before, after;
  guint64 expected_read = 0;

  for (guint k = 0; k < G_N_ELEMENTS (jobs); k++)
    {
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (job_bytes, isobar_kernel_job_serialize (&jobs[k]));
      g_ptr_array_add (expected, isobar_kernel_run (&jobs[k], series, NULL, &error));
      g_assert_no_error (error);
    }
  start_pool (pool);
  g_assert_cmpuint (pids->len, ==, n_workers);

  /* One at a time: each job alone writes the whole series and reads the
   * whole result. */
  for (guint i = 0; i < n_single; i++)
    {
      guint k = i % G_N_ELEMENTS (jobs);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) output = NULL;
      g_autoptr(GError) error = NULL;
      guint64 written, read;

      isobar_helper_pool_get_stats (pool, &before);
      isobar_helper_pool_run_kernel_async (pool, g_ptr_array_index (job_bytes, k), NULL, series_bytes,
                                           NULL, NULL, NULL, store_result, &result);
      SPIN_UNTIL (result != NULL, WAIT_MS);
      output = isobar_helper_pool_run_finish (pool, result, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (output, g_ptr_array_index (expected, k)));
      isobar_helper_pool_get_stats (pool, &after);
      written = after.bytes_written - before.bytes_written;
      read = after.bytes_read - before.bytes_read;
      g_assert_cmpuint (written, >=, series_size + g_bytes_get_size (g_ptr_array_index (job_bytes, k)));
      g_assert_cmpuint (written, <, series_size + 256);
      g_assert_cmpuint (read, >=, g_bytes_get_size (output));
    }

  /* All at once on both helpers: N jobs, N series through the pipes. */
  isobar_helper_pool_get_stats (pool, &before);
  for (guint i = 0; i < n_jobs; i++)
    isobar_helper_pool_run_kernel_async (pool, g_ptr_array_index (job_bytes, i % G_N_ELEMENTS (jobs)), NULL,
                                         series_bytes, NULL, NULL, NULL, store_result, &results[i]);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) output = NULL;

      SPIN_UNTIL (results[i] != NULL, WAIT_MS);
      output = isobar_helper_pool_run_finish (pool, results[i], &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (output, g_ptr_array_index (expected, i % G_N_ELEMENTS (jobs))));
      expected_read += g_bytes_get_size (output);
      g_clear_object (&results[i]);
    }
  isobar_helper_pool_get_stats (pool, &after);
  g_test_message ("%u inline jobs of a %zu-byte series: %" G_GUINT64_FORMAT " bytes written, %"
                  G_GUINT64_FORMAT " read", n_jobs, series_size,
                  after.bytes_written - before.bytes_written, after.bytes_read - before.bytes_read);
  g_assert_cmpuint (after.bytes_written - before.bytes_written, >=, (guint64) n_jobs * series_size);
  g_assert_cmpuint (after.bytes_read - before.bytes_read, >=, expected_read);
  /* Persistent: the helpers started once served every job. */
  g_assert_cmpuint (after.helpers_started, ==, n_workers);
  g_assert_cmpuint (after.helpers_lost, ==, 0);
  g_assert_cmpuint (pids->len, ==, n_workers);

  /* Nothing kept: a key-only `kernel` request for the series every helper
   * has just run n_jobs / n_workers jobs on finds no series, on each helper. */
  {
    g_autoptr(GBytes) key = isobar_packet_kernel_series_key (series_bytes);
    g_autoptr(GBytes) key_only = isobar_packet_pack_kernel_input (g_ptr_array_index (job_bytes, 0), key, NULL);
    GAsyncResult *probes[2] = { NULL, NULL };

    g_assert_cmpuint (n_workers, ==, G_N_ELEMENTS (probes));
    /* Two at once, so that each helper gets one. */
    for (guint i = 0; i < n_workers; i++)
      isobar_helper_pool_run_async (pool, ISOBAR_HELPER_KIND_KERNEL, key_only, NULL, NULL, NULL,
                                    store_result, &probes[i]);
    for (guint i = 0; i < n_workers; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) output = NULL;

        SPIN_UNTIL (probes[i] != NULL, WAIT_MS);
        output = isobar_helper_pool_run_finish (pool, probes[i], &error);
        g_assert_null (output);
        g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, "series not cached"));
        g_clear_object (&probes[i]);
      }
    isobar_helper_pool_get_stats (pool, &after);
    g_assert_cmpuint (after.helpers_started, ==, n_workers);
  }

  /* Refused before anything is sent: an empty series. */
  {
    g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) output = NULL;

    isobar_helper_pool_run_kernel_async (pool, g_ptr_array_index (job_bytes, 0), NULL, empty,
                                         NULL, NULL, NULL, store_result, &result);
    SPIN_UNTIL (result != NULL, WAIT_MS);
    output = isobar_helper_pool_run_finish (pool, result, &error);
    g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  }
  assert_echo_works (pool);
}

/* ------------------------------------------- the helper, spoken to directly */

typedef struct
{
  GSubprocess         *subprocess;
  IsobarPacketDecoder *decoder;
  int                  stdout_fd;
} Direct;

static void
direct_free (Direct *direct)
{
  g_subprocess_force_exit (direct->subprocess);
  g_subprocess_wait (direct->subprocess, NULL, NULL);
  g_clear_object (&direct->subprocess);
  g_clear_pointer (&direct->decoder, isobar_packet_decoder_free);
  g_free (direct);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Direct, direct_free)

/* The next packet from the helper, waiting at most WAIT_MS. */
static IsobarPacket *
direct_read (Direct *direct)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  for (;;)
    {
      struct pollfd pfd = { .fd = direct->stdout_fd, .events = POLLIN };
      g_autoptr(GError) error = NULL;
      IsobarPacket *packet = isobar_packet_decoder_pop (direct->decoder);
      guint8 buffer[4096];
      gssize n;

      if (packet != NULL)
        return packet;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (poll (&pfd, 1, 100) <= 0)
        continue;
      n = read (direct->stdout_fd, buffer, sizeof buffer);
      g_assert_cmpint (n, >, 0);
      g_assert_true (isobar_packet_decoder_feed (direct->decoder, buffer, n, &error));
      g_assert_no_error (error);
    }
}

static void
direct_write (Direct     *direct,
              const void *data,
              gsize       length)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *in = g_subprocess_get_stdin_pipe (direct->subprocess);

  g_assert_true (g_output_stream_write_all (in, data, length, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
direct_send (Direct *direct,
             GBytes *packet)
{
  direct_write (direct, g_bytes_get_data (packet, NULL), g_bytes_get_size (packet));
}

static Direct *
direct_spawn (gboolean allow_faults)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = isobar_helper_find_program (&error);
  Direct *direct = g_new0 (Direct, 1);
  g_autoptr(IsobarPacket) hello = NULL;
  guint32 version = 0, pid = 0;

  g_assert_no_error (error);
  direct->subprocess = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                         program, allow_faults ? "--allow-fault-injection" : "--", NULL);
  g_assert_no_error (error);
  direct->decoder = isobar_packet_decoder_new (ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD);
  direct->stdout_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (direct->subprocess)));

  hello = direct_read (direct);
  g_assert_true (isobar_packet_parse_hello (hello, &version, &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pid, ==, atoi (g_subprocess_get_identifier (direct->subprocess)));
  return direct;
}

/* Waits (bounded) for the helper to exit; returns its wait status. */
static void
direct_wait (Direct  *direct,
             gint64  *elapsed_us)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_subprocess_wait_async (direct->subprocess, NULL, store_result, &result);
  SPIN_UNTIL (result != NULL, WAIT_MS);
  g_assert_true (g_subprocess_wait_finish (direct->subprocess, result, &error));
  if (elapsed_us != NULL)
    *elapsed_us = g_get_monotonic_time () - start;
}

static GError *
expect_error_packet (Direct  *direct,
                     guint64  job_id)
{
  g_autoptr(IsobarPacket) packet = direct_read (direct);
  g_autoptr(GError) error = NULL;
  GError *remote = NULL;

  g_assert_cmpint (packet->type, ==, ISOBAR_PACKET_ERROR);
  g_assert_cmpuint (packet->job_id, ==, job_id);
  g_assert_true (isobar_packet_parse_error (packet, &remote, &error));
  g_assert_no_error (error);
  g_test_message ("helper said: %s", remote->message);
  return remote;
}

/* Sends @packet (consumed) and expects an error packet for @job_id, with @code. */
static void
send_expect_error (Direct  *direct,
                   GBytes  *packet,
                   guint64  job_id,
                   int      code)
{
  g_autoptr(GBytes) owned = packet;
  g_autoptr(GError) remote = NULL;

  direct_send (direct, owned);
  remote = expect_error_packet (direct, job_id);
  g_assert_error (remote, ISOBAR_ERROR, code);
}

static void
test_stdin_eof (void)
{
  const char *kinds[] = { NULL, "spin", "hang" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(Direct) direct = direct_spawn (TRUE);
      gint64 elapsed = 0;

      if (kinds[i] != NULL)
        {
          g_autoptr(GBytes) input = g_bytes_new ("60000", 5);
          g_autoptr(GBytes) request = isobar_packet_encode_request (1, kinds[i], input);

          direct_send (direct, request);
          g_usleep (50 * 1000);
        }
      g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (direct->subprocess), NULL, NULL));
      direct_wait (direct, &elapsed);
      g_test_message ("%s helper exited %.2f ms after its stdin closed",
                      kinds[i] ? kinds[i] : "idle", elapsed / 1000.0);
      g_assert_true (g_subprocess_get_if_exited (direct->subprocess));
      g_assert_cmpint (g_subprocess_get_exit_status (direct->subprocess), ==, 0);
      g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
    }
}

static GBytes *
raw_request (guint64     job_id,
             const char *kind_bytes,
             gsize       kind_length,
             guint16     announced)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  guint8 head[2] = { announced & 0xff, announced >> 8 };

  g_byte_array_append (payload, head, 2);
  g_byte_array_append (payload, (const guint8 *) kind_bytes, kind_length);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&payload));
  return isobar_packet_encode (ISOBAR_PACKET_REQUEST, job_id, bytes);
}

/* Writes @data, which breaks the packet stream itself: the helper answers
 * with a MALFORMED error packet for no job that says @expected, and exits
 * with 2. */
static void
assert_stream_refused (Direct        *direct,
                       gconstpointer  data,
                       gsize          length,
                       const char    *expected)
{
  g_autoptr(GError) remote = NULL;

  direct_write (direct, data, length);
  remote = expect_error_packet (direct, 0);
  g_assert_error (remote, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED);
  g_assert_nonnull (strstr (remote->message, expected));
  direct_wait (direct, NULL);
  g_assert_true (g_subprocess_get_if_exited (direct->subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (direct->subprocess), ==, 2);
}

static void
test_bad_input (void)
{
  g_autoptr(Direct) direct = direct_spawn (FALSE);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) soon = g_bytes_new ("soon", 4);

  send_expect_error (direct, isobar_packet_encode_request (5, "nope", empty),
                     5, ISOBAR_ERROR_INVALID_ARGUMENT);
  /* kind of 0 bytes */
  send_expect_error (direct, raw_request (6, "echo", 4, 0), 6, ISOBAR_ERROR_MALFORMED);
  /* not a valid kind */
  send_expect_error (direct, raw_request (7, "ECHO", 4, 4), 7, ISOBAR_ERROR_MALFORMED);
  /* job ids start at 1 */
  send_expect_error (direct, raw_request (0, "echo", 4, 4), 0, ISOBAR_ERROR_MALFORMED);
  send_expect_error (direct, isobar_packet_encode_progress (8, 0.5, "from the wrong side"),
                     8, ISOBAR_ERROR_MALFORMED);
  send_expect_error (direct, isobar_packet_encode_request (9, "spin", soon),
                     9, ISOBAR_ERROR_INVALID_ARGUMENT);
  send_expect_error (direct, isobar_packet_encode_request (13, "spin", empty),
                     13, ISOBAR_ERROR_INVALID_ARGUMENT);
  send_expect_error (direct, isobar_packet_encode_request (14, ISOBAR_HELPER_KIND_KERNEL, empty),
                     14, ISOBAR_ERROR_INVALID_DATA);
  send_expect_error (direct, isobar_packet_encode_request (10, ISOBAR_HELPER_KIND_KERNEL, soon),
                     10, ISOBAR_ERROR_INVALID_DATA);
  send_expect_error (direct, isobar_packet_encode_request (11, "crash", empty),
                     11, ISOBAR_ERROR_INVALID_ARGUMENT);
  {
    /* Still serving. */
    g_autoptr(GBytes) packet = isobar_packet_encode_request (12, "echo", soon);
    g_autoptr(IsobarPacket) reply = NULL;

    direct_send (direct, packet);
    reply = direct_read (direct);
    g_assert_cmpint (reply->type, ==, ISOBAR_PACKET_RESULT);
    g_assert_cmpuint (reply->job_id, ==, 12);
    g_assert_true (g_bytes_equal (reply->payload, soon));
  }

  /* Bytes that are no packet at all: an error packet, then a clean exit. */
  assert_stream_refused (direct, "hello helper, this is not a packet", 34, "ISOB");
}

/* Well-formed request packets with damaged contents: every one gets a
 * result or an error packet for its own job, and the helper lives on. */
static void
test_fuzz_requests (void)
{
  g_autoptr(Direct) direct = direct_spawn (FALSE);
  g_autoptr(IsobarClimateSeries) series = make_series ();
  g_autoptr(GBytes) series_bytes = isobar_climate_series_serialize (series);
  IsobarKernelJob trend = { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 };
  g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (&trend);
  const char *kinds[] = { "echo", "spin", ISOBAR_HELPER_KIND_KERNEL, ISOBAR_HELPER_KIND_KERNEL_INLINE, "nope" };
  guint n_results = 0, n_errors = 0;

  for (guint round = 0; round < 300; round++)
    {
      const char *kind = kinds[g_test_rand_int_range (0, G_N_ELEMENTS (kinds))];
      g_autoptr(GBytes) input = NULL;
      g_autoptr(GBytes) packet = NULL;
      g_autoptr(IsobarPacket) reply = NULL;

      if ((g_str_equal (kind, ISOBAR_HELPER_KIND_KERNEL) || g_str_equal (kind, ISOBAR_HELPER_KIND_KERNEL_INLINE)) &&
          round % 3 != 0)
        {
          /* a real request, a few bits flipped in the job header or the series */
          gboolean in_job = g_test_rand_bit ();
          g_autoptr(GByteArray) job = g_byte_array_new ();
          g_autoptr(GByteArray) data = g_byte_array_new ();
          g_autoptr(GBytes) job_copy = NULL;
          g_autoptr(GBytes) data_copy = NULL;
          GByteArray *target = in_job ? job : data;
          guint limit;

          g_byte_array_append (job, g_bytes_get_data (job_bytes, NULL), g_bytes_get_size (job_bytes));
          g_byte_array_append (data, g_bytes_get_data (series_bytes, NULL), g_bytes_get_size (series_bytes));
          /* Job header only: a flipped resample count could ask for minutes of work. */
          limit = in_job ? 20 : target->len;
          for (guint f = g_test_rand_int_range (1, 5); f > 0; f--)
            target->data[g_test_rand_int_range (0, limit)] ^= 1 << g_test_rand_int_range (0, 8);
          job_copy = g_byte_array_free_to_bytes (g_steal_pointer (&job));
          data_copy = g_byte_array_free_to_bytes (g_steal_pointer (&data));
          if (g_str_equal (kind, ISOBAR_HELPER_KIND_KERNEL_INLINE))
            {
              input = isobar_packet_pack_kernel_inline_input (job_copy, data_copy);
            }
          else
            {
              /* mostly a key that fits the (changed) series, sometimes the original */
              g_autoptr(GBytes) key = isobar_packet_kernel_series_key (g_test_rand_bit () ? data_copy : series_bytes);

              input = isobar_packet_pack_kernel_input (job_copy, key, data_copy);
            }
        }
      else
        {
          gsize length = g_test_rand_int_range (0, 200);
          guint8 *noise = g_malloc (length + 1);

          for (gsize i = 0; i < length; i++)
            noise[i] = g_test_rand_int_range (0, 256);
          /* never a digit first: "spin" must not get a long duration */
          if (length > 0 && g_ascii_isdigit (noise[0]))
            noise[0] = 'x';
          input = g_bytes_new_take (noise, length);
        }

      packet = isobar_packet_encode_request (round + 1, kind, input);
      direct_send (direct, packet);
      reply = direct_read (direct);
      g_assert_cmpuint (reply->job_id, ==, round + 1);
      if (reply->type == ISOBAR_PACKET_RESULT)
        {
          n_results++;
        }
      else
        {
          g_autoptr(GError) remote = NULL;
          g_autoptr(GError) error = NULL;

          g_assert_cmpint (reply->type, ==, ISOBAR_PACKET_ERROR);
          g_assert_true (isobar_packet_parse_error (reply, &remote, &error));
          n_errors++;
        }
    }

  g_test_message ("%u results, %u errors", n_results, n_errors);
  g_assert_cmpuint (n_results, >, 0);
  g_assert_cmpuint (n_errors, >, 0);
  /* Alive and well. */
  {
    g_autoptr(GBytes) input = g_bytes_new ("after", 5);
    g_autoptr(GBytes) packet = isobar_packet_encode_request (1000, "echo", input);
    g_autoptr(IsobarPacket) reply = NULL;

    direct_send (direct, packet);
    reply = direct_read (direct);
    g_assert_cmpint (reply->type, ==, ISOBAR_PACKET_RESULT);
    g_assert_true (g_bytes_equal (reply->payload, input));
  }
}

static void
test_bad_input_oversize (void)
{
  g_autoptr(Direct) direct = direct_spawn (FALSE);
  guint8 header[ISOBAR_PACKET_HEADER_SIZE] = {
    'I', 'S', 'O', 'B', ISOBAR_PACKET_VERSION, 0, ISOBAR_PACKET_REQUEST, 0,
    1, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0xff, 0xff, 0xff,
  };

  assert_stream_refused (direct, header, sizeof header, "over the limit");
}

/* A key-only kernel request to a helper that has no series is refused with
 * a clear error; the helper keeps working, and takes the key once sent the series. */
static void
test_kernel_not_cached (void)
{
  g_autoptr(Direct) direct = direct_spawn (FALSE);
  g_autoptr(IsobarClimateSeries) series = make_series ();
  g_autoptr(GBytes) series_bytes = isobar_climate_series_serialize (series);
  g_autoptr(GBytes) series_key = isobar_packet_kernel_series_key (series_bytes);
  IsobarKernelJob trend = { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 };
  g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (&trend);
  g_autoptr(GBytes) key_only = isobar_packet_pack_kernel_input (job_bytes, series_key, NULL);
  g_autoptr(GBytes) full = isobar_packet_pack_kernel_input (job_bytes, series_key, series_bytes);
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) remote = NULL;

  expected = isobar_kernel_run (&trend, series, NULL, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GBytes) packet = isobar_packet_encode_request (1, ISOBAR_HELPER_KIND_KERNEL, key_only);

    direct_send (direct, packet);
  }
  remote = expect_error_packet (direct, 1);
  g_assert_error (remote, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (remote->message, "series not cached"));

  /* A series that does not match its key is refused too. */
  {
    g_autoptr(IsobarClimateSeries) other = make_series_days (9000);
    g_autoptr(GBytes) other_bytes = isobar_climate_series_serialize (other);
    g_autoptr(GBytes) mismatched = isobar_packet_pack_kernel_input (job_bytes, series_key, other_bytes);

    send_expect_error (direct, isobar_packet_encode_request (2, ISOBAR_HELPER_KIND_KERNEL, mismatched),
                       2, ISOBAR_ERROR_INVALID_DATA);
  }

  for (guint64 id = 3; id <= 5; id++)
    {
      g_autoptr(IsobarPacket) reply = NULL;
      /* the series once, then its key alone */
      g_autoptr(GBytes) packet = isobar_packet_encode_request (id, ISOBAR_HELPER_KIND_KERNEL,
                                                               id == 3 ? full : key_only);

      direct_send (direct, packet);
      while ((reply = direct_read (direct))->type == ISOBAR_PACKET_PROGRESS)
        g_clear_pointer (&reply, isobar_packet_free);
      g_assert_cmpint (reply->type, ==, ISOBAR_PACKET_RESULT);
      g_assert_cmpuint (reply->job_id, ==, id);
      g_assert_true (g_bytes_equal (reply->payload, expected));
    }
}

/* A `kernel-inline` request runs on the series it carries and leaves the
 * helper's series cache as it was: neither filled (a key-only request for
 * that series fails afterwards) nor emptied (the series a `kernel` request
 * cached before is still there). */
static void
test_kernel_inline_keeps_nothing (void)
{
  g_autoptr(Direct) direct = direct_spawn (FALSE);
  g_autoptr(IsobarClimateSeries) series = make_series ();
  g_autoptr(IsobarClimateSeries) other = make_series_days (9000);
  g_autoptr(GBytes) series_bytes = isobar_climate_series_serialize (series);
  g_autoptr(GBytes) other_bytes = isobar_climate_series_serialize (other);
  g_autoptr(GBytes) series_key = isobar_packet_kernel_series_key (series_bytes);
  g_autoptr(GBytes) other_key = isobar_packet_kernel_series_key (other_bytes);
  IsobarKernelJob trend = { ISOBAR_KERNEL_TREND, 0, 1, 0, 0, 0, 0 };
  g_autoptr(GBytes) job_bytes = isobar_kernel_job_serialize (&trend);
  g_autoptr(GBytes) inline_input = isobar_packet_pack_kernel_inline_input (job_bytes, series_bytes);
  g_autoptr(GBytes) series_key_only = isobar_packet_pack_kernel_input (job_bytes, series_key, NULL);
  g_autoptr(GBytes) other_full = isobar_packet_pack_kernel_input (job_bytes, other_key, other_bytes);
  g_autoptr(GBytes) other_key_only = isobar_packet_pack_kernel_input (job_bytes, other_key, NULL);
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) other_expected = NULL;
  g_autoptr(GError) error = NULL;
  struct
  {
    const char *kind;
    GBytes     *input;
    GBytes     *expected;  /* NULL: "series not cached" */
  } steps[] = {
    { ISOBAR_HELPER_KIND_KERNEL_INLINE, inline_input, NULL },
    { ISOBAR_HELPER_KIND_KERNEL, series_key_only, NULL },
    { ISOBAR_HELPER_KIND_KERNEL, other_full, NULL },
    { ISOBAR_HELPER_KIND_KERNEL_INLINE, inline_input, NULL },
    { ISOBAR_HELPER_KIND_KERNEL, other_key_only, NULL },
    { ISOBAR_HELPER_KIND_KERNEL, series_key_only, NULL },
  };

  expected = isobar_kernel_run (&trend, series, NULL, &error);
  g_assert_no_error (error);
  other_expected = isobar_kernel_run (&trend, other, NULL, &error);
  g_assert_no_error (error);
  steps[0].expected = expected;
  steps[2].expected = other_expected;
  steps[3].expected = expected;
  steps[4].expected = other_expected;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      guint64 id = i + 1;
      g_autoptr(GBytes) packet = isobar_packet_encode_request (id, steps[i].kind, steps[i].input);
      g_autoptr(IsobarPacket) reply = NULL;

      direct_send (direct, packet);
      while ((reply = direct_read (direct))->type == ISOBAR_PACKET_PROGRESS)
        g_clear_pointer (&reply, isobar_packet_free);
      g_assert_cmpuint (reply->job_id, ==, id);
      if (steps[i].expected != NULL)
        {
          g_assert_cmpint (reply->type, ==, ISOBAR_PACKET_RESULT);
          g_assert_true (g_bytes_equal (reply->payload, steps[i].expected));
        }
      else
        {
          g_autoptr(GError) remote = NULL;

          g_assert_cmpint (reply->type, ==, ISOBAR_PACKET_ERROR);
          g_assert_true (isobar_packet_parse_error (reply, &remote, &error));
          g_assert_no_error (error);
          g_assert_error (remote, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
          g_assert_nonnull (strstr (remote->message, "series not cached"));
        }
    }

  /* An inline request without its series, or with a broken one. */
  {
    g_autoptr(GBytes) no_series = g_bytes_new_from_bytes (inline_input, 0, 4 + g_bytes_get_size (job_bytes));
    g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (inline_input, 0, g_bytes_get_size (inline_input) - 3);

    send_expect_error (direct, isobar_packet_encode_request (20, ISOBAR_HELPER_KIND_KERNEL_INLINE, no_series),
                       20, ISOBAR_ERROR_INVALID_DATA);
    send_expect_error (direct, isobar_packet_encode_request (21, ISOBAR_HELPER_KIND_KERNEL_INLINE, truncated),
                       21, ISOBAR_ERROR_INVALID_DATA);
  }
}

static void
test_priority (void)
{
  g_autoptr(Direct) direct = direct_spawn (FALSE);
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (direct->subprocess));
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  after_comm = strrchr (contents, ')');
  g_assert_nonnull (after_comm);
  fields = g_strsplit (after_comm + 2, " ", -1);
  /* field 19 of stat, the 17th after the command: nice */
  g_test_message ("helper niceness %s (this test runs at %d)", fields[16], nice (0));
  g_assert_cmpint (atoi (fields[16]), >, nice (0));
}

/* ------------------------------------------------------------ measuring */

static void
test_measure (void)
{
  g_autoptr(GArray) startup = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) round_trip = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) per_job = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cancel = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) recover = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  guint n_round_trips = g_test_slow () ? 10000 : 1000;

  /* Spawn to hello. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, NULL);
      IsobarHelperPoolStats stats;
      double us;

      start_pool (pool);
      isobar_helper_pool_get_stats (pool, &stats);
      us = stats.last_startup_us;
      g_array_append_val (startup, us);
    }
  describe ("helper start-up to hello (µs)", startup);

  /* An empty echo through a persistent helper. */
  {
    g_autoptr(IsobarHelperPool) pool = new_pool (1, TRUE, NULL);

    start_pool (pool);
    for (guint i = 0; i < 50 + n_round_trips; i++)
      {
        g_autoptr(GBytes) result = NULL;
        g_autoptr(GError) error = NULL;
        gint64 start = g_get_monotonic_time ();
        double us;

        result = run_job (pool, "echo", empty, NULL, &error);
        g_assert_no_error (error);
        us = g_get_monotonic_time () - start;
        if (i >= 50)  /* warm-up */
          g_array_append_val (round_trip, us);
      }
    describe ("empty echo round trip, persistent helper (µs)", round_trip);

    for (guint i = 0; i < 20; i++)
      {
        gint64 start;
        double latency_us = cancel_running_job (pool, "spin", "10000");
        double recover_us;

        g_array_append_val (cancel, latency_us);
        start = g_get_monotonic_time ();
        assert_echo_works (pool);
        recover_us = g_get_monotonic_time () - start;
        g_array_append_val (recover, recover_us);
      }
    describe ("cancel to control returned (µs)", cancel);
    describe ("cancel, then the next echo done (µs)", recover);
  }

  /* The same echo with a fresh helper each time (process-per-job). */
  {
    g_autoptr(IsobarHelperPool) pool = new_pool (1, FALSE, NULL);

    for (guint i = 0; i < 50; i++)
      {
        g_autoptr(GBytes) result = NULL;
        g_autoptr(GError) error = NULL;
        gint64 start = g_get_monotonic_time ();
        double us;

        result = run_job (pool, "echo", empty, NULL, &error);
        g_assert_no_error (error);
        us = g_get_monotonic_time () - start;
        g_array_append_val (per_job, us);
      }
    describe ("empty echo with a helper spawned per job (µs)", per_job);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* Run by hand from the build folder: use the helper built beside us. */
  if (g_getenv (ISOBAR_HELPER_ENV) == NULL)
    {
      g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "..", "..", "src", "helper",
                                                      "isobar-helper", NULL);
      g_setenv (ISOBAR_HELPER_ENV, built, TRUE);
    }

  g_test_add_func ("/helper-pool/echo", test_echo);
  g_test_add_data_func ("/helper-pool/many-jobs/1", GUINT_TO_POINTER (1), test_many_jobs);
  g_test_add_data_func ("/helper-pool/many-jobs/2", GUINT_TO_POINTER (2), test_many_jobs);
  g_test_add_data_func ("/helper-pool/many-jobs/4", GUINT_TO_POINTER (4), test_many_jobs);
  g_test_add_func ("/helper-pool/progress", test_progress);
  g_test_add_func ("/helper-pool/faults", test_faults);
  g_test_add_func ("/helper-pool/supervised", test_supervised);
  g_test_add_func ("/helper-pool/late-loop", test_late_loop);
  g_test_add_func ("/helper-pool/refused-jobs", test_refused_jobs);
  g_test_add_func ("/helper-pool/missing-program", test_missing_program);
  g_test_add_func ("/helper-pool/cancel", test_cancel);
  g_test_add_func ("/helper-pool/per-job", test_per_job);
  g_test_add_func ("/helper-pool/shutdown", test_shutdown);
  g_test_add_func ("/helper-pool/dispose", test_dispose);
  g_test_add_func ("/helper-pool/kernel", test_kernel);
  g_test_add_func ("/helper-pool/kernel-series-once", test_kernel_series_once);
  g_test_add_func ("/helper-pool/kernel-inline", test_kernel_inline);
  g_test_add_func ("/helper/kernel-not-cached", test_kernel_not_cached);
  g_test_add_func ("/helper/kernel-inline-keeps-nothing", test_kernel_inline_keeps_nothing);
  g_test_add_func ("/helper/stdin-eof", test_stdin_eof);
  g_test_add_func ("/helper/bad-input", test_bad_input);
  g_test_add_func ("/helper/bad-input-oversize", test_bad_input_oversize);
  g_test_add_func ("/helper/fuzz-requests", test_fuzz_requests);
  g_test_add_func ("/helper/priority", test_priority);
  g_test_add_func ("/helper-pool/measure", test_measure);

  return g_test_run ();
}
