/* isobar-data-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-data-source.h"
#include "isobar-error.h"
#include "isobar-forecast-result-private.h"
#include "isobar-simulator.h"
#include "isobar-urls.h"

struct _IsobarDataSource
{
  GObject               parent_instance;

  IsobarDataSourceKind  kind;
  char                 *forecast_url;       /* (owned) */
  char                 *archive_url;        /* (owned) */
  char                 *geocoding_url;      /* (owned) */
  char                **simulator_arguments; /* (owned) (nullable) */
  gboolean              using_simulator;

  /* Bumped whenever kind or URLs change, so that a request started under an
   * older configuration does not move the new one to the simulator. */
  guint                 generation;

  IsobarClient         *server_client;      /* (owned) (nullable) created on demand */
  IsobarSimulator      *simulator;          /* (owned) (nullable) */
  IsobarClient         *simulator_client;   /* (owned) (nullable) while it runs */
  GPtrArray            *simulator_waiters;  /* (owned) (element-type GTask) (nullable) while it starts */
};

G_DEFINE_FINAL_TYPE (IsobarDataSource, isobar_data_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_FORECAST_URL,
  PROP_ARCHIVE_URL,
  PROP_GEOCODING_URL,
  PROP_SIMULATOR_ARGUMENTS,
  PROP_USING_SIMULATOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_ids[] = {
  [ISOBAR_DATA_SOURCE_KIND_AUTO] = "auto",
  [ISOBAR_DATA_SOURCE_KIND_OPEN_METEO] = "open-meteo",
  [ISOBAR_DATA_SOURCE_KIND_SIMULATOR] = "simulator",
};

IsobarDataSourceKind
isobar_data_source_kind_from_string (const char *id)
{
  for (gsize i = 0; id != NULL && i < G_N_ELEMENTS (kind_ids); i++)
    {
      if (g_str_equal (id, kind_ids[i]))
        return (IsobarDataSourceKind) i;
    }
  return ISOBAR_DATA_SOURCE_KIND_AUTO;
}

const char *
isobar_data_source_kind_to_string (IsobarDataSourceKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_ids))
    return kind_ids[ISOBAR_DATA_SOURCE_KIND_AUTO];
  return kind_ids[kind];
}

/* One search or forecast, possibly retried on the simulator. */
typedef enum
{
  OPERATION_SEARCH,
  OPERATION_FORECAST,
} OperationKind;

typedef struct
{
  OperationKind  kind;
  char          *name;         /* (owned) search */
  guint          count;        /* search */
  double         latitude;     /* forecast */
  double         longitude;    /* forecast */
  IsobarUnits    units;        /* forecast */
  guint          days;         /* forecast */
  guint          generation;
  gboolean       on_simulator;
  GError        *server_error; /* (owned) (nullable) why we fell back */
} Operation;

static void
operation_free (gpointer data)
{
  Operation *operation = data;

  g_clear_pointer (&operation->name, g_free);
  g_clear_error (&operation->server_error);
  g_free (operation);
}


static void
set_using_simulator (IsobarDataSource *self,
                     gboolean          using_simulator)
{
  if (self->using_simulator == using_simulator)
    return;
  self->using_simulator = using_simulator;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USING_SIMULATOR]);
}

/* Stops the simulator and forgets its client. Requests waiting for it to
 * start fail with G_IO_ERROR_CANCELLED (through its start callback). */
static void
stop_simulator (IsobarDataSource *self)
{
  g_clear_object (&self->simulator_client);
  if (self->simulator != NULL)
    isobar_simulator_stop (self->simulator);
}

/* After a change of kind, URLs or simulator arguments. */
static void
configuration_changed (IsobarDataSource *self,
                       gboolean          simulator_changed)
{
  self->generation++;
  g_clear_object (&self->server_client);

  if (self->kind == ISOBAR_DATA_SOURCE_KIND_SIMULATOR)
    {
      if (simulator_changed)
        stop_simulator (self);
      set_using_simulator (self, TRUE);
    }
  else
    {
      /* open-meteo never uses it; auto tries the server again first. */
      stop_simulator (self);
      set_using_simulator (self, FALSE);
    }

  if (simulator_changed)
    g_clear_object (&self->simulator);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
isobar_data_source_dispose (GObject *object)
{
  IsobarDataSource *self = ISOBAR_DATA_SOURCE (object);

  isobar_data_source_shutdown (self);
  g_clear_object (&self->simulator);
  g_clear_object (&self->server_client);

  G_OBJECT_CLASS (isobar_data_source_parent_class)->dispose (object);
}

static void
isobar_data_source_finalize (GObject *object)
{
  IsobarDataSource *self = ISOBAR_DATA_SOURCE (object);

  g_clear_pointer (&self->forecast_url, g_free);
  g_clear_pointer (&self->archive_url, g_free);
  g_clear_pointer (&self->geocoding_url, g_free);
  g_clear_pointer (&self->simulator_arguments, g_strfreev);
  g_clear_pointer (&self->simulator_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (isobar_data_source_parent_class)->finalize (object);
}

static void
isobar_data_source_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IsobarDataSource *self = ISOBAR_DATA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_FORECAST_URL:
      g_value_set_string (value, self->forecast_url);
      break;
    case PROP_ARCHIVE_URL:
      g_value_set_string (value, self->archive_url);
      break;
    case PROP_GEOCODING_URL:
      g_value_set_string (value, self->geocoding_url);
      break;
    case PROP_SIMULATOR_ARGUMENTS:
      g_value_set_boxed (value, self->simulator_arguments);
      break;
    case PROP_USING_SIMULATOR:
      g_value_set_boolean (value, self->using_simulator);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_data_source_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IsobarDataSource *self = ISOBAR_DATA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      isobar_data_source_set_kind (self, g_value_get_int (value));
      break;
    case PROP_FORECAST_URL:
      isobar_data_source_set_urls (self, g_value_get_string (value), self->archive_url, self->geocoding_url);
      break;
    case PROP_ARCHIVE_URL:
      isobar_data_source_set_urls (self, self->forecast_url, g_value_get_string (value), self->geocoding_url);
      break;
    case PROP_GEOCODING_URL:
      isobar_data_source_set_urls (self, self->forecast_url, self->archive_url, g_value_get_string (value));
      break;
    case PROP_SIMULATOR_ARGUMENTS:
      {
        char **arguments = g_value_get_boxed (value);

        if (self->simulator_arguments == NULL && arguments == NULL)
          break;
        if (self->simulator_arguments != NULL && arguments != NULL &&
            g_strv_equal ((const char * const *) self->simulator_arguments,
                          (const char * const *) arguments))
          break;
        g_strfreev (self->simulator_arguments);
        self->simulator_arguments = g_strdupv (arguments);
        configuration_changed (self, TRUE);
        g_object_notify_by_pspec (object, pspec);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isobar_data_source_class_init (IsobarDataSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = isobar_data_source_dispose;
  object_class->finalize = isobar_data_source_finalize;
  object_class->get_property = isobar_data_source_get_property;
  object_class->set_property = isobar_data_source_set_property;

  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL,
                                            ISOBAR_DATA_SOURCE_KIND_AUTO,
                                            ISOBAR_DATA_SOURCE_KIND_SIMULATOR,
                                            ISOBAR_DATA_SOURCE_KIND_AUTO,
                                            flags);
  properties[PROP_FORECAST_URL] = g_param_spec_string ("forecast-url", NULL, NULL,
                                                       ISOBAR_OPEN_METEO_FORECAST_URL, flags);
  properties[PROP_ARCHIVE_URL] = g_param_spec_string ("archive-url", NULL, NULL,
                                                      ISOBAR_OPEN_METEO_ARCHIVE_URL, flags);
  properties[PROP_GEOCODING_URL] = g_param_spec_string ("geocoding-url", NULL, NULL,
                                                        ISOBAR_OPEN_METEO_GEOCODING_URL, flags);
  properties[PROP_SIMULATOR_ARGUMENTS] = g_param_spec_boxed ("simulator-arguments", NULL, NULL,
                                                             G_TYPE_STRV, flags);
  properties[PROP_USING_SIMULATOR] = g_param_spec_boolean ("using-simulator", NULL, NULL, FALSE,
                                                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                           G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
isobar_data_source_init (IsobarDataSource *self)
{
  self->kind = ISOBAR_DATA_SOURCE_KIND_AUTO;
  self->forecast_url = g_strdup (ISOBAR_OPEN_METEO_FORECAST_URL);
  self->archive_url = g_strdup (ISOBAR_OPEN_METEO_ARCHIVE_URL);
  self->geocoding_url = g_strdup (ISOBAR_OPEN_METEO_GEOCODING_URL);
}

IsobarDataSource *
isobar_data_source_new (void)
{
  return g_object_new (ISOBAR_TYPE_DATA_SOURCE, NULL);
}

IsobarDataSourceKind
isobar_data_source_get_kind (IsobarDataSource *self)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), ISOBAR_DATA_SOURCE_KIND_AUTO);

  return self->kind;
}

void
isobar_data_source_set_kind (IsobarDataSource     *self,
                             IsobarDataSourceKind  kind)
{
  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));
  g_return_if_fail (kind <= ISOBAR_DATA_SOURCE_KIND_SIMULATOR);

  if (self->kind == kind)
    return;

  self->kind = kind;
  configuration_changed (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
isobar_data_source_set_urls (IsobarDataSource *self,
                             const char       *forecast_url,
                             const char       *archive_url,
                             const char       *geocoding_url)
{
  gboolean forecast_changed, archive_changed, geocoding_changed;

  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));

  /* NULL means the default server. */
  forecast_changed = replace_string (&self->forecast_url,
                                     forecast_url != NULL ? forecast_url : ISOBAR_OPEN_METEO_FORECAST_URL);
  archive_changed = replace_string (&self->archive_url,
                                    archive_url != NULL ? archive_url : ISOBAR_OPEN_METEO_ARCHIVE_URL);
  geocoding_changed = replace_string (&self->geocoding_url,
                                      geocoding_url != NULL ? geocoding_url : ISOBAR_OPEN_METEO_GEOCODING_URL);

  if (!forecast_changed && !archive_changed && !geocoding_changed)
    return;

  configuration_changed (self, FALSE);

  if (forecast_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORECAST_URL]);
  if (archive_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_URL]);
  if (geocoding_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GEOCODING_URL]);
}

gboolean
isobar_data_source_get_using_simulator (IsobarDataSource *self)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), FALSE);

  return self->using_simulator;
}

static IsobarClient *
get_server_client (IsobarDataSource *self)
{
  if (self->server_client == NULL)
    self->server_client = isobar_client_new (self->forecast_url, self->archive_url, self->geocoding_url);
  return self->server_client;
}

static void operation_done_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
run_on_client (GTask        *task,
               IsobarClient *client)
{
  Operation *operation = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (operation->kind)
    {
    case OPERATION_SEARCH:
      isobar_client_search_async (client, operation->name, operation->count,
                                  cancellable, operation_done_cb, g_object_ref (task));
      break;
    case OPERATION_FORECAST:
      isobar_client_forecast_async (client, operation->latitude, operation->longitude,
                                    operation->units, operation->days,
                                    cancellable, operation_done_cb, g_object_ref (task));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A request that waited for the simulator and cannot have it. */
static void
return_simulator_error (GTask        *task,
                        const GError *error)
{
  Operation *operation = g_task_get_task_data (task);

  /* In auto mode the problem the user must hear about is the network. */
  if (operation->server_error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_new_error (task, operation->server_error->domain, operation->server_error->code,
                             _("%s (and the offline simulator did not start: %s)"),
                             operation->server_error->message, error->message);
  else
    g_task_return_error (task, g_error_copy (error));
}

static void
simulator_started_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(IsobarDataSource) self = user_data;
  IsobarSimulator *simulator = ISOBAR_SIMULATOR (object);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->simulator_waiters);
  g_autoptr(GError) error = NULL;
  gboolean started;

  started = isobar_simulator_start_finish (simulator, result, &error);

  /* Replaced (new arguments) while it started: it was stopped then. */
  if (started && simulator != self->simulator)
    {
      started = FALSE;
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The data source changed"));
    }

  if (started)
    {
      g_clear_object (&self->simulator_client);
      self->simulator_client = isobar_client_new_for_server (isobar_simulator_get_base_url (simulator));
    }

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      Operation *operation = g_task_get_task_data (task);

      if (!started)
        {
          return_simulator_error (task, error);
          continue;
        }

      /* The fallback holds while the configuration it was made under does. */
      if (self->kind == ISOBAR_DATA_SOURCE_KIND_AUTO && operation->generation == self->generation)
        set_using_simulator (self, TRUE);
      run_on_client (task, self->simulator_client);
    }
}

/* Runs @task on the simulator, starting it first when needed. */
static void
run_on_simulator (IsobarDataSource *self,
                  GTask            *task)
{
  Operation *operation = g_task_get_task_data (task);

  operation->on_simulator = TRUE;

  if (self->simulator_client != NULL &&
      self->simulator != NULL &&
      isobar_simulator_is_running (self->simulator))
    {
      run_on_client (task, self->simulator_client);
      return;
    }

  if (self->simulator_waiters != NULL)
    {
      g_ptr_array_add (self->simulator_waiters, g_object_ref (task));
      return;
    }

  g_clear_object (&self->simulator_client);
  if (self->simulator == NULL)
    self->simulator = isobar_simulator_new ((const char * const *) self->simulator_arguments);

  self->simulator_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->simulator_waiters, g_object_ref (task));
  /* Not the caller's cancellable: other requests may be waiting too. */
  isobar_simulator_start_async (self->simulator, NULL, simulator_started_cb, g_object_ref (self));
}

static void
start_operation (IsobarDataSource *self,
                 GTask            *task)
{
  if (self->kind == ISOBAR_DATA_SOURCE_KIND_SIMULATOR ||
      (self->kind == ISOBAR_DATA_SOURCE_KIND_AUTO && self->using_simulator))
    run_on_simulator (self, task);
  else
    run_on_client (task, get_server_client (self));
}

static void
operation_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsobarDataSource *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  IsobarClient *client = ISOBAR_CLIENT (object);
  g_autoptr(GError) error = NULL;
  gpointer value = NULL;
  GDestroyNotify value_free = NULL;

  switch (operation->kind)
    {
    case OPERATION_SEARCH:
      value = isobar_client_search_finish (client, result, &error);
      value_free = (GDestroyNotify) g_ptr_array_unref;
      break;
    case OPERATION_FORECAST:
      {
        g_autoptr(GBytes) body = NULL;
        IsobarForecast *forecast = isobar_client_forecast_finish (client, result, &body, &error);

        if (forecast != NULL)
          {
            value = isobar_forecast_result_new (forecast, g_steal_pointer (&body));
            value_free = isobar_forecast_result_free;
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }

  if (value != NULL)
    {
      g_task_return_pointer (task, value, value_free);
      return;
    }

  /* Auto: the server cannot be reached, so the simulator answers. Only for
   * NETWORK: a server that answers badly is not replaced silently. */
  if (!operation->on_simulator &&
      g_error_matches (error, ISOBAR_ERROR, ISOBAR_ERROR_NETWORK) &&
      self->kind == ISOBAR_DATA_SOURCE_KIND_AUTO &&
      operation->generation == self->generation &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_message ("%s: showing the built-in simulator's weather instead", error->message);
      operation->server_error = g_steal_pointer (&error);
      run_on_simulator (self, task);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

static GTask *
operation_task_new (IsobarDataSource    *self,
                    Operation           *operation,
                    gpointer             source_tag,
                    const char          *name,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  operation->generation = self->generation;
  g_task_set_task_data (task, operation, operation_free);
  return task;
}

void
isobar_data_source_search_async (IsobarDataSource    *self,
                                 const char          *name,
                                 guint                count,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Operation *operation;

  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  operation = g_new0 (Operation, 1);
  operation->kind = OPERATION_SEARCH;
  operation->name = g_strdup (name);
  operation->count = count;

  task = operation_task_new (self, operation, isobar_data_source_search_async,
                             "[isobar] data source search", cancellable, callback, user_data);
  start_operation (self, task);
}

GPtrArray *
isobar_data_source_search_finish (IsobarDataSource  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_data_source_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
isobar_data_source_forecast_async (IsobarDataSource    *self,
                                   double               latitude,
                                   double               longitude,
                                   IsobarUnits          units,
                                   guint                days,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Operation *operation;

  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  operation = g_new0 (Operation, 1);
  operation->kind = OPERATION_FORECAST;
  operation->latitude = latitude;
  operation->longitude = longitude;
  operation->units = units;
  operation->days = days;

  task = operation_task_new (self, operation, isobar_data_source_forecast_async,
                             "[isobar] data source forecast", cancellable, callback, user_data);
  start_operation (self, task);
}

IsobarForecast *
isobar_data_source_forecast_finish (IsobarDataSource  *self,
                                    GAsyncResult      *result,
                                    GBytes           **body,
                                    GError           **error)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == isobar_data_source_forecast_async, NULL);

  return isobar_forecast_result_propagate (G_TASK (result), body, error);
}

void
isobar_data_source_shutdown (IsobarDataSource *self)
{
  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));

  stop_simulator (self);
}

IsobarClient *
isobar_data_source_dup_server_client (IsobarDataSource *self)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), NULL);

  return g_object_ref (get_server_client (self));
}

const char * const *
isobar_data_source_get_simulator_arguments (IsobarDataSource *self)
{
  g_return_val_if_fail (ISOBAR_IS_DATA_SOURCE (self), NULL);

  return (const char * const *) self->simulator_arguments;
}
