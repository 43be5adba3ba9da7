/* isobar-reference-output.c: what IsobarReference's program prints, one
 * line of JSON at a time: its run records (with each place's trends), its
 * progress and the depth it chose, each checked before it is believed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "isobar-error.h"
#include "isobar-reference-private.h"

#define PROGRESS_SCHEMA   "isobar-reference-progress"
#define DEPTH_SCHEMA      "isobar-reference-depth"
#define RECORD_SCHEMA     "isobar-run-record"

static gboolean
read_uint_member (JsonObject *object,
                  const char *name,
                  guint      *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > G_MAXUINT)
    return FALSE;
  *value = (guint) json_node_get_int (node);
  return TRUE;
}

static double
read_number_or_nan (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return NAN;
    }
}

/* The "trends" of a record, or NULL if it has none that make sense. */
static GPtrArray *
read_trends (JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "trends");
  g_autoptr(GPtrArray) trends = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  trends = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_reference_trend_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      IsobarReferenceTrend *trend;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return NULL;
      object = json_node_get_object (element);
      trend = g_new0 (IsobarReferenceTrend, 1);
      trend->name = g_strdup (json_object_get_string_member_with_default (object, "name", ""));
      trend->trend = read_number_or_nan (object, "trend_per_decade");
      trend->ci_low = read_number_or_nan (object, "ci_low");
      trend->ci_high = read_number_or_nan (object, "ci_high");
      g_ptr_array_add (trends, trend);
    }
  return g_steal_pointer (&trends);
}

static gboolean
handle_record (RunData     *data,
               JsonNode    *node,
               GError     **error)
{
  JsonObject *root = json_node_get_object (node);
  g_autoptr(IsobarRunRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *preset;
  GPtrArray *trends;

  record = isobar_run_record_new_from_json_node (node, &local_error);
  if (record == NULL)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_HELPER,
                   _("Real Python wrote a run record Isobar cannot read: %s"), local_error->message);
      return FALSE;
    }

  preset = json_object_get_string_member_with_default (root, "preset", NULL);
  trends = read_trends (root);
  if (preset != NULL && trends != NULL)
    g_hash_table_replace (data->trends, g_strdup (preset), trends);
  else if (trends != NULL)
    g_ptr_array_unref (trends);

  g_ptr_array_add (data->records, g_steal_pointer (&record));
  return TRUE;
}

/* One line of its stdout. FALSE and @error when it is not its output. */
gboolean
_isobar_reference_handle_line (GTask       *task,
                               const char  *line,
                               GError     **error)
{
  IsobarReference *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  const char *schema;
  guint done = 0, total = 0;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (parser));
  schema = json_object_get_string_member_with_default (root, "schema", NULL);
  if (schema == NULL)
    return FALSE;

  if (g_str_equal (schema, RECORD_SCHEMA))
    return handle_record (data, json_parser_get_root (parser), error);

  if (g_str_equal (schema, PROGRESS_SCHEMA))
    {
      const char *preset = json_object_get_string_member_with_default (root, "preset", NULL);

      if (preset == NULL || !read_uint_member (root, "done", &done) ||
          !read_uint_member (root, "total", &total))
        return FALSE;
      _isobar_reference_emit_progress (self, preset, done, total);
      return TRUE;
    }

  if (g_str_equal (schema, DEPTH_SCHEMA))
    {
      if (!read_uint_member (root, "resamples", &data->resamples))
        return FALSE;
      data->calibrated = g_strcmp0 (json_object_get_string_member_with_default (root, "chosen", NULL),
                                    "calibrated") == 0;
      return TRUE;
    }

  /* A line of a later version of the program: not ours to understand. */
  g_debug ("isobar-reference: ignoring a “%s” line", schema);
  return TRUE;
}
