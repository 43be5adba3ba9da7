/* isobar-sim-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <libsoup/soup.h>

#include "isobar-sim-forecast.h"
#include "isobar-sim-geocoding.h"
#include "isobar-sim-json.h"
#include "isobar-sim-query.h"
#include "isobar-sim-server.h"
#include "isobar-sim-weather.h"

#define CONTENT_TYPE "application/json; charset=utf-8"

/* Hash channels of the knobs, apart from the weather's. */
enum
{
  KNOB_FAILURE = 101,
  KNOB_JITTER,
};

typedef enum
{
  ROUTE_NOT_FOUND,
  ROUTE_FORECAST,
  ROUTE_ARCHIVE,
  ROUTE_SEARCH,
} Route;

struct _IsobarSimServer
{
  IsobarSimOptions  options;
  SoupServer       *soup;         /* (owned) */
  guint             port;
  guint64           requests;     /* counted in arrival order */
  GHashTable       *pending;      /* (owned) Pending: delayed and stalled requests */
};

/* A request we hold back: until a timeout (latency) or for ever (stall). */
typedef struct
{
  IsobarSimServer   *server;
  SoupServerMessage *msg;         /* (owned) */
  GSource           *source;      /* (owned) */
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_source_unref (pending->source);
    }
  g_clear_object (&pending->msg);
  g_free (pending);
}

static void
pending_watch (Pending     *pending,
               GSource     *source,
               GSourceFunc  callback)
{
  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_source_unref (pending->source);
    }
  pending->source = source;
  g_source_set_callback (source, callback, pending, NULL);
  g_source_attach (source, NULL);
}

static Pending *
pending_new (IsobarSimServer   *server,
             SoupServerMessage *msg)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->server = server;
  pending->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  g_hash_table_add (server->pending, pending);
  return pending;
}

/* Lets a held request go on and forgets it. */
static void
pending_release (Pending *pending)
{
  soup_server_message_unpause (pending->msg);
  g_hash_table_remove (pending->server->pending, pending);
}

static gboolean
on_delay_over (gpointer user_data)
{
  pending_release (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean on_stalled_socket (GSocket      *socket,
                                   GIOCondition  condition,
                                   gpointer      user_data);

static void
watch_stalled (Pending      *pending,
               GIOCondition  condition)
{
  GSocket *socket = soup_server_message_get_socket (pending->msg);

  pending_watch (pending, g_socket_create_source (socket, condition, NULL), (GSourceFunc) on_stalled_socket);
}

/* A stalled request is dropped when its client goes away. */
static gboolean
on_stalled_socket (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  Pending *pending = user_data;
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if ((condition & (G_IO_HUP | G_IO_ERR)) == 0)
    {
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return G_SOURCE_CONTINUE;
      if (n > 0)
        {
          /* The client sent more (a pipelined request): wait for a hang-up. */
          watch_stalled (pending, G_IO_HUP | G_IO_ERR);
          return G_SOURCE_REMOVE;
        }
    }

  /* End of stream or an error: answer into the void so that libsoup
   * finishes the message and closes the connection. */
  soup_server_message_set_status (pending->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  pending_release (pending);
  return G_SOURCE_REMOVE;
}

static guint64
request_hash (const char *path,
              const char *query)
{
  /* FNV-1a: generationtime_ms depends on the request only. */
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  const char *parts[] = { path, "?", query != NULL ? query : "" };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    for (const char *p = parts[i]; *p != '\0'; p++)
      hash = (hash ^ (guchar) *p) * G_GUINT64_CONSTANT (0x100000001b3);
  return hash;
}

static Route
route_for (const char *path)
{
  if (g_strcmp0 (path, "/v1/forecast") == 0)
    return ROUTE_FORECAST;
  if (g_strcmp0 (path, "/v1/archive") == 0)
    return ROUTE_ARCHIVE;
  if (g_strcmp0 (path, "/v1/search") == 0)
    return ROUTE_SEARCH;
  return ROUTE_NOT_FOUND;
}

static void
build_reply (IsobarSimServer *server,
             Route            route,
             const char      *path,
             const char      *raw_query,
             IsobarSimReply  *reply)
{
  g_autoptr(GHashTable) params = isobar_sim_params_parse (raw_query);
  guint64 hash = request_hash (path, raw_query);
  g_autoptr(IsobarSimQuery) query = NULL;
  g_autofree char *reason = NULL;

  switch (route)
    {
    case ROUTE_FORECAST:
    case ROUTE_ARCHIVE:
      query = isobar_sim_query_parse (route == ROUTE_FORECAST ? ISOBAR_SIM_ENDPOINT_FORECAST
                                                              : ISOBAR_SIM_ENDPOINT_ARCHIVE,
                                      params, &server->options.clock, &reason);
      if (query == NULL)
        {
          reply->status = SOUP_STATUS_BAD_REQUEST;
          isobar_sim_json_error (reply->body, reason);
          break;
        }
      reply->status = SOUP_STATUS_OK;
      /* A believable, fixed time: same request, same bytes. */
      isobar_sim_forecast_write (reply->body, query, server->options.seed,
                                 (double) (64 + hash % 4000) / 8192.0);
      break;

    case ROUTE_SEARCH:
      reply->status = isobar_sim_geocoding_write (reply->body, params,
                                                  (double) (500 + hash % 9000) / 10000.0);
      break;

    case ROUTE_NOT_FOUND:
    default:
      reply->status = SOUP_STATUS_NOT_FOUND;
      isobar_sim_json_error (reply->body, "Not Found");
    }
}

static IsobarSimFault
fault_for (IsobarSimServer *server,
           guint64          request)
{
  const IsobarSimOptions *options = &server->options;
  IsobarSimFault kind = options->fault != ISOBAR_SIM_FAULT_NONE ? options->fault : ISOBAR_SIM_FAULT_HTTP_503;
  double rate = options->fail_rate >= 0 ? options->fail_rate : 1.0;

  if (options->fault == ISOBAR_SIM_FAULT_NONE && options->fail_rate < 0)
    return ISOBAR_SIM_FAULT_NONE;
  if (rate < 1.0 && isobar_sim_hash_unit (options->seed, KNOB_FAILURE, (gint64) request) >= rate)
    return ISOBAR_SIM_FAULT_NONE;
  return kind;
}

static guint
delay_for (IsobarSimServer *server,
           guint64          request)
{
  const IsobarSimOptions *options = &server->options;
  guint jitter = 0;

  if (options->jitter_ms > 0)
    jitter = (guint) (isobar_sim_hash_unit (options->seed, KNOB_JITTER, (gint64) request)
                      * (options->jitter_ms + 1));
  return options->latency_ms + jitter;
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *decoded_query,
                gpointer           user_data)
{
  IsobarSimServer *server = user_data;
  guint64 request = server->requests++;
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
  Route route = route_for (path);
  IsobarSimFault fault = route != ROUTE_NOT_FOUND ? fault_for (server, request) : ISOBAR_SIM_FAULT_NONE;
  IsobarSimReply reply = { 0, NULL };
  gsize length;
  guint delay;

  if (fault != ISOBAR_SIM_FAULT_NONE)
    g_object_set_data (G_OBJECT (msg), "isobar-sim-fault", (gpointer) isobar_sim_fault_to_string (fault));

  if (fault == ISOBAR_SIM_FAULT_STALL)
    {
      watch_stalled (pending_new (server, msg), G_IO_IN | G_IO_HUP | G_IO_ERR);
      return;
    }
  if (fault == ISOBAR_SIM_FAULT_HUGE)
    {
      isobar_sim_fault_stream_huge (msg);
      return;
    }

  reply.body = g_string_new (NULL);
  if (fault == ISOBAR_SIM_FAULT_NONE || isobar_sim_fault_needs_body (fault))
    build_reply (server, route, path, raw_query, &reply);
  isobar_sim_fault_rewrite (fault, &reply);

  soup_server_message_set_status (msg, reply.status, reply.status == 429 ? "Too Many Requests" : NULL);
  length = reply.body->len;
  soup_server_message_set_response (msg, CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    g_string_free (reply.body, FALSE), length);

  delay = delay_for (server, request);
  if (delay > 0)
    {
      /* Never sleep: park the message and let the main loop go on. */
      Pending *pending = pending_new (server, msg);

      pending_watch (pending, g_timeout_source_new (delay), on_delay_over);
    }
}

static void
on_request_read (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  gint64 now = g_get_monotonic_time ();

  g_object_set_data_full (G_OBJECT (msg), "isobar-sim-start", g_memdup2 (&now, sizeof now), g_free);
}

static void
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const gint64 *start = g_object_get_data (G_OBJECT (msg), "isobar-sim-start");
  const char *fault = g_object_get_data (G_OBJECT (msg), "isobar-sim-fault");
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  gint64 elapsed_ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000 : 0;

  fprintf (stderr, "%s %s%s%s %u %" G_GINT64_FORMAT " ms%s%s%s\n",
           soup_server_message_get_method (msg),
           uri != NULL ? g_uri_get_path (uri) : "?",
           query != NULL ? "?" : "", query != NULL ? query : "",
           soup_server_message_get_status (msg), elapsed_ms,
           fault != NULL ? " fault=" : "", fault != NULL ? fault : "",
           outcome);
  fflush (stderr);
}

static void
on_request_finished (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  log_request (msg, "");
}

static void
on_request_aborted (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  log_request (msg, " aborted");
}

/* Loopback only: IPv4 127.0.0.1. soup_server_listen_local() listens with
 * GSocketListener's backlog of 10, so a client opening 16 connections at once
 * sees the extra ones dropped and retried a second later; a backlog of our own
 * keeps bursts of concurrent requests honest. */
static gboolean
listen_on_loopback (SoupServer  *soup,
                    guint        port,
                    GError     **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, 256);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  return soup_server_listen_socket (soup, socket, 0, error);
}

IsobarSimServer *
isobar_sim_server_new (const IsobarSimOptions  *options,
                       GError                 **error)
{
  g_autoptr(IsobarSimServer) server = g_new0 (IsobarSimServer, 1);
  GSList *uris;

  g_return_val_if_fail (options != NULL, NULL);

  server->options = *options;
  server->pending = g_hash_table_new_full (NULL, NULL, pending_free, NULL);
  server->soup = soup_server_new ("server-header", "isobar-sim/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (server->soup, NULL, handle_request, server, NULL);
  if (options->log)
    {
      g_signal_connect (server->soup, "request-read", G_CALLBACK (on_request_read), NULL);
      g_signal_connect (server->soup, "request-finished", G_CALLBACK (on_request_finished), NULL);
      g_signal_connect (server->soup, "request-aborted", G_CALLBACK (on_request_aborted), NULL);
    }

  if (!listen_on_loopback (server->soup, options->port, error))
    return NULL;

  uris = soup_server_get_uris (server->soup);
  server->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : 0;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&server);
}

guint
isobar_sim_server_get_port (IsobarSimServer *server)
{
  g_return_val_if_fail (server != NULL, 0);

  return server->port;
}

void
isobar_sim_server_free (IsobarSimServer *server)
{
  if (server == NULL)
    return;

  /* Held requests first (they hold messages of the server's connections). */
  g_clear_pointer (&server->pending, g_hash_table_unref);
  if (server->soup != NULL)
    soup_server_disconnect (server->soup);
  g_clear_object (&server->soup);
  g_free (server);
}
