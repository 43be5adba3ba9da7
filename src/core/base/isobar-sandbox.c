/* isobar-sandbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "isobar-sandbox.h"

#define FLATPAK_INFO "/.flatpak-info"

const char *
isobar_sandbox_get_flatpak_info (void)
{
  const char *override = g_getenv ("ISOBAR_FLATPAK_INFO");

  if (override != NULL && *override != '\0')
    return g_file_test (override, G_FILE_TEST_IS_REGULAR) ? override : NULL;
  return g_file_test (FLATPAK_INFO, G_FILE_TEST_EXISTS) ? FLATPAK_INFO : NULL;
}

char *
isobar_sandbox_get_exports_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "isobar", "exports", NULL);
}

/* TRUE when @path is @dir or inside it; both canonical. */
static gboolean
is_within (const char *path,
           const char *dir)
{
  gsize length = strlen (dir);

  if (length == 0)
    return FALSE;
  if (g_str_equal (dir, "/"))
    return TRUE;
  return strncmp (path, dir, length) == 0 && (path[length] == '\0' || path[length] == '/');
}

/* One entry of the sandbox's "filesystems" permission as a folder the
 * host shares writable, or NULL: "host" (all of it, "/"), "home" (the home
 * folder), "~/x" and "/x" (that folder). Read-only entries (":ro") and the named XDG
 * folders ("xdg-download"…) count as not shared: a file meant for one of
 * them goes to the exports folder, and the user is told where. */
static char *
shared_dir_of (const char *entry)
{
  g_autofree char *name = NULL;
  const char *colon;

  if (entry[0] == '!')
    return NULL;
  colon = strchr (entry, ':');
  if (colon != NULL && !g_str_equal (colon, ":rw") && !g_str_equal (colon, ":create"))
    return NULL;
  name = colon != NULL ? g_strndup (entry, colon - entry) : g_strdup (entry);

  if (g_str_equal (name, "host"))
    return g_strdup ("/");
  if (g_str_equal (name, "home") || g_str_equal (name, "~"))
    return g_strdup (g_get_home_dir ());
  if (g_str_has_prefix (name, "~/"))
    return g_canonicalize_filename (name + 2, g_get_home_dir ());
  if (name[0] == '/')
    return g_canonicalize_filename (name, NULL);
  return NULL;
}

static gboolean
host_sees (const char *flatpak_info,
           const char *path)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_auto(GStrv) filesystems = NULL;
  g_autofree char *app_dir = NULL;
  g_autofree char *documents = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  const char *app_id = g_getenv ("FLATPAK_ID");

  /* The app's own folders, mounted from the host's ~/.var/app/APP-ID. */
  if (app_id != NULL && *app_id != '\0')
    {
      app_dir = g_build_filename (g_get_home_dir (), ".var", "app", app_id, NULL);
      if (is_within (path, app_dir))
        return TRUE;
    }
  if (is_within (path, g_get_user_data_dir ()) ||
      is_within (path, g_get_user_config_dir ()) ||
      is_within (path, g_get_user_cache_dir ()))
    return TRUE;
  /* What the user picked in the file chooser, through the portal. */
  if (is_within (path, documents))
    return TRUE;

  if (g_key_file_load_from_file (info, flatpak_info, G_KEY_FILE_NONE, NULL))
    filesystems = g_key_file_get_string_list (info, "Context", "filesystems", NULL, NULL);
  for (guint i = 0; filesystems != NULL && filesystems[i] != NULL; i++)
    {
      g_autofree char *dir = shared_dir_of (filesystems[i]);

      /* Even with all of the host's folders, /tmp stays the sandbox's own. */
      if (dir != NULL && is_within (path, dir) && !(g_str_equal (dir, "/") && is_within (path, "/tmp")))
        return TRUE;
    }
  return FALSE;
}

char *
isobar_sandbox_reachable_path (const char *path,
                               gboolean   *moved)
{
  g_autofree char *absolute = NULL;
  g_autofree char *name = NULL;
  g_autofree char *exports = NULL;
  const char *flatpak_info;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  if (moved != NULL)
    *moved = FALSE;
  absolute = g_canonicalize_filename (path, NULL);
  flatpak_info = isobar_sandbox_get_flatpak_info ();
  if (flatpak_info == NULL || host_sees (flatpak_info, absolute))
    return g_steal_pointer (&absolute);

  if (moved != NULL)
    *moved = TRUE;
  name = g_path_get_basename (absolute);
  exports = isobar_sandbox_get_exports_dir ();
  /* A folder that cannot be made shows in the write's own error. */
  g_mkdir_with_parents (exports, 0700);
  return g_build_filename (exports, name, NULL);
}
