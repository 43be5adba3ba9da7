/* isobar-model-follow.h: a widget that redraws when the list of runs it
 * shows changes (the Runs page, its chart, the real-Python card).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Makes *@model (owned) follow @list: the old one's "items-changed" handler
 * *@handler is disconnected, @on_changed is connected to @list's, swapped,
 * with @data. FALSE when *@model was @list already (nothing done). */
gboolean isobar_model_follow (GListModel **model,
                              gulong      *handler,
                              GListModel  *list,
                              GCallback    on_changed,
                              gpointer     data);

G_END_DECLS
