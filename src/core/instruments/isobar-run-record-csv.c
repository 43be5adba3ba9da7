/* isobar-run-record-csv.c: run records as CSV: the header line and one
 * row per record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-run-record-private.h"

/* RFC 4180: a cell with a comma, a quote or a line break is quoted, its
 * quotes doubled. A NULL cell is empty. */
static char *
csv_join (GPtrArray *cells)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; i < cells->len; i++)
    {
      const char *text = g_ptr_array_index (cells, i);

      if (i > 0)
        g_string_append_c (line, ',');
      if (text == NULL)
        continue;

      if (strpbrk (text, ",\"\r\n") == NULL)
        {
          g_string_append (line, text);
          continue;
        }

      g_string_append_c (line, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }

  return g_string_free (line, FALSE);
}

static char *
field_to_csv (IsobarRunRecord *self,
              const Field     *field)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (!field_present (self, field))
    return NULL;

  switch (field->kind)
    {
    case FIELD_UINT:
      return g_strdup_printf ("%u", *FIELD_PTR (self, guint, field->offset));
    case FIELD_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *FIELD_PTR (self, guint64, field->offset));
    case FIELD_DOUBLE:
      value = *FIELD_PTR (self, double, field->offset);
      if (!isfinite (value))
        return NULL;
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", value));
    default:
      g_assert_not_reached ();
    }
}

const char *
isobar_run_record_csv_header (void)
{
  static gsize header = 0;

  if (g_once_init_enter (&header))
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();

      g_ptr_array_add (cells, (gpointer) "started");
      g_ptr_array_add (cells, (gpointer) "fetch_strategy");
      g_ptr_array_add (cells, (gpointer) "compute_strategy");
      for (gsize i = 0; i < _isobar_run_record_n_fields; i++)
        g_ptr_array_add (cells, (gpointer) _isobar_run_record_fields[i].column);
      g_ptr_array_add (cells, (gpointer) "digest");
      g_ptr_array_add (cells, (gpointer) "preset");
      g_ptr_array_add (cells, (gpointer) "python_version");
      g_ptr_array_add (cells, (gpointer) "renderer");

      g_once_init_leave (&header, (gsize) csv_join (cells));
    }

  return (const char *) header;
}

char *
isobar_run_record_to_csv_row (IsobarRunRecord *self)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (ISOBAR_IS_RUN_RECORD (self), NULL);

  g_ptr_array_add (cells, g_date_time_format_iso8601 (self->started));
  g_ptr_array_add (cells, g_strdup (self->fetch_strategy));
  g_ptr_array_add (cells, g_strdup (self->compute_strategy));
  for (gsize i = 0; i < _isobar_run_record_n_fields; i++)
    g_ptr_array_add (cells, field_to_csv (self, &_isobar_run_record_fields[i]));
  g_ptr_array_add (cells, g_strdup (self->digest));
  g_ptr_array_add (cells, g_strdup (self->preset));
  g_ptr_array_add (cells, g_strdup (self->python_version));
  g_ptr_array_add (cells, g_strdup (self->renderer));

  return csv_join (cells);
}
