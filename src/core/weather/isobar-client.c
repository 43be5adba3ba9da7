/* isobar-client.c: the Open-Meteo client: its URLs, timeout and body cap,
 * the libsoup sessions, and the one query path (URL, GET on a worker
 * thread, parse) that its search, forecast and archive calls and the data
 * source's operations all run.
 *
 * Over 600 lines because the class and that query path share the sessions
 * and the lock that guards them: apart, the lock's rules would be read in
 * two files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isobar-background.h"
#include "isobar-client-private.h"
#include "isobar-error.h"
#include "isobar-forecast-result-private.h"
#include "isobar-http.h"
#include "isobar-parser.h"
#include "isobar-urls.h"

#define DEFAULT_TIMEOUT       30
#define DEFAULT_MAX_BODY_SIZE (32 * 1024 * 1024)
#define MAX_CONNS_PER_HOST    8

struct _IsobarClient
{
  GObject      parent_instance;

  char        *forecast_url;   /* (owned) */
  char        *archive_url;    /* (owned) */
  char        *geocoding_url;  /* (owned) */

  /* Workers take a reference to the sessions under the lock, so that a new
   * timeout (which needs new sessions: connections keep the one they were
   * made with) never pulls them from under a running request. */
  GMutex              lock;
  IsobarHttpSessions *sessions; /* (owned) (nullable) made on first use */
  guint        timeout;
  gsize        max_body_size;
};

G_DEFINE_FINAL_TYPE (IsobarClient, isobar_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORECAST_URL,
  PROP_ARCHIVE_URL,
  PROP_GEOCODING_URL,
  PROP_TIMEOUT,
  PROP_MAX_BODY_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Each kind of query: the public call its task stands for, the task's name,
 * and how to free what the task returns. */
static const struct
{
  gpointer        source_tag;
  const char     *task_name;
  GDestroyNotify  value_free;
} query_kinds[] = {
  [ISOBAR_QUERY_SEARCH] = { isobar_client_search_async, "[isobar] search", (GDestroyNotify) g_ptr_array_unref },
  [ISOBAR_QUERY_FORECAST] = { isobar_client_forecast_async, "[isobar] forecast", isobar_forecast_result_free },
  [ISOBAR_QUERY_ARCHIVE] = { isobar_client_archive_async, "[isobar] archive", g_object_unref },
};

/* What a worker needs, copied on the caller's thread. */
typedef struct
{
  IsobarQueryKind     kind;
  char               *url;            /* (owned) */
  IsobarHttpSessions *sessions;       /* (owned) */
  gsize               max_body_size;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_pointer (&request->url, g_free);
  g_clear_pointer (&request->sessions, isobar_http_sessions_unref);
  g_free (request);
}

static void
isobar_client_finalize (GObject *object)
{
  IsobarClient *self = ISOBAR_CLIENT (object);

  g_clear_pointer (&self->forecast_url, g_free);
  g_clear_pointer (&self->archive_url, g_free);
  g_clear_pointer (&self->geocoding_url, g_free);
  g_clear_pointer (&self->sessions, isobar_http_sessions_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (isobar_client_parent_class)->finalize (object);
}

static void
isobar_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  IsobarClient *self = ISOBAR_CLIENT (object);

  switch (prop_id)
    {
    case PROP_FORECAST_URL:
      g_value_set_string (value, self->forecast_url);
      break;
    case PROP_ARCHIVE_URL:
      g_value_set_string (value, self->archive_url);
      break;
    case PROP_GEOCODING_URL:
      g_value_set_string (value, self->geocoding_url);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, isobar_client_get_timeout (self));
      break;
    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, isobar_client_get_max_body_size (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  IsobarClient *self = ISOBAR_CLIENT (object);

  switch (prop_id)
    {
    case PROP_FORECAST_URL:
      self->forecast_url = g_value_dup_string (value);
      break;
    case PROP_ARCHIVE_URL:
      self->archive_url = g_value_dup_string (value);
      break;
    case PROP_GEOCODING_URL:
      self->geocoding_url = g_value_dup_string (value);
      break;
    case PROP_TIMEOUT:
      isobar_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_BODY_SIZE:
      isobar_client_set_max_body_size (self, (gsize) MIN (g_value_get_uint64 (value), G_MAXSIZE));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_client_class_init (IsobarClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct_only = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags read_write = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = isobar_client_finalize;
  object_class->get_property = isobar_client_get_property;
  object_class->set_property = isobar_client_set_property;

  properties[PROP_FORECAST_URL] = g_param_spec_string ("forecast-url", NULL, NULL, NULL, construct_only);
  properties[PROP_ARCHIVE_URL] = g_param_spec_string ("archive-url", NULL, NULL, NULL, construct_only);
  properties[PROP_GEOCODING_URL] = g_param_spec_string ("geocoding-url", NULL, NULL, NULL, construct_only);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL,
                                                0, G_MAXUINT, DEFAULT_TIMEOUT, read_write);
  properties[PROP_MAX_BODY_SIZE] = g_param_spec_uint64 ("max-body-size", NULL, NULL,
                                                        1, G_MAXUINT64, DEFAULT_MAX_BODY_SIZE, read_write);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_client_init (IsobarClient *self)
{
  g_mutex_init (&self->lock);
  self->timeout = DEFAULT_TIMEOUT;
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
}

IsobarClient *
isobar_client_new (const char *forecast_url,
                   const char *archive_url,
                   const char *geocoding_url)
{
  g_return_val_if_fail (forecast_url != NULL, NULL);
  g_return_val_if_fail (archive_url != NULL, NULL);
  g_return_val_if_fail (geocoding_url != NULL, NULL);

  return g_object_new (ISOBAR_TYPE_CLIENT,
                       "forecast-url", forecast_url,
                       "archive-url", archive_url,
                       "geocoding-url", geocoding_url,
                       NULL);
}

IsobarClient *
isobar_client_new_for_server (const char *base_url)
{
  g_autofree char *forecast_url = NULL;
  g_autofree char *archive_url = NULL;
  g_autofree char *geocoding_url = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  forecast_url = isobar_url_join (base_url, "/v1/forecast");
  archive_url = isobar_url_join (base_url, "/v1/archive");
  geocoding_url = isobar_url_join (base_url, "/v1/search");

  return isobar_client_new (forecast_url, archive_url, geocoding_url);
}

const char *
isobar_client_get_forecast_url (IsobarClient *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIENT (self), NULL);
  return self->forecast_url;
}

const char *
isobar_client_get_archive_url (IsobarClient *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIENT (self), NULL);
  return self->archive_url;
}

const char *
isobar_client_get_geocoding_url (IsobarClient *self)
{
  g_return_val_if_fail (ISOBAR_IS_CLIENT (self), NULL);
  return self->geocoding_url;
}

guint
isobar_client_get_timeout (IsobarClient *self)
{
  guint timeout;

  g_return_val_if_fail (ISOBAR_IS_CLIENT (self), 0);

  g_mutex_lock (&self->lock);
  timeout = self->timeout;
  g_mutex_unlock (&self->lock);
  return timeout;
}

void
isobar_client_set_timeout (IsobarClient *self,
                           guint         seconds)
{
  g_autoptr(IsobarHttpSessions) old_sessions = NULL;
  gboolean changed;

  g_return_if_fail (ISOBAR_IS_CLIENT (self));

  g_mutex_lock (&self->lock);
  changed = self->timeout != seconds;
  if (changed)
    {
      self->timeout = seconds;
      old_sessions = g_steal_pointer (&self->sessions);
    }
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

gsize
isobar_client_get_max_body_size (IsobarClient *self)
{
  gsize size;

  g_return_val_if_fail (ISOBAR_IS_CLIENT (self), 0);

  g_mutex_lock (&self->lock);
  size = self->max_body_size;
  g_mutex_unlock (&self->lock);
  return size;
}

void
isobar_client_set_max_body_size (IsobarClient *self,
                                 gsize         max_body_size)
{
  gboolean changed;

  g_return_if_fail (ISOBAR_IS_CLIENT (self));
  g_return_if_fail (max_body_size > 0);

  g_mutex_lock (&self->lock);
  changed = self->max_body_size != max_body_size;
  self->max_body_size = max_body_size;
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_SIZE]);
}

static IsobarHttpSessions *
create_sessions (IsobarClient *self)
{
  /* Nothing on loopback goes through a proxy, so the simulator never needs
   * the system's proxy settings (whose resolver wants GNOME's GSettings
   * schemas, absent in sandboxes and isolated tests). */
  return isobar_http_sessions_new (self->timeout, MAX_CONNS_PER_HOST,
                                   isobar_http_is_loopback (self->forecast_url) &&
                                   isobar_http_is_loopback (self->archive_url) &&
                                   isobar_http_is_loopback (self->geocoding_url));
}

/* The request's view of the client, taken on the caller's thread. */
static Request *
request_new (IsobarClient    *self,
             IsobarQueryKind  kind,
             char            *url)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->url = url;

  g_mutex_lock (&self->lock);
  if (self->sessions == NULL)
    self->sessions = create_sessions (self);
  request->sessions = isobar_http_sessions_ref (self->sessions);
  request->max_body_size = self->max_body_size;
  g_mutex_unlock (&self->lock);

  return request;
}

static gboolean
check_forecast_blocks (IsobarForecast  *forecast,
                       GError         **error)
{
  const char *missing = NULL;

  /* The weather view shows all three. */
  if (isobar_forecast_get_current (forecast) == NULL)
    missing = "current";
  else if (isobar_place_series_get_hourly (ISOBAR_PLACE_SERIES (forecast)) == NULL)
    missing = "hourly";
  else if (isobar_place_series_get_daily (ISOBAR_PLACE_SERIES (forecast)) == NULL)
    missing = "daily";

  if (missing == NULL)
    return TRUE;

  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
               _("The forecast has no %s block"), missing);
  return FALSE;
}

static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const Request *request = task_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  gpointer value = NULL;

  isobar_background_thread_enter ();

  body = isobar_http_sessions_get (request->sessions, request->url,
                                   request->max_body_size, cancellable, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Parsing is heavy for long histories: it stays in this thread. */
  switch (request->kind)
    {
    case ISOBAR_QUERY_SEARCH:
      value = isobar_parse_locations (body, &error);
      break;

    case ISOBAR_QUERY_FORECAST:
      {
        g_autoptr(IsobarForecast) forecast = isobar_parse_forecast (body, &error);

        if (forecast != NULL && check_forecast_blocks (forecast, &error))
          value = isobar_forecast_result_new (g_steal_pointer (&forecast), g_steal_pointer (&body));
      }
      break;

    case ISOBAR_QUERY_ARCHIVE:
      value = isobar_parse_archive (body, &error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, query_kinds[request->kind].value_free);
}

/* The language for place names: the user's, as a two-letter code. */
static char *
dup_search_language (void)
{
  const char * const *names = g_get_language_names ();

  for (gsize i = 0; names[i] != NULL; i++)
    {
      gsize len = strcspn (names[i], "_.@");

      if (len >= 2 && len <= 3 &&
          g_ascii_isalpha (names[i][0]) && g_ascii_isalpha (names[i][1]) &&
          strcmp (names[i], "C") != 0)
        return g_ascii_strdown (names[i], len);
    }

  return g_strdup ("en");
}

/* Open-Meteo answers nothing for a single letter: such a search is not sent. */
static gboolean
is_search_too_short (const IsobarQuery *query)
{
  g_autofree char *stripped = NULL;

  if (query->kind != ISOBAR_QUERY_SEARCH)
    return FALSE;

  stripped = g_strstrip (g_strdup (query->name));
  return g_utf8_validate (stripped, -1, NULL) && g_utf8_strlen (stripped, -1) < 2;
}

/* The URL that asks the server for @query. */
static char *
build_url (IsobarClient       *self,
           const IsobarQuery  *query,
           GError            **error)
{
  switch (query->kind)
    {
    case ISOBAR_QUERY_SEARCH:
      {
        g_autofree char *language = dup_search_language ();

        return isobar_url_for_search (self->geocoding_url, query->name, query->count, language, error);
      }

    case ISOBAR_QUERY_FORECAST:
      return isobar_url_for_forecast (self->forecast_url, &query->forecast, error);

    case ISOBAR_QUERY_ARCHIVE:
      return isobar_url_for_archive (self->archive_url, &query->archive, error);

    default:
      g_assert_not_reached ();
    }
}

void
_isobar_client_query_async (IsobarClient        *self,
                            const IsobarQuery   *query,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  char *url;

  g_task_set_source_tag (task, query_kinds[query->kind].source_tag);
  g_task_set_name (task, query_kinds[query->kind].task_name);

  if (is_search_too_short (query))
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             query_kinds[ISOBAR_QUERY_SEARCH].value_free);
      return;
    }

  url = build_url (self, query, &error);
  if (url == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, request_new (self, query->kind, url), request_free);
  g_task_run_in_thread (task, request_thread);
}

gpointer
_isobar_client_query_finish (IsobarClient    *self,
                             GAsyncResult    *result,
                             GDestroyNotify  *value_free,
                             GError         **error)
{
  gpointer source_tag = g_task_get_source_tag (G_TASK (result));

  g_assert (g_task_is_valid (result, self));

  for (guint kind = 0; kind < G_N_ELEMENTS (query_kinds); kind++)
    {
      if (query_kinds[kind].source_tag == source_tag)
        *value_free = query_kinds[kind].value_free;
    }

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
isobar_client_search_async (IsobarClient        *self,
                            const char          *name,
                            guint                count,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  IsobarQuery query = { .kind = ISOBAR_QUERY_SEARCH, .name = name, .count = count };

  g_return_if_fail (ISOBAR_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _isobar_client_query_async (self, &query, cancellable, callback, user_data);
}

GPtrArray *
isobar_client_search_finish (IsobarClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (ISOBAR_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_client_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
isobar_client_forecast_async (IsobarClient                *self,
                              const IsobarForecastRequest *request,
                              GCancellable                *cancellable,
                              GAsyncReadyCallback          callback,
                              gpointer                     user_data)
{
  IsobarQuery query = { .kind = ISOBAR_QUERY_FORECAST };

  g_return_if_fail (ISOBAR_IS_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  query.forecast = *request;
  _isobar_client_query_async (self, &query, cancellable, callback, user_data);
}

IsobarForecast *
isobar_client_forecast_finish (IsobarClient  *self,
                               GAsyncResult  *result,
                               GBytes       **body,
                               GError       **error)
{
  g_return_val_if_fail (ISOBAR_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_client_forecast_async, NULL);

  return isobar_forecast_result_propagate (G_TASK (result), body, error);
}

void
isobar_client_archive_async (IsobarClient               *self,
                             const IsobarArchiveRequest *request,
                             GCancellable               *cancellable,
                             GAsyncReadyCallback         callback,
                             gpointer                    user_data)
{
  IsobarQuery query = { .kind = ISOBAR_QUERY_ARCHIVE };

  g_return_if_fail (ISOBAR_IS_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  query.archive = *request;
  _isobar_client_query_async (self, &query, cancellable, callback, user_data);
}

IsobarArchive *
isobar_client_archive_finish (IsobarClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (ISOBAR_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_client_archive_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
