/* isobar-sim-faults.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The ways a simulated request can go wrong (--fault). */
typedef enum
{
  ISOBAR_SIM_FAULT_NONE,
  ISOBAR_SIM_FAULT_HTTP_400,
  ISOBAR_SIM_FAULT_HTTP_429,
  ISOBAR_SIM_FAULT_HTTP_503,
  ISOBAR_SIM_FAULT_TRUNCATED,   /* 200, the first half of the real body */
  ISOBAR_SIM_FAULT_MALFORMED,   /* 200, the real body made invalid JSON */
  ISOBAR_SIM_FAULT_STALL,       /* never answers */
  ISOBAR_SIM_FAULT_HUGE,        /* 200, an endless-looking chunked body */
} IsobarSimFault;

#define ISOBAR_SIM_FAULT_NAMES "http-400, http-429, http-503, truncated, malformed, stall, huge"

/* Largest body the huge fault sends before it ends the stream. */
#define ISOBAR_SIM_HUGE_LIMIT (G_GUINT64_CONSTANT (512) * 1024 * 1024)

gboolean    isobar_sim_fault_from_string (const char     *text,
                                          IsobarSimFault *fault);
const char *isobar_sim_fault_to_string   (IsobarSimFault  fault);

/* An answer before it is sent. */
typedef struct
{
  guint    status;
  GString *body;
} IsobarSimReply;

/* Whether the fault needs the normal answer first (truncated, malformed). */
gboolean isobar_sim_fault_needs_body   (IsobarSimFault     fault);
/* Turns the normal answer into the fault's, for every fault but stall and
 * huge, which are not a plain body. */
void     isobar_sim_fault_rewrite      (IsobarSimFault     fault,
                                        IsobarSimReply    *reply);
/* Starts the huge body on @msg: valid JSON that never closes, generated a
 * chunk at a time as the client reads, up to ISOBAR_SIM_HUGE_LIMIT. */
void     isobar_sim_fault_stream_huge  (SoupServerMessage *msg);

G_END_DECLS
