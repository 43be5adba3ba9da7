/* isobar-packet.c: the wire protocol between the app and isobar-helper:
 * the packet, its type names, the job kinds it may name, and the encoding of
 * every packet type. Reading them back is isobar-packet-parse.c (payloads) and
 * isobar-packet-decoder.c (a byte stream); the kernel job kinds' inputs are
 * isobar-packet-kernel.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-packet.h"
#include "isobar-packet-private.h"

/* ----------------------------------------------------------------- packet */

G_DEFINE_BOXED_TYPE (IsobarPacket, isobar_packet, isobar_packet_copy, isobar_packet_free)

IsobarPacket *
isobar_packet_new (IsobarPacketType  type,
                   guint64           job_id,
                   GBytes           *payload)
{
  IsobarPacket *packet = g_new0 (IsobarPacket, 1);

  packet->type = type;
  packet->job_id = job_id;
  packet->payload = payload != NULL ? g_bytes_ref (payload) : g_bytes_new (NULL, 0);
  return packet;
}

IsobarPacket *
isobar_packet_copy (const IsobarPacket *packet)
{
  g_return_val_if_fail (packet != NULL, NULL);

  return isobar_packet_new (packet->type, packet->job_id, packet->payload);
}

void
isobar_packet_free (IsobarPacket *packet)
{
  if (packet == NULL)
    return;
  g_clear_pointer (&packet->payload, g_bytes_unref);
  g_free (packet);
}

const char *
isobar_packet_type_to_string (IsobarPacketType type)
{
  switch (type)
    {
    case ISOBAR_PACKET_HELLO:
      return "hello";
    case ISOBAR_PACKET_REQUEST:
      return "request";
    case ISOBAR_PACKET_PROGRESS:
      return "progress";
    case ISOBAR_PACKET_RESULT:
      return "result";
    case ISOBAR_PACKET_ERROR:
      return "error";
    case ISOBAR_PACKET_CANCEL:
      return "cancel";
    default:
      return "unknown";
    }
}

gboolean
isobar_packet_kind_is_valid (const char *kind)
{
  gsize length;

  if (kind == NULL)
    return FALSE;
  length = strlen (kind);
  if (length == 0 || length > ISOBAR_PACKET_MAX_KIND_LENGTH)
    return FALSE;
  for (const char *p = kind; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      return FALSE;
  return TRUE;
}

/* --------------------------------------------------------------- encoding */

/* Header + @prefix + @body in one allocation. */
static GBytes *
encode_parts (IsobarPacketType  type,
              guint64           job_id,
              const guint8     *prefix,
              gsize             prefix_length,
              const guint8     *body,
              gsize             body_length)
{
  gsize payload_length = prefix_length + body_length;
  guint8 *buffer;

  g_return_val_if_fail (payload_length <= G_MAXUINT32, NULL);

  buffer = g_malloc (ISOBAR_PACKET_HEADER_SIZE + payload_length);
  _isobar_packet_put_u32 (buffer, ISOBAR_PACKET_MAGIC);
  _isobar_packet_put_u16 (buffer + 4, ISOBAR_PACKET_VERSION);
  _isobar_packet_put_u16 (buffer + 6, type);
  _isobar_packet_put_u64 (buffer + 8, job_id);
  _isobar_packet_put_u32 (buffer + 16, (guint32) payload_length);
  if (prefix_length > 0)
    memcpy (buffer + ISOBAR_PACKET_HEADER_SIZE, prefix, prefix_length);
  if (body_length > 0)
    memcpy (buffer + ISOBAR_PACKET_HEADER_SIZE + prefix_length, body, body_length);

  return g_bytes_new_take (buffer, ISOBAR_PACKET_HEADER_SIZE + payload_length);
}

static GBytes *
encode_with_bytes (IsobarPacketType  type,
                   guint64           job_id,
                   const guint8     *prefix,
                   gsize             prefix_length,
                   GBytes           *body)
{
  gsize body_length = 0;
  const guint8 *data = body != NULL ? g_bytes_get_data (body, &body_length) : NULL;

  return encode_parts (type, job_id, prefix, prefix_length, data, body_length);
}

GBytes *
isobar_packet_encode (IsobarPacketType  type,
                      guint64           job_id,
                      GBytes           *payload)
{
  return encode_with_bytes (type, job_id, NULL, 0, payload);
}

GBytes *
isobar_packet_encode_hello (guint32 pid)
{
  guint8 payload[8];

  _isobar_packet_put_u32 (payload, ISOBAR_PACKET_VERSION);
  _isobar_packet_put_u32 (payload + 4, pid);
  return encode_parts (ISOBAR_PACKET_HELLO, 0, payload, sizeof payload, NULL, 0);
}

GBytes *
isobar_packet_encode_request (guint64     job_id,
                              const char *kind,
                              GBytes     *input)
{
  guint8 prefix[2 + ISOBAR_PACKET_MAX_KIND_LENGTH];
  gsize kind_length;

  g_return_val_if_fail (isobar_packet_kind_is_valid (kind), NULL);

  kind_length = strlen (kind);
  _isobar_packet_put_u16 (prefix, (guint16) kind_length);
  memcpy (prefix + 2, kind, kind_length);
  return encode_with_bytes (ISOBAR_PACKET_REQUEST, job_id, prefix, 2 + kind_length, input);
}

GBytes *
isobar_packet_encode_progress (guint64     job_id,
                               double      fraction,
                               const char *text)
{
  guint8 prefix[8];
  guint64 bits;

  g_return_val_if_fail (isfinite (fraction), NULL);
  g_return_val_if_fail (text == NULL || g_utf8_validate (text, -1, NULL), NULL);

  fraction = CLAMP (fraction, 0.0, 1.0);
  memcpy (&bits, &fraction, sizeof bits);
  _isobar_packet_put_u64 (prefix, bits);
  return encode_parts (ISOBAR_PACKET_PROGRESS, job_id, prefix, sizeof prefix,
                       (const guint8 *) text, text != NULL ? strlen (text) : 0);
}

GBytes *
isobar_packet_encode_result (guint64  job_id,
                             GBytes  *output)
{
  return encode_with_bytes (ISOBAR_PACKET_RESULT, job_id, NULL, 0, output);
}

GBytes *
isobar_packet_encode_error (guint64       job_id,
                            const GError *error)
{
  g_autoptr(GByteArray) payload = NULL;
  const char *domain;
  const char *message;
  gsize domain_length;
  guint8 head[6];

  g_return_val_if_fail (error != NULL, NULL);

  domain = g_quark_to_string (error->domain);
  if (domain == NULL || *domain == '\0')
    domain = "g-io-error-quark";
  domain_length = MIN (strlen (domain), ISOBAR_PACKET_MAX_DOMAIN_LENGTH);
  message = error->message != NULL && g_utf8_validate (error->message, -1, NULL)
            ? error->message : "";

  _isobar_packet_put_u32 (head, (guint32) error->code);
  _isobar_packet_put_u16 (head + 4, (guint16) domain_length);
  payload = g_byte_array_sized_new (sizeof head + domain_length + strlen (message));
  g_byte_array_append (payload, head, sizeof head);
  g_byte_array_append (payload, (const guint8 *) domain, domain_length);
  return encode_parts (ISOBAR_PACKET_ERROR, job_id, payload->data, payload->len,
                       (const guint8 *) message, strlen (message));
}

GBytes *
isobar_packet_encode_cancel (guint64 job_id)
{
  return encode_parts (ISOBAR_PACKET_CANCEL, job_id, NULL, 0, NULL, 0);
}
