/* isobar-run-controller-shutdown.c: the controller's way out: the run
 * cancelled and waited for on the main loop (never a nested one), then the
 * private simulator and the warm helpers stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-run-controller-private.h"

/* How long a shutdown waits for the run it cancelled to stop. */
#define SHUTDOWN_TIMEOUT_S 3

/* What is left once the run has stopped: the private simulator and the
 * helpers kept warm. */
void
_isobar_run_controller_stop_processes (IsobarRunController *self)
{
  if (self->simulator != NULL)
    isobar_simulator_stop (self->simulator);
  g_clear_object (&self->simulator);
  g_clear_pointer (&self->warm, isobar_warm_executor_free);
}

typedef struct
{
  gulong   running_id;
  guint    timeout_id;
  gulong   cancelled_id;
  gboolean completed;
} ShutdownData;

static void
shutdown_complete (GTask *task)
{
  IsobarRunController *self = g_task_get_source_object (task);
  ShutdownData *data = g_task_get_task_data (task);

  if (data->completed)
    return;
  data->completed = TRUE;
  g_clear_signal_handler (&data->running_id, self);
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_cancellable_disconnect (g_task_get_cancellable (task), data->cancelled_id);
  data->cancelled_id = 0;
  _isobar_run_controller_stop_processes (self);
  g_task_return_boolean (task, TRUE);
}

static gboolean
shutdown_complete_cb (gpointer user_data)
{
  shutdown_complete (user_data);

  return G_SOURCE_REMOVE;
}

/* Cancelled: stop waiting, later on the task's context (this may run in
 * any thread, and the handler may not disconnect itself). */
static void
shutdown_on_cancelled (GCancellable *cancellable,
                       GTask        *task)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_static_name (idle, "[isobar] shutdown cancelled");
  g_source_set_callback (idle, shutdown_complete_cb, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
}

static void
shutdown_on_running (IsobarRunController *self,
                     GParamSpec          *pspec,
                     GTask               *task)
{
  if (!self->running)
    shutdown_complete (task);
}

static gboolean
shutdown_on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  ShutdownData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  shutdown_complete (task);

  return G_SOURCE_REMOVE;
}

void
isobar_run_controller_shutdown_async (IsobarRunController *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ShutdownData *data;

  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_run_controller_shutdown_async);
  data = g_new0 (ShutdownData, 1);
  g_task_set_task_data (task, data, g_free);

  /* A cancelled run stops its helpers and reaps them on the main loop:
   * let it, for a bounded time, rather than leave them to init. */
  isobar_run_controller_cancel (self);
  if (!self->running)
    {
      shutdown_complete (task);
      return;
    }

  /* The task holds itself through the handlers until one completes it. */
  data->running_id = g_signal_connect_data (self, "notify::running", G_CALLBACK (shutdown_on_running),
                                            g_object_ref (task), (GClosureNotify) g_object_unref, 0);
  data->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, SHUTDOWN_TIMEOUT_S, shutdown_on_timeout,
                                                 g_object_ref (task), g_object_unref);
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (shutdown_on_cancelled),
                                                g_object_ref (task), g_object_unref);
}

gboolean
isobar_run_controller_shutdown_finish (IsobarRunController  *self,
                                       GAsyncResult         *result,
                                       GError              **error)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
isobar_run_controller_stop (IsobarRunController *self)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  isobar_run_controller_cancel (self);
  _isobar_run_controller_stop_processes (self);
}

/* The watchdog starts once the main loop runs, or its first probe would
 * count the wait for the loop as lateness. */
