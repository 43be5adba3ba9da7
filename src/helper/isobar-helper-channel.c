/* isobar-helper-channel.c: the helper's side of the pipes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "isobar-helper-channel.h"

#define READ_CHUNK (64 * 1024)
/* stdin is polled at most this often by checkpoints: a cancel is seen
 * within a millisecond, and a kernel that checkpoints every few
 * microseconds does not pay a system call each time. */
#define POLL_INTERVAL_US (1 * G_TIME_SPAN_MILLISECOND)

struct _IsobarHelperChannel
{
  int                  in_fd;
  int                  out_fd;
  IsobarPacketDecoder *decoder;
  GQueue               deferred;       /* IsobarPacket read during a job */
  guint8              *buffer;

  guint64              job_id;         /* 0: no job */
  gint64               last_poll;
  gint64               last_progress;
  gboolean             cancelled;
  gboolean             eof;
  GError              *stream_error;
};

IsobarHelperChannel *
isobar_helper_channel_new (int   in_fd,
                           int   out_fd,
                           gsize max_payload)
{
  IsobarHelperChannel *self = g_new0 (IsobarHelperChannel, 1);

  self->in_fd = in_fd;
  self->out_fd = out_fd;
  self->decoder = isobar_packet_decoder_new (max_payload);
  self->buffer = g_malloc (READ_CHUNK);
  g_queue_init (&self->deferred);
  return self;
}

void
isobar_helper_channel_free (IsobarHelperChannel *self)
{
  if (self == NULL)
    return;
  g_queue_clear_full (&self->deferred, (GDestroyNotify) isobar_packet_free);
  g_clear_pointer (&self->decoder, isobar_packet_decoder_free);
  g_clear_pointer (&self->buffer, g_free);
  g_clear_error (&self->stream_error);
  g_free (self);
}

gsize
isobar_helper_channel_get_max_payload (IsobarHelperChannel *self)
{
  return isobar_packet_decoder_get_max_payload (self->decoder);
}

void
isobar_helper_channel_send_raw (IsobarHelperChannel *self,
                                const void          *data,
                                gsize                length)
{
  const guint8 *p = data;

  while (length > 0)
    {
      gssize n = write (self->out_fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          /* EPIPE: the app is gone or gave up on us. */
          if (errno != EPIPE)
            g_printerr ("isobar-helper: cannot write to the app: %s\n", g_strerror (errno));
          _exit (errno == EPIPE ? 0 : 1);
        }
      p += n;
      length -= n;
    }
}

void
isobar_helper_channel_send (IsobarHelperChannel *self,
                            GBytes              *packet)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (packet, &length);

  isobar_helper_channel_send_raw (self, data, length);
}

/* One read() into the decoder. FALSE at EOF or on a broken stream. */
static gboolean
read_some (IsobarHelperChannel *self)
{
  gssize n;

  if (self->eof || self->stream_error != NULL)
    return FALSE;

  do
    n = read (self->in_fd, self->buffer, READ_CHUNK);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved = errno;

      self->stream_error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved),
                                        _("Cannot read from the app: %s"), g_strerror (saved));
      return FALSE;
    }
  if (n == 0)
    {
      /* A packet cut short by the end of input is a broken stream too. */
      self->eof = TRUE;
      isobar_packet_decoder_finish (self->decoder, &self->stream_error);
      return FALSE;
    }
  return isobar_packet_decoder_feed (self->decoder, self->buffer, n, &self->stream_error);
}

IsobarPacket *
isobar_helper_channel_next_packet (IsobarHelperChannel  *self,
                                   GError              **error)
{
  for (;;)
    {
      IsobarPacket *packet = g_queue_pop_head (&self->deferred);

      if (packet == NULL)
        packet = isobar_packet_decoder_pop (self->decoder);
      if (packet != NULL)
        return packet;
      if (!read_some (self))
        {
          /* Packets decoded before a fault were queued; drain them first. */
          if ((packet = isobar_packet_decoder_pop (self->decoder)) != NULL)
            return packet;
          if (self->stream_error != NULL)
            g_propagate_error (error, g_error_copy (self->stream_error));
          return NULL;
        }
    }
}

void
isobar_helper_channel_begin_job (IsobarHelperChannel *self,
                                 guint64              job_id)
{
  self->job_id = job_id;
  self->cancelled = FALSE;
  self->last_progress = g_get_monotonic_time ();
  self->last_poll = 0;
}

void
isobar_helper_channel_end_job (IsobarHelperChannel *self)
{
  self->job_id = 0;
}

guint64
isobar_helper_channel_get_job_id (IsobarHelperChannel *self)
{
  return self->job_id;
}

gboolean
isobar_helper_channel_saw_eof (IsobarHelperChannel *self)
{
  return self->eof;
}

const GError *
isobar_helper_channel_get_stream_error (IsobarHelperChannel *self)
{
  return self->stream_error;
}

/* Reads what is waiting on stdin without blocking; a cancel for the running
 * job stops it, anything else waits until the job is over. */
static void
poll_input (IsobarHelperChannel *self)
{
  struct pollfd pfd = { .fd = self->in_fd, .events = POLLIN };
  IsobarPacket *packet;

  while (!self->eof && self->stream_error == NULL)
    {
      int r = poll (&pfd, 1, 0);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0 || !(pfd.revents & (POLLIN | POLLHUP | POLLERR)))
        break;
      if (!read_some (self))
        break;
    }

  while ((packet = isobar_packet_decoder_pop (self->decoder)) != NULL)
    {
      if (packet->type == ISOBAR_PACKET_CANCEL)
        {
          if (packet->job_id == self->job_id)
            self->cancelled = TRUE;
          isobar_packet_free (packet);  /* a late cancel of a finished job is moot */
        }
      else
        {
          g_queue_push_tail (&self->deferred, packet);
        }
    }
}

gboolean
isobar_helper_channel_checkpoint (gpointer   user_data,
                                  double     fraction_done,
                                  GError   **error)
{
  IsobarHelperChannel *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - self->last_poll >= POLL_INTERVAL_US)
    {
      self->last_poll = now;
      poll_input (self);
    }

  if (self->stream_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->stream_error));
      return FALSE;
    }
  if (self->cancelled || self->eof)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           self->eof ? _("The app closed the helper’s input")
                                     : _("The job was cancelled"));
      return FALSE;
    }

  if (self->job_id != 0 && isfinite (fraction_done) &&
      now - self->last_progress >= ISOBAR_HELPER_PROGRESS_INTERVAL_US)
    {
      g_autoptr(GBytes) packet = NULL;

      self->last_progress = now;
      packet = isobar_packet_encode_progress (self->job_id, CLAMP (fraction_done, 0.0, 1.0), NULL);
      isobar_helper_channel_send (self, packet);
    }
  return TRUE;
}
