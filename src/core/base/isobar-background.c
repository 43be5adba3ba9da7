/* isobar-background.c: the priority of background work, and the UI thread's
 * request to be scheduled first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#ifdef __linux__
#include <linux/sched.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "isobar-background.h"

void
isobar_background_thread_enter (void)
{
#ifdef __linux__
  static GPrivate lowered;
  pid_t tid;

  if (g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));

  /* On Linux, PRIO_PROCESS with a thread id sets that thread's niceness. */
  tid = (pid_t) syscall (SYS_gettid);
  errno = 0;
  if (setpriority (PRIO_PROCESS, (id_t) tid, ISOBAR_BACKGROUND_NICENESS) == -1 && errno != 0)
    g_debug ("Could not lower a background thread’s priority: %s", g_strerror (errno));
#endif
}

#if defined (__linux__) && defined (SYS_sched_setattr)
/* struct sched_attr of <linux/sched/types.h> as first defined
 * (SCHED_ATTR_SIZE_VER0), which the kernel accepts from any later one;
 * that header's struct sched_param clashes with glibc's. */
typedef struct
{
  guint32 size;
  guint32 sched_policy;
  guint64 sched_flags;
  gint32  sched_nice;
  guint32 sched_priority;
  guint64 sched_runtime;
  guint64 sched_deadline;
  guint64 sched_period;
} SchedAttr;
#endif

/* The threads that asked for short slices. */
static GPrivate foreground;

static gboolean
ask_slice (guint64 slice_ns)
{
#if defined (__linux__) && defined (SYS_sched_setattr)
  SchedAttr attr = { 0 };
  int niceness;

  errno = 0;
  niceness = getpriority (PRIO_PROCESS, 0);
  if (niceness == -1 && errno != 0)
    niceness = 0;

  attr.size = sizeof attr;
  attr.sched_policy = SCHED_OTHER;
  attr.sched_flags = SCHED_FLAG_RESET_ON_FORK;
  attr.sched_nice = niceness;
  /* Read as the slice of a SCHED_NORMAL task since Linux 6.12 (clamped to
   * 0.1–100 ms; 0 is the default), ignored before. */
  attr.sched_runtime = slice_ns;
  if (syscall (SYS_sched_setattr, 0, &attr, 0) == 0)
    return TRUE;

  g_debug ("Could not ask for a time slice of %" G_GUINT64_FORMAT " µs for the UI thread: %s",
           slice_ns / 1000, g_strerror (errno));
#endif
  return FALSE;
}

gboolean
isobar_foreground_thread_enter (void)
{
  if (!ask_slice (ISOBAR_FOREGROUND_SLICE_US * 1000))
    return FALSE;
  g_private_set (&foreground, GINT_TO_POINTER (1));
  return TRUE;
}

void
isobar_foreground_thread_pause (gboolean paused)
{
  if (g_private_get (&foreground) != NULL)
    ask_slice (paused ? 0 : ISOBAR_FOREGROUND_SLICE_US * 1000);
}
