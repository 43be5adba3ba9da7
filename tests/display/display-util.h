/* display-util.h: what the display tests share: waiting on the main
 * context, the system data that G_TEST_OPTION_ISOLATE_DIRS hides, the app's
 * style, and screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DISPLAY_WAIT_SECONDS 20

typedef gboolean (*DisplayCondition) (gpointer user_data);

/* Call first in main(), before g_test_init(): remembers the system data
 * folders that isolated folders would hide. Then, after g_test_init(),
 * display_init() returns FALSE when there is no display (tests skip). */
void     display_remember_system_dirs (void);
gboolean display_init                 (void);
/* Skips the current test when there is no display; TRUE then. */
gboolean display_skip_without         (void);

/* Spins the default main context until @condition holds or @seconds pass;
 * FALSE (with a test message naming @what) when it gave up. */
/* The text of the first GtkLabel under @root whose text holds @part, or
 * NULL: what a toast, a banner or a status line says. */
const char *display_find_label_text   (GtkWidget       *root,
                                       const char      *part);
gboolean display_wait_for             (DisplayCondition condition,
                                       gpointer         user_data,
                                       guint            seconds,
                                       const char      *what);
/* Spins the main context for @milliseconds (animations, redraws). */
void     display_settle               (guint            milliseconds);

/* Renders @widget as it is on screen to @name (a PNG) in $ISOBAR_BUILD_DIR
 * (or $G_TEST_BUILDDIR, or "."); returns the path. */
char    *display_save_screenshot      (GtkWidget       *widget,
                                       const char      *name);

G_END_DECLS
