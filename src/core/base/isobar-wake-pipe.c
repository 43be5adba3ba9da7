/* isobar-wake-pipe.c: a pipe whose only message is "wake up".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib-unix.h>

#include "isobar-wake-pipe.h"

gboolean
isobar_wake_pipe_open (int      fds[2],
                       GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fds[0] = fds[1] = -1;
  if (g_unix_open_pipe (fds, FD_CLOEXEC, error) &&
      g_unix_set_fd_nonblocking (fds[0], TRUE, error) &&
      g_unix_set_fd_nonblocking (fds[1], TRUE, error))
    return TRUE;

  isobar_wake_pipe_close (fds);
  return FALSE;
}

void
isobar_wake_pipe_close (int fds[2])
{
  for (guint i = 0; i < 2; i++)
    if (fds[i] >= 0)
      {
        close (fds[i]);
        fds[i] = -1;
      }
}

void
isobar_wake_pipe_wake (int fds[2])
{
  while (write (fds[1], "w", 1) < 0 && errno == EINTR)
    ;
}

void
isobar_wake_pipe_drain (int fds[2])
{
  char bytes[64];
  gssize n;

  do
    n = read (fds[0], bytes, sizeof bytes);
  while (n > 0 || (n < 0 && errno == EINTR));
}
