/* isobar-block.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-block.h"

/* A block is filled by its builder (the parser, a test) before it is shared;
 * from then on it is never written again, so readers in any thread need no
 * lock. Only the reference count changes, atomically. */

typedef struct
{
  char   *name;   /* (owned) */
  char   *unit;   /* (owned) */
  double *values; /* (owned) n_times doubles */
} Column;

struct _IsobarBlock
{
  gatomicrefcount  ref_count;
  guint            n_times;
  gint64          *times;    /* (owned) */
  GPtrArray       *columns;  /* (owned) (element-type Column), insertion order */
  GHashTable      *by_name;  /* (owned) name → Column, borrowed from columns */
  GPtrArray       *names;    /* (owned) column names, NULL-terminated, borrowed */
};

G_DEFINE_BOXED_TYPE (IsobarBlock, isobar_block, isobar_block_ref, isobar_block_unref)

static void
column_free (gpointer data)
{
  Column *column = data;

  g_free (column->name);
  g_free (column->unit);
  g_free (column->values);
  g_free (column);
}

IsobarBlock *
isobar_block_new (const gint64 *times,
                  guint         n_times)
{
  IsobarBlock *self;

  g_return_val_if_fail (times != NULL || n_times == 0, NULL);

  self = g_new0 (IsobarBlock, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_times = n_times;
  self->times = g_new (gint64, MAX (n_times, 1));
  if (n_times > 0)
    memcpy (self->times, times, sizeof (gint64) * n_times);
  self->columns = g_ptr_array_new_with_free_func (column_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->names = g_ptr_array_new ();
  g_ptr_array_add (self->names, NULL);

  return self;
}

void
isobar_block_add_variable (IsobarBlock  *self,
                           const char   *name,
                           const char   *unit,
                           const double *values)
{
  Column *column;
  double *copy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (values != NULL || self->n_times == 0);

  copy = g_new (double, MAX (self->n_times, 1));
  if (self->n_times > 0)
    memcpy (copy, values, sizeof (double) * self->n_times);

  column = g_hash_table_lookup (self->by_name, name);
  if (column != NULL)
    {
      /* Replace in place: the column keeps its position. */
      g_free (column->values);
      column->values = copy;
      g_free (column->unit);
      column->unit = g_strdup (unit != NULL ? unit : "");
      return;
    }

  column = g_new0 (Column, 1);
  column->name = g_strdup (name);
  column->unit = g_strdup (unit != NULL ? unit : "");
  column->values = copy;
  g_ptr_array_add (self->columns, column);
  g_hash_table_insert (self->by_name, column->name, column);

  /* Keep the NULL terminator last. */
  g_ptr_array_index (self->names, self->names->len - 1) = column->name;
  g_ptr_array_add (self->names, NULL);
}

IsobarBlock *
isobar_block_ref (IsobarBlock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
isobar_block_unref (IsobarBlock *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->times, g_free);
  g_free (self);
}

guint
isobar_block_get_length (IsobarBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_times;
}

const gint64 *
isobar_block_get_times (IsobarBlock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->times;
}

static Column *
lookup (IsobarBlock *self,
        const char  *name)
{
  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_name, name);
}

gboolean
isobar_block_has_variable (IsobarBlock *self,
                           const char  *name)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return lookup (self, name) != NULL;
}

const double *
isobar_block_get_values (IsobarBlock *self,
                         const char  *name)
{
  Column *column;

  g_return_val_if_fail (self != NULL, NULL);

  column = lookup (self, name);
  return column != NULL ? column->values : NULL;
}

double
isobar_block_get_value (IsobarBlock *self,
                        const char  *name,
                        guint        index)
{
  Column *column;

  g_return_val_if_fail (self != NULL, NAN);

  column = lookup (self, name);
  if (column == NULL || index >= self->n_times)
    return NAN;
  return column->values[index];
}

const char *
isobar_block_get_unit (IsobarBlock *self,
                       const char  *name)
{
  Column *column;

  g_return_val_if_fail (self != NULL, NULL);

  column = lookup (self, name);
  return column != NULL ? column->unit : NULL;
}

const char * const *
isobar_block_get_variables (IsobarBlock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->names->pdata;
}
