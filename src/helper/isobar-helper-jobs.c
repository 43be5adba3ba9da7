/* isobar-helper-jobs.c: the job kinds isobar-helper runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-helper-jobs.h"
#include "isobar-kernels.h"

#define SPIN_MAX_MS 600000u

/* ------------------------------------------------------------ real work */

/* The climate kernels. For `kernel` requests the last series is kept
 * deserialised, with its key: the chunks of one place's analysis all use the
 * same series, and the pool sends it to a helper only once (later requests
 * carry just the key). `kernel-inline` requests never touch this cache. */
static struct
{
  GBytes              *key;
  IsobarClimateSeries *series;
} series_cache;

static gboolean
kernel_checkpoint (gpointer   user_data,
                   double     fraction_done,
                   GError   **error)
{
  return isobar_helper_channel_checkpoint (user_data, fraction_done, error);
}

/* (transfer none) The series for @key: decoded from @series_bytes when
 * given (the packet checked that @key is its hash), else the cached one. */
static IsobarClimateSeries *
kernel_series (GBytes  *key,
               GBytes  *series_bytes,
               GError **error)
{
  g_autoptr(IsobarClimateSeries) series = NULL;

  if (series_cache.key != NULL && g_bytes_equal (series_cache.key, key))
    return series_cache.series;
  if (series_bytes == NULL)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("The helper does not have the series this kernel job needs (series not cached)"));
      return NULL;
    }
  if ((series = isobar_climate_series_deserialize (series_bytes, error)) == NULL)
    return NULL;
  g_clear_pointer (&series_cache.key, g_bytes_unref);
  g_clear_pointer (&series_cache.series, isobar_climate_series_unref);
  series_cache.key = g_bytes_ref (key);
  series_cache.series = g_steal_pointer (&series);
  return series_cache.series;
}

static GBytes *
job_kernel (IsobarHelperChannel  *channel,
            GBytes               *input,
            GError              **error)
{
  static const IsobarJobContextFuncs funcs = { kernel_checkpoint };
  g_autoptr(GBytes) job_bytes = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) series_bytes = NULL;
  g_autoptr(IsobarKernelJob) job = NULL;
  g_autoptr(IsobarJobContext) ctx = NULL;
  IsobarClimateSeries *series;

  if (!isobar_packet_unpack_kernel_input (input, &job_bytes, &key, &series_bytes, error))
    return NULL;
  if ((job = isobar_kernel_job_deserialize (job_bytes, error)) == NULL)
    return NULL;
  if ((series = kernel_series (key, series_bytes, error)) == NULL)
    return NULL;

  ctx = isobar_job_context_new (&funcs, channel, NULL);
  return isobar_kernel_run (job, series, ctx, error);
}

/* The series comes with every job, as a pickled argument does to a Python
 * pool worker: decoded for this job, freed when it ends, and the cache above
 * is neither read nor filled, so nothing of it outlives the job. */
static GBytes *
job_kernel_inline (IsobarHelperChannel  *channel,
                   GBytes               *input,
                   GError              **error)
{
  static const IsobarJobContextFuncs funcs = { kernel_checkpoint };
  g_autoptr(GBytes) job_bytes = NULL;
  g_autoptr(GBytes) series_bytes = NULL;
  g_autoptr(IsobarKernelJob) job = NULL;
  g_autoptr(IsobarClimateSeries) series = NULL;
  g_autoptr(IsobarJobContext) ctx = NULL;

  if (!isobar_packet_unpack_kernel_inline_input (input, &job_bytes, &series_bytes, error))
    return NULL;
  if ((job = isobar_kernel_job_deserialize (job_bytes, error)) == NULL)
    return NULL;
  if ((series = isobar_climate_series_deserialize (series_bytes, error)) == NULL)
    return NULL;

  ctx = isobar_job_context_new (&funcs, channel, NULL);
  return isobar_kernel_run (job, series, ctx, error);
}

/* ------------------------------------------------------ built-in kinds */

static GBytes *
job_echo (IsobarHelperChannel  *channel,
          GBytes               *input,
          GError              **error)
{
  return g_bytes_ref (input);
}

/* Burns CPU for the milliseconds given as ASCII digits in @input,
 * checkpointing about every 50 µs, and returns @input. */
static GBytes *
job_spin (IsobarHelperChannel  *channel,
          GBytes               *input,
          GError              **error)
{
  gsize length = g_bytes_get_size (input);
  /* (an empty GBytes may have no data pointer at all) */
  g_autofree char *text = length > 0 ? g_strndup (g_bytes_get_data (input, NULL), length) : NULL;
  volatile guint64 sink = 0x9E3779B97F4A7C15u;
  guint64 ms = 0;
  gint64 start, end;

  if (text == NULL || strlen (text) != length ||
      !g_ascii_string_to_unsigned (text, 10, 0, SPIN_MAX_MS, &ms, NULL))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                   _("A spin job takes a number of milliseconds from 0 to %u"), SPIN_MAX_MS);
      return NULL;
    }

  start = g_get_monotonic_time ();
  end = start + (gint64) ms * G_TIME_SPAN_MILLISECOND;
  for (gint64 now = start; now < end; now = g_get_monotonic_time ())
    {
      for (guint i = 0; i < 20000; i++)
        sink = sink * 6364136223846793005u + 1442695040888963407u;
      if (!isobar_helper_channel_checkpoint (channel, (double) (now - start) / (end - start), error))
        return NULL;
    }
  return g_bytes_ref (input);
}

/* ------------------------------------------------------ fault injection */

G_NORETURN static GBytes *
job_crash (IsobarHelperChannel  *channel,
           GBytes               *input,
           GError              **error)
{
  struct rlimit no_core = { 0, 0 };

  setrlimit (RLIMIT_CORE, &no_core);  /* a test crash leaves no core file */
  /* A crash by signal, whatever handler a sanitizer installed (ASan's
   * would report it and exit with status 1). */
  signal (SIGSEGV, SIG_DFL);
  raise (SIGSEGV);
  abort ();
}

G_NORETURN static GBytes *
job_hang (IsobarHelperChannel  *channel,
          GBytes               *input,
          GError              **error)
{
  /* Never reads, never answers; the end of stdin still ends it (see main). */
  for (;;)
    pause ();
}

static GBytes *
job_garbage (IsobarHelperChannel  *channel,
             GBytes               *input,
             GError              **error)
{
  guint8 noise[4096];

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_random_int_range (0, 256);
  noise[0] = 'X';  /* never "ISOB" by chance */
  isobar_helper_channel_send_raw (channel, noise, sizeof noise);
  return NULL;
}

/* A header that is valid but for one field; @length of which @sent follow. */
static void
send_header (IsobarHelperChannel *channel,
             guint16              type,
             guint32              length,
             gsize                sent)
{
  g_autoptr(GByteArray) packet = g_byte_array_new ();
  guint64 job_id = isobar_helper_channel_get_job_id (channel);
  guint8 header[ISOBAR_PACKET_HEADER_SIZE] = {
    'I', 'S', 'O', 'B',
    ISOBAR_PACKET_VERSION & 0xff, ISOBAR_PACKET_VERSION >> 8,
    type & 0xff, type >> 8,
  };

  for (guint i = 0; i < 8; i++)
    header[8 + i] = (job_id >> (8 * i)) & 0xff;
  for (guint i = 0; i < 4; i++)
    header[16 + i] = (length >> (8 * i)) & 0xff;
  g_byte_array_append (packet, header, sizeof header);
  for (gsize i = 0; i < sent; i++)
    g_byte_array_append (packet, (const guint8 *) "x", 1);
  isobar_helper_channel_send_raw (channel, packet->data, packet->len);
}

static GBytes *
job_oversize (IsobarHelperChannel  *channel,
              GBytes               *input,
              GError              **error)
{
  guint64 over = (guint64) isobar_helper_channel_get_max_payload (channel) + 1;

  send_header (channel, ISOBAR_PACKET_RESULT, (guint32) MIN (over, G_MAXUINT32), 64);
  return NULL;
}

static GBytes *
job_bad_type (IsobarHelperChannel  *channel,
              GBytes               *input,
              GError              **error)
{
  send_header (channel, 99, 0, 0);
  return NULL;
}

G_NORETURN static GBytes *
job_exit (IsobarHelperChannel  *channel,
          GBytes               *input,
          GError              **error)
{
  g_autoptr(GBytes) progress = NULL;

  progress = isobar_packet_encode_progress (isobar_helper_channel_get_job_id (channel), 0.5, "exiting");
  isobar_helper_channel_send (channel, progress);
  _exit (3);
}

/* --------------------------------------------------------------- lookup */

static const struct
{
  const char          *kind;
  gboolean             fault;
  IsobarHelperJobFunc  run;
} job_kinds[] = {
  { ISOBAR_HELPER_KIND_KERNEL, FALSE, job_kernel },
  { ISOBAR_HELPER_KIND_KERNEL_INLINE, FALSE, job_kernel_inline },
  { "echo", FALSE, job_echo },
  { "spin", FALSE, job_spin },
  { "crash", TRUE, job_crash },
  { "hang", TRUE, job_hang },
  { "garbage", TRUE, job_garbage },
  { "oversize", TRUE, job_oversize },
  { "bad-type", TRUE, job_bad_type },
  { "exit", TRUE, job_exit },
};

IsobarHelperJobFunc
isobar_helper_jobs_lookup (const char  *kind,
                           gboolean     allow_faults,
                           GError     **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (job_kinds); i++)
    {
      if (strcmp (job_kinds[i].kind, kind) != 0)
        continue;
      if (job_kinds[i].fault && !allow_faults)
        {
          g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
                       _("The job kind “%s” needs the helper to run with --allow-fault-injection"),
                       kind);
          return NULL;
        }
      return job_kinds[i].run;
    }

  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_ARGUMENT,
               _("The helper has no job kind “%s”"), kind);
  return NULL;
}
