/* isobar-sigpipe.c: writing to a child process that has died.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "isobar-sigpipe.h"

void
isobar_sigpipe_ignore (void)
{
  struct sigaction old_action;

  if (sigaction (SIGPIPE, NULL, &old_action) == 0 && old_action.sa_handler == SIG_DFL)
    signal (SIGPIPE, SIG_IGN);
}
