/* isobar-reference-command.c: the command line of IsobarReference's run:
 * which python3 (the caller's choice, ISOBAR_PYTHON or PATH), which copy of
 * isobar-reference.py (the caller's, ISOBAR_REFERENCE_SCRIPT or the
 * installed one), and the arguments that carry the run's settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isobar-error.h"
#include "isobar-executor.h"
#include "isobar-install.h"
#include "isobar-reference-private.h"

#define SCRIPT_NAME       "isobar-reference.py"

char *
_isobar_reference_find_interpreter (IsobarReference  *self,
                                    GError          **error)
{
  const char *override = g_getenv ("ISOBAR_PYTHON");
  char *path;

  /* An explicit choice is never second-guessed with another program. */
  if (self->interpreter != NULL)
    {
      path = g_find_program_in_path (self->interpreter);
      if (path == NULL)
        g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                     _("Real Python could not be run: “%s” is not a program"), self->interpreter);
      return path;
    }
  if (override != NULL && *override != '\0')
    {
      path = g_find_program_in_path (override);
      if (path == NULL)
        g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                     _("Real Python could not be run: ISOBAR_PYTHON is set to “%s”, which is not a program"),
                     override);
      return path;
    }

  path = g_find_program_in_path ("python3");
  if (path == NULL)
    g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                         _("Real Python could not be run: no python3 was found on PATH (set ISOBAR_PYTHON to use another)"));
  return path;
}

char *
_isobar_reference_find_script (IsobarReference  *self,
                               GError          **error)
{
  const char *override = g_getenv ("ISOBAR_REFERENCE_SCRIPT");
  g_autofree char *path = NULL;

  if (self->script != NULL)
    path = g_strdup (self->script);
  else if (override != NULL && *override != '\0')
    path = g_strdup (override);
  else
    path = isobar_install_locate (ISOBAR_INSTALL_PKGDATADIR, SCRIPT_NAME);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_NOT_FOUND,
                   _("Real Python could not be run: its program %s is missing"), path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

char **
_isobar_reference_build_argv (const char                    *interpreter,
                              const char                    *script,
                              const IsobarReferenceSettings *settings,
                              char * const                  *strategies)
{
  GPtrArray *argv = g_ptr_array_new ();
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  guint workers = isobar_executor_resolve_workers (settings->workers);
  double interval_ms = settings->switch_interval_ms > 0 ? settings->switch_interval_ms : 5.0;
  double target_seconds = settings->target_seconds > 0 ? settings->target_seconds : 3.0;

  g_ptr_array_add (argv, g_strdup (interpreter));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup ("--watch-stdin"));
  g_ptr_array_add (argv, g_strdup ("--strategies"));
  g_ptr_array_add (argv, g_strjoinv (",", (char **) strategies));
  g_ptr_array_add (argv, g_strdup ("--workers"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", workers));
  g_ptr_array_add (argv, g_strdup ("--switch-interval-ms"));
  g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (number, sizeof number, interval_ms)));
  g_ptr_array_add (argv, g_strdup ("--resamples"));
  g_ptr_array_add (argv, g_strdup_printf ("%u", settings->resamples));
  g_ptr_array_add (argv, g_strdup ("--target-seconds"));
  g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (number, sizeof number, target_seconds)));
  if (settings->chunks_per_place > 0)
    {
      g_ptr_array_add (argv, g_strdup ("--chunks-per-place"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", settings->chunks_per_place));
    }
  g_ptr_array_add (argv, g_strdup ("--seed"));
  g_ptr_array_add (argv, g_strdup_printf ("%" G_GUINT64_FORMAT, settings->seed));
  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (argv, FALSE);
}
