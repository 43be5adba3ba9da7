/* isobar-file-write.c: writing a whole file so that it cannot tear.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "isobar-file-write.h"

typedef struct
{
  GFile                *file;   /* (owned) */
  GBytes               *bytes;  /* (owned) */
  IsobarFileWriteFlags  flags;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *write = data;

  g_clear_object (&write->file);
  g_clear_pointer (&write->bytes, g_bytes_unref);
  g_free (write);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        size,
           int         *saved_errno)
{
  while (size > 0)
    {
      gssize n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *saved_errno = errno;
          return FALSE;
        }
      data += n;
      size -= n;
    }
  return TRUE;
}

/* A hidden temporary file beside @path, renamed over it once written and
 * closed; removed if anything fails. The error names @path, not the
 * temporary file. */
static gboolean
write_local (const char  *path,
             const char  *data,
             gsize        size,
             int          mode,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *temp = g_build_filename (dir, name, NULL);
  int saved_errno = 0;
  int fd;

  /* (the umask applies to @mode, as for any new file) */
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    saved_errno = errno;
  else if (!write_all (fd, data, size, &saved_errno))
    {
      close (fd);
      g_unlink (temp);
    }
  else if (close (fd) != 0)
    {
      saved_errno = errno;
      g_unlink (temp);
    }
  else if (g_rename (temp, path) != 0)
    {
      saved_errno = errno;
      g_unlink (temp);
    }

  if (saved_errno == 0)
    return TRUE;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* Translators: %s is a file name, then the system's reason */
               _("Could not write “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *write = task_data;
  g_autofree char *path = g_file_get_path (write->file);
  gsize size = 0;
  const char *data = g_bytes_get_data (write->bytes, &size);
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (path == NULL)
    {
      GFileCreateFlags create = G_FILE_CREATE_REPLACE_DESTINATION;

      if (write->flags & ISOBAR_FILE_WRITE_PRIVATE)
        create |= G_FILE_CREATE_PRIVATE;
      if (!g_file_replace_contents (write->file, size > 0 ? data : "", size, NULL, FALSE, create,
                                    NULL, cancellable, &error))
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  /* For a new file as for an old one: GIO's replace writes a new file in
   * place, where a reader can see it half written. */
  if (!write_local (path, data, size, (write->flags & ISOBAR_FILE_WRITE_PRIVATE) ? 0600 : 0666, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
isobar_file_write_async (GFile                *file,
                         GBytes               *bytes,
                         IsobarFileWriteFlags  flags,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *write;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_file_write_async);
  g_task_set_name (task, "[isobar] write file");

  write = g_new0 (WriteData, 1);
  write->file = g_object_ref (file);
  write->bytes = g_bytes_ref (bytes);
  write->flags = flags;
  g_task_set_task_data (task, write, write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
isobar_file_write_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_file_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
