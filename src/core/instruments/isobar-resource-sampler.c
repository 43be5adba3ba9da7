/* isobar-resource-sampler.c: CPU time and memory of the app and its helpers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "isobar-error.h"
#include "isobar-resource-sampler.h"

/* Fields after the command name, counted from 0 = field 3 of proc(5). */
#define STAT_FIELD_STATE      0
#define STAT_FIELD_UTIME      11
#define STAT_FIELD_STIME      12
#define STAT_FIELD_STARTTIME  19

static gboolean
parse_unsigned (const char  *text,
                const char  *what,
                guint64     *value,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, value, &local_error))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   "Bad %s in a /proc file: %s", what, local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
isobar_proc_stat_parse (const char      *text,
                        IsobarProcStat  *stat,
                        GError         **error)
{
  const char *open, *close;
  g_autofree char *pid_text = NULL;
  g_auto(GStrv) tokens = NULL;
  const char *fields[STAT_FIELD_STARTTIME + 1];
  guint n_fields = 0;
  guint64 pid;
  gsize comm_len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (stat != NULL, FALSE);

  *stat = (IsobarProcStat) { 0 };

  /* The command name is whatever lies between the first '(' and the last
   * ')', spaces and parentheses included. */
  open = strchr (text, '(');
  close = strrchr (text, ')');
  if (open == NULL || close == NULL || close < open)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                           "A /proc stat line without a (command name)");
      return FALSE;
    }

  pid_text = g_strstrip (g_strndup (text, open - text));
  if (!parse_unsigned (pid_text, "pid", &pid, error))
    return FALSE;
  if (pid == 0 || pid > G_MAXINT)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   "Bad pid in a /proc stat line: %" G_GUINT64_FORMAT, pid);
      return FALSE;
    }
  stat->pid = (gint) pid;

  comm_len = MIN ((gsize) (close - open - 1), sizeof stat->comm - 1);
  memcpy (stat->comm, open + 1, comm_len);
  stat->comm[comm_len] = '\0';

  tokens = g_strsplit_set (close + 1, " \n", -1);
  for (guint i = 0; tokens[i] != NULL && n_fields < G_N_ELEMENTS (fields); i++)
    {
      if (tokens[i][0] != '\0')
        fields[n_fields++] = tokens[i];
    }
  if (n_fields < G_N_ELEMENTS (fields))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   "A truncated /proc stat line: %u fields after the command name, %u needed",
                   n_fields, (guint) G_N_ELEMENTS (fields));
      return FALSE;
    }

  if (strlen (fields[STAT_FIELD_STATE]) != 1 || !g_ascii_isalpha (fields[STAT_FIELD_STATE][0]))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   "Bad state in a /proc stat line: “%s”", fields[STAT_FIELD_STATE]);
      return FALSE;
    }
  stat->state = fields[STAT_FIELD_STATE][0];

  return parse_unsigned (fields[STAT_FIELD_UTIME], "utime", &stat->utime, error) &&
         parse_unsigned (fields[STAT_FIELD_STIME], "stime", &stat->stime, error) &&
         parse_unsigned (fields[STAT_FIELD_STARTTIME], "starttime", &stat->starttime, error);
}

/* "   1234 kB" → 1234 */
static gboolean
parse_status_kb (const char  *value,
                 const char  *what,
                 guint64     *kb,
                 GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));

  if (g_str_has_suffix (copy, " kB"))
    copy[strlen (copy) - 3] = '\0';

  return parse_unsigned (g_strstrip (copy), what, kb, error);
}

gboolean
isobar_proc_status_parse (const char        *text,
                          IsobarProcStatus  *status,
                          GError           **error)
{
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  *status = (IsobarProcStatus) { 0 };

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        {
          if (!parse_status_kb (lines[i] + strlen ("VmRSS:"), "VmRSS", &status->vm_rss_kb, error))
            return FALSE;
          status->has_memory = TRUE;
        }
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        {
          if (!parse_status_kb (lines[i] + strlen ("VmHWM:"), "VmHWM", &status->vm_hwm_kb, error))
            return FALSE;
          status->has_memory = TRUE;
        }
    }

  return TRUE;
}

/* Reads /proc/PID/stat and /proc/PID/status; pid 0 is this process. FALSE
 * when the process is gone (or unreadable). Status may fail alone: a
 * process exiting between the two reads has no memory. */
static gboolean
read_proc (GPid              pid,
           IsobarProcStat   *stat,
           IsobarProcStatus *status)
{
  g_autofree char *dir = pid == 0 ? g_strdup ("/proc/self") : g_strdup_printf ("/proc/%d", (int) pid);
  g_autofree char *stat_path = g_build_filename (dir, "stat", NULL);
  g_autofree char *status_path = g_build_filename (dir, "status", NULL);
  g_autofree char *stat_text = NULL;
  g_autofree char *status_text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (stat_path, &stat_text, NULL, NULL))
    return FALSE;
  if (!isobar_proc_stat_parse (stat_text, stat, &error))
    {
      g_debug ("%s: %s", stat_path, error->message);
      return FALSE;
    }

  *status = (IsobarProcStatus) { 0 };
  if (g_file_get_contents (status_path, &status_text, NULL, NULL) &&
      !isobar_proc_status_parse (status_text, status, &error))
    g_debug ("%s: %s", status_path, error->message);

  return TRUE;
}

static double
ticks_to_ms (guint64 ticks)
{
  long ticks_per_second = sysconf (_SC_CLK_TCK);

  if (ticks_per_second <= 0)
    ticks_per_second = 100;  /* USER_HZ on every Linux */

  return (double) ticks * 1000.0 / (double) ticks_per_second;
}

static double
rusage_cpu_ms (int who)
{
  struct rusage usage;

  if (getrusage (who, &usage) != 0)
    return 0.0;

  return (double) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (double) (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

typedef struct
{
  GPid     pid;
  guint64  starttime;    /* tells this process from a later one with its pid */
  double   base_cpu_ms;  /* CPU it had used when tracking began */
  double   last_cpu_ms;
  guint64  rss_kb;
  gboolean zombie;
} Helper;

struct _IsobarResourceSampler
{
  GObject  parent_instance;

  GMutex   thread_mutex;        /* serialises start and stop */
  GThread *thread;              /* (owned) (nullable) */

  GMutex   mutex;
  GCond    cond;

  /* Protected by mutex. */
  gboolean running;
  guint    interval_ms;
  GArray  *helpers;             /* (element-type Helper) tracked and present */
  double   app_base_ms;
  double   children_base_ms;    /* RUSAGE_CHILDREN at the reset */
  double   gone_base_ms;        /* helpers no longer tracked: their baselines */
  double   gone_last_ms;        /*   and their last readings */
  guint64  peak_rss_kb;
};

G_DEFINE_FINAL_TYPE (IsobarResourceSampler, isobar_resource_sampler, G_TYPE_OBJECT)

/* Called with the mutex held. */
static void
retire_helper (IsobarResourceSampler *self,
               guint                  index)
{
  const Helper *helper = &g_array_index (self->helpers, Helper, index);

  self->gone_base_ms += helper->base_cpu_ms;
  self->gone_last_ms += helper->last_cpu_ms;
  g_array_remove_index_fast (self->helpers, index);
}

/* Called with the mutex held. Reads one helper; FALSE when it is gone. */
static gboolean
helper_update (Helper *helper)
{
  IsobarProcStat stat;
  IsobarProcStatus status;

  if (!read_proc (helper->pid, &stat, &status))
    return FALSE;
  if (helper->starttime != 0 && stat.starttime != helper->starttime)
    return FALSE;  /* the pid now belongs to another process */

  helper->starttime = stat.starttime;
  helper->last_cpu_ms = ticks_to_ms (stat.utime + stat.stime);
  helper->rss_kb = status.vm_rss_kb;
  helper->zombie = stat.state == 'Z' || stat.state == 'X';

  return TRUE;
}

/* Called with the mutex held. */
static void
sample_locked (IsobarResourceSampler *self,
               IsobarResourceUsage   *usage)
{
  IsobarProcStat stat;
  IsobarProcStatus status;
  double live_ms = 0.0, gone_ms, reaped_ms;
  guint64 rss_kb = 0;
  guint n_helpers = 0;

  *usage = (IsobarResourceUsage) { 0 };

  if (read_proc (0, &stat, &status))
    {
      rss_kb = status.vm_rss_kb;
      usage->app_hwm_kb = status.vm_hwm_kb;
    }
  usage->cpu_ms_app = MAX (0.0, rusage_cpu_ms (RUSAGE_SELF) - self->app_base_ms);

  for (guint i = self->helpers->len; i > 0; i--)
    {
      Helper *helper = &g_array_index (self->helpers, Helper, i - 1);

      if (!helper_update (helper))
        {
          retire_helper (self, i - 1);
          continue;
        }

      live_ms += helper->last_cpu_ms - helper->base_cpu_ms;
      rss_kb += helper->rss_kb;
      if (!helper->zombie)
        n_helpers++;
    }

  /* Exited helpers: their last reading, or what the kernel says reaped
   * children used if that is more (it includes the end of their life). */
  gone_ms = self->gone_last_ms - self->gone_base_ms;
  reaped_ms = rusage_cpu_ms (RUSAGE_CHILDREN) - self->children_base_ms - self->gone_base_ms;
  usage->cpu_ms_helpers = MAX (0.0, live_ms + MAX (gone_ms, reaped_ms));

  self->peak_rss_kb = MAX (self->peak_rss_kb, rss_kb);
  usage->rss_kb = rss_kb;
  usage->peak_rss_kb = self->peak_rss_kb;
  usage->n_helpers = n_helpers;
}

static gpointer
sampler_thread (gpointer data)
{
  /* Unowned: dispose joins this thread before the sampler goes away. */
  IsobarResourceSampler *self = data;

  g_mutex_lock (&self->mutex);
  while (self->running)
    {
      IsobarResourceUsage usage;
      gint64 next_us;

      sample_locked (self, &usage);
      next_us = g_get_monotonic_time () + (gint64) self->interval_ms * 1000;
      while (self->running && g_cond_wait_until (&self->cond, &self->mutex, next_us))
        ;
    }
  g_mutex_unlock (&self->mutex);

  return NULL;
}

static void
isobar_resource_sampler_dispose (GObject *object)
{
  isobar_resource_sampler_stop (ISOBAR_RESOURCE_SAMPLER (object));

  G_OBJECT_CLASS (isobar_resource_sampler_parent_class)->dispose (object);
}

static void
isobar_resource_sampler_finalize (GObject *object)
{
  IsobarResourceSampler *self = ISOBAR_RESOURCE_SAMPLER (object);

  g_clear_pointer (&self->helpers, g_array_unref);
  g_mutex_clear (&self->mutex);
  g_mutex_clear (&self->thread_mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (isobar_resource_sampler_parent_class)->finalize (object);
}

static void
isobar_resource_sampler_class_init (IsobarResourceSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_resource_sampler_dispose;
  object_class->finalize = isobar_resource_sampler_finalize;
}

static void
isobar_resource_sampler_init (IsobarResourceSampler *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->thread_mutex);
  g_cond_init (&self->cond);
  self->interval_ms = ISOBAR_RESOURCE_SAMPLER_DEFAULT_INTERVAL_MS;
  self->helpers = g_array_new (FALSE, FALSE, sizeof (Helper));
  isobar_resource_sampler_reset (self);
}

IsobarResourceSampler *
isobar_resource_sampler_new (void)
{
  return g_object_new (ISOBAR_TYPE_RESOURCE_SAMPLER, NULL);
}

guint
isobar_resource_sampler_get_interval_ms (IsobarResourceSampler *self)
{
  guint interval_ms;

  g_return_val_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self), 0);

  g_mutex_lock (&self->mutex);
  interval_ms = self->interval_ms;
  g_mutex_unlock (&self->mutex);

  return interval_ms;
}

void
isobar_resource_sampler_set_interval_ms (IsobarResourceSampler *self,
                                         guint                  interval_ms)
{
  g_return_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self));
  g_return_if_fail (interval_ms > 0);

  g_mutex_lock (&self->mutex);
  self->interval_ms = interval_ms;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Called with the mutex held. */
static gint
find_helper (IsobarResourceSampler *self,
             GPid                   pid)
{
  for (guint i = 0; i < self->helpers->len; i++)
    {
      if (g_array_index (self->helpers, Helper, i).pid == pid)
        return (gint) i;
    }

  return -1;
}

void
isobar_resource_sampler_add_pid (IsobarResourceSampler *self,
                                 GPid                   pid)
{
  Helper helper = { 0 };

  g_return_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self));
  g_return_if_fail (pid > 0);

  g_mutex_lock (&self->mutex);
  if (find_helper (self, pid) < 0)
    {
      helper.pid = pid;
      if (helper_update (&helper))
        {
          helper.base_cpu_ms = helper.last_cpu_ms;
          g_array_append_val (self->helpers, helper);
        }
      else
        g_debug ("Not tracking pid %d: no such process", (int) pid);
    }
  g_mutex_unlock (&self->mutex);
}

void
isobar_resource_sampler_remove_pid (IsobarResourceSampler *self,
                                    GPid                   pid)
{
  gint index;

  g_return_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self));

  g_mutex_lock (&self->mutex);
  index = find_helper (self, pid);
  if (index >= 0)
    {
      Helper *helper = &g_array_index (self->helpers, Helper, index);

      helper_update (helper);  /* a last reading, if it is still there */
      retire_helper (self, (guint) index);
    }
  g_mutex_unlock (&self->mutex);
}

void
isobar_resource_sampler_start (IsobarResourceSampler *self)
{
  g_return_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self));

  g_mutex_lock (&self->thread_mutex);
  if (self->thread == NULL)
    {
      g_mutex_lock (&self->mutex);
      self->running = TRUE;
      g_mutex_unlock (&self->mutex);
      self->thread = g_thread_new ("isobar-sampler", sampler_thread, self);
    }
  g_mutex_unlock (&self->thread_mutex);
}

void
isobar_resource_sampler_stop (IsobarResourceSampler *self)
{
  g_return_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self));

  g_mutex_lock (&self->thread_mutex);
  if (self->thread != NULL)
    {
      g_mutex_lock (&self->mutex);
      self->running = FALSE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->mutex);

      g_thread_join (g_steal_pointer (&self->thread));
    }
  g_mutex_unlock (&self->thread_mutex);
}

gboolean
isobar_resource_sampler_is_running (IsobarResourceSampler *self)
{
  gboolean running;

  g_return_val_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self), FALSE);

  g_mutex_lock (&self->thread_mutex);
  running = self->thread != NULL;
  g_mutex_unlock (&self->thread_mutex);

  return running;
}

void
isobar_resource_sampler_reset (IsobarResourceSampler *self)
{
  IsobarProcStat stat;
  IsobarProcStatus status;

  g_return_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self));

  g_mutex_lock (&self->mutex);
  self->app_base_ms = rusage_cpu_ms (RUSAGE_SELF);
  self->children_base_ms = rusage_cpu_ms (RUSAGE_CHILDREN);
  self->gone_base_ms = 0.0;
  self->gone_last_ms = 0.0;
  self->peak_rss_kb = read_proc (0, &stat, &status) ? status.vm_rss_kb : 0;

  for (guint i = self->helpers->len; i > 0; i--)
    {
      Helper *helper = &g_array_index (self->helpers, Helper, i - 1);

      if (helper_update (helper))
        {
          helper->base_cpu_ms = helper->last_cpu_ms;
          self->peak_rss_kb += helper->rss_kb;
        }
      else
        g_array_remove_index_fast (self->helpers, i - 1);
    }
  g_mutex_unlock (&self->mutex);
}

void
isobar_resource_sampler_sample (IsobarResourceSampler *self,
                                IsobarResourceUsage   *usage)
{
  g_return_if_fail (ISOBAR_IS_RESOURCE_SAMPLER (self));
  g_return_if_fail (usage != NULL);

  g_mutex_lock (&self->mutex);
  sample_locked (self, usage);
  g_mutex_unlock (&self->mutex);
}
