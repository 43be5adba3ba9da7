/* isobar-packet-private.h: what the wire protocol's files share: the
 * little-endian accessors they all read and write bytes with, and the
 * longest error domain a packet carries. The packet and the encoding of each
 * type are in isobar-packet.c, the payload parsers in isobar-packet-parse.c,
 * the kernel job kinds' inputs in isobar-packet-kernel.c and the incremental
 * decoder in isobar-packet-decoder.c. The other three call isobar-packet.c
 * (through isobar-packet.h) and it calls none of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest GError domain name an ERROR packet carries. */
#define ISOBAR_PACKET_MAX_DOMAIN_LENGTH 255

/* Little-endian accessors, byte by byte: no alignment or host-order assumptions. */
static inline void
_isobar_packet_put_u16 (guint8  *p,
                        guint16  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
}

static inline void
_isobar_packet_put_u32 (guint8  *p,
                        guint32  v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static inline void
_isobar_packet_put_u64 (guint8  *p,
                        guint64  v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static inline guint16
_isobar_packet_get_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
_isobar_packet_get_u32 (const guint8 *p)
{
  guint32 v = 0;

  for (guint i = 0; i < 4; i++)
    v |= ((guint32) p[i]) << (8 * i);
  return v;
}

static inline guint64
_isobar_packet_get_u64 (const guint8 *p)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    v |= ((guint64) p[i]) << (8 * i);
  return v;
}

G_END_DECLS
