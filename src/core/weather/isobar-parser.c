/* isobar-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "isobar-error.h"
#include "isobar-json-private.h"
#include "isobar-parser.h"

/* Bodies above this are refused before json-glib sees them: the client caps
 * downloads well below, so only a caller feeding us something absurd gets
 * here. */
#define MAX_BODY_SIZE (256 * 1024 * 1024)

/* json-glib's parser recurses once per nesting level and runs out of stack
 * on a body of a few hundred thousand '['. Open-Meteo nests four deep. */
#define MAX_DEPTH 64

/* Times GDateTime can represent (years 1 to 9999). */
#define MIN_TIME G_GINT64_CONSTANT (-62135596800)
#define MAX_TIME G_GINT64_CONSTANT (253402300799)

#define MAX_UTC_OFFSET 86400

/* Everything of a forecast or archive response but what differs. */
typedef struct
{
  double       latitude;
  double       longitude;
  double       elevation;
  const char  *timezone;               /* borrowed from the JSON */
  const char  *timezone_abbreviation;  /* borrowed from the JSON */
  int          utc_offset_seconds;
  IsobarBlock *current;                /* (owned) (nullable) */
  IsobarBlock *hourly;                 /* (owned) (nullable) */
  IsobarBlock *daily;                  /* (owned) (nullable) */
} Envelope;

static void
envelope_clear (Envelope *envelope)
{
  g_clear_pointer (&envelope->current, isobar_block_unref);
  g_clear_pointer (&envelope->hourly, isobar_block_unref);
  g_clear_pointer (&envelope->daily, isobar_block_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Envelope, envelope_clear)

/* Sets an ISOBAR_ERROR_INVALID_DATA error and returns FALSE. */
static gboolean invalid_data (GError     **error,
                              const char  *format,
                              ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid_data (GError     **error,
              const char  *format,
              ...)
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
static const char *
describe_node (JsonNode *node)
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
  /* Translators: %s says what is wrong, e.g. “a broken escape in a string” */
  g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_MALFORMED,
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
            return invalid_data (error, _("The server’s answer is nested more than %d levels deep"),
                                 MAX_DEPTH);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

static JsonNode *
load_root (GBytes  *body,
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

/* A string member's text; NULL for any other node, and for text that is not
 * UTF-8: json-glib 1.6 does not check what its escapes decode to (a broken
 * surrogate pair, "\ud83d\(", came through as such bytes before check_body()
 * refused it), and every string the parser keeps ends up on screen or in a
 * GVariant, which must be UTF-8. */
static const char *
node_get_string (JsonNode *node)
{
  const char *text;

  if (node == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  return g_utf8_validate (text, -1, NULL) ? text : NULL;
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

  *reason = node_get_string (json_object_get_member (object, "reason"));
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
static JsonObject *
response_object (JsonNode  *node,
                 GError   **error)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The server sent %s where an object was expected"),
                   describe_node (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!check_server_error (object, error))
    return NULL;
  return object;
}

/* Open-Meteo prints numbers as 84, 0.30 or -0: json-glib makes integers or
 * doubles of them. */
static gboolean
node_get_number (JsonNode *node,
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

static gboolean
node_get_integer (JsonNode *node,
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
static gboolean
node_get_time (JsonNode *node,
               int       utc_offset,
               gint64   *time)
{
  const char *text = node_get_string (node);
  gint64 t;

  if (text != NULL)
    return parse_local_time (text, utc_offset, time);

  if (!node_get_integer (node, &t) || t < MIN_TIME || t > MAX_TIME)
    return FALSE;
  *time = t;
  return TRUE;
}

/* A variable's entry: a number, null (NAN), or an iso8601 time such as a
 * sunrise, stored as epoch seconds. */
static gboolean
node_get_value (JsonNode *node,
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

  if (node_get_number (node, value))
    return TRUE;

  text = node_get_string (node);
  if (text != NULL && parse_local_time (text, utc_offset, &time))
    {
      *value = (double) time;
      return TRUE;
    }

  return FALSE;
}

/* Old names Open-Meteo still answers to, and their current spelling. */
static const struct {
  const char *legacy;
  const char *current;
} legacy_prefixes[] = {
  { "weathercode", "weather_code" },
  { "relativehumidity", "relative_humidity" },
  { "windspeed", "wind_speed" },
  { "winddirection", "wind_direction" },
  { "windgusts", "wind_gusts" },
  { "dewpoint", "dew_point" },
  { "cloudcover", "cloud_cover" },
};

/* The legacy current_weather block's own short names. */
static const struct {
  const char *legacy;
  const char *current;
} legacy_current_weather[] = {
  { "temperature", "temperature_2m" },
  { "windspeed", "wind_speed_10m" },
  { "winddirection", "wind_direction_10m" },
};

/* The current name of a variable (newly allocated). */
static char *
canonical_name (const char *name,
                gboolean    legacy_block)
{
  if (legacy_block)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (legacy_current_weather); i++)
        {
          if (strcmp (name, legacy_current_weather[i].legacy) == 0)
            return g_strdup (legacy_current_weather[i].current);
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (legacy_prefixes); i++)
    {
      gsize len = strlen (legacy_prefixes[i].legacy);

      if (strncmp (name, legacy_prefixes[i].legacy, len) == 0 &&
          (name[len] == '\0' || name[len] == '_'))
        return g_strconcat (legacy_prefixes[i].current, name + len, NULL);
    }

  return g_strdup (name);
}

/* The unit the server gave a variable, "" when it gave none. */
static const char *
lookup_unit (JsonObject *units,
             const char *name)
{
  const char *unit;

  if (units == NULL)
    return "";
  unit = node_get_string (json_object_get_member (units, name));
  return unit != NULL ? unit : "";
}

typedef struct
{
  const char *name;         /* "hourly", "current_weather"… as in the JSON */
  gboolean    is_current;   /* one row of scalars rather than columns */
  gboolean    legacy;       /* the old current_weather block */
  int         utc_offset;
  JsonObject *object;
  JsonObject *units;        /* (nullable) */
} BlockSource;

static gboolean
read_times (const BlockSource  *source,
            GArray            **times_out,
            GError            **error)
{
  JsonNode *time_node = json_object_get_member (source->object, "time");
  g_autoptr(GArray) times = NULL;

  if (time_node == NULL)
    return invalid_data (error, _("The %s block has no time"), source->name);

  if (source->is_current)
    {
      gint64 t;

      if (!node_get_time (time_node, source->utc_offset, &t))
        return invalid_data (error, _("The %s block’s time is not a valid time"), source->name);
      times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1);
      g_array_append_val (times, t);
    }
  else
    {
      JsonArray *array;
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (time_node))
        return invalid_data (error, _("The %s block’s time is not a list"), source->name);

      array = json_node_get_array (time_node);
      n = json_array_get_length (array);
      times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
      for (guint i = 0; i < n; i++)
        {
          gint64 t;

          if (!node_get_time (json_array_get_element (array, i), source->utc_offset, &t))
            return invalid_data (error, _("Item %u of the %s block’s time is not a valid time"),
                                 i + 1, source->name);
          g_array_append_val (times, t);
        }
    }

  *times_out = g_steal_pointer (&times);
  return TRUE;
}

/* Fills @values (n_times doubles) from the member @name. */
static gboolean
read_column (const BlockSource  *source,
             const char         *name,
             JsonNode           *node,
             guint               n_times,
             double             *values,
             GError            **error)
{
  JsonArray *array;
  guint n;

  if (source->is_current)
    {
      if (!node_get_value (node, source->utc_offset, &values[0]))
        return invalid_data (error, _("%s in the %s block is %s where a number belongs"),
                             name, source->name, describe_node (node));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid_data (error, _("%s in the %s block is not a list"), name, source->name);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n != n_times)
    return invalid_data (error, _("The %s block has %u times but %u values of %s"),
                         source->name, n_times, n, name);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_get_value (element, source->utc_offset, &values[i]))
        return invalid_data (error, _("Item %u of %s in the %s block is %s where a number belongs"),
                             i + 1, name, source->name, describe_node (element));
    }

  return TRUE;
}

static IsobarBlock *
read_block (const BlockSource  *source,
            GError            **error)
{
  g_autoptr(GArray) times = NULL;
  g_autoptr(IsobarBlock) block = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree double *values = NULL;

  if (!read_times (source, &times, error))
    return NULL;

  block = isobar_block_new ((const gint64 *) (gpointer) times->data, times->len);
  values = g_new (double, MAX (times->len, 1));

  /* In the server's order, which the block keeps. */
  members = json_object_get_members (source->object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *canonical = NULL;

      if (strcmp (name, "time") == 0 ||
          (source->is_current && strcmp (name, "interval") == 0))
        continue;
      /* A variable is known by its name, kept and shown as text (see
       * node_get_string). */
      if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
        {
          invalid_data (error, _("The %s block has a variable without a proper name"), source->name);
          return NULL;
        }

      canonical = canonical_name (name, source->legacy);
      /* A response with both spellings: the current one wins. */
      if (strcmp (canonical, name) != 0 && json_object_has_member (source->object, canonical))
        continue;

      if (!read_column (source, name, json_object_get_member (source->object, name),
                        times->len, values, error))
        return NULL;

      isobar_block_add_variable (block, canonical, lookup_unit (source->units, name), values);
    }

  return g_steal_pointer (&block);
}

/* Reads the block @name (with its @name_units) when the response has one. */
static gboolean
read_optional_block (JsonObject   *root,
                     const char   *name,
                     gboolean      is_current,
                     gboolean      legacy,
                     int           utc_offset,
                     IsobarBlock **block_out,
                     GError      **error)
{
  g_autofree char *units_name = g_strconcat (name, "_units", NULL);
  JsonNode *node = json_object_get_member (root, name);
  JsonNode *units_node = json_object_get_member (root, units_name);
  BlockSource source = { name, is_current, legacy, utc_offset, NULL, NULL };

  *block_out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid_data (error, _("The %s block is %s where an object belongs"), name, describe_node (node));

  source.object = json_node_get_object (node);
  if (units_node != NULL && JSON_NODE_HOLDS_OBJECT (units_node))
    source.units = json_node_get_object (units_node);

  *block_out = read_block (&source, error);
  return *block_out != NULL;
}

static gboolean
read_coordinate (JsonObject  *object,
                 const char  *name,
                 double       limit,
                 double      *value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return invalid_data (error, _("%s is missing"), name);
  if (!node_get_number (node, value))
    return invalid_data (error, _("%s is %s where a number belongs"), name, describe_node (node));
  if (*value < -limit || *value > limit)
    return invalid_data (error, _("%s %g is out of range"), name, *value);
  return TRUE;
}

/* A member that may be absent: @value keeps its default then. */
static gboolean
read_optional_number (JsonObject  *object,
                      const char  *name,
                      double      *value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_get_number (node, value))
    return invalid_data (error, _("%s is %s where a number belongs"), name, describe_node (node));
  return TRUE;
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *name,
                      const char **value,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *value = node_get_string (node);
  if (*value == NULL)
    return invalid_data (error, _("%s is %s where text belongs"), name, describe_node (node));
  return TRUE;
}

static gboolean
read_envelope (JsonNode  *node,
               Envelope  *envelope,
               GError   **error)
{
  JsonObject *root;
  double offset = 0.0;
  IsobarBlock *legacy_current = NULL;

  root = response_object (node, error);
  if (root == NULL)
    return FALSE;

  envelope->elevation = NAN;
  if (!read_coordinate (root, "latitude", 90.0, &envelope->latitude, error) ||
      !read_coordinate (root, "longitude", 180.0, &envelope->longitude, error) ||
      !read_optional_number (root, "elevation", &envelope->elevation, error) ||
      !read_optional_number (root, "utc_offset_seconds", &offset, error) ||
      !read_optional_string (root, "timezone", &envelope->timezone, error) ||
      !read_optional_string (root, "timezone_abbreviation", &envelope->timezone_abbreviation, error))
    return FALSE;

  if (offset != floor (offset) || fabs (offset) > MAX_UTC_OFFSET)
    return invalid_data (error, _("utc_offset_seconds %g is not a valid offset"), offset);
  envelope->utc_offset_seconds = (int) offset;

  if (!read_optional_block (root, "current", TRUE, FALSE, envelope->utc_offset_seconds,
                            &envelope->current, error) ||
      !read_optional_block (root, "current_weather", TRUE, TRUE, envelope->utc_offset_seconds,
                            &legacy_current, error) ||
      !read_optional_block (root, "hourly", FALSE, FALSE, envelope->utc_offset_seconds,
                            &envelope->hourly, error) ||
      !read_optional_block (root, "daily", FALSE, FALSE, envelope->utc_offset_seconds,
                            &envelope->daily, error))
    {
      g_clear_pointer (&legacy_current, isobar_block_unref);
      return FALSE;
    }

  /* The legacy block stands in for a current one only when there is none. */
  if (envelope->current == NULL)
    envelope->current = legacy_current;
  else
    g_clear_pointer (&legacy_current, isobar_block_unref);

  return TRUE;
}

static IsobarForecast *
forecast_from_node (JsonNode  *node,
                    GError   **error)
{
  g_auto(Envelope) envelope = { 0 };

  if (!read_envelope (node, &envelope, error))
    return NULL;

  return isobar_forecast_new (envelope.latitude,
                              envelope.longitude,
                              envelope.elevation,
                              envelope.timezone,
                              envelope.timezone_abbreviation,
                              envelope.utc_offset_seconds,
                              envelope.current,
                              envelope.hourly,
                              envelope.daily);
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
static JsonNode *
load_single_object (GBytes    *body,
                    JsonNode **node,
                    GError   **error)
{
  g_autoptr(JsonNode) root = load_root (body, error);

  if (root == NULL)
    return NULL;

  *node = single_object (root, error);
  if (*node == NULL)
    return NULL;
  return g_steal_pointer (&root);
}

IsobarForecast *
isobar_parse_forecast (GBytes  *body,
                       GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *node;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = load_single_object (body, &node, error);
  if (root == NULL)
    return NULL;

  return forecast_from_node (node, error);
}

GPtrArray *
isobar_parse_forecast_list (GBytes  *body,
                            GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) forecasts = NULL;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = load_root (body, error);
  if (root == NULL)
    return NULL;

  forecasts = g_ptr_array_new_with_free_func (g_object_unref);

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      IsobarForecast *forecast = forecast_from_node (root, error);

      if (forecast == NULL)
        return NULL;
      g_ptr_array_add (forecasts, forecast);
      return g_steal_pointer (&forecasts);
    }

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  if (n == 0)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                           _("The server sent an empty list of places"));
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;
      IsobarForecast *forecast;

      forecast = forecast_from_node (json_array_get_element (array, i), &local_error);
      if (forecast == NULL)
        {
          /* A server error is shown as is; a shape error says where. */
          if (g_error_matches (local_error, ISOBAR_ERROR, ISOBAR_ERROR_SERVER))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, local_error->domain, local_error->code,
                         _("Place %u of %u: %s"), i + 1, n, local_error->message);
          return NULL;
        }
      g_ptr_array_add (forecasts, forecast);
    }

  return g_steal_pointer (&forecasts);
}

IsobarArchive *
isobar_parse_archive (GBytes  *body,
                      GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_auto(Envelope) envelope = { 0 };
  JsonNode *node;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = load_single_object (body, &node, error);
  if (root == NULL || !read_envelope (node, &envelope, error))
    return NULL;

  if (envelope.hourly == NULL && envelope.daily == NULL)
    {
      g_set_error_literal (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                           _("The history has neither a daily nor an hourly block"));
      return NULL;
    }

  return isobar_archive_new (envelope.latitude,
                             envelope.longitude,
                             envelope.elevation,
                             envelope.timezone,
                             envelope.utc_offset_seconds,
                             envelope.hourly,
                             envelope.daily);
}

/* A geocoding result, or NULL when it lacks a name or coordinates. */
static IsobarLocation *
location_from_node (JsonNode *node)
{
  JsonObject *object;
  const char *name;
  double latitude, longitude, elevation = NAN, number;
  gint64 id = 0, population = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  name = node_get_string (json_object_get_member (object, "name"));
  if (name == NULL || *name == '\0' ||
      !json_object_has_member (object, "latitude") ||
      !json_object_has_member (object, "longitude") ||
      !node_get_number (json_object_get_member (object, "latitude"), &latitude) ||
      !node_get_number (json_object_get_member (object, "longitude"), &longitude) ||
      latitude < -90.0 || latitude > 90.0 ||
      longitude < -180.0 || longitude > 180.0)
    return NULL;

  /* Optional fields of the wrong type count as absent. */
  if (json_object_has_member (object, "elevation") &&
      node_get_number (json_object_get_member (object, "elevation"), &number))
    elevation = number;
  if (json_object_has_member (object, "id") &&
      (!node_get_integer (json_object_get_member (object, "id"), &id) || id < 0))
    id = 0;
  if (json_object_has_member (object, "population") &&
      (!node_get_integer (json_object_get_member (object, "population"), &population) || population < 0))
    population = 0;

  return g_object_new (ISOBAR_TYPE_LOCATION,
                       "id", id,
                       "name", name,
                       "latitude", latitude,
                       "longitude", longitude,
                       "elevation", elevation,
                       "country", node_get_string (json_object_get_member (object, "country")),
                       "country-code", node_get_string (json_object_get_member (object, "country_code")),
                       "admin1", node_get_string (json_object_get_member (object, "admin1")),
                       "timezone", node_get_string (json_object_get_member (object, "timezone")),
                       "population", population,
                       NULL);
}

GPtrArray *
isobar_parse_locations (GBytes  *body,
                        GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) locations = NULL;
  JsonObject *object;
  JsonNode *results;
  JsonArray *array;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = load_root (body, error);
  if (root == NULL)
    return NULL;

  object = response_object (root, error);
  if (object == NULL)
    return NULL;

  locations = g_ptr_array_new_with_free_func (g_object_unref);

  /* No match: Open-Meteo leaves `results` out altogether. */
  results = json_object_get_member (object, "results");
  if (results == NULL || JSON_NODE_HOLDS_NULL (results))
    return g_steal_pointer (&locations);

  if (!JSON_NODE_HOLDS_ARRAY (results))
    {
      g_set_error (error, ISOBAR_ERROR, ISOBAR_ERROR_INVALID_DATA,
                   _("The search results are %s where a list belongs"),
                   describe_node (results));
      return NULL;
    }

  array = json_node_get_array (results);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      IsobarLocation *location = location_from_node (json_array_get_element (array, i));

      if (location != NULL)
        g_ptr_array_add (locations, location);
    }

  return g_steal_pointer (&locations);
}

char *
isobar_parse_error_reason (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  const char *reason = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  root = load_root (body, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  if (!object_is_error (json_node_get_object (root), &reason))
    return NULL;

  return g_strdup (reason);
}
