/* isobar-climate-report-private.h: the report's fields, shared by its files:
 * the object and its getters and JSON (isobar-climate-report.c) and the merge
 * that fills them from the kernels' outputs (isobar-climate-report-merge.c).
 * The job plan and the run in place (isobar-climate-report-plan.c) use the
 * public header only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No calls go between the files: the merge creates the object and sets its
 * fields; isobar-climate-report.c frees and reads them.
 */

#pragma once

#include "isobar-climate-report.h"

G_BEGIN_DECLS

struct _IsobarClimateReport
{
  GObject        parent_instance;

  int            first_year;
  guint          n_years;
  IsobarNormal   normals[ISOBAR_CLIMATE_N_CDAYS];
  IsobarRecords  records;
  GArray        *yearly;          /* (owned) IsobarYearRow */
  IsobarTrend    trend;
  GArray        *slopes;          /* (owned) double, chunk order */
  double         interval_low;
  double         interval_high;
  guint          block_years;
  GBytes        *heatmap;         /* (owned) */
  char          *digest;          /* (owned) */
  char          *heatmap_digest;  /* (owned) */
};

G_END_DECLS
