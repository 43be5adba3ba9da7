/* isobar-run-plan.c: what a run covers and how it runs, read from the
 * settings when it starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-run-plan.h"
#include "isobar-sample-places.h"

static gboolean
contains_location (GPtrArray      *locations,
                   IsobarLocation *location)
{
  for (guint i = 0; i < locations->len; i++)
    if (isobar_location_equal (g_ptr_array_index (locations, i), location))
      return TRUE;

  return FALSE;
}

static void
add_location (GPtrArray      *locations,
              IsobarLocation *location,
              guint           limit)
{
  if (location != NULL && locations->len < limit && !contains_location (locations, location))
    g_ptr_array_add (locations, g_object_ref (location));
}

GPtrArray *
isobar_run_plan_collect_locations (GSettings *settings)
{
  guint limit = MAX (1, g_settings_get_uint (settings, "run-places"));
  g_autoptr(GPtrArray) locations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GVariant) selected = g_settings_get_value (settings, "selected-location");
  g_autoptr(GVariant) saved = g_settings_get_value (settings, "saved-locations");
  g_autoptr(GVariant) selected_place = g_variant_get_maybe (selected);
  g_autoptr(GPtrArray) samples = NULL;
  GVariantIter iter;
  GVariant *child;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  if (selected_place != NULL)
    {
      g_autoptr(IsobarLocation) location = isobar_location_new_from_variant (selected_place);

      add_location (locations, location, limit);
    }

  g_variant_iter_init (&iter, saved);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(IsobarLocation) location = isobar_location_new_from_variant (child);

      add_location (locations, location, limit);
      g_variant_unref (child);
    }

  samples = isobar_sample_places_new (limit);
  for (guint i = 0; i < samples->len; i++)
    add_location (locations, g_ptr_array_index (samples, i), limit);

  return g_steal_pointer (&locations);
}

void
isobar_run_plan_read_settings (GSettings              *settings,
                               IsobarPipelineSettings *pipeline_settings)
{
  g_autofree char *fetch = NULL;
  g_autofree char *compute = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (pipeline_settings != NULL);

  fetch = g_settings_get_string (settings, "fetch-strategy");
  compute = g_settings_get_string (settings, "compute-strategy");

  memset (pipeline_settings, 0, sizeof *pipeline_settings);
  if (!isobar_fetch_strategy_from_string (fetch, &pipeline_settings->fetch))
    pipeline_settings->fetch = ISOBAR_FETCH_THREAD_POOL;
  if (!isobar_compute_strategy_from_string (compute, &pipeline_settings->compute))
    pipeline_settings->compute = ISOBAR_COMPUTE_PROCESS_POOL;
  pipeline_settings->fetch_concurrency = MAX (1, g_settings_get_uint (settings, "fetch-concurrency"));
  pipeline_settings->compute_workers = g_settings_get_uint (settings, "compute-workers");
  pipeline_settings->years = CLAMP (g_settings_get_uint (settings, "analysis-years"), 3, ISOBAR_PIPELINE_MAX_YEARS);
  pipeline_settings->resamples = MIN (g_settings_get_uint (settings, "analysis-depth"), ISOBAR_MAX_RESAMPLES);
  pipeline_settings->seed = ISOBAR_PIPELINE_SEED;
  /* Python's sys.setswitchinterval, in µs for the interpreter lock. */
  pipeline_settings->switch_interval_us =
    (guint) (g_settings_get_double (settings, "switch-interval-ms") * 1000.0 + 0.5);
  /* Every run keeps its timeline, for the Runs page's Export Trace. */
  pipeline_settings->record_timeline = TRUE;
}
