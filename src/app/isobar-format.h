/* isobar-format.h: how the app writes numbers, units and times for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-location.h"

G_BEGIN_DECLS

/* Rounds to the nearest integer and never gives "-0". */
int         isobar_format_round_degrees     (double       value);
/* "19 °C" (the unit as the server wrote it); "—" for NAN. */
char       *isobar_format_temperature       (double       value,
                                             const char  *unit);
/* "19°" for tight places; "—" for NAN. */
char       *isobar_format_degrees           (double       value);
/* "9.8", "−0.3": @digits decimals with a real minus, never "−0.0"; "—"
 * for NAN. */
char       *isobar_format_decimal           (double       value,
                                             int          digits);
/* "+0.3", "−0.3", "0.0": a signed difference, as isobar_format_decimal()
 * with a plus above zero. */
char       *isobar_format_signed            (double       value,
                                             int          digits);
/* "+1.2 °C", "−0.9 °C", "0.0 °C": isobar_format_signed() and the unit;
 * "—" for NAN. */
char       *isobar_format_difference        (double       value,
                                             int          digits,
                                             const char  *unit);
/* "2.4 mm", "0.12 in", "12 km/h", "65 %": a value with the short form of
 * the server's unit; @digits decimals. "—" for NAN. */
char       *isobar_format_amount            (double       value,
                                             const char  *unit,
                                             int          digits);
/* A precipitation amount: isobar_format_amount() with two decimals for
 * inches and one for millimetres. */
char       *isobar_format_precipitation     (double       value,
                                             const char  *unit);
/* The WMO weather code held in a block value; -1 (unknown) for NAN. */
int         isobar_format_weather_code      (double       value);
/* The short, translated form of an Open-Meteo unit ("inch" → "in"). */
const char *isobar_format_unit              (const char  *unit);
/* "NW": the compass point the wind comes from (8 points), translated. */
const char *isobar_format_compass_point     (double       degrees);
/* "northwest", for sentences and accessible text. */
const char *isobar_format_compass_name      (double       degrees);
/* An arrow pointing where the wind blows to ("↘" for a northwest wind). */
const char *isobar_format_wind_arrow        (double       degrees);
/* "Updated just now", "Updated 5 minutes ago", "Updated 2 hours ago",
 * "Updated on Monday, 14:05". */
char       *isobar_format_updated           (GDateTime   *updated,
                                             GDateTime   *now);
/* "14:05" today, else "Mon 14:05", in @when's time zone. */
char       *isobar_format_short_time        (GDateTime   *when,
                                             GDateTime   *now);
/* "Today", "Tomorrow" or the weekday, comparing dates in @day's time zone. */
char       *isobar_format_day_name          (GDateTime   *day,
                                             GDateTime   *today);
/* The GDate julian day (as the climate report gives dates) of calendar day
 * @cday (a day's place in a leap year, 1 to 366: see IsobarClimateDay) in
 * @year; 0 when @year has no such day (29 February of a common year) or
 * either is out of range. */
guint32     isobar_format_cday_julian       (int          year,
                                             guint        cday);
/* "28 July": the date of calendar day @cday, without a year; NULL for a
 * cday out of range. */
char       *isobar_format_cday              (guint        cday);
/* "3 January 1987": GDate julian day @julian; NULL for 0, the climate
 * report's "no day". */
char       *isobar_format_date              (guint32      julian);
/* "12 Jul": the day and the month's short name, for tight places; NULL
 * for 0. */
char       *isobar_format_date_short        (guint32      julian);
/* "State of Berlin, Germany": the region and country that are known and
 * differ from the name; else the coordinates ("52.52° N, 13.41° E"). */
char       *isobar_format_place_region      (IsobarLocation *location);
/* Converts UTC epoch seconds to the place's time (fixed offset). */
GDateTime  *isobar_format_place_time        (gint64       utc_seconds,
                                             int          utc_offset_seconds);

G_END_DECLS
