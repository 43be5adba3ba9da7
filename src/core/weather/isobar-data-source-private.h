/* isobar-data-source-private.h: the data source's insides, shared by its
 * files: the class, its kind, URLs and public calls (isobar-data-source.c),
 * the searches and forecasts it runs and the fallback to the simulator
 * (isobar-data-source-operations.c), and the simulator it starts, reuses and
 * stops (isobar-data-source-simulator.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * isobar-data-source.c calls only the simulator file (to stop it). The other
 * two call isobar-data-source.c, and each other: an operation that cannot
 * reach the server moves to the simulator, and the simulator, once started,
 * runs the operations that waited for it.
 */

#pragma once

#include "isobar-client-private.h"
#include "isobar-data-source.h"
#include "isobar-simulator.h"

G_BEGIN_DECLS

struct _IsobarDataSource
{
  GObject               parent_instance;

  IsobarDataSourceKind  kind;
  char                **simulator_arguments; /* (owned) (nullable) */
  gboolean              using_simulator;

  /* Bumped whenever kind or URLs change, so that a request started under an
   * older configuration does not move the new one to the simulator. */
  guint                 generation;

  /* The client for the configured URLs, which it holds: a new one whenever
   * the configuration changes, so that nothing of the old one goes on. */
  IsobarClient         *server_client;      /* (owned) */
  IsobarSimulator      *simulator;          /* (owned) (nullable) */
  IsobarClient         *simulator_client;   /* (owned) (nullable) while it runs */
  GPtrArray            *simulator_waiters;  /* (owned) (element-type GTask) (nullable) while it starts */
};

/* One search or forecast, possibly retried on the simulator. */
typedef struct
{
  IsobarQuery    query;        /* what the clients are asked */
  char          *name;         /* (owned) (nullable) the search's, query.name */
  guint          generation;
  gboolean       on_simulator;
  GError        *server_error; /* (owned) (nullable) why we fell back */
} Operation;

/* isobar-data-source.c */
void          _isobar_data_source_set_using_simulator (IsobarDataSource *self,
                                                       gboolean          using_simulator);

/* isobar-data-source-operations.c: searches and forecasts on a client */
void          _isobar_data_source_run_on_client       (GTask            *task,
                                                       IsobarClient     *client);

/* isobar-data-source-simulator.c: the simulator, started on demand */
void          _isobar_data_source_stop_simulator      (IsobarDataSource *self);
void          _isobar_data_source_run_on_simulator    (IsobarDataSource *self,
                                                       GTask            *task);

G_END_DECLS
