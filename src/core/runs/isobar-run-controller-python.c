/* isobar-run-controller-python.c: real Python's run (IsobarPythonRunner) on
 * the series of the last pipeline run that succeeded, through the
 * controller's progress and status; its records join the runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-run-controller-private.h"

void
_isobar_run_controller_on_python_progress (IsobarRunController *self,
                                           double               fraction,
                                           const char          *status,
                                           IsobarPythonRunner  *python)
{
  if (!self->python_run || !self->running)
    return;
  _isobar_run_controller_set_fraction (self, fraction);
  _isobar_run_controller_set_status (self, status);
}

static void
on_python_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IsobarRunController) self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = isobar_python_runner_run_finish (ISOBAR_PYTHON_RUNNER (source), result, &error);
  if (records == NULL)
    {
      _isobar_run_controller_fail_run (self, error);
      return;
    }

  /* The outcome, at 1, came as the runner's last progress. */
  for (guint i = 0; i < records->len; i++)
    _isobar_run_controller_keep_record (self, g_ptr_array_index (records, i));
  _isobar_run_controller_set_error (self, NULL);
  _isobar_run_controller_end_run (self);
}

void
isobar_run_controller_run_python (IsobarRunController *self)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  if (self->running)
    return;

  _isobar_run_controller_begin_run (self, TRUE);
  _isobar_run_controller_set_status (self, _("Starting real Python…"));
  isobar_python_runner_run_async (self->python, self->cancellable, on_python_done, g_object_ref (self));
}
