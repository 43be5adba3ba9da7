/* isobar-pipeline-private.h: the pipeline's insides, shared by its files:
 * the class, its public calls and a run's start, failure and end
 * (isobar-pipeline.c); the archives arriving (isobar-pipeline-fetch.c);
 * from an archive to a place's report: the series, its jobs and their
 * merge (isobar-pipeline-compute.c); the run record filled at the end
 * (isobar-pipeline-record.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-pipeline.c calls the fetch (to start it) and the record (to build
 * it at the end). The fetch calls the compute side, which never calls it
 * back. Both call isobar-pipeline.c for what every part of a run shares:
 * progress, the helpers to sample, failure and completion. The record calls
 * none of the others.
 */

#pragma once

#include "isobar-latency-watchdog.h"
#include "isobar-mailbox.h"
#include "isobar-pipeline.h"
#include "isobar-resource-sampler.h"

G_BEGIN_DECLS

struct _IsobarPipeline
{
  GObject                parent_instance;

  IsobarClient          *client;   /* (owned) */
  IsobarPipelineSettings settings;
  GPtrArray             *reports;  /* (owned) IsobarClimateReport */
  GPtrArray             *series;   /* (owned) IsobarClimateSeries */
  IsobarExecutor        *executor; /* (owned) (nullable): a warm one to reuse */
  gboolean               running;
};

/* One location of a run. */
typedef struct
{
  IsobarLocation      *location; /* (owned) */
  IsobarClimateSeries *series;   /* (owned) (nullable) */
  GPtrArray           *jobs;     /* (owned) (nullable) IsobarKernelJob */
  GPtrArray           *outputs;  /* (owned) (nullable) GBytes; NULL until done */
  guint                n_done;
  IsobarClimateReport *report;   /* (owned) (nullable) */
} Place;

/* The state of one run: the task data of its GTask. */
typedef struct
{
  GCancellable          *cancellable;        /* (owned): ours, cancelled on failure too */
  GCancellable          *caller_cancellable; /* (owned) (nullable) */
  gulong                 cancelled_id;

  Place                 *places;             /* (owned) n_places */
  guint                  n_places;
  IsobarArchiveRequest  *requests;           /* (owned) n_places */

  IsobarFetcher         *fetcher;            /* (owned) (nullable) */
  IsobarExecutor        *executor;           /* (owned) (nullable) */
  gboolean               executor_shared;    /* the caller's: never shut down */
  IsobarHelperPoolStats  helpers_before;     /* the shared executor's, at the start */
  IsobarLatencyWatchdog *watchdog;           /* (owned) */
  IsobarResourceSampler *sampler;            /* (owned) */
  IsobarRunTimeline     *timeline;           /* (owned) (nullable) */

  GQueue                 to_submit;          /* JobData planned, not yet given to the executor */
  GSource               *submit_source;      /* (owned) (nullable) submits them a few at a time */
  IsobarMailbox         *steps_done;         /* (owned) (nullable) steps done in threads, made at the first */

  GError                *error;              /* (owned) (nullable): the first failure */
  guint                  pending;            /* operations in flight */
  gboolean               fetch_finished;
  gboolean               completed;

  guint                  places_fetched;
  guint                  places_done;
  guint                  jobs_done;
  guint                  jobs_total;

  GDateTime             *started;            /* (owned) the run's start, for its record */
  gint64                 start_us;
  gint64                 fetch_start_us;
  gint64                 fetch_end_us;
  gint64                 compute_start_us;
  gint64                 compute_end_us;
} Run;

/* Work that is light enough for a UI thread only when the strategy puts
 * everything there; otherwise it runs in a step thread. */
typedef enum
{
  STEP_CONVERT,
  STEP_MERGE,
} StepKind;

/* isobar-pipeline.c: the run's state, its progress, its failure and its end */
void             _isobar_pipeline_emit_progress  (GTask          *task);
void             _isobar_pipeline_track_helpers  (Run            *run);
void             _isobar_pipeline_maybe_complete (GTask          *task);
void             _isobar_pipeline_fail_run       (GTask          *task,
                                                  GError         *error);
gboolean         _isobar_pipeline_end_operation  (GTask          *task,
                                                  GError         *error);
GError          *_isobar_pipeline_place_error    (Place          *place,
                                                  const GError   *error);

/* isobar-pipeline-fetch.c: the archives, as they arrive */
void             _isobar_pipeline_start_fetching (GTask          *task);

/* isobar-pipeline-compute.c: series, jobs and reports */
void             _isobar_pipeline_run_step       (GTask          *run_task,
                                                  StepKind        kind,
                                                  guint           place_index,
                                                  IsobarArchive  *archive);

/* isobar-pipeline-record.c: the figures of a finished run */
IsobarRunRecord *_isobar_pipeline_build_record   (IsobarPipeline *self,
                                                  Run            *run,
                                                  gint64          end_us);

G_END_DECLS
