/* isobar-helper-pool-private.h: the helper pool's insides, shared by its
 * files: the class and its public calls (isobar-helper-pool.c), the queue of
 * jobs (isobar-helper-pool-queue.c) and the helpers it keeps
 * (isobar-helper-pool-workers.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-helper-pool.c calls the other two. Those two call each other, as a
 * job needs a helper and a helper that answers or is lost moves the queue on;
 * of isobar-helper-pool.c they call only _isobar_helper_pool_emit_helper_started().
 */

#pragma once

#include "isobar-helper-pool.h"
#include "isobar-helper-process.h"

G_BEGIN_DECLS

typedef enum
{
  WORKER_STARTING,    /* spawned, no hello yet */
  WORKER_IDLE,
  WORKER_BUSY,        /* running worker->job */
  WORKER_CANCELLING,  /* its job was cancelled; waiting for it to stop */
} WorkerState;

typedef struct _Job Job;

/* A job as a run_*_async() call asks for it, borrowed for that call; the
 * queue keeps what it needs of it in a Job. @series is set for kernel jobs
 * only, whose @payload is then the kernel job's wire form, with @series_key
 * for `kernel` jobs and without it for `kernel-inline` ones. */
typedef struct
{
  const char               *kind;
  GBytes                   *payload;
  GBytes                   *series_key;     /* (nullable) */
  GBytes                   *series;         /* (nullable) */
  IsobarHelperProgressFunc  progress;       /* (nullable) */
  gpointer                  progress_data;
} JobRequest;

/* One watch per cancellable, shared by the pool's jobs that carry it:
 * a run queues hundreds of jobs with one cancellable, and a source each
 * made every main-loop iteration walk hundreds of sources. */
typedef struct
{
  IsobarHelperPool    *pool;         /* (unowned) the pool owns the watch */
  GCancellable        *cancellable;  /* (owned) */
  GSource             *source;       /* (owned) attached to the pool's context */
  guint                n_jobs;       /* jobs that carry it; the watch goes with the last */
} CancelWatch;

typedef struct
{
  IsobarHelperPool    *pool;      /* (unowned) the pool owns the worker */
  IsobarHelperProcess *process;   /* (owned) */
  WorkerState          state;
  Job                 *job;       /* (unowned) while BUSY */
  guint64              job_id;    /* while BUSY or CANCELLING */
  gint64               last_packet_us; /* while BUSY: the job's last packet, or when it was sent */
  GSource             *timer;     /* (owned) hello, silence or cancel deadline; ready time -1: unarmed */
  guint                timeout_ms; /* what the timer was last armed with, for the message */
  gboolean             ready;     /* it said hello */
  GBytes              *series_key; /* (owned) (nullable) key of the kernel series it was sent last */
} Worker;

struct _Job
{
  IsobarHelperPool         *pool;           /* (unowned) the task holds a ref */
  GTask                    *task;           /* (owned) */
  guint64                   id;
  char                     *kind;           /* (owned) */
  GBytes                   *payload;        /* (owned) the kernel job's wire form for kernel jobs */
  GBytes                   *series_key;     /* (owned) (nullable) set for `kernel` jobs only */
  GBytes                   *series;         /* (owned) (nullable) set for kernel jobs (both kinds) only */
  IsobarHelperProgressFunc  progress;
  gpointer                  progress_data;
  CancelWatch              *cancel_watch;   /* (nullable) (unowned): one reference of n_jobs */
  Worker                   *worker;         /* (unowned) NULL while queued */
  guint                     attempts;       /* helpers it has been sent to */
  IsobarHelperJobSpan       span;           /* sent_us 0 until sent */
};

struct _IsobarHelperPool
{
  GObject                parent_instance;

  /* settings */
  guint                  n_workers;
  gboolean               reuse;
  guint                  job_timeout_ms;
  char                  *program;            /* (owned) (nullable): found on first spawn */
  gboolean               allow_fault_injection;
  guint                  max_packet_size;

  /* owned references */
  GMainContext          *context;
  GPtrArray             *workers;            /* Worker, freed by _isobar_helper_pool_worker_remove() */
  GQueue                 queue;              /* Job waiting for a helper */
  GPtrArray             *start_tasks;        /* GTask of start_async */
  GPtrArray             *dying;              /* GSubprocess closed or killed, not yet reaped */
  GHashTable            *kind_gaps;          /* job kind → longest gap between its packets, µs */
  GHashTable            *cancel_watches;     /* GCancellable → CancelWatch, while jobs carry it */

  guint64                next_job_id;
  guint                  consecutive_losses;
  gboolean               keep_warm;          /* start_async was called: keep n_workers alive */
  gboolean               keep_spans;
  gboolean               shut_down;

  IsobarHelperPoolStats  stats;
  guint64                retired_bytes_written;
  guint64                retired_bytes_read;
};

/* isobar-helper-pool.c */
void         _isobar_helper_pool_emit_helper_started  (IsobarHelperPool          *self,
                                                       int                        pid);

/* isobar-helper-pool-queue.c: jobs in, to helpers, and back */
void         _isobar_helper_pool_run_job              (IsobarHelperPool          *self,
                                                       const JobRequest          *request,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
void         _isobar_helper_pool_job_return           (Job                       *job,
                                                       GBytes                    *result,
                                                       GError                    *error);
void         _isobar_helper_pool_fail_queue           (IsobarHelperPool          *self,
                                                       const GError              *error);
void         _isobar_helper_pool_dispatch             (IsobarHelperPool          *self);
Worker      *_isobar_helper_pool_find_idle_worker     (IsobarHelperPool          *self);

/* isobar-helper-pool-workers.c: the helpers, their deadlines, their losses */
const char  *_isobar_helper_pool_find_program         (IsobarHelperPool          *self,
                                                       GError                   **error);
Worker      *_isobar_helper_pool_spawn_worker         (IsobarHelperPool          *self,
                                                       GError                   **error);
void         _isobar_helper_pool_worker_remove        (Worker                    *worker);
guint        _isobar_helper_pool_count_workers        (IsobarHelperPool          *self,
                                                       WorkerState                state);
void         _isobar_helper_pool_complete_start_tasks (IsobarHelperPool          *self,
                                                       const GError              *error);
void         _isobar_helper_pool_worker_set_timer     (Worker                    *worker,
                                                       guint                      timeout_ms);
guint        _isobar_helper_pool_silence_ms           (IsobarHelperPool          *self,
                                                       const char                *kind);

G_END_DECLS
