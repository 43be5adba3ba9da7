/* isobar-packet-kernel.c: the inputs of the helper's `kernel` and
 * `kernel-inline` job kinds: the series key, packing and unpacking them, and
 * the heads of requests written without copying their series.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "isobar-digest.h"
#include "isobar-error.h"
#include "isobar-packet.h"
#include "isobar-packet-private.h"

G_STATIC_ASSERT (ISOBAR_PACKET_SERIES_KEY_SIZE == ISOBAR_DIGEST_SHA256_SIZE);

GBytes *
isobar_packet_kernel_series_key (GBytes *series)
{
  g_return_val_if_fail (series != NULL, NULL);

  return isobar_digest_sha256 (series);
}

GBytes *
isobar_packet_pack_kernel_input (GBytes *job,
                                 GBytes *series_key,
                                 GBytes *series)
{
  gsize job_length, series_length = 0;
  const guint8 *job_data, *series_data = NULL;
  guint8 *buffer, *at;
  gsize total;

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (series_key != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (series_key) == ISOBAR_PACKET_SERIES_KEY_SIZE, NULL);

  job_data = g_bytes_get_data (job, &job_length);
  if (series != NULL)
    series_data = g_bytes_get_data (series, &series_length);
  g_return_val_if_fail (job_length <= G_MAXUINT32, NULL);

  total = 4 + job_length + ISOBAR_PACKET_SERIES_KEY_SIZE + 1 + series_length;
  buffer = at = g_malloc (total);
  _isobar_packet_put_u32 (at, (guint32) job_length);
  at += 4;
  if (job_length > 0)
    memcpy (at, job_data, job_length);
  at += job_length;
  memcpy (at, g_bytes_get_data (series_key, NULL), ISOBAR_PACKET_SERIES_KEY_SIZE);
  at += ISOBAR_PACKET_SERIES_KEY_SIZE;
  *at++ = series != NULL ? 1 : 0;
  if (series_length > 0)
    memcpy (at, series_data, series_length);
  return g_bytes_new_take (buffer, total);
}

gboolean
isobar_packet_unpack_kernel_input (GBytes  *input,
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
  if (length < 4 || (job_length = _isobar_packet_get_u32 (data)) > length - 4 ||
      length - 4 - job_length < ISOBAR_PACKET_SERIES_KEY_SIZE + 1)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("A kernel request of %zu bytes does not hold the job and series key it announces"),
                   length);
      return FALSE;
    }
  key_at = 4 + (gsize) job_length;
  flag = data[key_at + ISOBAR_PACKET_SERIES_KEY_SIZE];
  if (flag > 1 || (flag == 0) != (length == key_at + ISOBAR_PACKET_SERIES_KEY_SIZE + 1))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("A kernel request must carry either a series or nothing after its key"));
      return FALSE;
    }

  key = g_bytes_new_from_bytes (input, key_at, ISOBAR_PACKET_SERIES_KEY_SIZE);
  if (flag == 1)
    {
      g_autoptr(GBytes) actual = NULL;

      wire = g_bytes_new_from_bytes (input, key_at + ISOBAR_PACKET_SERIES_KEY_SIZE + 1,
                                     length - key_at - ISOBAR_PACKET_SERIES_KEY_SIZE - 1);
      actual = isobar_packet_kernel_series_key (wire);
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
isobar_packet_pack_kernel_inline_input (GBytes *job,
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
  _isobar_packet_put_u32 (buffer, (guint32) job_length);
  if (job_length > 0)
    memcpy (buffer + 4, job_data, job_length);
  memcpy (buffer + 4 + job_length, series_data, series_length);
  return g_bytes_new_take (buffer, 4 + job_length + series_length);
}

/* The head of a request of @kind for a job whose series' @series_length
 * bytes follow it: header, kind, u32 job length, job, then for a `kernel`
 * request (@series_key set) the key and whether a series follows. */
static GBytes *
encode_head (guint64     job_id,
             const char *kind,
             GBytes     *job,
             GBytes     *series_key,
             gsize       series_length)
{
  gsize kind_length = strlen (kind);
  gsize job_length, head_payload;
  const guint8 *job_data;
  guint8 *buffer, *at;

  job_data = g_bytes_get_data (job, &job_length);
  head_payload = 2 + kind_length + 4 + job_length;
  if (series_key != NULL)
    head_payload += ISOBAR_PACKET_SERIES_KEY_SIZE + 1;
  g_return_val_if_fail (job_length <= G_MAXUINT32 && series_length <= G_MAXUINT32 - head_payload, NULL);

  buffer = at = g_malloc (ISOBAR_PACKET_HEADER_SIZE + head_payload);
  _isobar_packet_put_u32 (at, ISOBAR_PACKET_MAGIC);
  _isobar_packet_put_u16 (at + 4, ISOBAR_PACKET_VERSION);
  _isobar_packet_put_u16 (at + 6, ISOBAR_PACKET_REQUEST);
  _isobar_packet_put_u64 (at + 8, job_id);
  _isobar_packet_put_u32 (at + 16, (guint32) (head_payload + series_length));
  at += ISOBAR_PACKET_HEADER_SIZE;
  _isobar_packet_put_u16 (at, (guint16) kind_length);
  memcpy (at + 2, kind, kind_length);
  at += 2 + kind_length;
  _isobar_packet_put_u32 (at, (guint32) job_length);
  at += 4;
  if (job_length > 0)
    memcpy (at, job_data, job_length);
  at += job_length;
  if (series_key != NULL)
    {
      memcpy (at, g_bytes_get_data (series_key, NULL), ISOBAR_PACKET_SERIES_KEY_SIZE);
      at[ISOBAR_PACKET_SERIES_KEY_SIZE] = series_length > 0 ? 1 : 0;
    }
  return g_bytes_new_take (buffer, ISOBAR_PACKET_HEADER_SIZE + head_payload);
}

GBytes *
isobar_packet_encode_kernel_head (guint64  job_id,
                                  GBytes  *job,
                                  GBytes  *series_key,
                                  gsize    series_length)
{
  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (series_key != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (series_key) == ISOBAR_PACKET_SERIES_KEY_SIZE, NULL);

  return encode_head (job_id, ISOBAR_HELPER_KIND_KERNEL, job, series_key, series_length);
}

GBytes *
isobar_packet_encode_kernel_inline_head (guint64  job_id,
                                         GBytes  *job,
                                         gsize    series_length)
{
  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (series_length > 0, NULL);

  return encode_head (job_id, ISOBAR_HELPER_KIND_KERNEL_INLINE, job, NULL, series_length);
}

gboolean
isobar_packet_unpack_kernel_inline_input (GBytes  *input,
                                          GBytes **job,
                                          GBytes **series,
                                          GError **error)
{
  const guint8 *data;
  gsize length;
  guint32 job_length;

  g_return_val_if_fail (input != NULL, FALSE);

  data = g_bytes_get_data (input, &length);
  if (length < 4 || (job_length = _isobar_packet_get_u32 (data)) >= length - 4)
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
