/* isobar-data-source-simulator.c: the data source's private simulator:
 * started on demand (requests that arrive while it starts wait for it),
 * reused while it runs, and stopped. A request that cannot have it fails
 * with the reason the user must hear about.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-data-source-private.h"

/* Stops the simulator and forgets its client. Requests waiting for it to
 * start fail with G_IO_ERROR_CANCELLED (through its start callback). */
void
_isobar_data_source_stop_simulator (IsobarDataSource *self)
{
  g_clear_object (&self->simulator_client);
  if (self->simulator != NULL)
    isobar_simulator_stop (self->simulator);
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
        _isobar_data_source_set_using_simulator (self, TRUE);
      _isobar_data_source_run_on_client (task, self->simulator_client);
    }
}

/* Runs @task on the simulator, starting it first when needed. */
void
_isobar_data_source_run_on_simulator (IsobarDataSource *self,
                                      GTask            *task)
{
  Operation *operation = g_task_get_task_data (task);

  operation->on_simulator = TRUE;

  if (self->simulator_client != NULL &&
      self->simulator != NULL &&
      isobar_simulator_is_running (self->simulator))
    {
      _isobar_data_source_run_on_client (task, self->simulator_client);
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
