/* test-sampler.c: CPU time and memory of this process and of real children.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The children are this test program run again with --burn-cpu-ms N (waits
 * for a byte on stdin or its end, burns N ms of CPU and exits) or
 * --hold-mb N (touches N MB and waits to be killed, 30 s at most).
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "isobar-error.h"
#include "isobar-resource-sampler.h"

#define MB 1024  /* in kB */

static char *test_program;  /* this program's absolute path, for the children */

static gint64
process_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
burn_cpu_ms (gint64 ms)
{
  gint64 end = process_cpu_us () + ms * 1000;
  volatile double x = 1.0;

  while (process_cpu_us () < end)
    {
      for (guint i = 0; i < 10000; i++)
        x = x * 1.0000001 + 1e-9;
    }
}

static int
child_main (const char *mode,
            const char *arg)
{
  gint64 n = g_ascii_strtoll (arg, NULL, 10);

  if (g_str_equal (mode, "--burn-cpu-ms"))
    {
      char go;

      /* The parent's go: it tracks this process before the burn starts. */
      while (read (STDIN_FILENO, &go, 1) < 0 && errno == EINTR)
        ;
      burn_cpu_ms (n);
      return 0;
    }

  if (g_str_equal (mode, "--hold-mb"))
    {
      gsize size = (gsize) n * 1024 * 1024;
      char *block = malloc (size);
      volatile char last;

      if (block == NULL)
        return 1;
      memset (block, 1, size);
      g_usleep (30 * G_USEC_PER_SEC);
      last = block[size - 1];
      free (block);
      return last == 1 ? 0 : 1;
    }

  return 2;
}

/* The child's stdin stays open in *go_fd when asked (a --burn-cpu-ms child
 * waits for it: start_child ()), or is closed at once. */
static GPid
spawn_child (const char *mode,
             const char *arg,
             int        *go_fd)
{
  const char *argv[] = { test_program, mode, arg, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;
  int stdin_fd = -1;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, &stdin_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  if (go_fd != NULL)
    *go_fd = stdin_fd;
  else
    g_assert_no_errno (close (stdin_fd));

  return pid;
}

static void
start_child (int go_fd)
{
  g_assert_cmpint (write (go_fd, "g", 1), ==, 1);
  g_assert_no_errno (close (go_fd));
}

static gboolean
read_child (GPid              pid,
            IsobarProcStat   *stat,
            IsobarProcStatus *status)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  g_autofree char *status_text = NULL;

  if (!g_file_get_contents (stat_path, &text, NULL, NULL) ||
      !isobar_proc_stat_parse (text, stat, NULL))
    return FALSE;
  *status = (IsobarProcStatus) { 0 };
  if (g_file_get_contents (status_path, &status_text, NULL, NULL))
    isobar_proc_status_parse (status_text, status, NULL);

  return TRUE;
}

/* Blocks until @pid has exited, and leaves it unreaped (a zombie). Waiting
 * in waitid() costs no CPU, so what this process uses meanwhile is the
 * sampler's own (test_helper_cpu compares it with the child's). */
static void
wait_until_zombie (GPid pid)
{
  siginfo_t info = { 0 };
  IsobarProcStat stat = { 0 };
  IsobarProcStatus status;
  int r;

  do
    r = waitid (P_PID, (id_t) pid, &info, WEXITED | WNOWAIT);
  while (r < 0 && errno == EINTR);
  g_assert_cmpint (r, ==, 0);
  g_assert_cmpint (info.si_pid, ==, pid);
  g_assert_true (read_child (pid, &stat, &status));
  g_assert_cmpint (stat.state, ==, 'Z');
}

static void
reap (GPid pid)
{
  int wstatus = 0;

  g_assert_cmpint (waitpid (pid, &wstatus, 0), ==, pid);
  g_spawn_close_pid (pid);
}

/* --- the parsers ------------------------------------------------------- */

static void
test_parse_stat (void)
{
  IsobarProcStat stat;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_line = NULL;

  g_assert_true (isobar_proc_stat_parse ("1234 (isobar-helper) S 1 2 3 4 5 6 7 8 9 10 100 50 0 0 20 0 1 0 777 1000 200\n",
                                         &stat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat.pid, ==, 1234);
  g_assert_cmpstr (stat.comm, ==, "isobar-helper");
  g_assert_cmpint (stat.state, ==, 'S');
  g_assert_cmpuint (stat.utime, ==, 100);
  g_assert_cmpuint (stat.stime, ==, 50);
  g_assert_cmpuint (stat.starttime, ==, 777);

  /* Spaces and parentheses in the command name: the last ')' ends it. */
  g_assert_true (isobar_proc_stat_parse ("42 (a) b (c) d) Z 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19",
                                         &stat, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat.pid, ==, 42);
  g_assert_cmpstr (stat.comm, ==, "a) b (c) d");
  g_assert_cmpint (stat.state, ==, 'Z');
  g_assert_cmpuint (stat.utime, ==, 11);
  g_assert_cmpuint (stat.stime, ==, 12);
  g_assert_cmpuint (stat.starttime, ==, 19);

  g_assert_true (isobar_proc_stat_parse ("7 () R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19", &stat, &error));
  g_assert_cmpstr (stat.comm, ==, "");

  /* A name longer than the field is cut, not overflowed. */
  long_line = g_strdup_printf ("9 (%0200d) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19", 0);
  g_assert_true (isobar_proc_stat_parse (long_line, &stat, &error));
  g_assert_cmpuint (strlen (stat.comm), ==, sizeof stat.comm - 1);
  g_assert_cmpuint (stat.starttime, ==, 19);
}

static void
test_parse_stat_malformed (void)
{
  const char *bad[] = {
    "",
    "1234",
    "1234 (prog) R 1 2 3",                                           /* truncated */
    "1234 (prog) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18",   /* one short */
    "1234 prog R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19",  /* no parentheses */
    "1234 (prog R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19", /* unclosed */
    "1234 )prog( R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19",
    "abc (prog) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19", /* bad pid */
    "0 (prog) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19",
    "1234 (prog) RR 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19",
    "1234 (prog) R 1 2 3 4 5 6 7 8 9 10 x 12 13 14 15 16 17 18 19",  /* bad utime */
    "1234 (prog) R 1 2 3 4 5 6 7 8 9 10 11 -12 13 14 15 16 17 18 19",
    "1234 (prog) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 1e9",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      IsobarProcStat stat;
      g_autoptr(GError) error = NULL;

      g_test_message ("malformed stat: “%s”", bad[i]);
      g_assert_false (isobar_proc_stat_parse (bad[i], &stat, &error));
      g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
    }
}

static void
test_parse_status (void)
{
  IsobarProcStatus status;
  g_autoptr(GError) error = NULL;

  g_assert_true (isobar_proc_status_parse ("Name:\tisobar (x)\nVmPeak:\t  9999 kB\nVmHWM:\t    2048 kB\n"
                                           "VmRSS:\t    1024 kB\nThreads:\t3\n", &status, &error));
  g_assert_no_error (error);
  g_assert_true (status.has_memory);
  g_assert_cmpuint (status.vm_hwm_kb, ==, 2048);
  g_assert_cmpuint (status.vm_rss_kb, ==, 1024);

  /* A zombie has no memory lines. */
  g_assert_true (isobar_proc_status_parse ("Name:\tgone\nState:\tZ (zombie)\n", &status, &error));
  g_assert_false (status.has_memory);
  g_assert_cmpuint (status.vm_rss_kb, ==, 0);

  /* No trailing newline. */
  g_assert_true (isobar_proc_status_parse ("VmRSS:\t12 kB", &status, &error));
  g_assert_cmpuint (status.vm_rss_kb, ==, 12);

  g_assert_false (isobar_proc_status_parse ("VmRSS:\t  abc kB\n", &status, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (isobar_proc_status_parse ("VmHWM:\n", &status, &error));
  g_assert_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA);
}

static void
test_parse_real_proc (void)
{
  IsobarProcStat stat;
  IsobarProcStatus status;

  g_assert_true (read_child (getpid (), &stat, &status));
  g_assert_cmpint (stat.pid, ==, getpid ());
  g_assert_cmpint (stat.state, ==, 'R');
  g_assert_true (status.has_memory);
  g_assert_cmpuint (status.vm_rss_kb, >, 0);
  g_assert_cmpuint (status.vm_hwm_kb, >=, status.vm_rss_kb);
}

/* --- sampling ---------------------------------------------------------- */

static void
test_app_cpu (void)
{
  g_autoptr(IsobarResourceSampler) sampler = isobar_resource_sampler_new ();
  IsobarResourceUsage before, after;

  isobar_resource_sampler_sample (sampler, &before);
  burn_cpu_ms (200);
  isobar_resource_sampler_sample (sampler, &after);

  g_test_message ("200 ms burnt: cpu_ms_app %.1f → %.1f", before.cpu_ms_app, after.cpu_ms_app);
  g_assert_cmpfloat (before.cpu_ms_app, <, 100.0);
  g_assert_cmpfloat (after.cpu_ms_app - before.cpu_ms_app, >=, 150.0);
  g_assert_cmpfloat (after.cpu_ms_app, <, 5000.0);
  g_assert_cmpfloat (after.cpu_ms_helpers, ==, 0.0);
  g_assert_cmpuint (after.n_helpers, ==, 0);
  g_assert_cmpuint (after.app_hwm_kb, >, 0);

  /* A reset starts counting again. */
  isobar_resource_sampler_reset (sampler);
  isobar_resource_sampler_sample (sampler, &after);
  g_assert_cmpfloat (after.cpu_ms_app, <, 100.0);
}

static void
test_helper_cpu (void)
{
  g_autoptr(IsobarResourceSampler) sampler = isobar_resource_sampler_new ();
  IsobarResourceUsage running, zombie, reaped, removed;
  GPid pid;
  int go_fd;

  isobar_resource_sampler_set_interval_ms (sampler, 20);
  g_assert_cmpuint (isobar_resource_sampler_get_interval_ms (sampler), ==, 20);
  isobar_resource_sampler_start (sampler);
  g_assert_true (isobar_resource_sampler_is_running (sampler));

  /* A helper's CPU counts from when it is tracked, so the burn starts after:
   * a child that burnt before the parent got to add_pid () (a loaded
   * machine) would be counted short, rightly. */
  pid = spawn_child ("--burn-cpu-ms", "300", &go_fd);
  isobar_resource_sampler_add_pid (sampler, pid);
  isobar_resource_sampler_sample (sampler, &running);
  g_assert_cmpuint (running.n_helpers, ==, 1);
  start_child (go_fd);

  /* Exited, not reaped yet: /proc still has its times. */
  wait_until_zombie (pid);
  isobar_resource_sampler_sample (sampler, &zombie);

  /* Reaped: gone from /proc, kept from its last reading and rusage. */
  reap (pid);
  isobar_resource_sampler_sample (sampler, &reaped);
  isobar_resource_sampler_remove_pid (sampler, pid);
  isobar_resource_sampler_sample (sampler, &removed);
  isobar_resource_sampler_stop (sampler);
  g_assert_false (isobar_resource_sampler_is_running (sampler));

  g_test_message ("child burning 300 ms: helpers %.1f ms as a zombie, %.1f reaped, %.1f removed; app %.1f ms",
                  zombie.cpu_ms_helpers, reaped.cpu_ms_helpers, removed.cpu_ms_helpers, removed.cpu_ms_app);

  g_assert_cmpfloat (zombie.cpu_ms_helpers, >=, 250.0);
  g_assert_cmpfloat (zombie.cpu_ms_helpers, <, 5000.0);
  g_assert_cmpuint (zombie.n_helpers, ==, 0);
  g_assert_cmpfloat (reaped.cpu_ms_helpers, >=, zombie.cpu_ms_helpers);
  g_assert_cmpfloat (removed.cpu_ms_helpers, >=, zombie.cpu_ms_helpers);
  g_assert_cmpuint (reaped.n_helpers, ==, 0);
  /* The app itself only waited. */
  g_assert_cmpfloat (removed.cpu_ms_app, <, zombie.cpu_ms_helpers);
}

static void
test_peak_rss_app (void)
{
  g_autoptr(IsobarResourceSampler) sampler = isobar_resource_sampler_new ();
  IsobarResourceUsage before, during, after;
  gsize size = 50 * 1024 * 1024;
  char *block;

  /* Pages of our own, not malloc's: an allocator may keep a freed block
   * (a sanitizer's quarantine does), and the test is about the sampler. */
  isobar_resource_sampler_sample (sampler, &before);
  block = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (block != MAP_FAILED);
  memset (block, 1, size);
  isobar_resource_sampler_sample (sampler, &during);
  g_assert_cmpint (block[size - 1] + block[size / 2], ==, 2);  /* keep the pages used */
  g_assert_cmpint (munmap (block, size), ==, 0);
  isobar_resource_sampler_sample (sampler, &after);

  g_test_message ("50 MB touched: rss %" G_GUINT64_FORMAT " → %" G_GUINT64_FORMAT " → %" G_GUINT64_FORMAT
                  " kB, peak %" G_GUINT64_FORMAT " → %" G_GUINT64_FORMAT " kB",
                  before.rss_kb, during.rss_kb, after.rss_kb, before.peak_rss_kb, after.peak_rss_kb);

  g_assert_cmpuint (during.peak_rss_kb, >=, before.peak_rss_kb + 40 * MB);
  g_assert_cmpuint (after.peak_rss_kb, >=, during.peak_rss_kb);  /* a peak stays */
  g_assert_cmpuint (after.rss_kb + 30 * MB, <=, during.rss_kb);  /* freed */
  g_assert_cmpuint (during.app_hwm_kb, >=, during.rss_kb);
}

static void
test_peak_rss_sum (void)
{
  g_autoptr(IsobarResourceSampler) sampler = isobar_resource_sampler_new ();
  IsobarResourceUsage with_child, without;
  IsobarProcStat stat;
  IsobarProcStatus status = { 0 }, self_status = { 0 };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GPid pid;

  pid = spawn_child ("--hold-mb", "40", NULL);
  while (g_get_monotonic_time () < deadline && read_child (pid, &stat, &status) &&
         status.vm_rss_kb < 40 * MB)
    g_usleep (5 * 1000);
  g_assert_cmpuint (status.vm_rss_kb, >=, 40 * MB);

  isobar_resource_sampler_add_pid (sampler, pid);
  isobar_resource_sampler_sample (sampler, &with_child);
  g_assert_true (read_child (getpid (), &stat, &self_status));

  kill (pid, SIGKILL);
  reap (pid);
  isobar_resource_sampler_sample (sampler, &without);

  g_test_message ("app %" G_GUINT64_FORMAT " kB + child of 40 MB: sum %" G_GUINT64_FORMAT
                  " kB, peak %" G_GUINT64_FORMAT " kB; after the child: %" G_GUINT64_FORMAT " kB",
                  self_status.vm_rss_kb, with_child.rss_kb, with_child.peak_rss_kb, without.rss_kb);

  g_assert_cmpuint (with_child.n_helpers, ==, 1);
  g_assert_cmpuint (with_child.rss_kb, >=, self_status.vm_rss_kb + 35 * MB);
  g_assert_cmpuint (with_child.peak_rss_kb, >=, with_child.rss_kb);
  g_assert_cmpuint (without.n_helpers, ==, 0);
  g_assert_cmpuint (without.rss_kb + 35 * MB, <=, with_child.rss_kb);
  g_assert_cmpuint (without.peak_rss_kb, ==, with_child.peak_rss_kb);
}

/* CPU of the reaped children of this process, in ms. */
static double
children_cpu_ms (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &usage), ==, 0);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static void
test_vanished_pid (void)
{
  g_autoptr(IsobarResourceSampler) sampler = isobar_resource_sampler_new ();
  double reaped_before = children_cpu_ms ();
  double reaped_ms;
  IsobarResourceUsage usage;
  GPid pid;

  /* A child that has come and gone before it is added. */
  pid = spawn_child ("--burn-cpu-ms", "0", NULL);
  wait_until_zombie (pid);
  reap (pid);
  reaped_ms = children_cpu_ms () - reaped_before;

  isobar_resource_sampler_add_pid (sampler, pid);
  isobar_resource_sampler_add_pid (sampler, 0x7ffffff0);  /* never a pid */
  isobar_resource_sampler_remove_pid (sampler, 4242424);  /* never added */
  isobar_resource_sampler_sample (sampler, &usage);

  /* What it used to start and exit (more under a sanitizer), counted once
   * as the kernel reported it when it was reaped: nothing from the pids
   * that are not there. */
  g_assert_cmpuint (usage.n_helpers, ==, 0);
  g_assert_cmpfloat_with_epsilon (usage.cpu_ms_helpers, reaped_ms, 1.0);
  g_assert_cmpuint (usage.rss_kb, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  if (argc == 3 && g_str_has_prefix (argv[1], "--") &&
      (g_str_equal (argv[1], "--burn-cpu-ms") || g_str_equal (argv[1], "--hold-mb")))
    return child_main (argv[1], argv[2]);

  test_program = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sampler/parse/stat", test_parse_stat);
  g_test_add_func ("/sampler/parse/stat-malformed", test_parse_stat_malformed);
  g_test_add_func ("/sampler/parse/status", test_parse_status);
  g_test_add_func ("/sampler/parse/real-proc", test_parse_real_proc);
  g_test_add_func ("/sampler/app-cpu", test_app_cpu);
  g_test_add_func ("/sampler/helper-cpu", test_helper_cpu);
  g_test_add_func ("/sampler/peak-rss-app", test_peak_rss_app);
  g_test_add_func ("/sampler/peak-rss-sum", test_peak_rss_sum);
  g_test_add_func ("/sampler/vanished-pid", test_vanished_pid);

  ret = g_test_run ();
  g_free (test_program);

  return ret;
}
