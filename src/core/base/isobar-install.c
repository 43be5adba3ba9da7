/* isobar-install.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-install.h"

static const struct
{
  const char *configured;  /* absolute */
  const char *relative;    /* to the prefix; absolute when the build chose so */
} dirs[] = {
  [ISOBAR_INSTALL_BINDIR] = { BINDIR, BINDIR_RELATIVE },
  [ISOBAR_INSTALL_LIBEXECDIR] = { LIBEXECDIR, LIBEXECDIR_RELATIVE },
  [ISOBAR_INSTALL_PKGDATADIR] = { PKGDATADIR, PKGDATADIR_RELATIVE },
};

/* PREFIX when the running program is PREFIX/BINDIR_RELATIVE/PROGRAM, else
 * NULL (a program in a build folder, or bin set to an absolute folder). */
static char *
running_prefix (void)
{
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bindir = NULL;
  g_autofree char *suffix = NULL;

  if (program == NULL || g_path_is_absolute (BINDIR_RELATIVE))
    return NULL;
  bindir = g_path_get_dirname (program);
  suffix = g_strconcat (G_DIR_SEPARATOR_S, BINDIR_RELATIVE, NULL);
  if (!g_str_has_suffix (bindir, suffix))
    return NULL;
  return g_strndup (bindir, strlen (bindir) - strlen (suffix));
}

char *
isobar_install_locate (IsobarInstallDir  dir,
                       const char       *name)
{
  g_autofree char *prefix = NULL;

  g_return_val_if_fail ((guint) dir < G_N_ELEMENTS (dirs), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  prefix = running_prefix ();
  if (prefix != NULL && !g_path_is_absolute (dirs[dir].relative))
    {
      g_autofree char *moved = g_build_filename (prefix, dirs[dir].relative, name, NULL);

      if (g_file_test (moved, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&moved);
    }
  return g_build_filename (dirs[dir].configured, name, NULL);
}
