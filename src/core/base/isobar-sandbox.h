/* isobar-sandbox.h: where a file the user names lands, inside a Flatpak.
 *
 * In a Flatpak sandbox, /tmp and the home folder are the sandbox's own
 * unless the app was given them: a file written there "succeeds" into a
 * place the user never sees. The host sees the app's own folders
 * (~/.var/app/APP-ID), files the user picked through the file chooser
 * portal (the document portal's /run/user/UID/doc), and the folders the
 * app's permissions name. A path the host cannot see is written to the
 * app's exports folder instead, under the same name, and the caller says
 * so with the full path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The file that tells a Flatpak sandbox apart: "/.flatpak-info", or
 * $ISOBAR_FLATPAK_INFO when set (for tests). NULL outside a sandbox. */
const char *isobar_sandbox_get_flatpak_info (void);

/* Where to write the file the user named @path (absolute, or relative to
 * the working folder) so that the user finds it. Outside a sandbox, and for
 * a path the host sees, @path made absolute; else the same name in
 * isobar_sandbox_get_exports_dir() (made if missing), with @moved set. */
char       *isobar_sandbox_reachable_path   (const char *path,
                                             gboolean   *moved);
/* The app's exports folder: "isobar/exports" in the user data folder,
 * ~/.var/app/APP-ID/data/isobar/exports in a sandbox. */
char       *isobar_sandbox_get_exports_dir  (void);

G_END_DECLS
