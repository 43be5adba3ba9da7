/* isobar-parser-response.c: from the body of an Open-Meteo response to its
 * object, for every API: the limits and the scan that keep from json-glib
 * what it gets wrong, the one object of a single-place answer, and
 * Open-Meteo's error object ({"error":true,"reason":"…"}).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-parser.h"
#include "isobar-parser-private.h"

/* Bodies above this are refused before json-glib sees them: the client caps
 * downloads well below, so only a caller feeding us something absurd gets
 * here. */
#define MAX_BODY_SIZE (256 * 1024 * 1024)

/* json-glib's parser recurses once per nesting level and runs out of stack
 * on a body of a few hundred thousand '['. Open-Meteo nests four deep. */
#define MAX_DEPTH 64

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Four hex digits of a \u escape at @p (@n bytes left). */
static gboolean
read_utf16_unit (const char *p,
                 gsize       n,
                 guint      *unit)
{
  if (n < 4)
    return FALSE;
  *unit = 0;
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      *unit = *unit * 16 + g_ascii_xdigit_value (p[i]);
    }
  return TRUE;
}

/* The length of the escape after a backslash at @p (@n bytes left), or 0
 * when it is not one of JSON's: a \u escape has four hex digits, and a
 * surrogate comes as a high and a low half. */
static gsize
escape_length (const char *p,
               gsize       n)
{
  guint unit;

  if (n == 0)
    return 0;
  if (p[0] != '\0' && strchr ("\"\\/bfnrt", p[0]) != NULL)
    return 1;
  if (p[0] != 'u' || !read_utf16_unit (p + 1, n - 1, &unit) || (unit >= 0xdc00 && unit <= 0xdfff))
    return 0;
  if (unit < 0xd800 || unit > 0xdbff)
    return 5;
  if (n < 11 || p[5] != '\\' || p[6] != 'u' || !read_utf16_unit (p + 7, n - 7, &unit) ||
      unit < 0xdc00 || unit > 0xdfff)
    return 0;
  return 11;
}

static gboolean
not_json (GError     **error,
          const char  *what)
{
  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
               /* Translators: %s says what is wrong, e.g. “a broken escape in a string” */
               _("The server sent data that is not valid JSON: %s"), what);
  return FALSE;
}

/* Refuses what would be dangerous to hand to json-glib: a body too large, one
 * nested too deep, and what json-glib 1.6 gets wrong: a broken escape in a
 * string, which it lets through as bytes that are not UTF-8 or fails on
 * leaking the string, an object or a list after the first value, of
 * which it returns the first value and leaks the rest, and a backslash or a
 * slash outside a string (JSON has neither there; json-glib's scanner takes
 * a slash for the start of a comment and, on `/"/"\udd\\u`, leaks the
 * string it was building). A cheap scan that knows strings; the rest is
 * json-glib's to check. */
static gboolean
check_body (const char  *data,
            gsize        size,
            GError     **error)
{
  gboolean in_string = FALSE;
  gboolean have_value = FALSE;
  guint depth = 0;
  gsize start = 0;

  if (size > MAX_BODY_SIZE)
    {
      g_autofree char *formatted = g_format_size (size);

      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_TOO_LARGE,
                   _("The server’s answer is too large to read (%s)"), formatted);
      return FALSE;
    }

  /* A UTF-8 byte order mark, which json-glib skips. */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    start = 3;

  for (gsize i = start; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gsize length = escape_length (data + i + 1, size - i - 1);

              if (length == 0)
                return not_json (error, _("a broken escape in a string"));
              i += length;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (depth == 0 && !is_json_space (c))
        {
          if (have_value && (c == '[' || c == '{'))
            return not_json (error, _("more than one value"));
          have_value = TRUE;
        }

      if (c == '\\' || c == '/')
        return not_json (error, _("a backslash or a slash outside a string"));

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return _isobar_parser_invalid_data (error,
                                                _("The server’s answer is nested more than %d levels deep"),
                                                MAX_DEPTH);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonNode *
_isobar_parser_load_root (GBytes  *body,
                          GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;

  data = g_bytes_get_data (body, &size);
  if (!check_body (data, size, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, &local_error))
    {
      /* json-glib quotes the offending token as it decoded it; the
       * message is shown, so it must be UTF-8 whatever the token was. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      not_json (error, detail);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
                           _("The server sent an empty answer"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* The one object of a response: the root, or the only item of a list. */
static JsonNode *
single_object (JsonNode  *root,
               GError   **error)
{
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    return root;

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  if (n != 1)
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server sent %u place where one was expected",
                                "The server sent %u places where one was expected", n),
                   n);
      return NULL;
    }
  return json_array_get_element (array, 0);
}

/* Loads @body and points @node at its one object (see single_object);
 * returns the root that owns @node, or NULL and an error. */
JsonNode *
_isobar_parser_load_single_object (GBytes    *body,
                                   JsonNode **node,
                                   GError   **error)
{
  g_autoptr(JsonNode) root = _isobar_parser_load_root (body, error);

  if (root == NULL)
    return NULL;

  *node = single_object (root, error);
  if (*node == NULL)
    return NULL;
  return g_steal_pointer (&root);
}

/* {"error":true,"reason":"…"} */
static gboolean
object_is_error (JsonObject  *object,
                 const char **reason)
{
  JsonNode *flag = json_object_get_member (object, "error");

  if (flag == NULL ||
      !JSON_NODE_HOLDS_VALUE (flag) ||
      json_node_get_value_type (flag) != G_TYPE_BOOLEAN ||
      !json_node_get_boolean (flag))
    return FALSE;

  *reason = _isobar_parser_node_get_string (json_object_get_member (object, "reason"));
  return TRUE;
}

static gboolean
check_server_error (JsonObject  *object,
                    GError     **error)
{
  const char *reason = NULL;

  if (!object_is_error (object, &reason))
    return TRUE;

  if (reason != NULL && *reason != '\0')
    g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER, reason);
  else
    g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER,
                         _("The server reported an error without saying why"));
  return FALSE;
}

/* The object of a response, or NULL and an error when @node is no object
 * or is Open-Meteo's error object. */
JsonObject *
_isobar_parser_response_object (JsonNode  *node,
                                GError   **error)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The server sent %s where an object was expected"),
                   _isobar_parser_describe_node (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!check_server_error (object, error))
    return NULL;
  return object;
}

char *
isobar_parse_error_reason (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  const char *reason = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  root = _isobar_parser_load_root (body, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  if (!object_is_error (json_node_get_object (root), &reason))
    return NULL;

  return g_strdup (reason);
}
