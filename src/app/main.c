/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "isobar-application.h"
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IsobarApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  skip_gl_under_cairo ();
  isobar_memory_keep_large_blocks_apart ();
  app = isobar_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
