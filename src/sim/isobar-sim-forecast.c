/* isobar-sim-forecast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "isobar-json.h"
#include "isobar-sim-forecast.h"
#include "isobar-sim-json.h"
#include "isobar-sim-weather.h"

/* Long archives are computed in pieces so that memory stays at the size of
 * the requested columns. */
#define CHUNK 4096

/* A time axis: @count steps of @step seconds from @start. */
typedef struct
{
  gint64 start;
  gsize  count;
  gint64 step;
} Axis;

/* A share of a block's columns, computed on one thread. */
typedef struct
{
  const IsobarSimPlace *place;
  const Axis           *axis;
  int                   utc_offset;
  GPtrArray            *variables;
  gboolean              all_variables;
  double               *columns;   /* (unowned) the whole block */
  gsize                 first;
  gsize                 end;
} Slice;

static gpointer
compute_slice (gpointer data)
{
  const Slice *slice = data;
  const Axis *axis = slice->axis;
  gboolean daily = axis->step == 86400;
  gsize record_size = daily ? sizeof (IsobarSimDay) : sizeof (IsobarSimHour);
  g_autofree guint8 *records = g_malloc (CHUNK * record_size);

  for (gsize first = slice->first; first < slice->end; first += CHUNK)
    {
      gsize n = MIN (CHUNK, slice->end - first);
      gint64 start = axis->start + (gint64) first * axis->step;

      if (daily)
        isobar_sim_weather_days (slice->place, start, slice->utc_offset, n, slice->all_variables,
                                 (IsobarSimDay *) records);
      else
        isobar_sim_weather_hours (slice->place, start, n, (IsobarSimHour *) records);

      for (guint v = 0; v < slice->variables->len; v++)
        {
          const IsobarSimVariable *variable = g_ptr_array_index (slice->variables, v);
          double *column = slice->columns + v * axis->count + first;

          for (gsize i = 0; i < n; i++)
            column[i] = isobar_sim_variable_get (variable, records + i * record_size);
        }
    }

  return NULL;
}

/* The requested columns of a block, column after column. The weather is a
 * pure function of time, so a long block is split between two threads. */
static double *
collect (const IsobarSimPlace *place,
         const Axis           *axis,
         int                   utc_offset,
         GPtrArray            *variables)
{
  double *columns = g_new (double, MAX (axis->count * variables->len, 1));
  Slice slices[2] = { { place, axis, utc_offset, variables, FALSE, columns, 0, axis->count } };

  /* Daily temperatures and sums alone are computed faster. */
  for (guint v = 0; v < variables->len; v++)
    {
      const IsobarSimVariable *variable = g_ptr_array_index (variables, v);

      slices[0].all_variables |= isobar_sim_day_field_needs_all (variable->offset);
    }

  if (axis->count >= 2 * CHUNK)
    {
      g_autoptr(GThread) helper = NULL;

      slices[1] = slices[0];
      slices[0].end = slices[1].first = axis->count / 2;
      helper = g_thread_new ("isobar-sim-block", compute_slice, &slices[1]);
      compute_slice (&slices[0]);
      g_thread_join (g_steal_pointer (&helper));
    }
  else
    compute_slice (&slices[0]);

  return columns;
}

static void
write_units (GString              *out,
             const char           *block,
             GPtrArray            *variables,
             const IsobarSimUnits *units,
             gboolean              current)
{
  g_autofree char *key = g_strconcat (block, "_units", NULL);

  isobar_sim_json_key (out, key, TRUE);
  g_string_append_c (out, '{');
  isobar_sim_json_key (out, "time", FALSE);
  isobar_json_append_string (out, units->unixtime ? "unixtime" : "iso8601");
  if (current)
    g_string_append (out, ",\"interval\":\"seconds\"");
  for (guint v = 0; v < variables->len; v++)
    {
      const IsobarSimVariable *variable = g_ptr_array_index (variables, v);

      isobar_sim_json_key (out, variable->name, TRUE);
      isobar_json_append_string (out, isobar_sim_unit_label (variable->unit, units));
    }
  g_string_append_c (out, '}');
}

static void
write_current (GString                 *out,
               const IsobarSimQuery    *query,
               const IsobarSimLocation *location,
               const IsobarSimPlace    *place)
{
  /* The current conditions are those of the running quarter hour. */
  gint64 time = location->zone.now - ((location->zone.now % 900) + 900) % 900;
  IsobarSimHour hour;

  isobar_sim_weather_at (place, time, &hour);

  write_units (out, "current", query->current, &query->units, TRUE);
  isobar_sim_json_key (out, "current", TRUE);
  g_string_append_c (out, '{');
  isobar_sim_json_key (out, "time", FALSE);
  isobar_sim_json_time (out, time, location->zone.utc_offset, FALSE, query->units.unixtime);
  g_string_append (out, ",\"interval\":900");
  for (guint v = 0; v < query->current->len; v++)
    {
      const IsobarSimVariable *variable = g_ptr_array_index (query->current, v);

      isobar_sim_json_key (out, variable->name, TRUE);
      isobar_sim_unit_write (out, variable->unit, &query->units,
                             isobar_sim_variable_get (variable, &hour), location->zone.utc_offset);
    }
  g_string_append_c (out, '}');
}

static void
write_block (GString                 *out,
             const char              *block,
             const IsobarSimQuery    *query,
             const IsobarSimLocation *location,
             const IsobarSimPlace    *place,
             const Axis              *axis,
             GPtrArray               *variables)
{
  int offset = location->zone.utc_offset;
  gboolean daily = axis->step == 86400;
  g_autofree double *columns = collect (place, axis, offset, variables);

  write_units (out, block, variables, &query->units, FALSE);
  isobar_sim_json_key (out, block, TRUE);
  g_string_append (out, "{\"time\":[");
  for (gsize i = 0; i < axis->count; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      isobar_sim_json_time (out, axis->start + (gint64) i * axis->step, offset, daily, query->units.unixtime);
    }
  g_string_append_c (out, ']');

  for (guint v = 0; v < variables->len; v++)
    {
      const IsobarSimVariable *variable = g_ptr_array_index (variables, v);
      const double *column = columns + v * axis->count;

      isobar_sim_json_key (out, variable->name, TRUE);
      g_string_append_c (out, '[');
      for (gsize i = 0; i < axis->count; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          isobar_sim_unit_write (out, variable->unit, &query->units, column[i], offset);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}

/* The local days of the response: forecast days from today (minus past
 * days), or the archive's date range. */
static void
local_days (const IsobarSimQuery    *query,
            const IsobarSimLocation *location,
            Axis                    *days)
{
  int offset = location->zone.utc_offset;
  gint64 first_day;

  if (query->endpoint == ISOBAR_SIM_ENDPOINT_ARCHIVE)
    {
      first_day = query->start_day;
      days->count = (gsize) (query->end_day - query->start_day + 1);
    }
  else
    {
      gint64 local_now = location->zone.now + offset;
      gint64 today = local_now >= 0 ? local_now / 86400 : -((-local_now + 86399) / 86400);

      first_day = today - query->past_days;
      days->count = query->past_days + query->forecast_days;
    }

  days->start = first_day * 86400 - offset;
  days->step = 86400;
}

static void
write_location (GString                 *out,
                const IsobarSimQuery    *query,
                const IsobarSimLocation *location,
                guint                    location_id,
                guint64                  seed,
                double                   generation_ms)
{
  IsobarSimPlace place;
  Axis days, hours;

  isobar_sim_place_init (&place, seed, location->latitude, location->longitude, location->elevation);
  local_days (query, location, &days);
  hours.start = days.start;
  hours.count = days.count * 24;
  hours.step = 3600;

  g_string_append_c (out, '{');
  isobar_sim_json_key (out, "latitude", FALSE);
  isobar_sim_json_shortest (out, location->latitude, TRUE);
  isobar_sim_json_key (out, "longitude", TRUE);
  isobar_sim_json_shortest (out, location->longitude, TRUE);
  isobar_sim_json_key (out, "generationtime_ms", TRUE);
  isobar_sim_json_shortest (out, generation_ms, FALSE);
  isobar_sim_json_key (out, "utc_offset_seconds", TRUE);
  isobar_sim_json_int (out, location->zone.utc_offset);
  isobar_sim_json_key (out, "timezone", TRUE);
  isobar_json_append_string (out, location->zone.name);
  isobar_sim_json_key (out, "timezone_abbreviation", TRUE);
  isobar_json_append_string (out, location->zone.abbreviation);
  isobar_sim_json_key (out, "elevation", TRUE);
  isobar_sim_json_shortest (out, location->elevation, TRUE);
  /* As the real server: only the second and later locations carry it. */
  if (location_id != 0)
    {
      isobar_sim_json_key (out, "location_id", TRUE);
      isobar_sim_json_int (out, location_id);
    }

  if (query->current != NULL)
    write_current (out, query, location, &place);
  if (query->hourly != NULL)
    write_block (out, "hourly", query, location, &place, &hours, query->hourly);
  if (query->daily != NULL)
    write_block (out, "daily", query, location, &place, &days, query->daily);
  g_string_append_c (out, '}');
}

void
isobar_sim_forecast_write (GString              *out,
                           const IsobarSimQuery *query,
                           guint64               seed,
                           double                generation_ms)
{
  gboolean several = query->locations->len > 1;

  g_return_if_fail (out != NULL);
  g_return_if_fail (query != NULL);

  if (several)
    g_string_append_c (out, '[');
  for (guint i = 0; i < query->locations->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_location (out, query, &g_array_index (query->locations, IsobarSimLocation, i),
                      i, seed, generation_ms);
    }
  if (several)
    g_string_append_c (out, ']');
}
