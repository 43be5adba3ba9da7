/* isobar-digest.c: SHA-256 digests of bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-digest.h"

GBytes *
isobar_digest_sha256 (GBytes *bytes)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[ISOBAR_DIGEST_SHA256_SIZE];
  gsize digest_length = sizeof digest;
  gsize length;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  if (length > 0)
    g_checksum_update (checksum, data, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  g_assert (digest_length == sizeof digest);
  return g_bytes_new (digest, sizeof digest);
}
