/* isobar-helper-pool.h: jobs run on N persistent isobar-helper processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ISOBAR_TYPE_HELPER_POOL (isobar_helper_pool_get_type ())

G_DECLARE_FINAL_TYPE (IsobarHelperPool, isobar_helper_pool, ISOBAR, HELPER_POOL, GObject)

#define ISOBAR_HELPER_POOL_DEFAULT_JOB_TIMEOUT_MS 60000

/**
 * IsobarHelperProgressFunc:
 * @fraction: the part of the job done, 0 to 1
 * @text: (nullable): what the helper says it is doing
 * @user_data: the progress data given to isobar_helper_pool_run_async()
 *
 * Called on the pool's main context, at most every ~50 ms per job, never
 * after the job has ended (including cancelled).
 */
typedef void (*IsobarHelperProgressFunc) (double      fraction,
                                          const char *text,
                                          gpointer    user_data);

/**
 * IsobarHelperPoolStats:
 * @bytes_written: bytes written to the helpers' stdin pipes
 * @bytes_read: bytes read from their stdout pipes
 * @jobs_done: jobs that returned a result
 * @jobs_failed: jobs that ended in an error, cancelled ones included
 * @jobs_cancelled: jobs cancelled by the caller
 * @helpers_started: helper processes spawned
 * @helpers_lost: helpers that died or were killed (crash, exit, timeout,
 *   protocol error, slow to cancel, failed start)
 * @helpers_restarted: of those, the ones that had started and were
 *   replaced (not the ones lost at shutdown)
 * @jobs_retried: jobs sent again to another helper after theirs was lost
 * @last_startup_us: spawn to hello of the latest helper, -1 if none yet
 * @total_startup_us: the sum over all helpers that said hello
 * @helpers_ready: how many said hello
 */
typedef struct
{
  guint64 bytes_written;
  guint64 bytes_read;
  guint   jobs_done;
  guint   jobs_failed;
  guint   jobs_cancelled;
  guint   helpers_started;
  guint   helpers_lost;
  guint   helpers_restarted;
  guint   jobs_retried;
  guint   helpers_ready;
  gint64  last_startup_us;
  gint64  total_startup_us;
} IsobarHelperPoolStats;

/**
 * IsobarHelperJobSpan:
 * @pid: the helper the job was sent to
 * @sent_us: when it was sent (monotonic µs)
 * @ended_us: when its result or error came back, or it was cancelled
 *
 * Where and when a job ran: for a run's timeline.
 */
typedef struct
{
  GPid   pid;
  gint64 sent_us;
  gint64 ended_us;
} IsobarHelperJobSpan;

/* A pool is used from the thread-default main context it was created in:
 * every callback runs there, and no call blocks it on a pipe. */
IsobarHelperPool *isobar_helper_pool_new             (guint                     n_workers);

void              isobar_helper_pool_start_async     (IsobarHelperPool         *self,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
gboolean          isobar_helper_pool_start_finish    (IsobarHelperPool         *self,
                                                      GAsyncResult             *result,
                                                      GError                  **error);

/* @kind: a job kind the helper knows ([a-z0-9_-], at most 64 bytes);
 * @payload: the job's input, opaque to the pool.
 * @progress_data must stay valid until @callback has been called.
 *
 * Jobs wait in FIFO order for an idle helper. run_finish() gives the
 * helper's result, or the error it reported (its own domain and code), or:
 * G_IO_ERROR_CANCELLED at once when @cancellable fires (the helper gets a
 * cancel packet and 100 ms to stop before it is killed and replaced);
 * ISOBAR_ERROR_TIMEOUT when the helper stayed silent past the job timeout
 * (killed, replaced); ISOBAR_ERROR_HELPER when it exited, crashed, broke
 * the protocol, or could not be started; ISOBAR_ERROR_TOO_LARGE or
 * ISOBAR_ERROR_INVALID_ARGUMENT for input the pool refuses to send;
 * G_IO_ERROR_CLOSED after isobar_helper_pool_shutdown(). */
void              isobar_helper_pool_run_async       (IsobarHelperPool         *self,
                                                      const char               *kind,
                                                      GBytes                   *payload,
                                                      IsobarHelperProgressFunc  progress,
                                                      gpointer                  progress_data,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
/* Runs a climate kernel job: @job is the kernel job's wire form, @series
 * the series' wire form (not empty).
 *
 * With @series_key, the series' key (isobar_packet_kernel_series_key()), it
 * is a `kernel` job (ISOBAR_HELPER_KIND_KERNEL): the series goes through a
 * helper's pipe only when that helper was not sent it last; otherwise the
 * key alone does.
 *
 * With @series_key NULL, a `kernel-inline` job
 * (ISOBAR_HELPER_KIND_KERNEL_INLINE): @job and the whole of @series go
 * through the pipe with every job, and the helper keeps nothing of them
 * afterwards, as a Python ProcessPoolExecutor pickles every call.
 * bytes_written grows by at least the series' size per job.
 *
 * Finish with isobar_helper_pool_run_finish(). */
void              isobar_helper_pool_run_kernel_async (IsobarHelperPool         *self,
                                                       GBytes                   *job,
                                                       GBytes                   *series_key,
                                                       GBytes                   *series,
                                                       IsobarHelperProgressFunc  progress,
                                                       gpointer                  progress_data,
                                                       GCancellable             *cancellable,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
GBytes           *isobar_helper_pool_run_finish      (IsobarHelperPool         *self,
                                                      GAsyncResult             *result,
                                                      GError                  **error);

/* Fails every queued and running job (G_IO_ERROR_CLOSED), closes every
 * helper's stdin so it exits on its own, gives them a moment, SIGKILLs the
 * rest and reaps them all before returning (at most ~100 ms plus the kill).
 * The pool refuses new jobs afterwards. Also done on dispose. */
void              isobar_helper_pool_shutdown        (IsobarHelperPool         *self);

guint             isobar_helper_pool_get_n_workers   (IsobarHelperPool         *self);
gboolean          isobar_helper_pool_get_reuse       (IsobarHelperPool         *self);
/* FALSE: the `process-per-job` strategy, a fresh helper for every job. */
void              isobar_helper_pool_set_reuse       (IsobarHelperPool         *self,
                                                      gboolean                  reuse);
guint             isobar_helper_pool_get_job_timeout (IsobarHelperPool         *self);
/* Milliseconds a busy helper may stay silent before it is killed. */
void              isobar_helper_pool_set_job_timeout (IsobarHelperPool         *self,
                                                      guint                     timeout_ms);
/* With @keep, each job that reaches a helper keeps its span for
 * isobar_helper_pool_get_job_span(); FALSE (the default) keeps nothing. */
void              isobar_helper_pool_set_keep_spans  (IsobarHelperPool         *self,
                                                      gboolean                  keep);
/* The span of the job of @result (from the callback of a run, before or
 * after run_finish()): FALSE when the job reached no helper or spans are
 * not kept. */
gboolean          isobar_helper_pool_get_job_span    (IsobarHelperPool         *self,
                                                      GAsyncResult             *result,
                                                      IsobarHelperJobSpan      *span);
void              isobar_helper_pool_get_stats       (IsobarHelperPool         *self,
                                                      IsobarHelperPoolStats    *stats);
/* The pids of the helpers alive now (GPid), for the CPU and memory sampler. */
GArray           *isobar_helper_pool_dup_pids        (IsobarHelperPool         *self);

G_END_DECLS
