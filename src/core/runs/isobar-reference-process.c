/* isobar-reference-process.c: IsobarReference's run as a process: spawned
 * once its input is ready, the input written to its stdin, its stdout read
 * line by line and its stderr kept for the error message, stopped with
 * SIGTERM then SIGKILL on a cancel or a failure, always reaped, and the run
 * completed once it has exited and both pipes are done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-reference-private.h"

/* After SIGTERM, how long the program has to stop its pool and exit. */
#define KILL_GRACE_MS     500
/* After the program exits, how long its pipes may stay open (a pool
 * process that outlived it) before we stop reading them. */
#define PIPES_GRACE_MS    2000
/* The most of its stderr kept for an error message. */
#define STDERR_KEEP_BYTES 8192

void
_isobar_reference_run_data_free (RunData *data)
{
  g_assert (data->kill_timer == NULL && data->pipes_timer == NULL);
  g_assert (data->user_cancelled_id == 0);

  g_clear_pointer (&data->argv, g_strfreev);
  g_clear_pointer (&data->strategies, g_strfreev);
  g_clear_pointer (&data->input_job, _isobar_reference_input_job_free);
  g_clear_pointer (&data->input, g_bytes_unref);
  g_clear_object (&data->process);
  g_clear_object (&data->stdout_lines);
  g_clear_object (&data->stderr_pipe);
  g_clear_object (&data->io_cancellable);
  g_clear_object (&data->stderr_cancellable);
  g_clear_object (&data->user_cancellable);
  g_clear_pointer (&data->context, g_main_context_unref);
  if (data->stderr_text != NULL)
    g_string_free (data->stderr_text, TRUE);
  g_clear_pointer (&data->records, g_ptr_array_unref);
  g_clear_pointer (&data->trends, g_hash_table_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_exited (process))
    return g_strdup_printf (_("exit status %d"), g_subprocess_get_exit_status (process));
  if (g_subprocess_get_if_signaled (process))
    {
      int signum = g_subprocess_get_term_sig (process);

      return g_strdup_printf (_("killed by signal %d, %s"), signum, g_strsignal (signum));
    }
  return g_strdup (_("stopped"));
}

/* Its last words, on one line: the last lines of stderr that fit. */
static char *
fold_stderr (RunData *data)
{
  g_auto(GStrv) lines = g_strsplit (data->stderr_text->str, "\n", -1);
  g_autoptr(GString) folded = g_string_new (NULL);
  guint n = g_strv_length (lines);

  for (guint i = n; i > 0; i--)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i - 1]));

      if (*line == '\0')
        continue;
      if (folded->len > 0 && folded->len + strlen (line) > 400)
        break;
      if (folded->len > 0)
        g_string_prepend (folded, " ");
      g_string_prepend (folded, line);
    }
  return g_string_free (g_steal_pointer (&folded), FALSE);
}

static GError *
failure_error (RunData *data)
{
  g_autofree char *how = describe_exit (data->process);
  g_autofree char *said = fold_stderr (data);

  if (*said != '\0')
    return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                        _("Real Python failed (%s): %s"), how, said);
  return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER, _("Real Python failed: %s"), how);
}

static void try_complete (GTask *task);

/* A timer on the run's context; @data outlives it (completion stops it). */
static GSource *
start_timer (RunData     *data,
             guint        ms,
             GSourceFunc  callback)
{
  GSource *timer = g_timeout_source_new (ms);

  g_source_set_callback (timer, callback, data, NULL);
  g_source_set_static_name (timer, "[isobar] reference timer");
  g_source_attach (timer, data->context);
  return timer;
}

static void
stop_timer (GSource **timer)
{
  if (*timer == NULL)
    return;
  g_source_destroy (*timer);
  g_clear_pointer (timer, g_source_unref);
}

static gboolean
kill_cb (gpointer user_data)
{
  RunData *data = user_data;

  g_clear_pointer (&data->kill_timer, g_source_unref);
  if (data->process != NULL && !data->exited)
    g_subprocess_force_exit (data->process);
  return G_SOURCE_REMOVE;
}

static gboolean
pipes_grace_cb (gpointer user_data)
{
  RunData *data = user_data;

  g_clear_pointer (&data->pipes_timer, g_source_unref);
  g_cancellable_cancel (data->io_cancellable);
  g_cancellable_cancel (data->stderr_cancellable);
  return G_SOURCE_REMOVE;
}

/* Stops the program: SIGTERM (it kills its pool and exits), SIGKILL if it
 * has not within KILL_GRACE_MS. Always reaped: the wait started at spawn
 * completes the run. */
static void
stop_process (RunData *data)
{
  g_cancellable_cancel (data->io_cancellable);
  if (data->stopping || data->process == NULL || data->exited)
    return;

  data->stopping = TRUE;
  g_subprocess_send_signal (data->process, SIGTERM);
  data->kill_timer = start_timer (data, KILL_GRACE_MS, kill_cb);
}

/* Records the first failure and stops the program. Takes @error. */
static void
run_fail (GTask  *task,
          GError *error)
{
  RunData *data = g_task_get_task_data (task);

  if (data->error == NULL)
    data->error = error;
  else
    g_error_free (error);

  stop_process (data);
  try_complete (task);
}

void
_isobar_reference_forward_cancel (GCancellable *cancellable,
                                  gpointer      user_data)
{
  /* Any thread: cancelling the reads brings the news to the run's context. */
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
try_complete (GTask *task)
{
  IsobarReference *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GHashTableIter iter;
  gpointer preset, trends;
  guint expected;

  if (data->completed)
    return;
  if (data->process != NULL && !(data->exited && data->stdout_done && data->stderr_done))
    return;

  data->completed = TRUE;
  stop_timer (&data->kill_timer);
  stop_timer (&data->pipes_timer);
  if (data->user_cancelled_id != 0)
    {
      g_cancellable_disconnect (data->user_cancellable, data->user_cancelled_id);
      data->user_cancelled_id = 0;
    }
  self->running = FALSE;

  if (g_cancellable_is_cancelled (data->user_cancellable))
    {
      g_clear_error (&data->error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The real Python run was cancelled"));
      return;
    }
  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }
  if (!g_subprocess_get_successful (data->process))
    {
      g_task_return_error (task, failure_error (data));
      return;
    }
  expected = g_strv_length (data->strategies);
  if (data->records->len != expected)
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                               _("Real Python ended after %u of its %u runs"),
                               data->records->len, expected);
      return;
    }

  /* Each strategy's trends replace those of its last run only. */
  g_hash_table_iter_init (&iter, data->trends);
  while (g_hash_table_iter_next (&iter, &preset, &trends))
    {
      g_hash_table_replace (self->trends, g_strdup (preset), g_ptr_array_ref (trends));
    }
  self->resamples = data->resamples;
  self->calibrated = data->calibrated;
  g_task_return_pointer (task, g_steal_pointer (&data->records),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void read_next_line (GTask *task);

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    {
      data->stdout_done = TRUE;
      /* The end of its output (it is exiting), or we stopped reading a
       * program that has exited and left its pipe to a pool process. */
      if (error == NULL || (data->exited && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
        try_complete (task);
      /* A cancel, ours or the caller's: stop it. */
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        run_fail (task, g_steal_pointer (&error));
      else
        run_fail (task, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                     _("Could not read what real Python printed: %s"), error->message));
      return;
    }

  if (data->stopping)
    {
      read_next_line (task);
      return;
    }

  if (!_isobar_reference_handle_line (task, line, &error))
    {
      g_autofree char *said = NULL;
      g_autofree char *excerpt = NULL;

      if (error != NULL)
        {
          run_fail (task, g_steal_pointer (&error));
          read_next_line (task);
          return;
        }

      said = fold_stderr (data);
      excerpt = g_utf8_substring (line, 0, MIN (g_utf8_strlen (line, -1), 80));
      if (*said != '\0')
        error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                             _("Real Python printed something that is not its output (“%s”): %s"),
                             excerpt, said);
      else
        error = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                             _("Real Python printed something that is not its output (“%s”)"),
                             excerpt);
      run_fail (task, g_steal_pointer (&error));
    }

  read_next_line (task);
}

static void
read_next_line (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  g_data_input_stream_read_line_async (data->stdout_lines, G_PRIORITY_DEFAULT,
                                       data->io_cancellable, read_line_cb, g_object_ref (task));
}

static void
read_stderr_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *chunk;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      data->stderr_done = TRUE;
      try_complete (task);
      return;
    }

  chunk = g_bytes_get_data (bytes, &size);
  if (data->stderr_text->len < STDERR_KEEP_BYTES)
    g_string_append_len (data->stderr_text, chunk, MIN (size, STDERR_KEEP_BYTES - data->stderr_text->len));
  g_input_stream_read_bytes_async (data->stderr_pipe, 4096, G_PRIORITY_DEFAULT,
                                   data->stderr_cancellable, read_stderr_cb, g_object_ref (task));
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);

  /* Without a cancellable this only returns once it is reaped. */
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  data->exited = TRUE;
  stop_timer (&data->kill_timer);

  if (!(data->stdout_done && data->stderr_done) && !data->completed)
    data->pipes_timer = start_timer (data, PIPES_GRACE_MS, pipes_grace_cb);
  try_complete (task);
}

static void
write_input_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* stdin stays open: its end is the program's signal to stop. */
  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    return;
  if (data->stopping || data->exited || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* It died before reading its input: its exit status and stderr say why. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return;
  run_fail (task, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                               _("Could not send the series to Real Python: %s"), error->message));
}

static void
spawn (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *stdin_pipe;
  gconstpointer bytes;
  gsize size;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Its own output is plain ASCII JSON; its errors should be too. */
  g_subprocess_launcher_setenv (launcher, "PYTHONIOENCODING", "utf-8", TRUE);
  data->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) data->argv, &error);
  if (data->process == NULL)
    {
      run_fail (task, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                   _("Real Python could not be run: %s"), error->message));
      return;
    }
  g_debug ("isobar-reference: started %s (%s)", data->argv[0],
           g_subprocess_get_identifier (data->process));

  data->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (data->process));
  g_data_input_stream_set_newline_type (data->stdout_lines, G_DATA_STREAM_NEWLINE_TYPE_LF);
  data->stderr_pipe = g_object_ref (g_subprocess_get_stderr_pipe (data->process));

  g_subprocess_wait_async (data->process, NULL, wait_cb, g_object_ref (task));
  read_next_line (task);
  g_input_stream_read_bytes_async (data->stderr_pipe, 4096, G_PRIORITY_DEFAULT,
                                   data->stderr_cancellable, read_stderr_cb, g_object_ref (task));
  /* A megabyte into a pipe: without O_NONBLOCK an "async" write of it
   * blocks this thread until the program has read it all. */
  stdin_pipe = g_subprocess_get_stdin_pipe (data->process);
  if (!g_unix_set_fd_nonblocking (g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (stdin_pipe)), TRUE, &error))
    {
      run_fail (task, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                   _("Could not send the series to Real Python: %s"), error->message));
      return;
    }
  bytes = g_bytes_get_data (data->input, &size);
  g_output_stream_write_all_async (stdin_pipe, bytes, size,
                                   G_PRIORITY_DEFAULT, data->io_cancellable,
                                   write_input_cb, g_object_ref (task));
}

void
_isobar_reference_input_ready_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);

  data->input = g_task_propagate_pointer (G_TASK (result), NULL);
  g_assert (data->input != NULL);

  if (g_cancellable_is_cancelled (data->io_cancellable))
    try_complete (task);
  else
    spawn (task);
}
