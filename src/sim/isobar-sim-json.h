/* isobar-sim-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A tiny JSON writer on a GString, fast enough for 85 years of data: no tree,
 * no printf per number. Numbers are printed the way Open-Meteo prints them. */

/* @value with exactly @decimals digits after the point ("12.3", "84", "-0.4"),
 * or null when it is not finite. */
void isobar_sim_json_fixed    (GString    *out,
                               double      value,
                               guint       decimals);
void isobar_sim_json_int      (GString    *out,
                               gint64      value);
/* The shortest text that reads back as the same float (single precision when
 * @single), always with a fraction or an exponent: "52.52", "38.0", "0.0629". */
void isobar_sim_json_shortest (GString    *out,
                               double      value,
                               gboolean    single);
/* Strings: isobar_json_append_string() (libisobar-base). */
/* ,"key": (the comma only when @comma). */
void isobar_sim_json_key      (GString    *out,
                               const char *key,
                               gboolean    comma);

/* The API's error body: {"error":true,"reason":"…"}. */
void isobar_sim_json_error    (GString    *out,
                               const char *reason);

/* Times. @utc is a Unix time, @offset the UTC offset in seconds. Written as
 * "YYYY-MM-DDTHH:MM" (or "YYYY-MM-DD" when @date_only) in local time, or as
 * the bare Unix time when @unixtime. */
void isobar_sim_json_time     (GString    *out,
                               gint64      utc,
                               int         offset,
                               gboolean    date_only,
                               gboolean    unixtime);

/* Calendar helpers (proleptic Gregorian, days since 1970-01-01). */
gint64 isobar_sim_days_from_civil (int     year,
                                   int     month,
                                   int     day);
void   isobar_sim_civil_from_days (gint64  days,
                                   int    *year,
                                   int    *month,
                                   int    *day);
/* Parses "YYYY-MM-DD" strictly into days since 1970-01-01. */
gboolean isobar_sim_parse_date    (const char *text,
                                   gint64     *days);

G_END_DECLS
