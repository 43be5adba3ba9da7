/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "isobar-application.h"
#include "isobar-background.h"
#include "isobar-memory.h"

/* Under GSK's cairo renderer nothing is drawn with OpenGL, yet GTK 4.8
 * initialises it when the display opens; without a GPU that loads Mesa's
 * llvmpipe and libLLVM, 60 MB of the window's memory at rest (112 → 52 MB
 * under Xvfb, BENCHMARKS.md §5c). A GDK_DEBUG of the user's is left alone. */
static void
skip_gl_under_cairo (void)
{
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
}

/* GLib before 2.76 serves g_slice_*() from slabs that it never gives back
 * to malloc: json-glib's nodes of a run's archives, parsed in worker
 * threads, leave ~40 MB that malloc_trim() cannot return (BENCHMARKS.md
 * §5d). GLib 2.76 and later always use malloc. Before that only G_SLICE
 * in the environment switches, read at the first slice allocation, which
 * GLib's own constructors make before main(); so with an older GLib the
 * program runs itself again, once, with G_SLICE=always-malloc. A G_SLICE of
 * the user's (or of the first start) is left alone, and if the exec fails
 * it runs on as it is. */
static void
use_malloc_for_slices (char *argv[])
{
  g_autofree char *self = NULL;

  if (glib_check_version (2, 76, 0) == NULL || g_getenv ("G_SLICE") != NULL)
    return;

  /* Its own path, not /proc/self/exe: the kernel names the process after
   * the file exec'd, and a process list should still say "isobar". */
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    return;
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  execv (self, argv);
  g_unsetenv ("G_SLICE");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IsobarApplication) app = NULL;

  use_malloc_for_slices (argv);

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  skip_gl_under_cairo ();
  isobar_memory_keep_large_blocks_apart ();
  isobar_memory_merge_small_blocks ();
  isobar_memory_keep_threads_off_main_arena ();
  /* This thread is the UI's: with short slices it takes a core from a
   * helper or a download as soon as it wakes (what it starts gets the
   * default slice). In sets of ten Recommended runs the lateness p99 stayed
   * within 4 ms in 59 of 60 runs, against 48 (BENCHMARKS.md §5p). The run
   * controller sets the request aside while Python Threads runs. */
  isobar_foreground_thread_enter ();
  app = isobar_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
