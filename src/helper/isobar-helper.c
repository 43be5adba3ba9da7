/* isobar-helper.c: runs Isobar's jobs in a separate process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Started by IsobarHelperPool with its stdin and stdout as pipes; speaks the
 * packet protocol of isobar-packet.h and nothing else on stdout. It says
 * hello, then runs one request at a time until stdin ends, and it exits when
 * stdin ends even in the middle of a job, so no helper outlives the app.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "isobar-background.h"
#include "isobar-error.h"
#include "isobar-helper-channel.h"
#include "isobar-helper-jobs.h"
#include "isobar-packet.h"

/* Exit statuses */
#define EXIT_BAD_STREAM 2   /* the app sent bytes that are not packets */

/* ----------------------------------------------------- end-of-input guard */

/* The main thread notices the end of stdin whenever it reads, and checkpoints
 * read while a job runs; but a job that never checkpoints (or the `hang`
 * fault) would outlive the app. This thread waits for the pipe's hang-up
 * without consuming anything (poll with no events still reports POLLHUP)
 * and ends the process if a job is running then. When no job runs, the main
 * thread drains what is left and exits by itself. */
static GMutex job_lock;
static GCond job_cond;
static gboolean job_running;

static void
set_job_running (gboolean running)
{
  g_mutex_lock (&job_lock);
  job_running = running;
  g_cond_broadcast (&job_cond);
  g_mutex_unlock (&job_lock);
}

static gpointer
watch_hangup (gpointer user_data)
{
  struct pollfd pfd = { .fd = GPOINTER_TO_INT (user_data), .events = 0 };

  for (;;)
    {
      int r = poll (&pfd, 1, -1);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return NULL;  /* cannot watch: the main thread's reads still see EOF */
      if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
        break;
    }

  g_mutex_lock (&job_lock);
  while (!job_running)
    g_cond_wait (&job_cond, &job_lock);
  g_mutex_unlock (&job_lock);
  _exit (EXIT_SUCCESS);
}

/* ------------------------------------------------------------------ jobs */

static void
send_error (IsobarHelperChannel *channel,
            guint64              job_id,
            const GError        *error)
{
  g_autoptr(GBytes) packet = isobar_packet_encode_error (job_id, error);

  isobar_helper_channel_send (channel, packet);
}

static void
run_request (IsobarHelperChannel *channel,
             const IsobarPacket  *packet,
             gboolean             allow_faults)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GBytes) reply = NULL;
  IsobarHelperJobFunc run;

  if (!isobar_packet_parse_request (packet, &kind, &input, &error) ||
      (run = isobar_helper_jobs_lookup (kind, allow_faults, &error)) == NULL)
    {
      send_error (channel, packet->job_id, error);
      return;
    }

  isobar_helper_channel_begin_job (channel, packet->job_id);
  set_job_running (TRUE);
  output = run (channel, input, &error);
  set_job_running (FALSE);
  isobar_helper_channel_end_job (channel);

  if (isobar_helper_channel_saw_eof (channel))
    return;  /* nobody is listening any more */
  if (output != NULL)
    reply = isobar_packet_encode_result (packet->job_id, output);
  else if (error != NULL)
    reply = isobar_packet_encode_error (packet->job_id, error);
  if (reply != NULL)
    isobar_helper_channel_send (channel, reply);
}

static int
serve (IsobarHelperChannel *channel,
       gboolean             allow_faults)
{
  g_autoptr(GBytes) hello = isobar_packet_encode_hello ((guint32) getpid ());

  isobar_helper_channel_send (channel, hello);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IsobarPacket) packet = isobar_helper_channel_next_packet (channel, &error);

      if (packet == NULL && error == NULL)
        return EXIT_SUCCESS;  /* stdin ended: the app is done with us */
      if (packet == NULL)
        {
          /* The packet stream is broken: say why, then stop, as nothing
           * after can be trusted. */
          g_autoptr(GError) report = NULL;

          report = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                                /* Translators: %s says what is wrong with the packet */
                                _("The helper received a malformed packet: %s"), error->message);
          g_printerr ("isobar-helper: %s\n", report->message);
          send_error (channel, 0, report);
          return EXIT_BAD_STREAM;
        }

      switch (packet->type)
        {
        case ISOBAR_PACKET_REQUEST:
          run_request (channel, packet, allow_faults);
          if (isobar_helper_channel_saw_eof (channel))
            return EXIT_SUCCESS;
          break;

        case ISOBAR_PACKET_CANCEL:
          break;  /* it crossed the end of its job: nothing to stop */

        case ISOBAR_PACKET_HELLO:
        case ISOBAR_PACKET_PROGRESS:
        case ISOBAR_PACKET_RESULT:
        case ISOBAR_PACKET_ERROR:
        default:
          {
            g_autoptr(GError) unexpected = NULL;

            unexpected = g_error_new (ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                                      /* Translators: %s is a packet type (“result”) */
                                      _("The helper does not accept %s packets"),
                                      isobar_packet_type_to_string (packet->type));
            send_error (channel, packet->job_id, unexpected);
            break;
          }
        }
    }
}

/* ------------------------------------------------------------------ main */

/* Keeps a private copy of stdout for packets and points fd 1 at stderr, so
 * that nothing else, not even a library's printf, can write into the stream. */
static int
claim_stdout (void)
{
  int out_fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);

  if (out_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    {
      g_printerr ("isobar-helper: cannot set up stdout: %s\n", g_strerror (errno));
      exit (EXIT_FAILURE);
    }
  return out_fd;
}

/* A helper decodes request after request of the same sizes (a pickle-pool
 * job brings a place's whole series, a few hundred kB, every time). glibc
 * serves such blocks with mmap() and gives the heap's top back on free(), so
 * each job would fault its memory in afresh: measured in a 2-core VM, ~2.5 ms
 * of kernel time a job against ~3.5 ms of analysis. Keep freed memory for the
 * next job instead; the helper holds at most what its largest job used. */
static void
keep_freed_memory (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsobarHelperChannel) channel = NULL;
  gboolean allow_faults = FALSE;
  gint64 max_packet_size = ISOBAR_PACKET_DEFAULT_MAX_PAYLOAD;
  const GOptionEntry entries[] = {
    { "allow-fault-injection", 0, 0, G_OPTION_ARG_NONE, &allow_faults,
      "Accept the crash, hang, garbage, oversize, bad-type and exit jobs (tests)", NULL },
    { "max-packet-size", 0, 0, G_OPTION_ARG_INT64, &max_packet_size,
      "Largest packet payload accepted, in bytes", "BYTES" },
    { NULL }
  };
  int out_fd;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  signal (SIGPIPE, SIG_IGN);  /* a write to a departed app is EPIPE, handled */
  g_log_writer_default_set_use_stderr (TRUE);

  out_fd = claim_stdout ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Runs Isobar’s background jobs. Started by Isobar itself, it speaks a\n"
                                "binary protocol on stdin and stdout and is not meant to be run by hand.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("isobar-helper: %s\n", error->message);
      return EXIT_BAD_STREAM;
    }
  if (max_packet_size < 64 || max_packet_size > G_MAXUINT32)
    {
      g_printerr ("isobar-helper: --max-packet-size must be from 64 to %u\n", G_MAXUINT32);
      return EXIT_BAD_STREAM;
    }

  isobar_background_thread_enter ();
  keep_freed_memory ();
  g_thread_unref (g_thread_new ("isobar-hangup", watch_hangup, GINT_TO_POINTER (STDIN_FILENO)));

  channel = isobar_helper_channel_new (STDIN_FILENO, out_fd, (gsize) max_packet_size);
  return serve (channel, allow_faults);
}
