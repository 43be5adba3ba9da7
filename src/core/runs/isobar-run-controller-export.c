/* isobar-run-controller-export.c: the kept runs written to a file (JSON or
 * CSV), or the last run as a trace for Perfetto UI; the words that say how
 * it went are the controller's, whoever asked for the export shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-run-controller-private.h"
#include "isobar-run-export.h"
#include "isobar-sandbox.h"

/* One export in flight. */
typedef struct
{
  IsobarRunExportFormat  format;
  guint                  n_runs;
  char                  *asked;   /* (owned) (nullable) the path asked for, when the sandbox moved it */
  char                  *path;    /* (owned) where it was written */
} Export;

static void
export_free (Export *export)
{
  g_free (export->asked);
  g_free (export->path);
  g_free (export);
}

/* What to tell the user once the file is written. */
static char *
describe_export (const Export *export)
{
  gboolean trace = export->format == ISOBAR_RUN_EXPORT_TRACE_EVENTS;

  if (export->asked != NULL && trace)
    /* Translators: a toast after exporting a run for Perfetto UI inside a
     * Flatpak sandbox; the first %s is where the file went, the second
     * where it was asked to go */
    return g_strdup_printf (_("Exported the trace of the last run to “%s”: the sandbox keeps “%s” to itself"),
                            export->path, export->asked);
  if (export->asked != NULL)
    /* Translators: a toast after exporting the runs inside a Flatpak
     * sandbox; %u is the number of runs, the first %s where the file went,
     * the second where it was asked to go */
    return g_strdup_printf (ngettext ("Exported %u run to “%s”: the sandbox keeps “%s” to itself",
                                      "Exported %u runs to “%s”: the sandbox keeps “%s” to itself",
                                      export->n_runs),
                            export->n_runs, export->path, export->asked);
  if (trace)
    /* Translators: a toast after exporting a run for Perfetto UI */
    return g_strdup (_("Exported the trace of the last run"));

  /* Translators: a toast after exporting the runs */
  return g_strdup_printf (ngettext ("Exported %u run", "Exported %u runs", export->n_runs), export->n_runs);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const Export *export = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!isobar_run_export_finish (result, &error))
    g_task_return_new_error (task, error->domain, error->code,
                             export->format == ISOBAR_RUN_EXPORT_TRACE_EVENTS
                             /* Translators: %s is an error message */
                             ? _("Could not export the trace: %s")
                             /* Translators: %s is an error message */
                             : _("Could not export the runs: %s"),
                             error->message);
  else
    g_task_return_pointer (task, describe_export (export), g_free);
}

/* The last run, if it has a timeline (only Isobar's own runs do). */
static IsobarRunRecord *
dup_last_traced_run (GListModel *runs)
{
  guint n_runs = g_list_model_get_n_items (runs);
  g_autoptr(IsobarRunRecord) last = n_runs > 0 ? g_list_model_get_item (runs, n_runs - 1) : NULL;

  return last != NULL && isobar_run_record_get_timeline (last) != NULL ? g_steal_pointer (&last) : NULL;
}

gboolean
isobar_run_controller_can_export (IsobarRunController       *self,
                                  IsobarRunControllerExport  what)
{
  g_autoptr(IsobarRunRecord) traced = NULL;

  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), FALSE);

  if (what == ISOBAR_RUN_CONTROLLER_EXPORT_RUNS)
    return g_list_model_get_n_items (G_LIST_MODEL (self->runs)) > 0;

  traced = dup_last_traced_run (G_LIST_MODEL (self->runs));
  return traced != NULL;
}

void
isobar_run_controller_export_async (IsobarRunController       *self,
                                    IsobarRunControllerExport  what,
                                    const char                *path,
                                    GCancellable              *cancellable,
                                    GAsyncReadyCallback        callback,
                                    gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) file = NULL;
  GListModel *runs;
  Export *export;
  gboolean moved;

  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));
  g_return_if_fail (what == ISOBAR_RUN_CONTROLLER_EXPORT_RUNS || what == ISOBAR_RUN_CONTROLLER_EXPORT_TRACE);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, isobar_run_controller_export_async);

  runs = G_LIST_MODEL (self->runs);
  if (what == ISOBAR_RUN_CONTROLLER_EXPORT_TRACE)
    {
      IsobarRunRecord *last = dup_last_traced_run (runs);

      if (last == NULL)
        {
          g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT, "%s",
                                   _("The last run has no trace to export: only Isobar’s own runs have one, "
                                     "not real Python’s."));
          return;
        }
      g_ptr_array_add (records, last);
    }
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
        g_ptr_array_add (records, g_list_model_get_item (runs, i));
      if (records->len == 0)
        {
          g_task_return_new_error (task, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT, "%s",
                                   _("There are no runs to export yet."));
          return;
        }
    }

  export = g_new0 (Export, 1);
  export->format = what == ISOBAR_RUN_CONTROLLER_EXPORT_TRACE ? ISOBAR_RUN_EXPORT_TRACE_EVENTS
                                                              : isobar_run_export_format_for_path (path);
  export->n_runs = records->len;
  /* In a Flatpak, a path outside what the host sees goes to the app's
   * exports folder, and the words say where. */
  export->path = isobar_sandbox_reachable_path (path, &moved);
  export->asked = moved ? g_strdup (path) : NULL;
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);

  file = g_file_new_for_path (export->path);
  isobar_run_export_async ((IsobarRunRecord * const *) records->pdata, records->len, file, export->format,
                           cancellable, on_export_done, g_steal_pointer (&task));
}

char *
isobar_run_controller_export_finish (IsobarRunController  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
