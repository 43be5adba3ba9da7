/* fuzz-common.c: what the fuzz-* targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "isobar-error.h"

#include "fuzz-common.h"

/* abort(), not GLib's fatal-log breakpoint (SIGTRAP): libFuzzer saves the
 * input on SIGABRT only. */
static GLogWriterOutput
abort_on_warnings (GLogLevelFlags   log_level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  GLogWriterOutput output = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return output;
}

/* Before libFuzzer's main(), in every target. */
__attribute__ ((constructor)) static void
fuzz_init (void)
{
  g_log_set_writer_func (abort_on_warnings, NULL, NULL);
}

void
fuzz_check_outcome (gboolean      succeeded,
                    const GError *error)
{
  if (succeeded)
    {
      g_assert_no_error (error);
      return;
    }
  g_assert_nonnull (error);
  g_assert_true (error->domain == ISOBAR_ERROR);
  g_assert_true (error->message != NULL && *error->message != '\0');
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

void
fuzz_check_block (IsobarBlock *block)
{
  const char * const *names;
  const gint64 *times;
  guint n;

  if (block == NULL)
    return;

  n = isobar_block_get_length (block);
  times = isobar_block_get_times (block);
  g_assert_nonnull (times);
  for (guint i = 0; i < n; i++)
    g_assert_true (times[i] >= G_GINT64_CONSTANT (-62135596800) - 86400 &&
                   times[i] <= G_GINT64_CONSTANT (253402300799) + 86400);

  names = isobar_block_get_variables (block);
  g_assert_nonnull (names);
  for (guint v = 0; names[v] != NULL; v++)
    {
      const double *values = isobar_block_get_values (block, names[v]);
      const char *unit = isobar_block_get_unit (block, names[v]);

      g_assert_true (g_utf8_validate (names[v], -1, NULL) && *names[v] != '\0');
      g_assert_true (unit != NULL && g_utf8_validate (unit, -1, NULL));
      g_assert_nonnull (values);
      for (guint i = 0; i < n; i++)
        {
          double value = isobar_block_get_value (block, names[v], i);

          g_assert_true (isfinite (values[i]) || isnan (values[i]));
          g_assert_true (value == values[i] || (isnan (value) && isnan (values[i])));
        }
    }
}

/* Uneven on purpose: a header split at every offset, a payload split
 * anywhere, several packets in one read. */
static const gsize chunk_sizes[] = { 1, 7, 20, 3, 64, 19, 4096, 2, 21, 65536 };

static void
decode (const guint8  *data,
        gsize          size,
        gsize          max_payload,
        gboolean       chunked,
        GPtrArray     *packets,
        GError       **error)
{
  g_autoptr(IsobarPacketDecoder) decoder = isobar_packet_decoder_new (max_payload);
  gboolean fed = TRUE;
  gsize offset = 0;
  guint k = 0;

  /* As the helper and IsobarHelperProcess do: feed what a read() gave,
   * deliver the packets complete before a fault, stop at the fault. */
  while (fed && offset < size)
    {
      gsize chunk = chunked ? chunk_sizes[k++ % G_N_ELEMENTS (chunk_sizes)] : size;
      gsize n = MIN (chunk, size - offset);
      IsobarPacket *packet;

      fed = isobar_packet_decoder_feed (decoder, data + offset, n, error);
      offset += n;
      while ((packet = isobar_packet_decoder_pop (decoder)) != NULL)
        g_ptr_array_add (packets, packet);
    }
  if (fed)
    isobar_packet_decoder_finish (decoder, error);
}

GPtrArray *
fuzz_decode_packets (const guint8  *data,
                     gsize          size,
                     gsize          max_payload,
                     GError       **error)
{
  g_autoptr(GPtrArray) whole = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_packet_free);
  g_autoptr(GPtrArray) chunked = g_ptr_array_new_with_free_func ((GDestroyNotify) isobar_packet_free);
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GError) chunked_error = NULL;

  decode (data, size, max_payload, FALSE, whole, &whole_error);
  decode (data, size, max_payload, TRUE, chunked, &chunked_error);

  /* How the bytes arrive must not change what they say. */
  g_assert_cmpuint (whole->len, ==, chunked->len);
  for (guint i = 0; i < whole->len; i++)
    {
      const IsobarPacket *a = g_ptr_array_index (whole, i);
      const IsobarPacket *b = g_ptr_array_index (chunked, i);

      g_assert_cmpint (a->type, ==, b->type);
      g_assert_cmpuint (a->job_id, ==, b->job_id);
      g_assert_true (g_bytes_equal (a->payload, b->payload));
    }
  g_assert_true ((whole_error == NULL) == (chunked_error == NULL));
  if (whole_error != NULL)
    {
      g_assert_error (chunked_error, whole_error->domain, whole_error->code);
      g_assert_cmpstr (chunked_error->message, ==, whole_error->message);
    }

  if (whole_error != NULL)
    g_propagate_error (error, g_steal_pointer (&whole_error));
  return g_steal_pointer (&whole);
}

#define REFERENCE_DAYS 3287  /* 2001-01-01 to 2009-12-31 */

IsobarClimateSeries *
fuzz_reference_series (void)
{
  g_autofree double *tmax = g_new (double, REFERENCE_DAYS);
  g_autofree double *tmin = g_new (double, REFERENCE_DAYS);
  g_autoptr(GDate) first = g_date_new_dmy (1, G_DATE_JANUARY, 2001);
  g_autoptr(GError) error = NULL;
  IsobarClimateSeries *series;
  guint32 noise = 1;

  /* A season, a slow warming, some noise, and a few missing days. */
  for (guint d = 0; d < REFERENCE_DAYS; d++)
    {
      noise = noise * 1103515245u + 12345u;
      tmax[d] = 14.0 + 9.0 * sin (2 * G_PI * (d - 105.0) / 365.25) + d * 0.0004
                + ((noise >> 16) % 600) / 100.0 - 3.0;
      tmin[d] = tmax[d] - 7.5;
      if (d % 211 == 17)
        tmax[d] = NAN;
    }

  series = isobar_climate_series_new (g_date_get_julian (first), REFERENCE_DAYS,
                                      tmax, tmin, NULL, &error);
  g_assert_no_error (error);
  return series;
}

GPtrArray *
fuzz_reference_jobs (IsobarClimateSeries *series)
{
  return isobar_climate_plan_jobs (series, FUZZ_RESAMPLES, FUZZ_SEED);
}

GPtrArray *
fuzz_reference_outputs (IsobarClimateSeries *series,
                        GPtrArray           *jobs)
{
  GPtrArray *outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < jobs->len; i++)
    {
      g_autoptr(GError) error = NULL;
      GBytes *output = isobar_kernel_run (g_ptr_array_index (jobs, i), series, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (outputs, output);
    }
  return outputs;
}
