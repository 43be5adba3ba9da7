/* isobar-run-controller-results.c: what the runs that succeeded leave: their
 * records (the last ISOBAR_RUN_CONTROLLER_MAX_RUNS) and each place's last
 * climate report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-run-controller-private.h"

/* The reports of the run that succeeded, one per place, each replacing the
 * place's last. */
void
_isobar_run_controller_keep_reports (IsobarRunController *self,
                                     GPtrArray           *reports)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  for (guint i = 0; i < reports->len && i < self->locations->len; i++)
    {
      IsobarLocation *location = g_ptr_array_index (self->locations, i);
      ReportEntry entry = { 0 };
      guint j;

      for (j = 0; j < self->reports->len; j++)
        if (isobar_location_equal (g_array_index (self->reports, ReportEntry, j).location, location))
          break;
      if (j < self->reports->len)
        g_array_remove_index (self->reports, j);

      entry.location = g_object_ref (location);
      entry.report = g_object_ref (g_ptr_array_index (reports, i));
      entry.finished = g_date_time_ref (now);
      g_array_append_val (self->reports, entry);
    }

  _isobar_run_controller_emit_reports_changed (self);
}

/* The newest record, the oldest dropped beyond ISOBAR_RUN_CONTROLLER_MAX_RUNS. */
void
_isobar_run_controller_keep_record (IsobarRunController *self,
                                    IsobarRunRecord     *record)
{
  guint n_runs = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  if (n_runs >= ISOBAR_RUN_CONTROLLER_MAX_RUNS)
    g_list_store_splice (self->runs, 0, n_runs - ISOBAR_RUN_CONTROLLER_MAX_RUNS + 1, NULL, 0);
  g_list_store_append (self->runs, record);
  _isobar_run_controller_set_latest (self, record);
}

IsobarClimateReport *
isobar_run_controller_get_report (IsobarRunController  *self,
                                  IsobarLocation       *location,
                                  GDateTime           **finished)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  if (finished != NULL)
    *finished = NULL;
  if (location == NULL)
    return NULL;

  for (guint i = 0; i < self->reports->len; i++)
    {
      ReportEntry *entry = &g_array_index (self->reports, ReportEntry, i);

      if (isobar_location_equal (entry->location, location))
        {
          if (finished != NULL)
            *finished = entry->finished;
          return entry->report;
        }
    }

  return NULL;
}

GListModel *
isobar_run_controller_get_runs (IsobarRunController *self)
{
  g_return_val_if_fail (ISOBAR_IS_RUN_CONTROLLER (self), NULL);

  return G_LIST_MODEL (self->runs);
}

void
isobar_run_controller_clear_runs (IsobarRunController *self)
{
  g_return_if_fail (ISOBAR_IS_RUN_CONTROLLER (self));

  g_list_store_remove_all (self->runs);
  _isobar_run_controller_set_latest (self, NULL);
}
