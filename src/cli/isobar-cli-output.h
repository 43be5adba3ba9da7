/* isobar-cli-output.h: formatting shared by the isobar-cli commands:
 * aligned text tables, quantities with their units, local times, JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "isobar-core.h"

G_BEGIN_DECLS

/* A table of text cells printed with aligned columns. */
typedef struct _IsobarCliTable IsobarCliTable;

IsobarCliTable *isobar_cli_table_new               (guint            n_columns);
void            isobar_cli_table_free              (IsobarCliTable  *self);
void            isobar_cli_table_set_align_right   (IsobarCliTable  *self,
                                                    guint            column);
/* Exactly n_columns strings (NULL prints as an empty cell). */
void            isobar_cli_table_add_row           (IsobarCliTable  *self,
                                                    ...);
/* Prints the rows, each preceded by @indent; the first row is a header
 * when @has_header. */
void            isobar_cli_table_print             (IsobarCliTable  *self,
                                                    const char      *indent,
                                                    gboolean         has_header);

/* "12.3 °C", "72 %", or "—" for NAN. @unit may be NULL. */
char           *isobar_cli_format_quantity         (double           value,
                                                    const char      *unit,
                                                    int              digits);
/* The value of @variable at @index in @block, formatted with its unit. */
char           *isobar_cli_format_block_value      (IsobarBlock     *block,
                                                    const char      *variable,
                                                    guint            index,
                                                    int              digits);
/* "52.52° N, 13.41° E" */
char           *isobar_cli_format_coordinates      (double           latitude,
                                                    double           longitude);
/* "N", "NE", … for a wind direction in degrees; "" for NAN. */
const char     *isobar_cli_compass_point           (double           degrees);
/* The description of the weather code of @block at @index. */
const char     *isobar_cli_describe_block_weather  (IsobarBlock     *block,
                                                    guint            index);

/* The forecast's own time zone (its UTC offset). */
GTimeZone      *isobar_cli_forecast_time_zone      (IsobarForecast  *forecast);
/* @time (UTC epoch seconds) in @zone, formatted with g_date_time_format(). */
char           *isobar_cli_format_time             (gint64           time,
                                                    GTimeZone       *zone,
                                                    const char      *format);
/* The time the forecast is for: its current block's time, or now. */
gint64          isobar_cli_forecast_now            (IsobarForecast  *forecast);
/* The index of the first hour of @hourly that has not ended at @now. */
guint           isobar_cli_block_find_hour         (IsobarBlock     *hourly,
                                                    gint64           now);

typedef enum
{
  ISOBAR_CLI_TIME_DATE_TIME, /* ISO 8601 with the UTC offset */
  ISOBAR_CLI_TIME_DATE,      /* YYYY-MM-DD */
} IsobarCliTimeFormat;

/* A number, or null for NAN. */
void            isobar_cli_json_add_number         (JsonBuilder     *builder,
                                                    double           value);
void            isobar_cli_json_add_location       (JsonBuilder     *builder,
                                                    IsobarLocation  *location);
/* An object with one value per variable (and "time", and
 * "weather_description" when the block has weather codes) at @index. */
void            isobar_cli_json_add_block_row      (JsonBuilder     *builder,
                                                    IsobarBlock     *block,
                                                    guint            index,
                                                    GTimeZone       *zone,
                                                    IsobarCliTimeFormat time_format);
/* The same as arrays of the rows @first … @first + @count - 1 (clamped to the
 * block), all of the same length. */
void            isobar_cli_json_add_block_columns  (JsonBuilder     *builder,
                                                    IsobarBlock     *block,
                                                    guint            first,
                                                    guint            count,
                                                    GTimeZone       *zone,
                                                    IsobarCliTimeFormat time_format);
/* An object mapping each variable of @block to its unit. */
void            isobar_cli_json_add_units          (JsonBuilder     *builder,
                                                    IsobarBlock     *block);
/* Prints the builder's root pretty-printed on stdout. */
void            isobar_cli_json_print              (JsonBuilder     *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarCliTable, isobar_cli_table_free)

G_END_DECLS
