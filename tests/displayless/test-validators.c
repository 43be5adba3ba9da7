/* test-validators.c: the desktop file, the AppStream metainfo, the GSettings
 * schema and the Flatpak manifest pass their validators.
 *
 * Usage: test-validators [DESKTOP-FILE METAINFO-FILE] (meson passes the built
 * ones; by default they are looked for in $ISOBAR_BUILD_DIR/data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

static const char *desktop_path;
static const char *metainfo_path;

/* For g_ptr_array_sort(), which passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
source_path (const char *first_element,
             ...) G_GNUC_NULL_TERMINATED;

/* A path below $ISOBAR_SOURCE_DIR. */
static char *
source_path (const char *first_element,
             ...)
{
  const char *source_dir = g_getenv ("ISOBAR_SOURCE_DIR");
  g_autofree char *tail = NULL;
  va_list args;

  g_assert_nonnull (source_dir);
  va_start (args, first_element);
  tail = g_build_filename_valist (first_element, &args);
  va_end (args);

  return g_build_filename (source_dir, tail, NULL);
}

/* The output of a program on one line (TAP wants a failure message on one
 * line): line breaks become " | ". */
static char *
fold_output (const char *out,
             const char *err)
{
  g_autoptr(GString) folded = g_string_new (NULL);

  g_string_append_printf (folded, "%s\n%s", out, err);
  g_strstrip (folded->str);
  folded->len = strlen (folded->str);
  g_string_replace (folded, "\n", " | ", 0);

  return g_string_free (g_steal_pointer (&folded), FALSE);
}

/* Runs a validator; fails with its output unless it exits with 0 and, when
 * @forbidden is set, says nothing containing it. Skips when the program is
 * not installed. */
static void
run_validator (const char         *package,
               const char         *forbidden,
               const char * const *argv)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *output = NULL;
  g_autofree char *command_line = g_strjoinv (" ", (char **) argv);

  if (program == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("%s is not installed (it is in the %s package)",
                                                 argv[0], package);
      g_test_skip (reason);
      return;
    }

  g_test_message ("Running %s", command_line);
  subprocess = g_subprocess_newv (argv,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  output = fold_output (out, err);

  if (!g_subprocess_get_if_exited (subprocess))
    g_test_fail_printf ("%s was killed by signal %d: %s", command_line,
                        g_subprocess_get_term_sig (subprocess), output);
  else if (g_subprocess_get_exit_status (subprocess) != 0)
    g_test_fail_printf ("%s failed with exit status %d: %s", command_line,
                        g_subprocess_get_exit_status (subprocess), output);
  else if (forbidden != NULL && (strstr (out, forbidden) != NULL || strstr (err, forbidden) != NULL))
    g_test_fail_printf ("%s complained: %s", command_line, output);
  else
    g_test_message ("%s", output);
}

static void
test_desktop_file (void)
{
  const char * const argv[] = { "desktop-file-validate", desktop_path, NULL };
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_path_get_basename (desktop_path);
  g_autofree char *icon = NULL;
  g_autofree char *exec = NULL;

  run_validator ("desktop-file-utils", "warning:", argv);

  /* The icon is named after the application id, which names the file. */
  g_key_file_load_from_file (key_file, desktop_path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  icon = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (basename, ".desktop"));
  g_assert_cmpuint (strlen (icon), ==, strlen (basename) - strlen (".desktop"));
  g_assert_true (g_str_has_prefix (basename, icon));
  exec = g_key_file_get_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "isobar");
}

static void
test_metainfo (void)
{
  const char * const argv[] = { "appstreamcli", "validate", "--no-net", metainfo_path, NULL };
  g_autofree char *contents = NULL;
  g_autofree char *desktop_basename = g_path_get_basename (desktop_path);
  g_autofree char *launchable = NULL;
  g_autoptr(GError) error = NULL;

  run_validator ("appstream", NULL, argv);

  /* It launches the desktop file built beside it. */
  g_file_get_contents (metainfo_path, &contents, NULL, &error);
  g_assert_no_error (error);
  launchable = g_strdup_printf ("<launchable type=\"desktop-id\">%s</launchable>", desktop_basename);
  g_assert_nonnull (strstr (contents, launchable));
}

static void
test_schema (void)
{
  g_autofree char *data_dir = source_path ("data", NULL);
  const char * const argv[] = { "glib-compile-schemas", "--strict", "--dry-run", data_dir, NULL };

  run_validator ("libglib2.0-bin", NULL, argv);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
test_flatpak_manifest (void)
{
  static const char * const expected_finish_args[] = {
    "--device=dri",
    "--share=ipc",
    "--share=network",
    "--socket=fallback-x11",
    "--socket=wayland",
  };
  g_autofree char *path = source_path ("flatpak", "io.github.isobar.Isobar.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) finish_args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *manifest;
  JsonArray *array;
  gboolean has_meson_module = FALSE;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  manifest = json_node_get_object (json_parser_get_root (parser));

  /* "id", as flatpak-builder and Flathub now name it ("app-id" is the old name). */
  g_assert_cmpstr (get_string_member (manifest, "id"), ==, "io.github.isobar.Isobar");
  g_assert_false (json_object_has_member (manifest, "app-id"));
  g_assert_cmpstr (get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  /* A GNOME runtime still supported in December 2026 (GNOME 47, named
   * before, was past its support). */
  g_assert_nonnull (get_string_member (manifest, "runtime-version"));
  g_assert_cmpint (g_ascii_strtoll (get_string_member (manifest, "runtime-version"), NULL, 10), >=, 50);
  g_assert_cmpstr (get_string_member (manifest, "command"), ==, "isobar");

  /* Exactly the permissions the app needs, no more. */
  g_assert_true (json_object_has_member (manifest, "finish-args"));
  array = json_object_get_array_member (manifest, "finish-args");
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (finish_args, (gpointer) json_array_get_string_element (array, i));
  g_ptr_array_sort (finish_args, compare_strings);
  for (guint i = 0; i < MAX (finish_args->len, G_N_ELEMENTS (expected_finish_args)); i++)
    {
      const char *found = i < finish_args->len ? g_ptr_array_index (finish_args, i) : NULL;
      const char *expected = i < G_N_ELEMENTS (expected_finish_args) ? expected_finish_args[i] : NULL;

      g_assert_cmpstr (found, ==, expected);
    }

  g_assert_true (json_object_has_member (manifest, "modules"));
  array = json_object_get_array_member (manifest, "modules");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *module;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      module = json_node_get_object (node);
      if (g_strcmp0 (get_string_member (module, "name"), "isobar") == 0 &&
          g_strcmp0 (get_string_member (module, "buildsystem"), "meson") == 0)
        has_meson_module = TRUE;
    }
  g_assert_true (has_meson_module);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *default_desktop = NULL;
  g_autofree char *default_metainfo = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("ISOBAR_SOURCE_DIR") == NULL || g_getenv ("ISOBAR_BUILD_DIR") == NULL)
    {
      g_test_skip ("ISOBAR_SOURCE_DIR and ISOBAR_BUILD_DIR are not set: run this test with meson test");
      return g_test_run ();
    }

  if (argc == 3)
    {
      desktop_path = argv[1];
      metainfo_path = argv[2];
    }
  else
    {
      default_desktop = g_build_filename (g_getenv ("ISOBAR_BUILD_DIR"), "data",
                                          "io.github.isobar.Isobar.desktop", NULL);
      default_metainfo = g_build_filename (g_getenv ("ISOBAR_BUILD_DIR"), "data",
                                           "io.github.isobar.Isobar.metainfo.xml", NULL);
      desktop_path = default_desktop;
      metainfo_path = default_metainfo;
    }

  g_test_add_func ("/validators/desktop-file", test_desktop_file);
  g_test_add_func ("/validators/metainfo", test_metainfo);
  g_test_add_func ("/validators/schema", test_schema);
  g_test_add_func ("/validators/flatpak-manifest", test_flatpak_manifest);

  return g_test_run ();
}
