/* isobar-packet-parse.c: the payload parsers of the wire protocol: each
 * checks a decoded packet's type and every byte of its payload, and says what
 * is wrong with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-packet.h"
#include "isobar-packet-private.h"

G_GNUC_PRINTF (3, 4)
static gboolean
malformed (GError          **error,
           IsobarPacketType  type,
           const char       *format,
           ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: the first %s is a packet type (“progress”), the second what is wrong with it */
  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED, _("Bad %s packet: %s"),
               isobar_packet_type_to_string (type), detail);
  return FALSE;
}

static const guint8 *
packet_payload (const IsobarPacket *packet,
                IsobarPacketType    expected,
                gsize               min_length,
                gsize              *length,
                GError            **error)
{
  const guint8 *data = g_bytes_get_data (packet->payload, length);

  if (packet->type != expected)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                   /* Translators: two packet types (“hello”, “progress”): the one
                    * expected, then the one that came */
                   _("Expected a %s packet, got a %s packet"),
                   isobar_packet_type_to_string (expected),
                   isobar_packet_type_to_string (packet->type));
      return NULL;
    }
  if (*length < min_length)
    {
      malformed (error, expected, _("%zu bytes is too short"), *length);
      return NULL;
    }
  /* An empty GBytes may have a NULL data pointer. */
  return data != NULL ? data : (const guint8 *) "";
}

/* Validates UTF-8 with no NUL and returns a copy, NULL if @length is 0. */
static gboolean
copy_text (const guint8      *data,
           gsize              length,
           IsobarPacketType   type,
           char             **text,
           GError           **error)
{
  if (length > 0 && !g_utf8_validate_len ((const char *) data, length, NULL))
    return malformed (error, type, "%s", _("the text is not valid UTF-8"));
  if (text != NULL)
    *text = length > 0 ? g_strndup ((const char *) data, length) : NULL;
  return TRUE;
}

gboolean
isobar_packet_parse_hello (const IsobarPacket  *packet,
                           guint32             *version,
                           guint32             *pid,
                           GError             **error)
{
  const guint8 *data;
  gsize length;

  g_return_val_if_fail (packet != NULL, FALSE);

  if (!(data = packet_payload (packet, ISOBAR_PACKET_HELLO, 8, &length, error)))
    return FALSE;
  if (length != 8)
    return malformed (error, packet->type, _("%zu bytes instead of 8"), length);
  if (packet->job_id != 0)
    return malformed (error, packet->type, "%s", _("it names a job"));
  if (_isobar_packet_get_u32 (data + 4) == 0)
    return malformed (error, packet->type, "%s", _("process id 0"));
  if (version != NULL)
    *version = _isobar_packet_get_u32 (data);
  if (pid != NULL)
    *pid = _isobar_packet_get_u32 (data + 4);
  return TRUE;
}

gboolean
isobar_packet_parse_request (const IsobarPacket  *packet,
                             char               **kind,
                             GBytes             **input,
                             GError             **error)
{
  g_autofree char *kind_copy = NULL;
  const guint8 *data;
  gsize length;
  guint16 kind_length;

  g_return_val_if_fail (packet != NULL, FALSE);

  if (!(data = packet_payload (packet, ISOBAR_PACKET_REQUEST, 2, &length, error)))
    return FALSE;
  if (packet->job_id == 0)
    return malformed (error, packet->type, "%s", _("job id 0"));
  kind_length = _isobar_packet_get_u16 (data);
  if (kind_length == 0 || kind_length > ISOBAR_PACKET_MAX_KIND_LENGTH || kind_length > length - 2)
    return malformed (error, packet->type, _("a job kind of %u bytes"), kind_length);
  kind_copy = g_strndup ((const char *) data + 2, kind_length);
  if (strlen (kind_copy) != kind_length || !isobar_packet_kind_is_valid (kind_copy))
    return malformed (error, packet->type, "%s", _("the job kind has characters other than a–z, 0–9, “-” and “_”"));

  if (kind != NULL)
    *kind = g_steal_pointer (&kind_copy);
  if (input != NULL)
    *input = g_bytes_new_from_bytes (packet->payload, 2 + kind_length, length - 2 - kind_length);
  return TRUE;
}

gboolean
isobar_packet_parse_progress (const IsobarPacket  *packet,
                              double              *fraction,
                              char               **text,
                              GError             **error)
{
  const guint8 *data;
  gsize length;
  guint64 bits;
  double value;

  g_return_val_if_fail (packet != NULL, FALSE);

  if (!(data = packet_payload (packet, ISOBAR_PACKET_PROGRESS, 8, &length, error)))
    return FALSE;
  bits = _isobar_packet_get_u64 (data);
  memcpy (&value, &bits, sizeof value);
  if (!isfinite (value) || value < 0.0 || value > 1.0)
    return malformed (error, packet->type, _("the fraction %g is not between 0 and 1"), value);
  if (!copy_text (data + 8, length - 8, packet->type, text, error))
    return FALSE;
  if (fraction != NULL)
    *fraction = value;
  return TRUE;
}

gboolean
isobar_packet_parse_error (const IsobarPacket  *packet,
                           GError             **remote_error,
                           GError             **error)
{
  g_autofree char *domain = NULL;
  g_autofree char *message = NULL;
  const guint8 *data;
  gsize length;
  guint16 domain_length;
  GQuark quark;
  gint code;

  g_return_val_if_fail (packet != NULL, FALSE);

  if (!(data = packet_payload (packet, ISOBAR_PACKET_ERROR, 6, &length, error)))
    return FALSE;
  code = (gint) (gint32) _isobar_packet_get_u32 (data);
  domain_length = _isobar_packet_get_u16 (data + 4);
  if (domain_length == 0 || domain_length > ISOBAR_PACKET_MAX_DOMAIN_LENGTH || domain_length > length - 6)
    return malformed (error, packet->type, _("an error domain of %u bytes"), domain_length);
  for (guint i = 0; i < domain_length; i++)
    if (!g_ascii_isgraph (data[6 + i]))
      return malformed (error, packet->type, "%s", _("the error domain is not printable ASCII"));
  domain = g_strndup ((const char *) data + 6, domain_length);
  if (!copy_text (data + 6 + domain_length, length - 6 - domain_length, packet->type, &message, error))
    return FALSE;

  /* Only known domains: never create quarks from what a child process
   * says. Those the helper uses are registered first, as this process may
   * not have used them yet. */
  (void) ISOBAR_ERROR;
  (void) G_IO_ERROR;
  (void) G_FILE_ERROR;
  quark = g_quark_try_string (domain);
  if (remote_error != NULL)
    {
      if (quark != 0)
        *remote_error = g_error_new_literal (quark, code, message != NULL ? message : "");
      else
        *remote_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                             message != NULL ? message : "");
    }
  return TRUE;
}
