/* isobar-sim-query.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-sim-time.h"
#include "isobar-sim-variables.h"

G_BEGIN_DECLS

/* A forecast or archive request, parsed and validated the way Open-Meteo
 * does it, with its error wording. */

typedef enum
{
  ISOBAR_SIM_ENDPOINT_FORECAST,
  ISOBAR_SIM_ENDPOINT_ARCHIVE,
} IsobarSimEndpoint;

typedef struct
{
  double        latitude;
  double        longitude;
  double        elevation;
  IsobarSimZone zone;
} IsobarSimLocation;

typedef struct
{
  IsobarSimEndpoint endpoint;
  GArray           *locations;    /* IsobarSimLocation */
  GPtrArray        *current;      /* const IsobarSimVariable *, or NULL when not asked */
  GPtrArray        *hourly;
  GPtrArray        *daily;
  IsobarSimUnits    units;
  guint             forecast_days;
  guint             past_days;
  gint64            start_day;    /* archive: local dates as days since 1970 */
  gint64            end_day;
} IsobarSimQuery;

/* The query string as a table of decoded values. A key given several times
 * ("hourly=a&hourly=b") keeps all its values, joined with commas. */
GHashTable     *isobar_sim_params_parse (const char            *query);

/* NULL with @reason set to the API's error message when the request is bad. */
IsobarSimQuery *isobar_sim_query_parse  (IsobarSimEndpoint      endpoint,
                                         GHashTable            *params,
                                         const IsobarSimClock  *clock,
                                         char                 **reason);
void            isobar_sim_query_free   (IsobarSimQuery        *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarSimQuery, isobar_sim_query_free)

G_END_DECLS
