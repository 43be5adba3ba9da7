/* test-scheduling.c: background threads run niced; the UI thread asks for
 * short time slices, keeps its niceness, and what it starts afterwards does
 * not inherit them; it can give them up for a while and ask again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "isobar-background.h"

/* struct sched_attr as first defined (SCHED_ATTR_SIZE_VER0). */
typedef struct
{
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t  sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
} SchedAttr;

/* The calling thread's attributes. */
static SchedAttr
thread_attr (void)
{
  SchedAttr attr = { 0 };

  g_assert_cmpint (syscall (SYS_sched_getattr, 0, &attr, sizeof attr, 0), ==, 0);
  return attr;
}

static gpointer
niced_thread (gpointer data)
{
  isobar_background_thread_enter ();
  /* Once per thread: a second call changes nothing. */
  isobar_background_thread_enter ();

  errno = 0;
  return GINT_TO_POINTER (getpriority (PRIO_PROCESS, 0));
}

static void
test_background_niceness (void)
{
  GThread *thread = g_thread_new ("niced", niced_thread, NULL);

  g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (thread)), ==, ISOBAR_BACKGROUND_NICENESS);
}

typedef struct
{
  gboolean  asked;
  SchedAttr before, after, child, paused, resumed;
  int       niceness_after;
} Foreground;

static gpointer
child_thread (gpointer data)
{
  Foreground *f = data;

  f->child = thread_attr ();
  return NULL;
}

static gpointer
foreground_thread (gpointer data)
{
  Foreground *f = data;

  /* A niceness of its own, which the request must keep. */
  g_assert_cmpint (setpriority (PRIO_PROCESS, 0, 3), ==, 0);
  f->before = thread_attr ();
  f->asked = isobar_foreground_thread_enter ();
  f->after = thread_attr ();
  errno = 0;
  f->niceness_after = getpriority (PRIO_PROCESS, 0);
  g_thread_join (g_thread_new ("child", child_thread, f));
  isobar_foreground_thread_pause (TRUE);
  f->paused = thread_attr ();
  isobar_foreground_thread_pause (FALSE);
  f->resumed = thread_attr ();

  return NULL;
}

/* A thread that never asked: pausing and resuming leave it as it is. */
static gpointer
other_thread (gpointer data)
{
  SchedAttr *attr = data;

  isobar_foreground_thread_pause (TRUE);
  isobar_foreground_thread_pause (FALSE);
  *attr = thread_attr ();

  return NULL;
}

static void
test_foreground_slice (void)
{
  Foreground f = { 0 };

  /* In a thread of its own, so that the test's main thread stays as it is. */
  g_thread_join (g_thread_new ("foreground", foreground_thread, &f));

  if (!f.asked)
    {
      g_test_skip ("this system refuses sched_setattr ()");
      return;
    }
  g_assert_cmpint (f.niceness_after, ==, 3);
  g_assert_cmpint (f.after.sched_nice, ==, 3);
  if (f.after.sched_runtime == 0)
    {
      /* Before Linux 6.12 the slice of a SCHED_NORMAL task is not the
       * caller's to choose, and reads as 0. */
      g_test_skip ("this kernel has no custom time slices (Linux 6.12 and later)");
      return;
    }
  g_assert_cmpuint (f.before.sched_runtime, !=, ISOBAR_FOREGROUND_SLICE_US * 1000);
  g_assert_cmpuint (f.after.sched_runtime, ==, ISOBAR_FOREGROUND_SLICE_US * 1000);
  /* A thread it starts is back to the default slice; its niceness is
   * inherited as ever (reset on fork only raises one below 0 to 0). */
  g_assert_cmpuint (f.child.sched_runtime, ==, f.before.sched_runtime);
  g_assert_cmpint (f.child.sched_nice, ==, 3);
}

static void
test_foreground_pause (void)
{
  Foreground f = { 0 };
  SchedAttr other = { 0 };

  g_thread_join (g_thread_new ("foreground", foreground_thread, &f));
  if (!f.asked || f.after.sched_runtime == 0)
    {
      g_test_skip ("no custom time slices here (sched_setattr () refused, or Linux before 6.12)");
      return;
    }
  g_assert_cmpuint (f.paused.sched_runtime, ==, f.before.sched_runtime);
  g_assert_cmpint (f.paused.sched_nice, ==, 3);
  g_assert_cmpuint (f.resumed.sched_runtime, ==, ISOBAR_FOREGROUND_SLICE_US * 1000);

  g_thread_join (g_thread_new ("other", other_thread, &other));
  g_assert_cmpuint (other.sched_runtime, ==, f.before.sched_runtime);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scheduling/background-niceness", test_background_niceness);
  g_test_add_func ("/scheduling/foreground-slice", test_foreground_slice);
  g_test_add_func ("/scheduling/foreground-pause", test_foreground_pause);

  return g_test_run ();
}
