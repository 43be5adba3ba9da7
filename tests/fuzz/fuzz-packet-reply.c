/* fuzz-packet-reply.c: helper → app packets, decoded as the app does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: what the app reads from one helper's stdout while that helper
 * runs the jobs of one place's analysis. Every packet is decoded (whole and
 * in uneven chunks, which must agree); the first must be a hello
 * (IsobarHelperProcess), then progress, result and error packets for the
 * jobs in flight (IsobarHelperPool). The results replace the genuine
 * outputs of those jobs and the report is merged from them
 * (isobar_climate_report_new_from_outputs), as the pipeline does, so a
 * wrong result is an error, never a crash. Seeds: fuzz-seeds' packet-reply
 * folder and tests/fuzz/corpus/packet-reply.
 */

#include "config.h"

#include <math.h>

#include "isobar-error.h"

#include "fuzz-common.h"

static IsobarClimateSeries *series;
static GPtrArray *jobs;
static GPtrArray *genuine_outputs;

static void
check_remote_error (const GError *remote)
{
  g_assert_nonnull (remote);
  g_assert_true (g_utf8_validate (remote->message, -1, NULL));
}

static void
check_report (IsobarClimateReport *report)
{
  g_autoptr(JsonNode) json = isobar_climate_report_to_json (report);
  g_autofree char *digest = isobar_climate_report_digest (report);
  GBytes *heatmap = isobar_climate_report_get_heatmap (report);
  guint n_rows = 0;
  double low, high;

  g_assert_nonnull (json);
  g_assert_nonnull (digest);
  g_assert_cmpuint (g_bytes_get_size (heatmap), ==,
                    (gsize) isobar_climate_report_get_n_years (report) * ISOBAR_HEATMAP_WIDTH * 4);
  (void) isobar_climate_report_get_yearly (report, &n_rows);
  g_assert_cmpuint (n_rows, ==, isobar_climate_report_get_n_years (report));
  if (isobar_climate_report_get_interval (report, &low, &high))
    g_assert_true (low <= high);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  series = fuzz_reference_series ();
  jobs = fuzz_reference_jobs (series);
  genuine_outputs = fuzz_reference_outputs (series, jobs);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) stream_error = NULL;
  g_autoptr(GPtrArray) packets = fuzz_decode_packets (data, size, ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD,
                                                      &stream_error);
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(IsobarClimateReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ready = FALSE;
  gboolean complete = TRUE;

  for (guint i = 0; i < genuine_outputs->len; i++)
    g_ptr_array_add (outputs, g_bytes_ref (g_ptr_array_index (genuine_outputs, i)));

  if (stream_error != NULL)
    fuzz_check_outcome (FALSE, stream_error);

  /* On any protocol error the app kills the helper and stops reading. */
  for (guint i = 0; i < packets->len; i++)
    {
      const IsobarPacket *packet = g_ptr_array_index (packets, i);
      g_autoptr(GError) packet_error = NULL;
      g_autoptr(GError) remote = NULL;
      g_autofree char *text = NULL;
      guint32 version = 0, pid = 0;
      double fraction = NAN;
      gboolean ok;

      if (!ready)
        {
          ok = isobar_packet_parse_hello (packet, &version, &pid, &packet_error);
          fuzz_check_outcome (ok, packet_error);
          if (!ok || version != ISOBAR_PACKET_VERSION || pid != FUZZ_PID)
            return 0;
          ready = TRUE;
          continue;
        }

      /* Job id 0: the helper refused what it was sent. */
      if (packet->type == ISOBAR_PACKET_ERROR && packet->job_id == 0)
        {
          ok = isobar_packet_parse_error (packet, &remote, &packet_error);
          fuzz_check_outcome (ok, packet_error);
          if (ok)
            check_remote_error (remote);
          return 0;
        }
      if (packet->job_id == 0 || packet->job_id > jobs->len)
        return 0;

      switch (packet->type)
        {
        case ISOBAR_PACKET_PROGRESS:
          ok = isobar_packet_parse_progress (packet, &fraction, &text, &packet_error);
          fuzz_check_outcome (ok, packet_error);
          if (!ok)
            return 0;
          g_assert_true (fraction >= 0.0 && fraction <= 1.0);
          g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
          break;

        case ISOBAR_PACKET_RESULT:
          {
            GBytes **slot = (GBytes **) &g_ptr_array_index (outputs, packet->job_id - 1);

            g_bytes_unref (*slot);
            *slot = g_bytes_ref (packet->payload);
            break;
          }

        case ISOBAR_PACKET_ERROR:
          ok = isobar_packet_parse_error (packet, &remote, &packet_error);
          fuzz_check_outcome (ok, packet_error);
          if (!ok)
            return 0;
          check_remote_error (remote);
          complete = FALSE;  /* that job failed: the place has no report */
          break;

        default:
          return 0;  /* hello, request and cancel are the app's to send */
        }
    }

  if (!ready || !complete)
    return 0;

  report = isobar_climate_report_new_from_outputs (series, jobs, outputs, &error);
  fuzz_check_outcome (report != NULL, error);
  if (report != NULL)
    check_report (report);
  return 0;
}
