/* isobar-cli-session.h: what every isobar-cli command shares: its options,
 * the server it talks to (a private simulator unless --server is given), the
 * main loop that drives the async core API, place lookup and error reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-core.h"

G_BEGIN_DECLS

/* Options every command accepts. */
typedef struct
{
  char     *server; /* (owned) (nullable): --server URL */
  gboolean  json;   /* --json */
} IsobarCliCommonOptions;

void              isobar_cli_common_options_clear     (IsobarCliCommonOptions        *options);

/* The place a command is about: NAME (the arguments left after the
 * options), or its position with --lat and --lon. */
typedef struct
{
  char     *name;      /* (owned) (nullable) */
  double    latitude;  /* --lat, NAN when not given */
  double    longitude; /* --lon, NAN when not given */
} IsobarCliPlaceOptions;

void              isobar_cli_place_options_clear      (IsobarCliPlaceOptions         *place);

/* A context with the common options added. The usage line uses the
 * program name, which main() sets to "isobar-cli COMMAND". */
GOptionContext   *isobar_cli_option_context_new       (const char                    *parameter_string,
                                                       const char                    *summary,
                                                       IsobarCliCommonOptions        *options);
/* Parses; TRUE when the command should run. Otherwise the usage error has
 * been reported and *exit_code is set (--help prints and exits by itself). */
gboolean          isobar_cli_parse_options            (GOptionContext                *context,
                                                       const char                    *command,
                                                       int                           *argc,
                                                       char                        ***argv,
                                                       int                           *exit_code);
/* Joins the remaining arguments ("New", "York") into one name, or NULL. */
char             *isobar_cli_join_name                (int                            argc,
                                                       char                         **argv);

/* For a command about one place: a context for "[NAME]" with the common
 * options and --lat and --lon, which go into @place. */
GOptionContext   *isobar_cli_place_option_context_new (const char                    *summary,
                                                       IsobarCliCommonOptions        *options,
                                                       IsobarCliPlaceOptions         *place);
/* isobar_cli_parse_options(), then @place's name from the remaining
 * arguments, and the place checked: given either by its name or by --lat
 * and --lon, within range. FALSE when a usage error was reported, with
 * *exit_code set. */
gboolean          isobar_cli_parse_place_options      (GOptionContext                *context,
                                                       const char                    *command,
                                                       int                           *argc,
                                                       char                        ***argv,
                                                       IsobarCliPlaceOptions         *place,
                                                       int                           *exit_code);

typedef struct _IsobarCliSession IsobarCliSession;

IsobarCliSession *isobar_cli_session_new              (void);
void              isobar_cli_session_free             (IsobarCliSession              *self);
/* Connects to @server_url, or starts a private isobar-sim when it is NULL
 * (stopped and reaped by isobar_cli_session_free()). */
gboolean          isobar_cli_session_open             (IsobarCliSession              *self,
                                                       const char                    *server_url,
                                                       GError                       **error);
/* The same, passing @simulator_arguments (nullable) to a private isobar-sim. */
gboolean          isobar_cli_session_open_full        (IsobarCliSession              *self,
                                                       const char                    *server_url,
                                                       const char * const            *simulator_arguments,
                                                       GError                       **error);
/* Once open. */
IsobarClient     *isobar_cli_session_get_client       (IsobarCliSession              *self);
/* Cancelled by SIGINT and SIGTERM. */
GCancellable     *isobar_cli_session_get_cancellable  (IsobarCliSession              *self);
/* For any other _async call: pass isobar_cli_session_callback with the
 * session as its user data, then isobar_cli_session_wait() runs the main
 * loop until it has finished and returns its result. */
void              isobar_cli_session_callback         (GObject                       *source,
                                                       GAsyncResult                  *result,
                                                       gpointer                       user_data);
GAsyncResult     *isobar_cli_session_wait             (IsobarCliSession              *self);
/* Up to @count places called @name; ISOBAR_ERROR_NOT_FOUND when none.
 * Returns (element-type IsobarLocation). */
GPtrArray        *isobar_cli_session_search           (IsobarCliSession              *self,
                                                       const char                    *name,
                                                       guint                          count,
                                                       GError                       **error);
/* The first place called @name. */
IsobarLocation   *isobar_cli_session_find_place       (IsobarCliSession              *self,
                                                       const char                    *name,
                                                       GError                       **error);
/* isobar_cli_session_open(), then *@place (transfer full): the first one
 * called by @where's name, or the one at its position. */
gboolean          isobar_cli_session_open_at_place    (IsobarCliSession              *self,
                                                       const char                    *server_url,
                                                       const IsobarCliPlaceOptions   *where,
                                                       IsobarLocation               **place,
                                                       GError                       **error);
IsobarForecast   *isobar_cli_session_forecast         (IsobarCliSession              *self,
                                                       IsobarLocation                *location,
                                                       IsobarUnits                    units,
                                                       guint                          days,
                                                       GError                       **error);

/* Reports a usage error (G_OPTION_ERROR_BAD_VALUE) and returns 2. */
int               isobar_cli_usage_error              (const char                    *command,
                                                       const char                    *format,
                                                       ...) G_GNUC_PRINTF (2,
                                                       3);

/* Prints "isobar-cli: MESSAGE" on stderr (with a hint for usage errors) and
 * returns the matching exit code. */
int               isobar_cli_report_error             (const char                    *command,
                                                       const GError                  *error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsobarCliCommonOptions, isobar_cli_common_options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsobarCliPlaceOptions, isobar_cli_place_options_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarCliSession, isobar_cli_session_free)

G_END_DECLS
