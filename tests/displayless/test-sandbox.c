/* test-sandbox.c: where a file the user names lands inside a Flatpak
 * (isobar-sandbox.c), with the sandbox's info file written here and named
 * by ISOBAR_FLATPAK_INFO.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "isobar-core.h"

typedef struct
{
  char *dir;
  char *info;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  filesystems)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  f->dir = g_dir_make_tmp ("isobar-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  f->info = g_build_filename (f->dir, "flatpak-info", NULL);
  contents = g_strdup_printf ("[Application]\nname=io.github.isobar.Isobar\n\n[Context]\nshared=ipc;\n%s%s%s",
                              filesystems != NULL ? "filesystems=" : "",
                              filesystems != NULL ? (const char *) filesystems : "",
                              filesystems != NULL ? "\n" : "");
  g_file_set_contents (f->info, contents, -1, &error);
  g_assert_no_error (error);
  g_setenv ("ISOBAR_FLATPAK_INFO", f->info, TRUE);
  g_setenv ("FLATPAK_ID", "io.github.isobar.Isobar", TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *exports = isobar_sandbox_get_exports_dir ();

  g_unsetenv ("ISOBAR_FLATPAK_INFO");
  g_unsetenv ("FLATPAK_ID");
  g_remove (f->info);
  g_rmdir (f->dir);
  g_rmdir (exports);
  g_free (f->info);
  g_free (f->dir);
}

/* Where @path goes, and whether it was moved as @moved says. */
static char *
reachable (const char *path,
           gboolean    expect_moved)
{
  gboolean moved = !expect_moved;
  char *result = isobar_sandbox_reachable_path (path, &moved);

  g_test_message ("%s → %s", path, result);
  g_assert_cmpint (moved, ==, expect_moved);
  return result;
}

static void
assert_moved (const char *path)
{
  g_autofree char *exports = isobar_sandbox_get_exports_dir ();
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *expected = g_build_filename (exports, name, NULL);
  g_autofree char *result = reachable (path, TRUE);

  g_assert_cmpstr (result, ==, expected);
  /* The folder is there to write in. */
  g_assert_true (g_file_test (exports, G_FILE_TEST_IS_DIR));
}

static void
assert_kept (const char *path)
{
  g_autofree char *expected = g_canonicalize_filename (path, NULL);
  g_autofree char *result = reachable (path, FALSE);

  g_assert_cmpstr (result, ==, expected);
}

/* Outside a sandbox every path is kept, made absolute. */
static void
test_no_sandbox (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *relative = NULL;

  g_unsetenv ("ISOBAR_FLATPAK_INFO");
  /* Set, but naming no file: not a sandbox either. */
  g_setenv ("ISOBAR_FLATPAK_INFO", "/nonexistent/flatpak-info", TRUE);
  g_assert_null (isobar_sandbox_get_flatpak_info ());
  g_unsetenv ("ISOBAR_FLATPAK_INFO");

  assert_kept ("/tmp/runs.csv");
  assert_kept ("/home/someone/runs.json");
  relative = reachable ("runs.csv", FALSE);
  g_assert_true (g_str_has_prefix (relative, cwd));
  g_assert_true (g_str_has_suffix (relative, "/runs.csv"));
}

/* No filesystem permission: only the app's folders and the portal's. */
static void
test_sandbox (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *home = g_build_filename (g_get_home_dir (), "runs.csv", NULL);
  g_autofree char *data_file = g_build_filename (g_get_user_data_dir (), "runs.csv", NULL);
  g_autofree char *cache_file = g_build_filename (g_get_user_cache_dir (), "isobar", "trace.json", NULL);
  g_autofree char *app_file = g_build_filename (g_get_home_dir (), ".var", "app", "io.github.isobar.Isobar",
                                                "runs.csv", NULL);
  g_autofree char *document = g_build_filename (g_get_user_runtime_dir (), "doc", "a1b2c3", "runs.csv", NULL);
  g_autofree char *other_app = g_build_filename (g_get_home_dir (), ".var", "app", "org.example.Other",
                                                 "runs.csv", NULL);

  g_assert_cmpstr (isobar_sandbox_get_flatpak_info (), ==, f->info);

  assert_moved ("/tmp/runs.csv");
  assert_moved (home);
  assert_moved ("relative/trace.json");
  assert_moved (other_app);
  /* /tmpfoo is not /tmp, but is not shared either. */
  assert_moved ("/tmpfoo/runs.csv");

  assert_kept (data_file);
  assert_kept (cache_file);
  assert_kept (app_file);
  assert_kept (document);
}

/* The home folder shared: paths in it stay, /tmp still does not. */
static void
test_sandbox_home (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *home = g_build_filename (g_get_home_dir (), "Documents", "runs.csv", NULL);

  assert_kept (home);
  assert_moved ("/tmp/runs.csv");
  assert_kept ("/srv/data/runs.csv");
  assert_moved ("/srv/other/runs.csv");
  /* Read-only and negated entries share nothing to write in. */
  assert_moved ("/media/usb/runs.csv");
}

/* All of the host's folders shared: all but /tmp. */
static void
test_sandbox_host (Fixture       *f,
                   gconstpointer  data)
{
  assert_kept ("/srv/other/runs.csv");
  assert_kept ("/media/usb/runs.csv");
  assert_moved ("/tmp/runs.csv");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sandbox/none", test_no_sandbox);
  g_test_add ("/sandbox/flatpak", Fixture, NULL, fixture_set_up, test_sandbox, fixture_tear_down);
  g_test_add ("/sandbox/flatpak-home", Fixture, "home;/srv/data:rw;/media/usb:ro;!host;",
              fixture_set_up, test_sandbox_home, fixture_tear_down);
  g_test_add ("/sandbox/flatpak-host", Fixture, "host;", fixture_set_up, test_sandbox_host, fixture_tear_down);

  return g_test_run ();
}
