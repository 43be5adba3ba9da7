/* isobar-cli-output.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>

#include "isobar-cli-output.h"

struct _IsobarCliTable
{
  guint      n_columns;
  gboolean  *align_right; /* (owned): n_columns flags */
  GPtrArray *rows;        /* (owned) (element-type GStrv) */
};

IsobarCliTable *
isobar_cli_table_new (guint n_columns)
{
  IsobarCliTable *self = g_new0 (IsobarCliTable, 1);

  g_return_val_if_fail (n_columns > 0, NULL);

  self->n_columns = n_columns;
  self->align_right = g_new0 (gboolean, n_columns);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  return self;
}

void
isobar_cli_table_free (IsobarCliTable *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->align_right, g_free);
  g_free (self);
}

void
isobar_cli_table_set_align_right (IsobarCliTable *self,
                                  guint           column)
{
  g_return_if_fail (column < self->n_columns);

  self->align_right[column] = TRUE;
}

void
isobar_cli_table_add_row (IsobarCliTable *self,
                          ...)
{
  char **cells = g_new0 (char *, self->n_columns + 1);
  va_list args;

  va_start (args, self);
  for (guint i = 0; i < self->n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      cells[i] = g_strdup (cell != NULL ? cell : "");
    }
  va_end (args);

  g_ptr_array_add (self->rows, cells);
}

/* Columns a terminal gives @text: wide characters take two, combining
 * marks none. */
static gsize
text_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

static void
append_padding (GString *line,
                gsize    count)
{
  for (gsize i = 0; i < count; i++)
    g_string_append_c (line, ' ');
}

void
isobar_cli_table_print (IsobarCliTable *self,
                        const char     *indent,
                        gboolean        has_header)
{
  g_autofree gsize *widths = g_new0 (gsize, self->n_columns);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **cells = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        widths[c] = MAX (widths[c], text_width (cells[c]));
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **cells = g_ptr_array_index (self->rows, r);

      g_string_assign (line, indent);
      for (guint c = 0; c < self->n_columns; c++)
        {
          gsize padding = widths[c] - text_width (cells[c]);
          gboolean last = c + 1 == self->n_columns;

          if (c > 0)
            g_string_append (line, "  ");
          /* Headers of right-aligned columns are right-aligned too. */
          if (self->align_right[c])
            append_padding (line, padding);
          g_string_append (line, cells[c]);
          if (!self->align_right[c] && !last)
            append_padding (line, padding);
        }
      g_print ("%s\n", line->str);

      /* A rule under the header, as wide as the table. */
      if (has_header && r == 0)
        {
          gsize width = 2 * (self->n_columns - 1);

          for (guint c = 0; c < self->n_columns; c++)
            width += widths[c];

          g_string_assign (line, indent);
          for (gsize i = 0; i < width; i++)
            g_string_append (line, "─");
          g_print ("%s\n", line->str);
        }
    }
}

char *
isobar_cli_format_quantity (double      value,
                            const char *unit,
                            int         digits)
{
  if (isnan (value))
    return g_strdup ("—");

  /* A tenth of an inch is too coarse for rain. */
  if (g_strcmp0 (unit, "inch") == 0)
    digits = MAX (digits, 2);

  /* Avoid printing "-0". */
  if (fabs (value) < 0.5 * pow (10, -digits))
    value = 0.0;

  if (unit == NULL || unit[0] == '\0' || g_str_equal (unit, "undefined"))
    return g_strdup_printf ("%.*f", digits, value);

  return g_strdup_printf ("%.*f %s", digits, value, unit);
}

char *
isobar_cli_format_block_value (IsobarBlock *block,
                               const char  *variable,
                               guint        index,
                               int          digits)
{
  if (block == NULL)
    return isobar_cli_format_quantity (NAN, NULL, digits);

  return isobar_cli_format_quantity (isobar_block_get_value (block, variable, index),
                                     isobar_block_get_unit (block, variable),
                                     digits);
}

char *
isobar_cli_format_coordinates (double latitude,
                               double longitude)
{
  /* Translators: north or south of the equator, as in 52.52° N. */
  const char *north_south = latitude >= 0 ? C_("latitude", "N") : C_("latitude", "S");
  /* Translators: east or west of Greenwich, as in 13.41° E. */
  const char *east_west = longitude >= 0 ? C_("longitude", "E") : C_("longitude", "W");

  /* Translators: a position, as in “52.52° N, 13.41° E”. */
  return g_strdup_printf (_("%.2f° %s, %.2f° %s"),
                          fabs (latitude), north_south,
                          fabs (longitude), east_west);
}

const char *
isobar_cli_compass_point (double degrees)
{
  static const char * const points[] = {
    /* Translators: compass points, the direction the wind comes from. */
    NC_("compass point", "N"), NC_("compass point", "NE"),
    NC_("compass point", "E"), NC_("compass point", "SE"),
    NC_("compass point", "S"), NC_("compass point", "SW"),
    NC_("compass point", "W"), NC_("compass point", "NW"),
  };
  double sector;

  if (isnan (degrees))
    return "";

  sector = fmod (fmod (degrees, 360.0) + 360.0 + 22.5, 360.0) / 45.0;

  return g_dpgettext2 (GETTEXT_PACKAGE, "compass point", points[(guint) sector % G_N_ELEMENTS (points)]);
}

const char *
isobar_cli_describe_block_weather (IsobarBlock *block,
                                   guint        index)
{
  double code = block != NULL ? isobar_block_get_value (block, "weather_code", index) : NAN;

  return isobar_weather_code_describe (isnan (code) ? -1 : (int) code);
}

GTimeZone *
isobar_cli_forecast_time_zone (IsobarForecast *forecast)
{
  return g_time_zone_new_offset (isobar_place_series_get_utc_offset_seconds (ISOBAR_PLACE_SERIES (forecast)));
}

static GDateTime *
date_time_in_zone (gint64     time,
                   GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);

  return utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
}

char *
isobar_cli_format_time (gint64      time,
                        GTimeZone  *zone,
                        const char *format)
{
  g_autoptr(GDateTime) local = date_time_in_zone (time, zone);

  return local != NULL ? g_date_time_format (local, format) : g_strdup ("—");
}

gint64
isobar_cli_forecast_now (IsobarForecast *forecast)
{
  IsobarBlock *current = isobar_forecast_get_current (forecast);

  if (current != NULL && isobar_block_get_length (current) > 0)
    return isobar_block_get_times (current)[0];

  return g_get_real_time () / G_USEC_PER_SEC;
}

guint
isobar_cli_block_find_hour (IsobarBlock *hourly,
                            gint64       now)
{
  const gint64 *times = isobar_block_get_times (hourly);
  guint length = isobar_block_get_length (hourly);

  for (guint i = 0; i < length; i++)
    if (times[i] + 3600 > now)
      return i;

  return length;
}

void
isobar_cli_json_add_number (JsonBuilder *builder,
                            double       value)
{
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (builder);
  /* Whole numbers (codes, percentages, flags) print without a fraction. */
  else if (value == nearbyint (value) && fabs (value) < 1e15)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, value);
}

static void
json_add_string_member (JsonBuilder *builder,
                        const char  *name,
                        const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
json_add_number_member (JsonBuilder *builder,
                        const char  *name,
                        double       value)
{
  json_builder_set_member_name (builder, name);
  isobar_cli_json_add_number (builder, value);
}

void
isobar_cli_json_add_location (JsonBuilder    *builder,
                              IsobarLocation *location)
{
  g_autofree char *description = isobar_location_dup_description (location);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  if (isobar_location_get_id (location) != 0)
    json_builder_add_int_value (builder, isobar_location_get_id (location));
  else
    json_builder_add_null_value (builder);
  json_add_string_member (builder, "name", isobar_location_get_name (location));
  json_add_string_member (builder, "description", description);
  json_add_number_member (builder, "latitude", isobar_location_get_latitude (location));
  json_add_number_member (builder, "longitude", isobar_location_get_longitude (location));
  json_add_number_member (builder, "elevation", isobar_location_get_elevation (location));
  json_add_string_member (builder, "admin1", isobar_location_get_admin1 (location));
  json_add_string_member (builder, "country", isobar_location_get_country (location));
  json_add_string_member (builder, "country_code", isobar_location_get_country_code (location));
  json_add_string_member (builder, "timezone", isobar_location_get_timezone (location));
  json_builder_set_member_name (builder, "population");
  if (isobar_location_get_population (location) > 0)
    json_builder_add_int_value (builder, isobar_location_get_population (location));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
json_add_time (JsonBuilder         *builder,
               gint64               time,
               GTimeZone           *zone,
               IsobarCliTimeFormat  time_format)
{
  g_autoptr(GDateTime) local = date_time_in_zone (time, zone);
  g_autofree char *text = NULL;

  if (local == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  if (time_format == ISOBAR_CLI_TIME_DATE)
    text = g_date_time_format (local, "%Y-%m-%d");
  else
    text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");

  json_builder_add_string_value (builder, text);
}

/* The kinds of value a JSON row or column holds, in order: the time, each
 * variable, then the description of the weather code. */
typedef enum
{
  BLOCK_FIELD_TIME,
  BLOCK_FIELD_VARIABLE,
  BLOCK_FIELD_DESCRIPTION,
} BlockField;

static void
json_add_block_value (JsonBuilder         *builder,
                      IsobarBlock         *block,
                      BlockField           field,
                      const char          *variable,
                      guint                index,
                      GTimeZone           *zone,
                      IsobarCliTimeFormat  time_format)
{
  switch (field)
    {
    case BLOCK_FIELD_TIME:
      json_add_time (builder, isobar_block_get_times (block)[index], zone, time_format);
      break;
    case BLOCK_FIELD_VARIABLE:
      isobar_cli_json_add_number (builder, isobar_block_get_value (block, variable, index));
      break;
    case BLOCK_FIELD_DESCRIPTION:
      json_builder_add_string_value (builder, isobar_cli_describe_block_weather (block, index));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Calls json_add_block_value() for the rows first … end-1 of every field,
 * as one value per member (@as_arrays FALSE, one row) or one array per
 * member. */
static void
json_add_block (JsonBuilder         *builder,
                IsobarBlock         *block,
                guint                first,
                guint                end,
                gboolean             as_arrays,
                GTimeZone           *zone,
                IsobarCliTimeFormat  time_format)
{
  const char * const *variables = isobar_block_get_variables (block);
  gboolean has_code = isobar_block_has_variable (block, "weather_code");
  guint n_variables = g_strv_length ((char **) variables);

  json_builder_begin_object (builder);
  for (guint f = 0; f < n_variables + 2; f++)
    {
      BlockField field = f == 0 ? BLOCK_FIELD_TIME
                       : f <= n_variables ? BLOCK_FIELD_VARIABLE
                       : BLOCK_FIELD_DESCRIPTION;
      const char *variable = field == BLOCK_FIELD_VARIABLE ? variables[f - 1] : NULL;

      if (field == BLOCK_FIELD_DESCRIPTION && !has_code)
        continue;

      json_builder_set_member_name (builder,
                                    field == BLOCK_FIELD_TIME ? "time"
                                    : field == BLOCK_FIELD_DESCRIPTION ? "weather_description"
                                    : variable);
      if (as_arrays)
        json_builder_begin_array (builder);
      for (guint i = first; i < end; i++)
        json_add_block_value (builder, block, field, variable, i, zone, time_format);
      if (as_arrays)
        json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

void
isobar_cli_json_add_block_row (JsonBuilder         *builder,
                               IsobarBlock         *block,
                               guint                index,
                               GTimeZone           *zone,
                               IsobarCliTimeFormat  time_format)
{
  if (block == NULL || index >= isobar_block_get_length (block))
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_add_block (builder, block, index, index + 1, FALSE, zone, time_format);
}

void
isobar_cli_json_add_block_columns (JsonBuilder         *builder,
                                   IsobarBlock         *block,
                                   guint                first,
                                   guint                count,
                                   GTimeZone           *zone,
                                   IsobarCliTimeFormat  time_format)
{
  guint length;

  if (block == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  length = isobar_block_get_length (block);
  first = MIN (first, length);
  json_add_block (builder, block, first, first + MIN (count, length - first),
                  TRUE, zone, time_format);
}

void
isobar_cli_json_add_units (JsonBuilder *builder,
                           IsobarBlock *block)
{
  const char * const *variables;

  if (block == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  variables = isobar_block_get_variables (block);
  json_builder_begin_object (builder);
  for (guint i = 0; variables[i] != NULL; i++)
    json_add_string_member (builder, variables[i], isobar_block_get_unit (block, variables[i]));
  json_builder_end_object (builder);
}

void
isobar_cli_json_print (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  /* Not JsonGenerator: json-glib 1.6 prints 52.52 as 52.520000000000003
   * and some doubles as invalid JSON. */
  g_autofree char *text = isobar_json_node_to_string (root, TRUE);

  g_print ("%s\n", text);
}
