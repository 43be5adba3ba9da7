/* isobar-digest.h: SHA-256 digests of bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ISOBAR_DIGEST_SHA256_SIZE 32

/* The SHA-256 of @bytes, its ISOBAR_DIGEST_SHA256_SIZE raw bytes. */
GBytes *isobar_digest_sha256 (GBytes *bytes);

G_END_DECLS
