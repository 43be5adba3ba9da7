/* isobar-packet-decoder.c: the incremental packet decoder: bytes in chunks of
 * any size in, whole packets out, each header checked as its bytes arrive and
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
    case ISOBAR_PACKET_HELLO:
      *min_length = *max_length = 8;
      return TRUE;
    case ISOBAR_PACKET_REQUEST:
      *min_length = 2 + 1;
      return TRUE;
    case ISOBAR_PACKET_PROGRESS:
      *min_length = 8;
      return TRUE;
    case ISOBAR_PACKET_RESULT:
      return TRUE;
    case ISOBAR_PACKET_ERROR:
      *min_length = 4 + 2 + 1;
      return TRUE;
    case ISOBAR_PACKET_CANCEL:
      *max_length = 0;
      return TRUE;
    default:
      return FALSE;
    }
}

struct _IsobarPacketDecoder
{
  gsize   max_payload;

  guint8  header[ISOBAR_PACKET_HEADER_SIZE];
  gsize   header_fill;

  /* the packet being read, once its header is in */
  gboolean in_payload;
  IsobarPacketType type;
  guint64 job_id;
  gsize   length;
  guint8 *payload;       /* (owned) */
  gsize   payload_fill;

  GQueue  packets;       /* (owned) IsobarPacket */
  GError *error;         /* (owned) sticky */
};

IsobarPacketDecoder *
isobar_packet_decoder_new (gsize max_payload)
{
  IsobarPacketDecoder *decoder = g_new0 (IsobarPacketDecoder, 1);

  decoder->max_payload = MIN (max_payload, G_MAXUINT32);
  g_queue_init (&decoder->packets);
  return decoder;
}

void
isobar_packet_decoder_free (IsobarPacketDecoder *decoder)
{
  if (decoder == NULL)
    return;
  g_queue_clear_full (&decoder->packets, (GDestroyNotify) isobar_packet_free);
  g_clear_pointer (&decoder->payload, g_free);
  g_clear_error (&decoder->error);
  g_free (decoder);
}

gsize
isobar_packet_decoder_get_max_payload (IsobarPacketDecoder *decoder)
{
  g_return_val_if_fail (decoder != NULL, 0);

  return decoder->max_payload;
}

static gboolean
decoder_fail (IsobarPacketDecoder *decoder,
              gint                 code,
              char                *message)
{
  decoder->error = g_error_new_literal (ISOBAR_ERROR, code, message);
  g_free (message);
  return FALSE;
}

/* Checks as much of the header as has arrived, so that garbage is refused
 * at its fourth byte rather than after twenty; once the header is whole,
 * sets up the payload buffer. */
static gboolean
decoder_check_header (IsobarPacketDecoder *decoder)
{
  const guint8 *h = decoder->header;
  gsize fill = decoder->header_fill;
  gsize min_length, max_length;
  guint32 length;
  guint16 type;

  if (fill >= 4 && _isobar_packet_get_u32 (h) != ISOBAR_PACKET_MAGIC)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         /* Translators: “ISOB” is the protocol’s mark, left as it is; %08x the
                          * four bytes that came instead, in hexadecimal */
                         g_strdup_printf (_("the packet does not start with “ISOB” (0x%08x)"),
                                          _isobar_packet_get_u32 (h)));
  if (fill >= 6 && _isobar_packet_get_u16 (h + 4) != ISOBAR_PACKET_VERSION)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("protocol version %u, expected %u"),
                                          _isobar_packet_get_u16 (h + 4), ISOBAR_PACKET_VERSION));
  if (fill < 8)
    return TRUE;
  type = _isobar_packet_get_u16 (h + 6);
  if (!type_payload_bounds (type, &min_length, &max_length))
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         /* Translators: %u is the type number a packet’s header gave */
                         g_strdup_printf (_("unknown packet type %u"), type));
  if (fill < ISOBAR_PACKET_HEADER_SIZE)
    return TRUE;

  length = _isobar_packet_get_u32 (h + 16);
  if (length > decoder->max_payload)
    return decoder_fail (decoder, ISOBAR_ERROR_TOO_LARGE,
                         /* Translators: the size a packet announced, then the largest accepted */
                         g_strdup_printf (_("a packet of %u bytes, over the limit of %zu bytes"),
                                          length, decoder->max_payload));
  if (length < min_length || length > max_length)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         /* Translators: %s is a packet type (“hello”), %u the size it announced */
                         g_strdup_printf (_("a %s packet of %u bytes"),
                                          isobar_packet_type_to_string (type), length));

  decoder->type = type;
  decoder->job_id = _isobar_packet_get_u64 (h + 8);
  decoder->length = length;
  decoder->payload_fill = 0;
  decoder->payload = length > 0 ? g_malloc (length) : NULL;
  decoder->in_payload = TRUE;
  return TRUE;
}

static void
decoder_complete_packet (IsobarPacketDecoder *decoder)
{
  g_autoptr(GBytes) payload = NULL;
  IsobarPacket *packet = g_new0 (IsobarPacket, 1);

  payload = g_bytes_new_take (g_steal_pointer (&decoder->payload), decoder->length);
  packet->type = decoder->type;
  packet->job_id = decoder->job_id;
  packet->payload = g_steal_pointer (&payload);
  g_queue_push_tail (&decoder->packets, packet);

  decoder->in_payload = FALSE;
  decoder->header_fill = 0;
  decoder->payload_fill = 0;
  decoder->length = 0;
}

gboolean
isobar_packet_decoder_feed (IsobarPacketDecoder  *decoder,
                            const guint8         *data,
                            gsize                 length,
                            GError              **error)
{
  gsize offset = 0;

  g_return_val_if_fail (decoder != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  while (decoder->error == NULL)
    {
      if (!decoder->in_payload)
        {
          gsize n = MIN (ISOBAR_PACKET_HEADER_SIZE - decoder->header_fill, length - offset);

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
          decoder_complete_packet (decoder);
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

IsobarPacket *
isobar_packet_decoder_pop (IsobarPacketDecoder *decoder)
{
  g_return_val_if_fail (decoder != NULL, NULL);

  return g_queue_pop_head (&decoder->packets);
}

gboolean
isobar_packet_decoder_finish (IsobarPacketDecoder  *decoder,
                              GError              **error)
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
      gsize want = ISOBAR_PACKET_HEADER_SIZE + (decoder->in_payload ? decoder->length : 0);

      if (decoder->in_payload)
        decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                      /* Translators: the bytes of the packet that came, then its size */
                      g_strdup_printf (_("the stream ended inside a packet, after %zu of its %zu bytes"),
                                       have, want));
      else
        decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                      /* Translators: the bytes of the header that came, then its size */
                      g_strdup_printf (_("the stream ended inside a packet header, after %zu of its %d bytes"),
                                       have, ISOBAR_PACKET_HEADER_SIZE));
      g_propagate_error (error, g_error_copy (decoder->error));
      return FALSE;
    }
  return TRUE;
}
