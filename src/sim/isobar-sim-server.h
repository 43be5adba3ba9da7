/* isobar-sim-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "isobar-sim-faults.h"
#include "isobar-sim-time.h"

G_BEGIN_DECLS

typedef struct
{
  guint           port;         /* 0: the system picks one */
  guint64         seed;
  guint           latency_ms;
  guint           jitter_ms;
  double          fail_rate;    /* < 0: not given */
  IsobarSimFault  fault;
  gboolean        log;
  IsobarSimClock  clock;
} IsobarSimOptions;

/* The HTTP side: a SoupServer on 127.0.0.1 with the three endpoints, the
 * latency and fault knobs, and the request log. */
typedef struct _IsobarSimServer IsobarSimServer;

IsobarSimServer *isobar_sim_server_new      (const IsobarSimOptions  *options,
                                             GError                 **error);
guint            isobar_sim_server_get_port (IsobarSimServer         *server);
/* Drops delayed and stalled requests and closes every connection. */
void             isobar_sim_server_free     (IsobarSimServer         *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsobarSimServer, isobar_sim_server_free)

G_END_DECLS
