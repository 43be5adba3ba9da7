/* isobar-run-record-json-write.c: a run record as JSON (the writer; the
 * reader is isobar-run-record-json-read.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "isobar-json.h"
#include "isobar-run-record-private.h"

static void
builder_add_number (JsonBuilder *builder,
                    double       value)
{
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
builder_add_field (JsonBuilder     *builder,
                   IsobarRunRecord *self,
                   const Field     *field)
{
  json_builder_set_member_name (builder, field->name);
  if (!field_present (self, field))
    {
      json_builder_add_null_value (builder);
      return;
    }

  switch (field->kind)
    {
    case FIELD_UINT:
      json_builder_add_int_value (builder, *FIELD_PTR (self, guint, field->offset));
      break;
    case FIELD_UINT64:
      json_builder_add_int_value (builder, (gint64) MIN (*FIELD_PTR (self, guint64, field->offset),
                                                         (guint64) G_MAXINT64));
      break;
    case FIELD_DOUBLE:
      builder_add_number (builder, *FIELD_PTR (self, double, field->offset));
      break;
    default:
      g_assert_not_reached ();
    }
}

JsonNode *
isobar_run_record_to_json_node (IsobarRunRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *started = NULL;
  const char *group = NULL;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  started = g_date_time_format_iso8601 (self->started);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, SCHEMA_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, ISOBAR_RUN_RECORD_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "started");
  json_builder_add_string_value (builder, started);

  json_builder_set_member_name (builder, "strategies");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fetch");
  json_builder_add_string_value (builder, self->fetch_strategy);
  json_builder_set_member_name (builder, "compute");
  json_builder_add_string_value (builder, self->compute_strategy);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "preset");
  json_builder_add_string_value (builder, self->preset);

  for (gsize i = 0; i < _isobar_run_record_n_fields; i++)
    {
      const Field *field = &_isobar_run_record_fields[i];

      if (g_strcmp0 (group, field->group) != 0)
        {
          if (group != NULL)
            json_builder_end_object (builder);
          group = field->group;
          if (group != NULL)
            {
              json_builder_set_member_name (builder, group);
              if (!field_present (self, field))
                {
                  /* An absent optional group is one null. */
                  json_builder_add_null_value (builder);
                  while (i + 1 < _isobar_run_record_n_fields && g_strcmp0 (_isobar_run_record_fields[i + 1].group, group) == 0)
                    i++;
                  group = NULL;
                  continue;
                }
              json_builder_begin_object (builder);
            }
        }
      builder_add_field (builder, self, field);
    }
  if (group != NULL)
    json_builder_end_object (builder);

  json_builder_set_member_name (builder, "renderer");
  if (self->renderer != NULL)
    json_builder_add_string_value (builder, self->renderer);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "python");
  if (self->python_version != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "implementation");
      json_builder_add_string_value (builder, self->python_implementation != NULL ? self->python_implementation : "");
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, self->python_version);
      json_builder_set_member_name (builder, "loop");
      json_builder_add_string_value (builder, self->python_loop != NULL ? self->python_loop : "");
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "digest");
  if (self->digest != NULL)
    json_builder_add_string_value (builder, self->digest);
  else
    json_builder_add_null_value (builder);

  /* Why frames were late and the loop stalled: only when something was. */
  if (self->late_frames->len > 0 || self->stalls->len > 0)
    {
      json_builder_set_member_name (builder, "late");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "frames");
      isobar_late_events_build (builder, self->late_frames);
      json_builder_set_member_name (builder, "stalls");
      isobar_late_events_build (builder, self->stalls);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "trace");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->trace->len; i++)
    {
      const IsobarTracePoint *point = &g_array_index (self->trace, IsobarTracePoint, i);

      json_builder_begin_array (builder);
      builder_add_number (builder, point->t_ms);
      builder_add_number (builder, point->lateness_ms);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
isobar_run_record_to_json (IsobarRunRecord *self,
                           gboolean         pretty)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  node = isobar_run_record_to_json_node (self);
  return isobar_json_node_to_string (node, pretty);
}

char *
isobar_run_records_to_json (IsobarRunRecord * const *records,
                            guint                    n_records,
                            gboolean                 pretty)
{
  g_autoptr(JsonArray) array = json_array_sized_new (n_records);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  g_return_val_if_fail (n_records == 0 || records != NULL, NULL);

  for (guint i = 0; i < n_records; i++)
    {
      g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (records[i]), NULL);
      json_array_add_element (array, isobar_run_record_to_json_node (records[i]));
    }
  json_node_set_array (node, array);

  return isobar_json_node_to_string (node, pretty);
}
