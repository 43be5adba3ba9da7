/* isobar-sim-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-sim-faults.h"
#include "isobar-sim-json.h"

#define HUGE_CHUNK_SIZE (64 * 1024)

static const char * const fault_names[] = {
  [ISOBAR_SIM_FAULT_NONE] = "none",
  [ISOBAR_SIM_FAULT_HTTP_400] = "http-400",
  [ISOBAR_SIM_FAULT_HTTP_429] = "http-429",
  [ISOBAR_SIM_FAULT_HTTP_503] = "http-503",
  [ISOBAR_SIM_FAULT_TRUNCATED] = "truncated",
  [ISOBAR_SIM_FAULT_MALFORMED] = "malformed",
  [ISOBAR_SIM_FAULT_STALL] = "stall",
  [ISOBAR_SIM_FAULT_HUGE] = "huge",
};

gboolean
isobar_sim_fault_from_string (const char     *text,
                              IsobarSimFault *fault)
{
  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    if (g_strcmp0 (text, fault_names[i]) == 0)
      {
        *fault = (IsobarSimFault) i;
        return TRUE;
      }
  return FALSE;
}

const char *
isobar_sim_fault_to_string (IsobarSimFault fault)
{
  g_return_val_if_fail (fault < G_N_ELEMENTS (fault_names), NULL);

  return fault_names[fault];
}

gboolean
isobar_sim_fault_needs_body (IsobarSimFault fault)
{
  return fault == ISOBAR_SIM_FAULT_TRUNCATED || fault == ISOBAR_SIM_FAULT_MALFORMED;
}

static void
replace_with_error (IsobarSimReply *reply,
                    guint           status,
                    const char     *reason)
{
  reply->status = status;
  g_string_truncate (reply->body, 0);
  isobar_sim_json_error (reply->body, reason);
}

void
isobar_sim_fault_rewrite (IsobarSimFault  fault,
                          IsobarSimReply *reply)
{
  switch (fault)
    {
    case ISOBAR_SIM_FAULT_HTTP_400:
      replace_with_error (reply, 400,
                          "Cannot initialize WeatherVariable from invalid String value "
                          "simulated_fault for key hourly");
      break;
    case ISOBAR_SIM_FAULT_HTTP_429:
      replace_with_error (reply, 429, "Minutely API request limit exceeded. Please try again in one minute.");
      break;
    case ISOBAR_SIM_FAULT_HTTP_503:
      replace_with_error (reply, 503, "The service is overloaded");
      break;
    case ISOBAR_SIM_FAULT_TRUNCATED:
      /* Cut inside the body: the client gets a short, complete response. */
      reply->status = 200;
      g_string_truncate (reply->body, MAX (reply->body->len / 2, 1));
      break;
    case ISOBAR_SIM_FAULT_MALFORMED:
      /* Drop the closing bracket and add a stray character: the object is
       * left open and "@" is no JSON value. */
      reply->status = 200;
      if (reply->body->len > 0)
        g_string_truncate (reply->body, reply->body->len - 1);
      g_string_append (reply->body, ",@");
      break;
    case ISOBAR_SIM_FAULT_NONE:
    case ISOBAR_SIM_FAULT_STALL:
    case ISOBAR_SIM_FAULT_HUGE:
    default:
      break;
    }
}

typedef struct
{
  guint64 sent;      /* bytes handed to libsoup */
  guint64 counter;   /* numbers written */
  gboolean done;
} HugeStream;

static void
huge_append_chunk (SoupServerMessage *msg,
                   HugeStream        *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  GString *chunk;

  if (stream->done)
    return;
  if (stream->sent >= ISOBAR_SIM_HUGE_LIMIT)
    {
      stream->done = TRUE;
      soup_message_body_complete (body);
      return;
    }

  chunk = g_string_sized_new (HUGE_CHUNK_SIZE + 32);
  if (stream->sent == 0)
    g_string_append (chunk,
                     "{\"latitude\":52.52,\"longitude\":13.419998,\"generationtime_ms\":0.0625,"
                     "\"utc_offset_seconds\":0,\"timezone\":\"GMT\",\"timezone_abbreviation\":\"GMT\","
                     "\"elevation\":38.0,\"hourly_units\":{\"time\":\"iso8601\",\"temperature_2m\":\"°C\"},"
                     "\"hourly\":{\"temperature_2m\":[");
  while (chunk->len < HUGE_CHUNK_SIZE)
    {
      if (stream->counter++ > 0)
        g_string_append_c (chunk, ',');
      isobar_sim_json_fixed (chunk, (double) ((stream->counter * 7919) % 700) / 10.0 - 20.0, 1);
    }

  stream->sent += chunk->len;
  soup_message_body_append_take (body, (guchar *) chunk->str, chunk->len);
  g_string_free (chunk, FALSE);
}

static void
on_huge_wrote_chunk (SoupServerMessage *msg,
                     gpointer           user_data)
{
  huge_append_chunk (msg, user_data);
  soup_server_message_unpause (msg);
}

void
isobar_sim_fault_stream_huge (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  HugeStream *stream = g_new0 (HugeStream, 1);

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json; charset=utf-8", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  /* Written chunks are dropped: memory stays at one chunk. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  /* The state lives as long as the message; when the client goes away the
   * message is finished and freed, and no more chunks are made. */
  g_object_set_data_full (G_OBJECT (msg), "isobar-sim-huge", stream, g_free);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_huge_wrote_chunk), stream);
  huge_append_chunk (msg, stream);
}
