/* isobar-resource-sampler.h: CPU time and memory of the app and its helpers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The fields of /proc/PID/stat we use (proc(5)). Times in clock ticks. */
typedef struct
{
  gint    pid;
  char    comm[64];     /* truncated if longer; the kernel's is ≤ 15 bytes */
  char    state;        /* R, S, D, Z, … */
  guint64 utime;
  guint64 stime;
  guint64 starttime;    /* ticks after boot: tells a reused pid apart */
} IsobarProcStat;

/* The fields of /proc/PID/status we use. A zombie or kernel thread has no
 * memory lines: has_memory is FALSE and the sizes are 0. */
typedef struct
{
  gboolean has_memory;
  guint64  vm_rss_kb;
  guint64  vm_hwm_kb;
} IsobarProcStatus;

/* Parse the text of /proc/PID/stat. The command name may hold spaces and
 * parentheses: it runs from the first '(' to the last ')'. A truncated or
 * malformed line is ISOBAR_ERROR_INVALID_DATA. */
gboolean isobar_proc_stat_parse   (const char        *text,
                                   IsobarProcStat    *stat,
                                   GError           **error);
/* Parse the text of /proc/PID/status (VmRSS, VmHWM in kB). A memory line
 * with a malformed number is ISOBAR_ERROR_INVALID_DATA. */
gboolean isobar_proc_status_parse (const char        *text,
                                   IsobarProcStatus  *status,
                                   GError           **error);

/**
 * IsobarResourceUsage:
 * @cpu_ms_app: CPU time (user + system) this process used since the
 *   sampler's last reset, ms
 * @cpu_ms_helpers: CPU time the tracked child processes used since they were
 *   added (or since the reset), ms, including those that have exited
 * @rss_kb: resident memory now, app + live helpers, kB
 * @peak_rss_kb: the highest app + helpers resident sum seen by a sample
 *   since the reset, kB
 * @app_hwm_kb: this process's own high-water mark (VmHWM, since it started), kB
 * @n_helpers: tracked helpers still alive
 */
typedef struct
{
  double  cpu_ms_app;
  double  cpu_ms_helpers;
  guint64 rss_kb;
  guint64 peak_rss_kb;
  guint64 app_hwm_kb;
  guint   n_helpers;
} IsobarResourceUsage;

#define ISOBAR_TYPE_RESOURCE_SAMPLER (isobar_resource_sampler_get_type ())

G_DECLARE_FINAL_TYPE (IsobarResourceSampler, isobar_resource_sampler, ISOBAR, RESOURCE_SAMPLER, GObject)

#define ISOBAR_RESOURCE_SAMPLER_DEFAULT_INTERVAL_MS 100

/* Samples this process and a set of child pids, on demand and, once
 * started, every interval on its own thread (so a blocked UI thread does not
 * stop it). The peak of the SUM of resident memory is only as good as the
 * sampling: a spike shorter than the interval can be missed.
 *
 * Helper CPU: a live helper is read from /proc/PID/stat. One that exits
 * keeps its last reading; once reaped, getrusage (RUSAGE_CHILDREN) knows its
 * exact total, and the larger of the two is used. RUSAGE_CHILDREN counts
 * every child this process reaps, so a child that is not a helper, reaped
 * during the measurement, is counted too.
 *
 * App CPU comes from getrusage (RUSAGE_SELF) (µs resolution, same value as
 * utime + stime of /proc/self/stat); memory from /proc/self/status.
 * All methods may be called from any thread. */
IsobarResourceSampler *isobar_resource_sampler_new        (void);

guint    isobar_resource_sampler_get_interval_ms (IsobarResourceSampler *self);
void     isobar_resource_sampler_set_interval_ms (IsobarResourceSampler *self,
                                                  guint                  interval_ms);

/* Track a helper from now on: its CPU before this call is not counted. A
 * pid that does not exist is accepted and counts nothing. */
void     isobar_resource_sampler_add_pid         (IsobarResourceSampler *self,
                                                  GPid                   pid);
/* Stop tracking a helper; the CPU it used while tracked stays counted. */
void     isobar_resource_sampler_remove_pid      (IsobarResourceSampler *self,
                                                  GPid                   pid);

void     isobar_resource_sampler_start           (IsobarResourceSampler *self);
void     isobar_resource_sampler_stop            (IsobarResourceSampler *self);
gboolean isobar_resource_sampler_is_running      (IsobarResourceSampler *self);

/* New baselines: CPU and peak count from now; tracked pids stay tracked. */
void     isobar_resource_sampler_reset           (IsobarResourceSampler *self);

/* Takes a sample now and fills @usage. */
void     isobar_resource_sampler_sample          (IsobarResourceSampler *self,
                                                  IsobarResourceUsage   *usage);

G_END_DECLS
