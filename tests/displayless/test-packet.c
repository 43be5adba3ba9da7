/* test-packet.c: the helper wire protocol codec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "isobar-error.h"
#include "isobar-packet.h"

#define SMALL_LIMIT 4096

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* Decodes exactly one packet from @encoded, fed whole. */
static IsobarPacket *
decode_one (GBytes *encoded)
{
  g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD);
  g_autoptr(GError) error = NULL;
  IsobarPacket *packet;

  g_assert_true (isobar_packet_decoder_feed (decoder, g_bytes_get_data (encoded, NULL),
                                             g_bytes_get_size (encoded), &error));
  g_assert_no_error (error);
  packet = isobar_packet_decoder_pop (decoder);
  g_assert_nonnull (packet);
  g_assert_null (isobar_packet_decoder_pop (decoder));
  g_assert_true (isobar_packet_decoder_finish (decoder, &error));
  g_assert_no_error (error);
  return packet;
}

/* A stream holding one packet of every type, some with awkward payloads. */
static GByteArray *
build_stream (guint *n_packets)
{
  g_autoptr(GBytes) input = g_bytes_new ("\0\1\2\3\377", 5);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) failure = g_error_new_literal (ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA, "ünïcode");
  GBytes *packets[] = {
    isobar_packet_encode_hello (4242),
    isobar_packet_encode_request (1, "echo", input),
    isobar_packet_encode_request (2, "spin", empty),
    isobar_packet_encode_progress (1, 0.25, NULL),
    isobar_packet_encode_progress (1, 0.75, "bootstrap 3/118"),
    isobar_packet_encode_result (1, input),
    isobar_packet_encode_result (2, empty),
    isobar_packet_encode_error (3, failure),
    isobar_packet_encode_cancel (4),
  };
  GByteArray *stream = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (packets); i++)
    {
      g_byte_array_append (stream, g_bytes_get_data (packets[i], NULL), g_bytes_get_size (packets[i]));
      g_bytes_unref (packets[i]);
    }
  *n_packets = G_N_ELEMENTS (packets);
  return stream;
}

static void
test_round_trip_hello (void)
{
  g_autoptr(GBytes) encoded = isobar_packet_encode_hello (123456);
  g_autoptr(IsobarPacket) packet = decode_one (encoded);
  g_autoptr(GError) error = NULL;
  guint32 version = 0, pid = 0;

  g_assert_cmpuint (g_bytes_get_size (encoded), ==, ISOBAR_PACKET_HEADER_SIZE + 8);
  g_assert_cmpmem (g_bytes_get_data (encoded, NULL), 4, "ISOB", 4);
  g_assert_cmpint (packet->type, ==, ISOBAR_PACKET_HELLO);
  g_assert_cmpuint (packet->job_id, ==, 0);
  g_assert_true (isobar_packet_parse_hello (packet, &version, &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (version, ==, ISOBAR_PACKET_VERSION);
  g_assert_cmpuint (pid, ==, 123456);
}

static void
test_round_trip_request (void)
{
  const char *inputs[] = { "", "x", "binary\0with\0nuls" };
  const gsize sizes[] = { 0, 1, 17 };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GBytes) input = g_bytes_new (inputs[i], sizes[i]);
      g_autoptr(GBytes) encoded = isobar_packet_encode_request (G_MAXUINT64 - i, "kernel-v_2", input);
      g_autoptr(IsobarPacket) packet = decode_one (encoded);
      g_autoptr(GError) error = NULL;
      g_autofree char *kind = NULL;
      g_autoptr(GBytes) decoded = NULL;

      g_assert_cmpint (packet->type, ==, ISOBAR_PACKET_REQUEST);
      g_assert_cmpuint (packet->job_id, ==, G_MAXUINT64 - i);
      g_assert_true (isobar_packet_parse_request (packet, &kind, &decoded, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (kind, ==, "kernel-v_2");
      g_assert_true (g_bytes_equal (decoded, input));
    }
}

static void
test_round_trip_progress (void)
{
  const double fractions[] = { 0.0, 1e-300, 0.5, 1.0 };

  for (guint i = 0; i < G_N_ELEMENTS (fractions); i++)
    {
      const char *texts[] = { NULL, "heat map 1960–1967" };

      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          g_autoptr(GBytes) encoded = isobar_packet_encode_progress (7, fractions[i], texts[t]);
          g_autoptr(IsobarPacket) packet = decode_one (encoded);
          g_autoptr(GError) error = NULL;
          g_autofree char *text = NULL;
          double fraction = -1;

          g_assert_cmpint (packet->type, ==, ISOBAR_PACKET_PROGRESS);
          g_assert_cmpuint (packet->job_id, ==, 7);
          g_assert_true (isobar_packet_parse_progress (packet, &fraction, &text, &error));
          g_assert_no_error (error);
          g_assert_cmpfloat (fraction, ==, fractions[i]);
          g_assert_cmpstr (text, ==, texts[t]);
        }
    }
}

static void
test_round_trip_result (void)
{
  g_autoptr(GBytes) output = g_bytes_new_take (g_malloc0 (100000), 100000);
  g_autoptr(GBytes) encoded = isobar_packet_encode_result (99, output);
  g_autoptr(IsobarPacket) packet = decode_one (encoded);

  g_assert_cmpint (packet->type, ==, ISOBAR_PACKET_RESULT);
  g_assert_cmpuint (packet->job_id, ==, 99);
  g_assert_true (g_bytes_equal (packet->payload, output));
}

static void
test_round_trip_error (void)
{
  struct {
    GQuark domain;
    int code;
    const char *message;
    GQuark expected_domain;
    int expected_code;
  } cases[] = {
    { ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT, "Une “erreur”", ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT },
    { G_IO_ERROR, G_IO_ERROR_CANCELLED, "", G_IO_ERROR, G_IO_ERROR_CANCELLED },
    { G_IO_ERROR, -5, "negative codes survive", G_IO_ERROR, -5 },
    /* A domain this process has never heard of becomes a plain failure. */
    { g_quark_from_static_string ("test-packet-private-domain"), 3, "private", 0, G_IO_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) original = g_error_new_literal (cases[i].domain, cases[i].code, cases[i].message);
      g_autoptr(GBytes) encoded = isobar_packet_encode_error (5, original);
      g_autoptr(GBytes) renamed = NULL;
      g_autoptr(IsobarPacket) packet = NULL;
      g_autoptr(GError) remote = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].expected_domain == 0)
        {
          /* Rename the domain on the wire to one no process knows. */
          gsize length;
          guint8 *data = g_bytes_unref_to_data (g_steal_pointer (&encoded), &length);
          guint8 *domain = memmem (data, length, "test-packet-private-domain", 26);

          g_assert_nonnull (domain);
          memcpy (domain, "zzzz-packet-unknown-domain", 26);
          encoded = g_bytes_new_take (data, length);
        }

      packet = decode_one (encoded);
      g_assert_cmpint (packet->type, ==, ISOBAR_PACKET_ERROR);
      g_assert_true (isobar_packet_parse_error (packet, &remote, &error));
      g_assert_no_error (error);
      /* (parenthesised: g_assert_error() does not protect its arguments) */
      g_assert_error (remote, (cases[i].expected_domain ? cases[i].expected_domain : G_IO_ERROR),
                      cases[i].expected_code);
      g_assert_cmpstr (remote->message, ==, cases[i].message);
    }
}

static void
test_round_trip_cancel (void)
{
  g_autoptr(GBytes) encoded = isobar_packet_encode_cancel (77);
  g_autoptr(IsobarPacket) packet = decode_one (encoded);

  g_assert_cmpuint (g_bytes_get_size (encoded), ==, ISOBAR_PACKET_HEADER_SIZE);
  g_assert_cmpint (packet->type, ==, ISOBAR_PACKET_CANCEL);
  g_assert_cmpuint (packet->job_id, ==, 77);
  g_assert_cmpuint (g_bytes_get_size (packet->payload), ==, 0);
}

/* Packets appear exactly when their last byte arrives, never earlier. */
static void
test_byte_at_a_time (void)
{
  guint n_packets;
  g_autoptr(GByteArray) stream = build_stream (&n_packets);
  g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD);
  g_autoptr(GError) error = NULL;
  gsize offset = 0;
  guint seen = 0;

  for (guint i = 0; i < stream->len; i++)
    {
      IsobarPacket *packet;

      g_assert_true (isobar_packet_decoder_feed (decoder, stream->data + i, 1, &error));
      g_assert_no_error (error);
      while ((packet = isobar_packet_decoder_pop (decoder)) != NULL)
        {
          gsize packet_size = ISOBAR_PACKET_HEADER_SIZE + g_bytes_get_size (packet->payload);

          /* It ends exactly at this byte. */
          g_assert_cmpuint (offset + packet_size, ==, i + 1);
          offset += packet_size;
          seen++;
          isobar_packet_free (packet);
        }
    }
  g_assert_cmpuint (seen, ==, n_packets);
  g_assert_true (isobar_packet_decoder_finish (decoder, &error));
  g_assert_no_error (error);
}

static void
test_random_chunks (void)
{
  guint n_packets;
  g_autoptr(GByteArray) stream = build_stream (&n_packets);

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD);
      g_autoptr(GError) error = NULL;
      guint seen = 0;

      for (guint offset = 0; offset < stream->len;)
        {
          guint wanted = g_test_rand_int_range (0, 64);  /* not inside MIN(): evaluated twice */
          guint chunk = MIN (wanted, stream->len - offset);
          IsobarPacket *packet;

          g_assert_true (isobar_packet_decoder_feed (decoder, stream->data + offset, chunk, &error));
          g_assert_no_error (error);
          offset += chunk;
          while ((packet = isobar_packet_decoder_pop (decoder)) != NULL)
            {
              seen++;
              isobar_packet_free (packet);
            }
        }
      g_assert_cmpuint (seen, ==, n_packets);
      g_assert_true (isobar_packet_decoder_finish (decoder, &error));
    }
}

/* Every proper prefix of a packet: the decoder waits, and the end of the
 * stream there is an error. */
static void
test_truncated (void)
{
  g_autoptr(GBytes) input = bytes_from_string ("some input");
  g_autoptr(GBytes) encoded = isobar_packet_encode_request (3, "echo", input);
  gsize length;
  const guint8 *data = g_bytes_get_data (encoded, &length);

  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (SMALL_LIMIT);
      g_autoptr(GError) error = NULL;

      g_assert_true (isobar_packet_decoder_feed (decoder, data, cut, &error));
      g_assert_no_error (error);
      g_assert_null (isobar_packet_decoder_pop (decoder));
      if (cut == 0)
        {
          g_assert_true (isobar_packet_decoder_finish (decoder, &error));
          continue;
        }
      g_assert_false (isobar_packet_decoder_finish (decoder, &error));
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "ended inside a packet"));
    }
}

/* Sets the header field at @offset (@size bytes, LE) of a copy of a valid packet. */
static GByteArray *
corrupt_header (gsize   offset,
                gsize   size,
                guint64 value)
{
  g_autoptr(GBytes) input = bytes_from_string ("payload");
  g_autoptr(GBytes) encoded = isobar_packet_encode_result (1, input);
  GByteArray *copy = g_byte_array_new ();

  g_byte_array_append (copy, g_bytes_get_data (encoded, NULL), g_bytes_get_size (encoded));
  for (gsize i = 0; i < size; i++)
    copy->data[offset + i] = (value >> (8 * i)) & 0xff;
  return copy;
}

/* Feeds @stream byte by byte; returns after how many bytes it failed. */
static gsize
feed_until_error (IsobarPacketDecoder  *decoder,
                  GByteArray           *stream,
                  GError              **error)
{
  for (gsize i = 0; i < stream->len; i++)
    if (!isobar_packet_decoder_feed (decoder, stream->data + i, 1, error))
      return i + 1;
  return 0;
}

static void
test_corrupt_header (void)
{
  struct {
    gsize offset, size;
    guint64 value;
    gsize fails_at;
    const char *message;
  } cases[] = {
    { 0, 1, 'J', 4, "does not start with" },
    { 3, 1, 'b', 4, "does not start with" },
    { 4, 2, 0, 6, "protocol version 0" },
    { 4, 2, 2, 6, "protocol version 2" },
    { 6, 2, 0, 8, "unknown packet type 0" },
    { 6, 2, 7, 8, "unknown packet type 7" },
    { 6, 2, 0xffff, 8, "unknown packet type 65535" },
    /* a result is fine at any size, a hello is 8 bytes, a cancel 0 */
    { 6, 2, ISOBAR_PACKET_HELLO, 20, "hello packet of 7 bytes" },
    { 6, 2, ISOBAR_PACKET_CANCEL, 20, "cancel packet of 7 bytes" },
    { 6, 2, ISOBAR_PACKET_PROGRESS, 20, "progress packet of 7 bytes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) stream = corrupt_header (cases[i].offset, cases[i].size, cases[i].value);
      g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (SMALL_LIMIT);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) again = NULL;

      g_test_message ("case %u: %s", i, cases[i].message);
      g_assert_cmpuint (feed_until_error (decoder, stream, &error), ==, cases[i].fails_at);
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_null (isobar_packet_decoder_pop (decoder));

      /* It stays failed, whatever comes next. */
      g_assert_false (isobar_packet_decoder_feed (decoder, (const guint8 *) "ISOB", 4, &again));
      g_assert_error (again, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED);
      g_clear_error (&again);
      g_assert_false (isobar_packet_decoder_finish (decoder, &again));
    }
}

/* An announced payload over the limit fails on the header alone. */
static void
test_oversize (void)
{
  const guint64 lengths[] = { SMALL_LIMIT + 1, G_MAXUINT32 };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GByteArray) stream = corrupt_header (16, 4, lengths[i]);
      g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (SMALL_LIMIT);
      g_autoptr(GError) error = NULL;

      g_byte_array_set_size (stream, ISOBAR_PACKET_HEADER_SIZE);
      g_assert_false (isobar_packet_decoder_feed (decoder, stream->data, stream->len, &error));
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "over the limit of 4096 bytes"));
    }

  /* Exactly the limit is fine: it waits for the payload. */
  {
    g_autoptr(GByteArray) stream = corrupt_header (16, 4, SMALL_LIMIT);
    g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (SMALL_LIMIT);
    g_autoptr(GError) error = NULL;
    g_autoptr(IsobarPacket) packet = NULL;
    g_autofree guint8 *rest = g_malloc0 (SMALL_LIMIT);

    g_assert_true (isobar_packet_decoder_feed (decoder, stream->data, ISOBAR_PACKET_HEADER_SIZE, &error));
    g_assert_null (isobar_packet_decoder_pop (decoder));
    g_assert_true (isobar_packet_decoder_feed (decoder, rest, SMALL_LIMIT, &error));
    g_assert_no_error (error);
    packet = isobar_packet_decoder_pop (decoder);
    g_assert_nonnull (packet);
    g_assert_cmpuint (g_bytes_get_size (packet->payload), ==, SMALL_LIMIT);
  }
}

/* Packets with a valid header but a payload that does not parse. */
static IsobarPacket *
raw_packet (IsobarPacketType  type,
            guint64           job_id,
            const void       *payload,
            gsize             length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (payload, length);

  return isobar_packet_new (type, job_id, bytes);
}

static void
test_bad_payloads (void)
{
  g_autoptr(GError) error = NULL;
  IsobarPacket *packet;
  double nan_bits = NAN, inf_bits = INFINITY, over = 1.5, under = -0.25;
  guint8 progress[12];

#define EXPECT_MALFORMED(call)                                         \
  G_STMT_START {                                                       \
    g_assert_false (call);                                             \
    g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED);      \
    g_test_message ("refused: %s", error->message);                    \
    g_clear_error (&error);                                            \
  } G_STMT_END

  /* hello */
  packet = raw_packet (ISOBAR_PACKET_HELLO, 0, "\1\0\0\0\0\0\0\0", 8);   /* pid 0 */
  EXPECT_MALFORMED (isobar_packet_parse_hello (packet, NULL, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_HELLO, 9, "\1\0\0\0\1\0\0\0", 8);   /* names a job */
  EXPECT_MALFORMED (isobar_packet_parse_hello (packet, NULL, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_HELLO, 0, "\1\0\0\0\1\0\0", 7);
  EXPECT_MALFORMED (isobar_packet_parse_hello (packet, NULL, NULL, &error));
  isobar_packet_free (packet);

  /* request */
  packet = raw_packet (ISOBAR_PACKET_REQUEST, 1, "\0\0echo", 6);          /* kind of 0 bytes */
  EXPECT_MALFORMED (isobar_packet_parse_request (packet, NULL, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_REQUEST, 1, "\x09\0echo", 6);        /* longer than the payload */
  EXPECT_MALFORMED (isobar_packet_parse_request (packet, NULL, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_REQUEST, 1, "\x04\0Echo", 6);        /* upper case */
  EXPECT_MALFORMED (isobar_packet_parse_request (packet, NULL, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_REQUEST, 1, "\x04\0ec\0o", 6);       /* NUL */
  EXPECT_MALFORMED (isobar_packet_parse_request (packet, NULL, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_REQUEST, 0, "\x04\0echo", 6);        /* job 0 */
  EXPECT_MALFORMED (isobar_packet_parse_request (packet, NULL, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_REQUEST, 1, "\x04", 1);
  EXPECT_MALFORMED (isobar_packet_parse_request (packet, NULL, NULL, &error));
  isobar_packet_free (packet);

  /* progress */
  {
    const double values[] = { nan_bits, inf_bits, over, under };

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        memcpy (progress, &values[i], 8);  /* host is little-endian, as the wire */
        packet = raw_packet (ISOBAR_PACKET_PROGRESS, 1, progress, 8);
        EXPECT_MALFORMED (isobar_packet_parse_progress (packet, NULL, NULL, &error));
        isobar_packet_free (packet);
      }
  }
  memset (progress, 0, sizeof progress);
  memcpy (progress + 8, "\xff\xfe\xc3\x28", 4);                       /* not UTF-8 */
  packet = raw_packet (ISOBAR_PACKET_PROGRESS, 1, progress, 12);
  EXPECT_MALFORMED (isobar_packet_parse_progress (packet, NULL, NULL, &error));
  isobar_packet_free (packet);

  /* error */
  packet = raw_packet (ISOBAR_PACKET_ERROR, 1, "\0\0\0\0\0\0message", 13); /* no domain */
  EXPECT_MALFORMED (isobar_packet_parse_error (packet, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_ERROR, 1, "\0\0\0\0\x40\0dom", 9);     /* domain past the end */
  EXPECT_MALFORMED (isobar_packet_parse_error (packet, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_ERROR, 1, "\0\0\0\0\x03\0d m", 9);     /* space in domain */
  EXPECT_MALFORMED (isobar_packet_parse_error (packet, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_ERROR, 1, "\0\0\0\0\x03\0dom\xc3", 10); /* message not UTF-8 */
  EXPECT_MALFORMED (isobar_packet_parse_error (packet, NULL, &error));
  isobar_packet_free (packet);
  packet = raw_packet (ISOBAR_PACKET_ERROR, 1, "\0\0\0\0\x03\0doma\0b", 11); /* NUL in message */
  EXPECT_MALFORMED (isobar_packet_parse_error (packet, NULL, &error));
  isobar_packet_free (packet);

  /* the wrong parser for the type */
  packet = raw_packet (ISOBAR_PACKET_RESULT, 1, "\1\0\0\0\1\0\0\0", 8);
  EXPECT_MALFORMED (isobar_packet_parse_hello (packet, NULL, NULL, &error));
  isobar_packet_free (packet);

#undef EXPECT_MALFORMED

  g_assert_false (isobar_packet_kind_is_valid (""));
  g_assert_false (isobar_packet_kind_is_valid ("a b"));
  g_assert_false (isobar_packet_kind_is_valid ("0123456789012345678901234567890123456789012345678901234567890123456789"));
  g_assert_true (isobar_packet_kind_is_valid ("bad-type"));
}

/* @head followed by @tail (nullable) is, byte for byte, the request
 * isobar_packet_encode_request (@job_id, @kind, @input), and decodes as it. */
static void
assert_head_and_tail_make (GBytes     *head,
                           GBytes     *tail,
                           guint64     job_id,
                           const char *kind,
                           GBytes     *input)
{
  g_autoptr(GBytes) whole = isobar_packet_encode_request (job_id, kind, input);
  g_autoptr(GByteArray) joined = g_byte_array_new ();
  g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD);
  g_autoptr(IsobarPacket) packet = NULL;
  g_autofree char *kind_out = NULL;
  g_autoptr(GBytes) input_out = NULL;
  g_autoptr(GError) error = NULL;

  g_byte_array_append (joined, g_bytes_get_data (head, NULL), g_bytes_get_size (head));
  if (tail != NULL)
    g_byte_array_append (joined, g_bytes_get_data (tail, NULL), g_bytes_get_size (tail));
  g_assert_cmpmem (joined->data, joined->len, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole));
  g_assert_true (isobar_packet_decoder_feed (decoder, joined->data, joined->len, &error));
  g_assert_no_error (error);
  packet = isobar_packet_decoder_pop (decoder);
  g_assert_nonnull (packet);
  g_assert_true (isobar_packet_parse_request (packet, &kind_out, &input_out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kind_out, ==, kind);
  g_assert_true (g_bytes_equal (input_out, input));
}

static void
test_kernel_input (void)
{
  g_autoptr(GBytes) job = bytes_from_string ("the job");
  g_autoptr(GBytes) series = bytes_from_string ("the series, rather longer");
  g_autoptr(GBytes) key = isobar_packet_kernel_series_key (series);
  g_autoptr(GBytes) other_key = isobar_packet_kernel_series_key (job);
  g_autoptr(GBytes) packed = isobar_packet_pack_kernel_input (job, key, series);
  g_autoptr(GBytes) key_only = isobar_packet_pack_kernel_input (job, key, NULL);
  g_autoptr(GBytes) mismatched = isobar_packet_pack_kernel_input (job, other_key, series);
  g_autoptr(GBytes) short_input = g_bytes_new ("\xff\0\0\0abc", 7);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, series);
  g_autoptr(GString) key_hex = g_string_new (NULL);

  g_assert_cmpuint (g_bytes_get_size (key), ==, ISOBAR_PACKET_SERIES_KEY_SIZE);
  for (gsize i = 0; i < ISOBAR_PACKET_SERIES_KEY_SIZE; i++)
    g_string_append_printf (key_hex, "%02x", ((const guint8 *) g_bytes_get_data (key, NULL))[i]);
  g_assert_cmpstr (key_hex->str, ==, sha256);
  g_assert_false (g_bytes_equal (key, other_key));

  /* with the series */
  {
    g_autoptr(GBytes) job_out = NULL;
    g_autoptr(GBytes) key_out = NULL;
    g_autoptr(GBytes) series_out = NULL;

    g_assert_true (isobar_packet_unpack_kernel_input (packed, &job_out, &key_out, &series_out, &error));
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (job, job_out));
    g_assert_true (g_bytes_equal (key, key_out));
    g_assert_true (g_bytes_equal (series, series_out));
  }
  /* the key alone: much smaller */
  {
    g_autoptr(GBytes) job_out = NULL;
    g_autoptr(GBytes) key_out = NULL;
    g_autoptr(GBytes) series_out = NULL;

    g_assert_cmpuint (g_bytes_get_size (key_only), ==, 4 + 7 + ISOBAR_PACKET_SERIES_KEY_SIZE + 1);
    g_assert_true (isobar_packet_unpack_kernel_input (key_only, &job_out, &key_out, &series_out, &error));
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (job, job_out));
    g_assert_true (g_bytes_equal (key, key_out));
    g_assert_null (series_out);
  }

  /* a series that is not what its key says */
  g_assert_false (isobar_packet_unpack_kernel_input (mismatched, NULL, NULL, NULL, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* too short for the job, or for the key and flag */
  g_assert_false (isobar_packet_unpack_kernel_input (short_input, NULL, NULL, NULL, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_clear_error (&error);
  {
    g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (key_only, 0, g_bytes_get_size (key_only) - 1);

    g_assert_false (isobar_packet_unpack_kernel_input (truncated, NULL, NULL, NULL, &error));
    g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
    g_clear_error (&error);
  }

  /* a bad flag; a key-only flag with bytes after it; a series flag with none */
  {
    gsize flag_at = 4 + 7 + ISOBAR_PACKET_SERIES_KEY_SIZE;
    struct { GBytes *base; guint8 flag; } cases[] = {
      { packed, 2 }, { packed, 0 }, { key_only, 1 }, { key_only, 0xff },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GByteArray) bytes = g_byte_array_new ();
        g_autoptr(GBytes) broken = NULL;

        g_byte_array_append (bytes, g_bytes_get_data (cases[i].base, NULL), g_bytes_get_size (cases[i].base));
        bytes->data[flag_at] = cases[i].flag;
        broken = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
        g_assert_false (isobar_packet_unpack_kernel_input (broken, NULL, NULL, NULL, &error));
        g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
        g_clear_error (&error);
      }
  }

  /* The head written before the series' own bytes makes the same packet,
   * and a key-only head is the whole packet. */
  {
    g_autoptr(GBytes) head = isobar_packet_encode_kernel_head (7, job, key, g_bytes_get_size (series));
    g_autoptr(GBytes) key_only_head = isobar_packet_encode_kernel_head (7, job, key, 0);

    assert_head_and_tail_make (head, series, 7, ISOBAR_HELPER_KIND_KERNEL, packed);
    assert_head_and_tail_make (key_only_head, NULL, 7, ISOBAR_HELPER_KIND_KERNEL, key_only);
  }
}

/* The `kernel-inline` input carries the job and the whole series, no key:
 * its size is the series' plus a few bytes, and nothing shorter unpacks. */
static void
test_kernel_inline_input (void)
{
  g_autoptr(GBytes) job = bytes_from_string ("the job");
  g_autoptr(GBytes) series = bytes_from_string ("the series, rather longer");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) packed = isobar_packet_pack_kernel_inline_input (job, series);
  g_autoptr(GBytes) job_only = isobar_packet_pack_kernel_inline_input (empty, series);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_bytes_get_size (packed), ==, 4 + g_bytes_get_size (job) + g_bytes_get_size (series));
  {
    g_autoptr(GBytes) job_out = NULL;
    g_autoptr(GBytes) series_out = NULL;

    g_assert_true (isobar_packet_unpack_kernel_inline_input (packed, &job_out, &series_out, &error));
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (job, job_out));
    g_assert_true (g_bytes_equal (series, series_out));
  }
  /* an empty job is the kernel job parser's business, not the packet's */
  {
    g_autoptr(GBytes) job_out = NULL;
    g_autoptr(GBytes) series_out = NULL;

    g_assert_true (isobar_packet_unpack_kernel_inline_input (job_only, &job_out, &series_out, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (job_out), ==, 0);
    g_assert_true (g_bytes_equal (series, series_out));
  }

  /* The head written before the series' own bytes makes the same packet. */
  {
    g_autoptr(GBytes) head = isobar_packet_encode_kernel_inline_head (9, job, g_bytes_get_size (series));

    assert_head_and_tail_make (head, series, 9, ISOBAR_HELPER_KIND_KERNEL_INLINE, packed);
  }

  /* No series at all (a key-only request is not an inline one), a job
   * length past the end, too short for the length: refused. */
  {
    g_autoptr(GBytes) no_series = g_bytes_new_from_bytes (packed, 0, 4 + g_bytes_get_size (job));
    g_autoptr(GBytes) too_long = g_bytes_new ("\xff\0\0\0abc", 7);
    g_autoptr(GBytes) too_short = g_bytes_new ("\0\0\0", 3);
    GBytes *cases[] = { no_series, too_long, too_short, empty };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GBytes) job_out = NULL;
        g_autoptr(GBytes) series_out = NULL;

        g_assert_false (isobar_packet_unpack_kernel_inline_input (cases[i], &job_out, &series_out, &error));
        g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
        g_assert_null (job_out);
        g_assert_null (series_out);
        g_clear_error (&error);
      }
  }
}

/* Parses a packet whatever it claims to be; only must not crash. */
static void
parse_anything (const IsobarPacket *packet)
{
  g_autoptr(GError) remote = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) input = NULL;

  isobar_packet_parse_hello (packet, NULL, NULL, NULL);
  isobar_packet_parse_request (packet, &kind, &input, NULL);
  isobar_packet_parse_progress (packet, NULL, &text, NULL);
  isobar_packet_parse_error (packet, &remote, NULL);
}

/* Random byte flips, truncations and chunkings of a valid stream, then
 * pure noise: every outcome is packets or an error, never a crash. */
static void
test_fuzz (void)
{
  guint n_packets;
  g_autoptr(GByteArray) stream = build_stream (&n_packets);
  guint n_errors = 0, n_decoded = 0;

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (SMALL_LIMIT);
      g_autoptr(GByteArray) copy = g_byte_array_new ();
      gboolean ok = TRUE;
      guint flips = g_test_rand_int_range (1, 9);
      IsobarPacket *packet;

      if (round % 10 == 9)
        {
          g_byte_array_set_size (copy, g_test_rand_int_range (0, 512));
          for (guint i = 0; i < copy->len; i++)
            copy->data[i] = g_test_rand_int_range (0, 256);
        }
      else
        {
          g_byte_array_append (copy, stream->data, stream->len);
          for (guint f = 0; f < flips; f++)
            copy->data[g_test_rand_int_range (0, copy->len)] ^= 1 << g_test_rand_int_range (0, 8);
          if (g_test_rand_bit ())
            g_byte_array_set_size (copy, g_test_rand_int_range (0, copy->len));
        }

      for (guint offset = 0; ok && offset < copy->len;)
        {
          guint wanted = g_test_rand_int_range (1, 48);
          guint chunk = MIN (wanted, copy->len - offset);

          ok = isobar_packet_decoder_feed (decoder, copy->data + offset, chunk, NULL);
          offset += chunk;
          while ((packet = isobar_packet_decoder_pop (decoder)) != NULL)
            {
              g_assert_cmpuint (g_bytes_get_size (packet->payload), <=, SMALL_LIMIT);
              parse_anything (packet);
              isobar_packet_free (packet);
              n_decoded++;
            }
        }
      if (!ok || !isobar_packet_decoder_finish (decoder, NULL))
        n_errors++;
    }

  g_test_message ("fuzz: %u packets decoded, %u streams refused", n_decoded, n_errors);
  /* Both outcomes happened: the test exercised something. */
  g_assert_cmpuint (n_errors, >, 1000);
  g_assert_cmpuint (n_decoded, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/packet/round-trip/hello", test_round_trip_hello);
  g_test_add_func ("/packet/round-trip/request", test_round_trip_request);
  g_test_add_func ("/packet/round-trip/progress", test_round_trip_progress);
  g_test_add_func ("/packet/round-trip/result", test_round_trip_result);
  g_test_add_func ("/packet/round-trip/error", test_round_trip_error);
  g_test_add_func ("/packet/round-trip/cancel", test_round_trip_cancel);
  g_test_add_func ("/packet/decoder/byte-at-a-time", test_byte_at_a_time);
  g_test_add_func ("/packet/decoder/random-chunks", test_random_chunks);
  g_test_add_func ("/packet/decoder/truncated", test_truncated);
  g_test_add_func ("/packet/decoder/corrupt-header", test_corrupt_header);
  g_test_add_func ("/packet/decoder/oversize", test_oversize);
  g_test_add_func ("/packet/parse/bad-payloads", test_bad_payloads);
  g_test_add_func ("/packet/kernel-input", test_kernel_input);
  g_test_add_func ("/packet/kernel-inline-input", test_kernel_inline_input);
  g_test_add_func ("/packet/fuzz", test_fuzz);

  return g_test_run ();
}
