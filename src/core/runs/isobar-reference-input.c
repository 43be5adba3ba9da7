/* isobar-reference-input.c: the input of IsobarReference's run: the
 * archives' series and their places' names as the one line of JSON the
 * program reads on its stdin, built in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-json.h"
#include "isobar-reference-private.h"

#define INPUT_SCHEMA      "isobar-reference-input"

void
_isobar_reference_input_job_free (InputJob *job)
{
  g_clear_pointer (&job->series, g_ptr_array_unref);
  g_clear_pointer (&job->names, g_ptr_array_unref);
  g_free (job);
}

/* One line of JSON: the program's documented input. */
static GBytes *
build_input (InputJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, INPUT_SCHEMA);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "places");
  json_builder_begin_array (builder);
  for (guint i = 0; i < job->series->len; i++)
    {
      IsobarClimateSeries *series = g_ptr_array_index (job->series, i);
      const double *tmean = isobar_climate_series_get_tmean (series);
      guint n_days = isobar_climate_series_get_n_days (series);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, g_ptr_array_index (job->names, i));
      json_builder_set_member_name (builder, "first_julian");
      json_builder_add_int_value (builder, isobar_climate_series_get_first_julian (series));
      json_builder_set_member_name (builder, "tmean");
      json_builder_begin_array (builder);
      for (guint d = 0; d < n_days; d++)
        {
          if (isnan (tmean[d]))
            json_builder_add_null_value (builder);
          else
            json_builder_add_double_value (builder, tmean[d]);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = isobar_json_node_to_string (root, FALSE);
  return g_bytes_new_take (g_strconcat (text, "\n", NULL), strlen (text) + 1);
}

void
_isobar_reference_build_input_thread (GTask        *task,
                                      gpointer      source_object,
                                      gpointer      task_data,
                                      GCancellable *cancellable)
{
  g_task_return_pointer (task, build_input (task_data), (GDestroyNotify) g_bytes_unref);
}
