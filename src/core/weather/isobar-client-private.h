/* isobar-client-private.h: one call to the server, as the client runs it for
 * its own search, forecast and archive calls and for the data source's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "isobar-client.h"

G_BEGIN_DECLS

typedef enum
{
  ISOBAR_QUERY_SEARCH,
  ISOBAR_QUERY_FORECAST,
  ISOBAR_QUERY_ARCHIVE,
} IsobarQueryKind;

/* What one call asks for: the arguments of the public call of its kind. */
typedef struct
{
  IsobarQueryKind        kind;
  const char            *name;      /* search */
  guint                  count;     /* search */
  IsobarForecastRequest  forecast;  /* forecast */
  IsobarArchiveRequest   archive;   /* archive */
} IsobarQuery;

/* Runs @query as the public _async call of its kind does, in a task tagged
 * with that call (so that its _finish takes the result too). */
void     _isobar_client_query_async  (IsobarClient         *self,
                                      const IsobarQuery    *query,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
/* What the query's task returned, (transfer full), and how to free it: the
 * places (a GPtrArray), an IsobarForecastResult or the IsobarArchive. */
gpointer _isobar_client_query_finish (IsobarClient         *self,
                                      GAsyncResult         *result,
                                      GDestroyNotify       *value_free,
                                      GError              **error);

G_END_DECLS
