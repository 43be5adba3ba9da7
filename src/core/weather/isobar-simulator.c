/* isobar-simulator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-install.h"
#include "isobar-simulator.h"

#define START_DEADLINE_SECONDS 10
#define STOP_GRACE_MS          1000
#define LISTENING_PREFIX       "Listening on "

struct _IsobarSimulator
{
  GObject           parent_instance;

  char            **extra_arguments;   /* (owned) */

  GSubprocess      *process;           /* (owned) (nullable) */
  GOutputStream    *stdin_pipe;        /* (owned) (nullable) closing it stops the sim */
  GDataInputStream *stdout_lines;      /* (owned) (nullable) */
  GCancellable     *io_cancellable;    /* (owned) (nullable) reads of this process */
  char             *base_url;          /* (owned) (nullable) set once it listens */

  /* While starting. */
  GTask            *start_task;        /* (owned) (nullable) */
  GSource          *deadline;          /* (owned) (nullable) */
  gboolean          deadline_passed;
  GCancellable     *user_cancellable;  /* (owned) (nullable) */
  gulong            user_cancelled_id;
};

G_DEFINE_FINAL_TYPE (IsobarSimulator, isobar_simulator, G_TYPE_OBJECT)

static void
isobar_simulator_dispose (GObject *object)
{
  IsobarSimulator *self = ISOBAR_SIMULATOR (object);

  isobar_simulator_stop (self);

  G_OBJECT_CLASS (isobar_simulator_parent_class)->dispose (object);
}

static void
isobar_simulator_finalize (GObject *object)
{
  IsobarSimulator *self = ISOBAR_SIMULATOR (object);

  g_clear_pointer (&self->extra_arguments, g_strfreev);

  G_OBJECT_CLASS (isobar_simulator_parent_class)->finalize (object);
}

static void
isobar_simulator_class_init (IsobarSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_simulator_dispose;
  object_class->finalize = isobar_simulator_finalize;
}

static void
isobar_simulator_init (IsobarSimulator *self)
{
}

IsobarSimulator *
isobar_simulator_new (const char * const *extra_arguments)
{
  IsobarSimulator *self = g_object_new (ISOBAR_TYPE_SIMULATOR, NULL);

  self->extra_arguments = g_strdupv ((char **) extra_arguments);
  return self;
}

char *
isobar_simulator_find_program (GError **error)
{
  const char *override = g_getenv ("ISOBAR_SIM");
  g_autofree char *installed = NULL;
  char *path;

  /* An explicit choice is never second-guessed with another program. */
  if (override != NULL && *override != '\0')
    {
      path = g_find_program_in_path (override);
      if (path == NULL)
        g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR,
                     _("ISOBAR_SIM is set to “%s”, which is not a program"), override);
      return path;
    }

  installed = isobar_install_locate (ISOBAR_INSTALL_BINDIR, "isobar-sim");
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE) &&
      !g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);

  path = g_find_program_in_path ("isobar-sim");
  if (path == NULL)
    g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR,
                         _("The weather simulator (isobar-sim) is not installed"));
  return path;
}

/* Waiting for the process, synchronously but bounded: GSubprocess reaps its
 * child from GLib's worker thread, and tells us in the thread-default main
 * context of the wait, so a private one is enough. */

typedef struct
{
  gboolean done;
  gboolean exited;
  gboolean timed_out;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->exited = g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  wait->done = TRUE;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* TRUE when the process has exited and is reaped within @timeout_ms. */
static gboolean
wait_for_exit (GSubprocess *process,
               guint        timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  Wait wait = { FALSE, FALSE, FALSE };

  g_main_context_push_thread_default (context);

  g_subprocess_wait_async (process, cancellable, wait_cb, &wait);
  g_source_set_callback (timeout, wait_timeout_cb, &wait, NULL);
  g_source_attach (timeout, context);

  while (!wait.done && !wait.timed_out)
    g_main_context_iteration (context, TRUE);

  /* wait_cb points at this frame: let it run before we leave. */
  if (!wait.done)
    {
      g_cancellable_cancel (cancellable);
      while (!wait.done)
        g_main_context_iteration (context, TRUE);
    }

  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  return wait.exited;
}

/* Ends the process: EOF on its stdin first, then SIGKILL, and always reaps. */
static void
end_process (GSubprocess   *process,
             GOutputStream *stdin_pipe)
{
  if (stdin_pipe != NULL)
    g_output_stream_close (stdin_pipe, NULL, NULL);

  if (wait_for_exit (process, STOP_GRACE_MS))
    return;

  g_debug ("isobar-sim %s ignored the end of its input; killing it",
           g_subprocess_get_identifier (process));
  g_subprocess_force_exit (process);
  /* SIGKILL cannot be ignored: this returns as soon as it is reaped. */
  g_subprocess_wait (process, NULL, NULL);
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_exited (process))
    return g_strdup_printf (_("it exited with status %d"),
                            g_subprocess_get_exit_status (process));
  if (g_subprocess_get_if_signaled (process))
    {
      int signum = g_subprocess_get_term_sig (process);

      return g_strdup_printf (_("it was killed by signal %d (%s)"),
                              signum, g_strsignal (signum));
    }
  return g_strdup (_("it stopped"));
}

/* Keeps reading what the sim prints after the first line, so that it never
 * blocks on a full pipe. Holds only the stream. */
static void
drain_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GDataInputStream *lines = G_DATA_INPUT_STREAM (object);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (lines, result, NULL, NULL);
  if (line == NULL)
    return;

  g_data_input_stream_read_line_async (lines, G_PRIORITY_LOW, cancellable,
                                       drain_cb, g_steal_pointer (&cancellable));
}

static void
finish_starting (IsobarSimulator *self)
{
  if (self->deadline != NULL)
    {
      g_source_destroy (self->deadline);
      g_clear_pointer (&self->deadline, g_source_unref);
    }
  if (self->user_cancellable != NULL)
    {
      g_cancellable_disconnect (self->user_cancellable, self->user_cancelled_id);
      self->user_cancelled_id = 0;
      g_clear_object (&self->user_cancellable);
    }
  self->deadline_passed = FALSE;
}

/* Ends the process and forgets it. */
static void
clear_process (IsobarSimulator *self)
{
  g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);
  g_autoptr(GOutputStream) stdin_pipe = g_steal_pointer (&self->stdin_pipe);

  if (self->io_cancellable != NULL)
    g_cancellable_cancel (self->io_cancellable);
  g_clear_object (&self->io_cancellable);
  g_clear_object (&self->stdout_lines);
  g_clear_pointer (&self->base_url, g_free);

  if (process != NULL)
    end_process (process, stdin_pipe);
}

static void
fail_start (IsobarSimulator *self,
            GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  finish_starting (self);
  clear_process (self);
  g_task_return_error (task, error);
}

/* "Listening on http://127.0.0.1:PORT" → "http://127.0.0.1:PORT" */
static char *
parse_listening_line (const char *line)
{
  g_autoptr(GUri) uri = NULL;
  const char *address;

  if (!g_str_has_prefix (line, LISTENING_PREFIX))
    return NULL;

  address = line + strlen (LISTENING_PREFIX);
  uri = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      g_uri_get_host (uri) == NULL ||
      g_uri_get_port (uri) <= 0)
    return NULL;

  return g_strdup_printf ("http://%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

/* One read of the start, tied to the process it reads from. */
typedef struct
{
  IsobarSimulator *self;     /* (owned) */
  GSubprocess     *process;  /* (owned) */
} StartRead;

static void
start_read_free (StartRead *read)
{
  g_clear_object (&read->self);
  g_clear_object (&read->process);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StartRead, start_read_free)

static void read_line_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
read_next_line (IsobarSimulator *self)
{
  StartRead *read = g_new0 (StartRead, 1);

  read->self = g_object_ref (self);
  read->process = g_object_ref (self->process);
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT,
                                       self->io_cancellable, read_line_cb, read);
}

static void
exited_early_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(StartRead) read = user_data;
  IsobarSimulator *self = read->self;
  g_autofree char *how = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  if (self->start_task == NULL || self->process != read->process)
    return;

  how = describe_exit (read->process);
  fail_start (self, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR,
                                 _("The weather simulator stopped before it was ready: %s"),
                                 how));
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(StartRead) read = user_data;
  IsobarSimulator *self = read->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GTask) task = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);

  /* Stopped, or started again, in the meantime: nothing is ours to finish. */
  if (self->start_task == NULL || self->process != read->process)
    return;

  if (error != NULL)
    {
      if (self->deadline_passed)
        fail_start (self, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR,
                                       g_dngettext (GETTEXT_PACKAGE,
                                                    "The weather simulator did not start within %d second",
                                                    "The weather simulator did not start within %d seconds",
                                                    START_DEADLINE_SECONDS),
                                       START_DEADLINE_SECONDS));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_start (self, g_steal_pointer (&error));
      else
        fail_start (self, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR,
                                       _("Could not read from the weather simulator: %s"),
                                       error->message));
      return;
    }

  if (line == NULL)
    {
      /* EOF: it is exiting. Say why once it has. */
      StartRead *wait = g_new0 (StartRead, 1);

      wait->self = g_object_ref (self);
      wait->process = g_object_ref (read->process);
      g_subprocess_wait_async (read->process, self->io_cancellable, exited_early_cb, wait);
      return;
    }

  base_url = parse_listening_line (line);
  if (base_url == NULL)
    {
      g_debug ("isobar-sim: %s", line);
      read_next_line (self);
      return;
    }

  g_debug ("isobar-sim %s listens on %s", g_subprocess_get_identifier (self->process), base_url);
  self->base_url = g_steal_pointer (&base_url);
  task = g_steal_pointer (&self->start_task);
  finish_starting (self);

  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_LOW, self->io_cancellable,
                                       drain_cb, g_object_ref (self->io_cancellable));

  g_task_return_boolean (task, TRUE);
}

static gboolean
deadline_cb (gpointer user_data)
{
  IsobarSimulator *self = user_data;

  self->deadline_passed = TRUE;
  g_clear_pointer (&self->deadline, g_source_unref);
  g_cancellable_cancel (self->io_cancellable);
  return G_SOURCE_REMOVE;
}

/* Runs in whatever thread cancels: only cancels our reads. */
static void
user_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

void
isobar_simulator_start_async (IsobarSimulator     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *program = NULL;
  GError *error = NULL;

  g_return_if_fail (ISOBAR_IS_SIMULATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_simulator_start_async);
  g_task_set_name (task, "[isobar] simulator start");

  if (self->start_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The weather simulator is already starting"));
      return;
    }
  if (isobar_simulator_is_running (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* It died on its own since: clean up before starting another. */
  clear_process (self);

  program = isobar_simulator_find_program (&error);
  if (program == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--exit-on-eof");
  for (gsize i = 0; self->extra_arguments != NULL && self->extra_arguments[i] != NULL; i++)
    g_ptr_array_add (argv, self->extra_arguments[i]);
  g_ptr_array_add (argv, NULL);

  /* stderr is inherited: the sim's own messages reach the user's log. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_SIMULATOR,
                               _("Could not start the weather simulator %s: %s"),
                               program, error->message);
      g_error_free (error);
      return;
    }

  self->stdin_pipe = g_object_ref (g_subprocess_get_stdin_pipe (self->process));
  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  self->io_cancellable = g_cancellable_new ();
  self->start_task = g_steal_pointer (&task);
  self->deadline_passed = FALSE;

  self->deadline = g_timeout_source_new_seconds (START_DEADLINE_SECONDS);
  g_source_set_callback (self->deadline, deadline_cb, self, NULL);
  g_source_set_name (self->deadline, "[isobar] simulator start deadline");
  g_source_attach (self->deadline, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    {
      self->user_cancellable = g_object_ref (cancellable);
      self->user_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                                       g_object_ref (self->io_cancellable),
                                                       g_object_unref);
    }

  read_next_line (self);
}

gboolean
isobar_simulator_start_finish (IsobarSimulator  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (ISOBAR_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_simulator_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
isobar_simulator_get_base_url (IsobarSimulator *self)
{
  g_return_val_if_fail (ISOBAR_IS_SIMULATOR (self), NULL);

  return isobar_simulator_is_running (self) ? self->base_url : NULL;
}

gboolean
isobar_simulator_is_running (IsobarSimulator *self)
{
  g_return_val_if_fail (ISOBAR_IS_SIMULATOR (self), FALSE);

  /* The identifier goes once the child is reaped (it died on its own). */
  return self->process != NULL &&
         self->base_url != NULL &&
         g_subprocess_get_identifier (self->process) != NULL;
}

void
isobar_simulator_stop (IsobarSimulator *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ISOBAR_IS_SIMULATOR (self));

  task = g_steal_pointer (&self->start_task);
  finish_starting (self);
  clear_process (self);

  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The weather simulator was stopped while it started"));
}
