/* isobar-parser-values.c: the values the parser reads out of JSON nodes
 * (text, numbers, integers, Open-Meteo's times and a variable's entries) and
 * the wording of what is wrong with them, for every API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "isobar-error.h"
#include "isobar-json-private.h"
#include "isobar-parser-private.h"

/* Times GDateTime can represent (years 1 to 9999). */
#define MIN_TIME G_GINT64_CONSTANT (-62135596800)
#define MAX_TIME G_GINT64_CONSTANT (253402300799)

gboolean
_isobar_parser_invalid_data (GError     **error, const char  *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA, message);
  return FALSE;
}

/* "a number", "text"…: what a node is, for messages. */
const char *
_isobar_parser_describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("a list");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
        return _("text that is not valid UTF-8");
      return _("text");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    case G_TYPE_DOUBLE:
      if (!isfinite (json_node_get_double (node)))
        return _("an infinite number");
      return _("a number");
    default:
      return _("a number");
    }
}

/* A string member's text; NULL for any other node, and for text that is not
 * UTF-8: json-glib 1.6 does not check what its escapes decode to (a broken
 * surrogate pair, "\ud83d\(", came through as such bytes before check_body()
 * in isobar-parser-response.c refused it), and every string the parser keeps
 * ends up on screen or in a GVariant, which must be UTF-8. */
const char *
_isobar_parser_node_get_string (JsonNode *node)
{
  const char *text;

  if (node == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  return g_utf8_validate (text, -1, NULL) ? text : NULL;
}

/* Open-Meteo prints numbers as 84, 0.30 or -0: json-glib makes integers or
 * doubles of them. */
gboolean
_isobar_parser_node_get_number (JsonNode *node,
                                double   *value)
{
  double d;

  if (!isobar_json_node_is_number (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    d = (double) json_node_get_int (node);
  else
    d = json_node_get_double (node);

  if (!isfinite (d))
    return FALSE;

  *value = d;
  return TRUE;
}

gboolean
_isobar_parser_node_get_integer (JsonNode *node,
                                 gint64   *value)
{
  double d;

  if (!isobar_json_node_is_number (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  d = json_node_get_double (node);
  if (!isfinite (d) || d != floor (d) || fabs (d) > 9.0e15)
    return FALSE;
  *value = (gint64) d;
  return TRUE;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static gint64
days_from_civil (gint64 year,
                 int    month,
                 int    day)
{
  gint64 era, yoe, doy, doe;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  yoe = year - era * 400;
  doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static gboolean
parse_digits (const char **p,
              int          n_digits,
              int         *value)
{
  int v = 0;

  for (int i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n_digits;
  *value = v;
  return TRUE;
}

/* "2022-07-12", "2022-07-12T01:00" or "2022-07-12T01:00:30", local time at
 * @utc_offset, to UTC epoch seconds. */
static gboolean
parse_local_time (const char *text,
                  int         utc_offset,
                  gint64     *time)
{
  const char *p = text;
  int year, month, day, hour = 0, minute = 0, second = 0;

  if (!parse_digits (&p, 4, &year) || *p++ != '-' ||
      !parse_digits (&p, 2, &month) || *p++ != '-' ||
      !parse_digits (&p, 2, &day))
    return FALSE;

  if (*p == 'T')
    {
      p++;
      if (!parse_digits (&p, 2, &hour) || *p++ != ':' ||
          !parse_digits (&p, 2, &minute))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!parse_digits (&p, 2, &second))
            return FALSE;
        }
    }

  if (*p != '\0' ||
      year < 1 ||
      !g_date_valid_dmy (day, month, year) ||
      hour > 23 || minute > 59 || second > 59)
    return FALSE;

  *time = days_from_civil (year, month, day) * 86400 +
          hour * 3600 + minute * 60 + second - utc_offset;
  return TRUE;
}

/* A `time` entry: iso8601 local text, or epoch seconds (timeformat=unixtime). */
gboolean
_isobar_parser_node_get_time (JsonNode *node,
                              int       utc_offset,
                              gint64   *time)
{
  const char *text = _isobar_parser_node_get_string (node);
  gint64 t;

  if (text != NULL)
    return parse_local_time (text, utc_offset, time);

  if (!_isobar_parser_node_get_integer (node, &t) || t < MIN_TIME || t > MAX_TIME)
    return FALSE;
  *time = t;
  return TRUE;
}

/* A variable's entry: a number, null (NAN), or an iso8601 time such as a
 * sunrise, stored as epoch seconds. */
gboolean
_isobar_parser_node_get_value (JsonNode *node,
                               int       utc_offset,
                               double   *value)
{
  const char *text;
  gint64 time;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return TRUE;
    }

  if (_isobar_parser_node_get_number (node, value))
    return TRUE;

  text = _isobar_parser_node_get_string (node);
  if (text != NULL && parse_local_time (text, utc_offset, &time))
    {
      *value = (double) time;
      return TRUE;
    }

  return FALSE;
}
