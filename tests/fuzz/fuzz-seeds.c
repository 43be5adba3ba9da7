/* fuzz-seeds.c: writes the genuine streams the packet fuzzers start from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: fuzz-seeds DIR — writes DIR/packet-request/ (what the app sends a
 * helper) and DIR/packet-reply/ (what a helper answers) with the real
 * encoders, so that the seeds always speak the current protocol and carry
 * series keys that match. build-aux/fuzz.sh runs it into its scratch
 * corpus; nothing here is checked in.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "isobar-error.h"

#include "fuzz-common.h"

/* A shorter series for the requests (small seeds mutate fast), with the
 * three complete years a bootstrap needs, and a few resamples. */
#define SHORT_DAYS      1130
#define SHORT_RESAMPLES 8

static void
write_stream (const char *dir,
              const char *name,
              GByteArray *stream)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents (path, (const char *) stream->data, stream->len, &error))
    {
      g_printerr ("fuzz-seeds: %s\n", error->message);
      exit (EXIT_FAILURE);
    }
}

/* Appends @packet to @stream and drops it. */
static void
append (GByteArray *stream,
        GBytes     *packet)
{
  g_byte_array_append (stream, g_bytes_get_data (packet, NULL), g_bytes_get_size (packet));
  g_bytes_unref (packet);
}

static IsobarClimateSeries *
short_series (IsobarClimateSeries *reference)
{
  g_autoptr(GError) error = NULL;
  IsobarClimateSeries *series;

  series = isobar_climate_series_new (isobar_climate_series_get_first_julian (reference), SHORT_DAYS,
                                      isobar_climate_series_get_tmax (reference),
                                      isobar_climate_series_get_tmin (reference),
                                      NULL, &error);
  g_assert_no_error (error);
  return series;
}

/* The requests a process pool sends (the series with the first job only,
 * then its key), and the last two (bootstrap, heat map) as a pickle pool
 * sends them. */
static void
write_requests (const char *dir)
{
  g_autoptr(IsobarClimateSeries) reference = fuzz_reference_series ();
  g_autoptr(IsobarClimateSeries) series = short_series (reference);
  g_autoptr(GPtrArray) jobs = isobar_climate_plan_jobs (series, SHORT_RESAMPLES, FUZZ_SEED);
  g_autoptr(GBytes) wire = isobar_climate_series_serialize (series);
  g_autoptr(GBytes) key = isobar_packet_kernel_series_key (wire);
  g_autoptr(GByteArray) keyed = g_byte_array_new ();
  g_autoptr(GByteArray) inlined = g_byte_array_new ();
  g_autoptr(GByteArray) other = g_byte_array_new ();
  g_autoptr(GBytes) echo = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) spin = g_bytes_new_static ("0", 1);

  for (guint i = 0; i < jobs->len; i++)
    {
      g_autoptr(GBytes) job = isobar_kernel_job_serialize (g_ptr_array_index (jobs, i));
      g_autoptr(GBytes) input = isobar_packet_pack_kernel_input (job, key, i == 0 ? wire : NULL);
      g_autoptr(GBytes) inline_input = isobar_packet_pack_kernel_inline_input (job, wire);

      append (keyed, isobar_packet_encode_request (i + 1, ISOBAR_HELPER_KIND_KERNEL, input));
      if (i + 2 >= jobs->len)
        append (inlined, isobar_packet_encode_request (i + 1, ISOBAR_HELPER_KIND_KERNEL_INLINE, inline_input));
    }
  append (keyed, isobar_packet_encode_cancel (jobs->len));
  write_stream (dir, "kernel.bin", keyed);
  write_stream (dir, "kernel-inline.bin", inlined);

  append (other, isobar_packet_encode_request (1, "echo", echo));
  append (other, isobar_packet_encode_cancel (1));
  append (other, isobar_packet_encode_request (2, "spin", spin));
  write_stream (dir, "echo-spin.bin", other);
}

/* One helper's answers to a place's jobs: hello, then progress and a
 * result for each; and two that end in errors. */
static void
write_replies (const char *dir)
{
  g_autoptr(IsobarClimateSeries) series = fuzz_reference_series ();
  g_autoptr(GPtrArray) jobs = fuzz_reference_jobs (series);
  g_autoptr(GPtrArray) outputs = fuzz_reference_outputs (series, jobs);
  g_autoptr(GByteArray) results = g_byte_array_new ();
  g_autoptr(GByteArray) failed = g_byte_array_new ();
  g_autoptr(GByteArray) refused = g_byte_array_new ();
  g_autoptr(GError) job_error = NULL;
  g_autoptr(GError) stream_error = NULL;

  append (results, isobar_packet_encode_hello (FUZZ_PID));
  for (guint i = 0; i < jobs->len; i++)
    {
      g_autofree char *what = isobar_kernel_job_describe (g_ptr_array_index (jobs, i));

      append (results, isobar_packet_encode_progress (i + 1, 0.5, what));
      append (results, isobar_packet_encode_result (i + 1, g_ptr_array_index (outputs, i)));
    }
  write_stream (dir, "results.bin", results);

  job_error = g_error_new_literal (ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                                   "The helper does not have the series this kernel job needs");
  append (failed, isobar_packet_encode_hello (FUZZ_PID));
  append (failed, isobar_packet_encode_progress (1, 0.0, NULL));
  append (failed, isobar_packet_encode_error (1, job_error));
  write_stream (dir, "job-error.bin", failed);

  stream_error = g_error_new_literal (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                                      "The helper received a malformed packet: unknown packet type 99");
  append (refused, isobar_packet_encode_hello (FUZZ_PID));
  append (refused, isobar_packet_encode_error (0, stream_error));
  write_stream (dir, "refused.bin", refused);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *requests = NULL;
  g_autofree char *replies = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: %s DIR\n", argv[0]);
      return EXIT_FAILURE;
    }

  requests = g_build_filename (argv[1], "packet-request", NULL);
  replies = g_build_filename (argv[1], "packet-reply", NULL);
  if (g_mkdir_with_parents (requests, 0755) != 0 || g_mkdir_with_parents (replies, 0755) != 0)
    {
      g_printerr ("fuzz-seeds: cannot create the folders in %s\n", argv[1]);
      return EXIT_FAILURE;
    }
  write_requests (requests);
  write_replies (replies);
  return EXIT_SUCCESS;
}
