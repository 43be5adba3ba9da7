/* isobar-cli.h: the subcommands of isobar-cli and their exit codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ISOBAR_CLI_EXIT_OK          = 0,
  ISOBAR_CLI_EXIT_FAILURE     = 1,   /* the service or the simulator failed */
  ISOBAR_CLI_EXIT_USAGE       = 2,   /* bad arguments, or no such place */
  ISOBAR_CLI_EXIT_INTERRUPTED = 130, /* SIGINT or SIGTERM */
} IsobarCliExit;

/* Each takes the arguments after the command name (argv[0] is the command)
 * and returns an IsobarCliExit. */
int isobar_cli_search   (int    argc,
                         char **argv);
int isobar_cli_forecast (int    argc,
                         char **argv);
int isobar_cli_report   (int    argc,
                         char **argv);
int isobar_cli_bench    (int    argc,
                         char **argv);
int isobar_cli_run      (int    argc,
                         char **argv);

G_END_DECLS
