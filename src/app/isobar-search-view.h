/* isobar-search-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "isobar-data-source.h"
#include "isobar-location.h"

G_BEGIN_DECLS

#define ISOBAR_TYPE_SEARCH_VIEW (isobar_search_view_get_type ())

G_DECLARE_FINAL_TYPE (IsobarSearchView, isobar_search_view, ISOBAR, SEARCH_VIEW, GtkWidget)

/* Places matching what the user types, found through the data source. A new
 * query cancels the one in flight and the results of a stale query are
 * dropped. States: "hint" (fewer than two letters), "searching", "results",
 * "empty" (no place found), "error" (the message in words).
 * Signal ::location-activated (IsobarLocation) when the user picks a result. */
GtkWidget  *isobar_search_view_new             (void);
void        isobar_search_view_set_data_source (IsobarSearchView *self,
                                                IsobarDataSource *data_source);
void        isobar_search_view_search          (IsobarSearchView *self,
                                                const char       *text);
/* Cancels the query in flight and forgets the results. */
void        isobar_search_view_clear           (IsobarSearchView *self);
/* Picks the first result, now or as soon as the query in flight returns. */
void        isobar_search_view_activate_first  (IsobarSearchView *self);
/* Moves the keyboard focus to the first result; FALSE when there is none. */
gboolean    isobar_search_view_focus_first     (IsobarSearchView *self);
GListModel *isobar_search_view_get_results     (IsobarSearchView *self);
const char *isobar_search_view_get_state       (IsobarSearchView *self);
gboolean    isobar_search_view_is_searching    (IsobarSearchView *self);

G_END_DECLS
