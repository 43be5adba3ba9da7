/* isobar-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-http.h"
#include "isobar-parser.h"

#define MIN_MAX_CONNS   10 /* libsoup's default */
#define READ_CHUNK_SIZE (64 * 1024)

SoupSession *
isobar_http_session_new (guint    timeout,
                         guint    max_conns_per_host,
                         gboolean direct)
{
  SoupSession *session;

  max_conns_per_host = MAX (max_conns_per_host, 1);
  session = soup_session_new_with_options ("max-conns-per-host", max_conns_per_host,
                                           "max-conns", MAX (max_conns_per_host, MIN_MAX_CONNS),
                                           "timeout", timeout,
                                           "idle-timeout", timeout,
                                           "user-agent", "Isobar/" PACKAGE_VERSION,
                                           NULL);
  if (direct)
    soup_session_set_proxy_resolver (session, NULL);

  return session;
}

struct _IsobarHttpSessions
{
  GAsyncQueue *idle;      /* (owned) SoupSession */
  guint        timeout;
  guint        max_conns_per_host;
  gboolean     direct;
};

IsobarHttpSessions *
isobar_http_sessions_new (guint    timeout,
                          guint    max_conns_per_host,
                          gboolean direct)
{
  IsobarHttpSessions *self = g_atomic_rc_box_new0 (IsobarHttpSessions);

  self->idle = g_async_queue_new_full (g_object_unref);
  self->timeout = timeout;
  self->max_conns_per_host = max_conns_per_host;
  self->direct = direct;
  return self;
}

IsobarHttpSessions *
isobar_http_sessions_ref (IsobarHttpSessions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
sessions_clear (gpointer data)
{
  IsobarHttpSessions *self = data;

  g_async_queue_unref (self->idle);
}

void
isobar_http_sessions_unref (IsobarHttpSessions *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, sessions_clear);
}

guint
isobar_http_sessions_get_timeout (IsobarHttpSessions *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->timeout;
}

SoupSession *
isobar_http_sessions_take (IsobarHttpSessions *self)
{
  SoupSession *session;

  g_return_val_if_fail (self != NULL, NULL);

  session = g_async_queue_try_pop (self->idle);
  if (session == NULL)
    session = isobar_http_session_new (self->timeout, self->max_conns_per_host, self->direct);
  return session;
}

void
isobar_http_sessions_give_back (IsobarHttpSessions *self,
                                SoupSession        *session)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (SOUP_IS_SESSION (session));

  g_async_queue_push (self->idle, session);
}

gboolean
isobar_http_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* "api.open-meteo.com" or "127.0.0.1:8080", for messages. */
static char *
describe_host (GUri *uri)
{
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return g_strdup (_("the server"));
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));
  return g_strdup (host);
}

/* Closes a body stream without reading the rest: libsoup would otherwise
 * read (and throw away) all that is left, however long, to keep the
 * connection; a cancelled close drops the connection instead. */
static void
abandon_stream (GInputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_input_stream_close (stream, cancelled, NULL);
}

static void
set_too_large_error (GError     **error,
                     const char  *host,
                     gsize        max_body_size)
{
  g_autofree char *formatted = g_format_size (max_body_size);

  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_TOO_LARGE,
               _("The answer from %s is larger than %s"), host, formatted);
}

/* An HTTP error status as an ISOBAR_ERROR, with Open-Meteo's reason when the
 * body has one. */
static void
set_status_error (GError      **error,
                  SoupMessage  *message,
                  GBytes       *body)
{
  guint status = soup_message_get_status (message);
  const char *phrase = soup_message_get_reason_phrase (message);
  g_autofree char *reason = body != NULL ? isobar_parse_error_reason (body) : NULL;
  IsobarError code;

  if (status == 429) /* Too Many Requests */
    code = ISOBAR_ERROR_RATE_LIMITED;
  else if (status >= 500 && status < 600)
    code = ISOBAR_ERROR_UNAVAILABLE;
  else
    code = ISOBAR_ERROR_SERVER;

  if (reason != NULL && *reason != '\0')
    {
      g_set_error_literal (error, ISOBAR_ERROR, code, reason);
      return;
    }

  if (phrase == NULL || *phrase == '\0')
    phrase = soup_status_get_phrase (status);
  g_set_error (error, ISOBAR_ERROR, code,
               _("The server answered HTTP %u %s"), status, phrase != NULL ? phrase : "");
}

/* The state of one GET, shared by the blocking and the async path. */
typedef struct
{
  SoupMessage  *message;  /* (owned) */
  GInputStream *stream;   /* (owned) (nullable) until sent */
  GByteArray   *data;     /* (owned) (nullable) the body so far */
  char         *host;     /* (owned) */
  guint         timeout;
  gsize         cap;
} Get;

static void
get_free (gpointer pointer)
{
  Get *get = pointer;

  g_clear_object (&get->message);
  g_clear_object (&get->stream);
  g_clear_pointer (&get->data, g_byte_array_unref);
  g_clear_pointer (&get->host, g_free);
  g_free (get);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Get, get_free)

static Get *
get_new (const char  *url,
         guint        timeout,
         gsize        max_body_size,
         GError     **error)
{
  g_autoptr(Get) get = g_new0 (Get, 1);

  get->message = soup_message_new (SOUP_METHOD_GET, url);
  if (get->message == NULL)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a web address"), url);
      return NULL;
    }
  soup_message_headers_append (soup_message_get_request_headers (get->message),
                               "Accept", "application/json");
  get->host = describe_host (soup_message_get_uri (get->message));
  get->timeout = timeout;
  /* A GByteArray holds at most G_MAXUINT bytes. */
  get->cap = MIN (max_body_size, (gsize) G_MAXUINT - READ_CHUNK_SIZE);

  return g_steal_pointer (&get);
}

/* What libsoup or GIO said of @get's transfer, turned into what the user
 * can act on. */
static GError *
get_transport_error (Get          *get,
                     const GError *cause)
{
  const char *host = get->host;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (cause);
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "%s did not answer within %u second",
                                     "%s did not answer within %u seconds", get->timeout),
                        host, get->timeout);
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                        _("The answer from %s ended early: %s"), host, cause->message);
  if (g_error_matches (cause, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
      g_error_matches (cause, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
    return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                        _("%s sent an answer that is not valid HTTP: %s"), host, cause->message);
  if (cause->domain == SOUP_SESSION_ERROR)
    return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_SERVER,
                        _("%s sent an answer Isobar cannot follow: %s"), host, cause->message);
  /* Resolver errors, refused or reset connections, unreachable hosts, TLS
   * missing or failing: the server cannot be reached. */
  return g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_NETWORK,
                      _("Could not reach %s: %s"), host, cause->message);
}

/* After sending: fails when the body is announced larger than the cap,
 * otherwise gets the buffer ready. */
static gboolean
get_start_body (Get     *get,
                GError **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (get->message);
  goffset announced = -1;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    announced = soup_message_headers_get_content_length (headers);

  if (announced > 0 && (guint64) announced > get->cap)
    {
      abandon_stream (get->stream);
      set_too_large_error (error, get->host, get->cap);
      return FALSE;
    }

  get->data = g_byte_array_sized_new (announced > 0 ? (guint) announced : READ_CHUNK_SIZE);
  return TRUE;
}

/* How much to read next: never more than the cap plus one byte, to know
 * that there was more. */
static gsize
get_next_chunk (Get *get)
{
  return MIN (get->cap + 1 - get->data->len, READ_CHUNK_SIZE);
}

/* After a read of @n bytes (0 at the end): fails past the cap. */
static gboolean
get_check_size (Get     *get,
                GError **error)
{
  if (get->data->len <= get->cap)
    return TRUE;

  abandon_stream (get->stream);
  set_too_large_error (error, get->host, get->cap);
  return FALSE;
}

/* The end of a GET: the body when the status is a success, otherwise the
 * error the status (or reading, @read_error) calls for. */
static GBytes *
get_complete (Get     *get,
              GError  *read_error,
              GError **error)
{
  g_autoptr(GBytes) body = NULL;
  guint status = soup_message_get_status (get->message);

  if (read_error == NULL && get->data != NULL)
    body = g_byte_array_free_to_bytes (g_steal_pointer (&get->data));

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (body == NULL)
        g_propagate_error (error, g_error_copy (read_error));
      return g_steal_pointer (&body);
    }

  /* An error status: its body only adds the reason, so a body we could not
   * read is no worse than none, unless the caller cancelled. */
  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (read_error));
      return NULL;
    }
  set_status_error (error, get->message, body);
  return NULL;
}

/* Reads the whole body, but never more than the cap. */
static gboolean
get_read_body (Get           *get,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!get_start_body (get, error))
    return FALSE;

  for (;;)
    {
      gsize chunk = get_next_chunk (get);
      guint old_len = get->data->len;
      gssize n;

      g_byte_array_set_size (get->data, old_len + chunk);
      n = g_input_stream_read (get->stream, get->data->data + old_len, chunk, cancellable, &local_error);
      if (n < 0)
        {
          abandon_stream (get->stream);
          g_propagate_error (error, get_transport_error (get, local_error));
          return FALSE;
        }
      g_byte_array_set_size (get->data, old_len + n);

      if (!get_check_size (get, error))
        return FALSE;
      if (n == 0)
        break;
    }

  if (!g_input_stream_close (get->stream, cancellable, &local_error))
    {
      g_propagate_error (error, get_transport_error (get, local_error));
      return FALSE;
    }

  return TRUE;
}

GBytes *
isobar_http_get (SoupSession   *session,
                 const char    *url,
                 guint          timeout,
                 gsize          max_body_size,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(Get) get = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  get = get_new (url, timeout, max_body_size, error);
  if (get == NULL)
    return NULL;

  get->stream = soup_session_send (session, get->message, cancellable, &local_error);
  if (get->stream == NULL)
    {
      g_propagate_error (error, get_transport_error (get, local_error));
      return NULL;
    }

  get_read_body (get, cancellable, &local_error);
  return get_complete (get, local_error, error);
}

static void get_read_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data);

/* Async path: ends @task with the outcome, @read_error (owned) when reading failed. */
static void
get_return (GTask  *task,
            GError *read_error)
{
  Get *get = g_task_get_task_data (task);
  g_autoptr(GError) owned_error = read_error;
  GError *error = NULL;
  GBytes *body = get_complete (get, owned_error, &error);

  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

static void
get_read_next (GTask *task)
{
  Get *get = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (get->stream, get_next_chunk (get), G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), get_read_cb, task);
}

static void
get_close_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) local_error = NULL;

  if (g_input_stream_close_finish (G_INPUT_STREAM (object), result, &local_error))
    get_return (task, NULL);
  else
    get_return (task, get_transport_error (g_task_get_task_data (task), local_error));
}

static void
get_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Get *get = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &local_error);
  if (bytes == NULL)
    {
      abandon_stream (get->stream);
      get_return (task, get_transport_error (get, local_error));
      return;
    }

  size = g_bytes_get_size (bytes);
  g_byte_array_append (get->data, g_bytes_get_data (bytes, NULL), (guint) size);
  if (!get_check_size (get, &error))
    get_return (task, error);
  else if (size == 0)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_input_stream_close_async (get->stream, G_PRIORITY_DEFAULT, cancellable,
                                  get_close_cb, g_steal_pointer (&task));
    }
  else
    get_read_next (g_steal_pointer (&task));
}

static void
get_sent_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Get *get = g_task_get_task_data (task);
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;

  get->stream = soup_session_send_finish (SOUP_SESSION (object), result, &local_error);
  if (get->stream == NULL)
    {
      g_task_return_error (task, get_transport_error (get, local_error));
      return;
    }

  if (!get_start_body (get, &error))
    {
      get_return (task, error);
      return;
    }
  get_read_next (g_steal_pointer (&task));
}

void
isobar_http_get_async (SoupSession         *session,
                       const char          *url,
                       guint                timeout,
                       gsize                max_body_size,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Get *get;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_http_get_async);
  g_task_set_name (task, "[isobar] http get");

  get = get_new (url, timeout, max_body_size, &error);
  if (get == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, get, get_free);

  soup_session_send_async (session, get->message, G_PRIORITY_DEFAULT, cancellable,
                           get_sent_cb, g_steal_pointer (&task));
}

GBytes *
isobar_http_get_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_http_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
isobar_http_sessions_get (IsobarHttpSessions  *sessions,
                          const char          *url,
                          gsize                max_body_size,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(GMainContext) own = g_main_context_new ();
  SoupSession *session;
  GBytes *body;

  g_return_val_if_fail (sessions != NULL, NULL);

  /* libsoup attaches the sources of a session and of its request to the
   * thread-default context: in a worker thread without one, the caller's
   * main context, whose lock the thread then takes (at background
   * priority, so the UI thread waited while it was preempted holding it),
   * and whose thread libsoup wakes for its queue. The request is
   * synchronous and needs no context iterated; this one never is, as the
   * fetcher's download threads do (BENCHMARKS.md §5j, §5l). */
  g_main_context_push_thread_default (own);
  session = isobar_http_sessions_take (sessions);
  body = isobar_http_get (session, url, sessions->timeout, max_body_size, cancellable, error);
  isobar_http_sessions_give_back (sessions, session);
  g_main_context_pop_thread_default (own);
  return body;
}
