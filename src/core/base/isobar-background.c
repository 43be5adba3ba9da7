/* isobar-background.c: the priority of background work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#ifdef __linux__
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
