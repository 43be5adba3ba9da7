/* isobar-kernels-run-private.h: the kernels' insides, shared by their files:
 * the runner and its pacer (isobar-kernels.c), the kernels of the days
 * (isobar-kernels-days.c) and of the trend (isobar-kernels-trend.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-kernels.c calls the kernels. The trend's file calls the days' file
 * for the year rows it fits; of isobar-kernels.c the kernels call only
 * _isobar_kernel_pacer_break(), the eval breaker's checkpoint.
 */

#pragma once

#include "isobar-kernels.h"

G_BEGIN_DECLS

/* Pacing: checkpoint every ISOBAR_KERNEL_CHECKPOINT_WORK steps. */

typedef struct
{
  IsobarJobContext *ctx;
  guint64           work;
  double            fraction;   /* reported so far */
  const gint       *breaker;    /* (nullable) isobar_job_context_get_breaker() */
  GError           *error;      /* (owned) (nullable) a checkpoint on a break failed */
} Pacer;

static inline gboolean
_isobar_kernel_pacer_step (Pacer   *pacer,
                           guint64  steps,
                           double   fraction,
                           GError **error)
{
  if (G_UNLIKELY (pacer->error != NULL))
    {
      g_propagate_error (error, g_steal_pointer (&pacer->error));
      return FALSE;
    }
  pacer->work += steps;
  if (pacer->work < ISOBAR_KERNEL_CHECKPOINT_WORK)
    return TRUE;
  pacer->work = 0;
  pacer->fraction = fraction;
  return isobar_job_context_checkpoint (pacer->ctx, fraction, error);
}

/* The eval breaker, read in innermost loops: a checkpoint right now when it
 * is set (isobar-kernels.c). */
void      _isobar_kernel_pacer_break         (Pacer                 *pacer);

/* The year rows: one per calendar year the series touches, anomalies
 * included (isobar-kernels-days.c). */
GArray   *_isobar_kernel_compute_year_rows   (IsobarClimateSeries   *series);

/* What a kernel runs on: its job, the series, the pacer and the output it
 * appends its payload to. */
typedef struct
{
  const IsobarKernelJob *job;
  IsobarClimateSeries   *series;
  Pacer                  pacer;
  GByteArray            *out;
} KernelRun;

/* The kernels, one a kind of job (isobar-kernels-days.c and
 * isobar-kernels-trend.c). */
typedef gboolean (*KernelFunc) (KernelRun  *run,
                                GError    **error);

gboolean  _isobar_kernel_run_normals         (KernelRun             *run,
                                              GError               **error);
gboolean  _isobar_kernel_run_records         (KernelRun             *run,
                                              GError               **error);
gboolean  _isobar_kernel_run_yearly          (KernelRun             *run,
                                              GError               **error);
gboolean  _isobar_kernel_run_heatmap         (KernelRun             *run,
                                              GError               **error);
gboolean  _isobar_kernel_run_trend           (KernelRun             *run,
                                              GError               **error);
gboolean  _isobar_kernel_run_bootstrap       (KernelRun             *run,
                                              GError               **error);

G_END_DECLS
