/* isobar-model-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the plain value objects of the core (IsobarLocation,
 * IsobarPlaceSeries and its IsobarForecast): their construct-only properties
 * are described once as a table of fields (indexed by property id), and the
 * shared get_property, set_property and finalize below read, write and free
 * the instance through that table. IsobarPlaceSeries, derivable, keeps its
 * fields in its private struct and calls the field functions on it.
 */

#pragma once

#include <math.h>

#include <glib-object.h>

#include "isobar-block.h"

G_BEGIN_DECLS

#define ISOBAR_MODEL_PARAM_FLAGS \
  (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS)

typedef enum
{
  ISOBAR_MODEL_FIELD_NONE = 0,      /* no field: an index with no property */
  ISOBAR_MODEL_FIELD_DOUBLE,
  ISOBAR_MODEL_FIELD_INT,
  ISOBAR_MODEL_FIELD_INT64,
  ISOBAR_MODEL_FIELD_STRING,        /* (owned) char *, kept as given */
  ISOBAR_MODEL_FIELD_NONEMPTY,      /* (owned) char *, "" kept as NULL */
  ISOBAR_MODEL_FIELD_BLOCK,         /* (owned) IsobarBlock * */
} IsobarModelFieldKind;

typedef struct
{
  IsobarModelFieldKind kind;
  gsize                offset;
} IsobarModelField;

/* One entry of a table indexed by property id. */
#define ISOBAR_MODEL_FIELD(kind, Type, member) \
  { ISOBAR_MODEL_FIELD_##kind, G_STRUCT_OFFSET (Type, member) }

#define ISOBAR_MODEL_MEMBER(instance, field, ctype) \
  ((ctype *) G_STRUCT_MEMBER_P ((instance), (field)->offset))

static inline const IsobarModelField *
isobar_model_field (const IsobarModelField *fields,
                    guint                   n_fields,
                    guint                   prop_id)
{
  if (prop_id >= n_fields || fields[prop_id].kind == ISOBAR_MODEL_FIELD_NONE)
    return NULL;
  return &fields[prop_id];
}

/* Returns FALSE when @prop_id names no field of the table. */
static inline gboolean
isobar_model_get_field (gpointer                instance,
                        const IsobarModelField *fields,
                        guint                   n_fields,
                        guint                   prop_id,
                        GValue                 *value)
{
  const IsobarModelField *field = isobar_model_field (fields, n_fields, prop_id);

  if (field == NULL)
    return FALSE;

  switch (field->kind)
    {
    case ISOBAR_MODEL_FIELD_DOUBLE:
      g_value_set_double (value, *ISOBAR_MODEL_MEMBER (instance, field, double));
      break;
    case ISOBAR_MODEL_FIELD_INT:
      g_value_set_int (value, *ISOBAR_MODEL_MEMBER (instance, field, int));
      break;
    case ISOBAR_MODEL_FIELD_INT64:
      g_value_set_int64 (value, *ISOBAR_MODEL_MEMBER (instance, field, gint64));
      break;
    case ISOBAR_MODEL_FIELD_STRING:
    case ISOBAR_MODEL_FIELD_NONEMPTY:
      g_value_set_string (value, *ISOBAR_MODEL_MEMBER (instance, field, char *));
      break;
    case ISOBAR_MODEL_FIELD_BLOCK:
      g_value_set_boxed (value, *ISOBAR_MODEL_MEMBER (instance, field, IsobarBlock *));
      break;
    case ISOBAR_MODEL_FIELD_NONE:
    default:
      return FALSE;
    }

  return TRUE;
}

/* Absent strings are NULL, whether they came as NULL or as "". */
static inline char *
isobar_model_dup_nonempty (const char *s)
{
  return (s != NULL && *s != '\0') ? g_strdup (s) : NULL;
}

/* Properties are construct-only: each is set once, into a zeroed field.
 * Returns FALSE when @prop_id names no field of the table. */
static inline gboolean
isobar_model_set_field (gpointer                instance,
                        const IsobarModelField *fields,
                        guint                   n_fields,
                        guint                   prop_id,
                        const GValue           *value)
{
  const IsobarModelField *field = isobar_model_field (fields, n_fields, prop_id);

  if (field == NULL)
    return FALSE;

  switch (field->kind)
    {
    case ISOBAR_MODEL_FIELD_DOUBLE:
      *ISOBAR_MODEL_MEMBER (instance, field, double) = g_value_get_double (value);
      break;
    case ISOBAR_MODEL_FIELD_INT:
      *ISOBAR_MODEL_MEMBER (instance, field, int) = g_value_get_int (value);
      break;
    case ISOBAR_MODEL_FIELD_INT64:
      *ISOBAR_MODEL_MEMBER (instance, field, gint64) = g_value_get_int64 (value);
      break;
    case ISOBAR_MODEL_FIELD_STRING:
      *ISOBAR_MODEL_MEMBER (instance, field, char *) = g_value_dup_string (value);
      break;
    case ISOBAR_MODEL_FIELD_NONEMPTY:
      *ISOBAR_MODEL_MEMBER (instance, field, char *) = isobar_model_dup_nonempty (g_value_get_string (value));
      break;
    case ISOBAR_MODEL_FIELD_BLOCK:
      *ISOBAR_MODEL_MEMBER (instance, field, IsobarBlock *) = g_value_dup_boxed (value);
      break;
    case ISOBAR_MODEL_FIELD_NONE:
    default:
      return FALSE;
    }

  return TRUE;
}

/* Frees every owned field of the table (strings and blocks). */
static inline void
isobar_model_clear_fields (gpointer                instance,
                           const IsobarModelField *fields,
                           guint                   n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const IsobarModelField *field = &fields[i];

      switch (field->kind)
        {
        case ISOBAR_MODEL_FIELD_STRING:
        case ISOBAR_MODEL_FIELD_NONEMPTY:
          g_clear_pointer (ISOBAR_MODEL_MEMBER (instance, field, char *), g_free);
          break;
        case ISOBAR_MODEL_FIELD_BLOCK:
          g_clear_pointer (ISOBAR_MODEL_MEMBER (instance, field, IsobarBlock *), isobar_block_unref);
          break;
        case ISOBAR_MODEL_FIELD_NONE:
        case ISOBAR_MODEL_FIELD_DOUBLE:
        case ISOBAR_MODEL_FIELD_INT:
        case ISOBAR_MODEL_FIELD_INT64:
        default:
          break;
        }
    }
}

typedef struct
{
  const IsobarModelField *fields;
  guint                   n_fields;
} IsobarModelTable;

static inline GQuark
isobar_model_table_quark (void)
{
  return g_quark_from_static_string ("isobar-model-table");
}

static inline const IsobarModelTable *
isobar_model_get_table (GObject *object)
{
  const IsobarModelTable *table = g_type_get_qdata (G_OBJECT_TYPE (object), isobar_model_table_quark ());

  g_assert (table != NULL);
  return table;
}

static inline void
isobar_model_finalize (GObject *object)
{
  const IsobarModelTable *table = isobar_model_get_table (object);
  GObjectClass *parent_class = g_type_class_peek_parent (G_OBJECT_GET_CLASS (object));

  isobar_model_clear_fields (object, table->fields, table->n_fields);

  parent_class->finalize (object);
}

static inline void
isobar_model_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  const IsobarModelTable *table = isobar_model_get_table (object);

  if (!isobar_model_get_field (object, table->fields, table->n_fields, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static inline void
isobar_model_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  const IsobarModelTable *table = isobar_model_get_table (object);

  if (!isobar_model_set_field (object, table->fields, table->n_fields, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

/* Makes @object_class, a final type, read and write its properties through
 * @table (static: it must outlive the type) and free the owned fields on
 * finalize before chaining up. Final, because the table is found from the
 * instance's type and the parent from the instance's class. */
static inline void
isobar_model_class_setup (GObjectClass           *object_class,
                          const IsobarModelTable *table)
{
  g_type_set_qdata (G_OBJECT_CLASS_TYPE (object_class), isobar_model_table_quark (), (gpointer) table);
  object_class->finalize = isobar_model_finalize;
  object_class->get_property = isobar_model_get_property;
  object_class->set_property = isobar_model_set_property;
}

/* The place every model carries: latitude, longitude and elevation, the
 * three pspecs at @latitude_id, @latitude_id + 1 and @latitude_id + 2. */
static inline void
isobar_model_install_place_params (GParamSpec **properties,
                                   guint        latitude_id)
{
  properties[latitude_id] = g_param_spec_double ("latitude", NULL, NULL, -90.0, 90.0, 0.0,
                                                 ISOBAR_MODEL_PARAM_FLAGS);
  properties[latitude_id + 1] = g_param_spec_double ("longitude", NULL, NULL, -180.0, 180.0, 0.0,
                                                     ISOBAR_MODEL_PARAM_FLAGS);
  properties[latitude_id + 2] = g_param_spec_double ("elevation", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                                                     ISOBAR_MODEL_PARAM_FLAGS | G_PARAM_LAX_VALIDATION);
  /* Unknown is NAN. g_param_spec_double() refuses a NAN default (it compares
   * it with the bounds) and validation calls NAN invalid (NAN != NAN), so the
   * default is set afterwards and the property validates laxly: the bounds
   * still clamp, and NAN goes through. */
  G_PARAM_SPEC_DOUBLE (properties[latitude_id + 2])->default_value = NAN;
}

static inline GParamSpec *
isobar_model_string_param (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, ISOBAR_MODEL_PARAM_FLAGS);
}

static inline GParamSpec *
isobar_model_block_param (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, ISOBAR_TYPE_BLOCK, ISOBAR_MODEL_PARAM_FLAGS);
}

G_END_DECLS
