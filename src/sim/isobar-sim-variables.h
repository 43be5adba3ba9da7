/* isobar-sim-variables.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The variables the simulator knows, their units and how they print. */

typedef enum
{
  ISOBAR_SIM_UNIT_TEMPERATURE,
  ISOBAR_SIM_UNIT_PERCENT,
  ISOBAR_SIM_UNIT_PRECIPITATION,
  ISOBAR_SIM_UNIT_SNOW,
  ISOBAR_SIM_UNIT_WIND,
  ISOBAR_SIM_UNIT_DIRECTION,
  ISOBAR_SIM_UNIT_PRESSURE,
  ISOBAR_SIM_UNIT_WMO_CODE,
  ISOBAR_SIM_UNIT_DIMENSIONLESS,
  ISOBAR_SIM_UNIT_SECONDS,
  ISOBAR_SIM_UNIT_TIMESTAMP,
} IsobarSimUnit;

typedef enum
{
  ISOBAR_SIM_WIND_KMH,
  ISOBAR_SIM_WIND_MS,
  ISOBAR_SIM_WIND_MPH,
  ISOBAR_SIM_WIND_KN,
} IsobarSimWindUnit;

/* The unit choices of one request. */
typedef struct
{
  gboolean          fahrenheit;
  IsobarSimWindUnit wind;
  gboolean          inch;
  gboolean          unixtime;
} IsobarSimUnits;

typedef struct
{
  const char    *name;
  IsobarSimUnit  unit;
  gsize          offset;         /* of a double in IsobarSimHour or IsobarSimDay */
  gboolean       forecast_only;  /* not in the archive (probabilities) */
} IsobarSimVariable;

/* Variables of the current and hourly blocks (IsobarSimHour), and of the
 * daily block (IsobarSimDay), legacy names included; NULL when unknown. */
const IsobarSimVariable *isobar_sim_variable_hourly (const char *name);
const IsobarSimVariable *isobar_sim_variable_daily  (const char *name);

static inline double
isobar_sim_variable_get (const IsobarSimVariable *variable,
                         gconstpointer            record)
{
  return G_STRUCT_MEMBER (double, record, variable->offset);
}

/* "°C", "km/h", "iso8601", "" … */
const char *isobar_sim_unit_label (IsobarSimUnit         unit,
                                   const IsobarSimUnits *units);
/* Converts @value (model units) and prints it like Open-Meteo. Timestamps are
 * Unix times, printed as local "YYYY-MM-DDTHH:MM" with @utc_offset or as
 * numbers. */
void        isobar_sim_unit_write (GString              *out,
                                   IsobarSimUnit         unit,
                                   const IsobarSimUnits *units,
                                   double                value,
                                   int                   utc_offset);

G_END_DECLS
