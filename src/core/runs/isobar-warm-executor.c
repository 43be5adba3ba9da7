/* isobar-warm-executor.c: helper processes kept running between runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-run-plan.h"
#include "isobar-warm-executor.h"

struct _IsobarWarmExecutor
{
  GSettings      *settings;   /* (owned) */
  IsobarExecutor *executor;   /* (owned) (nullable) */
  GCancellable   *cancellable; /* (owned): cancelled when freed */
  gulong          changed_id;
};

static void
drop_executor (IsobarWarmExecutor *self)
{
  if (self->executor != NULL)
    isobar_executor_shutdown (self->executor);
  g_clear_object (&self->executor);
}

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  IsobarExecutor *executor = ISOBAR_EXECUTOR (source);
  g_autoptr(GError) error = NULL;

  /* A run that needs it starts it again, and says what went wrong. */
  if (!isobar_executor_start_finish (executor, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The helpers could not be started ahead of the run: %s", error->message);
}

void
isobar_warm_executor_warm (IsobarWarmExecutor *self)
{
  IsobarPipelineSettings settings;

  g_return_if_fail (self != NULL);

  isobar_run_plan_read_settings (self->settings, &settings);
  if (self->executor != NULL && isobar_executor_fits (self->executor, settings.compute, settings.compute_workers))
    return;

  drop_executor (self);
  if (settings.compute != ISOBAR_COMPUTE_PROCESS_POOL && settings.compute != ISOBAR_COMPUTE_PICKLE_POOL)
    return;

  self->executor = isobar_executor_new (settings.compute, settings.compute_workers);
  isobar_executor_start_async (self->executor, self->cancellable, on_started, NULL);
}

static void
on_settings_changed (GSettings          *settings,
                     const char         *key,
                     IsobarWarmExecutor *self)
{
  if (g_str_equal (key, "compute-strategy") || g_str_equal (key, "compute-workers"))
    isobar_warm_executor_warm (self);
}

IsobarWarmExecutor *
isobar_warm_executor_new (GSettings *settings)
{
  IsobarWarmExecutor *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_new0 (IsobarWarmExecutor, 1);
  self->settings = g_object_ref (settings);
  self->cancellable = g_cancellable_new ();
  self->changed_id = g_signal_connect (settings, "changed", G_CALLBACK (on_settings_changed), self);

  return self;
}

IsobarExecutor *
isobar_warm_executor_get (IsobarWarmExecutor *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->executor;
}

void
isobar_warm_executor_free (IsobarWarmExecutor *self)
{
  if (self == NULL)
    return;

  g_clear_signal_handler (&self->changed_id, self->settings);
  g_cancellable_cancel (self->cancellable);
  drop_executor (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_free (self);
}
