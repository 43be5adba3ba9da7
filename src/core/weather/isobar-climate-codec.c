/* isobar-climate-codec.c: the little-endian numbers a climate series and the
 * kernels' outputs are written in, and a reader that refuses what runs short
 * or past the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isobar-climate-series.h"
#include "isobar-error.h"

void
isobar_climate_put_u32 (GByteArray *out,
                        guint32     value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (out, (const guint8 *) &le, sizeof le);
}

void
isobar_climate_put_i32 (GByteArray *out,
                        gint32      value)
{
  isobar_climate_put_u32 (out, (guint32) value);
}

void
isobar_climate_put_u64 (GByteArray *out,
                        guint64     value)
{
  guint64 le = GUINT64_TO_LE (value);

  g_byte_array_append (out, (const guint8 *) &le, sizeof le);
}

void
isobar_climate_put_f64 (GByteArray *out,
                        double      value)
{
  guint64 bits;

  G_STATIC_ASSERT (sizeof bits == sizeof value);
  memcpy (&bits, &value, sizeof bits);
  isobar_climate_put_u64 (out, bits);
}

void
isobar_climate_put_f64_array (GByteArray   *out,
                              const double *values,
                              gsize         n_values)
{
  for (gsize i = 0; i < n_values; i++)
    isobar_climate_put_f64 (out, values[i]);
}

void
isobar_climate_reader_init (IsobarClimateReader *reader,
                            GBytes              *bytes)
{
  gsize length = 0;

  reader->data = g_bytes_get_data (bytes, &length);
  reader->length = length;
  reader->offset = 0;
  reader->failed = FALSE;
}

gboolean
isobar_climate_reader_has_room (IsobarClimateReader *reader,
                                guint64              n_items,
                                gsize                item_size)
{
  guint64 left = reader->failed ? 0 : reader->length - reader->offset;

  return item_size == 0 || n_items <= left / item_size;
}

const guint8 *
isobar_climate_read_raw (IsobarClimateReader *reader,
                         gsize                n_bytes)
{
  const guint8 *p;

  if (!isobar_climate_reader_has_room (reader, n_bytes, 1))
    {
      reader->failed = TRUE;
      return NULL;
    }
  p = reader->data + reader->offset;
  reader->offset += n_bytes;
  return p;
}

guint32
isobar_climate_read_u32 (IsobarClimateReader *reader)
{
  const guint8 *p = isobar_climate_read_raw (reader, sizeof (guint32));
  guint32 le;

  if (p == NULL)
    return 0;
  memcpy (&le, p, sizeof le);
  return GUINT32_FROM_LE (le);
}

gint32
isobar_climate_read_i32 (IsobarClimateReader *reader)
{
  return (gint32) isobar_climate_read_u32 (reader);
}

guint64
isobar_climate_read_u64 (IsobarClimateReader *reader)
{
  const guint8 *p = isobar_climate_read_raw (reader, sizeof (guint64));
  guint64 le;

  if (p == NULL)
    return 0;
  memcpy (&le, p, sizeof le);
  return GUINT64_FROM_LE (le);
}

double
isobar_climate_read_f64 (IsobarClimateReader *reader)
{
  guint64 bits = isobar_climate_read_u64 (reader);
  double value;

  memcpy (&value, &bits, sizeof value);
  return value;
}

void
isobar_climate_read_f64_array (IsobarClimateReader *reader,
                               double              *values,
                               gsize                n_values)
{
  if (!isobar_climate_reader_has_room (reader, n_values, sizeof (double)))
    {
      reader->failed = TRUE;
      memset (values, 0, n_values * sizeof (double));
      return;
    }
  /* One copy of the little-endian block (a series is ~350 kB, and a
   * pickle-pool helper decodes one for every job), swapped on big-endian. */
  memcpy (values, reader->data + reader->offset, n_values * sizeof (double));
  reader->offset += n_values * sizeof (double);
#if G_BYTE_ORDER == G_BIG_ENDIAN
  for (gsize i = 0; i < n_values; i++)
    {
      guint64 bits;

      memcpy (&bits, &values[i], sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&values[i], &bits, sizeof bits);
    }
#endif
}

gboolean
isobar_climate_reader_finish (IsobarClimateReader  *reader,
                              const char           *what,
                              GError              **error)
{
  if (reader->failed)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The %s is truncated"), what);
      return FALSE;
    }
  if (reader->offset != reader->length)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The %s has %llu unexpected bytes at its end"),
                   what, (unsigned long long) (reader->length - reader->offset));
      return FALSE;
    }
  return TRUE;
}
