/* isobar-frame-decoder.c: the incremental frame decoder: bytes in chunks of
 * any size in, whole frames out, each header checked as its bytes arrive and
 * each payload against the sizes its type allows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-packet.h"
#include "isobar-packet-private.h"

/* The payload sizes each type allows, before any limit. */
static gboolean
type_payload_bounds (guint32  type,
                     gsize   *min_length,
                     gsize   *max_length)
{
  *min_length = 0;
  *max_length = G_MAXUINT32;

  switch (type)
    {
    case ISOBAR_FRAME_HELLO:
      *min_length = *max_length = 8;
      return TRUE;
    case ISOBAR_FRAME_REQUEST:
      *min_length = 2 + 1;
      return TRUE;
    case ISOBAR_FRAME_PROGRESS:
      *min_length = 8;
      return TRUE;
    case ISOBAR_FRAME_RESULT:
      return TRUE;
    case ISOBAR_FRAME_ERROR:
      *min_length = 4 + 2 + 1;
      return TRUE;
    case ISOBAR_FRAME_CANCEL:
      *max_length = 0;
      return TRUE;
    default:
      return FALSE;
    }
}

struct _IsobarFrameDecoder
{
  gsize   max_payload;

  guint8  header[ISOBAR_FRAME_HEADER_SIZE];
  gsize   header_fill;

  /* the frame being read, once its header is in */
  gboolean in_payload;
  IsobarFrameType type;
  guint64 job_id;
  gsize   length;
  guint8 *payload;       /* (owned) */
  gsize   payload_fill;

  GQueue  frames;        /* (owned) IsobarFrame */
  GError *error;         /* (owned) sticky */
};

IsobarFrameDecoder *
isobar_frame_decoder_new (gsize max_payload)
{
  IsobarFrameDecoder *decoder = g_new0 (IsobarFrameDecoder, 1);

  decoder->max_payload = MIN (max_payload, G_MAXUINT32);
  g_queue_init (&decoder->frames);
  return decoder;
}

void
isobar_frame_decoder_free (IsobarFrameDecoder *decoder)
{
  if (decoder == NULL)
    return;
  g_queue_clear_full (&decoder->frames, (GDestroyNotify) isobar_frame_free);
  g_clear_pointer (&decoder->payload, g_free);
  g_clear_error (&decoder->error);
  g_free (decoder);
}

gsize
isobar_frame_decoder_get_max_payload (IsobarFrameDecoder *decoder)
{
  g_return_val_if_fail (decoder != NULL, 0);

  return decoder->max_payload;
}

static gboolean
decoder_fail (IsobarFrameDecoder *decoder,
              gint                code,
              char               *message)
{
  decoder->error = g_error_new_literal (ISOBAR_ERROR, code, message);
  g_free (message);
  return FALSE;
}

/* Checks as much of the header as has arrived, so that garbage is refused
 * at its fourth byte rather than after twenty; once the header is whole,
 * sets up the payload buffer. */
static gboolean
decoder_check_header (IsobarFrameDecoder *decoder)
{
  const guint8 *h = decoder->header;
  gsize fill = decoder->header_fill;
  gsize min_length, max_length;
  guint32 length;
  guint16 type;

  if (fill >= 4 && _isobar_frame_get_u32 (h) != ISOBAR_FRAME_MAGIC)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("the frame does not start with “ISOB” (0x%08x)"),
                                          _isobar_frame_get_u32 (h)));
  if (fill >= 6 && _isobar_frame_get_u16 (h + 4) != ISOBAR_FRAME_VERSION)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("protocol version %u, expected %u"),
                                          _isobar_frame_get_u16 (h + 4), ISOBAR_FRAME_VERSION));
  if (fill < 8)
    return TRUE;
  type = _isobar_frame_get_u16 (h + 6);
  if (!type_payload_bounds (type, &min_length, &max_length))
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("unknown frame type %u"), type));
  if (fill < ISOBAR_FRAME_HEADER_SIZE)
    return TRUE;

  length = _isobar_frame_get_u32 (h + 16);
  if (length > decoder->max_payload)
    return decoder_fail (decoder, ISOBAR_ERROR_TOO_LARGE,
                         g_strdup_printf (_("a frame of %u bytes, over the limit of %zu bytes"),
                                          length, decoder->max_payload));
  if (length < min_length || length > max_length)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("a %s frame of %u bytes"),
                                          isobar_frame_type_to_string (type), length));

  decoder->type = type;
  decoder->job_id = _isobar_frame_get_u64 (h + 8);
  decoder->length = length;
  decoder->payload_fill = 0;
  decoder->payload = length > 0 ? g_malloc (length) : NULL;
  decoder->in_payload = TRUE;
  return TRUE;
}

static void
decoder_complete_frame (IsobarFrameDecoder *decoder)
{
  g_autoptr(GBytes) payload = NULL;
  IsobarFrame *frame = g_new0 (IsobarFrame, 1);

  payload = g_bytes_new_take (g_steal_pointer (&decoder->payload), decoder->length);
  frame->type = decoder->type;
  frame->job_id = decoder->job_id;
  frame->payload = g_steal_pointer (&payload);
  g_queue_push_tail (&decoder->frames, frame);

  decoder->in_payload = FALSE;
  decoder->header_fill = 0;
  decoder->payload_fill = 0;
  decoder->length = 0;
}

gboolean
isobar_frame_decoder_feed (IsobarFrameDecoder  *decoder,
                           const guint8        *data,
                           gsize                length,
                           GError             **error)
{
  gsize offset = 0;

  g_return_val_if_fail (decoder != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  while (decoder->error == NULL)
    {
      if (!decoder->in_payload)
        {
          gsize n = MIN (ISOBAR_FRAME_HEADER_SIZE - decoder->header_fill, length - offset);

          memcpy (decoder->header + decoder->header_fill, data + offset, n);
          decoder->header_fill += n;
          offset += n;
          if (!decoder_check_header (decoder) || !decoder->in_payload)
            break;
        }

      if (decoder->in_payload)
        {
          gsize n = MIN (decoder->length - decoder->payload_fill, length - offset);

          if (n > 0)
            memcpy (decoder->payload + decoder->payload_fill, data + offset, n);
          decoder->payload_fill += n;
          offset += n;
          if (decoder->payload_fill < decoder->length)
            break;
          decoder_complete_frame (decoder);
        }

      if (offset == length)
        break;
    }

  if (decoder->error != NULL)
    {
      g_propagate_error (error, g_error_copy (decoder->error));
      return FALSE;
    }
  return TRUE;
}

IsobarFrame *
isobar_frame_decoder_pop (IsobarFrameDecoder *decoder)
{
  g_return_val_if_fail (decoder != NULL, NULL);

  return g_queue_pop_head (&decoder->frames);
}

gboolean
isobar_frame_decoder_finish (IsobarFrameDecoder  *decoder,
                             GError             **error)
{
  g_return_val_if_fail (decoder != NULL, FALSE);

  if (decoder->error != NULL)
    {
      g_propagate_error (error, g_error_copy (decoder->error));
      return FALSE;
    }
  if (decoder->in_payload || decoder->header_fill > 0)
    {
      gsize have = decoder->header_fill + decoder->payload_fill;
      gsize want = ISOBAR_FRAME_HEADER_SIZE + (decoder->in_payload ? decoder->length : 0);

      if (decoder->in_payload)
        decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                      g_strdup_printf (_("the stream ended inside a frame, after %zu of its %zu bytes"),
                                       have, want));
      else
        decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                      g_strdup_printf (_("the stream ended inside a frame header, after %zu of its %d bytes"),
                                       have, ISOBAR_FRAME_HEADER_SIZE));
      g_propagate_error (error, g_error_copy (decoder->error));
      return FALSE;
    }
  return TRUE;
}
