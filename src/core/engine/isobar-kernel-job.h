/* isobar-kernel-job.h: one job of the climate analysis, and its wire form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included by isobar-kernels.h, which documents the kernels.
 */

#pragma once

#include <glib-object.h>

#include "isobar-climate-series.h"

G_BEGIN_DECLS

typedef enum
{
  ISOBAR_KERNEL_NORMALS = 1,
  ISOBAR_KERNEL_RECORDS,
  ISOBAR_KERNEL_YEARLY,
  ISOBAR_KERNEL_TREND,
  ISOBAR_KERNEL_BOOTSTRAP,
  ISOBAR_KERNEL_HEATMAP,
} IsobarKernel;

/* Stable ids: "normals", "records", "yearly", "trend", "bootstrap",
 * "heatmap". NULL for an unknown value. */
const char *isobar_kernel_to_string   (IsobarKernel  kernel);
gboolean    isobar_kernel_from_string (const char   *id,
                                       IsobarKernel *kernel);

#define ISOBAR_TYPE_KERNEL_JOB (isobar_kernel_job_get_type ())

/* One job. Fields are public and plain; validate() says whether they make
 * sense. Single-piece kernels (normals, records, yearly, trend) have chunk
 * 0 of 1. Bootstrap: chunk_index of chunk_count over @resamples resamples in
 * total, seeded from @base_seed. Heat map: rows for the years
 * [year_start, year_end), chunk_index of chunk_count. */
typedef struct
{
  IsobarKernel kernel;
  guint32      chunk_index;
  guint32      chunk_count;
  guint32      resamples;
  gint32       year_start;
  gint32       year_end;
  guint64      base_seed;
} IsobarKernelJob;

GType            isobar_kernel_job_get_type     (void) G_GNUC_CONST;
IsobarKernelJob *isobar_kernel_job_new          (IsobarKernel            kernel);
IsobarKernelJob *isobar_kernel_job_copy         (const IsobarKernelJob  *job);
void             isobar_kernel_job_free         (IsobarKernelJob        *job);
/* ISOBAR_ERROR_INVALID_ARGUMENT when the fields do not make a job. */
gboolean         isobar_kernel_job_validate     (const IsobarKernelJob  *job,
                                                 GError                **error);
/* "bootstrap 3/118", "heatmap 1960-1967", "trend": for logs and progress. */
char            *isobar_kernel_job_describe     (const IsobarKernelJob  *job);
/* Bootstrap: the resamples this chunk does, [*first, *end). */
void             isobar_kernel_job_get_resample_range (const IsobarKernelJob *job,
                                                       guint32               *first,
                                                       guint32               *end);
/* Relative cost (arbitrary units, ~ days touched) for schedulers. */
guint64          isobar_kernel_job_estimate_cost (const IsobarKernelJob *job,
                                                  IsobarClimateSeries   *series);

/* Wire form, 40 bytes little-endian: u32 magic "IKJ1" (0x314a4b49),
 * u32 version (1), u32 kernel, u32 chunk_index, u32 chunk_count,
 * u32 resamples, i32 year_start, i32 year_end, u64 base_seed.
 * deserialize() checks size, magic and validate(): ISOBAR_ERROR_INVALID_DATA. */
GBytes          *isobar_kernel_job_serialize    (const IsobarKernelJob  *job);
IsobarKernelJob *isobar_kernel_job_deserialize  (GBytes                 *bytes,
                                                 GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarKernelJob, isobar_kernel_job_free)

G_END_DECLS
