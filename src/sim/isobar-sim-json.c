/* isobar-sim-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isobar-json.h"
#include "isobar-sim-json.h"

static const double powers_of_ten[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

void
isobar_sim_json_fixed (GString *out,
                       double   value,
                       guint    decimals)
{
  char buffer[40];
  char *p = buffer + sizeof buffer;
  double scaled;
  guint64 digits;

  if (!isfinite (value))
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  decimals = MIN (decimals, G_N_ELEMENTS (powers_of_ten) - 1);
  scaled = fabs (value) * powers_of_ten[decimals] + 0.5;
  if (scaled >= 1e15)
    {
      /* Out of the fast path's range; never happens with weather. */
      g_snprintf (buffer, sizeof buffer, "%.*f", (int) decimals, value);
      g_string_append (out, buffer);
      return;
    }

  digits = (guint64) scaled;
  for (guint i = 0; i < decimals; i++)
    {
      *--p = (char) ('0' + digits % 10);
      digits /= 10;
    }
  if (decimals > 0)
    *--p = '.';
  do
    {
      *--p = (char) ('0' + digits % 10);
      digits /= 10;
    }
  while (digits != 0);
  /* Like printf (and Open-Meteo): a small negative value prints as "-0.0". */
  if (signbit (value))
    *--p = '-';

  g_string_append_len (out, p, buffer + sizeof buffer - p);
}

void
isobar_sim_json_int (GString *out,
                     gint64   value)
{
  char buffer[24];
  char *p = buffer + sizeof buffer;
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';

  g_string_append_len (out, p, buffer + sizeof buffer - p);
}

static gboolean
reads_back (const char *text,
            double      value,
            gboolean    single)
{
  double back = g_ascii_strtod (text, NULL);

  return single ? (float) back == (float) value : back == value;
}

void
isobar_sim_json_shortest (GString  *out,
                          double    value,
                          gboolean  single)
{
  char buffer[64];
  int precision;
  int exponent = 0;
  int decimals;

  if (!isfinite (value))
    {
      g_string_append_len (out, "null", 4);
      return;
    }
  if (single)
    value = (float) value;

  /* Fewest significant digits that survive a round trip... */
  for (precision = 1; precision < 17; precision++)
    {
      g_snprintf (buffer, sizeof buffer, "%.*e", precision - 1, value);
      if (reads_back (buffer, value, single))
        break;
    }
  g_snprintf (buffer, sizeof buffer, "%.*e", precision - 1, value);
  exponent = atoi (strchr (buffer, 'e') + 1);

  /* ...printed in plain notation, the way Swift describes a Float. */
  decimals = MAX (0, precision - 1 - exponent);
  g_snprintf (buffer, sizeof buffer, "%.*f", decimals, value);
  g_string_append (out, buffer);
  if (decimals == 0)
    g_string_append_len (out, ".0", 2);
}

void
isobar_sim_json_key (GString    *out,
                     const char *key,
                     gboolean    comma)
{
  if (comma)
    g_string_append_c (out, ',');
  isobar_json_append_string (out, key);
  g_string_append_c (out, ':');
}

void
isobar_sim_json_error (GString    *out,
                       const char *reason)
{
  g_string_append (out, "{\"error\":true,\"reason\":");
  isobar_json_append_string (out, reason);
  g_string_append_c (out, '}');
}

gint64
isobar_sim_days_from_civil (int year,
                            int month,
                            int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 year_of_era = y - era * 400;
  gint64 day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  gint64 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return era * 146097 + day_of_era - 719468;
}

void
isobar_sim_civil_from_days (gint64  days,
                            int    *year,
                            int    *month,
                            int    *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 day_of_era = z - era * 146097;
  gint64 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  gint64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  gint64 mp = (5 * day_of_year + 2) / 153;
  int m = (int) (mp < 10 ? mp + 3 : mp - 9);

  *day = (int) (day_of_year - (153 * mp + 2) / 5 + 1);
  *month = m;
  *year = (int) (year_of_era + era * 400 + (m <= 2));
}

static void
append_two_digits (GString *out,
                   int      value)
{
  g_string_append_c (out, (char) ('0' + value / 10));
  g_string_append_c (out, (char) ('0' + value % 10));
}

void
isobar_sim_json_time (GString  *out,
                      gint64    utc,
                      int       offset,
                      gboolean  date_only,
                      gboolean  unixtime)
{
  gint64 local;
  gint64 days;
  int seconds;
  int year, month, day;

  if (unixtime)
    {
      isobar_sim_json_int (out, utc);
      return;
    }

  local = utc + offset;
  days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  seconds = (int) (local - days * 86400);
  isobar_sim_civil_from_days (days, &year, &month, &day);

  g_string_append_c (out, '"');
  if (year >= 1000 && year <= 9999)
    {
      append_two_digits (out, year / 100);
      append_two_digits (out, year % 100);
    }
  else
    g_string_append_printf (out, "%04d", year);
  g_string_append_c (out, '-');
  append_two_digits (out, month);
  g_string_append_c (out, '-');
  append_two_digits (out, day);
  if (!date_only)
    {
      g_string_append_c (out, 'T');
      append_two_digits (out, seconds / 3600);
      g_string_append_c (out, ':');
      append_two_digits (out, seconds / 60 % 60);
    }
  g_string_append_c (out, '"');
}

gboolean
isobar_sim_parse_date (const char *text,
                       gint64     *days)
{
  int year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = atoi (text);
  month = atoi (text + 5);
  day = atoi (text + 8);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  *days = isobar_sim_days_from_civil (year, month, day);
  return TRUE;
}
