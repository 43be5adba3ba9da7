/* isobar-install.h: where the installed parts of Isobar are.
 *
 * The folders are compiled in (BINDIR, LIBEXECDIR, PKGDATADIR). A tree
 * installed under a DESTDIR, or moved as a whole, keeps its parts in the
 * same places relative to each other: when the running program is
 * PREFIX/bin/PROGRAM, a part is looked for under that PREFIX first, so an
 * installed isobar never runs the helper of another installation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ISOBAR_INSTALL_BINDIR,
  ISOBAR_INSTALL_LIBEXECDIR,
  ISOBAR_INSTALL_PKGDATADIR,
} IsobarInstallDir;

/* @name in @dir of the tree the running program was installed in, when it
 * is there; else @name in the compiled-in folder, there or not. */
char *isobar_install_locate (IsobarInstallDir  dir,
                             const char       *name);

G_END_DECLS
