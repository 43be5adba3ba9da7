/* test-translator-comments.c: what translators read beside the strings of
 * the C files in po/POTFILES.in, as xgettext extracts it for the .pot.
 *
 * Every string with a printf conversion has a "Translators:" comment (but
 * for the strings po/uncommented-formats.txt lists, a list that only
 * shrinks), and every "Translators:" comment in those files reaches the
 * .pot. xgettext keeps a comment for a string only if no line holding
 * other code stands between the comment and the string's first literal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "test-util.h"

/* The keywords of meson's 'glib' gettext preset (po/meson.build), so that
 * xgettext finds the strings the .pot holds. Its --flag options are left
 * out: xgettext flags a string with a valid conversion c-format by itself,
 * and one without a conversion needs no comment here. */
static const char * const preset_keywords[] = {
  "--keyword=_",
  "--keyword=N_",
  "--keyword=C_:1c,2",
  "--keyword=NC_:1c,2",
  "--keyword=g_dcgettext:2",
  "--keyword=g_dngettext:2,3",
  "--keyword=g_dpgettext2:2c,3",
};

#define TRANSLATORS "Translators:"

/* One message of the .pot. */
typedef struct
{
  GString   *msgid;      /* as the .pot spells it, its lines joined */
  GString   *plural;
  GString   *comments;   /* the extracted comments, see append_comment_line() */
  GPtrArray *references; /* "path:line" */
  gboolean   c_format;
} PotEntry;

static PotEntry *
pot_entry_new (void)
{
  PotEntry *entry = g_new0 (PotEntry, 1);

  entry->msgid = g_string_new (NULL);
  entry->plural = g_string_new (NULL);
  entry->comments = g_string_new (NULL);
  entry->references = g_ptr_array_new_with_free_func (g_free);
  return entry;
}

static void
pot_entry_free (PotEntry *entry)
{
  g_string_free (entry->msgid, TRUE);
  g_string_free (entry->plural, TRUE);
  g_string_free (entry->comments, TRUE);
  g_ptr_array_unref (entry->references);
  g_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PotEntry, pot_entry_free)

/* Appends one line of a comment to @comments, the same way for the source
 * and the .pot: without the "*" that starts a continued C comment line,
 * and with single spaces between lines. */
static void
append_comment_line (GString    *comments,
                     const char *line)
{
  g_autofree char *text = g_strstrip (g_strdup (line));
  const char *start = text;

  if (start[0] == '*')
    start++;
  while (g_ascii_isspace (*start))
    start++;
  if (start[0] == '\0')
    return;
  if (comments->len > 0)
    g_string_append_c (comments, ' ');
  g_string_append (comments, start);
}

/* Whether @format has a conversion other than "%%". */
static gboolean
has_conversion (const char *format)
{
  for (const char *p = strchr (format, '%'); p != NULL; p = strchr (p + 2, '%'))
    if (p[1] != '%')
      return TRUE;
  return FALSE;
}

static gboolean
needs_comment (const PotEntry *entry)
{
  return entry->c_format && (has_conversion (entry->msgid->str) || has_conversion (entry->plural->str));
}

static gboolean
has_translator_comment (const PotEntry *entry)
{
  return strstr (entry->comments->str, TRANSLATORS) != NULL;
}

/* The text of a .pot string line: what stands between its quotes. */
static void
append_quoted (GString    *target,
               const char *line)
{
  const char *open = strchr (line, '"');
  const char *close = strrchr (line, '"');

  g_assert_nonnull (open);
  g_assert_true (close > open);
  g_string_append_len (target, open + 1, close - open - 1);
}

/* Adds the message read so far to @entries, unless it is the header. */
static void
take_entry (GPtrArray  *entries,
            PotEntry  **entry)
{
  if (*entry != NULL && (*entry)->msgid->len > 0)
    g_ptr_array_add (entries, g_steal_pointer (entry));
  g_clear_pointer (entry, pot_entry_free);
}

/* The messages of xgettext's output @pot, without its header. */
static GPtrArray *
parse_pot (const char *pot)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pot_entry_free);
  g_auto(GStrv) lines = g_strsplit (pot, "\n", -1);
  g_autoptr(PotEntry) entry = NULL;
  GString *target = NULL; /* the string that lines starting with '"' continue */

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      /* A blank line ends a message. */
      if (line[0] == '\0')
        {
          take_entry (entries, &entry);
          target = NULL;
          continue;
        }
      if (entry == NULL)
        entry = pot_entry_new ();

      if (g_str_has_prefix (line, "#."))
        append_comment_line (entry->comments, line + 2);
      else if (g_str_has_prefix (line, "#:"))
        {
          g_auto(GStrv) references = g_strsplit (line + 2, " ", -1);

          for (guint j = 0; references[j] != NULL; j++)
            if (references[j][0] != '\0')
              g_ptr_array_add (entry->references, g_strdup (references[j]));
        }
      else if (g_str_has_prefix (line, "#,"))
        {
          g_auto(GStrv) flags = g_strsplit (line + 2, ",", -1);

          for (guint j = 0; flags[j] != NULL; j++)
            if (g_strcmp0 (g_strstrip (flags[j]), "c-format") == 0)
              entry->c_format = TRUE;
        }
      else if (g_str_has_prefix (line, "msgid ") || g_str_has_prefix (line, "msgid_plural "))
        {
          target = g_str_has_prefix (line, "msgid ") ? entry->msgid : entry->plural;
          append_quoted (target, line);
        }
      else if (line[0] == '"' && target != NULL)
        append_quoted (target, line);
      else if (line[0] != '"')
        target = NULL; /* msgctxt, msgstr */
    }
  take_entry (entries, &entry);

  return g_steal_pointer (&entries);
}

/* The .c files of POTFILES.in that exist (test-potfiles speaks of the
 * others). */
static GStrv
read_c_files (const char *root)
{
  g_auto(GStrv) entries = test_read_potfiles (root);
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (root, entries[i], NULL);

      if (g_str_has_suffix (entries[i], ".c") && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_strv_builder_add (files, entries[i]);
    }

  return g_strv_builder_end (files);
}

/* The messages xgettext extracts from @files; NULL after skipping the
 * test when xgettext is not installed, or after failing it when xgettext
 * fails. */
static GPtrArray *
extract_messages (const char         *root,
                  const char * const *files)
{
  g_autofree char *xgettext = g_find_program_in_path ("xgettext");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_strconcat ("--directory=", root, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (xgettext == NULL)
    {
      g_test_skip ("xgettext is not installed (it comes with gettext)");
      return NULL;
    }

  g_strv_builder_add_many (builder, xgettext, "--from-code=UTF-8", "--add-comments", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (preset_keywords); i++)
    g_strv_builder_add (builder, preset_keywords[i]);
  g_strv_builder_add_many (builder, directory, "--output=-", NULL);
  g_strv_builder_addv (builder, (const char **) files);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    {
      g_test_fail_printf ("xgettext failed: %s", err);
      return NULL;
    }

  return parse_pot (out);
}

/* What both tests read: the C files of POTFILES.in, the messages xgettext
 * extracts from them (NULL when it skipped or failed the test), and the
 * msgids of po/uncommented-formats.txt. */
typedef struct
{
  const char *root;
  GStrv       files;
  GPtrArray  *entries;
  GStrv       uncommented;
} Catalog;

static void
catalog_set_up (Catalog       *catalog,
                gconstpointer  data)
{
  g_autofree char *uncommented = NULL;

  catalog->root = g_getenv ("ISOBAR_SOURCE_DIR");
  catalog->files = read_c_files (catalog->root);
  catalog->entries = extract_messages (catalog->root, (const char * const *) catalog->files);
  uncommented = g_build_filename (catalog->root, "po", "uncommented-formats.txt", NULL);
  catalog->uncommented = test_read_list (uncommented);
}

static void
catalog_tear_down (Catalog       *catalog,
                   gconstpointer  data)
{
  g_clear_pointer (&catalog->files, g_strfreev);
  g_clear_pointer (&catalog->entries, g_ptr_array_unref);
  g_clear_pointer (&catalog->uncommented, g_strfreev);
}

/* Whether po/uncommented-formats.txt lists @entry. */
static gboolean
is_listed (Catalog        *catalog,
           const PotEntry *entry)
{
  return g_strv_contains ((const char * const *) catalog->uncommented, entry->msgid->str);
}

/* Where @entry stands in @file: its first line there at or after @from,
 * or G_MAXUINT. */
static guint
entry_line_in (const PotEntry *entry,
               const char     *file,
               guint           from)
{
  gsize length = strlen (file);
  guint first = G_MAXUINT;

  for (guint i = 0; i < entry->references->len; i++)
    {
      const char *reference = g_ptr_array_index (entry->references, i);
      guint line;

      if (strncmp (reference, file, length) != 0 || reference[length] != ':')
        continue;
      line = (guint) g_ascii_strtoull (reference + length + 1, NULL, 10);
      if (line >= from)
        first = MIN (first, line);
    }

  return first;
}

static void
test_format_comments (Catalog       *catalog,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) still_uncommented = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_formats = 0;
  guint n_missing = 0;
  guint n_stale = 0;

  if (catalog->entries == NULL)
    return;

  for (guint i = 0; i < catalog->entries->len; i++)
    {
      const PotEntry *entry = g_ptr_array_index (catalog->entries, i);

      if (!needs_comment (entry))
        continue;
      n_formats++;
      if (has_translator_comment (entry))
        continue;
      if (is_listed (catalog, entry))
        g_hash_table_add (still_uncommented, entry->msgid->str);
      else
        {
          g_test_message ("No translator comment: %s: \"%s\"",
                          (const char *) g_ptr_array_index (entry->references, 0), entry->msgid->str);
          n_missing++;
        }
    }
  g_test_message ("%u strings with printf conversions in %u files, %u listed as uncommented",
                  n_formats, g_strv_length (catalog->files), g_strv_length (catalog->uncommented));
  /* Make sure the extraction is not vacuous. */
  g_assert_cmpuint (n_formats, >, 0);

  for (guint i = 0; catalog->uncommented[i] != NULL; i++)
    if (!g_hash_table_contains (still_uncommented, catalog->uncommented[i]))
      {
        g_test_message ("Listed but commented or gone: \"%s\"", catalog->uncommented[i]);
        n_stale++;
      }

  if (n_missing > 0)
    g_test_fail_printf ("Strings with printf conversions but no " TRANSLATORS " comment in the "
                        ".pot: %u, each in the log. Say what each conversion stands for, in a "
                        "comment that ends on the line before the string's first literal", n_missing);
  if (n_stale > 0)
    g_test_fail_printf ("Strings in po/uncommented-formats.txt that now have a translator comment, "
                        "or are gone: %u, each in the log. Take them off the list", n_stale);
}

/* Adds to @texts the "Translators:" comments of @contents (as
 * append_comment_line() writes them) and to @end_lines the line each ends
 * on. */
static void
find_translator_comments (const char *contents,
                          GPtrArray  *texts,
                          GArray     *end_lines)
{
  guint line = 1;
  const char *counted = contents;

  for (const char *open = strstr (contents, "/*"); open != NULL; open = strstr (open + 2, "/*"))
    {
      const char *close = strstr (open + 2, "*/");
      g_autofree char *body = NULL;
      g_auto(GStrv) body_lines = NULL;
      g_autoptr(GString) text = g_string_new (NULL);

      if (close == NULL)
        break;
      body = g_strndup (open + 2, close - open - 2);
      body_lines = g_strsplit (body, "\n", -1);
      for (guint i = 0; body_lines[i] != NULL; i++)
        append_comment_line (text, body_lines[i]);

      for (; counted < close; counted++)
        if (*counted == '\n')
          line++;
      open = close;

      if (g_str_has_prefix (text->str, TRANSLATORS))
        {
          g_ptr_array_add (texts, g_string_free (g_steal_pointer (&text), FALSE));
          g_array_append_val (end_lines, line);
        }
    }
}

static void
test_comments_reach_pot (Catalog       *catalog,
                         gconstpointer  data)
{
  guint n_comments = 0;
  guint n_lost = 0;

  if (catalog->entries == NULL)
    return;

  for (guint f = 0; catalog->files[f] != NULL; f++)
    {
      const char *file = catalog->files[f];
      g_autofree char *path = g_build_filename (catalog->root, file, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) end_lines = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GError) error = NULL;

      g_file_get_contents (path, &contents, NULL, &error);
      g_assert_no_error (error);
      find_translator_comments (contents, texts, end_lines);
      n_comments += texts->len;

      for (guint c = 0; c < texts->len; c++)
        {
          const char *text = g_ptr_array_index (texts, c);
          guint end_line = g_array_index (end_lines, guint, c);
          const PotEntry *next = NULL;
          guint next_line = G_MAXUINT;

          /* The string the comment stands before. */
          for (guint i = 0; i < catalog->entries->len; i++)
            {
              const PotEntry *entry = g_ptr_array_index (catalog->entries, i);
              guint line = entry_line_in (entry, file, end_line);

              if (line < next_line)
                {
                  next = entry;
                  next_line = line;
                }
            }
          if (next != NULL && strstr (next->comments->str, text) != NULL)
            continue;
          /* A string po/uncommented-formats.txt already owns up to: it lists
           * strings whose comment the .pot lacks, whether never written or
           * written out of xgettext's reach. */
          if (next != NULL && is_listed (catalog, next))
            continue;

          if (next != NULL)
            g_test_message ("Lost: %s:%u, meant for \"%s\" (line %u): %s",
                            file, end_line, next->msgid->str, next_line, text);
          else
            g_test_message ("Lost: %s:%u, with no string after it: %s", file, end_line, text);
          n_lost++;
        }
    }
  g_test_message ("%u translator comments", n_comments);
  g_assert_cmpuint (n_comments, >, 0);

  if (n_lost > 0)
    g_test_fail_printf ("Translator comments that do not reach the .pot: %u, each in the log. "
                        "xgettext drops a comment when a line holding other code stands between it "
                        "and the string's first literal; move each to the line before that literal",
                        n_lost);
}

int
main (int    argc,
      char **argv)
{
  /* Messages quote strings as they are, “…” and all (meson runs tests
   * under C.UTF-8). */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("ISOBAR_SOURCE_DIR") == NULL)
    {
      g_test_skip ("ISOBAR_SOURCE_DIR is not set: run this test with meson test");
      return g_test_run ();
    }

  g_test_add ("/po/format-comments", Catalog, NULL, catalog_set_up, test_format_comments, catalog_tear_down);
  g_test_add ("/po/comments-reach-pot", Catalog, NULL, catalog_set_up, test_comments_reach_pot,
              catalog_tear_down);

  return g_test_run ();
}
