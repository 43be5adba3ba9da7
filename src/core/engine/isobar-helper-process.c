/* isobar-helper-process.c: one isobar-helper child and its two pipes
 *
 * Over 600 lines because spawning, the reader and writer of the pipes, the
 * deadlines and reaping act on one child whose end any of them may notice
 * first; the packets themselves are in isobar-packet*.c and the pool's
 * scheduling and supervision in isobar-helper-pool*.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-helper-process.h"
#include "isobar-install.h"
#include "isobar-loop-log.h"
#include "isobar-sigpipe.h"

#define READ_CHUNK (64 * 1024)

typedef enum
{
  STATE_STARTING,  /* spawned, waiting for hello */
  STATE_READY,     /* hello received */
  STATE_FINISHED,  /* failed, killed or closed: silent from now on */
} State;

struct _IsobarHelperProcess
{
  GObject              parent_instance;

  /* owned references */
  GSubprocess         *subprocess;
  GMainContext        *context;
  GCancellable        *cancellable;     /* for the wait after EOF */
  IsobarPacketDecoder *decoder;
  GSource             *read_source;
  GSource             *write_source;
  GQueue               pending_writes;  /* GBytes, the head partly written */
  guint8              *read_buffer;

  /* borrowed from the subprocess' pipe streams, non-blocking */
  int                  stdout_fd;       /* the helper's stdout, read here */
  int                  stdin_fd;        /* the helper's stdin, written here */

  State                state;
  gboolean             write_broken;
  gsize                head_offset;
  GPid                 pid;
  gint64               spawn_time;
  gint64               startup_us;
  guint64              bytes_written;
  guint64              bytes_read;
};

G_DEFINE_FINAL_TYPE (IsobarHelperProcess, isobar_helper_process, G_TYPE_OBJECT)

enum {
  SIGNAL_READY,
  SIGNAL_PACKET,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void stop_io (IsobarHelperProcess *self);

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

char *
isobar_helper_find_program (GError **error)
{
  const char *env = g_getenv (ISOBAR_HELPER_ENV);
  g_autofree char *installed = NULL;

  if (env != NULL && *env != '\0')
    {
      if (g_file_test (env, G_FILE_TEST_IS_DIR) || !g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                       _("%s is set to “%s”, which is not an executable program"),
                       ISOBAR_HELPER_ENV, env);
          return NULL;
        }
      return g_strdup (env);
    }

  installed = isobar_install_locate (ISOBAR_INSTALL_LIBEXECDIR, "isobar-helper");
  if (!g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                   _("The helper program %s is missing: reinstall Isobar, or set %s to the helper’s path"),
                   installed, ISOBAR_HELPER_ENV);
      return NULL;
    }
  return g_steal_pointer (&installed);
}

/* ------------------------------------------------------------- failing */

static void
emit_failed (IsobarHelperProcess *self,
             GError              *error)
{
  g_autoptr(GError) owned = error;

  if (self->state == STATE_FINISHED)
    return;
  stop_io (self);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, owned);
}

/* Kills the helper and reports why: a protocol violation or an I/O error. */
static void
fail_and_kill (IsobarHelperProcess *self,
               GError              *error)
{
  if (self->state == STATE_FINISHED)
    {
      g_error_free (error);
      return;
    }
  g_subprocess_force_exit (self->subprocess);
  emit_failed (self, error);
}

static void
fail_malformed (IsobarHelperProcess *self,
                const GError        *cause)
{
  fail_and_kill (self, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                    _("The helper process sent a malformed reply: %s"),
                                    cause->message));
}

static void
on_wait_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IsobarHelperProcess) self = user_data;
  g_autoptr(GError) wait_error = NULL;
  GSubprocess *subprocess = G_SUBPROCESS (source);

  if (!g_subprocess_wait_finish (subprocess, result, &wait_error))
    return;  /* cancelled: we closed or killed it meanwhile */

  if (g_subprocess_get_if_signaled (subprocess))
    {
      int sig = g_subprocess_get_term_sig (subprocess);

      emit_failed (self, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                      _("The helper process exited with signal %d (%s)"),
                                      sig, g_strsignal (sig)));
    }
  else
    {
      emit_failed (self, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                      _("The helper process exited with status %d"),
                                      g_subprocess_get_exit_status (subprocess)));
    }
}

/* Its stdout ended: it exited or is about to. Report how, once reaped. */
static void
handle_eof (IsobarHelperProcess *self)
{
  g_autoptr(GError) error = NULL;

  clear_source (&self->read_source);
  if (!isobar_packet_decoder_finish (self->decoder, &error))
    g_debug ("Helper %d: %s", (int) self->pid, error->message);
  g_subprocess_wait_async (self->subprocess, self->cancellable, on_wait_done, g_object_ref (self));
}

/* --------------------------------------------------------------- reading */

static void
dispatch_packet (IsobarHelperProcess *self,
                 IsobarPacket        *packet)
{
  if (self->state == STATE_STARTING)
    {
      g_autoptr(GError) error = NULL;
      guint32 version = 0, pid = 0;

      if (!isobar_packet_parse_hello (packet, &version, &pid, &error))
        {
          fail_malformed (self, error);
          return;
        }
      if (version != ISOBAR_PACKET_VERSION || pid != (guint32) self->pid)
        {
          g_autoptr(GError) mismatch = NULL;

          mismatch = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                                  _("hello from process %u speaking protocol %u; expected process %d, protocol %u"),
                                  pid, version, (int) self->pid, ISOBAR_PACKET_VERSION);
          fail_malformed (self, mismatch);
          return;
        }
      self->state = STATE_READY;
      self->startup_us = g_get_monotonic_time () - self->spawn_time;
      g_signal_emit (self, signals[SIGNAL_READY], 0);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_PACKET], 0, packet);
}

static gboolean
on_readable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  g_auto (IsobarLoopMark) mark = ISOBAR_LOOP_MARK (N_("helper results read"));
  g_autoptr(IsobarHelperProcess) self = g_object_ref (user_data);

  while (self->state != STATE_FINISHED)
    {
      g_autoptr(GError) error = NULL;
      gboolean fed;
      gssize n;

      n = read (fd, self->read_buffer, READ_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;
      if (n < 0)
        {
          int saved = errno;

          fail_and_kill (self, g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                                            _("Could not read from the helper process: %s"),
                                            g_strerror (saved)));
          break;
        }
      if (n == 0)
        {
          handle_eof (self);
          break;
        }

      self->bytes_read += n;
      fed = isobar_packet_decoder_feed (self->decoder, self->read_buffer, n, &error);

      /* Packets complete before a fault are delivered first. */
      for (IsobarPacket *packet; self->state != STATE_FINISHED
                                 && (packet = isobar_packet_decoder_pop (self->decoder)) != NULL;)
        {
          dispatch_packet (self, packet);
          isobar_packet_free (packet);
        }

      if (!fed)
        {
          fail_malformed (self, error);
          break;
        }
      if (n < READ_CHUNK)
        break;  /* drained: the next read would only say EAGAIN */
    }

  /* The source was destroyed by whoever finished us, or stays. */
  return G_SOURCE_CONTINUE;
}

/* --------------------------------------------------------------- writing */

static gboolean on_writable (int fd, GIOCondition condition, gpointer user_data);

static void
flush_writes (IsobarHelperProcess *self)
{
  GBytes *head;

  while (!self->write_broken && (head = g_queue_peek_head (&self->pending_writes)) != NULL)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (head, &length);
      gssize n = write (self->stdin_fd, data + self->head_offset, length - self->head_offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          if (self->write_source == NULL)
            {
              self->write_source = g_unix_fd_source_new (self->stdin_fd, G_IO_OUT | G_IO_ERR | G_IO_HUP);
              g_source_set_callback (self->write_source, G_SOURCE_FUNC (on_writable), self, NULL);
              g_source_set_name (self->write_source, "[isobar] helper stdin");
              g_source_attach (self->write_source, self->context);
            }
          return;
        }
      if (n < 0)
        {
          /* Most likely it died: its stdout will end and say how. */
          g_debug ("Helper %d: writing failed: %s", (int) self->pid, g_strerror (errno));
          self->write_broken = TRUE;
          break;
        }

      self->bytes_written += n;
      self->head_offset += n;
      if (self->head_offset == length)
        {
          g_bytes_unref (g_queue_pop_head (&self->pending_writes));
          self->head_offset = 0;
        }
    }

  if (self->write_broken)
    g_queue_clear_full (&self->pending_writes, (GDestroyNotify) g_bytes_unref);
  clear_source (&self->write_source);
}

static gboolean
on_writable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  IsobarHelperProcess *self = user_data;

  /* flush_writes() destroys this source once everything is written. */
  flush_writes (self);
  return G_SOURCE_CONTINUE;
}

void
isobar_helper_process_send (IsobarHelperProcess *self,
                            GBytes              *packet)
{
  g_return_if_fail (ISOBAR_IS_HELPER_PROCESS (self));
  g_return_if_fail (packet != NULL);

  if (self->state == STATE_FINISHED || self->write_broken)
    return;
  g_queue_push_tail (&self->pending_writes, g_bytes_ref (packet));
  if (self->write_source == NULL)
    flush_writes (self);
}

/* ------------------------------------------------------------- lifetime */

/* Stops all I/O and closes our pipe ends. Idempotent. */
static void
stop_io (IsobarHelperProcess *self)
{
  self->state = STATE_FINISHED;
  clear_source (&self->read_source);
  clear_source (&self->write_source);
  g_queue_clear_full (&self->pending_writes, (GDestroyNotify) g_bytes_unref);
  g_cancellable_cancel (self->cancellable);
  if (self->subprocess != NULL)
    {
      g_output_stream_close (g_subprocess_get_stdin_pipe (self->subprocess), NULL, NULL);
      g_input_stream_close (g_subprocess_get_stdout_pipe (self->subprocess), NULL, NULL);
    }
  self->stdin_fd = self->stdout_fd = -1;
}

void
isobar_helper_process_close (IsobarHelperProcess *self)
{
  g_return_if_fail (ISOBAR_IS_HELPER_PROCESS (self));

  stop_io (self);
}

void
isobar_helper_process_kill (IsobarHelperProcess *self)
{
  g_return_if_fail (ISOBAR_IS_HELPER_PROCESS (self));

  if (self->subprocess != NULL)
    g_subprocess_force_exit (self->subprocess);
  stop_io (self);
}

gboolean
isobar_helper_process_is_ready (IsobarHelperProcess *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_PROCESS (self), FALSE);

  return self->state == STATE_READY;
}

GSubprocess *
isobar_helper_process_get_subprocess (IsobarHelperProcess *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_PROCESS (self), NULL);

  return self->subprocess;
}

GPid
isobar_helper_process_get_pid (IsobarHelperProcess *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_PROCESS (self), 0);

  return self->pid;
}

gint64
isobar_helper_process_get_startup_us (IsobarHelperProcess *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_PROCESS (self), -1);

  return self->startup_us;
}

guint64
isobar_helper_process_get_bytes_written (IsobarHelperProcess *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_PROCESS (self), 0);

  return self->bytes_written;
}

guint64
isobar_helper_process_get_bytes_read (IsobarHelperProcess *self)
{
  g_return_val_if_fail (ISOBAR_IS_HELPER_PROCESS (self), 0);

  return self->bytes_read;
}

IsobarHelperProcess *
isobar_helper_process_spawn (const char                *program,
                             IsobarHelperProcessFlags   flags,
                             gsize                      max_payload,
                             GError                   **error)
{
  g_autoptr(IsobarHelperProcess) self = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  GOutputStream *stdin_pipe;
  GInputStream *stdout_pipe;

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (max_payload > 0, NULL);

  g_ptr_array_add (argv, g_strdup (program));
  if (flags & ISOBAR_HELPER_PROCESS_ALLOW_FAULT_INJECTION)
    g_ptr_array_add (argv, g_strdup ("--allow-fault-injection"));
  g_ptr_array_add (argv, g_strdup_printf ("--max-packet-size=%zu", max_payload));
  g_ptr_array_add (argv, NULL);

  self = g_object_new (ISOBAR_TYPE_HELPER_PROCESS, NULL);
  self->decoder = isobar_packet_decoder_new (max_payload);

  /* stderr is inherited: the helper's log lines land beside ours. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->spawn_time = g_get_monotonic_time ();
  gint64 spawn = isobar_loop_log_begin ();
  self->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &local_error);
  isobar_loop_log_end (spawn, N_("helper started"));
  if (self->subprocess == NULL)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                   _("Could not start the helper process %s: %s"), program, local_error->message);
      return NULL;
    }

  self->pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (self->subprocess), NULL, 10);
  stdin_pipe = g_subprocess_get_stdin_pipe (self->subprocess);
  stdout_pipe = g_subprocess_get_stdout_pipe (self->subprocess);
  self->stdin_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (stdin_pipe));
  self->stdout_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stdout_pipe));

  /* Non-blocking ends: the main loop never waits on a pipe. */
  if (!g_unix_set_fd_nonblocking (self->stdin_fd, TRUE, &local_error) ||
      !g_unix_set_fd_nonblocking (self->stdout_fd, TRUE, &local_error))
    {
      isobar_helper_process_kill (self);
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                   _("Could not set up the pipes of the helper process: %s"), local_error->message);
      return NULL;
    }

  self->read_source = g_unix_fd_source_new (self->stdout_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->read_source, G_SOURCE_FUNC (on_readable), self, NULL);
  g_source_set_name (self->read_source, "[isobar] helper stdout");
  g_source_attach (self->read_source, self->context);

  return g_steal_pointer (&self);
}

/* ---------------------------------------------------------------- reaping */

typedef struct
{
  GPtrArray *remaining;  /* (owned) GSubprocess not yet reaped */
  gboolean   timed_out;
} ReapState;

static void
on_reaped (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ReapState *state = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_ptr_array_remove_fast (state->remaining, source);
}

static gboolean
on_reap_timeout (gpointer user_data)
{
  ReapState *state = user_data;

  state->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
reap_until (ReapState    *state,
            GMainContext *context,
            guint         timeout_ms)
{
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);

  state->timed_out = FALSE;
  g_source_set_callback (timeout, on_reap_timeout, state, NULL);
  g_source_attach (timeout, context);
  while (state->remaining->len > 0 && !state->timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
}

void
isobar_helper_reap_sync (GPtrArray *subprocesses,
                         guint      timeout_ms)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  ReapState state = { NULL, FALSE };

  g_return_if_fail (subprocesses != NULL);

  if (subprocesses->len == 0)
    return;

  context = g_main_context_new ();
  cancellable = g_cancellable_new ();
  state.remaining = g_ptr_array_new_with_free_func (g_object_unref);
  g_main_context_push_thread_default (context);

  for (guint i = 0; i < subprocesses->len; i++)
    {
      GSubprocess *subprocess = g_ptr_array_index (subprocesses, i);

      g_ptr_array_add (state.remaining, g_object_ref (subprocess));
      g_subprocess_wait_async (subprocess, cancellable, on_reaped, &state);
    }

  reap_until (&state, context, timeout_ms);
  for (guint i = 0; i < state.remaining->len; i++)
    g_subprocess_force_exit (g_ptr_array_index (state.remaining, i));
  /* SIGKILL cannot be refused; the bound only guards against a wedged kernel. */
  reap_until (&state, context, 5000);
  if (state.remaining->len > 0)
    {
      g_warning ("%u helper processes did not die after SIGKILL", state.remaining->len);
      g_cancellable_cancel (cancellable);
      while (state.remaining->len > 0)
        g_main_context_iteration (context, TRUE);
    }

  g_main_context_pop_thread_default (context);
  g_ptr_array_unref (state.remaining);
}

/* ----------------------------------------------------------------- GObject */

static void
isobar_helper_process_dispose (GObject *object)
{
  IsobarHelperProcess *self = ISOBAR_HELPER_PROCESS (object);

  /* Never leave an orphan: whoever drops the last reference gets a dead child. */
  if (self->state != STATE_FINISHED)
    isobar_helper_process_kill (self);

  G_OBJECT_CLASS (isobar_helper_process_parent_class)->dispose (object);
}

static void
isobar_helper_process_finalize (GObject *object)
{
  IsobarHelperProcess *self = ISOBAR_HELPER_PROCESS (object);

  g_clear_object (&self->subprocess);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->decoder, isobar_packet_decoder_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->read_buffer, g_free);

  G_OBJECT_CLASS (isobar_helper_process_parent_class)->finalize (object);
}

static void
isobar_helper_process_class_init (IsobarHelperProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = isobar_helper_process_dispose;
  object_class->finalize = isobar_helper_process_finalize;

  signals[SIGNAL_READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PACKET] =
    g_signal_new ("packet", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  ISOBAR_TYPE_PACKET | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  /* Writing to a child that has just died must be an error, not the
   * death of the app. */
  isobar_sigpipe_ignore ();
}

static void
isobar_helper_process_init (IsobarHelperProcess *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->read_buffer = g_malloc (READ_CHUNK);
  self->stdin_fd = self->stdout_fd = -1;
  self->startup_us = -1;
  self->state = STATE_STARTING;
  g_queue_init (&self->pending_writes);
}
