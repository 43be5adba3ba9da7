/* fuzz-packet-request.c: app → helper packets, decoded as isobar-helper does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: what the helper reads on its stdin in one life. Every packet is
 * decoded (whole and in uneven chunks, which must agree); a request is
 * parsed, and a `kernel` or `kernel-inline` request is unpacked and its job
 * and series decoded, as src/helper/isobar-helper-jobs.c does. A job cheap
 * enough is run on the series it carries, and its output must read back as
 * the app reads it. Every error the helper would send back is encoded and
 * must decode to the same error. Seeds: fuzz-seeds' packet-request folder and
 * tests/fuzz/corpus/packet-request.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-kernel-output.h"

#include "fuzz-common.h"

/* isobar_kernel_job_estimate_cost() units (~ days touched): a few
 * milliseconds at most under ASan. */
#define MAX_RUN_COST 400000

/* The contract of IsobarJobContextFuncs: in [0, 1], never decreasing. */
static gboolean
check_progress (gpointer   user_data,
                double     fraction_done,
                GError   **error)
{
  double *last = user_data;

  g_assert_true (fraction_done >= 0.0 && fraction_done <= 1.0);
  g_assert_cmpfloat (fraction_done, >=, *last);
  *last = fraction_done;
  return TRUE;
}

/* The helper's reply to a failed request, as the app reads it. */
static void
check_error_reply (guint64       job_id,
                   const GError *error)
{
  g_autoptr(GBytes) wire = isobar_packet_encode_error (job_id, error);
  g_autoptr(GPtrArray) packets = NULL;
  g_autoptr(GError) remote = NULL;
  g_autoptr(GError) decode_error = NULL;

  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  packets = fuzz_decode_packets (g_bytes_get_data (wire, NULL), g_bytes_get_size (wire),
                                 ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD, &decode_error);
  g_assert_no_error (decode_error);
  g_assert_cmpuint (packets->len, ==, 1);
  g_assert_true (isobar_packet_parse_error (g_ptr_array_index (packets, 0), &remote, &decode_error));
  g_assert_no_error (decode_error);
  g_assert_error (remote, error->domain, error->code);
  g_assert_cmpstr (remote->message, ==, error->message);
}

/* The output of a job, read back by the app's readers. */
static void
check_output (const IsobarKernelJob *job,
              GBytes                *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) array = NULL;
  g_autoptr(GBytes) pixels = NULL;
  static IsobarNormal normals[ISOBAR_CLIMATE_N_CDAYS];
  IsobarRecords records;
  IsobarTrend trend;
  gboolean ok = FALSE;

  switch (job->kernel)
    {
    case ISOBAR_KERNEL_NORMALS:
      ok = isobar_kernel_output_read_normals (output, job, normals, &error);
      break;
    case ISOBAR_KERNEL_RECORDS:
      ok = isobar_kernel_output_read_records (output, job, &records, &error);
      break;
    case ISOBAR_KERNEL_YEARLY:
      ok = isobar_kernel_output_read_yearly (output, job, &array, &error);
      break;
    case ISOBAR_KERNEL_TREND:
      ok = isobar_kernel_output_read_trend (output, job, &trend, &error);
      break;
    case ISOBAR_KERNEL_BOOTSTRAP:
      ok = isobar_kernel_output_read_bootstrap (output, job, &array, NULL, NULL, &error);
      break;
    case ISOBAR_KERNEL_HEATMAP:
      ok = isobar_kernel_output_read_heatmap (output, job, &pixels, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
run_job (const IsobarKernelJob *job,
         IsobarClimateSeries   *series,
         guint64                job_id)
{
  static const IsobarJobContextFuncs funcs = { check_progress };
  g_autoptr(IsobarJobContext) ctx = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;
  double last = 0.0;

  if (isobar_kernel_job_estimate_cost (job, series) > MAX_RUN_COST)
    return;

  ctx = isobar_job_context_new (&funcs, &last, NULL);
  output = isobar_kernel_run (job, series, ctx, &error);
  if (output == NULL)
    {
      /* A job that does not fit its series: the helper says so. */
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT);
      check_error_reply (job_id, error);
      return;
    }
  g_assert_no_error (error);
  check_output (job, output);
}

/* job_kernel() and job_kernel_inline() of isobar-helper-jobs.c up to the
 * run: unpack the input, decode the job and the series. A `kernel` request
 * may carry only its series' key, for the helper to use the series it kept
 * from an earlier request; this harness keeps none, and *series stays NULL. */
static gboolean
decode_kernel_request (const char           *kind,
                       GBytes               *input,
                       IsobarKernelJob     **job,
                       IsobarClimateSeries **series,
                       GError              **error)
{
  g_autoptr(GBytes) job_bytes = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) series_bytes = NULL;
  gboolean unpacked;

  if (strcmp (kind, ISOBAR_HELPER_KIND_KERNEL) == 0)
    {
      unpacked = isobar_packet_unpack_kernel_input (input, &job_bytes, &key, &series_bytes, error);
      g_assert_true (!unpacked || g_bytes_get_size (key) == ISOBAR_PACKET_SERIES_KEY_SIZE);
    }
  else
    {
      unpacked = isobar_packet_unpack_kernel_inline_input (input, &job_bytes, &series_bytes, error);
      g_assert_true (!unpacked || g_bytes_get_size (series_bytes) > 0);
    }
  if (!unpacked || (*job = isobar_kernel_job_deserialize (job_bytes, error)) == NULL)
    return FALSE;
  return series_bytes == NULL || (*series = isobar_climate_series_deserialize (series_bytes, error)) != NULL;
}

static void
handle_request (const IsobarPacket *packet)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(IsobarKernelJob) job = NULL;
  g_autoptr(IsobarClimateSeries) series = NULL;

  if (!isobar_packet_parse_request (packet, &kind, &input, &error))
    {
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED);
      check_error_reply (packet->job_id, error);
      return;
    }
  g_assert_true (isobar_packet_kind_is_valid (kind));
  g_assert_cmpuint (packet->job_id, !=, 0);

  /* echo, spin and the fault kinds read nothing more */
  if (strcmp (kind, ISOBAR_HELPER_KIND_KERNEL) != 0 && strcmp (kind, ISOBAR_HELPER_KIND_KERNEL_INLINE) != 0)
    return;

  if (!decode_kernel_request (kind, input, &job, &series, &error))
    {
      fuzz_check_outcome (FALSE, error);
      check_error_reply (packet->job_id, error);
      return;
    }
  if (series != NULL)
    run_job (job, series, packet->job_id);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GPtrArray) packets = NULL;
  g_autoptr(GError) error = NULL;

  packets = fuzz_decode_packets (data, size, ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD, &error);
  for (guint i = 0; i < packets->len; i++)
    {
      const IsobarPacket *packet = g_ptr_array_index (packets, i);

      /* The helper answers a request; a cancel between jobs is moot; any
       * other type is refused with an error packet. */
      if (packet->type == ISOBAR_PACKET_REQUEST)
        handle_request (packet);
    }

  /* The packet stream is broken: the helper reports it under job id 0,
   * then exits. */
  if (error != NULL)
    {
      fuzz_check_outcome (FALSE, error);
      check_error_reply (0, error);
    }

  return 0;
}
