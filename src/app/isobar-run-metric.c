/* isobar-run-metric.c: the figures of a run that the runs page compares,
 * read from a record and written for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-preset.h"
#include "isobar-run-metric.h"

const char *
isobar_run_metric_get_label (IsobarRunMetric metric)
{
  switch (metric)
    {
    case ISOBAR_RUN_METRIC_WALL_TIME:
      return _("Wall time");
    case ISOBAR_RUN_METRIC_LONGEST_STALL:
      return _("Longest stall");
    case ISOBAR_RUN_METRIC_P99:
      /* Translators: the 99th percentile of how late the main loop ran */
      return _("p99 lateness");
    case ISOBAR_RUN_METRIC_DROPPED_FRAMES:
      return _("Dropped frames");
    case ISOBAR_RUN_METRIC_CPU:
      /* Translators: CPU time used by the app and its helper processes */
      return _("CPU (app + helpers)");
    case ISOBAR_RUN_METRIC_PEAK_MEMORY:
      return _("Peak memory");
    case ISOBAR_N_RUN_METRICS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
isobar_run_metric_get_value (IsobarRunMetric  metric,
                             IsobarRunRecord *record,
                             double          *value)
{
  const IsobarRunFigures *figures;
  const IsobarRunFrames *frames;
  double v = NAN;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (record), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  figures = isobar_run_record_get_figures (record);
  frames = isobar_run_record_get_frames (record);

  switch (metric)
    {
    case ISOBAR_RUN_METRIC_WALL_TIME:
      v = figures->wall_ms;
      break;
    case ISOBAR_RUN_METRIC_LONGEST_STALL:
      v = figures->lateness.max;
      break;
    case ISOBAR_RUN_METRIC_P99:
      v = figures->lateness.p99;
      break;
    case ISOBAR_RUN_METRIC_DROPPED_FRAMES:
      if (frames->has_frames)
        v = frames->dropped_frames;
      break;
    case ISOBAR_RUN_METRIC_CPU:
      v = figures->cpu_ms_app + figures->cpu_ms_helpers;
      break;
    case ISOBAR_RUN_METRIC_PEAK_MEMORY:
      /* A process always has some memory: 0 means it was not measured. */
      if (figures->peak_rss_kb > 0)
        v = (double) figures->peak_rss_kb * 1024.0;
      break;
    case ISOBAR_N_RUN_METRICS:
    default:
      g_return_val_if_reached (FALSE);
    }

  if (!isfinite (v) || v < 0)
    v = NAN;

  *value = v;
  return !isnan (v);
}

char *
isobar_run_metric_format_ms (double ms)
{
  if (isnan (ms))
    return g_strdup ("—");

  if (ms > 0 && ms < 0.05)
    return g_strdup (_("< 0.1 ms"));
  if (ms < 9.95)
    /* Translators: durations; keep the unit symbols (ms, s) unless your
     * language writes them differently */
    return g_strdup_printf (_("%.1f ms"), ms);
  if (ms < 999.5)
    return g_strdup_printf (_("%.0f ms"), ms);
  if (ms < 9950.0)
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);

  return g_strdup_printf (_("%.0f s"), ms / 1000.0);
}

char *
isobar_run_metric_dup_preset_label (IsobarRunRecord *record)
{
  const char *fetch_id, *compute_id;
  IsobarFetchStrategy fetch;
  IsobarComputeStrategy compute;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (record), NULL);

  fetch_id = isobar_run_record_get_fetch_strategy (record);
  compute_id = isobar_run_record_get_compute_strategy (record);
  if (isobar_fetch_strategy_from_string (fetch_id, &fetch) &&
      isobar_compute_strategy_from_string (compute_id, &compute))
    return g_strdup (isobar_preset_get_label (isobar_preset_match (fetch, compute)));

  /* A record from a newer version, with strategies this one does not know */
  return g_strdup_printf ("%s + %s", fetch_id, compute_id);
}

static char *
format_bytes (double bytes)
{
  /* SI units, as GNOME writes sizes */
  if (bytes < 1e6)
    return g_strdup_printf (_("%.0f kB"), bytes / 1e3);
  if (bytes < 9.95e6)
    return g_strdup_printf (_("%.1f MB"), bytes / 1e6);
  if (bytes < 999.5e6)
    return g_strdup_printf (_("%.0f MB"), bytes / 1e6);

  return g_strdup_printf (_("%.1f GB"), bytes / 1e9);
}

char *
isobar_run_metric_format (IsobarRunMetric metric,
                          double          value)
{
  if (isnan (value))
    return g_strdup ("—");

  switch (metric)
    {
    case ISOBAR_RUN_METRIC_WALL_TIME:
    case ISOBAR_RUN_METRIC_LONGEST_STALL:
    case ISOBAR_RUN_METRIC_P99:
    case ISOBAR_RUN_METRIC_CPU:
      return isobar_run_metric_format_ms (value);
    case ISOBAR_RUN_METRIC_DROPPED_FRAMES:
      return g_strdup_printf ("%.0f", value);
    case ISOBAR_RUN_METRIC_PEAK_MEMORY:
      return format_bytes (value);
    case ISOBAR_N_RUN_METRICS:
    default:
      g_return_val_if_reached (NULL);
    }
}
