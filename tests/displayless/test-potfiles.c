/* test-potfiles.c: every file with translatable strings is listed in
 * po/POTFILES.in, and every file listed there exists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "test-util.h"

/* Gettext calls whose first argument is a string literal; each must follow
 * something other than an identifier character (so FOO_("…") is no match). */
static const char * const c_markers[] = { "_", "N_", "C_", "NC_", "Q_", "ngettext", "g_dngettext" };

/* For g_ptr_array_sort(), which passes pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
is_identifier_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Whether @text calls @marker: "marker (" with optional spaces, and for the
 * short macros a string literal as the first argument. */
static gboolean
c_text_has_marker (const char *text,
                   const char *marker)
{
  gsize length = strlen (marker);
  gboolean needs_literal = !g_str_has_suffix (marker, "gettext");

  for (const char *p = strstr (text, marker); p != NULL; p = strstr (p + 1, marker))
    {
      const char *q = p + length;

      if (p > text && is_identifier_char (p[-1]))
        continue;
      while (*q == ' ' || *q == '\t')
        q++;
      if (*q != '(')
        continue;
      if (!needs_literal)
        return TRUE;
      for (q++; g_ascii_isspace (*q); q++)
        ;
      if (*q == '"')
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_translatable (const char *relative_path,
                 const char *contents)
{
  if (g_str_has_suffix (relative_path, ".c"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (c_markers); i++)
        if (c_text_has_marker (contents, c_markers[i]))
          return TRUE;
      return FALSE;
    }

  if (g_str_has_suffix (relative_path, ".ui") || g_str_has_suffix (relative_path, ".in") ||
      g_str_has_suffix (relative_path, ".xml"))
    {
      if (strstr (contents, "translatable=\"yes\"") != NULL)
        return TRUE;
      /* These formats are translated whole, without marks (their ITS rules
       * or the desktop file keys say what). */
      if (g_str_has_suffix (relative_path, ".desktop.in") ||
          g_str_has_suffix (relative_path, ".metainfo.xml.in"))
        return TRUE;
      if (g_str_has_suffix (relative_path, ".gschema.xml"))
        return strstr (contents, "gettext-domain=") != NULL;
    }

  return FALSE;
}

static gboolean
is_scanned (const char *name)
{
  return g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".ui") ||
         g_str_has_suffix (name, ".in") || g_str_has_suffix (name, ".xml");
}

/* Adds to @found the files below @relative_dir (relative to @root) that have
 * translatable strings. */
static void
scan_directory (const char *root,
                const char *relative_dir,
                GPtrArray  *found)
{
  g_autofree char *dir_path = g_build_filename (root, relative_dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *relative = g_strconcat (relative_dir, "/", name, NULL);
      g_autofree char *path = g_build_filename (root, relative, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan_directory (root, relative, found);
          continue;
        }
      if (!is_scanned (name))
        continue;

      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      if (is_translatable (relative, contents))
        g_ptr_array_add (found, g_steal_pointer (&relative));
    }
}

/* The entries of POTFILES.in, as a set. */
static GHashTable *
read_potfiles (const char *root)
{
  g_auto(GStrv) entries = test_read_potfiles (root);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; entries[i] != NULL; i++)
    g_hash_table_add (set, g_strdup (entries[i]));

  return set;
}

static void
test_potfiles (void)
{
  const char *root = g_getenv ("ISOBAR_SOURCE_DIR");
  g_autoptr(GHashTable) listed = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) stale = g_string_new (NULL);
  GHashTableIter iter;
  gpointer entry;

  listed = read_potfiles (root);
  scan_directory (root, "src", found);
  scan_directory (root, "data", found);
  g_test_message ("%u files with translatable strings, %u entries in POTFILES.in",
                  found->len, g_hash_table_size (listed));
  /* Make sure the scan is not vacuous. */
  g_assert_cmpuint (found->len, >, 0);

  g_ptr_array_sort (found, compare_strings);
  for (guint i = 0; i < found->len; i++)
    if (!g_hash_table_contains (listed, g_ptr_array_index (found, i)))
      g_string_append_printf (missing, " %s", (const char *) g_ptr_array_index (found, i));

  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, &entry, NULL))
    {
      g_autofree char *path = g_build_filename (root, (const char *) entry, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_string_append_printf (stale, " %s", (const char *) entry);
    }

  if (missing->len > 0)
    g_test_fail_printf ("Files with translatable strings missing from po/POTFILES.in:%s", missing->str);
  if (stale->len > 0)
    g_test_fail_printf ("po/POTFILES.in lists files that do not exist:%s", stale->str);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("ISOBAR_SOURCE_DIR") == NULL)
    {
      g_test_skip ("ISOBAR_SOURCE_DIR is not set: run this test with meson test");
      return g_test_run ();
    }

  g_test_add_func ("/po/potfiles", test_potfiles);

  return g_test_run ();
}
