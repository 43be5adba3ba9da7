/* isobar-data-source-operations.c: the data source's searches and forecasts:
 * their GTasks, running them on a client (the server's or the simulator's),
 * and the auto kind's fallback decision: a request the server cannot be
 * reached for is retried on the simulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-data-source-private.h"
#include "isobar-error.h"
#include "isobar-forecast-result-private.h"

static Operation *
operation_new (IsobarQueryKind kind)
{
  Operation *operation = g_new0 (Operation, 1);

  operation->query.kind = kind;
  return operation;
}

static void
operation_free (gpointer data)
{
  Operation *operation = data;

  g_clear_pointer (&operation->name, g_free);
  g_clear_error (&operation->server_error);
  g_free (operation);
}

static void operation_done_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

void
_isobar_data_source_run_on_client (GTask        *task,
                                   IsobarClient *client)
{
  Operation *operation = g_task_get_task_data (task);

  _isobar_client_query_async (client, &operation->query, g_task_get_cancellable (task),
                              operation_done_cb, g_object_ref (task));
}

static void
operation_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IsobarDataSource *self = g_task_get_source_object (task);
  Operation *operation = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GDestroyNotify value_free = NULL;
  gpointer value;

  /* The client's answer is ours as it is. */
  value = _isobar_client_query_finish (ISOBAR_CLIENT (object), result, &value_free, &error);
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
      _isobar_data_source_run_on_simulator (self, task);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

/* Runs @operation (taken) in a task of the data source's: on the server's
 * client, or on the simulator's when that is where requests go now. */
static void
start_operation (IsobarDataSource    *self,
                 Operation           *operation,
                 gpointer             source_tag,
                 const char          *name,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  operation->generation = self->generation;
  g_task_set_task_data (task, operation, operation_free);

  if (self->kind == ISOBAR_DATA_SOURCE_KIND_SIMULATOR ||
      (self->kind == ISOBAR_DATA_SOURCE_KIND_AUTO && self->using_simulator))
    _isobar_data_source_run_on_simulator (self, task);
  else
    _isobar_data_source_run_on_client (task, self->server_client);
}

void
isobar_data_source_search_async (IsobarDataSource    *self,
                                 const char          *name,
                                 guint                count,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Operation *operation;

  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  operation = operation_new (ISOBAR_QUERY_SEARCH);
  operation->name = g_strdup (name);
  operation->query.name = operation->name;
  operation->query.count = count;
  start_operation (self, operation, isobar_data_source_search_async, "[isobar] data source search",
                   cancellable, callback, user_data);
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
isobar_data_source_forecast_async (IsobarDataSource            *self,
                                   const IsobarForecastRequest *request,
                                   GCancellable                *cancellable,
                                   GAsyncReadyCallback          callback,
                                   gpointer                     user_data)
{
  Operation *operation;

  g_return_if_fail (ISOBAR_IS_DATA_SOURCE (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  operation = operation_new (ISOBAR_QUERY_FORECAST);
  operation->query.forecast = *request;
  start_operation (self, operation, isobar_data_source_forecast_async, "[isobar] data source forecast",
                   cancellable, callback, user_data);
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
