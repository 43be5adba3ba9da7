/* isobar-run-metric.c: the figures of a run that the runs page compares,
 * read from a record and written for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-preset.h"
#include "isobar-python-check.h"
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

/* "Real Python threads (CPython 3.11.2)" */
static char *
dup_python_label (IsobarRunRecord *record)
{
  const char *preset = isobar_run_record_get_preset (record);
  const char *implementation = isobar_run_record_get_python_implementation (record);
  const char *version = isobar_run_record_get_python_version (record);
  g_autofree char *python = NULL;

  if (implementation == NULL)
    implementation = "Python";
  python = version != NULL ? g_strdup_printf ("%s %s", implementation, version) : g_strdup (implementation);

  if (g_strcmp0 (preset, ISOBAR_PRESET_CPYTHON_SERIAL) == 0)
    /* Translators: a run of real Python; %s is “CPython 3.11.2” */
    return g_strdup_printf (_("Real Python, one thread (%s)"), python);
  if (g_strcmp0 (preset, ISOBAR_PRESET_CPYTHON_THREADS) == 0)
    /* Translators: a run of real Python; %s is “CPython 3.11.2” */
    return g_strdup_printf (_("Real Python threads (%s)"), python);
  if (g_strcmp0 (preset, ISOBAR_PRESET_CPYTHON_PROCESSES) == 0)
    /* Translators: a run of real Python; %s is “CPython 3.11.2” */
    return g_strdup_printf (_("Real Python processes (%s)"), python);

  /* Translators: a run of real Python; %s is “CPython 3.11.2” */
  return g_strdup_printf (_("Real Python (%s)"), python);
}

static gboolean
is_python_record (IsobarRunRecord *record)
{
  return isobar_run_record_get_python_version (record) != NULL ||
         g_str_has_prefix (isobar_run_record_get_preset (record), "cpython-");
}

char *
isobar_run_metric_dup_preset_label (IsobarRunRecord *record)
{
  const char *preset, *fetch_id, *compute_id;
  IsobarFetchStrategy fetch;
  IsobarComputeStrategy compute;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (record), NULL);

  preset = isobar_run_record_get_preset (record);
  if (is_python_record (record))
    return dup_python_label (record);
  if (isobar_preset_is_valid (preset) && g_strcmp0 (preset, ISOBAR_PRESET_CUSTOM) != 0)
    return g_strdup (isobar_preset_get_label (preset));

  fetch_id = isobar_run_record_get_fetch_strategy (record);
  compute_id = isobar_run_record_get_compute_strategy (record);
  if (isobar_fetch_strategy_from_string (fetch_id, &fetch) &&
      isobar_compute_strategy_from_string (compute_id, &compute))
    return g_strdup (isobar_preset_get_label (isobar_preset_match (fetch, compute)));

  /* A record from a newer version, with strategies this one does not know */
  return g_strdup_printf ("%s + %s", fetch_id, compute_id);
}

char *
isobar_run_metric_dup_switch_interval (IsobarRunRecord *record)
{
  const char *preset;
  double interval_ms;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (record), NULL);

  preset = isobar_run_record_get_preset (record);
  interval_ms = isobar_run_record_get_settings (record)->switch_interval_ms;
  if (!(interval_ms > 0) || !isfinite (interval_ms))
    return NULL;

  /* Where threads share an interpreter lock: the emulation's, and real
   * Python's threads (its serial run has a worker and the main thread). */
  if (g_strcmp0 (isobar_run_record_get_compute_strategy (record), "gil-threads") == 0 ||
      g_strcmp0 (preset, ISOBAR_PRESET_CPYTHON_THREADS) == 0 ||
      g_strcmp0 (preset, ISOBAR_PRESET_CPYTHON_SERIAL) == 0)
    /* Translators: a switch interval in milliseconds, “5 ms”, “0.5 ms” */
    return g_strdup_printf (_("%g ms"), interval_ms);

  return NULL;
}

char *
isobar_run_metric_dup_run_label (IsobarRunRecord *record)
{
  g_autofree char *preset = NULL;
  g_autofree char *interval = NULL;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (record), NULL);

  preset = isobar_run_metric_dup_preset_label (record);
  interval = isobar_run_metric_dup_switch_interval (record);
  if (interval == NULL)
    return g_steal_pointer (&preset);

  /* Translators: a run's preset and the switch interval it ran with:
   * “Python Threads, switch interval 1 ms” */
  return g_strdup_printf (_("%s, switch interval %s"), preset, interval);
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
