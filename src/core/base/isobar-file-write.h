/* isobar-file-write.h: writing a whole file so that it cannot tear.
 *
 * Every file Isobar writes (exports, traces, the cache) goes through here:
 * the bytes go to a temporary file in the same folder, which is then
 * renamed over the target. A reader sees the old file or the new one,
 * never a part; a write that fails (a full disk, a folder that is gone)
 * leaves the old file as it was and no temporary file behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  ISOBAR_FILE_WRITE_NONE    = 0,
  ISOBAR_FILE_WRITE_PRIVATE = 1 << 0,  /* readable by the user only (0600) */
} IsobarFileWriteFlags;

/* Writes @bytes to @file in a worker thread. Errors are G_IO_ERROR and name
 * the file. Files that are not local (no path) are written by GIO's own
 * replace, which is as atomic as their backend makes it. */
void     isobar_file_write_async  (GFile                *file,
                                   GBytes               *bytes,
                                   IsobarFileWriteFlags  flags,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gboolean isobar_file_write_finish (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
