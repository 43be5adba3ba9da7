/* isobar-frame.c: the framed wire protocol between the app and isobar-helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-frame.h"

#define MAX_DOMAIN_LENGTH 255

/* Little-endian accessors, byte by byte: no alignment or host-order assumptions. */
static void
put_u16 (guint8  *p,
         guint16  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
}

static void
put_u32 (guint8  *p,
         guint32  v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static void
put_u64 (guint8  *p,
         guint64  v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static guint16
get_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
get_u32 (const guint8 *p)
{
  guint32 v = 0;

  for (guint i = 0; i < 4; i++)
    v |= ((guint32) p[i]) << (8 * i);
  return v;
}

static guint64
get_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    v |= ((guint64) p[i]) << (8 * i);
  return v;
}

/* ------------------------------------------------------------------ frame */

G_DEFINE_BOXED_TYPE (IsobarFrame, isobar_frame, isobar_frame_copy, isobar_frame_free)

IsobarFrame *
isobar_frame_new (IsobarFrameType  type,
                  guint64          job_id,
                  GBytes          *payload)
{
  IsobarFrame *frame = g_new0 (IsobarFrame, 1);

  frame->type = type;
  frame->job_id = job_id;
  frame->payload = payload != NULL ? g_bytes_ref (payload) : g_bytes_new (NULL, 0);
  return frame;
}

IsobarFrame *
isobar_frame_copy (const IsobarFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);

  return isobar_frame_new (frame->type, frame->job_id, frame->payload);
}

void
isobar_frame_free (IsobarFrame *frame)
{
  if (frame == NULL)
    return;
  g_clear_pointer (&frame->payload, g_bytes_unref);
  g_free (frame);
}

const char *
isobar_frame_type_to_string (IsobarFrameType type)
{
  switch (type)
    {
    case ISOBAR_FRAME_HELLO:
      return "hello";
    case ISOBAR_FRAME_REQUEST:
      return "request";
    case ISOBAR_FRAME_PROGRESS:
      return "progress";
    case ISOBAR_FRAME_RESULT:
      return "result";
    case ISOBAR_FRAME_ERROR:
      return "error";
    case ISOBAR_FRAME_CANCEL:
      return "cancel";
    default:
      return "unknown";
    }
}

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

gboolean
isobar_frame_kind_is_valid (const char *kind)
{
  gsize length;

  if (kind == NULL)
    return FALSE;
  length = strlen (kind);
  if (length == 0 || length > ISOBAR_FRAME_MAX_KIND_LENGTH)
    return FALSE;
  for (const char *p = kind; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      return FALSE;
  return TRUE;
}

/* --------------------------------------------------------------- encoding */

/* Header + @prefix + @body in one allocation. */
static GBytes *
encode_parts (IsobarFrameType  type,
              guint64          job_id,
              const guint8    *prefix,
              gsize            prefix_length,
              const guint8    *body,
              gsize            body_length)
{
  gsize payload_length = prefix_length + body_length;
  guint8 *buffer;

  g_return_val_if_fail (payload_length <= G_MAXUINT32, NULL);

  buffer = g_malloc (ISOBAR_FRAME_HEADER_SIZE + payload_length);
  put_u32 (buffer, ISOBAR_FRAME_MAGIC);
  put_u16 (buffer + 4, ISOBAR_FRAME_VERSION);
  put_u16 (buffer + 6, type);
  put_u64 (buffer + 8, job_id);
  put_u32 (buffer + 16, (guint32) payload_length);
  if (prefix_length > 0)
    memcpy (buffer + ISOBAR_FRAME_HEADER_SIZE, prefix, prefix_length);
  if (body_length > 0)
    memcpy (buffer + ISOBAR_FRAME_HEADER_SIZE + prefix_length, body, body_length);

  return g_bytes_new_take (buffer, ISOBAR_FRAME_HEADER_SIZE + payload_length);
}

static GBytes *
encode_with_bytes (IsobarFrameType  type,
                   guint64          job_id,
                   const guint8    *prefix,
                   gsize            prefix_length,
                   GBytes          *body)
{
  gsize body_length = 0;
  const guint8 *data = body != NULL ? g_bytes_get_data (body, &body_length) : NULL;

  return encode_parts (type, job_id, prefix, prefix_length, data, body_length);
}

GBytes *
isobar_frame_encode (IsobarFrameType  type,
                     guint64          job_id,
                     GBytes          *payload)
{
  return encode_with_bytes (type, job_id, NULL, 0, payload);
}

GBytes *
isobar_frame_encode_hello (guint32 pid)
{
  guint8 payload[8];

  put_u32 (payload, ISOBAR_FRAME_VERSION);
  put_u32 (payload + 4, pid);
  return encode_parts (ISOBAR_FRAME_HELLO, 0, payload, sizeof payload, NULL, 0);
}

GBytes *
isobar_frame_encode_request (guint64     job_id,
                             const char *kind,
                             GBytes     *input)
{
  guint8 prefix[2 + ISOBAR_FRAME_MAX_KIND_LENGTH];
  gsize kind_length;

  g_return_val_if_fail (isobar_frame_kind_is_valid (kind), NULL);

  kind_length = strlen (kind);
  put_u16 (prefix, (guint16) kind_length);
  memcpy (prefix + 2, kind, kind_length);
  return encode_with_bytes (ISOBAR_FRAME_REQUEST, job_id, prefix, 2 + kind_length, input);
}

GBytes *
isobar_frame_encode_progress (guint64     job_id,
                              double      fraction,
                              const char *text)
{
  guint8 prefix[8];
  guint64 bits;

  g_return_val_if_fail (isfinite (fraction), NULL);
  g_return_val_if_fail (text == NULL || g_utf8_validate (text, -1, NULL), NULL);

  fraction = CLAMP (fraction, 0.0, 1.0);
  memcpy (&bits, &fraction, sizeof bits);
  put_u64 (prefix, bits);
  return encode_parts (ISOBAR_FRAME_PROGRESS, job_id, prefix, sizeof prefix,
                       (const guint8 *) text, text != NULL ? strlen (text) : 0);
}

GBytes *
isobar_frame_encode_result (guint64  job_id,
                            GBytes  *output)
{
  return encode_with_bytes (ISOBAR_FRAME_RESULT, job_id, NULL, 0, output);
}

GBytes *
isobar_frame_encode_error (guint64       job_id,
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
  domain_length = MIN (strlen (domain), MAX_DOMAIN_LENGTH);
  message = error->message != NULL && g_utf8_validate (error->message, -1, NULL)
            ? error->message : "";

  put_u32 (head, (guint32) error->code);
  put_u16 (head + 4, (guint16) domain_length);
  payload = g_byte_array_sized_new (sizeof head + domain_length + strlen (message));
  g_byte_array_append (payload, head, sizeof head);
  g_byte_array_append (payload, (const guint8 *) domain, domain_length);
  return encode_parts (ISOBAR_FRAME_ERROR, job_id, payload->data, payload->len,
                       (const guint8 *) message, strlen (message));
}

GBytes *
isobar_frame_encode_cancel (guint64 job_id)
{
  return encode_parts (ISOBAR_FRAME_CANCEL, job_id, NULL, 0, NULL, 0);
}

/* ---------------------------------------------------------------- parsing */

G_GNUC_PRINTF (3, 4)
static gboolean
malformed (GError         **error,
           IsobarFrameType  type,
           const char      *format,
           ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: the first %s is a frame type (“progress”), the second what is wrong with it */
  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED, _("Bad %s frame: %s"),
               isobar_frame_type_to_string (type), detail);
  return FALSE;
}

static const guint8 *
frame_payload (const IsobarFrame *frame,
               IsobarFrameType    expected,
               gsize              min_length,
               gsize             *length,
               GError           **error)
{
  const guint8 *data = g_bytes_get_data (frame->payload, length);

  if (frame->type != expected)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                   _("Expected a %s frame, got a %s frame"),
                   isobar_frame_type_to_string (expected),
                   isobar_frame_type_to_string (frame->type));
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
copy_text (const guint8     *data,
           gsize             length,
           IsobarFrameType   type,
           char            **text,
           GError          **error)
{
  if (length > 0 && !g_utf8_validate_len ((const char *) data, length, NULL))
    return malformed (error, type, "%s", _("the text is not valid UTF-8"));
  if (text != NULL)
    *text = length > 0 ? g_strndup ((const char *) data, length) : NULL;
  return TRUE;
}

gboolean
isobar_frame_parse_hello (const IsobarFrame  *frame,
                          guint32            *version,
                          guint32            *pid,
                          GError            **error)
{
  const guint8 *data;
  gsize length;

  g_return_val_if_fail (frame != NULL, FALSE);

  if (!(data = frame_payload (frame, ISOBAR_FRAME_HELLO, 8, &length, error)))
    return FALSE;
  if (length != 8)
    return malformed (error, frame->type, _("%zu bytes instead of 8"), length);
  if (frame->job_id != 0)
    return malformed (error, frame->type, "%s", _("it names a job"));
  if (get_u32 (data + 4) == 0)
    return malformed (error, frame->type, "%s", _("process id 0"));
  if (version != NULL)
    *version = get_u32 (data);
  if (pid != NULL)
    *pid = get_u32 (data + 4);
  return TRUE;
}

gboolean
isobar_frame_parse_request (const IsobarFrame  *frame,
                            char              **kind,
                            GBytes            **input,
                            GError            **error)
{
  g_autofree char *kind_copy = NULL;
  const guint8 *data;
  gsize length;
  guint16 kind_length;

  g_return_val_if_fail (frame != NULL, FALSE);

  if (!(data = frame_payload (frame, ISOBAR_FRAME_REQUEST, 2, &length, error)))
    return FALSE;
  if (frame->job_id == 0)
    return malformed (error, frame->type, "%s", _("job id 0"));
  kind_length = get_u16 (data);
  if (kind_length == 0 || kind_length > ISOBAR_FRAME_MAX_KIND_LENGTH || kind_length > length - 2)
    return malformed (error, frame->type, _("a job kind of %u bytes"), kind_length);
  kind_copy = g_strndup ((const char *) data + 2, kind_length);
  if (strlen (kind_copy) != kind_length || !isobar_frame_kind_is_valid (kind_copy))
    return malformed (error, frame->type, "%s", _("the job kind has characters other than a–z, 0–9, “-” and “_”"));

  if (kind != NULL)
    *kind = g_steal_pointer (&kind_copy);
  if (input != NULL)
    *input = g_bytes_new_from_bytes (frame->payload, 2 + kind_length, length - 2 - kind_length);
  return TRUE;
}

gboolean
isobar_frame_parse_progress (const IsobarFrame  *frame,
                             double             *fraction,
                             char              **text,
                             GError            **error)
{
  const guint8 *data;
  gsize length;
  guint64 bits;
  double value;

  g_return_val_if_fail (frame != NULL, FALSE);

  if (!(data = frame_payload (frame, ISOBAR_FRAME_PROGRESS, 8, &length, error)))
    return FALSE;
  bits = get_u64 (data);
  memcpy (&value, &bits, sizeof value);
  if (!isfinite (value) || value < 0.0 || value > 1.0)
    return malformed (error, frame->type, _("the fraction %g is not between 0 and 1"), value);
  if (!copy_text (data + 8, length - 8, frame->type, text, error))
    return FALSE;
  if (fraction != NULL)
    *fraction = value;
  return TRUE;
}

gboolean
isobar_frame_parse_error (const IsobarFrame  *frame,
                          GError            **remote_error,
                          GError            **error)
{
  g_autofree char *domain = NULL;
  g_autofree char *message = NULL;
  const guint8 *data;
  gsize length;
  guint16 domain_length;
  GQuark quark;
  gint code;

  g_return_val_if_fail (frame != NULL, FALSE);

  if (!(data = frame_payload (frame, ISOBAR_FRAME_ERROR, 6, &length, error)))
    return FALSE;
  code = (gint) (gint32) get_u32 (data);
  domain_length = get_u16 (data + 4);
  if (domain_length == 0 || domain_length > MAX_DOMAIN_LENGTH || domain_length > length - 6)
    return malformed (error, frame->type, _("an error domain of %u bytes"), domain_length);
  for (guint i = 0; i < domain_length; i++)
    if (!g_ascii_isgraph (data[6 + i]))
      return malformed (error, frame->type, "%s", _("the error domain is not printable ASCII"));
  domain = g_strndup ((const char *) data + 6, domain_length);
  if (!copy_text (data + 6 + domain_length, length - 6 - domain_length, frame->type, &message, error))
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

GBytes *
isobar_frame_kernel_series_key (GBytes *series)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[ISOBAR_FRAME_SERIES_KEY_SIZE];
  gsize digest_length = sizeof digest;
  gsize length;
  const guint8 *data;

  g_return_val_if_fail (series != NULL, NULL);

  data = g_bytes_get_data (series, &length);
  if (length > 0)
    g_checksum_update (checksum, data, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  g_assert (digest_length == sizeof digest);
  return g_bytes_new (digest, sizeof digest);
}

GBytes *
isobar_frame_pack_kernel_input (GBytes *job,
                                GBytes *series_key,
                                GBytes *series)
{
  gsize job_length, series_length = 0;
  const guint8 *job_data, *series_data = NULL;
  guint8 *buffer, *at;
  gsize total;

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (series_key != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (series_key) == ISOBAR_FRAME_SERIES_KEY_SIZE, NULL);

  job_data = g_bytes_get_data (job, &job_length);
  if (series != NULL)
    series_data = g_bytes_get_data (series, &series_length);
  g_return_val_if_fail (job_length <= G_MAXUINT32, NULL);

  total = 4 + job_length + ISOBAR_FRAME_SERIES_KEY_SIZE + 1 + series_length;
  buffer = at = g_malloc (total);
  put_u32 (at, (guint32) job_length);
  at += 4;
  if (job_length > 0)
    memcpy (at, job_data, job_length);
  at += job_length;
  memcpy (at, g_bytes_get_data (series_key, NULL), ISOBAR_FRAME_SERIES_KEY_SIZE);
  at += ISOBAR_FRAME_SERIES_KEY_SIZE;
  *at++ = series != NULL ? 1 : 0;
  if (series_length > 0)
    memcpy (at, series_data, series_length);
  return g_bytes_new_take (buffer, total);
}

gboolean
isobar_frame_unpack_kernel_input (GBytes  *input,
                                  GBytes **job,
                                  GBytes **series_key,
                                  GBytes **series,
                                  GError **error)
{
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) wire = NULL;
  const guint8 *data;
  gsize length, key_at;
  guint32 job_length;
  guint8 flag;

  g_return_val_if_fail (input != NULL, FALSE);

  data = g_bytes_get_data (input, &length);
  if (length < 4 || (job_length = get_u32 (data)) > length - 4 ||
      length - 4 - job_length < ISOBAR_FRAME_SERIES_KEY_SIZE + 1)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("A kernel request of %zu bytes does not hold the job and series key it announces"),
                   length);
      return FALSE;
    }
  key_at = 4 + (gsize) job_length;
  flag = data[key_at + ISOBAR_FRAME_SERIES_KEY_SIZE];
  if (flag > 1 || (flag == 0) != (length == key_at + ISOBAR_FRAME_SERIES_KEY_SIZE + 1))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("A kernel request must carry either a series or nothing after its key"));
      return FALSE;
    }

  key = g_bytes_new_from_bytes (input, key_at, ISOBAR_FRAME_SERIES_KEY_SIZE);
  if (flag == 1)
    {
      g_autoptr(GBytes) actual = NULL;

      wire = g_bytes_new_from_bytes (input, key_at + ISOBAR_FRAME_SERIES_KEY_SIZE + 1,
                                     length - key_at - ISOBAR_FRAME_SERIES_KEY_SIZE - 1);
      actual = isobar_frame_kernel_series_key (wire);
      if (!g_bytes_equal (actual, key))
        {
          g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                       _("A kernel request’s series does not match its key"));
          return FALSE;
        }
    }

  if (job != NULL)
    *job = g_bytes_new_from_bytes (input, 4, job_length);
  if (series_key != NULL)
    *series_key = g_steal_pointer (&key);
  if (series != NULL)
    *series = g_steal_pointer (&wire);
  return TRUE;
}

GBytes *
isobar_frame_pack_kernel_inline_input (GBytes *job,
                                       GBytes *series)
{
  gsize job_length, series_length;
  const guint8 *job_data, *series_data;
  guint8 *buffer;

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (series != NULL, NULL);

  job_data = g_bytes_get_data (job, &job_length);
  series_data = g_bytes_get_data (series, &series_length);
  g_return_val_if_fail (job_length <= G_MAXUINT32, NULL);
  g_return_val_if_fail (series_length > 0, NULL);

  /* One copy of the whole input per job: the price of shipping it. */
  buffer = g_malloc (4 + job_length + series_length);
  put_u32 (buffer, (guint32) job_length);
  if (job_length > 0)
    memcpy (buffer + 4, job_data, job_length);
  memcpy (buffer + 4 + job_length, series_data, series_length);
  return g_bytes_new_take (buffer, 4 + job_length + series_length);
}

GBytes *
isobar_frame_encode_kernel_inline_head (guint64  job_id,
                                        GBytes  *job,
                                        gsize    series_length)
{
  const char *kind = ISOBAR_HELPER_KIND_KERNEL_INLINE;
  gsize kind_length = strlen (kind);
  gsize job_length, head_payload, payload_length;
  const guint8 *job_data;
  guint8 *buffer, *at;

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (series_length > 0, NULL);

  job_data = g_bytes_get_data (job, &job_length);
  head_payload = 2 + kind_length + 4 + job_length;
  g_return_val_if_fail (job_length <= G_MAXUINT32 && series_length <= G_MAXUINT32 - head_payload, NULL);
  payload_length = head_payload + series_length;

  buffer = at = g_malloc (ISOBAR_FRAME_HEADER_SIZE + head_payload);
  put_u32 (at, ISOBAR_FRAME_MAGIC);
  put_u16 (at + 4, ISOBAR_FRAME_VERSION);
  put_u16 (at + 6, ISOBAR_FRAME_REQUEST);
  put_u64 (at + 8, job_id);
  put_u32 (at + 16, (guint32) payload_length);
  at += ISOBAR_FRAME_HEADER_SIZE;
  put_u16 (at, (guint16) kind_length);
  memcpy (at + 2, kind, kind_length);
  at += 2 + kind_length;
  put_u32 (at, (guint32) job_length);
  if (job_length > 0)
    memcpy (at + 4, job_data, job_length);
  return g_bytes_new_take (buffer, ISOBAR_FRAME_HEADER_SIZE + head_payload);
}

gboolean
isobar_frame_unpack_kernel_inline_input (GBytes  *input,
                                         GBytes **job,
                                         GBytes **series,
                                         GError **error)
{
  const guint8 *data;
  gsize length;
  guint32 job_length;

  g_return_val_if_fail (input != NULL, FALSE);

  data = g_bytes_get_data (input, &length);
  if (length < 4 || (job_length = get_u32 (data)) >= length - 4)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("An inline kernel request of %zu bytes does not hold the job and series it announces"),
                   length);
      return FALSE;
    }

  if (job != NULL)
    *job = g_bytes_new_from_bytes (input, 4, job_length);
  if (series != NULL)
    *series = g_bytes_new_from_bytes (input, 4 + (gsize) job_length, length - 4 - job_length);
  return TRUE;
}

/* ---------------------------------------------------------------- decoder */

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

  if (fill >= 4 && get_u32 (h) != ISOBAR_FRAME_MAGIC)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("the frame does not start with “ISOB” (0x%08x)"),
                                          get_u32 (h)));
  if (fill >= 6 && get_u16 (h + 4) != ISOBAR_FRAME_VERSION)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("protocol version %u, expected %u"),
                                          get_u16 (h + 4), ISOBAR_FRAME_VERSION));
  if (fill < 8)
    return TRUE;
  type = get_u16 (h + 6);
  if (!type_payload_bounds (type, &min_length, &max_length))
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("unknown frame type %u"), type));
  if (fill < ISOBAR_FRAME_HEADER_SIZE)
    return TRUE;

  length = get_u32 (h + 16);
  if (length > decoder->max_payload)
    return decoder_fail (decoder, ISOBAR_ERROR_TOO_LARGE,
                         g_strdup_printf (_("a frame of %u bytes, over the limit of %zu bytes"),
                                          length, decoder->max_payload));
  if (length < min_length || length > max_length)
    return decoder_fail (decoder, ISOBAR_ERROR_MALFORMED,
                         g_strdup_printf (_("a %s frame of %u bytes"),
                                          isobar_frame_type_to_string (type), length));

  decoder->type = type;
  decoder->job_id = get_u64 (h + 8);
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
