/* isobar-sim-time.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "Now" for the simulator: the wall clock, or a pinned day (--today) so that
 * the same request always gives the same bytes. */
typedef struct
{
  gboolean pinned;
  gboolean pinned_time;   /* an instant was given, not only a date */
  gint64   day;           /* days since 1970-01-01 */
  gint64   utc;           /* the instant, when pinned_time */
} IsobarSimClock;

/* Parses "YYYY-MM-DD" (noon local time in each place) or
 * "YYYY-MM-DDTHH:MM[:SS]" (an instant in UTC). */
gboolean isobar_sim_clock_pin       (IsobarSimClock       *clock,
                                     const char           *text,
                                     GError              **error);
/* Days since 1970-01-01 of "today" in UTC: the archive ends 5 days before. */
gint64   isobar_sim_clock_today_utc (const IsobarSimClock *clock);

/* A resolved time zone for one place of a response. */
typedef struct
{
  char   *name;           /* "Europe/Berlin", "GMT" */
  char   *abbreviation;   /* "CET", "GMT+2" */
  int     utc_offset;     /* seconds, at "now" */
  gint64  now;            /* Unix time of "now" for this place */
} IsobarSimZone;

/* @requested is NULL (GMT), "auto" (the zone of the nearest built-in place
 * within 300 km, else GMT) or an IANA name. FALSE for an unknown name. */
gboolean isobar_sim_zone_resolve    (IsobarSimZone        *zone,
                                     const char           *requested,
                                     double                latitude,
                                     double                longitude,
                                     const IsobarSimClock *clock);
void     isobar_sim_zone_clear      (IsobarSimZone        *zone);

G_END_DECLS
