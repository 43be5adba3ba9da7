/* isobar-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "isobar-climate-series.h"
#include "isobar-format.h"

#define DASH "—"

/* @value as an int. Out of range (a broken or hostile server may send
 * 1e300) it is clamped, so that a cast, which would be undefined, never
 * sees it; -G_MAXINT rather than G_MININT, so that negating it is defined
 * too. NaN is 0. */
static int
clamp_to_int (double value)
{
  if (isnan (value))
    return 0;
  return (int) CLAMP (value, (double) -G_MAXINT, (double) G_MAXINT);
}

int
isobar_format_round_degrees (double value)
{
  int rounded = clamp_to_int (round (value));

  /* lround (-0.3) is 0 already; keep the guard for values like -0.0. */
  return rounded == 0 ? 0 : rounded;
}

char *
isobar_format_temperature (double      value,
                           const char *unit)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup (DASH);

  number = isobar_format_decimal (isobar_format_round_degrees (value), 0);

  /* Translators: a temperature and its unit, e.g. "19 °C" */
  return g_strdup_printf (C_("temperature", "%s %s"), number, unit != NULL ? unit : "");
}

char *
isobar_format_degrees (double value)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup (DASH);

  number = isobar_format_decimal (isobar_format_round_degrees (value), 0);

  return g_strdup_printf ("%s°", number);
}

/* "−0.3" with a real minus sign, as typography wants; "+0.3" with @plus. */
static char *
format_decimal (double   value,
                int      digits,
                gboolean plus)
{
  double scale = pow (10, digits);
  double rounded = round (value * scale) / scale;

  if (isnan (value))
    return g_strdup (DASH);
  if (rounded == 0)
    return g_strdup_printf ("%.*f", digits, 0.0);
  if (rounded < 0)
    return g_strdup_printf ("−%.*f", digits, -rounded);

  return g_strdup_printf (plus ? "+%.*f" : "%.*f", digits, rounded);
}

char *
isobar_format_decimal (double value,
                       int    digits)
{
  return format_decimal (value, digits, FALSE);
}

char *
isobar_format_signed (double value,
                      int    digits)
{
  return format_decimal (value, digits, TRUE);
}

char *
isobar_format_difference (double      value,
                          int         digits,
                          const char *unit)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup (DASH);

  number = isobar_format_signed (value, digits);

  /* Translators: a temperature difference and its unit, e.g. "+1.2 °C" */
  return g_strdup_printf (C_("temperature", "%s %s"), number, unit != NULL ? unit : "");
}

const char *
isobar_format_unit (const char *unit)
{
  if (unit == NULL || g_str_equal (unit, "undefined"))
    return "";
  if (g_str_equal (unit, "inch"))
    /* Translators: short form of inches */
    return C_("unit", "in");
  if (g_str_equal (unit, "mm"))
    return C_("unit", "mm");
  if (g_str_equal (unit, "km/h"))
    return C_("unit", "km/h");
  if (g_str_equal (unit, "mph"))
    return C_("unit", "mph");
  if (g_str_equal (unit, "m/s"))
    return C_("unit", "m/s");
  if (g_str_equal (unit, "kn"))
    return C_("unit", "kn");

  return unit;
}

char *
isobar_format_amount (double      value,
                      const char *unit,
                      int         digits)
{
  const char *shown = isobar_format_unit (unit);

  if (isnan (value))
    return g_strdup (DASH);

  if (value > -0.5 * pow (10, -digits) && value < 0)
    value = 0;

  if (*shown == '\0')
    return g_strdup_printf ("%.*f", digits, value);

  /* Translators: an amount and its unit, e.g. "2.4 mm" or "65 %" */
  return g_strdup_printf (C_("amount", "%.*f %s"), digits, value, shown);
}

char *
isobar_format_precipitation (double      value,
                             const char *unit)
{
  return isobar_format_amount (value, unit, g_strcmp0 (unit, "inch") == 0 ? 2 : 1);
}

int
isobar_format_weather_code (double value)
{
  /* Not a number, or none a code could be: "unknown" (-1). */
  if (!isfinite (value) || value < 0 || value > G_MAXINT)
    return -1;
  return (int) value;
}

static guint
compass_sector (double degrees)
{
  double d = fmod (degrees, 360.0);

  if (d < 0)
    d += 360.0;

  return (guint) floor ((d + 22.5) / 45.0) % 8;
}

const char *
isobar_format_compass_point (double degrees)
{
  const char *points[] = {
    NC_("compass point", "N"), NC_("compass point", "NE"),
    NC_("compass point", "E"), NC_("compass point", "SE"),
    NC_("compass point", "S"), NC_("compass point", "SW"),
    NC_("compass point", "W"), NC_("compass point", "NW"),
  };

  if (!isfinite (degrees))
    return "";

  return g_dpgettext2 (NULL, "compass point", points[compass_sector (degrees)]);
}

const char *
isobar_format_compass_name (double degrees)
{
  const char *names[] = {
    NC_("wind from", "north"), NC_("wind from", "northeast"),
    NC_("wind from", "east"), NC_("wind from", "southeast"),
    NC_("wind from", "south"), NC_("wind from", "southwest"),
    NC_("wind from", "west"), NC_("wind from", "northwest"),
  };

  if (!isfinite (degrees))
    return "";

  return g_dpgettext2 (NULL, "wind from", names[compass_sector (degrees)]);
}

const char *
isobar_format_wind_arrow (double degrees)
{
  /* The wind blows away from where it comes from: a north wind points down. */
  const char *arrows[] = { "↓", "↙", "←", "↖", "↑", "↗", "→", "↘" };

  if (!isfinite (degrees))
    return "";

  return arrows[compass_sector (degrees)];
}

char *
isobar_format_short_time (GDateTime *when,
                          GDateTime *now)
{
  g_autoptr(GDateTime) local_now = NULL;

  g_return_val_if_fail (when != NULL, NULL);

  if (now == NULL)
    return g_date_time_format (when, "%H:%M");

  local_now = g_date_time_to_timezone (now, g_date_time_get_timezone (when));

  if (g_date_time_get_year (local_now) == g_date_time_get_year (when) &&
      g_date_time_get_day_of_year (local_now) == g_date_time_get_day_of_year (when))
    return g_date_time_format (when, "%H:%M");

  /* Translators: a time on another day, as strftime: "Mon 14:05" */
  return g_date_time_format (when, C_("time on another day", "%a %H:%M"));
}

char *
isobar_format_updated (GDateTime *updated,
                       GDateTime *now)
{
  GTimeSpan span;
  gint64 minutes;
  gint64 hours;

  g_return_val_if_fail (updated != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  span = g_date_time_difference (now, updated);
  minutes = span / G_TIME_SPAN_MINUTE;
  hours = span / G_TIME_SPAN_HOUR;

  if (minutes < 1)
    return g_strdup (_("Updated just now"));

  if (minutes < 60)
    return g_strdup_printf (ngettext ("Updated %d minute ago",
                                      "Updated %d minutes ago",
                                      (gulong) minutes),
                            (int) minutes);

  if (hours < 24)
    return g_strdup_printf (ngettext ("Updated %d hour ago",
                                      "Updated %d hours ago",
                                      (gulong) hours),
                            (int) hours);

  {
    g_autofree char *when = isobar_format_short_time (updated, now);

    /* Translators: %s is a day and time, e.g. "Mon 14:05" */
    return g_strdup_printf (_("Updated %s"), when);
  }
}

char *
isobar_format_day_name (GDateTime *day,
                        GDateTime *today)
{
  g_autoptr(GDateTime) local_today = NULL;
  g_autoptr(GDate) d1 = NULL;
  g_autoptr(GDate) d2 = NULL;
  int delta;

  g_return_val_if_fail (day != NULL, NULL);
  g_return_val_if_fail (today != NULL, NULL);

  local_today = g_date_time_to_timezone (today, g_date_time_get_timezone (day));
  d1 = g_date_new_dmy (g_date_time_get_day_of_month (local_today),
                       g_date_time_get_month (local_today),
                       g_date_time_get_year (local_today));
  d2 = g_date_new_dmy (g_date_time_get_day_of_month (day),
                       g_date_time_get_month (day),
                       g_date_time_get_year (day));
  delta = g_date_days_between (d1, d2);

  if (delta == 0)
    return g_strdup (_("Today"));
  if (delta == 1)
    return g_strdup (_("Tomorrow"));

  return g_date_time_format (day, "%A");
}

guint32
isobar_format_cday_julian (int   year,
                           guint cday)
{
  GDate date;
  guint day_of_year = cday;

  if (year < 1 || year > 9999 || cday < 1 || cday > ISOBAR_CLIMATE_N_CDAYS)
    return 0;
  /* A common year skips slot 60, 29 February. */
  if (!g_date_is_leap_year ((GDateYear) year))
    {
      if (cday == 60)
        return 0;
      if (cday > 60)
        day_of_year--;
    }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, (GDateYear) year);
  g_date_add_days (&date, day_of_year - 1);
  return g_date_get_julian (&date);
}

/* @julian in @format, as g_date_time_format() writes it; NULL for no day
 * or one GDateTime cannot hold. */
static char *
format_julian (guint32     julian,
               const char *format)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate date;

  if (julian == 0 || !g_date_valid_julian (julian))
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  dt = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 12, 0, 0);

  return dt != NULL ? g_date_time_format (dt, format) : NULL;
}

char *
isobar_format_cday (guint cday)
{
  /* 2000 is a leap year: it has every cday. */
  guint32 julian = isobar_format_cday_julian (2000, cday);

  /* Translators: a day of the year, as strftime ("%-d" is the day without
   * a leading zero): "28 July" */
  return format_julian (julian, C_("date", "%-d %B"));
}

char *
isobar_format_date (guint32 julian)
{
  /* Translators: a date, as strftime ("%-d" is the day without a leading
   * zero): "3 January 1987" */
  return format_julian (julian, C_("date", "%-d %B %Y"));
}

char *
isobar_format_date_short (guint32 julian)
{
  /* Translators: a date in a table whose row gives the year, as strftime
   * ("%-d" is the day without a leading zero, "%b" the month's short
   * name): "12 Jul" */
  return format_julian (julian, C_("date", "%-d %b"));
}

GDateTime *
isobar_format_place_time (gint64 utc_seconds,
                          int    utc_offset_seconds)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (utc_offset_seconds);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_seconds);

  if (utc == NULL)
    return NULL;

  return g_date_time_to_timezone (utc, zone);
}

char *
isobar_format_place_region (IsobarLocation *location)
{
  const char *name;
  const char *parts[2];
  g_autoptr(GString) region = g_string_new (NULL);
  double latitude, longitude;

  g_return_val_if_fail (ISOBAR_IS_LOCATION (location), NULL);

  name = isobar_location_get_name (location);
  parts[0] = isobar_location_get_admin1 (location);
  parts[1] = isobar_location_get_country (location);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0' || g_strcmp0 (parts[i], name) == 0)
        continue;
      if (region->len > 0)
        /* Translators: the separator between a region and a country */
        g_string_append (region, C_("place", ", "));
      g_string_append (region, parts[i]);
    }

  if (region->len > 0)
    return g_string_free (g_steal_pointer (&region), FALSE);

  latitude = isobar_location_get_latitude (location);
  longitude = isobar_location_get_longitude (location);

  /* Translators: coordinates, e.g. "52.52° N, 13.41° E"; the letters are
   * north or south, then east or west */
  return g_strdup_printf (_("%.2f° %s, %.2f° %s"),
                          fabs (latitude), latitude >= 0 ? C_("latitude", "N") : C_("latitude", "S"),
                          fabs (longitude), longitude >= 0 ? C_("longitude", "E") : C_("longitude", "W"));
}
