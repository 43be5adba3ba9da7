/* isobar-run-record-json-read.c: a run record from JSON (the reader, with
 * its checks and their messages; the writer is
 * isobar-run-record-json-write.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "isobar-error.h"
#include "isobar-json-private.h"
#include "isobar-run-record-private.h"

static void
field_clear (IsobarRunRecord *self,
             const Field     *field)
{
  switch (field->kind)
    {
    case FIELD_UINT:
      *FIELD_PTR (self, guint, field->offset) = 0;
      break;
    case FIELD_UINT64:
      *FIELD_PTR (self, guint64, field->offset) = 0;
      break;
    case FIELD_DOUBLE:
      *FIELD_PTR (self, double, field->offset) = 0.0;
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *problem)
{
  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
               _("This is not a valid Isobar run record: “%s” %s"), path, problem);
  return FALSE;
}

/* The member @name of @object, which must be there; NULL and an error if not. */
static JsonNode *
require_member (JsonObject  *object,
                const char  *path,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      g_autofree char *full = path != NULL ? g_strdup_printf ("%s.%s", path, name) : g_strdup (name);

      invalid (error, full, _("is missing"));
    }

  return node;
}

static gboolean
read_double (JsonNode    *node,
             const char  *path,
             double      *value,
             GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return TRUE;
    }
  if (!isobar_json_node_is_number (node))
    return invalid (error, path, _("is not a number"));

  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
read_unsigned (JsonNode    *node,
               const char  *path,
               guint64      max,
               guint64     *value,
               GError     **error)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, path, _("is not a whole number"));

  v = json_node_get_int (node);
  if (v < 0 || (guint64) v > max)
    return invalid (error, path, _("is out of range"));

  *value = (guint64) v;
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *path,
             const char  *name,
             gboolean     nullable,
             const char **value,
             GError     **error)
{
  JsonNode *node = require_member (object, path, name, error);
  g_autofree char *full = NULL;

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      full = path != NULL ? g_strdup_printf ("%s.%s", path, name) : g_strdup (name);
      return invalid (error, full, _("is not a string"));
    }

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_field (IsobarRunRecord  *self,
            JsonObject       *object,
            const Field      *field,
            GError          **error)
{
  g_autofree char *path = field->group != NULL ?
    g_strdup_printf ("%s.%s", field->group, field->name) : g_strdup (field->name);
  JsonNode *node;
  guint64 value;

  if (field->added)
    {
      /* Written by an Isobar that did not know it yet: 0. */
      node = json_object_get_member (object, field->name);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          field_clear (self, field);
          return TRUE;
        }
    }
  else if ((node = require_member (object, field->group, field->name, error)) == NULL)
    return FALSE;

  /* An optional group is present or null as a whole (field_container());
   * a lone optional field by itself. */
  if (field->group == NULL && field->present_offset != ALWAYS && !field->added)
    {
      gboolean present = !JSON_NODE_HOLDS_NULL (node);

      *FIELD_PTR (self, gboolean, field->present_offset) = present;
      if (!present)
        return TRUE;
    }

  switch (field->kind)
    {
    case FIELD_UINT:
      if (!read_unsigned (node, path, G_MAXUINT, &value, error))
        return FALSE;
      *FIELD_PTR (self, guint, field->offset) = (guint) value;
      return TRUE;
    case FIELD_UINT64:
      if (!read_unsigned (node, path, G_MAXINT64, &value, error))
        return FALSE;
      *FIELD_PTR (self, guint64, field->offset) = value;
      return TRUE;
    case FIELD_DOUBLE:
      return read_double (node, path, FIELD_PTR (self, double, field->offset), error);
    default:
      g_assert_not_reached ();
    }
}

/* The object holding @field's group, or the root; *absent when an optional
 * group is null. */
static JsonObject *
field_container (IsobarRunRecord  *self,
                 JsonObject       *root,
                 const Field      *field,
                 gboolean         *absent,
                 GError          **error)
{
  JsonNode *node;

  *absent = FALSE;
  if (field->group == NULL)
    return root;

  /* A group added within the schema version: older files lack it. */
  if (field->added && field->present_offset != ALWAYS &&
      json_object_get_member (root, field->group) == NULL)
    {
      *FIELD_PTR (self, gboolean, field->present_offset) = FALSE;
      *absent = TRUE;
      return NULL;
    }

  node = require_member (root, NULL, field->group, error);
  if (node == NULL)
    return NULL;

  if (field->present_offset != ALWAYS)
    {
      *FIELD_PTR (self, gboolean, field->present_offset) = !JSON_NODE_HOLDS_NULL (node);
      if (JSON_NODE_HOLDS_NULL (node))
        {
          *absent = TRUE;
          return NULL;
        }
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, field->group, _("is not an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
read_trace (IsobarRunRecord  *self,
            JsonObject       *root,
            GError          **error)
{
  JsonNode *node = require_member (root, NULL, "trace", error);
  JsonArray *array;
  guint length;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "trace", _("is not an array"));

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  g_array_set_size (self->trace, length);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *pair_node = json_array_get_element (array, i);
      IsobarTracePoint *point = &g_array_index (self->trace, IsobarTracePoint, i);
      JsonArray *pair;

      if (!JSON_NODE_HOLDS_ARRAY (pair_node) ||
          json_array_get_length (pair = json_node_get_array (pair_node)) != 2)
        return invalid (error, "trace", _("holds something other than [time, lateness] pairs"));

      if (!read_double (json_array_get_element (pair, 0), "trace", &point->t_ms, error) ||
          !read_double (json_array_get_element (pair, 1), "trace", &point->lateness_ms, error))
        return FALSE;
    }

  return TRUE;
}

/* "late", added within schema version 1: absent in older files and when
 * nothing was late. */
static gboolean
read_late (IsobarRunRecord  *self,
           JsonObject       *root,
           GError          **error)
{
  static const struct
  {
    const char    *name;
    const char    *path;
    IsobarLateKind kind;
  } groups[] = {
    { "frames", "late.frames", ISOBAR_LATE_FRAME },
    { "stalls", "late.stalls", ISOBAR_LATE_STALL },
  };
  JsonNode *node = json_object_get_member (root, "late");
  JsonObject *late;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "late", _("is not an object"));

  late = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      JsonNode *member = json_object_get_member (late, groups[i].name);

      if (member == NULL)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (member))
        return invalid (error, groups[i].path, _("is not an array"));
      if (!isobar_late_events_read (member, late_events (self, groups[i].kind)))
        return invalid (error, groups[i].path, _("holds something other than late events"));
    }

  return TRUE;
}

/* "preset", "renderer" and "python", added within schema version 1:
 * absent in older files. */
static gboolean
read_optional_strings (IsobarRunRecord  *self,
                       JsonObject       *root,
                       GError          **error)
{
  const char *preset = NULL, *implementation, *version, *loop;
  JsonNode *node;
  JsonObject *python;

  if (json_object_has_member (root, "preset") &&
      !read_string (root, NULL, "preset", TRUE, &preset, error))
    return FALSE;
  isobar_run_record_set_preset (self, preset);

  if (json_object_has_member (root, "renderer"))
    {
      const char *renderer;

      if (!read_string (root, NULL, "renderer", TRUE, &renderer, error))
        return FALSE;
      isobar_run_record_set_renderer (self, renderer);
    }

  node = json_object_get_member (root, "python");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "python", _("is not an object"));
  python = json_node_get_object (node);
  if (!read_string (python, "python", "implementation", FALSE, &implementation, error) ||
      !read_string (python, "python", "version", FALSE, &version, error) ||
      !read_string (python, "python", "loop", FALSE, &loop, error))
    return FALSE;
  isobar_run_record_set_python (self, implementation, version, loop);

  return TRUE;
}

IsobarRunRecord *
isobar_run_record_new_from_json_node (JsonNode  *node,
                                      GError   **error)
{
  g_autoptr(IsobarRunRecord) self = NULL;
  JsonObject *root, *strategies;
  JsonNode *member;
  const char *schema, *started, *fetch, *compute, *digest;
  guint64 version;
  g_autoptr(GDateTime) started_time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "(root)", _("is not an object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!read_string (root, NULL, "schema", FALSE, &schema, error))
    return NULL;
  if (g_strcmp0 (schema, SCHEMA_NAME) != 0)
    {
      invalid (error, "schema", _("is not “isobar-run-record”"));
      return NULL;
    }

  if ((member = require_member (root, NULL, "version", error)) == NULL ||
      !read_unsigned (member, "version", G_MAXUINT, &version, error))
    return NULL;
  if (version < 1 || version > ISOBAR_RUN_RECORD_SCHEMA_VERSION)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("This run record has schema version %llu; this version of Isobar reads up to %d"),
                   (unsigned long long) version, ISOBAR_RUN_RECORD_SCHEMA_VERSION);
      return NULL;
    }

  self = g_object_new (ISOBAR_TYPE_RUN_RECORD, NULL);

  if (!read_string (root, NULL, "started", FALSE, &started, error))
    return NULL;
  started_time = g_date_time_new_from_iso8601 (started, utc);
  if (started_time == NULL)
    {
      invalid (error, "started", _("is not an ISO 8601 date and time"));
      return NULL;
    }
  isobar_run_record_set_started (self, started_time);

  if ((member = require_member (root, NULL, "strategies", error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (member))
    {
      invalid (error, "strategies", _("is not an object"));
      return NULL;
    }
  strategies = json_node_get_object (member);
  if (!read_string (strategies, "strategies", "fetch", FALSE, &fetch, error) ||
      !read_string (strategies, "strategies", "compute", FALSE, &compute, error))
    return NULL;
  isobar_run_record_set_strategies (self, fetch, compute);

  if (!read_optional_strings (self, root, error))
    return NULL;

  for (gsize i = 0; i < _isobar_run_record_n_fields; i++)
    {
      gboolean absent;
      JsonObject *container = field_container (self, root, &_isobar_run_record_fields[i], &absent, error);

      if (absent)
        continue;
      if (container == NULL || !read_field (self, container, &_isobar_run_record_fields[i], error))
        return NULL;
    }

  if (!read_string (root, NULL, "digest", TRUE, &digest, error))
    return NULL;
  isobar_run_record_set_digest (self, digest);

  if (!read_trace (self, root, error) || !read_late (self, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

IsobarRunRecord *
isobar_run_record_new_from_json (const char  *data,
                                 gssize       length,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                   _("This run record is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                           _("This run record is empty"));
      return NULL;
    }

  return isobar_run_record_new_from_json_node (root, error);
}
