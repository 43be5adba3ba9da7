/* isobar-kernels-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the kernels (isobar-kernels.c and isobar-kernels-*.c), their
 * jobs (isobar-kernel-job.c), the readers of their outputs
 * (isobar-kernel-output.c) and the report's merge of them
 * (isobar-climate-report-merge.c).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The header of every output: see isobar-kernel-output.h. */
#define ISOBAR_KERNEL_OUTPUT_MAGIC   0x314f4b49u /* "IKO1" */
#define ISOBAR_KERNEL_OUTPUT_VERSION 1u
/* The latest year a job or an output may name. */
#define ISOBAR_KERNEL_MAX_YEAR       9999

static inline gboolean
isobar_kernel_is_leap (int year)
{
  return g_date_is_leap_year ((GDateYear) year);
}

/* For qsort(): doubles in ascending order, as isobar_percentile_sorted()
 * wants them. */
static inline int
isobar_kernel_compare_doubles (gconstpointer a,
                               gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

G_END_DECLS
