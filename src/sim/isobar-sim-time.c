/* isobar-sim-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "isobar-sim-cities.h"
#include "isobar-sim-json.h"
#include "isobar-sim-time.h"

#define AUTO_ZONE_MAX_KM 300.0

gboolean
isobar_sim_clock_pin (IsobarSimClock  *clock,
                      const char      *text,
                      GError         **error)
{
  g_autofree char *date = NULL;
  const char *time_part;
  gint64 day;
  int hours = 0, minutes = 0, seconds = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  date = g_strndup (text, 10);
  time_part = strlen (text) > 10 ? text + 10 : NULL;
  if (!isobar_sim_parse_date (date, &day) ||
      (time_part != NULL &&
       (sscanf (time_part, "T%2d:%2d:%2d", &hours, &minutes, &seconds) < 2 ||
        hours > 23 || minutes > 59 || seconds > 59)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM)", text);
      return FALSE;
    }

  clock->pinned = TRUE;
  clock->pinned_time = time_part != NULL;
  clock->day = day;
  clock->utc = day * 86400 + hours * 3600 + minutes * 60 + seconds;
  return TRUE;
}

static gint64
wall_clock (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
floor_days (gint64 utc)
{
  return utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
}

gint64
isobar_sim_clock_today_utc (const IsobarSimClock *clock)
{
  if (clock->pinned)
    return clock->day;
  return floor_days (wall_clock ());
}

static int
offset_at (GTimeZone *tz,
           gint64     utc)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc);

  return g_time_zone_get_offset (tz, MAX (interval, 0));
}

/* Open-Meteo prints names like "CET" as they are, and numeric ones as
 * "GMT+2" or "GMT+9:30". */
static char *
abbreviation_for (GTimeZone *tz,
                  gint64     utc,
                  int        offset)
{
  int interval = MAX (g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc), 0);
  const char *abbreviation = g_time_zone_get_abbreviation (tz, interval);
  int magnitude = ABS (offset);
  gboolean alphabetic = abbreviation != NULL && *abbreviation != '\0';

  for (const char *p = abbreviation; alphabetic && *p != '\0'; p++)
    alphabetic = g_ascii_isalpha (*p);
  if (alphabetic)
    return g_strdup (abbreviation);
  if (offset == 0)
    return g_strdup ("GMT");
  if (magnitude % 3600 != 0)
    return g_strdup_printf ("GMT%c%d:%02d", offset < 0 ? '-' : '+', magnitude / 3600, magnitude % 3600 / 60);
  return g_strdup_printf ("GMT%c%d", offset < 0 ? '-' : '+', magnitude / 3600);
}

static gboolean
looks_like_zone_name (const char *name)
{
  /* GTimeZone also takes "+01:00" and the like; the API does not. */
  return g_ascii_isalpha (name[0]) && strstr (name, "..") == NULL;
}

gboolean
isobar_sim_zone_resolve (IsobarSimZone        *zone,
                         const char           *requested,
                         double                latitude,
                         double                longitude,
                         const IsobarSimClock *clock)
{
  g_autoptr(GTimeZone) tz = NULL;
  const char *name = requested;
  gint64 now;
  int offset;

  memset (zone, 0, sizeof *zone);

  if (name == NULL || *name == '\0')
    name = "GMT";
  else if (g_ascii_strcasecmp (name, "auto") == 0)
    {
      const IsobarSimCity *city = isobar_sim_cities_nearest (latitude, longitude, AUTO_ZONE_MAX_KM);

      name = city != NULL ? city->timezone : "GMT";
    }

  if (!looks_like_zone_name (name) || (tz = g_time_zone_new_identifier (name)) == NULL)
    return FALSE;

  if (!clock->pinned)
    now = wall_clock ();
  else if (clock->pinned_time)
    now = clock->utc;
  else
    {
      /* Noon of the pinned day in this place: "today" is that day everywhere. */
      gint64 noon = clock->day * 86400 + 43200;

      now = noon - offset_at (tz, noon);
    }

  offset = offset_at (tz, now);
  zone->name = g_strdup (name);
  zone->abbreviation = abbreviation_for (tz, now, offset);
  zone->utc_offset = offset;
  zone->now = now;
  return TRUE;
}

void
isobar_sim_zone_clear (IsobarSimZone *zone)
{
  g_clear_pointer (&zone->name, g_free);
  g_clear_pointer (&zone->abbreviation, g_free);
}
