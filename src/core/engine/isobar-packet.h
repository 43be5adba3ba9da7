/* isobar-packet.h: the wire protocol between the app and isobar-helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Every packet is a fixed 20-byte header, all integers little-endian:
 *
 *   offset  size  field
 *        0     4  magic "ISOB" (the bytes 'I' 'S' 'O' 'B')
 *        4     2  protocol version (ISOBAR_PACKET_VERSION)
 *        6     2  packet type (IsobarPacketType)
 *        8     8  job id (0: not about a job, e.g. hello)
 *       16     4  payload length in bytes
 *
 * followed by the payload. Payloads by type:
 *
 *   HELLO     helper → app  u32 protocol version, u32 pid (exactly 8 bytes)
 *   REQUEST   app → helper  u16 length of the job kind, the kind (1–64 bytes
 *                           of [a-z0-9_-]), then the job's input (opaque)
 *   PROGRESS  helper → app  f64 fraction done in [0, 1] (IEEE 754 bits),
 *                           then optional UTF-8 text
 *   RESULT    helper → app  the job's output (opaque)
 *   ERROR     helper → app  u32 code, u16 length of the GError domain name,
 *                           the domain name (ASCII), then the UTF-8 message
 *   CANCEL    app → helper  empty
 */
#define ISOBAR_PACKET_MAGIC               0x424F5349u /* "ISOB" read as LE u32 */
#define ISOBAR_PACKET_VERSION             1
#define ISOBAR_PACKET_HEADER_SIZE         20
#define ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD (64u * 1024u * 1024u)
#define ISOBAR_PACKET_MAX_KIND_LENGTH     64

typedef enum
{
  ISOBAR_PACKET_HELLO = 1,
  ISOBAR_PACKET_REQUEST,
  ISOBAR_PACKET_PROGRESS,
  ISOBAR_PACKET_RESULT,
  ISOBAR_PACKET_ERROR,
  ISOBAR_PACKET_CANCEL,
} IsobarPacketType;

/**
 * IsobarPacket:
 * @type: the packet type
 * @job_id: the job the packet is about, 0 for none
 * @payload: (not nullable): the raw payload, possibly empty
 *
 * One decoded packet. The payload is checked against the type's size rules
 * by the decoder; the content is checked by isobar_packet_parse_*().
 */
typedef struct
{
  IsobarPacketType type;
  guint64          job_id;
  GBytes          *payload;
} IsobarPacket;

#define ISOBAR_TYPE_PACKET (isobar_packet_get_type ())

GType         isobar_packet_get_type       (void) G_GNUC_CONST;
IsobarPacket *isobar_packet_new            (IsobarPacketType    type,
                                            guint64             job_id,
                                            GBytes             *payload);
IsobarPacket *isobar_packet_copy           (const IsobarPacket *packet);
void          isobar_packet_free           (IsobarPacket       *packet);
const char   *isobar_packet_type_to_string (IsobarPacketType    type);

/* Encoding: each returns header + payload, ready to write. */
GBytes       *isobar_packet_encode          (IsobarPacketType    type,
                                             guint64             job_id,
                                             GBytes             *payload);
GBytes       *isobar_packet_encode_hello    (guint32             pid);
GBytes       *isobar_packet_encode_request  (guint64             job_id,
                                             const char         *kind,
                                             GBytes             *input);
GBytes       *isobar_packet_encode_progress (guint64             job_id,
                                             double              fraction,
                                             const char         *text);
GBytes       *isobar_packet_encode_result   (guint64             job_id,
                                             GBytes             *output);
GBytes       *isobar_packet_encode_error    (guint64             job_id,
                                             const GError       *error);
GBytes       *isobar_packet_encode_cancel   (guint64             job_id);

/* Payload parsing: each checks the packet type and every byte of the
 * payload, and sets an ISOBAR_ERROR_MALFORMED error on anything wrong. */
gboolean      isobar_packet_parse_hello     (const IsobarPacket *packet,
                                             guint32            *version,
                                             guint32            *pid,
                                             GError            **error);
gboolean      isobar_packet_parse_request   (const IsobarPacket *packet,
                                             char              **kind,
                                             GBytes            **input,
                                             GError            **error);
gboolean      isobar_packet_parse_progress  (const IsobarPacket *packet,
                                             double             *fraction,
                                             char              **text,
                                             GError            **error);
/* On success, *remote_error is the error the helper reported: its domain
 * when this process knows that domain, G_IO_ERROR_FAILED otherwise. */
gboolean      isobar_packet_parse_error     (const IsobarPacket *packet,
                                             GError            **remote_error,
                                             GError            **error);

gboolean      isobar_packet_kind_is_valid   (const char         *kind);

/* The input of the helper's `kernel` job kind: u32 length of the kernel
 * job's wire form (isobar_kernel_job_serialize()), that job, the series key
 * (ISOBAR_PACKET_SERIES_KEY_SIZE bytes: the SHA-256 of the series' wire form,
 * isobar_climate_series_serialize()), then u8 1 and that wire form, or u8 0
 * and nothing more: the helper then uses the series it was sent last, which
 * must have that key. Its result is the kernel's output (isobar_kernel_run()). */
#define ISOBAR_HELPER_KIND_KERNEL     "kernel"
#define ISOBAR_PACKET_SERIES_KEY_SIZE 32

/* The input of the helper's `kernel-inline` job kind, the one a pool that
 * ships every job whole uses (as Python's ProcessPoolExecutor pickles every
 * call): u32 length of the kernel job's wire form, that job, then the
 * series' wire form, which is all the bytes left and never empty. No key:
 * the helper decodes the series for this one job, frees it when the job
 * ends and caches nothing, so the next job must carry its series again (a
 * later key-only `kernel` request for it fails "series not cached"). Its
 * result is the kernel's output, as for `kernel`. */
#define ISOBAR_HELPER_KIND_KERNEL_INLINE "kernel-inline"

/* The key of a series' wire form (SHA-256, ISOBAR_PACKET_SERIES_KEY_SIZE bytes). */
GBytes       *isobar_packet_kernel_series_key   (GBytes             *series);
/* @series: (nullable): the series' wire form, or NULL to send only the key. */
GBytes       *isobar_packet_pack_kernel_input   (GBytes             *job,
                                                 GBytes             *series_key,
                                                 GBytes             *series);
/* The same request as isobar_packet_encode_request (@job_id,
 * ISOBAR_HELPER_KIND_KERNEL, isobar_packet_pack_kernel_input (@job,
 * @series_key, series)) without copying the series: the packet up to it,
 * to be written right before the series' own @series_length bytes (0 for a
 * key-only request, whose head is then the whole packet). */
GBytes       *isobar_packet_encode_kernel_head  (guint64             job_id,
                                                 GBytes             *job,
                                                 GBytes             *series_key,
                                                 gsize               series_length);
/* Checks every byte, including that the key is the series' SHA-256 when
 * the series is there. *series is NULL for a key-only input. */
gboolean      isobar_packet_unpack_kernel_input (GBytes             *input,
                                                 GBytes            **job,
                                                 GBytes            **series_key,
                                                 GBytes            **series,
                                                 GError            **error);

/* The `kernel-inline` input: @job and @series (not empty) in one buffer. */
GBytes       *isobar_packet_pack_kernel_inline_input   (GBytes  *job,
                                                        GBytes  *series);
/* The same request as isobar_packet_encode_request (@job_id,
 * ISOBAR_HELPER_KIND_KERNEL_INLINE, isobar_packet_pack_kernel_inline_input
 * (@job, series)) without copying the series: this is the packet up to the
 * series (header, kind, job), to be written right before the series' own
 * @series_length bytes. */
GBytes       *isobar_packet_encode_kernel_inline_head  (guint64  job_id,
                                                        GBytes  *job,
                                                        gsize    series_length);
/* Checks the lengths; the series is not decoded here. */
gboolean      isobar_packet_unpack_kernel_inline_input (GBytes  *input,
                                                        GBytes **job,
                                                        GBytes **series,
                                                        GError **error);

/* The incremental decoder: feed it byte chunks of any size as they arrive,
 * pop complete packets. A header is checked as soon as its 20 bytes are in,
 * so a bad magic, version, type or an oversized length fails before any
 * payload is buffered or allocated. Once it has failed, it stays failed. */
typedef struct _IsobarPacketDecoder IsobarPacketDecoder;

IsobarPacketDecoder *isobar_packet_decoder_new          (gsize                max_payload);
void                 isobar_packet_decoder_free         (IsobarPacketDecoder *decoder);
gboolean             isobar_packet_decoder_feed         (IsobarPacketDecoder *decoder,
                                                         const guint8        *data,
                                                         gsize                length,
                                                         GError             **error);
/* The next complete packet, or NULL when none is complete yet. */
IsobarPacket        *isobar_packet_decoder_pop          (IsobarPacketDecoder *decoder);
/* Call at end of stream: fails if it ended in the middle of a packet. */
gboolean             isobar_packet_decoder_finish       (IsobarPacketDecoder *decoder,
                                                         GError             **error);
gsize                isobar_packet_decoder_get_max_payload (IsobarPacketDecoder *decoder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarPacket, isobar_packet_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarPacketDecoder, isobar_packet_decoder_free)

G_END_DECLS
